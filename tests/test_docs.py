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
