"""The home page of an archive whose phases are over leads with its results, not with "no proposal is open"."""

from conftest import DANDI, ArchiveRepo, run

PHASES = [{"id": "education", "title": "1단계", "start": "2020-09-01", "end": "2020-09-30"}]


def home(repo, **options) -> str:
    return next(f.content for f in run(repo, **options).files if f.path == "index.md")


def test_a_finished_archive_leads_with_what_it_decided(tmp_path, fixed_today):  # the build day is 2020-10-10
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("infant-hours", title="유아 전용 시간", endorse_until="2020-09-20")
    repo.write("proposals/infant-hours/proposal.md", (repo.path / "proposals/infant-hours/proposal.md").read_text(
        encoding="utf-8").replace("---\n\n", "life:\n  - {stage: selected, date: 2020-09-28}\n---\n\n", 1))
    repo.propose("quiet", title="조용한 시간", endorse_until="2020-09-20")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    page = home(repo, phases=PHASES)
    assert "지금 공감을 받는 제안이 없습니다" not in page
    assert page.index("## 결과") < page.index("## 진행중인 투표")  # first, before the boards
    results = page[page.index("## 결과"):].split("\n## ")[0]
    assert "2020.09.30에 끝났습니다" in results and "[유아 전용 시간](proposals/infant-hours.md) — 실험장 선정" in results
    assert "조용한 시간" not in results
    ongoing = home(repo, phases=[{**PHASES[0], "end": "2020-10-31"}])
    assert "## 결과" not in ongoing and "## 진행중인 제안" in ongoing
