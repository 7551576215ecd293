"""The `madang` plugin's settings in mkdocs.yml, every one with a default.

```yaml
plugins:
  - search
  - madang:
      format: 1                     # the archive format (constants.ARCHIVE_FORMAT); absent: 1
      timezone: Asia/Seoul          # deadlines end at midnight here
      count: [verified, forge, attested]   # which acts count (constants.LEVELS)
      forge: github                 # github, gitlab or gitea; guessed from repo_url
      endorse_days: 30              # a new proposal's endorsement window (제안하기 fills endorse_until)
      best: {top: 3, min: 3}        # BEST: the top 3 ranks by endorsements (ties together), 3 or more each
      phases:
        - {id: education, title: 1단계 사전교육, start: 2020-09-01, end: 2020-09-14}
      targets:                      # the group's goals, shown on the 과정 page
        - {label: 제안 10건, measure: proposals, goal: 10, by: 2020-09-18}
        - {label: 열린토론회 25명 이상, measure: attendees, goal: 25, meeting: 2020-09-29-forum}
      selection:                    # the weighted selection (실험장 선정), computed in score.py
        title: 실험장 선정 (2020년 9월)
        candidates: [2020-09-infant-hours, 2020-09-reservation]   # proposal ids
        components:                 # weights in percent, adding up to 100
          - {label: 공감, weight: 20, source: endorsements}
          - {label: 현장 투표, weight: 30, source: poll, poll: 2020-09-forum-vote}
          - {label: 팀원 평가, weight: 50, source: score-poll, poll: 2020-09-team-review}
        normalize: best             # each component ÷ the best candidate's value × 100
        tie_break: [팀원 평가, 공감]  # equal totals: compared in turn, then the proposal id
        winners: 1                  # how many are selected
```
"""

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from . import __version__
from .constants import (
    ARCHIVE_FORMAT, BEST_MINIMUM, BEST_TOP, DEFAULT_COUNTED_LEVELS, DEFAULT_ENDORSE_DAYS, DEFAULT_TIMEZONE, LEVELS,
    TARGET_MEASURES,
)
from .i18n import SOURCE_LANGUAGE, site_language

FORGES = ("github", "gitlab", "gitea")


class _Day(base.BaseConfigOption):
    """A calendar day, written 2020-09-01 (YAML may already have made it a date)."""

    def run_validation(self, value):
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise base.ValidationError(f"'{value}'은(는) 날짜가 아닙니다 / is not a date (2020-09-01)") from None


class _Format(base.BaseConfigOption):
    """The archive format the archive is written in: 1 up to the newest this madang reads (ARCHIVE_FORMAT)."""

    def __init__(self):
        super().__init__()
        self.default = 1

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(
                f"'{value}': 아카이브 형식은 1 이상의 정수입니다 / the archive format is a whole number, 1 or more"
            )
        if value > ARCHIVE_FORMAT:
            raise base.ValidationError(
                f"이 아카이브는 형식 {value}로 적혀 있고 설치된 madang {__version__}은 형식 {ARCHIVE_FORMAT}까지 읽으니 "
                "madang을 올려 주세요 (python -m pip install --upgrade madang) / this archive is written in format "
                f"{value}, and madang {__version__} reads formats up to {ARCHIVE_FORMAT}: upgrade madang "
                "(python -m pip install --upgrade madang)"
            )
        return value


class _TimeZone(c.Type):
    def __init__(self):
        super().__init__(str, default=DEFAULT_TIMEZONE)

    def run_validation(self, value):
        value = super().run_validation(value)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(f"'{value}'은(는) 시간대가 아닙니다 / is not a time zone (Asia/Seoul)") from None
        return value


class _Commit(c.Type):
    """A commit's full sha, 40 hexadecimal digits: a prefix unique today can name two commits once
    the history grows, and a phase's results must stay where they were frozen."""

    def __init__(self):
        super().__init__(str)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not re.fullmatch(r"[0-9a-fA-F]{40}", value):
            raise base.ValidationError(
                f"'{value}': 커밋의 전체 sha(16진수 40자리)를 적어 주세요 (git rev-parse 태그) / "
                "write the commit's full sha, 40 hexadecimal digits (git rev-parse TAG)"
            )
        return value.lower()


class PhaseConfig(base.Config):
    id = c.Type(str)
    """Short id that records name in their `phase:` field."""
    title = c.Type(str)
    """Shown on the site, e.g. 1단계 사전교육."""
    start = _Day()
    end = _Day()
    tag = c.Optional(c.Type(str))
    """Git tag that freezes this phase's results (issue "Transparent decisions")."""
    commit = c.Optional(_Commit())
    """The commit that freezes them, pinned: tags do not travel with every clone and can be moved."""
    description = c.Type(str, default="")


class _Goal(base.BaseConfigOption):
    """A whole number, 1 or more."""

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(f"'{value}': 1 이상의 정수여야 합니다 / must be a whole number, 1 or more")
        return value


class TargetConfig(base.Config):
    """One of the group's targets (the deck's 운영 목표): a measure, a goal, optionally a phase and a day."""

    label = c.Type(str)
    """Shown on the 과정 page, e.g. 제안 10건."""
    measure = c.Choice(tuple(TARGET_MEASURES))
    goal = _Goal()
    phase = c.Optional(c.Type(str))
    """Count only records of this phase; its end is the target's day unless `by` is given."""
    meeting = c.Optional(c.Type(str))
    """With `measure: attendees`: the attendees of this one meeting."""
    by = c.Optional(_Day())
    """The day by which the goal is due; after it an unmet target is 미달."""


class _Targets(c.ListOfItems):
    """`targets`, whose phases must be declared and whose `meeting` goes with `measure: attendees`."""

    def __init__(self):
        super().__init__(c.SubConfig(TargetConfig), default=[])

    def post_validation(self, config, key_name):
        declared = {phase.id for phase in config["phases"]}
        for target in config[key_name]:
            if target.phase and target.phase not in declared:
                raise base.ValidationError(
                    f"'{target.label}': 단계 '{target.phase}'이(가) phases에 없습니다 / phase not declared in 'phases'"
                )
            if target.meeting and target.measure != "attendees":
                raise base.ValidationError(
                    f"'{target.label}': 'meeting'은 'measure: attendees'와 함께 씁니다 / "
                    "'meeting' goes with 'measure: attendees'"
                )


SELECTION_SOURCES = {
    "endorsements": "공감 수",
    "poll": "투표 표 수",
    "score-poll": "점수 투표 평균",
}
"""Where a selection component's value comes from (madang/score.py says how each is counted)."""
NORMALIZATIONS = {"best": "가장 높은 후보를 100으로"}


class _OneOf(base.BaseConfigOption):
    """One of a few words, with a bilingual message (MkDocs' Choice speaks English only)."""

    def __init__(self, allowed: dict, default=None):
        super().__init__()
        self.allowed = allowed
        self.default = default

    def run_validation(self, value):
        if value not in self.allowed:
            words = ", ".join(self.allowed)
            raise base.ValidationError(f"'{value}'은(는) 쓸 수 없습니다. {words} 중 하나를 적으세요 / must be one of {words}")
        return value


class ComponentConfig(base.Config):
    """One part of a weighted selection: where its value comes from and its weight in percent."""

    label = c.Type(str)
    weight = _Goal()
    source = _OneOf(SELECTION_SOURCES)
    poll = c.Optional(c.Type(str))
    """With `source: poll` or `source: score-poll`: the poll's id."""


class SelectionConfig(base.Config):
    """`selection`: the deck's 실험장 선정, candidates ranked by weighted, normalised components."""

    title = c.Type(str, default="실험장 선정")
    candidates = c.ListOfItems(c.Type(str))
    """Proposal ids."""
    components = c.ListOfItems(c.SubConfig(ComponentConfig))
    normalize = _OneOf(NORMALIZATIONS, default="best")
    tie_break = c.ListOfItems(c.Type(str), default=[])
    """Component labels compared in turn when totals are equal; the proposal id decides last."""
    winners = c.Optional(_Goal())
    """How many of the top candidates are selected (default 1)."""


class _Selection(c.SubConfig):
    """`selection`, whose weights add up to 100 and whose components name a poll exactly when they need one."""

    def __init__(self):
        super().__init__()
        self.config_class = SelectionConfig
        self._do_validation = True
        self.default = None

    def run_validation(self, value):
        if value is None:
            return None
        config = super().run_validation(value)
        for problem in selection_problems(config):
            raise base.ValidationError(problem)
        return config


def selection_problems(config) -> list[str]:
    """What is wrong with a `selection` setting on its own (score.py checks it against the archive)."""
    problems = []
    if not config.candidates:
        problems.append("'candidates'에 후보 제안을 적어 주세요 / list the candidate proposals in 'candidates'")
    if len(set(config.candidates)) != len(config.candidates):
        problems.append("'candidates'에 같은 제안이 두 번 있습니다 / a candidate is listed twice")
    if not config.components:
        problems.append("'components'에 항목을 적어 주세요 / list the components in 'components'")
    total = sum(component.weight for component in config.components)
    if config.components and total != 100:
        problems.append(f"가중치(weight)의 합이 {total}입니다. 합이 100이 되게 적어 주세요 / the weights add up to {total}, not 100")
    labels = [component.label for component in config.components]
    if len(set(labels)) != len(labels):
        problems.append("'components'의 label이 겹칩니다 / two components have the same label")
    for component in config.components:
        needs_poll = component.source != "endorsements"
        if needs_poll and not component.poll:
            problems.append(f"'{component.label}': 'source: {component.source}'에는 'poll'(투표 id)을 적어야 합니다 / "
                            f"'source: {component.source}' needs 'poll'")
        if component.poll and not needs_poll:
            problems.append(f"'{component.label}': 'source: endorsements'에는 'poll'을 쓰지 않습니다 / "
                            "'source: endorsements' takes no 'poll'")
    for label in config.tie_break:
        if label not in labels:
            problems.append(f"'tie_break'의 '{label}'은(는) components의 label이 아닙니다 / is not a component's label")
    return problems


class BestConfig(base.Config):
    """`best: {top: 3, min: 3}`: which proposals are marked BEST."""

    top = c.Type(int, default=BEST_TOP)
    """How many ranks are BEST; proposals tied at the last one are BEST together."""
    min = c.Type(int, default=BEST_MINIMUM)
    """The fewest counted endorsements a BEST proposal has."""


class LicenseConfig(base.Config):
    """`license: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/deed.ko}`"""

    name = c.Optional(c.Type(str))
    url = c.Optional(c.Type(str))


class MadangConfig(base.Config):
    format = _Format()
    """The archive format the files are written in (README "형식 올리기"); first, so it is judged first."""
    timezone = _TimeZone()
    """The archive's time zone: deadlines end at midnight here."""
    count = c.ListOfItems(c.Choice(tuple(LEVELS)), default=list(DEFAULT_COUNTED_LEVELS))
    """Which verification levels count."""
    forge = c.Optional(c.Choice(FORGES))
    """Where pull requests live; guessed from `repo_url` when not set."""
    branch = c.Type(str, default="main")
    """The branch pull requests go to (act buttons open the forge's editor there)."""
    endorse_days = c.Type(int, default=DEFAULT_ENDORSE_DAYS)
    """A new proposal's endorsement window in days: 제안하기 and the proposal form fill `endorse_until` with it."""
    best = c.SubConfig(BestConfig)
    """Which proposals are marked BEST (score.best_proposals)."""
    phases = c.ListOfItems(c.SubConfig(PhaseConfig), default=[])
    targets = _Targets()
    selection = _Selection()
    """The weighted selection shown on selection.md (madang/score.py)."""
    license = c.SubConfig(LicenseConfig)
    """The licence of the archive's content and open data, e.g. {name: CC BY 4.0, url: …}; none by default."""
    book = c.Type(bool, default=False)
    """`build` also writes SITE/book.pdf (the book, madang/book.py) and the 자료 page links it."""

    def validate(self):
        """A newer format's other settings may mean what this madang cannot know: then only the format is said."""
        failed, warnings = super().validate()
        newer = [(key, error) for key, error in failed if key == "format"]
        return (newer, []) if newer else (failed, warnings)


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    start: date
    end: date
    tag: str | None
    description: str
    commit: str | None = None
    """The pinned commit freezing the phase (its full sha); else the tag's, where the tag exists."""


@dataclass(frozen=True)
class Target:
    label: str
    measure: str
    """A key of constants.TARGET_MEASURES."""
    goal: int
    phase: str | None = None
    meeting: str | None = None
    by: date | None = None


@dataclass(frozen=True)
class Component:
    label: str
    weight: int
    """Percent; a selection's weights add up to 100."""
    source: str
    """A key of SELECTION_SOURCES."""
    poll: str | None = None


@dataclass(frozen=True)
class Selection:
    title: str
    candidates: tuple[str, ...]
    """Proposal ids."""
    components: tuple[Component, ...]
    normalize: str = "best"
    tie_break: tuple[str, ...] = ()
    """Component labels compared in turn when totals are equal; empty: the heaviest first."""
    winners: int = 1


@dataclass(frozen=True)
class BestRule:
    top: int = BEST_TOP
    """Ranks marked BEST; a tie at the last is BEST together."""
    minimum: int = BEST_MINIMUM
    """The fewest counted endorsements of a BEST proposal."""


@dataclass(frozen=True)
class Settings:
    """Everything the stages need from mkdocs.yml, as plain values."""

    site_name: str
    timezone: ZoneInfo
    counted_levels: frozenset
    phases: tuple[Phase, ...]
    repo_url: str | None
    forge: str | None
    today: date
    """The build's day in the archive's time zone: SOURCE_DATE_EPOCH if set, else now."""
    targets: tuple[Target, ...] = ()
    branch: str = "main"
    """The branch pull requests go to: act buttons open the forge's editor on it."""
    site_url: str | None = None
    """mkdocs.yml's site_url, for absolute links (calendar events, feeds); None when not set."""
    selection: Selection | None = None
    license: tuple[str, str | None] | None = None
    """(name, url) of the licence the archive declares; None when it declares none."""
    book: bool = False
    """Whether `build` writes book.pdf into the site."""
    archive_format: int = 1
    """The archive format the files are written in (`format:`), shown in the footer and data/audit.json."""
    endorse_days: int = DEFAULT_ENDORSE_DAYS
    """A new proposal's endorsement window in days (its `endorse_until` is that many days after `proposed`)."""
    language: str = "ko"
    """The language citizens read (mkdocs.yml `theme.language`, as i18n.site_language finds its catalog)."""
    requested_language: str = "ko"
    """`theme.language` as written; `check` warns when madang has no catalog for it."""
    best: BestRule = BestRule()
    """Which proposals are marked BEST (score.best_proposals)."""

    @property
    def phase_ids(self) -> tuple[str, ...]:
        return tuple(phase.id for phase in self.phases)


def settings_from(
    plugin_config: MadangConfig, site_name: str, repo_url: str | None, site_url: str | None = None,
    language: str | None = None,
) -> Settings:
    zone = ZoneInfo(plugin_config.timezone)
    repo_url = repo_url.rstrip("/") if repo_url else None
    return Settings(
        site_name=site_name,
        timezone=zone,
        counted_levels=frozenset(plugin_config.count),
        phases=tuple(
            Phase(p.id, p.title, p.start, p.end, p.tag, p.description, p.commit) for p in plugin_config.phases
        ),
        repo_url=repo_url,
        forge=plugin_config.forge or _guess_forge(repo_url),
        today=build_day(zone),
        targets=tuple(
            Target(t.label, t.measure, t.goal, t.phase, t.meeting, t.by) for t in plugin_config.targets
        ),
        branch=plugin_config.branch,
        site_url=site_url.rstrip("/") if site_url else None,
        selection=_selection(plugin_config.selection),
        license=(plugin_config.license.name, plugin_config.license.url) if plugin_config.license.name else None,
        book=plugin_config.book,
        archive_format=plugin_config.format,
        endorse_days=plugin_config.endorse_days,
        language=site_language(language),
        requested_language=str(language or SOURCE_LANGUAGE),
        best=BestRule(plugin_config.best.top, plugin_config.best.min),
    )


def _selection(config) -> Selection | None:
    if config is None:
        return None
    return Selection(
        title=config.title,
        candidates=tuple(config.candidates),
        components=tuple(Component(part.label, part.weight, part.source, part.poll) for part in config.components),
        normalize=config.normalize,
        tie_break=tuple(config.tie_break),
        winners=config.winners or 1,
    )


def build_day(zone: ZoneInfo) -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.astimezone(zone).date()


def _guess_forge(repo_url: str | None) -> str | None:
    if not repo_url:
        return None
    for forge in FORGES:
        if forge in repo_url:
            return forge
    return "gitea" if "codeberg" in repo_url else None

