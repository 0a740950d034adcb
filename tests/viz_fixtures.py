"""Graphs for the page tests: a hostile corpus and a large synthetic one (no spaCy)."""

from __future__ import annotations

import random

from ergraph.graph.sqlite import SQLiteStore
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation
from ergraph.schema import Schema, default_schema
from graph_fixtures import build_extraction

#: Every page test checks this global stays undefined: each payload below would set it.
MARKER = "__ergraph_pwned"

EVIL_ORG = f'Evil <script>window.{MARKER}="script"</script> Corp'
EVIL_PERSON = f'<img src=x onerror="window.{MARKER}=\'img\';alert(1)"> Smith'
EVIL_LINK = "javascript:alert(document.domain)"
EVIL_SVG = f"<svg onload=window.{MARKER}='svg'> Ivanov"
PLAIN = "Ukraine"
HUB = "Alice Hub"

SENT_MET = f"{EVIL_PERSON} met {EVIL_ORG} in Kyiv </script><script>alert(1)</script>."
SENT_SUPPORTED = (f'{EVIL_LINK} may have supported {EVIL_ORG}, <a href="javascript:'
                  f'window.{MARKER}=1">see</a>.')
SENT_ATTACKED = f"If it could, {EVIL_ORG} would attack {PLAIN}\u2028 with <b>bold</b> &amp; co."
SENT_AUTH = f"{EVIL_SVG} authorized {EVIL_ORG} to act & more."
SENT_LEADS = f"{HUB} leads {EVIL_ORG}."
SENT_HUB_MET = f"{HUB} met {EVIL_SVG}, and it was also said that {HUB} may have met {EVIL_SVG}."

HOSTILE_TITLE = f"<script>window.{MARKER}='title'</script> & <i>report</i>"

#: The strings that must come back verbatim from the page's data, and never as markup.
HOSTILE_NAMES = (EVIL_ORG, EVIL_PERSON, EVIL_LINK, EVIL_SVG)
HOSTILE_MARKUP = ("<script>window.", "<img src=x", "<svg onload", '<a href="javascript:',
                  "</script><script>")


def hostile_extraction() -> Extraction:
    text = "\n".join([SENT_MET, SENT_SUPPORTED, SENT_ATTACKED, SENT_AUTH, SENT_LEADS,
                      SENT_HUB_MET])
    types = {EVIL_ORG: "ORGANIZATION", EVIL_PERSON: "PERSON", EVIL_LINK: "PERSON",
             EVIL_SVG: "PERSON", PLAIN: "STATE", HUB: "PERSON"}
    facts = [
        (EVIL_PERSON, "MET", EVIL_ORG, "asserted", SENT_MET),
        (EVIL_LINK, "SUPPORTED", EVIL_ORG, "hedged", SENT_SUPPORTED),
        (EVIL_ORG, "ATTACKED", PLAIN, "hypothetical", SENT_ATTACKED),
        (EVIL_SVG, "AUTHORIZED", EVIL_ORG, "asserted", SENT_AUTH),
        (HUB, "LEADS", EVIL_ORG, "asserted", SENT_LEADS),
        (HUB, "MET", EVIL_SVG, "asserted", SENT_HUB_MET),
        (HUB, "MET", EVIL_SVG, "hedged", SENT_HUB_MET),
    ]
    return build_extraction(text, "2021-03-17", facts, types, title=HOSTILE_TITLE)


def hostile_store(uri: str = "sqlite://:memory:", schema: Schema | None = None) -> SQLiteStore:
    store = SQLiteStore(uri, schema=schema or default_schema())
    store.write(hostile_extraction())
    return store


def synthetic_extraction(n_entities: int, n_relations: int, seed: int = 7,
                         schema: Schema | None = None) -> Extraction:
    """A random graph with a few hubs: ``n_entities`` entities, about ``n_relations``
    relations of mixed types and modalities, one document."""
    schema = schema or default_schema()
    rng = random.Random(seed)
    types = list(schema.entities)
    ents = [Entity.create(f"Entity {i:05d}", types[i % len(types)]) for i in range(n_entities)]
    sentence = "Synthetic evidence sentence."
    doc = Document.from_text(sentence, title="synthetic", date="2022-01-01")
    mentions = tuple(Mention(e.id, doc.id, 0, 9, "Synthetic") for e in ents)
    rel_types = [t for t in schema.relations]
    mods = ["asserted", "asserted", "asserted", "hedged", "hypothetical"]
    rels: dict[str, Relation] = {}
    hubs = max(1, n_entities // 50)
    for i in range(n_entities):
        # every entity joins the graph; hubs attract more edges (power-law-ish)
        j = rng.randrange(hubs) if rng.random() < 0.5 else rng.randrange(n_entities)
        if j == i:
            j = (i + 1) % n_entities
        _add(rels, schema, ents[i], ents[j], rng.choice(rel_types), rng.choice(mods), doc,
             sentence)
    while len(rels) < n_relations:
        a, b = rng.randrange(n_entities), rng.randrange(n_entities)
        if a != b:
            _add(rels, schema, ents[a], ents[b], rng.choice(rel_types), rng.choice(mods), doc,
                 sentence)
    return Extraction(doc, tuple(ents), mentions, tuple(rels.values()))


def _add(rels: dict[str, Relation], schema: Schema, a: Entity, b: Entity, typ: str, mod: str,
         doc: Document, sentence: str) -> None:
    ev = Evidence("", doc.id, sentence, 0, len(sentence), mod, "synthetic", 0.8)
    r = Relation.create(a.id, typ, b.id, symmetric=schema.relations[typ].symmetric,
                        evidence=[ev])
    rels.setdefault(r.id, r)


def synthetic_store(n_entities: int, n_relations: int, uri: str = "sqlite://:memory:"
                    ) -> SQLiteStore:
    store = SQLiteStore(uri)
    store.write(synthetic_extraction(n_entities, n_relations))
    return store


# -- a small case: denials, a dispute, three dated documents ------------------------------

VALE, MOSS, ORBIS, BORDURIA, RURITANIA = ("Boris Vale", "Carla Moss", "Orbis Group",
                                          "Borduria", "Ruritania")
CASE_TYPES = {VALE: "PERSON", MOSS: "PERSON", ORBIS: "ORGANIZATION", BORDURIA: "STATE",
              RURITANIA: "STATE"}
CASE_MET = f"{VALE} met {MOSS} in Geneva on Monday."
CASE_LEADS = f"{VALE} leads {ORBIS}."
CASE_DENY_MET = f"{MOSS} never met {VALE}, her lawyer said."
CASE_DENY_INTERFERED = f"{BORDURIA} did not interfere in {RURITANIA}'s election."
CASE_SUPPORTED = f"{ORBIS} supported {RURITANIA} <b>openly</b> & often."
CASE_MAY_MEET = f"{VALE} may have met {BORDURIA}'s envoy."
#: (date, title, text, facts)
CASE_DOCUMENTS = (
    ("2021-01-11", "Vale and Moss meet in Geneva",
     f"GENEVA - {CASE_MET} Officials confirmed the talks. {CASE_LEADS} More talks follow.",
     [(VALE, "MET", MOSS, "asserted", CASE_MET), (VALE, "LEADS", ORBIS, "asserted",
                                                   CASE_LEADS)]),
    ("2021-06-02", "Moss denies <i>any</i> meeting",
     f"{CASE_DENY_MET} {CASE_DENY_INTERFERED} The statement came late on Friday.",
     [(MOSS, "MET", VALE, "negated", CASE_DENY_MET),
      (BORDURIA, "INTERFERED_IN", RURITANIA, "negated", CASE_DENY_INTERFERED)]),
    ("2022-02-15", "Orbis backs Ruritania",
     f"Reports say {CASE_SUPPORTED} Separately, {CASE_MAY_MEET} Nothing was confirmed.",
     [(ORBIS, "SUPPORTED", RURITANIA, "asserted", CASE_SUPPORTED),
      (VALE, "MET", BORDURIA, "hedged", CASE_MAY_MEET)]),
)


def case_extractions() -> list[Extraction]:
    out = []
    for date, title, text, facts in CASE_DOCUMENTS:
        names = {n for f in facts for n in (f[0], f[2])}
        out.append(build_extraction(text, date, facts, {n: CASE_TYPES[n] for n in names},
                                    title=title))
    return out


def case_store(uri: str = "sqlite://:memory:", with_hostile: bool = False) -> SQLiteStore:
    """The case (and, when asked, the hostile corpus in the same store)."""
    store = SQLiteStore(uri, schema=default_schema())
    if with_hostile:
        store.write(hostile_extraction())
    for ex in case_extractions():
        store.write(ex)
    return store
