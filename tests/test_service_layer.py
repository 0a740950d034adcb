"""One service layer (issue 16): every read operation validated in
:mod:`ergraph.api.operations`, which imports no web framework; the routes map HTTP onto
it and ``ergraph.open()`` calls it, so the two cannot disagree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ergraph import client as ec
from ergraph.api import operations
from ergraph.errors import QueryError

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("fastapi", "starlette", "typer", "uvicorn")


def test_the_service_layer_imports_no_web_framework() -> None:
    code = (
        "import json, sys\n"
        "import ergraph\n"
        "from ergraph.api import operations, service\n"
        "g = ergraph.open('sqlite://:memory:')\n"
        "g.stats(); g.disputes(); g.relations()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FRAMEWORKS!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd="/")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_in_process_client_reimplements_no_check() -> None:
    source = (ROOT / "client.py").read_text(encoding="utf-8")
    for gone in ("_check_params", "_param_bounds", "not both", "no text once blank"):
        assert gone not in source, gone


def test_every_operation_has_a_route_taking_exactly_its_parameters() -> None:
    from ergraph.api.app import create_app
    from ergraph.api.settings import Settings
    from ergraph.graph.sqlite import SQLiteStore

    app = create_app(Settings(store="sqlite://:memory:"), store=SQLiteStore("sqlite://:memory:"))
    spec = app.openapi()
    assert set(ec.ROUTES) == set(operations.OPERATIONS)
    for op, path in ec.ROUTES.items():
        params = spec["paths"][path]["get"].get("parameters", [])
        names = {p["name"] for p in params if p["in"] == "query"}
        if "mode" in names:  # /paths documents k and all as one object parameter
            names = (names - {"mode"}) | {"k", "all"}
        expected = {n for n in operations.OPERATIONS[op] if n != "id"}
        assert names == expected, (op, names ^ expected)
        for p in params:
            lo_hi = p["schema"].get("minimum"), p["schema"].get("maximum")
            if p["name"] in operations.BOUNDS and p["in"] == "query":
                assert lo_hi == operations.bounds(op, p["name"]), (op, p["name"])


@pytest.mark.parametrize(("op", "params", "message"), [
    ("paths", {"source": "a", "target": "b", "k": 2, "all": True}, "not both"),
    ("paths", {"source": "a", "target": "b", "max_hops": 9}, "max_hops"),
    ("neighbors", {"id": "a", "limit": 0}, "limit"),
    ("entity", {"id": "   "}, "blank"),
    ("search", {"q": "x" * 301}, "1 to 300"),
    ("relations", {"type": "MET"}, "unknown parameter 'type'"),
    ("relations", {"types": ["MET,"]}, "empty value"),
    ("timeline", {"id": "a", "since": "2020-13-01"}, "YYYY-MM-DD"),
    ("central", {"metric": "fame"}, "unknown metric"),
    ("disputes", {"modalities": ["negated"]}, "unknown parameter 'modalities'"),
])
def test_the_service_refuses_what_the_api_refuses(op: str, params: dict, message: str
                                                  ) -> None:
    with pytest.raises(QueryError, match=message):
        operations.validate(op, params)
