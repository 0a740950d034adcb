"""Stage 3: mentions.

NER spans cleaned of determiners, titles, possessives and whitespace, plus the user's
alias / watch-list matches and "<demonym> intelligence" services. Types are fixed by world
knowledge (:mod:`..countries`: states, capitals acting as states, well-known bodies) and by
context (a name coordinated with a person or described as a "colleague" is a person; one
described as a "company" is an organisation).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.tokens import Span

from ...model import Problem, normalise_name
from ..countries import STATE_TITLES, key
from .context import (
    ORG,
    PERSON,
    STATE,
    DocContext,
    MentionDraft,
    line_start,
    positions,
    span_text,
)
from .lexicon import (
    COMMON_TECH_TERMS,
    FACILITY_WORDS,
    HONORIFICS,
    NAMING_VERBS,
    ORG_KINDS,
    ORG_NAME_HEADS,
    ORG_NOUNS,
    PERSON_DESCRIPTORS,
    PERSON_HONORIFICS,
    PERSON_LIKE_KINDS,
    SPEECH_VERBS,
    SUCH_AS,
)
from .shapes import (
    capitalised_runs,
    capitals_line,
    code_name,
    described_as_org,
    given_name_gender,
    kin_title,
    locative,
    looks_like_person,
    person_cue,
    split_inside,
    state_named,
    titled_name_after,
)

#: "Government of the Czech Republic": a state's government named as such
_GOVERNMENT_OF = re.compile(r"(?i)^government of (?:the )?(.+)$")
#: a short form defined in brackets after a capitalised name: "Security Service (SSD)"
_SHORT_FORM = re.compile(r"[A-Z][\w'-]*\s+\(([A-Z][A-Z0-9&.-]{1,9})\)")


def surface(text: str) -> str:
    """A name as written, without a possessive or a leading "the", on one line."""
    # (string tests, not patterns: the text has single spaces once its words are joined)
    text = " ".join(text.split())
    if text.endswith(("’s", "'s")):
        text = text[:-2]
    text = text.strip()
    return text[4:] if text.startswith(("the ", "The ")) else text


def alias_spans(ctx: DocContext) -> list[tuple[int, int, str, str]]:
    """The alias table's matches in the document, longest first at each start."""
    if ctx.alias_matcher is None:
        return []
    doc = ctx.doc
    out = []
    for match_id, s, e in ctx.alias_matcher(doc):
        canon, type_ = ctx.aliases.entries[doc.vocab.strings[match_id]]
        out.append((s, e, canon, type_))
    out.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    return out


_INTELLIGENCE = frozenset({"intelligence"})
#: a state's posts abroad: "the Russian embassy in Canberra", "Iran's mission to the UN"
_POSTS = frozenset({"embassy", "consulate", "mission"})


def _diplomatic_posts(ctx: DocContext, taken: set[int]) -> list[MentionDraft]:
    """ "the Russian embassy in Canberra", "the Embassy of Russia in Bulgaria", "Iran's
    mission to the United Nations": a state's post abroad is an organisation named by the
    whole phrase. Without its place ("the Russian embassy") it stays the state's body;
    a mission is a post only "to" a body ("Russia's mission in Syria" is an operation)."""
    doc, gaz = ctx.doc, ctx.gaz
    by_start = {e.start: e for e in ctx.ents}
    by_end = {e.end: e for e in ctx.ents}
    out: list[MentionDraft] = []

    def state(a: int, b: int) -> str | None:
        text = span_text(ctx, a, b)
        found = gaz.lookup(text)
        return gaz.demonym(text) or (found[0] if found is not None and found[1] == STATE
                                     else None)

    def place_at(at: int, prep: str) -> Any:
        place = by_start.get(at)
        if place is None and ctx.lower[at] == "the":
            place = by_start.get(at + 1)  # "to [the United Nations]" tagged without "the"
        if place is None:
            return None
        if prep == "to":
            return place if place.label_ == "ORG" else None
        text = span_text(ctx, place.start, place.end)
        # (a capital the model took for a person is still a place: "embassy in Kyiv")
        known = gaz.capital_of(text) or gaz.lookup(text) or key(text) in gaz.cities
        return place if place.label_ in ("GPE", "LOC") or known else None

    for i in positions(ctx.lower, _POSTS):
        # the state's words [sa, sb): before the post ("the Russian", "Iran's") or after
        # it ("the Embassy of Russia"); the name starts at ``a``, its place's preposition
        # is at ``k``
        sb = i if i > 0 and ctx.lower[i - 1] != "'s" else i - 1
        owner = by_end.get(sb)
        sa = a = owner.start if owner is not None else None
        named = by_end.get(i + 1)  # "The British Embassy", tagged as one name
        if a is None and named is not None and named.start < i:
            sa = a = named.start + (ctx.lower[named.start] == "the")
        k = i + 1
        if a is None and doc[i].is_title and k + 1 < len(doc) and ctx.lower[k] == "of":
            owner = by_start.get(k + 1)  # "the Embassy of Russia in Bulgaria"
            if owner is not None:
                a, sa, sb, k = i, owner.start, owner.end, owner.end
        if a is None or sa is None or sa >= sb or k + 1 >= len(doc):
            continue
        owner_state = state(sa, sb)
        if owner_state is None:
            continue
        prep = ctx.lower[k]
        if prep not in (("to",) if ctx.lower[i] == "mission" else ("in",)):
            continue
        place = place_at(k + 1, prep)
        if place is None:
            continue
        start = a
        if any(t in taken for t in range(start, place.end)) or ctx.in_boiler(doc[start]):
            continue
        name = span_text(ctx, start, place.end)
        out.append(MentionDraft(start, place.end, name, ORG, name, fixed=True))
        ctx.post_states[(ORG, name)] = (STATE, owner_state)
        taken.update(range(start, place.end))
    return out


def collect_mentions(ctx: DocContext) -> None:
    """Needs ``doc``, ``boiler_sents``, ``aliases``; sets ``mentions`` (typed, sorted)."""
    doc = ctx.doc
    gaz = ctx.gaz
    ctx.ents = doc.ents
    taken: set[int] = set()
    # the user's watch-list first: it overrides the model
    for s, e, canon, type_ in alias_spans(ctx):
        if any(i in taken for i in range(s, e)) or ctx.in_boiler(doc[s]):
            continue
        ctx.mentions.append(MentionDraft(s, e, doc[s:e].text, type_, canon, fixed=True))
        taken.update(range(s, e))
    # "<demonym> intelligence (services)" names a state's intelligence service
    for i in positions(ctx.lower, _INTELLIGENCE):
        tok = doc[i]
        if tok.i > 0 and tok.i not in taken and not ctx.in_boiler(tok):
            prev = doc[tok.i - 1]
            # ("Russian military intelligence": the branch between is in the name)
            branch = prev.lower_ in _BRANCHES and tok.i > 1
            if branch:
                prev = doc[tok.i - 2]
            if prev.ent_type_ == "NORP" and gaz.demonym(prev.text) and prev.i not in taken:
                end = tok.i + 1
                if end < len(doc) and doc[end].lemma_ in ("service", "agency", "community"):
                    end += 1
                name = f"{prev.text} {doc[tok.i - 1].lower_} intelligence" if branch else \
                    f"{prev.text} intelligence"
                ctx.mentions.append(MentionDraft(prev.i, end, doc[prev.i:end].text, ORG, name,
                                                 fixed=True))
                taken.update(range(prev.i, end))
    if not _POSTS.isdisjoint(ctx.lower):
        ctx.mentions += _diplomatic_posts(ctx, taken)
    # state names as world knowledge, where the model tagged none or a list of them
    # ("Mozambique, Democratic Republic of Congo, Cote" as one place); a person's or an
    # organisation's name that contains one ("Jordan Peterson") keeps it
    ents = split_inside(ctx, _merge_split_names(ctx))
    # (not a state's official name tagged an organisation: "The Democratic People's
    # Republic of Korea")
    names_kept = {i for e in ents if (e.label_ in ("PERSON", "ORG") or _place_named_kind(ctx, e))
                  and "," not in span_text(ctx, e.start, e.end) and not state_named(ctx, e)
                  for i in range(e.start, e.end)}
    for m in _state_names(ctx, taken | names_kept):
        ctx.mentions.append(m)
        taken.update(range(m.start, m.end))
    # a place name that is also the family name of a person in the document ("Lucky
    # Montana" ... "assured Montana") is that person
    family = {span_text(ctx, e.end - 1, e.end) for e in ctx.ents if e.label_ == "PERSON"}
    full_family = {span_text(ctx, e.end - 1, e.end) for e in ctx.ents
                   if e.label_ == "PERSON" and len(e) > 1}
    # ... and one that opens an organisation's name ("Volat Defence Systems" ... "Volat's
    # director") is that organisation, by its short name
    firms = {span_text(ctx, e.start, e.start + 1) for e in ctx.ents
             if e.label_ == "ORG" and len(e) > 1 and ctx.pos[e.start] == "PROPN"}
    # ... and a name that is an organisation's without its legal form ("Vantor Reach" of
    # "Vantor Reach Ltd") is that organisation
    # ("Hai Lan" of "Hai Lan Petroleum Trading": without the words that say what it does)
    stems = {span_text(ctx, e.start, e.end - 1) for e in ctx.ents
             if e.label_ == "ORG" and len(e) > 2 and ctx.lower[e.end - 1] in _LEGAL_FORMS}
    stems |= {stem for e in ctx.ents if e.label_ == "ORG" for stem in _trade_stems(ctx, e)}
    ctx.org_stems = stems  # (read by type_mention: such a name is no person)
    dropped: list[MentionDraft] = []  # names of several words typed as no entity
    # one sense per document: a name the text once describes as a place is a place
    # (one pass over the text: every place apposition, and the capitalised words before it)
    # (every short form is in brackets: no bracket, no short form, no search)
    ctx.short_forms = {hit.group(1) for hit in _SHORT_FORM.finditer(ctx.text)} \
        if "(" in ctx.text else set()
    for hit in _PLACE_APPOSITION.finditer(ctx.text):
        last = _token_ending_at(ctx, hit.start())
        first = last
        while first is not None and first >= 0 and ctx.pos[first] in ("PROPN", "NOUN") and \
                ctx.text[ctx.char_start[first]].isupper():
            first -= 1
        if last is not None and first is not None and first < last:
            ctx.place_names.add(span_text(ctx, first + 1, last + 1))
    # "the city of Kharkiv", "the port of Odesa" (not "the capital of Ukraine"), searched
    # from the first "<place noun> of" of the text on, if it has one (the pattern tries its
    # nouns at every word, and a match starts with one)
    first = min((at for at in (ctx.text.find(f"{noun} of ") for noun in PLACE_NOUNS)
                 if at >= 0), default=-1)
    if first >= 0:
        ctx.place_names.update(hit.group(1) for hit in _PLACE_OF.finditer(ctx.text, first)
                               if not gaz.lookup(hit.group(1)))
    for ent in ents:
        if ent.label_ in ("PRODUCT", "FAC") and ent.root.pos_ == "PROPN" and (
                _is_actor(ent.root) or len(ent) > 1) and all(t.is_title for t in ent) and \
                not any(t.lower_ in FACILITY_WORDS for t in ent) and \
                not (ent.label_ == "FAC" and locative(ent.root)):
            # "hacking Delta Freight": a name that acts or is acted on, with no word of a
            # building or a thing in it, is no product or facility but a company
            ent = Span(doc, ent.start, ent.end, label="ORG")
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            continue
        # (a one-word span's text is its token's: sliced from the text, not joined by spaCy)
        word = span_text(ctx, ent.start, ent.end) \
            if ent.label_ in ("GPE", "LOC", "FAC") and len(ent) == 1 else None
        if ent.label_ == "PERSON" and len(ent) == 1 and ctx.pos[ent.start] == "PROPN" \
                and span_text(ctx, ent.start, ent.end) in firms \
                and span_text(ctx, ent.start, ent.end) not in full_family:
            # "Haixin Brand Consulting ... Haixin's subcontractors": a lone word that opens
            # a company's name, and no person's, is the company by its short name
            ent = Span(doc, ent.start, ent.end, label="ORG")
        if stems and ent.label_ in ("PERSON", "GPE", "LOC", "NORP") and \
                span_text(ctx, ent.start, ent.end) in stems:
            ent = Span(doc, ent.start, ent.end, label="ORG")
        if word is not None and word in family:
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        elif word is not None and word in firms \
                and not gaz.lookup(word) and not gaz.capital_of(word):
            ent = Span(doc, ent.start, ent.end, label="ORG")
        if ent.label_ == "PERSON" or (ent.label_ == "ORG" and len(ent) == 1):
            # "[Ilse] Novak" tagged a one-word organisation: a given name compounded onto
            # it makes a person's name
            ent = _given_name_before(ctx, ent)
        if ctx.boiler_at(ent.start):
            continue
        if not taken.isdisjoint(range(ent.start, ent.end)):
            continue
        m = _clean(ctx, ent)
        if m is None:
            continue
        type_mention(ctx, m, ent.label_)
        if m.type:
            ctx.mentions.append(m)
        elif len(ent) > 1:
            dropped.append(m)
        taken.update(range(m.start, m.end))  # an entity, or a place or demonym: decided
    # names the model missed: capitalised runs, typed by their shape and context
    runs = []
    for m, label in list(capitalised_runs(ctx, taken)):
        type_mention(ctx, m, label)
        if m.type:
            ctx.mentions.append(m)
            taken.update(range(m.start, m.end))
            runs.append(m)
    # a name dropped as a place that is the short name of a company found among the runs
    # ("Golden Strait", after "Golden Strait Shipping")
    short = {stem for m in runs if m.type == ORG for stem in _trade_stems(ctx, m)}
    for d in dropped:
        if d.text in short:
            d.type = ORG
            ctx.mentions.append(d)
    ctx.mentions.sort(key=lambda m: m.start)


def _token_ending_at(ctx: DocContext, offset: int) -> int | None:
    """The token whose text ends at character ``offset``, if one does (token ends only
    grow: a binary search)."""
    i = bisect_left(ctx.char_end, offset)
    return i if i < len(ctx.char_end) and ctx.char_end[i] == offset else None


def type_mention(ctx: DocContext, m: MentionDraft, label: str) -> None:
    """The type (and canonical name, if world knowledge fixes it) of one cleaned span."""
    if (m.text.lower() in COMMON_TECH_TERMS and m.text not in ctx.short_forms) \
            or m.text.islower():
        # "a PDF attachment", "Trojan malware": a thing, not an actor; a name has a capital
        # (but "the State Security Service (SSD)" makes "SSD" a name in this document)
        m.type = ""
        return
    if code_name(m.text):
        m.type = ORG  # "Sandstorm-9", "APT29": a tracked group's code name, no person's
        return
    if m.text in ctx.org_stems:
        m.type = ORG  # "Hai Lan", after "Hai Lan Petroleum Trading": the company, shorter
        return
    if m.text in ctx.place_names:
        _not_an_entity(ctx, m, f"place {m.text!r} is a location here, not an actor")
        return
    doc = ctx.doc
    gaz = ctx.gaz
    governed = _GOVERNMENT_OF.match(m.text) if label == "ORG" else None
    found = gaz.lookup(governed.group(1)) if governed else None
    if found is not None and found[1] == STATE:
        # "the Government of the Czech Republic" is the state acting
        m.canon, m.type, m.fixed = found[0], STATE, True
        return
    alias = ctx.aliases.get(m.text)
    if alias:
        m.canon, m.type, m.fixed = alias[0], alias[1], True
        return
    multi_person = label == "PERSON" and m.end - m.start > 1
    known = None if multi_person else gaz.lookup(m.text)
    if known:
        m.canon, m.type, m.fixed = known[0], known[1], True
        return
    span = Span(doc, m.start, m.end)  # (``doc[start:end]`` first normalises the bounds)
    head = span.root
    if m.end + 1 < len(doc) and ctx.lower[m.end] == "-" and ctx.lower[m.end + 1] == "based":
        # "the Orhei-based foundation": where something is based is a place
        _not_an_entity(ctx, m, f"place {m.text!r} is where something is based")
        return
    if label != "PERSON" and _portfolio_after(ctx, m):
        m.type = ""  # "Under Secretary for Terrorism and Financial Intelligence X"
        return
    if label == "PERSON" and m.end - m.start == 1 and gaz.is_place(m.text) and (
            (head.dep_ in ("compound", "nmod", "npadvmod") and head.head.pos_ == "NOUN")
            or locative(head)) and not person_cue(span, ctx.lex) and \
            not any(e.label_ == "PERSON" and len(e) > 1 and
                    span_text(ctx, e.end - 1, e.end) == m.text for e in ctx.ents):
        # "Yobe federal constituency": a known place modifying a common noun, not a person
        _not_an_entity(ctx, m, f"place {m.text!r} is a location here, not an actor")
        return
    if label != "PERSON" or m.end - m.start == 1:
        cap = gaz.capital_of(m.text)
        if cap and locative(head):
            # "met in Vienna": where something happened, not who acted
            _not_an_entity(ctx, m, f"place {m.text!r} is a location here, not an actor")
            return
        if cap:
            m.canon, m.type, m.fixed = cap, STATE, True
            return
        if label != "PERSON" and gaz.is_place(m.text) and (locative(head)
                                                            or label in ("GPE", "LOC")):
            if not _stored_type(ctx, m, head, ""):
                _not_an_entity(ctx, m, f"place {m.text!r} is not a state actor")
            return
    if gaz.demonym(m.text):
        m.type = ""  # a demonym alone is not an entity mention
        return
    if label == "NORP" and m.end - m.start > 1 and any(
            ctx.dep[c] == "appos" and ctx.lemma[c] in ORG_NOUNS for c in ctx.kids[head.i]):
        m.type = ORG  # "Black Orca, a group tied to Iran", tagged a nationality
        return
    if label == "NORP" and (_held_role_of(ctx, head.i) or _org_context(ctx, head.i)):
        # "chief executive of Danwind", "the opposition Harmony party", tagged a
        # nationality (a demonym was answered above)
        m.type = ORG
        return
    if label in ("NORP", "LOC", "GPE") and m.end - m.start == 2 and \
            looks_like_person(span) and given_name_gender(doc[m.start].text) != "unknown" \
            and not gaz.is_place(m.text) and not gaz.lookup(m.text) \
            and not gaz.is_place(doc[m.end - 1].text) \
            and ctx.lower[m.end - 1] not in PLACE_NOUNS \
            and ctx.lower[m.end - 1] not in ORG_NAME_HEADS and not _org_context(ctx, head.i):
        # "Marguerite Oyelaran" tagged a nationality or a place: a given name and a word
        # that names no place (not "founded Nova Signal": no one founds a person)
        m.type = PERSON
        return
    if label == "NORP":
        m.type = ""
        _stored_type(ctx, m, head, "")
        return
    if label in ("LOC", "GPE", "FAC") and not gaz.is_place(m.text) and \
            titled_name_after(doc, m.end, ctx.sents[ctx.sent_no[m.start]].end, ctx.lex):
        m.type = ORG  # "Sevmorgas chief executive X": no place has a chief executive
        return
    if label in ("LOC", "FAC", "GPE") and not gaz.is_place(m.text) and (
            _org_context(ctx, head.i) or (
                # ("Petrolera Caribe, an oil trader": a trader who is no person's name)
                given_name_gender(doc[m.start].text) == "unknown" and any(
                    ctx.dep[c] == "appos" and ctx.lemma[c] in ORG_KINDS
                    for c in ctx.kids[head.i]))):
        m.type = ORG  # "the Nightfall network", tagged a facility: what the text calls it
        return
    if label in ("LOC", "FAC"):
        # "Tomas Brandt" tagged a facility: a person when the sentence says so
        m.type = PERSON if (label == "FAC" and looks_like_person(span) and (
            (len(span) > 1 and person_cue(span, ctx.lex))
            or (m.start > 0 and kin_title(doc[m.start - 1], ctx.lex)))) else ""
        if not m.type:
            _stored_type(ctx, m, head, "")
        return
    if label in ("GPE", "LOC", "FAC") and not gaz.is_place(m.text) and any(
            org.startswith(m.text + " ") for org in _org_names(ctx)):
        m.type = ORG  # "Delta Haven's chief executive", after "Delta Haven Terminals"
        return
    if label == "GPE":
        if gaz.is_place(m.text) or not (_is_actor(head) or _role_object(ctx, head)):
            m.type = ""
            if not _stored_type(ctx, m, head, ""):
                ctx.problems.append(Problem(
                    "not_an_entity", f"place {m.text!r} is not a state actor", m.text,
                    ctx.document.id, ctx.char_start[m.start], ctx.char_end[m.end - 1]))
            return
        if _person_context(ctx, head):
            m.type = PERSON  # "Tagirov's daughter, Alina", tagged a place
        elif not _stored_type(ctx, m, head, ORG):
            m.type = ORG  # an acting named group the NER took for a place
        return
    if label == "ORG" and _portfolio(ctx, span):
        m.type = ""  # "French Interior Minister X": a portfolio inside a title
        return
    m.type = PERSON if label == "PERSON" else ORG
    if m.type == PERSON and len(span) > 1 and ctx.lower[m.end - 1] in ORG_NAME_HEADS:
        m.type = ORG  # "Anti-Fraud Commission" tagged a person by the model
    last = m.end - 1
    if m.type == PERSON and len(span) <= 3 and m.start > 0 and \
            ctx.lower[m.start - 1] == "the" and (ctx.tag[last] == "NNPS" or (
                len(span) == 1 and m.text.endswith("s") and m.text[:1].isupper())):
        # "the Houthis", "the Lachin Wolves": a plural name with "the" is a group, not a
        # person
        m.type = ORG
    if m.type == ORG and len(span) > 1 and looks_like_person(span) and person_cue(span, ctx.lex):
        m.type = PERSON  # "Minister Sfiso Buthelezi" tagged an organisation by the model
    if _org_context(ctx, head.i):
        # (a name that only modifies a kind, "the Trump campaign", is no evidence that
        # the name is the organisation's everywhere)
        m.type, m.cued = ORG, ctx.dep[head.i] != "compound"
    elif m.type == ORG and _person_context(ctx, head) and not any(
            w in ORG_NAME_HEADS for w in ctx.lower[m.start:m.end]):
        m.type, m.cued = PERSON, True
    elif any(ctx.lower[i] in PERSON_HONORIFICS for i in m.title_toks):
        m.type = PERSON  # "[Ms] Okafor" tagged an organisation: only a person is a Ms
    elif not m.title_toks and not (m.type == PERSON and _person_context(ctx, head)):
        _stored_type(ctx, m, head, m.type)  # typed by the model's label alone


def _org_names(ctx: DocContext) -> list[str]:
    """The texts of the model's organisation spans, once per document."""
    if "org_names" not in ctx.memo:
        ctx.memo["org_names"] = [e.text for e in ctx.ents if e.label_ == "ORG"]
    return ctx.memo["org_names"]


def _stored_type(ctx: DocContext, m: MentionDraft, head: Any, own: str) -> str:
    """A one-word name the text types by nothing but the model's label (``own``; "" when
    it would be dropped as a place): the type to give it, set on ``m``.

    That is the store's type when the writer told one (``ctx.known``: an entity the store
    already has keeps its type when a new document names it - "Butina" tagged an
    organisation, or a surname taken for a city), else ``own``. Either way the name is
    recorded in ``ctx.open_names``, so the writer can tell when a store's answer would
    change this document. A place the sentence uses as one ("met in Lyon") is no open
    name: the text decides it."""
    if m.end - m.start != 1 or (not own and locative(head)):
        return ""
    key = normalise_name(m.text)
    if not key:
        return ""
    told = ctx.known.get(key, "")
    ctx.open_names[m.start] = (key, own, told)
    m.type = told or own
    return m.type


def _first_conjunct_of_name(ctx: DocContext, ent: Any) -> int | None:
    """Where an organisation's name starts whose first conjunct the model left out ("Ethics
    and [Anti-Corruption Commission]"): capitalised words with no entity of their own right
    before "and", the name ending in a word organisations' names end in; else None."""
    i = ent.start - 1
    if i < 1 or ctx.lower[i] != "and":
        return None
    # "Unity and [Bread], a pro-Russian party": a name the text then calls an organisation
    kind = ctx.lower[ent.end - 1] in ORG_NAME_HEADS or described_as_org(ctx, ent.end)
    if not kind:
        return None
    start = i
    doc = ctx.doc
    while start > 0 and ctx.pos[start - 1] in ("PROPN", "NOUN") and doc[start - 1].is_title \
            and not doc[start - 1].ent_type_ and not line_start(ctx, start) and \
            ctx.lower[start - 1] not in ctx.lex.titles:
        start -= 1
    return start if start < i else None


def _institution_before(ctx: DocContext, state: Any) -> int | None:
    """Where "<Capitalised institution> of <state>" starts, if the words before the state
    are one ("Senate of", "Central Bank of"); None otherwise."""
    doc = ctx.doc
    i = state.start - 1
    # the words from the table first: tokens only for "<institution> of"
    if i < 1 or ctx.lower[i] != "of" or ctx.lower[i - 1] not in ORG_NAME_HEADS \
            or not doc[i - 1].is_title or doc[i - 1].ent_type_ not in ("", "ORG"):
        return None
    start = i - 1
    while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ in ("PROPN", "ADJ") \
            and doc[start - 1].ent_type_ in ("", "ORG") and doc[start - 1].i > state.sent.start:
        start -= 1
    return start


def _given_name_before(ctx: DocContext, ent: Any) -> Any:
    """ "Lucky Montana" tagged as "Montana": a capitalised word compounded onto the name
    (not a title, a demonym or a state) is part of it."""
    doc, start = ctx.doc, ent.start
    while start > 0:
        j = start - 1
        # the parse from the tables first: a token only for a compounded proper noun
        if not (ctx.pos[j] == "PROPN" and ctx.dep[j] == "compound"
                and ent.start <= ctx.head[j] < ent.end):
            break
        t = doc[j]
        if not (t.is_title and t.ent_type_ in ("", "PERSON")
                and t.lower_ not in HONORIFICS and t.lower_ not in ctx.lex.titles
                and t.lower_ not in ctx.lex.role_nouns and not ctx.gaz.demonym(t.text)
                and not ctx.gaz.lookup(t.text)
                and (given_name_gender(t.text) != "unknown"  # "Mayor" is no given name
                     # (or a name of its own after a comma: ", Arief Wicaksono,")
                     or (j > 0 and ctx.lower[j - 1] == "," and ent.end - ent.start == 1))):
            break
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label="PERSON")


def _state_names(ctx: DocContext, taken: set[int]) -> list[MentionDraft]:
    """Known state names (world knowledge) the model did not tag, longest first."""
    doc, gaz = ctx.doc, ctx.gaz
    firsts = gaz.first_words()
    out: list[MentionDraft] = []
    text = ctx.text
    starts = [i for i, w in enumerate(ctx.lower) if text[ctx.char_start[i]].isupper()
              and key(w) in firsts]
    nxt = 0
    for i in starts:
        if i < nxt or i in taken:
            continue
        t = doc[i]
        if not t.is_title or ctx.in_boiler(t):
            continue
        hit = None
        # no name reaches a taken token: the first one ahead bounds the sizes tried
        free = next((j for j in range(i, i + 6) if j in taken), i + 6) - i
        for size in range(min(6, len(ctx.lower) - i, free), 0, -1):
            name = span_text(ctx, i, i + size)
            if "\n" in name or ctx.pos[i + size - 1] == "PUNCT":
                continue
            known = gaz.lookup(name)
            if known and known[1] == STATE:
                hit = MentionDraft(i, i + size, name, STATE, known[0], fixed=True)
                break
        if hit is None:
            continue
        if not gaz.demonym(hit.text):
            out.append(hit)
        nxt = hit.end
    return out


#: nouns that say an apposition's name is a place: "Curitiba, the capital of Parana"
PLACE_NOUNS = {"capital", "city", "town", "village", "port", "province", "region", "district",
               "municipality", "county", "suburb", "island", "enclave", "oblast", "prefecture"}


#: ", the capital of", ", a city in": the apposition that describes the name before it
_PLACE_APPOSITION = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,3}?(?:"
                               + "|".join(sorted(PLACE_NOUNS))
                               + r")(?:\s+(?:of|in|on|near|and|that|which|where|whose|with)\b|"
                               r"\s*[,.;)])")


_PLACE_OF = re.compile(r"\b(?:" + "|".join(sorted(PLACE_NOUNS))
                       + r") of ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\b")


def _portfolio_after(ctx: DocContext, m: MentionDraft) -> bool:
    """ "Minister for Communications and Digitalisation", "Under Secretary for Terrorism and
    Financial Intelligence": the portfolio named after a title's "for" is no body."""
    i = m.start - 1
    # (the second of two: "... for Terrorism and [Financial Intelligence]")
    while i > 1 and ctx.lower[i] != "for" and (ctx.lower[i] == "and" or (
            ctx.pos[i] in ("PROPN", "NOUN") and ctx.text[ctx.char_start[i]].isupper())):
        i -= 1
    return i >= 1 and ctx.lower[i] == "for" and ctx.lower[i - 1] in _PORTFOLIO_TITLES


#: titles whose "for" phrase names a portfolio
_PORTFOLIO_TITLES = {"minister", "secretary", "commissioner", "envoy", "czar", "tsar",
                     "undersecretary", "rapporteur", "coordinator"}
#: a government's portfolios, as they come before "Secretary" in a title
_PORTFOLIOS = {"defense", "defence", "energy", "foreign", "home", "interior", "health",
               "education", "transport", "trade", "commerce", "labor", "labour", "justice",
               "agriculture", "environment", "finance", "treasury", "state", "cabinet",
               "homeland", "culture", "housing", "security", "mining", "tourism"}


def _portfolio(ctx: DocContext, span: Any) -> bool:
    """A capitalised word between a state's adjective and a title ("French Interior
    Minister", "US Treasury Secretary") names the office's portfolio, not a body."""
    doc = span.doc
    if len(span) > 2 or span.end >= len(doc):
        return False
    # the title may follow more words of the portfolio ("Digital [Affairs] Minister")
    j = span.end
    while j + 1 < len(doc) and j - span.end < 2 and ctx.lower[j] not in ctx.lex.titles and \
            ctx.pos[j] == "PROPN" and ctx.text[ctx.char_start[j]].isupper():
        j += 1
    after = ctx.lower[j]  # (the word from the table; the token before only then)
    if after not in ctx.lex.titles or after in ORG_NOUNS or (j > span.end and after != "minister"):
        return False
    if after == "minister" or (after == "secretary" and j == span.end and all(
            w in _PORTFOLIOS for w in ctx.lower[span.start:span.end])):
        # "Defence Minister X", "Indian Oil Minister X": a portfolio (with the state's
        # adjective, if the model tagged it too); no company has a minister; "Defense
        # Secretary X", "Energy Cabinet Secretary X"
        return True
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    return bool(ctx.gaz.demonym(before.text) or ctx.gaz.lookup(before.text))


def _not_an_entity(ctx: DocContext, m: MentionDraft, reason: str) -> None:
    ctx.problems.append(Problem("not_an_entity", reason, m.text, ctx.document.id,
                                ctx.char_start[m.start], ctx.char_end[m.end - 1]))
    m.type = ""


#: the legal forms that end companies' names ("Vantor Reach Ltd")
_LEGAL_FORMS = frozenset({"ltd", "ltd.", "inc", "inc.", "llc", "plc", "gmbh", "ag", "sa",
                          "corp", "corp.", "co", "co.", "limited", "lp", "llp", "pjsc", "jsc",
                          "ooo", "oao", "zao", "bv", "nv", "ab", "oy", "asa", "spa", "srl",
                          "pty", "s.a.", "sarl", "bhd"})
#: legal forms written before a company's name ("PT Sinar Dirgantara", "OAO Rosneft")
LEGAL_FORM_PREFIXES = {"pt", "oao", "ooo", "zao", "pao", "jsc", "pjsc", "ojsc", "cjsc", "tov",
                       "sc"}
#: prefixes of a stance ("pro-Kremlin", "anti-NATO")
_STANCES = {"pro", "anti", "non"}
#: last words of names of things that never act: laws, treaties, days
_NOT_ACTOR_HEADS = {"act", "treaty", "day", "accord", "accords", "bill", "law", "doctrine",
                    "prize", "award", "cup", "games", "olympics"}


def _clean(ctx: DocContext, ent: Any) -> MentionDraft | None:
    """Strip determiners, titles, possessives, whitespace and punctuation from an NER span."""
    lex = ctx.lex
    # the span is tokens start:end, narrowed from both sides, tested on the token tables
    lower, pos, is_punct, is_space, is_lower = (ctx.lower, ctx.pos, ctx.is_punct,
                                                ctx.is_space, ctx.is_lower)
    start, end = ent.start, ent.end
    # cut at a line break inside the span ("Vladimir Putin\nRussian ..."): a space token
    # (a token's own trailing whitespace, ``whitespace_``, is one space or none)
    for i in range(start, end):
        if is_space[i]:
            end = i
            break
    if end - start > 2 and is_lower[start] and lower[start] in _STANCES and \
            lower[start + 1] == "-":
        if end - start == 3:
            return None  # "pro-Kremlin", "anti-EU": a stance, a modifier, not a name
        start += 3  # "the anti-NATO Homeland Union": the name after the stance
    if start > 1 and end - start > 1 and lower[start - 1] == "-" and is_lower[start - 2] \
            and lower[start - 2] in _STANCES:
        start += 1  # "the anti-[NATO Homeland Union]": the party's name follows the stance
    titles: list[int] = []
    # "Secretary of State Mike Pompeo" tagged from "State": the title began before the span
    while end - start > 1 and start >= 2 and " ".join(lower[start - 2: start + 1]) in lex.titles:
        titles.append(start)
        start += 1
    while end > start and not _adjective_of_name(ctx, ent, start, end) and (
            lower[start] in HONORIFICS or lower[start] in lex.titles
                           or lower[start] in STATE_TITLES or is_punct[start]
                           or (lower[start] in lex.role_nouns and end - start > 1)):
        titles.append(start)
        start += 1
    if ent.label_ == "PERSON" and end - start > 1 and lower[start] in PERSON_DESCRIPTORS:
        start += 1  # "Billionaire Oren Castellane": a description, not a title or a name
    # "plans to [meet Ilse Novak]": a lowercase verb or particle the span swallowed
    while end - start > 1 and is_lower[start] and pos[start] in (
            "VERB", "AUX", "ADV", "PART", "SCONJ", "CCONJ", "PRON"):
        start += 1
    while end > start and (is_punct[end - 1] or is_space[end - 1] or ctx.tag[end - 1] == "POS"
                           or lower[end - 1] in ("'s", "’s", "'")
                           # "[Butina met] Torshin": the verb after the name, swallowed
                           or (end - start > 1 and is_lower[end - 1] and pos[end - 1] in (
                               "VERB", "AUX", "PART", "PRON", "SCONJ", "CCONJ"))
                           # "the United Georgia party": the kind, lowercase, after the name
                           # (not "the Latvian foreign ministry": a description, whole)
                           or (end - start > 1 and is_lower[end - 1] and pos[end - 1] == "NOUN"
                               and lower[end - 1] in ORG_KINDS and not is_lower[end - 2])):
        end -= 1
    if ent.label_ in ("ORG", "GPE") and end - start > 1:
        # "Pentagon Press [Secretary]": a title that begins inside the span ends the name
        for n in range(start + 1, end):
            if lower[n - 1] == "of" or (lower[n - 1] == "the" and lower[n - 2] == "of"):
                continue  # "the Office of the Special Prosecutor": the office is the name
            tail = " ".join(lower[n: n + 3])
            # a title of several words that is the tail or opens it (the tail up to a space)
            heads = (tail, *(tail[:p] for p, c in enumerate(tail) if c == " "))
            if any(" " in t and t in lex.titles for t in heads):
                end = n
                break
    if end <= start:
        return None
    if end - start == 1 and end < len(lower) and lower[end] in (":", "|") and \
            line_start(ctx, start):
        return None  # "Explainer: Who hacked ...": a rubric opening its line
    if capitals_line(ctx, start):
        return None  # "U.S. DEPARTMENT OF THE TREASURY": a letterhead; the model reads no case
    if end - start > 1 and lower[end - 1] in _NOT_ACTOR_HEADS and ctx.text[
            ctx.char_start[end - 1]].isupper():
        return None  # "the Arms Export Control Act", "Liberation Day": a law, a day
    text = surface(span_text(ctx, start, end))
    if end - start == 5 and _nickname_at(ctx, start):
        # the name without its nickname: "Rodolfo Villareal"
        text = f"{span_text(ctx, start, start + 1)} {span_text(ctx, start + 4, end)}"
    if not text or not (text[0].isalpha() or any(c.isalpha() for c in text)):
        return None
    return MentionDraft(start, end, text, "", title_toks=tuple(titles))


#: the branches of a state's intelligence ("Russian military intelligence")
_BRANCHES = frozenset({"military", "foreign", "domestic", "naval", "civilian"})


def _trade_stems(ctx: DocContext, ent: Any) -> list[str]:
    # (``ent``: a span or a mention, by its ``start`` and ``end``)
    """The short names an organisation's name gives without its trailing words of trade
    ("Hai Lan" of "Hai Lan Petroleum Trading", "Golden Strait" of "Golden Strait
    Shipping"): two words or more left, none of them lowercase, and no state's or place's
    name."""
    out = []
    end = ent.end
    while end - ent.start > 2 and ctx.lower[end - 1] in ORG_NAME_HEADS and end > ent.end - 2:
        end -= 1
        stem = span_text(ctx, ent.start, end)
        if not any(ctx.is_lower[i] for i in range(ent.start, end)) and \
                not ctx.gaz.lookup(stem) and not ctx.gaz.is_place(stem):
            out.append(stem)
    return out


def _place_named_kind(ctx: DocContext, ent: Any) -> bool:
    """ "the United Georgia party": a name of several words tagged a place, no place's
    name, before the kind of organisation it names (a state inside it is no mention)."""
    end = ent.end
    if ent.label_ not in ("GPE", "LOC", "NORP") or len(ent) < 2 or end >= len(ctx.lower):
        return False
    text = span_text(ctx, ent.start, end)
    return ctx.is_lower[end] and ctx.lemma[end] in ORG_NOUNS and ctx.pos[end] == "NOUN" \
        and not ctx.gaz.lookup(text) and not ctx.gaz.is_place(text)


def _adjective_of_name(ctx: DocContext, ent: Any, start: int, end: int) -> bool:
    """"the Presidential Administration of Belarus": an adjective that opens an
    organisation's name, capitalised, before a word that is no title ("presidential
    candidate" and "Presidential Envoy" are roles)."""
    return (ent.label_ == "ORG" and end - start > 1 and ctx.pos[start] in ("ADJ", "PROPN")
            and not ctx.is_lower[start] and not ctx.is_lower[start + 1]
            and ctx.lower[start] not in ("former", "acting", "late", "senior", "top")
            and ctx.lower[start + 1] not in ctx.lex.titles
            and ctx.lower[start + 1] not in ctx.lex.role_nouns
            and not line_start(ctx, start))


def _split_at_line_breaks(ctx: DocContext) -> list[Any]:
    """An NER span never crosses a line break: a title line ending in a place followed by
    a paragraph starting with a name ("Talks in Geneva\n\nAngela Merkel met ...") is two
    mentions, and each part keeps the label."""
    doc, text, char_start, char_end = ctx.doc, ctx.text, ctx.char_start, ctx.char_end
    out = []
    for e in ctx.ents:
        # most spans hold no space token and no line break up to the word after them:
        # kept whole without a look at each of their words
        after_span = char_start[e.end] if e.end < len(char_start) else len(text)
        if "\n" not in text[char_start[e.start]: after_span] and \
                not any(ctx.is_space[e.start: e.end]):
            out.append(e)
            continue
        start = e.start
        for i in range(e.start, e.end):
            # the token's text, and its whitespace (up to the next token)
            after = char_start[i + 1] if i + 1 < len(char_start) else len(text)
            if text[char_start[i]: char_end[i]].isspace():
                if i > start:
                    out.append(Span(doc, start, i, label=e.label_))
                start = i + 1
            elif "\n" in text[char_end[i]: after]:
                out.append(Span(doc, start, i + 1, label=e.label_))
                start = i + 1
        if start == e.start:
            out.append(e)  # not cut: the model's own span serves (a new one is an allocation)
        elif start < e.end:
            out.append(Span(doc, start, e.end, label=e.label_))
    return out


#: the quotation marks a nickname stands in ('Rodolfo "Dodong" Villareal')
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


def _nickname_at(ctx: DocContext, i: int) -> bool:
    """Whether a given name, a quoted nickname and a family name start at token ``i``."""
    if i + 4 >= len(ctx.lower):
        return False
    words = (i, i + 2, i + 4)
    return (ctx.lower[i + 1] in _QUOTES and ctx.lower[i + 3] in _QUOTES
            and all(ctx.pos[j] == "PROPN" and ctx.text[ctx.char_start[j]].isupper()
                    for j in words))


def _with_nicknames(ctx: DocContext, ents: list[Any]) -> list[Any]:
    """'Mayor Rodolfo "Dodong" Villareal': one person's name around a quoted nickname,
    however the model cut it."""
    if not any(q in ctx.text for q in ('"', "“")):
        return ents
    # (from the quotes the nickname opens with)
    spans = [Span(ctx.doc, q - 1, q + 4, label="PERSON") for q in positions(ctx.lower, _QUOTES)
             if q > 0 and _nickname_at(ctx, q - 1)]
    if not spans:
        return ents
    kept = [e for e in ents if not any(e.start < sp.end and sp.start < e.end for sp in spans)]
    return sorted(kept + spans, key=lambda e: e.start)


def _merge_split_names(ctx: DocContext) -> list[Any]:
    """ "Andriy" (ORG) + "Derkach" (PERSON) side by side is one person's name."""
    doc = ctx.doc
    ents = _with_nicknames(ctx, _split_at_line_breaks(ctx))
    out = []
    n = 0
    while n < len(ents):
        e = ents[n]
        # (each span's label and bounds read once: a Span computes them on every read)
        label, start, end = e.label_, e.start, e.end
        nxt = ents[n + 1] if n + 1 < len(ents) else None
        nxt_label, nxt_start = (nxt.label_, nxt.start) if nxt is not None else ("", -1)
        if (label in ("PERSON", "ORG") and start > 0
                and ctx.lower[start - 1] in LEGAL_FORM_PREFIXES and doc[start - 1].is_upper
                and not (out and out[-1] is not None and out[-1].end > start - 1)):
            # "PT Sinar Dirgantara", "OAO Rosneft": a company's legal form before its name
            out.append(Span(doc, start - 1, end, label="ORG"))
            n += 1
            continue
        if (nxt is not None and end - start == 1 and label in ("ORG", "GPE", "NORP")
                and nxt_label == "PERSON" and nxt_start == end
                and e[0].whitespace_ == " " and e[0].is_title):
            out.append(doc.char_span(e.start_char, nxt.end_char, label="PERSON"))
            n += 2
            continue
        if (nxt is not None and label == "ORG" and ctx.lower[end - 1] in ORG_NAME_HEADS
                and (nxt_start == end + 1 or (nxt_start == end + 2 and ctx.lower[end + 1] == "the"
                                              and nxt_label == "ORG" and ctx.lower[end] == "of"))
                and (
                    (nxt_label == "GPE" and ctx.lower[end] == "of")
                    or (nxt_label == "ORG" and ctx.lower[end] in ("for", "of")))):
            # "the Senate of Brazil", "the Central Bank of Russia", "the State Agency for
            # National Security" (tagged as two): one body's name
            out.append(doc.char_span(e.start_char, nxt.end_char, label="ORG"))
            n += 2
            continue
        if (nxt is not None and label == "ORG" and end - start > 2
                and ctx.lower[end - 1] == "of" and nxt_label == "GPE"
                and nxt_start == end):
            # "the Office for the Eastern District of [New York]": a name tagged up to
            # its last "of", the place after it tagged apart
            out.append(doc.char_span(e.start_char, nxt.end_char, label="ORG"))
            n += 2
            continue
        if (nxt is not None and nxt_start == end + 1 and ctx.lower[end] == "and"
                and end - start <= 3 and nxt.end - nxt_start <= 3
                and label in ("PERSON", "ORG") and nxt_label in ("PERSON", "ORG")
                # (not "[Grigor Sarkisov] and [Ararat Metals], the company he owns": a
                # person's full name, and a name that ends in its own kind, stand alone)
                and not (label == "PERSON" and end - start > 1)
                and ctx.lower[nxt.end - 1] not in ORG_NAME_HEADS
                # (nor "[Kalligas] and [Marlow Bunkering]" after "Stavros Kalligas")
                and re.search(r"\b%s\b" % re.escape(e.text), ctx.text[:e.start_char]) is None
                and described_as_org(ctx, nxt.end)):
            # "[Bread] and [Honour], a fringe party": one organisation's name
            out.append(Span(doc, start, nxt.end, label="ORG"))
            n += 2
            continue
        if (label == "ORG" and "of" in ctx.lower[start:end] and end + 1 < len(doc)
                and ctx.lower[end] == "and" and doc[end + 1].is_title
                and doc[end + 1].ent_type_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
                and ctx.lower[end + 1] not in ctx.lex.titles
                and ctx.pos[end + 1] in ("PROPN", "NOUN")
                and (end + 2 >= len(doc) or not doc[end + 2].is_title)
                and (nxt is None or nxt_start > end + 1 or nxt_label not in (
                    "PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"))):
            # "the Ministry of Roads [and Highways]": the name's last conjunct, left out
            out.append(Span(doc, start, end + 2, label="ORG"))
            n += 1
            continue
        first = _first_conjunct_of_name(ctx, e) if label in ("ORG", "PERSON") else None
        if first is not None and not (out and out[-1] is not None and out[-1].end > first):
            # "Kenya's Ethics and Anti-Corruption Commission": the model tagged the name
            # from its second conjunct on
            out.append(Span(doc, first, e.end, label="ORG"))
            n += 1
            continue
        head = _institution_before(ctx, e) if e.label_ == "GPE" else None
        if head is not None:
            # "the Senate of Brazil", "the Central Bank of Russia": the body, named by its
            # state, where the model tagged only the state
            if out and out[-1] is not None and out[-1].end > head:
                out.pop()
            out.append(Span(doc, head, end, label="ORG"))
            n += 1
            continue
        if (out and label == "PERSON" and out[-1] is not None and out[-1].label_ == "PERSON"
                and out[-1].end == start - 1 and ctx.pos[start - 1] == "PROPN"
                and doc[start - 1].is_title and ctx.dep[start - 1] == "compound"):
            # "Marcelo" + [Tavares] + "Lins": one name the model cut around a middle word
            out[-1] = doc.char_span(out[-1].start_char, e.end_char, label="PERSON")
            n += 1
            continue
        if (label == "PERSON" and end + 1 < len(doc) and ctx.lower[end] == "-"
                and not doc[end - 1].whitespace_ and not doc[end].whitespace_
                and doc[end + 1].is_title and ctx.pos[end + 1] == "PROPN"
                and (nxt is None or nxt_start > end + 1)):
            # "Teresa Villanueva[-Ocampo]": a double-barrelled name the model cut at its
            # hyphen
            out.append(Span(doc, start, end + 2, label="PERSON"))
            n += 1
            continue
        if (out and label == "PERSON" and out[-1] is not None and out[-1].label_ == "PERSON"
                and out[-1].end == start and doc[start - 1].whitespace_ == " "):
            # "Riza Shahriz" + "Abdul Aziz": one name the model cut in two
            out[-1] = doc.char_span(out[-1].start_char, e.end_char, label="PERSON")
            n += 1
            continue
        out.append(e)
        n += 1
    return [e for e in out if e is not None]


def _is_actor(tok: Any) -> bool:
    """The head of a subject, an agent, or one of their conjuncts."""
    t = tok
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("nsubj", "nsubjpass"):
        return True
    if t.dep_ == "pobj" and t.head.lower_ in SUCH_AS and t.head.head.i != t.i:
        return _is_actor(t.head.head)  # "foreign actors such as Hezbollah"
    return t.dep_ == "pobj" and t.head.lower_ in ("by", "of")


def _role_object(ctx: DocContext, tok: Any) -> bool:
    """The object of a role noun's "with", "at" or "for" ("a senior official with
    Gazprom", "a lawyer for Velta"): where someone holds a role, which no town is."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("with", "at", "for") or prep.head.i == prep.i:
        return False
    role = prep.head
    return role.pos_ == "NOUN" and (ctx.lemma[role.i] in ctx.lex.role_nouns
                                    or ctx.lower[role.i] in ctx.lex.titles)


#: verbs whose object is an organisation when it is not a person's name
_LED_VERBS = frozenset({"run", "head", "chair", "found", "co-found", "cofound", "own",
                        "manage", "co-own", "establish"})
_FOUNDING_VERBS = frozenset({"found", "co-found", "cofound", "establish"})


def _org_context(ctx: DocContext, i: int) -> bool:
    """Named as a company/group/board: "energy company, Burisma", "the Burisma board",
    "state broadcaster Belaya Volna" (token ``i``).

    Read from the tables; a token is built only for the tests that need its text or its
    edges."""
    dep, up, lemma, kids = ctx.dep, ctx.head, ctx.lemma, ctx.kids
    if dep[i] == "compound" and lemma[up[i]] in ORG_NOUNS:
        return True
    doc = ctx.doc
    # (the parser may tag the kind an adjective: "The firm Severnaya Volna")
    kinds = [c for c in kids[i] if c < i and dep[c] in ("compound", "amod") and ctx.is_lower[c]
             and ctx.lemma_case[c] in ORG_KINDS
             and all(ctx.pos[t] == "PROPN" for t in range(c + 1, i))]
    if kinds and _no_person_of_that_kind(doc[kinds[-1]], doc[kinds[-1] + 1]):
        return True  # (the lowercase noun right before the name's words)
    if _named_as_kind(ctx, i):
        return True
    if dep[i] == "dobj" and ctx.pos[up[i]] == "VERB" and lemma[up[i]] in _LED_VERBS and (
            lemma[up[i]] in _FOUNDING_VERBS
            or given_name_gender(doc[doc[i].left_edge.i].text) == "unknown"):
        # "whose husband runs Kolvex": what one runs or founds, no one is (what one
        # founds, whatever given name its name holds: "founded Nova Signal")
        return True
    if _held_role_of(ctx, i):
        return True
    first = doc[i].left_edge.i
    b = first - 1  # the word before the name's phrase
    if first > 0 and ctx.is_lower[b] and ctx.lemma_case[b] in ORG_KINDS and \
            ctx.pos[b] == "NOUN" and (
                (dep[b] == dep[i] and up[b] == up[i])
                or up[i] == b or any(dep[c] == "det" for c in kids[b])) \
            and _no_person_of_that_kind(doc[b], doc[first]):
        # "The energy company Burisma hired X", parsed as two subjects of one verb: the
        # noun names what the name is (no given name in it says otherwise)
        return True
    if dep[i] == "appos" and lemma[up[i]] in ORG_NOUNS and (
            first in (i, up[i] + 1)
            or given_name_gender(doc[first].text) == "unknown"):
        # (not "a firm run by his brother-in-law, Ignacio Roldan", the name hung on the
        # firm: a given name makes it a person's)
        return True
    # (not "A, B and the shipping firm C": an apposition after "and" is the list's last
    # item, which the parser hangs on the first)
    # (nor "Lidia Ferreyra of the opposition Green Dawn Movement", the party hung on the
    # person by apposition: a given name makes it a person's)
    # (the name's own first word: "Bulgarian politician Stoyan Petkanov" starts at Stoyan)
    named = next((j for j in range(first, i + 1) if ctx.pos[j] == "PROPN"), i)
    return any(dep[c] == "appos" and (lemma[c] in ORG_NOUNS or (
        lemma[c] in ORG_KINDS and lemma[c] not in PERSON_LIKE_KINDS))
               and not _after_and(doc[c]) for c in kids[i]) and (
        named == i or given_name_gender(doc[named].text) == "unknown")


def _held_role_of(ctx: DocContext, i: int) -> bool:
    """ "vice-president of Hallmark Energo", "a consultant to Pars Horizon", "a Hallmark
    executive": the object of "of" (or "to", "at", "for") after a role only held in an
    organisation or a state (no person has a president), or the name modifying that role,
    unless a given name says it is a person's name."""
    prep = ctx.head[i]
    if ctx.dep[i] == "compound" and ctx.pos[prep] == "NOUN":
        role = ctx.lemma[prep]  # "a Gazprom executive": the name that modifies the role
    elif ctx.dep[i] != "pobj" or ctx.lower[prep] not in ("of", "to", "at", "for") or \
            ctx.head[prep] == prep:
        return False
    else:
        role = ctx.lemma[ctx.head[prep]]
    types = ctx.lex.role_nouns.get(role)
    if not types or role in ORG_NOUNS or any(
            PERSON in ctx.schema.relations[t].target for t in types):
        return False  # ("the companies of Oleg Deripaska" are his)
    first = next((j for j in range(ctx.doc[i].left_edge.i, i + 1) if ctx.pos[j] == "PROPN"), i)
    return given_name_gender(ctx.doc[first].text) == "unknown"


def _named_as_kind(ctx: DocContext, i: int) -> bool:
    """ "a group known as Sable Kestrel", "a marketing firm called Severnaya Volna": what
    a kind of organisation is called is that organisation's name (token ``i``)."""
    dep, up = ctx.dep, ctx.head
    verb = up[i]
    if dep[i] == "pobj" and ctx.lower[verb] == "as":
        verb = up[verb]
        if dep[verb] == "pobj" and ctx.lower[up[verb]] in ("by", "to"):
            # "tracked by investigators as X", "known to researchers as X": "as" hung on
            # the agent's noun
            verb = up[up[verb]]
    elif dep[i] not in ("oprd", "attr", "xcomp", "dobj"):
        return False
    return dep[verb] in ("acl", "relcl") and (
        ctx.lemma[verb] in NAMING_VERBS or ctx.lemma[verb] in _TRACKING) and (
        ctx.lemma[up[verb]] in ORG_KINDS or ctx.lemma[up[verb]] in _ACTOR_GROUPS)


#: how researchers name a group they follow ("the intruders, tracked as Copper Lantern")
_TRACKING = frozenset({"track", "identify", "designate", "dub"})
#: who acts as a group under one name ("hackers known as X")
_ACTOR_GROUPS = frozenset({"hacker", "intruder", "attacker", "operator", "actor", "spy",
                           "crew", "gang", "cluster", "outfit", "collective"})


def _no_person_of_that_kind(kind: Any, first: Any) -> bool:
    """Whether a name introduced by a kind of organisation (``kind``, the noun before the
    name's ``first`` word) is that organisation's: no person is a utility or a website, but
    an operator may be, and then a known given name makes the name a person's."""
    if kind.lemma_ in PERSON_LIKE_KINDS:
        return given_name_gender(first.text) == "unknown"
    # "the firm Hollis Brandt"; but "the company Hunter Biden joined": a name that is the
    # subject of a clause on the kind is a person acting on it
    name = first.head if first.dep_ == "compound" else first
    return given_name_gender(first.text) == "unknown" or not (
        name.dep_ == "nsubj" and name.head.dep_ in ("relcl", "acl"))


def _after_and(tok: Any) -> bool:
    """Whether the phrase of ``tok`` comes right after "and" / "or"."""
    first = tok.left_edge.i
    return first > 0 and tok.doc[first - 1].lower_ in ("and", "or")


def _person_context(ctx: DocContext, head: Any) -> bool:
    """Coordinated with a person; the subject of "is a <role only a person holds>"; the
    possessor of a relation only people have ("Novak's brother-in-law", "Novak's longtime
    lawyer": the schema's person-to-person types); or the named speaker of a first-person
    quote ('"I have never met him," Novak told reporters')."""
    lex, dep, kids, i = ctx.lex, ctx.dep, ctx.kids, head.i
    # a token with no "conj" arc up or to its right has no conjuncts (``Token.conjuncts``
    # would build its children to find none)
    if dep[i] == "conj" or any(dep[c] == "conj" for c in kids[i] if c > i):
        for c in list(head.conjuncts):
            if c.ent_type_ == "PERSON":
                return True
    if dep[i] == "nsubj" and any(dep[c] == "attr" and ctx.lemma[c] in lex.person_roles
                                 for c in kids[ctx.head[i]]):
        return True
    if dep[i] == "poss":
        # the possessed noun, or the title between the possessive and a name ("Novak's
        # brother-in-law Arvid Kell")
        doc = head.doc
        between = []
        for t in doc[head.i + 1: head.head.i]:
            if t.pos_ == "PROPN":
                break  # the possessed name begins
            if t.tag_ != "POS":
                between.append(t)
        title = "".join(t.text_with_ws for t in between).strip()
        title = title.replace(" - ", "-").replace(" ", "").lower() if "-" in title else \
            title.lower().rsplit(" ", 1)[-1]
        rtypes = lex.role_nouns.get(title) or lex.role_nouns.get(
            head.head.lemma_.lower()) or lex.role_nouns.get(head.head.lower_) or ()
        if rtypes and all(ctx.schema.relations[r].source == {PERSON}
                          and ctx.schema.relations[r].target == {PERSON} for r in rtypes):
            return True
    if dep[i] == "appos" and ctx.lemma[ctx.head[i]] in lex.person_roles and \
            ctx.pos[ctx.head[i]] == "NOUN":
        return True  # "Tagirov's daughter, Alina": only a person is someone's daughter
    if any(dep[c] == "appos" and c > i and ctx.pos[c] == "NOUN" and ctx.lemma[c] in
           lex.person_roles for c in kids[i]):
        return True  # "Anneke de Vries, a former aide to X": only a person is an aide
    if dep[i] == "appos" and ctx.pos[ctx.head[i]] == "NOUN" and ctx.head[i] < i:
        up = ctx.head[i]
        words = [ctx.lower[c] for c in kids[up] if c < up and dep[c] in ("amod", "compound")]
        if " ".join([*words[-1:], ctx.lower[up]]) in lex.titles and words:
            return True  # "its chief executive, Femke de Graaf": a title's holder
    if dep[i] == "nsubj" and ctx.lemma_case[ctx.head[i]] in SPEECH_VERBS:
        quoted = [c for c in head.head.children if c.dep_ == "ccomp"]
        return any(t.lower_ in ("i", "me", "my") and t.pos_ == "PRON"
                   for q in quoted for t in q.subtree)
    return False

