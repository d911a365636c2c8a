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
