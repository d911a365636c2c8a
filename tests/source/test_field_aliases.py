"""A key another block type spells otherwise is refused with what it means.

Found writing a new report from outside: 'source:' under a quote, 'name:'
under a story, 'items:' under cards and 'flow: true' under figures each gave
"allowed: …" or no useful guess; the hint now names the field meant (and
the key is still refused: nothing is guessed into the report)."""
from __future__ import annotations

import pytest

from tests.samples import load_one_part, load_one_part_said


@pytest.mark.parametrize("block,hint", [
    ("  - quote: 一句话\n    source: 董事长 王明\n", "did you mean 'by'?"),
    ("  - story: 岸电让码头安静下来\n    name: 李师傅\n", "the story's name is the block's own value"),
    ("  - cards:\n      - {title: 甲, text: 乙}\n    items: []\n", "the list under '- cards:' itself"),
    ("  - figures: 路径\n    flow: true\n    items:\n      - {value: '1', label: 甲}\n"
     "      - {value: '2', label: 乙}\n", "write 'style: flow'"),
])
def test_an_aliased_key_is_an_error_that_names_the_field(tmp_path, block, hint):
    errors, _ = load_one_part(tmp_path, block)
    said = [str(e) for e in errors]
    assert len(said) == 1, said
    assert "has no field" in said[0] and hint in said[0], said


def test_an_aliased_field_is_checked_as_the_field_it_means(tmp_path):
    """'source:' taken as 'by:' for the rest of the checks: one error, not a
    second for the quote (its value is a text, as 'by' wants)."""
    errors, _ = load_one_part(tmp_path, "  - quote: 一句话\n    author: 王明\n")
    assert len(errors) == 1 and "'by'" in str(errors[0])


def test_a_flow_of_one_figure_warns(tmp_path):
    errors, _ = load_one_part_said(tmp_path, "  - figures: 路径\n    style: flow\n    items:\n"
                                             "      - {value: '40', unit: '%', label: 目标}\n")
    assert not errors.errors
    warned = [str(w) for w in errors.warnings]
    assert len(warned) == 1 and "a flow of one figure" in warned[0], warned
    assert "p.yaml:5:5" in warned[0]
