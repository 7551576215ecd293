"""Opinions (의견) on proposals, polls and experiments, and endorsements of opinions."""

from .fields import Fields

OPINION_FIELDS = {"reply_to", "source"}
OPINION_ENDORSEMENT_FIELDS = {"opinions", "source"}


def opinion_rules(fields: Fields, record) -> None:
    fields.text("reply_to")


def opinion_endorsement_rules(fields: Fields, record) -> None:
    fields.texts("opinions")


def links(archive) -> list:
    return []
