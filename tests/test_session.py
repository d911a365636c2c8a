"""Build state lives in an explicit BuildSession: a long-lived process (watch)
passes one to every build; builds without one share nothing, and no module
keeps a cache of its own."""
from __future__ import annotations

import sys

from csrpress.build import build
from csrpress.session import BuildSession, current
from tests.samples import mini_project

BLOCKS = """
  - heading: 会话
    level: 1
  - p: 同一个会话里的第二次构建直接使用内存中的字体和断行结果。
"""

# Module-level memos of pure functions of the code (Unicode line-break classes,
# generated PDF classes) and of the process's environment (a cache folder that
# cannot be written, said once per process): not build state.
PURE = {("csrpress.text.atoms", "_CLASS"), ("csrpress.pdf.pdfx", "_INFO_CLASSES"),
        ("csrpress.assets.cache", "_FALLBACK"), ("csrpress.assets.cache", "_FAILED")}


def _module_state() -> dict[tuple[str, str], int]:
    """The size of every mutable container a csrpress module holds globally."""
    out = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("csrpress") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, (dict, list, set)) and not attr.startswith("__"):
                out[(name, attr)] = len(value)
    return out


def _edit(project) -> None:
    part = project.content / "part.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("第二次", "第三次"), encoding="utf-8")


def test_a_session_keeps_what_the_next_build_reuses(tmp_path):
    project = mini_project(tmp_path / "p", BLOCKS)
    session = BuildSession()
    build(project, session=session)
    assert session.fonts and session.breaks and session.yaml and session.preflight
    fonts = session.fonts[1]
    _edit(project)
    assert build(project, session=session).changed   # a real rebuild
    assert session.fonts[1] is fonts                 # the parsed fonts were reused


def test_builds_without_a_session_leave_no_state_behind(tmp_path):
    project = mini_project(tmp_path / "p", BLOCKS)
    build(project)                                   # imports everything a build uses
    before = _module_state()
    _edit(project)
    assert build(project).changed                    # a real build, not "nothing changed"
    after = _module_state()
    grown = {k for k, n in after.items() if n != before.get(k, n) and k not in PURE}
    assert not grown, f"module-level state changed by a build: {sorted(grown)}"
    assert current().fonts is None and not current().yaml   # outside a build: a new session


def test_the_weights_of_a_font_share_one_open_file(tmp_path):
    """Converting glyphs for the four weights opens the font file once per
    build session (the session holds it until release)."""
    from pathlib import Path

    from csrpress.assets import fonts
    from csrpress.errors import Collector
    from csrpress.source.layout import load_layout

    root = Path(__file__).resolve().parents[1]
    layout = load_layout(root / "layout", Collector())
    with BuildSession().active():
        faces = fonts.load_fonts(layout, root / "fonts", tmp_path, Collector())
        assert faces is not None and len(faces.faces) == 4
        for face in faces.faces.values():
            fonts.convert_glyphs(face.source.path, face.source.font_number,
                                 face.source.location, ["快"])
        assert len(current().font_files) == 1


def test_a_session_names_the_preflight_results_file_once(tmp_path, monkeypatch):
    """The preflight results' file is named by the checking code and the
    readers (pdf.preflight.cache_name: ~0.9 ms of reading and hashing them):
    once a session (the code a process runs does not change under it), every
    build without one; the same name either way, and the results kept in it."""
    from csrpress.pdf import preflight as P

    calls: list[str] = []
    name = P.cache_name

    def counted() -> str:
        calls.append(name())
        return calls[-1]

    monkeypatch.setattr(P, "cache_name", counted)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", BLOCKS)
    session = BuildSession()
    build(project, session=session)
    _edit(project)
    assert build(project, session=session).changed
    assert len(calls) == 1 and session.preflight_name == calls[0]
    assert (tmp_path / "cache" / calls[0]).is_file()
    (project.content / "part.yaml").write_text(
        (project.content / "part.yaml").read_text(encoding="utf-8").replace("第三次", "第四次"),
        encoding="utf-8")
    assert build(project).changed                    # no session: named again
    assert calls == [calls[0]] * 2
