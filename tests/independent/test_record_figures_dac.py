"""Norway's aid figures (chapter 30, and the summary) recomputed from the OECD DAC Table 2a
files in data/record/ with plain pandas, compared with the committed glued values by key."""

import pandas as pd
import pytest

from tests.independent import glued

# The press release's list of the countries covered from Bamako, the host first (Norwegian
# Ministry of Foreign Affairs, 2023: seeds/, source S-002).
HOST = "Mali"
COVERED = ["Mali", "Burkina Faso", "Niger", "Chad", "Mauritania"]
YEARS = range(2010, 2020)  # the Table 2a files vendored: ODA-2010-DAC2a.csv … ODA-2019-DAC2a.csv
DAC = "DAC Countries, Total"


def read(year):
    frame = pd.read_csv(glued.RECORD / f"ODA-{year}-DAC2a.csv", dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    frame = frame.rename(columns={frame.columns[0]: "recipient"})
    return frame[frame["recipient"].isin(COVERED)].set_index("recipient")


def amount(cell):
    return float(cell) if cell != "" else None


def table():
    rows = []
    for year in YEARS:
        frame = read(year)
        assert sorted(frame.index) == sorted(COVERED), year  # one row per country
        for country in COVERED:
            rows.append((year, country, amount(frame.loc[country, "Norway"]),
                         amount(frame.loc[country, DAC])))
    return pd.DataFrame(rows, columns=["year", "country", "norway", "dac"])


def usd(value):
    return f"USD {value:.2f} million"


def figures():
    data = table()
    host = data[data["country"] == HOST].dropna(subset=["norway"])
    low, high = host.loc[host["norway"].idxmin()], host.loc[host["norway"].idxmax()]
    host = host.assign(share=host["norway"] / host["dac"])
    share_low, share_high = host.loc[host["share"].idxmin()], host.loc[host["share"].idxmax()]
    missing = data[data["norway"].isna()]
    order = missing.drop_duplicates("country").sort_values("year")["country"]
    net = data[data["norway"] < 0]
    top = data.dropna(subset=["norway"]).sort_values("norway").groupby("year").tail(1)
    host_top = int((top["country"] == HOST).sum())
    return {
        "aid_host_low": (f"{usd(low['norway'])} in {low['year']}", [1]),
        "aid_host_high": (f"{usd(high['norway'])} in {high['year']}", [1]),
        "aid_share_low": (f"{share_low['share']:.1%} in {share_low['year']}", [1, 1]),
        "aid_share_high": (f"{share_high['share']:.1%} in {share_high['year']}", [1, 1]),
        "aid_no_data": (
            "; ".join(
                f"{c} in {glued.listed(missing[missing['country'] == c]['year'])}" for c in order
            ),
            [1] * len(missing),
        ),
        "aid_net": (
            glued.listed(f"{r.country} in {r.year} ({usd(r.norway)})" for r in net.itertuples()),
            [1] * len(net),
        ),
        "aid_years": (glued.spelled(len(YEARS)), []),
        "aid_countries": (glued.spelled(len(COVERED)), []),
        "aid_host_largest": (
            "every year" if host_top == len(YEARS)
            else f"{glued.spelled(host_top)} of the {glued.spelled(len(YEARS))} years",
            [],
        ),
    }


FIGURES = figures()


@pytest.mark.parametrize("key", sorted(FIGURES))
def test_glued_value_is_the_recomputed_one(key):
    glued.check_figure(FIGURES, key)


def test_hand_checked_cells():
    """Read by hand from the row "Mali", column "Norway" (and "DAC Countries, Total") of
    ODA-2011-DAC2a.csv and ODA-2018-DAC2a.csv (OECD QWIDS Table 2a, extracted by Deutsche
    Welle; sha256 in data/record_sources.csv): 13.3 of 777.22 in 2011, 30.1 of 795.63 in 2018."""
    assert FIGURES["aid_host_low"][0] == "USD 13.30 million in 2011"
    assert FIGURES["aid_host_high"][0] == "USD 30.10 million in 2018"
    assert FIGURES["aid_share_low"][0] == "1.7% in 2011"  # 13.3 / 777.22 = 0.0171
    assert FIGURES["aid_share_high"][0] == "3.8% in 2018"  # 30.1 / 795.63 = 0.0378
