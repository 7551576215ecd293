"""The 실험장 (experiments) board: listing and a page per experiment."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    return {"experiments/index.md": "# experiments\n"}
