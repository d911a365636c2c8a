"""Compressed page streams kept between builds (pdf.canvas.StreamMemo): the
same text gives the same bytes, a new process reuses the last one's, and a
damaged cache entry is compressed again, never used."""
from __future__ import annotations

import hashlib
import pickle
import zlib

from csrpress.pdf.canvas import StreamMemo

PAGE = b"BT /F1 10 Tf <4E2D6587> Tj ET\n" * 50


def test_a_page_is_compressed_once_per_text(tmp_path):
    memo = StreamMemo.load(tmp_path / "streams.pickle")
    first = memo.packed(PAGE)
    assert zlib.decompress(first) == PAGE and memo.made == 1
    memo.next_build()
    assert memo.packed(PAGE) is first and memo.made == 0


def test_a_new_process_reuses_the_saved_streams(tmp_path):
    path = tmp_path / "streams.pickle"
    memo = StreamMemo.load(path)
    packed = memo.packed(PAGE)
    memo.save()
    again = StreamMemo.load(path)
    assert again.packed(PAGE) == packed and again.made == 0


def test_a_damaged_entry_is_compressed_again(tmp_path):
    path = tmp_path / "streams.pickle"
    key = hashlib.sha1(PAGE).digest()
    path.write_bytes(pickle.dumps({key: zlib.compress(b"another page")}))
    memo = StreamMemo.load(path)
    assert zlib.decompress(memo.packed(PAGE)) == PAGE and memo.made == 1
