"""Norway's aid to the five countries the embassy in Bamako covered, from OECD DAC Table 2a.

The countries are the press release's own list (:func:`sahel.chapters.norway.bamako_coverage`:
the host, Mali, and the countries covered from Bamako), never typed here. The years are the
Table 2a files the record registers (:data:`sahel.evidence.record.DAC2A`), one per year, each
read through the strict loader :func:`sahel.evidence.record.dac2a`. Amounts are ODA
disbursements in millions of US dollars at current prices, to the hundredth, as published: an
empty cell is no data, a negative one a net repayment. They are a series of their own: never
added to, converted into or set beside the ministry's NOK figures as like (other years, another
currency, another count: the OECD's, not Norad's nor the ministry's).

Norway's share of what the DAC countries together disbursed to a country takes both amounts
from the same row of the same file, so the two are counted alike.
"""

import csv
import functools
import math

import pandas as pd

from sahel.chapters.norway import HOST
from sahel.evidence import record
from sahel.evidence.selection import Selection
from sahel.formatting import and_list, count_word, hundredths, percent, usd_million
from sahel.provenance import Dataset, Formula, Query, traced

DONOR = "Norway"
DATASET = "OECD DAC Table 2a"  # the dataset's name in prose (glued: it holds a digit)
NO_DATA, NET = "no data", "net repayment"
COLUMNS = (
    "year", "country", "iso_a3", "role", "recipient", "norway_usd_million", "dac_usd_million",
    "norway_share_of_dac", "note", "record",
)  # fmt: skip


def table2a_sources(sources=None):
    """The registered Table 2a files, one per year, in year order."""
    sources = record.load_sources() if sources is None else sources
    found = sorted(
        (s for s in sources.values() if s.dataset == record.DAC2A), key=lambda s: s.version
    )
    if not found:
        raise record.RecordError(f"no {record.DAC2A} file in the record registry")
    return found


def last_year(sources=None):
    """The last year the registered Table 2a files cover, for prose on what is not available
    after it (read from the registry alone), traced to that file's registry entry."""
    last = table2a_sources(sources)[-1]
    return traced(last.version, Dataset(last.id, "version", last.version))


def _note(value):
    if math.isnan(value):
        return NO_DATA
    return NET if value < 0 else ""


def disbursements(coverage, path=None, record_dir=None):
    """One row per year and country of ``coverage`` (in its order): the country as the press
    release names it, its ISO code and role, the recipient as the file spells it, Norway's
    disbursement and the DAC countries' total (USD million, current prices; NaN for no data),
    Norway's share of that total (NaN unless both are given and the total is positive), a note
    (no data, net repayment) and the registry id of the file read."""
    rows = []
    for source in table2a_sources(record.load_sources(path)):
        frame = record.dac2a(source.id, path, record_dir)
        found = record.aid_rows(frame, list(coverage["iso_a3"])).set_index("iso_a3")
        for country in coverage.itertuples():
            hit = found.loc[country.iso_a3]
            norway, dac = float(hit[DONOR]), float(hit[record.DAC_TOTAL])
            share = (
                norway / dac
                if not (math.isnan(norway) or math.isnan(dac)) and dac > 0
                else math.nan
            )
            rows.append(
                {
                    "year": frame.attrs["year"],
                    "country": country.country,
                    "iso_a3": country.iso_a3,
                    "role": country.role,
                    "recipient": hit["recipient"],
                    "norway_usd_million": norway,
                    "dac_usd_million": dac,
                    "norway_share_of_dac": share,
                    "note": _note(norway),
                    "record": source.id,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def by_year(data):
    """Norway's disbursements as a narrow table: one row per year, one column per country (in
    the press release's order), amounts as numbers (NaN for no data)."""
    wide = data.pivot(index="year", columns="country", values="norway_usd_million")
    return wide[list(dict.fromkeys(data["country"]))].reset_index().rename_axis(columns=None)


def _cell(value):
    return NO_DATA if math.isnan(value) else hundredths(value)


def shown(data):
    """:func:`by_year` narrowed for a phone (four columns; every country's amount is in the
    CSV): the year, Norway's disbursement to the host, to the other countries together (the sum
    of the cells the file gives; "no data" only if all are empty), and Norway's share of the
    DAC countries' total to the host; amounts to the hundredth."""
    wide = by_year(data)
    host = data[data["role"] == HOST]
    name = host["country"].iloc[0]
    others = [c for c in wide.columns[1:] if c != name]
    together = wide[others].sum(axis=1, min_count=1)
    share = host.set_index("year")["norway_share_of_dac"]
    rows = {r["year"]: r for _, r in host.iterrows()}
    rest = data[data["role"] != HOST]

    def own(year, value):
        return _cell(value) if math.isnan(value) else traced(_cell(value),
                                                            _query(rows[year]).evidence)

    def shared(year):
        return NO_DATA if math.isnan(share[year]) else share_cell(rows[year])

    def together_cell(year, value):
        return NO_DATA if math.isnan(value) else others_cell(rest[rest["year"] == year], value)

    return pd.DataFrame(
        {
            "year": wide["year"].astype(str),
            name: [own(y, v) for y, v in zip(wide["year"], wide[name], strict=True)],
            f"the other {count_word(len(others))}": [
                together_cell(y, v) for y, v in zip(wide["year"], together, strict=True)
            ],
            f"Norway's share of DAC aid to {name}": [shared(y) for y in wide["year"]],
        },
        dtype=object,
    )


def chart_title(data):
    """The aid chart's title, its finding: the host's place among the countries, in words."""
    figures = figures_of_rank(data)
    return (f"{figures['name']} got more of Norway's aid than any other country the embassy "
            f"covered in {figures['largest']}")


def figures_of_rank(data):
    """The host's name and the years it received more than every other country."""
    years = sorted(data["year"].unique())
    host = data[data["role"] == HOST]
    top = (
        data.dropna(subset=["norway_usd_million"])
        .sort_values(["year", "norway_usd_million"], ascending=[True, False])
        .groupby("year")
        .head(1)
    )
    count = int((top["role"] == HOST).sum())
    largest = (
        "every year"
        if count == len(years)
        else f"{count_word(count)} of the {count_word(len(years))} years"
    )
    return {"name": host["country"].iloc[0], "largest": largest}


def _at(rows, column, pick):
    """The row of ``rows`` with the smallest or largest ``column`` (the earlier year on ties)."""
    ordered = rows.dropna(subset=[column]).sort_values([column, "year"], ascending=[True, True])
    return (
        ordered.iloc[0]
        if pick == "low"
        else ordered.sort_values([column, "year"], ascending=[False, True]).iloc[0]
    )


def _query(row, column=DONOR):
    """The cell a figure reads, as a query on the file it comes from."""
    who = "Norway's" if column == DONOR else "all DAC countries'"
    value = row["norway_usd_million"] if column == DONOR else row["dac_usd_million"]
    shown = "empty (no data)" if math.isnan(value) else usd_million(value)
    return traced(
        shown,
        Query(
            row["record"],
            f"{'norway' if column == DONOR else 'dac'}-to-{row['iso_a3']}".lower(),
            f"the row of recipient {row['recipient']}, column {column}: {who} disbursements "
            "to it that year (USD million, current prices)",
            1,
            shown,
            Selection(where=((recipient_column(row["record"]), "==", row["recipient"]),),
                      total=(column,), show=(recipient_column(row["record"]), column)),
        ),
    )


@functools.cache
def recipient_column(record_id):
    """The name ``pd.read_csv`` gives a Table 2a file's first column, its recipients (the
    files' headers differ: "Recipient", or empty, which pandas reads as "Unnamed: 0")."""
    file = record.RECORD_DIR / record.load_sources()[record_id].file
    with file.open(encoding="utf-8", newline="") as handle:
        first = next(csv.reader(handle))[0]
    return first or "Unnamed: 0"


def share_cell(row):
    """Norway's share of the DAC countries' aid to a recipient one year, as a table shows it,
    traced to its formula over the two cells of the file."""
    return traced(
        percent(row["norway_share_of_dac"]),
        Formula("Norway's disbursement divided by all DAC countries' disbursements, that year",
                (_query(row), _query(row, record.DAC_TOTAL)),
                name=f"aid-share-{row['iso_a3'].lower()}-{row['year']}"),
    )


def others_cell(rows, value):
    """Norway's disbursements to ``rows`` (one year, one file) added, as shown, traced to the
    query summing the file's cells."""
    names = list(rows["recipient"])
    shown = _cell(value)
    return traced(shown, Query(
        rows["record"].iloc[0], "norway-to-others",
        f"the rows of recipients {and_list(names)}, column {DONOR}: Norway's disbursements to "
        "them that year, added (USD million, current prices; an empty cell adds nothing)",
        len(names), shown,
        Selection(where=((recipient_column(rows["record"].iloc[0]), "in", names),),
                  total=(DONOR,), show=(recipient_column(rows["record"].iloc[0]), DONOR))))


def figures(data):
    """The section's figures for its prose, formatted, by glue name (``aid_*``), each traced to
    the cells of the Table 2a files it reads."""
    years = sorted(data["year"].unique())
    files = {s.version: s for s in table2a_sources()}
    first, last = files[str(years[0])], files[str(years[-1])]
    host = data[data["role"] == HOST]
    name = host["country"].iloc[0]
    low, high = _at(host, "norway_usd_million", "low"), _at(host, "norway_usd_million", "high")
    share_low = _at(host, "norway_share_of_dac", "low")
    share_high = _at(host, "norway_share_of_dac", "high")
    missing = data[data["note"] == NO_DATA]
    net = data[data["note"] == NET]

    def amount(row):
        return traced(
            f"{usd_million(row['norway_usd_million'])} in {row['year']}",
            Formula("Norway's disbursement that year, as the file gives it", (_query(row),)),
        )

    def share(row):
        return traced(
            f"{percent(row['norway_share_of_dac'])} in {row['year']}",
            Formula(
                "Norway's disbursement divided by all DAC countries' disbursements, that year",
                (_query(row), _query(row, record.DAC_TOTAL)),
            ),
        )

    return {
        "aid_dataset": traced(DATASET, Dataset(last.id, "dataset", last.dataset)),
        "aid_first_year": traced(first.version, Dataset(first.id, "version", first.version)),
        "aid_last_year": traced(last.version, Dataset(last.id, "version", last.version)),
        "aid_years": count_word(len(years)),
        "aid_countries": count_word(data["iso_a3"].nunique()),
        "aid_host": name,
        "aid_host_low": amount(low),
        "aid_host_high": amount(high),
        "aid_host_largest": figures_of_rank(data)["largest"],
        "aid_share_low": share(share_low),
        "aid_share_high": share(share_high),
        "aid_no_data": traced(
            "; ".join(
                f"{country} in {and_list(str(y) for y in rows['year'])}"
                for country, rows in missing.groupby("country", sort=False)
            ),
            Formula(
                "the years whose Norway cell is empty, country by country",
                tuple(_query(r) for _, r in missing.iterrows()),
            ),
        )
        if len(missing)
        else "none",
        "aid_net": traced(
            and_list(
                [
                    f"{r.country} in {r.year} ({usd_million(r.norway_usd_million)})"
                    for r in net.itertuples()
                ]
            ),
            Formula(
                "the cells below zero (a net repayment)",
                tuple(_query(r) for _, r in net.iterrows()),
            ),
        )
        if len(net)
        else "none",
    }
