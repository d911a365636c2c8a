"""The terms on which a build forks a child (csrpress.children)."""
from __future__ import annotations

import os
import threading

import pytest

from csrpress import children


def test_no_child_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not children.may_fork()
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert children.may_fork() == hasattr(os, "fork")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is not this platform's way")
def test_reap_gives_the_status_once():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    status = children.reap(pid)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3
    assert children.reap(pid) == -1          # (reaped already)
