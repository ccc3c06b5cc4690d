"""Strict CSV reading: a malformed file fails with its name, line and problem."""

import csv
import io
import os
import tempfile
from pathlib import Path

from sahel.evidence.errors import DuplicateIdError, RegistryError


def read_rows(path, columns, *, id_column="id", error=RegistryError):
    """Read ``path`` as CSV whose header is exactly ``columns``; return a list of dicts.

    Every row must have one field per column and a non-empty, unique ``id_column``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise error(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None
    if not rows:
        raise error(f"{path}: empty file, expected header {','.join(columns)}")
    header = rows[0]
    if header != list(columns):
        raise error(f"{path}: header is {','.join(header)!r}, expected {','.join(columns)!r}")
    records, seen = [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(columns):
            raise error(f"{path}: line {line}: {len(row)} fields, expected {len(columns)}")
        record = dict(zip(columns, row, strict=True))
        key = record[id_column]
        if not key.strip():
            raise error(f"{path}: line {line}: empty {id_column}")
        if key in seen:
            raise DuplicateIdError(
                f"{path}: line {line}: duplicate {id_column} {key!r} (first on line {seen[key]})"
            )
        seen[key] = line
        records.append(record)
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
