"""A record with thousands of acts keeps a small page: its long lists get pages of their own.

A public letter signed by thousands of people by pull request made a 1 MB
proposal page. Every list that grows with a record's acts (who endorsed, voted
or signed up, what was not counted, a jury's roster) shows its first rows on
the record's page and every row on its own paged listing; a small record's page
is as it always was; the open data keeps every act.
"""

import json
import os
import re
import subprocess
import sys
from urllib.parse import urljoin

import pytest

from madang.render.actlists import PREVIEW, ROWS_PER_PAGE
from madang.render.opinions import THREAD_PREVIEW, THREADS_PER_PAGE
from conftest import BUILD_PY, JAY, MALLORY, ArchiveRepo, run

pytestmark = pytest.mark.usefixtures("fixed_today")

P = "letter"
LANDED = "2020-09-10T10:00:00+09:00"


def handles(number: int, prefix: str = "p") -> list[str]:
    """p0000, p0001 …: file-name order is number order."""
    return [f"{prefix}{i:04}" for i in range(number)]


def add_acts(repo, folder: str, people, text: str = "source: offline\n", *, author=JAY, when=LANDED):
    """One commit adding an act file per person: by the maintainer with `source: offline` they count
    (attested); by anyone else for others they do not (unverified)."""
    for handle in people:
        repo.write(f"{folder}/{handle}.yml", text)
    return repo.commit(f"{len(people)}명 옮겨 적기", author=author, when=when)


def pages_of(result) -> dict[str, str]:
    return {f.path: f.content for f in result.files}


def listing(files, first: str) -> list[str]:
    """first.md, first-2.md … as generated, in order."""
    found, number = [], 1
    while (path := first if number == 1 else f"{first[:-3]}-{number}.md") in files:
        found.append(files[path])
        number += 1
    return found


def counted_rows(page: str) -> list[str]:
    return re.findall(r'^<li>@(p\d+) · ', page, re.M)


def audit_rows(page: str) -> list[str]:
    return re.findall(r"^\| @([\w-]+) \|", page, re.M)


@pytest.fixture
def letter(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose(P, title="작은도서관을 지키는 공개 서한", endorse_until="2020-10-02")
    repo.commit("공개 서한", author=JAY, when="2020-09-02T10:00:00+09:00")
    return repo


def test_a_small_record_keeps_every_act_on_its_page(letter):
    add_acts(letter, f"proposals/{P}/endorsements", handles(ROWS_PER_PAGE))
    add_acts(letter, f"proposals/{P}/endorsements", handles(3, "q"), author=MALLORY)
    files = pages_of(run(letter))
    page = files[f"proposals/{P}.md"]
    assert len(counted_rows(page)) == ROWS_PER_PAGE and audit_rows(page) == ["q0000", "q0001", "q0002"]
    assert "전체 보기" not in page and "| 사유 | 건수 |" not in page
    assert not [path for path in files if path.startswith(f"proposals/{P}/")]


def test_long_lists_show_their_first_rows_and_page_through_every_act(letter):
    counted, others = handles(2 * ROWS_PER_PAGE + 5), handles(ROWS_PER_PAGE + 3, "q")
    add_acts(letter, f"proposals/{P}/endorsements", counted)
    add_acts(letter, f"proposals/{P}/endorsements", others, author=MALLORY)
    letter.endorse(P, "z-late", "source: offline\n")
    letter.commit("늦은 공감", author=JAY, when="2020-10-05T10:00:00+09:00")
    files = pages_of(run(letter))
    page = files[f"proposals/{P}.md"]

    assert counted_rows(page) == counted[:PREVIEW]
    assert f"**[공감한 사람 전체 보기 ({len(counted)}명, 3쪽)]({P}/endorsers.md)**" in page
    endorsers = listing(files, f"proposals/{P}/endorsers.md")
    assert [counted_rows(p) for p in endorsers] == [counted[:100], counted[100:200], counted[200:]]
    assert f"[← 작은도서관을 지키는 공개 서한](../{P}.md) · {len(counted)}명 가운데 101–200" in endorsers[1]
    assert "[다음 ›](endorsers-3.md)" in endorsers[1] and "[‹ 이전](endorsers.md)" in endorsers[1]
    assert f"[2쪽]({P}/endorsers-2.md) @p0100–@p0199" in page

    missing = [*others, "z-late"]
    assert audit_rows(page) == missing[:PREVIEW]
    assert "| 작성자가 본인임을 확인할 수 없음 | 103건 |" in page and "| 마감 뒤에 반영됨 | 1건 |" in page
    audit = listing(files, f"proposals/{P}/not-counted.md")
    assert [row for p in audit for row in audit_rows(p)] == missing and len(audit) == 2


def test_the_listings_escape_what_people_wrote(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose(P, title='<script>alert(1)</script> [링크](javascript:x) "따옴표"')
    repo.commit("제안", author=JAY, when="2020-09-02T10:00:00+09:00")
    add_acts(repo, f"proposals/{P}/endorsements", handles(ROWS_PER_PAGE + 1), 'source: offline\ncomment: "<b>굵게</b>"\n')
    files = pages_of(run(repo))
    for page in (files[f"proposals/{P}/endorsers.md"], files[f"proposals/{P}/endorsers-2.md"]):
        front, body = page.split("\n---\n", 1)
        assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt; [링크](javascript:x) &quot;따옴표&quot;' in front
        assert "<script>" not in body and "<b>" not in body and "](javascript" not in body
        assert "[← &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[링크\\]\\(javascript:x\\)" in body
    assert "“&lt;b&gt;굵게&lt;/b&gt;”" in files[f"proposals/{P}/endorsers.md"]


def test_a_poll_pages_its_voters_other_answers_and_audit(letter):
    q = "names"
    letter.open_poll(q, closes="2020-09-30", other=True)
    letter.commit("투표 열기", author=JAY, when="2020-09-02T11:00:00+09:00")
    voters = handles(ROWS_PER_PAGE + 1)
    add_acts(letter, f"polls/{q}/ballots", voters, "other: 새 이름\nsource: offline\n")
    add_acts(letter, f"polls/{q}/ballots", handles(ROWS_PER_PAGE + 1, "q"), "choices: [core-group]\n", author=MALLORY)
    files = pages_of(run(letter))
    page = files[f"polls/{q}.md"]
    assert counted_rows(page) == voters[:PREVIEW] and len(audit_rows(page)) == PREVIEW
    assert [row for p in listing(files, f"polls/{q}/voters.md") for row in counted_rows(p)] == voters
    others = listing(files, f"polls/{q}/other-answers.md")
    assert [len(re.findall(r"^- “새 이름” — @p\d+$", p, re.M)) for p in others] == [ROWS_PER_PAGE, 1]
    assert sum(len(audit_rows(p)) for p in listing(files, f"polls/{q}/not-counted.md")) == ROWS_PER_PAGE + 1


def test_a_score_poll_pages_its_voters(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("polls/team/poll.yml", "question: 팀원 평가\nauthor: jay\nopened: 2020-09-01\ncloses: 2020-09-30\n"
               "type: score\ncriteria:\n  - {id: impact, label: 영향}\noptions:\n  - {id: a, label: 가}\n")
    repo.commit("평가 열기", author=JAY, when="2020-09-01T10:00:00+09:00")
    voters = handles(ROWS_PER_PAGE + 2)
    add_acts(repo, "polls/team/ballots", voters, "scores:\n  a: {impact: 4}\nsource: offline\n")
    files = pages_of(run(repo))
    rows = lambda page: re.findall(r"^- @(p\d+) · .* — 가 4$", page, re.M)  # noqa: E731
    assert rows(files["polls/team.md"]) == voters[:PREVIEW]
    assert [row for p in listing(files, "polls/team/voters.md") for row in rows(p)] == voters


def test_a_meeting_pages_its_queue_and_numbers_on_from_page_to_page(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("content/meetings/forum/index.md", "---\ntitle: 열린토론회\nstart: 2020-09-22 19:00\nend: '21:00'\n"
               f"place: 도서관\ncapacity: {ROWS_PER_PAGE + 10}\nsignup_until: 2020-09-20\n---\n")
    repo.commit("모임", author=JAY, when="2020-09-01T10:00:00+09:00")
    people = handles(ROWS_PER_PAGE + 10 + ROWS_PER_PAGE + 1)
    add_acts(repo, "content/meetings/forum/rsvps", people)
    files = pages_of(run(repo))
    page = files["meetings/forum/index.md"]
    assert "[참석 확정 전체 보기 (110명, 2쪽)](confirmed.md)" in page
    confirmed, waiting = listing(files, "meetings/forum/confirmed.md"), listing(files, "meetings/forum/waiting.md")
    assert '<ol class="madang-acts" start="101">' in confirmed[1] and len(counted_rows(confirmed[1])) == 10
    assert [len(counted_rows(p)) for p in waiting] == [ROWS_PER_PAGE, 1]
    assert "[← 열린토론회](index.md)" in waiting[0]


def test_a_jury_pages_its_draw(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", "title: 시민배심원\nseats: 4\napply_until: 2020-09-18\n"
               'seed: {source: lottery, date: 2020-09-19, numbers: "3 11 19"}\n')
    repo.commit("배심원단 모집", author=JAY, when="2020-09-01T10:00:00+09:00")
    people = handles(ROWS_PER_PAGE + 1)
    add_acts(repo, "juries/forum/applicants", people, "age_band: 40대\ngender: 여성\nregion: 불광동\nsource: offline\n"
             "public: [age_band, gender, region]\n")
    files = pages_of(run(repo))
    rows = lambda page: re.findall(r"^\| @(p\d+) \| 40대 · 여성 · 불광동 \| `[0-9a-f]{8}` \|", page, re.M)  # noqa: E731
    assert len(rows(files["juries/forum.md"])) == PREVIEW
    assert sorted(row for p in listing(files, "juries/forum/draw.md") for row in rows(p)) == people


def test_many_opinions_page_by_thread_and_keep_each_thread_whole(letter):
    folder = f"proposals/{P}/opinions"
    firsts = handles(THREADS_PER_PAGE + 3)
    for handle in firsts:
        letter.write(f"{folder}/{handle}.1.md", f"---\nsource: offline\n---\n{handle}의 의견\n")
    for n in (1, 2):  # two replies to the last opinion of the first page
        letter.write(f"{folder}/r{n:03}.1.md", f"---\nsource: offline\nreply_to: {firsts[THREADS_PER_PAGE - 1]}.1\n---\n답글 {n}\n")
    letter.commit("의견 옮겨 적기", author=JAY, when=LANDED)
    files = pages_of(run(letter))
    shown = lambda page: re.findall(r'id="opinion-(\w+)\.1"', page)  # noqa: E731
    assert shown(files[f"proposals/{P}.md"]) == firsts[:THREAD_PREVIEW]
    assert "[의견 글타래 전체 보기 (23개, 2쪽)](letter/opinions.md)" in files[f"proposals/{P}.md"]
    pages = listing(files, f"proposals/{P}/opinions.md")
    assert [shown(page) for page in pages] == [[*firsts[:THREADS_PER_PAGE], "r001", "r002"], firsts[THREADS_PER_PAGE:]]
    assert all(page.count("<blockquote") == page.count("</blockquote>") for page in pages)


def built_pages(site, start: str, link_text: str):
    """The HTML of a listing's pages, reached from the record page at `start` by its link
    `link_text`, then each page's 다음 › link, as a reader would."""
    url = urljoin("https://site.example/", start)
    page = (site / start / "index.html").read_text(encoding="utf-8")
    href = re.search(rf'<a href="([^"]+)">{link_text}', page)[1]
    found = []
    while href:
        url = urljoin(url, href)
        page = (site / url.removeprefix("https://site.example/") / "index.html").read_text(encoding="utf-8")
        found.append(page)
        following = re.search(r'<a href="([^"]+)">다음 ›</a>', page)
        href = following and following[1]
    return found


def test_a_letter_of_seven_thousand_signatures_builds_a_small_page(letter, tmp_path):
    counted, others = handles(3_000), handles(4_000, "q")
    add_acts(letter, f"proposals/{P}/endorsements", counted)
    add_acts(letter, f"proposals/{P}/endorsements", others, author=MALLORY)
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(letter.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1602288000"})
    assert done.returncode == 0, done.stderr

    page = site / "proposals" / P / "index.html"
    assert page.stat().st_size <= 150_000
    endorsers = built_pages(site, f"proposals/{P}/", "공감한 사람 전체 보기")
    assert [h for p in endorsers for h in re.findall(r"<li>@(p\d+) · ", p)] == counted
    audit = built_pages(site, f"proposals/{P}/", "집계되지 않은 참여 전체 보기")
    assert [h for p in audit for h in re.findall(r"<td[^>]*>@(q\d+)</td>", p)] == others
    assert max(p.stat().st_size for p in (site / "proposals" / P).rglob("*.html")) <= 150_000

    data = json.loads((site / "data" / "proposals.json").read_text(encoding="utf-8"))
    acts = next(item for item in data if item["id"] == P)["acts"]
    assert sorted(act["handle"] for act in acts) == counted + others
