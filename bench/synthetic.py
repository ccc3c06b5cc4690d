"""Synthetic corpora for the scaling benchmark (``bench/``): press-release-sized documents.

``generate(n, out_dir)`` writes ``n`` UTF-8 documents of about 2–3 kB (non-ASCII names and
punctuation, numbers, dates, a contact line with a phone number and a URL) into
``out_dir/seeds/``, and beside them, in the project's formats, the registry ``sources.csv``,
the claims ledger ``claims.csv`` (one row per number or date, each with a verbatim quote),
``coverage_exclusions.csv`` (the contact line's digit tokens, the word "annual") and
``quotes.txt`` (every quote once per claim, one a line, for ``grep -F -f``). Every digit token
and number word of every document is claimed (the field offices are counted in words) or
excluded, so a correct library reports none unaccounted. The output depends only on ``n``
and ``seed``.
"""

import csv
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

from sahel.evidence.claims import COLUMNS as CLAIM_COLUMNS
from sahel.evidence.coverage import EXCLUSION_COLUMNS
from sahel.evidence.registry import COLUMNS as SOURCE_COLUMNS

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PLACES = (
    "Bamako",
    "Gao",
    "Ménaka",
    "Ségou",
    "Tombouctou",
    "Kidal",
    "Mopti",
    "Niamey",
    "Ouagadougou",
    "Nouakchott",
    "N’Djamena",
    "Agadez",
    "Tillabéri",
    "Kayes",
)
PEOPLE = (
    "Anniken Huitfeldt",
    "Espen Barth Eide",
    "Åsmund Aukrust",
    "Bjørg Sandkjær",
    "Ine Eriksen Søreide",
    "Aïssata Traoré",
    "Moussa Maïga",
    "Fatoumata Kaba",
    "Émile Ouédraogo",
    "Lærke Jørgensen",
)
PUBLISHERS = (
    "Norwegian Ministry of Foreign Affairs",
    "Utenriksdepartementet — Seksjon for Sahel",
    "Direktoratet for utviklingssamarbeid (Norad)",
    "Ministère des Affaires étrangères du Mali",
)
AGENCIES = (
    "the United Nations",
    "the UN refugee agency",
    "OCHA’s regional office",
    "the Comité international de la Croix-Rouge",
    "the World Food Programme",
)
COUNCILS = ("UN Security Council", "African Union’s Peace and Security Council")
FILLER = (
    "The decision follows a careful assessment of the security situation and of the "
    "conditions for diplomatic work in the region, made together with close partners.",
    "Norway’s engagement in the Sahel continues: support is channelled through "
    "multilateral organisations and trusted non-governmental partners on the ground.",
    "«We remain committed to the people of the region», the statement says — adding that "
    "humanitarian access, protection of civilians and food security are priorities.",
    "Staff in {place} will be reassigned, and consular services for Norwegian citizens will "
    "be provided from the embassy in a neighbouring country until further notice.",
    "Conflict and the impacts of climate change are causing widespread humanitarian need; "
    "the underlying conditions for international engagement have changed significantly.",
    "The ministry underlines that the closure is not a break in relations, and that dialogue "
    "with the transitional authorities in {place} and with civil society will continue.",
    "Partners such as the Sahel Alliance and regional bodies remain central to stabilisation, "
    "conflict resolution and development — from {place} to the shores of Lake Chad.",
    "Humanitarian organisations report that access to {place} and surrounding areas has "
    "become more difficult, with convoys delayed and markets disrupted for weeks at a time.",
)
WORD_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve")
WORD_VALUES = dict(zip(WORD_NUMBERS, (2, 3, 4, 5, 6, 7, 8, 9, 10, 12), strict=True))
SIZE = (2000, 3000)  # bytes per document


@dataclass
class _Document:
    """A document being written: its lines, claims and exclusions."""

    sid: str
    lines: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    exclusions: list = field(default_factory=list)

    def claim(self, quote, topic, subject, quantity, unit, *, value="", qualifier="exact",
              date="", period=""):
        self.claims.append(
            {
                "id": f"C{self.sid[1:]}-{len(self.claims) + 1:02d}",
                "source": self.sid,
                "topic": topic,
                "subject": subject,
                "quantity": quantity,
                "value": str(value),
                "unit": unit,
                "qualifier": qualifier,
                "date": date,
                "period": period,
                "quote": quote,
                "note": "",
            }
        )

    def exclude(self, token, context, reason):
        self.exclusions.append(
            {
                "id": f"E{self.sid[1:]}-{len(self.exclusions) + 1:02d}",
                "source": self.sid,
                "token": token,
                "context": context,
                "reason": reason,
            }
        )

    @property
    def text(self):
        return "\n".join(self.lines) + "\n"


def _distinct(rng, low, high, count, avoid=()):
    """``count`` different integers in [low, high] whose decimal forms are not in ``avoid``."""
    picked = []
    while len(picked) < count:
        value = rng.randint(low, high)
        if value not in picked and str(value) not in avoid:
            picked.append(value)
    return picked


def _header(doc, rng, day):
    stamp = day.strftime("%d/%m/%Y")
    line = f"Press release | Date: {stamp} | {rng.choice(PUBLISHERS)}"
    doc.lines.append(line)
    doc.claim(line, "norway", "synthetic.release.date", stamp, "date", date=day.isoformat())


def _resolution(doc, rng, day):
    number = rng.randint(2100, 2790)
    adopted = f"{day.day} {MONTHS[day.month - 1]}"
    line = (
        f"On {adopted}, the {rng.choice(COUNCILS)} adopted resolution {number} on the "
        f"situation in {rng.choice(PLACES)}, and asked all parties to respect it."
    )
    doc.lines.append(line)
    quote = f"On {adopted}, the"
    doc.claim(quote, "minusma", "synthetic.resolution.adopted", adopted, "date",
              date=day.isoformat())
    doc.claim(f"adopted resolution {number} on the", "minusma", "synthetic.resolution.number",
              str(number), "resolution", value=number)


def _funding(doc, rng, year):
    total, part = _distinct(rng, 110, 990, 2, avoid=(str(year),))
    place = rng.choice(PLACES)
    quote = f"a total of NOK {total} million in {year}, of which {part} million to {place}"
    line = f"Norway provided {quote}, according to the ministry’s annual figures."
    doc.lines.append(line)
    doc.exclude("annual", line, "How often the ministry publishes its figures, not a figure")
    doc.claim(quote, "norway", "synthetic.aid.total", f"NOK {total} million", "NOK",
              value=total * 1_000_000, period=str(year))
    doc.claim(quote, "norway", "synthetic.aid.part", f"{part} million", "NOK",
              value=part * 1_000_000, period=str(year))


def _displaced(doc, rng, year):
    persons = rng.randrange(1_000, 99_000, 50)
    month = rng.choice(MONTHS)
    since = f"{month} {year}"
    agency = rng.choice(AGENCIES)
    quote = f"close to {persons:,} persons have been displaced since {since}"
    doc.lines.append(f"In {rng.choice(PLACES)}, {quote}, according to {agency}.")
    doc.claim(quote, "context", "synthetic.displaced", f"{persons:,}", "persons",
              value=persons, qualifier="close to")
    doc.claim(quote, "context", "synthetic.displacement.start", since, "date",
              qualifier="since", date=f"{year}-{MONTHS.index(month) + 1:02d}")


def _deployment(doc, rng):
    troops = rng.randrange(1_200, 18_000, 10)
    # a small number equal to the troops' leading digit group would be found inside it
    battalions, states = _distinct(rng, 2, 19, 2, avoid=(f"{troops:,}".split(",")[0],))
    quote = (
        f"{battalions} battalions and about {troops:,} troops from {states} states"
    )
    doc.lines.append(
        f"At its peak the mission deployed {quote}, most of them in {rng.choice(PLACES)}."
    )
    doc.claim(quote, "minusma", "synthetic.battalions", str(battalions), "battalions",
              value=battalions)
    doc.claim(quote, "minusma", "synthetic.troops", f"{troops:,}", "troops", value=troops,
              qualifier="about")
    doc.claim(quote, "minusma", "synthetic.states", str(states), "states", value=states)


def _since(doc, rng, year):
    start = year - rng.randint(3, 11)
    words = rng.choice(WORD_NUMBERS)
    quote = f"has worked in the region since {start} and runs {words} field offices"
    doc.lines.append(f"The programme {quote} — «a long commitment», said {rng.choice(PEOPLE)}.")
    doc.claim(quote, "norway", "synthetic.programme.start", str(start), "date",
              qualifier="since", date=str(start))
    doc.claim(quote, "norway", "synthetic.programme.offices", words, "positions",
              value=WORD_VALUES[words])


def _contact(doc, rng, slug):
    phone_a, phone_b = _distinct(rng, 1000, 9999, 2)
    page = rng.randint(1_000_000, 9_999_999)
    url = f"https://www.regjeringen.no/en/aktuelt/{slug}/id{page}/"
    line = f"Contact: press office, tel. +47 {phone_a} {phone_b} | {url}"
    doc.lines.append(line)
    reason = "Contact details: phone number and page address, not a claim"
    for token in ("+47", str(phone_a), str(phone_b), url):
        doc.exclude(token, line, reason)


def _document(index, rng):
    sid = f"S{index:04d}"
    doc = _Document(sid)
    year = rng.randint(2014, 2024)
    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    place = rng.choice(PLACES)
    doc.lines.append(f"Norway adjusts its presence in {place}: statement from the ministry")
    _header(doc, rng, day)
    sections = [
        lambda: _resolution(doc, rng, day),
        lambda: _funding(doc, rng, year),
        lambda: _displaced(doc, rng, year),
        lambda: _deployment(doc, rng),
        lambda: _since(doc, rng, year),
    ]
    rng.shuffle(sections)
    fillers = list(FILLER)
    rng.shuffle(fillers)
    for section in sections:
        section()
        doc.lines.append(fillers.pop().format(place=rng.choice(PLACES)))
    while len(doc.text.encode()) < SIZE[0] and fillers:
        doc.lines.append(fillers.pop().format(place=rng.choice(PLACES)))
    _contact(doc, rng, f"statement-{sid.lower()}")
    size = len(doc.text.encode())
    if not SIZE[0] <= size <= SIZE[1]:
        raise AssertionError(f"synthetic document {sid} is {size} bytes, outside {SIZE}")
    return doc, day


def _write_csv(path, columns, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass(frozen=True)
class Corpus:
    """Where a generated corpus lives and how big it is."""

    root: Path
    documents: int
    claims: int
    exclusions: int
    bytes: int

    @property
    def seeds(self):
        return self.root / "seeds"

    @property
    def registry(self):
        return self.root / "sources.csv"

    @property
    def ledger(self):
        return self.root / "claims.csv"

    @property
    def exclusions_csv(self):
        return self.root / "coverage_exclusions.csv"

    @property
    def quotes(self):
        return self.root / "quotes.txt"


def generate(n, out_dir, seed=0):
    """Write a corpus of ``n`` documents under ``out_dir`` (which must not exist); describe it."""
    root = Path(out_dir)
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    rng = random.Random(f"sahel-synthetic-{seed}")
    sources, claims, exclusions, total = [], [], [], 0
    for index in range(n):
        doc, day = _document(index, rng)
        data = doc.text.encode("utf-8")
        name = f"{index:04d}_synthetic.txt"
        (seeds / name).write_bytes(data)
        total += len(data)
        sources.append(
            {
                "id": doc.sid,
                "file": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": str(len(data)),
                "title": doc.lines[0],
                "publisher": "Synthetic ministry",
                "author": "",
                "date": day.isoformat(),
                "date_note": "",
                "date_earliest": day.isoformat(),
                "date_latest": day.isoformat(),
                "kind": "press release",
                "bibkey": f"Synthetic{day.year}r{index:04d}",
                "licence": "synthetic text, no rights reserved",
            }
        )
        claims += doc.claims
        exclusions += doc.exclusions
    _write_csv(root / "sources.csv", SOURCE_COLUMNS, sources)
    _write_csv(root / "claims.csv", CLAIM_COLUMNS, claims)
    _write_csv(root / "coverage_exclusions.csv", EXCLUSION_COLUMNS, exclusions)
    (root / "quotes.txt").write_text(
        "".join(c["quote"] + "\n" for c in claims), encoding="utf-8"
    )
    return Corpus(root, n, len(claims), len(exclusions), total)
