"""The rules every input file follows, in one place: seeds, registries, data files and the
vendored record files alike.

An input file is a regular file inside its folder (a link may point to another file of the same
folder, never out of it; a directory, pipe or device is refused); it is not empty; it is UTF-8
text without a byte-order mark; it holds no NUL or other control character but tab and line
ends (LF, or CRLF: a carriage return only before a line feed). What a page shows of a file is
then exactly its text: nothing the browser would drop or reinterpret.

:func:`read_bytes` applies the rules on the path, :func:`decode` those on the bytes (a caller
that checks a sha256 does so between the two), :func:`read_text` both. Each raises the caller's
error class (a :class:`~sahel.evidence.errors.SahelInputError`) naming the file, and the line
where the problem has one. :func:`check_folder` applies them to every file of a folder, for
``make verify``.
"""

import re
import stat
from pathlib import Path

# Control characters other than tab and line ends; a carriage return only as part of CRLF.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")


def line_of(text, offset):
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def check_path(path, folder, error):
    """Refuse a link that leaves ``folder``, and anything but a regular file (or a missing one:
    ``error`` "file not found")."""
    path, folder = Path(path), Path(folder)
    if path.is_symlink():
        target = path.resolve()
        if target.parent != folder.resolve():
            raise error(
                f"{path}: a link to {target}, outside {folder.name}/; input files must be "
                f"files in {folder.name}/"
            )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    if stat.S_ISDIR(mode):
        raise error(f"{path}: is a directory, expected a file")
    if not stat.S_ISREG(mode):
        raise error(f"{path}: not a regular file (a pipe, socket or device); expected a file")


def read_bytes(path, folder, error):
    """The bytes of an input file once its path passes :func:`check_path`."""
    check_path(path, folder, error)
    try:
        return Path(path).read_bytes()
    except PermissionError:
        raise error(f"{path}: not readable (permission denied)") from None


def decode(data, path, error):
    """The text of an input file's bytes: not empty, UTF-8 without BOM, no control character
    but tab and line ends."""
    if not data:
        raise error(f"{path}: empty file (0 bytes); an input file holds text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{path}: line {line}: not valid UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    if text.startswith("\ufeff"):
        raise error(f"{path}: line 1: starts with a byte-order mark; save as UTF-8 without BOM")
    if bad := CONTROL.search(text):
        what = "carriage return not followed by a line feed" if bad[0] == "\r" else repr(bad[0])
        raise error(
            f"{path}: line {line_of(text, bad.start())}: control character {what}; "
            "input files are plain text (tab, LF or CRLF line ends)"
        )
    return text


def read_text(path, folder, error):
    """:func:`read_bytes`, then :func:`decode`."""
    return decode(read_bytes(path, folder, error), path, error)


def check_folder(folder, error, *, text=True, pattern="*"):
    """Every entry of ``folder`` matching ``pattern`` (hidden ones too) passes the rules (the
    path rules and non-empty only, unless ``text``); returns the paths, sorted. All problems
    are reported together, one per line."""
    folder = Path(folder)
    if not folder.is_dir():
        raise error(f"{folder}: missing folder")
    problems, found = [], []
    for path in sorted(folder.glob(pattern)):
        try:
            data = read_bytes(path, folder, error)
            if text:
                decode(data, path, error)
            elif not data:
                raise error(f"{path}: empty file (0 bytes)")
        except error as exc:
            problems.append(str(exc))
        else:
            found.append(path)
    if problems:
        raise error("\n".join(problems))
    return found
