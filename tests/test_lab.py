"""`make lab` opens JupyterLab on the notebooks with the book's kernel: the server starts, lists
every notebook of the book, and its default kernel is the .venv's Python (the one the
book is built with), then it stops.

The test runs the Makefile's own target (so a broken recipe fails here), on a free port of
127.0.0.1, with a token of its own and no browser, and stops the whole process group after.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request

from sahel import paths

START_TIMEOUT = 240  # make lab may install requirements-lab.txt first (local wheels)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def test_make_lab_serves_the_notebooks_with_the_books_kernel(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    args = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={token} --ServerApp.root_dir={paths.NOTEBOOKS}"
    )
    log = (tmp_path / "lab.log").open("w", encoding="utf-8")
    lab = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=paths.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, contents = time.monotonic() + START_TIMEOUT, None
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                contents = get(f"{base}/api/contents", token)
                break
            except OSError:
                time.sleep(1)
        output = (tmp_path / "lab.log").read_text(encoding="utf-8")
        assert contents is not None, f"JupyterLab did not answer on {base}:\n{output[-3000:]}"
        listed = {item["name"] for item in contents["content"]}
        expected = {p.name for p in paths.NOTEBOOKS.glob("*.ipynb")}
        assert expected and expected <= listed, expected - listed
        specs = get(f"{base}/api/kernelspecs", token)
        kernel = specs["kernelspecs"][specs["default"]]["spec"]["argv"][0]
        assert kernel.startswith(str(paths.ROOT / ".venv")), kernel  # the book's .venv
        # The lab's page itself is served (JupyterLab, not only the server API).
        request = urllib.request.Request(f"{base}/lab?token={token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert "JupyterLab" in response.read().decode("utf-8", "replace")
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        log.close()
    assert lab.returncode is not None
