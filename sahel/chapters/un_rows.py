"""Rows of the UN fatalities file as :class:`~sahel.evidence.selection.Selection`\\ s: the
conditions on the raw file's columns behind the chapters' queries on it (one home, so a query
glued by two chapters is described alike)."""

from sahel.chapters.reconciliation import MISSION
from sahel.evidence.selection import Selection

#: The columns listed for each selected row on the dataset's page.
COLUMNS = ("incident_date", "casualty_id", "casualty_nationality", "casualty_personnel_type",
           "type_of_incident")


def mission(*where, group=("type_of_incident",)):
    """The rows of MINUSMA meeting ``where`` (``(column, operator, value)`` conditions)."""
    return Selection(where=(("mission_acronym", "==", MISSION), *where), show=COLUMNS,
                     group=group)


def cause(name):
    """MINUSMA's rows of one type of incident, counted by nationality when listed."""
    return mission(("type_of_incident", "==", name), group=("casualty_nationality",))


def in_year(year):
    """Conditions for an incident_date within calendar ``year`` (ISO dates compare as text)."""
    return (("incident_date", ">=", f"{year}-01-01"), ("incident_date", "<=", f"{year}-12-31"))


def personnel(*types):
    """MINUSMA's rows of the given casualty_personnel_type values."""
    return mission(("casualty_personnel_type", "in", list(types)),
                   group=("casualty_personnel_type",))
