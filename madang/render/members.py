"""The members page (참여자): handles, names, roles and each member's acts."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    return {"members.md": "# members\n"}
