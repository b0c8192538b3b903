"""The semantic layer: MetricFlow's metrics (models/**/*.yml) on the published tables.

The metrics are defined once, in the YAML beside the models they measure (semantic models
and metrics, docs/metrics.md). MetricFlow compiles a metric query into SQL against the
relations the dbt manifest names. A build's manifest names the staged tables
(`lake.refined_staged.x`, macros/generate_schema_name.sql), so the semantic manifest used
here comes from a parse with var `published_relations`, into a target folder of its own
(`<target>/metrics`), which names the published ones. Readers (this module, the CLI, the
dashboard) then run the SQL on `open_published`'s connection, where a published table is
`<zone>.<table>` whether current or pinned to a past build (`--as-of/--build`): the
relations are rewritten to those two-part names, and the time spine, a view in the
warehouse file that readers do not attach, becomes a temp view of the same SQL.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from cinelake.warehouse.daily import target_dir
from cinelake.warehouse.profile import PROJECT_ROOT as PROJECT

log = logging.getLogger(__name__)
# MetricFlow logs each step of each query at INFO: only its warnings are worth showing
for _name in ("metricflow", "metricflow_semantics", "metricflow_semantic_interfaces"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# dbt's var that makes the manifest name the published tables (dbt_project.yml)
PUBLISHED_VARS = "{published_relations: true}"
TIME_SPINE_VIEW = "temp.main.metricflow_time_spine"
# what a parse reads: the project's YAML, SQL and macros (dbt_project.yml included)
_SOURCES = ("models", "macros", "dbt_project.yml")


class MetricsError(Exception):
    """The semantic manifest could not be built, or a metric query is not valid."""


def metrics_target(project_dir: Path = PROJECT) -> Path:
    """Where the semantic layer's parse writes (beside dbt's own target, apart from it)."""
    return target_dir(project_dir) / "metrics"


def _newest_source(project_dir: Path) -> float:
    newest = 0.0
    for name in _SOURCES:
        path = project_dir / name
        files = [path] if path.is_file() else path.rglob("*")
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def parse(project_dir: Path = PROJECT, force: bool = False) -> Path:
    """The semantic manifest naming the published tables: `dbt parse --vars
    '{published_relations: true}'` into `metrics_target()`, skipped when its output is
    newer than every file of the project it reads. Returns the target folder."""
    target = metrics_target(project_dir)
    manifest = target / "semantic_manifest.json"
    if not force and manifest.is_file() and manifest.stat().st_mtime > _newest_source(project_dir):
        return target
    from dbt.cli.main import dbtRunner

    log.info("parsing the dbt project for its semantic manifest (%s)", target)
    profiles = os.environ.get("DBT_PROFILES_DIR", str(project_dir))
    args = ["parse", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", profiles]
    result = dbtRunner().invoke([*args, "--target-path", str(target), "--vars", PUBLISHED_VARS])
    if not result.success or not manifest.is_file():
        raise MetricsError(f"dbt parse failed: {result.exception or 'see the dbt output above'}")
    return target


def _reader_relations(semantic: dict[str, Any]) -> dict[str, Any]:
    """The semantic manifest with each relation as readers name it: `<schema>.<table>`
    (the published zone), and the time spine as the temp view `TIME_SPINE_VIEW`."""
    for model in semantic["semantic_models"]:
        relation = model["node_relation"]
        relation.update(
            database=None, relation_name=f"{relation['schema_name']}.{relation['alias']}"
        )
    config = semantic["project_configuration"]
    for relation in (spine["node_relation"] for spine in config.get("time_spines", [])):
        db, schema, table = TIME_SPINE_VIEW.split(".")
        relation.update(database=db, schema_name=schema, alias=table, relation_name=TIME_SPINE_VIEW)
    return semantic


@dataclass(frozen=True)
class SemanticLayer:
    """The parsed metrics, and the SQL of the time spine readers create."""

    manifest: Any  # PydanticSemanticManifest
    time_spine_sql: str

    @classmethod
    def load(cls, project_dir: Path = PROJECT, force_parse: bool = False) -> SemanticLayer:
        from metricflow_semantics.model.dbt_manifest_parser import (
            parse_manifest_from_dbt_generated_manifest,
        )

        target = parse(project_dir, force_parse)
        semantic = json.loads((target / "semantic_manifest.json").read_text(encoding="utf-8"))
        nodes = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
        spines = [
            node["raw_code"]
            for node in nodes.values()
            if node["resource_type"] == "model" and node.get("time_spine")
        ]
        if len(spines) != 1:
            raise MetricsError(f"expected one time spine model, found {len(spines)}")
        manifest = parse_manifest_from_dbt_generated_manifest(
            json.dumps(_reader_relations(semantic))
        )
        return cls(manifest, spines[0])

    def engine(self) -> MetricsEngine:
        return MetricsEngine(self)


def metric_names(layer: SemanticLayer) -> list[tuple[str, str, str]]:
    """(name, type, description) of every metric, by name."""
    return sorted(
        (m.name, str(m.type.value), " ".join((m.description or "").split()))
        for m in layer.manifest.metrics
    )


class _DuckDbRenderer:
    """The SQL client MetricFlow asks for its dialect; it never runs the SQL itself."""

    def __init__(self) -> None:
        from metricflow.protocols.sql_client import SqlEngine
        from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer

        self.sql_engine_type = SqlEngine.DUCKDB
        self.sql_plan_renderer = DuckDbSqlPlanRenderer()

    def query(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("metric SQL runs on the reader's connection")

    execute = dry_run = query

    def close(self) -> None:
        return None

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


class MetricsEngine:
    """Compiles metric queries (MetricFlow) and runs them on a reader's connection."""

    def __init__(self, layer: SemanticLayer) -> None:
        from metricflow.engine.metricflow_engine import MetricFlowEngine
        from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

        self.layer = layer
        self._engine = MetricFlowEngine(
            semantic_manifest_lookup=SemanticManifestLookup(layer.manifest),
            sql_client=_DuckDbRenderer(),  # type: ignore[arg-type]
        )

    def sql(
        self,
        metrics: Sequence[str],
        group_by: Sequence[str] = (),
        where: Sequence[str] = (),
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> str:
        """The SQL of a metric query (MetricFlow's `mf query --explain`)."""
        from metricflow.engine.metricflow_engine import MetricFlowQueryRequest
        from metricflow_semantics.errors.error_classes import MetricFlowException

        request = MetricFlowQueryRequest.create(
            metric_names=list(metrics),
            group_by_names=list(group_by) or None,
            where_constraints=list(where) or None,
            order_by_names=list(order_by) or None,
            limit=limit,
        )
        try:
            statement = self._engine.explain(request).sql_statement
        except MetricFlowException as exc:  # unknown names, grains it cannot reach
            raise MetricsError(" ".join(str(exc).split())[:2000]) from None
        if statement.bind_parameter_set.param_dict:
            raise MetricsError("metric queries with bind parameters are not supported")
        return statement.sql

    def prepare(self, con: Any) -> None:
        """Make a reader's connection (`open_published`) ready for metric SQL."""
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW metricflow_time_spine AS {self.layer.time_spine_sql}"
        )

    def query(self, con: Any, *args: Any, **kwargs: Any) -> Any:
        """A metric query's DuckDB relation on a reader's connection (see `sql`)."""
        sql = self.sql(*args, **kwargs)
        self.prepare(con)
        return con.sql(sql)


def validate_manifest(layer: SemanticLayer | None = None) -> list[str]:
    """The errors of MetricFlow's semantic validations (`mf validate-configs`' first
    step), then of compiling each metric on its own: empty when all is well."""
    from metricflow_semantic_interfaces.validations.semantic_manifest_validator import (
        SemanticManifestValidator,
    )

    layer = layer or SemanticLayer.load()
    results = SemanticManifestValidator().validate_semantic_manifest(layer.manifest)
    issues = [f"error: {issue.message}" for issue in (*results.errors, *results.future_errors)]
    if issues:
        return issues
    engine = layer.engine()
    for metric in layer.manifest.metrics:
        try:  # at its time grain: an offset (a change between loads) needs one
            engine.sql([metric.name], ["metric_time"])
        except MetricsError as exc:
            issues.append(f"error: metric {metric.name}: {exc}")
    return issues


def open_metrics(
    settings: Settings, as_of: Any = None, build: str | None = None
) -> tuple[Any, MetricsEngine]:
    """A reader's connection to the published tables (SqlError when there are none),
    and the engine ready on it."""
    from cinelake.warehouse.sql import open_warehouse

    engine = SemanticLayer.load().engine()
    con = open_warehouse(settings, as_of=as_of, build=build)
    try:
        engine.prepare(con)
    except BaseException:
        con.close()
        raise
    return con, engine
