"""Predict a title's IMDb average rating from what is known before the ratings arrive.

Features: release year, runtime (capped at 600 minutes), title type, one 0/1 column per
genre of `dim_genres`, the genre count, the cast size (people in `bridge_title_people`)
and one 0/1 column per focus genre (the `focus_genres` model, var `focus_genres`). A
`HistGradientBoostingRegressor` learns them on a seeded train split of the titles with
at least `model_min_votes` votes and scores the rest; one row per title used, with its
split, the actual and the predicted rating.

The vars come in through the model's `meta` config (set with `var()` in the YAML):
Python models cannot call `var()` themselves.
"""

from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import train_test_split

MAX_RUNTIME_MINUTES = 600
OUTPUT_TYPES = {
    "title_id": "string",
    "title_type": "string",
    "split": "string",
    "actual_rating": "float64",
    "predicted_rating": "float64",
    "residual": "float64",
    "release_year": "Int16",
    "num_votes": "int32",
}


def list_flags(lists: pd.Series, values: list[str], prefix: str) -> pd.DataFrame:
    """One 0/1 column per value: does the row's list hold it (same index)."""
    return (
        lists.explode()
        .astype(pd.CategoricalDtype(values))
        .pipe(pd.get_dummies, prefix=prefix, dtype="int8")
        .groupby(level=0)
        .max()
    )


def features(titles: pd.DataFrame, genres: list[str], focus_genres: list[str]) -> pd.DataFrame:
    """The model's inputs, one row per title (same index); NaN where unknown."""
    return pd.concat(
        [
            titles["release_year"].astype("float64"),
            # a few listings carry absurd runtimes (days); beyond 10 hours adds nothing
            titles["runtime_minutes"].astype("float64").clip(upper=MAX_RUNTIME_MINUTES),
            (titles["title_type"] == "series").astype("int8").rename("is_series"),
            titles["genre_count"].astype("int8"),
            titles["cast_size"].astype("int32"),
            list_flags(titles["focus_genres"], focus_genres, "is_focus"),
            list_flags(titles["genres"], genres, "genre"),
        ],
        axis="columns",
    )


def model(dbt: Any, session: Any) -> pd.DataFrame:
    """Train on a seeded split of the titles and predict every one of them."""
    # dbt makes every Python model a `table` and refuses contracts on them: say both
    dbt.config(materialized="lake_parquet", contract={"enforced": False})
    settings = dbt.config.get("meta")
    seed = int(settings["model_seed"])

    cast_sizes = dbt.ref("bridge_title_people").aggregate(
        "title_id, count(*) as cast_size", "title_id"
    )
    titles = (
        dbt.ref("dim_titles")
        .filter(f"num_votes >= {int(settings['model_min_votes'])}")
        .project(
            "title_id, title_type, release_year, runtime_minutes, genres, genre_count,"
            " focus_genres, average_rating, num_votes"
        )
        .join(cast_sizes, "title_id", how="left")
        .order("title_id")
        .df()
    )
    if len(titles) < 2:
        # nothing to split: no model, no rows
        return pd.DataFrame({name: [] for name in OUTPUT_TYPES}).astype(OUTPUT_TYPES)
    titles["cast_size"] = titles["cast_size"].fillna(0)
    # (dbt finds refs by parsing the code: keep each dbt.ref() at the head of a call chain)
    genres = [row[0] for row in dbt.ref("dim_genres").order("genre").fetchall()]
    focus_genres = [row[0] for row in dbt.ref("focus_genres").order("focus_position").fetchall()]

    # rows sorted by title id + a fixed seed: the same split on every build of the same data
    train_rows, _ = train_test_split(
        np.arange(len(titles)), test_size=float(settings["model_test_fraction"]), random_state=seed
    )
    is_train = np.zeros(len(titles), dtype=bool)
    is_train[train_rows] = True
    x = features(titles, genres, focus_genres)
    y = titles["average_rating"].astype("float64")

    regressor = HistGradientBoostingRegressor(
        max_iter=int(settings["model_max_iter"]), early_stopping=False, random_state=seed
    )
    regressor.fit(x[is_train], y[is_train])
    predicted = np.clip(regressor.predict(x), 1.0, 10.0)

    return pd.DataFrame(
        {
            "title_id": titles["title_id"],
            "title_type": titles["title_type"],
            "split": np.where(is_train, "train", "test"),
            "actual_rating": y,
            "predicted_rating": predicted,
            "residual": y - predicted,
            "release_year": titles["release_year"],
            "num_votes": titles["num_votes"],
        }
    ).astype(OUTPUT_TYPES)
