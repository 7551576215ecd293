"""`python -m madang`: the same command line as the `madang` script and an archive's build.py."""

import sys

from .cli import main

sys.exit(main())
