"""Dependencies: compatible ranges in pyproject.toml, and constraints.txt pinning each to the version tested,
which `make` installs (so this environment is the pinned one)."""

import tomllib
from importlib.metadata import PackageNotFoundError, version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT


def pins() -> dict[str, Version]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("==") for line in lines if line and not line.startswith("#"))
    return {canonicalize_name(name): Version(pinned) for name, pinned in pairs}


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [text for extra in project["optional-dependencies"].values() for text in extra]
    return [Requirement(text) for text in project["dependencies"] + extras]


def test_every_requirement_is_a_range_and_its_pin_is_inside_it():
    pinned = pins()
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert not any(spec.operator == "==" for spec in requirement.specifier), requirement
        assert name in pinned, f"{name} is not in constraints.txt (make lock)"
        assert requirement.specifier.contains(pinned[name]), (str(requirement), pinned[name])


def test_this_environment_is_the_pinned_one():
    for name, pinned in pins().items():
        try:
            installed = Version(version(name))
        except PackageNotFoundError:
            continue  # a dependency of another platform (colorama is Windows-only for click)
        assert installed == pinned, f"{name} {installed} is installed, constraints.txt says {pinned}: run make"


def test_the_book_is_an_extra_and_nothing_else_needs_weasyprint():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(Requirement(text).name.lower() == "weasyprint" for text in project["dependencies"])
    assert [Requirement(text).name.lower() for text in project["optional-dependencies"]["book"]] == ["weasyprint"]
