"""Kernels for the book's own runs (``make book``, ``make notebooks``), on IPC transport.

A kernel started over TCP logs, on every start, "Kernel is running over TCP without
encryption"; ten notebooks gave ten such lines in every build. The book's kernels only ever talk
to a process on the same machine, so they use local Unix sockets instead (``transport="ipc"``),
which is what that warning recommends: nothing is silenced after the fact, the cause is gone.
The sockets live in a short-lived private folder (Unix socket paths are limited to about a
hundred bytes, so it is under the system's temporary folder, not the checkout), removed after.
"""

import contextlib
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def manager(kernel_name="python3"):
    """A jupyter_client KernelManager for ``kernel_name`` on IPC sockets in a private folder;
    its kernel is shut down and the folder removed on leaving."""
    from jupyter_client import KernelManager

    folder = tempfile.mkdtemp(prefix="sahel-kernel-")
    km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=str(Path(folder) / "k"))
    try:
        yield km
    finally:
        # nbclient shuts down only the kernels it creates: this one is ours to stop. Its work
        # is done (the outputs are in the notebook), so it is stopped at once: a polite
        # shutdown request races the kernel's own sockets closing and can log a ZMQ error.
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        km.cleanup_resources()
        shutil.rmtree(folder, ignore_errors=True)
