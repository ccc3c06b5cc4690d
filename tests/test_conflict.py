"""The conflict around the mission, from UCDP's organized-violence data: the strict loader's
named errors (each breaks a scratch copy and expects the file and line), the figures pinned to
the vendored v25.1 file and to a direct read of it, and the charts drawing exactly their CSVs."""

import csv
import io

import matplotlib.pyplot as plt
import pytest

from sahel.chapters import conflict, minusma, norway
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


def test_period_total_and_the_country_table(frame, covered, phases):
    start, end = conflict.mission_years(phases)
    total = conflict.period_total(frame, MALI, start, end)
    assert (total["best"], total["low"], total["high"]) == (13350, 12856, 16658)
    assert total["state_based"] + total["non_state"] + total["one_sided"] == total["best"]
    long = conflict.by_country(frame, covered, *conflict.years(frame, phases))
    table = conflict.country_table(long)
    assert list(table.columns) == ["year", *covered["country"]]
    assert table.set_index("year").at[2023, "Burkina Faso"] == 6122


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
    assert evidence_of(figures["conf_period_total"]).dataset == "R-UCDP"
    assert figures["conf_version"] == "25.1"
    assert figures["conf_period_total"] == "13,350 (low 12,856, high 16,658)"
    assert figures["conf_peak_year"] == "2022"
    assert figures["conf_others_peak"] == "Burkina Faso's, 6,122 in 2023"
    assert figures["conf_others_period"].startswith(
        "12,972 deaths in Burkina Faso, 7 in Mauritania"
    )
    assert figures["conf_others"] == "Burkina Faso, Mauritania, Niger and Chad"
    assert figures["conf_unbracketed_all"] == "nine"
    assert all(key.startswith("conf_") for key in figures)


def test_a_missing_year_is_refused(frame):
    with pytest.raises(conflict.ConflictError, match=r"no row for country 432 in \[2025\]"):
        conflict.by_type(frame, MALI, 2024, 2025)


# --- the charts --------------------------------------------------------------------------------


def test_type_chart_draws_exactly_its_csv(frame, phases):
    style.use_style()
    table = conflict.by_type(frame, MALI, *conflict.years(frame, phases))
    data = conflict.type_chart_data(table, "Mali", phases)
    fig = charts.type_chart(data)
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
    plt.close(fig)
    assert shaded == {"phase-deployed", "phase-withdrawal"}


def test_countries_chart_draws_exactly_its_csv(frame, covered, phases):
    style.use_style()
    long = conflict.by_country(frame, covered, *conflict.years(frame, phases))
    data = conflict.country_chart_data(long, phases)
    fig = charts.countries_chart(data)
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.lines}
    for name in covered["country"]:
        rows = long[long["country"] == name]
        assert [int(y) for y in lines[f"best-{name}"].get_ydata()] == rows["best"].tolist()
    plt.close(fig)
    assert len(lines) == len(covered)


def test_the_table_is_shown_with_thousands_separators(frame, covered, phases):
    table = conflict.country_table(conflict.by_country(frame, covered, 2022, 2022))
    assert conflict.table_shown(table).iloc[0].tolist() == [
        2022,
        "3,656",
        "2,704",
        "0",
        "664",
        "114",
    ]
