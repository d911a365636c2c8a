#!/usr/bin/env python3
"""Make the photos of examples/greenfield-2025 (small, generated, deterministic).

They exercise the image paths a real report meets: an RGB photo, a CMYK JPEG
(as print shops deliver), a transparent PNG (a cut-out on the page colour)
and a low-resolution JPEG (the build warns that it is soft in print).
Run from the repository root: python tools/make_example_images.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.samples import photo  # noqa: E402


def cutout(path: Path, size: int = 480) -> None:
    """A leaf-shaped badge on a transparent background (RGBA PNG)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size
    d.ellipse([s * 0.08, s * 0.08, s * 0.92, s * 0.92], fill=(56, 142, 60, 255))
    d.polygon([(s * 0.5, s * 0.18), (s * 0.78, s * 0.5), (s * 0.5, s * 0.84), (s * 0.22, s * 0.5)],
              fill=(200, 230, 160, 255))
    d.line([(s * 0.5, s * 0.24), (s * 0.5, s * 0.8)], fill=(56, 142, 60, 255), width=max(2, s // 40))
    img.save(path, optimize=True)


def jpeg(path: Path, size: tuple[int, int], seed: int, mode: str = "RGB") -> None:
    """A sample photo saved small (quality 70): the repository keeps it."""
    from PIL import Image

    photo(path, size, seed=seed, mode=mode)
    with Image.open(path) as img:
        img.load()
    img.save(path, quality=70, optimize=True)


def main() -> None:
    images = ROOT / "examples" / "greenfield-2025" / "images"
    jpeg(images / "cover" / "fields.jpg", (1400, 720), 11, mode="CMYK")   # CMYK JPEG
    jpeg(images / "cover" / "back.jpg", (1400, 760), 12)
    jpeg(images / "photos" / "terraces.jpg", (1200, 675), 13, mode="CMYK")
    jpeg(images / "photos" / "orchard.jpg", (900, 900), 14)
    jpeg(images / "photos" / "greenhouse.jpg", (900, 900), 15)
    jpeg(images / "photos" / "river.jpg", (1500, 520), 16)
    jpeg(images / "photos" / "field-school.jpg", (1400, 700), 19)
    jpeg(images / "stories" / "farmer-zhao.jpg", (120, 120), 17)          # low resolution
    jpeg(images / "stories" / "coop-lin.jpg", (700, 700), 18)
    cutout(images / "photos" / "badge.png")                                      # transparent


if __name__ == "__main__":
    main()
