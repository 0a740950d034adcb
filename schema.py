"""The schema as data: entity types and relation types loaded from ``schema.toml``.

The packaged ``schema.toml`` is the default; a user copy (``--schema FILE`` or
``ERGRAPH_SCHEMA``) can add relation types and trigger words. The file is validated
when loaded, and the resulting :class:`Schema` is the only whitelist consulted for
Cypher relationship types and labels, API filters and page legends.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import SchemaError

__all__ = ["EntityType", "RelationType", "Rules", "Schema", "load_schema", "default_schema"]

_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SHAPES = {"dot", "diamond", "square", "triangle", "star", "ellipse", "box", "hexagon"}


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    label: str
    description: str = ""
    color: str = "#888888"
    shape: str = "dot"


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    symmetric: bool
    source: frozenset[str]
    target: frozenset[str]
    triggers: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    color: str = "#888888"

    @property
    def directed(self) -> bool:
        return not self.symmetric

    def allows(self, source_type: str, target_type: str) -> bool:
        ok = source_type in self.source and target_type in self.target
        if self.symmetric:
            ok = ok or (target_type in self.source and source_type in self.target)
        return ok


#: the extractor's rules that make a relation of a type the schema names (``[rules]``):
#: rule -> (what it does, the source and target entity type its relation must allow)
RULES: dict[str, tuple[str, str | None, str | None]] = {
    "state_title": ("a title naming a state's office (\"POTUS X\"): X leads that state",
                    "PERSON", "STATE"),
    "kinship": ("\"X and his son Y\": a relative named by a given name alone takes the "
                "family name", "PERSON", "PERSON"),
    "election": ("acting on a state's election (\"meddled in the US election\") acts on "
                 "the state", None, "STATE"),
    "favour": ("\"swing the election towards X\", \"in favour of X\": helps X", None, None),
    "leader": ("the relation a leader's title gives (\"President X\" of Y)", "PERSON", None),
    "affiliation": ("what a leader's title becomes under vice-, deputy-, assistant- or "
                         "as head of a unit (\"Vice President X\", \"Y's head of policy X\")",
                         "PERSON", None),
    "directive": ("\"Y acted at the direction of X\", \"on X's orders\": X authorized Y",
                  None, None),
    "attribution": ("\"X said that Y hacked Z\", \"according to X\": X accuses Y of a "
                    "hostile relation", None, None),
}
#: list-valued rule: relation types whose triggers the election and favour rules read
ELECTION_TRIGGERS = "election_triggers"
#: list-valued rule: relation types whose report by a speaker the attribution rule reads
HOSTILE = "hostile"


@dataclass(frozen=True, slots=True)
class Rules:
    """Relation types the extractor's rules make (``[rules]``; ``None``: the rule is off)."""

    state_title: str | None = None
    kinship: str | None = None
    election: str | None = None
    favour: str | None = None
    leader: str | None = None
    affiliation: str | None = None
    attribution: str | None = None
    directive: str | None = None
    election_triggers: frozenset[str] = frozenset()
    hostile: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Schema:
    entities: dict[str, EntityType]
    relations: dict[str, RelationType]
    path: str = ""
    version: int = 1
    rules: Rules = Rules()
    _trigger_index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(self.entities)

    @property
    def relation_types(self) -> tuple[str, ...]:
        return tuple(self.relations)

    @property
    def symmetric_types(self) -> frozenset[str]:
        return frozenset(n for n, r in self.relations.items() if r.symmetric)

    def relation(self, name: str) -> RelationType:
        try:
            return self.relations[name.upper()]
        except KeyError:
            raise SchemaError(
                f"unknown relation type {name!r}; known: {', '.join(self.relations)}",
                type=name,
            ) from None

    def check_entity_type(self, name: str) -> str:
        if name.upper() not in self.entities:
            raise SchemaError(
                f"unknown entity type {name!r}; known: {', '.join(self.entities)}", type=name
            )
        return name.upper()

    def check_relation_types(self, names: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
        """Validate a user-supplied filter of relation types against the whitelist."""
        if not names:
            return ()
        return tuple(self.relation(n).name for n in names)

    def triggers_for(self, word: str) -> tuple[str, ...]:
        """Relation types whose verb triggers include ``word`` (a lemma or phrase)."""
        return self._trigger_index.get(word.lower(), ())

    def label_of(self, entity_type: str) -> str:
        return self.entities[entity_type].label

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "entities": {
                n: {"label": e.label, "description": e.description, "color": e.color,
                    "shape": e.shape}
                for n, e in self.entities.items()
            },
            "relations": {
                n: {
                    "symmetric": r.symmetric,
                    "source": sorted(r.source),
                    "target": sorted(r.target),
                    "triggers": list(r.triggers),
                    "nouns": list(r.nouns),
                    "titles": list(r.titles),
                    "color": r.color,
                }
                for n, r in self.relations.items()
            },
        }


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SchemaError(f"{where} must be a list of non-empty strings")
    return tuple(v.strip().lower() for v in value)


def _rules(raw: Any, relations: dict[str, RelationType], where: str) -> Rules:
    """Validate ``[rules]``: every rule names a relation type of the schema that allows the
    argument types the rule makes. A rule left out is off; a table left out turns all off."""
    if raw is None:
        return Rules()
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: [rules] must be a table of rule = relation type")
    known = [*RULES, ELECTION_TRIGGERS, HOSTILE]
    for name in raw:
        if name not in known:
            raise SchemaError(f"{where}: [rules]: unknown rule {name!r}; known: "
                              f"{', '.join(known)}")
    chosen: dict[str, str] = {}
    for name, (what, source, target) in RULES.items():
        if name not in raw:
            continue
        value = raw[name]
        if not isinstance(value, str) or value not in relations:
            raise SchemaError(
                f"{where}: [rules] {name} = {value!r}: the rule ({what}) needs a relation type "
                f"of the schema; known: {', '.join(relations)}", type=str(value))
        rt = relations[value]
        if (source and source not in rt.source) or (target and target not in rt.target):
            raise SchemaError(
                f"{where}: [rules] {name} = {value!r}: the rule ({what}) makes "
                f"{source or 'any'} -> {target or 'any'}, which {value} does not allow",
                type=value)
        chosen[name] = value
    triggers = _type_list(raw, ELECTION_TRIGGERS, relations, where)
    hostile = _type_list(raw, HOSTILE, relations, where)
    if bool(hostile) != ("attribution" in chosen):
        raise SchemaError(f"{where}: [rules] attribution and {HOSTILE} go together: the "
                          f"relation it makes and the relation types it reads")
    if bool("leader" in chosen) != bool("affiliation" in chosen):
        raise SchemaError(f"{where}: [rules] leader and affiliation go together")
    if triggers and not ({"election", "favour"} & set(chosen)):
        raise SchemaError(f"{where}: [rules] {ELECTION_TRIGGERS} is set but neither the "
                          f"election nor the favour rule is")
    if ({"election", "favour"} & set(chosen)) and not triggers:
        raise SchemaError(f"{where}: [rules] election / favour need {ELECTION_TRIGGERS}: the "
                          f"relation types whose triggers they read")
    return Rules(election_triggers=frozenset(triggers), hostile=frozenset(hostile), **chosen)


def _type_list(raw: dict[str, Any], name: str, relations: dict[str, RelationType],
               where: str) -> list[str]:
    """A list-valued rule: relation types of the schema."""
    types = raw.get(name, [])
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise SchemaError(f"{where}: [rules] {name} must be a list of relation types")
    unknown = [t for t in types if t not in relations]
    if unknown:
        raise SchemaError(f"{where}: [rules] {name}: unknown relation type(s) {unknown}; "
                          f"known: {', '.join(relations)}", type=unknown[0])
    return types


def parse_schema(data: dict[str, Any], path: str = "") -> Schema:
    """Validate a schema mapping (as read from TOML) and build a :class:`Schema`."""
    where = path or "schema"
    ents_raw = data.get("entities")
    rels_raw = data.get("relations")
    if not isinstance(ents_raw, dict) or not ents_raw:
        raise SchemaError(f"{where}: [entities] table missing or empty")
    if not isinstance(rels_raw, dict) or not rels_raw:
        raise SchemaError(f"{where}: [relations] table missing or empty")
    entities: dict[str, EntityType] = {}
    for name, spec in ents_raw.items():
        if not _UPPER_SNAKE.match(name):
            raise SchemaError(f"{where}: entity type {name!r} is not UPPER_SNAKE_CASE")
        spec = spec or {}
        color = spec.get("color", "#888888")
        shape = spec.get("shape", "dot")
        if not _COLOR.match(color):
            raise SchemaError(f"{where}: entity type {name}: colour {color!r} is not #rrggbb")
        if shape not in _SHAPES:
            raise SchemaError(f"{where}: entity type {name}: shape {shape!r} not in {_SHAPES}")
        label = spec.get("label", name.title())
        if not re.match(r"^[A-Z][A-Za-z0-9]*$", label):
            raise SchemaError(f"{where}: entity type {name}: label {label!r} must be CamelCase")
        entities[name] = EntityType(name, label, spec.get("description", ""), color, shape)
    relations: dict[str, RelationType] = {}
    index: dict[str, list[str]] = {}
    for name, spec in rels_raw.items():
        if not _UPPER_SNAKE.match(name):
            raise SchemaError(f"{where}: relation type {name!r} is not UPPER_SNAKE_CASE")
        spec = spec or {}
        ends = {}
        for end in ("source", "target"):
            types = spec.get(end, list(entities))
            unknown = [t for t in types if t not in entities]
            if unknown:
                raise SchemaError(f"{where}: relation {name}: unknown {end} type(s) {unknown}")
            ends[end] = frozenset(types)
        color = spec.get("color", "#888888")
        if not _COLOR.match(color):
            raise SchemaError(f"{where}: relation {name}: colour {color!r} is not #rrggbb")
        triggers = _strings(spec.get("triggers"), f"{where}: relation {name}: triggers")
        rel = RelationType(
            name=name,
            symmetric=bool(spec.get("symmetric", False)),
            source=ends["source"],
            target=ends["target"],
            triggers=triggers,
            nouns=_strings(spec.get("nouns"), f"{where}: relation {name}: nouns"),
            titles=_strings(spec.get("titles"), f"{where}: relation {name}: titles"),
            color=color,
        )
        relations[name] = rel
        for t in triggers:
            index.setdefault(t, []).append(name)
    return Schema(
        entities=entities,
        relations=relations,
        path=path,
        version=int(data.get("version", 1)),
        rules=_rules(data.get("rules"), relations, where),
        _trigger_index={k: tuple(v) for k, v in index.items()},
    )


def load_schema(path: str | Path | None = None) -> Schema:
    """Load and validate a schema file; ``None`` loads the packaged default."""
    if path is None:
        return default_schema()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaError(f"schema file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"{p}: not valid TOML: {exc}") from None
    return parse_schema(data, str(p))


@lru_cache(maxsize=1)
def default_schema() -> Schema:
    text = resources.files("ergraph").joinpath("schema.toml").read_text(encoding="utf-8")
    return parse_schema(tomllib.loads(text), "ergraph/schema.toml")
