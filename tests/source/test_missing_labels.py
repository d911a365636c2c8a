"""Words a block prints from report.yaml's labels, when report.yaml has none.

Found building a report from outside with a report.yaml written from the
docs (no labels:): a contents written `toc: ""` printed no title at all
(and its last page's running head then named the next chapter), and an SDG
row's refs: printed no page (见第 … 页 needs labels.see_pages): both were
accepted and silently not printed. Each is now an error at its line."""
from __future__ import annotations

from tests.samples import load_one_part

SDG = """\
  - sdg_index: 联合国可持续发展目标
    columns: [目标, 说明, 策略, 行动]
    rows:
      - goal: 7
        refs: [climate]
        title: 清洁能源
        strategies: [提高能效]
        actions: [屋顶光伏]
  - heading: 气候
    level: 1
    id: climate
"""


def test_an_empty_contents_title_without_a_label_is_an_error(tmp_path):
    errors, _ = load_one_part(tmp_path, '  - toc: ""\n')
    found = [e for e in errors if "labels.toc_title" in e.message]
    assert found and "p.yaml:4:5" in str(found[0]), [str(e) for e in errors]


def test_a_contents_title_written_out_needs_no_label(tmp_path):
    errors, _ = load_one_part(tmp_path, "  - toc: 目录\n")
    assert not errors, [str(e) for e in errors]


def test_sdg_refs_without_the_see_pages_label_are_an_error(tmp_path):
    errors, _ = load_one_part(tmp_path, SDG)
    found = [e for e in errors if "labels.see_pages" in e.message]
    assert len(found) == 1 and "p.yaml:8:" in str(found[0]), [str(e) for e in errors]
