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


def post(url, token):
    request = urllib.request.Request(
        url, data=b"{}", method="POST", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def run_in_kernel(connection_file, timeout=60):
    """[sys.executable, folder of sahel] as the kernel behind a connection file sees them."""
    from jupyter_client import BlockingKernelClient

    deadline = time.monotonic() + timeout
    while not connection_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.5)
    while True:  # a kernel still starting has no heartbeat yet: wait_for_ready says it "died"
        client = BlockingKernelClient(connection_file=str(connection_file))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=10)
            break
        except RuntimeError:
            client.stop_channels()
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    try:
        code = (
            "import sys, pathlib, sahel; "
            "print(sys.executable); print(pathlib.Path(sahel.__file__).parent)"
        )
        lines = []
        client.execute_interactive(
            code,
            timeout=timeout,
            output_hook=lambda m: lines.extend(m["content"].get("text", "").split()),
        )
        return lines
    finally:
        client.stop_channels()


def stop(process):
    """End make and the server it started (their own process group), whatever state they are in."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=30)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def test_make_lab_serves_the_notebooks_with_the_books_kernel(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    args = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={token}"
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
        # Start the default kernel through the server and ask it where it runs and which
        # package it imports: the .venv's Python and this checkout's sahel.
        kernel = post(f"{base}/api/kernels", token)
        where = run_in_kernel(tmp_path / "runtime" / f"kernel-{kernel['id']}.json")
        assert where == [str(paths.ROOT / ".venv" / "bin" / "python"), str(paths.ROOT / "sahel")]
        # The lab's page itself is served (JupyterLab, not only the server API).
        request = urllib.request.Request(f"{base}/lab?token={token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert "JupyterLab" in response.read().decode("utf-8", "replace")
    finally:
        stop(lab)
        log.close()
    assert lab.returncode is not None
