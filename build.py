"""madang's command line: python build.py {check,build,serve} [ARCHIVE_DIR] [-d SITE_DIR]."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from madang.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
