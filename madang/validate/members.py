"""members.yml: handles, display names, the e-mails that prove a commit is theirs, roles, and the names
their act files may carry instead of the handle (`aliases`)."""

from ..constants import HANDLE_PATTERN, MEMBER_PUBLIC, ROLES, is_act_name
from ..diagnostics import diagnostic
from ..records import JoinRequest, Member
from .fields import Fields, bad_name

MEMBER_FIELDS = {"name", "emails", "roles", "aliases", "public"}
JOIN_FIELDS = {"name", "message", "public"}
"""A join request's fields, all optional: the name, a word to the maintainers, and what may be public."""


def members(document, diagnostics) -> dict:
    members = {}
    if document is None:
        return members
    if document.yaml.value is None:
        return members
    if not isinstance(document.yaml.value, dict):
        diagnostics.append(diagnostic("not-a-mapping", document.path))
        return members
    owner_of_email, owner_of_alias = {}, {}
    for handle in document.yaml.value:
        line = document.yaml.line_of(handle)
        if not HANDLE_PATTERN.match(str(handle)):
            diagnostics.append(bad_name("bad-handle", document.path, line, str(handle)))
            continue
        if handle.lower() in members:
            other = members[handle.lower()].handle
            diagnostics.append(diagnostic("duplicate-handle", document.path, line, name=handle, other=other))
            continue
        fields = Fields(document.path, document.yaml, MEMBER_FIELDS, (handle,))
        name = fields.text("name") or handle
        emails = tuple(e.strip().lower() for e in fields.texts("emails"))
        for email in emails:
            if email in owner_of_email and owner_of_email[email] != handle:
                fields.report("duplicate-email", "emails", value=email, other=owner_of_email[email])
            owner_of_email.setdefault(email, handle)
        aliases = tuple(fields.texts("aliases"))
        for alias in aliases:
            if owner_of_alias.setdefault(alias, handle) != handle or not is_act_name(alias):
                fields.report("bad-alias", "aliases", value=alias, other=owner_of_alias[alias])
        roles = fields.texts("roles")
        for role in roles:
            if role not in ROLES:
                fields.report("unknown-role", "roles", value=role, allowed=", ".join(ROLES))
        public = published(fields)
        diagnostics.extend(fields.diagnostics)
        members[handle.lower()] = Member(handle, name, emails, roles, document.path, line, aliases, public)
    return members


def published(fields: Fields) -> frozenset:
    """`public: [name, roles]`: what the person agrees to show beside their handle (none when absent)."""
    values = fields.texts("public")
    for value in values:
        if value not in MEMBER_PUBLIC:
            fields.report("bad-value", "public", field="public", value=value, allowed=", ".join(MEMBER_PUBLIC))
    return frozenset(value for value in values if value in MEMBER_PUBLIC)


def join_requests(documents, diagnostics) -> tuple[JoinRequest, ...]:
    """joins/<handle>.yml: one request per person, named after them (the review lets only them add it)."""
    found = []
    for document in documents:
        name = document.path.rsplit("/", 1)[1]
        handle = name.removesuffix(".yml")
        if not name.endswith(".yml") or not HANDLE_PATTERN.match(handle):
            diagnostics.append(bad_name("bad-join-file", document.path, 1, name))
            continue
        fields = Fields(document.path, document.yaml, JOIN_FIELDS)
        request = JoinRequest(handle, fields.text("name") or "", fields.text("message") or "", document.path,
                              published(fields))
        diagnostics.extend(fields.diagnostics)
        found.append(request)
    return tuple(found)
