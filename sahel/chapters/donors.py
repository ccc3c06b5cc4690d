"""Norway among all donors to Mali and to the five countries its embassy in Bamako covered,
from OECD DAC Table 2a (the files of :mod:`sahel.chapters.aid`, read by the same strict loader).

**Who counts as a donor.** Table 2a has one column per donor *and* columns that add donors up.
The rule, applied to the header of every file (:func:`donor_kind`):

- a column whose name ends in ``", Total"`` is an **aggregate** ("Official Donors, Total", "DAC
  Countries, Total", "World Bank Group, Total", "G7 Countries, Total", …): never a donor;
- a column whose name starts with ``"Other "`` ("Other donor countries", "Other
  Multilaterals") is a **residual**, the donors the table does not name, lumped: never a donor;
- the **DAC member countries** are the columns the file's "DAC Countries, Total" sums
  (:data:`sahel.evidence.record.DAC_MEMBERS`, checked row by row by the loader);
- every other column is **another donor**: a non-DAC country, a multilateral agency (the EU
  Institutions among them, as Table 2a counts them), or a private foundation.

Norway is ranked two ways, and the page shows both: among the DAC member countries (its peers:
governments that report to the DAC alike) and among every single donor (the multilaterals and
foundations included). A donor is ranked in a year when its disbursement is above zero; Norway's
rank is one plus the number of donors that disbursed more. Amounts are USD million at current
prices, as published; the decade's totals add the published years as they stand (not deflated).
Aid for the five countries together is the sum of the five rows of each donor's column (a donor
with no data for all five has none). Norway's share is of the DAC countries' total the file
publishes ("DAC Countries, Total"), the same column :mod:`sahel.chapters.aid` divides by.
"""

import math

import pandas as pd

from sahel.chapters import aid
from sahel.chapters.norway import HOST
from sahel.evidence import record
from sahel.evidence.selection import Selection
from sahel.formatting import and_list, percent, usd_million
from sahel.provenance import Dataset, Formula, Query, traced

DONOR = aid.DONOR
NORDIC = ("Denmark", "Finland", "Iceland", "Norway", "Sweden")
AGGREGATE, RESIDUAL, DAC, OTHER = "aggregate", "residual", "DAC member", "other donor"
TOTAL_SUFFIX, RESIDUAL_PREFIX = ", Total", "Other "
COLUMNS = ("year", "scope", "donor", "kind", "usd_million", "record")
LARGEST = 8  # the largest DAC donors the chart draws besides the Nordic countries


def donor_kind(column):
    """What a Table 2a column holds: an aggregate, a residual, a DAC member or another donor."""
    if column.endswith(TOTAL_SUFFIX):
        return AGGREGATE
    if column.startswith(RESIDUAL_PREFIX):
        return RESIDUAL
    return DAC if column in record.DAC_MEMBERS else OTHER


def donor_columns(frame):
    """The columns of a :func:`sahel.evidence.record.dac2a` frame that name one donor each."""
    names = [c for c in frame.columns if c not in ("recipient", "where", "iso_a3")]
    return [c for c in names if donor_kind(c) in (DAC, OTHER)]


def scopes(coverage):
    """The recipients each comparison reads: the host (Mali) alone, and all the countries the
    press release says the embassy covered: ``{scope name: [ISO codes]}``."""
    host = coverage.loc[coverage["role"] == HOST, "country"].iloc[0]
    return {
        host: list(coverage.loc[coverage["role"] == HOST, "iso_a3"]),
        "the five countries": list(coverage["iso_a3"]),
    }


def amounts(coverage, path=None, record_dir=None):
    """Every donor's disbursement, one row per year, scope and donor column (aggregates and
    residuals excluded, :func:`donor_kind`), in USD million; NaN where the file has no data for
    the scope. The DAC countries' published total rides along as donor :data:`record.DAC_TOTAL`
    (kind ``aggregate``) for the shares."""
    rows = []
    for source in aid.table2a_sources(record.load_sources(path)):
        frame = record.dac2a(source.id, path, record_dir)
        donors = donor_columns(frame)
        for scope, codes in scopes(coverage).items():
            found = record.aid_rows(frame, codes)
            for donor in (*donors, record.DAC_TOTAL):
                value = found[donor].sum(min_count=1)
                rows.append(
                    (frame.attrs["year"], scope, donor, donor_kind(donor), float(value), source.id)
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def _rank(values, who=DONOR):
    """``(rank, donors)``: ``who``'s place among the donors with a positive amount (one plus
    those above it) and how many there are; ``(None, n)`` if ``who`` gave nothing."""
    giving = values[values > 0]
    own = values.get(who, math.nan)
    if math.isnan(own) or own <= 0:
        return None, len(giving)
    return int((giving > own).sum()) + 1, len(giving)


def ranks(data):
    """Norway each year and scope: its amount, its rank among the DAC member countries and
    among all donors (with how many gave), and its share of the DAC countries' total."""
    rows = []
    for (year, scope), part in data.groupby(["year", "scope"], sort=False):
        values = part.set_index("donor")["usd_million"]
        kinds = part.set_index("donor")["kind"]
        dac_rank, dac_n = _rank(values[kinds == DAC])
        all_rank, all_n = _rank(values[kinds != AGGREGATE])
        total = values[record.DAC_TOTAL]
        rows.append(
            {
                "year": year,
                "scope": scope,
                "norway_usd_million": values[DONOR],
                "rank_dac": dac_rank,
                "dac_donors": dac_n,
                "rank_all": all_rank,
                "all_donors": all_n,
                "dac_total_usd_million": total,
                "norway_share_of_dac": values[DONOR] / total if total > 0 else math.nan,
                "record": part["record"].iloc[0],
            }
        )
    return pd.DataFrame(rows)


def decade(data, scope):
    """Each donor's disbursements to ``scope`` over all the years, summed as published, largest
    first, with its rank among its kind's donors and among all; NaN-only donors dropped."""
    part = data[data["scope"] == scope]
    total = part.groupby("donor", sort=False)["usd_million"].sum(min_count=1).dropna()
    kinds = part.drop_duplicates("donor").set_index("donor")["kind"]
    out = pd.DataFrame({"donor": total.index, "usd_million": total.to_numpy()})
    out["kind"] = [kinds[d] for d in out["donor"]]
    out = out.sort_values(["usd_million", "donor"], ascending=[False, True], ignore_index=True)
    donors = out[(out["kind"] != AGGREGATE) & (out["usd_million"] > 0)]
    dac = donors[donors["kind"] == DAC]
    out["rank_dac"] = [
        int((dac["usd_million"] > v).sum()) + 1 if k == DAC else None
        for v, k in zip(out["usd_million"], out["kind"], strict=True)
    ]
    out["rank_all"] = [
        int((donors["usd_million"] > v).sum()) + 1 if k != AGGREGATE else None
        for v, k in zip(out["usd_million"], out["kind"], strict=True)
    ]
    dac_total = total.get(record.DAC_TOTAL, math.nan)
    out["share_of_dac"] = out["usd_million"] / dac_total
    return out


def chart_data(data, scope=None, largest=LARGEST):
    """What the donor chart draws: the ``largest`` DAC member countries over the decade and
    every Nordic country (ranked among the DAC members), largest first, Norway flagged; for
    ``scope`` (default the first, the host)."""
    scope = scope or data["scope"].iloc[0]
    table = decade(data, scope)
    dac = table[table["kind"] == DAC]
    keep = dac[(dac["rank_dac"] <= largest) | dac["donor"].isin(NORDIC)].copy()
    keep["nordic"] = keep["donor"].isin(NORDIC)
    keep["highlighted"] = keep["donor"] == DONOR
    keep["scope"] = scope
    first, last = int(data["year"].min()), int(data["year"].max())
    keep["years"] = f"{first}–{last}"
    return keep[
        ["scope", "years", "donor", "usd_million", "rank_dac", "share_of_dac", "nordic",
         "highlighted"]
    ].reset_index(drop=True)  # fmt: skip


def title(figures):
    """The donor chart's title, its finding in words, from :func:`figures` (Mali)."""
    ahead = figures["donors_mali_nordic_ahead"]
    behind = f", behind {ahead}" if ahead != "none" else ""
    return (f"Norway was {figures['donors_mali_rank_dac']} DAC donor countries to Mali"
            f"{behind}")


def ordinal(n):
    """1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def shown(table, disbursed=None):
    """:func:`ranks` as the page shows it: a row per year, Norway's rank among the DAC
    countries for Mali and for the five countries, and its share of the DAC countries' aid to
    Mali (four columns; the amounts and ranks among all donors are in the CSV). Given
    ``disbursed`` (:func:`sahel.chapters.aid.disbursements`, the recipients as each file spells
    them), each rank links to its query on the year's file and each share to its formula."""
    scope_names = list(dict.fromkeys(table["scope"]))
    host, five = scope_names[0], scope_names[1]
    by = table.set_index(["year", "scope"])
    years = sorted(table["year"].unique())

    def rank(year, scope):
        row = by.loc[(year, scope)]
        if row["rank_dac"] is None or pd.isna(row["rank_dac"]):
            return aid.NO_DATA
        text = f"{ordinal(int(row['rank_dac']))} of {int(row['dac_donors'])}"
        if disbursed is None:
            return text
        mine = disbursed[disbursed["year"] == year]
        names = list((mine[mine["role"] == HOST] if scope == host else mine)["recipient"])
        return traced(text, Query(
            row["record"], f"rank-dac-{scope}",
            f"the rows of recipients {and_list(names)}, each DAC member country's column "
            f"(added over the rows): {DONOR}'s place among the countries with a positive "
            "amount, and how many there are", len(names), text,
            Selection(where=((aid.recipient_column(row["record"]), "in", names),),
                      show=(aid.recipient_column(row["record"]), DONOR))))

    def share(year):
        if disbursed is None:
            return percent(by.loc[(year, host), "norway_share_of_dac"])
        mine = disbursed[(disbursed["year"] == year) & (disbursed["role"] == HOST)]
        return aid.share_cell(mine.iloc[0])

    return pd.DataFrame(
        {
            "year": [str(y) for y in years],
            f"rank, {host}": [rank(y, host) for y in years],
            f"rank, {five}": [rank(y, five) for y in years],
            f"share of DAC aid to {host}": [share(y) for y in years],
        },
        dtype=object,
    )


def _decade_query(row, scope, first, last, files):
    shown = usd_million(row["usd_million"])
    return traced(
        shown,
        Query(
            files[-1].id,
            f"decade-{row['donor']}-{scope}",
            f"the column {row['donor']} of the rows of {scope}, summed over the files of "
            f"{first} to {last} (USD million, current prices)",
            len(files),
            shown,
        ),
    )


def figures(data):
    """The section's figures by glue name (``donors_*``), each traced to the Table 2a cells or
    to the formula that ranks them."""
    files = aid.table2a_sources()
    first, last = int(data["year"].min()), int(data["year"].max())
    years = f"{first}–{last}"
    table = ranks(data)
    scope_names = list(dict.fromkeys(data["scope"]))
    host, five = scope_names
    out = {
        "donors_years": traced(
            years,
            Formula(
                "the first and last years of the Table 2a files in the record",
                (
                    traced(str(first), Dataset(files[0].id, "version", files[0].version)),
                    traced(str(last), Dataset(files[-1].id, "version", files[-1].version)),
                ),
            ),
        ),
    }
    for scope, tag in ((host, "mali"), (five, "five")):
        dec = decade(data, scope).set_index("donor")
        norway = dec.loc[DONOR]
        dac_n = int(((dec["kind"] == DAC) & (dec["usd_million"] > 0)).sum())
        all_n = int(((dec["kind"] != AGGREGATE) & (dec["usd_million"] > 0)).sum())
        norway_total = _decade_query(
            {"donor": DONOR, "usd_million": norway["usd_million"]}, scope, first, last, files
        )
        dac_total = _decade_query(
            {"donor": record.DAC_TOTAL, "usd_million": dec.loc[record.DAC_TOTAL, "usd_million"]},
            scope, first, last, files,
        )
        out[f"donors_{tag}_norway_total"] = norway_total
        out[f"donors_{tag}_rank_dac"] = traced(
            f"{ordinal(int(norway['rank_dac']))} of {dac_n}",
            Formula(
                f"Norway's place among the DAC member countries by their disbursements to "
                f"{scope} summed over {years} (one plus those that gave more)",
                (norway_total,),
            ),
        )
        out[f"donors_{tag}_rank_all"] = traced(
            f"{ordinal(int(norway['rank_all']))} of {all_n}",
            Formula(
                f"Norway's place among every single donor (countries, multilateral agencies, "
                f"foundations; totals and residual columns excluded) by disbursements to "
                f"{scope} summed over {years}",
                (norway_total,),
            ),
        )
        out[f"donors_{tag}_share"] = traced(
            percent(norway["share_of_dac"]),
            Formula(
                f"Norway's disbursements to {scope} over {years} divided by the DAC countries' "
                "total, both summed from the same rows of the same files",
                (norway_total, dac_total),
            ),
        )
        ahead = dec[(dec["kind"] == DAC) & (dec["rank_dac"] < norway["rank_dac"])]
        nordic_ahead = [d for d in ahead.index if d in NORDIC]
        out[f"donors_{tag}_nordic_ahead"] = traced(
            and_list(nordic_ahead) if nordic_ahead else "none",
            Formula(
                f"the Nordic countries that gave {scope} more than Norway over {years}",
                tuple(
                    _decade_query({"donor": d, "usd_million": dec.loc[d, "usd_million"]},
                                  scope, first, last, files)
                    for d in nordic_ahead
                ),
            ),
        )
        top = dec[dec["kind"] == DAC].index[0]
        out[f"donors_{tag}_top_dac"] = traced(
            f"{top} ({usd_million(dec.loc[top, 'usd_million'])})",
            Formula(
                f"the DAC member country that gave {scope} the most over {years}",
                (_decade_query({"donor": top, "usd_million": dec.loc[top, "usd_million"]},
                               scope, first, last, files),),
            ),
        )
        yearly = table[table["scope"] == scope].dropna(subset=["rank_dac"])
        best = yearly.sort_values(["rank_dac", "year"]).iloc[0]
        worst = yearly.sort_values(["rank_dac", "year"], ascending=[False, True]).iloc[0]
        for end, row in (("best", best), ("worst", worst)):
            cell = aid_cell(row, scope)
            out[f"donors_{tag}_rank_{end}"] = traced(
                f"{ordinal(int(row['rank_dac']))} in {row['year']}",
                Formula(
                    f"Norway's place among the DAC member countries by disbursements to {scope} "
                    f"in {row['year']} (one plus those that gave more), its "
                    f"{'highest' if end == 'best' else 'lowest'} of the years",
                    (cell,),
                ),
            )
    return out


def aid_cell(row, scope):
    """Norway's cell(s) for ``scope`` in one year's file, as a query."""
    shown = usd_million(row["norway_usd_million"])
    return traced(
        shown,
        Query(
            row["record"],
            f"norway-{scope}-{row['year']}",
            f"the column {DONOR} of the rows of {scope} (summed), USD million at current prices",
            1,
            shown,
        ),
    )
