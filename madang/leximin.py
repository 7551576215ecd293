"""LEXIMIN (Flanigan et al., Nature 2021): the fairest lottery over the panels that meet a jury's quotas.

Among all probability distributions over valid panels, LEXIMIN takes the one
that maximises the smallest selection probability of any applicant, then the
next smallest, and so on. This module computes it with the Sortition
Foundation's package `sortition-algorithms` (the optional extra
`madang[jury]`): its quota model (`FeatureCollection`, `People`), its integer
program that finds a panel meeting the quotas and its first diverse panels are
used as they are.

Its own `find_distribution_leximin` solves the linear programs with Gurobi, a
commercial solver with a size-limited free licence, and its `run_stratification`
falls back to maximin without it. So the LEXIMIN loop is written here, step for
step as in the package (`committee_generation/leximin.py`), on its
solver-neutral `Solver` with HiGHS (highspy, open source): fix the applicants
whose probability cannot rise, maximise the smallest of the others, repeat.
LEXIMIN's first level is maximin's value, which the package computes on HiGHS:
the tests check the two agree.

Same roster, same package versions, same plan: the package's random numbers are
seeded with SOLVER_SEED, HiGHS runs on one thread, panels are kept in a fixed
order (never a Python set's), and the final panels are sorted.

Only `madang draw --plan` imports this module; checking and drawing from a plan
(lottery.py) needs no solver.
"""

import contextlib
import importlib.metadata
import logging
import os
import sys

from sortition_algorithms.committee_generation.common import (
    EPS, generate_initial_committees, ilp_results_to_committee, setup_committee_generation,
)
from sortition_algorithms.committee_generation.solver import SolverSense, SolverStatus, create_solver, solver_sum
from sortition_algorithms.errors import InfeasibleQuotasCantRelaxError, InfeasibleQuotasError
from sortition_algorithms.features import FeatureValueMinMax
from sortition_algorithms.people import People
from sortition_algorithms.utils import set_random_provider

from .constants import STRATA

SOLVER_SEED = 20210804
"""The package's random numbers (its first panels' weights, HiGHS's seeds) start here: the day the
Nature paper appeared. Any fixed number would do; it only makes the plan reproducible."""
GAP = 1e-9
"""Column generation stops when no panel beats the current bound by more than this (the package uses
0.0005; plans are written to 6 decimals, so the bound must be much closer)."""
RELAX = 0.0001
"""As in the package: when rounding leaves the fixed probabilities unreachable, lower them all by this."""


class Infeasible(Exception):
    """No panel meets the quotas; `quota` is (stratum, category, at most, would need) for the first to raise."""

    def __init__(self, quota):
        super().__init__(quota)
        self.quota = quota


def versions() -> dict[str, str]:
    """The software that made a plan: a plan is reproducible with the same versions."""
    return {name: importlib.metadata.version(name) for name in ("sortition-algorithms", "highspy")}


def distribution(applicants, seats: int, quotas) -> tuple[list[tuple[str, ...]], list[float]]:
    """(panels as sorted handles, their probabilities) of the LEXIMIN lottery; Infeasible when no panel exists.

    `applicants` are sortition.Applicant, `quotas` the jury's ((stratum, ((category, at most), …)), …).
    """
    features, people = _model(applicants, seats, quotas)
    with _quiet():
        return _solve(features, people, seats, quotas)


def _solve(features, people, seats: int, quotas):
    set_random_provider(SOLVER_SEED)
    try:
        finder, chosen = setup_committee_generation(features, people, seats, [], "highspy")
    except InfeasibleQuotasError as error:
        raise Infeasible(_first_raised(quotas, error.features)) from None
    except InfeasibleQuotasCantRelaxError:
        raise Infeasible(None) from None
    finally:
        set_random_provider(None)
    set_random_provider(SOLVER_SEED)
    try:
        initial, _, _ = generate_initial_committees(finder, chosen, 3 * people.count)
        panels = sorted(initial, key=sorted)
        fixed = _leximin_probabilities(finder, chosen, panels, list(people))
        weights = _panel_probabilities(panels, fixed)
    finally:
        set_random_provider(None)
    return [tuple(sorted(panel)) for panel in panels], weights


@contextlib.contextmanager
def _quiet():
    """HiGHS prints its banner on standard output from C++, the package logs its progress: neither
    belongs in what `madang draw --plan` prints."""
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _model(applicants, seats: int, quotas):
    """The package's FeatureCollection (each category: at least 0, at most its quota) and People.

    Categories enter as their index (`c0`, `c1`, …): the package compares values case-insensitively,
    an archive's categories are any text."""
    features = {}
    for stratum, categories in quotas:
        features[stratum] = {f"c{n}": FeatureValueMinMax(min=0, max=quota, min_flex=0, max_flex=seats)
                             for n, (_, quota) in enumerate(categories)}
    people = People(columns_to_keep=[])
    for row, applicant in enumerate(applicants):
        data = {}
        for stratum, categories in quotas:
            index = [category for category, _ in categories].index(applicant.category(stratum))
            data[stratum] = f"c{index}"
        people.add(applicant.handle, data, features, row)
    return features, people


def _first_raised(quotas, relaxed):
    """The first quota (STRATA order, then as written) the package would raise to make a panel possible."""
    for stratum, categories in quotas:
        for n, (category, quota) in enumerate(categories):
            wanted = relaxed[stratum][f"c{n}"].max
            if wanted > quota:
                return stratum, category, quota, wanted
    return None


def _leximin_probabilities(finder, chosen, panels: list, people: list) -> dict[str, float]:
    """The outer loop: each round maximises the smallest probability among applicants not yet fixed
    and fixes those whose probability cannot rise above it (their dual weight is positive)."""
    fixed: dict[str, float] = {}
    while len(fixed) < len(people):
        _, weights, bound = _dual_round(finder, chosen, panels, people, fixed)
        for handle in people:
            if weights[handle] > EPS and handle not in fixed:
                fixed[handle] = max(0.0, bound)
    return fixed


def _dual_round(finder, chosen, panels: list, people: list, fixed: dict):
    """One round by column generation over the dual LP (the package's `_dual_leximin_stage`):

        minimise  ŷ − Σ_{i fixed} f_i·y_i
        such that Σ_{i ∈ P} y_i ≤ ŷ for every panel P,  Σ_{i not fixed} y_i = 1,  ŷ, y ≥ 0

    Panels found to break a constraint are appended to `panels`. Returns (dual LP, y by handle, its value)."""
    while True:
        dual, y, cap = _dual_lp(panels, people, fixed)
        if dual.optimize() != SolverStatus.OPTIMAL:
            for handle in fixed:
                fixed[handle] = max(0.0, fixed[handle] - RELAX)
            continue
        weights = {handle: dual.get_value(y[handle]) for handle in people}
        finder.set_objective(solver_sum(weights[h] * chosen[h] for h in people), SolverSense.MAXIMIZE)
        finder.optimize()
        panel = ilp_results_to_committee(finder, chosen)
        if sum(weights[h] for h in panel) <= dual.get_value(cap) + GAP or panel in panels:
            return dual, weights, dual.get_objective_value()
        panels.append(panel)


def _dual_lp(panels: list, people: list, fixed: dict):
    dual = create_solver("highspy", seed=SOLVER_SEED)
    y = {handle: dual.add_continuous_var(lb=0.0, ub=float("inf")) for handle in people}
    cap = dual.add_continuous_var(lb=0.0, ub=float("inf"))
    dual.add_constr(solver_sum(y[h] for h in people if h not in fixed) == 1)
    for panel in panels:
        dual.add_constr(solver_sum(y[h] for h in sorted(panel)) <= cap)
    dual.set_objective(cap - solver_sum(fixed[h] * y[h] for h in people if h in fixed), SolverSense.MINIMIZE)
    return dual, y, cap


def _panel_probabilities(panels: list, fixed: dict) -> list[float]:
    """A lottery over `panels` giving everyone their fixed probability (the package's final primal LP):
    minimise ε such that Σ x_P = 1 and Σ_{P ∋ i} x_P ≥ f_i − ε."""
    primal = create_solver("highspy", seed=SOLVER_SEED)
    x = [primal.add_continuous_var(lb=0.0, ub=1.0) for _ in panels]
    slack = primal.add_continuous_var(lb=0.0, ub=1.0)
    primal.add_constr(solver_sum(x) == 1)
    for handle, probability in fixed.items():
        primal.add_constr(solver_sum(v for panel, v in zip(panels, x) if handle in panel) >= probability - slack)
    primal.set_objective(slack, SolverSense.MINIMIZE)
    primal.optimize()
    values = [min(1.0, max(0.0, primal.get_value(v))) for v in x]
    total = sum(values)
    return [value / total for value in values]
