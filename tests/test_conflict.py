"""The conflict around the mission, from UCDP's organized-violence data: the strict loader's
named errors (each breaks a scratch copy and expects the file and line), the figures pinned to
the vendored v25.1 file and to a direct read of it, and the charts drawing exactly their CSVs."""

import csv
import io

import matplotlib.pyplot as plt
import pytest

from sahel.chapters import conflict, minusma, norway, violence
from sahel.charts import conflict as charts
from sahel.charts import style
from sahel.evidence import record
from sahel.evidence.record import (
    RecordAlteredError,
    RecordCodeError,
    RecordColumnError,
    RecordDateError,
    RecordError,
    RecordValueError,
)
from sahel.provenance import evidence_of
from tests.book import copy_registered
from tests.conftest import rewrite
from tests.test_record import reregister

UCDP_FILE = "organizedviolencecy_v25_1.csv"
MALI, CHAD = 432, 483


@pytest.fixture
def copy(tmp_path):
    """A scratch copy of data/record/ and its registry: (registry, record_dir)."""
    return copy_registered(tmp_path, record.RECORD_DIR, record.RECORD_SOURCES_CSV)


@pytest.fixture(scope="module")
def frame():
    return record.ucdp(conflict.CITED)


@pytest.fixture(scope="module")
def direct():
    """The vendored file read with the csv module alone: {(country id, year): row}."""
    with (record.RECORD_DIR / UCDP_FILE).open(encoding="utf-8", newline="") as f:
        return {(int(r["country_id_cy"]), int(r["year_cy"])): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def phases(ledger):
    return conflict.window(minusma.build_events(ledger))


@pytest.fixture(scope="module")
def covered(corpus):
    return conflict.countries(corpus[norway.SOURCE].text)


def edit(record_dir, country_id, year, column, value):
    """Set one field of one country-year row of the scratch copy, the rest of the file as is;
    returns the row's line number."""
    file = record_dir / UCDP_FILE
    lines = file.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    prefix = f"{country_id},"
    for i, line in enumerate(lines):
        fields = next(csv.reader([line])) if line.startswith(prefix) else None
        if fields and fields[header.index("year_cy")] == str(year):
            fields[header.index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(fields)
            lines[i] = out.getvalue()
            file.write_text("\n".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"no row for {country_id} in {year}")


def broken(copy, country_id, year, column, value):
    registry, record_dir = copy
    line = edit(record_dir, country_id, year, column, value)
    reregister(registry, record_dir, conflict.CITED)
    return registry, record_dir, line


# --- the loader ------------------------------------------------------------------------------


def test_one_altered_byte_stops_naming_the_file(copy):
    registry, record_dir = copy
    file = record_dir / UCDP_FILE
    data = bytearray(file.read_bytes())
    data[-3] = ord("7") if data[-3] != ord("7") else ord("8")
    file.write_bytes(bytes(data))
    with pytest.raises(RecordAlteredError, match=r"organizedviolencecy_v25_1\.csv: sha256"):
        record.ucdp(conflict.CITED, registry, record_dir)


def test_missing_column_is_named(copy):
    registry, record_dir = copy
    rewrite(record_dir / UCDP_FILE, ",os_total_deaths_high_cy,", ",os_total_deaths_hi_cy,")
    reregister(registry, record_dir, conflict.CITED)
    with pytest.raises(
        RecordColumnError,
        match=r"v25_1\.csv: header \(line 1\): missing column os_total_deaths_high_cy",
    ):
        record.ucdp(conflict.CITED, registry, record_dir)


@pytest.mark.parametrize("year", ["2031", "1988", "20x3"])
def test_bad_year_names_file_and_line(copy, year):
    registry, record_dir, line = broken(copy, MALI, 2013, "year_cy", year)
    with pytest.raises(RecordDateError, match=rf"v25_1\.csv: line {line}: year_cy '{year}'"):
        record.ucdp(conflict.CITED, registry, record_dir)


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("sb_total_deaths_best_cy", "-3", r"sb_total_deaths_best_cy '-3' is not a whole number"),
        ("ns_total_deaths_low_cy", "2.5", r"ns_total_deaths_low_cy '2\.5' is not a whole"),
        ("os_total_deaths_high_cy", "", r"os_total_deaths_high_cy '' is not a whole number"),
        ("ns_total_deaths_low_cy", "90", r"ns_total_deaths: low 90, best 28, high"),
        (
            "cumulative_total_deaths_in_orgvio_best_cy",
            "900",
            r"cumulative_total_deaths_in_orgvio .* is not the sum",
        ),
        # Mali 2013: one-sided best 30 = governments' 26 + groups' 4, the main government 26
        ("os_nsgroup_killings_best_cy", "5", r"one-sided deaths \(best\) 30 are not"),
        (
            "os_main_govt_killings_best_cy",
            "27",
            r"the main government's killings \(best\) 27 exceed all governments' 26",
        ),
        ("os_any_govt_killings_low_cy", "x", r"os_any_govt_killings_low_cy 'x' is not a whole"),
    ],
)
def test_bad_value_names_file_and_line(copy, column, value, what):
    registry, record_dir, line = broken(copy, MALI, 2013, column, value)
    with pytest.raises(RecordValueError, match=rf"v25_1\.csv: line {line}: {what}"):
        record.ucdp(conflict.CITED, registry, record_dir)


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("country_id_cy", "999", r"country_id_cy 999 with country_cy 'Mali'"),
        ("country_cy", "Mal", r"country_id_cy 432 with country_cy 'Mal'"),
        ("country_id_cy", "43x", r"country_id_cy '43x' is not a whole number"),
    ],
)
def test_unknown_country_code_names_file_and_line(copy, column, value, what):
    registry, record_dir, line = broken(copy, MALI, 2013, column, value)
    with pytest.raises(RecordCodeError, match=rf"v25_1\.csv: line {line}: .*{what}"):
        record.ucdp(conflict.CITED, registry, record_dir)
    with pytest.raises(RecordCodeError, match="no UCDP country id known for 'XYZ'"):
        record.ucdp_country_id("XYZ")


def test_a_row_of_another_version_or_a_repeated_row_is_refused(copy):
    registry, record_dir, line = broken(copy, MALI, 2013, "version", "24.1")
    with pytest.raises(RecordError, match=rf"line {line}: version '24\.1', but the registry"):
        record.ucdp(conflict.CITED, registry, record_dir)
    edit(record_dir, MALI, 2013, "version", "25.1")
    edit(record_dir, MALI, 2014, "year_cy", "2013")  # Mali 2013 twice
    reregister(registry, record_dir, conflict.CITED)
    with pytest.raises(RecordError, match=r"country 432 in 2013 is also on line"):
        record.ucdp(conflict.CITED, registry, record_dir)


def test_the_published_unbracketed_figures_are_exactly_the_listed_ones(direct):
    found = set()
    for (cid, year), row in direct.items():
        for stem in record.UCDP_DEATHS:
            low, best, high = (int(row[f"{stem}_{b}_cy"]) for b in record.BOUNDS)
            if not low <= best <= high:
                found.add((cid, year, stem))
    assert found == record.UCDP_UNBRACKETED


def test_the_last_year_is_read_from_the_version():
    assert record.ucdp_last_year("25.1") == 2024
    with pytest.raises(RecordError, match="not a release number"):
        record.ucdp_last_year("v25")


# --- the figures -----------------------------------------------------------------------------


def test_the_loader_gives_what_a_direct_read_gives(frame, direct):
    assert len(frame) == len(direct) == 6936
    mali = frame[frame["country_id_cy"] == MALI].set_index("year_cy")
    for year, best in ((2013, 881), (2022, 3656)):
        column = "cumulative_total_deaths_in_orgvio_best_cy"
        assert mali.at[year, column] == int(direct[(MALI, year)][column]) == best


def test_countries_are_the_press_releases_and_the_window_the_timelines(covered, phases):
    assert list(covered["iso_a3"]) == ["MLI", "BFA", "MRT", "NER", "TCD"]
    assert list(covered["country_id"]) == [432, 439, 435, 436, 483]
    assert phases["deployment"][:2] == ("2013-04-25", "2023-06-30")
    assert phases["withdrawal"][:2] == ("2023-07-01", "2023-12-31")


def test_years_run_from_the_year_before_the_mission_to_the_datasets_last(frame, phases):
    assert conflict.years(frame, phases) == (2012, 2024)
    assert conflict.mission_years(phases) == (2013, 2023)


def test_mali_by_type_adds_up_to_the_total(frame, phases):
    table = conflict.by_type(frame, MALI, *conflict.years(frame, phases))
    parts = table[["state_based", "non_state", "one_sided"]].sum(axis=1)
    assert (parts == table["total"]).all()
    assert (table["total_low"] <= table["total"]).all()
    assert (table["total"] <= table["total_high"]).all()
    row = table.set_index("year").loc[2022]
    assert (row["state_based"], row["non_state"], row["one_sided"]) == (1440, 755, 1461)


def test_period_total_over_the_full_years_and_every_year(frame, phases):
    # by hand from the file: Mali's cumulative_total_deaths_in_orgvio_{best,low,high}_cy
    # summed over 2014..2023 (291 + 256 + 198 + 612 + 1281 + 1227 + 1543 + 1287 + 3656 + 2118)
    # and over 2013..2023 (the same plus 2013's 881, 881, 1074)
    assert conflict.full_years(phases) == (2014, 2023)
    full = conflict.period_total(frame, MALI, *conflict.full_years(phases))
    assert (full["best"], full["low"], full["high"]) == (12469, 11975, 15584)
    every = conflict.period_total(frame, MALI, *conflict.mission_years(phases))
    assert (every["best"], every["low"], every["high"]) == (13350, 12856, 16658)
    assert every["state_based"] + every["non_state"] + every["one_sided"] == every["best"]


def test_full_years_start_with_the_establishment_on_new_years_day():
    phases = {
        "deployment": ("2013-01-01", "2023-06-30", ()),
        "withdrawal": ("2023-07-01", "2023-12-31", ()),
    }
    assert conflict.full_years(phases) == (2013, 2023)
    spans = conflict.periods(phases, 2024)
    assert "established" not in set(spans["key"])  # no partial year to set apart


def test_periods_split_the_years_by_phase(frame, phases):
    spans = conflict.periods(phases, 2024)
    assert [
        tuple(r) for r in spans[["key", "first_year", "last_year"]].itertuples(index=False)
    ] == [
        ("before", 2012, 2012),
        ("established", 2013, 2013),
        ("deployed", 2014, 2022),
        ("withdrawal", 2023, 2023),
        ("after", 2024, 2024),
    ]
    assert spans.set_index("key").at["established", "period"] == "established 25 April 2013"
    table = conflict.by_period(frame, MALI, spans).set_index("key")
    # by hand: the 2014..2022 best estimates above (without 2023's 2118) sum to 10,351, over
    # nine years 1,150.1 a year; 2024's row is 1901 (low 1783, high 2644)
    assert table.at["deployed", "best"] == 10351
    assert table.at["deployed", "per_year"] == 1150.1
    assert tuple(table.loc["after", ["best", "low_sum", "high_sum"]]) == (1901, 1783, 2644)
    shown = violence.period_shown(table.reset_index())
    assert list(shown.columns) == ["Period", "Years", "Deaths", "Per year"]
    assert shown.iloc[2].tolist() == ["Deployed, full years", "2014\u20132022", "10,351", "1,150"]
    with pytest.raises(conflict.ConflictError, match="no year after the withdrawal"):
        conflict.periods(phases, 2023)


def test_one_sided_deaths_by_perpetrator(frame):
    # by hand, Mali 2024: os_main_govt_killings_best_cy 29, os_any_govt_killings_best_cy 345
    # (so 316 by other governments), os_nsgroup_killings_best_cy 274; one-sided 619
    table = conflict.perpetrators(frame, MALI, 2012, 2024).set_index("year")
    row = table.loc[2024]
    assert (row["own_government"], row["other_governments"], row["groups"]) == (29, 316, 274)
    assert row["one_sided"] == 619
    # 2014..2023: any government 0+0+7+11+53+0+262+48+275+204 = 860 of one-sided
    # 3+2+30+53+551+455+512+216+1461+505 = 3,788
    assert conflict.government_share(table.reset_index(), 2014, 2023) == 860 / 3788
    assert conflict.government_share(table.reset_index(), 2024, 2024) == 345 / 619
    assert conflict.other_governments(frame, MALI, 2024) == [
        "Government of Mali, Government of Russia (Soviet Union)",
        "Government of Russia (Soviet Union)",
    ]
    assert conflict.other_governments(frame, MALI, 2019) == []


def test_neighbours_and_the_year_burkina_fasos_toll_passed_malis(frame, covered, phases):
    long = conflict.by_country(frame, covered, *conflict.years(frame, phases))
    # by hand, 2012..2024 best estimates summed: Burkina Faso 17,223, Niger 6,101, Chad 2,288
    assert conflict.neighbours(long, "Mali") == ["Burkina Faso", "Niger"]
    # Burkina Faso above Mali: 2019 (1246 > 1227), 2021 (1458 > 1287), 2023 and 2024
    assert conflict.passed(long, "Mali", "Burkina Faso") == (2019, 2023)
    assert conflict.passed(long, "Mali", "Mauritania") == (None, None)
    # 2024: 1901 of 1901 + 4251 + 1222 = 7374; 2012: 359 of 359 + 0 + 1
    shown = ["Mali", "Burkina Faso", "Niger"]
    assert conflict.share_of(long, "Mali", shown, 2024) == (1901 / 7374, 7374)
    assert conflict.share_of(long, "Mali", shown, 2012) == (359 / 360, 360)
    periods = violence.country_periods(frame, covered, conflict.periods(phases, 2024))
    table = violence.country_periods_shown(periods, shown)
    assert list(table.columns) == ["Period", *shown]
    assert table.iloc[-2].tolist() == ["Withdrawal began 1 July 2023", "2,118", "6,122", "513"]
    assert table.iloc[0].tolist() == ["Before the mission (2012)", "359", "0", "1"]


def test_unbracketed_figures_among_the_countries_shown(frame, covered, phases):
    found = conflict.unbracketed(frame, list(covered["country_id"]), 2012, 2024)
    assert found.to_dict("records") == [
        {
            "country_id": CHAD,
            "year": 2015,
            "type": "state-based",
            "low": 274,
            "best": 275,
            "high": 274,
        }
    ]


def test_figures_describe_the_record(frame, covered, phases, ledger):
    figures = conflict.figures(frame, covered, phases, ledger)
    # every figure with a digit links to its evidence: a query on UCDP, or MINUSMA's dates
    assert all(evidence_of(v) is not None for v in figures.values() if any(map(str.isdigit, v)))
    assert evidence_of(figures["conf_full_total"]).dataset == "R-UCDP"
    assert figures["conf_version"] == "25.1"
    # the window: the full years by default, every calendar year beside it (issue 21 item 5)
    assert figures["conf_period_total"] == (
        "12,469 in its full years, 2014 to 2023 (13,350 counting 2013, the year it was established)"
    )
    assert figures["conf_full_sums"] == "11,975 and 15,584"
    assert "sum of UCDP's yearly low estimates" in evidence_of(figures["conf_full_sums"]).words
    assert figures["conf_peak"] == "3,656 (UCDP's low estimate 3,540, high 4,462)"
    assert figures["conf_full_per_year"] == "1,247"  # 12,469 / 10
    assert figures["conf_every_per_year"] == "1,214"  # 13,350 / 11
    assert figures["conf_last_ratio"] == "1.5"  # 1,901 / 1,246.9
    assert figures["conf_gov_share_full"] == "23%"
    assert figures["conf_gov_share_last"] == "56%"
    assert figures["conf_passed_first"] == "2019"
    assert figures["conf_passed_since"] == "2023"
    assert figures["conf_share_first"] == "99.7%"
    assert figures["conf_share_last"] == "25.8%"
    assert figures["conf_peak_year"] == "2022"
    assert figures["conf_established"] == "25 April 2013"
    assert "conf_deployed" not in figures  # it was the day established, under another name
    assert figures["conf_others_peak"] == "Burkina Faso's, 6,122 in 2023"
    assert figures["conf_others_period"].startswith(
        "12,972 deaths in Burkina Faso, 7 in Mauritania"
    )
    assert figures["conf_others"] == "Burkina Faso, Mauritania, Niger and Chad"
    assert figures["conf_unbracketed_all"] == "nine"
    assert all(key.startswith("conf_") for key in figures)


def test_titles_state_the_point(frame, covered, phases):
    titles = conflict.titles(conflict.findings(frame, covered, phases))
    assert titles["fig_conf_countries"] == (
        "Burkina Faso's toll passed Mali's in 2019 and has stayed above it since 2023"
    )
    assert titles["fig_conf_mali"].startswith(
        "Mali's deaths peaked in 2022; in 2024 they stayed above"
    )
    assert titles["fig_conf_perpetrators"].startswith("Governments committed 56%")


def test_a_missing_year_is_refused(frame):
    with pytest.raises(conflict.ConflictError, match=r"no row for country 432 in \[2025\]"):
        conflict.by_type(frame, MALI, 2024, 2025)


# --- the charts --------------------------------------------------------------------------------


def _texts(fig):
    return [t.get_text() for t in fig.findobj(plt.Text) if t.get_text().strip()]


def test_type_chart_draws_exactly_its_csv(frame, phases):
    style.use_style()
    table = conflict.by_type(frame, MALI, *conflict.years(frame, phases))
    data = conflict.type_chart_data(table, "Mali", phases)
    fig = charts.type_chart(data, "A title")
    ax = fig.axes[0]
    deaths = data[data["kind"] == conflict.DEATHS]
    for container, (_, words, _) in zip(ax.containers, conflict.TYPES, strict=True):
        heights = [round(p.get_height()) for p in container.patches]
        assert heights == deaths[deaths["series"] == words]["best"].astype(int).tolist()
    tops = [round(p.get_y() + p.get_height()) for p in ax.containers[-1].patches]
    assert tops == table["total"].tolist()
    (ranges,) = [c for c in ax.collections if c.get_gid() == "range"]
    spans = [(round(a[1]), round(b[1])) for a, b in ranges.get_segments()]
    assert spans == list(zip(table["total_low"], table["total_high"], strict=True))
    shaded = {p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("phase-")}
    texts = _texts(fig)
    plt.close(fig)
    assert shaded == {"phase-from its establishment", "phase-withdrawal"}
    assert ax.get_title(loc="left") == "A title"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2012", "2015", "2018", "2021", "2024"]
    assert "A title" in texts


def test_the_marker_names_what_it_marks(frame, phases):
    """The shaded span starts on the day the Security Council established MINUSMA: its label
    says so; the old label called that day a deployment (issue 21)."""
    style.use_style()
    table = conflict.by_type(frame, MALI, *conflict.years(frame, phases))
    data = conflict.type_chart_data(table, "Mali", phases)
    assert data[data["kind"] == conflict.MISSION]["first_day"].iloc[0] == "2013-04-25"
    fig = charts.type_chart(data, "A title")
    texts = " ".join(_texts(fig)).replace("\n", " ")
    plt.close(fig)
    assert "MINUSMA established, 25 April 2013" in texts
    assert "deployed" not in texts
    assert charts.mark_label("2013-04-25") == "MINUSMA established,\n25 April 2013"


def test_perpetrator_chart_draws_exactly_its_csv(frame, phases):
    style.use_style()
    table = conflict.perpetrators(frame, MALI, 2012, 2024)
    data = conflict.perpetrator_chart_data(table, "Mali", phases)
    fig = charts.perpetrator_chart(data, "A title")
    ax = fig.axes[0]
    deaths = data[data["kind"] == conflict.DEATHS]
    assert list(dict.fromkeys(deaths["series"])) == [
        "Mali's government alone",
        "other governments, alone or jointly",
        "non-state groups",
    ]
    for container, (_, column, _) in zip(ax.containers, conflict.PERPETRATORS, strict=True):
        assert [round(p.get_height()) for p in container.patches] == table[column].tolist()
    tops = [round(p.get_y() + p.get_height()) for p in ax.containers[-1].patches]
    plt.close(fig)
    assert tops == table["one_sided"].tolist()


def test_countries_chart_draws_exactly_its_csv(frame, covered, phases):
    style.use_style()
    long = conflict.by_country(frame, covered, *conflict.years(frame, phases))
    shown = ["Mali", "Burkina Faso", "Niger"]
    data = conflict.country_chart_data(long, shown, phases)
    fig = charts.countries_chart(data, "A title")
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.lines}
    for name in shown:
        rows = long[long["country"] == name]
        assert [int(y) for y in lines[f"best-{name}"].get_ydata()] == rows["best"].tolist()
    texts = _texts(fig)
    plt.close(fig)
    assert len(lines) == len(shown)
    assert set(shown) <= set(texts)  # each line named at its end, no legend for them
    assert set(data[data["kind"] == conflict.DEATHS]["country"]) == set(shown)


def test_end_labels_are_nudged_apart():
    style.use_style()
    fig, ax = plt.subplots()
    ax.set_ylim(0, 100)
    charts._label_ends(ax, [("A", 1, 50, "k"), ("B", 1, 51, "k"), ("C", 1, 10, "k")], gap=7)
    ys = sorted(t.get_position()[1] for t in ax.texts)
    plt.close(fig)
    assert ys == [10, 50, 57]
