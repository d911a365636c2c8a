"""A build on a new machine (empty font cache and project cache) converts its
glyphs itself and writes the very PDF a build with converted glyphs writes:
same bytes (so the same text layer), preflight passed. What depends only on
the machine (converted glyphs, palette colours through the output profile)
is kept in the machine's store, so a cold build converts neither again."""
from __future__ import annotations

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
