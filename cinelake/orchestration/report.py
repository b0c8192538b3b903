"""The static report (`cinelake report`) as an asset downstream of every model the
dashboard exposure (models/_exposures.yml) lists: it is rewritten after they change."""

import json
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from cinelake.app.report import write_report
from cinelake.orchestration.project import TRANSLATOR
from cinelake.orchestration.resources import CinelakeSettings

EXPOSURE = "exposure.cinelake.cinelake_dashboard"


def exposure_keys(manifest: Path) -> list[AssetKey]:
    """The asset keys of the models the dashboard exposure depends on: those it names,
    and those under the metrics it names (metric -> semantic model -> model)."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    found: set[str] = set()
    pending = list(data["exposures"][EXPOSURE]["depends_on"]["nodes"])
    while pending:
        node = pending.pop()
        if node in data["nodes"]:
            found.add(node)
            continue
        kind = "metrics" if node.startswith("metric.") else "semantic_models"
        pending += data[kind][node]["depends_on"]["nodes"]
    return sorted(TRANSLATOR.get_asset_key(data["nodes"][node]) for node in found)


def report_asset(manifest: Path) -> AssetsDefinition:
    @asset(
        key=AssetKey(["report"]),
        deps=exposure_keys(manifest),
        group_name="dashboard",
        description="the dashboard's charts as one HTML page (`cinelake report`),"
        " in <lake dir>/report/index.html",
    )
    def report(context: AssetExecutionContext, cinelake: CinelakeSettings) -> MaterializeResult:
        settings = cinelake.get()
        page = write_report(settings, settings.lake_dir / "report")
        return MaterializeResult(metadata={"path": str(page), "bytes": page.stat().st_size})

    return report
