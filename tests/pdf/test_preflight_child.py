"""Preflight's colour checks of many pages, a share of them made in a forked
child (preflight._Colours): the same findings as made in one process; a child
that fails, or a check that fails before the child's answer is read, changes
nothing and leaves no process behind."""
from __future__ import annotations

import os

import pytest

from csrpress.pdf import preflight as P
from csrpress.session import BuildSession
from tests.assets.test_cold_build import _record_forks
from tests.pdf.test_preflight_cache import _with_defect, written  # noqa: F401 - a fixture


def _findings(layout, data: bytes) -> tuple:
    with BuildSession().active():
        pf = P.preflight(data, layout, layout.editions["print"], None)
    return ([(e.message, e.hint) for e in pf.errors], [(w.message, w.hint) for w in pf.warnings],
            pf.facts)


@pytest.fixture()
def rgb_last(written):
    """The print edition with an RGB fill drawn on its last page (an error
    the colour check finds, on a page of the child's share)."""
    layout, data = written
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data["print"])) as pdf:
        last = len(pdf.pages) - 1
    assert last >= 3
    return layout, _with_defect(data["print"], last, b"1 0 0 rg 0 0 5 5 re f\n")


def _checked_here(monkeypatch) -> list[int]:
    """The pages whose colours this process checks."""
    here: list[int] = []
    colour, me = P._colour_page, os.getpid()

    def counted(page, number, *a):
        if os.getpid() == me:
            here.append(number)
        return colour(page, number, *a)

    monkeypatch.setattr(P, "_colour_page", counted)
    return here


def _alone(layout, data: bytes, monkeypatch) -> tuple:
    monkeypatch.setattr(P._Colours, "MIN_PAGES", 10 ** 9)
    found = _findings(layout, data)
    monkeypatch.setattr(P._Colours, "MIN_PAGES", 2)
    return found


def test_a_child_checks_a_share_of_the_pages_with_the_same_findings(rgb_last, monkeypatch):
    layout, data = rgb_last
    alone = _alone(layout, data, monkeypatch)
    assert any("RGB" in message for message, _ in alone[0])
    here = _checked_here(monkeypatch)
    forked = _record_forks(monkeypatch)
    assert _findings(layout, data) == alone
    pages = alone[2]["pages"]
    assert len(forked) == 1 and 0 < len(here) < pages and pages - 1 not in here
    with pytest.raises(ChildProcessError):             # (reaped)
        os.waitpid(forked[0], os.WNOHANG)


def test_a_child_that_fails_changes_nothing(rgb_last, monkeypatch):
    layout, data = rgb_last
    alone = _alone(layout, data, monkeypatch)
    here = _checked_here(monkeypatch)
    counted, me = P._colour_page, os.getpid()

    def dies_in_child(page, number, *a):
        if os.getpid() != me:
            os._exit(3)
        return counted(page, number, *a)

    monkeypatch.setattr(P, "_colour_page", dies_in_child)
    forked = _record_forks(monkeypatch)
    assert _findings(layout, data) == alone
    assert forked and sorted(here) == list(range(alone[2]["pages"]))   # (all checked here)


def test_a_check_that_fails_before_the_childs_answer_reaps_it(rgb_last, monkeypatch):
    layout, data = rgb_last
    monkeypatch.setattr(P._Colours, "MIN_PAGES", 2)

    def fails(*_a, **_k):
        raise RuntimeError("the glyph check failed")

    monkeypatch.setattr(P, "_glyphs", fails)
    forked = _record_forks(monkeypatch)
    with pytest.raises(RuntimeError):
        _findings(layout, data)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)
