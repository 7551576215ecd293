"""`madang draw --plan` and `madang draw --verify`: a `method: leximin` jury's plan, made and checked.

--plan needs the solver (leximin.py, the extra madang[jury]) and is imported only then; --verify is
lottery.py's checks and hashlib alone, so anyone can run it on a clone without the solver.
"""

import sys
from pathlib import Path

from . import __version__, lottery, sortition
from .constants import STRATA
from .diagnostics import diagnostic

MISSING_SOLVER = ("LEXIMIN 계획에는 해법기가 필요합니다: pip install 'madang[jury]'. / The plan needs the solver: "
                  "pip install 'madang[jury]'.")


def write_plans(root: Path, juries, archive, history, settings) -> int:
    """Write juries/<id>/plan.json for each jury; 1 when one could not be planned."""
    try:
        from . import leximin
    except ImportError:
        print(MISSING_SOLVER, file=sys.stderr)
        return 1
    status = 0
    for jury in juries:
        try:
            text = plan_for(jury, archive, history, settings, leximin)
        except sortition.DrawError as error:
            print(f"{jury.path}: {error}", file=sys.stderr)
            status = 1
            continue
        except leximin.Infeasible as error:
            print(_infeasible(jury, error.quota), file=sys.stderr)
            status = 1
            continue
        target = root / jury.path.rsplit("/", 1)[0] / lottery.PLAN_FILE
        target.write_text(text, encoding="utf-8")
        plan = lottery.read_plan(text)
        print(f"{target.relative_to(root)}: {len(plan.panels)} panels, minimum probability "
              f"{lottery.decimal(plan.minimum)}; land it before {jury.seed.date} / 씨앗의 날 전에 반영하세요")
    return status


def plan_for(jury, archive, history, settings, leximin) -> str:
    """The plan.json text of a frozen roster; DrawError when it is not the time or the jury is not a LEXIMIN one."""
    if jury.method != "leximin":
        raise sortition.DrawError("jury.yml에 method: leximin이 있어야 계획을 만듭니다. / jury.yml must say "
                                  "method: leximin for a plan.")
    if jury.seed is None:
        raise sortition.DrawError("추첨 씨앗(seed)의 날이 jury.yml에 먼저 정해져 있어야 합니다. / jury.yml must name "
                                  "the seed's day first.")
    if not jury.roster_tag and settings.today <= jury.apply_until:
        raise sortition.DrawError(f"명단이 아직 고정되지 않았습니다 ({jury.apply_until}이 끝난 뒤에 만드세요). / The "
                                  f"roster is not frozen yet: plan after {jury.apply_until} ends.")
    if settings.today >= jury.seed.date:
        raise sortition.DrawError(f"씨앗의 날({jury.seed.date})이 되어 계획을 더는 반영할 수 없습니다. / The seed's "
                                  f"day ({jury.seed.date}) has come: a plan can no longer land.")
    frozen = sortition.roster(jury, archive, history, settings)
    sortition.check_pool(jury, frozen.applicants)
    panels, probabilities = leximin.distribution(frozen.applicants, jury.seats, jury.quotas)
    software = {"madang": __version__, **leximin.versions()}
    return lottery.plan_text(lottery.make_plan(jury, frozen, lottery.rounded(panels, probabilities), software))


def _infeasible(jury, quota) -> str:
    if quota is None:
        return str(diagnostic("jury-quotas-impossible", jury.path, jury.quotas_line))
    stratum, category, at_most, wanted = quota
    return str(diagnostic("jury-quotas-infeasible", jury.path, jury.quotas_line, stratum_ko=STRATA[stratum],
                          stratum=stratum, category=category, quota=at_most, wanted=wanted))


def verify(jury, archive, history, settings) -> tuple[list[str], bool]:
    """(lines to print, whether everything holds): the plan in force, its checks, and the draw once the seed is known."""
    try:
        frozen = sortition.roster(jury, archive, history, settings)
        plan = sortition.checked_plan(jury, archive, frozen)
    except sortition.DrawError as error:
        return [f"{jury.path}: {error}"], False
    landing = archive.plans[jury.id].landing
    lines = [
        f"plan: {jury.path.rsplit('/', 1)[0]}/{lottery.PLAN_FILE} as landed in {landing.sha if landing else '-'}",
        f"roster digest: {frozen.digest} (matches the plan)",
        f"panels: {len(plan.panels)}, each of {jury.seats} on the roster and within the quotas",
        f"probabilities: sum to exactly 1 at {lottery.PRECISION} decimals; applicants' are their panels' sums",
        f"minimum probability: {lottery.decimal(plan.minimum)}",
    ]
    try:
        drawn = sortition.draw_from_plan(jury, frozen, sortition.seed_of(jury, history, settings, frozen), plan)
    except sortition.DrawError as error:
        return lines + [f"not drawn yet: {error}"], True
    return lines + sortition.report(jury, drawn)[3:], True
