"""madang (마당): a citizen deliberation's public archive, built from git with MkDocs."""

__version__ = "0.1.0"
"""This release (CHANGELOG.md); pyproject.toml reads the package's version from here."""
