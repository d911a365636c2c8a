"""Converts glyphs in a separate process: `python -m csrpress.assets.fontworker`.

Reads a pickled list of (path, face number, location, characters) from stdin
and writes the pickled conversions to stdout. A plain subprocess (not
multiprocessing) so it works whatever the calling program's main module is,
and it starts small: only what converting glyphs needs is imported.
"""
from __future__ import annotations

import pickle
import sys


def main() -> None:
    """Convert the tasks read from stdin; write the results to stdout."""
    from ..session import BuildSession
    from .fonts import convert_glyphs

    tasks = pickle.load(sys.stdin.buffer)
    with BuildSession().active():      # the weights of a font share one parsed file
        out = [convert_glyphs(path, number, location, chars)
               for path, number, location, chars in tasks]
    sys.stdout.buffer.write(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
