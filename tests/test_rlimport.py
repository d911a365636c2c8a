"""The import hook (csrpress.rlimport) defers the listed patterns of the
libraries it knows, and a deferred pattern is the pattern: the same matches."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import re, sys
sys.path.insert(0, {root!r})
from csrpress import rlimport
rlimport.install()
import reportlab.platypus, yaml, pikepdf
import reportlab.platypus.paragraph as par, reportlab.lib.textsplit as split
import yaml.reader as reader, pikepdf.models.metadata._constants as xmp
import reportlab.lib.rl_safe_eval as safe
found = [v for m in (par, split, reader.Reader, xmp, safe) for v in vars(m).values()
         if isinstance(v, rlimport._LazyPattern)]
print(len(found))
for p in found:
    assert p._compiled is None                  # not made at import
    real = re.compile(p.pattern, p.flags)
    for text in ("http://example.com/x y", "f.__globals__ co_code x",  "中文ab\\x01\\ufffe", "a\\x7fb", ""):
        assert p.sub("#", text) == real.sub("#", text), (p.pattern, text)
        assert p.pattern == real.pattern and p.flags == real.flags
print("ok")
"""


def test_deferred_patterns_are_made_on_first_use_and_match_alike():
    out = subprocess.run([sys.executable, "-c", CHECK.format(root=str(ROOT))],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["5", "ok"]


LAZY = """
import sys
sys.path.insert(0, {root!r})
from csrpress import rlimport
rlimport.install()
import reportlab.lib.utils, reportlab.platypus
import csrpress.build, csrpress.text.paragraph, csrpress.paginate.replay
assert "PIL.ImageMode" not in sys.modules          # Pillow's Image not run yet
from csrpress.buildstamp import loaded_files      # (its file is a file the build loaded,
assert any(p.endswith("Image.py") and "PIL" in p for p, *_ in loaded_files([]))
assert "PIL.ImageMode" not in sys.modules          #  read without running it)
import importlib.util
pyphen = sys.modules["pyphen"]                    # (ReportLab's paragraph imported it)
from csrpress.assets.cache import code_version
import hashlib, importlib.machinery, pathlib
source = importlib.machinery.PathFinder.find_spec("pyphen").origin
assert code_version("pyphen") == hashlib.sha256(
    pathlib.Path(source).read_bytes()).hexdigest()[:12]     # its spec, as find_spec's
assert isinstance(sys.modules["pyphen"], importlib.util._LazyModule)   # not run by either
assert pyphen.Pyphen(lang="en_US").inserted("hyphenation") == "hy-phen-ation"
from PIL import Image
im = Image.new("RGB", (3, 2), (255, 0, 0))          # run on first use
from reportlab.lib.utils import ImageReader
assert ImageReader(im).getSize() == (3, 2) and isinstance(im, Image.Image)
assert "PIL.ImageMode" in sys.modules
print("ok")
"""


def test_pillow_image_runs_on_first_use():
    out = subprocess.run([sys.executable, "-c", LAZY.format(root=str(ROOT))],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["ok"]


QR = """
import sys
sys.path.insert(0, {root!r})
from csrpress import rlimport
rlimport.install()
import reportlab.platypus, reportlab.graphics.shapes

def drawn(widget):
    group = widget("https://example.com/q", barBorder=0).draw()
    return [(type(r).__name__, r.x, r.y, r.width, r.height) for r in group.contents]

ours = rlimport.qr_widget()
assert "reportlab.graphics.barcode" not in sys.modules        # the package not run,
assert "reportlab.graphics.barcode.code128" not in sys.modules     # nor its symbologies
assert ours.__module__ == "reportlab.graphics.barcode.qr"
assert sys.modules["reportlab.graphics.barcode.qr"].QrCodeWidget is ours
assert rlimport.qr_widget() is ours                           # (once)
found = drawn(ours)
import reportlab.graphics.barcode as barcodes                 # the package after it: as ever
from reportlab.graphics.barcode.qr import QrCodeWidget
assert QrCodeWidget is ours and ours in barcodes._widgets     # one class, in its registry
assert "reportlab.graphics.barcode.code128" in sys.modules
assert rlimport.qr_widget() is ours and drawn(QrCodeWidget) == found and len(found) > 100
print("ok")
"""


def test_qr_widget_without_the_barcode_package():
    """rlimport.qr_widget: ReportLab's QR widget without its barcode
    package's registry of symbologies; the package imported later is the
    whole package, holding that same widget class, drawing the same code."""
    out = subprocess.run([sys.executable, "-c", QR.format(root=str(ROOT))],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["ok"]
