"""The built site, through the real command line: `python build.py build ARCHIVE -d SITE`."""

import json
import os
import re
import subprocess
import sys

import pytest

from madang.constants import REASONS
from conftest import (
    BUILD_PY, DANDI, HEIDI, JAY, MALLORY, MINIMAL_MKDOCS, MINNI, ROOT, ArchiveRepo, git,
)

A = "2020-09-infant-hours"
B = "2020-09-reservation"
A_TITLE = "유아들만 이용할 수 있는 작은도서관"
B_TITLE = "도서 예약 서비스"
SOURCE_DATE_EPOCH = "1602288000"  # 2020-10-10 09:00 KST, after both deadlines
pytestmark = pytest.mark.usefixtures("fixed_today")
SHA = re.compile(r"^[0-9a-f]{40}$")


def build(archive, site, cwd):
    """Run the command line in `cwd`; fail with its output if it fails."""
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(archive), "-d", str(site)],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def section(page, heading_id, next_id=None):
    """The HTML from a heading (by its anchor id) to the next one named."""
    start = page.index(f'id="{heading_id}"')
    end = page.index(f'id="{next_id}"', start) if next_id else len(page)
    return page[start:end]


def listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


class Built:
    def __init__(self, repo, site, shas, content_before, content_after):
        self.repo = repo
        self.site = site
        self.shas = shas
        self.content_before = content_before
        self.content_after = content_after

    def html(self, path):
        return (self.site / path).read_text(encoding="utf-8")

    def proposals(self):
        return {p["id"]: p for p in json.loads(self.html("data/proposals.json"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two proposals with counted, unverified and late endorsements, built once for this module."""
    base = tmp_path_factory.mktemp("site")
    repo = ArchiveRepo.create(base / "archive", mkdocs=MINIMAL_MKDOCS + "repo_url: https://github.com/o/r\n")
    repo.write("content/about.md", "# 소개\n\n이 아카이브에 대하여.\n")
    repo.commit("About page", author=JAY, when="2020-09-01T11:00:00+09:00")
    repo.propose(A, title=A_TITLE, proposer="dandi", endorse_until="2020-10-02",
                 body="## 제안 배경\n\n눈치 보여요.\n\n## 제안내용\n\n유아 이용 시간을 정해요.\n")
    repo.propose(B, title=B_TITLE, proposer="minni", endorse_until="2020-10-02")
    repo.commit("Propose two experiments", author=DANDI, when="2020-09-02T10:00:00+09:00")
    shas = {}
    repo.branch("heidi-endorses")
    repo.endorse(A, "heidi", "comment: 정말 필요해요\n")
    shas["heidi"] = repo.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    repo.merge_pr("heidi-endorses", 3, "2020-09-20T15:00:00+09:00")
    repo.branch("minni-endorses")
    repo.endorse(A, "minni")
    repo.commit("공감", author=MINNI, when="2020-09-24T10:00:00+09:00")
    shas["minni"] = repo.squash_pr("minni-endorses", 4, MINNI, "2020-09-25T10:00:00+09:00")
    repo.endorse(A, "namu")
    shas["namu"] = repo.commit("공감", author=MALLORY, when="2020-09-26T10:00:00+09:00")
    repo.branch("dandi-endorses")
    repo.endorse(A, "dandi")
    shas["dandi"] = repo.commit("공감", author=DANDI, when="2020-10-01T10:00:00+09:00")
    repo.merge_pr("dandi-endorses", 5, "2020-10-05T10:00:00+09:00", user="dandi")
    content_before = listing(repo.path / "content")
    site = base / "out"
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    build(repo.path, site, cwd=elsewhere)
    return Built(repo, site, shas, content_before, listing(repo.path / "content"))


def test_a_page_per_proposal(built):
    assert (built.site / "proposals" / A / "index.html").is_file()
    assert (built.site / "proposals" / B / "index.html").is_file()


def test_proposal_page_shows_title_proposer_and_count(built):
    page = built.html(f"proposals/{A}/index.html")
    assert A_TITLE in page
    assert "단디 (@dandi)" in page
    assert "<strong>2명</strong>" in page


def test_proposal_page_lists_counted_endorsers_before_the_audit(built):
    page = built.html(f"proposals/{A}/index.html")
    endorsers, audit = section(page, "공감한-사람", "집계-내역"), section(page, "집계-내역")
    assert "김하이디 (@heidi)" in endorsers
    assert "민니 (@minni)" in endorsers
    assert "정말 필요해요" in endorsers
    assert "@namu" not in endorsers
    assert "@heidi" not in audit


def test_audit_lists_uncounted_acts_with_korean_reasons(built):
    audit = section(built.html(f"proposals/{A}/index.html"), "집계-내역")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr>\s*<td[^>]*>@(\w+)</td>.*?</tr>", audit, re.S)}
    assert set(rows) == {"namu", "dandi"}
    assert REASONS["unverified"] in rows["namu"]
    assert REASONS["late"] in rows["dandi"]


def test_pr_and_commit_link_to_the_forge(built):
    page = built.html(f"proposals/{A}/index.html")
    assert 'href="https://github.com/o/r/pull/3"' in page
    assert 'href="https://github.com/o/r/pull/4"' in page
    assert 'href="https://github.com/o/r/pull/5"' in page  # the late one, in the audit
    assert f'href="https://github.com/o/r/commit/{built.shas["heidi"]}"' in page


def test_korean_heading_gets_a_hangul_anchor(built):
    page = built.html(f"proposals/{A}/index.html")
    assert 'id="제안-배경"' in page


def test_proposals_index_lists_every_proposal(built):
    index = built.html("proposals/index.html")
    assert A_TITLE in index and B_TITLE in index
    assert f'href="{A}/"' in index and f'href="{B}/"' in index


def test_record_pages_are_not_in_the_navigation(built):
    for page in ("process/index.html", "about/index.html"):
        html = built.html(page)
        assert 'href="../proposals/"' in html, f"{page} should show the 제안 tab"
        assert A not in html and B not in html, f"{page} links to a record page"


def test_open_data_json(built):
    proposals = built.proposals()
    assert set(proposals) == {A, B}
    a = proposals[A]
    assert (a["title"], a["endorsements"]) == (A_TITLE, 2)
    assert proposals[B]["endorsements"] == 0 and proposals[B]["acts"] == []
    acts = {x["handle"]: x for x in a["acts"]}
    assert set(acts) == {"heidi", "minni", "namu", "dandi"}
    assert {h: (x["counted"], x["reason"]) for h, x in acts.items()} == {
        "heidi": (True, None), "minni": (True, None), "namu": (False, "unverified"), "dandi": (False, "late"),
    }
    assert {h: x["commit"] for h, x in acts.items()} == built.shas
    assert all(SHA.match(x["commit"]) for x in acts.values())
    assert {h: x["pr"] for h, x in acts.items()} == {"heidi": 3, "minni": 4, "namu": None, "dandi": 5}
    assert acts["heidi"]["landed"] == "2020-09-20T15:00:00+09:00"
    assert acts["dandi"]["landed"] == "2020-10-05T10:00:00+09:00"


def test_nothing_is_written_into_content(built):
    assert built.content_after == built.content_before == ["about.md", "index.md"]


def test_minimal_mkdocs_yml_builds_from_another_directory(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", members=None)
    repo.propose(A, title=A_TITLE)
    repo.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse(A, "heidi")
    repo.commit("공감", author=("하이디", "1+heidi@users.noreply.github.com"), when="2020-09-20T10:00:00+09:00")
    assert (repo.path / "mkdocs.yml").read_text(encoding="utf-8") == MINIMAL_MKDOCS
    build("archive", tmp_path / "out", cwd=tmp_path)  # relative to cwd, which is not the archive
    page = (tmp_path / "out" / "proposals" / A / "index.html").read_text(encoding="utf-8")
    assert A_TITLE in page and "<strong>1명</strong>" in page
    endorsers = section(page, "공감한-사람", "집계-내역")
    assert "<code>" + repo.sha()[:7] + "</code>" in endorsers  # the commit, unlinked: no repo_url
    assert "PR #" not in endorsers and "href=\"http" not in endorsers
    assert not (repo.path / "site").exists()


def test_the_repository_sample_archive_builds(tmp_path):
    if git(ROOT, "rev-parse", "--is-shallow-repository") == "true":
        pytest.skip("the repository is a shallow clone; run 'git fetch --unshallow' to build its sample archive")
    build(ROOT, tmp_path / "site", cwd=tmp_path)
    folders = sorted(p.name for p in (ROOT / "proposals").iterdir() if p.is_dir())
    assert folders
    for folder in folders:
        assert (tmp_path / "site" / "proposals" / folder / "index.html").is_file(), folder
    data = json.loads((tmp_path / "site" / "data" / "proposals.json").read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in data) == folders


HOSTILE = "<script>alert(1)</script> *별* `코드` [링크](javascript:x)"


def test_endorser_and_voter_lists_are_inert_html_linking_to_the_forge(tmp_path):
    """Those lists are raw HTML (format.act_list): what people wrote stays text, Markdown included."""
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS + "repo_url: https://github.com/o/r\n")
    repo.propose(A, title=A_TITLE)
    repo.open_poll("vote", other=True)
    repo.commit("제안과 투표", author=JAY, when="2020-09-02T10:00:00+09:00")
    repo.endorse(A, "heidi", f"comment: '{HOSTILE}'\n")
    repo.vote("vote", "heidi", other=f"'{HOSTILE}'")
    sha = repo.commit("공감과 표", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    build(repo.path, tmp_path / "site", cwd=tmp_path)
    endorsers = section((tmp_path / "site" / "proposals" / A / "index.html").read_text(encoding="utf-8"),
                        "공감한-사람", "집계-내역")
    voters = section((tmp_path / "site" / "polls" / "vote" / "index.html").read_text(encoding="utf-8"),
                     "투표한-사람")
    inert = "&lt;script&gt;alert(1)&lt;/script&gt; *별* `코드` [링크](javascript:x)"
    for listed in (endorsers, voters):
        assert inert in listed and "<script>alert" not in listed and "\\*" not in listed
        assert f'<a href="https://github.com/o/r/commit/{sha}">기록</a>' in listed
        assert "김하이디 (@heidi)" in listed
