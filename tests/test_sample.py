"""The sample archive as the public sees it: the September 2020 experiment selection with its
computation, and its phases frozen by git tags, each digest what `recount` prints at that commit.

The sample is this repository; a clone of it is built through the command line.
"""

import html
import os
import re
import subprocess
import sys

import pytest

from conftest import BUILD_PY, ROOT

PHASE_COMMITS = {
    "phase-1-education": "027e13748547add8a848357bfc7aade3fbb9f83a",
    "phase-2-deliberation": "451611d58f92a2bf0a45b1b828296dc0d642c08c",
}
"""The sample's phases as mkdocs.yml pins them (`commit:`), each the last landing before its tag's moment."""


def cli(*args) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    done = subprocess.run([sys.executable, str(BUILD_PY), *map(str, args)], capture_output=True, text=True,
                          env=environment)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A clone of the sample without its tags, as most clones and forks are: the pinned commits freeze the phases."""
    folder = tmp_path_factory.mktemp("sample") / "archive"
    subprocess.run(["git", "clone", "-q", "--no-tags", str(ROOT), str(folder)], check=True)
    assert not subprocess.run(["git", "tag", "-l"], cwd=folder, capture_output=True, text=True).stdout
    return folder


@pytest.fixture(scope="module")
def site(clone, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-site") / "site"
    cli("build", clone, "-d", out)
    return out


def visible(path) -> str:
    """The article's text, one table cell or paragraph a segment, joined by '|'."""
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    return re.sub(r"\s*\n\s*", "|", html.unescape(re.sub(r"<[^>]+>", "", article)))


def last_line(output: str) -> str:
    return output.splitlines()[-1]


def test_the_september_selection_is_on_the_site_with_its_computation(site):
    text = visible(site / "selection" / "index.html")
    assert "실험장 선정 (2020년 9월)" in text
    assert "1 (선정)|유아들만 이용할 수 있는 작은도서관" in text
    for component in ("믹스 공감", "열린토론회 실시간 투표", "시민협력가 팀원 평가"):
        assert component in text
    assert "항목마다 값이 가장 높은 후보를 100점으로 두고" in text


def test_recount_at_a_phases_pinned_commit_and_at_head_gives_the_digests_the_site_shows(clone, site):
    """On a clone without tags, every ended phase is frozen at the commit mkdocs.yml pins, with its digest."""
    at_head = last_line(cli("recount", clone))
    for phase, tag in (("education", "phase-1-education"), ("deliberation", "phase-2-deliberation")):
        page = visible(site / "phases" / phase / "index.html")
        at_pin = last_line(cli("recount", clone, "--at", PHASE_COMMITS[tag]))
        assert "결과 고정" in page and f"recount . --at {PHASE_COMMITS[tag]}" in page
        assert at_pin != at_head and at_pin.startswith("digest: ")
        assert f"마지막 줄이 {at_pin}이면" in page
    assert f"마지막 줄: {at_head}" in visible(site / "audit" / "index.html")


@pytest.mark.parametrize("tag, before", [("phase-1-education", "2020-09-15T00:00:00+09:00"),
                                         ("phase-2-deliberation", "2020-10-05T00:00:00+09:00")])
def test_each_pinned_commit_is_the_last_landing_before_its_phase_was_closed(clone, tag, before):
    landed = subprocess.run(["git", "rev-list", "-1", "--first-parent", f"--before={before}", "HEAD"],
                            cwd=clone, capture_output=True, text=True, check=True).stdout.strip()
    assert PHASE_COMMITS[tag] == landed
    assert f"commit: {landed}" in (clone / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_reader_switches_between_the_samples_phases(site):
    for phase, others in (("education", ("deliberation", "action")), ("action", ("education", "deliberation"))):
        page = (site / "phases" / phase / "index.html").read_text(encoding="utf-8")
        for other in others:
            assert f'href="../{other}/"' in page
    assert f"recount . --at {PHASE_COMMITS['phase-1-education']}" in visible(site / "phases" / "education" / "index.html")


def test_the_samples_jury_draw_is_the_same_on_a_fresh_clone_and_on_the_site(clone, site):
    here, there = cli("draw", ROOT), cli("draw", clone)
    assert there == here
    lines = dict(line.split(": ", 1) for line in there.splitlines() if line.startswith(("roster digest", "selected")))
    assert lines["selected"] == "haneul gaon dandi sori bada mammamia"  # `method: greedy`: the jury drawn in 2020
    page = visible(site / "juries" / "2020-11-results-jury" / "index.html")
    assert lines["roster digest"] in page
    assert all(handle in page for handle in lines["selected"].split())


def test_the_sample_tells_its_story_in_2020_and_leads_with_its_results(site):
    """Paper opinions typed in later carry the day they were written (on:), so every chart stays in 2020; the
    finished archive's home starts with its results; BEST names its tie."""
    process = visible(site / "process" / "index.html")
    charted = re.findall(r"\|(20\d\d)\.\d\d(?:\.\d\d)?(?: 주)?\|", process)
    assert charted and set(charted) == {"2020"}, sorted(set(charted))
    home = visible(site / "index.html")
    assert "지금 공감을 받는 제안이 없습니다" not in home and home.index("결과|") < home.index("BEST 제안")
    assert home.count("BEST 공동 1위") == 2
    infant = visible(site / "proposals" / "2020-09-infant-hours" / "index.html")
    assert "(종이에 쓴 날 2020.09.08)" in infant
