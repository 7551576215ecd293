"""가입 신청 (join requests): joins/<handle>.yml, prefilled by the members page's button, pending on that page
until a maintainer adds the person to members.yml and deletes the request; only the person named may add it."""

import pytest

from conftest import JAY, MALLORY, MINIMAL_MKDOCS, ArchiveRepo, run
from test_actions import FORGES, PLACEHOLDER, build, buttons, new_file
from test_review import check_pr

NAMU = ("나무", "4242+namu@users.noreply.github.com")
"""Not a member yet; the forge's private address proves the commit is namu's."""


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS + f"repo_url: {FORGES['github']}\n")
    repo.commit("시작", author=JAY, when="2020-09-01T10:00:00+09:00")
    repo.branch("pr")
    return repo


def members_page(repo) -> str:
    return next(page.content for page in run(repo).files if page.path == "members.md")


def test_the_prefilled_join_request_validates_waits_and_is_approved_by_a_maintainer(repo, tmp_path):
    build(repo, tmp_path / "site")
    path, content = new_file(buttons(tmp_path / "site" / "members" / "index.html")["가입 신청"], FORGES["github"],
                             "github")
    assert path == f"joins/{PLACEHOLDER}.yml"
    assert "public: []" in content and "비워 두면 아이디만 보입니다" in content  # the form says what will be public
    repo.write(path.replace(PLACEHOLDER, "namu"), content.replace('name: ""', 'name: "나무 <b>"').replace(
        "public: []", "public: [name]"))
    repo.commit("가입 신청", author=NAMU, when="2020-09-10T10:00:00+09:00")
    assert check_pr(repo, "namu")[:2] == (0, [])
    result = run(repo)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert "- 나무 &lt;b&gt; @namu" in members_page(repo)

    repo.write("members.yml", (repo.path / "members.yml").read_text(encoding="utf-8")
               + "namu:\n  name: 나무\n  public: [name]\n")
    repo.remove("joins/namu.yml")
    repo.commit("가입 승인", author=JAY, when="2020-09-11T10:00:00+09:00")
    assert check_pr(repo, "jay")[:2] == (0, [])
    page = members_page(repo)
    assert "기다리는 가입 신청이 없습니다." in page and "### 나무 (@namu)" in page


def test_a_join_request_in_someone_elses_name_is_refused(repo):
    repo.write("joins/namu.yml", "name: 나무\n")
    repo.commit("남의 가입 신청", author=MALLORY, when="2020-09-10T10:00:00+09:00")
    status, found, _ = check_pr(repo, "mallory")
    assert (status, found) == (1, ["joins/namu.yml: pr-act-for-someone-else"])


def test_a_join_request_must_be_named_after_its_person(repo):
    repo.write(f"joins/{PLACEHOLDER}.yml", "name: 나무\n")
    repo.commit("이름을 안 고친 신청", author=NAMU, when="2020-09-10T10:00:00+09:00")
    assert check_pr(repo, "namu")[1] == [f"joins/{PLACEHOLDER}.yml: {slug}"
                                         for slug in ("bad-join-file", "pr-placeholder-name")]
    assert "기다리는 가입 신청이 없습니다." in members_page(repo)  # the site is built; the file waits for no one
