"""Issue forms become record files (`build.py from-issue`), and every workflow and form is well formed."""

import json
from datetime import date
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_PY, DANDI, ROOT, ArchiveRepo, run
from madang.forms import FORMS, proposal_id

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TEMPLATES = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
TOOLS = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(TOOLS)) or shutil.which(name)
    assert found, f"{name} is installed by `make test` (pyproject.toml test extras)"
    return found


def test_actionlint_passes_on_every_workflow():
    assert {path.name for path in WORKFLOWS} >= {"check.yml", "publish.yml", "form-to-pr.yml", "test.yml"}
    done = subprocess.run([tool("actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_and_issue_forms_follow_their_schemas():
    for schema, files in (("vendor.github-workflows", WORKFLOWS), ("vendor.github-issue-forms", TEMPLATES)):
        done = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_each_form_template_asks_what_from_issue_reads():
    """The template's labels are the headings GitHub writes into the issue: they must match madang.forms."""
    templates = {yaml.safe_load(path.read_text(encoding="utf-8"))["labels"][0]: path for path in TEMPLATES}
    assert set(templates) == {f"madang:{name}" for name in FORMS}
    for name, fields in FORMS.items():
        body = yaml.safe_load(templates[f"madang:{name}"].read_text(encoding="utf-8"))["body"]
        asked = {
            item["attributes"]["label"]: item.get("validations", {}).get("required", False)
            for item in body if item["type"] != "markdown"
        }
        assert asked == {field.label: field.required for field in fields}, name


def issue_event(form: str, answers: dict, *, login="dandi", user_id=4242, number=7) -> dict:
    """An `issues` event as GitHub sends it: the form's answers as `### label` sections."""
    labels = {field.key: field.label for field in FORMS[form]}
    body = "\n\n".join(f"### {labels[key]}\n\n{value if value else '_No response_'}" for key, value in answers.items())
    return {"issue": {
        "number": number, "body": body, "created_at": "2020-09-10T15:30:00Z",
        "user": {"login": login, "id": user_id}, "labels": [{"name": f"madang:{form}"}],
    }}


def from_issue(archive: ArchiveRepo, event: dict, tmp_path) -> subprocess.CompletedProcess:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, str(BUILD_PY), "from-issue", str(archive.path), "--event", str(event_file)],
                          capture_output=True, text=True)
    assert "Traceback" not in done.stderr
    return done


def commit_as_the_workflow_does(archive: ArchiveRepo, login: str, user_id: int, path: str):
    """form-to-pr.yml: a branch, a commit authored by the form's filler, merged as a pull request."""
    archive.branch(f"form/{path.replace('/', '-')}")
    email = f"{user_id}+{login}@users.noreply.github.com"
    archive.commit("양식", author=(login, email), when="2020-09-11T10:00:00+09:00")
    archive.merge_pr(f"form/{path.replace('/', '-')}", 9, "2020-09-11T11:00:00+09:00", user=login)


PROPOSAL = {
    "id": "2020-09-quiet-hours",
    "title": '조용한 시간: "쉿" --- 운영',
    "body": "## 문제\n\n시끄러워요.\n\n---\nname: 가짜 머리말\n",
    "endorse_until": "2020-10-02",
    "tags": "작은도서관, 돌봄",
}


def test_a_proposal_form_becomes_a_proposal_that_counts_as_its_author(archive, tmp_path):
    done = from_issue(archive, issue_event("proposal", PROPOSAL), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "path=proposals/2020-09-quiet-hours/proposal.md", 'title=제안: 조용한 시간: "쉿" --- 운영',
    ]
    commit_as_the_workflow_does(archive, "dandi", 4242, "proposals/2020-09-quiet-hours/proposal.md")
    proposal = run(archive).archive.proposals["2020-09-quiet-hours"]
    assert proposal.title == '조용한 시간: "쉿" --- 운영'
    assert (proposal.proposer, proposal.proposed.isoformat()) == ("dandi", "2020-09-11")  # 00:30 in Seoul
    assert proposal.tags == ("작은도서관", "돌봄") and proposal.endorse_until.isoformat() == "2020-10-02"
    assert "name: 가짜 머리말" in proposal.body


def test_an_opinion_form_takes_the_next_free_number_and_is_verified(archive, tmp_path):
    archive.propose("infant-hours")
    archive.write("proposals/infant-hours/opinions/heidi.1.md", "먼저 쓴 의견\n")
    archive.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    answers = {"kind": "제안", "record": "infant-hours", "body": "좋아요 <script>x</script>", "reply_to": "dandi.1"}
    done = from_issue(archive, issue_event("opinion", answers, login="heidi", user_id=77), tmp_path)
    assert done.returncode == 0, done.stderr
    path = "proposals/infant-hours/opinions/heidi.2.md"
    assert done.stdout.splitlines()[0] == f"path={path}"
    assert (archive.path / path).read_text(encoding="utf-8").startswith("---\nreply_to: dandi.1\n---\n")
    commit_as_the_workflow_does(archive, "heidi", 77, path)
    opinions = run(archive).counts.records[("proposal-opinion", "infant-hours")].acts
    assert {(a.path, a.level) for a in opinions if a.path == path} == {(path, "verified")}


def test_a_meeting_form_becomes_a_meeting_file(archive, tmp_path):
    answers = {"id": "2020-09-22-agenda", "title": "의제 선정 회의", "start": "2020-09-22 19:00", "end": "21:00",
               "place": "은평구립도서관", "online": "", "capacity": "20", "signup_until": "2020-09-20", "body": ""}
    done = from_issue(archive, issue_event("meeting", answers, login="jay"), tmp_path)
    assert done.returncode == 0, done.stderr
    written = (archive.path / "content/meetings/2020-09-22-agenda/index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(written.split("---\n")[1])
    assert front == {"title": "의제 선정 회의", "start": "2020-09-22 19:00", "end": "21:00", "place": "은평구립도서관",
                     "capacity": 20, "signup_until": "2020-09-20"}


@pytest.mark.parametrize("form, answers, message", [
    ("proposal", {**PROPOSAL, "id": "../../etc"}, "영문 소문자"),
    ("proposal", {**PROPOSAL, "endorse_until": "2020-09-31"}, "2020-10-02처럼"),
    ("proposal", {**PROPOSAL, "title": ""}, "'제목' 칸이 비어 있습니다"),
    ("opinion", {"kind": "제안", "record": "no-such-record", "body": "의견", "reply_to": ""}, "no-such-record"),
    ("opinion", {"kind": "뉴스", "record": "x", "body": "의견", "reply_to": ""}, "의견을 남길 곳"),
])
def test_a_form_that_cannot_become_a_file_says_why_and_writes_nothing(archive, tmp_path, form, answers, message):
    before = sorted(p.relative_to(archive.path) for p in archive.path.rglob("*") if ".git" not in p.parts)
    done = from_issue(archive, issue_event(form, answers), tmp_path)
    assert done.returncode == 1 and message in done.stderr
    assert sorted(p.relative_to(archive.path) for p in archive.path.rglob("*") if ".git" not in p.parts) == before


def test_an_existing_record_is_never_overwritten(archive, tmp_path):
    archive.propose("2020-09-quiet-hours", title="먼저 있던 제안")
    done = from_issue(archive, issue_event("proposal", PROPOSAL), tmp_path)
    assert done.returncode == 1 and "이미 있습니다" in done.stderr
    assert "먼저 있던 제안" in (archive.path / "proposals/2020-09-quiet-hours/proposal.md").read_text(encoding="utf-8")


def test_an_issue_without_a_madang_form_is_refused(archive, tmp_path):
    event = issue_event("proposal", PROPOSAL)
    event["issue"]["labels"] = [{"name": "bug"}]
    done = from_issue(archive, event, tmp_path)
    assert done.returncode == 1 and "madang" in done.stderr


def test_a_proposal_form_without_a_name_or_deadline_gets_both(archive, tmp_path):
    """The id is made from the day and the title (forms.proposal_id); the window is `endorse_days` (default 30)."""
    answers = {**PROPOSAL, "id": "", "endorse_until": "", "title": "유아 전용 시간"}
    done = from_issue(archive, issue_event("proposal", answers), tmp_path)
    assert done.returncode == 0, done.stderr
    path = f"proposals/{proposal_id('유아 전용 시간', date(2020, 9, 11))}/proposal.md"
    assert done.stdout.splitlines()[0] == f"path={path}" and path == "proposals/2020-09-11-669787/proposal.md"
    commit_as_the_workflow_does(archive, "dandi", 4242, path)
    proposal = run(archive).archive.proposals["2020-09-11-669787"]
    assert (proposal.proposed.isoformat(), proposal.endorse_until.isoformat()) == ("2020-09-11", "2020-10-11")
