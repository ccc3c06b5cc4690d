"""Deaths in organized violence as UCDP's Country-Year Dataset gives them (read through the
strict loader :func:`sahel.evidence.record.ucdp`): one country's deaths by type, year and
period, several countries side by side, and one-sided deaths by perpetrator. Pure readings of
the file for :mod:`sahel.chapters.conflict`, which sets them beside the mission.

Figures are UCDP's best estimates unless named otherwise; a sum over years of the low (or
high) estimates is "the sum of UCDP's yearly low (high) estimates", never a range UCDP gives.

Perpetrators. The country-year file splits one-sided deaths (killings of civilians) into
killings by governments (the country's main government alone, or others: a foreign government,
or a joint actor) and by non-state groups; the loader checks they sum to the one-sided total.
Nothing here claims a cause.
"""

import pandas as pd

from sahel.evidence import record
from sahel.formatting import number

#: UCDP's three types of organized violence (column stems) in the order the charts stack
#: them, with the book's words for each and the name of its column in the CSVs
TYPES = (
    ("sb_total_deaths", "state-based", "state_based"),
    ("ns_total_deaths", "non-state", "non_state"),
    ("os_total_deaths", "one-sided", "one_sided"),
)
TOTAL_WORDS = "all organized violence"
#: one-sided deaths by perpetrator: (the file's column stem or None for the difference, the
#: column in the CSVs, the words with ``{country}`` for the host's name)
PERPETRATORS = (
    ("os_main_govt_killings", "own_government", "{country}'s government alone"),
    (None, "other_governments", "other governments, alone or jointly"),
    ("os_nsgroup_killings", "groups", "non-state groups"),
)
CITED = "R-UCDP"  # the UCDP file the chapter reads (its registry id)
NEIGHBOURS = 2  # the covered countries drawn beside the host: those with the most deaths


class ConflictError(record.RecordError):
    """The record lacks a year or a country the chapter asks for."""


def _rows(frame, country_id, first, last):
    rows = frame[(frame["country_id_cy"] == country_id) & frame["year_cy"].between(first, last)]
    missing = sorted(set(range(first, last + 1)) - set(rows["year_cy"]))
    if missing:
        raise ConflictError(f"UCDP has no row for country {country_id} in {missing}")
    return rows.sort_values("year_cy").reset_index(drop=True)


def _column(stem, bound):
    return f"{stem}_{bound}_cy"


def by_type(frame, country_id, first, last):
    """One country's deaths per year, by type (best estimates), with the total's best, low and
    high estimates: year, state_based, non_state, one_sided, total, total_low, total_high."""
    rows = _rows(frame, country_id, first, last)
    out = pd.DataFrame({"year": rows["year_cy"]})
    for stem, _, column in TYPES:
        out[column] = rows[_column(stem, "best")]
    for bound, column in (("best", "total"), ("low", "total_low"), ("high", "total_high")):
        out[column] = rows[_column(record.UCDP_TOTAL, bound)]
    return out


def by_country(frame, covered, first, last):
    """Deaths in organized violence per country and year (best, low and high estimates), the
    countries in the order ``covered`` lists them: country (as written), year, best, low,
    high."""
    parts = []
    for row in covered.itertuples():
        rows = _rows(frame, row.country_id, first, last)
        parts.append(
            pd.DataFrame(
                {
                    "country": row.country,
                    "year": rows["year_cy"],
                    **{b: rows[_column(record.UCDP_TOTAL, b)] for b in ("best", "low", "high")},
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def period_total(frame, country_id, first, last):
    """One country's deaths from ``first`` to ``last`` (years, both included): the sums of the
    best, low and high estimates of the total and of each type's best estimate."""
    rows = _rows(frame, country_id, first, last)
    out = {b: int(rows[_column(record.UCDP_TOTAL, b)].sum()) for b in ("best", "low", "high")}
    for stem, _, column in TYPES:
        out[column] = int(rows[_column(stem, "best")].sum())
    return out


def by_period(frame, country_id, spans):
    """One country's deaths in each of :func:`periods`' ``spans``: the period's columns, then
    the sums of the best estimate (``best``), of the yearly low and high estimates
    (``low_sum``, ``high_sum``) and of each type's best estimate, and ``per_year`` (the best
    estimate's yearly average, to one decimal)."""
    rows = []
    for span_ in spans.itertuples(index=False):
        total = period_total(frame, country_id, span_.first_year, span_.last_year)
        rows.append(
            {
                **span_._asdict(),
                "best": total["best"],
                "low_sum": total["low"],
                "high_sum": total["high"],
                **{column: total[column] for _, _, column in TYPES},
                "per_year": round(total["best"] / span_.years, 1),
            }
        )
    return pd.DataFrame(rows)


def _sentence(words):
    return words[:1].upper() + words[1:]


def _years_words(first, last):
    return str(first) if first == last else f"{first}\u2013{last}"


def period_query(frame, name, country_id, first, last):
    """The deaths (best estimate) of ``name`` (UCDP's ``country_id``) from ``first`` to
    ``last``, summed, traced to its query on the UCDP file (its rows listed on the page)."""
    from sahel.evidence.selection import Selection
    from sahel.provenance import Query, slug, traced

    column = _column(record.UCDP_TOTAL, "best")
    rows = _rows(frame, country_id, first, last)
    best = int(rows[column].sum())
    return traced(number(best), Query(
        CITED, f"period-{slug(name)}-{first}-{last}",
        f"the rows of {name} for {_years_words(first, last)}: the sum of {column} (deaths in "
        "organized violence, best estimate)", len(rows), number(best),
        Selection(where=(("country_id_cy", "==", int(country_id)), ("year_cy", ">=", int(first)),
                         ("year_cy", "<=", int(last))),
                  total=(column,), show=("country_cy", "year_cy", column))))


def _per_year(total, years, value):
    """A period's average a year as shown, traced to its formula over the period's sum."""
    from sahel.provenance import Formula, traced

    return traced(number(round(value)), Formula(
        f"the period's deaths divided by its number of years ({years}), rounded", (total,),
        name=f"{total.evidence.name}-per-year"))


def period_shown(table, frame=None, name=None, country_id=None):
    """The table of :func:`by_period` as the chapter shows it (four columns; the rest is in its
    CSV): period, years, deaths (best estimate, summed) and the average per year. Given the
    UCDP ``frame`` and the country (``name``, ``country_id``), the years and deaths link to the
    query summing the period's rows, the average to its formula."""
    years = [_years_words(a, b) for a, b in zip(table["first_year"], table["last_year"],
                                                 strict=True)]
    deaths = list(table["best"].map(number))
    per_year = list(table["per_year"].map(lambda v: number(round(v))))
    if frame is not None:
        from sahel.provenance import traced

        for i, r in enumerate(table.itertuples()):
            total = period_query(frame, name, country_id, r.first_year, r.last_year)
            years[i] = traced(years[i], total.evidence)
            deaths[i] = total
            per_year[i] = _per_year(total, r.years, r.per_year)
    return pd.DataFrame(
        {"Period": table["period"].map(_sentence), "Years": years, "Deaths": deaths,
         "Per year": per_year},
        dtype=object,
    )


def perpetrators(frame, country_id, first, last):
    """One country's one-sided deaths per year by perpetrator (best estimates): year,
    one_sided, own_government (the file's main government alone), other_governments (any
    government's killings less the main government's), groups (non-state groups)."""
    rows = _rows(frame, country_id, first, last)
    out = pd.DataFrame(
        {"year": rows["year_cy"], "one_sided": rows[_column(record.UCDP_ONE_SIDED, "best")]}
    )
    governments = rows[_column("os_any_govt_killings", "best")]
    out["own_government"] = rows[_column("os_main_govt_killings", "best")]
    out["other_governments"] = governments - out["own_government"]
    out["groups"] = rows[_column("os_nsgroup_killings", "best")]
    parts = out[[column for _, column, _ in PERPETRATORS]].sum(axis=1)
    if (parts != out["one_sided"]).any():
        raise ConflictError(f"country {country_id}: one-sided deaths are not their perpetrators'")
    return out


def government_share(table, first, last):
    """The share of one-sided deaths from ``first`` to ``last`` (years of
    :func:`perpetrators`) that governments committed, alone or jointly: a fraction."""
    rows = table[table["year"].between(first, last)]
    total = int(rows["one_sided"].sum())
    if not total:
        raise ConflictError(f"no one-sided deaths from {first} to {last}")
    return int((rows["own_government"] + rows["other_governments"]).sum()) / total


def other_governments(frame, country_id, year):
    """The one-sided dyads of one country-year whose perpetrator is a government other than
    the country's own alone (a foreign government, or a joint actor), as the file names them."""
    row = _rows(frame, country_id, year, year).iloc[0]
    own = f"Government of {row['country_cy']}"
    found = []
    for dyad in row[record.UCDP_DYADS].split("; "):
        actor = dyad.rsplit(" - ", 1)[0].strip()
        if "Government of" in actor and actor != own:
            found.append(actor)
    return found


def neighbours(long, host_name):
    """The :data:`NEIGHBOURS` countries of ``long`` (:func:`by_country`) other than the host
    with the most deaths over its years (best estimates), the most first."""
    others = long[long["country"] != host_name].groupby("country", sort=False)["best"].sum()
    return list(others.sort_values(ascending=False, kind="stable").index[:NEIGHBOURS])


def passed(long, host_name, other):
    """``(first, since)``: the first year ``other``'s deaths (best) exceeded the host's, and
    the year from which they have exceeded them every year to the last (``None`` if they did
    not in the last year); ``(None, None)`` if never."""
    wide = long.pivot(index="year", columns="country", values="best").sort_index()
    above = wide[other] > wide[host_name]
    if not above.any():
        return None, None
    since = None
    for year in reversed(above.index):
        if not above[year]:
            break
        since = int(year)
    return int(above.idxmax()), since


def share_of(long, host_name, names, year):
    """The host's share of the deaths (best) in ``names`` (host included) in ``year``, and
    their total: ``(fraction, total)``."""
    rows = long[long["country"].isin(names) & (long["year"] == year)]
    total = int(rows["best"].sum())
    return int(rows[rows["country"] == host_name]["best"].sum()) / total, total


def country_periods(frame, covered, spans):
    """Each covered country's deaths by period (:func:`by_period`, best estimates): country,
    the period's columns, best and per_year; countries in ``covered``'s order."""
    parts = [
        by_period(frame, cid, spans)[[*spans.columns, "best", "per_year"]].assign(country=name)
        for name, cid in zip(covered["country"], covered["country_id"], strict=True)
    ]
    long = pd.concat(parts, ignore_index=True)
    return long[["country", *spans.columns, "best", "per_year"]]


def country_periods_shown(long, names, frame=None, covered=None):
    """The table of :func:`country_periods` as shown: the period with its years, then each of
    ``names``' yearly average (best estimate), rounded; the sums and the other countries are
    in its CSV. Given the UCDP ``frame`` and ``covered`` (names and UCDP ids), each average
    links to its formula over the query summing the period's rows."""
    spans = long.drop_duplicates("key").reset_index(drop=True)
    labels = []
    for r in spans.itertuples():
        years_ = "" if str(r.first_year) in r.period else _years_words(r.first_year, r.last_year)
        labels.append(_sentence(r.period) + (f" ({years_})" if years_ else ""))
    out = pd.DataFrame({"Period": labels})
    for name in names:
        rows = long[long["country"] == name].reset_index(drop=True)
        out[name] = rows["per_year"].map(lambda v: number(round(v))).astype(object)
        if frame is not None:
            cid = covered.set_index("country").loc[name, "country_id"]
            for i, r in rows.iterrows():
                total = period_query(frame, name, cid, r["first_year"], r["last_year"])
                out.at[i, name] = _per_year(total, r["years"], r["per_year"])
    return out


def unbracketed(frame, country_ids, first, last):
    """The figures, among these countries and years, whose published low and high estimates do
    not bracket the best estimate: country id, year, type (the book's words), low, best,
    high."""
    rows = frame[frame["country_id_cy"].isin(country_ids) & frame["year_cy"].between(first, last)]
    found = []
    for stem, words in (*((s, w) for s, w, _ in TYPES), (record.UCDP_TOTAL, TOTAL_WORDS)):
        low, best, high = (rows[_column(stem, b)] for b in ("low", "best", "high"))
        for i in rows.index[(low > best) | (best > high)]:
            found.append(
                {
                    "country_id": int(rows.at[i, "country_id_cy"]),
                    "year": int(rows.at[i, "year_cy"]),
                    "type": words,
                    "low": int(low[i]),
                    "best": int(best[i]),
                    "high": int(high[i]),
                }
            )
    return pd.DataFrame(found, columns=["country_id", "year", "type", "low", "best", "high"])
