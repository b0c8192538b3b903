"""Landing files in the Raw zone of a real SeaweedFS lake."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import big_movies_csv

from cinelake.config import Settings
from ingest.landing import LandingError, ensure_bucket, land
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES
from ingest.validate import MIB, validate

DAY = date(2024, 7, 10)
MOVIES_KEY = "Raw/Local/CSV/Movies/2024/07/10/movies.csv"
SERIES_KEY = "Raw/Local/CSV/Series/2024/07/10/series.csv"


def cinelake(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cinelake.cli", *args], env=env, capture_output=True, text=True
    )


def keys(s3, bucket: str, prefix: str = "") -> list[str]:
    listing = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"] for o in listing.get("Contents", []))


def test_happy_path_lands_both_files_byte_for_byte(
    settings: Settings, s3, bucket: str, movies_csv: Path, series_csv: Path
) -> None:
    result = ingest(settings, {MOVIES: movies_csv, SERIES: series_csv}, DAY)
    assert [r.status for r in result.results] == ["landed", "landed"]
    assert keys(s3, bucket, "Raw/Local/CSV/Movies") == [MOVIES_KEY]
    assert keys(s3, bucket, "Raw/Local/CSV/Series") == [SERIES_KEY]
    for key, path in ((MOVIES_KEY, movies_csv), (SERIES_KEY, series_csv)):
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert body == path.read_bytes()
        meta = s3.head_object(Bucket=bucket, Key=key)["Metadata"]
        assert meta["sha256"] == hashlib.sha256(body).hexdigest()
        assert meta["rows"] == str(body.count(b"\n") - 1)
        assert meta["source-file"] == path.name

    manifest = json.loads(s3.get_object(Bucket=bucket, Key=result.manifest_key)["Body"].read())
    assert result.manifest_key.startswith("Raw/Local/CSV/_manifests/")
    assert manifest["partition_date"] == "2024-07-10"
    assert manifest["started_at"] <= manifest["finished_at"]
    by_kind = {f["kind"]: f for f in manifest["files"]}
    assert by_kind["movies"]["key"] == MOVIES_KEY
    assert by_kind["series"]["rows"] == 30
    assert by_kind["series"]["bytes"] == series_csv.stat().st_size
    assert by_kind["movies"]["sha256"] == hashlib.sha256(movies_csv.read_bytes()).hexdigest()


def test_same_file_again_is_unchanged(
    settings: Settings, s3, bucket: str, movies_csv: Path
) -> None:
    ingest(settings, {MOVIES: movies_csv}, DAY)
    first = s3.head_object(Bucket=bucket, Key=MOVIES_KEY)
    again = ingest(settings, {MOVIES: movies_csv}, DAY)
    assert again.results[0].status == "unchanged"
    assert s3.head_object(Bucket=bucket, Key=MOVIES_KEY)["ETag"] == first["ETag"]


def test_different_file_is_refused_then_replaced_with_flag(
    settings: Settings, s3, bucket: str, movies_csv: Path, tmp_path: Path
) -> None:
    ingest(settings, {MOVIES: movies_csv}, DAY)
    changed = tmp_path / "changed" / "movies.csv"
    changed.parent.mkdir()
    changed.write_bytes(movies_csv.read_bytes().replace(b"|7.1|", b"|7.2|"))
    with pytest.raises(LandingError, match="pass --replace"):
        ingest(settings, {MOVIES: changed}, DAY)
    assert s3.get_object(Bucket=bucket, Key=MOVIES_KEY)["Body"].read() == movies_csv.read_bytes()

    replaced = ingest(settings, {MOVIES: changed}, DAY, replace=True)
    assert replaced.results[0].status == "replaced"
    assert s3.get_object(Bucket=bucket, Key=MOVIES_KEY)["Body"].read() == changed.read_bytes()


def test_other_date_is_another_partition(
    settings: Settings, s3, bucket: str, movies_csv: Path
) -> None:
    ingest(settings, {MOVIES: movies_csv}, DAY)
    ingest(settings, {MOVIES: movies_csv}, date(2024, 7, 11))
    assert keys(s3, bucket, "Raw/Local/CSV/Movies") == [
        MOVIES_KEY,
        "Raw/Local/CSV/Movies/2024/07/11/movies.csv",
    ]


class Interrupted(Exception):
    pass


def test_failure_mid_upload_leaves_nothing_and_rerun_completes(
    settings: Settings, s3, bucket: str, tmp_path: Path
) -> None:
    path = big_movies_csv(tmp_path / "movies.csv", 12 * MIB)
    report = validate(path, MOVIES, part_size=5 * MIB)
    assert len(report.part_digests) == 3

    sent = 0

    def fail_after_first_part(n: int) -> None:
        nonlocal sent
        sent += n
        if sent > 5 * MIB:
            raise Interrupted("injected failure")

    with pytest.raises(LandingError, match="injected failure"):
        land(s3, bucket, report, DAY, progress=fail_after_first_part)
    assert sent > 5 * MIB  # it really was in the middle of the upload
    assert keys(s3, bucket, "Raw/") == []
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []

    done = land(s3, bucket, report, DAY)
    assert done.status == "landed"
    head = s3.head_object(Bucket=bucket, Key=MOVIES_KEY, ChecksumMode="ENABLED")
    assert head["ContentLength"] == path.stat().st_size
    assert head["ChecksumSHA256"].endswith("-3")


def test_upload_left_by_a_crashed_run_is_aborted(
    settings: Settings, s3, bucket: str, movies_csv: Path
) -> None:
    ensure_bucket(s3, bucket)
    upload = s3.create_multipart_upload(Bucket=bucket, Key=MOVIES_KEY)
    s3.upload_part(
        Bucket=bucket, Key=MOVIES_KEY, UploadId=upload["UploadId"], PartNumber=1, Body=b"half"
    )
    ingest(settings, {MOVIES: movies_csv}, DAY)
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert s3.get_object(Bucket=bucket, Key=MOVIES_KEY)["Body"].read() == movies_csv.read_bytes()


def test_small_file_changed_after_validation_is_refused(
    settings: Settings, s3, bucket: str, movies_csv: Path
) -> None:
    report = validate(movies_csv, MOVIES)
    movies_csv.write_bytes(movies_csv.read_bytes().replace(b"Title", b"Tytle"))
    with pytest.raises(LandingError, match="changed since it was validated"):
        land(s3, bucket, report, DAY)
    assert keys(s3, bucket, "Raw/") == []


def test_large_file_changed_after_validation_is_refused(
    settings: Settings, s3, bucket: str, tmp_path: Path
) -> None:
    path = big_movies_csv(tmp_path / "movies.csv", 11 * MIB)
    report = validate(path, MOVIES, part_size=5 * MIB)
    with path.open("r+b") as handle:  # same size, one byte changed in the second part
        handle.seek(7 * MIB)
        byte = handle.read(1)
        handle.seek(7 * MIB)
        handle.write(b"X" if byte != b"X" else b"Y")
    with pytest.raises(LandingError, match="changed since it was validated"):
        land(s3, bucket, report, DAY)
    assert keys(s3, bucket, "Raw/") == []
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def _wrong_header(good: Path) -> bytes:
    return b"id|tituloPincipal\ntt1|x\n"


def _nul_on_line_12(good: Path) -> bytes:
    lines = good.read_bytes().split(b"\n")
    lines[11] = lines[11].replace(b"|", b"|\x00", 1)
    return b"\n".join(lines)


@pytest.mark.parametrize(
    ("bad_kind", "spoil", "error"),
    [
        ("series", _wrong_header, ":1: wrong header for series.csv: missing column(s)"),
        ("movies", _nul_on_line_12, ":12: control character U+0000 at column 11;"),
    ],
    ids=["wrong-header", "nul-byte"],
)
def test_bad_file_is_one_line_error_and_nothing_lands(
    cli_env: dict[str, str],
    s3,
    bucket: str,
    movies_csv: Path,
    series_csv: Path,
    tmp_path: Path,
    bad_kind: str,
    spoil: Callable[[Path], bytes],
    error: str,
) -> None:
    files = {"movies": movies_csv, "series": series_csv}
    bad = tmp_path / "bad" / f"{bad_kind}.csv"
    bad.parent.mkdir()
    bad.write_bytes(spoil(files[bad_kind]))
    files[bad_kind] = bad
    out = cinelake(
        cli_env,
        "ingest",
        "--movies",
        str(files["movies"]),
        "--series",
        str(files["series"]),
        "--date",
        "2024-07-10",
    )
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1
    assert f"{bad}{error}" in errors[0]
    # Validation comes first: the valid file was not landed either.
    assert "uploading" not in out.stderr
    assert s3.list_buckets()["Buckets"] == [] or keys(s3, bucket, "Raw/") == []


def test_cli_lands_and_never_shows_the_secret(
    cli_env: dict[str, str], settings: Settings, s3, bucket: str, movies_csv: Path
) -> None:
    secret = settings.secret_key
    assert secret
    runs = [
        cinelake(cli_env, "-v", "ingest", "--movies", str(movies_csv), "--date", "2024-07-10"),
        cinelake(cli_env, "-v", "ingest", "--movies", str(movies_csv), "--date", "2024-07-10"),
        cinelake(cli_env, "lake", "status"),
        cinelake(
            {**cli_env, "CINELAKE_SECRET_KEY": secret + "x"},
            "-v",
            "ingest",
            "--movies",
            str(movies_csv),
        ),
    ]
    assert [r.returncode for r in runs] == [0, 0, 0, 1]
    assert "landed: s3://" in runs[0].stderr
    assert "unchanged: s3://" in runs[1].stderr
    for run in runs:
        assert secret not in run.stdout + run.stderr
    assert keys(s3, bucket, "Raw/Local/CSV/Movies") == [MOVIES_KEY]
    lake_log = Path(cli_env["CINELAKE_LAKE_DIR"]) / "weed.log"
    assert secret not in lake_log.read_text(errors="replace")


def test_missing_arguments(cli_env: dict[str, str]) -> None:
    out = cinelake(cli_env, "ingest")
    assert out.returncode == 1
    assert "give --movies PATH and/or --series PATH" in out.stderr


@pytest.mark.parametrize("newline", ["lf", "crlf"])
def test_generated_sample_validates_and_lands(
    cli_env: dict[str, str], s3, bucket: str, tmp_path: Path, newline: str
) -> None:
    flags = ["--crlf"] if newline == "crlf" else []
    made = cinelake(cli_env, "sample", "--titles", "300", "--out", str(tmp_path), *flags)
    assert made.returncode == 0, made.stderr
    out = cinelake(
        cli_env,
        "ingest",
        "--movies",
        str(tmp_path / "movies.csv"),
        "--series",
        str(tmp_path / "series.csv"),
        "--date",
        "2024-07-10",
    )
    assert out.returncode == 0, out.stderr
    assert f"{newline.upper()} line endings" in out.stderr
    for key, name in ((MOVIES_KEY, "movies.csv"), (SERIES_KEY, "series.csv")):
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert body == (tmp_path / name).read_bytes()
