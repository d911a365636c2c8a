"""English in a table's cells is set ragged, not justified.

Found from outside: a table of climate risks in English, its description
column two lines a row, was justified with hyphens: 'Flooding of treatment
plants during ex- / treme rainfall', 'north- / ern', 'na- / tional' — a
hyphen in every row and gaps opened in a narrow column. Chinese cells stay
justified (the em grid needs no gaps)."""
from __future__ import annotations

import pytest

from tests.samples import built_starter

BLOCKS = """\
  - table: Climate-related risks and opportunities
    columns: [Category, Description, Time horizon, Financial impact]
    rows:
      - [Acute physical, Flooding of treatment plants during extreme rainfall, Short term (0–3 years), "RMB 12–18 million"]
      - [Chronic physical, Declining raw-water availability in northern service areas, Long term (10+ years), Not yet quantified]
      - [Policy and legal, Inclusion of the water sector in the national emissions trading scheme, Medium term (3–10 years), "RMB 25 million a year"]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "table-english", BLOCKS)


def test_english_cells_are_ragged_without_hyphens(built):
    _res, doc = built
    page = next(p for p in doc if "Declining" in p.get_text())
    lines = [ln.strip() for ln in page.get_text().splitlines() if ln.strip()]
    start = lines.index("Climate-related risks and opportunities")
    table = lines[start:start + 12]
    assert any("Flooding" in ln for ln in table), table
    assert not [ln for ln in table if ln.endswith("-") or ln.endswith("\u00ad")], table
    # word gaps on a cell's first line are plain spaces: no wider than the last line's
    words = [w for w in page.get_text("words")]
    row = [w for w in words if w[4] in ("Flooding", "of", "treatment", "plants", "during")]
    gaps = [b[0] - a[2] for a, b in zip(row, row[1:]) if abs(a[1] - b[1]) < 1]
    assert gaps and max(gaps) < 0.4 * 9, gaps            # (a 9 pt cell: a space is ~2.2 pt)
