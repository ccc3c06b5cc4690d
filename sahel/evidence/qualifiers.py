"""What a claim's qualifier says about its figure: the one home for qualifier meaning.

Every qualifier the ledger accepts is listed here with the kind of bound it makes of the figure
it qualifies ("over 170" is a lower bound, "around 180" an approximation, "by the end of 2023"
an upper bound on a date). The ledger's check (``claims``), the MINUSMA chapter's toll, the
relations chapter's charts and the way a figure is written back ("over 170") all read it from
here. Two claims are compared for disagreement by their values alone (see
``sahel.chapters.disagreements``); reading the bounds as intervals is the next step.
"""

EXACT = "exact"
LOWER = "lower bound"
UPPER = "upper bound"
APPROXIMATE = "approximate"
AS_STATED = "as stated"

#: qualifier as the ledger writes it -> the bound it makes of the figure
BOUNDS = {
    EXACT: AS_STATED,
    "more than": LOWER,
    "over": LOWER,
    "about": APPROXIMATE,
    "around": APPROXIMATE,
    "approximately": APPROXIMATE,
    "close to": APPROXIMATE,
    "since": LOWER,
    "following": LOWER,
    "by": UPPER,
    "by the end of": UPPER,
    "as of": AS_STATED,
}
QUALIFIERS = tuple(BOUNDS)


class QualifierError(ValueError):
    """A qualifier the report does not know the meaning of."""


def bound(qualifier):
    """The kind of bound ``qualifier`` makes: "lower bound", "approximate", "as stated"…"""
    try:
        return BOUNDS[qualifier]
    except KeyError:
        raise QualifierError(f"no meaning is known for qualifier {qualifier!r}") from None


def is_lower_bound(qualifier):
    """True for "over", "more than", "since"…: the figure is a floor, the truth may be higher."""
    return bound(qualifier) == LOWER


def worded(text, qualifier):
    """Put the source's qualifier before a written figure ("close to NOK 450 million")."""
    bound(qualifier)
    return text if qualifier == EXACT else f"{qualifier} {text}"


def as_written(claim):
    """The claim as its source words it: qualifier and quantity ("over 170")."""
    return worded(claim.quantity, claim.qualifier)
