"""Small helpers every page uses: Korean dates, safe text, links to the forge."""

import html
import json
import re
from datetime import date, datetime
from urllib.parse import urlsplit

from ..constants import LEVELS
from ..validate.actfields import act_values
from .safe import LINK_REL
from ..i18n import _, ngettext

MARKDOWN_SPECIALS = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+!|~"})
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters and line or paragraph separators: nothing a reader sees on one line."""


def one_line(value) -> str:
    """User-written text as the one line a reader sees: control characters and line breaks are
    spaces, runs of spaces one. Every output of a one-line field (HTML, cards) starts from this."""
    return " ".join(INVISIBLE.sub(" ", str(value)).split())


def text(value) -> str:
    """User-written text made inert inside generated Markdown (one line)."""
    return html_text(value).translate(MARKDOWN_SPECIALS)


def html_text(value) -> str:
    """User-written text made inert inside raw HTML, as text or a quoted attribute (one line)."""
    return html.escape(one_line(value), quote=True)


def page_heading(title: str) -> list[str]:
    """A page's first lines: its title for the browser tab and its `#` heading.

    MkDocs would take the title from the heading's text and themes print it
    unescaped into <title>, so a title someone wrote could close that tag. The
    front matter gives the title already escaped instead.
    """
    plain = one_line(title)
    return ["---", f"title: {json.dumps(html.escape(plain), ensure_ascii=False)}", "---", "", f"# {text(plain)}"]


def day(value: date | None) -> str:
    """2020.10.02, the way the deck writes dates."""
    return f"{value.year}.{value.month:02}.{value.day:02}" if value else ""


def nowrap(shown: str) -> str:
    """A value a line must not break inside (2020.09.22 (화) 10:00–11:30 breaks after its dash), as inline HTML."""
    return f'<span class="madang-nowrap">{shown}</span>'


def moment(value: datetime | None, zone) -> str:
    """2020.10.02 23:30 in the archive's time zone."""
    if value is None:
        return ""
    local = value.astimezone(zone)
    return f"{day(local.date())} {local.hour:02}:{local.minute:02}"


def d_day(deadline: date | None, today: date) -> str:
    """D-29, D-day or 마감 (closed), as of the build day."""
    if deadline is None:
        return ""
    days = (deadline - today).days
    if days > 0:
        return f"D-{days}"
    return "D-day" if days == 0 else _("마감")


def how_to_check(*paragraphs: str) -> str:
    """The collapsed "어떻게 확인하나요?" block holding the git words behind a fact (commits, commands), one tap
    away from the plain sentence; `paragraphs` are inert HTML (a raw HTML block: Markdown is not read inside)."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    summary = html.escape(_("어떻게 확인하나요?"))
    return f'<details class="madang-how"><summary>{summary}</summary>{body}</details>'


def headcount(count: int) -> str:
    """3명, a number of people under a heading that says what they did (공감, 참석)."""
    return ngettext("{n}명", "{n}명", count)


def endorsers(count: int) -> str:
    """공감 3명 (3 endorsements): how many people a proposal's count holds."""
    return ngettext("공감 {n}명", "공감 {n}명", count)


def live_d_day(deadline: date | None, today: date, zone) -> str:
    """d_day() in a <time> the reader's browser keeps current (theme/assets/madang-live.js).

    The built text stays as the fallback without JavaScript; the browser counts
    the days to the end of `deadline` in the archive's time zone, not the reader's.
    """
    if deadline is None:
        return ""
    return (f'<time datetime="{deadline.isoformat()}" data-madang-deadline data-madang-zone="{zone.key}">'
            f"{d_day(deadline, today)}</time>")


def live_status(label: str, until: date, then: str, zone) -> str:
    """A status word the browser changes to `then` once the day `until` has ended (모집중 → 마감)."""
    return (f'<span data-madang-until="{until.isoformat()}" data-madang-then="{html.escape(then)}" '
            f'data-madang-zone="{zone.key}">{html.escape(label)}</span>')


def person(handle: str, members, inert=text) -> str:
    """A person's display name and handle: 김하이디 (@heidi); `inert=html_text` inside raw HTML."""
    member = members.get(handle.lower())
    if member is None or member.shown_name == member.handle:
        return f"@{inert(handle)}"
    return f"{inert(member.shown_name)} (@{inert(handle)})"


def pr_url(settings, number: int) -> str | None:
    if not settings.repo_url or settings.forge is None:
        return None
    path = {"github": "pull", "gitlab": "-/merge_requests", "gitea": "pulls"}[settings.forge]
    return f"{settings.repo_url}/{path}/{number}"


def commit_url(settings, sha: str) -> str | None:
    if not settings.repo_url or settings.forge is None:
        return None
    path = "-/commit" if settings.forge == "gitlab" else "commit"
    return f"{settings.repo_url}/{path}/{sha}"


def link(label: str, url: str | None) -> str:
    return f"[{label}]({url})" if url else label


def html_link(label: str, url: str | None) -> str:
    return f'<a href="{html.escape(url)}">{label}</a>' if url else label


def provenance(settings, pr: int | None, commit: str | None, in_html: bool = False) -> str:
    """Where an act came in, in plain words linked to the evidence: 변경 요청 #12 (the pull request) · 기록 (the
    commit); Markdown, or raw HTML. Without a forge to link to, the short commit stays as the one evidence."""
    linked, code = (html_link, "<code>{}</code>") if in_html else (link, "`{}`")
    parts = []
    if pr is not None:
        parts.append(linked(_("변경 요청 #{number}", number=pr), pr_url(settings, pr)))
    if commit:
        url = commit_url(settings, commit)
        parts.append(linked(_("기록"), url) if url else code.format(commit[:7]))
    return " · ".join(parts)


def act_fields_text(declared, content) -> str:
    """' · 이름: 김하이디 · 누리집: example.org' (inert HTML): the fields a record declares for its acts
    (`act_fields:`), as this act's file holds them.

    A url is a link to its host, marked as what a citizen wrote (safe.LINK_REL), so search
    engines do not follow it and the page it opens cannot reach back to ours."""
    values = act_values(declared, content)
    parts = []
    for field in declared:
        value = values[field.name]
        if value is not None:
            shown = web_link(value) if field.type == "url" else html_text(value)
            parts.append(f" · {html_text(field.label)}: {shown}")
    return "".join(parts)


def web_link(address: str) -> str:
    """An http(s) address a citizen wrote (checked by validate.actfields.is_web_address), as a link to its host."""
    return f'<a href="{html.escape(address, quote=True)}" rel="{LINK_REL}">{html_text(urlsplit(address).hostname)}</a>'


def act_items(acts, members, settings, detail) -> list[str]:
    """Counted acts, one `<li>` each: who, when it landed, where (PR or commit), how it was verified,
    then `detail(act)` (inert HTML); act_list holds them.

    Raw HTML, not Markdown: a city's archive has hundreds of thousands of
    these lines, and Python-Markdown's inline patterns over them were a third of its work.
    """
    return [
        f"<li>{person(act.handle, members, html_text)} · {moment(act.landed, settings.timezone)}{on_paper(act)} · "
        f"{provenance(settings, act.pr, act.commit, in_html=True)} · {LEVELS[act.level]}{detail(act)}</li>"
        for act in acts
    ]


def on_paper(act) -> str:
    """' (종이에 쓴 날 2020.09.20)' beside the landing of an act transcribed later (ActResult.paper_day)."""
    return " " + _("(종이에 쓴 날 {day})", day=day(act.paper_day)) if act.paper_day is not None else ""


def act_list(items, first=1) -> list[str]:
    """act_items in their list (a block for actlists.RecordLists.show)."""
    return ['<ul class="madang-acts">', *items, "</ul>"]
