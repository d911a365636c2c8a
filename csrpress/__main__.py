"""``python -m csrpress``: the same command line as make_report.py."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="python -m csrpress")
