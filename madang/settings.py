"""The `madang` plugin's settings in mkdocs.yml, every one with a default.

```yaml
plugins:
  - search
  - madang:
      timezone: Asia/Seoul          # deadlines end at midnight here
      count: [verified, attested]   # which acts count (constants.LEVELS)
      forge: github                 # github, gitlab or gitea; guessed from repo_url
      phases:
        - {id: education, title: 1단계 사전교육, start: 2020-09-01, end: 2020-09-14}
      targets:                      # the group's goals, shown on the 과정 page
        - {label: 제안 10건, measure: proposals, goal: 10, by: 2020-09-18}
        - {label: 열린토론회 25명 이상, measure: attendees, goal: 25, meeting: 2020-09-29-forum}
```
"""

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from .constants import DEFAULT_COUNTED_LEVELS, DEFAULT_TIMEZONE, LEVELS, TARGET_MEASURES

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


class PhaseConfig(base.Config):
    id = c.Type(str)
    """Short id that records name in their `phase:` field."""
    title = c.Type(str)
    """Shown on the site, e.g. 1단계 사전교육."""
    start = _Day()
    end = _Day()
    tag = c.Optional(c.Type(str))
    """Git tag that freezes this phase's results (issue "Transparent decisions")."""
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


class MadangConfig(base.Config):
    timezone = _TimeZone()
    """The archive's time zone: deadlines end at midnight here."""
    count = c.ListOfItems(c.Choice(tuple(LEVELS)), default=list(DEFAULT_COUNTED_LEVELS))
    """Which verification levels count."""
    forge = c.Optional(c.Choice(FORGES))
    """Where pull requests live; guessed from `repo_url` when not set."""
    branch = c.Type(str, default="main")
    """The branch pull requests go to (act buttons open the forge's editor there)."""
    phases = c.ListOfItems(c.SubConfig(PhaseConfig), default=[])
    targets = _Targets()


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    start: date
    end: date
    tag: str | None
    description: str


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

    @property
    def phase_ids(self) -> tuple[str, ...]:
        return tuple(phase.id for phase in self.phases)


def settings_from(
    plugin_config: MadangConfig, site_name: str, repo_url: str | None, site_url: str | None = None
) -> Settings:
    zone = ZoneInfo(plugin_config.timezone)
    repo_url = repo_url.rstrip("/") if repo_url else None
    return Settings(
        site_name=site_name,
        timezone=zone,
        counted_levels=frozenset(plugin_config.count),
        phases=tuple(
            Phase(p.id, p.title, p.start, p.end, p.tag, p.description) for p in plugin_config.phases
        ),
        repo_url=repo_url,
        forge=plugin_config.forge or _guess_forge(repo_url),
        today=build_day(zone),
        targets=tuple(
            Target(t.label, t.measure, t.goal, t.phase, t.meeting, t.by) for t in plugin_config.targets
        ),
        branch=plugin_config.branch,
        site_url=site_url.rstrip("/") if site_url else None,
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
