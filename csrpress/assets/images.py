"""Images: found under images/, checked (format, size, pixel bomb), loaded once."""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Collector, Mark
from .cache import file_stamp

MAX_PIXELS = 60_000_000     # a decompression bomb is refused above this


@dataclass
class Image:
    """A checked image: its path and pixel size (pixels are read when placed)."""

    path: Path
    size: tuple[int, int]


def check_images(report: Any, images_dir: Path, errors: Collector) -> None:
    """Every image a block names exists under images/ and can be read."""
    for block in report.blocks:
        name = block.get("image")
        if name:
            load_image(images_dir, str(name), block.mark_of("image"), errors)


def load_image(images_dir: Path, name: str, where: Mark | None, errors: Collector
               ) -> Image | None:
    """Check one image a block names (inside images/, readable, not a pixel bomb);
    problems become diagnostics at the block's line. Images that passed are
    kept in the build session by (path, mtime, size): the load stage checks
    every image once; composition (every pass, every edition) reuses the result."""
    from ..session import current
    from ..source.paths import missing_file_hint, too_long

    checked = current().images
    long = too_long(name)
    if long:
        errors.error(where, f"image path '{name[:60]}…' cannot be a file name: {long}",
                     "give the image a shorter file name")
        return None
    try:
        root = images_dir.resolve()
        path = (images_dir / name).resolve()
    except (OSError, RuntimeError):        # a symlink loop (Python < 3.13 raises RuntimeError)
        errors.error(where, f"image path '{name}' cannot be resolved (a symlink loop?)",
                     "replace the link with the image file")
        return None
    if root not in path.parents:
        errors.error(where, f"image path '{name}' leaves images/",
                     "put the image inside images/ and give its path relative to it")
        return None
    if not path.is_file():
        errors.error(where, f"image '{name}' not found in images/",
                     missing_file_hint(images_dir, name,
                                       "check the file name, or add the file to images/"))
        return None
    stamp = (path, *file_stamp(path.stat()))
    if stamp in checked:
        return checked[stamp]
    from PIL import Image as PILImage

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():  # (Pillow's bomb warning: said below, at the line)
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            im = PILImage.open(path)
        with im:
            if im.size[0] * im.size[1] > MAX_PIXELS:
                raise PILImage.DecompressionBombError("too many pixels")
            size = upright_size(im)
            if im.format == "JPEG":    # decoded at an eighth: every byte is still read
                im.draft(im.mode, (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
            im.load()                  # decode once: a truncated file fails here
    except PILImage.DecompressionBombError:
        errors.error(where, f"image '{name}' has too many pixels (limit {MAX_PIXELS:,})",
                     "scale the image down before placing it")
        return None
    except Exception as exc:  # Pillow raises many kinds for broken files
        what, hint = unreadable(path, exc)
        errors.error(where, f"image '{name}' {what}", hint)
        return None
    out = checked[stamp] = Image(path, size)
    return out


# what a file that is no photo Pillow reads starts with, and what it is then
_EXPORT = "export it as JPEG or PNG (at the size it is printed, 300 ppi)"
_AGAIN = "copy or export the image again: it was not saved whole"
_KINDS = ((b"%PDF", "is a PDF document, not a photo", _EXPORT),
          (b"<svg", "is an SVG drawing, not a photo", _EXPORT),
          (b"<?xml", "is an XML (SVG?) file, not a photo", _EXPORT),
          (b"\x89PNG", "is a PNG that is damaged or cut short", _AGAIN),
          (b"\xff\xd8", "is a JPEG that is damaged or cut short", _AGAIN))


def unreadable(path: Path, exc: Exception) -> tuple[str, str]:
    """What is wrong with an image file Pillow cannot read, as a user can act
    on it (the message named Pillow's exception: 'cannot be read
    (UnidentifiedImageError)' for an empty file, a text file or an SVG)."""
    try:
        head = path.read_bytes()[:512]
    except OSError as err:
        return f"cannot be read ({err.strerror or err})", "check the file's permissions"
    if not head:
        return "is empty (0 bytes)", _AGAIN
    start = head.lstrip()
    for magic, what, hint in _KINDS:
        if start.startswith(magic) or (magic == b"<svg" and b"<svg" in head.lower()):
            return what, hint
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "is a HEIC photo (as phones save them), which cannot be placed", _EXPORT
    if isinstance(exc, OSError) and "truncated" in str(exc):
        return "is cut short", _AGAIN
    return "is not an image file csrpress can read (JPEG, PNG, TIFF …)", _EXPORT


def placed(image: Image, width_pt: float, edition: Any, cache: Path,
           say: Any = None, layout_dir: Path | None = None) -> tuple[Any, float]:
    """The image as an edition needs it at its placed size, and its effective ppi.

    Screen: downsampled to the edition's ppi, sRGB, JPEG. Print: converted into
    the output profile's CMYK (from the photo's embedded profile, sRGB when
    none; rendering intent from layout), JPEG at high quality, downsampled only
    above the edition's ppi. Results are cached.
    """
    from .colour import output_profile, to_output, to_srgb
    import io

    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader

    from .cache import cache_write, digest

    iw, ih = image.size
    ppi = iw / (width_pt / 72.0)
    target = min(1.0, edition.image_ppi / ppi) if ppi > 0 else 1.0
    tw, th = max(1, round(iw * target)), max(1, round(ih * target))
    mode = "CMYK" if edition.colour == "cmyk" else "RGB"
    profile = output_profile(edition, layout_dir) if mode == "CMYK" else None
    intent = getattr(edition, "rendering_intent", "relative")
    key = digest(str(image.path), *file_stamp(image.path.stat()), tw, th, mode, edition.jpeg_quality,
                 "on-white", profile.digest if profile else "srgb", intent if profile else "",
                 preparer_version())
    path = cache / "images" / f"{key}.jpg"
    if _complete_jpeg(path):
        return ImageReader(str(path)), ppi
    if say:
        say(f"images: preparing {image.path.name} for the {edition.name} edition "
            f"({tw}×{th} px, {mode})")
    with PILImage.open(image.path) as src:
        if src.format == "JPEG" and (tw, th) != (iw, ih):
            # decode at the smallest eighth-scale at least the target size: a
            # 48-megapixel photo placed small never sits whole in memory
            turned = _ORIENTATION.get(src.getexif().get(0x0112, 1), 0) in (90, 270)
            src.draft(src.mode, (th, tw) if turned else (tw, th))
        src = upright(eight_bit(src))
        flat = flatten(src)
        if flat is not src and src.info.get("icc_profile"):
            flat.info["icc_profile"] = src.info["icc_profile"]
        im = to_output(flat, profile, intent) if profile else to_srgb(flat)
        im.load()                       # read before the file closes (an image kept as is)
    if (tw, th) != (iw, ih):
        im = im.resize((tw, th), PILImage.Resampling.LANCZOS)
    im.info.pop("icc_profile", None)    # pixels are now sRGB / the output CMYK
    im = im.convert(mode)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=int(edition.jpeg_quality), optimize=True)
    if not cache_write(path, buf.getvalue()):
        return ImageReader(io.BytesIO(buf.getvalue())), ppi
    return ImageReader(str(path)), ppi


@functools.lru_cache(maxsize=None)
def preparer_version() -> str:
    """What a prepared photo is made by: this module's and the colour module's
    source and Pillow's version (its decoder, resampler, LittleCMS and JPEG
    encoder). A prepared photo is kept in the project cache by it, so an
    upgraded csrpress or Pillow makes the photo again instead of placing the
    one an older version made (a clean build would differ from the cached one)."""
    import PIL

    from .cache import code_version
    return code_version("csrpress.assets.images", "csrpress.assets.colour") + PIL.__version__


# EXIF orientation → the turn (degrees) that sets the photo upright (5 and 7
# are mirrored as well; exif_transpose does both)
_ORIENTATION = {1: 0, 2: 0, 3: 180, 4: 180, 5: 90, 6: 270, 7: 90, 8: 90}


def upright_size(im: Any) -> tuple[int, int]:
    """A photo's size as it is seen: a phone's portrait photo is stored
    landscape with an EXIF orientation that says to turn it."""
    w, h = im.size
    try:
        turn = _ORIENTATION.get(im.getexif().get(0x0112, 1), 0)
    except Exception:            # a damaged EXIF block: the pixels as stored
        turn = 0
    return (h, w) if turn in (90, 270) else (w, h)


def upright(src: Any) -> Any:
    """The photo turned as its EXIF orientation says (drawn sideways before)."""
    from PIL import ImageOps

    try:
        if src.getexif().get(0x0112, 1) in (1, None):
            return src
        return ImageOps.exif_transpose(src)
    except Exception:
        return src


def eight_bit(src: Any) -> Any:
    """A 16-bit or 32-bit grey image (a scan, a PNG from a chart tool) as
    8-bit grey, its values scaled: Pillow's conversion to RGB clips them
    instead (every value above 255 printed white, a grey ramp as a blank)."""
    if src.mode.startswith("I;16"):
        lo, top = 0.0, 65535.0
    elif src.mode in ("I", "F"):
        lo, top = src.getextrema()
        if lo >= 0 and top <= 65535:             # a grey scale of 8 or 16 bits
            lo, top = 0.0, (65535.0 if top > 255 else 255.0)
        # (else not a grey scale: its values stretched to one)
    else:
        return src
    span = (top - lo) or 1.0
    return src.convert("F").point(lambda v: (v - lo) * 255.0 / span).convert("L")


def flatten(src: Any) -> Any:
    """The image without transparency, composited over white (the paper).

    A JPEG has no alpha channel, and converting RGBA straight to RGB or CMYK
    keeps the colour under transparent pixels (often black): composite first.
    """
    from PIL import Image as PILImage

    has_alpha = src.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        src.mode in ("P", "L", "RGB") and "transparency" in src.info)
    if not has_alpha:
        return src
    rgba = src.convert("RGBA")
    white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    return PILImage.alpha_composite(white, rgba).convert("RGB")


def _complete_jpeg(path: Path) -> bool:
    """A cached JPEG that exists and ends with its end-of-image marker (a
    truncated or damaged cache file is made again)."""
    try:
        with path.open("rb") as fh:
            if fh.read(2) != b"\xff\xd8":
                return False
            fh.seek(-2, 2)
            return fh.read(2) == b"\xff\xd9"
    except OSError:
        return False
