"""시민배심원 (citizen juries): a page per jury with its roster, seed, quotas and draw, and the
deliberative poll's section showing how the people who voted before and after moved.

The draw itself, and the rule anyone can follow by hand, are in madang/sortition.py.
"""

from .. import lottery
from ..i18n import N_, Words, _, current_language, ngettext, translated
from ..constants import JURY_METHODS, REASONS, SEED_SOURCES, STRATA
from ..sortition import (
    OTHER_ANSWER, DrawError, applicant_strata, checked_plan, draw, draw_from_plan, opinion_shift, roster, seed_of,
)
from .actions import act_block, actor_path, handle_form, yaml_comment
from .actlists import RecordLists, markdown_list, table
from .format import d_day, day, headcount, how_to_check, moment, page_heading, provenance, text

OUTCOMES = Words({"selected": N_("선정"), "seats-full": N_("예비 (자리가 다 참)"), "reserve": N_("예비")})
RULE = (
    N_("1. 명단: 명단이 고정된 때까지 반영된 신청(본인 확인 또는 운영자 대리 입력, 한 사람에 하나)입니다."),
    N_("2. 명단 요약값: 아이디(소문자)순으로 `{\"handle\", \"age_band\", \"gender\", \"region\"}`을 적은 JSON(키 정렬, "
     "공백 없음, UTF-8)의 sha256입니다."),
    N_("3. 씨앗: 명단이 고정된 뒤에야 알 수 있는 공개 값입니다 (복권 번호, 또는 그날이 끝난 뒤 처음 반영된 기록의 고유 번호)."),
    N_("4. 추첨값: `printf '%s' '씨앗:아이디' | sha256sum` (아이디는 소문자)."),
    N_("5. 추첨값이 작은 사람부터 차례로, 자리가 남아 있고 그 사람의 연령대·성별·지역 몫이 아직 차지 않았으면 뽑고, "
     "아니면 건너뜁니다. 뽑히지 않은 사람은 같은 순서로 예비 배심원입니다."),
)
LEXIMIN_STEPS = (
    N_("5. 추첨 계획: 명단이 고정된 뒤 운영자가 `madang draw --plan`으로 몫을 지키는 배심원단들과 그 확률을 계산해 "
       "`plan.json`으로 씨앗의 날 전에 반영합니다 (LEXIMIN: 가장 작은 선정 확률을 가장 크게, 그다음 작은 확률도 "
       "가장 크게…). 확률은 소수점 아래 6자리이고 합은 정확히 1입니다 (반올림으로 모자라거나 남는 몫은 확률이 가장 "
       "큰 배심원단에 더하거나 뺍니다). 한 사람의 확률은 그 사람이 든 배심원단 확률의 합입니다."),
    N_("6. 뽑기: `printf '%s' '씨앗' | sha256sum`의 앞 16자리를 수로 읽어 2^64로 나눈 값 x (0 이상 1 미만)를 "
       "구합니다. 계획에 적힌 순서대로 배심원단 확률을 더해 가다가 합이 처음으로 x보다 커지는 배심원단이 뽑힙니다."),
    N_("7. 예비 배심원: 뽑히지 않은 사람을 추첨값(4번)이 작은 순서로 세웁니다. 배심원이 빠지면 예비 배심원 가운데 "
       "순서가 가장 앞선, 그 사람이 들어와도 모든 몫이 지켜지는 사람이 자리를 잇습니다."),
)
"""`method: leximin`: the steps after RULE's first four (madang/lottery.py)."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """juries/index.md and juries/<id>.md; nothing when the archive has no jury."""
    juries = sorted(archive.juries.values(), key=lambda j: (j.apply_until, j.id), reverse=True)
    if not juries:
        return {}
    files = {"juries/index.md": _listing(juries, settings)}
    for jury in juries:
        lists = RecordLists(f"juries/{jury.id}.md", jury.title)
        files[f"juries/{jury.id}.md"] = jury_page(jury, archive, history, settings, lists)
        files.update(lists.files)
    return files


def _listing(juries, settings) -> str:
    lines = [*page_heading(_("시민배심원")), "", _("무작위 추첨으로 뽑는 시민배심원단입니다."), ""]
    lines += ["| " + " | ".join([_("배심원단"), _("자리"), _("신청 마감")]) + " |", "| --- | ---: | --- |"]
    lines += [f"| [{text(j.title)}]({j.id}.md) | " + ngettext("{n}명", "{n}명", j.seats) + f" | {day(j.apply_until)} |"
              for j in juries]
    return "\n".join(lines) + "\n"


def jury_page(jury, archive, history, settings, lists) -> str:
    """The facts, the quotas, the jury (once drawn), the roster in draw order, the rule and how to apply;
    `lists` collects the pages of its long lists (actlists.RecordLists)."""
    frozen, plan, drawn, problem = _draw_state(jury, archive, history, settings)
    applying = settings.today <= jury.apply_until
    status = _("신청 중") if applying else _("추첨 완료") if drawn else _("추첨 전")
    rows = [(_("자리"), ngettext("{n}명", "{n}명", jury.seats)), (_("신청 마감"), day(jury.apply_until) + (
        f" ({d_day(jury.apply_until, settings.today)})" if applying else ""))]
    rows += [(_("명단 고정"), _("태그 {tag}를 붙인 때의 기록 (신청 마감 뒤 반영분은 빼고)", tag=f"`{text(jury.roster_tag)}`")
              if jury.roster_tag else _("신청 마감일이 끝날 때까지 반영된 신청"))]
    rows += [(_("추첨 씨앗"), _seed_source(jury)), (_("추첨 방식"), JURY_METHODS[jury.method]), (_("상태"), f"**{status}**")]
    if jury.phase:
        rows.append((_("단계"), text({p.id: p.title for p in settings.phases}.get(jury.phase, jury.phase))))
    lines = [*page_heading(jury.title), "", "| " + _("항목") + " | " + _("내용") + " |", "| --- | --- |", *(f"| {a} | {b} |" for a, b in rows), ""]
    if problem and not applying:
        lines += ["**" + _("아직 뽑을 수 없습니다:") + f"** {text(problem)}", ""]
    lines += _quotas(jury, frozen)
    if drawn and not applying:
        lines += _jury(drawn, archive, public_strata(frozen))
    if plan and not applying:
        lines += _plan(frozen, plan, drawn, archive, settings, lists)
    if frozen:
        lines += _roster(jury, frozen, drawn if not applying else None, settings, lists, listed=plan is None)
    if jury.method == "leximin":
        lines += ["## " + _("추첨 방법"), "", *(translated(step) for step in RULE[:4]), *(translated(step) for step in LEXIMIN_STEPS), "",
                  _("누구나 해법기 없이 계획과 추첨을 검증합니다: {command}",
                    command=f"`madang draw . {jury.id} --verify`"), ""]
    else:
        lines += ["## " + _("추첨 방법"), "", *(translated(step) for step in RULE), "",
                  _("누구나 저장소를 복제해 같은 결과를 얻습니다: {command}", command=f"`madang draw . {jury.id}`"), ""]
    if applying:
        lines += ["## " + _("신청하기"), "",
                  _("사이트에는 아이디와, 신청서의 `public:`에 적은 항목만 보입니다 (적지 않으면 연령대·성별·지역은 "
                    "비공개로 보이고 몫의 인원 수에만 셉니다). 다만 신청 파일은 공개 저장소에 남아, 추첨을 누구나 다시 "
                    "확인할 수 있습니다."), "", *handle_form()]
        lines += act_block(settings, _("배심원 신청하기"), actor_path("juries", jury.id, "applicants"),
                           _application_template(jury), own=_("내 신청"))
    return "\n".join(lines) + "\n"


def _draw_state(jury, archive, history, settings):
    """(roster or None, the plan in force or None, draw or None, why not drawn or None)."""
    try:
        frozen = roster(jury, archive, history, settings)
    except DrawError as error:
        return None, None, None, error.in_language(current_language())
    plan = None
    try:
        if jury.method == "leximin":
            plan = checked_plan(jury, archive, frozen)
            return frozen, plan, draw_from_plan(jury, frozen, seed_of(jury, history, settings, frozen), plan), None
        return frozen, None, draw(jury, frozen, seed_of(jury, history, settings, frozen)), None
    except DrawError as error:
        return frozen, plan, None, error.in_language(current_language())


def _seed_source(jury) -> str:
    if jury.seed is None:
        return _("아직 정하지 않음")
    what = f"{day(jury.seed.date)} {SEED_SOURCES[jury.seed.source]}"
    return what + (f": **{text(jury.seed.numbers)}**" if jury.seed.numbers else "")


def _quotas(jury, frozen) -> list[str]:
    if not jury.quotas:
        return ["## " + _("몫"), "", _("몫 없이 자리 수만큼 뽑습니다."), ""]
    lines = ["## " + _("몫"), "", _("각 범주에서 뽑을 수 있는 최대 인원입니다 (괄호 안은 명단의 신청자 수)."), ""]
    for stratum, categories in jury.quotas:
        parts = []
        for category, quota in categories:
            pool = sum(a.category(stratum) == category for a in frozen.applicants) if frozen else None
            parts.append(f"{text(category)} " + headcount(quota) + (f" ({pool})" if pool is not None else ""))
        lines.append(f"- {STRATA[stratum]}: " + " · ".join(parts))
    return lines + [""]


def _strata_text(applicant, public) -> str:
    """What the applicant agreed to publish (`public:` in their application, public_strata); the rest of what
    they gave reads 비공개: the quotas' counts and the roster digest still let anyone check the draw."""
    shown = public.get(applicant.handle, frozenset())
    given = [(stratum, value) for stratum, value in applicant.strata if value]
    return " · ".join(text(value) if stratum in shown else _("비공개") for stratum, value in given) or "—"


def public_strata(frozen) -> dict[str, frozenset]:
    """Lower-cased handle -> the strata its application lists under `public:` (none when absent)."""
    found = {}
    for act in frozen.record.acts if frozen else ():
        listed = act.content.get("public") if isinstance(act.content, dict) else None
        found[act.handle.lower()] = frozenset(listed) if isinstance(listed, list) else frozenset()
    return found


def _jury(drawn, archive, public) -> list[str]:
    lines = ["## " + _("배심원"), ""]
    lines += [f"{n}. @{text(a.handle)} — {_strata_text(a, public)}" for n, a in enumerate(drawn.selected, 1)]
    lines.append("")
    if drawn.unfilled:
        lines += [ngettext("몫에 맞는 신청자가 없어 {n}자리를 채우지 못했습니다.", "몫에 맞는 신청자가 없어 {n}자리를 채우지 못했습니다.",
                           drawn.unfilled), ""]
    if drawn.plan is not None:
        panel = drawn.plan.panels[drawn.panel]
        x = lottery.lottery_number(drawn.seed.text)
        lines += [_("계획의 배심원단 {count}개 가운데 {number}번째(확률 {probability})가 뽑혔습니다: 씨앗의 sha256 "
                    "앞 16자리 {digits} ÷ 2^64 = {x}.", count=len(drawn.plan.panels), number=drawn.panel + 1,
                    probability=lottery.decimal(panel.units), digits=f"`{x:016x}`", x=f"{x / 2 ** 64:.6f}"), ""]
    if drawn.reserves:
        lines += [_("예비 배심원 (순서대로):") + " " +
                  ", ".join(f"@{text(a.handle)}" for a in drawn.reserves), ""]
        if drawn.plan is not None:
            lines += [_("배심원이 빠지면 이 순서에서 가장 앞선, 들어와도 모든 몫이 지켜지는 예비 배심원이 자리를 잇습니다."), ""]
    return lines


def _plan(frozen, plan, drawn, archive, settings, lists) -> list[str]:
    """The LEXIMIN plan: the smallest probability and whose it is, and everyone's chance of a seat."""
    landing = archive.plans[plan.jury].landing
    at = provenance(settings, landing.pr, landing.sha) if landing else "—"
    public = public_strata(frozen)
    lowest = [a for a in frozen.applicants if plan.probability(a.handle) == plan.minimum]
    strata = sorted({_strata_text(a, public) for a in lowest})
    lines = ["## " + _("추첨 계획"), "",
             _("몫을 지키는 배심원단 {count}개에 확률을 나눠, 가장 작은 선정 확률이 가장 크도록 했습니다 (LEXIMIN, "
               "{landed} 반영).", count=len(plan.panels), landed=at), "",
             _("가장 작은 확률: **{probability}** — {people}명, {strata}", probability=lottery.decimal(plan.minimum),
               people=len(lowest), strata=", ".join(strata)), "",
             _("계산한 프로그램: {software}", software=", ".join(f"{text(n)} {text(v)}" for n, v in plan.software)), ""]
    outcome = {a.handle: o for a, _ticket, o in drawn.order} if drawn else {}
    rows = [f"| @{text(a.handle)} | {_strata_text(a, public)} | {lottery.decimal(plan.probability(a.handle))} |"
            + (f" {_outcome(outcome[a.handle])} |" if drawn else "") for a in frozen.applicants]
    header = "| " + _("아이디") + " | " + _("연령대 · 성별 · 지역") + " | " + _("선정 확률") + " |" + (
        " " + _("결과") + " |" if drawn else "")
    lines += lists.show("chances", _("선정 확률"), rows, table(header), keys=[a.handle for a in frozen.applicants],
                        unit="명")
    return lines + [""]


def _roster(jury, frozen, drawn, settings, lists, listed=True, public=None) -> list[str]:
    """The roster's digest and the seed; its people in draw order (or by handle before the draw) unless
    the plan's table lists them (`listed` False); the applications left off it."""
    at_html = provenance(settings, frozen.frozen_at.pr, frozen.frozen_at.sha, in_html=True) if frozen.frozen_at else "—"
    public = public if public is not None else public_strata(frozen)
    lines = ["## " + _("명단과 추첨 순서"), "",
             ngettext("신청 마감 때 명단 {n}명을 고정했습니다.", "신청 마감 때 명단 {n}명을 고정했습니다.", len(frozen.applicants)), "",
             how_to_check(_("고정한 기록(커밋): {at}", at=at_html),
                          _("명단 요약값(sha256): {digest}", digest=f"<code>{frozen.digest}</code>")), ""]
    if drawn:
        lines += [_("씨앗: {seed}", seed=f"**{text(drawn.seed.text)}**") + (
            " (" + _("{when} 반영", when=moment(drawn.seed.commit.time, settings.timezone)) + " · "
            + provenance(settings, drawn.seed.commit.pr, drawn.seed.commit.sha) + ")" if drawn.seed.commit else ""), ""]
    if drawn and listed:
        lines += [_("추첨값이 작은 순서입니다 (앞 8자리)."), ""]
        rows = [f"| @{text(applicant.handle)} | {_strata_text(applicant, public)} | `{number[:8]}` | {_outcome(outcome)} |"
                for applicant, number, outcome in drawn.order]
        lines += lists.show("draw", _("추첨 순서"), rows, table("| " + " | ".join([_("아이디"), strata_header(), _("추첨값"), _("결과")]) + " |"), unit="명")
    elif listed:
        rows = [f"| @{text(a.handle)} | {_strata_text(a, public)} |" for a in frozen.applicants]
        lines += lists.show("roster", _("명단"), rows, table("| " + _("아이디") + " | " + strata_header() + " |"),
                            keys=[a.handle for a in frozen.applicants], unit="명")
    lines.append("")
    missing = [act for act in frozen.record.acts if not act.counted]
    if missing:
        lines += [_("명단에 들지 않은 신청:"), ""]
        rows = [f"- @{text(act.handle)} · {REASONS[act.reason]} · {moment(act.landed, settings.timezone)} · "
                f"{provenance(settings, act.pr, act.commit)}" for act in missing]
        lines += lists.show("not-on-roster", _("명단에 들지 않은 신청"), rows, markdown_list,
                            keys=[act.handle for act in missing])
        lines.append("")
    return lines


def strata_header() -> str:
    """연령대 · 성별 · 지역: the strata an application gives, as a column's heading."""
    return " · ".join(STRATA.values())


def _outcome(outcome: str) -> str:
    if outcome.startswith("quota:"):
        return _("건너뜀 ({stratum} 몫이 참)", stratum=STRATA[outcome.split(':', 1)[1]])
    return OUTCOMES[outcome] if outcome != "selected" else "**" + _("선정") + "**"


def _application_template(jury) -> str:
    lines = []
    for stratum in STRATA:
        allowed = dict(jury.quotas).get(stratum)
        hint = "  " + yaml_comment(_("{choices} 중 하나", choices=", ".join(c for c, _count in allowed))) if allowed else ""
        lines.append(f"{stratum}: {hint}".rstrip())
    lines.append("public: []  " + yaml_comment(_("사이트에 보여도 되는 항목만: {strata}", strata="age_band, gender, region")))
    return "\n".join(lines) + "\n"


def deliberation_section(poll, archive, counts, settings) -> list[str]:
    """On a poll with `before:`: how the people who voted in both polls moved, in total and per stratum."""
    earlier = archive.polls.get(poll.before) if poll.before else None
    if earlier is None or earlier.id == poll.id or any(p.multiple or p.type != "choice" for p in (earlier, poll)):
        return _later_link(poll, archive)
    labels = {o.id: o.label for o in earlier.options} | {o.id: o.label for o in poll.options}
    answers = tuple(labels) + ((OTHER_ANSWER,) if earlier.other or poll.other else ())
    shift = opinion_shift(counts.records[("poll", earlier.id)], counts.records[("poll", poll.id)], answers,
                          applicant_strata(counts))
    name = lambda answer: text(labels.get(answer, answer))  # noqa: E731
    lines = ["## " + _("의견 변화"), "",
             ngettext("[사전 투표]({earlier}.md)와 이 투표에 모두 참여한 {n}명의 표를 비교합니다.",
                      "[사전 투표]({earlier}.md)와 이 투표에 모두 참여한 {n}명의 표를 비교합니다.", shift.people, earlier=earlier.id), ""]
    if not shift.people:
        return lines
    lines += ["| " + " | ".join([_("선택지"), _("사전"), _("사후"), _("변화")]) + " |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name(a)} | {headcount(b)} | {headcount(c)} | {_signed(c - b)} |" for a, b, c in shift.net if b or c]
    lines += ["", "| " + _("사전 → 사후") + " | " + _("사람") + " |", "| --- | ---: |"]
    lines += [f"| {name(b)} → {name(a)}" + (" " + _("(그대로)") if a == b else "") + f" | {headcount(n)} |"
              for b, a, n in shift.transitions]
    lines.append("")
    if shift.by_stratum:
        lines += [_("배심원 신청서의 연령대·성별·지역별 변화 (사후 − 사전):"), ""]
        for stratum, category, people, changes in shift.by_stratum:
            moved = " · ".join(f"{name(a)} {_signed(c)}" for a, c in changes if c) or _("변화 없음")
            lines.append(f"- {STRATA[stratum]} {text(category)} ({headcount(people)}): {moved}")
        lines.append("")
    return lines


def _later_link(poll, archive) -> list[str]:
    later = sorted(p.id for p in archive.polls.values() if p.before == poll.id)
    return [_("이 투표는 [사후 투표]({later}.md)의 사전 투표입니다.", later=later[0]), ""] \
        if later else []


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"
