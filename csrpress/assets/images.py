"""Images: found under images/, checked (format, size, pixel bomb), loaded once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Collector, Mark

MAX_PIXELS = 60_000_000     # a decompression bomb is refused above this


@dataclass
class Image:
    """A loaded image: its path, pixel size and a ReportLab reader."""

    path: Path
    size: tuple[int, int]
    reader: Any


def load_image(images_dir: Path, name: str, where: Mark | None, errors: Collector,
               cache: dict[str, Image]) -> Image | None:
    if name in cache:
        return cache[name]
    root = images_dir.resolve()
    path = (images_dir / name).resolve()
    if root not in path.parents:
        errors.error(where, f"image path '{name}' leaves images/",
                     "put the image inside images/ and give its path relative to it")
        return None
    if not path.is_file():
        errors.error(where, f"image '{name}' not found in images/",
                     "check the file name, or add the file to images/")
        return None
    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with PILImage.open(path) as im:
            if im.size[0] * im.size[1] > MAX_PIXELS:
                raise PILImage.DecompressionBombError("too many pixels")
            im.load()
            img = im.convert("RGB") if im.mode not in ("RGB", "L", "CMYK") else im.copy()
    except PILImage.DecompressionBombError:
        errors.error(where, f"image '{name}' has too many pixels (limit {MAX_PIXELS:,})",
                     "scale the image down before placing it")
        return None
    except Exception as exc:  # Pillow raises many kinds for broken files
        errors.error(where, f"image '{name}' cannot be read ({exc.__class__.__name__})",
                     "re-export the image as JPEG or PNG")
        return None
    out = Image(path, img.size, ImageReader(img))
    cache[name] = out
    return out
