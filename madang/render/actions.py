"""One-click acts: buttons that open the forge's web editor with the act's file prefilled.

Every act is a file named after its actor, added by a pull request; a citizen
should not have to know that. A button opens the forge's "new file" page with
the path and content filled in (GitHub `/new/<branch>?filename=…&value=…`,
Gitea and Forgejo `/_new/<branch>/?filename=…&value=…`); the forge offers to
fork and opens the pull request. GitLab has no prefill, and an archive without
a forge has no editor: there the page shows the exact file to create.

A static page does not know who reads it, so the file name carries the
placeholder `내-아이디` until the reader types their id once (madang.js keeps it
in the browser and rewrites the links). A placeholder left in place is not a
valid handle, so the pull request check says to rename the file. Links carry
only text madang wrote (record ids, option ids, fixed templates), always
percent-encoded.
"""

import html
from urllib.parse import quote

import yaml

from .format import one_line
from ..i18n import _

HANDLE = "내-아이디"
"""Stands for the reader's id in paths until madang.js replaces it."""
PROPOSAL_ID = "새-제안"
"""Stands for a new proposal's id until madang.js makes it from the title typed."""
TITLE_PLACEHOLDER = "제목을 적어 주세요"
"""A new proposal's title in its template until madang.js puts the title typed there."""

NEW_FILE = {
    "github": "{repo}/new/{branch}?filename={path}&value={content}",
    "gitea": "{repo}/_new/{branch}/?filename={path}&value={content}",
}
EDIT_FILE = {
    "github": "{repo}/edit/{branch}/{path}",
    "gitea": "{repo}/_edit/{branch}/{path}",
    "gitlab": "{repo}/-/edit/{branch}/{path}",
}
DELETE_FILE = {
    "github": "{repo}/delete/{branch}/{path}",
    "gitea": "{repo}/_delete/{branch}/{path}",
}


def yaml_scalar(value) -> str:
    """`value` as one YAML scalar on one line, quoted where YAML needs it (`a: b`, `#x`, `yes`)."""
    return yaml.safe_dump([one_line(value)], default_flow_style=True, allow_unicode=True, width=float("inf"))[1:-2]


def yaml_comment(value, indent: int = 1) -> str:
    """What people wrote, shown in a template as a YAML comment: one line, so it cannot end the comment."""
    return "#" + " " * indent + one_line(value)


def act_template(content: str, declared) -> str:
    """An act file to fill in: `content`, then every field its record declares (`act_fields:`), left
    empty (an empty field is no value), with its label and what it takes as a comment."""
    lines = []
    for field in declared:
        takes = {"url": " (https://…)", "choice": f": {', '.join(field.choices)}"}.get(field.type, "")
        lines.append(f"{field.name}:   {yaml_comment(field.label + takes)}")
    return content + "".join(f"{line}\n" for line in lines)


def new_file_url(settings, path: str, content: str) -> str | None:
    """The forge's editor for a new file, prefilled; None where the forge cannot prefill."""
    template = NEW_FILE.get(settings.forge) if settings.repo_url else None
    if template is None:
        return None
    return template.format(repo=settings.repo_url, branch=quote(settings.branch, safe=""),
                           path=quote(path, safe="/"), content=quote(content, safe=""))


def file_url(settings, path: str, action: dict) -> str | None:
    """The forge's page to edit (EDIT_FILE) or delete (DELETE_FILE) one file; None where there is none."""
    template = action.get(settings.forge) if settings.repo_url else None
    if template is None:
        return None
    return template.format(repo=settings.repo_url, branch=quote(settings.branch, safe=""), path=quote(path, safe="/"))


def act_block(settings, label: str, path: str, content: str, *, own: str | None = None) -> list[str]:
    """A button (or, without a prefilling forge, the file to create), plus change/withdraw links.

    `own` is the label of the reader's existing act (e.g. 내 공감) when the act can be changed or withdrawn.
    """
    url = new_file_url(settings, path, content)
    if url is not None:
        parts = [_button(url, label, primary=True)]
    else:
        parts = [
            "<p>" + _("{label}: 이 파일을 저장소에 더해 주세요 (변경 요청):", label=label) + "</p>",
            f'<p><code data-madang-act>{html.escape(path)}</code></p>',
            "<pre><code>" + (html.escape(content) or html.escape(_("(빈 파일)"))) + "</code></pre>",
        ]
    return [f'<div class="madang-actions">{"".join(parts + _own_links(settings, path, own))}</div>', ""]


def choice_block(settings, path: str, choices, *, own: str | None = None) -> list[str] | None:
    """One button per (label, content): the same act file, each prefilled with a different answer (a poll's
    options); None where the forge cannot prefill, so the caller shows the file to fill in instead.

    Labels are what people wrote (option labels): escaped here.
    """
    urls = [(html.escape(label), new_file_url(settings, path, content)) for label, content in choices]
    if not urls or any(url is None for _, url in urls):
        return None
    parts = [_button(url, label, primary=True) for label, url in urls]
    return [f'<div class="madang-actions madang-choices">{"".join(parts + _own_links(settings, path, own))}</div>', ""]


def _button(url: str, label: str, *, primary: bool = False) -> str:
    kind = "md-button md-button--primary" if primary else "md-button"
    return f'<a class="{kind}" data-madang-act href="{html.escape(url)}">{label}</a>'


def _own_links(settings, path: str, own: str | None) -> list[str]:
    """고치기 and 취소하기 for the reader's existing act file, where the forge has those pages."""
    if not own:
        return []
    links = []
    for action, label in ((EDIT_FILE, _("{what} 고치기", what=own)), (DELETE_FILE, _("{what} 취소하기", what=own))):
        link = file_url(settings, path, action)
        if link:
            links.append(_button(link, label))
    return links


def handle_form() -> list[str]:
    """The reader's id, kept in their browser so the buttons name their file."""
    return [
        '<form class="madang-handle" hidden><label>' + html.escape(_("내 아이디 (GitHub)")) + ' <input name="handle" '
        'autocomplete="username" pattern="[A-Za-z0-9][A-Za-z0-9-]{0,38}" required></label> '
        '<button class="md-button" type="submit">' + html.escape(_("저장")) + '</button></form>',
        "",
    ]


def actor_path(folder: str, record_id: str, acts: str, name: str = f"{HANDLE}.yml") -> str:
    return f"{folder}/{record_id}/{acts}/{name}"


def propose_block(settings, content: str) -> list[str]:
    """제안하기: a title field and a button opening a new proposal already named. In the browser the id is
    made from the reader's day in the archive's zone and the title typed (`proposalId` in SCRIPT, the same
    rule as forms.proposal_id), and the template's build-day dates move to that day (a site built last week
    still proposes today); without a prefilling forge, the file to create, its folder still to name."""
    path = f"proposals/{PROPOSAL_ID}/proposal.md"
    url = new_file_url(settings, path, content)
    if url is None:
        return act_block(settings, _("제안하기"), path, content)
    label, example, propose = html.escape(_("제안 제목")), html.escape(_("예: 유아들만 이용할 수 있는 시간")), html.escape(_("제안하기"))
    field = (f'<form class="madang-title" hidden><label>{label} <input name="proposal-title" required '
             f'placeholder="{example}"></label></form>')
    button = (f'<a class="md-button md-button--primary" data-madang-act data-madang-propose="{settings.today}" '
              f'data-madang-zone="{settings.timezone.key}" data-madang-endorse-days="{settings.endorse_days}" '
              f'href="{html.escape(url)}">{propose}</a>')
    return [*handle_form(), f'<div class="madang-actions">{field}{button}</div>', ""]


SCRIPT = """\
// madang: the reader's id replaces the placeholder in act buttons, and a new proposal is named from its
// title (render/actions.py).
(function () {
  var PLACEHOLDER = encodeURIComponent("%s");
  var RAW = "%s";
  var PROPOSAL = encodeURIComponent("%s");
  var TITLE = encodeURIComponent("%s");
  function apply(handle) {
    document.querySelectorAll("[data-madang-act]").forEach(function (element) {
      if (element.tagName === "A") {
        element.href = element.href.split(PLACEHOLDER).join(encodeURIComponent(handle));
      } else {
        element.textContent = element.textContent.split(RAW).join(handle);
      }
    });
  }
  // The same rule as forms.proposal_id: the day, the title's ASCII words, 6 hex digits of its FNV-1a hash.
  function proposalId(title, day) {
    title = title.trim().split(/\\s+/).join(" ");
    var words = (title.match(/[A-Za-z0-9]+/g) || []).join("-").toLowerCase().slice(0, 20).replace(/-+$/, "");
    var digest = 0x811c9dc5;
    new TextEncoder().encode(title).forEach(function (byte) { digest = Math.imul(digest ^ byte, 0x01000193) >>> 0; });
    return [day, words, ("0000000" + digest.toString(16)).slice(-8).slice(0, 6)].filter(Boolean).join("-");
  }
  // "2020-09-17": the reader's day in the archive's zone, and the day `days` after it.
  function readersDay(zone, days) {
    var parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date());
    var get = function (type) { return +parts.filter(function (p) { return p.type === type; })[0].value; };
    return new Date(Date.UTC(get("year"), get("month") - 1, get("day") + days)).toISOString().slice(0, 10);
  }
  // The template says the build day: `proposed:` becomes the reader's day, `endorse_until:` as many days after.
  function dated(url, link) {
    var built = link.getAttribute("data-madang-propose");
    var zone = link.getAttribute("data-madang-zone"), days = +link.getAttribute("data-madang-endorse-days");
    var builtUntil = new Date(Date.parse(built) + days * 86400000).toISOString().slice(0, 10);
    var field = function (name, day) { return encodeURIComponent(name + ": " + day); };
    return url.split(field("proposed", built)).join(field("proposed", readersDay(zone, 0)))
      .split(field("endorse_until", builtUntil)).join(field("endorse_until", readersDay(zone, days)));
  }
  function named(link, title) {
    var base = link.getAttribute("data-madang-base");
    if (!title.trim()) { return base; }
    var day = readersDay(link.getAttribute("data-madang-zone"), 0);
    return dated(base, link).split(PROPOSAL).join(proposalId(title, day))
      .split(TITLE).join(encodeURIComponent(JSON.stringify(title.trim().split(/\\s+/).join(" "))));
  }
  function setUpProposal() {
    document.querySelectorAll("form.madang-title").forEach(function (form) {
      var link = form.parentNode.querySelector("a[data-madang-propose]");
      if (!link) { return; }
      form.hidden = false;
      link.setAttribute("data-madang-base", link.href);
      var title = form.elements["proposal-title"];
      var update = function () { link.href = named(link, title.value); };
      title.addEventListener("input", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); update(); link.click(); });
      link.addEventListener("click", function (event) {
        update();
        if (!title.value.trim()) { event.preventDefault(); title.focus(); }
      });
    });
  }
  function start() {
    var stored = window.localStorage.getItem("madang-handle");
    document.querySelectorAll("form.madang-handle").forEach(function (form) {
      form.hidden = false;
      if (stored) { form.handle.value = stored; }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        window.localStorage.setItem("madang-handle", form.handle.value);
        window.location.reload();
      });
    });
    if (stored && /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(stored)) { apply(stored); }
    setUpProposal();
  }
  if (window.document$) { window.document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
""" % (HANDLE, HANDLE, PROPOSAL_ID, TITLE_PLACEHOLDER)
"""assets/madang.js; Material's instant navigation announces each page on `document$`."""
