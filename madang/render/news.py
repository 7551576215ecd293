"""The 소식 (news) board: posts newest first, a page per post, and the Atom feed."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    return {"news/index.md": "# news\n"}
