"""Chart text a reader can read: no label on another, touching it, cut off, or over a legend.

One rule, two ways to measure a chart:

* in Chromium (:data:`MEASURE_JS`, run by ``tests/browser.py`` on every figure of the built
  book): each label of the SVG (matplotlib writes a text as ``<g id="text_N">`` holding its
  words in comments and one group per line, or as ``<text>``) is measured with ``getBBox`` and
  mapped to the chart's coordinates (points, the SVG's viewBox);
* without a browser (:func:`from_svg`, :func:`figure_problems`): the same SVG, as
  ``sahel.publish.svg_bytes`` writes it, read in Python, each label's box computed from its
  glyphs' outlines; fast enough for a chart module's unit test (the pixel checks below need
  Chromium: :func:`chromium_problems` runs them all on one figure, given the ``chromium``
  fixture).

Both give a :class:`Chart` (each label as one quadrilateral per line, rotated labels stay
rotated), and :func:`problems` applies the rule: no two labels overlap or come closer than
:data:`MIN_GAP_PT`; no label reaches past the chart's edge or the clip of its axes; no label
lies over a legend it is not part of. In Chromium only (:data:`BACKDROP_JS`, it needs the
chart rasterised), no label runs off its backdrop: at most :data:`LOW_SHARE` of its ink may lie
on a colour within :data:`LOW_CONTRAST` of its own (white words past the end of a dark fill,
grey words on a grey border), and no legend hides the data (more than :data:`COVER_PT2` of what
matplotlib clips to the axes, bars, lines, points, areas, under its box).
"""

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

MIN_GAP_PT = 1.0  # the least space between two labels, points
LOW_CONTRAST = 1.5  # a backdrop whose contrast ratio with a label's colour is under this hides it
LOW_SHARE = 0.01  # the share of a label's ink that may lie on such a backdrop (anti-aliasing)
COVER_PT2 = 4.0  # the area of data (points squared) a legend may cover (its edges' anti-aliasing)
TOLERANCE_PT = 0.05  # rounding of the SVG's coordinates: less than this is not a cut

Point = tuple[float, float]
Quad = tuple[Point, ...]


@dataclass(frozen=True)
class Label:
    """One text of a chart: its words, its lines' boxes (points, y down), the clip it is drawn
    in (a box, or None), and the legend it belongs to (index into ``Chart.legends``, or None)."""

    text: str
    pieces: tuple[Quad, ...]
    clip: Quad | None = None
    legend: int | None = None
    low: float | None = None  # share of its ink on a backdrop like its colour (Chromium only)


@dataclass
class Chart:
    """A chart's labels and legends, in the points of its viewBox."""

    name: str
    width: float
    height: float
    labels: list[Label] = field(default_factory=list)
    legends: list[Quad] = field(default_factory=list)
    covered: list[float] | None = None  # data under each legend, pt² (Chromium only)

    def text(self):
        """Every word the chart shows, one label a line."""
        return "\n".join(label.text for label in self.labels)


# --- geometry on convex polygons (the boxes, possibly rotated) ---------------------------------


def _axes(poly):
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        length = math.hypot(x2 - x1, y2 - y1)
        if length > 1e-9:
            yield (-(y2 - y1) / length, (x2 - x1) / length)


def overlap_depth(a, b):
    """How deep two convex polygons overlap (the least push that separates them); <= 0 when
    they do not."""
    depth = math.inf
    for ax, ay in (*_axes(a), *_axes(b)):
        pa = [x * ax + y * ay for x, y in a]
        pb = [x * ax + y * ay for x, y in b]
        depth = min(depth, min(max(pa), max(pb)) - max(min(pa), min(pb)))
    return depth


def _point_segment(p, s1, s2):
    (px, py), (x1, y1), (x2, y2) = p, s1, s2
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length2))
    return math.hypot(px - x1 - t * dx, py - y1 - t * dy)


def distance(a, b):
    """The gap between two convex polygons that do not overlap."""
    edges = lambda poly: zip(poly, poly[1:] + poly[:1], strict=True)  # noqa: E731
    return min(
        min(_point_segment(p, *e) for p in a for e in edges(b)),
        min(_point_segment(p, *e) for p in b for e in edges(a)),
    )


def _bounds(poly):
    xs, ys = [x for x, _ in poly], [y for _, y in poly]
    return min(xs), min(ys), max(xs), max(ys)


def _past(poly, box):
    """How far (points) ``poly`` reaches outside the axis-aligned ``box`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = _bounds(poly)
    return max(box[0] - x0, box[1] - y0, x1 - box[2], y1 - box[3], 0.0)


def _name(label):
    words = " ".join(label.text.split())
    return repr(words if len(words) <= 40 else words[:39] + "…")


def problems(chart, min_gap=MIN_GAP_PT):
    """Every colliding, touching, cut or covered label of ``chart``, one line each."""
    found = [
        f"a legend hides the chart's data ({area:.0f} pt² of bars, lines, points or areas)"
        for area in chart.covered or ()
        if area > COVER_PT2
    ]
    edge = (0.0, 0.0, chart.width, chart.height)
    for label in chart.labels:
        cut = max(_past(piece, edge) for piece in label.pieces)
        if cut > TOLERANCE_PT:
            found.append(f"label {_name(label)} is cut by the chart's edge ({cut:.1f} pt)")
        if label.clip is not None:
            cut = max(_past(piece, _bounds(label.clip)) for piece in label.pieces)
            if cut > TOLERANCE_PT:
                found.append(f"label {_name(label)} is cut by its axes' clip ({cut:.1f} pt)")
        if label.low is not None and label.low > LOW_SHARE:
            found.append(
                f"label {_name(label)} runs off its backdrop ({label.low:.0%} of its ink on a "
                f"colour within {LOW_CONTRAST:g}:1 of its own)"
            )
        for index, legend in enumerate(chart.legends):
            if label.legend != index and any(
                overlap_depth(piece, legend) > TOLERANCE_PT for piece in label.pieces
            ):
                found.append(f"label {_name(label)} lies over a legend")
    for i, a in enumerate(chart.labels):
        for b in chart.labels[i + 1 :]:
            depth = max(overlap_depth(p, q) for p in a.pieces for q in b.pieces)
            if depth > 0:
                found.append(f"labels {_name(a)} and {_name(b)} overlap ({depth:.1f} pt)")
                continue
            gap = min(distance(p, q) for p in a.pieces for q in b.pieces)
            if gap < min_gap:
                found.append(
                    f"labels {_name(a)} and {_name(b)} are {gap:.1f} pt apart "
                    f"(under {min_gap:g} pt)"
                )
    return found


def from_measured(measured):
    """A :class:`Chart` from what :data:`MEASURE_JS` returned for one SVG."""
    quad = lambda points: tuple((float(x), float(y)) for x, y in points)  # noqa: E731
    file = measured["src"].rsplit("/", 1)[-1]
    file = file if len(file) <= 24 else file[:12] + "…"
    return Chart(
        name=f"#{measured['figure']} ({file})" if measured.get("figure") else measured["src"],
        width=measured["width"],
        height=measured["height"],
        labels=[
            Label(
                text=label["text"],
                pieces=tuple(quad(p) for p in label["pieces"]),
                clip=quad(label["clip"]) if label["clip"] else None,
                legend=label["legend"],
                low=label.get("low"),
            )
            for label in measured["labels"]
            if label["pieces"]
        ],
        legends=[quad(legend) for legend in measured["legends"]],
        covered=measured.get("covered"),
    )


# --- in Chromium -------------------------------------------------------------------------------

#: ``(svg) => measurement``: the labels and legends of an ``<svg>`` element attached to a
#: document (so it has geometry), in the units of its viewBox.
MEASURE_JS = r"""(svg) => {
  const inv = svg.getScreenCTM().inverse();
  const corners = (b, m) => [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
    [b.x, b.y + b.height]].map(([x, y]) => { const p = new DOMPoint(x, y).matrixTransform(m);
      return [p.x, p.y]; });
  const quad = el => { const b = el.getBBox();
    return b.width > 0 || b.height > 0 ? corners(b, inv.multiply(el.getScreenCTM())) : null; };
  const comments = el => { const found = [], walk = document.createTreeWalker(el, 128);
    while (walk.nextNode()) found.push(walk.currentNode.data.trim());
    return found.join(' '); };
  const clipOf = (el) => {
    const ref = el.closest('[clip-path]') || el.querySelector('[clip-path]');
    if (!ref) return null;
    const id = /url\(#([^)]+)\)/.exec(ref.getAttribute('clip-path'));
    const clip = id && svg.querySelector(`clipPath[id="${id[1]}"]`);
    const shape = clip && clip.firstElementChild;
    if (!shape) return null;
    return corners(shape.getBBox(), inv.multiply(ref.getScreenCTM()));
  };
  const legendGroups = Array.from(svg.querySelectorAll('g[id^="legend_"]'));
  const legends = legendGroups.map(g => quad(g));
  const labels = [];
  // A label: matplotlib's group of a text (id text_N, or the artist's own gid: then known by the
  // comment holding its words), not inside another; or an SVG <text> outside those.
  const named = g => /^text_/.test(g.id) || Array.from(g.childNodes).some(n => n.nodeType === 8);
  const inLabel = e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (a.hasAttribute('data-chart-label')) return true; } return false; };
  const found = [];
  for (const el of svg.querySelectorAll('g, text')) {
    if ((el.localName === 'text' || named(el)) && !inLabel(el)) {
      el.setAttribute('data-chart-label', '');
      found.push(el);
    }
  }
  for (const el of found) {
    let pieces = Array.from(el.querySelectorAll('g[transform]')).filter(
      g => !g.parentElement.closest('g[transform]') || !el.contains(
        g.parentElement.closest('g[transform]')));
    if (!pieces.length) pieces = [el];
    const legend = el.closest('g[id^="legend_"]');
    labels.push({
      fill: getComputedStyle(pieces[0]).fill,
      id: el.id || '', text: el.tagName === 'text' ? el.textContent : comments(el) || el.id,
      pieces: pieces.map(quad).filter(q => q), clip: clipOf(el),
      legend: legend ? legendGroups.indexOf(legend) : null});
  }
  const box = svg.viewBox.baseVal;
  return {width: box.width, height: box.height, labels, legends: legends.filter(q => q)};
}"""

#: ``async (svg, measured) => …``: draws the chart without its labels on a canvas and gives each
#: measured label ``low``, the share of its box whose backdrop is within
#: :data:`LOW_CONTRAST` of the label's own colour (white words running off a dark fill).
BACKDROP_JS = r"""async (svg, measured) => {
  const box = svg.viewBox.baseVal, scale = 3;
  const width = Math.ceil(box.width * scale), height = Math.ceil(box.height * scale);
  const draw = async (css, background) => {
    const copy = svg.cloneNode(true);
    copy.setAttribute('width', box.width * scale);
    copy.setAttribute('height', box.height * scale);
    const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = css;
    copy.insertBefore(style, copy.firstChild);
    // a data: URL (a page's Content-Security-Policy may allow data: images, not blob: ones)
    const xml = new XMLSerializer().serializeToString(copy);
    const bytes = new TextEncoder().encode(xml);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    const img = new Image();
    img.src = 'data:image/svg+xml;base64,' + btoa(binary);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    if (background) { ctx.fillStyle = background; ctx.fillRect(0, 0, width, height); }
    ctx.drawImage(img, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height).data;
  };
  const TEXT = '[data-chart-label], [data-chart-label] *';  // marked by MEASURE_JS
  const pixels = poly => {  // the canvas pixels a polygon (in points) spans: x0, y0, x1, y1
    const xs = poly.map(p => (p[0] - box.x) * scale), ys = poly.map(p => (p[1] - box.y) * scale);
    const lo = v => Math.max(0, Math.floor(Math.min(...v)));
    return [lo(xs), lo(ys), Math.min(width, Math.ceil(Math.max(...xs))),
            Math.min(height, Math.ceil(Math.max(...ys)))];
  };
  // What lies behind the labels (labels hidden), and where their ink is (only labels, black).
  const behind = await draw(`${TEXT} { display: none; }`, '#ffffff');
  // (visibility is inherited into the glyphs a <use> clones; a rule on "*" would hide them)
  const ink = await draw(`svg { visibility: hidden; } [data-chart-label] { visibility: visible; }
    ${TEXT} { fill: #000 !important; stroke: none !important; }`, null);
  const lum = (r, g, b) => [r, g, b].map(v => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  for (const label of measured.labels) {
    const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(label.fill || '');
    label.low = null;
    if (!rgb) continue;
    const own = lum(+rgb[1], +rgb[2], +rgb[3]);
    let low = 0, all = 0;
    for (const piece of label.pieces) {
      const [x0, y0, x1, y1] = pixels(piece);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = 4 * (y * width + x);
          if (ink[i + 3] < 128) continue;
          all++;
          if (ratio(lum(behind[i], behind[i + 1], behind[i + 2]), own) < __LOW_CONTRAST__) low++;
        }
      }
    }
    label.low = all ? low / all : null;
  }
  // The data (what matplotlib clips to its axes: bars, lines, points, areas; not gridlines or
  // labels), alone, and how much of it (points squared) lies under each legend's box.
  // (a clip path's own shapes must stay visible, or it clips everything away)
  const data = await draw(`svg { visibility: hidden; } [clip-path], [clip-path] *, clipPath,
    clipPath * { visibility: visible; } g[id^="matplotlib.axis_"] *, g[id^="legend_"] *,
    ${TEXT} { visibility: hidden; }`, null);
  measured.covered = measured.legends.map(legend => {
    const [x0, y0, x1, y1] = pixels(legend);
    let hit = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        if (data[4 * (y * width + x) + 3] >= 128) hit++;
      }
    }
    return hit / (scale * scale);  // points squared
  });
  return measured;
}""".replace("__LOW_CONTRAST__", repr(LOW_CONTRAST))

#: ``async (text) => measurement``: one SVG's source, attached in a shadow root (the page's CSS
#: cannot reach it) out of sight, measured by :data:`MEASURE_JS` and :data:`BACKDROP_JS`, removed
MEASURE_SVG_JS = (
    r"""async (text) => {
  const measure = """
    + MEASURE_JS
    + r""";
  const backdrop = """
    + BACKDROP_JS
    + r""";
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  if (svg.localName !== 'svg') return {error: 'not an SVG'};
  svg.querySelectorAll('script, foreignObject').forEach(e => e.remove());
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;pointer-events:none';
  document.body.appendChild(host);
  try {
    const shown = host.attachShadow({mode: 'open'}).appendChild(document.importNode(svg, true));
    return await backdrop(shown, measure(shown));
  } catch (e) { return {error: String(e)}; } finally { host.remove(); }
}"""
)

#: every SVG chart of a page's figures, fetched and measured by :data:`MEASURE_SVG_JS`
COLLECT_JS = (
    r"""async () => {
  const measureSvg = """
    + MEASURE_SVG_JS
    + r""";
  const out = [], seen = new Set();
  for (const img of document.querySelectorAll('figure img')) {
    const src = img.getAttribute('src') || '';
    if (!/\.svg($|[?#])/.test(src) || seen.has(src)) continue;
    seen.add(src);
    const figure = img.closest('figure');
    let text = '';
    try { text = await (await fetch(img.src)).text(); } catch (e) {
      out.push({src, error: String(e)}); continue; }
    out.push(Object.assign({src, figure: figure ? figure.id : ''}, await measureSvg(text)));
  }
  return out;
}"""
)


def chromium_problems(chromium, svg, name="chart", min_gap=MIN_GAP_PT):
    """Every check of :func:`problems` on SVG bytes (``sahel.publish.svg_bytes(fig)``), measured
    in Chromium, backdrops and legends over data included: for a chart module's test that has
    the ``chromium`` fixture::

    def test_my_chart_reads_cleanly(chromium):
        assert chart_text.chromium_problems(chromium, publish.svg_bytes(my_chart(...))) == []
    """
    page = chromium.new_page()
    try:
        page.set_content("<!DOCTYPE html><html><body></body></html>")
        text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
        measured = page.evaluate(MEASURE_SVG_JS, text)
    finally:
        page.close()
    if "error" in measured:
        raise ValueError(f"{name}: could not be measured: {measured['error']}")
    return problems(from_measured({"src": name, **measured}), min_gap=min_gap)


# --- without a browser: the SVG read in Python -------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as SVG's matrix()
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def transform_matrix(text):
    """The matrix of an SVG ``transform`` attribute."""
    m = IDENTITY
    for kind, args in _TRANSFORM.findall(text or ""):
        v = [float(x) for x in _NUMBER.findall(args)]
        if kind == "matrix":
            n = tuple(v)
        elif kind == "translate":
            n = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif kind == "scale":
            n = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif kind == "rotate":
            r = math.radians(v[0])
            n = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
            if len(v) == 3:
                n = _mul(_mul((1, 0, 0, 1, v[1], v[2]), n), (1, 0, 0, 1, -v[1], -v[2]))
        elif kind == "skewX":
            n = (1, 0, math.tan(math.radians(v[0])), 1, 0, 0)
        else:
            n = (1, math.tan(math.radians(v[0])), 0, 1, 0, 0)
        m = _mul(m, n)
    return m


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _path_bounds(d):
    """Bounds of a path's points (matplotlib writes absolute commands; the outlines' extremes
    are on-curve points, so this is the ink's box)."""
    numbers = [float(x) for x in _NUMBER.findall(d or "")]
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs), min(ys), max(xs), max(ys)) if xs and ys else None


def _union(boxes):
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _box_of(m, box):
    """The bounds, in the outer space, of ``box`` mapped by ``m``."""
    x0, y0, x1, y1 = box
    return _bounds([_apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))])


def _quad(m, box):
    x0, y0, x1, y1 = box
    return tuple(_apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


class _Svg:
    def __init__(self, svg):
        self.root = ET.fromstring(svg, parser=_parser_with_comments())
        self.by_id = {e.get("id"): e for e in self.root.iter() if e.get("id")}
        self.parent = {child: parent for parent in self.root.iter() for child in parent}

    def local_bounds(self, element):
        """Bounds of what ``element`` draws, in its own user space (after its transform), like
        ``getBBox``; ``<defs>`` and ``<clipPath>`` draw nothing."""
        if not isinstance(element.tag, str):  # a comment
            return None
        tag = element.tag.removeprefix(SVG_NS)
        if tag in ("defs", "clipPath", "metadata", "style", "title", "desc"):
            return None
        if tag == "path":
            return _path_bounds(element.get("d"))
        if tag == "rect":
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            return (x, y, x + float(element.get("width", 0)), y + float(element.get("height", 0)))
        if tag == "use":
            target = self.by_id.get((element.get(XLINK_HREF) or element.get("href", ""))[1:])
            inner = self.bounds_in_parent(target) if target is not None else None
            shift = (1, 0, 0, 1, float(element.get("x", 0)), float(element.get("y", 0)))
            return _box_of(shift, inner) if inner else None
        if tag == "text":
            raise ValueError("SVG <text> needs a browser to measure (svg.fonttype must be path)")
        return _union(self.bounds_in_parent(c) for c in element if isinstance(c.tag, str))

    def bounds_in_parent(self, element):
        inner = self.local_bounds(element)
        return _box_of(transform_matrix(element.get("transform")), inner) if inner else None

    def ctm(self, element):
        """The matrix from ``element``'s user space (its transform applied) to the root's."""
        chain = []
        while element is not None and element is not self.root:
            chain.append(element)
            element = self.parent.get(element)
        m = IDENTITY
        for node in reversed(chain):
            m = _mul(m, transform_matrix(node.get("transform")))
        return m

    def ancestors(self, element):
        while element is not None:
            yield element
            element = self.parent.get(element)

    def clip(self, label):
        refs = [e for e in self.ancestors(label) if e.get("clip-path")]
        refs += [e for e in label.iter() if e.get("clip-path")]
        if not refs:
            return None
        found = re.search(r"url\(#([^)]+)\)", refs[0].get("clip-path"))
        clip = self.by_id.get(found[1]) if found else None
        shapes = list(clip) if clip is not None else []
        if not shapes:
            return None
        return _quad(self.ctm(refs[0]), self.bounds_in_parent(shapes[0]))


def _is_group(element, prefix):
    return element.tag == SVG_NS + "g" and (element.get("id") or "").startswith(prefix)


def _is_label(element):
    """matplotlib's group of a text: id ``text_N``, or the artist's own gid and then known by
    the comment holding its words (as in Chromium, :data:`MEASURE_JS`)."""
    return _is_group(element, "text_") or (
        element.tag == SVG_NS + "g" and any(child.tag is ET.Comment for child in element)
    )


def from_svg(svg, name="chart"):
    """A :class:`Chart` measured from SVG bytes or text (matplotlib's, with
    ``svg.fonttype: path`` as the house style sets it), no browser needed."""
    doc = _Svg(svg)
    box = [float(x) for x in _NUMBER.findall(doc.root.get("viewBox", ""))]
    legend_groups = [e for e in doc.root.iter() if _is_group(e, "legend_")]
    legends = []
    for group in legend_groups:
        inner = doc.local_bounds(group)
        if inner:
            legends.append(_quad(doc.ctm(group), inner))
    chart = Chart(name=name, width=box[2], height=box[3], legends=legends)
    for element in doc.root.iter():
        if element.tag == SVG_NS + "text":
            raise ValueError(f"{name}: SVG <text> needs a browser to measure")
        if not _is_label(element) or any(_is_label(a) for a in list(doc.ancestors(element))[1:]):
            continue
        pieces = []
        outer = [g for g in element.iter(SVG_NS + "g") if g.get("transform")]
        outer = [g for g in outer if not any(a in outer for a in list(doc.ancestors(g))[1:])]
        for piece in outer or [element]:
            inner = doc.local_bounds(piece)
            if inner:
                pieces.append(_quad(doc.ctm(piece), inner))
        if not pieces:
            continue
        words = " ".join(
            c.text.strip() for c in element.iter(ET.Comment) if c.text and c.text.strip()
        )
        owner = next((g for g in doc.ancestors(element) if g in legend_groups), None)
        chart.labels.append(
            Label(
                text=words or element.get("id"),
                pieces=tuple(pieces),
                clip=doc.clip(element),
                legend=legend_groups.index(owner) if owner is not None else None,
            )
        )
    return chart


def _parser_with_comments():
    return ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))


def figure_chart(fig, name="chart"):
    """A :class:`Chart` of a matplotlib figure, measured on the SVG the book would publish."""
    from sahel import publish

    return from_svg(publish.svg_bytes(fig), name=name)


def figure_problems(fig, name="chart", min_gap=MIN_GAP_PT):
    """:func:`problems` of a matplotlib figure, for a chart module's unit test::

    assert chart_text.figure_problems(charts.deaths_by_year(...)) == []
    """
    return problems(figure_chart(fig, name), min_gap=min_gap)
