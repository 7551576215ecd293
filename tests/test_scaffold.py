"""`madang new DIR`: a complete archive that passes `check` and builds as written, from flags or from
questions in Korean; it never overwrites a file; what people type reaches every file as typed; its
workflows are a few lines calling this repository's, and pass actionlint and zizmor."""

import glob
import html
import os
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import BUILD_PY, GIT_ENV, ROOT, ArchiveRepo, git, madang_settings
from madang import __version__, pipeline, scaffold
from madang.constants import ARCHIVE_FORMAT
from madang.render.format import one_line
from madang.yamltext import parse_yaml
from test_forms import tool
from test_workflows import zizmor

SKELETON = ROOT / "madang" / "skeleton"
FLAGS = ("--name", "작은도서관 거버넌스 은평", "--forge", "https://github.com/seoul-library/archive",
         "--maintainer", "jay", "--email", "jay@example.org")


def new(directory, *flags, stdin: str = "") -> subprocess.CompletedProcess:
    """`madang new` as a person runs it, with a clean git configuration (no identity of its own)."""
    done = subprocess.run([sys.executable, str(BUILD_PY), "new", str(directory), *flags], input=stdin,
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def madang(archive, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(archive / "build.py"), *args], cwd=archive, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV})


def test_a_new_archive_passes_check_and_builds_with_its_first_commit(tmp_path):
    archive = tmp_path / "우리-아카이브"
    done = new(archive, *FLAGS, "--commit")
    assert done.returncode == 0, done.stderr
    assert set(git(archive, "ls-files").splitlines()) == set(scaffold.FILES)
    assert git(archive, "log", "--format=%an <%ae>|%s") == \
        f"jay <jay@example.org>|아카이브 시작 / Start the archive (madang new, {__version__})"
    assert git(archive, "remote", "get-url", "origin") == "https://github.com/seoul-library/archive.git"
    assert git(archive, "branch", "--show-current") == "main"
    assert "git push -u origin main" in done.stdout

    checked = madang(archive, "check")
    assert checked.returncode == 0 and "오류 0건, 경고 0건" in checked.stdout, checked.stdout + checked.stderr
    built = madang(archive, "build")
    assert built.returncode == 0, built.stderr
    home = (archive / "site" / "index.html").read_text(encoding="utf-8")
    assert "작은도서관 거버넌스 은평" in home and 'href="about/"' in home
    assert "함께 지킬 약속" in (archive / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert git(archive, "status", "--porcelain") == "", "site/ is ignored"
    strict = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "strict")],
                            cwd=archive, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert strict.returncode == 0, strict.stderr

    settings = yaml.safe_load((archive / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["site_url"] == "https://seoul-library.github.io/archive/"
    assert settings["repo_url"] == "https://github.com/seoul-library/archive"
    assert settings["plugins"][1] == {"madang": {"format": ARCHIVE_FORMAT, "timezone": "Asia/Seoul"}}
    members = yaml.safe_load((archive / "members.yml").read_text(encoding="utf-8"))
    assert members == {"jay": {"name": "jay", "emails": ["jay@example.org"], "roles": ["maintainer"],
                       "public": ["name", "roles"]}}  # a maintainer acts in public
    assert (archive / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()[-1] == "* @jay"


def test_a_proposal_and_an_endorsement_by_pull_request_count_in_a_new_archive(tmp_path):
    root = tmp_path / "archive"
    assert new(root, *FLAGS, "--commit").returncode == 0
    repo = ArchiveRepo(root)
    repo.propose("quiet-hours", proposer="dandi", endorse_until=None)
    repo.commit("제안", author=("dandi", "11+dandi@users.noreply.github.com"))
    repo.branch("heidi/endorse")
    repo.endorse("quiet-hours", "heidi")
    repo.commit("공감", author=("하이디", "77+heidi@users.noreply.github.com"))
    repo.merge_pr("heidi/endorse", 2, "2020-10-03T10:00:00+09:00")
    result = pipeline.run(root, madang_settings(repo_url="https://github.com/seoul-library/archive"))
    (heidi,) = result.counts.records[("proposal", "quiet-hours")].acts
    assert (heidi.handle, heidi.level, heidi.counted) == ("heidi", "verified", True)


def test_it_asks_in_korean_for_what_the_flags_leave_out(tmp_path):
    archive = tmp_path / "archive"
    answers = "작은도서관 거버넌스\nhttps://gitlab.com/seoul/archive\n@jay\n맞지 않는 주소\njay@example.org\n\ny\n"
    done = new(archive, stdin=answers)
    assert done.returncode == 0, done.stderr
    for question in ("사이트 이름", "저장소 주소", "첫 운영자의 아이디", "운영자의 커밋 이메일", "시간대", "첫 커밋을 만들까요?"):
        assert question in done.stdout
    assert "이메일 주소가 아닙니다" in done.stderr  # asked again
    settings = yaml.safe_load((archive / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (settings["site_name"], settings["site_url"]) == ("작은도서관 거버넌스", "https://seoul.gitlab.io/archive/")
    assert settings["plugins"][1]["madang"]["timezone"] == "Asia/Seoul"
    assert git(archive, "log", "--format=%ae") == "jay@example.org"


@pytest.mark.parametrize("flags, message", [
    (("--forge", "github.com/seoul/archive"), "--forge: "),
    (("--forge", "https://github.com/seoul/archive/tree/main"), "--forge: "),
    (("--maintainer", "jay smith"), "--maintainer: "),
    (("--email", "jay"), "--email: "),
    (("--time-zone", "Asia/Busan"), "--time-zone: "),
    (("--name", " \t "), "--name: "),
    (("--name", '작은도서관 "은평"'), "--name: "),
])
def test_a_wrong_flag_is_said_and_nothing_is_written(tmp_path, flags, message):
    given = dict(zip(FLAGS[::2], FLAGS[1::2]))
    given.update(dict(zip(flags[::2], flags[1::2])))
    done = new(tmp_path / "archive", *[part for pair in given.items() for part in pair])
    assert done.returncode == 2 and done.stderr.startswith(message), done.stderr
    assert not (tmp_path / "archive").exists()


def test_without_flags_or_answers_it_says_which_flag_to_give(tmp_path):
    done = new(tmp_path / "archive", "--name", "마당")
    assert done.returncode == 2 and "--forge: 답이 없습니다" in done.stderr
    assert not (tmp_path / "archive").exists()


def test_it_never_overwrites_a_file_and_commits_only_what_it_wrote(tmp_path):
    archive = tmp_path / "archive"
    (archive / "content").mkdir(parents=True)
    git(archive, "init", "-q", "-b", "main")
    (archive / "README.md").write_text("# 우리 저장소\n", encoding="utf-8")
    (archive / "content" / "index.md").write_text("# 이미 쓴 첫 화면\n", encoding="utf-8")
    done = new(archive, *FLAGS, "--commit")
    assert done.returncode == 0, done.stderr
    assert (archive / "README.md").read_text(encoding="utf-8") == "# 우리 저장소\n"
    assert (archive / "content" / "index.md").read_text(encoding="utf-8") == "# 이미 쓴 첫 화면\n"
    assert "그대로 두었습니다 / kept as it was: README.md" in done.stdout
    assert set(git(archive, "ls-files").splitlines()) == set(scaffold.FILES) - {"README.md", "content/index.md"}
    assert git(archive, "remote") == "", "an existing repository keeps its remotes"
    again = new(archive, *FLAGS)
    assert again.returncode == 0 and "만들었습니다" not in again.stdout


def test_inside_a_repository_the_archive_is_one_of_its_folders(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    done = new(tmp_path / "archive", *FLAGS, "--commit")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "archive" / ".git").exists()
    assert "archive/mkdocs.yml" in git(tmp_path, "ls-files").splitlines()


@pytest.mark.parametrize("forge, site_url", [
    ("https://github.com/Seoul-Library/archive", "https://seoul-library.github.io/archive/"),
    ("https://github.com/seoul/seoul.github.io", "https://seoul.github.io/"),
    ("https://gitlab.com/seoul/libraries/archive", "https://seoul.gitlab.io/libraries/archive/"),
    ("https://codeberg.org/seoul/archive", None),
])
def test_site_url_is_where_the_forges_pages_publish(forge, site_url):
    assert scaffold.site_url(forge) == site_url


def test_a_forge_without_pages_leaves_site_url_for_the_maintainer(tmp_path):
    flags = list(FLAGS)
    flags[3] = "https://codeberg.org/seoul/archive.git/"
    assert new(tmp_path / "archive", *flags).returncode == 0
    settings = yaml.safe_load((tmp_path / "archive" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "site_url" not in settings and settings["repo_url"] == "https://codeberg.org/seoul/archive"


@pytest.mark.parametrize("zone, cron", [("Asia/Seoul", "17 15 * * *"), ("Asia/Kolkata", "47 18 * * *"), ("UTC", "17 0 * * *")])
def test_the_daily_rebuild_is_just_after_midnight_in_the_archives_zone(tmp_path, zone, cron):
    assert new(tmp_path / "archive", *FLAGS, "--time-zone", zone).returncode == 0
    publish = yaml.safe_load((tmp_path / "archive" / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert publish[True]["schedule"] == [{"cron": cron}]
    settings = yaml.safe_load((tmp_path / "archive" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["plugins"][1]["madang"]["timezone"] == zone


@given(st.text(min_size=1, max_size=60))
def test_any_text_is_written_as_a_yaml_scalar_that_reads_back_as_itself(value):
    name = one_line(value)
    line = f"site_name: {scaffold.yaml_scalar(name)}\n"
    assert yaml.safe_load(line) == {"site_name": name} == parse_yaml(line).value


def test_a_site_name_full_of_yaml_and_markdown_reaches_the_site_as_typed(tmp_path):
    archive = tmp_path / "archive"
    name = "작은도서관 '은평' #1: *거버넌스* & [링크](x) {{site_name}} `code`"
    flags = list(FLAGS)
    flags[1] = name
    assert new(archive, *flags, "--commit").returncode == 0
    assert yaml.safe_load((archive / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == name
    assert madang(archive, "build").returncode == 0
    home = (archive / "site" / "index.html").read_text(encoding="utf-8")
    (heading,) = re.findall(r"<h1[^>]*>(.*?)</h1>", home)
    assert html.unescape(heading) == name


def test_the_generated_workflows_call_this_repositorys_at_this_version_and_pass_actionlint_and_zizmor(tmp_path):
    archive = tmp_path / "archive"
    assert new(archive, *FLAGS).returncode == 0
    workflows = sorted((archive / ".github" / "workflows").glob("*.yml"))
    done = subprocess.run([tool("actionlint"), *map(str, workflows)], capture_output=True, text=True, cwd=archive)
    assert done.returncode == 0, done.stdout + done.stderr
    done = zizmor(archive)  # with the archive's .github/zizmor.yml
    assert done.returncode == 0, done.stdout + done.stderr
    for path in workflows:
        text = path.read_text(encoding="utf-8")
        (job,) = yaml.safe_load(text)["jobs"].values()
        assert job["uses"] == f"{scaffold.MADANG_REPOSITORY}/.github/workflows/archive-{path.name}@v{__version__}"
        assert "pip" not in text and "run:" not in text and len(text.splitlines()) <= 25


@pytest.mark.parametrize("callers", ["generated", "sample"])
def test_each_caller_grants_and_passes_what_the_reusable_workflow_asks(tmp_path, callers):
    """GitHub refuses a call whose caller grants fewer permissions than the called jobs ask, or passes an
    input or secret it does not declare."""
    if callers == "generated":
        assert new(tmp_path / "archive", *FLAGS).returncode == 0
        folder = tmp_path / "archive" / ".github" / "workflows"
    else:
        folder = ROOT / ".github" / "workflows"
    for path in sorted(folder.glob("*.yml")):
        caller = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in caller["jobs"].values():
            if "uses" not in job:
                continue
            name = job["uses"].split("/")[-1].split("@")[0]
            called = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
            declared = called[True]["workflow_call"]  # PyYAML reads the key `on` as True
            assert set(job.get("with", {})) <= set(declared.get("inputs") or {}), path.name
            assert set(job.get("secrets", {})) <= set(declared.get("secrets") or {}), path.name
            granted = job.get("permissions", caller.get("permissions"))
            for called_job in called["jobs"].values():
                for scope, level in called_job.get("permissions", {}).items():
                    assert granted.get(scope) in (level, "write"), f"{path.name}: {scope}: {level}"


def test_the_skeleton_is_every_file_new_writes_and_travels_in_the_wheel():
    found = {path.relative_to(SKELETON).as_posix() for path in SKELETON.rglob("*") if path.is_file()}
    assert found == set(scaffold.FILES)
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    packaged = {match for pattern in patterns["madang"] for match in glob.glob(pattern, root_dir=ROOT / "madang")}
    assert {f"skeleton/{path}" for path in scaffold.FILES} <= packaged


def test_the_skeletons_launcher_and_issue_forms_are_this_repositorys():
    assert (SKELETON / "build.py").read_bytes() == BUILD_PY.read_bytes()
    for form in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        assert (SKELETON / ".github" / "ISSUE_TEMPLATE" / form.name).read_bytes() == form.read_bytes(), form.name


README = (ROOT / "README.md").read_text(encoding="utf-8")


def start_your_own() -> list[str]:
    """The README's "내 아카이브 시작하기" commands, one a line."""
    block = README.split("<!-- start-your-own:start")[1].split("<!-- start-your-own:end -->")[0]
    return block.split("```sh\n")[1].split("```")[0].splitlines()


def madang_on_path() -> str:
    """A PATH where `madang` is this checkout's installed madang script."""
    scripts = os.path.dirname(sys.executable)
    assert os.path.exists(os.path.join(scripts, "madang")), "`make` installs the madang script"
    return f"{scripts}{os.pathsep}{os.environ['PATH']}"


def test_the_readmes_start_is_three_commands_that_give_a_published_archive(tmp_path):
    install, start, push = start_your_own()
    assert install == f'pipx install "git+https://github.com/{scaffold.MADANG_REPOSITORY}@v{__version__}"'
    assert set(re.findall(r"madang@v([0-9.]+)", README)) == {__version__}, "every install names this version"
    forge = tmp_path / "github" / "archive.git"  # stands for https://github.com/seoul-library/archive
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(forge))
    env = {**os.environ, **GIT_ENV, "PATH": madang_on_path(), "GIT_CONFIG_COUNT": "1",
           "GIT_CONFIG_KEY_0": f"url.{forge}.insteadOf", "GIT_CONFIG_VALUE_0": "https://github.com/seoul-library/archive.git"}
    answers = "작은도서관 거버넌스 은평\nhttps://github.com/seoul-library/archive\njay\n7+jay@users.noreply.github.com\n\n\n"
    for command, stdin in ((start, answers), (push, "")):
        done = subprocess.run(["sh", "-c", command], cwd=tmp_path, input=stdin, capture_output=True, text=True, env=env)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    git(tmp_path, "clone", "-q", str(forge), "clone")
    assert set(git(tmp_path / "clone", "ls-files").splitlines()) == set(scaffold.FILES)
    checked = subprocess.run(["madang", "check"], cwd=tmp_path / "clone", capture_output=True, text=True, env=env)
    assert checked.returncode == 0 and "오류 0건" in checked.stdout, checked.stdout + checked.stderr
