"""Streaming validation of an input file, in constant memory.

One pass reads the file in part-sized chunks and, at the same time, computes what
the upload needs to be verified: the sha256 of the whole file, the sha256 of every
multipart part, and the row count.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ingest.schema import DELIMITER, FileKind

MIB = 1024 * 1024
DEFAULT_PART_SIZE = 8 * MIB
MAX_PARTS = 10_000  # S3's limit on parts per multipart upload
MAX_LINE_BYTES = 16 * MIB  # a longer "line" means this is not the expected text file
OTHER_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
# Bytes no text CSV of these files holds: the C0 controls but LF and CR (a CR may only
# end a line, checked apart), tab included, and DEL. Found with one translate per block.
_C0_AND_DEL = bytes([*range(0x0D), *range(0x0E, 0x20), 0x7F]).replace(b"\n", b"")
_ALL_BUT_C0_AND_DEL = bytes(b for b in range(256) if b not in _C0_AND_DEL)
# The shape of a block: its pipes and line ends, and any C0 control or DEL, which then
# spoils the shape, so the fast path costs nothing more for them.
_ALL_BUT_SHAPE = bytes(b for b in range(256) if b not in b"|\r\n" + _C0_AND_DEL)
# Characters no text CSV holds, looked for (as their UTF-8 bytes, in a block known to
# be valid UTF-8) only in a block that is not all ASCII: the C1 controls, a byte-order
# mark past the start, and the noncharacters U+FFFE and U+FFFF.
_C1_CONTROL_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_BAD_NON_ASCII_UTF8 = ("\ufeff".encode(), "\ufffe".encode(), "\uffff".encode())
# All of them, for the line-by-line look at a block known to hold one (a CR is bad
# unless it ends the line: LF was split off, so a CRLF's CR is last).
_BAD_CHARACTER = re.compile("[\x00-\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|\r(?!$)")


class ValidationError(Exception):
    """A file is not what its kind requires; str() is one line naming file, line, problem."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class FileReport:
    """What validation measured; the upload is checked against it."""

    path: Path
    kind: FileKind
    size: int
    rows: int
    sha256: str
    part_size: int
    part_digests: tuple[bytes, ...]
    line_ending: str  # "LF", "CRLF" or "mixed"

    @property
    def multipart(self) -> bool:
        return self.size > self.part_size


def part_size_for(size: int, minimum: int = DEFAULT_PART_SIZE) -> int:
    """The multipart part size: `minimum`, grown in whole MiB to stay under S3's part limit."""
    needed = -(-size // MAX_PARTS)
    return max(minimum, -(-needed // MIB) * MIB)


class _LineChecker:
    """Checks lines in order; keeps only counters, never the lines."""

    def __init__(self, path: Path, kind: FileKind) -> None:
        self.path, self.kind = path, kind
        self.expected = len(kind.columns)
        self.line_no = 0  # last line checked, 1-based; the header is line 1
        self.lf_shape = b"|" * (self.expected - 1) + b"\n"
        self.crlf_shape = b"|" * (self.expected - 1) + b"\r\n"
        self.crlf = 0
        self.lf = 0

    def fail(self, problem: str, line: int | None = None) -> ValidationError:
        return ValidationError(self.path, line or self.line_no, problem)

    def header(self, line: bytes) -> None:
        self.line_no = 1
        if line.startswith(b"\xef\xbb\xbf"):
            raise self.fail("starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
        text = self._decode(line, 1).removesuffix("\r")
        if DELIMITER not in text:
            found = [name for d, name in OTHER_DELIMITERS.items() if d in text]
            guess = f" (it looks {found[0]}-delimited)" if found else ""
            raise self.fail(f"header is not '{DELIMITER}'-delimited{guess}")
        got = text.split(DELIMITER)
        if tuple(got) == self.kind.columns:
            return
        missing = [c for c in self.kind.columns if c not in got]
        unexpected = [c for c in got if c not in self.kind.columns]
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unexpected:
            parts.append("unexpected column(s) " + ", ".join(unexpected))
        if not parts:
            parts.append("columns are out of order; expected " + DELIMITER.join(self.kind.columns))
        raise self.fail(f"wrong header for {self.kind.file_name}: " + "; ".join(parts))

    def _decode(self, block: bytes, first_line: int) -> str:
        try:
            return block.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = first_line + block.count(b"\n", 0, exc.start)
            column = exc.start - (block.rfind(b"\n", 0, exc.start) + 1) + 1
            bad = block[exc.start : exc.start + 1].hex().upper()
            raise self.fail(
                f"not valid UTF-8 (byte 0x{bad} at column {column}); re-encode the file as UTF-8",
                line,
            ) from None

    def feed(self, block: bytes) -> None:
        """Check whole lines (the block ends at a line end, or at end of file)."""
        if self.line_no == 0:  # the very first line is the header
            header, newline, block = block.partition(b"\n")
            self.header(header)
            if not newline or not block:
                return
        if not block.endswith(b"\n"):
            block += b"\n"
        if not block.isascii():
            self._decode(block, self.line_no + 1)
            # each lead byte is rare, and memchr finds it fast: look further only then
            if (b"\xef" in block and any(bad in block for bad in _BAD_NON_ASCII_UTF8)) or (
                b"\xc2" in block and _C1_CONTROL_UTF8.search(block)
            ):
                self._bad_character(block)
        # Fast path, all in C: keep only `|`, CR, LF and bad controls; a good block is
        # then exactly `expected - 1` pipes and a line end, once per line, all LF or all
        # CRLF (a control, or a CR not before LF, makes it another shape).
        shape = block.translate(None, _ALL_BUT_SHAPE)
        lines = shape.count(b"\n")
        if shape == self.lf_shape * lines:
            self.lf += lines
            self._check_quoted_lines(block)
        elif shape == self.crlf_shape * lines:
            self.crlf += lines
            self._check_quoted_lines(block)
        else:  # mixed line endings, a control, a stray CR or a bad line: look closer
            # C-level scans of the whole block: a C0 control or DEL, or a CR not before LF
            if block.translate(None, _ALL_BUT_C0_AND_DEL) or block.count(b"\r") != (
                block.count(b"\r\n")
            ):
                self._bad_character(block)
            self._check_each_line(block)
        self.line_no += lines

    def _bad_character(self, block: bytes) -> None:
        """Raise naming the first bad character of `block`: its line, column (in
        characters) and code point. Only a block known to hold one gets here, and only
        then are its lines looked at one by one."""
        for at, line in enumerate(block.split(b"\n"), start=self.line_no + 1):
            found = _BAD_CHARACTER.search(line.decode("utf-8", "replace"))
            if found:
                char = found.group()
                raise self.fail(
                    f"{_describe(char)} U+{ord(char):04X} at column {found.start() + 1}; "
                    "no text CSV holds it (a binary or corrupted file?)",
                    at,
                )
        raise AssertionError("no bad character found")  # pragma: no cover

    def _check_quoted_lines(self, block: bytes) -> None:
        """Parse only the lines holding a quote; find them with bytes.find, in linear time."""
        at, counted_to = self.line_no + 1, 0
        quote = block.find(b'"')
        while quote >= 0:
            start = block.rfind(b"\n", 0, quote) + 1
            end = block.find(b"\n", quote)
            at += block.count(b"\n", counted_to, start)
            counted_to = start
            fields = self._quoted_fields(block[start:end].removesuffix(b"\r"), at)
            if fields != self.expected:
                raise self.fail(f"has {fields} fields, expected {self.expected}", at)
            quote = block.find(b'"', end)

    def _check_each_line(self, block: bytes) -> None:
        for at, line in enumerate(block.split(b"\n")[:-1], start=self.line_no + 1):
            if line.endswith(b"\r"):
                line = line[:-1]
                self.crlf += 1
            else:
                self.lf += 1
            if not line:
                raise self.fail("empty line", at)
            fields = self._quoted_fields(line, at) if b'"' in line else line.count(b"|") + 1
            if fields != self.expected:
                raise self.fail(f"has {fields} fields, expected {self.expected}", at)

    def _quoted_fields(self, line: bytes, at: int) -> int:
        """The number of fields of line `at`, which holds quotes."""
        # Doubled quotes inside a quoted field keep the count of quotes even.
        if line.count(b'"') % 2:
            raise self.fail("unbalanced double quote (quoted fields may not span lines)", at)
        try:
            row = next(csv.reader([line.decode("utf-8")], delimiter=DELIMITER, strict=True))
        except csv.Error as exc:
            raise self.fail(f"malformed quoting: {exc}", at) from None
        return len(row)

    @property
    def line_ending(self) -> str:
        if self.crlf and self.lf:
            return "mixed"
        return "CRLF" if self.crlf else "LF"


def _describe(char: str) -> str:
    if char == "\ufeff":
        return "byte-order mark"
    if char in "\ufffe\uffff":
        return "noncharacter"
    return "control character"


def _hash_part(whole: hashlib._Hash, chunk: bytes) -> bytes:
    whole.update(chunk)
    return hashlib.sha256(chunk).digest()


def validate(
    path: Path,
    kind: FileKind,
    part_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> FileReport:
    """Validate `path` as a file of `kind`, or raise ValidationError."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(path, None, f"cannot read: {exc.strerror}") from None
    if size == 0:
        raise ValidationError(path, None, "file is empty")
    part_size = part_size or part_size_for(size)
    checker = _LineChecker(path, kind)
    whole = hashlib.sha256()
    digests: list[bytes] = []
    carry = b""
    # Hashing releases the GIL: it runs on the other core while this one checks lines.
    with path.open("rb") as handle, ThreadPoolExecutor(1, thread_name_prefix="sha256") as hasher:
        while chunk := handle.read(part_size):
            hashed = hasher.submit(_hash_part, whole, chunk)
            if progress:
                progress(len(chunk))
            data = carry + chunk if carry else chunk
            end = data.rfind(b"\n") + 1
            carry = data[end:]
            if len(carry) > MAX_LINE_BYTES:
                raise checker.fail(
                    "line is longer than 16 MiB; not a text file?", checker.line_no + 1
                )
            if end:
                checker.feed(data[:end])
            digests.append(hashed.result())
    if carry:
        checker.feed(carry)
    rows = checker.line_no - 1
    if rows < 1:
        raise ValidationError(path, None, "has a header but no data rows")
    return FileReport(
        path=path,
        kind=kind,
        size=size,
        rows=rows,
        sha256=whole.hexdigest(),
        part_size=part_size,
        part_digests=tuple(digests),
        line_ending=checker.line_ending,
    )
