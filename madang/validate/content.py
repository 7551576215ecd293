"""Pages of content/ that are records: experiments (실험장) and news posts (소식).

```yaml
# content/news/<id>.md — front matter, then the post in Markdown
title: 환영합니다!           # required
date: 2020-09-01            # required
author: jay                 # required, a handle
phase: education
tags: [공지]
```

```yaml
# content/experiments/<id>/index.md — front matter, then the plan and results in Markdown
title: 유아 전용 이용 시간 실험     # required
proposals: [2020-09-infant-hours] # required, at least one proposal id
status: running                   # required: planned, running or done
team:
  - {handle: mammamia, role: 기획}
steps:                            # plan, forum, content, share; state todo, doing or done
  - {step: plan, state: done, date: 2020-10-05}
budget: 1500000                   # won
phase: action
card_news: [https://example.org/card-news]   # https:// addresses or files beside index.md
videos: [https://www.youtube.com/watch?v=…]
```
"""

from urllib.parse import urlsplit

from ..constants import EXPERIMENT_STATUSES, EXPERIMENT_STEPS, STEP_STATES
from ..diagnostics import diagnostic
from ..records import Experiment, ExperimentStep, NewsPost
from .fields import Fields

NEWS_FIELDS = {"title", "date", "author", "phase", "tags"}
EXPERIMENT_FIELDS = {"title", "proposals", "team", "steps", "budget", "status", "phase", "card_news", "videos"}
TEAM_FIELDS = {"handle", "role"}
STEP_FIELDS = {"step", "state", "date"}
WEB_SCHEMES = ("http", "https")


def news_post(name, document, context, diagnostics) -> NewsPost | None:
    fields = Fields(document.path, document.yaml, NEWS_FIELDS)
    title = fields.text("title", required=True)
    day = fields.date("date", required=True)
    author = fields.handle("author", required=True)
    phase = _phase(fields, context)
    tags = fields.texts("tags")
    diagnostics.extend(fields.diagnostics)
    if None in (title, day, author):
        return None
    return NewsPost(name, title, day, author, phase, tags, document.body, document.path, document.body_line)


def experiment(name, document, context, diagnostics) -> Experiment | None:
    fields = Fields(document.path, document.yaml, EXPERIMENT_FIELDS)
    title = fields.text("title", required=True)
    proposals, proposal_lines = _proposal_ids(fields)
    status = _required_choice(fields, "status", EXPERIMENT_STATUSES)
    team = _team(fields)
    steps = _steps(fields)
    budget = _budget(fields)
    phase = _phase(fields, context)
    card_news = _links(fields, "card_news")
    videos = _links(fields, "videos")
    diagnostics.extend(fields.diagnostics)
    if None in (title, status) or not proposals:
        return None
    return Experiment(
        name, title, proposals, team, steps, budget, status, phase, card_news, videos,
        document.body, document.path, document.body_line, proposal_lines,
    )


def links(archive) -> list:
    """Every id in an experiment's `proposals` names a proposal of the archive."""
    found = []
    for experiment in archive.experiments.values():
        for proposal_id, line in zip(experiment.proposals, experiment.proposal_lines):
            if proposal_id not in archive.proposals:
                found.append(diagnostic("experiment-proposal-unknown", experiment.path, line, value=proposal_id))
    return found


def is_safe_link(link: str) -> bool:
    """An http(s) address, or a file beside the page (a relative path with no scheme).

    Anything else (`javascript:`, `data:`, `//host`, spaces a browser would strip) is refused,
    so a link written in a record can only lead to a web page or the record's own files.
    """
    if any(ch.isspace() or ord(ch) < 32 or ch in '<>"\\' for ch in link):
        return False
    parts = urlsplit(link)
    if parts.scheme:
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)
    return not link.startswith("/")


def _phase(fields: Fields, context) -> str | None:
    phase = fields.text("phase")
    if phase and context.phase_ids and phase not in context.phase_ids:
        fields.report("unknown-phase", "phase", value=phase)
    return phase


def _required_choice(fields: Fields, key: str, allowed) -> str | None:
    return fields.choice(key, allowed) if fields.given(key, required=True) else None


def _proposal_ids(fields: Fields) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """`proposals`: one id or a list of at least one, with the line of each (links() checks them)."""
    if not fields.given("proposals", required=True):
        return (), ()
    ids = fields.texts("proposals")
    if fields.values["proposals"] == []:
        fields.report("empty-field", "proposals", field="proposals")
    lines = tuple(fields.document.line_of("proposals", index) for index in range(len(ids)))
    return ids, lines


def _entries(fields: Fields, key: str, known: set) -> list[Fields]:
    """The mappings of a list field (`team`, `steps`); an item that is not one is reported once."""
    if not fields.given(key, required=False):
        return []
    if not isinstance(fields.values[key], list):
        fields.report("not-a-list", key, field=key)
        return []
    entries = []
    for index in range(len(fields.values[key])):
        entry = Fields(fields.path, fields.document, known, (key, index))
        if entry.diagnostics and entry.diagnostics[0].slug == "not-a-mapping":
            fields.diagnostics.extend(entry.diagnostics)
        else:
            entries.append(entry)
    return entries


def _team(fields: Fields) -> tuple[tuple[str, str], ...]:
    team = []
    for entry in _entries(fields, "team", TEAM_FIELDS):
        handle = entry.handle("handle", required=True)
        role = entry.text("role") or ""
        if handle:
            team.append((handle, role))
        fields.diagnostics.extend(entry.diagnostics)
    return tuple(team)


def _steps(fields: Fields) -> tuple[ExperimentStep, ...]:
    """The steps written, each once, in the deck's order (기획 → 공론장 → 콘텐츠 → 결과 게시)."""
    steps = {}
    for entry in _entries(fields, "steps", STEP_FIELDS):
        step = _required_choice(entry, "step", EXPERIMENT_STEPS)
        state = _required_choice(entry, "state", STEP_STATES)
        day = entry.date("date")
        if step in steps:
            entry.report("duplicate-step", "step", value=step)
        elif step:
            steps[step] = ExperimentStep(step, state, day) if state else None
        fields.diagnostics.extend(entry.diagnostics)
    return tuple(steps[step] for step in EXPERIMENT_STEPS if steps.get(step))


def _budget(fields: Fields) -> int | None:
    """Won as a whole number, 0 or more; `1,500,000` and `150만원` are texts and refused."""
    if not fields.given("budget", required=False):
        return None
    value = fields.values["budget"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        fields.report("bad-budget", "budget", value=value)
        return None
    return value


def _links(fields: Fields, key: str) -> tuple[str, ...]:
    safe = []
    for index, link in enumerate(fields.texts(key)):
        if is_safe_link(link):
            safe.append(link)
        else:
            line = fields.document.line_of(key, index)
            fields.diagnostics.append(diagnostic("bad-media-link", fields.path, line, field=key, value=link))
    return tuple(safe)
