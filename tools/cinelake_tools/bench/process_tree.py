"""Wall time and peak memory of a command together with every process it starts.

Spark runs its JVM as a grandchild of the Python that drives dbt, so the peak RSS of
one process (what `timed` reports) would miss most of it: here /proc is sampled for
the summed RSS of the whole tree, the same way for both engines.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

PAGE_KB = 4
SAMPLE_S = 0.2


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields start after the last ')'
        fields = text[text.rindex(")") + 2 :].split()
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_mb(root: int) -> float:
    """The summed RSS of `root` and all its descendants now, in MB."""
    tree = _children()
    pending, total = [root], 0
    while pending:
        pid = pending.pop()
        total += _rss_kb(pid)
        pending.extend(tree.get(pid, []))
    return total / 1024


def timed_tree(argv: list[str], env: dict[str, str], log_file: Path) -> dict[str, float]:
    """Run a command (output into `log_file`); its wall time and the tree's peak RSS."""
    peak = 0.0
    started = time.perf_counter()
    with log_file.open("wb") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(SAMPLE_S):
                peak = max(peak, tree_rss_mb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    if code != 0:
        sys.stderr.write(log_file.read_text(errors="replace")[-4000:])
        raise RuntimeError(f"{' '.join(argv)} failed (exit {code}); see {log_file}")
    return {"seconds": seconds, "peak_mb": peak}
