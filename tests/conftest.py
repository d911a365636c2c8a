"""Shared fixtures: the real report, built once per test session."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csrpress.build import Project, build  # noqa: E402


@pytest.fixture(scope="session")
def built():
    """The screen edition of the real report, built from the repo's content."""
    return build(Project(ROOT), record_lines=True)


@pytest.fixture(scope="session")
def pdf(built):
    from tests import pdfread
    doc = pdfread.open_pdf(built.pdf)
    yield doc
    doc.close()


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    """A scratch copy of the project (content, layout) to break on purpose."""
    for name in ("content", "layout", "images", "fonts"):
        src = ROOT / name
        if src.exists():
            shutil.copytree(src, tmp_path / name)
        (tmp_path / name).mkdir(exist_ok=True)
    return Project(tmp_path)
