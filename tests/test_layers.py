"""Layers import downward: the library (``graph``, ``loaders``, ``exchange``...) works
without the CLI's typer or the API's FastAPI, and nothing below the CLI imports it.

The import checks run in a fresh interpreter (a subprocess), where nothing else of the
test session is already imported."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: the areas below the CLI
LOWER = ("graph", "loaders", "viz", "api")
FRAMEWORKS = ("fastapi", "starlette", "typer", "uvicorn")


def _run(code: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd="/")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _imported_modules(path: Path) -> list[tuple[str, list[str]]]:
    """``(absolute module, names imported from it)`` for each import in ``path``."""
    rel = path.relative_to(ROOT).with_suffix("")
    package = ["ergraph", *rel.parts[:-1]]  # a module's package; an __init__'s is itself
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [a.name for a in node.names]
            found.append((module, names))
            # `from .. import cli` imports the module ergraph.cli
            found += [(f"{module}.{n}", []) for n in names]
    return found


def _sources(*areas: str) -> list[Path]:
    return sorted(p for area in areas for p in (ROOT / area).rglob("*.py"))


def test_the_scan_resolves_relative_imports() -> None:
    imports = dict(_imported_modules(ROOT / "graph" / "commands.py"))
    assert "ergraph.errors" in imports and "ergraph.graph" in imports


@pytest.mark.parametrize("area", LOWER)
def test_nothing_below_the_cli_imports_it(area: str) -> None:
    offenders = [f"{p.relative_to(ROOT)} imports {m}" for p in _sources(area)
                 for m, _ in _imported_modules(p)
                 if m == "ergraph.cli" or m.startswith("ergraph.cli.")]
    assert not offenders, offenders


def test_no_module_outside_the_cli_takes_private_names_from_it() -> None:
    """Command modules share the CLI's pieces through public names (``cli.common``)."""
    offenders = []
    for p in ROOT.glob("**/*.py"):
        if {".venv", "tests", "bench", "examples", "tools", "build"} & set(
                p.relative_to(ROOT).parts):
            continue
        own = ".".join(["ergraph", *p.relative_to(ROOT).parts[:1]])
        for module, names in _imported_modules(p):
            if module.startswith("ergraph.cli") and not own.startswith("ergraph.cli"):
                offenders += [f"{p.relative_to(ROOT)}: {module}.{n}" for n in names
                              if n.startswith("_")]
    assert not offenders, offenders


def test_the_library_imports_neither_fastapi_nor_typer() -> None:
    seen = _run(
        "import json, sys\n"
        "import ergraph.graph, ergraph.loaders\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FRAMEWORKS!r} or m.startswith('ergraph.cli'))))")
    assert seen == []


def test_the_library_works_where_typer_and_fastapi_are_not_installed(tmp_path: Path) -> None:
    """With the frameworks made unimportable, the store, the loaders, the export library
    and the notebook client still import, and an export runs."""
    blocked = _run(
        "import importlib.abc, json, sys\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {FRAMEWORKS!r}:\n"
        "            raise ImportError(f'{name} is blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import ergraph, ergraph.graph, ergraph.loaders, ergraph.exchange, ergraph.client\n"
        "from ergraph.graph import open_store\n"
        "store = open_store('sqlite://:memory:')\n"
        f"written = ergraph.exchange.export_to(store, 'jsonl', {str(tmp_path / 'g.jsonl')!r})\n"
        "print(json.dumps([str(p) for p in written]))")
    assert blocked == [str(tmp_path / "g.jsonl")]


def test_the_cli_is_a_package_with_its_entry_points() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["ergraph"] == "ergraph.cli:main"
    out = subprocess.run([sys.executable, "-m", "ergraph.cli", "--help"], capture_output=True,
                         text=True, timeout=120, cwd="/")
    assert out.returncode == 0, out.stderr
    for command in ("ingest", "extract", "path", "neighbors", "stats", "viz", "demo",
                    "serve", "migrate", "export", "import"):
        assert f" {command} " in out.stdout, command


#: the callers of the store protocol: they use its methods, never probe for others
CALLERS = ("loaders/ingest.py", "api/service.py", "viz/pages.py", "client.py")


@pytest.mark.parametrize("path", CALLERS)
def test_callers_do_not_probe_the_store_for_methods(path: str) -> None:
    """``GraphStore`` is the whole contract: no ``getattr(store, ...)`` / ``hasattr``
    probes for methods a backend may lack (the protocol test in the contract suite makes
    sure every backend has them all)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    probes = [f"{path}:{n.lineno}" for n in ast.walk(tree)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
              and n.func.id in ("getattr", "hasattr") and n.args
              and isinstance(n.args[0], ast.Name) and "store" in n.args[0].id]
    assert probes == []


def test_one_path_search_and_one_view_builder() -> None:
    """Path search lives in graph/algorithms.py and the networkx view is built in
    graph/view.py: no second copy under api/, viz/ or the client."""
    assert not (ROOT / "api" / "pathindex.py").exists()
    offenders = []
    for p in _sources("api", "viz", "loaders", "cli"):
        text = p.read_text(encoding="utf-8")
        if "MultiDiGraph()" in text or "def bidirectional" in text or "frontier" in text:
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []
    # the client's result graphs of entities and relations come from the same builder
    assert "view_from_objects" in (ROOT / "client.py").read_text(encoding="utf-8")
