"""Listed words stay whole on a ragged line (labels, captions, titles)."""
from __future__ import annotations

from csrpress.text.atoms import HAN, Atom, Gap
from csrpress.text.paragraph import keep_words


def _atoms(text: str) -> list[Atom]:
    return [Atom(ch, 0, HAN, 10.0) for ch in text]


def test_gaps_inside_a_listed_word_do_not_break_and_others_do():
    shared = Gap(0.0, 1.0, 0.0, True)
    atoms = _atoms("捐赠人民币一亿")
    gaps, found = keep_words(atoms, [shared] * len(atoms), ("人民币", "美元"))
    assert found == ("人民币",)
    assert [g.breakable for g in gaps] == [True, True, False, False, True, True, True]
    assert shared.breakable            # shaped gaps are shared: never changed in place


def test_text_without_a_listed_word_keeps_its_gaps():
    atoms = _atoms("员工总数")
    gaps = [Gap(0.0, 1.0, 0.0, True)] * 4
    assert keep_words(atoms, gaps, ("人民币",)) == (gaps, ())
