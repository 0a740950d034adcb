"""Issue 14, failure 5: ``extract`` never writes two documents to one output file."""

from __future__ import annotations

import json
from pathlib import Path

from ergraph.cli import app
from typer.testing import CliRunner

runner = CliRunner()


def _write(root: Path) -> None:
    for sub, text in (("a", "Angela Merkel met Emmanuel Macron in Paris."),
                      ("b", "France sanctioned Iran over the programme.")):
        (root / sub).mkdir(parents=True)
        (root / sub / "report.txt").write_text(text)


def _entities(path: Path) -> set[str]:
    data = json.loads(path.read_text())
    return {e["name"] for e in data["entities"]}


def test_same_file_names_in_two_folders_mirror_their_paths(tmp_path):
    _write(tmp_path / "dup")
    out = tmp_path / "o"
    result = runner.invoke(app, ["extract", str(tmp_path / "dup"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    a, b = out / "a" / "report.txt.json", out / "b" / "report.txt.json"
    assert a.is_file() and b.is_file()
    assert not (out / "report.txt.json").exists()
    assert "Angela Merkel" in _entities(a) and "Iran" in _entities(b)


def test_folders_named_side_by_side_mirror_below_their_common_folder(tmp_path):
    _write(tmp_path / "dup")
    out = tmp_path / "o"
    result = runner.invoke(app, ["extract", str(tmp_path / "dup" / "a"),
                                 str(tmp_path / "dup" / "b" / "report.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "a/report.txt.json", "b/report.txt.json"]


def test_a_flat_folder_still_writes_name_json(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("Angela Merkel met Emmanuel Macron in Paris.")
    result = runner.invoke(app, ["extract", str(tmp_path / "d"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "x.txt.json").is_file()
