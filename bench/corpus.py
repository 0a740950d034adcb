"""A deterministic synthetic news corpus, and synthetic extractions, for benchmarks and tests.

Why synthetic: the benchmarks must run offline, at any size (ten documents for a test,
10 000 for a throughput run) and give the same bytes for the same seed on every machine,
so that figures from two runs - or two branches - are comparable. The texts are built
from templates with invented names (so no real person is ever named) in contexts where
the spaCy English model tags them: titled persons ("Senator Dorina Valsek"), invented
countries in "in X" / "X accused Y" positions (GPE) and companies with an organisational
head noun ("Velstrand Bank"). Each relation sentence uses a trigger verb of the packaged
schema, and some are negated, hedged or hypothetical, like real reporting.

Two products:

* :func:`generate` / :func:`write_corpus` / :func:`documents`: news-style texts
  (``date YYYY-MM-DD`` header, a title line, paragraphs) for extraction and ingest runs.
  CLI: ``python bench/corpus.py --docs 10000 --out DIR --seed 0``.
* :func:`synthetic_extractions`: ready-made :class:`~ergraph.model.Extraction` objects
  (no spaCy) for measuring the store's write path alone at a million relations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation

__all__ = [
    "Cast",
    "PlannedRelation",
    "cast",
    "generate",
    "write_corpus",
    "documents",
    "synthetic_extractions",
]

_ONSETS = ["b", "br", "d", "dr", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "r", "s",
           "st", "t", "tr", "v", "z", "sh", "ch", "f", "j"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
_CODAS = ["", "", "n", "r", "l", "s", "k", "v", "m", "nt", "rk", "sk"]
_COUNTRY_ENDS = ["ia", "land", "stan", "ovia", "ania", "ora", "enia", "istan", "aria"]
_TITLES = ["Minister", "Senator", "President", "Governor", "General", "Ambassador",
           "Mayor", "Chancellor", "Judge", "Prime Minister"]
_ORG_HEADS = ["Bank", "Group", "Holdings", "Mining Corporation", "Energy Company",
              "Shipping Company", "Airlines", "Media Group", "Foundation", "Party",
              "Capital Partners", "Telecom"]
_DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
         "last week", "this month", "late on Sunday", "earlier this year"]

# Relation sentences by schema type and modality. {s}, {o}: the two ends; {p}: a place.
_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "MET": {
        "asserted": ["{s} met {o} in {p} {d}.", "{s} held talks with {o} in {p} {d}."],
        "negated": ["{s} did not meet {o} in {p}, aides said.", "{s} never met {o}."],
        "hedged": ["{s} reportedly met {o} in {p} {d}."],
        "hypothetical": ["{s} might meet {o} in {p} next month."],
    },
    "SANCTIONED": {
        "asserted": ["{s} sanctioned {o} {d}.", "The ministry of {s} sanctioned {o} {d}."],
        "negated": ["{s} did not sanction {o}, officials said."],
        "hedged": ["{s} reportedly sanctioned {o} {d}."],
        "hypothetical": ["{s} could sanction {o} within days."],
    },
    "SUPPORTED": {
        "asserted": ["{s} funded {o} {d}.", "{s} backed {o}, according to filings."],
        "negated": ["{s} did not fund {o}, the auditors found."],
        "hedged": ["{s} reportedly funded {o}."],
        "hypothetical": ["{s} might support {o} next year."],
    },
    "ACCUSED": {
        "asserted": ["{s} accused {o} of fraud {d}.", "{s} blamed {o} for the outage."],
        "negated": ["{s} did not accuse {o} of wrongdoing."],
        "hedged": ["{s} allegedly accused {o} of bribery."],
        "hypothetical": ["{s} could accuse {o} of corruption."],
    },
    "AUTHORIZED": {
        "asserted": ["{s} authorized {o} to export grain {d}.", "{s} approved {o} {d}."],
        "negated": ["{s} did not authorize {o} to export grain."],
        "hedged": ["{s} reportedly authorized {o} to sell the port."],
        "hypothetical": ["{s} might authorize {o} to expand."],
    },
    "INTERFERED_IN": {
        "asserted": ["{s} interfered in {o}, the report said."],
        "negated": ["{s} did not interfere in {o}, the panel concluded."],
        "hedged": ["{s} allegedly interfered in {o}."],
        "hypothetical": ["{s} could interfere in {o} before the vote."],
    },
}
#: Which entity types may take part in each relation type (mirrors schema.toml).
_ENDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "MET": (("PERSON",), ("PERSON",)),
    "SANCTIONED": (("STATE",), ("ORGANIZATION", "PERSON")),
    "SUPPORTED": (("ORGANIZATION",), ("PERSON", "ORGANIZATION")),
    "ACCUSED": (("STATE", "PERSON"), ("STATE", "ORGANIZATION")),
    "AUTHORIZED": (("PERSON",), ("ORGANIZATION",)),
    "INTERFERED_IN": (("STATE",), ("STATE",)),
}
_MODALITY_WEIGHTS = {"asserted": 70, "negated": 10, "hedged": 10, "hypothetical": 10}
_FILLERS = [
    "Markets in {p} were calm after the announcement.",
    "The statement was published {d}.",
    "Analysts said the decision had been expected for some time.",
    "A spokesman declined to comment further.",
    "Officials in {p} said more details would follow.",
    "The talks covered trade, energy and security.",
    "Opposition figures called for an inquiry.",
    "The figures could not be independently verified.",
]


@dataclass(frozen=True, slots=True)
class PlannedRelation:
    """A relation the generator writes into the corpus (not necessarily one the
    extractor will find): the reference against which recall could be measured."""

    source: str
    type: str
    target: str


@dataclass
class Cast:
    """The invented world: people (with titles), states and organisations."""

    persons: list[tuple[str, str]] = field(default_factory=list)  # (title, name)
    states: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)

    def names(self, type_: str) -> list[str]:
        if type_ == "PERSON":
            return [n for _, n in self.persons]
        return self.states if type_ == "STATE" else self.organizations


def _syllables(rng: random.Random, n: int) -> str:
    """``n`` open syllables and a closing consonant: pronounceable, invented names."""
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(n)) \
        + rng.choice(_CODAS)


def _word(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return _syllables(rng, rng.randint(lo, hi)).capitalize()


def cast(entities: int, seed: int = 0) -> Cast:
    """``entities`` invented names, about half persons, a third organisations, the rest
    states (at least three of each). Names are unique; the same seed gives the same cast."""
    rng = random.Random(f"cast-{seed}")
    n_states = max(3, entities // 6)
    n_orgs = max(3, entities // 3)
    n_persons = max(3, entities - n_states - n_orgs)
    used: set[str] = set()
    out = Cast()

    def unique(make: Any) -> str:
        while True:
            name = make()
            key = name.lower()
            if key not in used:
                used.add(key)
                return name

    for _ in range(n_states):
        out.states.append(unique(lambda: _syllables(rng, rng.randint(1, 2)).capitalize()
                                 + rng.choice(_COUNTRY_ENDS)))
    for _ in range(n_orgs):
        out.organizations.append(unique(lambda: f"{_word(rng)} {rng.choice(_ORG_HEADS)}"))
    for _ in range(n_persons):
        name = unique(lambda: f"{_word(rng, 1, 2)} {_word(rng)}")
        out.persons.append((rng.choice(_TITLES), name))
    return out


def _plan(c: Cast, relations: int, rng: random.Random) -> list[PlannedRelation]:
    """``relations`` distinct (source, type, target) triples over the cast."""
    types = sorted(_TEMPLATES)
    planned: dict[tuple[str, str, str], PlannedRelation] = {}
    attempts = 0
    while len(planned) < relations and attempts < relations * 50:
        attempts += 1
        rtype = rng.choice(types)
        src_types, dst_types = _ENDS[rtype]
        s = rng.choice(c.names(rng.choice(src_types)))
        o = rng.choice(c.names(rng.choice(dst_types)))
        if s == o:
            continue
        planned.setdefault((s, rtype, o), PlannedRelation(s, rtype, o))
    return list(planned.values())


def _render(name: str, titles: dict[str, str], first: bool) -> str:
    """A person's name with its title (the NER cue); an organisation with "the" when
    its head noun asks for it."""
    if name in titles:
        return f"{titles[name]} {name}"
    if name.endswith(("Group", "Foundation", "Party")):
        return ("The " if first else "the ") + name
    return name


def generate(docs: int, seed: int = 0, entities: int | None = None,
             relations: int | None = None, per_doc: int = 4, fillers: int = 2,
             start: str = "2020-01-01") -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """``docs`` documents as ``(file name, text)`` pairs, and a manifest.

    ``entities`` (default ``max(30, docs // 4)``) sizes the cast, ``relations``
    (default ``max(20, docs)``) the pool of distinct planned relations; each document
    states ``per_doc`` of them (so relations recur across documents, as stories do) with
    ``fillers`` relation-free sentences between. Every text is unique: the same text twice
    would be one document (ids are content hashes)."""
    if docs < 0 or per_doc < 1:
        raise ValueError("docs must be >= 0 and per_doc >= 1")
    entities = entities if entities is not None else max(30, docs // 4)
    relations = relations if relations is not None else max(20, docs)
    rng = random.Random(f"corpus-{seed}")
    c = cast(entities, seed)
    plan = _plan(c, relations, rng)
    titles = {n: t for t, n in c.persons}
    places = c.states
    day0 = dt.date.fromisoformat(start)
    modalities = list(_MODALITY_WEIGHTS)
    weights = [_MODALITY_WEIGHTS[m] for m in modalities]
    out: list[tuple[str, str]] = []
    stated: dict[str, int] = dict.fromkeys(modalities, 0)
    for i in range(docs):
        picks = [rng.choice(plan) for _ in range(per_doc)]
        lead = picks[0]
        date = day0 + dt.timedelta(days=rng.randrange(0, 4 * 365))
        title = f"{lead.source} and {lead.target}: {lead.type.replace('_', ' ').lower()} " \
                f"report no. {i + 1}"
        sentences: list[str] = []
        for rel in picks:
            modality = rng.choices(modalities, weights)[0]
            stated[modality] += 1
            template = rng.choice(_TEMPLATES[rel.type][modality])
            if template.startswith("The ministry of") and rel.source not in c.states:
                template = _TEMPLATES[rel.type][modality][0]
            sentences.append(template.format(
                s=_render(rel.source, titles, template.startswith("{s}")),
                o=_render(rel.target, titles, False),
                p=rng.choice(places), d=rng.choice(_DAYS)))
            for _ in range(fillers):
                sentences.append(rng.choice(_FILLERS).format(p=rng.choice(places),
                                                             d=rng.choice(_DAYS)))
        paragraphs = [" ".join(sentences[j:j + 3]) for j in range(0, len(sentences), 3)]
        byline = f"Staff report from {rng.choice(places)}, dispatch {i + 1:06d}."
        text = f"date {date.isoformat()}\n{title}\n\n{byline}\n\n" + "\n\n".join(paragraphs)
        out.append((f"doc_{i + 1:06d}.txt", text + "\n"))
    manifest = {
        "seed": seed, "docs": docs, "per_doc": per_doc, "fillers": fillers,
        "entities": {"PERSON": len(c.persons), "STATE": len(c.states),
                     "ORGANIZATION": len(c.organizations)},
        "planned_relations": len(plan),
        "statements_by_modality": stated,
        "words": sum(len(t.split()) for _, t in out),
    }
    return out, manifest


def write_corpus(out: str | Path, docs: int, seed: int = 0, **options: Any) -> dict[str, Any]:
    """Write the corpus as ``out/doc_NNNNNN.txt`` plus ``out/manifest.json``."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    files, manifest = generate(docs, seed, **options)
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                          encoding="utf-8")
    return manifest


def documents(docs: int, seed: int = 0, **options: Any) -> list[Document]:
    """The corpus as :class:`Document` objects, parsed as the file loader would
    (date header removed, title from the first line)."""
    from ergraph.loaders.files import parse_header

    files, _ = generate(docs, seed, **options)
    out = []
    for name, text in files:
        date, body = parse_header(text)
        out.append(Document.from_text(body, date=date, source=name))
    return out


def synthetic_extractions(docs: int, relations_per_doc: int = 20, entities: int = 200_000,
                          seed: int = 0, sentence_words: int = 18) -> Iterator[Extraction]:
    """Extractions as an extractor would return them, without running one.

    Why: to measure the store's write path alone (relations/s, RSS) at a scale where
    running spaCy would take hours. Each document has ``relations_per_doc`` relations,
    each with one evidence sentence, over a pool of ``entities`` entities; relation
    triples are drawn at random, so with a large pool nearly every relation is new
    (``docs * relations_per_doc`` ~ the relation count of the store)."""
    rng = random.Random(f"extractions-{seed}")
    types = sorted(_TEMPLATES)
    symmetric = {"MET"}
    kinds = ("PERSON", "STATE", "ORGANIZATION")
    words = ["the", "minister", "said", "talks", "with", "officials", "in", "over", "trade",
             "energy", "after", "report", "week", "funds", "court", "vote", "ports", "plan"]
    for i in range(docs):
        sentences: list[str] = []
        ents: dict[str, Entity] = {}
        mentions: list[Mention] = []
        rels: list[tuple[str, str, str, int, int, str, str]] = []
        pos = 0
        for _ in range(relations_per_doc):
            a, b = rng.randrange(entities), rng.randrange(entities)
            if a == b:
                b = (b + 1) % entities
            ea = Entity.create(f"Name{a:07d}", kinds[a % 3])
            eb = Entity.create(f"Name{b:07d}", kinds[b % 3])
            filler = " ".join(rng.choice(words) for _ in range(sentence_words - 3))
            rtype = rng.choice(types)
            sentence = f"{ea.name} {rtype.lower()} {eb.name} {filler}."
            start, end = pos, pos + len(sentence)
            ents.setdefault(ea.id, ea)
            ents.setdefault(eb.id, eb)
            mentions.append(Mention(ea.id, "", start, start + len(ea.name), ea.name))
            b0 = start + len(ea.name) + len(rtype) + 2
            mentions.append(Mention(eb.id, "", b0, b0 + len(eb.name), eb.name))
            modality = rng.choices(list(_MODALITY_WEIGHTS), list(_MODALITY_WEIGHTS.values()))[0]
            rels.append((ea.id, rtype, eb.id, start, end, sentence, modality))
            sentences.append(sentence)
            pos = end + 1
        text = f"Synthetic dispatch {seed}-{i}\n" + " ".join(sentences)
        offset = len(f"Synthetic dispatch {seed}-{i}\n")
        doc = Document.from_text(text, date=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                 source=f"synthetic-{i}")
        relations = tuple(
            Relation.create(s, t, o, symmetric=t in symmetric, evidence=[Evidence(
                relation_id="", document_id=doc.id, sentence=sent, start=st + offset,
                end=en + offset, modality=mod, extractor="synthetic", trigger=t.lower())])
            for s, t, o, st, en, sent, mod in rels)
        yield Extraction(
            document=doc,
            entities=tuple(ents.values()),
            mentions=tuple(Mention(m.entity_id, doc.id, m.start + offset, m.end + offset,
                                   m.text) for m in mentions),
            relations=relations,
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, default=1000, help="number of documents")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--entities", type=int, default=None, help="size of the invented cast")
    p.add_argument("--relations", type=int, default=None,
                   help="distinct planned relations (the pool documents draw from)")
    p.add_argument("--per-doc", type=int, default=4, help="relation sentences per document")
    p.add_argument("--fillers", type=int, default=2,
                   help="relation-free sentences after each relation sentence")
    a = p.parse_args(argv)
    manifest = write_corpus(a.out, a.docs, a.seed, entities=a.entities, relations=a.relations,
                            per_doc=a.per_doc, fillers=a.fillers)
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
