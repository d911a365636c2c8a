"""The font settings fonts/README.md documents build as written; a font
collection is never read from its first face silently."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from csrpress.build import build, load
from csrpress.errors import BuildError
from tests import pdfread
from tests.samples import mini_project

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = re.findall(r"```yaml\n(fonts:\n.*?)```", (ROOT / "fonts" / "README.md").read_text(
    encoding="utf-8"), re.S)


@pytest.fixture(autouse=True)
def _cache(monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(ROOT / ".cache"))


def _with_fonts(tmp_path: Path, fonts_yaml: str):
    import manimgx_fonts_cjk

    project = mini_project(tmp_path, "  - 字体设置的测试段落。\n")
    ttc = Path(manimgx_fonts_cjk.__file__).parent / "NotoSansCJK-VF.otf.ttc"
    (project.fonts).mkdir(exist_ok=True)
    try:
        os.link(ttc, project.fonts / ttc.name)          # 32 MB: link rather than copy
    except OSError:
        shutil.copy(ttc, project.fonts / ttc.name)
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nfonts:\n") + 1
    end = text.index("\npalette:")
    path.write_text(text[:start] + fonts_yaml + text[end:], encoding="utf-8")
    return project


def test_the_readme_has_three_settings():
    assert len(SNIPPETS) == 3


@pytest.mark.parametrize("n", range(3))
def test_each_documented_setting_builds(tmp_path, n):
    res = build(_with_fonts(tmp_path, SNIPPETS[n]))
    fonts = {f[3] for page in pdfread.open_pdf(res.pdf) for f in page.get_fonts()}
    assert fonts and "字体设置的测试段落" in pdfread.open_pdf(res.pdf)[0].get_text()


@pytest.mark.parametrize("face, message", [
    ("", "is a font collection: say which face to use"),
    (", face: Noto Sans CJK", "face 'Noto Sans CJK' is not in NotoSansCJK-VF.otf.ttc")])
def test_a_collection_needs_a_face_that_exists(tmp_path, face, message):
    project = _with_fonts(tmp_path, "fonts:\n  source: {file: NotoSansCJK-VF.otf.ttc%s}\n"
                                    "  faces:\n    regular: {wght: 400}\n    bold: {wght: 700}\n"
                                    "    light: {wght: 300}\n    black: {wght: 900}\n" % face)
    with pytest.raises(BuildError) as exc:
        load(project)
    errs = [str(d) for d in exc.value.diagnostics]
    assert any("layout.yaml:" in e and message in e and "'Noto Sans CJK SC'" in e
               for e in errs), errs
