"""User alias / watch-list files: surface names mapped to a canonical name and type.

An investigator knows things the model does not: that "the Russian Czar" in one outlet
is Vladimir Putin, or that a shell company goes by three names. An alias file records
that once, and every extraction then uses it. The format is TOML, one ``[[entity]]``
table per real entity::

    # examples/aliases.toml
    [[entity]]
    name = "Vladimir Putin"          # canonical name (the graph node)
    type = "PERSON"                  # an entity type of the schema
    aliases = ["Putin", "the Russian Czar", "Kremlin chief"]

    [[entity]]
    name = "Internet Research Agency"
    type = "ORGANIZATION"
    aliases = ["IRA", "Russian troll factory", "troll farm"]

Every alias (and the name itself) is also a *watch-list* entry: the extractor finds it
in the text even where the statistical NER misses it, and maps it to the canonical
entity. Matching is case-insensitive on whole tokens; a leading "the" is ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SchemaError
from ..schema import Schema
from .countries import key

__all__ = ["AliasTable", "load_aliases"]


@dataclass(frozen=True)
class AliasTable:
    """Normalised surface form -> (canonical name, entity type)."""

    entries: dict[str, tuple[str, str]]
    path: str = ""

    def get(self, surface: str) -> tuple[str, str] | None:
        if not self.entries:
            return None  # (no alias file: nothing to fold the surface for)
        return self.entries.get(key(surface))

    def surfaces(self) -> list[str]:
        """Every surface form, for the phrase matcher."""
        return sorted(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def load_aliases(path: str | Path | None, schema: Schema) -> AliasTable:
    """Read and validate an alias file; ``None`` gives an empty table.

    Types are checked against the schema so a typo fails loudly at start-up instead of
    silently producing no nodes."""
    if path is None:
        return AliasTable({})
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaError(f"alias file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{p}: not valid TOML: {exc}") from None
    items = data.get("entity", [])
    if not isinstance(items, list):
        raise SchemaError(f"{p}: expected [[entity]] tables")
    entries: dict[str, tuple[str, str]] = {}
    for n, item in enumerate(items, 1):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise SchemaError(f"{p}: entity #{n} has no name")
        type_ = schema.check_entity_type(str(item.get("type", "")))
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise SchemaError(f"{p}: entity {name!r}: aliases must be a list of strings")
        for surface in [name, *aliases]:
            k = key(surface)
            if k:
                entries[k] = (name.strip(), type_)
    return AliasTable(entries, str(p))
