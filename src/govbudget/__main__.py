"""``python -m govbudget``: the same command line as the ``govbudget`` script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
