"""The rows behind a query, as one line of pandas a reader can run on the vendored file.

A :class:`sahel.provenance.Query` may carry a :class:`Selection`: the conditions on the
dataset's columns that pick the rows its figure is counted from (and, for a sum, the columns
added up). From it come, with no second definition to drift:

- :func:`pandas_line`, the expression shown on the dataset's page, e.g.
  ``pd.read_csv("data/record/X.csv").query("`mission_acronym` == 'MINUSMA'")``;
- :func:`apply`, the same selection run on a frame read the same way (the evidence pages list
  those rows and write them to a CSV; ``tests/test_selection.py`` runs every glued query's line
  and compares its rows and result with the glued value).

The file is read exactly as the line says (``pd.read_csv`` with pandas' defaults, every value
as published), not through the package's strict loaders: the line is for a reader checking the
book with nothing but pandas.
"""

from dataclasses import dataclass

OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
#: A query selecting at most this many rows lists them on its entry; more are grouped.
INLINE_ROWS = 20


class SelectionError(ValueError):
    """A selection that cannot be written as a pandas line (unknown operator, no column…)."""


@dataclass(frozen=True)
class Selection:
    """Rows whose columns meet every condition in ``where`` (``(column, operator, value)``);
    ``distinct`` drops exact duplicate rows first (as the loader does); ``total`` names the
    columns whose sum over the rows is the figure (empty: the figure is not a plain sum);
    ``show`` the columns listed for each row; ``group`` the columns the rows are counted by when
    there are too many to list."""

    where: tuple = ()
    distinct: bool = False
    total: tuple = ()
    show: tuple = ()
    group: tuple = ()

    def __post_init__(self):
        for name in ("where", "total", "show", "group"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        fixed = []
        for condition in self.where:
            if len(condition) != 3:
                raise SelectionError(f"condition {condition!r}: give (column, operator, value)")
            column, operator, value = condition
            if operator not in OPERATORS:
                raise SelectionError(f"condition {condition!r}: operator {operator!r} unknown")
            if not str(column).strip():
                raise SelectionError(f"condition {condition!r}: no column")
            if operator in ("in", "not in"):
                value = tuple(value)
            fixed.append((str(column), operator, value))
        object.__setattr__(self, "where", tuple(fixed))

    def as_dict(self):
        """The selection as JSON (lists for tuples), as the glue output carries it."""
        return {
            "where": [list(c[:2]) + [list(c[2]) if isinstance(c[2], tuple) else c[2]]
                      for c in self.where],
            "distinct": self.distinct,
            "total": list(self.total),
            "show": list(self.show),
            "group": list(self.group),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            where=tuple(tuple(c) for c in data.get("where", ())),
            distinct=bool(data.get("distinct", False)),
            total=tuple(data.get("total", ())),
            show=tuple(data.get("show", ())),
            group=tuple(data.get("group", ())),
        )


def _literal(value):
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        raise SelectionError(f"value {value!r}: give a string or a number")
    if isinstance(value, int | float):
        return repr(value)
    return repr(str(value))


def query_text(selection):
    """The conditions as a ``DataFrame.query`` string (columns in backticks)."""
    return " and ".join(
        f"`{column}` {operator} {_literal(value)}" for column, operator, value in selection.where
    )


def pandas_line(path, selection):
    """One line of pandas selecting the rows from the file at ``path`` (relative to the
    repository), and, for a sum, adding them up."""
    line = f'pd.read_csv("{path}")'
    if selection.distinct:
        line += ".drop_duplicates()"
    if selection.where:
        line += f'.query("{query_text(selection)}")'
    if selection.total:
        columns = ", ".join(repr(c) for c in selection.total)
        line += f"[[{columns}]].sum().sum()"
    return line


def apply(frame, selection):
    """The rows of ``frame`` (read with ``pd.read_csv``) the selection picks, in file order."""
    if selection.distinct:
        frame = frame.drop_duplicates()
    missing = [c for c, _, _ in selection.where if c not in frame.columns]
    missing += [c for c in (*selection.total, *selection.show, *selection.group)
                if c not in frame.columns]
    if missing:
        raise SelectionError(f"no column {', '.join(dict.fromkeys(missing))} in the file")
    if selection.where:
        frame = frame.query(query_text(selection))
    return frame


def total(rows, selection):
    """The sum the figure is, over the selected rows (None when the figure is not a sum)."""
    if not selection.total:
        return None
    return rows[list(selection.total)].sum().sum()


def grouped(rows, selection):
    """The selected rows counted by ``selection.group`` (with their sum, for a sum)."""
    if not selection.group:
        return None
    keys = list(selection.group)
    counts = rows.groupby(keys, dropna=False, sort=True).size().rename("rows")
    if selection.total:
        sums = rows.groupby(keys, dropna=False, sort=True)[list(selection.total)].sum()
        return sums.assign(rows=counts).reset_index()
    return counts.reset_index()
