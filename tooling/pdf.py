"""The PDF edition: the book as one HTML page, printed by the system Chromium.

``python -m tooling.pdf`` (``make pdf``) builds ``_build/print/_build/singlehtml`` as
``tooling.build`` builds the HTML book (any warning fails), serves it on 127.0.0.1 and prints it to
``_build/pdf/report.pdf``. Like ``make book``, nothing is deleted first: the page is built in a
scratch folder swapped in on success (:func:`tooling.build.build_and_swap`) and the PDF printed
beside the last good one, renamed over it only once complete. No LaTeX and nothing downloaded:
a request that would leave 127.0.0.1 stops the print with an error naming it, and so does
anything wider than the paper.
"""

import contextlib
import html
import os
import re
from pathlib import Path

import yaml

from sahel import paths
from tooling import build
from tooling.browser import block_outside, launch, serve

PRINT_ROOT = paths.ROOT / "_build" / "print"
PDF = paths.ROOT / "_build" / "pdf" / "report.pdf"
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 16mm;color:#555;display:flex;'
    'justify-content:space-between;font-family:sans-serif">'
    '<span>{title}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


A4_WIDTH_MM = 210
CSS_PX_PER_MM = 96 / 25.4
# A cell of a table too wide for the paper may break words this long anywhere (identifiers such
# as ``minusma.withdrawal.request``); shorter words and prose keep their normal line breaks.
LONG_TOKEN = 12
FIT_TO_PAPER = """(longToken) => {
  const column = document.querySelector('article.bd-article') || document.body;
  const right = () => column.getBoundingClientRect().right + 1;
  for (const table of document.querySelectorAll('table')) {
    if (table.getBoundingClientRect().right <= right()) continue;
    for (const cell of table.querySelectorAll('td, th')) {
      if (cell.textContent.split(/\\s+/).some(word => word.length >= longToken)) {
        cell.style.overflowWrap = 'anywhere';
      }
    }
  }
  return Array.from(document.querySelectorAll('table, figure, img, pre, dl, .cell_output'))
    .filter(e => e.getBoundingClientRect().right > right())
    .map(e => `${e.tagName.toLowerCase()}#${e.id || (e.closest('[id]') || {}).id}: `
      + `${Math.round(e.getBoundingClientRect().right - right())}px wider than the page`);
}"""


class OfflineError(RuntimeError):
    """The page tried to load something from outside 127.0.0.1."""


class TooWideError(RuntimeError):
    """Something on the page is wider than the paper; printing would cut it off."""


def printable_width_px():
    """Width of the text column on paper, in CSS pixels (A4 less the side margins)."""
    margins = sum(float(MARGIN[side].removesuffix("mm")) for side in ("left", "right"))
    return round((A4_WIDTH_MM - margins) * CSS_PX_PER_MM)


def build_singlehtml(root=paths.ROOT, out=PRINT_ROOT):
    """Build the whole book as one HTML page, as ``make book`` builds the HTML (notebooks
    executed fresh, in parallel; any warning fails), in a scratch folder swapped into
    ``out/_build`` only on success; return its folder."""
    return build.build_and_swap(root, Path(out) / "_build", builders=("singlehtml",)) / "singlehtml"


def printable_page(html_dir):
    """Write ``print.html`` beside the single page, with links that work inside one PDF.

    With the root page in a subfolder (``book/intro``), Sphinx writes the single page there but
    with paths relative to the output folder, and links to itself as ``book/intro.html#id``. The
    copy sits in the output folder, and those links become ``#id``.
    """
    html_dir = Path(html_dir)
    index = (html_dir / "index.html").read_text(encoding="utf-8")
    redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', index, re.I)
    page = redirect.group(1) if redirect else "index.html"
    text = (html_dir / page).read_text(encoding="utf-8")
    text = re.sub(rf'href="{re.escape(page)}(?=[#"])', 'href="', text)
    target = html_dir / "print.html"
    target.write_text(text, encoding="utf-8")
    return target


def book_title(root=paths.ROOT):
    return yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))["title"]


def print_pdf(html_dir, pdf, title, browser=None):
    """Print the book's single page in ``html_dir`` to ``pdf`` (A4, page numbers in the footer).

    Laid out at the paper's width first: tables too wide for it may break long identifiers,
    and if anything is still wider than the paper, :class:`TooWideError` names it (Chromium
    would otherwise shrink every page to fit it, or cut it off).
    """
    from playwright.sync_api import sync_playwright

    pdf = Path(pdf)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    blocked, errors = [], []
    # printed beside, renamed over the last good PDF only once complete
    partial = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    with contextlib.ExitStack() as stack:
        stack.callback(partial.unlink, missing_ok=True)
        base_url = stack.enter_context(serve(html_dir))
        if browser is None:
            browser = launch(stack.enter_context(sync_playwright()))
            stack.callback(browser.close)
        context = browser.new_context(viewport={"width": printable_width_px(), "height": 1000})
        stack.callback(context.close)
        block_outside(context, blocked)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.emulate_media(media="print")
        page.goto(base_url + printable_page(html_dir).name, wait_until="load")
        page.wait_for_load_state("networkidle")
        if blocked or errors:
            raise OfflineError(f"outside requests {blocked}, page errors {errors}")
        too_wide = page.evaluate(FIT_TO_PAPER, LONG_TOKEN)
        if too_wide:
            raise TooWideError("; ".join(too_wide))
        page.pdf(
            path=str(partial),
            format="A4",
            margin=MARGIN,
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER.format(title=html.escape(title)),
            outline=True,
            tagged=True,
        )
        os.replace(partial, pdf)
    return pdf


def main():
    try:
        with build.stoppable():
            html_dir = build_singlehtml()
            out = print_pdf(html_dir, PDF, book_title())
    except build.BuildError as exc:
        raise SystemExit(f"pdf: build failed, {PDF} left as it was: {exc}") from None
    except (build.Interrupted, KeyboardInterrupt) as exc:
        raise SystemExit(f"pdf: stopped, {PDF} left as it was: {exc}") from None
    print(f"wrote {out.relative_to(paths.ROOT)}")


if __name__ == "__main__":
    main()
