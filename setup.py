"""Packaging: the one thing ``pyproject.toml`` cannot say, that the subpackages are found.

The checkout's root *is* the package ``ergraph`` (``package-dir = {"ergraph" = "."}``),
so setuptools' own finder names its subpackages ``graph``, ``api``...: they are found
here and installed under ``ergraph.``. A folder with an ``__init__.py`` is a subpackage;
the checkout's other folders are not packaged, and neither is this file.
"""

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

#: folders of the checkout that are never part of the package, even with an __init__.py
NOT_PACKAGED = ("tests", "bench", "examples", "tools", "docs", "build", "dist")


class BuildPy(build_py):
    """The package's modules, without this setup script (it lives in the package's
    folder, the checkout's root)."""

    def find_package_modules(self, package, package_dir):  # type: ignore[no-untyped-def]
        modules = super().find_package_modules(package, package_dir)
        return [m for m in modules if not (package == "ergraph" and m[1] == "setup")]


setup(
    packages=["ergraph", *(f"ergraph.{p}" for p in find_packages(
        ".", exclude=[*NOT_PACKAGED, *(f"{d}.*" for d in NOT_PACKAGED)]))],
    cmdclass={"build_py": BuildPy},
)
