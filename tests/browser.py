"""Load pages of a built book in Chromium and check what a reader gets.

``visit`` records everything about one page at one width (console, network, text, images,
links, axe-core); the ``*_problems`` functions turn a record into a list of readable problems,
empty when the page is fine. tests/test_browser_checks.py proves each check fails on a page
made to fail it, so the suite on the real book cannot pass vacuously.
"""

import ast
import io
import json
import re
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pandas as pd
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from tests import chart_text
from tests.glued import MIME_PREFIX, notebook_glue  # noqa: F401 (MIME_PREFIX: for tests)
from tooling.browser import LOCAL_HOST, block_outside

DESKTOP, PHONE = 1280, 390
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
AXE_WIDTH = DESKTOP
AXE_FAIL_IMPACTS = ("serious", "critical")
# Folders of a Sphinx build that hold assets and copies, not pages.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads")
REPR_ALT = re.compile(r"^\s*<[^<>]*>\s*$|object at 0x|<Figure size|<IPython\.")
GLUE_ROLE = re.compile(r"\{glue(?::(text|any))?\}`([^`]+)`")
GLUE_MD = re.compile(r"\{glue:md\}(?:`|\s+)([^`\s]+)")
# Characters that reach the page exactly as typed in MyST (no markup, no smart quotes/dashes).
PLAIN_RUN = r"[A-Za-z0-9 ,;%]*"
REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.I)

_COLLECT = """() => {
  const attr = (e, n) => e.getAttribute(n);
  const hidden = e => e.closest('[aria-hidden="true"]') !== null;
  const images = Array.from(document.querySelectorAll('img, input[type=image]')).map(e => ({
    tag: e.tagName.toLowerCase(), src: attr(e, 'src'), alt: attr(e, 'alt'), hidden: hidden(e)}));
  const svgs = Array.from(document.querySelectorAll('svg')).filter(e => !hidden(e)
      && !e.parentElement.closest('svg')).map(e => ({
    tag: 'svg', src: (e.outerHTML || '').slice(0, 80),
    alt: attr(e, 'aria-label') || (e.querySelector(':scope > title') || {}).textContent || null,
    hidden: false, labelled: attr(e, 'aria-labelledby') !== null
      || e.closest('a[aria-label], button[aria-label], a[title], button[title]') !== null}));
  const figures = Array.from(document.querySelectorAll('figure')).map(e => ({
    id: e.id, caption: (e.querySelector('figcaption') || {}).innerText || '',
    media: e.querySelectorAll('img, svg, object, embed, canvas, video').length}));
  const links = Array.from(document.querySelectorAll('a[href]')).map(e => attr(e, 'href'));
  const ids = Array.from(document.querySelectorAll('[id], a[name]'))
    .map(e => e.id || attr(e, 'name'));
  const glued = Array.from(document.querySelectorAll('.pasted-text')).map(e => {
    const link = e.closest('a');
    return {text: e.textContent, href: link ? attr(link, 'href') : null,
            title: link ? attr(link, 'title') : null,
            kinds: link ? Array.from(link.classList) : [],
            shown: e.getClientRects().length > 0};
  });
  return {images: images.concat(svgs), figures, links, ids, glued,
          text: document.body.innerText};
}"""
# Each figure's SVG: its smallest text (``data-min-font-pt``, written by sahel.publish), the
# width of its viewBox (points) and the width it is shown at (CSS px); and whether the page is
# wider than the window (it would scroll sideways).
_FIGURE_TEXT = """async () => {
  const charts = [];
  for (const img of document.querySelectorAll('figure img')) {
    if (!/\\.svg($|[?#])/.test(img.getAttribute('src') || '')) continue;
    let svg = '';
    try { svg = await (await fetch(img.src)).text(); } catch (e) {}
    const font = /data-min-font-pt="([\\d.]+)"/.exec(svg);
    const box = /viewBox="[-\\d.]+ [-\\d.]+ ([\\d.]+) [\\d.]+"/.exec(svg);
    charts.push({src: img.getAttribute('src'), shown: img.getBoundingClientRect().width,
                 font: font && parseFloat(font[1]), box: box && parseFloat(box[1])});
  }
  const tables = Array.from(document.querySelectorAll('table')).map(t => {
    const box = t.parentElement, style = getComputedStyle(box);
    return {id: t.id || (t.closest('[id]') || {}).id || '',
            wide: t.scrollWidth > box.clientWidth + 1,
            scrolls: ['auto', 'scroll'].includes(style.overflowX),
            cue: /gradient/.test(style.backgroundImage)};
  });
  return {charts, tables, scroll: document.documentElement.scrollWidth, window: window.innerWidth};
}"""
# Each table: how much wider than its container it is (the container would scroll sideways),
# and whether it is laid out as stacked cards (``_static/sahel.css``, narrow screens).
PHONE_TABLES_JS = """() => Array.from(document.querySelectorAll('table')).map(t => {
  const box = t.parentElement, caption = t.querySelector('caption');
  let scroller = null;
  for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) {
    if (e.scrollWidth > e.clientWidth + 1
        && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) { scroller = e; break; }
  }
  return {id: t.id || (t.closest('[id]') || {}).id || '',
          caption: caption ? caption.innerText.trim().slice(0, 80) : '',
          over: Math.max(t.scrollWidth - box.clientWidth, scroller
                         ? scroller.scrollWidth - scroller.clientWidth : 0),
          cards: getComputedStyle(t).display === 'block'};
})"""
_WEIGHT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const sum = list => list.reduce((a, e) => a + (e.transferSize || e.encodedBodySize || 0), 0);
  const own = res.filter(e => !new URL(e.name).pathname.includes('/_static/'));
  return {total: sum([nav]) + sum(res), own: sum([nav]) + sum(own)};
}"""


@dataclass
class Visit:
    """What one page showed at one width."""

    page: str
    width: int
    url: str
    console_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    text: str = ""
    images: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    links: list = field(default_factory=list)
    ids: set = field(default_factory=set)
    glued: list = field(default_factory=list)  # every {glue:text} value and the link around it
    violations: list = field(default_factory=list)
    axed: bool = False  # whether axe-core ran on this visit (once per page, not per width)
    weight: dict = field(default_factory=dict)
    screenshot: Path | None = None
    charts: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    scroll_width: int = 0
    chart_labels: list = field(default_factory=list)  # chart_text.MEASURE_JS, per SVG chart
    phone_tables: list = field(default_factory=list)  # PHONE_TABLES_JS, per table


def site_pages(html_dir):
    """Every HTML page of a build, as paths relative to it (assets' folders left out)."""
    html_dir = Path(html_dir)
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir)
        if rel.parts[0] not in NOT_PAGES:
            pages.append(rel.as_posix())
    return pages


def screenshot_name(page, label):
    return re.sub(r"[^A-Za-z0-9]+", "-", page.removesuffix(".html")).strip("-") + f"-{label}.png"


def visit(browser, base_url, page, width, *, label=None, screenshots=None, axe=True):
    """Open ``page`` (relative to ``base_url``) at ``width`` px and record what it did."""
    job = Job(page, width, label=label, axe=axe)
    return visit_all(browser, base_url, [job], screenshots=screenshots)[0]


@dataclass(frozen=True)
class Job:
    """One page to open at one width; ``axe`` runs axe-core on it."""

    page: str
    width: int
    label: str | None = None
    axe: bool = True


def visit_all(browser, base_url, jobs, *, screenshots=None, batch=6):
    """``visit`` for every job, ``batch`` pages loading at once: each page gets its own context
    (viewport, route blocking) and tab, all of a batch start loading before the first is
    awaited, so their loads and network-idle waits overlap instead of adding up."""
    records = []
    for first in range(0, len(jobs), batch):
        opened = []
        try:
            for job in jobs[first : first + batch]:
                opened.append(_open(browser, base_url, job))
            for job, (record, _context, tab, seen) in zip(
                jobs[first : first + batch], opened, strict=True
            ):
                _finish(record, tab, seen, job, screenshots)
                records.append(record)
        finally:
            for _, context, _, _ in opened:
                context.close()
    return records


def _open(browser, base_url, job):
    """A new context and tab for ``job``, listening to everything, navigation started."""
    context = browser.new_context(viewport={"width": job.width, "height": 900})
    try:
        return _listen_and_go(context, base_url, job)
    except BaseException:
        context.close()
        raise


def _listen_and_go(context, base_url, job):
    record = Visit(page=job.page, width=job.width, url=urljoin(base_url, job.page))
    seen = {"failed": [], "errors": [], "redirects": None}
    block_outside(context, record.blocked)
    tab = context.new_page()
    failed, errors = seen["failed"], seen["errors"]
    tab.on("console", lambda m: m.type == "error" and errors.append(_console_line(m)))
    tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    tab.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    tab.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} (HTTP {r.status})"))

    def on_dialog(dialog):
        record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    with urllib.request.urlopen(record.url, timeout=30) as response:
        seen["redirects"] = REFRESH.search(response.read().decode("utf-8", "replace"))
    tab.goto(record.url, wait_until="commit")
    return record, context, tab, seen


def _finish(record, tab, seen, job, screenshots):
    """Wait for ``tab`` to load and go quiet, then record what the page showed and did."""
    tab.wait_for_load_state("load")
    tab.wait_for_load_state("networkidle")
    if seen["redirects"]:  # a redirect page (index.html): check the page it lands on
        tab.wait_for_url(lambda url: url != record.url)
        tab.wait_for_load_state("networkidle")
    record.url = tab.url
    facts = tab.evaluate(_COLLECT)
    record.weight = tab.evaluate(_WEIGHT)
    shown = tab.evaluate(_FIGURE_TEXT)
    record.charts, record.scroll_width = shown["charts"], shown["scroll"] - shown["window"]
    record.tables = shown["tables"]
    record.chart_labels = tab.evaluate(chart_text.COLLECT_JS)
    record.phone_tables = tab.evaluate(PHONE_TABLES_JS)
    # What the page itself did, before axe-core adds requests of its own.
    record.console_errors, record.failed_requests = list(seen["errors"]), list(seen["failed"])
    record.text = facts["text"]
    record.images, record.figures = facts["images"], facts["figures"]
    record.links, record.ids = facts["links"], set(facts["ids"])
    record.glued = facts["glued"]
    if job.axe:
        record.violations = Axe().run(tab).response["violations"]
        record.axed = True
    if screenshots is not None:
        Path(screenshots).mkdir(parents=True, exist_ok=True)
        name = screenshot_name(job.page, job.label or str(job.width))
        record.screenshot = Path(screenshots) / name
        tab.screenshot(path=record.screenshot, full_page=True)


def _console_line(message):
    where = message.location or {}
    return f"{message.text} [{where.get('url', '')}:{where.get('lineNumber', '')}]"


# --- checks on one record: each returns a list of problems, empty when fine -----------------


def network_problems(record):
    """Console errors, failed requests and requests that tried to leave 127.0.0.1."""
    problems = [f"request outside 127.0.0.1 (blocked): {url}" for url in record.blocked]
    problems += [f"failed request: {line}" for line in record.failed_requests]
    problems += [f"console error: {line}" for line in record.console_errors]
    problems += [f"dialog opened: {line}" for line in record.dialogs]
    return problems


def image_problems(record):
    """Images without real alt text; figures without caption or without an image."""
    problems = []
    for image in record.images:
        if image["hidden"] or image.get("labelled"):
            continue
        alt = image["alt"]
        if alt is None or not alt.strip():
            problems.append(f"<{image['tag']}> without alt text: {image['src']}")
        elif REPR_ALT.search(alt):
            problems.append(f"<{image['tag']}> alt text is a Python repr {alt!r}: {image['src']}")
    for figure in record.figures:
        if not figure["caption"].strip():
            problems.append(f"figure without caption: #{figure['id']}")
        if not figure["media"]:
            problems.append(f"figure without an image: #{figure['id']}")
    return problems


MIN_TEXT_PX = 9  # the smallest chart text a reader may get, CSS px (sahel.charts.style)


def chart_text_problems(record, min_px=MIN_TEXT_PX):
    """Charts whose smallest text, as shown at this width, is under ``min_px`` CSS px, or whose
    SVG does not say how small its text is."""
    problems = []
    for chart in record.charts:
        if chart["font"] is None or not chart["box"]:
            problems.append(f"chart without data-min-font-pt or viewBox: {chart['src']}")
            continue
        px = chart["font"] * chart["shown"] / chart["box"]
        if px < min_px:
            problems.append(
                f"chart text {px:.1f} px (under {min_px}): {chart['font']:g} pt in a "
                f"{chart['box']:.0f} pt chart shown {chart['shown']:.0f} px wide: {chart['src']}"
            )
    return problems


def wide_table_problems(record):
    """Tables wider than their column that do not scroll in a container with a visible cue."""
    return [
        f"table #{t['id']} is wider than the column and "
        + ("its container shows no cue that it scrolls" if t["scrolls"] else "does not scroll")
        for t in record.tables
        if t["wide"] and not (t["scrolls"] and t["cue"])
    ]


def overflow_problems(record):
    """The page is wider than the window: a reader must scroll sideways."""
    if record.scroll_width > 0:
        return [f"page scrolls sideways by {record.scroll_width} px"]
    return []


#: the data files whose ids are internal: they may appear in back matter, link targets and
#: hover text, never in the text of a chapter (ids of exhibits, quotes and picks are glue keys)
ID_FILES = (
    "sources.csv",
    "claims.csv",
    "coverage_exclusions.csv",
    "readings.csv",
    "source_defects.csv",
    "sites.csv",
    "scopes.csv",
    "series.csv",
    "reconciliation.csv",
    "record_sources.csv",
    "official_record.csv",
)


def internal_id_pattern(subjects=()):
    """A regex matching any id of :data:`ID_FILES` (by its form) or any of ``subjects`` (the
    ledger's subject labels, such as ``minusma.fatalities``), as a whole word."""
    from sahel.evidence.tables import ID_FORMS

    forms = [ID_FORMS[name] for name in ID_FILES]
    forms += [re.escape(s) for s in sorted(subjects, key=len, reverse=True)]
    return re.compile(r"(?<![\w.-])(?:" + "|".join(forms) + r")(?![\w-]|\.\w)")


def internal_id_problems(record, pattern):
    """Internal ids in the text a reader sees (link targets and hover text are not text),
    and in the words of its charts (each SVG's labels, :func:`chart_label_problems`)."""
    found = sorted({m[0] for m in pattern.finditer(record.text)})
    problems = [f"internal id(s) in the text: {', '.join(found)}"] if found else []
    for measured in record.chart_labels:
        words = "\n".join(label["text"] for label in measured.get("labels", []))
        found = sorted({m[0] for m in pattern.finditer(words)})
        if found:
            where = f"#{measured['figure']}" if measured.get("figure") else measured["src"]
            problems.append(f"internal id(s) in chart {where}: {', '.join(found)}")
    return problems


# --- chart labels and phone tables (issue 23) --------------------------------------------------


def chart_label_problems(record):
    """Chart labels that overlap, touch (under ``chart_text.MIN_GAP_PT``), are cut by the
    chart's edge or their axes' clip, lie over a legend or run off their backdrop, and legends
    that hide data, measured in Chromium on each SVG (``tests/chart_text.py``)."""
    problems = []
    for measured in record.chart_labels:
        if "error" in measured:
            problems.append(f"chart {measured['src']} could not be measured: {measured['error']}")
            continue
        chart = chart_text.from_measured(measured)
        problems += [f"chart {chart.name}: {p}" for p in chart_text.problems(chart)]
    return problems


def phone_table_problems(record):
    """Tables a reader must scroll sideways (wider than their container by more than a pixel,
    or inside a box that scrolls): on a phone, a chapter's table fits or stacks as cards."""
    return [
        f"table #{t['id']} ({t['caption'][:50]!r}) scrolls sideways by {t['over']} px"
        for t in record.phone_tables
        if t["over"] > 1
    ]


def chart_label_count(records):
    """How many labels the measured charts of ``records`` hold (each SVG counted once)."""
    charts = {m["src"]: m for r in records for m in r.chart_labels if "labels" in m}
    return sum(len(m["labels"]) for m in charts.values())


def link_problems(record, html_dir):
    """Internal links whose file or ``#anchor`` does not exist in the build at ``html_dir``."""
    html_dir = Path(html_dir).resolve()
    problems = []
    for href in record.links:
        target = urlsplit(urljoin(record.url, href))
        if target.scheme not in ("http", "https") or target.hostname != LOCAL_HOST:
            continue  # mailto:, javascript: and outside links are not requests of the page
        path = unquote(target.path).lstrip("/")
        file = (html_dir / path).resolve()
        if file.is_dir():
            file = file / "index.html"
        if html_dir not in file.parents or not file.is_file():
            problems.append(f"broken link {href!r}: no file {path or '/'}")
            continue
        if not target.fragment:
            continue
        anchor = unquote(target.fragment)
        same_page = target.path == urlsplit(record.url).path
        ids = record.ids if same_page else html_ids(file)
        if anchor not in ids:
            problems.append(f"broken anchor {href!r}: no id {anchor!r} in {path or record.page}")
    return problems


@lru_cache(maxsize=256)
def html_ids(file):
    """Every id (and old-style ``<a name>``) in an HTML file."""
    soup = BeautifulSoup(Path(file).read_text(encoding="utf-8"), "html.parser")
    return frozenset(
        [tag["id"] for tag in soup.find_all(id=True)]
        + [a["name"] for a in soup.find_all("a", attrs={"name": True})]
    )


def _target(record, href, html_dir):
    """``(file, anchor)`` of an internal link of the page, or a problem string."""
    target = urlsplit(urljoin(record.url, href))
    if target.hostname != LOCAL_HOST or not target.fragment:
        return f"{href!r} is not a link to an anchor of the book"
    html_dir = Path(html_dir).resolve()
    file = (html_dir / unquote(target.path).lstrip("/")).resolve()
    if html_dir not in file.parents or not file.is_file():
        return f"{href!r}: no file {target.path}"
    return file, unquote(target.fragment)


@lru_cache(maxsize=64)
def html_soup(file):
    return BeautifulSoup(Path(file).read_text(encoding="utf-8"), "html.parser")


def evidence_problems(record, html_dir, quotes, enforced=True):
    """Glued values with a digit that do not link to their evidence.

    Every glued value containing a digit must be a link (on a page where provenance is
    ``enforced``) with hover text, to an anchor that exists; a link to a quote (class
    ``quote``) must land on an element whose text holds that claim's quote (``quotes``:
    ``{anchor: quote}``); a link to a formula (class ``formula``) on an entry whose own links
    (its inputs) all resolve.
    """
    problems = []
    for value in record.glued:
        text = value["text"]
        if not re.search(r"\d", text):
            continue
        if value["href"] is None or "evidence" not in value["kinds"]:
            if enforced:
                problems.append(f"glued value {text!r} is not a link to its evidence")
            continue
        if not (value["title"] or "").strip():
            problems.append(f"evidence link of {text!r} has no hover text")
        found = _target(record, value["href"], html_dir)
        if isinstance(found, str):
            problems.append(f"evidence link of {text!r}: {found}")
            continue
        file, anchor = found
        element = html_soup(file).find(id=anchor)
        if element is None:
            problems.append(f"evidence link of {text!r}: no id {anchor!r} in {file.name}")
            continue
        if "quote" in value["kinds"]:
            quote = quotes.get(anchor)
            shown = " ".join(element.get_text().split())
            if quote is None or " ".join(quote.split()) not in shown:
                problems.append(
                    f"evidence link of {text!r}: {file.name}#{anchor} does not show the quote "
                    f"{quote!r} (it shows {shown[:80]!r})"
                )
        if "formula" in value["kinds"]:
            inputs = element.find_all("a", class_="evidence")
            if not inputs and "From:" in element.get_text():
                problems.append(f"evidence link of {text!r}: {anchor!r} lists no linked input")
            base = SimpleNamespace(url=urljoin(record.url, value["href"]))  # links are relative
            for link in inputs:
                resolved = _target(base, link["href"], html_dir)
                if isinstance(resolved, str) or html_soup(resolved[0]).find(
                    id=resolved[1]
                ) is None:
                    problems.append(
                        f"evidence link of {text!r}: input {link.get_text()!r} of {anchor!r} "
                        f"does not resolve ({link['href']!r})"
                    )
    return problems


def axe_problems(record):
    """axe-core violations of serious or critical impact, one line per rule."""
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in record.violations
        if v["impact"] in AXE_FAIL_IMPACTS
    ]


def csv_links(record):
    """Absolute URLs of the page's CSV downloads (``_downloads/…/*.csv``)."""
    urls = (urljoin(record.url, href) for href in record.links)
    return sorted({u for u in urls if "/_downloads/" in u and urlsplit(u).path.endswith(".csv")})


def csv_problems(url):
    """A CSV download that does not download, does not parse or holds no rows."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            data = response.read()
    except OSError as exc:
        return [f"CSV {url} does not download: {exc}"]
    try:
        frame = pd.read_csv(io.BytesIO(data))
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        return [f"CSV {url} does not parse: {exc}"]
    if frame.empty or not len(frame.columns):
        return [f"CSV {url} is empty"]
    return []


# --- glued values: what the committed notebooks say each {glue:text} shows -------------------


@dataclass(frozen=True)
class GlueRef:
    """One ``{glue:text}`` / ``{glue}`` reference in a page's source and what it must show."""

    source: str
    key: str
    expected: str
    snippet: str


def page_source(page, root):
    """The source file (.ipynb or .md) a page was built from, or None for generated pages."""
    stem = Path(root) / Path(page).with_suffix("")
    for suffix in (".ipynb", ".md"):
        if stem.with_suffix(suffix).is_file():
            return stem.with_suffix(suffix)
    return None


def markdown_of(source):
    """The MyST a page renders: a MyST file's text, or a notebook's markdown cells plus the
    glued markdown they paste with ``{glue:md}`` (table captions may hold ``{glue:text}``)."""
    source = Path(source)
    if source.suffix != ".ipynb":
        return [source.read_text(encoding="utf-8")]
    notebook = nbformat.read(source, as_version=4)
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    glued = notebook_glue(source.resolve())
    pasted = [key for cell in cells for key in GLUE_MD.findall(cell)]
    return cells + [
        glued[key]["text/markdown"] for key in pasted if "text/markdown" in glued.get(key, {})
    ]


@lru_cache(maxsize=64)
def format_glued(plain, spec):
    """The text ``{glue:text}`key:spec``` shows for a glued ``text/plain`` repr."""
    try:
        value = ast.literal_eval(plain)
    except (SyntaxError, ValueError):
        value = plain
    if not spec:
        return str(value)
    kind = spec[-1]
    if kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    elif kind == "s":
        value = str(value)
    return format(value, spec)


def glue_refs(source):
    """What each glue reference in ``source`` must show, with the plain words around it.

    Values are read from the committed notebook: the page's own, or ``path::key``'s notebook
    (relative to the page). A reference whose value cannot be found raises: a check that
    silently skipped it would pass on a page showing anything.
    """
    source = Path(source)
    refs = []
    for markdown in markdown_of(source):
        for line in markdown.splitlines():
            for match in GLUE_ROLE.finditer(line):
                role, content = match.group(1) or "any", match.group(2)
                doc, _, key = content.rpartition("::")
                spec = ""
                if role == "text" and ":" in key:
                    key, spec = key.rsplit(":", 1)
                notebook = (source.parent / doc) if doc else source
                if notebook.suffix != ".ipynb":
                    raise LookupError(
                        f"{source}: {match.group(0)} has no committed notebook to read it from"
                    )
                bundle = notebook_glue(notebook.resolve()).get(key)
                if bundle is None or "text/plain" not in bundle:
                    raise LookupError(
                        f"{source}: {match.group(0)}: {key!r} not glued in {notebook}"
                    )
                if role == "any" and set(bundle) != {"text/plain"}:
                    continue  # a figure or rich output, checked as an image, not as text
                plain = bundle["text/plain"]
                expected = format_glued(plain, spec) if role == "text" else plain
                left = re.search(PLAIN_RUN + "$", line[: match.start()]).group(0)
                right = re.match(PLAIN_RUN, line[match.end() :]).group(0)
                snippet = " ".join((left + expected + right).split())
                refs.append(GlueRef(str(source), key, expected, snippet))
    return refs


def glue_problems(record, refs):
    """Glued values (with the words around them in the source) missing from the page's text."""
    text = " ".join(record.text.split()).casefold()
    return [
        f"{ref.key}: expected {ref.snippet!r} (value {ref.expected!r}) on the page"
        for ref in refs
        if ref.snippet.casefold() not in text
    ]


def write_report(path, records):
    """A JSON summary per page and width: weight, problems, every axe rule hit."""
    rows = [
        {
            "page": r.page,
            "width": r.width,
            "bytes_total": r.weight.get("total"),
            "bytes_own": r.weight.get("own"),
            "axe": {v["id"]: v["impact"] for v in r.violations} if r.axed else "not run",
            "network_problems": network_problems(r),
            "screenshot": str(r.screenshot) if r.screenshot else None,
        }
        for r in records
    ]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


# --- script policy: any script from injected content is a violation ------------------------------
# A page is served with a Content-Security-Policy allowing only the scripts the theme itself
# writes: files from the book's own origin and the inline scripts and event handlers of the same
# page in a reference build of the same book without the injected data (by sha256). Any other
# script (an injected <script>, an onerror= handler, a javascript: link) is refused by Chromium
# and reported through `securitypolicyviolation`, so a payload that runs silently (no dialog)
# is still caught, and one that is refused is caught too.
_VIOLATIONS = """() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.violatedDirective}: ${e.blockedURI || 'inline'} at line ${e.lineNumber}: `
    + `${(e.sample || '').slice(0, 80)}`));
}"""


def inline_scripts(html):
    """The inline scripts and event-handler attributes of a page, as the browser hashes them."""
    soup = BeautifulSoup(html, "html.parser")
    found = [s.string or "" for s in soup.find_all("script") if not s.get("src")]
    for tag in soup.find_all(True):
        found += [value for name, value in tag.attrs.items() if name.lower().startswith("on")]
    return found


def script_policy(reference_html):
    """The Content-Security-Policy allowing exactly the scripts of ``reference_html``."""
    import base64
    import hashlib

    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in inline_scripts(reference_html)
        }
    )
    return f"script-src 'self' 'unsafe-hashes' {' '.join(hashes)}; object-src 'none'"


def policy_visit(browser, base_url, page, policy):
    """Open ``page`` served with ``policy``; return (violations, console errors, dialogs,
    the page's visible text, whether ``window.__pwned`` was set)."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    errors, dialogs = [], []
    try:
        block_outside(context, [])

        def serve_with_policy(route):
            response = route.fetch()
            headers = {**response.headers, "content-security-policy": policy}
            route.fulfill(response=response, headers=headers)

        context.route(re.compile(r".*\.html(\?.*)?$"), serve_with_policy)
        context.add_init_script(script=f"({_VIOLATIONS})()")
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(urljoin(base_url, page), wait_until="load")
        tab.wait_for_load_state("networkidle")
        violations = tab.evaluate("() => window.__cspViolations || ['listener missing']")
        pwned = tab.evaluate("() => typeof window.__pwned !== 'undefined'")
        text = tab.evaluate("() => document.body.innerText")
    finally:
        context.close()
    return violations, errors, dialogs, text, pwned


# --- table cells linked to their evidence (issue 24, item 3) ---------------------------------

#: The chapters before the back matter, whose tables' numeric cells must link to evidence.
TRACED_CHAPTERS = ("20-minusma", "25-cost", "27-conflict", "30-norway", "40-realignment")
TRACED_SHARE = 0.95


def table_cells(file):
    """``[(table id, cell text, linked)]`` for every numeric body cell of the page's numbered
    tables (``table[id^=tbl-]``), the first (label) column left out: a cell is numeric when its
    text, citations removed, holds a number (digits or number words, ``sahel.prose``); linked
    when it holds an evidence link."""
    from sahel.prose import typed_numbers

    found = []
    for table in html_soup(file).select("table[id^=tbl-]"):
        for row in table.select("tbody tr"):
            for cell in row.find_all("td")[1:]:
                copy = BeautifulSoup(str(cell), "html.parser")
                for link in copy.find_all("a"):
                    if "evidence" not in (link.get("class") or []):
                        link.decompose()  # a citation's year is not the table's figure
                text = " ".join(copy.get_text(" ").split())
                if typed_numbers(text):
                    found.append((table["id"], text, cell.find("a", class_="evidence") is not None))
    return found


def table_link_problems(cells, share=TRACED_SHARE):
    """A problem when under ``share`` of the numeric cells link to their evidence (each
    unlinked cell named)."""
    if not cells:
        return ["no numeric table cell found"]
    linked = sum(1 for *_, ok in cells if ok)
    if linked >= share * len(cells):
        return []
    missing = "; ".join(f"{t}: {text!r}" for t, text, ok in cells if not ok)
    return [f"{linked} of {len(cells)} numeric table cells link to their evidence, under "
            f"{share:.0%}: {missing}"]
