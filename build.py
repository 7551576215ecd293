"""madang's command line for this archive: python build.py {check,build,serve,recount,draw,book,from-issue} [ARCHIVE_DIR].

It runs the installed madang package (pip install madang, or `make` here) and
never imports anything from the archive: Python puts this file's folder first
on sys.path, so it is taken off before any other import, and a `yaml.py` or
`git.py` someone adds beside this file is never run.
"""

import sys

if not sys.flags.safe_path:
    del sys.path[0]

try:
    from madang.cli import main
except ModuleNotFoundError as error:
    if error.name != "madang":
        raise
    sys.exit(
        "madang이 설치되어 있지 않습니다. madang을 설치하세요 (이 저장소에서는 'make') / "
        "madang is not installed; install it (here: 'make')"
    )

if __name__ == "__main__":
    sys.exit(main())
