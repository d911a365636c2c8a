"""linemarks: where a paragraph's page references are once its atoms are set
at a measure (a URL too wide for it split into pieces, a word hyphenated)."""
from __future__ import annotations

from csrpress.text.atoms import LATIN, Atom
from csrpress.text.linemarks import ref_places


def _atom(text: str) -> Atom:
    return Atom(text, 0, LATIN, 10.0)


def test_references_are_found_past_split_tokens_and_shared_atoms():
    """By position, not by identity alone: the same atom object may stand
    twice in a paragraph (a shared one), and a split adds pieces before a
    reference; a reference keeps its own atom."""
    same, url, page, other = _atom("见"), _atom("https://example.com/a/b"), _atom("22"), _atom("x")
    shaped = [same, url, same, page, other]
    pieces = [_atom("https://example.com/"), _atom("a/b")]
    set_at = [same, *pieces, same, page, other]
    assert ref_places(((3, "kpi"),), shaped, shaped) == {3: "kpi"}
    assert ref_places(((3, "kpi"),), shaped, set_at) == {4: "kpi"}
    assert ref_places(((0, "a"), (2, "b")), shaped, set_at) == {0: "a", 3: "b"}
