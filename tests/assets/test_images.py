"""Images as placed in an edition: transparency is composited over the paper."""
from __future__ import annotations

from PIL import Image as PILImage

from csrpress.assets.images import Image, placed
from csrpress.source.layout import Edition


def _transparent_png(path) -> Image:
    """Left half transparent (its hidden colour black), right half opaque red."""
    im = PILImage.new("RGBA", (40, 20), (0, 0, 0, 0))
    im.paste((255, 0, 0, 255), (20, 0, 40, 20))
    im.save(path)
    return Image(path, im.size)


def test_transparent_png_is_white_not_black(tmp_path):
    img = _transparent_png(tmp_path / "t.png")
    for edition, white in ((Edition("screen", "x.pdf"), (255, 255, 255)),
                           (Edition("print", "x.pdf", colour="cmyk"), (0, 0, 0, 0))):
        reader, _ = placed(img, 40.0, edition, tmp_path / "cache")
        with PILImage.open(reader.fileName) as out:
            left = out.getpixel((5, 10))
            right = out.getpixel((35, 10))
        assert all(abs(a - b) <= 8 for a, b in zip(left, white)), (edition.name, left)
        assert left != right


def test_a_truncated_cached_image_is_made_again(tmp_path):
    img = _transparent_png(tmp_path / "t.png")
    edition = Edition("screen", "x.pdf")
    first, _ = placed(img, 40.0, edition, tmp_path / "cache")
    data = open(first.fileName, "rb").read()
    with open(first.fileName, "wb") as fh:
        fh.write(data[: len(data) // 2])
    again, _ = placed(img, 40.0, edition, tmp_path / "cache")
    assert open(again.fileName, "rb").read() == data


def test_a_phone_photo_is_set_upright(tmp_path):
    """Stored 80×40 with EXIF orientation 6 (turn 90°): checked as 40×80 and
    prepared upright (it was drawn sideways), its top row red as shot."""
    from csrpress.assets.images import load_image
    from csrpress.errors import Collector

    im = PILImage.new("RGB", (80, 40), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 10, 40))          # the left edge: the top once turned
    exif = im.getexif()
    exif[0x0112] = 6
    im.save(tmp_path / "p.jpg", exif=exif, quality=95)
    errors = Collector()
    img = load_image(tmp_path, "p.jpg", None, errors)
    assert not errors.errors and img.size == (40, 80)
    reader, _ = placed(img, 40.0, Edition("screen", "x.pdf"), tmp_path / "cache")
    with PILImage.open(reader.fileName) as out:
        w, h = out.size
        assert h > w
        top, bottom = out.getpixel((w // 2, 1)), out.getpixel((w // 2, h - 2))
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200, (top, bottom)


def test_a_large_jpeg_is_prepared_from_a_reduced_decode(tmp_path):
    """A 4000×3000 JPEG placed 50 mm wide on screen: the prepared image is
    the placed size, and its colours are the photo's."""
    from csrpress.assets.images import load_image
    from csrpress.errors import Collector

    PILImage.new("RGB", (4000, 3000), (30, 120, 60)).save(tmp_path / "big.jpg", quality=80)
    errors = Collector()
    img = load_image(tmp_path, "big.jpg", None, errors)
    assert img.size == (4000, 3000)
    reader, ppi = placed(img, 50 / 25.4 * 72, Edition("screen", "x.pdf"), tmp_path / "cache")
    with PILImage.open(reader.fileName) as out:
        assert abs(out.size[0] - round(4000 * 150 / ppi)) <= 1
        r, g, b = out.getpixel((out.size[0] // 2, out.size[1] // 2))
    assert abs(r - 30) < 8 and abs(g - 120) < 8 and abs(b - 60) < 8


def test_a_photo_prepared_by_another_version_is_made_again(tmp_path, monkeypatch):
    """A prepared photo is keyed by what made it: after an upgrade of csrpress
    or Pillow the photo is prepared anew, as a clean build would."""
    from csrpress.assets import images

    img = _transparent_png(tmp_path / "t.png")
    edition = Edition("screen", "x.pdf")
    first, _ = placed(img, 40.0, edition, tmp_path / "cache")
    assert placed(img, 40.0, edition, tmp_path / "cache")[0].fileName == first.fileName
    monkeypatch.setattr(images, "preparer_version", lambda: "upgraded")
    again, _ = placed(img, 40.0, edition, tmp_path / "cache")
    assert again.fileName != first.fileName


def test_a_16_bit_grey_image_keeps_its_tones(tmp_path):
    """A 16-bit grey PNG (a scan, a chart tool's export): Pillow's conversion
    clipped every value above 255, so a dark-to-light ramp printed white."""
    ramp = PILImage.new("I;16", (64, 8))
    ramp.putdata([x * 1024 for _y in range(8) for x in range(64)])
    ramp.save(tmp_path / "deep.png")
    with PILImage.open(tmp_path / "deep.png") as check:
        assert check.mode.startswith("I;16")        # (what Pillow reads it as)
    img = Image(tmp_path / "deep.png", (64, 8))
    for edition in (Edition("screen", "x.pdf"), Edition("print", "x.pdf", colour="cmyk")):
        reader, _ = placed(img, 64.0, edition, tmp_path / "cache")
        with PILImage.open(reader.fileName) as out:
            grey = out.convert("L")
            left, mid, right = (grey.getpixel((x, 4)) for x in (2, 32, 61))
        assert left < 40 and 100 < mid < 160 and right > 220, (edition.name, left, mid, right)


def test_a_photo_copied_in_with_the_old_size_and_time_is_printed(tmp_path, monkeypatch):
    """`cp -p`, `rsync -t` or an unzipped archive bring another photo in with
    its time kept; with the old one's size too (uncompressed images of one
    size) size and modification time alone took it for the old photo, and the
    build printed the photo prepared before. Watch and a new process must
    both print the new one, as a clean build does."""
    import os
    import shutil

    from csrpress.build import Project, build_all
    from csrpress.session import BuildSession
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = starter_with(tmp_path / "r", "  - figure: 屋顶光伏\n    image: roof.png\n")
    photo = project.root / "images" / "roof.png"
    PILImage.new("RGB", (600, 400), (200, 30, 30)).save(photo, compress_level=0)
    session = BuildSession()
    red = build_all(project, ["screen"], session=session)[0].pdf.read_bytes()
    was = photo.stat()
    PILImage.new("RGB", (600, 400), (30, 30, 200)).save(photo, compress_level=0)
    os.utime(photo, ns=(was.st_atime_ns, was.st_mtime_ns))       # as `cp -p` leaves it
    assert (photo.stat().st_size, photo.stat().st_mtime_ns) == (was.st_size, was.st_mtime_ns)

    watched = build_all(project, ["screen"], session=session)[0].pdf.read_bytes()
    anew = build_all(project, ["screen"], session=BuildSession())[0].pdf.read_bytes()
    clean = Project(tmp_path / "clean")
    for name in ("content", "layout", "images"):
        shutil.copytree(project.root / name, clean.root / name)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "clean-cache"))
    expected = build_all(clean, ["screen"])[0].pdf.read_bytes()
    assert watched != red
    assert watched == expected and anew == expected


def _png(path, size=(400, 300)) -> bytes:
    PILImage.new("RGB", size, (200, 10, 10)).save(path, format="PNG")
    return path.read_bytes()


def test_a_file_that_is_no_photo_says_what_it_is(tmp_path, monkeypatch):
    """A 0-byte file, a text file, an SVG, a PDF, a PNG cut short and a JPEG
    cut short, each named as a figure's image in the starter: every one said
    "cannot be read (UnidentifiedImageError)" (or OSError), Pillow's
    exception name. Each says what the file is and what to do, at its line,
    all at once."""
    import pytest

    from csrpress.build import load
    from csrpress.errors import BuildError
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    files = {"empty.jpg": b"", "note.jpg": b"hello\n",
             "logo.svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
             "deck.jpg": b"%PDF-1.4\n%\xe2\xe3\n", "cut.png": _png(tmp_path / "a.png")[:90]}
    PILImage.new("RGB", (800, 600), (20, 90, 200)).save(tmp_path / "b.jpg")
    files["cut.jpg"] = (tmp_path / "b.jpg").read_bytes()[:1500]
    blocks = "".join(f"  - figure: 图{k}\n    image: {name}\n" for k, name in enumerate(files))
    project = starter_with(tmp_path / "r", blocks)
    for name, data in files.items():
        (project.images / name).write_bytes(data)
    with pytest.raises(BuildError) as exc:
        load(project)
    said = {d.message.split("'")[1]: f"{d.message} — {d.hint}" for d in exc.value.diagnostics}
    assert all("Error" not in m for m in said.values()), said
    assert "is empty (0 bytes)" in said["empty.jpg"] and "again" in said["empty.jpg"]
    assert "is not an image file" in said["note.jpg"]
    assert "is an SVG drawing" in said["logo.svg"] and "JPEG or PNG" in said["logo.svg"]
    assert "is a PDF document" in said["deck.jpg"]
    assert "is a PNG that is damaged or cut short" in said["cut.png"]
    assert "cut short" in said["cut.jpg"] and "again" in said["cut.jpg"]
