"""A jury's published lottery (`method: leximin`): the plan committed before the seed's day, and the
panel the seed picks from it. Pure Python and hashlib: checking a plan needs no solver.

The plan, juries/<id>/plan.json, is written by `madang draw --plan` (leximin.py) once the roster froze:

    {"jury": id, "method": "leximin", "roster_digest": the roster's sha256 (sortition.roster_digest),
     "seats": n, "quotas": {stratum: {category: at most}}, "precision": 6,
     "panels": [{"members": [handles, sorted], "probability": "0.250000"}, …],   sorted by members
     "applicants": {handle: "0.500000", …},                                      sorted by handle
     "software": {"madang": …, "sortition-algorithms": …, "highspy": …}}

Probabilities are decimals with exactly `precision` digits after the point. Rounding: each panel's
probability from the solver is rounded to 6 decimals (half to even); panels that round to zero are
left out; what the rounded probabilities miss of 1 (a few millionths at most) is added to the panel
with the largest one (the first in the plan's order among equals), so they sum to exactly 1. An
applicant's probability is the sum of the panels they sit on, exactly.

The lottery, once the seed is known (sortition.py, step 3):
1. x = the first 16 hex digits of sha256(seed) read as a number, divided by 2^64: a number in [0, 1)
   (`printf '%s' '<seed>' | sha256sum | cut -c1-16`).
2. Add up the panels' probabilities in the plan's order; the panel drawn is the first one at which
   the running sum exceeds x.
3. Everyone else on the roster is a reserve, in the order of their ticket (sha256 of
   '<seed>:<handle>', sortition.ticket), smallest first. A juror who withdraws is replaced by the first
   reserve whose age band, gender and region keep every quota.
"""

import hashlib
import json
import re
from dataclasses import dataclass

PRECISION = 6
UNIT = 10 ** PRECISION
DECIMAL = re.compile(rf"^(?:0\.\d{{{PRECISION}}}|1\.0{{{PRECISION}}})$")
PLAN_FILE = "plan.json"


@dataclass(frozen=True)
class Panel:
    members: tuple[str, ...]
    units: int
    """The probability in millionths (10^-PRECISION)."""


@dataclass(frozen=True)
class Plan:
    jury: str
    roster_digest: str
    seats: int
    quotas: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    panels: tuple[Panel, ...]
    applicants: tuple[tuple[str, int], ...]
    """(handle, probability in millionths), sorted by handle."""
    software: tuple[tuple[str, str], ...]

    def probability(self, handle: str) -> int:
        return dict(self.applicants).get(handle, 0)

    @property
    def minimum(self) -> int:
        return min(units for _, units in self.applicants)


@dataclass(frozen=True)
class PlanFiles:
    """A jury's plan.json as the archive holds it: in the tree being built, and as committed by the
    last landing before the seed's day began (the plan in force)."""

    working: str | None
    committed: str | None
    landing: object = None
    """history.Landing whose tree holds `committed`; None outside git."""


def decimal(units: int) -> str:
    return f"{units // UNIT}.{units % UNIT:0{PRECISION}d}"


def rounded(panels, probabilities) -> list[Panel]:
    """The solver's lottery as exact decimals summing to 1 (the module docstring's rounding rule)."""
    kept = sorted((tuple(sorted(members)), round(p * UNIT)) for members, p in zip(panels, probabilities))
    kept = [Panel(members, units) for members, units in kept if units > 0]
    largest = max(range(len(kept)), key=lambda n: (kept[n].units, -n))
    kept[largest] = Panel(kept[largest].members, kept[largest].units + UNIT - sum(p.units for p in kept))
    return kept


def make_plan(jury, roster, panels: list[Panel], software: dict) -> dict:
    """The plan.json document for a roster and a rounded lottery."""
    chances = {a.handle: sum(p.units for p in panels if a.handle in p.members) for a in roster.applicants}
    return {
        "jury": jury.id,
        "method": "leximin",
        "roster_digest": roster.digest,
        "seats": jury.seats,
        "quotas": {stratum: dict(categories) for stratum, categories in jury.quotas},
        "precision": PRECISION,
        "panels": [{"members": list(p.members), "probability": decimal(p.units)} for p in panels],
        "applicants": {handle: decimal(units) for handle, units in sorted(chances.items())},
        "software": software,
    }


def plan_text(plan: dict) -> str:
    """The bytes written: JSON in UTF-8, keys in the order above, one panel and one applicant a line
    (so a review reads it and a diff shows what changed), one newline at the end."""
    one = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    rows = []
    for key, value in plan.items():
        if key == "panels":
            inner = ",\n".join(f"    {one(panel)}" for panel in value)
            rows.append(f'  "panels": [\n{inner}\n  ]')
        elif key == "applicants":
            inner = ",\n".join(f"    {one(handle)}: {one(chance)}" for handle, chance in value.items())
            rows.append(f'  "applicants": {{\n{inner}\n  }}')
        else:
            rows.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(rows) + "\n}\n"


class PlanError(Exception):
    """What is wrong with a plan: one sentence in Korean and English."""


def read_plan(text: str) -> Plan:
    """Parse plan.json as data; PlanError when it is not a plan."""
    try:
        raw = json.loads(text)
        panels = tuple(Panel(tuple(p["members"]), _units(p["probability"])) for p in raw["panels"])
        applicants = tuple((handle, _units(value)) for handle, value in raw["applicants"].items())
        quotas = tuple((stratum, tuple(categories.items())) for stratum, categories in raw["quotas"].items())
        plan = Plan(raw["jury"], raw["roster_digest"], raw["seats"], quotas, panels, applicants,
                    tuple(raw["software"].items()))
        if raw.get("method") != "leximin" or raw.get("precision") != PRECISION or not panels:
            raise ValueError
        if not all(isinstance(h, str) for p in panels for h in p.members):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PlanError("plan.json이 추첨 계획 형식이 아닙니다 (madang draw --plan으로 다시 만드세요). / "
                        "plan.json is not a plan (make it again with madang draw --plan).") from None
    return plan


def _units(value) -> int:
    if not isinstance(value, str) or not DECIMAL.match(value):
        raise ValueError(value)
    whole, fraction = value.split(".")
    return int(whole) * UNIT + int(fraction)


def plan_in_force(files: PlanFiles | None) -> Plan:
    """The committed plan, when the tree's plan is that one; PlanError otherwise."""
    if files is None or (files.working is None and files.committed is None):
        raise PlanError("추첨 계획(plan.json)이 아직 없습니다: 운영자가 madang draw --plan으로 만들어 씨앗의 날 전에 "
                        "반영합니다. / No plan.json yet: a maintainer makes it with madang draw --plan and lands it "
                        "before the seed's day.")
    if files.committed is None:
        raise PlanError("plan.json이 씨앗의 날 전에 반영되지 않았습니다. / plan.json did not land before the seed's day.")
    if files.working is not None and files.working != files.committed:
        where = f" ({files.landing.sha[:12]})" if files.landing else ""
        raise PlanError(f"plan.json이 씨앗의 날 전에 반영된 것{where}과 다릅니다: 그 뒤에 고쳐졌거나 아직 반영되지 "
                        f"않았습니다. / plan.json differs from the one landed before the seed's day{where}: it was "
                        "edited after, or is not landed yet.")
    return read_plan(files.committed)


def problems(plan: Plan, jury, roster) -> list[str]:
    """Everything that makes `plan` not the lottery of this jury's roster, each in Korean and English."""
    found = []
    if plan.jury != jury.id or plan.seats != jury.seats or plan.quotas != jury.quotas:
        found.append("계획의 배심원단, 자리 수나 몫이 jury.yml과 다릅니다. / The plan's jury, seats or quotas "
                     "differ from jury.yml.")
    if plan.roster_digest != roster.digest:
        found.append(f"계획의 명단 요약값이 명단({roster.digest[:12]})과 다릅니다: 다른 명단의 계획입니다. / "
                     f"The plan's roster digest is not the roster's ({roster.digest[:12]}): it is another roster's plan.")
    handles = {a.handle: a for a in roster.applicants}
    for n, panel in enumerate(plan.panels, 1):
        problem = _panel_problem(panel, jury, handles)
        if problem:
            found.append(f"{n}번째 배심원단: {problem}")
    if len(set(p.members for p in plan.panels)) != len(plan.panels):
        found.append("같은 배심원단이 두 번 나옵니다. / A panel appears twice.")
    total = sum(p.units for p in plan.panels)
    if total != UNIT:
        found.append(f"배심원단 확률의 합이 1이 아니라 {decimal(total)}입니다. / The panels' probabilities sum to "
                     f"{decimal(total)}, not 1.")
    chances = tuple((h, sum(p.units for p in plan.panels if h in p.members)) for h in sorted(handles))
    if plan.applicants != chances:
        found.append("신청자별 확률이 그 사람이 든 배심원단 확률의 합과 다릅니다. / An applicant's probability is not "
                     "the sum of the panels they sit on.")
    return found


def _panel_problem(panel: Panel, jury, handles: dict) -> str | None:
    if len(panel.members) != jury.seats or len(set(panel.members)) != jury.seats:
        return f"{jury.seats}명이 아닙니다. / it does not have {jury.seats} different people."
    strangers = [h for h in panel.members if h not in handles]
    if strangers:
        return f"명단에 없는 {strangers[0]}이(가) 있습니다. / {strangers[0]} is not on the roster."
    for stratum, categories in jury.quotas:
        for category, quota in categories:
            taken = sum(handles[h].category(stratum) == category for h in panel.members)
            if taken > quota:
                return f"{stratum} '{category}'가 몫 {quota}명보다 많은 {taken}명입니다. / {taken} for {stratum} " \
                       f"'{category}', more than its quota of {quota}."
    return None


def lottery_number(seed: str) -> int:
    """Step 1: the first 16 hex digits of sha256(seed), as an integer; x is this divided by 2^64."""
    return int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16], 16)


def drawn_panel(plan: Plan, seed: str) -> int:
    """Step 2: the index of the first panel whose running sum exceeds x (exact integer arithmetic)."""
    scaled = lottery_number(seed) * UNIT
    running = 0
    for index, panel in enumerate(plan.panels):
        running += panel.units
        if scaled < running * 2 ** 64:
            return index
    raise PlanError("배심원단 확률의 합이 1보다 작습니다. / The panels' probabilities sum to less than 1.")
