"""Allow ``python -m cocorev``."""

from __future__ import annotations

import sys

from cocorev.cli import main

sys.exit(main())
