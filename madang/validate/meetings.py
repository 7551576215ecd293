"""content/meetings/<id>/index.md (a meeting and its minutes) and its sign-ups (rsvps)."""

from .fields import Fields

RSVP_FIELDS = {"comment", "source"}


def meeting(name, document, context, diagnostics):
    return None


def rsvp_rules(fields: Fields, meeting) -> None:
    fields.text("comment")


def links(archive) -> list:
    return []
