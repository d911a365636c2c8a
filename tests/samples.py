"""Generated sample photos for tests (no binary fixtures in the repo)."""
from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any, Iterator


def photo(path: Path, size: tuple[int, int], seed: int = 0, mode: str = "RGB") -> Path:
    """A photo-like image: a gradient sky, hills, a sun and some grain."""
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    top = (rnd.randint(60, 140), rnd.randint(120, 200), rnd.randint(180, 255))
    bottom = (rnd.randint(200, 255), rnd.randint(150, 220), rnd.randint(90, 160))
    px = img.load()
    for y in range(h):
        t = y / max(1, h - 1)
        row = tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3))
        for x in range(0, w, 1):
            px[x, y] = row
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.65, h * 0.12, w * 0.8, h * 0.12 + w * 0.15], fill=(255, 230, 150))
    for k in range(3):
        base = h * (0.55 + 0.12 * k)
        pts = [(0, h)] + [(x, base - rnd.random() * h * 0.15) for x in range(0, w + 1, max(1, w // 8))] + [(w, h)]
        d.polygon(pts, fill=(rnd.randint(30, 90), rnd.randint(90, 150), rnd.randint(40, 90)))
    noise = Image.effect_noise(size, 24).convert("RGB")
    img = Image.blend(img, noise, 0.08).filter(ImageFilter.SMOOTH)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.convert(mode).save(path, quality=92)
    return path


def add_story_photos(project, count: int, size: tuple[int, int] = (1600, 1600)) -> list[str]:
    """Give the first `count` story cards a generated photo; returns the names."""
    names = []
    files = sorted(project.content.glob("1*.yaml"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        out = []
        for line in text.split("\n"):
            out.append(line)
            m = re.match(r"^(\s*)- story: ", line)
            if m and len(names) < count:
                name = f"stories/photo-{len(names) + 1:02d}.jpg"
                photo(project.images / name, size, seed=len(names))
                out.append(f"{m.group(1)}  image: {name}")
                names.append(name)
        f.write_text("\n".join(out), encoding="utf-8")
    return names


def mini_project(root: Path, blocks_yaml: str, layout_src: Path | None = None):
    """A one-part report with the given blocks (YAML text), the real layout."""
    import shutil

    from csrpress.build import Project

    src = Path(__file__).resolve().parent.parent
    shutil.copytree(layout_src or src / "layout", root / "layout")
    (root / "images").mkdir(exist_ok=True)
    content = root / "content"
    content.mkdir()
    (content / "report.yaml").write_text(
        "title: 组件测试\noutput: mini\nauthor: 测试\nlanguage: zh-CN\n"
        "labels: {story_user: 快手用户：, story_handle: 快手号：}\nparts: [part.yaml]\n",
        encoding="utf-8")
    (content / "part.yaml").write_text("part: test\ntitle: 测试\nblocks:\n" + blocks_yaml,
                                       encoding="utf-8")
    return Project(root)


def load_one_part(tmp_path: Path, block: str) -> tuple[list, object]:
    """Load a report of one part holding `block` (YAML list item lines):
    (errors, report), for tests of what the content schema accepts."""
    said, report = load_one_part_said(tmp_path, block)
    return said.errors, report


def load_one_part_said(tmp_path: Path, block: str) -> tuple[Any, object]:
    """load_one_part with all it said: (the Collector, report)."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    content = tmp_path / "content"
    content.mkdir()
    (content / "report.yaml").write_text("title: 图\noutput: t\nparts: [p.yaml]\n",
                                         encoding="utf-8")
    (content / "p.yaml").write_text("part: p\ntitle: 图\nblocks:\n" + block, encoding="utf-8")
    errors = Collector()
    report = load_report(content, errors)
    return errors, report


def starter_with(root: Path, blocks_yaml: str, part: str = "30-people.yaml",
                 anchor: str = "  - lines:\n"):
    """The starter (make-report init) with blocks (YAML list item lines)
    set before `anchor` in one of its part files: a real report around
    what a test adds. Returns the Project."""
    from csrpress.build import Project
    from csrpress.cli import write_starter

    write_starter(root)
    path = root / "content" / part
    text = path.read_text(encoding="utf-8")
    assert anchor in text, (part, anchor)
    path.write_text(text.replace(anchor, blocks_yaml + anchor, 1), encoding="utf-8")
    return Project(root)


def starter_layout_edited(root: Path, old: str, new: str):
    """The starter (make-report init) with one edit to its layout.yaml
    (`old`, which must be there, replaced once by `new`). Returns the Project."""
    from csrpress.build import Project
    from csrpress.cli import write_starter

    write_starter(root)
    layout = root / "layout" / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    assert old in text, old
    layout.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Project(root)


def built_starter(tmp_path_factory: Any, name: str, blocks_yaml: str) -> Iterator[tuple]:
    """A module fixture's body: the starter with blocks added (starter_with),
    built with its lines and charts recorded, its own cache; yields
    (BuildResult, the PDF opened with tests.pdfread)."""
    import pytest

    from csrpress.build import build
    from tests import pdfread

    root = tmp_path_factory.mktemp(name)
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    res = build(starter_with(root / "report", blocks_yaml), record_lines=True)
    doc = pdfread.open_pdf(res.pdf)
    yield res, doc
    doc.close()
    mp.undo()


def sample_root(which: str, tmp_path: Path) -> Path:
    """The root of one of the three projects the twin tests build cold:
    'report' (this repository), 'example' or 'starter' (written under tmp_path)."""
    if which == "starter":
        from csrpress.cli import write_starter

        write_starter(tmp_path / "starter")
        return tmp_path / "starter"
    root = Path(__file__).resolve().parent.parent
    return root if which == "report" else root / "examples" / "greenfield-2025"


def chart_record(res: Any, title: str) -> Any:
    """The ChartRecord (a build with record_lines) of the chart whose title holds `title`."""
    return next(c for c in res.charts if title in c.title)


def edit_stamped(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace `old` (which must be there) in a file, and give the file a
    stamp 1 ms later than it had: an edit the caches keyed by file stamps
    must see, however fast it follows the last build."""
    import os

    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def copy_cache(src: Path, dest: Path, ignore: Any = None) -> None:
    """A copy of a live cache folder: a file another build removes or renames
    away meanwhile (two suites run at once in one checkout share its .cache:
    a pruned subset, a cache file's temporary name) is left out, as a cache
    miss, instead of failing the copy."""
    import shutil

    def present(s: str, d: str) -> str:
        try:
            return shutil.copy2(s, d)
        except FileNotFoundError:
            return d
    shutil.copytree(src, dest, copy_function=present, ignore=ignore)
