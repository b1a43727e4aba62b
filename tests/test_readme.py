"""The README's Python example runs as written and prints what the README says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


class TestReadme:
    def test_python_example_prints_what_it_says(self):
        """Running the README's Python block prints exactly the README's text block after it."""
        text = README.read_text(encoding="utf-8")
        code = re.search(r"```python\n(.*?)```", text, re.S)
        shown = re.search(r"prints\n\n```text\n(.*?)```", text, re.S)
        assert code is not None
        assert shown is not None
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code.group(1), str(README), "exec"), {})
        assert shown.group(1) == out.getvalue()
