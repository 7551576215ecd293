"""`madang new DIR`: a complete archive that builds and passes `check` as written.

The files come from madang/skeleton/ (package data, so they travel in the wheel).
A template names each value with the format it is written in: `{{yaml name}}`
and `{{markdown name}}` are encoded for that format; a bare `{{name}}` only
takes values validated to be safe anywhere (handles, versions, URLs, zone
names). So a site name with quotes, `#` or `*` reaches mkdocs.yml and the pages
as the text the person typed. An existing file is never overwritten.
"""

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import __version__
from .constants import ARCHIVE_FORMAT, HANDLE_PATTERN
from .render.format import one_line, text
from .yamltext import YamlProblem, parse_yaml

MADANG_REPOSITORY = "madang-archive/madang"
"""Where madang's reusable workflows live: an archive's workflows call them by release tag."""

FILES = (
    "mkdocs.yml", "members.yml", "build.py", "README.md", ".gitignore", "content/index.md", "content/about.md",
    ".github/CODEOWNERS", ".github/dependabot.yml", ".github/zizmor.yml",
    ".github/ISSUE_TEMPLATE/proposal.yml", ".github/ISSUE_TEMPLATE/opinion.yml", ".github/ISSUE_TEMPLATE/meeting.yml",
    ".github/workflows/check.yml", ".github/workflows/publish.yml", ".github/workflows/form-to-pr.yml",
)
"""Every file `new` writes; one missing from the installed package is a broken installation, said as such."""

TOKEN = re.compile(r"\{\{(?:(?P<format>yaml|markdown) )?(?P<name>[a-z_]+)\}\}")
FORGE_URL = re.compile(r"^https://(?P<host>[a-z0-9.-]+(?::[0-9]{1,5})?)/(?P<path>[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)\Z")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")
ZONE_NAME = re.compile(r"^[A-Za-z0-9/_+-]+\Z")
MAX_NAME = 200
HTML_AS_IS = '<>"'
"""Material writes site_name into pages unescaped (a title, an aria-label="…"): these would break them."""


@dataclass(frozen=True)
class Answers:
    site_name: str
    forge: str
    """The archive's repository on its forge, e.g. https://github.com/seoul-library/archive (no `.git`)."""
    maintainer: str
    email: str
    time_zone: str


def _site_name(value: str) -> str:
    name = one_line(value)
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"사이트 이름은 1~{MAX_NAME}자로 적습니다 / the site name is 1 to {MAX_NAME} characters")
    if set(name) & set(HTML_AS_IS):
        raise ValueError(f"사이트 이름에는 {' '.join(HTML_AS_IS)}를 쓰지 않습니다: 테마가 이름을 HTML에 그대로 씁니다 / "
                         f"the theme writes the site name into HTML as it is, so it has no {' '.join(HTML_AS_IS)}")
    return name


def _forge(value: str) -> str:
    scheme, _, rest = value.strip().removesuffix("/").removesuffix(".git").partition("://")
    host, _, path = rest.partition("/")
    url = f"{scheme.lower()}://{host.lower()}/{path}"
    match = FORGE_URL.match(url)
    if not match or (match["host"] == "github.com" and url.count("/") != 4):
        raise ValueError(f"'{one_line(value)}': 저장소 주소는 https://github.com/모임/저장소 처럼 적습니다 / "
                         "the forge address is like https://github.com/OWNER/REPOSITORY")
    return url


def _maintainer(value: str) -> str:
    handle = value.strip().removeprefix("@")
    if not HANDLE_PATTERN.match(handle):
        raise ValueError(f"'{one_line(value)}': 아이디는 포지 로그인입니다 (영문, 숫자, '-') / "
                         "the handle is a forge login (letters, digits, '-')")
    return handle


def _email(value: str) -> str:
    email = value.strip()
    if not EMAIL.match(email):
        raise ValueError(f"'{one_line(value)}': 이메일 주소가 아닙니다 / not an e-mail address")
    return email


def _time_zone(value: str) -> str:
    zone = value.strip()
    try:
        if not ZONE_NAME.match(zone):
            raise ValueError
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise ValueError(f"'{one_line(value)}': 시간대는 Asia/Seoul 처럼 적습니다 / a time zone like Asia/Seoul") from None
    return zone


QUESTIONS = (
    ("site_name", "--name NAME", "사이트 이름 / site name (예: 작은도서관 거버넌스 은평)", _site_name, None),
    ("forge", "--forge URL", "저장소 주소 / the repository's address (예: https://github.com/seoul-library/archive)", _forge, None),
    ("maintainer", "--maintainer HANDLE", "첫 운영자의 아이디 / the first maintainer's forge login", _maintainer, None),
    ("email", "--email EMAIL", "운영자의 커밋 이메일, members.yml에 공개됩니다 (GitHub의 …@users.noreply.github.com 주소 권장) / "
                         "the maintainer's commit e-mail, public in members.yml", _email, None),
    ("time_zone", "--time-zone ZONE", "시간대 / time zone", _time_zone, "Asia/Seoul"),
)
"""(field, "flag METAVAR", question, check, default): what `new` asks when the flag is not given."""


def add_arguments(command) -> None:
    """`new`'s flags, one per question, and --commit."""
    command.add_argument("directory", metavar="DIR", help="만들 폴더, 없으면 만듭니다 / the folder (made when missing)")
    for field, flag, question, _, default in QUESTIONS:
        flag, metavar = flag.split()
        command.add_argument(flag, dest=field, metavar=metavar, help=f"{question}{f' (기본 / default {default})' if default else ''}")
    command.add_argument("--commit", action="store_true", help="첫 커밋 만들기 / make the first commit")


def site_url(forge: str) -> str | None:
    """Where the forge's Pages publish the repository (GitHub Pages, GitLab Pages); None for other forges."""
    host, *parts = forge.removeprefix("https://").split("/")
    owner, name = parts[0].lower(), "/".join(parts[1:])
    for forge_host, pages in (("github.com", "github.io"), ("gitlab.com", "gitlab.io")):
        if host == forge_host:
            return f"https://{owner}.{pages}/" if name.lower() == f"{owner}.{pages}" else f"https://{owner}.{pages}/{name}/"
    return None


def daily_cron(zone: ZoneInfo) -> str:
    """The cron line (in UTC, as GitHub reads it) of 00:17 in the archive's zone, when the daily rebuild
    moves the D-days; the zone's offset in January, so one hour off in summer where clocks change."""
    start = datetime(2026, 1, 1, 0, 17, tzinfo=zone).astimezone(timezone.utc)
    return f"{start.minute} {start.hour} * * *"


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that both MkDocs (YAML 1.1) and madang (yamltext) read back as this very
    text: plain when it does, else double-quoted (JSON's escapes are YAML's)."""
    line = f"key: {value}\n"
    try:
        plain = value == value.strip() and yaml.safe_load(line) == {"key": value} == parse_yaml(line).value
    except (yaml.YAMLError, YamlProblem):
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def template_values(answers: Answers) -> dict:
    url = site_url(answers.forge)
    return {
        "site_name": answers.site_name,
        "repo_url": answers.forge,
        "site_url_line": f"site_url: {url}" if url else
                         "# site_url: https://…/   # 사이트를 올릴 주소를 적으세요 / write where the site is published",
        "site_address": url or "GitHub Pages",
        "maintainer": answers.maintainer,
        "email": answers.email,
        "time_zone": answers.time_zone,
        "archive_format": ARCHIVE_FORMAT,
        "daily_cron": daily_cron(ZoneInfo(answers.time_zone)),
        "version": __version__,
        "madang_repository": MADANG_REPOSITORY,
        "madang_owner": MADANG_REPOSITORY.split("/")[0],
    }


ENCODE = {None: str, "yaml": yaml_scalar, "markdown": text}


def fill(template: str, values: dict) -> str:
    return TOKEN.sub(lambda m: ENCODE[m["format"]](values[m["name"]]), template)


class BrokenInstallation(Exception):
    """A template missing from the installed package: madang was installed without its package data."""


def write_archive(directory: Path, answers: Answers) -> tuple[list[str], list[str]]:
    """Write every file of FILES that does not exist yet; (written, kept) paths, relative to `directory`."""
    skeleton = resources.files("madang") / "skeleton"
    values = template_values(answers)
    templates = {}
    for path in FILES:
        source = skeleton.joinpath(*path.split("/"))
        if not source.is_file():
            raise BrokenInstallation(f"{path}: madang 설치에 이 틀이 없습니다. madang을 다시 설치하세요 / "
                                     "this template is missing from the installed madang; reinstall it")
        templates[path] = fill(source.read_text(encoding="utf-8"), values)
    written, kept = [], []
    for path, content in templates.items():
        target = directory / path
        if target.exists() or target.is_symlink():
            kept.append(path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as file:  # "x": never replaces a file
            file.write(content)
        written.append(path)
    return written, kept


def _git(directory: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=directory, capture_output=True, text=True)


def start_repository(directory: Path, answers: Answers) -> bool:
    """`git init` with `main` and the forge as `origin`, unless `directory` is already inside a work tree
    (then the archive is a folder of that repository, as cargo does). True when a repository was made."""
    if _git(directory, "rev-parse", "--is-inside-work-tree").returncode == 0:
        return False
    done = _git(directory, "init", "--quiet", "--initial-branch=main")
    if done.returncode != 0:
        raise OSError(done.stderr.strip())
    _git(directory, "remote", "add", "origin", f"{answers.forge}.git")
    return True


def first_commit(directory: Path, written: list[str], answers: Answers) -> None:
    """Commit the files `new` wrote (only those), as the maintainer, so their commits verify against members.yml."""
    identity = ("-c", f"user.name={answers.maintainer}", "-c", f"user.email={answers.email}")
    for step in (("add", "--", *written),
                 (*identity, "commit", "--quiet", "-m", f"아카이브 시작 / Start the archive (madang new, {__version__})",
                  "--", *written)):
        done = _git(directory, *step)
        if done.returncode != 0:
            raise OSError(f"git: {done.stderr.strip()}")


def ask(args) -> tuple[Answers, bool] | None:
    """The answers and whether to commit, from the flags; when a flag without a default is left out, every
    question left is asked in Korean. None (after saying why) when a value is wrong or no one answers."""
    interactive = any(getattr(args, field) is None for field, _, _, _, default in QUESTIONS if default is None)
    found = {}
    for field, flag, question, check, default in QUESTIONS:
        flag, _ = flag.split()
        given = getattr(args, field)
        if given is None and not interactive:
            given = default
        if given is not None:
            try:
                found[field] = check(given)
            except ValueError as error:
                print(f"{flag}: {error}", file=sys.stderr)
                return None
        while field not in found:
            try:
                answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip() or default
            except EOFError:
                print(f"\n{flag}: 답이 없습니다. {flag} 값을 주세요 / no answer; give {flag}", file=sys.stderr)
                return None
            try:
                found[field] = check(answer or "")
            except ValueError as error:
                print(error, file=sys.stderr)
    commit = args.commit
    if interactive and not commit:
        try:
            commit = input("첫 커밋을 만들까요? / make the first commit? [Y/n]: ").strip().lower() in YES
        except EOFError:
            commit = False
    return Answers(**found), commit


YES = ("", "y", "yes", "예", "네", "응")


def new(args) -> int:
    """`madang new DIR`: ask, write, optionally commit, and say what comes next."""
    directory = Path(args.directory)
    if directory.exists() and not directory.is_dir():
        print(f"{directory}: 폴더가 아니라 파일입니다 / not a folder", file=sys.stderr)
        return 1
    answered = ask(args)
    if answered is None:
        return 2
    answers, commit = answered
    directory.mkdir(parents=True, exist_ok=True)
    try:
        written, kept = write_archive(directory, answers)
        made = start_repository(directory, answers)
        if commit and written:
            first_commit(directory, written, answers)
    except BrokenInstallation as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{directory}: {error} / 쓰거나 git으로 기록하지 못했습니다 / could not write or commit", file=sys.stderr)
        return 1
    for path in written:
        print(f"만들었습니다 / wrote: {path}")
    for path in kept:
        print(f"있어서 그대로 두었습니다 / kept as it was: {path}")
    steps = [] if directory.resolve() == Path.cwd() else [f"cd {directory}"]
    if not commit:
        steps.append("git add -A && git commit -m '아카이브 시작'")
    steps += ["madang serve              # 미리보기 / preview: http://127.0.0.1:8000",
              "git push -u origin main   # 올리기 / publish" if made else "git push",
              "# 그다음 README.md의 '처음 한 번: 저장소 설정' / then README.md's first-time settings"]
    print("\n다음 / next:\n" + "\n".join(f"  {step}" for step in steps))
    return 0
