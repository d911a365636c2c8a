"""Watch mode, as a user runs it: edit a file, see a new PDF and the pages
that changed; a broken edit is reported and the watcher recovers."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Output:
    """Collects a process's output lines in the background."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[str] = []
        for stream in (proc.stdout, proc.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0, timeout: float = 90) -> int:
        end = time.time() + timeout
        while time.time() < end:
            for i, line in enumerate(self.lines[after:], after):
                if text in line:
                    return i + 1
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in:\n" + "\n".join(self.lines))


def test_watch_rebuilds_reports_changed_pages_and_recovers(project, tmp_path):
    env = {**os.environ, "CSRPRESS_CACHE": str(ROOT / ".cache")}
    proc = subprocess.Popen([sys.executable, str(ROOT / "make_report.py"), "watch",
                             "--interval", "0.1"], cwd=project.root, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = Output(proc)
    try:
        n = out.wait_for("rebuilt in")
        pdf = project.dist / "kuaishou-csr-2019.pdf"
        first = pdf.read_bytes()
        part = project.content / "01-letters.yaml"
        text = part.read_text(encoding="utf-8")
        time.sleep(0.2)
        part.write_text(text.replace("社会责任感是快手与生俱来的基因。", "社会责任感是快手与生俱来的基因！"),
                        encoding="utf-8")
        n = out.wait_for("changed pages:", n)
        assert pdf.read_bytes() != first
        assert out.lines[n - 1].endswith("changed pages: 4")
        n = out.wait_for("rebuilt in", n)
        good = pdf.read_bytes()
        part.write_text(text.replace("  - letter: ", "  - lettre: ", 1), encoding="utf-8")
        n = out.wait_for("build failed", n)
        assert any("unknown block type 'lettre'" in l for l in out.lines)
        assert pdf.read_bytes() == good
        part.write_text(text, encoding="utf-8")
        n = out.wait_for("rebuilt in", n)
        assert proc.poll() is None
        assert pdf.read_bytes() == first
    finally:
        proc.terminate()
        proc.wait(10)
