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


def test_oecd_aid_is_the_claims_for_the_same_years(ledger):
    data = realignment.oecd_aid(ledger)
    for row in data.itertuples(index=False):
        claim = ledger.get(row.claim)
        assert row.usd == claim.value and row.usd_million == claim.value / 1_000_000
    assert list(data["donor"]) == ["France", "United States"]
    assert set(data["period"]) == {"2020–2021"}
    # C004-20 / C004-18: US$205 million against US$128 million, 205 / 128 = 1.6
    assert realignment.aid_title(ledger) == (
        "The United States gave Mali 1.6 times as much aid as France through the DAC, 2020–2021"
    )
    fr = ledger.one("france.aid.oecd")
    shifted = claims.Ledger(
        [dataclasses.replace(fr, period="2019/2020") if c is fr else c for c in ledger]
    )
    with pytest.raises(claims.ClaimError, match="cover different periods"):
        realignment.oecd_aid(shifted)


def test_forces_keep_each_figure_with_its_own_period(ledger):
    data = realignment.forces(ledger).set_index("subject")
    assert set(data.index) == {s for s, _, _ in realignment.FORCES}
    assert data.loc["us.aid.military", "as written"] == "over $588 million"
    assert data.loc["us.aid.military", "figure"].endswith("which began in 2017")
    assert data.loc["france.troops.expelled", "when"] == "2022"
    assert data.loc["minusma.personnel", "when"] == "not stated"


def test_six_ruptures_after_the_coups(ledger):
    # by hand from the timeline's claims: after 2021 (the second coup) the article dates the
    # UN restriction (2022), the French expulsion (2022), the G5 withdrawal (15 May 2022), the
    # request for MINUSMA's removal (June 2023), Sweden (2024) and Ukraine (4 August 2024)
    after = realignment.after_coups(realignment.timeline(ledger), ledger)
    assert list(after["subject"]) == [
        "mali.un.restricted", "mali.france.expulsion", "mali.g5.withdrawal",
        "mali.withdrawal.request", "sweden.ambassador.expelled", "ukraine.relations.severed",
    ]  # fmt: skip
    assert realignment.figures(ledger)["rel_ruptures_after_coups"] == "six"


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
    assert rows.loc["Niger"].tolist() == [realignment.MEMBER, "no"]
    assert rows.loc["Chad"].tolist() == [realignment.MEMBER, "yes"]


def test_g5_membership_is_read_as_the_article_gives_it(corpus):
    """The article: "fellow member states Burkina Faso (formerly), Chad, Mauritania, and Niger
    (formerly)". Reading every name as a current member (the old table) fails here."""
    table, _ = realignment.embassy_and_g5(corpus)
    status = dict(zip(table["country"], table[realignment.G5_COLUMN], strict=True))
    assert status == {
        "Burkina Faso": realignment.FORMER,
        "Chad": realignment.MEMBER,
        "Mauritania": realignment.MEMBER,
        "Niger": realignment.FORMER,
    }
    summary = realignment.embassy_summary(table)
    assert summary["rel_g5_former"] == "Burkina Faso and Niger"
    assert summary["rel_g5_current"] == "Chad and Mauritania"
    assert (summary["rel_g5_others"], summary["rel_embassy_shared"]) == ("4", "4")


def test_g5_members_marks_only_names_followed_by_formerly():
    sentence = "with the fellow member states Chad (formerly), Niger and Mauritania (formerly)."
    assert realignment.g5_members(sentence) == {
        "TD": realignment.FORMER, "NE": realignment.MEMBER, "MR": realignment.FORMER,
    }  # fmt: skip


def test_the_chapters_quotes_are_verbatim_excerpts_of_the_article(corpus, ledger):
    from sahel import content

    rows = {k: v for k, v in content.load_quotes(corpus, ledger).items() if k.startswith("rel_q_")}
    assert set(rows) == {"rel_q_g5_members", "rel_q_sweden", "rel_q_g5_weakening"}
    assert "pro-Russian policies" in rows["rel_q_sweden"][0]
    assert "Burkina Faso (formerly)" in rows["rel_q_g5_members"][0]
