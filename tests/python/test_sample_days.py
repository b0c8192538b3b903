"""`cinelake sample --days N`: dated loads with drift and churn, and a late day.

Nothing is hard-coded: every expectation is recomputed from the files written.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from cinelake_tools.sample import write_sample
from cinelake_tools.sample.days import DEFAULT_END, LOADS_FILE, DaysSample, write_days

from ingest.inbox import read_loads
from ingest.schema import LOCK_PREFIX, MANIFEST_PREFIX, MOVIES, SERIES, FileKind
from ingest.validate import validate

TITLES = 600
DAYS = 4
KINDS = (MOVIES, SERIES)
DRIFTING = ("notaMedia", "numeroVotos")

Rows = dict[str, list[tuple[str, ...]]]  # id -> its rows, in file order


def _titles(path: Path, kind: FileKind) -> Rows:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="|")
        assert tuple(next(reader)) == kind.columns
        by_id: Rows = defaultdict(list)
        for row in reader:
            by_id[row[0]].append(tuple(row))
    return dict(by_id)


def _column(kind: FileKind, name: str) -> int:
    return kind.columns.index(name)


def _title_values(rows: Rows, kind: FileKind) -> dict[str, tuple[float, int]]:
    """id -> (rating, votes); both are title-level, so equal on every row of a title."""
    rating, votes = _column(kind, "notaMedia"), _column(kind, "numeroVotos")
    values = {}
    for title, credit_rows in rows.items():
        assert len({(r[rating], r[votes]) for r in credit_rows}) == 1, title
        values[title] = (float(credit_rows[0][rating]), int(credit_rows[0][votes]))
    return values


def _without_drift(rows: list[tuple[str, ...]], kind: FileKind) -> list[tuple[str, ...]]:
    drop = {_column(kind, name) for name in DRIFTING}
    return [tuple(v for i, v in enumerate(row) if i not in drop) for row in rows]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> DaysSample:
    return write_days(tmp_path_factory.mktemp("days"), TITLES, DAYS)


@pytest.fixture(scope="module")
def loads(made: DaysSample) -> dict[FileKind, list[Rows]]:
    """Each kind's titles, one entry per day, oldest first."""
    return {k: [_titles(made.files(d)[k], k) for d in made.dates] for k in KINDS}


def _pairs(loads: dict[FileKind, list[Rows]]):
    """(kind, yesterday, today) for each kind and each two consecutive days."""
    for kind, days in loads.items():
        for before, after in pairwise(days):
            yield kind, before, after


def test_n_consecutive_days_end_on_the_anchor(made: DaysSample) -> None:
    folders = sorted(p.name for p in made.out_dir.iterdir() if p.is_dir())
    assert folders == [d.isoformat() for d in made.dates]
    assert len(made.dates) == DAYS and made.dates[-1] == DEFAULT_END
    assert all(b - a == timedelta(days=1) for a, b in pairwise(made.dates))
    for day in made.dates:
        names = sorted(p.name for p in (made.out_dir / day.isoformat()).iterdir())
        assert names == sorted(k.file_name for k in KINDS)


def test_a_rerun_writes_the_same_bytes(made: DaysSample, tmp_path: Path) -> None:
    again = write_days(tmp_path, TITLES, DAYS)

    def tree(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert tree(again.out_dir) == tree(made.out_dir)


def test_one_day_is_the_plain_sample(tmp_path: Path) -> None:
    one = write_days(tmp_path / "days", TITLES, 1, crlf=True)
    plain = write_sample(tmp_path / "plain", TITLES, crlf=True)
    assert one.load_order == one.dates and one.late is None
    for kind, path in one.files(one.dates[0]).items():
        expected = plain.movies if kind == MOVIES else plain.series
        assert path.read_bytes() == expected.read_bytes()


def test_every_file_is_valid_for_ingest(made: DaysSample, tmp_path: Path) -> None:
    crlf = write_days(tmp_path, 100, 2, crlf=True)
    for sample, ending in ((made, "LF"), (crlf, "CRLF")):
        for day in sample.dates:
            for kind, path in sample.files(day).items():
                report = validate(path, kind)
                assert report.line_ending == ending
                ids = [line.split(b"|", 1)[0] for line in path.read_bytes().splitlines()[1:]]
                assert ids == sorted(ids), path  # sorted by id as a string


def test_title_fields_other_than_rating_and_votes_stay(loads) -> None:
    for kind, before, after in _pairs(loads):
        both = before.keys() & after.keys()
        assert both
        for title in both:
            assert _without_drift(after[title], kind) == _without_drift(before[title], kind)


def test_ratings_and_votes_drift_within_the_rules(loads) -> None:
    """Rule: votes never decrease; a rating moves by at most one tenth a day."""
    for kind, before, after in _pairs(loads):
        old, new = _title_values(before, kind), _title_values(after, kind)
        both = old.keys() & new.keys()
        assert any(old[t][0] != new[t][0] for t in both), kind.name
        assert any(old[t][1] != new[t][1] for t in both), kind.name
        for title in both:
            assert new[title][1] >= old[title][1], title
            assert abs(new[title][0] - old[title][0]) <= 0.1 + 1e-9, title
        for rating, votes in new.values():
            assert 1.0 <= rating <= 10.0 and 5 <= votes <= 2_667_411
        rating = _column(kind, "notaMedia")
        assert all(len(r[0][rating].split(".")[1]) == 1 for r in after.values())


def test_titles_appear_and_disappear(loads) -> None:
    for kind, days in loads.items():
        gone_before: set[str] = set()
        for before, after in pairwise(days):
            appeared = after.keys() - before.keys()
            gone = before.keys() - after.keys()
            assert appeared and gone, kind.name
            assert not appeared & gone_before  # an id that left does not come back
            gone_before |= gone


def test_the_late_day_is_loaded_last(made: DaysSample) -> None:
    manifest = json.loads((made.out_dir / LOADS_FILE).read_text(encoding="utf-8"))
    order = [date.fromisoformat(d) for d in manifest["load_order"]]
    assert sorted(order) == list(made.dates)
    assert order[-1] < max(order[:-1])  # an older day arrives after a newer one
    assert order[:-1] == sorted(order[:-1])
    assert date.fromisoformat(manifest["late"]) == order[-1]
    assert [day for day, _ in read_loads(made.out_dir)] == order


def cinelake(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cinelake.cli", *args], env=env, capture_output=True, text=True
    )


def test_cli_lands_every_day_at_its_date(
    cli_env: dict[str, str], s3, bucket: str, tmp_path: Path
) -> None:
    out_dir = tmp_path / "days"
    made = cinelake(
        cli_env, "sample", "--titles", "300", "--days", "3", "--end-date", "2024-07-12",
        "--out", str(out_dir),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    out = cinelake(cli_env, "ingest", "--from-days", str(out_dir))
    assert out.returncode == 0, out.stderr

    loads = read_loads(out_dir)
    expected = {kind.raw_key(day): path for day, files in loads for kind, path in files.items()}
    listing = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    keys = [o["Key"] for o in listing]
    data = sorted(k for k in keys if not k.startswith((MANIFEST_PREFIX, LOCK_PREFIX)))
    assert data == sorted(expected)
    assert len(data) == len(loads) * len(KINDS)
    for key, path in expected.items():
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == path.read_bytes()

    # One run per day, in the load order: the run manifests say which date came when.
    runs = [
        json.loads(s3.get_object(Bucket=bucket, Key=k)["Body"].read())
        for k in keys
        if k.startswith(MANIFEST_PREFIX)
    ]
    runs.sort(key=lambda run: run["started_at"])
    assert [run["partition_date"] for run in runs] == [day.isoformat() for day, _ in loads]


def test_from_days_refuses_other_file_arguments(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = cinelake(cli_env, "ingest", "--from-days", str(tmp_path), "--date", "2024-07-10")
    assert out.returncode == 1
    assert "--from-days" in out.stderr
    missing = cinelake(cli_env, "ingest", "--from-days", str(tmp_path))
    assert missing.returncode == 1
    assert LOADS_FILE in missing.stderr
