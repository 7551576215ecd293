"""This archive's command line: python build.py COMMAND [ARCHIVE_DIR] [options], the same as `madang COMMAND`.

It launches the installed madang package (`madang -h` lists the commands) and
never imports anything from the archive: Python puts this file's folder first
on sys.path, so that entry is taken off before any other import, and a
`yaml.py` or `git.py` someone adds beside this file is never run. Install
madang first (`python -m pip install madang`, or its repository's address; in
madang's own repository, `make`).
"""

import sys

if not sys.flags.safe_path:
    del sys.path[0]

try:
    from madang.cli import main
except ModuleNotFoundError as error:  # madang, or one of its dependencies (mkdocs, git…)
    sys.exit(
        f"madang이 설치되어 있지 않습니다 (없는 모듈: {error.name}). 'python -m pip install madang'(또는 madang 저장소 "
        f"주소)으로 설치하세요 (madang 저장소 안에서는 'make'). / madang is not installed (missing module: {error.name}): "
        "run 'python -m pip install madang' (or madang's repository URL; in madang's own repository, 'make')."
    )

if __name__ == "__main__":
    sys.exit(main())
