"""Ruptures, the G5 Sahel and the aid and troop figures: taken from the ledger, drawn honestly."""

import dataclasses

import pytest

from sahel.chapters import realignment
from sahel.dates import precision
from sahel.evidence import claims


@pytest.fixture(scope="module")
def ledger():
    return claims.load_ledger()


def test_fmt_date_keeps_precision():
    assert realignment.fmt_date("2014-02-16") == "16 February 2014"
    assert realignment.fmt_date("2023-06") == "June 2023"
    assert realignment.fmt_date("2022") == "2022"
    assert realignment.fmt_period("2020/2021") == "2020–2021"


def test_pick_prefers_the_most_precise_agreeing_claim(ledger):
    severed = [c for c in ledger.by_subject("ukraine.relations.severed") if c.source == "S004"]
    assert len(severed) > 1
    chosen = realignment.pick(ledger, "ukraine.relations.severed")
    assert precision(chosen.date) == "day"
    assert all(chosen.date.startswith(c.date) for c in severed)


def test_pick_refuses_disagreeing_claims(ledger):
    base = realignment.pick(ledger, "mali.g5.withdrawal")
    other = dataclasses.replace(base, id="C004-999", date="2021-05-15")
    with pytest.raises(claims.ClaimError, match="disagree on the date"):
        realignment.pick(claims.Ledger([*ledger, other]), "mali.g5.withdrawal")
    with pytest.raises(claims.ClaimError, match="no claim about 'no.such.subject'"):
        realignment.pick(ledger, "no.such.subject")


def test_timeline_holds_every_event_from_the_article(ledger):
    frame = realignment.timeline(ledger)
    assert sorted(frame["subject"]) == sorted(s for s, _, _ in realignment.TIMELINE)
    for row in frame.itertuples(index=False):
        claim = ledger.get(row.claim)
        assert claim.source == "S004" and claim.date == row.date
        assert row.start <= row.end
        assert (row.start == row.end) == (row.precision == "day")
    assert list(frame["start"]) == sorted(frame["start"])


def test_aid_troops_are_the_claims(ledger):
    data = realignment.aid_troops(ledger)
    for row in data.itertuples(index=False):
        claim = ledger.get(row.claim)
        assert row.value == claim.value
        assert row.drawn == claim.value / realignment.PANEL_SCALE[row.panel]
    assert set(data["subject"]) == {s for s, _, _ in realignment.AID_TROOPS}


def test_g5_table_is_the_claims(ledger):
    table = realignment.g5_table(ledger)
    assert list(table["claim"]) == [realignment.pick(ledger, s).id for s, _ in realignment.G5]


def test_figures_compare_like_with_like(ledger):
    values = realignment.figures(ledger)
    fr, us = ledger.one("france.aid.oecd"), ledger.one("us.aid.oecd")
    assert values["rel_us_fr_ratio"] == f"{us.value / fr.value:.1f}"
    shifted = dataclasses.replace(fr, period="2019/2020")
    broken = claims.Ledger([shifted if c is fr else c for c in ledger])
    with pytest.raises(claims.ClaimError, match="different periods"):
        realignment.figures(broken)


def test_embassy_and_g5_are_read_from_both_sentences():
    from types import SimpleNamespace

    from sahel.evidence.corpus import load_corpus
    from sahel.evidence.textmatch import Located

    documents = load_corpus()
    table, sentences = realignment.embassy_and_g5(documents)
    assert len(table) > 0
    for source, sentence in sentences.items():
        assert Located.of(documents[source].text).find(sentence) is not None
    fake = {
        "S004": SimpleNamespace(text="Intro. Mali's fellow member states Chad and Niger. End."),
        "S000": SimpleNamespace(
            text="In addition to Mali, the Embassy in Bamako has been responsible for "
            "representing Norway in Chad."
        ),
    }
    table, _ = realignment.embassy_and_g5(fake)
    rows = table.set_index("country")
    assert rows.loc["Niger"].tolist() == ["yes", "no"]
    assert rows.loc["Chad"].tolist() == ["yes", "yes"]
