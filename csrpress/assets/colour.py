"""Colour management: the output profile of print, conversions through it
(LittleCMS via Pillow's ImageCms), total ink, and WCAG contrast.

One profile describes the printing condition; photos are converted into it
(from their embedded profile, sRGB when none) and the screen shows each
CMYK palette colour as that condition prints it, so both editions agree.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import file_stamp

DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "data" / "icc" / \
    "csrpress-fogra39-300.icc"
# what the bundled profile describes (an OutputIntent names its printing condition)
DEFAULT_INTENT = {
    "identifier": "FOGRA39",
    "condition": "Offset printing, coated paper (ISO 12647-2:2004/Amd 1, FOGRA39)",
    "registry": "http://www.color.org",
}
INTENT_CODES = {"perceptual": 0, "relative": 1, "saturation": 2, "absolute": 3}


@dataclass
class OutputProfile:
    """An ICC output profile and the printing condition it stands for."""

    path: Path
    data: bytes
    identifier: str
    condition: str
    registry: str
    given_info: str | None      # layout's `info:`; None: the profile's description (see info)
    digest: str = ""
    _transforms: dict[tuple, Any] = field(default_factory=dict, repr=False)
    # screen colours of CMYK values (see screen_rgb), kept in the project cache
    screen: dict[tuple[int, ...], tuple[int, int, int]] = field(default_factory=dict, repr=False)
    screen_saved: int = -1      # how many of them the cache file holds (-1: not read yet)
    described: bool = False     # given_info read from the profile here, not kept yet

    @property
    def info(self) -> str:
        """The OutputIntent's Info text: layout's, else the profile's own
        description, read when first asked (print): reading it imports
        Pillow's ImageCms, which a build otherwise never needs (kept in the
        machine's store with the screen colours, see load_screen_colours)."""
        if self.given_info is None:
            self.given_info = description(self.data)
            self.described = True
        return self.given_info

    def cms(self) -> Any:
        from PIL import ImageCms

        return ImageCms.ImageCmsProfile(io.BytesIO(self.data))

    def transform(self, source: Any, mode_in: str, mode_out: str, intent: str,
                  key: Any = "srgb", to_profile: bool = True) -> Any:
        """A LittleCMS transform into (or out of) this profile, made once."""
        from PIL import ImageCms

        held = (key, mode_in, mode_out, intent, to_profile)
        if held not in self._transforms:
            mine = self.cms()
            src, dst = (source, mine) if to_profile else (mine, source)
            flags = ImageCms.Flags.BLACKPOINTCOMPENSATION if intent != "absolute" else 0
            self._transforms[held] = ImageCms.buildTransform(
                src, dst, mode_in, mode_out, renderingIntent=INTENT_CODES[intent], flags=flags)
        return self._transforms[held]


def output_profile(edition: Any, layout_dir: Path | None) -> OutputProfile:
    """The edition's output profile: the bundled one unless layout names a file
    (relative to layout/). Read once per file and change (in the build session)."""
    from ..session import current

    profiles = current().profiles
    spec = dict(getattr(edition, "output_intent", None) or {})
    name = spec.get("profile", "default")
    path = DEFAULT_PROFILE if name in ("", "default") else (layout_dir or Path(".")) / name
    key = (str(path), *file_stamp(path.stat()), tuple(sorted(spec.items())))
    if key not in profiles:
        data = path.read_bytes()
        base = DEFAULT_INTENT if path == DEFAULT_PROFILE else {
            "identifier": "Custom", "condition": path.stem, "registry": ""}
        profiles[key] = OutputProfile(
            path, data, spec.get("identifier", base["identifier"]),
            spec.get("condition", base["condition"]), spec.get("registry", base["registry"]),
            spec.get("info"), hashlib.sha256(data).hexdigest()[:16])
    return profiles[key]


def description(data: bytes) -> str:
    """The profile's own description text."""
    from PIL import ImageCms

    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(data))).strip()


def check_profile(data: bytes) -> str | None:
    """Why these bytes cannot be a CMYK output profile (None when they can)."""
    from PIL import ImageCms

    try:
        prof = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError) as exc:
        return f"not an ICC profile ({exc})"
    space = prof.profile.xcolor_space.strip()
    if space != "CMYK":
        return f"its colour space is {space}, not CMYK"
    if prof.profile.device_class.strip() != "prtr":
        return f"it is a '{prof.profile.device_class.strip()}' profile, not an output ('prtr') one"
    return None


def to_output(im: Any, profile: OutputProfile, intent: str) -> Any:
    """A photo in the output condition's CMYK: from its embedded profile (sRGB
    when it has none; greyscale and palette images as sRGB)."""
    from PIL import ImageCms

    embedded = im.info.get("icc_profile")
    if im.mode == "CMYK" and not embedded:
        return im                      # already separated for press: left alone
    if im.mode not in ("RGB", "CMYK"):
        im = im.convert("RGB")
        embedded = None if im.mode != "RGB" else embedded
    if embedded:
        src = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
        key = hashlib.sha256(embedded).hexdigest()
    else:
        src, key = ImageCms.createProfile("sRGB"), "srgb"
    try:
        t = profile.transform(src, im.mode, "CMYK", intent, key)
    except ImageCms.PyCMSError:       # an embedded profile that does not fit the pixels
        t = profile.transform(ImageCms.createProfile("sRGB"), "RGB", "CMYK", intent)
        im = im.convert("RGB")
    return apply_transform(t, im)


def apply_transform(t: Any, im: Any) -> Any:
    """`t` applied to `im`, into a new image. Not ImageCms.applyTransform: it
    also writes the output profile's bytes into the result's info (which the
    caller drops), and LittleCMS cannot save some valid v4 profiles once a
    transform was built from them (Ghostscript's CMYK profile ps_cmyk.icc:
    'Could not determine profile size'): a printer's profile in layout/
    stopped the build with an internal error. Same pixels."""
    from PIL import Image

    out = Image.new(t.output_mode, im.size)
    im.load()
    if hasattr(im, "getim"):            # Pillow 11 and later
        t.transform.apply(im.getim(), out.getim())
    else:                               # Pillow 10
        t.transform.apply(im.im.id, out.im.id)
    return out


def to_srgb(im: Any) -> Any:
    """A photo for the screen: RGB, converted to sRGB when it embeds another profile."""
    from PIL import ImageCms

    embedded = im.info.get("icc_profile")
    if embedded and im.mode in ("RGB", "CMYK"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
            return ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"),
                                             renderingIntent=0, outputMode="RGB")
        except ImageCms.PyCMSError:
            pass
    return im.convert("RGB")


def screen_rgb(cmyk: tuple[float, ...], profile: OutputProfile) -> tuple[int, int, int]:
    """How the printing condition renders a CMYK colour (0–1), as sRGB 0–255
    (relative colorimetric: paper white is screen white). Memoised in the
    profile (and the machine's store, see load_screen_colours): building the
    LittleCMS transform was ~5 % of a build after an edit."""
    key = tuple(round(v * 255) for v in cmyk)
    found = profile.screen.get(key)
    if found is None:
        from PIL import Image, ImageCms

        t = profile.transform(ImageCms.createProfile("sRGB"), "CMYK", "RGB", "relative",
                              to_profile=False)
        r, g, b = ImageCms.applyTransform(Image.new("CMYK", (1, 1), key), t).getpixel((0, 0))
        found = profile.screen[key] = (r, g, b)
    return found


def _screen_path(cache: Path, profile: OutputProfile) -> Path:
    from PIL import __version__ as pillow      # (its LittleCMS made the numbers)

    return cache / f"screen-rgb-{profile.digest}-{pillow}.pickle"


def _description_path(cache: Path, profile: OutputProfile) -> Path:
    from PIL import __version__ as pillow      # (its LittleCMS read the text)

    return cache / f"profile-info-{profile.digest}-{pillow}.pickle"


def load_screen_colours(profile: OutputProfile, cache: Path) -> None:
    """The profile's screen colours from a cache folder (once per profile),
    and its description when the layout gives no Info text (reading it
    imported Pillow's ImageCms, and with it Pillow's Image, in every print
    build: ~15 ms of a new process after an edit).
    The build keeps them in the machine's store (assets.fonts.font_cache_dir),
    not the project's cache: they depend only on the profile's bytes and
    Pillow's LittleCMS (both in the file name), and a project with an empty
    cache (a fresh clone, CI, a cold build) otherwise built the LittleCMS
    transform again (~0.05–0.1 s, and Pillow's ImageCms imported for it)."""
    from .cache import load_pickle

    if profile.screen_saved < 0:
        found = load_pickle(_screen_path(cache, profile), dict) or {}
        for key, rgb in found.items():
            profile.screen.setdefault(key, rgb)
        profile.screen_saved = len(profile.screen)
        if profile.given_info is None:
            profile.given_info = load_pickle(_description_path(cache, profile), str)


def save_screen_colours(profile: OutputProfile, cache: Path) -> None:
    """Keep the profile's screen colours when it converted new ones, and its
    description when it was read (best effort)."""
    from .cache import save_pickle

    if profile.screen_saved >= 0 and len(profile.screen) != profile.screen_saved:
        save_pickle(_screen_path(cache, profile), dict(profile.screen))
        profile.screen_saved = len(profile.screen)
    if profile.described and profile.given_info is not None:
        if save_pickle(_description_path(cache, profile), profile.given_info):
            profile.described = False


def total_ink(cmyk: tuple[float, ...]) -> float:
    """Total area coverage of a CMYK colour (0–1 components), in percent."""
    return round(sum(cmyk) * 100, 1)


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour (0–255 components)."""
    def lin(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG 2.2 contrast ratio of two sRGB colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour_contrast(a: Any, b: Any) -> float:
    """The contrast ratio of two ReportLab colours, by their RGB (a print
    colour's is ReportLab's naive conversion)."""
    return contrast(tuple(255 * v for v in a.rgb()), tuple(255 * v for v in b.rgb()))


def large_text(size_pt: float, bold: bool) -> bool:
    """WCAG "large scale" text: at least 18 pt, or 14 pt bold (3:1 suffices)."""
    return size_pt >= 18 or (bold and size_pt >= 14)


def check_profiles(layout: Any, layout_dir: Path, errors: Any) -> None:
    """An output profile layout names must exist and be a CMYK output profile."""
    for name, ed in layout.editions.items():
        spec = (ed.output_intent or {}).get("profile", "default")
        if ed.colour != "cmyk" or spec in ("", "default"):
            continue
        raw = layout.raw.get("editions", {}).get(name, {}).get("output_intent")
        where = raw.mark_of("profile") if hasattr(raw, "mark_of") else None
        path = layout_dir / spec
        if not path.is_file():
            errors.error(where, f"edition '{name}': output profile {spec} not found in layout/",
                         "put the printer's .icc file in layout/ or write profile: default")
            continue
        why = check_profile(path.read_bytes())
        if why:
            errors.error(where, f"edition '{name}': {spec} cannot be the output profile: {why}",
                         "ask the printer for their CMYK output (press) profile")
