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
    """Collects a process's stdout and stderr lines in the background, each
    stream on its own: nothing here assumes an order between the two streams
    (their lines reach us through two pipes, in any order)."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((proc.stdout, self.out), (proc.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in iter(stream.readline, ""):
            lines.append(line.rstrip("\n"))

    def wait_for(self, lines: list[str], text: str, count: int, timeout: float = 120) -> list[str]:
        """Wait until `text` occurred `count` times in one stream; its lines then."""
        end = time.time() + timeout
        while time.time() < end:
            found = [line for line in list(lines) if text in line]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no {count}× {text!r} in:\n" + "\n".join(self.out + self.err))


def _write(path: Path, text: str) -> None:
    """Replace a file at once (the watcher never sees it half written)."""
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_watch_rebuilds_reports_changed_pages_and_recovers(project, tmp_path):
    env = {**os.environ, "CSRPRESS_CACHE": str(ROOT / ".cache")}
    proc = subprocess.Popen([sys.executable, str(ROOT / "make_report.py"), "watch",
                             "--interval", "0.1"], cwd=project.root, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = Output(proc)
    try:
        out.wait_for(out.err, "rebuilt in", 1)
        pdf = project.dist / "kuaishou-csr-2019.pdf"
        first = pdf.read_bytes()
        part = project.content / "01-letters.yaml"
        text = part.read_text(encoding="utf-8")
        _write(part, text.replace("社会责任感是快手与生俱来的基因。", "社会责任感是快手与生俱来的基因！"))
        out.wait_for(out.err, "rebuilt in", 2)
        (changed,) = out.wait_for(out.out, "changed pages:", 1)
        assert pdf.read_bytes() != first
        assert changed.endswith("changed pages: 4 (in 公司创始人致辞)")
        good = pdf.read_bytes()
        _write(part, text.replace("  - letter: ", "  - lettre: ", 1))
        out.wait_for(out.err, "build failed", 1)
        assert any("unknown block type 'lettre'" in line for line in out.err)
        assert pdf.read_bytes() == good
        _write(part, text)
        out.wait_for(out.err, "rebuilt in", 3)
        assert proc.poll() is None
        assert pdf.read_bytes() == first
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_edit_that_leaves_the_files_stamp_as_it_was_is_built(tmp_path, monkeypatch):
    """Two saves of one size within one tick of a coarse file clock (4 ms on
    many Linux systems, 2 s on FAT) leave a file's modification time and size
    as they were: watch, which compared only those, never built the second,
    and the PDF stayed silently stale. The starter in watch mode, a year in
    its text changed with the stamp put back: rebuilt, and it prints the new
    year."""
    from csrpress.build import Project
    from csrpress.cli import write_starter
    from csrpress.watch import watch
    from tests import pdfread

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "report")
    project = Project(tmp_path / "report")
    part = project.content / "10-about.yaml"
    said: list[str] = []
    started = threading.Event()

    def echo(line: str) -> None:
        said.append(line)
        if line.startswith("rebuilt in"):
            started.set()

    run = threading.Thread(target=watch, args=(project, ["screen"], echo, lambda r: None),
                           kwargs={"interval": 0.05, "max_builds": 2}, daemon=True)
    run.start()
    assert started.wait(300), said
    st = part.stat()
    text = part.read_text(encoding="utf-8")
    assert "成立于 2010 年" in text
    part.write_text(text.replace("成立于 2010 年", "成立于 2011 年"), encoding="utf-8")
    os.utime(part, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert part.stat().st_size == st.st_size
    run.join(300)
    assert not run.is_alive(), said
    assert [line for line in said if line.startswith("rebuilt in")][1].endswith(
        "(content/10-about.yaml)"), said
    pdf = next(project.dist.glob("*.pdf"))
    text = "".join(p.get_text() for p in pdfread.open_pdf(pdf)).replace("\n", "")
    assert "成立于2011" in text.replace(" ", "") and "成立于2010" not in text.replace(" ", "")


def test_watch_stopped_by_sigterm_removes_its_temporary_cache(tmp_path):
    """`kill PID` (SIGTERM: an editor, a service manager, a test run) ended
    watch without its exit handlers: the temporary cache it built in, when
    the project's could not be used, stayed in /tmp. SIGTERM is an exit now,
    as Ctrl-C is."""
    from csrpress.cli import write_starter

    write_starter(tmp_path / "report")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "TMPDIR": str(tmp), "CSRPRESS_CACHE": str(blocker / "cache")}
    proc = subprocess.Popen([sys.executable, str(ROOT / "make_report.py"), "watch", "-p",
                             str(tmp_path / "report")], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = Output(proc)
    try:
        out.wait_for(out.err, "rebuilt in", 1)
        assert [p.name for p in tmp.iterdir()] == [f for f in os.listdir(tmp)
                                                    if f.startswith(f"csrpress-cache-{proc.pid}-")]
        assert os.listdir(tmp)                       # it built in a temporary cache
    finally:
        proc.terminate()
        code = proc.wait(60)
    assert code == 128 + 15
    assert not os.listdir(tmp)
