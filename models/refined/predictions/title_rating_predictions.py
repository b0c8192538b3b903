"""Predict a title's IMDb average rating from what is known before the ratings arrive.

Features: release year, runtime (capped at 600 minutes), title type, one 0/1 column per
genre of `dim_genres`, the genre count, the cast size (people in `bridge_title_people`)
and one 0/1 column per focus genre (the `focus_genres` model, var `focus_genres`); then
the TMDB features of `dim_titles` when the title has them (NaN when it has not, which
the regressor takes as missing): log budget (credible budgets only: var
`tmdb_min_budget`), log revenue, log popularity, English original language, the number
of production countries and a US production. TMDB's own vote average and vote count
are left out on purpose: they are the rating we predict, measured by another audience.

Two `HistGradientBoostingRegressor`s learn them on a seeded train split of the titles
with at least `model_min_votes` votes (a sample of it: see below), on the same rows:
the model (every feature) and the same model without the TMDB features, so that
`model_metrics` compares the two on the same held-out titles. Both score every title;
one row per title used, with its split, the actual rating and both predictions.

Memory is bounded whatever the number of titles: a full build of ten times the real
data (2.45M movie titles) must peak under 3 GB, and pulling every title with its
features into pandas, one-hot encoding and scoring them all at once does not (4.7 GB
for 3M synthetic titles). So nothing in Python holds a per-title feature matrix or
DataFrame:

- DuckDB computes the inputs once into a temporary table (held within its
  `memory_limit`, spilled to disk beyond it), stored and numbered (`row_index`) in
  title id order;
- the split is drawn on those row numbers with `model_seed` (same data, same split),
  which costs Python a few bytes per title;
- the model is fitted on a seeded random sample of at most `model_max_train_rows` of
  the train-split titles, all of them when the split is smaller: only that sample's
  features are ever fetched at once. The other train-split titles keep `split` =
  `train` (unseen by the fit, but never scored as `test`), so the held-out test rows
  and the split itself do not depend on the cap;
- every title is then scored in batches of `PREDICT_BATCH_ROWS` streamed from DuckDB
  (an Arrow record batch reader), and the model returns a lazy Arrow stream of output
  batches, already cast to OUTPUT_TYPES, that dbt-duckdb writes into its scratch table
  as it reads them.

The features are computed in SQL as float32 (integers and 0/1 flags are exact in
float32; the TMDB logs are rounded to float32 the same way on every build); sklearn
turns each matrix it gets into float64, so the sample and one batch are what Python
holds (the model without TMDB reads the first columns of the same matrices). Same
data, same predictions: the fit sees the sample in title id order, and scoring in
batches does not change any title's prediction.

The vars come in through the model's `meta` config (set with `var()` in the YAML):
Python models cannot call `var()` themselves.
"""

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import train_test_split

MAX_RUNTIME_MINUTES = 600
# titles per scoring batch: with ~35 features, about 15 MB of float32 (30 MB as the
# float64 sklearn predicts on) whatever the number of titles
PREDICT_BATCH_ROWS = 100_000
OUTPUT_TYPES = {
    "title_id": "string",
    "title_type": "string",
    "split": "string",
    "actual_rating": "float64",
    "predicted_rating": "float64",
    "residual": "float64",
    "release_year": "Int32",
    "num_votes": "int32",
    "predicted_rating_without_tmdb": "float64",
    "residual_without_tmdb": "float64",
    "has_tmdb_features": "bool",
}
# The model's inputs, computed once by DuckDB into a temporary table of the model's
# connection, numbered and stored in title id order (row_index 0, 1, ...), so that the
# scoring pass reads them back in that order without sorting them again.
SOURCE_VIEW = "__title_rating_predictions_source"
INPUTS_TABLE = "__title_rating_predictions_inputs"
CREATE_INPUTS = """
create or replace temp table __title_rating_predictions_inputs as
select
    (row_number() over (order by title_id) - 1)::integer as row_index,
    title_id, title_type, release_year, runtime_minutes, genres, genre_count,
    focus_genres, average_rating, num_votes, coalesce(cast_size, 0) as cast_size,
    tmdb_id is not null as has_tmdb_features, budget, revenue, popularity,
    original_language, production_countries
from __title_rating_predictions_source
order by title_id
"""


def sql_string(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def feature_columns(genres: list[str], focus_genres: list[str]) -> list[str]:
    """The model's inputs as float32 SQL expressions over INPUTS_TABLE; NULL where unknown."""
    flags = [
        f"coalesce(list_contains({column}, {sql_string(value)}), false)::float"
        for column, values in (("focus_genres", focus_genres), ("genres", genres))
        for value in values
    ]
    return [
        "release_year::float",
        # a few listings carry absurd runtimes (days); beyond 10 hours adds nothing
        f"(case when runtime_minutes > {MAX_RUNTIME_MINUTES} then {MAX_RUNTIME_MINUTES}"
        " else runtime_minutes end)::float",
        "(title_type = 'series')::float",
        "genre_count::float",
        "cast_size::float",
        *flags,
    ]


def tmdb_feature_columns(min_budget: int) -> list[str]:
    """The TMDB features as float32 SQL expressions over INPUTS_TABLE; NULL where the
    title has no TMDB data (or no such figure)."""
    return [
        f"(case when budget >= {int(min_budget)} then ln(budget) end)::float",
        "ln(revenue)::float",
        "ln(1 + popularity)::float",
        "(original_language = 'en')::float",
        "len(production_countries)::float",
        "list_contains(production_countries, 'US')::float",
    ]


def feature_matrix(batch: pa.RecordBatch | pa.Table, feature_count: int) -> np.ndarray:
    """The batch's features as a (rows, features) float32 matrix; NULL becomes NaN."""
    return np.column_stack(
        [batch.column(f"feature_{i}").to_numpy(zero_copy_only=False) for i in range(feature_count)]
    ).astype(np.float32, copy=False)


def has_values(column: np.ndarray) -> bool:
    """Whether a feature column holds at least one value (not all NaN)."""
    return bool((~np.isnan(column)).any())


def empty_output() -> pd.DataFrame:
    """No rows, the output columns and types."""
    return pd.DataFrame({name: [] for name in OUTPUT_TYPES}).astype(OUTPUT_TYPES)


def model(dbt: Any, session: Any) -> pd.DataFrame | pa.RecordBatchReader:
    """Train on a sample of a seeded split of the titles and predict every one of them,
    with and without the TMDB features."""
    # dbt makes every Python model a `table` and refuses contracts on them: say both
    dbt.config(materialized="lake_table", contract={"enforced": False})
    settings = dbt.config.get("meta")
    seed = int(settings["model_seed"])
    max_train_rows = int(settings["model_max_train_rows"])
    if max_train_rows < 1:
        raise ValueError(f"model_max_train_rows must be at least 1, not {max_train_rows}")

    cast_sizes = dbt.ref("bridge_title_people").aggregate(
        "title_id, count(*) as cast_size", "title_id"
    )
    titles = (
        dbt.ref("dim_titles")
        .filter(f"num_votes >= {int(settings['model_min_votes'])}")
        .project(
            "title_id, title_type, release_year, runtime_minutes, genres, genre_count,"
            " focus_genres, average_rating, num_votes, tmdb_id, budget, revenue,"
            " popularity, original_language, production_countries"
        )
        .join(cast_sizes, "title_id", how="left")
    )
    session.register(SOURCE_VIEW, titles)
    session.execute(CREATE_INPUTS)
    session.unregister(SOURCE_VIEW)
    inputs = session.table(INPUTS_TABLE)
    title_count = inputs.count("*").fetchone()[0]
    if title_count < 2:
        # nothing to split: no model, no rows
        session.execute(f"drop table {INPUTS_TABLE}")
        return empty_output()
    # (dbt finds refs by parsing the code: keep each dbt.ref() at the head of a call chain)
    genres = [row[0] for row in dbt.ref("dim_genres").order("genre").fetchall()]
    focus_genres = [row[0] for row in dbt.ref("focus_genres").order("focus_position").fetchall()]
    # the features without TMDB first: that model reads the first `base_count` columns
    base_count = len(feature_columns(genres, focus_genres))
    features = feature_columns(genres, focus_genres) + tmdb_feature_columns(
        int(settings["tmdb_min_budget"])
    )
    # row number, output columns and features, in the table's order (title id)
    scored = inputs.project(
        "row_index, title_id, title_type, release_year, num_votes, has_tmdb_features,"
        " average_rating::double as actual_rating, "
        + ", ".join(f"{expression} as feature_{i}" for i, expression in enumerate(features))
    )

    # row numbers in title id order + a fixed seed: the same split on every build of the
    # same data; then a seeded sample of the train split fits the model, in title id order
    train_rows, _ = train_test_split(
        np.arange(title_count, dtype=np.int32),
        test_size=float(settings["model_test_fraction"]),
        random_state=seed,
    )
    is_train = np.zeros(title_count, dtype=bool)
    is_train[train_rows] = True
    if len(train_rows) > max_train_rows:
        train_rows = np.random.default_rng(seed).choice(
            train_rows, size=max_train_rows, replace=False
        )
    fit_rows = session.from_arrow(pa.table({"row_index": np.sort(train_rows)}))
    del train_rows
    sample = scored.join(fit_rows, "row_index").order("row_index").to_arrow_table()
    del fit_rows

    def regressor() -> HistGradientBoostingRegressor:
        return HistGradientBoostingRegressor(
            max_iter=int(settings["model_max_iter"]), early_stopping=False, random_state=seed
        )

    # the same sample fits both: every feature, and the features without TMDB. A TMDB
    # feature that no sampled title has (no TMDB data landed yet, no budget known) is
    # left out: sklearn cannot bin a column with no value, and it would add nothing.
    fit_matrix = feature_matrix(sample, len(features))
    target = sample.column("actual_rating").to_numpy()
    del sample
    used = [i for i in range(len(features)) if i < base_count or has_values(fit_matrix[:, i])]
    without_tmdb = regressor().fit(fit_matrix[:, :base_count], target)
    # with no TMDB feature left, the model with TMDB is the model without it
    with_tmdb = regressor().fit(fit_matrix[:, used], target) if len(used) > base_count else None
    del fit_matrix, target

    schema = pa.Schema.from_pandas(empty_output(), preserve_index=False)

    def scored_batches() -> Iterator[pa.RecordBatch]:
        """Every title, scored one batch at a time as dbt-duckdb reads the stream."""
        for batch in scored.to_arrow_reader(PREDICT_BATCH_ROWS):
            actual = batch.column("actual_rating").to_numpy()
            matrix = feature_matrix(batch, len(features))
            predicted_without = np.clip(without_tmdb.predict(matrix[:, :base_count]), 1.0, 10.0)
            predicted = (
                np.clip(with_tmdb.predict(matrix[:, used]), 1.0, 10.0)
                if with_tmdb is not None
                else predicted_without
            )
            del matrix
            frame = pd.DataFrame(
                {
                    "title_id": batch.column("title_id").to_pandas(),
                    "title_type": batch.column("title_type").to_pandas(),
                    "split": np.where(
                        is_train[batch.column("row_index").to_numpy()], "train", "test"
                    ),
                    "actual_rating": actual,
                    "predicted_rating": predicted,
                    "residual": actual - predicted,
                    "release_year": batch.column("release_year").to_pandas(),
                    "num_votes": batch.column("num_votes").to_pandas(),
                    "predicted_rating_without_tmdb": predicted_without,
                    "residual_without_tmdb": actual - predicted_without,
                    "has_tmdb_features": batch.column("has_tmdb_features").to_numpy(
                        zero_copy_only=False
                    ),
                }
            ).astype(OUTPUT_TYPES)
            yield pa.RecordBatch.from_pandas(frame, schema=schema, preserve_index=False)
        session.execute(f"drop table {INPUTS_TABLE}")

    # a lazy stream: dbt-duckdb writes its scratch table from it (through its own
    # cursor) while the batches are read from this one
    return pa.RecordBatchReader.from_batches(schema, scored_batches())
