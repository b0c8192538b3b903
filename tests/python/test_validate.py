"""Validation: every way a file can be wrong gives one line naming the file, line and problem."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import MOVIE_ROW, SERIES_ROW, big_movies_csv, write_csv

from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS
from ingest.validate import MIB, ValidationError, part_size_for, validate


def rows(n: int) -> list[str]:
    return [MOVIE_ROW.format(n=i) for i in range(n)]


def problem(path: Path, kind=MOVIES) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate(path, kind)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)
    return info.value


def test_valid_file_is_measured(movies_csv: Path) -> None:
    report = validate(movies_csv, MOVIES)
    data = movies_csv.read_bytes()
    assert report.rows == data.count(b"\n") - 1
    assert report.size == len(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.line_ending == "LF"
    assert not report.multipart


def test_crlf_and_lf_both_pass(tmp_path: Path, series_csv: Path) -> None:
    crlf = validate(series_csv, SERIES)
    assert crlf.line_ending == "CRLF"
    lf_path = tmp_path / "series_lf.csv"
    lf_path.write_bytes(series_csv.read_bytes().replace(b"\r\n", b"\n"))
    lf = validate(lf_path, SERIES)
    assert lf.line_ending == "LF"
    assert lf.rows == crlf.rows == 30


def test_last_line_without_newline_counts(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("|".join(MOVIES_COLUMNS) + "\n" + "\n".join(rows(3)))
    assert validate(path, MOVIES).rows == 3


def test_quoted_fields_with_doubled_quotes_count_as_one(tmp_path: Path) -> None:
    quoted = MOVIE_ROW.format(n=1).replace("Title 1", '"A ""quoted"" | piped title"')
    path = write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, [quoted])
    assert validate(path, MOVIES).rows == 1


def test_missing_and_unexpected_columns_are_named(tmp_path: Path) -> None:
    header = (*(c for c in MOVIES_COLUMNS if c != "numeroVotos"), "extra")
    err = problem(write_csv(tmp_path / "m.csv", header, rows(2)))
    assert err.line == 1
    assert "missing column(s) numeroVotos" in str(err)
    assert "unexpected column(s) extra" in str(err)


def test_corrected_spelling_is_refused(tmp_path: Path) -> None:
    header = tuple("tituloPrincipal" if c == "tituloPincipal" else c for c in MOVIES_COLUMNS)
    err = problem(write_csv(tmp_path / "m.csv", header, rows(2)))
    assert "missing column(s) tituloPincipal" in str(err)


def test_series_file_given_as_movies_names_the_extra_column(series_csv: Path) -> None:
    assert "unexpected column(s) anoTermino" in str(problem(series_csv, MOVIES))


def test_columns_out_of_order(tmp_path: Path) -> None:
    header = (MOVIES_COLUMNS[1], MOVIES_COLUMNS[0], *MOVIES_COLUMNS[2:])
    assert "out of order" in str(problem(write_csv(tmp_path / "m.csv", header, rows(1))))


def test_wrong_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(",".join(MOVIES_COLUMNS) + "\n" + rows(1)[0].replace("|", ",") + "\n")
    err = problem(path)
    assert err.line == 1
    assert "not '|'-delimited (it looks comma-delimited)" in str(err)


def test_latin1_bytes_report_the_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    body = ("|".join(MOVIES_COLUMNS) + "\n" + "\n".join(rows(5)) + "\n").encode()
    path.write_bytes(body + MOVIE_ROW.format(n=9).replace("Ana", "Andr\u00e9").encode("latin-1"))
    err = problem(path)
    assert err.line == 7
    assert "not valid UTF-8 (byte 0xE9" in str(err)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"")
    assert "file is empty" in str(problem(path))


def test_header_only(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, [], newline="\r\n")
    assert "no data rows" in str(problem(path))


def test_ragged_row_reports_the_first_bad_line(tmp_path: Path) -> None:
    data = rows(10)
    data[3] = data[3] + "|surplus"
    data[7] = data[7].rsplit("|", 1)[0]
    err = problem(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, data))
    assert err.line == 5
    assert "has 16 fields, expected 15" in str(err)


def test_short_series_row(tmp_path: Path) -> None:
    data = [SERIES_ROW.format(n=1), SERIES_ROW.format(n=2).replace("|2001|2004|", "|2001|")]
    err = problem(write_csv(tmp_path / "s.csv", SERIES_COLUMNS, data, "\r\n"), SERIES)
    assert (err.line, err.problem) == (3, "has 15 fields, expected 16")


def test_unbalanced_quote(tmp_path: Path) -> None:
    bad = MOVIE_ROW.format(n=1).replace("Title 1", '"Title 1')
    err = problem(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, [*rows(2), bad]))
    assert err.line == 4
    assert "unbalanced double quote" in str(err)


def test_empty_line_inside(tmp_path: Path) -> None:
    err = problem(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, [*rows(2), "", *rows(2)]))
    assert (err.line, err.problem) == (4, "empty line")


def test_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("|".join(MOVIES_COLUMNS) + "\n" + rows(1)[0]).encode())
    assert "byte-order mark" in str(problem(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in str(problem(tmp_path / "absent.csv"))


def test_errors_across_chunk_boundaries_keep_line_numbers(tmp_path: Path) -> None:
    # Lines straddle the 5 MiB read chunks; the bad line is far past the first chunk.
    path = big_movies_csv(tmp_path / "m.csv", 12 * MIB)
    lines = path.read_bytes().split(b"\n")
    bad_line = len(lines) - 10
    lines[bad_line - 1] += b"|x"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ValidationError) as info:
        validate(path, MOVIES, part_size=5 * MIB)
    assert info.value.line == bad_line


def test_part_digests_match_the_file(tmp_path: Path) -> None:
    path = big_movies_csv(tmp_path / "m.csv", 11 * MIB)
    report = validate(path, MOVIES, part_size=5 * MIB)
    data = path.read_bytes()
    assert report.multipart
    assert report.part_digests == tuple(
        hashlib.sha256(data[i : i + 5 * MIB]).digest() for i in range(0, len(data), 5 * MIB)
    )
    assert report.rows == data.count(b"\n") - 1


def test_part_size_stays_under_the_part_limit() -> None:
    assert part_size_for(100 * MIB) == 8 * MIB
    huge = 200 * 1024 * MIB
    assert part_size_for(huge) * 10_000 >= huge
    assert part_size_for(huge) % MIB == 0


def test_quoted_pipe_cannot_hide_a_missing_field(tmp_path: Path) -> None:
    # 14 pipes in all, as a good line has, but one is inside quotes: only 14 fields.
    good = MOVIE_ROW.format(n=1)
    bad = good.replace("Title 1|Original 1", '"Title | 1 Original 1"')
    assert bad.count("|") == good.count("|")
    err = problem(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, [*rows(3), bad, *rows(3)]))
    assert (err.line, err.problem) == (5, "has 14 fields, expected 15")


def test_mixed_line_endings_pass_and_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    data = rows(4)
    path.write_bytes(
        (
            "|".join(MOVIES_COLUMNS)
            + "\r\n"
            + "\r\n".join(data[:2])
            + "\n"
            + "\n".join(data[2:])
            + "\n"
        ).encode()
    )
    report = validate(path, MOVIES)
    assert (report.rows, report.line_ending) == (4, "mixed")


def test_bad_quoted_line_before_a_bad_plain_line_is_reported_first(tmp_path: Path) -> None:
    data = rows(6)
    data[1] = data[1].replace("Title 1", '"Title ""1"" | x"').rsplit("|", 1)[0]
    data[4] += "|extra"
    err = problem(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, data))
    assert (err.line, err.problem) == (3, "has 14 fields, expected 15")


@pytest.mark.parametrize(
    ("bad", "problem_text"),
    [
        ("\x00", "control character U+0000"),
        ("\x01", "control character U+0001"),
        ("\t", "control character U+0009"),
        ("\x1b", "control character U+001B"),
        ("\r", "control character U+000D"),  # a CR that does not end the line
        ("\x7f", "control character U+007F"),
        ("\u0085", "control character U+0085"),
        ("\u009f", "control character U+009F"),
        ("\ufeff", "byte-order mark U+FEFF"),
        ("\ufffe", "noncharacter U+FFFE"),
        ("\uffff", "noncharacter U+FFFF"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_bytes_no_text_csv_holds_are_refused_with_line_and_column(
    tmp_path: Path, bad: str, problem_text: str, newline: str
) -> None:
    data = rows(6)
    data[3] = data[3].replace("Title 3", f"Ti{bad}tle 3")
    column = data[3].index(bad) + 1
    err = problem(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, data, newline))
    assert err.line == 5
    assert err.problem.startswith(f"{problem_text} at column {column};")


def test_a_bad_byte_far_into_a_big_file_names_its_line(tmp_path: Path) -> None:
    path = big_movies_csv(tmp_path / "m.csv", 12 * MIB)
    lines = path.read_bytes().split(b"\n")
    bad_line = len(lines) - 10
    lines[bad_line - 1] = lines[bad_line - 1].replace(b"Title", b"Ti\x00tle", 1)
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ValidationError) as info:
        validate(path, MOVIES, part_size=5 * MIB)
    assert info.value.line == bad_line
    assert "control character U+0000 at column" in info.value.problem


def test_accented_text_and_crlf_still_pass(tmp_path: Path) -> None:
    data = [r.replace("Title", "Título Ærø “quoted” ✓") for r in rows(4)]
    assert validate(write_csv(tmp_path / "m.csv", MOVIES_COLUMNS, data, "\r\n"), MOVIES).rows == 4
