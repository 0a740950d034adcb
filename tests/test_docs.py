"""The README is part of the product: its commands must be the ones that work."""

from __future__ import annotations

import re
from pathlib import Path

from ergraph.cli import app
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_has_exactly_two_setup_commands_one_runs_the_demo():
    install, tests = setup_commands()
    assert "\n" not in install and "\n" not in tests
    assert install.endswith("ergraph demo") and "pip install" in install
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text()
    _, tests = setup_commands()
    assert tests in ci.splitlines()


def test_every_command_in_the_tour_exists():
    used = set(re.findall(r"^ergraph ([a-z-]+)", README, re.M))
    assert used  # the tour shows commands
    for name in sorted(used):
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, f"README mentions `ergraph {name}`: {result.output}"


def test_readme_schema_example_is_a_valid_extension(tmp_path):
    from ergraph.schema import load_schema

    (example,) = [b for b in re.findall(r"```toml\n(.*?)```", README, re.S)
                  if "[relations." in b]
    base = (ROOT / "schema.toml").read_text()
    f = tmp_path / "my-schema.toml"
    f.write_text(base + "\n" + example)
    assert "FUNDED" in load_schema(f).relation_types


def test_readme_alias_example_is_read_and_used_by_the_extractor(tmp_path, extractor):
    from ergraph.loaders import default_extractor
    from ergraph.model import Document

    (example,) = [b for b in re.findall(r"```toml\n(.*?)```", README, re.S)
                  if "[[entity]]" in b]
    f = tmp_path / "aliases.toml"
    f.write_text(example)
    with_aliases = default_extractor(aliases=f)
    doc = Document.from_text("The Russian Czar met Olaf Scholz in Berlin on Monday.")
    names = {e.name for e in with_aliases.extract(doc).entities}
    assert "Vladimir Putin" in names
    assert "Vladimir Putin" not in {e.name for e in extractor.extract(doc).entities}


def config_table() -> list[list[str]]:
    """The rows of the README's configuration table (setting, CLI option, environment,
    default)."""
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table = section.strip().split("\n\n", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in table.splitlines() if line.startswith("|")]
    assert rows[0] == ["setting", "CLI option", "environment", "default"]
    return rows[2:]


def _env_names(name: str, field) -> list[str]:
    alias = field.validation_alias
    choices = getattr(alias, "choices", None) or ([alias] if alias else [])
    return [c for c in choices if isinstance(c, str) and c.startswith("ERGRAPH_")] or [
        f"ERGRAPH_{name.upper()}"]


def test_readme_configuration_table_lists_every_api_setting():
    """Each field of the API's Settings has a row naming its variable, with its default."""
    from ergraph.api.settings import Settings

    rows = {env.strip("`"): row for row in config_table() for env in row[2].split(" / ")}
    defaults = Settings.model_construct()
    missing, wrong = [], []
    for name, field in Settings.model_fields.items():
        envs = [e for e in _env_names(name, field) if e in rows]
        if not envs:
            missing.append(f"{name} ({' or '.join(_env_names(name, field))})")
            continue
        row, default = rows[envs[0]], getattr(defaults, name)
        shown = row[3].replace(",", " ").replace("`", " ").split()
        if isinstance(default, bool):
            ok = str(default).lower() in shown
        elif isinstance(default, int | float):
            ok = any(_number(w) == default for w in shown)
        elif isinstance(default, str):
            ok = default in shown
        elif isinstance(default, list):
            ok = all(d in shown for d in default)
        else:  # None: unset, a default the row describes in words
            ok = bool(row[3])
        if not ok:
            wrong.append(f"{name}: default {default!r}, README says {row[3]!r}")
    assert not missing, f"README's configuration table lacks {missing}"
    assert not wrong, wrong


def _number(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None


def test_the_tree_drawn_in_errors_docstring_is_the_class_tree():
    """errors.py draws its tree by hand; it must be the tree the code derives from."""
    from ergraph import errors

    drawn = []
    for line in (errors.__doc__ or "").splitlines():
        m = re.match(r"^(\s*(?:[│ ]   )*(?:[├└]── )?)([A-Z]\w+)(?:\s|$)", line)
        if m and (m.group(1).strip() or m.group(2) == "ErgraphError"):
            depth = len(m.group(1).rstrip()) // 4 if m.group(1).strip() else 0
            drawn.append((depth, m.group(2)))
    actual = [(len(c.__mro__) - len(errors.ErgraphError.__mro__), c.__name__)
              for c in errors.public_errors()]
    assert [n for _, n in drawn] == [n for _, n in actual]
    assert drawn == actual
