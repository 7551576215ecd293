"""The allow-list (madang/permissions.py), walked: every rule × role × change on real git branches,
its documentation, record ids that would replace a generated page, and links at record paths.

One base repository per module holds a file of every rule; each (rule, change) is one cheap branch
off it, judged by `review` for each role as `check --pr-author` does (changed_files, load, validate).
"""

import os
import re
from datetime import date

import pytest

from conftest import HEIDI, JAY, ROOT, ArchiveRepo
from test_review import check_pr, commit, repo  # noqa: F401 (fixture)

from madang import permissions
from madang.history import changed_files
from madang.load import load
from madang.review import Side, review
from madang.validate import validate

TODAY = date(2020, 9, 13)
ROLES = {"owner": "dandi", "member": "heidi", "stranger": "stranger", "maintainer": "jay"}
PROPOSAL = "---\ntitle: 시험 제안\nproposer: dandi\nproposed: 2020-09-02\nendorse_until: 2020-10-02\n---\n본문\n"
POLL = "question: 이름\nauthor: dandi\nopened: 2020-09-01\noptions:\n  - {id: a, label: 가}\n  - {id: b, label: 나}\n"
MEETING = "---\ntitle: 모임\nstart: 2020-09-20 19:00\nend: 2020-09-20 21:00\nplace: 도서관\n---\n본문\n"
EXPERIMENT = "---\ntitle: 실험\nstatus: planned\n---\n본문\n"
NEWS = "---\ntitle: 소식\ndate: 2020-09-03\nauthor: heidi\n---\n본문\n"
ANSWER = "---\nby: jay\ndate: 2020-09-10\nstate: reviewing\n---\n검토하고 있습니다.\n"
MODERATION = "target: proposals/a/proposal.md\naction: hide\nreason: 개인정보\ndate: 2020-09-10\nby: jay\n"
JURY = "title: 배심원\nseats: 2\napply_until: 2020-09-30\nseed: {source: lottery, date: 2020-10-02}\n"
RECORDS = {  # (folder, record file, text) of each record kind: two records each, `a` and `b`
    "proposal": ("proposals", "proposal.md", PROPOSAL),
    "poll": ("polls", "poll.yml", POLL),
    "meeting": ("content/meetings", "index.md", MEETING),
    "experiment": ("content/experiments", "index.md", EXPERIMENT),
    "jury": ("juries", "jury.yml", JURY),
}


def samples(rule) -> tuple[str, str, str]:
    """(a path of `rule` present at the base, a new path of `rule` to add, the text either holds)."""
    if rule.name == "join":  # one request per person: the new one is dandi's too, in capitals
        return "joins/dandi.yml", "joins/DANDI.yml", "name: 단디\n"
    if rule.act_kind:
        folder, acts = RECORDS[rule.record_kind][0], permissions.ACT_LAYOUT[rule.act_kind][1]
        name = "dandi.1.md" if rule.act_kind.endswith("-opinion") else "dandi.yml"
        text = "본문\n" if name.endswith(".md") else "comment: 처음\n"
        return f"{folder}/a/{acts}/{name}", f"{folder}/b/{acts}/{name}", text
    if rule.record_kind == "news":
        return "content/news/2020-09-03.md", "content/news/2020-09-04.md", NEWS
    if rule.record_kind:
        folder, record_file, text = RECORDS[rule.record_kind]
        return f"{folder}/a/{record_file}", f"{folder}/c/{record_file}", text
    return {
        "generated-output": ("site/index.html", "site/other.html", "<p>x</p>\n"),
        "meeting-assets": ("content/meetings/a/photo.png", "content/meetings/a/map.pdf", "png\n"),
        "experiment-assets": ("content/experiments/a/photo.png", "content/experiments/a/map.pdf", "png\n"),
        "jury-plan": ("juries/a/plan.json", "juries/b/plan.json", "{}\n"),
        "record-folder-other": ("proposals/a/notes.txt", "polls/a/notes.txt", "메모\n"),
        "proposal-answer": ("proposals/a/answers/1.md", "proposals/b/answers/1.md", ANSWER),
        "moderation": ("moderation/1.yml", "moderation/2.yml", MODERATION),
        "members": ("members.yml", None, None),
        "settings": ("mkdocs.yml", None, None),
        "pages": ("content/about.md", "content/assets/javascripts/bundle.js", "# 소개\n"),
        "workflows": (".github/workflows/check.yml", ".github/workflows/evil.yml", "on: push\n"),
        "code-and-tests": ("tools/x.py", "git.py", "x = 1\n"),
        "everything-else": ("LICENSE", "NOTICE", "CC0\n"),
    }[rule.name]


CASES = [(rule.name, role, change) for rule in permissions.RULES for role in ROLES for change in "AMDT"
         if not (change == "A" and samples(rule)[1] is None)]  # members.yml and mkdocs.yml always exist

EXPECTED = {  # by hand, so that a wrong table fails: (rule, role, change) -> allowed
    ("generated-output", "maintainer", "A"): False,
    ("proposal-endorsements", "owner", "A"): True,
    ("proposal-endorsements", "maintainer", "A"): False,  # in someone's name, not from paper
    ("jury-applicants", "stranger", "M"): False,
    ("join", "owner", "A"): True,
    ("join", "stranger", "A"): False,  # a request in someone else's name
    ("join", "owner", "D"): False,
    ("join", "maintainer", "D"): True,  # approved: the person is in members.yml now
    ("proposal", "owner", "M"): True,
    ("proposal", "owner", "D"): False,
    ("proposal", "member", "M"): False,
    ("proposal", "maintainer", "D"): True,
    ("proposal", "owner", "T"): False,
    ("poll", "stranger", "A"): False,  # the new poll names dandi as its author
    ("meeting", "member", "A"): True,
    ("proposal-answer", "member", "A"): False,  # an answer is an answerer's (test_answers.py) or a maintainer's
    ("proposal-answer", "owner", "M"): False,  # the proposer does not answer their own proposal
    ("proposal-answer", "maintainer", "A"): True,
    ("proposal-answer", "maintainer", "D"): True,
    ("moderation", "member", "A"): False,  # the log is the maintainers' public account of what they did
    ("moderation", "maintainer", "A"): True,
    ("meeting", "stranger", "M"): False,
    ("meeting-assets", "member", "A"): True,
    ("jury", "member", "M"): False,  # a jury's seed and quotas choose who is drawn
    ("jury", "maintainer", "M"): True,
    ("jury-plan", "member", "A"): False,  # the lottery's plan is the maintainers', before the seed's day
    ("jury-plan", "maintainer", "M"): True,
    ("record-folder-other", "maintainer", "A"): False,
    ("pages", "member", "A"): False,  # a replacement of Material's JavaScript
    ("members", "member", "M"): False,
    ("settings", "maintainer", "M"): True,
    ("code-and-tests", "owner", "A"): False,  # a top-level git.py
    ("code-and-tests", "maintainer", "T"): True,
    ("everything-else", "stranger", "A"): False,
}


def expected(rule_name: str, role: str, change: str) -> bool:
    """What the table says; a type change (to a symlink) is a change, refused at record paths and for non-maintainers."""
    rule = next(rule for rule in permissions.RULES if rule.name == rule_name)
    roles = rule.roles_of(owner=role == "owner", member=role != "stranger", maintainer=role == "maintainer")
    if change == "T":
        in_records = samples(rule)[0].startswith(permissions.RECORD_FOLDERS)
        return not in_records and role == "maintainer" and rule.allows("M", roles)
    return rule.allows(change, roles)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A repository whose main holds a file of every rule; (repo, the base Side, heads judged so far)."""
    repo = ArchiveRepo.create(tmp_path_factory.mktemp("walk") / "archive")
    for folder, record_file, text in RECORDS.values():
        for record_id in "ab":
            repo.write(f"{folder}/{record_id}/{record_file}", text)
    for rule in permissions.RULES:
        path, _, text = samples(rule)
        if text is not None:
            repo.write(path, text)
    repo.commit("기준", author=JAY, when="2020-09-02T10:00:00+09:00")
    files = load(repo.path)
    return repo, Side(files, validate(files)[0]), {}


def make_change(repo: ArchiveRepo, rule, change: str) -> str:
    """Make the change on a fresh branch off main and commit it; the path it touched."""
    path, new_path, text = samples(rule)
    repo.git("checkout", "-q", "-B", f"walk-{rule.name}-{change}", "main")
    target = repo.path / path
    if change == "A":
        path = new_path
        repo.write(path, text)
    elif change == "M":
        repo.write(path, target.read_text(encoding="utf-8") + ("# 고침\n" if path.endswith((".yml", ".py")) else "\n고침\n"))
    elif change == "D":
        target.unlink()
    else:
        target.unlink()
        os.symlink("/etc/hostname", target)
    repo.commit("pull request", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    return path


def refusals(base, rule, change: str, handle: str) -> tuple[str, list]:
    """The path changed and the errors `review` gives `handle` for it."""
    repo, base_side, heads = base
    if (rule.name, change) not in heads:
        path = make_change(repo, rule, change)
        files = load(repo.path)
        heads[(rule.name, change)] = path, changed_files(repo.path, "main"), Side(files, validate(files)[0])
    path, changes, head = heads[(rule.name, change)]
    assert [c.path for c in changes] == [path]
    problems = review(changes, base_side, head, handle, TODAY)
    return path, [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("rule_name, role, change", CASES)
def test_every_rule_role_and_change_gets_what_the_table_says(base, rule_name, role, change):
    allowed = expected(rule_name, role, change)
    assert EXPECTED.get((rule_name, role, change), allowed) == allowed, "the table disagrees with the hand-written rule"
    rule = next(rule for rule in permissions.RULES if rule.name == rule_name)
    path, refused = refusals(base, rule, change, ROLES[role])
    assert (not refused) == allowed, [str(p) for p in refused]
    assert all(p.path == path and f"[rule {rule_name}]" in str(p) for p in refused), [str(p) for p in refused]


def test_every_rule_is_walked_and_its_sample_is_its_own():
    for rule in permissions.RULES:
        for path in samples(rule)[:2]:
            assert path is None or permissions.rule_for(path) is rule, (rule.name, path)


# --- the documentation is the table ---------------------------------------------------------------

MARKED = re.compile(r"<!-- permissions:start \(madang\.permissions\.as_markdown\) -->\n(.*?)<!-- permissions:end -->",
                    re.S)


@pytest.mark.parametrize("document", ["README.md", "docs/permissions.md"])
def test_the_maintainers_documentation_shows_exactly_the_table(document):
    shown = MARKED.findall((ROOT / document).read_text(encoding="utf-8"))
    assert shown == [permissions.as_markdown()], f"{document}: paste madang.permissions.as_markdown() between the markers"


def test_the_readme_links_the_permissions_page():
    assert "(docs/permissions.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- attacks the table answers ----------------------------------------------------------------------

def test_a_member_may_not_rewrite_a_jurys_seed_and_no_one_after_the_roster_froze(repo):
    repo.write("juries/forum/jury.yml", "title: 배심원\nseats: 2\napply_until: 2020-09-08\n"
               "seed: {source: lottery, date: 2020-09-09, numbers: '1 2 3'}\n")
    commit(repo, JAY)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "pr")
    repo.branch("reseed")
    repo.write("juries/forum/jury.yml", "title: 배심원\nseats: 2\napply_until: 2020-09-08\n"
               "seed: {source: lottery, date: 2020-09-09, numbers: '4 5 6'}\n")
    commit(repo, HEIDI)
    status, found, output = check_pr(repo, "heidi")
    assert status == 1 and "juries/forum/jury.yml: pr-maintainers-only" in found
    status, found, output = check_pr(repo, "jay")
    assert status == 1 and found == ["juries/forum/jury.yml: pr-frozen-field"]
    assert "juries/forum/jury.yml:4: 오류[pr-frozen-field] 마감이 지나 'seed'" in output


@pytest.mark.parametrize("path", ["content/meetings/m/evil.html", "content/assets/javascripts/bundle.js",
                                  "content/news/index.md", "proposals/infant-hours/notes.txt"])
def test_the_team_writes_records_and_pictures_but_not_pages_or_scripts(repo, path):
    repo.write(path, "<script>alert(1)</script>\n")
    commit(repo, HEIDI)
    status, found, _ = check_pr(repo, "heidi")
    assert status == 1 and any(f.startswith(f"{path}: pr-") for f in found), found


@pytest.mark.parametrize("record_id", ["open", "popular", "selected", "index", "index-2", "tags", "atom"])
def test_a_proposal_named_after_a_generated_page_is_refused_for_everyone(repo, record_id):
    repo.propose(record_id, proposer="jay")
    commit(repo, JAY)
    status, found, output = check_pr(repo, "jay")
    assert status == 1 and found == [f"proposals/{record_id}/proposal.md: reserved-id"]
    assert f"proposals/{record_id}/proposal.md:1: 오류[reserved-id] '{record_id}'" in output


def test_ids_of_every_board_that_would_replace_a_page_are_refused(archive):
    archive.write("polls/index/poll.yml", POLL)
    archive.write("content/news/atom.md", NEWS)
    archive.write("content/meetings/index-3/index.md", MEETING)
    archive.write("juries/index/jury.yml", JURY)
    archive.commit("기록", author=JAY)
    files = load(archive.path)
    found = sorted(d.path for d in validate(files)[1] if d.slug == "reserved-id")
    assert found == ["content/meetings/index-3/index.md", "content/news/atom.md", "juries/index/jury.yml",
                     "polls/index/poll.yml"]


def test_a_record_or_act_that_is_a_symlink_is_refused_by_check_for_everyone(archive):
    archive.propose("real", proposer="jay")
    archive.endorse("real", "jay")
    archive.propose("other", proposer="dandi")
    os.symlink("real", archive.path / "proposals" / "by-jay")
    (archive.path / "proposals/other/endorsements").mkdir()
    os.symlink("../../real/endorsements/jay.yml", archive.path / "proposals/other/endorsements/dandi.yml")
    (archive.path / "polls/p").mkdir(parents=True)
    archive.write("content/poll.yml", POLL)
    os.symlink("../../content/poll.yml", archive.path / "polls/p/poll.yml")
    archive.commit("링크", author=JAY)
    files = load(archive.path)
    archive_records, diagnostics = validate(files)
    linked = sorted(d.path for d in diagnostics if d.slug == "record-symlink")
    assert linked == ["polls/p/poll.yml", "proposals/by-jay", "proposals/other/endorsements/dandi.yml"]
    assert set(archive_records.proposals) == {"real", "other"}
    assert "p" not in archive_records.polls and all(a.path.startswith("proposals/real/") for a in archive_records.acts)

