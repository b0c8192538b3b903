"""`cinelake bench orchestrate`: the daily run under Dagster against the same days run by
`cinelake`'s own steps, in one run, and the memory of Dagster's webserver and daemon.

Both sides start from an empty bucket and catalog of their own and land the same two
generated days, one after the other:
- `cinelake`: per day, the steps `cinelake run` runs after its sample (ingest, build,
  enrich from the sample's bodies, build), each its own process, as `cinelake run` does;
- Dagster: per day, the `daily` job for that day's partition, executed in one child
  process (ingest, both dbt halves with their checks, enrichment, the report).
Then `cinelake orchestrate dev` is started on an idle lake and the summed RSS of its
process tree (webserver, daemon, code server) is sampled once the code location loaded.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from cinelake.config import Settings
from cinelake.pipeline.plan import TMDB_FOLDER
from cinelake_tools.bench.common import fresh_workspace, timed
from cinelake_tools.bench.process_tree import timed_tree, tree_rss_mb
from cinelake_tools.sample.days import write_days

log = logging.getLogger(__name__)
DAYS = 2
IDLE_SAMPLES = 10  # RSS samples of the idle UI, one a second

# The child that runs the daily job for one day (argv: the day), on an ephemeral instance.
DAILY_JOB_CHILD = """
import sys
from dagster import DagsterInstance
from cinelake.orchestration import definitions
from cinelake.orchestration.automation import DAILY_JOB
job = definitions.defs().resolve_job_def(DAILY_JOB)
with DagsterInstance.ephemeral() as instance:
    result = job.execute_in_process(partition_key=sys.argv[1], instance=instance)
sys.exit(0 if result.success else 1)
"""


def _program(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _cinelake_day(env: dict[str, str], inbox: Path, day: date) -> float:
    """One day as `cinelake run`'s steps run it; the summed wall time."""
    folder = inbox / day.isoformat()
    steps = [
        [
            "ingest",
            "--movies",
            str(folder / "movies.csv"),
            "--series",
            str(folder / "series.csv"),
            "--date",
            day.isoformat(),
        ],
        ["build"],
        ["tmdb-serve", "--responses", str(inbox / TMDB_FOLDER), "--", "enrich", "--rate", "200"],
        ["build"],
    ]
    return sum(timed([_program("cinelake"), *step], env)["seconds"] for step in steps)


def _idle_ui_mb(env: dict[str, str], port: int) -> float:
    """The peak summed RSS of `cinelake orchestrate dev` once its code location loaded."""
    process = subprocess.Popen(
        [_program("cinelake"), "orchestrate", "dev", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    query = json.dumps({"query": "{ repositoriesOrError { __typename } }"}).encode()
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/graphql",
                    data=query,
                    headers={"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=5) as reply:  # noqa: S310
                    if "RepositoryConnection" in reply.read().decode():
                        break
            except OSError:
                time.sleep(1)
        peak = 0.0
        for _ in range(IDLE_SAMPLES):
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(1)
        return peak
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def bench_orchestrate(settings: Settings, titles: int, work: Path, port: int = 3197) -> int:
    inbox = work / f"inbox-{titles}x{DAYS}"
    if not (inbox / "loads.json").exists():
        log.info("generating %d days of %d titles in %s", DAYS, titles, inbox)
        write_days(inbox, titles, DAYS, tmdb_dir=inbox / TMDB_FOLDER)
    days = sorted(date.fromisoformat(p.name) for p in inbox.iterdir() if p.name[:2] == "20")
    base = dict(os.environ)

    _, plain_env = fresh_workspace(base, f"{settings.bucket}-orch-plain", work / "orch-plain")
    plain_env["CINELAKE_LAKE_DIR"] = str(work / "orch-plain")
    plain = [_cinelake_day(plain_env, inbox, day) for day in days]

    _, dag_env = fresh_workspace(base, f"{settings.bucket}-orch-dagster", work / "orch-dagster")
    dag_env |= {
        "CINELAKE_LAKE_DIR": str(work / "orch-dagster"),
        "CINELAKE_INBOX": str(inbox),
        "CINELAKE_FIRST_LOAD_DATE": days[0].isoformat(),
        "DAGSTER_HOME": str(work / "orch-dagster" / "dagster"),
    }
    dagster = [
        timed_tree(
            [sys.executable, "-c", DAILY_JOB_CHILD, day.isoformat()],
            dag_env,
            work / f"orch-dagster-{day}.log",
        )
        for day in days
    ]
    idle = _idle_ui_mb(dag_env, port)

    rows = [
        f"| day {i + 1} ({day}) | {p:.1f} | {d['seconds']:.1f} | {d['seconds'] / p:.2f} |"
        f" {d['peak_mb']:,.0f} |"
        for i, (day, p, d) in enumerate(zip(days, plain, dagster, strict=True))
    ]
    total_plain, total_dagster = sum(plain), sum(d["seconds"] for d in dagster)
    lines = [
        f"bench orchestrate: {titles:,} titles, {DAYS} days, each side on its own empty lake",
        "| run | cinelake steps s | Dagster daily job s | ratio | Dagster peak MB |",
        "|---|---|---|---|---|",
        *rows,
        f"| both days | {total_plain:.1f} | {total_dagster:.1f} |"
        f" {total_dagster / total_plain:.2f} | |",
        f"idle `cinelake orchestrate dev` (webserver, daemon, code server): {idle:,.0f} MB RSS",
    ]
    for line in lines:
        log.info("measured: %s", line)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
