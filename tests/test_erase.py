"""Erasure (moderation `action: erase`) and `madang erase --rewrite N` on real git repositories.

An erased endorsement comment leaves every output while the count and the digest stay as they were
(the digest holds the act's blob id, never its text); the rewrite, run on a scratch clone with git's
fast-export and fast-import, takes the text out of every commit and records what it did, so the audit
page of the rewritten archive names the erasure instead of an unexplained rewrite.
"""

import json
import subprocess
import sys

import pytest
import yaml

from madang import pipeline
from madang.audit import canonical, canonical_json
from madang.book_sections import book_body
from conftest import BUILD_PY, DANDI, HEIDI, JAY, MINNI, ArchiveRepo, git, madang_settings, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

SECRET = "제 번호는 010-9876-5432예요"
P = "infant-hours"
TARGET = f"proposals/{P}/endorsements/heidi.yml"


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose(P, title="유아 전용 시간", proposer="dandi", endorse_until=None)
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse(P, "heidi", f"comment: 연락 주세요. {SECRET}\n")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.endorse(P, "minni", "comment: 저도요\n")
    repo.commit("공감", author=MINNI, when="2020-09-04T10:00:00+09:00")
    return repo


def erase(repo, number=1):
    repo.write(f"moderation/{number}.yml",
               f"target: {TARGET}\naction: erase\nreason: 본인 요청 (개인정보)\ndate: 2020-09-20\nby: jay\n")
    repo.commit("삭제", author=JAY, when="2020-09-20T10:00:00+09:00")


def without_log(value: dict) -> dict:
    return {key: item for key, item in value.items() if key != "moderation"}


def test_an_erased_comment_leaves_every_output_and_the_counts_and_digest_stay(repo):
    settings = madang_settings()
    before_sha = repo.sha()
    _, _, history, counts, selection, before = pipeline.scored(repo.path, settings)
    before_value = canonical(counts, settings, history.head, selection)
    assert SECRET not in canonical_json(before_value)  # the digest never held the text: only the blob id
    erase(repo)
    result = run(repo)
    shown = "\n".join(f.content for f in result.files)
    assert SECRET not in shown and "개인정보 보호 요청으로 지웠습니다 (운영 기록 1)" in shown
    assert record(result, P).count == 2
    archive, _, history, counts, selection, after = pipeline.scored(repo.path, settings)
    assert SECRET not in book_body(archive, counts, history, settings, after, None, repo.path)
    after_value = canonical(counts, settings, history.head, selection, archive.moderation)
    assert without_log(after_value) == without_log(before_value)  # same counts, same blob ids
    assert pipeline.recount(repo.path, lambda folder: settings, before_sha)[2] == before  # the past still recounts


def test_the_rewrite_on_a_scratch_clone_takes_the_text_out_of_history_and_the_audit_page_says_why(repo, tmp_path):
    erase(repo)
    settings = madang_settings()
    published = {"commit": repo.sha(), "digest": pipeline.scored(repo.path, settings)[-1]}
    scratch = tmp_path / "scratch"
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(repo.path), str(scratch)], check=True)
    git(scratch, "config", "user.name", "Jay")
    git(scratch, "config", "user.email", "jay@example.org")
    done = subprocess.run([sys.executable, str(BUILD_PY), "erase", str(scratch), "--rewrite", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    every_version = git(scratch, "log", "--all", "-p")
    assert SECRET not in every_version
    assert SECRET in git(repo.path, "log", "--all", "-p")  # the original is untouched
    written = yaml.safe_load((scratch / "moderation/rewrites/1.yml").read_text(encoding="utf-8"))
    assert written["request"]["entry"] == 1 and written["request"]["target"] == TARGET
    olds = {c["old"] for c in written["commits"]}
    assert olds == {repo.sha(), repo.sha("HEAD~1"), repo.sha("HEAD~2")}  # the commit that added it and every one after
    assert repo.sha("HEAD~3") not in olds  # the proposal's commit came before: unchanged
    assert written["digest_before"] == published["digest"] and written["digest_after"] != written["digest_before"]
    result = pipeline.run(scratch, settings, published=published)
    assert record(result, P).count == 2  # heidi's endorsement still counts
    audit = {f.path: f.content for f in result.files}["audit.md"]
    assert "개인정보 삭제 요청으로 다시 쓴 기록" in audit and "기록이 다시 쓰였습니다 /" not in audit
    assert "2020-10-10에 기록을 다시 썼습니다 (운영 기록 1)" in audit
    assert json.loads({f.path: f.content for f in result.files}["data/audit.json"])["rewritten"].startswith("개인정보")


def test_a_rewrite_for_an_entry_that_is_not_an_erasure_is_refused(repo, tmp_path):
    done = subprocess.run([sys.executable, str(BUILD_PY), "erase", str(repo.path), "--rewrite", "3"],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "moderation/3.yml" in done.stderr and "Traceback" not in done.stderr
