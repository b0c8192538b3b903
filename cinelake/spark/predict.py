"""`cinelake spark predict`: the title rating model of a Spark build, run outside dbt.

dbt-spark runs Python models only on Databricks, so on Spark dbt does not run
`title_rating_predictions`. This runs the same model file (models/refined/predictions/
title_rating_predictions.py, its `model(dbt, session)` unchanged) on the Refined Parquet
that the Spark build wrote: an in-memory DuckDB session reads the model's refs from
`<mirror>/Refined/<model>/*.parquet`, the vars come from the model's `meta` as dbt
would render them, and the predictions are written as Parquet to
`<mirror>/Refined/title_rating_predictions/`. There the model's Spark materialization
makes them its table for `model_metrics` and the tests (macros/materializations/
lake_table_spark.sql), and `cinelake spark build` publishes them into the lake's
Iceberg table with the rest. `cinelake spark build` runs this between its two dbt
builds (cinelake/spark/build.py).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[2]
MODEL_NAME = "title_rating_predictions"
MODEL_FOLDER = Path("models", "refined", "predictions")


def model_meta(project: Path = PROJECT) -> dict[str, str]:
    """The model's `meta` with each `{{ var('name') }}` replaced by the project's var."""
    variables = yaml.safe_load((project / "dbt_project.yml").read_text())["vars"]
    properties = yaml.safe_load((project / MODEL_FOLDER / f"{MODEL_NAME}.yml").read_text())
    node = next(m for m in properties["models"] if m["name"] == MODEL_NAME)
    return {
        key: re.sub(r"\{\{\s*var\('(\w+)'\)\s*\}\}", lambda m: str(variables[m[1]]), str(value))
        for key, value in node["config"]["meta"].items()
    }


class _Config:
    """What the model asks of `dbt.config`: its meta; its own config() call is moot here."""

    def __init__(self, meta: dict[str, str]) -> None:
        self._meta = meta

    def __call__(self, **_: Any) -> None:
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self._meta if key == "meta" else default


class _Dbt:
    """The `dbt` object of a Python model, with refs read from the Refined Parquet."""

    def __init__(
        self, session: duckdb.DuckDBPyConnection, refined: Path, meta: dict[str, str]
    ) -> None:
        self.config = _Config(meta)
        self._session = session
        self._refined = refined

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        files = self._refined / name
        if not any(files.glob("*.parquet")):
            raise FileNotFoundError(f"{files}: no Parquet: build the Refined models first")
        return self._session.read_parquet(str(files / "*.parquet"))


def _load_model(project: Path) -> Any:
    path = project / MODEL_FOLDER / f"{MODEL_NAME}.py"
    spec = importlib.util.spec_from_file_location(MODEL_NAME, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(root: Path, project: Path = PROJECT) -> Path:
    """Run the model of the dbt project `project` on `root/Refined/`; returns the folder
    written (one Parquet file)."""
    refined = root / "Refined"
    out = refined / MODEL_NAME
    session = duckdb.connect()
    try:
        result = _load_model(project).model(_Dbt(session, refined, model_meta(project)), session)
        table = (
            result.read_all()
            if isinstance(result, pa.RecordBatchReader)
            else pa.Table.from_pandas(result, preserve_index=False)
        )
    finally:
        session.close()
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.parquet"):
        stale.unlink()
    pq.write_table(table, out / "part-00000.parquet")
    log.info("%s: %d titles predicted, written to %s", MODEL_NAME, table.num_rows, out)
    return out
