"""The forms a field of a registry or record file may take: the one home of those rules.

Every string from a data file reaches a page, so each is checked where it is loaded: free text
is one line of printable characters (no control, format or bidirectional-override characters, no
line or paragraph separators, no surrounding spaces); a version is a date (YYYY-MM-DD) or a
version number (``2023``, ``25.1``, ``2.3.0``); a BibTeX key and a dotted topic have their own
forms. A value that is none of these stops the load with the file, line and column named. Text
that passes is still data: it reaches HTML only through docutils nodes, which escape it.
"""

import datetime as dt
import re

VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")
DAY = re.compile(r"[0-9]{4}-[0-9][0-9]-[0-9][0-9]")
BIBKEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")


def one_line(value, column, where, error, *, empty_ok=False):
    """``value`` if it is one line of printable text (or empty, if ``empty_ok``)."""
    if not value:
        if empty_ok:
            return value
        raise error(f"{where}: {column} is empty")
    if not value.isprintable():
        bad = next(c for c in value if not c.isprintable())
        raise error(
            f"{where}: {column} holds {bad!r} (U+{ord(bad):04X}): expected one line of "
            "printable text"
        )
    if value != value.strip():
        raise error(f"{where}: {column} {value!r} starts or ends with a space")
    return value


def version(value, column, where, error):
    """``value`` if it is a date (YYYY-MM-DD) or a version number (2023, 25.1, 2.3.0)."""
    if DAY.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    elif VERSION.fullmatch(value):
        return value
    raise error(
        f"{where}: {column} {value!r} is neither a date (YYYY-MM-DD) nor a version number "
        "(2023, 25.1)"
    )


def bibkey(value, column, where, error, *, empty_ok=False):
    """``value`` if it is a BibTeX key (a letter, then letters, digits, ``_``, ``:``, ``-``)."""
    if not value and empty_ok:
        return value
    if not BIBKEY.fullmatch(value):
        raise error(f"{where}: {column} {value!r} is not a BibTeX key ({BIBKEY.pattern})")
    return value
