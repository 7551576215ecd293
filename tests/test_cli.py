"""The command line as an installed tool: `python -m madang`, an archive's build.py and the `madang`
script are one command line (the script itself is run from a wheel in test_wheel.py); its help speaks
Korean and English, and the README documents every command and option it has."""

import re
import subprocess
import sys

from conftest import BUILD_PY, MINIMAL_MKDOCS, ROOT, ArchiveRepo
from madang import __version__
from madang.cli import make_parser

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def commands() -> dict:
    """Every command's parser, by name."""
    top = make_parser()
    return next(action for action in top._actions if action.dest == "command").choices


def test_python_m_madang_and_build_py_say_the_same_version():
    by_module = run("-m", "madang", "--version")
    by_launcher = run(BUILD_PY, "--version")
    assert by_module.returncode == by_launcher.returncode == 0
    assert by_module.stdout == by_launcher.stdout
    assert by_module.stdout.startswith(f"madang {__version__} (아카이브 형식 1 / archive format 1)")


def test_every_command_is_there_with_its_help_in_both_languages():
    shown = run("-m", "madang", "--help")
    assert shown.returncode == 0 and shown.stdout.startswith("사용법 / usage: madang")
    for name in ("check", "build", "serve", "recount", "draw", "book", "from-issue"):
        assert name in commands()
        assert re.search(rf"^\s+{name}\s", shown.stdout, re.MULTILINE), name
    for name, command in commands().items():
        for action in command._actions:
            assert " / " in action.help and HANGUL.search(action.help), (name, action.dest, action.help)
        assert " / " in command.description and HANGUL.search(command.description), name


def test_a_mistyped_command_is_refused_in_both_languages():
    done = run("-m", "madang", "chek")
    assert done.returncode == 2
    assert "명령을 잘못 적었습니다 / error" in done.stderr and "'check'" in done.stderr


def test_the_readme_documents_every_command_and_option():
    """As sqlite-utils' test_docs: the README's 명령 section cannot drift from the parser."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 명령 / Command line", 1)[1].split("\n## ", 1)[0]
    for name, command in commands().items():
        assert re.search(rf"^madang {re.escape(name)}\b", section, re.MULTILINE), name
        for action in command._actions:
            if action.option_strings and action.dest != "help":
                assert any(option in section for option in action.option_strings), (name, action.option_strings)
    assert "madang --version" in section


WITHOUT_WEASYPRINT = "import sys; sys.modules['weasyprint'] = None; from madang.cli import main; sys.exit(main(sys.argv[1:]))"
"""madang as installed without the `book` extra: importing weasyprint fails, as it does there (test_wheel.py runs
the real thing)."""


def test_without_the_book_extra_book_and_a_book_build_say_how_to_install_it(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS.replace(
        "plugins: [search, madang]", "plugins:\n  - search\n  - madang: {book: true}"))
    for args in (["book", repo.path], ["build", repo.path, "-d", tmp_path / "site"]):
        done = run("-c", WITHOUT_WEASYPRINT, *args)
        assert done.returncode == 1, done.stderr
        assert "python -m pip install 'madang[book]'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
