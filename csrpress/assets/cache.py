"""The build cache: derived files that do not change between builds.

Everything here can be deleted at any time (the next build recreates it),
and nothing here can break a build: every read is checked (a truncated,
damaged or foreign file reads as "absent" and is recomputed) and every
write is best-effort (a read-only folder or a full disk costs speed, never
the build: the build goes on without caching and says so once).
The location is ``.cache/`` in the project, or $CSRPRESS_CACHE.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

# Per process: cache folders that could not be used, with the temporary folder
# used instead, and folders where a write failed (with why). Both are read by
# the build to print one warning; they are process-wide like the cache itself.
_FALLBACK: dict[Path, tuple[Path, str]] = {}
_FAILED: dict[Path, str] = {}


def cache_dir(root: Path) -> Path:
    """The cache folder (created when missing). One that cannot be created or
    written is replaced, for this process, by a temporary folder (see
    cache_problems): a cache must never stop a build."""
    path = Path(os.environ.get("CSRPRESS_CACHE") or root / ".cache")
    held = _FALLBACK.get(path)
    if held is not None:
        return held[0]
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".probe.")
        try:
            os.write(fd, b"\0" * 4096)     # a full disk fails here, not mid-build
        finally:
            os.close(fd)
            os.unlink(probe)
        return path
    except OSError as exc:
        tmp = _temporary_cache()
        _FALLBACK[path] = (tmp, _reason(exc))
        return tmp


FALLBACK_PREFIX = "csrpress-cache-"


def _temporary_cache() -> Path:
    """A temporary cache folder for this process, removed when it exits.
    Its name holds the process id: a process that cannot run its exit
    handlers (killed by SIGKILL, or by SIGTERM when no handler turns it into
    an exit, e.g. a test run stopped from outside) leaves its folder behind,
    and the next process that needs one removes every folder whose process
    is gone, so they never pile up in the temporary folder."""
    import atexit

    base = Path(tempfile.gettempdir())
    _remove_orphans(base)
    tmp = Path(tempfile.mkdtemp(prefix=f"{FALLBACK_PREFIX}{os.getpid()}-", dir=base))
    atexit.register(_remove_own, tmp, os.getpid())
    return tmp


def _remove_own(tmp: Path, pid: int) -> None:
    """Exit handler: remove the folder, in the process that made it only (a
    forked child that ran the handlers would remove its parent's folder)."""
    if os.getpid() == pid:
        shutil.rmtree(tmp, True)


def _remove_orphans(base: Path) -> None:
    """Remove this user's temporary cache folders whose process has ended
    (POSIX only: elsewhere os.kill does not merely ask whether a process exists)."""
    if os.name != "posix":
        return
    try:
        found = list(base.glob(FALLBACK_PREFIX + "*-*"))
    except OSError:
        return
    for folder in found:
        pid = folder.name[len(FALLBACK_PREFIX):].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.is_symlink() or \
                    folder.stat().st_uid != os.getuid() or _alive(int(pid)):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, True)


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:                # PermissionError: it exists, not ours
        return True
    return True


def cache_problems(cache: Path) -> list[str]:
    """What went wrong with the cache since the last call (for one warning):
    the configured folder could not be used, or writes into it failed."""
    out = []
    for wanted, (tmp, why) in _FALLBACK.items():
        if tmp == cache and why:
            out.append(f"the cache folder {wanted} cannot be used ({why}); building "
                       "without it (slower)")
            _FALLBACK[wanted] = (tmp, "")      # said once
    why = _FAILED.pop(cache, None)
    if why:
        out.append(f"the cache folder {cache} cannot be written ({why}); this build "
                   "was not cached (slower next time)")
    return out


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def file_stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    """What says a file is the one seen before without reading it: size and
    modification time, and also the inode's change time and number. Size and
    mtime alone take a different file for the old one when it is copied in
    with its time kept (`cp -p`, `rsync -t`, an unzipped archive) and happens
    to have the same size (uncompressed TIFFs of one size, say); the change
    time cannot be set back by such a copy and a renamed-in file has a new
    inode. A false alarm only costs a rebuild; a false match would print a
    stale photo."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def digest(*parts: object) -> str:
    """A short stable hash of the parts' reprs."""
    h = hashlib.sha256()
    for p in parts:
        h.update(repr(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def load_pickle(path: Path, kind: type | tuple[type, ...] = object) -> Any:
    """A cached object of the expected kind, or None when absent, unreadable,
    damaged or of another kind (then it is rebuilt). Unpickling garbage can
    raise almost anything, hence the broad except: a cache is never trusted."""
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
    except Exception:  # noqa: BLE001 - any damage means "not cached"
        return None
    return found if isinstance(found, kind) else None


def atomic_write(path: Path, data: bytes, old_first: bool = False) -> None:
    """Write via a temporary file and rename, so readers never see half a file.

    ``old_first`` (cache files): the file the rename would replace is
    removed first. ext4 (by default: auto_da_alloc) makes a rename over an
    existing file start writing the new file's data to disk then and there:
    1.8 ms a file (median; 7 ms at the 90th percentile) on these machines,
    where a rename to a free name took 0.07 ms, and a build after an edit
    rewrites ten or so cache files. A reader between the two finds no file,
    which for a cache file is only a miss (and a file cut short by a crash
    is one anyway: every cache file is checked when read). Outputs (dist/)
    are replaced in one step: the last good file stays until the new one is
    in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)   # mkstemp makes 0600; outputs are for others to read
        if old_first:
            try:
                os.unlink(path)
            except OSError:    # (none there; or it cannot be removed: replaced below)
                pass
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_write(path: Path, data: bytes) -> bool:
    """Best-effort atomic write into the cache: False (and noted for one
    warning) when the folder is read-only or the disk is full."""
    try:
        atomic_write(path, data, old_first=True)
        return True
    except OSError as exc:
        _FAILED.setdefault(path.parent if path.parent.name != "images" else
                           path.parent.parent, _reason(exc))
        return False


def save_pickle(path: Path, obj: Any) -> bool:
    """Cache an object (best effort, see cache_write)."""
    return cache_write(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def read_pickles(path: Path) -> tuple[list[Any], list[bytes]]:
    """Every pickle a file holds, in order, and the bytes of each: a base and
    the deltas saved after it (DictFile, text.shapecache), which a save
    writes again as they were. Raises when the file is absent or damaged."""
    import io

    raw = path.read_bytes()
    fh = io.BytesIO(raw)
    held, cuts = [], [0]
    while cuts[-1] < len(raw):
        held.append(pickle.load(fh))
        cuts.append(fh.tell())
    return held, [raw[a:b] for a, b in zip(cuts, cuts[1:])]


class DictFile:
    """A dict kept in a cache file as a pickle of it followed by one pickle
    per save since (a delta: the items added or changed, the keys dropped).
    A save pickles only what changed since the last one (the line breaks of
    a watch edit: one paragraph, where pickling the whole ~0.3 MB dict again
    was ~8 ms of each edit) and writes the bytes it wrote last time plus
    that delta, as a whole new file renamed into place (never half a file);
    the dict is written anew once the deltas reach half its size. A value
    counts as unchanged while it is the very object saved. A damaged or
    foreign file reads as empty."""

    _BASE, _DELTA = "csrpress-dict-1", "csrpress-dict-1-delta"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blobs: list[bytes] = []          # the file's pickles
        self.written: dict[Any, Any] = {}     # what they hold

    @classmethod
    def load(cls, path: Path) -> tuple[dict[Any, Any], "DictFile"]:
        """The dict the file at path holds (empty when absent or damaged),
        and the DictFile that saves it there."""
        out = cls(path)
        try:
            held, blobs = read_pickles(path)
            head = held[0]
            if not (type(head) is tuple and len(head) == 2 and head[0] == cls._BASE
                    and type(head[1]) is dict):
                return {}, out
            data = dict(head[1])
            for delta in held[1:]:
                if not (type(delta) is tuple and len(delta) == 3 and delta[0] == cls._DELTA
                        and type(delta[1]) is dict and type(delta[2]) is list):
                    return {}, out
                for key in delta[2]:
                    del data[key]
                data.update(delta[1])
        except Exception:  # noqa: BLE001 - any damage means "not cached"
            return {}, out
        out.blobs = blobs
        out.written = dict(data)
        return data, out

    def save(self, data: dict[Any, Any]) -> bool:
        """Make the file hold `data` (best effort, see cache_write)."""
        deltas = sum(len(b) for b in self.blobs[1:])
        if self.blobs and deltas <= len(self.blobs[0]) // 2:
            written, missing = self.written, object()
            added = {k: v for k, v in data.items() if written.get(k, missing) is not v}
            dropped = [k for k in written if k not in data]
            if not added and not dropped:
                return True
            self.blobs.append(pickle.dumps((self._DELTA, added, dropped),
                                           protocol=pickle.HIGHEST_PROTOCOL))
        else:
            self.blobs = [pickle.dumps((self._BASE, data), protocol=pickle.HIGHEST_PROTOCOL)]
        self.written = dict(data)
        if cache_write(self.path, b"".join(self.blobs)):
            return True
        self.blobs = []                       # (what the file holds is not known)
        return False


_SEAL = b"csrpress sealed pickle 1\n"      # then a BLAKE2b digest of the pickle, the pickle


def save_sealed(path: Path, obj: Any) -> bool:
    """Cache an object with a digest of its bytes (best effort, see
    cache_write), for results replayed without being recomputed (a page's
    drawing): load_sealed reads nothing but the very bytes written."""
    return cache_write(path, sealed(obj)[0])


def sealed(obj: Any) -> tuple[bytes, str]:
    """What save_sealed writes for ``obj``, and its digest (hex): a file
    named by it is written once and read back only with that digest."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    seal = hashlib.blake2b(data, digest_size=16).digest()
    return _SEAL + seal + data, seal.hex()


def load_sealed(path: Path, seal: str | None = None) -> Any:
    """What save_sealed wrote at `path` (with the digest ``seal``, when
    given: see sealed), or None when absent, unreadable, cut short, altered
    or not such a file: a damaged entry can only cost the work it would
    have saved, never a wrong result."""
    try:
        raw = memoryview(path.read_bytes())
    except OSError:
        return None
    start = len(_SEAL) + 16
    if raw[:len(_SEAL)] != _SEAL or len(raw) < start:
        return None
    if seal is not None and raw[len(_SEAL):start].hex() != seal:
        return None
    data = raw[start:]
    if hashlib.blake2b(data, digest_size=16).digest() != raw[len(_SEAL):start]:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - (a file of another Python or csrpress)
        return None


def prune(keep: Path, family: str) -> None:
    """Delete the other files of ``keep``'s family (``family`` is the name
    prefix they share), best effort. Files keyed by a digest of what they
    depend on (a layout stamp, the code) are never read again once the key
    moves on: without this every layout edit left one more line-break cache
    (0.3 MB each) in the folder for good."""
    try:
        for old in keep.parent.glob(family + "*" + keep.suffix):
            if old != keep:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def prune_named(cache: Path, prefix: str, keep: set[str]) -> None:
    """Delete the files `prefix` + digest + '.pickle' (an edition's drawn pages,
    its tapes) whose digest the list just saved no longer names (best effort)."""
    try:
        for old in cache.glob(prefix + "*.pickle"):
            if old.name[len(prefix):-len(".pickle")] not in keep:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def code_version(*modules: str) -> str:
    """A hash of the source of the named modules: caches derived by that code
    are keyed by it, so an upgraded engine never reads a stale result."""
    import importlib.util

    if not modules:                  # (a hash of nothing never changes: see package_version)
        raise ValueError("code_version needs the modules the cached result is derived by")
    h = hashlib.sha256()
    for name in modules:
        held = sys.modules.get(name)
        if isinstance(held, getattr(importlib.util, "_LazyModule", ())):
            # (imported lazily, see rlimport: its spec, read without running it)
            spec = object.__getattribute__(held, "__dict__").get("__spec__")
        else:
            spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            h.update(Path(spec.origin).read_bytes())
    return h.hexdigest()[:12]


@functools.lru_cache(maxsize=None)
def package_version() -> str:
    """A hash of all of csrpress's source (Python and the C of its compiled
    parts, their headers included, setup.py) and of ReportLab's version, for
    results that any part of the engine may decide (a chapter end's copyfit
    decision, kept on disk; a page's drawing, kept by a watch session): an
    upgraded csrpress never reuses one. ~100 files, ~4 ms, once a process."""
    from reportlab import Version

    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(Version.encode())
    for rel in _sources(str(root)):     # (os.walk: Path.rglob compiles a pattern, ~5 ms)
        h.update(rel.encode("utf-8") + b"\0")
        with open(os.path.join(root, rel), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:12]


def _sources(root: str) -> list[str]:
    """The .py, .c and .h files under root, as paths relative to it, sorted
    as Path.rglob's results sort (by path parts). (An installed wheel has no
    .c: its compiled parts change only with its version, and so its .py files.)"""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        for name in files:
            if name.endswith((".py", ".c", ".h")):
                found.append(name if rel == "." else os.path.join(rel, name))
    return sorted(found, key=lambda r: Path(r).parts)
