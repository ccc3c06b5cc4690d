"""The human cost, from the UN's own count: the figures pinned to the vendored 2025 and 2023
files, and the charts drawing exactly their CSVs."""

import datetime as dt

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sahel.chapters import human_cost
from sahel.chapters.reconciliation import MALICIOUS, deaths_by
from sahel.charts import human_cost as charts
from sahel.charts import style
from sahel.evidence import record
from sahel.evidence.registry import load_registry


@pytest.fixture(scope="module")
def fatalities():
    return record.fatalities(human_cost.CITED)


@pytest.fixture(scope="module")
def earlier():
    return record.fatalities(human_cost.EARLIER)


@pytest.fixture(scope="module")
def registry():
    return {source.id: source for source in load_registry()}


def test_deaths_by_year_and_cause_sum_to_the_mission_total(fatalities):
    table = human_cost.by_year_and_cause(fatalities)
    causes = [c for c in table.columns if c not in ("year", "total")]
    assert table["total"].sum() == 311
    assert (table[causes].sum(axis=1) == table["total"]).all()
    assert table["Malicious Act"].sum() == 174
    assert list(table["year"]) == list(range(2013, 2024))
    assert human_cost.by_cause(fatalities) == {
        "Malicious Act": 174,
        "Illness": 88,
        "Accident": 38,
        "To Be Determined": 9,
        "Unknown": 2,
    }


def test_running_count_reaches_174_by_the_first_article(fatalities):
    running = human_cost.cumulative(fatalities)
    assert running["cumulative"].iloc[-1] == 174
    assert running["deaths"].sum() == 174
    by_day = running[running["date"] <= dt.date(2023, 8, 31)]["cumulative"].iloc[-1]
    assert by_day == 174 == deaths_by(fatalities, dt.date(2023, 8, 31), MALICIOUS)


def test_seed_marks_are_their_qualifiers_intervals(ledger, registry, fatalities):
    marks = human_cost.seed_marks(ledger, registry, fatalities).set_index("source")
    over, around = marks.loc["S001"], marks.loc["S003"]
    assert (over["as_written"], over["low"]) == ("over 170", 170)
    assert pd.isna(over["high"])
    assert over["first_day"] == dt.date(2023, 8, 31)
    assert (around["low"], around["high"]) == (175, 185)
    assert around["first_day"] == around["last_day"] == dt.date(2023, 12, 12)
    assert (over["un_first"], around["un_last"]) == (174, 174)


def test_nationalities_add_up_and_no_norwegian_died(fatalities):
    table = human_cost.by_nationality(fatalities)
    total = table.iloc[-1]
    assert (total["deaths"], total["malicious_acts"]) == (311, 174)
    assert table.iloc[:-1]["deaths"].sum() == 311
    assert (table.iloc[0]["nationality"], table.iloc[0]["deaths"]) == ("Chad", 80)
    assert len(table) == human_cost.TOP_NATIONALITIES + 2
    assert human_cost.nationals(fatalities) == (0, 43)
    assert human_cost.nationals(fatalities, "TCD") == (80, 90)  # the check finds where there are
    assert human_cost.figures_for_norway(fatalities) == "no Norwegian national"


def test_revision_moves_exactly_five_deaths_from_tbd_to_illness(
    ledger, registry, fatalities, earlier
):
    moved = human_cost.cause_revision(human_cost.revision(earlier, fatalities))
    assert moved[["before", "after", "deaths"]].values.tolist() == [
        ["To Be Determined", "Illness", 5]
    ]
    marks = human_cost.seed_marks(ledger, registry, fatalities)
    figures = human_cost.figures(fatalities, earlier, marks, ledger)
    assert figures["hc_revision_deaths"] == "five"
    assert figures["hc_malicious_earlier"] == figures["hc_malicious"] == "174"


def test_revision_refuses_versions_with_different_deaths(fatalities, earlier):
    fewer = earlier[earlier["casualty_id"] != "MINUSMA-2015-11-09494"]
    with pytest.raises(record.RecordError, match="differ in deaths"):
        human_cost.revision(fewer, fatalities)


def test_cause_chart_draws_exactly_its_csv(fatalities):
    style.use_style()
    table = human_cost.by_year_and_cause(fatalities)
    fig = charts.cause_chart(table)
    ax = fig.axes[0]
    causes = [c for c in table.columns if c not in ("year", "total")]
    for container, cause in zip(ax.containers, causes, strict=True):
        heights = [round(p.get_height()) for p in container.patches]
        assert heights == table[cause].tolist()
    tops = [round(p.get_y() + p.get_height()) for p in ax.containers[-1].patches]
    plt.close(fig)
    assert tops == table["total"].tolist()


def test_cumulative_chart_draws_exactly_its_csv(ledger, registry, fatalities):
    style.use_style()
    data = human_cost.cumulative_chart_data(ledger, registry, fatalities)
    fig = charts.cumulative_chart(data)
    un = data[data["kind"] == human_cost.UN_COUNT]
    seeds = data[data["kind"] == human_cost.SEED]
    for ax in fig.axes:
        (line,) = [x for x in ax.lines if x.get_gid() == "un-count"]
        assert [int(y) for y in line.get_ydata()] == un["high"].astype(int).tolist()
        boxes = {p.get_gid(): p for p in ax.patches if p.get_gid() in set(seeds["source"])}
        assert set(boxes) == set(seeds["source"])
        for row in seeds.itertuples():
            assert boxes[row.source].get_y() == row.low
            if not pd.isna(row.high):
                assert boxes[row.source].get_y() + boxes[row.source].get_height() == row.high
    plt.close(fig)
    assert un["high"].iloc[-1] == 174
    assert un["last_day"].iloc[-1] == max(seeds["last_day"])


# --- MINUSMA among all missions, who died, deployed strength (issue 22 items 1-2) ---------------

from sahel.chapters import fallen, standing  # noqa: E402


@pytest.fixture(scope="module")
def strength():
    return record.radpko("R-RADPKO")


def test_minusma_ranks_first_by_malicious_acts_second_by_all_causes_and_per_year(fatalities):
    # by hand: f = pd.read_csv(FILE, keep_default_na=False); f["y"] = f.incident_date.str[:4]
    # .astype(int); g = f.groupby("mission_acronym"); (f.type_of_incident == "Malicious Act")
    # .groupby(f.mission_acronym).sum().nlargest(3) -> MINUSMA 174, ONUC 135, UNOSOM 114;
    # g.size().nlargest(2) -> UNIFIL 339, MINUSMA 311; ONUC 135 / (1964 - 1960 + 1) = 27.0 per
    # year against MINUSMA 174 / (2023 - 2013 + 1) = 15.82
    table = standing.missions(fatalities)
    ours = standing.standing(table)
    assert (ours["malicious_acts"], ours["deaths"], ours["years"]) == (174, 311, 11)
    assert (ours["rank_malicious_acts"], ours["rank_deaths"], ours["rank_malicious_per_year"]) == (
        1, 2, 2)
    assert standing.leader(table, "deaths")["mission"] == "UNIFIL"
    assert standing.leader(table, "malicious_per_year")["mission"] == "ONUC"
    assert len(table) == fatalities["mission_acronym"].nunique() == 81


def test_minusmas_share_of_malicious_act_deaths_under_both_readings(fatalities):
    # by hand: m = f[f.type_of_incident == "Malicious Act"]; m[m.incident_date.str[:4]
    # .between("2013", "2023")] -> 344 rows, 174 of MINUSMA (50.6 %); m[m.incident_date
    # .between("2013-08-22", "2023-11-10")] -> 325 rows (53.5 %)
    shares = standing.windows(fatalities).set_index("reading")
    assert shares["all"].tolist() == [344, 325]
    assert shares["mission"].tolist() == [174, 174]
    figures = standing.figures(fatalities)
    assert (figures["st_share_years"], figures["st_share_days"]) == ("50.6%", "53.5%")
    assert figures["st_rank_malicious"] == "first"


def test_the_standing_chart_highlights_minusma_and_titles_its_finding(fatalities):
    style.use_style()
    data = standing.chart_data(standing.missions(fatalities))
    fig = charts.standing_chart(data)
    bars = fig.axes[0].patches
    colours = {tuple(b.get_facecolor()) for b in bars}
    title = fig._suptitle.get_text().replace("\n", " ")
    plt.close(fig)
    assert len(bars) == standing.TOP and len(colours) == 2
    assert title == "MINUSMA lost more personnel to malicious acts than any other UN mission"
    second = data.assign(highlight=data["mission"] == "ONUC")
    assert charts.standing_title(second) == "ONUC ranks 2 of all UN missions by deaths from " \
        "malicious acts"


def test_deaths_by_personnel_type(fatalities):
    # by hand: f[f.mission_acronym == "MINUSMA"].casualty_personnel_type.value_counts() ->
    # Military 263, Local 17, International Civilian 15, Police 12, Other 4
    table = fallen.by_personnel(fatalities).set_index("personnel")
    assert table["deaths"].to_dict() == {
        "military": 263, "police": 12, "international civilians": 15, "local staff": 17,
        "other": 4,
    }
    assert table.loc["military", "malicious_acts"] == 167


def test_country_names_come_from_the_iso_code_never_the_files_spelling(fatalities):
    """The UN file spells "Côte dIvoire" (with no isocode3 on those rows): the book prints
    Côte d'Ivoire and keeps the file's spelling in the CSV's own column."""
    assert fallen.country("", "Côte dIvoire") == ("CIV", "Côte d'Ivoire")
    assert fallen.country("USA", "United States of America") == ("USA", "United States")
    assert fallen.country("COD", "x")[1] == "Democratic Republic of the Congo"
    assert fallen.country("", "ZZ [Undetermined]") == ("", fallen.UNKNOWN)
    table = human_cost.by_nationality(fatalities)
    assert "Côte dIvoire" not in set(table["nationality"])
    row = table[table["nationality"] == "Côte d'Ivoire"].iloc[0]
    # by hand: (f[f.mission_acronym == "MINUSMA"].casualty_nationality == "Côte dIvoire").sum()
    assert (row["spelled"], row["deaths"]) == ("Côte dIvoire", 8)


def test_africans_bore_most_deaths(fatalities):
    # by hand: MINUSMA rows by isocode3 (CIV for the 8 "Côte dIvoire"), African by Natural
    # Earth: TCD 80 + BFA 27 + GIN 27 + TGO 26 + NER 25 + EGY 17 + MLI 17 + SEN 16 + CIV 8 +
    # NGA 7 + BEN 4 + BDI 2 + TUN 2 + CMR, ETH, GMB, LBR, ZMB 1 each = 263 of 311
    assert fallen.african_share(fatalities) == (263, 311, 311)
    continents = fallen.by_continent(fatalities).set_index("continent")["deaths"]
    assert continents.to_dict() == {"Africa": 263, "Asia": 34, "Europe": 11, "North America": 3}


def test_deaths_per_thousand_deployed_over_the_years_both_files_cover(fatalities, strength):
    # by hand: r = pd.read_csv(RADPKO); m = r[r.mission == "MINUSMA"]; m.year 2014-2019;
    # m.chad_pko.sum() -> 8165.2 personnel-years; Chad's uniformed MINUSMA deaths 2014-2019:
    # f[(f.mission_acronym == "MINUSMA") & (f.isocode3 == "TCD") & f.incident_date.str[:4]
    # .between("2014", "2019") & f.casualty_personnel_type.isin(["Military", "Police",
    # "Military Observer"])] -> 61; 1000 * 61 / 8165.2 = 7.47
    assert fallen.common_years(fatalities, strength) == (2014, 2019)
    rates = fallen.rates(fatalities, strength).set_index("alpha_3")
    assert rates.loc["TCD", ["deaths", "personnel_years", "per_thousand"]].tolist() == [
        61, 8165.2, 7.5]
    assert pd.isna(rates.loc["CMR", "per_thousand"])  # a death, no strength in RADPKO
    # by hand: m.afr_pko.sum() / m.pko_deployed.sum() = 48055.9 / 72709.8 = 66.1 %
    afr, total = fallen.african_strength(strength, 2014, 2019)
    assert (round(afr, 1), round(total, 1)) == (48055.9, 72709.8)


def test_the_radpko_loader_names_what_is_wrong(tmp_path):
    """A broken copy of the file fails with a named error: a changed byte, a header whose
    contributor group is broken, a mean that is not a number."""
    import hashlib
    import shutil

    sources = record.load_sources()
    good = sources["R-RADPKO"]
    registry = tmp_path / "record_sources.csv"
    text = (record.RECORD_SOURCES_CSV).read_text(encoding="utf-8")

    def with_file(body):
        folder = tmp_path / "record"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        (folder / good.file).write_bytes(body)
        digest = hashlib.sha256(body).hexdigest()
        registry.write_text(text.replace(good.sha256, digest).replace(
            f",{good.bytes},", f",{len(body)},"), encoding="utf-8")
        return folder

    original = (record.RECORD_DIR / good.file).read_bytes()
    folder = with_file(original)
    (folder / good.file).write_bytes(original.replace(b"MINUSMA", b"MINUSMB", 1))
    with pytest.raises(record.RecordAlteredError):
        record.radpko("R-RADPKO", registry, folder)
    header, rest = original.split(b"\n", 1)
    folder = with_file(header.replace(b"chad_untrp", b"chad_troops") + b"\n" + rest)
    with pytest.raises(record.RecordColumnError, match="chad"):
        record.radpko("R-RADPKO", registry, folder)
    lines = rest.split(b"\n")
    fields = lines[0].split(b",")
    fields[7] = b"-3"  # pko_deployed
    folder = with_file(header + b"\n" + b",".join(fields) + b"\n" + b"\n".join(lines[1:]))
    with pytest.raises(record.RecordValueError, match="line 2: pko_deployed '-3'"):
        record.radpko("R-RADPKO", registry, folder)
