"""`cinelake bench build`: `dbt build` of this tree on a real-scale sample next to the same
build of the code at a baseline git ref (default: the last commit before the Iceberg
tables), a bare DuckDB scan of the same Raw files and dbt's fixed start-up, measured in
the same run.

Each tree builds in a bucket, a warehouse file and a catalog table bucket of its own,
all emptied first, on the same landed sample: a full build, a build with no new data,
and a build after one new day lands. The baseline is checked out with `git worktree add`
into a temporary folder and run by this environment's dbt. The publish step of this
tree (the on-run-end hook) and each model's time come from dbt's run_results.json.

The bare scan runs in its own process (`python -m cinelake_tools.bench.build_bench bare-scan
MOVIES_URL SERIES_URL`) so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from cinelake.config import Settings, load_settings
from cinelake.warehouse import connect
from cinelake.warehouse.profile import PROJECT_ROOT as PROJECT
from cinelake_tools.bench.common import (
    BENCH_DAY,
    data_rows,
    fresh_workspace,
    report_child,
    sample_folder,
    timed,
)
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES, FileKind

log = logging.getLogger(__name__)

DEFAULT_BASELINE_REF = "0278838"

# Issue 19's budget: this tree's full build within 1.25x the baseline's, in one run.
TIME_RATIO_BUDGET = 1.25
PEAK_BUDGET_MB = 3 * 1024
# The per-model table lists the models whose time changed most.
TOP_MODELS = 12

# Read every column of both Raw files with the dialect and types the dbt source has.
BARE_SCAN = "select count(*), {counts} from read_csv('{path}', {options})"


def _bare_scan_child(settings: Settings, movies: str, series: str) -> None:
    con = connect(settings, read_only=False, database=Path(":memory:"))
    started = time.perf_counter()
    for path, kind in ((movies, MOVIES), (series, SERIES)):
        counts = ", ".join(f'count("{c}")' for c in kind.columns)
        options = kind.read_csv_options()
        con.sql(BARE_SCAN.format(path=path, counts=counts, options=options)).fetchall()
    report_child(time.perf_counter() - started)


@dataclass(frozen=True)
class Tree:
    """One dbt project under test, with its own bucket, warehouse and table bucket."""

    label: str
    project: Path
    settings: Settings
    env: dict[str, str]
    folder: Path


@dataclass(frozen=True)
class Build:
    """One timed `dbt build`: wall time, peak RSS and dbt's own per-node times."""

    seconds: float
    peak_mb: float
    nodes: dict[str, float] = field(default_factory=dict)

    @property
    def publish_s(self) -> float:
        """The on-run-end hooks' time (publishing the staged tables)."""
        return sum(s for node, s in self.nodes.items() if "on-run-end" in node)


@contextmanager
def baseline_checkout(ref: str, work: Path) -> Iterator[Path]:
    """The project at `ref` in a temporary git worktree, removed afterwards."""
    work.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="baseline-", dir=work))
    git = ["git", "-C", str(PROJECT)]
    # git's own chatter would land in the printed table (stdout): log it instead
    added = subprocess.run(
        [*git, "worktree", "add", "--detach", str(folder), ref], capture_output=True, text=True
    )
    if added.returncode != 0:
        raise RuntimeError(f"git worktree add {ref} failed: {added.stderr.strip()}")
    log.info("baseline %s checked out in %s", ref, folder)
    try:
        yield folder
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _tree(settings: Settings, work: Path, label: str, name: str, project: Path) -> Tree:
    """A fresh bucket, warehouse file and table bucket for one project, named `name`."""
    folder = work / f"build-{name}"
    base = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project),
        # both trees load the extensions this environment installed (`cinelake setup`)
        "CINELAKE_DUCKDB_EXTENSION_DIR": str(PROJECT / ".duckdb" / "extensions"),
    }
    tree_settings, env = fresh_workspace(base, f"{settings.bucket}-bench-build-{name}", folder)
    return Tree(label, project, tree_settings, env, folder)


def _land(tree: Tree, files: dict[FileKind, Path], days: int) -> None:
    ingest(tree.settings, files, BENCH_DAY + timedelta(days=days))


def _node_times(target: Path) -> dict[str, float]:
    """Each node's execution time in the last invocation's run_results.json."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"]: float(r.get("execution_time") or 0.0) for r in results}


def _dbt(tree: Tree, *args: str) -> Build:
    dbt = str(Path(sys.executable).parent / "dbt")
    run = timed([dbt, *args, "--project-dir", str(tree.project)], tree.env, cwd=tree.project)
    build = Build(run["seconds"], run["peak_mb"], _node_times(tree.folder / "target"))
    log.info(
        "%s: dbt %s %.1f s, peak %.0f MB, on-run-end %.1f s",
        tree.label,
        " ".join(args),
        build.seconds,
        build.peak_mb,
        build.publish_s,
    )
    return build


def _snapshot_counts(tree: Tree) -> list[str]:
    """Per table of this tree's catalog: snapshots of its staged and its published copy."""
    con = connect(tree.settings, database=Path(":memory:"))
    tables = con.sql(
        "select schema_name, table_name from duckdb_tables() where database_name = 'lake'"
        " order by all"
    ).fetchall()
    counts = {
        f"{schema}.{table}": con.sql(
            # the names are the catalog's own listing
            f'select count(*) from iceberg_snapshots(lake."{schema}"."{table}")'  # noqa: S608
        ).fetchone()[0]
        for schema, table in tables
    }
    con.close()
    rows = ["| table | staged snapshots | published snapshots |", "|---|---|---|"]
    for name in sorted(n for n in counts if "_staged." not in n):
        zone, table = name.split(".", 1)
        rows.append(f"| {name} | {counts.get(f'{zone}_staged.{table}', '-')} | {counts[name]} |")
    return rows


def _model_rows(base: Build, new: Build) -> list[str]:
    """The nodes whose time changed most between the baseline's full build and this one's."""

    def short(node: str) -> str:
        return node.split(".")[-1] if not node.startswith("test.") else "test " + node.split(".")[2]

    base_t = {short(n): s for n, s in base.nodes.items()}
    new_t = {short(n): s for n, s in new.nodes.items()}
    names = sorted(set(base_t) | set(new_t), key=lambda n: -abs(new_t.get(n, 0) - base_t.get(n, 0)))
    rows = ["| node | baseline s | this tree s | difference s |", "|---|---|---|---|"]
    for name in names[:TOP_MODELS]:
        b, n = base_t.get(name, 0.0), new_t.get(name, 0.0)
        rows.append(f"| {name} | {b:.1f} | {n:.1f} | {n - b:+.1f} |")
    rows.append(
        f"| (sum of all nodes) | {sum(base_t.values()):.1f} | {sum(new_t.values()):.1f} | "
        f"{sum(new_t.values()) - sum(base_t.values()):+.1f} |"
    )
    return rows


def _pair_row(label: str, base: Build, new: Build) -> str:
    row = (
        f"| {label} | {base.seconds:.1f} | {base.peak_mb:.0f} | {new.seconds:.1f} | "
        f"{new.peak_mb:.0f} | {new.seconds / base.seconds:.2f} | {new.publish_s:.1f} |"
    )
    log.info("measured: %s", row)  # as it comes: a later build that fails keeps these
    return row


def _bare_scan(tree: Tree) -> dict[str, float]:
    raw = f"s3://{tree.settings.bucket}/{{}}"
    argv = [sys.executable, "-m", "cinelake_tools.bench.build_bench", "bare-scan"]
    argv += [raw.format(MOVIES.raw_key(BENCH_DAY)), raw.format(SERIES.raw_key(BENCH_DAY))]
    return timed(argv, tree.env)


def bench_build(settings: Settings, titles: int, work: Path, baseline_ref: str) -> int:
    folder = sample_folder(work, titles)
    files = {MOVIES: folder / "movies.csv", SERIES: folder / "series.csv"}
    with baseline_checkout(baseline_ref, work) as checkout:
        base = _tree(settings, work, f"baseline {baseline_ref}", "baseline", checkout)
        new = _tree(settings, work, "this tree", "iceberg", PROJECT)
        for tree in (base, new):
            _land(tree, files, 0)
        scan = _bare_scan(new)
        startup = timed(
            [str(Path(sys.executable).parent / "dbt"), "run", "--select", "tag:no-such-tag"],
            # a warehouse file of its own: the full build starts from none
            {**new.env, "CINELAKE_WAREHOUSE": str(new.folder / "start-up.duckdb")},
            cwd=PROJECT,
        )
        # the two trees alternate, so a change of load on the machine hits both alike
        full = {tree.label: _dbt(tree, "build") for tree in (base, new)}
        again = {tree.label: _dbt(tree, "build") for tree in (base, new)}
        for tree in (base, new):
            _land(tree, files, 1)
        new_day = {tree.label: _dbt(tree, "build") for tree in (base, new)}
    snapshots = _snapshot_counts(new)

    b, n = base.label, new.label
    ratio = full[n].seconds / full[b].seconds
    lines = [
        f"movies.csv {data_rows(files[MOVIES])} rows, series.csv {data_rows(files[SERIES])} rows "
        f"({files[MOVIES].stat().st_size / 1e6:.0f} + {files[SERIES].stat().st_size / 1e6:.0f}"
        f" MB), local lake {settings.endpoint}; baseline = {baseline_ref}",
        f"bare DuckDB scan of both Raw files (every column): {scan['seconds']:.1f} s, "
        f"{scan['peak_mb']:.0f} MB; dbt fixed start-up (a run that selects nothing): "
        f"{startup['seconds']:.1f} s, {startup['peak_mb']:.0f} MB",
        "",
        "| dbt build | baseline s | baseline peak MB | this tree s | this tree peak MB "
        "| time ratio | this tree's publish (on-run-end) s |",
        "|---|---|---|---|---|---|---|",
        _pair_row("full (empty lake)", full[b], full[n]),
        _pair_row("again, no new data", again[b], again[n]),
        _pair_row("one new day landed", new_day[b], new_day[n]),
        "",
        f"full build, this tree / baseline: {ratio:.2f} (target <= {TIME_RATIO_BUDGET}: "
        f"{'met' if ratio <= TIME_RATIO_BUDGET else 'MISSED'}); peak {full[n].peak_mb:.0f} MB "
        f"(target < {PEAK_BUDGET_MB} MB: "
        f"{'met' if full[n].peak_mb < PEAK_BUDGET_MB else 'MISSED'}); "
        f"full build = {(full[n].seconds - startup['seconds']) / scan['seconds']:.1f} x bare "
        "scan + start-up",
        "",
        "full build, the nodes whose time changed most (dbt's run_results.json):",
        *_model_rows(full[b], full[n]),
        "",
        "this tree's Iceberg tables after the three builds:",
        *snapshots,
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    _bare_scan_child(load_settings(), sys.argv[2], sys.argv[3])
