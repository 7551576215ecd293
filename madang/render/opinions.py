"""Opinions (의견) under a proposal, a poll or an experiment.

The counted opinions are shown as a thread: first opinions in the order they
landed, each followed by its replies, indented. A reply whose opinion is gone
(or replies going round in a loop) starts a thread of its own. Each opinion's
Markdown is sanitized by safe.py, and the whole thread is one raw HTML block,
which MkDocs passes through untouched. What did not count is listed below it.
A record with many opinions shows its first threads and pages through the rest
(actlists.RecordLists), a thread never cut between two pages.
"""

from collections import defaultdict

from ..constants import LEVELS, OPINION, OPINION_ENDORSEMENT, REASONS, VERIFIED
from ..tally import opinion_endorsement_counts
from ..validate.opinions import opinion_id
from .actlists import markdown_list
from .format import endorsers, moment, on_paper, person, provenance, text
from .safe import html_block, safe_html
from ..i18n import _, ngettext

MAX_INDENT = 3
"""Deeper replies stay at this indent, so a long exchange still fits a phone."""
BODY_TOP_HEADING = 4
"""An opinion's `#` heading is an h4: below the page's h1 and this section's h2."""
THREADS_PER_PAGE, THREAD_PREVIEW = 20, 5
"""Threads per page of a record's own listing of opinions, and on the record's page when there are more:
an opinion may be long (10,000 characters), an act line is not."""


def opinion_section(record_kind: str, record_id: str, archive, counts, settings, lists) -> list[str]:
    """Markdown lines of the opinions on one record, for its page; empty when there are none.
    `lists` collects the pages of its long lists (actlists.RecordLists)."""
    opinions = counts.records.get((record_kind + OPINION, record_id))
    endorsements = counts.records.get((record_kind + OPINION_ENDORSEMENT, record_id))
    opinion_acts = opinions.acts if opinions else ()
    endorsement_acts = endorsements.acts if endorsements else ()
    if not opinion_acts and not endorsement_acts:
        return []
    counted = [act for act in opinion_acts if act.counted]
    lines = ["## " + ngettext("의견 {n}개", "의견 {n}개", len(counted)), ""]
    if counted:
        endorsed = opinion_endorsement_counts(endorsements)
        threads = _threads_html(thread(counted), endorsed, archive.members, settings)
        lines += lists.show("opinions", _("의견 글타래"), threads, _opinions_block, unit="개",
                            per_page=THREADS_PER_PAGE, preview=THREAD_PREVIEW)
        lines.append("")
    else:
        lines += [_("집계된 의견이 없습니다."), ""]
    not_counted = [(_("의견"), act) for act in opinion_acts if not act.counted]
    not_counted += [(_("공감"), act) for act in endorsement_acts if not act.counted]
    return lines + _audit(not_counted, settings, lists)


def opinion_count(record_kind: str, record_id: str, counts) -> int:
    """Counted opinions on one record, for the listings."""
    record = counts.records.get((record_kind + OPINION, record_id))
    return record.count if record else 0


def thread(opinions) -> list[tuple[object, int]]:
    """(opinion, depth) in reading order: first opinions by landing time, each followed by its replies."""
    ordered = sorted(opinions, key=_landing_order)
    ids = {opinion_id(act.path) for act in ordered}
    replies, first = defaultdict(list), []
    for act in ordered:
        parent = _reply_to(act)
        if parent in ids and parent != opinion_id(act.path):
            replies[parent].append(act)
        else:
            first.append(act)
    shown, seen = [], set()
    for start in first + ordered:  # an opinion not reached from a first one is in a loop of replies
        stack = [(start, 0)]
        while stack:
            act, depth = stack.pop()
            oid = opinion_id(act.path)
            if oid not in seen:
                seen.add(oid)
                shown.append((act, depth))
                stack += [(reply, depth + 1) for reply in reversed(replies[oid])]
    return shown


def _landing_order(opinion):
    """By landing time; opinions landed together by author, then number (heidi.2 before heidi.10)."""
    handle, _, number = opinion_id(opinion.path).rpartition(".")
    return opinion.added or opinion.landed, handle, int(number)


def _reply_to(opinion) -> str | None:
    """The id the opinion replies to, as judged by the tally (lower-cased), or None."""
    value = (opinion.content or {}).get("reply_to")
    return str(value).lower() if value is not None else None


def _threads_html(shown, endorsed: dict, members, settings) -> list[str]:
    """The HTML of each thread: a first opinion and its replies, as thread() gives them."""
    threads = []
    for act, depth in shown:
        if depth == 0:
            threads.append([])
        threads[-1].append((act, min(depth, MAX_INDENT)))
    return [_thread_html(opinions, endorsed, members, settings) for opinions in threads]


def _thread_html(opinions, endorsed: dict, members, settings) -> str:
    """Each reply level is a blockquote, which Material indents with a rule; all closed by the thread's end."""
    parts, level = [], 0
    for act, depth in opinions:
        parts += ["</blockquote>"] * (level - depth) + ['<blockquote class="madang-replies">'] * (depth - level)
        level = depth
        parts.append(_opinion_html(act, endorsed, members, settings))
    return "\n".join(parts + ["</blockquote>"] * level)


def _opinions_block(threads, first) -> list[str]:
    """Threads (_threads_html) in one raw HTML block (a block for actlists.RecordLists.show)."""
    return [html_block("\n".join(['<div class="madang-opinions">', *threads, "</div>"]))]


def _opinion_html(act, endorsed: dict, members, settings) -> str:
    """김하이디 (@heidi) · 2020.09.10 15:00 · 공감 2명 · heidi.1 · PR #7 · `abc1234`, then the text."""
    oid = opinion_id(act.path)
    meta = [f"**{person(act.handle, members)}**", moment(act.added, settings.timezone) + on_paper(act)]
    if act.landed != act.added:
        meta.append(_("수정 {when}", when=moment(act.landed, settings.timezone)))
    meta += [endorsers(endorsed.get(oid, 0)), f"[{oid}](#opinion-{oid})"]
    if act.level != VERIFIED:
        meta.append(LEVELS[act.level])
    meta.append(provenance(settings, act.pr, act.commit))
    return (
        f'<div class="madang-opinion" id="opinion-{oid}">\n'
        f"{safe_html(' · '.join(meta))}\n{safe_html(act.body or '', BODY_TOP_HEADING)}\n</div>"
    )


def _audit(not_counted, settings, lists) -> list[str]:
    """의견 @mallory mallory.1.md · 작성자가 본인임을 확인할 수 없음 · PR #9"""
    if not not_counted:
        return []
    lines = [_("집계되지 않은 의견과 공감:"), ""]
    rows = []
    for what, act in not_counted:
        name = act.path.rsplit("/", 1)[-1]
        where = provenance(settings, act.pr, act.commit)
        parts = [f"{what} @{text(act.handle)} {text(name)}", REASONS[act.reason], where]
        rows.append("- " + " · ".join(part for part in parts if part))
    return lines + lists.show("opinions-not-counted", _("집계되지 않은 의견과 공감"), rows, markdown_list) + [""]
