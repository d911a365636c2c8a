"""``python -m csrpress``: the same command line as make_report.py."""
from .cli import run

if __name__ == "__main__":
    run(prog_name="python -m csrpress")
