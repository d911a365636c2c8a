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
    # the changed pages are named by the title of the part file they show
    assert "changed pages: 4 (in 公司创始人致辞)" in second.stdout
    import json
    manifest = json.loads((project.dist / "build-manifest.json").read_text(encoding="utf-8"))
    parts = {p["part"]: p for p in manifest["editions"]["screen"]["parts"]}
    assert parts["letters"]["title"] == "公司创始人致辞"
    first_page, last_page = parts["letters"]["pages"]
    assert first_page <= 4 <= last_page
    spans = [p["pages"] for p in manifest["editions"]["screen"]["parts"]]
    assert spans == sorted(spans)                    # report.yaml order is page order
    from tests import pdfread
    proof = pdfread.open_pdf(project.dist / "kuaishou-csr-2019-proof.pdf")
    assert proof.page_count == 1 and "基因！" in proof[0].get_text()
    proof.close()
    # a heading edited: the contents page changes too, and its links go into the
    # proof (a crash: the source's annotations were put in the proof's file)
    part.write_text(part.read_text(encoding="utf-8").replace(
        "heading: 公司创始人致辞", "heading: 公司创始人的致辞", 1), encoding="utf-8")
    third = run(project, "build", "--edition", "screen", "--proof")
    assert third.returncode == 0 and "Traceback" not in third.stderr, third.stderr
    import pikepdf
    with pikepdf.open(project.dist / "kuaishou-csr-2019-proof.pdf") as pdf:
        assert len(pdf.pages) >= 2
        kept = {page.obj.objgen for page in pdf.pages}
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert links                                   # the contents' links to kept pages
        for a in links:
            dest = a.get("/Dest")
            if dest is None and "/A" in a and a.A.get("/S") == "/GoTo":
                dest = a.A.D
            assert dest is None or dest[0].objgen in kept


def test_conventions_version_help_and_usage_errors(tmp_path):
    for cmd in ([sys.executable, str(ROOT / "make_report.py")], [sys.executable, "-m", "csrpress"]):
        version = subprocess.run([*cmd, "--version"], capture_output=True, text=True, cwd=ROOT)
        assert version.returncode == 0 and "csrpress" in version.stdout
    helped = subprocess.run([sys.executable, "-m", "csrpress", "build", "-h"], cwd=ROOT,
                            capture_output=True, text=True)
    assert helped.returncode == 0 and "--project" in helped.stdout and "--out" in helped.stdout
    for args in (["build", "--no-such-option"], ["build", "--project", str(tmp_path / "none")],
                 ["check", "-q", "-v"], ["no-such-command"]):
        bad = subprocess.run([sys.executable, "-m", "csrpress", *args], cwd=ROOT,
                             capture_output=True, text=True)
        assert bad.returncode == 2, (args, bad.stderr)
        assert "Traceback" not in bad.stderr


def test_build_a_project_from_elsewhere_into_an_output_folder(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "csrpress", "build", "-q", "--project",
                           str(project.root), "-o", str(out), "--edition", "screen"],
                          cwd=elsewhere, capture_output=True, text=True,
                          env={**os.environ, "CSRPRESS_CACHE": str(ROOT / ".cache"),
                               "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""                            # -q: nothing but problems
    assert (out / "kuaishou-csr-2019.pdf").is_file()
    assert not (project.root / "dist").exists() and not any(elsewhere.iterdir())
    checked = run(project, "check", "--project", str(project.root))
    assert checked.returncode == 0 and "valid" in checked.stdout


def test_page_maps_in_a_shared_cache_are_kept_per_project(project, tmp_path):
    from csrpress.assets.cache import digest
    from csrpress.build import Project

    cache = ROOT / ".cache"                               # the one run() shares
    done = run(project, "build", "-q", "--edition", "screen")
    assert done.returncode == 0, done.stderr
    root = str(project.root.resolve())
    assert (cache / f"pages-screen-{digest(root)}.pickle").is_file()
    assert Project(tmp_path, tmp_path / "out").dist == tmp_path / "out"


def test_a_warning_of_both_editions_is_printed_once(tmp_path):
    """A missing photo is one finding of the content: building both editions
    says it once, not once per edition."""
    from tests.samples import mini_project

    project = mini_project(tmp_path, "  - 快手用户在公园里拉二胡。\n  - figure: 公园独奏\n"
                                     "  - back_cover: 谢谢\n    url: https://www.example.com/\n")
    r = run(project, "build")
    assert r.returncode == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if "has no photo" in line]
    assert len(said) == 1, r.stderr
    assert r.stdout.count("wrote ") == 2                    # both editions were built


def test_the_quick_exit_runs_atexit_handlers_flushes_and_keeps_the_status():
    """The program ends with os._exit (no teardown): what the interpreter's own
    exit would do for a user still happens (cli._exit_now)."""
    def quick(code: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c",
                               "import atexit, sys\nfrom csrpress.cli import _exit_now\n"
                               "atexit.register(lambda: print('atexit ran'))\n"
                               "sys.stdout.write('unflushed, ')\n" + code],
                              capture_output=True, text=True, cwd=ROOT)
    done = quick("_exit_now(3)")
    assert done.returncode == 3 and done.stdout == "unflushed, atexit ran\n"
    said = quick("_exit_now('a message')")
    assert said.returncode == 1 and said.stderr.strip() == "a message"
    assert quick("_exit_now(None)").returncode == 0


# --- warnings of one kind at one place, printed once (cli.grouped) ---


def _token(where: Path, text: str) -> "Diagnostic":
    from csrpress.errors import Diagnostic

    return Diagnostic(where, f"line break: a token wider than the measure is broken after "
                      f"'{text}' (style table-cell, measure 3.8 em)",
                      "no break obeys every rule here; widen the measure or reword", "warning")


def test_the_cells_of_one_table_are_one_warning_naming_the_first_few():
    from csrpress.cli import grouped
    from csrpress.errors import Diagnostic

    table, other = Path("content/a.yaml"), Path("content/b.yaml")
    found = [_token(table, t) for t in ("12,345.", "11,987.", "10,456.", "9,876.", "8,765.")]
    found += [_token(other, "1,234,"), Diagnostic(table, "image 'a.jpg' is 42 ppi", "", "warning")]
    lines = grouped(found)
    assert len(lines) == 3
    assert "after '12,345.', '11,987.', '10,456.' … (5 places) (style table-cell" in lines[0]
    assert lines[0].startswith("content/a.yaml: warning: line break:")
    assert lines[1] == str(found[5]) and lines[2] == str(found[6])


def test_two_alike_are_both_named_and_a_lone_one_is_as_it_was():
    from csrpress.cli import grouped

    where = Path("content/a.yaml")
    two = grouped([_token(where, "x"), _token(where, "y")])
    assert len(two) == 1 and "after 'x', 'y' (style" in two[0] and "places" not in two[0]
    one = _token(where, "z")
    assert grouped([one]) == [str(one)]


def test_a_report_resolves_each_path_once_and_says_the_same(tmp_path, monkeypatch):
    """Warnings print each place as before, a path typed relative or absolute
    the same way; a report of many warnings resolves each file once (the
    report's ~150 warnings resolved paths ~450 times: ~15 ms of every build
    run from the command line)."""
    from csrpress import errors
    from csrpress.cli import grouped
    from csrpress.errors import Diagnostic, Mark

    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    rel, absolute = Path("content/a.yaml"), tmp_path / "content" / "a.yaml"
    found = [Diagnostic(Mark(rel, i, 5), f"figure '{i}' has no photo", "add 'image:'", "warning")
             for i in range(1, 40)]
    found += [Diagnostic(Mark(absolute, 40, 5), "figure 'x' has no photo", "", "warning"),
              Diagnostic(absolute, "a file not in the report", "", "warning"),
              Diagnostic(None, "no links", "", "warning")]
    expected = [str(d) for d in found]
    assert expected[0].startswith("content/a.yaml:1:5: warning:")
    assert expected[-3].startswith("content/a.yaml:40:5:") and expected[-1].startswith("report:")
    calls: list[Path] = []
    real = errors._resolved
    monkeypatch.setattr(errors, "_resolved", lambda p: calls.append(p) or real(p))
    names: dict[Path, str] = {}
    assert [d.text(names) for d in found] == expected
    assert grouped(found, names=names) == expected
    assert sorted(map(str, calls)) == sorted([str(rel), str(absolute)])


def test_check_finds_what_only_composing_finds_as_build_does(tmp_path):
    """`check` validated the files only: a cards block taller than a page
    passed it ('content and layout are valid', exit 0) and failed the build,
    located. `check` composes every edition now (no page laid out, nothing
    written): the same error at the same line, exit 1, nothing in dist/; and
    a sound report gets the warnings its build prints (a figure without a
    photo), no more."""
    from tests.samples import starter_with

    project = starter_with(tmp_path / "tall", "")
    part = project.content / "30-people.yaml"          # the first of its four cards
    part.write_text(part.read_text(encoding="utf-8").replace(
        "人均年度培训 32 小时（示例）。", "很长的卡片文字。" * 200), encoding="utf-8")
    env = {**os.environ, "CSRPRESS_CACHE": str(tmp_path / "cache")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "make_report.py"), *args],
                              env=env, capture_output=True, text=True, cwd=tmp_path)

    checked, built = run("check", "-p", "tall"), run("build", "-p", "tall")
    line = "tall/content/30-people.yaml:"
    said = [ln for ln in checked.stderr.splitlines() if ln.startswith(line)]
    assert checked.returncode == built.returncode == 1, checked.stderr
    assert len(said) == 1 and "cards block is" in said[0] and "a page holds" in said[0]
    assert said[0] in built.stderr.splitlines()
    assert not project.dist.exists() or not list(project.dist.iterdir())
    starter_with(tmp_path / "sound", "")
    checked, built = run("check", "-p", "sound"), run("build", "-p", "sound")
    assert checked.returncode == built.returncode == 0, checked.stderr
    warned = [ln for ln in checked.stderr.splitlines() if ": warning:" in ln]
    assert warned and "has no photo" in warned[0]
    assert set(warned) == {ln for ln in built.stderr.splitlines() if ": warning:" in ln}


def test_warnings_of_one_kind_in_one_file_fold_into_one_line_after_the_first():
    """The report's build printed 77 lines, one a figure without a photo, on
    every build: the first of a kind in a file is printed as it is, the rest
    are one line at the second's place naming their lines (-v prints each).
    Other kinds, other files and lone warnings are printed as they were."""
    from csrpress.cli import grouped
    from csrpress.errors import Diagnostic, Mark

    a, b = Path("content/a.yaml"), Path("content/b.yaml")
    figs = [Diagnostic(Mark(a, i, 5), f"figure '图{i}' has no photo: set as 'text'",
                       "add 'image:'", "warning") for i in range(1, 12)]
    other = Diagnostic(Mark(a, 50, 5), "image 'x.jpg' is 42 ppi", "", "warning")
    two = [Diagnostic(Mark(b, i, 5), f"figure '乙{i}' has no photo: set as 'text'",
                      "add 'image:'", "warning") for i in (3, 4)]
    found = figs + [other] + two
    assert grouped(found) == [str(d) for d in found]               # (not folded)
    lines = grouped(found, fold=True)
    assert lines[0] == str(figs[0])
    assert lines[1].startswith("content/a.yaml:2:5: warning: 10 more like the above in this "
                               "file (lines 2, 3, 4, 5, 6, 7, 8, 9, …; -v lists each): "
                               "figure '…' has no photo: set as 'text'"), lines[1]
    assert lines[1].endswith(" — add 'image:'")
    assert lines[2:] == [str(other), str(two[0]), str(two[1])]
