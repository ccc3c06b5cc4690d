"""The system Chromium, driven by Playwright, on a book served from 127.0.0.1.

Used by ``make pdf`` (``tooling.pdf``) and by the browser tests. Nothing is downloaded:
Playwright drives the Debian ``chromium`` package (``make browser`` installs it), and every
request that would leave 127.0.0.1 is blocked and recorded, so a caller can fail on it.
"""

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOCAL_HOST = "127.0.0.1"
# Schemes that never touch the network.
INLINE_SCHEMES = ("data", "blob", "about")


class BrowserMissingError(RuntimeError):
    """The system Chromium is not installed."""


def chromium_path():
    """Path of the system Chromium; raise with the fix if it is missing."""
    path = Path(CHROMIUM)
    if not path.exists():
        found = shutil.which("chromium")
        if not found:
            raise BrowserMissingError(
                f"{CHROMIUM} not found: run `make browser` (installs the Debian package chromium)"
            )
        path = Path(found)
    return str(path)


def launch(playwright):
    """Launch the system Chromium headless with networking extras switched off."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=list(ARGS))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` on 127.0.0.1 at a free port in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def is_local(url):
    """True for URLs served from 127.0.0.1 or not fetched over a network at all."""
    parts = urlsplit(url)
    return parts.scheme in INLINE_SCHEMES or parts.hostname == LOCAL_HOST


def block_outside(context, blocked):
    """Abort requests of ``context`` that would leave 127.0.0.1; add their URLs to ``blocked``."""

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
