"""The tokeniser keeps real-world tokens whole and spaces them as typed."""
from __future__ import annotations

import pytest

from csrpress.text.atoms import tokens
from csrpress.text.shaping import SpanStyle, Spacing, shape

EM = 10.0
SPANS = [SpanStyle("regular", EM, "ink")]


def width(_face: str, ch: str) -> float:
    return 0.25 if ch == " " else (0.55 if ch.isascii() else 1.0)


def shaped(text: str):
    return shape([(text, 0)], SPANS, width, Spacing(stretch=0.125))


def atoms_of(text: str) -> list[str]:
    return [a.text for a in shaped(text)[0]]


def breaks(text: str) -> list[str]:
    """The text with '|' at every allowed break."""
    atoms, gaps = shaped(text)
    return "".join(a.text + ("|" if g.breakable and i < len(atoms) - 1 else "")
                   for i, (a, g) in enumerate(zip(atoms, gaps)))


@pytest.mark.parametrize("text, token", [
    ("详见https://www.kuaishou.com/csr/。快手", "https://www.kuaishou.com/csr/"),
    ("见www.example.com/a?b=1，谢谢", "www.example.com/a?b=1"),
    ("邮箱csr-team@kuaishou.com。", "csr-team@kuaishou.com"),
    ("发起#蓝色行动#短视频", "#蓝色行动#"),
    ("发起#2020 暖阳挑战#公益", "#2020 暖阳挑战#"),
    ("感谢@快手 的支持", "@快手"),
    ("售价$100元", "$100"),
    ("拨打+86电话", "+86"),
    ("气温30℃以上", "30℃"),
    ("占比40%。", "40%"),
    ("Kuaishou’s app", "Kuaishou’s"),
    ("他说――好", "――"),
    ("然后⋯⋯好", "⋯⋯"),
    ("捐赠1,983,400元", "1,983,400"),
])
def test_tokens_are_one_atom(text, token):
    from csrpress.assets.fonts import as_typed
    assert token in [as_typed(t) for t in atoms_of(text)]     # (Kuaishou’s: its Latin ’)


def test_a_url_ends_at_han_and_full_width_text():
    assert tokens("网址https://a.cn/x（官网）")[1] == ("latin", "https://a.cn/x")


def test_emoji_sequences_are_one_atom():
    for seq in ("👨\u200d👩\u200d👧", "👍🏽", "❤\ufe0f", "🇨🇳"):
        assert seq in atoms_of("好" + seq + "的")


def test_no_break_space_and_hyphen_glue():
    assert "|" not in breaks("100\u00a0km")
    assert breaks("一二COVID\u201119三").count("COVID\u201119") == 1
    assert "COVID\u201119" in atoms_of("COVID\u201119")


def test_ascii_quotes_pair_up():
    b = breaks('他说"好的"然后')
    assert '"|' not in b.split("好")[0] + "好"     # no break after the opening quote
    assert '|"' not in b.split("的", 1)[1][:1] and '的|"' not in b


def test_ideographic_space_is_one_em_and_two_do_not_collapse():
    atoms, gaps = shaped("中\u3000\u3000文")
    assert [a.width for a in atoms] == [EM, EM, EM, EM]
    assert all(g.width == 0 for g in gaps)


def test_typed_space_after_latin_punctuation_is_kept():
    atoms, gaps = shaped("Haidian, Beijing")
    comma = [a.text for a in atoms].index(",")
    assert gaps[comma].width == pytest.approx(0.25 * EM)


def test_han_latin_gap_after_an_ascii_parenthesis():
    atoms, gaps = shaped("大会(COP25)上")
    k = [a.text for a in atoms].index(")")
    assert gaps[k].width == pytest.approx(0.25 * EM)


def test_prefixes_and_suffixes_do_not_split_from_their_numbers():
    for text in ("售价$100元", "拨打+86电话", "气温30℃", "约100\u00a0km"):
        b = breaks(text)
        assert "$|" not in b and "+|" not in b and "|℃" not in b and "|km" not in b, b


def _lookahead_tokeniser():
    """The tokeniser as it was written before its han token became one class
    (each character tested in a lookahead against the characters a han run
    stops at, then the ranges): the oracle of the class's equivalence."""
    import re

    from csrpress.text import atoms

    not_id = "".join(f"\\U{ord(c):08X}" for c in sorted(atoms._NOT_ID))
    old = (rf"(?P<han>(?:(?![{not_id}])"
           r"[\u200D\u20E3\u2300-\u23FF\u2600-\u27BF\u2E80-\U0010FFFF])+)")
    pattern = atoms._TOKEN.pattern
    start = pattern.index("(?P<han>")
    end = pattern.index("|(?P<run>")
    return re.compile(pattern[:start] + old + pattern[end:], re.S)


def test_the_han_class_tokenises_as_the_lookahead_did():
    """The same tokens, kind for kind, on every text of the three sample
    reports and on random strings of the characters at the class's edges
    (each character it leaves out, each range's ends and their neighbours)."""
    import random
    from pathlib import Path

    from csrpress.errors import Collector
    from csrpress.source.content import block_texts, load_report
    from csrpress.text import atoms

    old = _lookahead_tokeniser()

    def same(text: str) -> None:
        got = [(m.lastgroup, m.span()) for m in atoms._TOKEN.finditer(text)]
        want = [(m.lastgroup, m.span()) for m in old.finditer(text)]
        assert got == want, text

    root = Path(__file__).resolve().parents[2]
    texts = []
    for content in (root / "content", root / "examples" / "greenfield-2025" / "content",
                    root / "csrpress" / "starter" / "content"):
        if content.is_dir():
            report = load_report(content, Collector())
            texts += [t for b in (report.blocks if report else []) for t, _ in
                      block_texts(b, marked=False)]
    assert len(texts) > 500
    for text in texts:
        same(text)
    edges = set(atoms._NOT_ID)
    for lo, hi in atoms._HAN_RANGES:
        for c in (lo - 1, lo, lo + 1, hi - 1, hi, hi + 1):
            if 0 < c <= 0x10FFFF:
                edges.add(chr(c))
    pool = sorted(edges) + list("ab 1-.,#@好中（）“”—…") + ["\U0001F44D", "\U0001F3FD"]
    rng = random.Random(7)
    for _ in range(4000):
        same("".join(rng.choice(pool) for _ in range(rng.randint(1, 24))))
