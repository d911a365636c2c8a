"""A build on a new machine (empty font cache and project cache) converts its
glyphs itself and writes the very PDF a build with converted glyphs writes:
same bytes (so the same text layer), preflight passed. What depends only on
the machine (converted glyphs, palette colours through the output profile)
is kept in the machine's store, so a cold build converts neither again."""
from __future__ import annotations

import os
import threading

import pytest

from csrpress.assets.colour import OutputProfile
from csrpress.build import build
from tests.samples import mini_project

# Han, Latin, figures, full-width marks and the centre-axis marks (raised glyphs)
BLOCKS = """
  - heading: 新机器上的第一次构建
    level: 1
  - p: 字形由 HarfBuzz 读出并转换为 TrueType——2019 年、1,500 万元……“有温度的科技”。
  - p: 快手（Kuaishou）的 100% 新字形：ABC xyz @ & # 0123456789。
"""


def test_a_new_machine_writes_the_same_pdf(tmp_path, monkeypatch):
    project = mini_project(tmp_path / "p", BLOCKS)
    fonts = tmp_path / "machine-fonts"
    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(fonts))
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache-new"))
    first = build(project)                            # converts every glyph it draws
    assert not first.check.errors
    assert list(fonts.glob("glyphs-*.pickle"))
    assert list(fonts.glob("screen-rgb-*.pickle"))    # the screen colours: the machine's
    new_machine = first.pdf.read_bytes()
    first.pdf.unlink()
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache-cold"))

    def no_transform(*_a, **_k):
        raise AssertionError("a cold build made a LittleCMS transform")

    monkeypatch.setattr(OutputProfile, "transform", no_transform)
    cold = build(project)                             # glyphs from the machine's cache
    assert not cold.check.errors
    assert not list((tmp_path / "cache-cold").glob("screen-rgb-*"))
    assert cold.pdf.read_bytes() == new_machine


def _first_build(project, tmp_path, monkeypatch, name: str, prefetch_min: int) -> bytes:
    """A build on a new machine (its own empty font store and project cache)."""
    from csrpress.assets.fonts import Fonts

    monkeypatch.setattr(Fonts, "PREFETCH_MIN", prefetch_min)
    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(tmp_path / f"fonts-{name}"))
    return _cold(project, tmp_path, monkeypatch, name)


def _record_forks(monkeypatch) -> list[int]:
    """The children the build forks (their pids, as it goes), the build seeing
    no other thread: a thread another test left ending, e.g. a watch test's
    pipe reader, would make it keep to one process."""
    forked: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    return forked


def _fails_and_reaps(monkeypatch, project, module, name: str) -> None:
    """Build with module.name raising after the build forked its child: the
    build fails, and the one child it started is reaped (no process left)."""
    def fails(*_a, **_k):
        raise RuntimeError(f"{name} failed")

    forked = _record_forks(monkeypatch)
    monkeypatch.setattr(module, name, fails)
    with pytest.raises(RuntimeError):
        build(project)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)


def test_glyphs_converted_in_a_child_make_the_same_pdf(tmp_path, monkeypatch):
    """A first build converts the body face's glyphs in a forked child while it
    composes (Fonts.prefetch): the same bytes as converting them itself, the
    child's glyphs kept in the machine's store, and no child left unreaped.
    The same child then builds the subsets (start_subsets hands them over):
    one child, and the build builds none itself."""
    from csrpress.assets.fonts import Fonts

    project = mini_project(tmp_path / "p", BLOCKS)
    alone = _first_build(project, tmp_path, monkeypatch, "alone", 10 ** 9)
    made = _subsets_made(monkeypatch)
    forked = _record_forks(monkeypatch)
    converted: list[str] = []
    register = Fonts.register

    def counted(self, progress=None, wanted=None):
        body = next(iter(self.faces.values()))
        self.join_prefetch()
        converted.extend(body.to_convert(body.subset_chars("0123456789")))
        return register(self, progress, wanted)

    monkeypatch.setattr(Fonts, "register", counted)
    assert _first_build(project, tmp_path, monkeypatch, "child", 1) == alone
    assert len(forked) == 1 and not made
    for pid in forked:
        with pytest.raises(ChildProcessError):     # (waited for already)
            os.waitpid(pid, os.WNOHANG)
    assert "新" not in converted and "字" not in converted   # (the child's, not converted again)
    assert list((tmp_path / "fonts-child").glob("glyphs-*.pickle"))


def test_a_child_that_fails_to_convert_changes_nothing(tmp_path, monkeypatch):
    """A child that dies before storing its glyphs (killed, a full disk): the
    build converts them itself, same bytes."""
    from csrpress.assets.fonts import Face

    project = mini_project(tmp_path / "p", BLOCKS)
    alone = _first_build(project, tmp_path, monkeypatch, "alone", 10 ** 9)
    parent, add = os.getpid(), Face.add_glyphs

    def dies_in_child(self, converted):
        if os.getpid() != parent:
            os._exit(3)
        return add(self, converted)

    monkeypatch.setattr(Face, "add_glyphs", dies_in_child)
    _record_forks(monkeypatch)          # (so the child starts whatever threads other tests left)
    assert _first_build(project, tmp_path, monkeypatch, "failed", 1) == alone


def test_subsets_for_a_child_that_has_ended_are_built_by_another(tmp_path, monkeypatch):
    """prefetch's child ended before start_subsets could hand it the subsets
    (it failed converting): start_subsets forks a child of its own for them,
    same bytes, every child reaped."""
    from csrpress.assets.fonts import Face, Fonts

    project = mini_project(tmp_path / "p", BLOCKS)
    alone = _first_build(project, tmp_path, monkeypatch, "alone", 10 ** 9)
    parent, add = os.getpid(), Face.add_glyphs
    start, prefetch = Fonts.start_subsets, Fonts.prefetch
    phase = ["compose"]          # (as a child forked then sees it: prefetch's, not later)

    def dies_in_child(self, converted):
        if os.getpid() != parent and phase[0] == "prefetch":
            os._exit(3)
        return add(self, converted)

    def marked(self, chars):
        phase[0] = "prefetch"
        try:
            return prefetch(self, chars)
        finally:
            phase[0] = "later"

    def once_it_has_ended(self, wanted, progress=None):
        os.waitid(os.P_PID, self._prefetch[0], os.WEXITED | os.WNOWAIT)   # (not reaped)
        return start(self, wanted, progress)

    monkeypatch.setattr(Face, "add_glyphs", dies_in_child)
    monkeypatch.setattr(Fonts, "start_subsets", once_it_has_ended)
    monkeypatch.setattr(Fonts, "prefetch", marked)
    made = _subsets_made(monkeypatch)
    forked = _record_forks(monkeypatch)
    assert _first_build(project, tmp_path, monkeypatch, "ended", 1) == alone
    assert len(forked) == 2 and not made
    for pid in forked:
        with pytest.raises(ChildProcessError):     # (waited for already)
            os.waitpid(pid, os.WNOHANG)


def test_no_socket_for_the_child_means_no_child(tmp_path, monkeypatch):
    """No descriptor to spare for prefetch's socket (EMFILE): the build
    converts the glyphs itself, same bytes."""
    import errno
    import socket

    project = mini_project(tmp_path / "p", BLOCKS)
    alone = _first_build(project, tmp_path, monkeypatch, "alone", 10 ** 9)

    def exhausted(*_a, **_k):
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(socket, "socketpair", exhausted)
    forked = _record_forks(monkeypatch)
    assert _first_build(project, tmp_path, monkeypatch, "no-socket", 1) == alone
    assert len(forked) == 1          # (start_subsets' own child, for the subsets)
    for pid in forked:
        with pytest.raises(ChildProcessError):     # (waited for already)
            os.waitpid(pid, os.WNOHANG)


def test_a_build_that_fails_waits_for_its_child(tmp_path, monkeypatch):
    """A build that stops after starting the child (an error while composing)
    waits for it: no process left unreaped."""
    import csrpress.build as building
    from csrpress.assets.fonts import Fonts

    project = mini_project(tmp_path / "p", BLOCKS)
    monkeypatch.setattr(Fonts, "PREFETCH_MIN", 1)
    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(tmp_path / "fonts"))
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    _fails_and_reaps(monkeypatch, project, building, "_render")



def _machine_with_glyphs(project, tmp_path, monkeypatch) -> None:
    """A machine whose glyph store holds the project's glyphs (an earlier
    build converted them); the builds after it are cold: each starts from
    an empty project cache of its own (see _cold)."""
    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(tmp_path / "machine-fonts"))
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache-first"))
    assert not build(project).check.errors


def _cold(project, tmp_path, monkeypatch, name: str) -> bytes:
    """A build from an empty project cache of its own: its PDF's bytes (the
    file removed, so the next build writes it anew)."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / f"cache-{name}"))
    done = build(project)
    assert not done.check.errors
    data = done.pdf.read_bytes()
    done.pdf.unlink()
    return data


def _subsets_made(monkeypatch) -> list[int]:
    """The processes (pids) that build a subset, as they do (each in its own memory)."""
    from csrpress.assets import fonts

    made: list[int] = []
    build_ttf = fonts.build_ttf

    def recorded(*a, **k):
        made.append(os.getpid())
        return build_ttf(*a, **k)

    monkeypatch.setattr(fonts, "build_ttf", recorded)
    return made


def _alone(project, tmp_path, monkeypatch) -> bytes:
    """A cold build that forks no child (then lets builds fork again)."""
    from csrpress import children

    may_fork = children.may_fork
    monkeypatch.setattr(children, "may_fork", lambda: False)
    alone = _cold(project, tmp_path, monkeypatch, "alone")
    monkeypatch.setattr(children, "may_fork", may_fork)
    return alone


def test_subsets_built_in_a_child_make_the_same_pdf(tmp_path, monkeypatch):
    """A cold build's first pass only lays the pages out, so its subsets are
    built meanwhile in a forked child (Fonts.start_subsets): the same bytes
    as building them itself; the build then builds none itself and finds
    beside each what a later build reads (its compressed program and
    parse); no child is left unreaped."""
    project = mini_project(tmp_path / "p", BLOCKS)
    _machine_with_glyphs(project, tmp_path, monkeypatch)
    made = _subsets_made(monkeypatch)
    alone = _alone(project, tmp_path, monkeypatch)
    assert made and set(made) == {os.getpid()}
    made.clear()
    forked = _record_forks(monkeypatch)
    assert _cold(project, tmp_path, monkeypatch, "child") == alone
    assert forked and not made
    for pid in forked:
        with pytest.raises(ChildProcessError):     # (waited for already)
            os.waitpid(pid, os.WNOHANG)
    subsets = list((tmp_path / "cache-child").glob("subset*.ttf"))
    assert subsets
    for subset in subsets:
        for beside in (".z", ".face"):
            assert subset.with_name(subset.name + beside).exists()


def test_a_child_that_fails_to_build_the_subsets_changes_nothing(tmp_path, monkeypatch):
    """A child that dies with one subset written and none of what goes
    beside it (killed, a full disk): the build builds the rest itself and
    reads what is there, same bytes."""
    from csrpress.pdf import cidfont

    project = mini_project(tmp_path / "p", BLOCKS)
    _machine_with_glyphs(project, tmp_path, monkeypatch)
    alone = _alone(project, tmp_path, monkeypatch)
    parent = os.getpid()
    made = _subsets_made(monkeypatch)

    def dies_in_child(font):
        assert os.getpid() != parent
        os._exit(3)

    monkeypatch.setattr(cidfont, "keep_beside", dies_in_child)
    forked = _record_forks(monkeypatch)
    assert _cold(project, tmp_path, monkeypatch, "failed") == alone
    assert forked and made                      # (the parent's own builds)


def test_a_build_that_fails_in_its_first_pass_waits_for_the_subsets_child(tmp_path,
                                                                         monkeypatch):
    """A cold build that stops while its child builds the subsets (an error
    laying the pages out) waits for it: no process left unreaped."""
    from csrpress.paginate import converge

    project = mini_project(tmp_path / "p", BLOCKS)
    _machine_with_glyphs(project, tmp_path, monkeypatch)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache-failing"))
    _fails_and_reaps(monkeypatch, project, converge, "build_doc")
