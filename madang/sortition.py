"""The deck's Policy Battle: a citizen jury drawn by lot (시민배심원 추첨), and how its opinion moved.

Pure: records, the history and the settings in; the draw out. Anyone with a
clone gets the same jury, by hand if they like:

1. The roster is the counted applications (the tally's rules: verified or
   attested, one per person) as of the commit that freezes it: the tag
   `roster_tag` if the jury names one, else the last first-parent commit that
   landed before `apply_until` ended (archive time zone); never later than that.
2. Its digest is the sha256 of its canonical JSON: a list sorted by handle of
   `{"handle": <lower case>, "age_band": …, "gender": …, "region": …}` (null
   when not given), keys sorted, no spaces, UTF-8 (audit.canonical_json).
3. The seed is public and fixed before the draw but unknown until after it:
   `lottery` — the numbers announced on `seed.date`, as a maintainer wrote
   them, spaces collapsed; `commit-after` — the full hash of the first
   first-parent commit landed after `seed.date` ended. The seed's day must
   come after the roster froze.
4. Each applicant's ticket is sha256("<seed>:<handle in lower case>") in hex:
   `printf '%s' '<seed>:<handle>' | sha256sum`.
5. `method: greedy` (the default): walk the applicants by ticket, smallest
   first. Take one while seats remain and, for every stratum with quotas
   (age_band, gender, region), fewer than its category's quota have been taken;
   otherwise pass over them. The ones not taken are the reserves (예비), in the
   same order.
   `method: leximin`: the seed picks one panel of the plan committed before the
   seed's day (lottery.py: the rule, and how anyone checks the plan); the others
   are the reserves, by ticket.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, time

from . import lottery
from .audit import canonical_json
from .constants import JURY_KIND, STRATA
from .history import Landing
from .tally import RecordCount, TallyPoints, end_of_day, tally

OTHER_ANSWER = "기타"
"""A ballot that chose only a free-text 기타 answer; no option id (a lowercase slug) can be this."""


class DrawError(Exception):
    """Why the jury cannot be drawn (yet): one sentence in Korean and one in English. `str()` gives both, as
    the command line shows it; `in_language` the one a page in that language shows."""

    def __init__(self, korean: str, english: str | None = None):
        super().__init__(f"{korean} / {english}" if english else korean)
        self.korean, self.english = korean, english

    def in_language(self, language: str) -> str:
        """The sentence in `language` (the site's); both when the error has not been given apart (plan problems)."""
        if self.english is None:
            return str(self)
        return self.english if language == "en" else self.korean


@dataclass(frozen=True)
class Applicant:
    handle: str
    """Lower case, as it enters the digest and the tickets."""
    strata: tuple[tuple[str, str | None], ...]
    """(stratum, category) for every stratum of constants.STRATA; None when not given."""

    def category(self, stratum: str) -> str | None:
        return dict(self.strata)[stratum]


@dataclass(frozen=True)
class Roster:
    applicants: tuple[Applicant, ...]
    """Sorted by handle."""
    record: RecordCount
    """The applications as the tally judged them at the freeze: counted, late, withdrawn, unverified."""
    frozen_at: Landing | None
    freeze_moment: datetime
    """From when the roster could no longer change: the tag's landing, else the end of `apply_until`."""
    digest: str


@dataclass(frozen=True)
class Seed:
    text: str
    commit: Landing | None = None
    """For `commit-after`: the commit whose hash is the seed."""


@dataclass(frozen=True)
class Draw:
    roster: Roster
    seed: Seed
    order: tuple[tuple[Applicant, str, str], ...]
    """(applicant, ticket, outcome) by ticket: outcome 'selected', 'seats-full', 'quota:<stratum>' or,
    drawn from a plan, 'reserve'."""
    selected: tuple[Applicant, ...]
    reserves: tuple[Applicant, ...]
    seats: int
    plan: lottery.Plan | None = None
    """`method: leximin`: the plan the panel was drawn from."""
    panel: int | None = None
    """`method: leximin`: the index of the drawn panel in the plan."""

    @property
    def unfilled(self) -> int:
        """Seats left empty: quotas on several strata can leave no one who fits."""
        return self.seats - len(self.selected)


def draw_jury(jury, archive, history, settings) -> Draw:
    """The whole draw (steps 1–5 above); DrawError when it cannot be made."""
    frozen = roster(jury, archive, history, settings)
    if jury.method == "leximin":
        plan = checked_plan(jury, archive, frozen)
        return draw_from_plan(jury, frozen, seed_of(jury, history, settings, frozen), plan)
    return draw(jury, frozen, seed_of(jury, history, settings, frozen))


def checked_plan(jury, archive, frozen: Roster) -> lottery.Plan:
    """The plan in force for this roster (lottery.plan_in_force, lottery.problems); DrawError otherwise."""
    try:
        plan = lottery.plan_in_force(archive.plans.get(jury.id))
    except lottery.PlanError as error:
        raise DrawError(str(error)) from None
    found = lottery.problems(plan, jury, frozen)
    if found:
        raise DrawError(" ".join(found))
    return plan


def draw_from_plan(jury, frozen: Roster, seed: Seed, plan: lottery.Plan) -> Draw:
    """Step 5 for `method: leximin`: the panel the seed picks; everyone else a reserve, by ticket."""
    index = lottery.drawn_panel(plan, seed.text)
    members = set(plan.panels[index].members)
    order = sorted(((ticket(seed.text, a.handle), a) for a in frozen.applicants), key=lambda pair: pair[0])
    outcomes = tuple((a, number, "selected" if a.handle in members else "reserve") for number, a in order)
    selected = tuple(a for a, _, outcome in outcomes if outcome == "selected")
    reserves = tuple(a for a, _, outcome in outcomes if outcome == "reserve")
    return Draw(frozen, seed, outcomes, selected, reserves, jury.seats, plan, index)


def roster(jury, archive, history, settings) -> Roster:
    """Step 1 and 2: the counted applications at the freeze, and their digest."""
    points = TallyPoints(history.landings)
    point = points.point(end_of_day(jury.apply_until, settings.timezone))
    freeze_moment = end_of_day(jury.apply_until, settings.timezone)
    if jury.roster_tag:
        tag_point = _tag_position(jury.roster_tag, history)
        point = min(point, tag_point)
        freeze_moment = history.landings[tag_point].time
    record = _applications_at(jury, point, archive, history, settings)
    applicants = tuple(sorted(
        (Applicant(act.handle.lower(), tuple((s, _category(act.content, s)) for s in STRATA))
         for act in record.acts if act.counted),
        key=lambda applicant: applicant.handle,
    ))
    return Roster(applicants, record, record.frozen_at, freeze_moment, roster_digest(applicants))


def _category(content, stratum) -> str | None:
    value = (content or {}).get(stratum)
    return None if value in (None, "") else str(value)


def _tag_position(tag: str, history) -> int:
    tags = dict(history.tags)
    if tag not in tags:
        raise DrawError(f"명단 고정 태그 '{tag}'이(가) 이 저장소에 없습니다 ('git fetch --tags'로 받으세요).",
                        f"The roster tag '{tag}' does not exist in this repository (run 'git fetch --tags').")
    position = {landing.sha: landing.position for landing in history.landings}.get(tags[tag])
    if position is None:
        raise DrawError(f"명단 고정 태그 '{tag}'이(가) 가리키는 커밋이 브랜치의 기록에 없습니다.",
                        f"The roster tag '{tag}' names a commit that is not on the branch's first-parent history.")
    return position


def _applications_at(jury, point: int, archive, history, settings) -> RecordCount:
    """The tally of this jury's applications as if the branch ended at `point`: later ones are late."""
    only_jury = replace(
        archive, proposals={}, polls={}, meetings={}, experiments={}, juries={jury.id: jury},
        acts=tuple(a for a in archive.acts if a.kind == JURY_KIND and a.record_id == jury.id),
    )
    events = tuple(e for e in history.events if e.kind == JURY_KIND and e.record_id == jury.id)
    cut = replace(history, landings=history.landings[: point + 1], events=events)
    return tally(only_jury, cut, settings).records[(JURY_KIND, jury.id)]


def roster_digest(applicants) -> str:
    rows = [{"handle": a.handle, **dict(a.strata)} for a in applicants]
    return hashlib.sha256(canonical_json(rows).encode("utf-8")).hexdigest()


def seed_of(jury, history, settings, frozen: Roster) -> Seed:
    """Step 3: the seed, once it is known; DrawError before, or when it was known before the roster froze."""
    if jury.seed is None:
        raise DrawError("추첨 씨앗(seed)이 jury.yml에 정해져 있지 않습니다.", "jury.yml names no seed.")
    seed_day = jury.seed.date
    if frozen.freeze_moment > datetime.combine(seed_day, time(0), settings.timezone):
        raise DrawError(
            f"추첨 씨앗의 날짜({seed_day})가 명단이 고정된 때보다 뒤가 아닙니다: 명단을 고정할 때 이미 알 수 있던 값입니다.",
            f"The seed's day ({seed_day}) does not come after the roster froze: it was already known then."
        )
    if jury.seed.source == "lottery":
        if not jury.seed.numbers:
            raise DrawError(f"복권 번호가 아직 적혀 있지 않습니다: {seed_day} 추첨 뒤 운영자가 seed.numbers에 적습니다.",
                            "The lottery numbers are not written yet (seed.numbers).")
        return Seed(jury.seed.numbers)
    after = TallyPoints(history.landings).point(end_of_day(seed_day, settings.timezone)) + 1
    if after >= len(history.landings):
        raise DrawError(f"{seed_day}이(가) 끝난 뒤 반영된 커밋이 아직 없어 씨앗을 알 수 없습니다.",
                        f"No commit has landed since {seed_day} ended, so the seed is not known yet.")
    return Seed(history.landings[after].sha, history.landings[after])


def ticket(seed: str, handle: str) -> str:
    """Step 4: sha256 of '<seed>:<handle>' (handle in lower case), as 64 hex digits."""
    return hashlib.sha256(f"{seed}:{handle.lower()}".encode("utf-8")).hexdigest()


def draw(jury, frozen: Roster, seed: Seed) -> Draw:
    """Step 5, after checking the pool can hold the jury's seats and quotas."""
    check_pool(jury, frozen.applicants)
    order = sorted(((ticket(seed.text, a.handle), a) for a in frozen.applicants), key=lambda pair: pair[0])
    taken = Counter()
    selected, outcomes = [], []
    for number, applicant in order:
        outcome = "seats-full" if len(selected) >= jury.seats else _quota_outcome(jury, applicant, taken)
        if outcome == "selected":
            selected.append(applicant)
            taken.update((stratum, applicant.category(stratum)) for stratum, _ in jury.quotas)
        outcomes.append((applicant, number, outcome))
    reserves = tuple(a for a, _, outcome in outcomes if outcome != "selected")
    return Draw(frozen, seed, tuple(outcomes), tuple(selected), reserves, jury.seats)


def _quota_outcome(jury, applicant, taken) -> str:
    for stratum, categories in jury.quotas:
        category = applicant.category(stratum)
        if taken[(stratum, category)] >= dict(categories).get(category, 0):
            return f"quota:{stratum}"
    return "selected"


def check_pool(jury, applicants) -> None:
    if len(applicants) < jury.seats:
        raise DrawError(f"신청자 {len(applicants)}명이 자리 수 {jury.seats}명보다 적습니다.",
                        f"{len(applicants)} applicants are fewer than the {jury.seats} seats.")
    for stratum, categories in jury.quotas:
        for category, quota in categories:
            pool = sum(a.category(stratum) == category for a in applicants)
            if quota > pool:
                raise DrawError(
                    f"{STRATA[stratum]} '{category}'의 몫 {quota}명이 그 신청자 {pool}명보다 많습니다.",
                    f"The {stratum} quota for '{category}' ({quota}) is larger than its {pool} applicants."
                )


def applicant_strata(counts) -> dict[str, dict]:
    """lower-cased handle -> {stratum: category} from counted jury applications; the latest landed wins."""
    found = {}
    for (kind, _), record in counts.records.items():
        if kind == JURY_KIND:
            for act in record.acts:
                if act.counted:
                    found.setdefault(act.handle.lower(), []).append(act)
    return {
        handle: {s: _category(latest.content, s) for s in STRATA}
        for handle, acts in found.items()
        for latest in [max(acts, key=lambda act: (act.added, act.path))]
    }


@dataclass(frozen=True)
class Shift:
    """How the people who voted in both polls moved, from the earlier poll to the later."""

    people: int
    transitions: tuple[tuple[str, str, int], ...]
    """(answer before, answer after, people), in answer order."""
    net: tuple[tuple[str, int, int], ...]
    """(answer, people before, people after) for each answer."""
    by_stratum: tuple[tuple[str, str, int, tuple[tuple[str, int], ...]], ...]
    """(stratum, category, people, ((answer, change), …)) for people whose strata are known."""


def answer_of(act) -> str | None:
    """A one-choice ballot's answer: its option id, or 기타 for a free-text answer alone."""
    return act.choices[0] if act.choices else OTHER_ANSWER if act.other else None


def opinion_shift(before: RecordCount, after: RecordCount, answers: tuple[str, ...], strata: dict) -> Shift:
    """Counted ballots of the same person (handles compare in lower case) in both polls, in `answers` order."""
    first = {a.handle.lower(): answer_of(a) for a in before.acts if a.counted}
    pairs = {h: (first[h], answer_of(a)) for a in after.acts if a.counted and (h := a.handle.lower()) in first}
    moved = Counter(pairs.values())
    transitions = tuple((b, a, moved[(b, a)]) for b in answers for a in answers if moved[(b, a)])
    rows = []
    for stratum in STRATA:
        groups = {}
        for handle, pair in sorted(pairs.items()):
            category = strata.get(handle, {}).get(stratum)
            if category is not None:
                groups.setdefault(category, []).append(pair)
        for category, group in sorted(groups.items()):
            rows.append((stratum, category, len(group), _changes(group, answers)))
    net = tuple((answer, sum(b == answer for b, _ in pairs.values()), sum(a == answer for _, a in pairs.values()))
                for answer in answers)
    return Shift(len(pairs), transitions, net, tuple(rows))


def _changes(pairs, answers) -> tuple[tuple[str, int], ...]:
    return tuple((answer, sum(a == answer for _, a in pairs) - sum(b == answer for b, _ in pairs)) for answer in answers)


def report(jury, drawn: Draw) -> list[str]:
    """What `madang draw` prints: every input and step, so two people can compare line by line."""
    frozen, seed = drawn.roster, drawn.seed
    where = f"commit {seed.commit.sha}" if seed.commit else f"lottery numbers of {jury.seed.date}"
    lines = [
        f"jury: {jury.id} ({jury.title}), seats {jury.seats}",
        f"roster: {len(frozen.applicants)} applicants, frozen at {frozen.frozen_at.sha if frozen.frozen_at else '-'}",
        f"roster digest: {frozen.digest}",
        f"seed: {seed.text} ({jury.seed.source}: {where})",
    ]
    lines += [f"quota {stratum}: " + ", ".join(f"{c} {n}" for c, n in categories) for stratum, categories in jury.quotas]
    if drawn.plan is not None:
        x = lottery.lottery_number(seed.text)
        lines += [f"method: leximin, {len(drawn.plan.panels)} panels, minimum probability "
                  f"{lottery.decimal(drawn.plan.minimum)}",
                  f"lottery number: {x:016x} / 2^64 = {x / 2 ** 64:.12f}",
                  f"panel drawn: {drawn.panel + 1} (probability {lottery.decimal(drawn.plan.panels[drawn.panel].units)})"]
    lines += [f"{n:>3} {number} {a.handle} {outcome}" for n, (a, number, outcome) in enumerate(drawn.order, 1)]
    lines.append("selected: " + " ".join(a.handle for a in drawn.selected))
    lines.append("reserves: " + " ".join(a.handle for a in drawn.reserves))
    if drawn.unfilled:
        lines.append(f"unfilled seats: {drawn.unfilled}")
    return lines
