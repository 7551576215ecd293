"""The home (홈) and data (자료) pages; the process (과정) page is process.py."""

from ..constants import (
    DELIBERATION_FORMS, EXPERIMENT_STATUSES, LEVELS, LIFE_STAGES, OPEN, OPINION, POLL_KIND, POLL_STATUSES, PROPOSAL_KIND,
    REASONS, STATUSES,
)
from ..tally import poll_tally
from .format import day, endorsers, live_d_day, moment, provenance, text
from .opendata import data_index
from .polls import closing
from .polls import status_of as poll_status
from .meetings import meeting_moment
from .proposals import BEST_MARK, status_of
from ..score import best_proposals
from ..i18n import N_, _, ngettext, translated

HOME_LIMIT = 10
"""The home page shows the records closing soonest; the boards list the rest."""
HOME_SHORT = 5
"""Next meetings and latest news on the home page."""

def how_to_take_part() -> str:
    return "\n".join([
        "## " + _("참여 방법"),
        "",
        _("제안, 공감, 투표, 참석 신청, 의견은 모두 작은 글 하나를 더하는 일입니다. 각 페이지의 버튼이 "
          "글을 채워서 열어 줍니다. 처음이라면 [참여 방법](guide.md)을 한 번 읽어 주세요."),
        "",
    ])

def home_page(archive, counts, settings, intro: str | None, selection=None) -> str:
    """`selection`: the weighted selection's result (score.py), which an archive whose phases are over leads with."""
    lines = [intro.strip(), ""] if intro else [f"# {text(settings.site_name)}", ""]
    phase = current_phase(settings)
    if phase:
        lines += ["## " + _("지금은 {phase}", phase=text(phase.title)), "",
                  f"{day(phase.start)} ~ {day(phase.end)} · " + "[" + _("과정 보기") + "](process.md)", ""]
    proposals = [p for p in archive.proposals.values() if status_of(p, settings.today) == OPEN]
    proposals.sort(key=lambda p: (p.endorse_until is None, p.endorse_until or p.proposed, p.id))
    if is_over(settings) and not proposals:
        lines += results_section(archive, settings, selection)
    else:
        lines += _open_proposals(archive, counts, settings, proposals)
    lines += ["", *_best(archive, counts, settings)]
    lines += ["", *_open_polls(archive, counts, settings), "", *_upcoming_meetings(archive, settings), ""]
    lines += [*_latest_news(archive), "", "## " + _("숫자로 보기"), ""]
    counted = [a for key, r in counts.records.items() if key[0] == PROPOSAL_KIND for a in r.acts if a.counted]
    ballots = [a for key, r in counts.records.items() if key[0] == POLL_KIND for a in r.acts if a.counted]
    opinions = sum(r.count for key, r in counts.records.items() if key[0].endswith(OPINION))
    people = {a.handle.lower() for r in counts.records.values() for a in r.acts if a.counted}
    people |= {p.proposer.lower() for p in archive.proposals.values()}
    lines += [
        " · ".join([
            ngettext("제안 **{n}**건", "제안 **{n}**건", len(archive.proposals)),
            ngettext("공감 **{n}**건", "공감 **{n}**건", len(counted)),
            ngettext("투표 **{n}**건", "투표 **{n}**건", len(archive.polls)),
            ngettext("표 **{n}**표", "표 **{n}**표", len(ballots)),
            ngettext("모임 **{n}**회", "모임 **{n}**회", len(archive.meetings)),
            ngettext("의견 **{n}**건", "의견 **{n}**건", opinions),
            ngettext("참여한 사람 **{n}**명", "참여한 사람 **{n}**명", len(people)),
        ]),
        "",
        how_to_take_part(),
    ]
    return "\n".join(lines) + "\n"


def _best(archive, counts, settings) -> list[str]:
    """BEST: the most-endorsed proposals (score.best_proposals), most endorsed first, ties named as ties."""
    endorsements = {p: counts.records[(PROPOSAL_KIND, p)].count for p in archive.proposals}
    ranks = best_proposals(endorsements, settings.best)
    if not ranks:
        return []
    rule = settings.best
    lines = ["## " + _("BEST 제안"), "",
             _("공감을 가장 많이 받은 {top}위까지의 제안입니다 (공감 {minimum}명 이상, 같은 수는 공동 순위).",
               top=rule.top, minimum=rule.minimum), ""]
    for p in sorted(ranks, key=lambda p: (ranks[p], p)):
        lines.append(f"- {BEST_MARK} {rank_text(ranks[p], ranks.values())} [{text(archive.proposals[p].title)}]"
                     f"(proposals/{p}.md) — {endorsers(endorsements[p])}")
    return lines + ["", "[" + _("공감순으로 모두 보기") + "](proposals/popular.md)"]


def rank_text(rank: int, ranks) -> str:
    """'1위', or '공동 1위' when another BEST proposal shares the rank."""
    if sum(1 for other in ranks if other == rank) > 1:
        return _("공동 {rank}위", rank=rank)
    return _("{rank}위", rank=rank)


def _open_polls(archive, counts, settings) -> list[str]:
    polls = [p for p in archive.polls.values() if poll_status(p, settings.today) == OPEN]
    polls.sort(key=lambda p: (p.deadline is None, p.deadline or p.opened, p.id))
    lines = ["## " + _("진행중인 투표"), ""]
    if not polls:
        return lines + [_("지금 진행중인 투표가 없습니다.") + " [" + _("모든 투표 보기") + "](polls/index.md)"]
    for poll in polls[:HOME_LIMIT]:
        participants = poll_tally(poll, counts.records[(POLL_KIND, poll.id)]).participants
        lines.append(
            f"- [{text(poll.question)}](polls/{poll.id}.md) — "
            + ngettext("참여 {n}명", "참여 {n}명", participants) + f" · {closing(poll, OPEN, settings)}"
        )
    if len(polls) > HOME_LIMIT:
        lines += ["", "[" + ngettext("모든 투표 보기 (진행중 {n}건)", "모든 투표 보기 (진행중 {n}건)", len(polls))
                  + "](polls/index.md)"]
    return lines


def _open_proposals(archive, counts, settings, proposals) -> list[str]:
    """진행중인 제안, closing soonest first; the latest ones when none is open."""
    lines = ["## " + _("진행중인 제안"), ""]
    if not proposals:
        lines += [_("지금 공감을 받는 제안이 없습니다. 최근 제안:"), ""]
        latest = sorted(archive.proposals.values(), key=lambda p: (p.proposed, p.id), reverse=True)[:HOME_LIMIT]
        for p in latest:
            count = counts.records[(PROPOSAL_KIND, p.id)].count
            lines.append(f"- [{text(p.title)}](proposals/{p.id}.md) — {endorsers(count)} · {day(p.proposed)}")
        lines += ["", "[" + _("모든 제안 보기") + "](proposals/index.md)"]
    for p in proposals[:HOME_LIMIT]:
        count = counts.records[(PROPOSAL_KIND, p.id)].count
        deadline = f" · {live_d_day(p.endorse_until, settings.today, settings.timezone)}" if p.endorse_until else ""
        lines.append(f"- [{text(p.title)}](proposals/{p.id}.md) — {endorsers(count)}{deadline}")
    if len(proposals) > HOME_LIMIT:
        lines += ["", "[" + ngettext("진행중인 제안 모두 보기 ({n}건)", "진행중인 제안 모두 보기 ({n}건)", len(proposals))
                  + "](proposals/open.md)"]
    return lines


def is_over(settings) -> bool:
    """Whether every phase the archive declares has ended: its story is told, its results come first."""
    return bool(settings.phases) and settings.today > max(phase.end for phase in settings.phases)


RESULT_STAGES = ("selected", "running", "shared")
"""Proposal life stages that are outcomes: chosen, tried, reported."""


def results_section(archive, settings, selection) -> list[str]:
    """결과: what the process decided (the selection's winners, the proposals chosen or tried, the experiments),
    for the home page of an archive whose phases are over."""
    last = max(settings.phases, key=lambda phase: phase.end)
    lines = ["## " + _("결과"), "", _("모든 단계가 {day}에 끝났습니다. 함께 정한 것과 해 본 것입니다.", day=day(last.end)), ""]
    if selection is not None:
        for candidate in selection.candidates[: selection.setting.winners]:
            title = text(archive.proposals[candidate.proposal].title)  # a candidate that is no proposal stops the build
            link = f"[{title}](proposals/{candidate.proposal}.md)"
            lines.append("- " + _("{selection}: {proposal} 선정", selection=text(selection.setting.title), proposal=link)
                         + " ([" + _("계산 보기") + "](selection.md))")
    chosen = sorted((p for p in archive.proposals.values() if p.stage in RESULT_STAGES), key=lambda p: p.id)
    lines += [f"- [{text(p.title)}](proposals/{p.id}.md) — {LIFE_STAGES[p.stage]}" for p in chosen]
    experiments = sorted(archive.experiments.values(), key=lambda e: e.id)
    lines += [f"- [{text(e.title)}](experiments/{e.id}/index.md) — {EXPERIMENT_STATUSES[e.status]}" for e in experiments]
    return lines + ["", "[" + _("과정 보기") + "](process.md) · [" + _("모든 제안 보기") + "](proposals/index.md)", ""]


def current_phase(settings):
    return next((p for p in settings.phases if p.start <= settings.today <= p.end), None)


def _upcoming_meetings(archive, settings) -> list[str]:
    meetings = sorted((m for m in archive.meetings.values() if m.start.date() >= settings.today), key=lambda m: (m.start, m.id))
    lines = ["## " + _("다가오는 모임"), ""]
    if not meetings:
        return lines + [_("예정된 모임이 없습니다.") + " [" + _("모든 모임 보기") + "](meetings/index.md)"]
    lines += [f"- [{text(m.title)}](meetings/{m.id}/index.md) — {meeting_moment(m.start)}" for m in meetings[:HOME_SHORT]]
    return lines + ["", "[" + _("모든 모임 보기") + "](meetings/index.md)"]


def _latest_news(archive) -> list[str]:
    posts = sorted(archive.news.values(), key=lambda n: (n.date, n.id), reverse=True)
    lines = ["## " + _("최근 소식"), ""]
    if not posts:
        return lines + [_("아직 소식이 없습니다.")]
    lines += [f"- [{text(n.title)}](news/{n.id}.md) — {day(n.date)}" for n in posts[:HOME_SHORT]]
    return lines + ["", "[" + _("모든 소식 보기") + "](news/index.md)"]


DATA_KEYS = (
    ("`id`", N_("제안 이름 (폴더 이름)"), None),
    ("`title`", N_("제목"), None),
    ("`proposer`", N_("제안자 아이디"), None),
    ("`proposed`, `endorse_until`", N_("제안일, 공감 마감일 (YYYY-MM-DD, 마감일 포함)"), None),
    ("`tags`", N_("태그 목록"), None),
    ("`status`", N_("상태"), STATUSES),
    ("`stage`", N_("과정에서 지금 있는 곳 (`life`의 마지막)"), LIFE_STAGES),
    ("`form`", N_("공론화 방식, 또는 `null`"), DELIBERATION_FORMS),
    ("`life[]`", N_("제안 뒤에 거친 단계마다 `stage`, `date`, 그 단계로 옮긴 `meeting`, `poll`, `experiment` (없으면 `null`)"),
     None),
    ("`endorsements`", N_("집계된 공감 수"), None),
    ("`frozen_at`", N_("집계한 커밋 (마감 전 마지막 반영)"), None),
    ("`acts[].handle`", N_("공감 파일의 아이디"), None),
    ("`acts[].counted`", N_("집계 여부"), None),
    ("`acts[].reason`", N_("집계되지 않은 사유, 집계되면 `null`"), REASONS),
    ("`acts[].level`", N_("본인 확인 방법"), LEVELS),
    ("`acts[].commit`", N_("파일을 더하거나 마지막으로 바꾸거나 지운 커밋 (전체 sha)"), None),
    ("`acts[].pr`", N_("풀 리퀘스트 번호 또는 `null`"), None),
    ("`acts[].landed`", N_("브랜치에 반영된 시각 (ISO 8601, 시간대 포함)"), None),
)
"""The keys of data/proposals.json on the 자료 page: (keys, meaning, the labelled values or None)."""

POLL_DATA_KEYS = (
    ("`id`", N_("투표 이름 (폴더 이름)"), None),
    ("`question`", N_("질문"), None),
    ("`author`", N_("작성자 아이디"), None),
    ("`opened`, `closes`, `closed`", N_("시작일, 정한 마감일, 운영자가 토론 정리로 닫은 날 (YYYY-MM-DD 또는 `null`)"), None),
    ("`status`", N_("상태"), POLL_STATUSES),
    ("`multiple`, `max_choices`, `allows_other`", N_("복수응답가능, 최대 선택 수 (`null`은 제한 없음), 기타 허용"), None),
    ("`participants`", N_("집계된 표 수 (한 사람 한 표)"), None),
    ("`options[]`", N_("선택지마다 `id`, `label`, `votes` (그 선택지를 고른 집계된 표 수)"), None),
    ("`other`", N_("집계된 표의 기타 답 글 목록"), None),
    ("`frozen_at`", N_("집계한 커밋"), None),
    ("`offline_results[]`", N_("아카이브 밖에서 센 결과 (`source`, `date`, `participants`, `options[]`, `other`); "
                               "`votes`와 `participants`에 더하지 않음"), None),
    ("`acts[]`", N_("`proposals.json`과 같은 키, 그리고 `choices` (판단한 시점의 선택지 id 목록), `other` (기타 답 또는 `null`)"),
     None),
    ("`options[].proposal`", N_("선택지가 가리키는 제안 id (적혀 있을 때만)"), None),
    ("`type`", N_("점수 투표에만: `\"score\"`; 그 `options[].votes`는 후보를 채점한 집계된 표 수"), None),
    ("`voters_role`", N_("점수 투표에만: 표가 집계되는 역할 (members.yml의 `roles`) 또는 `null`"), None),
    ("`criteria[]`", N_("점수 투표에만: 평가 기준마다 `id`, `label`"), None),
    ("`options[].scores`", N_("점수 투표에만: 기준 id마다 평균 점수 (소수 둘째 자리, 반올림) 또는 `null`"), None),
    ("`options[].total`", N_("점수 투표에만: 후보가 받은 모든 점수의 평균"), None),
    ("`acts[].scores`", N_("점수 투표에만: 판단한 시점의 점수 (후보마다 기준별 점수)"), None),
)
"""The keys of data/polls.json on the 자료 page."""


def keys_table(rows) -> str:
    """A (keys, meaning, values) table as Markdown, in the current language."""
    lines = ["| " + _("키") + " | " + _("뜻") + " |", "| --- | --- |"]
    for keys, meaning, values in rows:
        words = translated(meaning) + (": " + labelled(values) if values else "")
        lines.append(f"| {keys} | {words} |")
    return "\n".join(lines) + "\n"


def labelled(values) -> str:
    """`open` 진행중, `closed` 마감: a format's values with their labels."""
    return ", ".join(f"`{value}` {label}" for value, label in values.items())


def data_page(archive, counts, history, settings) -> str:
    lines = [
        "# " + _("자료"),
        "",
        _("누구나 내려받아 다시 셀 수 있는 공개 데이터입니다."),
        "",
        "## " + _("제안과 공감"),
        "",
        "[proposals.json](proposals.json) — " + _("제안마다 하나의 객체:"),
        "",
        keys_table(DATA_KEYS),
        "## " + _("투표"),
        "",
        "[polls.json](polls.json) — " + _("투표마다 하나의 객체. 비율은 `votes / participants`입니다 "
                                          "(복수응답이면 합이 100%를 넘을 수 있음)."),
        "",
        keys_table(POLL_DATA_KEYS),
        *data_index(settings),
        "## " + _("더 받을 것"),
        "",
        "- [calendar.ics](../calendar.ics) — " + _("모든 모임 달력 (구독)"),
        "- [attendance.csv](attendance.csv) — " + _("사람별 모임 참석 (UTF-8, 엑셀에서 바로 열림)"),
        *(["- [" + _("소식 Atom 피드") + "](../news/atom.xml)"] if archive.news else []),  # written only for news
        "- [" + _("감사 페이지") + "](../audit.md) — " + _("요약값(digest)과 다시 세는 명령"),
        "- [" + _("운영 기록") + "](../moderation.md) — " + _("운영진이 가리거나 무효로 한 것과 그 까닭"),
        "",
        "## " + _("감사"),
        "",
    ]
    if history.head:
        lines.append(_("이 사이트는 커밋 {commit}에서 만들었습니다.", commit=provenance(settings, None, history.head)))
    else:
        lines.append(_("이 사이트는 커밋된 기록 없이 만들어졌습니다."))
    levels = ", ".join(sorted(settings.counted_levels))
    lines += ["", _("집계하는 참여: {levels} · 시간대: {zone}", levels=f"`{levels}`", zone=f"`{settings.timezone.key}`"), ""]
    if counts.orphans:
        lines += [_("지금은 없는 기록에 남은 참여:"), "",
                  "| " + " | ".join([_("파일"), _("반영"), _("기록")]) + " |", "| --- | --- | --- |"]
        for event in counts.orphans:
            where = provenance(settings, event.landing.pr, event.commit)
            lines.append(f"| `{text(event.path)}` | {moment(event.landing.time, settings.timezone)} | {where} |")
        lines.append("")
    lines.append(_("사유: {reasons}", reasons=labelled(REASONS)))
    return "\n".join(lines) + "\n"
