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
```
"""

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from .constants import DEFAULT_COUNTED_LEVELS, DEFAULT_TIMEZONE, LEVELS

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


class MadangConfig(base.Config):
    timezone = _TimeZone()
    """The archive's time zone: deadlines end at midnight here."""
    count = c.ListOfItems(c.Choice(tuple(LEVELS)), default=list(DEFAULT_COUNTED_LEVELS))
    """Which verification levels count."""
    forge = c.Optional(c.Choice(FORGES))
    """Where pull requests live; guessed from `repo_url` when not set."""
    phases = c.ListOfItems(c.SubConfig(PhaseConfig), default=[])


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    start: date
    end: date
    tag: str | None
    description: str


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

    @property
    def phase_ids(self) -> tuple[str, ...]:
        return tuple(phase.id for phase in self.phases)


def settings_from(plugin_config: MadangConfig, site_name: str, repo_url: str | None) -> Settings:
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
