"""Strict CSV reading: a malformed file fails with its name, line and problem.

Every data file follows the rules of every input file (``sahel.evidence.inputfiles``: a regular
file in its folder, not empty, UTF-8 text without a byte-order mark, LF (or CRLF) line endings
and no other control characters); its header is exactly the expected columns (optionally followed
by declared optional ones); it has at least one row; every id is unique (also ignoring case)
and of the form its file uses (``ID_FORMS``); every ``source`` column holds a source id.
"""

import csv
import io
import os
import re
import tempfile
from pathlib import Path

from sahel.evidence import inputfiles
from sahel.evidence.errors import DuplicateIdError, RegistryError

SOURCE_ID = r"S\d{3,}"
ID_FORMS = {  # the form of the id column of each file in data/, by file name
    "sources.csv": SOURCE_ID,
    "claims.csv": r"C\d{3,}-\d{2,}",
    "coverage_exclusions.csv": r"E\d{3,}-\d{2,}",
    "readings.csv": r"R-\d{2,}",
    "regrades.csv": r"G-\d{2,}",
    "source_defects.csv": r"D\d{3,}-\d{2,}",
    "sites.csv": r"SITE-\d{2,}",
    "scopes.csv": r"SC-\d{2,}",
    "relations_steps.csv": r"ST-\d{2,}",
    # vendored record files keep their published names (data/record/)
    "codebook.csv": r"([a-z0-9_]+/)*[a-z0-9_]+\.csv|record/[A-Za-z0-9][A-Za-z0-9_.-]*\.csv",
    "exhibits.csv": r"(tbl|fig)_[a-z0-9_]+",  # the glue key
    "quotes.csv": r"[a-z][a-z0-9_]*",  # the glue key
    "picks.csv": r"[a-z0-9_]+(\.[a-z0-9_]+)+",  # chapter.name
    "series.csv": r"[A-Z][A-Z0-9]-\d{2,}",
    "reconciliation.csv": r"X-\d{2,}",
    "record_sources.csv": r"R-[A-Z]+(-\d{4})?",
    "official_record.csv": r"[A-Z]\d{2,}",
}
ANY_ID = r"[A-Za-z0-9](\S*[A-Za-z0-9])?"  # any other file: one token, no surrounding spaces
COLUMN_FORMS = {"source": SOURCE_ID}  # columns that hold ids of another table, in any file


class Row(dict):
    """One CSV record, a dict of column to text, that knows its line in the file (``.line``)."""

    line = None


line_of = inputfiles.line_of


def read_text(path, error):
    """The text of a data file under the rules of every input file
    (:func:`sahel.evidence.inputfiles.read_text`: a regular file in its folder, not empty,
    UTF-8 without BOM, no control characters but tab, LF and CRLF)."""
    path = Path(path)
    return inputfiles.read_text(path, path.parent, error)


def _check_header(path, header, columns, optional, error):
    expected = ",".join(columns)
    problems = []
    if dupes := sorted({c for c in header if header.count(c) > 1}):
        problems.append(f"duplicate column {', '.join(dupes)}")
    if missing := [c for c in columns if c not in header]:
        problems.append(f"missing column {', '.join(missing)}")
    if extra := [c for c in header if c not in columns and c not in optional]:
        problems.append(f"unknown column {', '.join(extra)}")
    extras = header[len(columns) :]
    if not problems and (
        header[: len(columns)] != list(columns) or extras != [c for c in optional if c in extras]
    ):
        problems.append("columns out of order")
    if problems:
        also = f" (optional after them: {','.join(optional)})" if optional else ""
        raise error(
            f"{path}: header (line 1): {'; '.join(problems)}: it is {','.join(header)!r}, "
            f"expected {expected!r}{also}"
        )


def read_rows(path, columns, *, id_column="id", error=RegistryError, optional=(), empty_ok=False):
    """Read ``path`` as CSV whose header is exactly ``columns``; return a list of ``Row``s.

    ``optional`` columns may follow them (in that order); a row of a file without one holds
    ``""`` for it. Every row must have one field per column and a unique ``id_column`` of the
    file's form (``ID_FORMS``); ``source`` columns must hold source ids. A file with a header
    and no rows fails unless ``empty_ok``.
    """
    path = Path(path)
    text = read_text(path, error)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise error(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None
    if not rows:
        raise error(f"{path}: empty file, expected header {','.join(columns)}")
    header = rows[0]
    _check_header(path, header, columns, optional, error)
    ascii_forms = {c: form for c, form in COLUMN_FORMS.items() if c in header}
    # \d is an ASCII digit here: "S٠٠١" is no source id
    forms = {column: re.compile(form, re.ASCII) for column, form in ascii_forms.items()}
    forms[id_column] = re.compile(ID_FORMS.get(path.name, ANY_ID), re.ASCII)
    records, seen = [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise error(f"{path}: line {line}: {len(row)} fields, expected {len(header)}")
        record = Row(dict.fromkeys(optional, ""), **dict(zip(header, row, strict=True)))
        record.line = line
        key = record[id_column]
        if not key.strip():
            raise error(f"{path}: line {line}: empty {id_column}")
        for column, form in forms.items():
            if not form.fullmatch(record[column]):
                raise error(
                    f"{path}: line {line}: {column} {record[column]!r} is not of the form "
                    f"{form.pattern}"
                )
        folded = key.casefold()
        if folded in seen:
            first, earlier = seen[folded]
            same = "duplicate" if earlier == key else f"differs only in case from {earlier!r}:"
            raise DuplicateIdError(
                f"{path}: line {line}: {same} {id_column} {key!r} (first on line {first})"
            )
        seen[folded] = (line, key)
        records.append(record)
    if not records and not empty_ok:
        raise error(f"{path}: no rows (only a header); expected at least one {id_column}")
    return records


def _same_bytes(new, old):
    try:
        return Path(old).read_bytes() == Path(new).read_bytes()
    except FileNotFoundError:
        return False


def write_csv_atomic(frame, path):
    """Write a DataFrame to ``path`` via a temporary file, so a failure leaves no partial file.

    An existing file with the same bytes is left alone: its modification time does not change,
    so Sphinx does not see the book's download files as changed and re-run notebooks.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False, lineterminator="\n")
        if _same_bytes(tmp, path):
            Path(tmp).unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
