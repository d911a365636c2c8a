"""The command line as users run it: check, build with --proof, errors."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(project, *args):
    env = {**os.environ, "CSRPRESS_CACHE": str(ROOT / ".cache")}
    return subprocess.run([sys.executable, str(ROOT / "make_report.py"), *args],
                          cwd=project.root, capture_output=True, text=True, env=env)


def test_check_passes_and_fails_with_file_and_line(project):
    ok = run(project, "check")
    assert ok.returncode == 0 and "valid" in ok.stdout
    part = project.content / "11-record.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("level: 3", "level: 9", 1),
                    encoding="utf-8")
    bad = run(project, "check")
    assert bad.returncode == 1
    assert "content/11-record.yaml:" in bad.stderr and "level must be 1, 2, 3 or 4" in bad.stderr
    assert not (project.root / "dist").exists()       # check writes nothing


def test_build_reports_changed_pages_and_writes_a_proof(project):
    first = run(project, "build", "--edition", "screen")
    assert first.returncode == 0 and "first build" in first.stdout
    part = project.content / "01-letters.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace(
        "社会责任感是快手与生俱来的基因。", "社会责任感是快手与生俱来的基因！"), encoding="utf-8")
    second = run(project, "build", "--edition", "screen", "--proof")
    assert second.returncode == 0, second.stderr
    assert "changed pages: 4" in second.stdout
    from tests import pdfread
    proof = pdfread.open_pdf(project.dist / "kuaishou-csr-2019-proof.pdf")
    assert proof.page_count == 1 and "基因！" in proof[0].get_text()
