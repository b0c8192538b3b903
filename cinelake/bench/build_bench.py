"""`cinelake bench-build`: `dbt build` on a real-scale sample next to a bare DuckDB scan of
the same Raw files and dbt's fixed start-up, measured in the same run.

The bare scan runs in its own process (`python -m cinelake.bench.build_bench bare-scan
MOVIES_URL SERIES_URL`) so that its peak RSS is its own.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from cinelake.bench.common import BENCH_DAY, report_child, sample_folder, timed
from cinelake.config import Settings, load_settings
from cinelake.warehouse import connect
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES

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


def _models_only(
    dbt: str, env: dict[str, str], work: Path, materialization: str
) -> dict[str, float]:
    """`dbt run` into a fresh warehouse with Trusted and Refined written by `materialization`
    (seeds loaded first, untimed). The Python model is `lake_parquet` either way."""
    warehouse = work / f"bench-{materialization}.duckdb"
    for leftover in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        leftover.unlink(missing_ok=True)
    env = {**env, "CINELAKE_WAREHOUSE": str(warehouse)}
    timed([dbt, "seed"], env)
    return timed([dbt, "run", "--vars", f"{{parquet_materialization: {materialization}}}"], env)


def bench_build(settings: Settings, titles: int, work: Path) -> int:
    bench = replace(settings, bucket=settings.bucket + "-bench-build")
    folder = sample_folder(work, titles)
    movies, series = folder / "movies.csv", folder / "series.csv"
    ingest(bench, {MOVIES: movies, SERIES: series}, BENCH_DAY)
    rows = {p.name: sum(1 for _ in p.open("rb")) - 1 for p in (movies, series)}

    warehouse = work / "bench-warehouse.duckdb"
    env = {
        **os.environ,
        "CINELAKE_BUCKET": bench.bucket,
        "CINELAKE_WAREHOUSE": str(warehouse),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    dbt = str(Path(sys.executable).parent / "dbt")
    raw = f"s3://{bench.bucket}/{{}}"
    scan = timed(
        [
            sys.executable,
            "-m",
            "cinelake.bench.build_bench",
            "bare-scan",
            raw.format(MOVIES.raw_key(BENCH_DAY)),
            raw.format(SERIES.raw_key(BENCH_DAY)),
        ],
        env={**env, "CINELAKE_BUCKET": bench.bucket},
    )
    startup = timed([dbt, "run", "--select", "tag:no-such-tag"], env)
    for leftover in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        leftover.unlink(missing_ok=True)
    full = timed([dbt, "build"], env)
    again = timed([dbt, "build"], env)
    runs = {name: _models_only(dbt, env, work, name) for name in ("lake_parquet", "external")}

    floor = scan["seconds"] + startup["seconds"]
    lines = [
        f"movies.csv {rows['movies.csv']} rows, series.csv {rows['series.csv']} rows "
        f"({movies.stat().st_size / 1e6:.0f} + {series.stat().st_size / 1e6:.0f} MB), "
        f"local lake {settings.endpoint}",
        "| step | wall s | peak MB |",
        "|---|---|---|",
        f"| bare DuckDB scan of both Raw files (every column) | {scan['seconds']:.1f} | "
        f"{scan['peak_mb']:.0f} |",
        f"| dbt fixed start-up (a run that selects nothing) | {startup['seconds']:.1f} | "
        f"{startup['peak_mb']:.0f} |",
        f"| dbt build, full (empty warehouse) | {full['seconds']:.1f} | {full['peak_mb']:.0f} |",
        f"| dbt build again, no new data | {again['seconds']:.1f} | {again['peak_mb']:.0f} |",
        *(
            f"| dbt run (models only), Parquet by `{name}` | {run['seconds']:.1f} | "
            f"{run['peak_mb']:.0f} |"
            for name, run in runs.items()
        ),
        "lake_parquet / external: "
        f"{runs['lake_parquet']['seconds'] / runs['external']['seconds']:.2f}"
        " (the custom materialization earns its place while this stays below 1)",
        f"full build / (3 x bare scan + start-up): "
        f"{full['seconds'] / (3 * scan['seconds'] + startup['seconds']):.2f} (target <= 1); "
        f"full build = {(full['seconds'] - startup['seconds']) / scan['seconds']:.1f} x bare scan "
        f"+ start-up; floor (scan + start-up) {floor:.1f} s",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    _bare_scan_child(load_settings(), sys.argv[2], sys.argv[3])
