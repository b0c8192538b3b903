"""`cinelake bench ingest`: time and peak memory of `cinelake ingest` next to a plain boto3
`upload_file` of the same real-scale file, measured in the same run.

Each measurement runs in its own process (`python -m cinelake_tools.bench.ingest_bench MODE
PATH`) so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from cinelake.config import Settings, load_settings
from cinelake_tools.bench.common import BENCH_DAY, report_child, sample_folder
from ingest.landing import ensure_bucket
from ingest.s3 import make_client
from ingest.schema import MOVIES

ROUNDS = 3


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
    report_child(time.perf_counter() - started)


def _measure(mode: str, path: Path, settings: Settings) -> dict[str, float]:
    bench = replace(settings, bucket=settings.bucket + "-bench")
    client = make_client(bench)
    ensure_bucket(client, bench.bucket)
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bench.bucket):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=bench.bucket, Key=obj["Key"])
    out = subprocess.run(
        [sys.executable, "-m", "cinelake_tools.bench.ingest_bench", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_ingest(settings: Settings, titles: int, work: Path) -> int:
    lines = [
        "| movies.csv | rows | MB | plain upload_file s | cinelake ingest s | ratio "
        "| plain peak MB | ingest peak MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in (max(titles // 4, 1), titles):
        path = sample_folder(work, size) / "movies.csv"
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


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
