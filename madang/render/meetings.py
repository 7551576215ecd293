"""The 모임 (meetings) board: listing, a page per meeting with sign-ups and minutes, .ics files, the task board and attendance."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    return {"meetings/index.md": "# meetings\n"}
