"""Every dbt model as an asset, its tests as asset checks, built the way `cinelake build`
builds: under the warehouse's build lock, `dbt build` of what descends from a fresher
source or changed code since the saved state, published by the project's own
on-run-end hook (so a failing test publishes nothing and fails the step).

The project is two assets definitions because TMDB enrichment sits in the middle of the
graph: `titles` is every node not downstream of the TMDB responses, `tmdb` is the rest
(stg_tmdb__responses onwards, dim_titles and what reads it). Between them the daily run
enriches, as `cinelake run` does between its two builds. The build state is saved after
`tmdb`, so until a run's second half has built, the next run still sees the first half's
sources as fresher and its changed models as modified.

dbt runs as a child process (dagster-dbt's `dbt.cli`), never in this process: dbt-duckdb
keeps the warehouse file open in the process that ran it, and the next dbt child could
not open it.
"""

import json
import shutil
from collections.abc import Iterator
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, Failure, Output
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.asset_utils import get_dbt_resource_names_for_asset_keys

from cinelake.config import Settings
from cinelake.orchestration.project import PROJECT_DIR, TRANSLATOR, apply_environment
from cinelake.orchestration.resources import CinelakeSettings
from cinelake.warehouse import daily, warehouse_path

# The nodes the TMDB responses feed, built after enrichment.
TMDB_SCOPE = "source:tmdb+"


def scoped(args: list[str], select: str | None, exclude: str | None) -> list[str]:
    """`cinelake build`'s dbt arguments, limited to one part of the project: each
    `--select` item intersected with `select` (dbt's `a,b`), and `exclude` added.

    >>> scoped(["build", "--select", "a+", "b+", "--state", "S"], "source:t+", None)
    ['build', '--select', 'a+,source:t+ b+,source:t+', '--state', 'S']
    """
    out: list[str] = []
    items: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--select":
            items = []
            for item in rest:
                if item.startswith("--"):
                    out.append(item)
                    break
                items.append(item)
            continue
        out.append(arg)
    # one argument (dagster-dbt's parser takes one value per --select); --state stays put
    if items:
        out[1:1] = ["--select", " ".join(f"{item},{select}" if select else item for item in items)]
    elif select:
        out[1:1] = ["--select", select]
    if exclude:
        out += ["--exclude", exclude]
    return out


def _topological_outputs(context: AssetExecutionContext) -> list[str]:
    """The output names of this step's selected assets, upstream first."""
    assets = context.assets_def
    selected = set(context.selected_asset_keys)
    order = TopologicalSorter(
        {
            key: {dep.asset_key for dep in assets.get_asset_spec(key).deps} & selected
            for key in selected
        }
    ).static_order()
    return [assets.get_output_name_for_asset_key(key) for key in order]


def _selected_names(context: AssetExecutionContext, manifest: Path) -> list[str]:
    """The dbt names (fully qualified) of the models selected in this step."""
    nodes = json.loads(manifest.read_text(encoding="utf-8"))
    keys = context.selected_asset_keys
    return sorted(
        get_dbt_resource_names_for_asset_keys(TRANSLATOR, nodes, context.assets_def, keys)
    )


def _check(invocation: Any, step: str) -> None:
    if not invocation.is_successful():
        raise Failure(f"{step} failed: {invocation.get_error() or 'see the dbt output'}")


def daily_build(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    settings: Settings,
    manifest: Path,
    select: str | None,
    exclude: str | None,
    last: bool,
) -> Iterator[Any]:
    """One part of the daily build; `last` saves the build state and expires snapshots,
    as `cinelake build` does after a good build."""
    apply_environment(settings)
    warehouse = warehouse_path(settings)
    state = daily.state_dir(warehouse)
    # the folder `cinelake build` uses: `source_status:fresher` reads its sources.json
    target = daily.target_dir(PROJECT_DIR)
    with daily.exclusive(warehouse):
        if settings.catalog.attached:
            from cinelake.lake.migrate import warn_old_layout

            warn_old_layout(settings)
        _check(dbt.cli(["parse"], target_path=target, raise_on_error=False).wait(), "dbt parse")
        parsed = state.with_name(state.name + ".parsed.json")
        shutil.copy2(target / "manifest.json", parsed)
        (target / "sources.json").unlink(missing_ok=True)
        dbt.cli(["source", "freshness"], target_path=target, raise_on_error=False).wait()
        daily.check_sources_json(target)
        if context.is_subset:
            # some models asked for by name (the UI, a backfill of a few): build those,
            # and keep the saved state for the next whole build
            args, last = ["build", "--select", " ".join(_selected_names(context, manifest))], False
        else:
            args = scoped(daily.build_args(warehouse, state), select, exclude)
        context.log.info("dbt %s", " ".join(args))
        # no context: dagster-dbt would add its own --select, which dbt unions with ours;
        # the events are mapped onto this step's assets and checks below instead
        build = dbt.cli(
            args,
            manifest=manifest,
            dagster_dbt_translator=TRANSLATOR,
            target_path=target,
            raise_on_error=False,
        )
        outputs: dict[str, Output] = {}
        others: list[Any] = []  # asset check results, observations
        for event in build.stream_raw_events():
            for result in event.to_default_asset_events(
                manifest=manifest,
                dagster_dbt_translator=TRANSLATOR,
                context=context,
                target_path=target,
            ):
                if isinstance(result, Output):
                    if result.output_name in context.selected_output_names:
                        outputs[result.output_name] = result
                else:
                    others.append(result)
        if not build.is_successful():
            # nothing was published: the failed checks are shown, no model is materialized
            yield from others
            _check(build, "dbt build")
        # In the graph's order (Dagster's rule), every model of this step: what dbt built,
        # and what had nothing new upstream and is current as it is. Without the latter,
        # Dagster would skip every step after a model this build had no need to rebuild.
        for name in _topological_outputs(context):
            yield outputs.get(name) or Output(None, output_name=name, metadata={"rebuilt": False})
        yield from others
        if last:
            daily.save_state(parsed, target, state)
            context.log.info("build state saved in %s", state)
            if settings.catalog.attached and outputs:
                daily.expire_snapshots(settings)
        parsed.unlink(missing_ok=True)


def dbt_definitions(manifest: Path) -> list[Any]:
    """The two halves of the project, as assets definitions."""
    project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)

    @dbt_assets(
        manifest=manifest,
        project=project,
        name="dbt_titles",
        exclude=TMDB_SCOPE,
        dagster_dbt_translator=TRANSLATOR,
    )
    def titles(  # noqa: ANN202
        context: AssetExecutionContext, dbt: DbtCliResource, cinelake: CinelakeSettings
    ):
        yield from daily_build(context, dbt, cinelake.get(), manifest, None, TMDB_SCOPE, False)

    @dbt_assets(
        manifest=manifest,
        project=project,
        name="dbt_tmdb",
        select=TMDB_SCOPE,
        dagster_dbt_translator=TRANSLATOR,
    )
    def tmdb(  # noqa: ANN202
        context: AssetExecutionContext, dbt: DbtCliResource, cinelake: CinelakeSettings
    ):
        yield from daily_build(context, dbt, cinelake.get(), manifest, TMDB_SCOPE, None, True)

    return [titles, tmdb]
