#!/usr/bin/env python3
"""make_report: build a report project (content/, layout/) into PDFs; see --help."""
from __future__ import annotations

import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

from csrpress.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
