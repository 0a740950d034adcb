"""Issue 14, failure 9: names that a spreadsheet would run as formulas are escaped in
the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from ergraph.graph.export import csv_nodes, csv_text, graph_table
from ergraph.graph.sqlite import SQLiteStore
from ergraph.model import Document, Entity, Extraction, Mention

PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=4+4", " =5+5", "\uff1d6+6"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_cell_gets_a_leading_quote(payload):
    assert csv_text(payload) == "'" + payload


@pytest.mark.parametrize("plain", ["Vladimir Putin", "Al-Qaeda", "3M", "'quoted'", ""])
def test_ordinary_names_are_left_alone(plain):
    assert csv_text(plain) == plain


def test_nodes_csv_never_starts_a_name_or_alias_with_a_formula():
    store = SQLiteStore(":memory:")
    for i, payload in enumerate(PAYLOADS):
        d = Document.from_text(f"document {i} names {payload}")
        e = Entity.create(payload, "ORGANIZATION", [f"@alias{i}", f"plain alias {i}"])
        store.write(Extraction(d, (e,), (Mention(e.id, d.id, 0, 1, "d"),)))
    rows = list(csv.reader(io.StringIO("".join(csv_nodes(graph_table(store))))))
    header, body = rows[0], rows[1:]
    name, aliases = header.index("name"), header.index("aliases:string[]")
    assert len(body) == len(PAYLOADS)
    for row in body:
        assert row[name].startswith("'") and row[name][1:] in PAYLOADS
        cells = row[aliases].split(";")
        assert all(not c.lstrip().startswith(("=", "+", "-", "@", "\t")) for c in cells)
        assert any(c.startswith("'@alias") for c in cells)
