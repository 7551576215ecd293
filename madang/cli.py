"""The command line: `madang {new,check,build,generate,serve,recount,from-issue,draw,book} [ARCHIVE_DIR] [options]`.

The same commands run as `madang` (the console script), `python -m madang` and
an archive's `build.py` (a launcher of the installed package). A thin layer:
it finds the archive's mkdocs.yml, reads its settings as data (settings_file.py:
nothing in the archive runs) and calls the pipeline, or MkDocs for build and
serve. Every failure a person can fix ends as a plain message and exit status
1, never a traceback.
"""

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs import exceptions as mkdocs_errors
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve

from . import __version__, book, erasure, forms, generate, pipeline, score
from . import planning, scaffold, sortition
from .audit import summary
from .constants import ARCHIVE_FORMAT
from .diagnostics import ERROR, github_annotation
from .history import git_refusal, head_time
from .pipeline import settings_in
from .plugin import MadangPlugin, load_mkdocs_config

VERSION = f"madang {__version__} (아카이브 형식 {ARCHIVE_FORMAT} / archive format {ARCHIVE_FORMAT})"


class _Help(argparse.HelpFormatter):
    """argparse's help with a bilingual usage line."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "사용법 / usage: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """A parser whose help and mistakes are said in Korean and English (argparse's own words are English)."""

    def __init__(self, **kwargs):
        super().__init__(add_help=False, formatter_class=_Help, **kwargs)
        self._positionals.title = "인자 / arguments"
        self._optionals.title = "옵션 / options"
        self.add_argument("-h", "--help", action="help", help="이 도움말 / show this help and exit")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 명령을 잘못 적었습니다 / error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    """Every command and option, with help in Korean and English (README "명령" lists the same)."""
    top = _Parser(
        prog="madang",
        description="madang: 시민 공론장 아카이브 / a citizen deliberation archive",
        epilog="명령마다 도움말: madang 명령 -h / help on a command: madang COMMAND -h",
    )
    top.add_argument("--version", action="version", version=VERSION, help="판 / show the version and exit")
    commands = top.add_subparsers(title="명령 / commands", dest="command", required=True, metavar="COMMAND")
    for name, help_text in (
        ("check", "파일 검사 / validate every file"),
        ("build", "사이트 만들기 / build the site"),
        ("generate", "다른 엔진용 원본 파일 쓰기: 페이지, 내비게이션, 카드 / write the site's sources for plain MkDocs "
                     "or another engine"),
        ("serve", "미리보기 / preview with live reload"),
        ("recount", "다시 세기: 모든 집계와 요약값 / every tally and its digest"),
        ("from-issue", "이슈 양식을 기록 파일로 / turn an issue form into its record file"),
        ("draw", "시민배심원 추첨: 누구나 같은 결과 / draw a citizen jury, reproducibly"),
        ("book", "책 (PDF) 만들기 / make the book, a PDF of the archive"),
        ("erase", "개인정보 삭제: 기록에서도 지우기 (새 복제본에서) / take erased text out of git history too "
                  "(in a scratch clone)"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("archive", nargs="?", default=".", metavar="ARCHIVE_DIR",
                             help="아카이브 폴더 / archive folder (default .)")
        if name == "generate":
            command.add_argument("out", metavar="OUT_DIR",
                                 help="결과 폴더: 통째로 바뀜 / output folder, replaced whole")
        if name == "build":
            command.add_argument("-d", "--site-dir", help="결과 폴더 / output folder (default ARCHIVE_DIR/site)")
            command.add_argument(
                "--published", help="앞서 공개한 사이트의 data/audit.json / the published site's data/audit.json "
                "(default: SITE_DIR/data/audit.json when it exists)",
            )
        if name == "check":
            command.add_argument("--pr-author", metavar="LOGIN", help="풀 리퀘스트를 연 사람 / the pull request's author")
            command.add_argument("--base", metavar="REV", help="풀 리퀘스트의 기준 커밋 / the pull request's base")
            command.add_argument(
                "--annotate", action="store_true", help="GitHub Actions 주석으로도 출력 / also print GitHub annotations"
            )
        if name == "from-issue":
            command.add_argument("--event", required=True, help="GitHub issues 이벤트 JSON / the issues event JSON")
        if name == "recount":
            command.add_argument("--at", default="HEAD", help="커밋 / commit (default HEAD)")
        if name == "draw":
            command.add_argument("jury", nargs="?", metavar="JURY_ID",
                                 help="배심원단 id (juries/<id>) / jury id (default: every jury)")
            step = command.add_mutually_exclusive_group()
            step.add_argument("--plan", action="store_true",
                              help="LEXIMIN 추첨 계획 plan.json 만들기 (madang[jury] 필요) / write the LEXIMIN plan, "
                                   "juries/<id>/plan.json (needs madang[jury])")
            step.add_argument("--verify", action="store_true",
                              help="계획과 추첨을 해법기 없이 검증 / check the plan and the draw, without the solver")
        if name == "book":
            command.add_argument("-o", "--output", help="PDF 파일 / the PDF (default ARCHIVE_DIR/book.pdf, book-<ID>.pdf)")
            command.add_argument("--phase", metavar="ID", help="한 단계의 기록만 / only one phase's records")
        if name == "erase":
            command.add_argument("--rewrite", type=int, required=True, metavar="N",
                                 help="moderation/N.yml (action: erase)의 대상을 모든 커밋에서 지움 / rewrite every "
                                      "commit for erase entry N")
        if name == "serve":
            command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="주소 / address (127.0.0.1:8000)")
    new = "새 아카이브 만들기 / start a new archive"
    scaffold.add_arguments(commands.add_parser("new", help=new, description=new))
    return top


def main(argv=None) -> int:
    args = make_parser().parse_args(argv)
    if args.command == "new":
        return scaffold.new(args)
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    config_file = Path(args.archive).resolve() / "mkdocs.yml"
    if not config_file.is_file():
        print(f"{config_file}: mkdocs.yml이 없습니다. / no mkdocs.yml in {args.archive}", file=sys.stderr)
        return 1
    refusal = git_refusal(config_file.parent)
    if refusal is not None:
        print(f"{config_file.parent}: git이 이 저장소를 읽지 않습니다 / git refuses to read this repository:\n{refusal}",
              file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command](config_file, args)
    except (mkdocs_errors.MkDocsException, pipeline.ArchiveError, book.BookError, generate.GenerateError) as error:
        message = str(error)
        if message:
            print(message, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.filename or args.archive}: {error.strerror} / 파일이나 폴더를 쓰거나 읽을 수 없습니다", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _check(config_file: Path, args) -> int:
    """Validate every file; with --pr-author and --base, judge the pull request by its base's settings and rules."""
    if bool(args.pr_author) != bool(args.base):
        print("--pr-author와 --base는 함께 씁니다 / --pr-author and --base go together", file=sys.stderr)
        return 2
    if args.pr_author:
        _, diagnostics = pipeline.check_pull_request(config_file.parent, args.pr_author, args.base)
    else:
        _, diagnostics = pipeline.check(config_file.parent, settings_in(config_file.parent))
    for problem in diagnostics:
        print(problem)
        if args.annotate:
            print(github_annotation(problem, os.path.relpath(config_file.parent / problem.path)))
    errors = sum(d.severity == ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    print(f"검사 결과: 오류 {errors}건, 경고 {warnings}건 / {errors} errors, {warnings} warnings")
    return 1 if errors else 0


def _build(config_file: Path, args) -> int:
    """Build into a fresh folder beside the site and put it in place only when complete.

    A build that fails or is interrupted leaves the previous site as it was. The
    build day is the built commit's (SOURCE_DATE_EPOCH, unless set), so the same
    commit builds the same bytes on any machine, any day.
    """
    site_dir = Path(args.site_dir).resolve() if args.site_dir else config_file.parent / "site"
    if site_dir.exists() and not site_dir.is_dir():
        print(f"{site_dir}: 폴더가 아니라 파일입니다. 다른 결과 폴더를 고르세요 / not a folder; choose another", file=sys.stderr)
        return 1
    _build_day(config_file)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}{STAGING}", dir=site_dir.parent))
    try:
        config = load_mkdocs_config(config_file, site_dir=str(staging))
        plugin = config.plugins.get("madang")
        if isinstance(plugin, MadangPlugin):
            plugin.published = _published(Path(args.published) if args.published else site_dir / "data" / "audit.json")
            plugin.previous_site = site_dir
            plugin.two_cores = True
        mkdocs_build.build(config)
        if isinstance(plugin, MadangPlugin) and plugin.settings.book:
            (staging / "book.pdf").write_bytes(book.make_book(config_file.parent, plugin.settings))
        _swap_into_place(staging, site_dir)
        if isinstance(plugin, MadangPlugin) and plugin.kept_pages is not None:
            plugin.kept_pages.save()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"사이트를 만들었습니다: {site_dir} / site built")
    return 0


def _build_day(config_file: Path) -> None:
    """The built commit's day is the build's (SOURCE_DATE_EPOCH, unless set): the same commit, the same bytes."""
    epoch = head_time(config_file.parent)
    if epoch is not None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))


def _generate(config_file: Path, args) -> int:
    """Write the site's sources (generate.py) for plain MkDocs or another engine; the day is as for `build`."""
    _build_day(config_file)
    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = generate.generate(config_file, out)
    print(f"원본 파일을 썼습니다 (페이지 {pages}개): {out} / sources written; build them with: "
          f"mkdocs build -f {out / 'mkdocs.yml'}")
    return 0


def _published(audit_file: Path) -> dict | None:
    """The commit and digest a published site was built with; None when unknown or unreadable."""
    try:
        audit = json.loads(audit_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return audit if isinstance(audit, dict) else None


STAGING = ".building-"
"""Folders named .<site>.building-… beside the site are builds in progress, or killed ones."""


def _remove_leftovers(site_dir: Path) -> None:
    """Remove the staging folders of builds that were killed before they could clean up."""
    for leftover in site_dir.parent.glob(f".{site_dir.name}{STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_into_place(staging: Path, site_dir: Path) -> None:
    """Move the complete build to `site_dir`; the old site is moved aside first, then removed."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}{STAGING}old-", dir=site_dir.parent))
    old.rmdir()
    site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def _recount(config_file: Path, args) -> int:
    """Every tally as of a commit, then `digest: <64 hex>` as the last line (audit.py)."""
    counts, selection, digest, sha = pipeline.recount(config_file.parent, settings_in, args.at)
    for line in summary(counts) + score.summary(selection):
        print(line)
    print(f"commit: {sha}")
    print(f"digest: {digest}")
    return 0


def _from_issue(config_file: Path, args) -> int:
    """Write the file an issue form asks for; print `path=` and `title=` lines for the workflow."""
    try:
        settings = settings_in(config_file.parent)
        made = forms.from_issue(forms.read_event(Path(args.event)), config_file.parent, settings.timezone,
                                settings.endorse_days)
    except forms.FormError as error:
        print(error, file=sys.stderr)
        return 1
    target = config_file.parent / made.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(made.content, encoding="utf-8")
    print(f"path={made.path}")
    print(f"title={made.title}")
    return 0


def _serve(config_file: Path, args) -> int:
    mkdocs_serve.serve(config_file=str(config_file), dev_addr=args.dev_addr)
    return 0


def _draw(config_file: Path, args) -> int:
    """Draw each jury (or the one named) by sortition.py's rule and print every step; 1 when one cannot be drawn."""
    settings = settings_in(config_file.parent)
    archive, _, history, _ = pipeline.count(config_file.parent, settings)
    if args.jury is not None and args.jury not in archive.juries:
        print(f"배심원단 '{args.jury}'이(가) 없습니다 (juries/{args.jury}/jury.yml). / no jury '{args.jury}'", file=sys.stderr)
        return 1
    juries = [archive.juries[args.jury]] if args.jury else sorted(archive.juries.values(), key=lambda j: j.id)
    if not juries:
        print("이 아카이브에는 배심원단이 없습니다 (juries/). / this archive has no jury", file=sys.stderr)
        return 1
    if args.plan:
        return planning.write_plans(config_file.parent, juries, archive, history, settings)
    status = 0
    for jury in juries:
        if args.verify and jury.method != "leximin":
            print(f"{jury.path}: method: leximin인 배심원단만 계획을 검증합니다. / only a method: leximin jury has a "
                  "plan to verify", file=sys.stderr)
            status = 1
            continue
        if args.verify:
            lines, holds = planning.verify(jury, archive, history, settings)
            print("\n".join(lines), file=sys.stdout if holds else sys.stderr)
            status = status if holds else 1
            continue
        try:
            drawn = sortition.draw_jury(jury, archive, history, settings)
        except sortition.DrawError as error:
            print(f"{jury.path}: {error}", file=sys.stderr)
            status = 1
            continue
        print("\n".join(sortition.report(jury, drawn)))
    return status


def _book(config_file: Path, args) -> int:
    """Write the book (book.py); the build day is the last commit's, as for `build`."""
    _build_day(config_file)
    settings = settings_in(config_file.parent)
    default_name = f"book-{args.phase}.pdf" if args.phase else "book.pdf"
    output = Path(args.output).resolve() if args.output else config_file.parent / default_name
    if book.korean_fonts_missing():
        print(f"경고: 한글 글꼴 '{book.FONT}'이(가) 없어 글자가 네모로 보일 수 있습니다 (Debian: apt-get install "
              "fonts-noto-cjk). / warning: no Korean font; install fonts-noto-cjk.", file=sys.stderr)
    pdf = book.make_book(config_file.parent, settings, args.phase)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    print(f"책을 만들었습니다: {output} / book written")
    return 0


def _erase(config_file: Path, args) -> int:
    """Rewrite this clone's history for an erase entry (erasure.py) and print what was recorded."""
    settings = settings_in(config_file.parent)
    try:
        record = erasure.rewrite(config_file.parent, args.rewrite, settings, settings.today)
    except erasure.ErasureError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"다시 쓴 커밋 / commits replaced: {len(record['commits'])}")
    print(f"요약값 전 / digest before: {record['digest_before']}")
    print(f"요약값 뒤 / digest after: {record['digest_after']}")
    print(f"기록 / recorded in: moderation/rewrites/{args.rewrite}.yml")
    print("검토한 뒤 강제 푸시하고, 포지에 예전 커밋을 지워 달라고 요청하세요 (README) / review, force-push, and ask "
          "the forge to purge the old commits (README)")
    return 0


COMMANDS = {
    "check": _check, "build": _build, "generate": _generate, "serve": _serve, "recount": _recount, "from-issue": _from_issue, "draw": _draw,
    "book": _book, "erase": _erase,
}
