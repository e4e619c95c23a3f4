"""``python -m mailtrace_mx``: the same CLI as the ``mailtrace-mx`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
