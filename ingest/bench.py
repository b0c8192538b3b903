"""`cinelake bench-ingest`: time and peak memory of `cinelake ingest` next to a plain boto3
`upload_file` of the same real-scale file, measured in the same run.

Each measurement runs in its own process so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from ingest.config import Settings, load_settings
from ingest.landing import ensure_bucket
from ingest.s3 import make_client
from ingest.schema import MOVIES

log = logging.getLogger(__name__)

ROUNDS = 3
BENCH_DAY = date(2000, 1, 1)


def _child(mode: str, path: Path) -> None:
    """Run one upload in this process and print its wall time and peak RSS as JSON."""
    settings = load_settings()
    settings = replace(settings, bucket=settings.bucket + "-bench")
    client = make_client(settings)
    started = time.perf_counter()
    if mode == "plain":
        client.upload_file(str(path), settings.bucket, "plain/movies.csv")
    else:
        from ingest.run_ingest import ingest

        ingest(settings, {MOVIES: path}, BENCH_DAY, client=client)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps({"seconds": seconds, "peak_mb": peak_mb}) + "\n")


def _measure(mode: str, path: Path, settings: Settings) -> dict[str, float]:
    bench = replace(settings, bucket=settings.bucket + "-bench")
    client = make_client(bench)
    ensure_bucket(client, bench.bucket)
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bench.bucket):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=bench.bucket, Key=obj["Key"])
    out = subprocess.run(
        [sys.executable, "-m", "ingest.bench", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _sample(work: Path, titles: int) -> Path:
    """The folder of a real-scale sample (movies.csv and series.csv), generated once."""
    from ingest.sample import write_sample

    folder = work / f"titles-{titles}"
    if not (folder / "movies.csv").exists() or not (folder / "series.csv").exists():
        log.info("generating a sample with %d titles in %s", titles, folder)
        write_sample(folder, titles)
    return folder


def bench_ingest(settings: Settings, titles: int, work: Path) -> int:
    lines = [
        "| movies.csv | rows | MB | plain upload_file s | cinelake ingest s | ratio "
        "| plain peak MB | ingest peak MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in (max(titles // 4, 1), titles):
        path = _sample(work, size) / "movies.csv"
        rows = sum(1 for _ in path.open("rb")) - 1
        runs: dict[str, list[dict[str, float]]] = {"plain": [], "ingest": []}
        for _ in range(ROUNDS):  # alternate, so neither side always gets a warmer machine
            for mode in runs:
                runs[mode].append(_measure(mode, path, settings))
        plain = statistics.median(r["seconds"] for r in runs["plain"])
        ours = statistics.median(r["seconds"] for r in runs["ingest"])
        lines.append(
            f"| {size} titles | {rows} | {path.stat().st_size / 1e6:.1f} | {plain:.2f} | "
            f"{ours:.2f} | {ours / plain:.2f}x | {max(r['peak_mb'] for r in runs['plain']):.0f} | "
            f"{max(r['peak_mb'] for r in runs['ingest']):.0f} |"
        )
    sys.stdout.write(f"median of {ROUNDS} runs each, local lake {settings.endpoint}\n")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


# Read every column of both Raw files with the same dialect and types as the dbt source.
BARE_SCAN = """
select count(*), {counts}
from read_csv('{path}', delim='|', header=true, quote='"', escape='"',
    nullstr=['\\N', ''], auto_detect=false, columns={columns})
"""


def _bare_scan_child(settings: Settings, movies: str, series: str) -> None:
    from ingest.schema import MOVIES_COLUMNS, SERIES_COLUMNS
    from ingest.warehouse import connect

    types = {
        "anoLancamento": "smallint",
        "anoTermino": "smallint",
        "tempoMinutos": "integer",
        "notaMedia": "decimal(3,1)",
        "numeroVotos": "integer",
        "anoNascimento": "smallint",
        "anoFalecimento": "smallint",
    }
    con = connect(settings, read_only=False, database=Path(":memory:"))
    started = time.perf_counter()
    for path, names in ((movies, MOVIES_COLUMNS), (series, SERIES_COLUMNS)):
        columns = "{" + ", ".join(f"'{c}': '{types.get(c, 'varchar')}'" for c in names) + "}"
        counts = ", ".join(f'count("{c}")' for c in names)
        con.sql(BARE_SCAN.format(path=path, columns=columns, counts=counts)).fetchall()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps({"seconds": seconds, "peak_mb": peak_mb}) + "\n")


def _timed(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a command; its wall time and the peak RSS of that process (it runs DuckDB)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(output.decode(errors="replace")[-4000:])
        raise RuntimeError(f"{' '.join(argv)} failed")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}


def bench_build(settings: Settings, titles: int, work: Path) -> int:
    from ingest.run_ingest import ingest
    from ingest.schema import MOVIES, SERIES

    bench = replace(settings, bucket=settings.bucket + "-bench-build")
    folder = _sample(work, titles)
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
    scan = _timed(
        [
            sys.executable,
            "-m",
            "ingest.bench",
            "bare-scan",
            raw.format(MOVIES.raw_key(BENCH_DAY)),
            raw.format(SERIES.raw_key(BENCH_DAY)),
        ],
        env={**env, "CINELAKE_BUCKET": bench.bucket},
    )
    startup = _timed([dbt, "run", "--select", "tag:no-such-tag"], env)
    for leftover in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        leftover.unlink(missing_ok=True)
    full = _timed([dbt, "build"], env)
    again = _timed([dbt, "build"], env)

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
        f"full build / (3 x bare scan + start-up): "
        f"{full['seconds'] / (3 * scan['seconds'] + startup['seconds']):.2f} (target <= 1); "
        f"full build = {(full['seconds'] - startup['seconds']) / scan['seconds']:.1f} x bare scan "
        f"+ start-up; floor (scan + start-up) {floor:.1f} s",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "bare-scan":
        _bare_scan_child(load_settings(), sys.argv[2], sys.argv[3])
        sys.exit(0)
    _child(sys.argv[1], Path(sys.argv[2]))
