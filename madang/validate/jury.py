"""juries/<id>/jury.yml (a citizen jury drawn by lot), its applications, and deliberative poll links.

    title: 열린토론회 시민배심원
    seats: 6
    apply_until: 2020-09-18          # applications count until this day ends: then the roster freezes
    roster_tag: forum-jury-roster    # optional: the roster is counted at this tag's commit
    quotas:                          # per stratum, at most this many seats per category
      gender: {여성: 3, 남성: 3}
      age_band: {20-30대: 2, 40대: 2, 50대 이상: 2}
    seed: {source: lottery, date: 2020-09-19, numbers: "3 11 19 24 35 42 + 7"}
    method: leximin                  # optional: greedy (the default) or leximin, drawn from plan.json
    phase: deliberation

An application, juries/<id>/applicants/<handle>.yml, gives `age_band`,
`gender` and `region` (constants.STRATA): each stratum with quotas is
required and must be one of its categories. The draw is in madang/sortition.py.
"""

from ..constants import JURY_METHODS, SEED_SOURCES, STRATA
from ..diagnostics import diagnostic
from ..records import Jury, JurySeed
from .fields import Fields
from .proposals import phase_field

JURY_FIELDS = {"title", "seats", "apply_until", "roster_tag", "quotas", "seed", "phase", "method"}
SEED_FIELDS = {"source", "date", "numbers"}
APPLICATION_FIELDS = {*STRATA, "comment", "source", "public"}
"""`public: [age_band, region]`: the strata the applicant agrees to show on the site (none when absent)."""


def jury(name, document, context, diagnostics) -> Jury | None:
    fields = Fields(document.path, document.yaml, JURY_FIELDS)
    title = fields.text("title", required=True)
    seats = fields.integer("seats") if fields.given("seats", True) else None
    apply_until = fields.date("apply_until", required=True)
    roster_tag = fields.text("roster_tag")
    quotas = _quotas(fields, seats)
    seed = _seed(fields, apply_until)
    phase = phase_field(fields, context)
    method = fields.choice("method", JURY_METHODS) or "greedy"
    diagnostics.extend(fields.diagnostics)
    if None in (title, seats, apply_until):
        return None
    return Jury(name, title, seats, apply_until, quotas, seed, document.path, roster_tag, phase,
                document.yaml.line_of("quotas"), method)


def _quotas(fields: Fields, seats: int | None) -> tuple:
    """`quotas: {stratum: {category: n}}`, strata in constants.STRATA order; each stratum must leave room for every seat."""
    if not fields.present("quotas"):
        return ()
    raw = fields.values["quotas"]
    table = Fields(fields.path, fields.document, set(STRATA), ("quotas",))
    quotas = []
    for stratum in (s for s in STRATA if isinstance(raw, dict) and s in raw):
        categories = raw[stratum]
        row = Fields(fields.path, fields.document, set(categories) if isinstance(categories, dict) else set(),
                     ("quotas", stratum))
        found = []
        for category, value in row.values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                row.report("jury-bad-quota", category, category=category, value="" if value is None else value)
            else:
                found.append((str(category), value))
        total = sum(n for _, n in found)
        if seats is not None and not row.diagnostics and total < seats:
            table.report("jury-quota-short", stratum, stratum=stratum, total=total, seats=seats)
        table.diagnostics.extend(row.diagnostics)
        quotas.append((stratum, tuple(found)))
    fields.diagnostics.extend(table.diagnostics)
    return tuple(quotas)


def _seed(fields: Fields, apply_until) -> JurySeed | None:
    """`seed: {source, date, numbers}`: a public value whose day comes after the roster froze."""
    if not fields.present("seed"):
        return None
    seed = Fields(fields.path, fields.document, SEED_FIELDS, ("seed",))
    if seed.diagnostics:  # not a mapping: one diagnostic is enough
        fields.diagnostics.extend(seed.diagnostics)
        return None
    source = seed.choice("source", SEED_SOURCES) if seed.given("source", True) else None
    day = seed.date("date", required=True)
    numbers = seed.text("numbers")
    if numbers is not None and source == "commit-after":
        seed.report("jury-numbers-not-lottery", "numbers")
    if day and apply_until and day <= apply_until:
        seed.report("jury-seed-too-early", "date", seed=day, deadline=apply_until)
    fields.diagnostics.extend(seed.diagnostics)
    if source is None or day is None:
        return None
    numbers = " ".join(numbers.split()) if numbers and source == "lottery" else None
    return JurySeed(source, day, numbers or None)


def application_rules(fields: Fields, jury: Jury | None) -> None:
    """An application: each stratum the jury balances is given, as one of its categories."""
    for stratum in STRATA:
        fields.text(stratum)
    for value in fields.texts("public"):
        if value not in STRATA:
            fields.report("bad-value", "public", field="public", value=value, allowed=", ".join(STRATA))
    if jury is None:
        return
    for stratum, categories in jury.quotas:
        allowed = [category for category, _ in categories]
        value = fields.text(stratum, required=True)
        if value is not None and value not in allowed:
            fields.report("bad-value", stratum, field=stratum, value=value, allowed=", ".join(allowed))


def links(archive) -> list:
    """A poll's `before` names another one-choice poll (the deliberative poll's pre-vote)."""
    problems = []
    for poll in archive.polls.values():
        if poll.before is None:
            continue
        earlier = archive.polls.get(poll.before)
        if earlier is None:
            problems.append(diagnostic("before-poll-missing", poll.path, poll.before_line, value=poll.before))
        elif earlier.id == poll.id or any(p.type != "choice" or p.multiple for p in (poll, earlier)):
            problems.append(diagnostic("before-poll-kind", poll.path, poll.before_line, value=poll.before))
    return problems
