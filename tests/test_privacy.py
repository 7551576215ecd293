"""Privacy by default where the archive publishes people: on a jury's page an applicant's strata are shown
only where their application's `public:` lists them (the quotas show how many applied per category, and the
roster digest, the draw's proof, is the same whatever they chose to show); a member entry of members.yml
shows its name and roles only where its `public:` lists them, in every output, and the member may change
that choice, and nothing else of members.yml, in a pull request."""

import json
import subprocess
import sys

import pytest

from madang.load import load
from madang.validate import validate
from conftest import BUILD_PY, DANDI, HEIDI, JAY, ArchiveRepo, run
from test_review import check_pr

pytestmark = pytest.mark.usefixtures("fixed_today")

JURY = ("title: 시민배심원\nseats: 2\napply_until: 2020-09-18\nquotas:\n  gender: {여성: 1, 남성: 1}\n"
        'seed: {source: lottery, date: 2020-09-19, numbers: "3 11 19"}\n')


def archive_with(tmp_path, heidi_public: str) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", JURY)
    repo.write("juries/forum/applicants/heidi.yml",
               f"age_band: 40대\ngender: 여성\nregion: 불광동\nsource: offline\n{heidi_public}")
    repo.write("juries/forum/applicants/dandi.yml", "age_band: 20-30대\ngender: 남성\nregion: 응암동\nsource: offline\n")
    repo.commit("신청 옮겨 적기", author=JAY, when="2020-09-15T10:00:00+09:00")
    return repo


def page_of(repo) -> str:
    return {f.path: f.content for f in run(repo).files}["juries/forum.md"]


def test_only_what_an_applicant_agreed_to_publish_is_shown_and_the_draw_stays_checkable(tmp_path):
    page = page_of(archive_with(tmp_path / "a", "public: [region]\n"))
    assert "| @heidi | 비공개 · 비공개 · 불광동 |" in page or "@heidi — 비공개 · 비공개 · 불광동" in page
    assert "40대" not in page.split("## 명단과 추첨 순서")[1]
    assert "@dandi — 비공개 · 비공개 · 비공개" in page  # no `public:`: nothing shown
    assert "- 성별: 여성 1명 (1) · 남성 1명 (1)" in page  # strata as counts
    everything = page_of(archive_with(tmp_path / "b", "public: [age_band, gender, region]\n"))
    assert "@heidi — 40대 · 여성 · 불광동" in everything
    digest = lambda text: text.split("명단 요약값(sha256): <code>")[1][:64]  # noqa: E731
    assert digest(page) == digest(everything)


def test_the_application_form_says_what_will_be_public_and_a_wrong_public_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1599696000")  # 2020-09-10: applications open
    repo = archive_with(tmp_path, "public: [phone]\n")
    page = page_of(repo)
    assert "신청서의 `public:`에 적은 항목만 보입니다" in page
    assert "public: []" in page
    found = [(d.path, d.slug) for d in validate(load(repo.path))[1]]
    assert found == [("juries/forum/applicants/heidi.yml", "bad-value")]


# --- members.yml: `public: [name, roles]`, private by default ---------------------------------------

PRIVATE_MEMBERS = """\
jay:
  name: Jay
  emails: [jay@example.org]
  roles: [maintainer]
  public: [name, roles]
heidi:
  name: 김하이디
  emails: [heidi@example.org]
  roles: [citizen, answerer]
dandi:
  name: 단디네
  emails: [dandi@example.org]
  roles: [proposer]
  public: [name]
"""


def members_archive(tmp_path, members: str = PRIVATE_MEMBERS) -> ArchiveRepo:
    """heidi published nothing, dandi only a name: heidi proposes, dandi endorses, heidi answers."""
    repo = ArchiveRepo.create(tmp_path / "archive", members=members)
    repo.propose("2020-09-hours", title="운영 시간을 늘려 주세요", proposer="heidi")
    repo.commit("제안", author=HEIDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse("2020-09-hours", "dandi")
    repo.commit("공감", author=DANDI, when="2020-09-03T10:00:00+09:00")
    repo.write("proposals/2020-09-hours/answers/1.md",
               "---\nby: heidi\ndate: 2020-09-04\nstate: reviewing\n---\n검토하겠습니다.\n")
    repo.commit("답변", author=HEIDI, when="2020-09-04T10:00:00+09:00")
    return repo


def test_a_member_entry_shows_only_what_the_person_agreed_to_publish_in_every_output(tmp_path):
    outputs = {f.path: f.content for f in run(members_archive(tmp_path)).files}
    everything = "\n".join(outputs.values())
    assert "김하이디" not in everything  # her name, in no page, data file or feed
    assert "@heidi" in outputs["proposals/2020-09-hours.md"]  # her acts stay public by handle
    members = outputs["members.md"]
    assert "### @heidi\n\n역할: 비공개" in members
    assert "### 단디네 (@dandi)\n\n역할: 비공개" in members and "시민 제안가" not in members
    assert "### Jay (@jay)\n\n역할: 운영자" in members
    rows = {row["handle"]: row for row in json.loads(outputs["data/members.json"])}
    assert rows["heidi"] == {"handle": "heidi", "name": "heidi", "roles": [], "public": []}
    assert rows["dandi"] == {"handle": "dandi", "name": "단디네", "roles": [], "public": ["name"]}
    assert rows["jay"]["roles"] == ["maintainer"]
    assert "단디네" in outputs["data/members.csv"] and "answerer" not in outputs["data/members.csv"]


def test_a_wrong_public_in_members_yml_is_reported_at_its_line_in_both_languages(tmp_path):
    repo = members_archive(tmp_path, PRIVATE_MEMBERS.replace("  public: [name]\n", "  public: [name, emails]\n"))
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", str(repo.path)], capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "members.yml:14:" in done.stdout and "'emails'" in done.stdout
    assert "허용되지 않습니다" in done.stdout and "is not allowed" in done.stdout


def member_pull_request(tmp_path, edit) -> tuple[int, list[str], str]:
    """dandi opens a pull request whose members.yml is `edit(members.yml)`."""
    repo = members_archive(tmp_path)
    repo.branch("pr")
    repo.write("members.yml", edit((repo.path / "members.yml").read_text(encoding="utf-8")))
    repo.commit("공개 항목", author=DANDI, when="2020-09-05T10:00:00+09:00")
    return check_pr(repo, "dandi")


def test_a_member_may_change_their_own_public_and_nothing_else_of_members_yml(tmp_path):
    own = lambda text: text.replace("  public: [name]\n", "  public: [name, roles]\n")  # noqa: E731
    assert member_pull_request(tmp_path / "own", own)[:2] == (0, [])
    withdrawn = lambda text: text.replace("  public: [name]\n", "")  # noqa: E731
    assert member_pull_request(tmp_path / "withdrawn", withdrawn)[:2] == (0, [])
    refused = (1, ["members.yml: pr-members-file"])
    promoted = lambda text: own(text).replace("roles: [proposer]", "roles: [proposer, maintainer]")  # noqa: E731
    assert member_pull_request(tmp_path / "promoted", promoted)[:2] == refused
    others = lambda text: text.replace("  roles: [citizen, answerer]\n", "  roles: [citizen, answerer]\n  public: [name]\n")  # noqa: E731
    assert member_pull_request(tmp_path / "others", others)[:2] == refused
