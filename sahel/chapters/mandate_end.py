"""The day MINUSMA's mandate ended: one status, read where the book decides it.

The sources give two days for the mandate's end (an article's summary and the Malian envoy it
quotes). Whether they disagree, and whether the record settles it, is decided once: by the
disagreements analysis (:func:`sahel.chapters.disagreements.analyse`) over the reconciliation's
checks (:func:`sahel.chapters.reconciliation.run`). Every chapter and chart that shows the
mandate's end asks :func:`status` instead of deciding for itself, so the timeline can no longer
draw "sources disagree" while the disagreements chapter says the record settles it.
"""

from dataclasses import dataclass

from sahel.chapters import disagreements
from sahel.chapters import reconciliation as rec
from sahel.dates import readings
from sahel.formatting import fmt_date
from sahel.provenance import Formula, Quote, traced

SUBJECT = "minusma.mandate.end"
KEY = "mandate_end"  # the event of :func:`sahel.chapters.minusma.build_events`
WORDED = "the same day, worded differently"  # not a flag: in the worded-differently list
OPEN = (disagreements.NOT_COVERED,)  # statuses under which the readings stay side by side


@dataclass(frozen=True)
class Status:
    """``status``: the flag's settlement (:data:`sahel.chapters.disagreements.SETTLEMENTS`) or
    :data:`WORDED`; ``dates``: the readings the charts draw (those the record bears out when it
    settles the flag, else every reading); ``claims``: the claims of the flag."""

    status: str
    dates: tuple
    claims: tuple

    @property
    def disagree(self):
        """True if the charts must show the readings as a disagreement (more than one drawn)."""
        return len(self.dates) > 1


def status(ledger, results, subject=SUBJECT):
    """The one status of ``subject``'s dates: the settlement of the disagreements flag that
    holds it, with the dates the record bears out (every reading if it bears out none, or
    if no check covers the flag); :data:`WORDED` with every reading if the analysis lists
    the claims as the same figure worded differently."""
    flags, worded = disagreements.analyse(ledger, results=results)
    claims = tuple(ledger.by_subject(subject))
    every = tuple(readings(c.date for c in claims))
    flag = next((f for f in flags if subject in f.subjects), None)
    if flag is None:
        if any(subject in w.key.split(" = ") for w in worded):
            return Status(WORDED, every[:1], claims)
        return Status(disagreements.NOT_COVERED, every, claims)
    verdicts = disagreements.outcomes(flag.claims, flag.checks)
    borne = [c for c in flag.claims if verdicts.get(c.id) == rec.CONSISTENT]
    dates = tuple(readings(c.date for c in borne)) if borne else every
    if flag.settlement in OPEN:
        dates = every
    return Status(flag.settlement, dates, flag.claims)


def status_text(found):
    """The status in the words the chapter glues, traced to where it is decided."""
    return traced(
        found.status,
        Formula("the disagreements analysis of the claims on the mandate's end, checked against "
                "the record by the reconciliation (the same verdict the disagreements chapter "
                "shows)", name="minusma_mandate_end_status"),
    )


def figures(found, ledger):
    """The status and the day(s) it keeps, formatted for the prose, by glue name: the dates
    traced to the claims that state them."""
    stating = [c for c in found.claims if c.date in found.dates] or list(found.claims)
    return {
        "minusma_mandate_end_status": status_text(found),
        "minusma_mandate_end": traced(
            " or ".join(fmt_date(d) for d in found.dates), Quote(*stating)
        ),
    }
