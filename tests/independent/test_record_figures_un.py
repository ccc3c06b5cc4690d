"""The human-cost figures (chapter 25, and the summary) recomputed from the UN fatalities files
in data/record/ with plain pandas, compared with the committed glued values by key."""

import re
import unicodedata
from datetime import date

import pandas as pd
import pytest

from tests.independent import glued

NEW = glued.RECORD / "DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv"
OLD = glued.RECORD / "DPPADPOSS-FATALITIES_lastupdate-2023-11-28.csv"
MALICIOUS = "Malicious Act"
TOP = 10  # the chapter names the ten nationalities with the most deaths, "other" the rest


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def minusma(frame):
    return frame[frame["mission_acronym"] == "MINUSMA"]


def long_date(iso):
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def busiest_year(rows):
    """(year, deaths) of the year with the most rows, the earlier year on a tie."""
    counts = rows["incident_date"].str[:4].value_counts()
    most = counts.max()
    return min(y for y, n in counts.items() if n == most), int(most)


def tolls(m):
    """``rec_toll_*``: MINUSMA's deaths to 31 December 2023 under each reading of a toll."""
    upto = m[m["incident_date"] <= "2023-12-31"]
    uniformed = upto[upto["casualty_personnel_type"].isin(["Military", "Police"])]
    out = {}
    for who, rows in (("", upto), ("uniformed_personnel_", uniformed)):
        kinds = rows["type_of_incident"]
        for cause, chosen in (
            ("all_causes", rows),
            ("malicious_acts", rows[kinds == MALICIOUS]),
            ("malicious_acts_or_to_be_determined",
             rows[kinds.isin([MALICIOUS, "To Be Determined"])]),
        ):
            out[f"rec_toll_{who}{cause}"] = (f"{len(chosen):,}", [len(chosen)])
    return out


def figures():
    """``{glue key: (text, rows selected)}`` as the book must show them."""
    un, old = read(NEW), read(OLD)
    m, o = minusma(un), minusma(old)
    kind = m["type_of_incident"]
    year, deaths = busiest_year(m)
    mal_year, mal_deaths = busiest_year(m[kind == MALICIOUS])
    nationality = m["casualty_nationality"].value_counts()
    top, top_deaths = nationality.index[0], int(nationality.iloc[0])
    assert nationality.iloc[1] < top_deaths  # no tie for the first place
    assert nationality.iloc[TOP - 1] > nationality.iloc[TOP]  # no tie at the cut
    others = len(m) - int(nationality.iloc[:TOP].sum())
    both = o.merge(m, on="casualty_id", suffixes=("_old", "_new"), validate="one_to_one")
    assert len(both) == len(o) == len(m)
    changed = both[both["type_of_incident_old"] != both["type_of_incident_new"]]
    moves = changed.groupby(["type_of_incident_old", "type_of_incident_new"]).size()
    assert len(moves) == 1  # one kind of revision: the sentence names its two categories
    (before, after), moved = moves.index[0], int(moves.iloc[0])
    gender = both[both["gender_old"] != both["gender_new"]]
    other_fields = [
        c.removesuffix("_old")
        for c in both.columns
        if c.endswith("_old")
        and c not in ("type_of_incident_old", "id_old", "last_update_old")
        and (both[c] != both[c.removesuffix("_old") + "_new"]).any()
    ]
    assert other_fields == ["gender"] and len(gender) == 1
    g_before, g_after = gender["gender_old"].iloc[0], gender["gender_new"].iloc[0]
    norwegians = int((un["isocode3"] == "NOR").sum())
    years = un.assign(year=un["incident_date"].str[:4].astype(int))
    span = years.groupby("mission_acronym")["year"].agg(["min", "max", "size"])
    span["malicious"] = years[years["type_of_incident"] == MALICIOUS].groupby(
        "mission_acronym").size()
    span = span.fillna({"malicious": 0})
    span["per_year"] = span["malicious"] / (span["max"] - span["min"] + 1)
    others_ = span.drop("MINUSMA")
    busiest = others_["size"].idxmax()
    top_rate = others_["per_year"].idxmax()
    first_year, last_year = span.loc["MINUSMA", ["min", "max"]]
    # the file writes "Local " with a trailing space: compared as written, stripped
    civilians = m["casualty_personnel_type"].str.strip().isin(["International Civilian", "Local"])
    return {
        "hc_total": (f"{len(m):,}", [len(m)]),
        "hc_malicious": (f"{(kind == MALICIOUS).sum():,}", [int((kind == MALICIOUS).sum())]),
        "hc_illness": (f"{(kind == 'Illness').sum():,}", [int((kind == "Illness").sum())]),
        "hc_accident": (f"{(kind == 'Accident').sum():,}", [int((kind == "Accident").sum())]),
        "hc_first_death": (long_date(m["incident_date"].min()), [len(m)]),
        "hc_last_death": (long_date(m["incident_date"].max()), [len(m)]),
        "hc_deadliest_year": (year, [deaths]),
        "hc_deadliest_year_deaths": (str(deaths), [deaths]),
        "hc_malicious_year": (mal_year, [mal_deaths]),
        "hc_malicious_year_deaths": (str(mal_deaths), [mal_deaths]),
        "hc_top_nationality": (top, [len(m)]),
        "hc_top_nationality_deaths": (str(top_deaths), [len(m)]),
        "hc_nationalities": (str(m["casualty_nationality"].nunique()), [len(m)]),
        "hc_others_deaths": (str(others), [others]),
        "hc_norwegian_mission": (
            "no Norwegian national" if not (m["isocode3"] == "NOR").any() else None,
            [int((m["isocode3"] == "NOR").sum())],
        ),
        "hc_norwegian_all": (str(norwegians), [norwegians]),
        "hc_revision": (
            f"{glued.spelled(moved)} from “{before}” to “{after}”", [len(both)]
        ),
        "hc_revision_deaths": (glued.spelled(moved), [moved]),
        "hc_revision_total_same": (f"{len(o):,}", [len(o)]),
        "hc_revision_other": (
            f"the gender of {glued.spelled(len(gender))} "
            f"({f'“{g_before}”' if g_before else 'blank'} before, “{g_after}” after)",
            [len(gender)],
        ),
        "fa_civilians": (str(int(civilians.sum())), [int(civilians.sum())]),
        "st_first_year": (str(years["year"].min()), [len(un)]),
        "st_years": (f"{last_year - first_year + 1} ({first_year}–{last_year})", [len(m)]),
        "st_top_deaths": (
            f"{busiest} ({span.loc[busiest, 'min']}–{span.loc[busiest, 'max']}), "
            f"{span.loc[busiest, 'size']:,}",
            [len(un)],
        ),
        "st_top_per_year": (
            f"{top_rate} ({span.loc[top_rate, 'min']}–{span.loc[top_rate, 'max']}), "
            f"{span.loc[top_rate, 'per_year']:.1f}",
            [int((un["type_of_incident"] == MALICIOUS).sum())],  # the malicious-act rows ranked
        ),
        # The reconciliation's readings of the sources' tolls (chapter 50), each to the latest
        # day the sources may date from (31 December 2023): the mission's rows by cause and by
        # who died (uniformed: military and police, as data/reconciliation.csv reads them).
        **tolls(m),
        # The two sources' tolls read as intervals (hand-checked from the ledger's quotes):
        # "over 170" is above 170, "around 180" within ±5 (175 to 185); one holds the count.
        "hc_toll_allow": (
            f"{glued.spelled(int(170 < (kind == MALICIOUS).sum()) + int(175 <= (kind == MALICIOUS).sum() <= 185))}"  # noqa: E501
            " of the two",
            [int((kind == MALICIOUS).sum())],
        ),
        "hc_malicious_earlier": (
            f"{(o['type_of_incident'] == MALICIOUS).sum():,}",
            [int((o["type_of_incident"] == MALICIOUS).sum())],
        ),
    }


FIGURES = figures()


@pytest.mark.parametrize("key", sorted(FIGURES))
def test_glued_value_is_the_recomputed_one(key):
    glued.check_figure(FIGURES, key)


def test_hand_checked_totals():
    """Counted by hand (spreadsheet filter on mission_acronym = MINUSMA, then on
    type_of_incident) in DPPADPOSS-FATALITIES_lastupdate-2025-04-04.csv, UN Peace and
    Security Data Hub, https://psdata.un.org/ (sha256 in data/record_sources.csv)."""
    assert [FIGURES[k][0] for k in ("hc_total", "hc_malicious", "hc_illness", "hc_accident")] == [
        "311", "174", "88", "38"
    ]


ANCHORED = re.compile(
    r"against (?P<n>[\d,]+) (?:from (?P<start>.+?) to (?P<end>.+?)|on (?P<on>.+?))(?= and |$)"
)


def test_seed_positions_count_malicious_deaths_up_to_each_date():
    """Each source's figure is set against the malicious-act deaths on or before each date the
    source may be from (its earliest and latest)."""
    m = minusma(read(NEW))
    malicious = m[m["type_of_incident"] == MALICIOUS]["incident_date"]
    shown = glued.text("hc_seed_positions")
    found = list(ANCHORED.finditer(shown))
    assert len(found) == 2, shown
    for match in found:
        days = [match["on"]] if match["on"] else [match["start"], match["end"]]
        for day in days:
            iso = pd.to_datetime(day, format="%d %B %Y").date().isoformat()
            assert int(match["n"].replace(",", "")) == int((malicious <= iso).sum()), (day, shown)
    rows = glued.query_rows("hc_seed_positions")
    assert rows and all(r == int((malicious <= "2023-12-31").sum()) for r in rows)


def test_african_deaths_and_the_radpko_years():
    """``fa_african``: MINUSMA's deaths whose country (isocode3) is in Africa by Natural Earth's
    continents (data/geo); rows without an isocode3 are matched by their spelled nationality.
    ``fa_radpko_last``: the latest year of the RADPKO bases file."""
    import shapefile

    m = minusma(read(NEW))
    with shapefile.Reader(str(glued.ROOT / "data" / "geo" / "naturalearth_lowres"),
                          encoding="ISO-8859-1") as reader:
        records = list(reader.records())
    continent = {r["iso_a3"]: r["continent"] for r in records}
    def letters(name):  # "Côte dIvoire" and "Côte d'Ivoire" alike
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z]", "", plain.lower())

    by_name = {letters(r["name"]): r["continent"] for r in records}
    african = sum(
        (continent.get(iso) if iso else by_name.get(letters(name))) == "Africa"
        for iso, name in zip(m["isocode3"], m["casualty_nationality"], strict=True)
    )
    assert glued.text("fa_african") == str(african)
    radpko = pd.read_csv(glued.RECORD / "radpko_bases_cc_y.csv", usecols=["year"])
    assert glued.text("fa_radpko_last") == str(radpko["year"].max())
    assert glued.query_rows("fa_radpko_last") == [len(radpko)]


def _readings(m, day):
    """Each reading of a toll (who x which deaths) counted up to ``day``, from the raw file."""
    upto = m[m["incident_date"] <= day]
    out = {}
    for who, rows in (("all", upto),
                      ("uniformed", upto[upto["casualty_personnel_type"].isin(["Military",
                                                                              "Police"])])):
        kinds = rows["type_of_incident"]
        out[(who, "malicious")] = int((kinds == MALICIOUS).sum())
        out[(who, "malicious or tbd")] = int(kinds.isin([MALICIOUS, "To Be Determined"]).sum())
        out[(who, "all causes")] = len(rows)
    return out


@pytest.mark.parametrize(
    "key, days, causes",
    [
        # "over 170", an undated article: from 31 August to 31 December 2023 (its registry
        # window); every reading, all causes included ("peacekeepers killed")
        ("rec_grade_c001_03", ("2023-08-31", "2023-12-31"),  # and "rec_grade_c001_03_short"
         ("malicious", "malicious or tbd", "all causes")),
        # "around 180 ... lost their lives in hostile acts", dated 12 December 2023: all causes
        # is not a reading of "hostile acts"
        ("rec_grade_c003_08", ("2023-12-12",), ("malicious", "malicious or tbd")),
        # (the short grades, "rec_grade_c003_08_short" too, are checked first)
    ],
)
def test_a_tolls_grade_spans_its_readings(key, days, causes):
    """The range a toll's grade gives is the lowest and highest count over its readings and
    the days its source may date from, recomputed from the raw file; the long grade names
    every reading's count."""
    m = minusma(read(NEW))
    counts = [n for day in days for (who, cause), n in _readings(m, day).items()
              if cause in causes]
    short = glued.text(f"{key}_short")
    assert short == f"not settled: the record narrows it to {min(counts)} to {max(counts)}"
    long = glued.text(key)
    assert long.startswith(short)
    for n in counts:  # a reading's count on one day, or its two days' counts "310 to 311"
        assert re.search(rf"(: | to ){n}\b", long), n


def test_the_counts_of_graded_figures():
    """"rec_figures" counts the seed figures the plan checks (the distinct claims of
    data/reconciliation.csv, read with pandas); "rec_narrowed" the two tolls whose readings
    disagree (each recomputed above: the record narrows them to a range)."""
    plan = pd.read_csv(glued.RECORD.parent / "reconciliation.csv", dtype=str)
    assert glued.text("rec_figures") == str(plan["claim"].nunique())
    narrowed = [k for k in ("rec_grade_c001_03_short", "rec_grade_c003_08_short")
                if glued.text(k).startswith("not settled: the record narrows it to")]
    assert glued.text("rec_narrowed") == str(len(narrowed)) == "2"
