"""An empty (or emptied) file is a located error naming the file, never a crash
(the property test found: an empty layout.yaml ended in AttributeError)."""
from __future__ import annotations

import pytest

from csrpress.build import load
from csrpress.errors import BuildError, Mark


@pytest.mark.parametrize("name", ["layout/layout.yaml", "content/report.yaml",
                                  "content/01-letters.yaml"])
def test_an_empty_file_is_a_located_error(project, name):
    (project.root / name).write_text("", encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        load(project)
    for d in exc.value.diagnostics:
        assert d.where is not None, str(d)
        path = d.where.path if isinstance(d.where, Mark) else d.where
        assert path.name == name.split("/")[-1], str(d)
