"""The Python examples of the how-to pages run and print what the pages show."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

HOW_TO = Path(__file__).resolve().parent.parent / "docs" / "how-to"
BLOCK = re.compile(r"```python\n(.*?)```(?:\n\nprints\n\n```text\n(.*?)```)?", re.S)


class TestHowToPages:
    @pytest.mark.parametrize(
        ("page", "examples"),
        [("recommend.md", 10), ("custom-stage-map.md", 5), ("load-hubspot.md", 2)],
        ids=["recommend", "custom-stage-map", "load-hubspot"],
    )
    def test_every_example_prints_what_the_page_shows(self, page, examples):
        """Each Python block, run in order, prints exactly the text block after it."""
        path = HOW_TO / page
        namespace: dict[str, object] = {}
        blocks = BLOCK.findall(path.read_text(encoding="utf-8"))
        assert examples == sum(1 for _, shown in blocks if shown)
        for code, shown in blocks:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, str(path), "exec"), namespace)
            assert shown == out.getvalue()
