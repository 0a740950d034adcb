"""Arguments: which entities a token of the parse stands for.

Used by the relation stages: a token resolves to the entity of its mention, to its
conjuncts, appositions and "such as" examples, to the state behind a demonym or a
"<demonym> government", to the antecedent of a pronoun (a ``Problem`` if none is found),
or, for a target, to the possessor or "of" / "by" phrase of a thing. The agent of a
subjectless clause comes up the control chain; the actor of an event noun is its
possessor, "by" / "of" phrase or demonym.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from ...model import Problem
from .context import ORG, PERSON, STATE, Arg, DocContext, EntKey, StateArg, per_token, span_text
from .lexicon import (
    ACTOR_ADJECTIVES,
    ATTRIBUTING,
    BACKING,
    BLAMING_VERBS,
    CLAIM_NOUNS,
    DESCRIBING_VERBS,
    DOCUMENT_VERBS,
    ELECTION_NOUNS,
    EVENT_AGENT_PREPS,
    EVENT_CONTAINERS,
    FIRST_PERSON,
    HE,
    HONORIFICS,
    HUMAN_NOUNS,
    IT,
    NAMING_VERBS,
    OBJECT_CONTROL,
    OPERATION_NOUNS,
    ORG_KINDS,
    ORG_NOUNS,
    ORG_PART_NOUNS,
    PERSON_DESCRIPTORS,
    PERSON_LIKE_KINDS,
    POLITY_NOUNS,
    POSS_PRON,
    REL_PRON,
    SECOND_PERSON,
    SPEECH_VERBS,
    STATE_ACTORS,
    STATE_BODIES,
    SUBJECT_CONTROL,
    SUCH_AS,
    THEY,
)
from .shapes import given_name_gender

#: what someone runs and acts through: "a network run by X tried to ..."
RUN_THINGS = OPERATION_NOUNS | {"network", "account", "website", "site", "channel", "page",
                                "botnet", "outlet"}
#: verbs of running a thing: its agent is who acts through it
RUNNING = {"run", "operate", "control", "direct", "manage", "organise", "organize",
           "coordinate", "orchestrate", "mastermind", "own"}


def ent_of(ctx: DocContext, tok: Any) -> EntKey | None:
    m = ctx.tok2m.get(tok.i)
    return m.key if m else None


@per_token
def resolve(ctx: DocContext, tok: Any, role: str, depth: int = 0) -> list[tuple[EntKey, float]]:
    """Entities an argument token stands for, with a confidence factor."""
    i, dep = tok.i, ctx.dep
    m = ctx.tok2m.get(i)
    if m is not None and depth <= 4 and dep[i] != "conj" and \
            ctx.sent_no[i] not in ctx.along_sents and \
            not any(dep[c] == "conj" or dep[c] == "appos" for c in ctx.kids[i]):
        # most arguments: a name with nothing coordinated with it, in apposition to it or
        # "along with" it; the walk below comes to its entity alone
        return [(m.key, 1.0)]
    out: list[tuple[EntKey, float]] = []
    extra = _along_with(ctx, tok) if ctx.sent_no[tok.i] in ctx.along_sents else []
    for t in [tok, *conjuncts(ctx, tok), *_listed(ctx, tok), *extra]:
        out.extend(resolve_one(ctx, t, role, depth))
    seen: dict[EntKey, float] = {}
    for k, c in out:
        seen[k] = max(seen.get(k, 0.0), c)
    return list(seen.items())


def _along_with(ctx: DocContext, tok: Any) -> list[Any]:
    """ "accused Azerbaijan, along with China and Russia, of ...": co-arguments."""
    out: list[Any] = []
    for site in (tok, tok.head):
        for c in site.children:
            if c.dep_ == "prep" and c.lower_ in ("along", "together") and (
                    site is tok or c.i == tok.right_edge.i + 2 or c.i == tok.i + 2):
                for w in c.children:
                    if w.lower_ == "with":
                        for p in w.children:
                            if p.dep_ == "pobj":
                                out += [p, *conjuncts(ctx, p)]
    return out


def _person_before(ctx: DocContext, start: int) -> EntKey | None:
    """The person named right before ``start``, past a comma and closing quotes."""
    i = start - 1
    seen_comma = False
    while i >= 0 and ctx.doc[i].text in (",", "”", '"', "'", "’"):
        seen_comma = seen_comma or ctx.doc[i].text == ","
        i -= 1
    m = ctx.tok2m.get(i)
    if not seen_comma or m is None or m.end != i + 1 or m.type != PERSON:
        return None
    return m.key


def _listed(ctx: DocContext, tok: Any) -> list[Any]:
    """ "A, B and C" parsed as A with the apposition "B and C": names of the same type in
    apposition to a name are the rest of its list."""
    m = ctx.tok2m.get(tok.i)
    if m is None:
        return []
    possessed = _possessed_list(ctx, tok)
    if possessed:
        return possessed
    out = []
    appos = [i for i in ctx.kids[tok.i] if ctx.dep[i] == "appos"]
    for i in appos:
        cm = ctx.tok2m.get(i)
        if cm is not None and cm.type == m.type:
            more = conjuncts(ctx, ctx.doc[i])
            if more:
                out += [ctx.doc[i], *more]
    if not out and len(appos) > 1 and ctx.lower[ctx.doc[appos[-1]].left_edge.i - 1] == "and":
        # "A, B and the shipping firm C", parsed as appositions of A: each is an item,
        # named or described by a name of its own
        for i in appos:
            named = i if i in ctx.tok2m else next(
                (j for j in ctx.kids[i] if ctx.dep[j] == "appos" and j in ctx.tok2m), None)
            if named is None:
                return []
            out.append(ctx.doc[named])
    return out


def _possessed_list(ctx: DocContext, tok: Any) -> list[Any]:
    """ "X, his wife Y and their company Z", parsed as appositions in a chain: the names
    of the possessed nouns are the rest of a list ("and" before one of them says so)."""
    items: list[Any] = []
    listed = False
    pending = [c for c in ctx.kids[tok.i] if ctx.dep[c] == "appos" and c not in ctx.tok2m]
    while pending:
        a = pending.pop(0)
        if ctx.pos[a] != "NOUN" or not any(ctx.dep[c] == "poss" and ctx.pos[c] == "PRON"
                                           for c in ctx.kids[a]):
            break
        named = [c for c in ctx.kids[a] if ctx.dep[c] == "appos" and c in ctx.tok2m]
        if not named:
            break
        items.append(ctx.doc[named[0]])
        listed = listed or ctx.lower[ctx.doc[a].left_edge.i - 1] in ("and", "or")
        pending += [c for c in ctx.kids[a] if ctx.dep[c] == "appos" and c not in ctx.tok2m]
    return items if listed else []


def appos_chain_top(ctx: DocContext, noun: int) -> int | None:
    """The named token a chain of appositions hangs from ("X, his wife Y and their
    company Z": X, for "wife" and for "company"), or None; only for a noun with a name
    of its own (in "X, her stepson," the stepson is X)."""
    if not any(ctx.dep[c] == "appos" and c in ctx.tok2m for c in ctx.kids[noun]):
        return None
    cur = noun
    for _ in range(4):
        if ctx.dep[cur] != "appos" or ctx.head[cur] == cur:
            return None
        cur = ctx.head[cur]
        if cur in ctx.tok2m:
            return cur
    return None


@per_token
def _state_behind(ctx: DocContext, tok: Any) -> EntKey | None:
    """The state an actor noun is linked to, backed by or works for: "hackers linked to
    North Korea", "Kremlin-linked hackers", "hackers working for Iran"."""
    for c in tok.children:
        lemma = c.lemma_.lower()
        if not ((c.tag_ == "VBN" and lemma in BACKING) or (c.tag_ == "VBG" and lemma == "work")):
            continue
        if c.dep_ == "acl":  # "linked to X", "backed by X", "working for X"
            for p in c.children:
                if p.dep_ in ("prep", "agent") and p.lower_ in ("to", "with", "by", "for"):
                    for o in p.children:
                        k = ent_of(ctx, o)
                        if o.dep_ == "pobj" and k and k[0] == STATE:
                            return k
        elif c.dep_ == "amod":  # "Kremlin-linked"
            for m in c.children:
                if m.dep_ in ("npadvmod", "compound") and m.i < c.i:
                    k = ent_of(ctx, m) or state_of_modifier(ctx, m)
                    if k and k[0] == STATE:
                        return k
    return None


def holder_on_anchor(ctx: DocContext, tok: Any) -> Any:
    """ "a spokesperson for Korvex, Ilse Novak,": the parser hangs the name on the role's
    organisation, but a person in apposition to an organisation is the role's holder."""
    dep, kids, tok2m = ctx.dep, ctx.kids, ctx.tok2m  # (the arcs from the tables)
    for c in kids[tok.i]:
        if dep[c] != "prep":
            continue
        for p in kids[c]:
            # (or on a place that is no entity: "ambassador in Addis Ababa, X,")
            if dep[p] != "pobj" or (p in tok2m and tok2m[p].type == PERSON):
                continue
            for a in kids[p]:
                if dep[a] == "appos" and a in tok2m and tok2m[a].type == PERSON:
                    return ctx.doc[a]
    return None


def mention_after(ctx: DocContext, tok: Any) -> Any:
    """ "<role of Y>, NAME": a person named right after the comma that closes the role."""
    doc = ctx.doc
    kids = [c for c in ctx.kids[tok.i] if ctx.dep[c] == "appos" and c > tok.i]
    for k in kids:
        if k in ctx.tok2m and ctx.tok2m[k].type == PERSON and ctx.tok2m[k].end == k + 1 and \
                ctx.lower[ctx.tok2m[k].start - 1] not in (",", "and", "or") and not any(
                    ctx.dep[c] == "poss" and ctx.pos[c] == "PRON" for c in ctx.kids[tok.i]):
            # "the former President of Brazil Jose Meirelles" (not "his son Hunter", read
            # with its title before the name)
            return doc[k]
        # "Baltia's chairman, the Latvian businessman Ivars Ozols": a description between
        named = [c for c in ctx.kids[k] if ctx.dep[c] == "appos" and c in ctx.tok2m
                 and ctx.tok2m[c].type == PERSON and ctx.tok2m[c].start == k + 1]
        if ctx.pos[k] == "NOUN" and k not in ctx.tok2m and named:
            return doc[named[0]]
    end = doc[kids[0]].left_edge.i if kids else tok.right_edge.i + 1
    if not kids and end < len(doc) and ctx.pos[end] == "ADP" and ctx.head[end] != tok.i:
        # "envoy [to Beijing], Kim Song Chol", the phrase hung on the verb: past it
        objs = [p for p in ctx.kids[end] if ctx.dep[p] == "pobj"]
        end = objs[0] + 1 if objs else end  # (the name may hang on the object itself)
    for start in (end, end + 1):
        if 0 < start < len(doc) - 1 and ctx.lower[start] in HONORIFICS and \
                ctx.lower[start - 1] == "," and start + 1 in ctx.tok2m:
            start += 1  # "Its Chairperson, Mrs Comfort Adjei-Frimpong,"
            if ctx.tok2m[start].type == PERSON:
                return doc[ctx.tok2m[start].end - 1]
        # (punctuation has no case: the lowercase table holds its text)
        if 0 < start < len(doc) and ctx.lower[start - 1] in (",", "—", "–", ":", "-") \
                and start in ctx.tok2m:
            m = ctx.tok2m[start]
            if m.start == start and (m.type == PERSON or tok.lemma_.lower() in ORG_NOUNS):
                return doc[m.end - 1]  # "the President's son, X"; "his company, Y"
        if 0 < start < len(doc) and ctx.lower[start - 1] in (",", "—", "–", ":"):
            # "its founder, Serbian businessman X": a description before the name
            j = start
            # ("Emirati businessman X": a demonym the tagger took for a name is a description)
            while j < min(len(doc), start + 4) and (
                    (ctx.pos[j] in ("DET", "ADJ", "NOUN") and (
                        j not in ctx.tok2m or ctx.pos[j] == "ADJ"))
                    or (ctx.pos[j] == "PROPN" and ctx.gaz.demonym(doc[j].text))):
                j += 1
            m = ctx.tok2m.get(j) if j > start else None
            if m is not None and m.start == j and m.type == PERSON:
                return doc[m.end - 1]
    for c in ctx.kids[tok.i]:
        # "the chairman of the State Agency for National Security Georgi Marinov": the
        # person named right after the role's organisation, with no comma between
        if ctx.dep[c] == "prep" and ctx.lower[c] == "of":
            for p in ctx.kids[c]:
                org = ctx.tok2m.get(p)
                after = ctx.tok2m.get(org.end) if org is not None and org.type == ORG else None
                if after is not None and after.start == org.end and after.type == PERSON:
                    return doc[after.end - 1]
    return holder_on_anchor(ctx, tok)


def resolve_one(ctx: DocContext, tok: Any, role: str, depth: int) -> list[tuple[EntKey, float]]:
    if depth > 4:
        return []
    k = ent_of(ctx, tok)
    if k:
        return [(k, 1.0)]
    # (a number first: "the two Presidents" are two, not the last one so titled)
    group = _numbered_group(ctx, tok)
    if group:
        return [(k, 0.8) for k in group]
    # (a title that names its own holder is no reference back: "met the former President
    # of Brazil Jose Meirelles")
    if ctx.pos[tok.i] in ("NOUN", "PROPN") and any(ctx.lower[c] in ("the", "this", "that")
                                                   for c in ctx.kids[tok.i]) and not any(
            ctx.dep[c] == "appos" and c in ctx.tok2m for c in ctx.kids[tok.i]):
        titled = _titled_before(ctx, tok)
        if titled is not None:
            return [(titled, 0.8)]  # "the prime minister" named with that title before
    described = _definite_description(ctx, tok) or _body_of(ctx, tok)
    if described is not None:
        return [(described, 0.7)]
    described = _apposed_after_comma(ctx, tok)
    if described is not None:
        return [(described, 0.9)]
    if role == "source":
        issuer = document_issuer(ctx, tok)  # "..., the statement said": whose statement
        if issuer is not None:
            return [(issuer, 0.8)]
    # (the token's words and arcs from the tables; a token is built only to be walked on)
    i, doc, deps, pos, kids = tok.i, ctx.doc, ctx.dep, ctx.pos, ctx.kids
    up = ctx.head[i]
    if deps[i] == "appos" and pos[i] == "NOUN" and up in ctx.tok2m:
        # "X, a banker indicted by Sweden": the apposition is X
        return resolve_one(ctx, doc[up], role, depth + 1)
    if deps[i] == "appos" and ctx.tag[i] == "NN" and up not in ctx.tok2m:
        named = _person_before(ctx, tok.left_edge.i)
        if named is not None:
            # '"... financier X," a tycoon indicted by Y': a person's role, however the
            # parser attached it across the closing quote
            return [(named, 0.9)]
    if deps[i] == "attr" and ctx.lemma_case[up] == "be" and depth < 4:
        # "X is the banker whom Norway sanctioned": the predicate noun is its subject
        subj = [c for c in kids[up] if deps[c] in ("nsubj", "nsubjpass")]
        if subj and subj[0] in ctx.tok2m:
            return resolve_one(ctx, doc[subj[0]], role, depth + 1)
    low = ctx.lower[i]
    if low != "those" and deps[i] == "pobj" and ctx.lower[up] == "among" and \
            ctx.lemma[ctx.head[up]] == "be" and depth < 4 and pos[i] == "NOUN":
        # "X was among 20 people sanctioned by Y": the ones counted among are the subject
        be = ctx.head[up]
        return [kf for c in kids[be] if deps[c] in ("nsubj", "nsubjpass")
                for kf in resolve(ctx, doc[c], role, depth + 1)]
    if low == "those" and deps[i] == "pobj" and ctx.lower[up] == "among" and \
            ctx.lemma[ctx.head[up]] == "be" and depth < 4:
        # "Among those sanctioned by X were A and B": the ones the copula names
        be = ctx.head[up]
        return [kf for c in kids[be] if deps[c] in ("nsubj", "attr")
                for kf in resolve(ctx, doc[c], role, depth + 1)]
    if low in REL_PRON and low != "whose" and deps[up] == "relcl" and depth < 4:
        # "the attack that knocked its office offline": the noun the clause is on ("who"
        # is a person's: not "X, a secretary at the embassy in Sofia, who ...", the
        # clause hung on the place)
        on = resolve_one(ctx, doc[ctx.head[up]], role, depth + 1)
        if low in ("who", "whom"):
            on = [(k, f) for k, f in on if k[0] == PERSON]
            cur = ctx.head[up]
            for _ in range(6):  # up the phrase the clause hung in, to the person's name
                if on or pos[cur] in ("VERB", "AUX") or ctx.head[cur] == cur:
                    break
                cur = ctx.head[cur]
                m = ctx.tok2m.get(cur)
                if m is not None and m.type == PERSON:
                    on = [(m.key, 0.9)]
        if on:
            return on
    if low == "whose":
        return [(k, 0.9) for k in _whose(ctx, i)]
    if pos[i] == "PRON" or low in HE or low in IT or low in THEY:
        return [(p, 0.75) for p in pronoun(ctx, tok)]
    if pos[i] not in ("NOUN", "PROPN", "ADJ", "NUM"):
        return []
    out: list[tuple[EntKey, float]] = []
    lemma = ctx.lemma[i]
    for c in kids[i]:  # a token is built for the children a rule reads
        dep = deps[c]
        if dep == "appos" or (dep in ("compound", "nmod") and c in ctx.tok2m
                              and (lemma in ORG_NOUNS or lemma in ctx.lex.role_nouns)):
            out += resolve(ctx, doc[c], role, depth + 1)
        elif dep == "prep" and ctx.lower[c] in SUCH_AS:
            pobj = [doc[p] for p in kids[c] if deps[p] == "pobj"]
            if not pobj:  # the parser left "such as" dangling: the next name
                end = ctx.sents[ctx.sent_no[i]].end
                for t in doc[c + 1: min(c + 7, end)]:
                    if t.i in ctx.tok2m:
                        m = ctx.tok2m[t.i]
                        pobj = [ctx.doc[m.end - 1]]
                        break
                    if t.pos_ not in ("ADJ", "NOUN", "PROPN", "DET", "PUNCT"):
                        break
            for p in pobj:
                out += resolve(ctx, p, role, depth + 1)
        elif dep == "acl" and ctx.lemma_case[c] in NAMING_VERBS:
            # ("known to researchers as X": the "as" hung on the agent's noun)
            sites = [doc[c]] + [p for q in doc[c].children if q.dep_ == "prep"
                                and q.lower_ in ("to", "by") for p in q.children
                                if p.dep_ == "pobj"]
            for p in (x for site in sites for x in site.children):
                if (p.dep_ in ("oprd", "attr", "dobj", "xcomp") and p.head.i == c) or (
                        p.dep_ == "prep" and p.lower_ == "as"):
                    cands = [p] if p.dep_ != "prep" else [x for x in p.children
                                                           if x.dep_ == "pobj"]
                    for x in cands:
                        out += resolve(ctx, x, role, depth + 1)
    if not out and pos[i] == "NOUN" and (
            (role == "target" and lemma in OPERATION_NOUNS) or lemma in RUN_THINGS):
        # "authorized the operation run by X": an operation stands for whoever runs it;
        # "a network of fake accounts, run by X, tried to influence ...": so does a network
        for c, p in clause_agents(ctx, i):
            if ctx.tag[c] == "VBN" and (role == "target" or ctx.lemma[c] in RUNNING):
                out += resolve(ctx, doc[p], role, depth + 1)
    if not out and lemma in ctx.lex.role_nouns:
        # "the chief executive of Y, X, met Z"; "run by his brother-in-law, X" with the
        # name hung elsewhere by the parser
        held = mention_after(ctx, tok) if ctx.tag[i] == "NN" else holder_on_anchor(ctx, tok)
        if held is not None:
            out = resolve(ctx, held, role, depth + 1)
    if not out and pos[i] == "NOUN" and (low in ctx.lex.titles or lemma in ctx.lex.titles):
        # "accused opposition politician X of ...", parsed with the name cut off from its
        # title: the person named right after the title word is the argument
        m = ctx.tok2m.get(i + 1)
        if m is not None and m.start == i + 1 and m.type == PERSON and \
                ctx.head[m.end - 1] != i:
            out = [(m.key, 0.9)]
    if not out:
        out = [(k, 0.7) for k in named_later(ctx, tok)]
    if out:
        return out
    if ctx.tag[i] in ("NNPS", "NNS") and tok.ent_type_ == "NORP":  # "the Russians"
        name = ctx.gaz.demonym(ctx.lemma_case[i]) or ctx.gaz.demonym(tok.text.rstrip("s"))
        if name:
            return [((STATE, name), 0.8)]
    if role == "source" and lemma in _ACTING_PEOPLE and ctx.tag[i] == "NNS":
        # "hackers from the group X breached Y", "officials of X said": the body they are
        # from acts (people named for whom they are with, not one person)
        for c in kids[i]:
            if deps[c] == "prep" and ctx.lower[c] in ("from", "of", "at", "with", "in"):
                # ("prosecutors in Kyrgyzstan": a state's, where they serve)
                kinds = (STATE,) if ctx.lower[c] == "in" else (ORG, STATE)
                for p in kids[c]:
                    if deps[p] == "pobj":
                        found = [(k, f * 0.85) for k, f in resolve(ctx, doc[p], role, depth + 1)
                                 if k[0] in kinds]
                        if found:
                            return found
    actor = lemma if lemma in STATE_ACTORS else lemma.rstrip("s")
    # "Russian hackers attacked" is Russia acting; "sanctions on 15 Russian agents" are
    # not sanctions on Russia: people stand for their state only as the actor
    if actor in STATE_ACTORS and (role == "source" or actor in STATE_BODIES):
        for c in kids[i]:
            if deps[c] in ("amod", "compound", "nmod", "poss"):
                s = state_of_modifier(ctx, doc[c])
                if s is None and deps[c] == "poss" and actor in STATE_BODIES:
                    s = _state_led_by(ctx, doc[c], depth)
                if s:
                    return [(s, 0.8)]
            elif deps[c] == "prep" and ctx.lower[c] == "of" and actor in STATE_BODIES:
                # "the Government of the Czech Republic", "the army of Mali"
                states = [ctx.tok2m[p].key for p in kids[c]
                          if deps[p] == "pobj" and p in ctx.tok2m and ctx.tok2m[p].type == STATE]
                if states:
                    return [(states[0], 0.8)]
        if role == "source":
            s = _state_behind(ctx, tok)
            if s:
                return [(s, 0.7)]
    if role == "target":
        if lemma in ELECTION_NOUNS or low in ELECTION_NOUNS:
            return []  # handled by the election rule
        if lemma == "behalf":
            return []  # "influence the vote on behalf of Russia": for whom, not whom
        if lemma not in HUMAN_NOUNS and (lemma not in ctx.lex.role_nouns
                                          or lemma in ORG_PART_NOUNS):
            # "hacked a subsidiary of Burisma" reaches Burisma; "sanctioned Putin's aides"
            # does not reach Putin
            for c in kids[i]:
                if deps[c] in ("compound", "nmod") and ctx.gaz.capital_of(doc[c].text):
                    continue  # "a Washington think tank": where it is, not whose it is
                if deps[c] in ("poss", "compound", "nmod"):
                    out += [(k, f * 0.9) for k, f in resolve(ctx, doc[c], role, depth + 1)]
                elif deps[c] == "prep" and (ctx.lower[c] in ("of", "by") or (
                        ctx.lower[c] == "at" and lemma in _SYSTEMS)):
                    # ("computer systems at Medicor": the hospital's own)
                    for p in kids[c]:
                        if deps[p] == "pobj":
                            out += [(k, f * 0.9) for k, f in
                                    resolve(ctx, doc[p], role, depth + 1)]
        if not out and (lemma in POLITY_NOUNS or low in POLITY_NOUNS):
            # "influence Latvian politics", "meddling in French affairs": the state's
            for c in kids[i]:
                s = state_of_modifier(ctx, doc[c]) if deps[c] in ("amod", "compound") else None
                if s:
                    out.append((s, 0.85))
    return out


#: what an organisation runs at its premises, attacked there ("the servers at X")
_SYSTEMS = frozenset({"system", "network", "server", "computer", "database", "email",
                      "account", "site", "website", "facility", "plant", "office",
                      "infrastructure", "device", "terminal", "machine"})


#: people who act for the body they are said to be from ("hackers from X")
_ACTING_PEOPLE = frozenset({"hacker", "operative", "agent", "spy", "official", "member",
                            "fighter", "militant", "soldier", "troop", "employee",
                            "investigator", "prosecutor", "officer", "representative"})


def _state_led_by(ctx: DocContext, poss: Any, depth: int) -> EntKey | None:
    """"Her government", "Vahtra's administration": the state its possessor was said
    to lead before."""
    people = [k for k, _f in resolve(ctx, poss, "source", depth + 1) if k[0] == PERSON]
    if len(people) != 1:
        return None
    led = [f.target for f in ctx.found if f.source == people[0] and f.type == "LEADS"
           and f.target[0] == STATE]
    return led[-1] if led else None


def _whose(ctx: DocContext, i: int) -> list[EntKey]:
    """"X, whose brother-in-law Y heads Z": the name the relative clause is on."""
    before = i - 2 if i > 1 and ctx.lower[i - 1] == "," else i - 1
    m = ctx.tok2m.get(before)
    if m is not None:
        return [m.key] if m.end == before + 1 else []
    if before >= 0 and ctx.pos[before] == "NOUN" and ctx.head[i] != before:
        # "the Balkan Echo network, whose operations ...": what the noun names
        return [k for k, _f in resolve(ctx, ctx.doc[before], "source", 3)]
    return []


def pronoun(ctx: DocContext, tok: Any) -> list[EntKey]:
    """Resolve he/his/him (nearest person), its/their (clause subject, else nearest)."""
    if tok.i in ctx.pron_cache:
        return ctx.pron_cache[tok.i]
    low = tok.lower_
    if low == "whose":
        return _whose(ctx, tok.i)
    res: list[EntKey] = []
    if low in POSS_PRON:
        # "X and his son Y": the previous conjunct
        head = tok.head
        if head.dep_ == "conj" and (low in HE or low in ("its", "their")):
            # "X and its director, Y"
            k = ent_of(ctx, head.head)
            if k and (k[0] == PERSON) == (low in HE):
                res = [k]
        top = appos_chain_top(ctx, head.i) if not res and head.dep_ == "appos" else None
        if top is not None:
            # "X, his wife Y and their company Z": his is X's; their, X's and Y's
            named = [top] + ([t.i for t in _possessed_list(ctx, ctx.doc[top])
                              if t.i < tok.i] if low == "their" else [])
            res = [ctx.tok2m[i].key for i in named]
        if not res and low in ("its", "their") and opens_subject(ctx, tok):
            # "The PPA has called on the CSA to ... Its General Secretary, X, alleged":
            # a possessive opening the subject is of the last sentence's subject
            res = previous_subject(ctx, tok)
        if not res and low in ("its", "their"):
            subj = clause_subject(tok)
            if subj is not None and subj is not tok:
                res = [k for k, _ in resolve(ctx, subj, "source", 3)
                       if k[0] in (STATE, ORG, PERSON)]
            if res and _hostile_object(ctx, tok):
                # "Z said hackers had breached its network": what an attacker breaches is
                # not its own; the reporting clause's subject owns it
                other = [k for k in _reporter(ctx, tok) if k not in res]
                res = other or res
    if not res and (low in IT or low in HE or low in THEY):
        res = _rejecter(ctx, tok)
    if low in FIRST_PERSON:
        res = _quote_speaker(ctx, tok) or _line_speaker(ctx, tok, own=True)
        if low == "our" and ctx.lemma[tok.head.i] in _NATIONAL_THINGS:
            # '"Russia tries to undermine our democracy," the prime minister said': the
            # speaker's state, when the text gave the speaker one
            res = _states_of(ctx, res) or res
    if low in SECOND_PERSON:
        res = _line_speaker(ctx, tok, own=False)
    if not res and low in ("they", "them", "themselves"):
        res = _group_before(ctx, tok)
        if res and tok.dep_ == "nsubj" and _object_group(ctx, tok) & set(res):
            # "Swiss prosecutors say A and B met, and they accuse the two men of ...":
            # who accuses the two men is not the two men; the main clause's subject
            res = [k for c in ctx.sents[ctx.sent_no[tok.i]].root.children
                   if c.dep_ == "nsubj" and c.i != tok.i
                   for k, _f in resolve(ctx, c, "source", 3) if k[0] in (STATE, ORG)]
    if not res and low == "they" and opens_subject(ctx, tok) and _plural_subject_before(ctx, tok):
        # "Kazakh authorities arrested X. They accused him ...": the last sentence's
        # plural subject, when it stands for a state or an organisation
        res = previous_subject(ctx, tok)
    if not res and low in ("it", "its") and tok.dep_ in ("pobj", "dobj"):
        res = _main_subject(ctx, tok)
    if not res and low in ("he", "she") and opens_subject(ctx, tok):
        # '"...," Liu said. He accused ...': the last sentence's speaker or subject, when
        # it is one person whose given name does not say otherwise
        res = _person_subject_before(ctx, tok)
    if not res:
        want = {PERSON} if low in HE else ({STATE, ORG} if low in IT else None)
        if want is not None or low in THEY:
            k = nearest(ctx, tok, want or {STATE, ORG}, _own_actor(ctx, tok))
            if k and low not in THEY:
                res = [k]
                if low == "its" and _hostile_object(ctx, tok):
                    # (as above: the attacker named nearest breaches no network of its own)
                    res = [r for r in _reporter(ctx, tok) if r != k] or res
    if not res:
        ctx.problems.append(Problem(
            "unresolved_pronoun", f"no antecedent found for {tok.text!r}",
            ctx.sents[ctx.sent_no[tok.i]].text.strip(), ctx.document.id,
            tok.idx, tok.idx + len(tok)))
    ctx.pron_cache[tok.i] = res
    return res


def _rejecter(ctx: DocContext, tok: Any) -> list[EntKey]:
    """ "Beijing rejected U.S. accusations that it helped Russia": the pronoun subject of
    a claim's clause is the one the claim is about, who answers it (not the accuser)."""
    clause = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ not in ("acl", "ccomp"):
        return []
    noun = clause.head
    if noun.lemma_.lower() not in CLAIM_NOUNS or noun.head.pos_ not in ("VERB", "AUX") or \
            not any(c.dep_ in ("poss", "compound", "amod") for c in noun.children):
        return []
    accusers = {k for c in noun.children if c.dep_ in ("poss", "compound", "amod")
                for k, _f in resolve_source(ctx, c)}
    return [k for s in noun.head.children if s.dep_ == "nsubj"
            for k, _f in resolve(ctx, s, "source", 3) if k not in accusers]


def _titled_before(ctx: DocContext, tok: Any) -> EntKey | None:
    """The person last named with this title before ``tok`` ("the minister")."""
    named = ctx.titled.get(ctx.lemma[tok.i], ())
    before = [(start, key) for start, key in named if start < tok.i]
    if before:
        return max(before)[1]
    # a headline or lead names the office first and the person later ("The Deputy
    # Minister says ... Deputy Minister Ben Martins says"): the one person so titled
    # (in a later sentence: "the mining company Grigor Sarkisov owns" is no title)
    sent = ctx.sent_no[tok.i]
    if any(ctx.sent_no[start] == sent for start, _ in named):
        return None
    people = {key for _, key in named}
    return next(iter(people)) if len(people) == 1 else None


#: nouns for a group of people / of states counted by "the two", "both"
_PEOPLE = {"man", "woman", "leader", "official", "politician", "president", "minister",
           "brother", "sister", "executive", "men", "women", "leaders", "officials",
           "defendant", "suspect", "national", "businessman", "businessmen", "diplomat",
           "officer", "hacker", "lawmaker", "senator", "journalist", "activist",
           "individual", "partner", "associate", "accused", "banker", "oligarch"}
_STATES = {"country", "nation", "state", "government", "countries", "nations", "states",
           "governments"}
_COUNT = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
#: nouns that are themselves a count of people ("the pair", "the trio")
_COUNTED_PEOPLE = {"pair": 2, "duo": 2, "couple": 2, "trio": 3}


def _group_size(ctx: DocContext, tok: Any) -> tuple[str | None, int]:
    """What kind of group ``tok`` names and how many: "the two men" (people, 2), "both
    countries" (states, 2), "the pair" (people, 2), "the three" / "all three" (people, 3)."""
    lemma, low = ctx.lemma[tok.i], ctx.lower[tok.i]
    dets = {ctx.lower[c] for c in ctx.kids[tok.i]}
    if low in _COUNTED_PEOPLE and "the" in dets:
        return PERSON, _COUNTED_PEOPLE[low]
    if low in _COUNT and low != "both" and ctx.pos[tok.i] == "NUM" \
            and ctx.dep[tok.i] != "nummod" and dets & {"the", "all"}:
        return PERSON, _COUNT[low]  # a bare count stands for people named before
    want = PERSON if lemma in _PEOPLE else STATE if lemma in _STATES else None
    if want is None:
        return None, 0
    return want, next((_COUNT[ctx.lower[c]] for c in ctx.kids[tok.i]
                       if ctx.lower[c] in _COUNT), 0)


def _numbered_group(ctx: DocContext, tok: Any) -> list[EntKey]:
    """ "the two men", "both countries", "the pair", "the three": the last entities of
    that kind named before (a group the text named together first)."""
    want, n = _group_size(ctx, tok)
    if want is None or not n:
        return []
    idx = ctx.sent_no[tok.i]
    window = range(idx, max(-1, idx - 4), -1)
    # "X and Y met Z. Both men ...": a group the text named together, the latest first
    for s in window:
        for m in reversed(ctx.by_sent.get(ctx.sents[s].start, [])):
            if m.end > tok.i or m.type != want:
                continue
            group = [m.key] + [ctx.tok2m[c.i].key for c in ctx.doc[m.end - 1].conjuncts
                               if c.i in ctx.tok2m and ctx.tok2m[c.i].type == want]
            group = list(dict.fromkeys(group))
            if len(group) == n:
                return group
    # else the last n of that kind named before
    keys: list[EntKey] = []
    for s in window:
        for m in reversed(ctx.by_sent.get(ctx.sents[s].start, [])):
            if m.end <= tok.i and m.type == want and m.key not in keys:
                keys.append(m.key)
                if len(keys) == n:
                    return keys
    return []


#: "the country", "the company": a definite description of the last state / organisation
_DESCRIBED = {"country": STATE, "nation": STATE, "state": STATE, "company": ORG, "firm": ORG,
              "group": ORG, "organisation": ORG, "organization": ORG, "agency": ORG,
              "party": ORG, "bank": ORG, "network": ORG, "site": ORG, "website": ORG,
              "outlet": ORG, "newspaper": ORG, "broadcaster": ORG, "portal": ORG,
              "channel": ORG, "fund": ORG, "charity": ORG, "militia": ORG,
              "institute": ORG, "foundation": ORG, "ministry": ORG, "commission": ORG,
              "union": ORG, "movement": ORG, "insurer": ORG, "lender": ORG, "operator": ORG,
              "exchange": ORG, "platform": ORG, "consultancy": ORG, "utility": ORG,
              "authority": ORG, "council": ORG, "committee": ORG, "bureau": ORG,
              "directorate": ORG, "regulator": ORG, "watchdog": ORG,
              "service": ORG}


def _definite_description(ctx: DocContext, tok: Any) -> EntKey | None:
    """ "Russia invaded the country": a bare definite noun for a kind of entity refers to
    the nearest one named before (never its own clause's subject)."""
    want = _DESCRIBED.get(ctx.lemma[tok.i])
    if want is None or ctx.tag[tok.i] not in ("NN", "NNP"):
        return None
    kids = list(tok.children)
    if not any(c.lower_ == "the" for c in kids) or any(
            c.dep_ in ("amod", "compound", "poss", "nummod", "acl", "appos")
            or (c.dep_ == "relcl" and not _nonrestrictive(ctx, c))
            or (c.dep_ == "prep" and c.lower_ == "of") for c in kids):
        return None
    subject = own_subject(tok)
    if tok.dep_ == "poss" and tok.head.dep_ in ("dobj", "pobj", "dative"):
        # ("X accused the network's operator": nor the possessor of the object, when the
        # subject itself is that kind; not whoever its apposition names)
        subj = clause_subject(tok.head)
        if subj is not None and subj.i in ctx.tok2m:
            m = ctx.tok2m[subj.i]
            subject = set(range(m.start, m.end))
    # "Russia invaded the country": not Russia, wherever else Russia was named
    keys = frozenset(ctx.tok2m[i].key for i in subject if i in ctx.tok2m)
    # (nor "the EU imposed sanctions, saying the network had helped Russia": who says
    # it describes others)
    keys |= _governing_subjects(ctx, tok)
    # "a group known as Sable Kestrel ... the firm Vantor Labs ... The group": the last
    # one the text introduced as one of that kind, if any
    keys |= _other_kinds(ctx, ctx.lemma[tok.i], tok.i)
    kind = _introduced_as(ctx, tok.lemma_.lower(), tok.i, keys)
    if kind is not None:
        return kind
    if want == ORG:
        # "the party's leader", after "the Zoria Party": the one named with that word
        called = org_called(ctx, ctx.lemma[tok.i], tok.i)
        if called is not None and called not in keys:
            return called
    unnamed = _introduced_unnamed(ctx, tok)
    if unnamed is not None:
        # "a network of fake accounts, run by X, ... The network sought to ...": the one
        # introduced without a name, who runs it if the text said so, else nobody named
        agent = noun_agent(ctx, unnamed)
        named = resolve(ctx, agent, "source") if agent is not None else []
        return named[0][0] if len(named) == 1 else None
    if ctx.lemma[tok.i] in _COMMERCIAL:
        # "sanctioned by the European Union ... The company": no union of states is a firm
        keys |= {m.key for m in ctx.mentions if m.type == ORG and ctx.gaz.lookup(m.text)}
    return nearest(ctx, tok, {want}, subject | {tok.i}, keys)


#: descriptions only a business answers to (not an intergovernmental body the
#: gazetteer knows)
_COMMERCIAL = frozenset({"company", "firm", "bank", "insurer", "lender", "operator",
                         "exchange", "consultancy", "utility", "broadcaster", "newspaper"})
#: the kind of a description that fits a person or an organisation ("a supplier")
_EITHER = "PERSON|ORGANIZATION"
#: words that count the people or bodies an indefinite description stands for
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4,
            "5": 5, "6": 6}


def _description_kind(ctx: DocContext, i: int, listed: bool = False) -> tuple[str | None, int]:
    """What an indefinite description at token ``i`` stands for and how many: "a Virginia
    consultant" (a person, 1), "three Iranian men" (people, 3), "a Cypriot fuel supplier"
    (an organisation, 1); (None, 0) for anything else (a definite or named phrase)."""
    if ctx.pos[i] != "NOUN" or i in ctx.tok2m:
        return None, 0
    kids = ctx.kids[i]
    # (in a list after an indefinite one, "his partner" and "its chief executive" too)
    if any(ctx.dep[c] == "appos" or c in ctx.tok2m or (
            ctx.dep[c] == "poss" and not (listed and ctx.lower[c] in POSS_PRON)) for c in kids):
        return None, 0
    if any(ctx.dep[c] == "det" and ctx.lower[c] in ("a", "an") for c in kids) or (
            listed and any(ctx.dep[c] == "poss" for c in kids)):
        n = 1
    else:
        n = next((_NUMBERS[ctx.lower[c]] for c in kids
                  if ctx.dep[c] == "nummod" and ctx.lower[c] in _NUMBERS), 0)
    if not n:
        return None, 0
    lemma = ctx.lemma[i]
    if lemma in ORG_NOUNS and lemma not in OPERATION_NOUNS:
        return ORG, n  # (not "in a campaign": an act, no body)
    if lemma in PERSON_LIKE_KINDS:
        return _EITHER, n  # "a fuel supplier": a firm or a person, as its name says
    if lemma in _PEOPLE or lemma in HUMAN_NOUNS or (lemma in ctx.lex.role_nouns and any(
            PERSON in ctx.schema.relations[t].source for t in ctx.lex.role_nouns[lemma])):
        return PERSON, n
    if lemma in ORG_KINDS and lemma not in OPERATION_NOUNS:
        return ORG, n
    return None, 0


def _first_mentions(ctx: DocContext) -> dict[EntKey, int]:
    """Each entity's first mention (its start token), once per document."""
    if "first_mentions" not in ctx.memo:
        first: dict[EntKey, int] = {}
        for m in ctx.mentions:
            first.setdefault(m.key, m.start)
        ctx.memo["first_mentions"] = first
    return ctx.memo["first_mentions"]


def named_later(ctx: DocContext, tok: Any) -> list[EntKey]:
    """Cataphora: "prosecutors charged a Virginia consultant and his business partner
    ... . Martin Oderkirk, 58, ... and ... Lena Shaposhnik were indicted": an indefinite
    description of a person or an organisation that the text names only afterwards.

    A description is the entity first named, with that kind, in the next sentence (the
    n-th of a coordination of descriptions, the n-th one named; "three men", the next
    three); or, within three sentences, the one the text introduces with the
    description's own noun ("Marlow Bunkering, a Limassol fuel supplier")."""
    i = tok.i
    kind, n = _description_kind(ctx, i)
    if kind is None and ctx.dep[i] == "conj":
        # "a consultant and his business partner": the second is a description by the first
        first_of = ctx.doc[i].head
        while ctx.dep[first_of.i] == "conj" and first_of.head.i != first_of.i:
            first_of = first_of.head
        if _description_kind(ctx, first_of.i)[0] is not None:
            kind, n = _description_kind(ctx, i, True)
    if kind is None:
        return []
    first = _first_mentions(ctx)
    lemma = ctx.lemma[i]
    sent_no = ctx.sent_no[i]
    later = range(sent_no + 1, min(len(ctx.sents), sent_no + 4))
    # the one introduced with the same noun: "X, a fuel supplier", "the fuel supplier X"
    for s in later:
        for m in ctx.by_sent.get(ctx.sents[s].start, []):
            if m.type not in kind.split("|") or first.get(m.key) != m.start:
                continue
            head = m.end - 1
            near = [c for c in ctx.kids[head] if ctx.dep[c] == "appos"]
            if ctx.dep[head] == "appos":
                near.append(ctx.head[head])
            up = ctx.head[head]  # "a group it calls Silent Heron", "a firm known as X"
            if ctx.dep[head] == "pobj" and ctx.lower[up] == "as":
                up = ctx.head[up]
            if ctx.lemma[up] in NAMING_VERBS and ctx.dep[up] in ("relcl", "acl"):
                near.append(ctx.head[up])
            if m.start > 0:
                near.append(m.start - 1)
            if any(ctx.lemma[j] == lemma and j not in ctx.tok2m for j in near):
                return [m.key]
    if sent_no + 1 >= len(ctx.sents) or kind == ORG:
        # (an organisation only by its noun: "a freight company ... . The indictment,
        # brought by the U.S. Attorney's Office, charges Baltia ..." names another first;
        # "a shipping broker ... . Maarten Kuipers, 61, ...": a person, named next)
        return []
    kind = PERSON
    # else the next sentence's new names of that kind, in order
    listed = [i] + [c.i for c in tok.conjuncts
                    if _description_kind(ctx, c.i, True)[0] in (PERSON, _EITHER)]
    listed.sort()
    place = listed.index(i)
    nxt = ctx.sents[sent_no + 1]
    new = []
    for m in ctx.by_sent.get(nxt.start, []):
        # (the people the sentence is about, not "... , a lawyer for X, said")
        if m.type == kind and first.get(m.key) == m.start and m.key not in new and \
                ctx.dep[m.end - 1] in ("nsubj", "nsubjpass", "conj", "appos", "dobj"):
            new.append(m.key)
    if n > 1:
        return new[:n] if len(new) >= n else []
    if len(listed) > 1:
        return [new[place]] if len(new) == len(listed) else []
    return new[:1] if new else []


#: documents that speak for whoever issued them ("the statement said", "the indictment
#: charges")
_DOCUMENT_NOUNS = frozenset({"statement", "indictment", "complaint", "release", "notice",
                            "filing", "report", "announcement", "order", "decision",
                            "communique", "communiqué", "assessment", "advisory"})


#: what a document does for its issuer, saying so (not what a report finds or concludes)
_DOCUMENT_SAYS = frozenset(DOCUMENT_VERBS - {"find", "conclude", "identify", "blame"}
                           | {"add", "announce"})


def document_issuer(ctx: DocContext, tok: Any) -> EntKey | None:
    """"..., the Justice Department said in a statement. ... , the statement said": a
    definite document noun is the one mentioned before with its issuer, an organisation
    or a state ("X said in a statement", "X's statement", "a statement by X")."""
    i = tok.i
    lemma = ctx.lemma[i]
    if lemma not in _DOCUMENT_NOUNS or not any(ctx.lower[c] in ("the", "this", "that")
                                               for c in ctx.kids[i]):
        return None
    if ctx.dep[i] != "nsubj" or ctx.lemma[ctx.head[i]] not in _DOCUMENT_SAYS:
        return None  # (what a report found is its own finding, no one's act)
    lo = ctx.sents[max(0, ctx.sent_no[i] - 5)].start
    for j in range(i - 1, lo - 1, -1):
        if ctx.lemma[j] != lemma or ctx.pos[j] != "NOUN":
            continue
        issuer = noun_agent(ctx, ctx.doc[j])
        if issuer is None and ctx.dep[j] == "pobj" and ctx.lower[ctx.head[j]] == "in":
            verb = ctx.head[ctx.head[j]]  # "X said in a statement"
            if ctx.lemma[verb] in SPEECH_VERBS or ctx.lemma[verb] in ("announce", "issue"):
                issuer = next((ctx.doc[c] for c in ctx.kids[verb] if ctx.dep[c] == "nsubj"),
                              None)
        if issuer is None and ctx.dep[j] == "dobj" and ctx.lemma[ctx.head[j]] in (
                "issue", "release", "publish", "file", "unseal"):
            issuer = next((ctx.doc[c] for c in ctx.kids[ctx.head[j]] if ctx.dep[c] == "nsubj"),
                          None)
        if issuer is None:
            continue
        found = [k for k, _f in resolve(ctx, issuer, "source", 3) if k[0] in (ORG, STATE)]
        return found[0] if len(found) == 1 else None
    return None


def holder_named_next(ctx: DocContext, tok: Any) -> Any:
    """Cataphora of a title: '"We were too slow," the company's chief executive told MPs.
    ... "That is on me," Ingrid Solberg said.' A definite role ("the company's chief
    executive", "Britain's security minister") that speaks or acts as a subject, held by
    no one named before, is the person first named as a subject in the next sentence
    (that person's last token), or None."""
    i = tok.i
    lemma = ctx.lemma[i]
    if ctx.pos[i] != "NOUN" or i in ctx.tok2m or ctx.dep[i] != "nsubj" or not (
            lemma in ctx.lex.titles or (lemma in ctx.lex.role_nouns and any(
                PERSON in ctx.schema.relations[t].source for t in ctx.lex.role_nouns[lemma]))):
        return None
    kids = ctx.kids[i]
    if not any(ctx.lower[c] == "the" or (ctx.dep[c] == "poss" and ctx.pos[c] != "PRON")
               for c in kids) or any(ctx.dep[c] == "appos" for c in kids):
        return None
    if any(start < i for start, _k in ctx.titled.get(lemma, ())):
        return None  # "the minister", named with that title before: a reference back
    sent_no = ctx.sent_no[i]
    if any(m.type == PERSON for m in ctx.by_sent.get(ctx.sents[sent_no].start, [])) or \
            sent_no + 1 >= len(ctx.sents):
        return None
    first = _first_mentions(ctx)
    # (the next sentence, or the one after it when a quote runs on: '"We found it late.
    # That is on me," Ingrid Solberg said.')
    for n in range(sent_no + 1, min(len(ctx.sents), sent_no + 3)):
        for m in ctx.by_sent.get(ctx.sents[n].start, []):
            if m.type == PERSON and first.get(m.key) == m.start and \
                    ctx.dep[m.end - 1] in ("nsubj", "nsubjpass"):
                return ctx.doc[m.end - 1]
            if m.type == PERSON:
                return None  # someone else is named first
    return None


def _apposed_after_comma(ctx: DocContext, tok: Any) -> EntKey | None:
    """"sanctioned X and Ararat Metals, the mining company he owns", parsed with "the
    company" as a second object: a description of a kind right after a comma that
    follows a name of that kind describes that name."""
    i = tok.i
    want = _DESCRIBED.get(ctx.lemma[i])
    if want != ORG or ctx.dep[i] not in ("dobj", "pobj") or ctx.tag[i] != "NN":
        return None
    left = tok.left_edge.i
    if left < 2 or ctx.lower[left] not in ("the", "a", "an") or ctx.lower[left - 1] != ",":
        return None
    m = ctx.tok2m.get(left - 2)
    if m is None or m.end != left - 1 or m.type != ORG or ctx.head[m.end - 1] == i:
        return None
    return m.key


def _governing_subjects(ctx: DocContext, tok: Any) -> frozenset[EntKey]:
    """The named subjects of the clauses that ``tok``'s clause is the complement of."""
    keys: set[EntKey] = set()
    cur = tok.i
    for _ in range(8):
        up = ctx.head[cur]
        if up == cur:
            break
        if ctx.dep[cur] in ("ccomp", "xcomp", "advcl") and ctx.pos[up] in ("VERB", "AUX"):
            keys |= {ctx.tok2m[c].key for c in ctx.kids[up]
                     if ctx.dep[c] == "nsubj" and c in ctx.tok2m}
        cur = up
    return frozenset(keys)


def _introduced_unnamed(ctx: DocContext, tok: Any) -> Any:
    """The last "a <noun>" with this noun's lemma before ``tok`` in the three sentences
    before it that no name stands for ("a network of fake accounts"), or None."""
    lemma = ctx.lemma[tok.i]
    first = ctx.sents[max(0, ctx.sent_no[tok.i] - 3)].start
    for i in range(tok.i - 1, first - 1, -1):
        m = ctx.tok2m.get(i)
        if lemma in _COMMERCIAL and m is not None and m.type == ORG and any(
                ctx.dep[c] == "appos" and ctx.lemma[c] in _COMMERCIAL for c in ctx.kids[i]):
            # "a company in Moscow ... X, a firm that ... The company": the business
            # named since is the one meant
            return None
        if ctx.lemma[i] == lemma and ctx.pos[i] == "NOUN" and i not in ctx.tok2m and any(
                ctx.lower[c] in ("a", "an") for c in ctx.kids[i]) and not any(
                ctx.dep[c] == "appos" or c in ctx.tok2m and ctx.dep[c] == "compound"
                for c in ctx.kids[i]):
            return ctx.doc[i]
    return None


def _nonrestrictive(ctx: DocContext, clause: Any) -> bool:
    """ "The firm, which X described as ...": a relative clause set off by a comma only
    describes its noun ("the firm that X founded" picks out a firm of its own)."""
    start = clause.left_edge.i
    return start > 0 and ctx.lower[start - 1] == ","


def _introduced_as(ctx: DocContext, kind: str, before: int,
                   exclude: frozenset[EntKey]) -> EntKey | None:
    """The last organisation before token ``before`` that the text introduced with the
    noun ``kind``: right before its name ("the hacking group X") or as what it is called
    ("a group known as X", "X, a hacking group")."""
    found = None
    for m in ctx.mentions:
        if m.start >= before:
            break
        if m.type != ORG or m.key in exclude:
            continue
        if kind in _introducing_kinds(ctx, m):
            found = m.key
    return found


def _introducing_kinds(ctx: DocContext, m: Any) -> set[str]:
    """The nouns a mention of an organisation is introduced with: right before its name
    ("the hacking group X"), as what it is called ("a group known as X"), or in
    apposition ("X, a hacking group")."""
    head = m.end - 1
    near = [m.start - 1] if m.start > 0 else []
    up = ctx.head[head]  # "known as X", "called X": the noun the naming verb is on
    if ctx.dep[head] == "pobj" and ctx.lower[up] == "as":
        up = ctx.head[up]
    if ctx.lemma[up] in NAMING_VERBS:
        near.append(ctx.head[up])
    near += [c for c in ctx.kids[head] if ctx.dep[c] == "appos"]
    return {ctx.lemma[i] for i in near}


#: kinds of organisation no description of the other family refers to: "the agency" is
#: no hacking group named as one, "the group" no ministry
_KIND_FAMILIES = (frozenset({"agency", "service", "ministry", "department", "office",
                             "directorate", "authority", "committee", "bureau", "regulator",
                             "watchdog", "council", "commission"}),
                  frozenset({"group", "gang", "network", "militia", "cell", "crew", "outfit",
                             "collective", "cluster"}))


def _other_kinds(ctx: DocContext, lemma: str, before: int) -> frozenset[EntKey]:
    """The organisations before ``before`` introduced as a kind of the other family than
    ``lemma``'s (see :data:`_KIND_FAMILIES`)."""
    other = next((b for a, b in (_KIND_FAMILIES, _KIND_FAMILIES[::-1]) if lemma in a), None)
    if other is None:
        return frozenset()
    return frozenset(m.key for m in ctx.mentions if m.start < before and m.type == ORG
                     and not other.isdisjoint(_introducing_kinds(ctx, m)))


def _body_of(ctx: DocContext, tok: Any) -> EntKey | None:
    """ "Prosecutors also accuse X", after "the Anti-Corruption Prosecutor's Office": a bare
    plural of people named by the word an organisation named before is called by is that
    organisation's people (if one organisation only is so called)."""
    if ctx.tag[tok.i] != "NNS" or ctx.pos[tok.i] != "NOUN" or any(
            ctx.dep[c] in ("det", "amod", "compound", "poss", "nmod") for c in ctx.kids[tok.i]):
        return None
    return org_called(ctx, ctx.lemma[tok.i], tok.i)


def org_called(ctx: DocContext, word: str, before: int) -> EntKey | None:
    """The one organisation named before token ``before`` with ``word`` in its name
    ("department" -> the State Security Department), or None."""
    found = {m.key for m in ctx.mentions if m.type == ORG and m.start < before
             and word in (w.lower().removesuffix("'s").removesuffix("’s")
                          for w in m.text.split())}
    return found.pop() if len(found) == 1 else None


def _speaker_lines(ctx: DocContext) -> dict[int, EntKey | None]:
    """Interview lines ("Vukasin: No. I have never ...", "AR: Did you ..."): the start
    character of each line that opens with a speaker's name and a colon, and who the
    speaker is (``None`` for one who is no person named in the text)."""
    memo_key = ("speaker_lines",)
    if memo_key in ctx.memo:
        return ctx.memo[memo_key]  # type: ignore[no-any-return]
    out: dict[int, EntKey | None] = {}
    text, starts = ctx.text, ctx.char_start
    at = 0
    for line in text.split("\n"):
        i = bisect_left(starts, at)
        colon = next((j for j in range(i, min(i + 5, len(starts)))
                      if ctx.lower[j] == ":" and starts[j] < at + len(line)), None)
        if colon is not None and colon > i and all(
                text[starts[j]].isupper() or ctx.lower[j] in (".", "-")
                for j in range(i, colon)):
            # (the label itself may be no mention: a word before a colon opening a line
            # reads as a rubric)
            label = span_text(ctx, i, colon)
            # (the one the label names alone elsewhere, before any other of that name)
            people = {m.key for m in ctx.mentions if m.type == PERSON and m.text == label} or {
                m.key for m in ctx.mentions if m.type == PERSON and m.start < i
                and m.text.split()[-1] == label}
            out[at] = people.pop() if len(people) == 1 else None
        at += len(line) + 1
    ctx.memo[memo_key] = out
    return out


def _line_speaker(ctx: DocContext, tok: Any, own: bool) -> list[EntKey]:
    """In an interview, "I" is the line's speaker (``own``) and "you" the one the line
    speaks to: the person who speaks the line after it (or before)."""
    lines = _speaker_lines(ctx)
    if not lines:
        return []
    at = ctx.text.rfind("\n", 0, ctx.char_start[tok.i]) + 1
    if at not in lines:
        return []
    speaker = lines[at]
    if own:
        return [speaker] if speaker is not None else []
    order = sorted(lines)
    n = order.index(at)
    for other in [*order[n + 1:n + 2], *order[n - 1:n][::-1]]:
        if lines[other] is not None and lines[other] != speaker:
            return [lines[other]]  # type: ignore[list-item]
    return []


#: what "our" makes a state's when its speaker serves one ("our democracy")
_NATIONAL_THINGS = frozenset({"democracy", "country", "nation", "election", "elections",
                              "institutions", "sovereignty", "borders", "politics",
                              "society", "homeland", "republic", "parliament"})


def _states_of(ctx: DocContext, people: list[EntKey]) -> list[EntKey]:
    """The state each person leads or serves, by the candidates found so far (a title
    before the quote: "Latvian Prime Minister X said")."""
    rules = ctx.schema.rules
    roles = {rules.leader, rules.affiliation}
    states = [f.target for f in ctx.found
              if f.source in people and f.type in roles and f.target[0] == STATE]
    return list(dict.fromkeys(states)) if len(set(states)) == 1 else []


def _quote_speaker(ctx: DocContext, tok: Any) -> list[EntKey]:
    """ "I"/"we" inside a quote is its speaker, named outside it: '"I have never met
    him," Novak told reporters' (the subject of the verb of saying the quote hangs on)."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in SPEECH_VERBS:
            for c in head.children:
                if c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON:
                    return [k for k, _ in resolve(ctx, c, "source", 3)]
            break
        cur = head
    return []


def _hostile_object(ctx: DocContext, poss: Any) -> bool:
    """Whether a possessive pronoun sits on the object of a hostile trigger verb ("breached
    its network")."""
    obj = poss.head
    verb = obj.head
    if obj.dep_ not in ("dobj", "pobj") or verb.i == obj.i:
        return False
    if obj.dep_ == "pobj":
        verb = verb.head
    hostile = ctx.schema.rules.hostile
    lemma = verb.lemma_.lower()
    return any(rtype in hostile for rtype, _ in ctx.lex.verbs.get(lemma, ()))


def _reporter(ctx: DocContext, tok: Any) -> list[EntKey]:
    """The subject of the speech verb whose clause holds ``tok`` ("Z said ... its ...")."""
    cur = tok
    for _ in range(10):
        if cur.head.i == cur.i:
            return []
        # "Z said that ...", "Z's claims that ...": who speaks, or whose claim it is
        # ("Z blamed Y for the attack that knocked its office offline": who blames)
        if (cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH_VERBS) or (
                cur.dep_ in ("acl", "ccomp") and cur.head.lemma_.lower() in CLAIM_NOUNS) or (
                cur.dep_ == "prep" and cur.head.pos_ == "VERB"
                and cur.head.lemma_.lower() in BLAMING_VERBS):
            subj = [c for c in cur.head.children if c.dep_ in ("nsubj", "poss")]
            keys = [k for k, _ in resolve(ctx, subj[0], "source", 3)] if subj else []
            return [k for k in keys if k[0] in (STATE, ORG)][:1]
        cur = cur.head
    return []


def _main_subject(ctx: DocContext, tok: Any) -> list[EntKey]:
    """ "China dismissed ..., a week after Google leveled an allegation against it": an
    object pronoun in an adverbial clause refers to the main clause's subject."""
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            return []
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            break
    if cur.dep_ not in ("advcl", "pcomp") or cur.head.i == cur.i:
        return []
    main = cur.head
    while main.pos_ not in ("VERB", "AUX") and main.head.i != main.i:
        main = main.head
    subj = [c for c in main.children if c.dep_ == "nsubj"]
    keys = [k for k, _ in resolve(ctx, subj[0], "source", 3)] if subj else []
    return [k for k in keys if k[0] in (STATE, ORG)][:1]


def _group_before(ctx: DocContext, tok: Any) -> list[EntKey]:
    """ "they/them": the nearest preceding coordination of named entities in this or the
    previous sentence ("sanctioned A and B, accusing them of ...")."""
    lo = ctx.sents[max(0, ctx.sent_no[tok.i] - 1)].start
    for i in range(tok.i - 1, lo - 1, -1):
        t = ctx.doc[i]
        if i in ctx.tok2m and t.dep_ != "conj" and t.conjuncts:
            # (a conjunct may be a role with its holder: "A and its owner B")
            keys = [ent_of(ctx, x) or next((k for k, _f in resolve(ctx, x, "target", 3)), None)
                    for x in (t, *t.conjuncts)]
            group = list(dict.fromkeys(k for k in keys if k))
            if group:
                return group
    return []


def nearest(ctx: DocContext, tok: Any, types: set[str], exclude: set[int],
            exclude_keys: frozenset[EntKey] = frozenset()) -> EntKey | None:
    """The nearest preceding mention of a type (this and the previous three sentences);
    an object pronoun never refers to its own clause's subject ("X disrupted it")."""
    idx = ctx.sent_no[tok.i]
    # "her" is not a man named before: given names tell where they can
    unlike = {"she": "male", "her": "male", "hers": "male", "herself": "male",
              "he": "female", "him": "female", "his": "female", "himself": "female"}.get(
        tok.lower_)
    best = unknown = mismatched = None
    for n in range(idx, max(-1, idx - 4), -1):
        for m in reversed(ctx.by_sent.get(ctx.sents[n].start, [])):
            if m.start in exclude or (m.end - 1) in exclude:
                continue
            if m.end <= tok.i and m.type in types and m.key not in exclude_keys:
                gender = _gender(m.key[1]) if unlike and m.type == PERSON else ""
                if unlike and gender == unlike:
                    if n == idx and mismatched is None:
                        mismatched = m
                    continue
                if unlike and m.type == PERSON and not gender:
                    unknown = unknown or m  # a name of unknown gender: if none fits better
                    continue
                best = m
                break
        if best is not None:
            break
    if best is None and unknown is not None:
        # "her" with only names of unknown gender nearby: a woman named further back
        # in the document (the article's subject, usually) before the nearest unknown
        for n in range(max(-1, idx - 4), max(-1, idx - 12), -1):
            for m in reversed(ctx.by_sent.get(ctx.sents[n].start, [])):
                if m.type == PERSON and m.key not in exclude_keys and \
                        _gender(m.key[1]) not in ("", unlike):
                    return m.key
    # (the one person of this sentence, whose given name a list of Western names reads
    # the other way: "Almaz", "Janis" are men's names where they are used)
    best = best or unknown or mismatched
    return best.key if best else None


def _gender(name: str) -> str:
    """"male" / "female" when the first given name says so clearly, else ""."""
    g = given_name_gender(name.split()[0]) if name else "unknown"
    return {"male": "male", "mostly_male": "male", "female": "female",
            "mostly_female": "female"}.get(g, "")


def state_of_modifier(ctx: DocContext, tok: Any) -> EntKey | None:
    i = tok.i  # (the arc and the part of speech from the tables)
    m = ctx.tok2m.get(i)
    if m is not None and m.type == STATE:
        return m.key
    if ctx.dep[i] in ("amod", "compound", "nmod", "npadvmod") or ctx.pos[i] == "ADJ":
        name = ctx.gaz.demonym(tok.text)
        if not name and i > 0 and ctx.head[i - 1] in (ctx.head[i], i):
            # "the South Korean government": a demonym of two words, each a modifier
            name = ctx.gaz.demonym(span_text(ctx, i - 1, i + 1))
        if name:
            return (STATE, name)
    return None


def repeated_preps(ctx: DocContext, prep: Any) -> list[int]:
    """The same preposition repeated in a coordination ("sanctions on X, and on Y"),
    which the parser may hang on any word above the first one as a conjunct: indices."""
    out = []
    word, dep, kids = ctx.lower[prep.i], ctx.dep, ctx.kids
    site = prep.i
    for _ in range(3):
        out += [c for c in kids[site] if c > prep.i and dep[c] == "conj"
                and ctx.pos[c] == "ADP" and ctx.lower[c] == word]
        if ctx.head[site] == site:
            break
        site = ctx.head[site]
    return out


def prep_objects(ctx: DocContext, tok: Any, preps: set[str]) -> list[Any]:
    doc, dep, lower, kids = ctx.doc, ctx.dep, ctx.lower, ctx.kids  # read by index
    out = []
    for c in kids[tok.i]:
        if dep[c] in ("prep", "dative") and lower[c] in preps:
            out += [doc[p] for p in kids[c] if dep[p] == "pobj"]
        elif dep[c] in ("dobj",):
            for cc in kids[c]:
                if dep[cc] == "prep" and lower[cc] in preps:
                    out += [doc[p] for p in kids[cc] if dep[p] == "pobj"]
        elif dep[c] == "prt":
            for cc in kids[c]:
                if dep[cc] == "pobj":
                    out.append(doc[cc])
    return out


def by_agent(ctx: DocContext, verb: Any) -> Any:
    """ "... including by Iran": an entity introduced by "by" under the verb."""
    doc, dep, kids = ctx.doc, ctx.dep, ctx.kids  # read by index
    for c in kids[verb.i]:
        if dep[c] == "prep" and ctx.lower[c] == "by":
            for p in kids[c]:
                if dep[p] == "pobj" and resolve(ctx, doc[p], "source"):
                    return doc[p]
        if dep[c] == "prep" and ctx.lemma_case[c] == "include":
            found = by_agent(ctx, doc[c])
            if found is not None:
                return found
    return None


def _names_an_actor(ctx: DocContext, i: int) -> bool:
    """Whether the noun at ``i`` names who acts - a person, a body, a name - rather than
    an act ("a campaign aimed at smearing X" is its actor's)."""
    lemma = ctx.lemma[i]
    return i in ctx.tok2m or lemma in HUMAN_NOUNS or lemma in ctx.lex.role_nouns or \
        lemma in ctx.lex.titles or lemma in ORG_KINDS or lemma in PERSON_DESCRIPTORS or \
        lemma in _PEOPLE


@per_token
def controller(ctx: DocContext, tok: Any) -> Any:
    """Who acts in a subjectless clause: the subject or agent up the control chain.

    Object control wins over subject control: in "accused him of attempting" and
    "prefer Trump to win" the object is the one who attempts / wins."""
    # the chain and the children by index (ctx.head, ctx.kids): a token only for a verb
    # the "by" agent is looked for on, a noun whose agent is, and the one returned
    doc, deps, kids, up, pos = ctx.doc, ctx.dep, ctx.kids, ctx.head, ctx.pos
    if pos[tok.i] in ("VERB", "AUX"):
        ag = by_agent(ctx, tok)
        if ag is not None:
            return ag
    cur = tok.i
    listed = False  # the walk went through a coordination of names
    for _ in range(8):
        dep = deps[cur]
        head = up[cur]
        if head == cur:
            return None
        # (through "agent" too: "was accused by Y of acting as ...", the "of" phrase hung
        # on the agent's noun)
        if dep in ("xcomp", "advcl", "conj", "pcomp", "prep", "acl", "relcl", "ccomp",
                   "pobj", "dobj", "attr", "appos", "agent") or (
                dep == "acomp" and ctx.lemma[cur] in ACTOR_ADJECTIVES):
            # ("X was responsible for the attack": who is responsible for it did it)
            came_from = cur
            cur = head
            if dep == "acl" and pos[cur] in ("NOUN", "PROPN") and \
                    ctx.tag[came_from] in ("VBG", "VBN") and _names_an_actor(ctx, cur):
                # "a man working for X", "a businessman accused of funding X": the noun
                # the participle is on acts, not the clause around it
                return doc[cur]
        else:
            return None
        below = kids[cur]
        verb = pos[cur] in ("VERB", "AUX")
        lemma = ctx.lemma_case[cur]
        if verb and ctx.lemma[cur] in DESCRIBING_VERBS:
            described = _described_as(ctx, doc[cur], doc[came_from])
            if described is not None:
                return described
        if verb and deps[came_from] in ("xcomp", "prep", "agent") and lemma in OBJECT_CONTROL:
            # "X was accused by Y of spying": the passive subject is the one accused
            patient = [c for c in below if deps[c] == "nsubjpass"]
            if patient:
                return doc[patient[0]]
        if verb and deps[came_from] in ("xcomp", "prep") and lemma not in SUBJECT_CONTROL:
            # (an election acts on nobody's behalf: "sway Kenya's election in favour of X")
            objs = [doc[c] for c in below if deps[c] == "dobj" and c != came_from
                    and ctx.lemma[c] not in ELECTION_NOUNS]
            if objs and (resolve(ctx, objs[0], "source") or lemma in OBJECT_CONTROL):
                return objs[0]  # "accusing them of colluding": they collude, or nobody
        if verb:
            ag = by_agent(ctx, doc[cur])
            if ag is not None and deps[came_from] != "conj":
                return ag
            subj = [c for c in below if deps[c] in ("nsubj", "nsubjpass")]
            ag = [p for c in below if deps[c] == "agent" for p in kids[c] if deps[p] == "pobj"]
            if ag:
                return doc[ag[0]]
            if subj:
                # "The hacking group Copper Wren is believed to ...", read as two
                # subjects: the one that names someone
                s = next((c for c in subj if c in ctx.tok2m), subj[0])
                if ctx.lower[s] in REL_PRON and deps[cur] == "relcl":
                    return doc[up[cur]]
                return doc[s]
            if deps[cur] == "relcl":
                return doc[up[cur]]
        elif cur in ctx.tok2m and deps[came_from] in ("conj", "appos"):
            # a name is no event: "X and a spokesman for Y" has no actor in X, nor has
            # "X, Y and a spokesman" (a list the parser hung by apposition); but "X, a
            # group tied to Y": X is what the apposition says
            listed = listed or deps[came_from] == "conj"
            if not listed:
                return doc[cur]
        elif pos[cur] in ("NOUN", "PROPN") and ctx.lemma[cur] not in ELECTION_NOUNS:
            # (a state's election is the state's, not an act of it: "sway Kenya's election
            # in favour of X" is the swayer's favour)
            ag = noun_agent(ctx, doc[cur])
            if ag is not None:
                return ag
    return None


def _described_as(ctx: DocContext, verb: Any, came_from: Any) -> Any:
    """ "described X as tied to Y", "X was described as linked to Y": the predicate after
    "as" is said of the one described (the object, or the passive subject), not of who
    describes."""
    if ctx.lemma[verb.i] not in DESCRIBING_VERBS or not (
            ctx.lower[came_from.i] == "as" or any(
                ctx.dep[c] == "mark" and ctx.lower[c] == "as" for c in ctx.kids[came_from.i])):
        return None
    for c in ctx.kids[verb.i]:
        if ctx.dep[c] in ("dobj", "nsubjpass"):
            if ctx.lower[c] in REL_PRON and ctx.dep[verb.i] == "relcl":
                return verb.head  # "the firm, which X described as ...": the firm
            return ctx.doc[c]
    return None


#: verbs whose object is blamed "for" an act: the object did it (the subject says so)
_BLAMING_FOR = frozenset({"blame", "fault", "condemn", "punish", "sanction", "indict",
                          "charge", "arrest", "prosecute"})


def blamed_for(ctx: DocContext, i: int) -> tuple[Any, Any] | None:
    """(the one blamed, "for") of "Y blamed X for the attack", "X was blamed for the
    attack" and "Y blamed a group linked to Z for the attack" (the parser hanging "for"
    on the object's own clause): never the subject who blames."""
    dep, up = ctx.dep, ctx.head
    prep = up[i]
    if dep[i] != "pobj" or ctx.lower[prep] != "for" or up[prep] == prep:
        return None
    verb = up[prep]
    if dep[verb] in ("acl", "relcl") and dep[up[verb]] in ("dobj", "nsubjpass"):
        verb = up[up[verb]]
    if ctx.lemma[verb] not in _BLAMING_FOR or ctx.pos[verb] != "VERB":
        return None
    blamed = [c for c in ctx.kids[verb] if dep[c] in ("dobj", "nsubjpass")]
    return (ctx.doc[blamed[0]], ctx.doc[prep]) if blamed else None


def event_actor(ctx: DocContext, tok: Any) -> Any:
    """The token itself if it stands for an entity or a person; for an event noun ("a
    campaign that sought to ..."), who carries out the event."""
    if resolve(ctx, tok, "source") or ctx.pos[tok.i] != "NOUN":
        return tok
    lemma = ctx.lemma[tok.i]
    if lemma in HUMAN_NOUNS or lemma in ctx.lex.role_nouns or lemma in ctx.lex.titles:
        return tok  # ("charged a consultant with working for X": the consultant, unnamed)
    blamed = blamed_for(ctx, tok.i)
    if blamed is not None:
        return blamed[0]  # "Y blamed X for an attack that crippled Z": X's, named or not
    return noun_agent(ctx, tok) or controller(ctx, tok) or tok


@per_token
def noun_agent(ctx: DocContext, noun: Any) -> Any:
    """The actor of an event noun: possessor, "by X", "of X", "blamed on X"."""
    doc, dep, lower, kids = ctx.doc, ctx.dep, ctx.lower, ctx.kids  # read by index
    for c in kids[noun.i]:
        if dep[c] == "poss" and doc[c].ent_type_ not in ("DATE", "TIME"):
            return doc[c]  # (not "last week's attack": a time owns no act)
    # "the invasion of Ukraine by Russia": "by" names the actor before "of" does
    preps = [c for c in kids[noun.i] if dep[c] == "prep" and lower[c] in EVENT_AGENT_PREPS]
    if len(preps) > 1:
        preps.sort(key=lambda c: lower[c] != "by")  # (a stable sort, as sorted() is)
    for c in preps:
        for p in kids[c]:
            if dep[p] == "pobj" and resolve(ctx, doc[p], "source"):
                return doc[p]
    # "the indictment, brought by X,", "sanctions imposed by X": the agent (a "by" agent
    # makes a participle of the clause, whatever its tag)
    for _c, p in clause_agents(ctx, noun.i):
        if resolve(ctx, doc[p], "source"):
            return doc[p]
    up = ctx.head[noun.i]
    if dep[noun.i] == "nsubj" and ctx.lemma[up] == "be":
        # "the attack on X was the work of Y": whose work an act is carried it out
        for a in kids[up]:
            if dep[a] == "attr" and ctx.lemma[a] in _HANDIWORK:
                for c in kids[a]:
                    if dep[c] == "prep" and lower[c] == "of":
                        for p in kids[c]:
                            if dep[p] == "pobj":
                                return doc[p]
    carrier = noun.i  # "a wave of attacks on X was blamed on Y": the wave's subject
    if dep[carrier] == "pobj" and lower[ctx.head[carrier]] == "of" and \
            ctx.lemma[ctx.head[ctx.head[carrier]]] in EVENT_CONTAINERS:
        carrier = ctx.head[ctx.head[carrier]]
    if dep[carrier] == "nsubjpass" and ctx.lemma[ctx.head[carrier]] in ATTRIBUTING:
        on = _blamed_on(ctx, ctx.head[carrier])
        if on is not None:
            return on
    for c in kids[noun.i]:
        if dep[c] == "acl" and ctx.lemma_case[c] in ("blame", "attribute"):
            on = _blamed_on(ctx, c)
            if on is not None:
                return on
    for c in kids[noun.i]:  # "the Moscow effort", "a Russian campaign"
        if dep[c] in ("compound", "amod", "nmod") and (c in ctx.tok2m  # (a mention's key)
                                                      or state_of_modifier(ctx, doc[c])):
            return doc[c]
    return None


#: what an act is called as someone's doing ("the attack was the work of Y")
_HANDIWORK = frozenset({"work", "handiwork", "doing"})


def _blamed_on(ctx: DocContext, verb: int) -> Any:
    """The object of "on" or "to" after a verb that assigns an act ("blamed on X")."""
    for cc in ctx.kids[verb]:
        if ctx.dep[cc] == "prep" and ctx.lower[cc] in ("on", "to"):
            for p in ctx.kids[cc]:
                if ctx.dep[p] == "pobj":
                    return ctx.doc[p]
    return None


def clause_agents(ctx: DocContext, i: int) -> list[tuple[int, int]]:
    """(clause, agent) token indices of the "by" agents of the clauses on token ``i``
    ("the operation [run by X]", "the indictment, [brought by X],")."""
    dep, kids = ctx.dep, ctx.kids
    return [(c, p) for c in kids[i] if dep[c] == "acl" for a in kids[c] if dep[a] == "agent"
            for p in kids[a] if dep[p] == "pobj"]


def resolve_source(ctx: DocContext, s: Arg) -> list[tuple[EntKey, float]]:
    """Entities a source stands for: a token's (else the state of its demonym), or the
    state of a :class:`StateArg`."""
    if isinstance(s, StateArg):
        return [((STATE, s.name), 0.9)]
    res = resolve(ctx, s, "source")
    if not res:
        st = state_of_modifier(ctx, s)
        if st:
            res = [(st, 0.8)]
    return res


def _own_actor(ctx: DocContext, tok: Any) -> set[int]:
    """:func:`own_subject`, where a clause with no subject of its own has its controller:
    in "Wala accused Kanal Wisla of smearing him", him is not Kanal Wisla but can be Wala."""
    verb = tok.head if tok.dep_ in ("dobj", "dative") else (
        tok.head.head if tok.dep_ == "pobj" else None)
    if verb is not None and verb.pos_ == "VERB" and verb.dep_ in ("pcomp", "xcomp") and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        actor = controller(ctx, verb)
        if actor is not None:
            return {t.i for t in actor.subtree}
    return own_subject(tok)


def own_subject(tok: Any) -> set[int]:
    """Token indices of the subject of the pronoun's own clause (for object pronouns)."""
    if tok.dep_ not in ("dobj", "pobj", "dative"):
        return set()
    subj = clause_subject(tok)
    return {t.i for t in subj.subtree} if subj is not None else set()


def opens_subject(ctx: DocContext, tok: Any) -> bool:
    """Whether ``tok`` is the first word of its sentence and of the subject there."""
    sent = ctx.sents[ctx.sent_no[tok.i]]
    if tok.i != sent.start:
        return False
    cur = tok
    while ctx.dep[cur.i] in ("compound", "amod", "poss", "appos", "conj") and cur.head.i != cur.i:
        cur = cur.head
    return ctx.dep[cur.i] in ("nsubj", "nsubjpass")


def previous_subject(ctx: DocContext, tok: Any) -> list[EntKey]:
    """The organisations and states the main subject of the sentence before names."""
    n = ctx.sent_no[tok.i]
    if n == 0:
        return []
    root = ctx.sents[n - 1].root
    return [k for c in root.children if c.dep_ in ("nsubj", "nsubjpass")
            for k, _ in resolve(ctx, c, "source", 3) if k[0] in (ORG, STATE)]


def _object_group(ctx: DocContext, tok: Any) -> set[EntKey]:
    """The entities the object of a subject pronoun's verb stands for."""
    return {k for c in tok.head.children if c.dep_ == "dobj"
            for k, _f in resolve(ctx, c, "target", 3)}


def _person_subject_before(ctx: DocContext, tok: Any) -> list[EntKey]:
    n = ctx.sent_no[tok.i]
    if n == 0:
        return []
    unlike = "male" if tok.lower_ == "she" else "female"
    root = ctx.sents[n - 1].root
    # (and the subject of what was reported: "X worked for Y, prosecutors said. He ...")
    clauses = [root] + [c for c in root.children if c.dep_ == "ccomp"]
    subjects = [c for v in clauses for c in v.children if c.dep_ == "nsubj"]
    # ("The aide, Janis Ozols, worked ...": the name in apposition to the subject)
    subjects += [a for c in subjects if c.i not in ctx.tok2m for a in c.children
                 if a.dep_ == "appos" and a.i in ctx.tok2m]
    people = list(dict.fromkeys(k for c in subjects for k, _ in resolve(ctx, c, "source", 3)
                                if k[0] == PERSON))
    if len(people) == 1 and _gender(people[0][1]) != unlike:
        return people
    return []


def _plural_subject_before(ctx: DocContext, tok: Any) -> bool:
    n = ctx.sent_no[tok.i]
    return n > 0 and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("NNS", "NNPS")
                         for c in ctx.sents[n - 1].root.children)


def clause_subject(tok: Any) -> Any:
    cur = tok
    for _ in range(8):
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            for c in cur.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                    return c
        if cur.head.i == cur.i:
            return None
    return None


def conjuncts(ctx: DocContext, tok: Any) -> list[Any]:
    """``tok.conjuncts`` (the tokens coordinated with it, not itself), walked in the tables:
    ``Token.conjuncts`` builds a token for each step of its walk."""
    dep, head, kids = ctx.dep, ctx.head, ctx.kids
    # as spaCy does: up the "conj" arcs to the first conjunct, then down its "conj" arcs
    # to the right, breadth first
    start = tok.i
    while head[start] != start and dep[start] == "conj":
        start = head[start]
    found = [start]
    for w in found:
        found += [c for c in kids[w] if c > w and dep[c] == "conj"]
    return [ctx.doc[c] for c in found if c != tok.i]


