"""codecache: dataclasses' generated code and re's matcher code kept between processes."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import _sre
import pytest

import csrpress
from csrpress import codecache
from csrpress.codecache import CodeCache


@pytest.fixture(autouse=True)
def _bytecode_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving as in a usual environment (whatever PYTHONDONTWRITEBYTECODE says here)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _point(cache: CodeCache | None) -> type:
    """A frozen dataclass made with dataclasses compiling through `cache`
    (None: through the builtin exec, as without csrpress)."""
    held = dataclasses.exec                   # type: ignore[attr-defined]
    dataclasses.exec = codecache._Compilers(cache, None).exec if cache else exec  # type: ignore[attr-defined]
    try:
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: int = 2
            tags: list = dataclasses.field(default_factory=list, hash=False)
    finally:
        dataclasses.exec = held               # type: ignore[attr-defined]
    return Point


def test_installed_by_the_package() -> None:
    assert csrpress is not None
    assert isinstance(dataclasses.exec.__self__, codecache._Compilers)   # type: ignore[attr-defined]
    assert codecache.install() is dataclasses.exec.__self__.cache   # type: ignore[attr-defined]


def test_a_class_made_from_kept_code_behaves_the_same(tmp_path: Path) -> None:
    first = CodeCache(tmp_path / "codes")
    made = _point(first)
    assert first.made >= 5            # __init__ __repr__ __eq__ __setattr__ __delattr__ __hash__
    first.save()
    again = CodeCache(tmp_path / "codes")
    again.load()
    kept = _point(again)
    assert again.made == 0 and again.used == first.used
    for cls in (made, kept):
        p = cls(1)
        assert (p.x, p.y, p.tags) == (1, 2, [])
        assert repr(p).endswith("Point(x=1, y=2, tags=[])")
        assert p == cls(1) and p != cls(2) and hash(p) == hash(cls(1, 2, []))
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.x = 3
        assert cls(1).tags is not cls(1).tags          # a default factory per instance
        assert cls.__init__.__qualname__.endswith("Point.__init__")
    plain = _point(None)
    for name in ("__init__", "__repr__", "__eq__", "__setattr__", "__delattr__", "__hash__"):
        assert getattr(plain, name).__code__ == getattr(kept, name).__code__, name
    ours = CodeCache(None)
    for text in first.used:
        # (what exec() compiles in dataclasses, a module without __future__ imports)
        assert ours.code(text) == compile(text, "<string>", "exec", dont_inherit=True)


@pytest.mark.parametrize("damage", [b"", b"csrpress", b"x" * 200, None])
def test_a_damaged_file_is_ignored(tmp_path: Path, damage: bytes | None) -> None:
    path = tmp_path / "codes"
    cache = CodeCache(path)
    _point(cache)
    cache.save()
    data = path.read_bytes()
    path.write_bytes(damage if damage is not None else data[:-7] + b"\0" * 7)
    again = CodeCache(path)
    again.load()
    assert again.codes == {} and not again.loaded
    _point(again)
    assert again.made > 0


def test_nothing_written_when_no_bytecode_is_wanted(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = CodeCache(tmp_path / "codes")
    _point(cache)
    cache.save()
    assert not (tmp_path / "codes").exists()


def test_kept_beside_the_modules_bytecode() -> None:
    path = codecache.cache_path()
    assert path is not None and path.parent.name == "__pycache__"
    assert path.name.startswith("codecache.") and path.suffix == ".code"


def test_a_new_process_compiles_nothing_it_kept(tmp_path: Path) -> None:
    """Two processes importing the build: the second makes no dataclass code and no pattern."""
    code = ("import sys; sys.dont_write_bytecode = False\n"
            "from pathlib import Path\n"
            "from csrpress import codecache, rlimport\n"
            "rlimport.install()   # (as a build does first)\n"
            f"cache = codecache.CodeCache(Path({str(tmp_path / 'codes')!r})); cache.load()\n"
            "import dataclasses; dataclasses.exec.__self__.cache = cache"
            "; import re; re.purge()\n"
            "import csrpress.build, csrpress.source.layout, csrpress.text.paragraph\n"
            "print(cache.made); cache.save()")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()[-1] for _ in range(2)]
    assert int(runs[0]) > 0 and int(runs[1]) == 0


def test_patterns_made_from_kept_code_are_the_same(tmp_path: Path) -> None:
    """Every pattern a build's modules compiled: kept and read back, equal
    (same pattern, flags and matcher code) to what re's own compiler makes."""
    import re

    import csrpress.build  # noqa: F401 - (its modules' patterns)
    import csrpress.source.content  # noqa: F401
    import csrpress.text.atoms  # noqa: F401
    import csrpress.text.normalise  # noqa: F401

    own = dataclasses.exec.__self__.compile_pattern     # type: ignore[attr-defined]
    seen = [(k[1], k[2]) for k in list(re._cache) if k[0] is str]   # type: ignore[attr-defined]
    assert len(seen) > 20
    first = CodeCache(tmp_path / "codes")
    for pattern, flags in seen:
        first.matcher(pattern, flags)
    first.save()
    again = CodeCache(tmp_path / "codes")
    again.load()
    assert again.loaded and set(again.patterns) == set(seen)
    for pattern, flags in seen:
        kept = _sre.compile(pattern, *again.matcher(pattern, flags))
        assert kept == own(pattern, flags), pattern
    assert again.made == 0


def test_re_compiles_through_the_cache() -> None:
    import re

    cache = dataclasses.exec.__self__.cache          # type: ignore[attr-defined]
    text = r"(?P<word>[\u3400-\u9fff]+)-(\d+) csrpress test\Z"
    re.purge()
    found = re.compile(text, re.I)
    assert (text, int(re.I)) in cache.patterns
    assert found.match("中文-12 CSRPRESS TEST").group("word") == "中文"
    assert found.groupindex == {"word": 1} and found.groups == 2
    with pytest.raises(re.error):
        re.compile(r"(unclosed")
