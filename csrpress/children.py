"""Child processes a build forks to use the machine's second core.

A build hands independent work to a forked child only on these terms: what
the build makes never depends on the child (whatever the child did not do,
the build does itself, the same way), a child that fails changes nothing,
and the build waits for every child it started, also when it fails: a build
leaves no process behind. Its children: a first build's glyph conversion and
a cold build's font subsets (assets.fonts.Fonts), the colour checks of many
pages (pdf.preflight._Colours).
"""
from __future__ import annotations

import os
from typing import Callable


def may_fork() -> bool:
    """Whether a child may be forked here: fork is the platform's way
    (Linux, BSD; not macOS or Windows) and no other thread runs (a fork
    copies just this one; a lock another thread held would stay held)."""
    import sys
    import threading

    return hasattr(os, "fork") and sys.platform != "darwin" and \
        threading.active_count() == 1


def reap(pid: int) -> int:
    """Wait for a child; its wait status (0: it exited with 0; -1: it was
    reaped already, e.g. the caller ignores SIGCHLD)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return -1


def spawn(work: Callable[[], None]) -> int | None:
    """Fork a child that runs work() and exits at once: 0 when it returned,
    1 when it raised (no atexit handler, none of the parent's buffered
    output flushed twice). The child's pid, or None when no process could
    be started (the caller then does the work itself)."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid
