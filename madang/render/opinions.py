"""Opinions (의견) under a proposal, a poll or an experiment."""


def opinion_section(record_kind: str, record_id: str, archive, counts, settings) -> list[str]:
    """Markdown lines of the opinions on one record, for its page; empty when there are none."""
    return []


def opinion_count(record_kind: str, record_id: str, counts) -> int:
    """Counted opinions on one record, for the listings."""
    record = counts.records.get((record_kind + "-opinion", record_id))
    return record.count if record else 0
