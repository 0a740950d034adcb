"""Stage 4: one entity, many names.

Agreement of a document's mentions on type; surnames and first names to the full name
(the earliest introduced bearer owns a bare surname, so Joe and Hunter Biden stay apart);
acronyms to the name they abbreviate; proper nouns the NER missed once but named elsewhere;
and, after the relations, "his son Hunter" inherits the family name.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from .context import ORG, PERSON, STATE, DocContext, EntKey, MentionDraft, span_text
from .lexicon import (
    BODY_HEADS,
    BODY_WORDS,
    CIVIL_BODY_HEADS,
    INSTITUTION_WORDS,
    ORG_KINDS,
    ORG_NAME_HEADS,
)
from .shapes import given_name_gender, org_evidence, person_cue


def resolve_names(ctx: DocContext) -> None:
    """Needs typed ``mentions``; sets their types and canonical names (untyped ones go).

    One entity, many names: agreement on type, surnames, first names, acronyms."""
    ms = [m for m in ctx.mentions if m.type]
    # 1. persons' full names and the tokens they are known by
    # names the text itself says are organisations, however else the model typed them
    cued_orgs = {m.text for m in ms if m.cued and m.type == ORG}
    full: list[MentionDraft] = [m for m in ms if m.type == PERSON and len(m.text.split()) > 1
                                and m.text not in cued_orgs]
    single_persons = {m.text for m in ms if m.type == PERSON and len(m.text.split()) == 1}
    surnames: dict[str, str] = {}
    firsts: dict[str, str] = {}
    for m in full:
        parts = m.text.split()
        surnames.setdefault(parts[-1], m.text)  # earliest bearer owns the bare surname
        firsts.setdefault(parts[0], m.text)
    # 2. agreement: an ORG/STATE spelled like a person is that person ("Trump's aides")
    for m in ms:
        if m.fixed or m.type == PERSON or m.text in cued_orgs:
            continue
        words = m.text.split()
        if len(words) == 1 and (m.text in surnames or m.text in single_persons
                                or m.text in firsts):
            m.type = PERSON
        elif (len(words) == 2 and any(w in surnames or w in single_persons for w in words)
              and not any(w.lower() in _NAME_OR_INSTITUTION_WORDS for w in words)):
            # a transposed or garbled form of a person's name, e.g. "Surname Given"; a
            # name plus an institution word ("Biden administration") is not one
            m.type = PERSON
            w = next(w for w in words if w in surnames or w in single_persons)
            m.canon = surnames.get(w, w)
    # "Khadijah" for "Khadija Ibrahim": a lone word one letter off a person's given or
    # family name (a spelling variant or slip) is that person
    for m in ms:
        if m.fixed or " " in m.text or len(m.text) < 5 or m.type not in (PERSON, ORG):
            continue
        if m.text in surnames or m.text in firsts:
            continue
        near = {full_name for part, full_name in [*surnames.items(), *firsts.items()]
                if part[0] == m.text[0] and _one_edit(part, m.text)}
        if len(near) == 1:
            m.type, m.canon = PERSON, near.pop()
    # a lone word the model calls a person, never written with a first or family name in
    # the document, is a brand, group or outlet when the text treats it as one ("oil company
    # Petrobras", "AfD") and nothing marks it as a person (a title, "said")
    partial = {w for m in full for w in m.text.split()}
    lone = [m for m in ms if m.type == PERSON and not m.fixed and " " not in m.text
            and m.text not in partial]
    doc = ctx.doc
    org_like = {m.text for m in lone if org_evidence(Span(doc, m.start, m.end))}
    # (only a name the text treats as an organisation can flip: the person cues of the
    # others are not looked for)
    cued = {m.text for m in lone if m.text in org_like
            and (m.title_toks or person_cue(Span(doc, m.start, m.end), ctx.lex))}
    flipped = org_like - cued
    for m in lone:
        if m.text in flipped:
            m.type = ORG
    single_persons -= flipped
    # text agreement: the same surface keeps one type (context decided one mention)
    by_text: dict[str, str] = {m.text: ORG for m in ms if m.text in cued_orgs}
    for m in ms:
        if (m.type == PERSON or m.type == ORG) and m.text not in cued_orgs:
            prev = by_text.get(m.text)
            if prev is None or (m.type == PERSON and prev == ORG and m.text in single_persons):
                by_text[m.text] = m.type
    for m in ms:
        if not m.fixed and m.text in by_text and m.type in (PERSON, ORG):
            m.type = by_text[m.text]
    # 3. canonical person names
    for m in ms:
        if m.type != PERSON or m.canon:
            continue
        words = m.text.split()
        if len(words) == 1:
            m.canon = _bearer_by_honorific(ctx, m, full) or surnames.get(m.text) or \
                firsts.get(m.text) or m.text
        else:
            m.canon = m.text
    # 4. organisations: acronyms to the full name they abbreviate
    orgs = [m for m in ms if m.type == ORG and len(m.text.split()) > 1]
    for m in ms:
        if m.type == ORG and re.fullmatch(r"[A-Z]{2,7}", m.text) and not m.fixed:
            for o in orgs:
                if _initials(o.text) == m.text:
                    m.canon = o.canon or o.text
                    break
    ms = _bracket_definitions(ctx, ms)
    ms = _state_bodies(ctx, ms)
    _same_body(ms)
    _name_parts(ms)
    _short_names(ms)
    ms = _kind_words(ms)
    for m in ms:
        if not m.canon:
            m.canon = m.text
    ctx.mentions = sorted(ms, key=lambda m: m.start)


#: corporate suffixes: "Facebook Inc" is Facebook
_CORPORATE = {"inc", "corp", "corporation", "ltd", "llc", "plc", "co", "gmbh", "ag", "sa",
              "group", "holdings"}
#: generic words after a name that make the same body ("the Treasury Department")
_BODY_WORDS = {"department", "ministry", "agency", "office", "service"}
#: honorifics that say whether a bare family name is a woman's or a man's
_HER = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "lady", "dame"})
_HIM = frozenset({"mr", "mr.", "sir", "lord"})
#: kin nouns that introduce a woman ("the minister's wife, Akosua X")
_FEMALE_KIN = frozenset({"wife", "sister", "daughter", "mother", "widow", "niece", "aunt",
                         "grandmother", "granddaughter", "girlfriend", "stepdaughter",
                         "stepmother", "sister-in-law", "daughter-in-law", "mother-in-law"})


def _bearer_by_honorific(ctx: DocContext, m: MentionDraft,
                         full: list[MentionDraft]) -> str | None:
    """ "Mrs Darko-Mensah", with a husband and a wife of that name in the text: the bearer
    the honorific's sex fits (by the given name, or by the kin word that introduced her);
    None where the honorific or the bearers do not decide."""
    honorific = ctx.lower[m.start - 1] if m.start else ""
    if honorific not in _HER and honorific not in _HIM:
        return None
    bearers = list(dict.fromkeys(f.text for f in full if f.text.split()[-1] == m.text))
    if len(bearers) < 2:
        return None
    woman = honorific in _HER

    def female(name: str) -> bool:
        gender = given_name_gender(name.split()[0])
        if gender != "unknown":
            return gender == "female"
        # introduced by a woman's kin word: "his wife, Akosua X", "his wife Akosua X"
        return any(f.text == name and f.start >= 2 and (
            ctx.lemma[f.start - 1] in _FEMALE_KIN
            or (ctx.lower[f.start - 1] == "," and ctx.lemma[f.start - 2] in _FEMALE_KIN))
            for f in full)

    fitting = [b for b in bearers if female(b) == woman]
    return fitting[0] if fitting else None


#: the last words that leave the same organisation without them (see :func:`_same_body`)
_SAME_BODY_SUFFIXES = frozenset(_CORPORATE | _BODY_WORDS)
#: the words that make a two-word name an organisation's or an institution's
_NAME_OR_INSTITUTION_WORDS = frozenset(ORG_NAME_HEADS | INSTITUTION_WORDS)


def _kind_words(ms: list[MentionDraft]) -> list[MentionDraft]:
    """ "The opposition Democratic Renewal Party ... Party leader Kim said": a kind of
    organisation, capitalised alone, is the one of that kind named before it; with none,
    it names nothing."""
    out = []
    for m in ms:
        word = m.text.lower()
        if m.type == ORG and not m.fixed and " " not in m.text and word in ORG_KINDS:
            named = {o.canon or o.text for o in ms if o.type == ORG and o.start < m.start
                     and " " in o.text and word in o.text.lower().split()}
            if len(named) != 1:
                continue
            m.canon = named.pop()
        out.append(m)
    return out


def _short_names(ms: list[MentionDraft]) -> None:
    """ "Volat Defence Systems" ... "Volat": a one-word organisation that opens exactly one
    longer organisation's name in the document is that organisation, by its short name."""
    longer: dict[str, set[str]] = {}
    for m in ms:
        words = m.text.split()
        if m.type == ORG and len(words) > 1:
            longer.setdefault(words[0], set()).add(m.canon or m.text)
    people = {w for m in ms if m.type == PERSON and " " in m.text for w in m.text.split()}
    for m in ms:
        if m.fixed or " " in m.text or len(longer.get(m.text, ())) != 1:
            continue
        # (a lone word the model took for a person, "Vantor's chief research officer"
        # after "Vantor Labs", unless a person's full name has it)
        if m.type == ORG or (m.type == PERSON and m.text not in people
                             and given_name_gender(m.text) == "unknown"):
            m.type, m.canon = ORG, next(iter(longer[m.text]))


def _name_parts(ms: list[MentionDraft]) -> None:
    """ "Danube Institute" after "Danube Institute for Democratic Resilience", "Salcedo Lim"
    after "Eduardo Salcedo Lim": a name of two words or more that opens exactly one
    longer organisation's name, or ends exactly one longer person's, is that one."""
    longer = {(m.type, m.canon or m.text) for m in ms if m.type in (ORG, PERSON)
              and len(m.text.split()) > 2}
    for m in ms:
        words = m.text.split()
        if m.fixed or m.canon not in ("", m.text) or len(words) < 2 or m.type not in (ORG, PERSON):
            continue
        hits = {name for type_, name in longer if type_ == m.type and name != m.text and (
            (m.type == ORG and name.split()[:len(words)] == words)
            or (m.type == PERSON and name.split()[-len(words):] == words))}
        if len(hits) == 1:
            m.canon = hits.pop()


def _same_body(ms: list[MentionDraft]) -> None:
    """ "Facebook Inc" and "Facebook", "the Treasury" and "the Treasury Department": one
    organisation, named by its longest form in the document."""
    orgs = {m.text: m for m in ms if m.type == ORG}
    for m in ms:
        if m.type != ORG or m.fixed:
            continue
        words = m.text.split()
        if len(words) > 1 and words[-1].lower().strip(".") in _SAME_BODY_SUFFIXES:
            short = " ".join(words[:-1])
            if short in orgs and not orgs[short].fixed:
                for o in ms:
                    if o.type == ORG and o.text == short:
                        o.canon = m.canon or m.text


def _state_bodies(ctx: DocContext, ms: list[MentionDraft]) -> list[MentionDraft]:
    """ "Russia's Foreign Ministry", "Russia's central bank", "the Russian Foreign Ministry"
    tagged "Foreign Ministry": a state's generic body is named with the state's adjective
    ("Russian Foreign Ministry"), so two states' foreign ministries are two nodes; a later
    bare "the Foreign Ministry" in the document is the same body. A lowercase body after a
    state's possessive ("Russia's central bank") is a mention the model missed."""
    doc = ctx.doc
    states = {m.end: m for m in ms if m.type == STATE}
    # a state mention may end on its possessive ("Russia's"): the "'s" is its last token
    states.update({m.end - 1: m for m in ms if m.type == STATE
                   and ctx.lower[m.end - 1] in ("'s", "’s")})
    by_start = {m.start: m for m in ms}
    covered = {i for m in ms for i in range(m.start, m.end)}
    named: dict[str, str] = {}  # bare body text -> its state-qualified name
    added: list[MentionDraft] = []
    for i, low in enumerate(ctx.lower):
        owner = None
        if low in ("'s", "’s") and i in states:
            owner, start = states[i], i + 1  # "Russia's [Foreign Ministry]"
        elif ctx.pos[i] in ("ADJ", "PROPN") and ctx.text[ctx.char_start[i]].isupper() and \
                (i - 1) not in covered and ctx.gaz.demonym(low):
            owner, start = None, i + 1  # "the Russian [Foreign Ministry]"
        else:
            continue
        end = start
        while end < len(doc) and ctx.lower[end] in BODY_WORDS and end - start < 5:
            end += 1
        while end > start and ctx.lower[end - 1] not in BODY_HEADS:
            end -= 1  # the body ends on its head noun ("Foreign Ministry", not "... of")
        if end - start < 2 and not (end - start == 1 and span_text(ctx, start, end).istitle()):
            continue
        known = ctx.gaz.lookup(owner.text) if owner is not None else None
        state = (owner.canon or (known[0] if known else owner.text)) if owner is not None \
            else ctx.gaz.demonym(low)
        # (the text's own demonym where it gave one: "Belarusian", however else spelt)
        adjective = span_text(ctx, i, i + 1) if owner is None and state else \
            ctx.gaz.demonym_of(state or "")
        if not adjective:
            continue
        text = span_text(ctx, start, end)
        canon = f"{adjective} {text.title() if text.islower() else text}"
        m = by_start.get(start)
        if m is not None and m.end == end and m.type == ORG and not m.fixed:
            m.canon = canon
            if owner is not None:
                m.also_named = span_text(ctx, owner.start, end)
        elif owner is not None and not any(j in covered for j in range(start, end)):
            m = MentionDraft(start, end, text, ORG, canon,
                             also_named=span_text(ctx, owner.start, end))
            added.append(m)
        elif owner is None and end - start >= 2 and text.islower() and \
                ctx.lower[end - 1] in CIVIL_BODY_HEADS and \
                not any(j in covered for j in range(start, end)):
            # "the Finnish foreign ministry" (an army or a government is the state itself)
            m = MentionDraft(start, end, text, ORG, canon)
            added.append(m)
        else:
            continue
        named.setdefault(text.lower(), canon)
    ms = sorted(ms + added, key=lambda m: m.start)
    for m in ms:  # "the Foreign Ministry" later: the one the document qualified
        if m.type == ORG and not m.canon and not m.fixed and m.text.lower() in named:
            m.canon = named[m.text.lower()]
    return ms


def _words_of(name: str) -> set[str]:
    return set(name.replace(",", " ").split())


def _bracket_definitions(ctx: DocContext, ms: list[MentionDraft]) -> list[MentionDraft]:
    """ "the Internal Security Agency (ABW)", "FARC (Fuerzas Armadas Revolucionarias de
    Colombia)": a name and its short form in brackets are one entity, named by the long
    form; the short form becomes a mention where the model missed it, so that later
    bare uses (propagation) join it too."""
    doc = ctx.doc
    # brackets have no case: the lowercase table holds their text, no token is built
    low = ctx.lower
    by_start = {m.start: m for m in ms}
    added: list[MentionDraft] = []
    defined: dict[str, MentionDraft] = {}  # short form -> its bracketed mention
    for m in list(ms):
        if m.type not in (ORG, STATE) or m.end + 2 >= len(doc) or low[m.end] != "(":
            continue
        close = next((i for i in range(m.end + 1, min(len(doc), m.end + 12))
                      if low[i] == ")"), None)
        if close is None or close == m.end + 1:
            continue
        inner = doc[m.end + 1: close]
        inner_text = inner.text.strip()
        if len(inner) == 1 and re.fullmatch(r"[A-Z][A-Za-z+&.-]{1,9}", inner_text) and \
                any(c.isupper() for c in inner_text[1:]):
            short = by_start.get(inner.start)
            if short is None:
                short = MentionDraft(inner.start, inner.end, inner_text, m.type)
                added.append(short)
            short.type, short.canon = m.type, m.canon or m.text
            defined[inner_text] = short
        elif m.type == ORG and 1 < len(inner) <= 4 and all(t.is_title for t in inner) and \
                _words_of(inner_text) < _words_of(m.text):
            # "Chollima Pioneer Trading Corporation (Chollima Pioneer)": a short name
            # defined in brackets, as an acronym is
            short = by_start.get(inner.start)
            if short is None or short.end != inner.end:
                short = MentionDraft(inner.start, inner.end, inner_text, m.type)
                added.append(short)
            short.type, short.canon = m.type, m.canon or m.text
            defined[inner_text] = short
        elif re.fullmatch(r"[A-Z]{2,9}", m.text) and len(inner) > 1 and inner[0].is_title:
            m.canon = inner_text  # the acronym first, its full name in brackets
            full = by_start.get(inner.start)
            if full is not None:
                full.type, full.canon = m.type, inner_text
    # "The BSU (Baltic Security Union)": the model tagged only the bracketed name
    covered = {i for m in ms for i in range(m.start, m.end)}
    for m in ms:
        if m.type != ORG or m.start < 2 or low[m.start - 1] != "(":
            continue
        acr = doc[m.start - 2]
        if acr.i not in covered and re.fullmatch(r"[A-Z]{2,9}", acr.text) and \
                m.end < len(doc) and low[m.end] == ")":
            added.append(MentionDraft(acr.i, acr.i + 1, acr.text, ORG, m.canon or m.text))
    if added:
        ms = ms + [a for a in added if a.start not in covered]
    # every later bare use of a defined short form ("The ABW said") is the same body
    for m in ms:
        d = defined.get(m.text)
        if d is not None and m is not d and not m.fixed:
            m.type, m.canon = d.type, d.canon
    return ms


def propagate(ctx: DocContext) -> None:
    """Needs ``mentions``; adds the missed proper nouns to them.

    One sense per discourse: a proper noun the NER missed once but named elsewhere in
    the document ("Kilimnik and Derkach met") is a mention of the same entity."""
    known: dict[str, MentionDraft] = {}
    family: set[str] = set()
    for m in ctx.mentions:
        words = m.text.split()
        if len(words) == 1:
            known.setdefault(m.text, m)
        elif m.type == PERSON:
            known.setdefault(words[-1], m)
            family.add(words[-1])
    covered = {i for m in ctx.mentions for i in range(m.start, m.end)}
    added = []
    for i, pos in enumerate(ctx.pos):
        if pos not in ("PROPN", "NOUN") or i in covered:
            continue
        word = span_text(ctx, i, i + 1)
        if word not in known:
            continue
        tok = ctx.doc[i]
        # a person's family name the tagger took for a common noun ("Trump pardoned ...")
        # ("Rosneft chairman X" at the start of a sentence): a name the document gives
        # elsewhere, written the same way, is that name whatever the tagger says here
        proper = tok.pos_ == "PROPN" or (tok.is_title and tok.pos_ == "NOUN" and (
            tok.text in family or known.get(tok.text) is not None))
        if (proper and tok.i not in covered and tok.text in known
                and not tok.ent_type_ and not ctx.in_boiler(tok)
                and ctx.sent_start[tok.i] not in ctx.boiler_sents):
            src = known[tok.text]
            added.append(MentionDraft(tok.i, tok.i + 1, tok.text, src.type, src.canon, src.fixed))
    if added:
        ctx.mentions = sorted(ctx.mentions + added, key=lambda m: m.start)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in
             ("of", "the", "and", "for", "on", "in", "&")]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def index_mentions(ctx: DocContext) -> None:
    """Needs the final ``mentions``; sets ``tok2m`` (token -> mention) and ``by_sent``."""
    ctx.tok2m = {i: m for m in ctx.mentions for i in range(m.start, m.end)}
    ctx.by_sent = {}
    ctx.titled = {}
    for m in ctx.mentions:
        ctx.by_sent.setdefault(ctx.sent_start[m.start], []).append(m)
        if m.type == PERSON:
            # "Prime Minister Ilse Novak": later "the prime minister" is her
            for n in (4, 3):
                # "Secretary of State X", "Minister of Foreign Affairs X": a title with its
                # "of", recorded under the phrase and under its first word
                phrase = " ".join(ctx.lower[m.start - n:m.start]) if m.start >= n else ""
                if phrase in ctx.lex.titles:
                    ctx.titled.setdefault(phrase, []).append((m.start, m.key))
                    ctx.titled.setdefault(ctx.lemma[m.start - n], []).append((m.start, m.key))
                    break
            i = m.start - 1
            while i >= max(0, m.start - 4):  # the title right before the name, no gap
                # (the tables first; the token only for what they do not hold)
                if ctx.pos[i] in ("VERB", "AUX", "ADP", "DET", "PRON") or ctx.doc[i].is_punct:
                    break
                if i >= 2 and ctx.pos[i - 1] == "DET" and ctx.pos[i - 2] == "ADP":
                    break  # "Office of the President spokesman X": the office's, not X's
                if ctx.lower[i] in ctx.lex.titles or ctx.lemma[i] in ctx.lex.role_nouns:
                    ctx.titled.setdefault(ctx.lemma[i], []).append((m.start, m.key))
                i -= 1
            for i in m.title_toks:
                ctx.titled.setdefault(ctx.lemma[i], []).append((m.start, m.key))


def family_names(ctx: DocContext) -> None:
    """Needs ``found`` with modality; renames the relative in ``mentions`` and ``found``.

    "Joe Biden and his son Hunter": a relative named by a given name alone takes
    the family name, so the node is "Hunter Biden" in every document."""
    kinship = ctx.schema.rules.kinship
    if kinship is None:
        return
    rename: dict[EntKey, EntKey] = {}
    for f in ctx.found:
        if f.type != kinship or f.modality == "negated":
            continue
        # the source is the one the kinship word names ("his son Bruno", "Bruno, son of
        # X"); the other side is the anchor ("Novak's brother-in-law X": Novak stays)
        for a, b in ((f.source, f.target),):
            if a[0] == b[0] == PERSON and " " not in a[1] and len(b[1].split()) > 1 \
                    and given_name_gender(a[1]) != "unknown":
                rename.setdefault(a, (PERSON, f"{a[1]} {b[1].split()[-1]}"))
    if not rename:
        return
    for m in ctx.mentions:
        if m.key in rename:
            m.canon = rename[m.key][1]
    for f in ctx.found:
        f.source = rename.get(f.source, f.source)
        f.target = rename.get(f.target, f.target)


def _one_edit(a: str, b: str) -> bool:
    """At most one letter inserted, deleted or changed (not a different short word)."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
