"""`cinelake run`: the steps it plans are real CLI command lines, in the right order."""

from __future__ import annotations

from pathlib import Path

import pytest

from cinelake.cli import build_parser
from cinelake.pipeline import PipelineInput, plan

SAMPLE = Path("/tmp/sample")


def run_input(**overrides: object) -> PipelineInput:
    values: dict[str, object] = {
        "movies": None,
        "series": None,
        "sample_dir": SAMPLE,
        "sample_titles": 300,
        "sample_days": 2,
    }
    values.update(overrides)
    return PipelineInput(**values)  # type: ignore[arg-type]


def commands(steps: list[list[str]]) -> list[str]:
    return [argv[0] for argv in steps]


def test_the_sample_run_lands_builds_enriches_from_its_own_bodies_and_builds_again() -> None:
    steps = plan(run_input())
    assert commands(steps) == ["sample", "ingest", "build", "tmdb-serve", "build"]
    assert steps[0] == [
        "sample",
        "--titles",
        "300",
        "--days",
        "2",
        "--out",
        str(SAMPLE),
        "--tmdb-bodies",
    ]
    assert steps[1] == ["ingest", "--from-days", str(SAMPLE)]
    # enrich runs while the sample's bodies are served on loopback
    serve, enrich = steps[3][: steps[3].index("--")], steps[3][steps[3].index("--") + 1 :]
    assert serve == ["tmdb-serve", "--responses", str(SAMPLE / "tmdb")]
    assert enrich[0] == "enrich"


def test_a_key_sends_the_sample_run_to_the_real_api() -> None:
    steps = plan(run_input(has_tmdb_key=True))
    assert commands(steps) == ["sample", "ingest", "build", "enrich", "build"]


def test_own_files_are_landed_and_enriched_only_with_a_key(tmp_path: Path) -> None:
    movies = tmp_path / "movies.csv"
    without_key = plan(run_input(movies=movies, replace=True))
    assert without_key == [["ingest", "--movies", str(movies), "--replace"], ["build"]]
    with_key = plan(run_input(movies=movies, has_tmdb_key=True))
    assert commands(with_key) == ["ingest", "build", "enrich", "build"]
    assert with_key[2] == ["enrich"]


def test_enrich_alone_uses_the_sample_bodies_only_when_they_are_there(tmp_path: Path) -> None:
    assert plan(run_input(sample_dir=tmp_path), ("enrich",)) == []
    (tmp_path / "tmdb").mkdir()
    assert commands(plan(run_input(sample_dir=tmp_path), ("enrich",))) == ["tmdb-serve", "build"]


def test_unknown_steps_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown steps"):
        plan(run_input(), ("ingest", "deploy"))


@pytest.mark.parametrize("key", [False, True])
@pytest.mark.parametrize("own", [False, True])
def test_every_planned_step_is_a_valid_cinelake_command(own: bool, key: bool) -> None:
    parser = build_parser()
    run = run_input(movies=Path("m.csv") if own else None, has_tmdb_key=key)
    for argv in plan(run):
        parsed = parser.parse_args(argv)  # exits on an unknown option
        assert parsed.command == argv[0]
        if "--" in argv:  # and the command run inside it
            inner = argv[argv.index("--") + 1 :]
            assert parser.parse_args(inner).command == inner[0]
