"""The public moderation log (moderation/<n>.yml) on real git histories.

`hide` covers an opinion's text everywhere it appears (page, open data, feeds, the
book's sections, the search index MkDocs makes from the pages) and keeps its count;
`void` takes an endorsement out of the count with its reason in 집계 내역; both are
listed on the 운영 기록 page and are part of the digest `recount` reproduces.
"""

import json
import os
import subprocess
import sys

import pytest

from madang import pipeline
from madang.audit import canonical
from madang.book_sections import book_body
from conftest import BUILD_PY, DANDI, HEIDI, JAY, MINNI, ArchiveRepo, madang_settings, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

SECRET = "제 전화번호는 010-1234-5678입니다"
ADDRESS = "우리 집 주소는 은평구 1번지"
P = "infant-hours"


def entry(repo, number, target, action, reason):
    repo.write(f"moderation/{number}.yml",
               f"target: {target}\naction: {action}\nreason: {reason}\ndate: 2020-09-20\nby: jay\n")


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose(P, title="유아 전용 시간", proposer="dandi", endorse_until="2020-10-02")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.write(f"proposals/{P}/opinions/heidi.1.md", f"좋아요. {SECRET}\n")
    repo.endorse(P, "heidi", "comment: 공감해요\n")
    repo.commit("의견과 공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.endorse(P, "minni", "comment: 저도요\n")
    repo.commit("공감", author=MINNI, when="2020-09-04T10:00:00+09:00")
    return repo


def outputs(result) -> str:
    return "\n".join(f.content for f in result.files)


def test_a_hidden_opinion_is_covered_everywhere_and_still_counted(repo):
    before = run(repo)
    assert SECRET in outputs(before)
    entry(repo, 1, f"proposals/{P}/opinions/heidi.1.md", "hide", "개인 전화번호")
    repo.commit("가림", author=JAY, when="2020-09-20T10:00:00+09:00")
    result = run(repo)
    assert SECRET not in outputs(result)
    files = {f.path: f.content for f in result.files}
    assert "운영진이 가렸습니다: 개인 전화번호" in files[f"proposals/{P}.md"]
    opinions = json.loads(files["data/opinions.json"])
    assert [o["body"] for o in opinions] == ["운영진이 가렸습니다: 개인 전화번호"]
    assert record(result, P, "proposal-opinion").count == record(before, P, "proposal-opinion").count == 1
    assert "| 1 | 2020.09.20 | 가림 | proposals/infant-hours/opinions/heidi.1.md | 개인 전화번호 | Jay (@jay) |" in files[
        "moderation.md"]
    archive, _, history, counts, _, counted = pipeline.scored(repo.path, madang_settings())
    book = book_body(archive, counts, history, madang_settings(), counted, None, repo.path)
    assert SECRET not in book  # the book is made from the same moderated records and counts


def test_a_hidden_proposal_body_is_covered_in_its_page_the_feeds_the_cards_and_the_book(repo):
    repo.propose("leak", title="제목은 그대로", body=f"## 제안내용\n\n{ADDRESS}\n")
    repo.commit("제안", author=DANDI, when="2020-09-05T10:00:00+09:00")
    assert ADDRESS in outputs(run(repo))
    entry(repo, 1, "proposals/leak/proposal.md", "hide", "개인 전화번호")
    repo.commit("가림", author=JAY, when="2020-09-20T10:00:00+09:00")
    result = run(repo)
    assert ADDRESS not in outputs(result)
    files = {f.path: f.content for f in result.files}
    assert "운영진이 가렸습니다: 개인 전화번호" in files["proposals/leak.md"] and "제목은 그대로" in files["proposals/leak.md"]
    assert "운영진이 가렸습니다" in files["proposals/atom.xml"]
    archive, _, history, counts, _, counted = pipeline.scored(repo.path, madang_settings())
    book = book_body(archive, counts, history, madang_settings(), counted, None, repo.path)
    assert ADDRESS not in book and "운영진이 가렸습니다: 개인 전화번호" in book


@pytest.mark.slow
def test_a_hidden_opinion_is_not_in_the_search_index(repo, tmp_path):
    entry(repo, 1, f"proposals/{P}/opinions/heidi.1.md", "hide", "개인 전화번호")
    repo.commit("가림", author=JAY, when="2020-09-20T10:00:00+09:00")
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(tmp_path / "site")],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1602288000"})
    assert done.returncode == 0, done.stdout + done.stderr
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "운영진이 가렸습니다" in json.loads(index)["docs"][0]["text"] or "운영진이 가렸습니다" in index
    assert "010-1234-5678" not in index
    site = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "site").rglob("*")
                   if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".svg"))
    assert "010-1234-5678" not in site


def test_a_voided_endorsement_is_not_counted_and_its_reason_is_shown(repo):
    entry(repo, 1, f"proposals/{P}/endorsements/minni.yml", "void", "같은 사람이 두 계정으로 공감")
    repo.commit("무효", author=JAY, when="2020-09-20T10:00:00+09:00")
    result = run(repo)
    assert record(result, P).count == 1
    minni = next(a for a in record(result, P).acts if a.handle == "minni")
    assert (minni.counted, minni.reason) == (False, "voided")
    page = {f.path: f.content for f in result.files}[f"proposals/{P}.md"]
    assert "| @minni | 운영진이 무효로 함 (운영 기록): 같은 사람이 두 계정으로 공감 |" in page
    assert "공감 | **1명**" in page


def test_the_log_is_in_the_digest_and_recount_reproduces_it(repo):
    settings = madang_settings()
    plain = pipeline.scored(repo.path, settings)[-1]
    entry(repo, 1, f"proposals/{P}/endorsements/minni.yml", "void", "중복")
    repo.commit("무효", author=JAY, when="2020-09-20T10:00:00+09:00")
    _, _, history, counts, selection, moderated = pipeline.scored(repo.path, settings)
    assert moderated != plain
    recounted = pipeline.recount(repo.path, lambda folder: settings, "HEAD")[2]
    assert recounted == moderated
    value = canonical(counts, settings, history.head, selection, pipeline.count(repo.path, settings)[0].moderation)
    assert value["moderation"] == [{"number": 1, "target": f"proposals/{P}/endorsements/minni.yml", "action": "void",
                                    "reason": "중복", "date": "2020-09-20", "by": "jay"}]


def test_a_void_that_names_no_act_and_a_bad_name_are_reported(repo):
    entry(repo, 1, f"proposals/{P}/proposal.md", "void", "잘못")
    repo.write("moderation/first.yml", "target: x\naction: hide\nreason: r\ndate: 2020-09-20\nby: jay\n")
    from madang.load import load
    from madang.validate import validate
    found = sorted((d.path, d.slug) for d in validate(load(repo.path))[1])
    assert found == [("moderation/1.yml", "bad-moderation-target"), ("moderation/first.yml", "bad-moderation-name")]
