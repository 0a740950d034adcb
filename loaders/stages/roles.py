"""Roles: role nouns ("Kilimnik is a colleague of X", "served as chairman of X",
appositions) and titles before a name ("Russian President X", "Trump's lawyer X",
"his son X") give the schema's role relations (``titles``: leaders, affiliations,
associates, kin)."""

from __future__ import annotations

from typing import Any

from ..countries import STATE_TITLES
from .arguments import (
    appos_chain_top,
    conjuncts,
    controller,
    ent_of,
    holder_named_next,
    mention_after,
    nearest,
    opens_subject,
    org_called,
    previous_subject,
    pronoun,
    resolve,
    resolve_one,
    state_of_modifier,
)
from .candidates import add
from .context import ORG, PERSON, STATE, DocContext, EntKey, MentionDraft, span_text
from .lexicon import (
    APPOINTING,
    CONSENT_NOUNS,
    CONSENT_PREPS,
    DESCRIBING_VERBS,
    DIRECTIVE_PREPS,
    FUNCTIONS,
    HE,
    HONORIFICS,
    ORG_KINDS,
    ORG_NOUNS,
    ORG_PART_NOUNS,
    POSS_PRON,
    REL_PRON,
    SUBORDINATE,
    last_word,
)

#: the last words of the state titles (see :attr:`.lexicon.Lexicon.title_ends`)
_STATE_TITLE_ENDS = frozenset(last_word(t) for t in STATE_TITLES)


def role_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    """Role nouns: "Kilimnik is a colleague of X", "served as chairman of X", appositions
    ("X, a former speaker of Y,", "the President's son, X")."""
    lemma = ctx.lemma[tok.i]
    holders: list[Any] = []
    presupposed = False
    # (which case applies, from the tables: the token's arc, its head's and their words)
    i, dep, up, kids = tok.i, ctx.dep, ctx.head, ctx.kids
    arc = dep[i]
    predicate = _predicate_of_conj(tok) if arc == "conj" else None
    if arc == "attr" or predicate is not None:
        # "X is a senior official with Y and a former Russian lawmaker": each coordinated
        # predicate noun is a role of the subject
        copula = (predicate or tok).head
        holders = [c for c in copula.children if c.dep_ == "nsubj"]
        if copula.dep_ == "relcl":
            # "X, who is the chairman of Y,": the relative pronoun is X
            holders = [copula.head if h.lower_ in REL_PRON else h for h in holders]
        if not holders and copula.dep_ == "xcomp":
            # "X is believed to be the real boss of Y": the raised subject
            actor = controller(ctx, copula)
            holders = [actor] if actor is not None else []
        holders += [x for h in holders for x in h.conjuncts]  # "X and Y are allies of Z"
    elif arc == "oprd" and ctx.pos[up[i]] == "VERB":
        # "X was appointed chairman of Y", "X was named ambassador to Y" ("X, who was
        # appointed ...": the antecedent)
        verb = tok.head
        holders = [verb.head if c.lower_ in REL_PRON and verb.dep_ == "relcl" else c
                   for c in verb.children if c.dep_ == "nsubjpass"]
    elif arc == "pobj" and ctx.lower[up[i]] == "as" and ctx.pos[up[up[i]]] == "VERB":
        verb = tok.head.head
        # ("X was sworn in as chief executive of Y": the passive subject)
        holders = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.lemma_.lower() in APPOINTING or verb.lemma_.lower() in DESCRIBING_VERBS:
            # "Novak appointed Brandt as head of Y", "whom it described as an associate of
            # Z": the object holds the role (a relative pronoun, its antecedent)
            holders = [verb.head if c.lower_ in REL_PRON and verb.dep_ == "relcl" else c
                       for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] or holders
        if not holders and verb.dep_ == "relcl":
            holders = [verb.head]
        if not holders:  # "charged with conspiring to act as an agent of Y"
            actor = controller(ctx, verb)
            holders = [actor] if actor is not None else []
    elif arc == "appos" or (arc in ("conj", "npadvmod") and tok.left_edge.i > 0
                            and ctx.lower[tok.left_edge.i - 1] == ",") or (
            arc == "conj" and dep[up[i]] == "appos" and up[i] not in ctx.tok2m
            and (ctx.lemma[up[i]] in ctx.lex.role_nouns or ctx.lower[up[i]] in ctx.lex.titles)
            and ctx.tag[i] in ("NN", "NNP")
            and not any(dep[c] == "nummod" for c in kids[i])
            # "X, the chairman of Y, and his wife, Z": a role naming its own holder
            and not any(dep[c] == "appos" and c in ctx.tok2m for c in kids[i])):
        # "A, the chief justice, B, a former speaker of Y": the role belongs to the name
        # right before its comma, whatever the parser made of the list; "X, the president
        # of Y and a close ally of Z": a second role in the same apposition is X's too
        first = tok.head if tok.dep_ == "conj" and tok.head.dep_ == "appos" else tok
        before = _mention_before(ctx, first.left_edge.i - 1)
        verb = _fronted_phrase_verb(before) if before is not None else None
        if verb is not None:
            # "At the invitation of X, the President of Y, Z, paid a visit": the phrase
            # before the comma is an adverbial; the role is the subject's, named after it
            # and followed by the verb
            after = mention_after(ctx, tok)
            if after is not None and ctx.tok2m[after.i].type == PERSON and verb.i in (
                    after.i + 1, after.i + 2):
                before = after
        holders = [before] if before is not None else (
            [first.head] if first.dep_ == "appos" and first.head.i < first.i else [])
        if holders and tok.tag_ in ("NNS", "NNPS"):
            # "A and B, two officers of Y,": a plural role is every one listed
            holders += conjuncts(ctx, holders[0])
        presupposed = True
    if not holders and arc == "nsubj" and ctx.lemma_case[up[i]] == "be":
        # "Its director and sole shareholder is X", "Y's chairman is X": the predicate
        # names the holder
        holders = [ctx.doc[c] for c in kids[up[i]] if dep[c] == "attr" and c in ctx.tok2m
                   and ctx.tok2m[c].type == PERSON]
        # ("whose president is the mayor's elder sister, Marites Ocampo": the name the
        # predicate's description is in apposition with)
        holders += [ctx.doc[a] for c in kids[up[i]] if dep[c] == "attr" and c not in ctx.tok2m
                    for a in kids[c] if dep[a] == "appos" and a in ctx.tok2m
                    and ctx.tok2m[a].type == PERSON]
    if not holders:
        after = mention_after(ctx, tok)  # "the President's son, Duduzane Zuma"
        # ('"...," the company's chief executive told MPs. ... Ingrid Solberg said')
        after = after if after is not None else holder_named_next(ctx, tok)
        holders = [after] if after is not None else []
        presupposed = after is not None
        if after is not None and tok.tag_ in ("NNS", "NNPS"):
            # "his three companies — Rusal, EuroSibEnergo and EN+": every one listed
            holders += [t for t in ctx.doc[after.i + 1: tok.sent.end]
                        if t.i in ctx.tok2m and ctx.tok2m[t.i].end == t.i + 1
                        and ctx.tok2m[t.i].type == ctx.tok2m[after.i].type
                        and _same_list(after, t)]
    if not holders:
        return
    # (a role word alone has the types of its own title: "officer" is no leader because
    # "chief executive officer" is; read once a holder is found)
    rtypes = _phrase_types(ctx, tok) or ctx.lex.titles.get(lemma) or \
        ctx.lex.role_nouns.get(lemma) or ctx.lex.role_nouns.get(ctx.lower[tok.i]) or ()
    if tok.dep_ == "attr" and tok.tag_ in ("NNS", "NNPS") and _pairwise(ctx, tok, rtypes, sent):
        return
    anchors: list[Any] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "to", "at", "for", "with", "within", "inside"):
            if c.lower_ == "to" and lemma in ENVOYS:
                continue  # "Latvia's ambassador to Russia" serves Latvia, not Russia
            objs = [p for p in c.children if p.dep_ == "pobj"]
            anchors += objs
            # "the Minister of Foreign Affairs of the Czech Republic": the portfolio's "of"
            anchors += [pp for p in objs if p.i not in ctx.tok2m and p.pos_ in ("NOUN", "PROPN")
                        for cc in p.children if cc.dep_ == "prep" and cc.lower_ in ("of", "at")
                        for pp in cc.children if pp.dep_ == "pobj" and pp.i in ctx.tok2m]
        elif c.dep_ == "prep" and c.lower_ == "from":
            # "a lawmaker from the Korvex Party"; "a businessman from Russia" is only origin
            # ("from the Korvex party": the name before the kind it is)
            objs = [p for p in c.children if p.dep_ == "pobj"]
            objs += [k for p in objs if p.i not in ctx.tok2m and ctx.lemma[p.i] in ORG_KINDS
                     for k in p.children if k.dep_ == "compound"]
            anchors += [p for p in objs if p.i in ctx.tok2m and ctx.tok2m[p.i].type == ORG]
        elif c.dep_ == "poss":
            anchors.append(c)
        elif c.dep_ == "compound" and c.i in ctx.tok2m and ctx.tok2m[c.i].type in (ORG, STATE) \
                and c.i < tok.i and lemma not in ORG_NOUNS:
            anchors.append(c)  # "Tomas Brandt, the Korvex chief executive,"
        elif c.dep_ == "compound" and c.i < tok.i and (
                ctx.is_lower[c.i] or c.i == c.sent.start) and \
                ctx.lemma[c.i] in ORG_KINDS and org_called(ctx, ctx.lemma[c.i], c.i):
            anchors.append(c)  # "department director X", after "the State Security Department"
    rtypes = subordinate(ctx, rtypes, _pre_modifier(ctx, tok), lemma,
                         unit=heads_a_unit(ctx, tok) or _one_of_several(ctx, tok))
    # an apposition presupposes the role: "X, a former speaker of Y, was charged"
    trigger_tok = None if presupposed else tok
    for h in holders:
        for hk, hf in resolve_one(ctx, h, "source", 0):
            for a in anchors:
                for ak, af in _anchor(ctx, a, h):
                    src, tgt = hk, ak
                    if lemma in ORG_NOUNS and (_parent(tok) or not any(
                            ctx.schema.relations[r].allows(hk[0], ak[0]) for r in rtypes)):
                        # "his company, Korvex": he is with the company; "their parent
                        # company, EN+": they belong to it
                        src, tgt = ak, hk
                    if lemma in _PARTY_ROLES and tgt[0] != ORG:
                        continue  # "the Kremlin's preferred candidate": backed, not a member
                    for rtype in fitting(ctx, rtypes, src, tgt):
                        add(ctx, src, rtype, tgt, sent, trigger_tok, tok.text, hf * af)
    # demonym or state before the role: "the Ukrainian energy company, Burisma"
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod"):
            org = ctx.tok2m.get(c.i)
            if org is not None and org.type == ORG:
                # "a Belarusian intelligence officer": of "Belarusian intelligence"
                # (ANNOTATION), the demonym is that organisation's, not the role's
                continue
            s = state_of_modifier(ctx, c)
            if s:
                for h in holders:
                    for k, f in resolve_one(ctx, h, "source", 0):
                        for rtype in fitting(ctx, rtypes, k, s):
                            add(ctx, k, rtype, s, sent, trigger_tok, tok.text, 0.8 * f)

#: the last words of the state titles (see :meth:`.lexicon.Lexicon.title_ends`)
_STATE_TITLE_ENDS = frozenset(last_word(t) for t in STATE_TITLES)


def _fronted_phrase_verb(tok: Any) -> Any:
    """The verb of the clause if ``tok`` is inside a prepositional phrase before it and
    the parser left the clause without a subject ("At the invitation of X, ..., paid")."""
    cur = tok
    for _ in range(6):
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ == "prep" and head.pos_ in ("VERB", "AUX") and cur.i < head.i:
            bare = not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
            return head if bare else None
        cur = head
    return None


def _predicate_of_conj(tok: Any) -> Any:
    """The predicate noun (``attr``) a coordinated noun is the last conjunct of, if any."""
    if tok.dep_ != "conj":
        return None
    first = tok.head
    while first.dep_ == "conj":
        first = first.head
    if first.dep_ == "pobj" and first.head.dep_ == "prep" and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        # "a senior official with Rosneft and a former Russian lawmaker": the parser
        # coordinates the second role with the first one's object; an indefinite role
        # noun is no second object of "with"
        first = first.head.head
    return first if first.dep_ == "attr" and first.head.pos_ == "AUX" else None


def _possessed_person(ctx: DocContext, m: MentionDraft, window: list[int], sent: Any) -> None:
    """ "the Democratic Alliance's Natasha Mazzone", "Facebook's Nathaniel Gleicher": an
    organisation's person, with no title between, is affiliated with it (``window``: the
    token indices before the name)."""
    rule = ctx.schema.rules.affiliation
    if m.type != PERSON or rule is None or len(window) < 2:
        return
    last = ctx.doc[window[-1]]
    if last.tag_ != "POS":
        return
    owner = ctx.tok2m.get(window[-2])
    if owner is not None and owner.type == ORG and ctx.schema.relations[rule].allows(
            PERSON, ORG):
        add(ctx, m.key, rule, owner.key, sent, None, last.text, 0.8)


def _same_list(first: Any, other: Any) -> bool:
    """Two names in one enumeration: the other is a conjunct of the first, or hangs on
    it through appositions and conjunctions only."""
    if other in first.conjuncts:
        return True
    t = other
    for _ in range(6):
        if t.dep_ not in ("conj", "appos", "compound") or t.head.i == t.i:
            return False
        t = t.head
        if t == first:
            return True
    return False


def _parent(tok: Any) -> bool:
    """ "parent company", "holding company", "owner": the anchor belongs to the holder."""
    return any(c.lower_ in ("parent", "holding", "controlling") for c in tok.lefts)


def _pairwise(ctx: DocContext, tok: Any, rtypes: tuple[str, ...], sent: Any) -> bool:
    """ "X and Y are cousins", "X and Y are close allies": a plural role of a symmetric
    type, held by coordinated subjects, relates each pair of them."""
    symmetric = [r for r in rtypes if ctx.schema.relations[r].symmetric]
    if not symmetric or any(c.dep_ == "prep" for c in tok.children):
        return False  # "X and Y are allies of Z": of Z, not of each other
    ends = [k for s in tok.head.children if s.dep_ == "nsubj"
            for k, _ in resolve_one(ctx, s, "source", 0)]
    ends += [k for s in tok.head.children if s.dep_ == "nsubj"
             for c in s.conjuncts for k, _ in resolve_one(ctx, c, "source", 0)]
    ends = list(dict.fromkeys(ends))
    if len(ends) < 2:
        return False
    for a in range(len(ends)):
        for b in range(a + 1, len(ends)):
            for rtype in fitting(ctx, tuple(symmetric), ends[a], ends[b]):
                add(ctx, ends[a], rtype, ends[b], sent, tok, tok.text, 0.9)
    return True


def _phrase_types(ctx: DocContext, tok: Any) -> tuple[str, ...]:
    """The types of the longest title the role noun ends ("Prime Minister" leads, where
    "Minister" alone is an affiliation)."""
    i, dep, lower, kids = tok.i, ctx.dep, ctx.lower, ctx.kids  # read by index
    words = [lower[c] for c in kids[i] if c < i and dep[c] in ("compound", "amod")]
    # the plural by its singular: "two chief executives"
    words.append(lower[i] if lower[i] in ctx.lex.titles or ctx.tag[i] not in ("NNS", "NNPS")
                 else ctx.lemma[i])
    # "chief of staff": a title that goes on past the noun, through "of" and one noun
    tails = [f"of {lower[p]}" for c in kids[i] if dep[c] == "prep" and lower[c] == "of"
             for p in kids[c] if dep[p] == "pobj" and ctx.pos[p] == "NOUN"]
    # "editor-in-chief", "commander-in-chief": the title's hyphenated tail after the word
    if span_text(ctx, i, min(i + 5, len(lower))).lower().startswith(f"{lower[i]}-in-chief"):
        tails.append("-in-chief")
    for n in range(len(words)):
        phrase = " ".join(words[n:])
        for tail in tails:
            if tail.startswith("-") and f"{phrase}{tail}" in ctx.lex.titles:
                return ctx.lex.titles[f"{phrase}{tail}"]
            if f"{phrase} {tail}" in ctx.lex.titles:
                return ctx.lex.titles[f"{phrase} {tail}"]
        if phrase in ctx.lex.titles:
            return ctx.lex.titles[phrase]
    return ()


def _anchor(ctx: DocContext, a: Any, holder: Any) -> list[tuple[EntKey, float]]:
    """Who a role is held of; a possessive pronoun never names the holder ("X, her son")."""
    if a.lower_ == "whose":
        # "Kelet Media, a firm whose owner, X, ...": the noun the relative clause is on
        clause = a.head.head
        if clause.dep_ == "relcl" and clause.head.i != clause.i:
            return resolve(ctx, clause.head, "target")
        if a.i > 0 and ctx.pos[a.i - 1] in ("NOUN", "PROPN"):
            # the parser left the clause unattached: "whose" is of the noun right before
            return resolve(ctx, ctx.doc[a.i - 1], "target")
    if a.lower_ in POSS_PRON and a.head.dep_ == "appos" and \
            appos_chain_top(ctx, a.head.i) is not None:
        # "X, his wife Y and their company Z": the list's people (see ``pronoun``)
        return [(k, 0.75) for k in pronoun(ctx, a)]
    if a.lower_ in ("its", "their") and opens_subject(ctx, a):
        prev = previous_subject(ctx, a)  # "Its General Secretary, X, alleged" (pronoun)
        if prev:
            return [(k, 0.75) for k in prev]
    if a.lower_ in POSS_PRON:
        held = ctx.tok2m.get(holder.i)
        skip = set(range(held.start, held.end)) if held else {holder.i}
        k = nearest(ctx, a, {PERSON} if a.lower_ in HE else {STATE, ORG}, skip)
        return [(k, 0.75)] if k else []
    res = resolve(ctx, a, "target")
    if not res:
        s = state_of_modifier(ctx, a)
        res = [(s, 0.8)] if s else []
    if not res and a.dep_ == "compound" and ctx.is_lower[a.i] and ctx.lemma[a.i] in ORG_KINDS:
        k = org_called(ctx, ctx.lemma[a.i], a.i)
        res = [(k, 0.8)] if k else []
    if not res and a.pos_ == "NOUN":
        # "an adviser to the Polish president": the office's state
        for c in a.children:
            s = state_of_modifier(ctx, c) if c.dep_ in ("amod", "compound", "poss") else None
            if s:
                return [(s, 0.8)]
    return res


def _mention_before(ctx: DocContext, comma: int) -> Any:
    """The last token of the mention that ends right before the comma at ``comma``."""
    if comma < 1 or ctx.doc[comma].text != ",":
        return None
    if comma > 2 and ctx.pos[comma - 1] == "NUM" and ctx.lower[comma - 2] == ",":
        comma -= 2  # "Kevin Marsh, 61, a former sales manager": past the age
    m = ctx.tok2m.get(comma - 1)
    if m is None or m.end != comma:
        return None
    last = ctx.doc[m.end - 1]
    if last.dep_ == "pobj" and last.head.dep_ == "prep" and last.head.lower_ in _HOLDER_PREPS:
        # "X from PMDB, the current president of Y": X holds it, wherever "from" hangs
        if last.head.head.i in ctx.tok2m:
            return last.head.head
        before = ctx.tok2m.get(last.head.i - 1)
        if before is not None and before.end == last.head.i and before.type == PERSON:
            return ctx.doc[before.end - 1]
    return last


#: roles a party gives, that a state or a person only backs ("the candidate of X")
_PARTY_ROLES = frozenset({"candidate", "nominee"})
#: roles held for a sender at a receiver: the receiver after "to" is not whom they serve
ENVOYS = {"ambassador", "envoy", "emissary", "consul", "representative", "delegate",
          "attache", "attaché", "chargé", "charge"}
#: "X from PMDB", "X of the PMDB": the person, not the party, is described after the comma
_HOLDER_PREPS = {"from", "of", "at", "with"}


def directive_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    """ "Y acted at the direction of X", "Y hacked the servers on the orders of X", "on X's
    orders", "under instructions from X": X -[directive]-> Y, the subject of the clause the
    phrase modifies (``AUTHORIZED`` in the packaged schema)."""
    rule = ctx.schema.rules.directive
    consent = ctx.lower[tok.i] in CONSENT_NOUNS
    if rule is None or tok.dep_ != "pobj" or tok.head.lower_ not in (
            CONSENT_PREPS if consent else DIRECTIVE_PREPS):
        return
    verb = tok.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return
    trigger: Any = tok
    if tok.head.lower_ == "without" and any(c.dep_ == "neg" for c in verb.children):
        trigger = None  # "would not act without the approval of X": two denials, X approves
    givers = [c for c in tok.children if c.dep_ == "poss"]
    givers += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
               for p in c.children if p.dep_ == "pobj"]
    actor = controller(ctx, verb) if not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) else next(
        c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    if actor is None or not givers:
        return
    for gk, gf in (k for g in givers for k in resolve_one(ctx, g, "source", 0)):
        for ak, af in resolve_one(ctx, actor, "target", 0):
            add(ctx, gk, rule, ak, sent, trigger, tok.text, gf * af)


def _of_after(ctx: DocContext, m: MentionDraft, sent: Any) -> EntKey | None:
    """The state or organisation in "of Y" right after a titled name ("President X of Y")."""
    doc = ctx.doc
    k = m.end
    if k >= sent.end - 1 or doc[k].lower_ != "of":
        return None
    other = _named_after_of(ctx, m.end + 1, sent)
    if other is None or other.type not in (STATE, ORG):
        return None
    return other.key


def _named_after_of(ctx: DocContext, k: int, sent: Any) -> MentionDraft | None:
    """The mention that starts a phrase at token ``k``, past its article and up to two
    lowercase words ("of the opposition Nande Roga Movement"); the possessed one if it is
    possessed ("of the Justice Department's National Security Division")."""
    if k < sent.end and ctx.lower[k] == "the":
        k += 1
    for _ in range(2):
        if k < sent.end and k not in ctx.tok2m and ctx.is_lower[k] and ctx.pos[k] in (
                "ADJ", "NOUN"):
            k += 1
    found = ctx.tok2m.get(k)
    if found is None or found.start != k:
        return None
    if found.end + 1 < sent.end and ctx.tag[found.end] == "POS":
        owned = ctx.tok2m.get(found.end + 1)
        # "of the party's youth wing": the wing, which is no entity; a named unit is
        return owned if owned is not None and owned.start == found.end + 1 and \
            owned.type == ORG else None
    return found


def from_affiliation(ctx: DocContext, m: MentionDraft, sent: Any) -> None:
    """ "Renan Calheiros from PMDB", "Ilse Novak of Reuters": a person named with an
    organisation by "from"/"of" right after the name belongs to it (a state or place after
    "from" is where someone comes from, which the schema does not record)."""
    rule = ctx.schema.rules.affiliation
    doc = ctx.doc
    if rule is None or m.type != PERSON or m.end >= sent.end - 1:
        return
    # the words and arcs from the tables; the token of the preposition only for its text
    if ctx.lower[m.end] not in ("from", "of") or ctx.dep[m.end] != "prep":
        return
    prep = doc[m.end]
    org = _named_after_of(ctx, m.end + 1, sent)
    if org is None or org.type != ORG:
        return
    if any(f.source == m.key and f.target == org.key and f.sent.start == sent.start
           for f in ctx.found):
        return  # "Chairman X of Y": the title already says how X belongs to Y
    add(ctx, m.key, rule, org.key, sent, None, prep.text, 0.8)


#: what a state does to a body it owns ("state-owned", "state-run", "state-backed")
_STATE_HELD = frozenset({"owned", "run", "controlled", "backed", "funded", "operated"})


def state_held(ctx: DocContext, m: MentionDraft, sent: Any) -> None:
    """ "Iran's state-run news agency IRNA", "Russian state-owned energy giant Gazprom": an
    organisation its state owns or runs is affiliated with that state (an explicit link,
    unlike a bare demonym)."""
    rule = ctx.schema.rules.affiliation
    if rule is None or m.type != ORG or m.start < 3:
        return
    kind = m.start - 1  # the lowercase kind the name follows
    if not (ctx.is_lower[kind] and ctx.pos[kind] == "NOUN" and ctx.lemma[kind] in ORG_KINDS):
        return
    lows = ctx.lower
    held = [c for c in ctx.kids[kind] if ctx.dep[c] == "amod" and lows[c] in _STATE_HELD
            and c >= 2 and lows[c - 1] == "-" and lows[c - 2] == "state"]
    if not held:
        return
    state = None
    for c in ctx.kids[kind]:
        if ctx.dep[c] in ("amod", "poss", "compound", "nmod") and c < held[0] - 2:
            state = state_of_modifier(ctx, ctx.doc[c]) or (
                ctx.tok2m[c].key if c in ctx.tok2m and ctx.tok2m[c].type == STATE else None)
            if state is not None:
                break
    if state is not None and state[0] == STATE:
        add(ctx, m.key, rule, state, sent, None, ctx.doc[held[0]].text, 0.9)


def heads_a_unit(ctx: DocContext, tok: Any) -> bool:
    """ "head of security policy": a leader word over a unit that is no entity."""
    # (right after the word: not "accuse X's chairman, Y, of any wrongdoing"; read from
    # the tables)
    of = tok.i + 1
    if of < len(ctx.dep) and ctx.head[of] == tok.i and ctx.dep[of] == "prep" and \
            ctx.lower[of] == "of":
        return any(ctx.dep[p] == "pobj" and (not resolve(ctx, ctx.doc[p], "target") or (
            # "chairman of the Assembly's roads committee": a unit of the possessor's
            p not in ctx.tok2m and ctx.is_lower[p] and ctx.lemma[p] in _UNITS
            and any(ctx.dep[c] == "poss" for c in ctx.kids[p]))) for p in ctx.kids[of])
    return False


#: parts of an organisation a leader's title may head ("chair of the party's youth wing")
_UNITS = frozenset(ORG_PART_NOUNS | {"committee", "wing", "department", "section", "team",
                                     "faction", "caucus", "directorate", "desk", "cell",
                                     "office", "bureau", "subcommittee", "panel"})


def _pre_modifier(ctx: DocContext, tok: Any) -> str:
    """The word right before the title a role noun ends, inside its phrase ("deputy" in
    "deputy head" and in "deputy prime minister")."""
    i, lower = tok.i, ctx.lower  # (the left children, read from the tables)
    if i > 1 and lower[i - 1] == "-" and ctx.char_end[i - 2] == ctx.char_start[i - 1] \
            and ctx.char_end[i - 1] == ctx.char_start[i]:
        return lower[i - 2]  # "vice-president", cut by the tokenizer into three
    left = [c for c in ctx.kids[i] if c < i and ctx.dep[c] in ("amod", "compound", "nmod")]
    phrase = lower[i]
    while left and f"{lower[left[-1]]} {phrase}" in ctx.lex.titles:
        phrase = f"{lower[left.pop()]} {phrase}"  # "prime" is part of "prime minister"
    return lower[left[-1]] if left else ""


def _one_of_several(ctx: DocContext, tok: Any) -> bool:
    """ "She was a director of Riverline", "a leader of the party": an indefinite leader's
    title is one seat among several, an affiliation."""
    kids = ctx.kids[tok.i]
    return ctx.lemma[tok.i] in _SEATS and any(
        ctx.dep[c] == "det" and ctx.lower[c] in ("a", "an") for c in kids) and not any(
        ctx.lower[c] in ("former", "ex", "then", "late") for c in kids)


#: leader's titles that several hold at once ("a director of X", "a leader of Y"); "a
#: former speaker of Z" was its one speaker
_SEATS = frozenset({"director", "leader"})


def subordinate(ctx: DocContext, rtypes: tuple[str, ...], before: str, phrase: str,
                unit: bool = False) -> tuple[str, ...]:
    """ANNOTATION.md: vice-, deputy and assistant roles are not leadership, nor is heading a
    unit of an organisation ("Facebook's head of cyber security policy"): the leader rule's
    type becomes the schema's ``affiliation``."""
    rules = ctx.schema.rules
    if rules.leader is None or rules.leader not in rtypes:
        return rtypes
    first = phrase.split()[0].split("-")[0] if phrase else ""
    # "its logistics director X": a function of the organisation before the title heads
    # that function, not the organisation (but "party leader", "department director")
    if unit or before in FUNCTIONS or before in SUBORDINATE or first in SUBORDINATE:
        return tuple(dict.fromkeys(rules.affiliation if r == rules.leader else r
                                   for r in rtypes))
    return rtypes


def fitting(ctx: DocContext, rtypes: tuple[str, ...], holder: EntKey,
            anchor: EntKey) -> tuple[str, ...]:
    """A role word can name several relations ("lawyer" of a person is an associate, of a
    firm an affiliation): the anchor's type picks the ones the schema allows (the first,
    for the type-mismatch problem, when none does)."""
    fit = tuple(r for r in rtypes if ctx.schema.relations[r].allows(holder[0], anchor[0]))
    rule = ctx.schema.rules.affiliation
    if not fit and rule and holder[0] == PERSON and anchor[0] in (ORG, STATE) and \
            ctx.schema.relations[rule].allows(holder[0], anchor[0]):
        # "a partner at the firm X", "an aide at the ministry": a person's role held at an
        # organisation is an affiliation with it
        return (rule,)
    return fit or rtypes[:1]


def _ends_window(word: str) -> bool:
    """Whether the window of words before a name stops at this one (a line break, a
    comma)."""
    return word.isspace() or word in (",", "\n")


def _may_end_title(ctx: DocContext, word: str) -> bool:
    """Whether a title (or a state title) can end on this word: its last word ends one."""
    end_word = last_word(word)
    return end_word in ctx.lex.title_ends or end_word in _STATE_TITLE_ENDS


def _title_goes_past(ctx: DocContext, i: int) -> bool:
    """Whether the titles before a name are looked for past token ``i`` when none ends on
    it: an honorific, an adjective or a noun ("Latvian Finance Minister X")."""
    return ctx.lower[i] in HONORIFICS or ctx.pos[i] in ("ADJ", "NOUN")


def title_relations(ctx: DocContext, m: MentionDraft, sent: Any) -> None:
    """Titles before a name: "Russian President X", "Trump's lawyer X", "his son X"."""
    if m.type not in (PERSON, ORG):
        return
    inside = [j for j in m.title_toks if j >= m.start]
    nearest = m.start - 1
    if not inside and (nearest < sent.start or _ends_window(ctx.lower[nearest]) or (
            ctx.lower[nearest] != ")" and not _may_end_title(ctx, ctx.lower[nearest])
            and not _title_goes_past(ctx, nearest) and ctx.tag[nearest] != "POS")):
        # nothing before the name in its phrase; or the word right before it ends no
        # title and stops the walk below at once ("said X", "by X"), and is no
        # possessive for "X's Y": the window is not read
        return
    # a title naming a state's office ("POTUS") that the schema lists under no type
    state_title = (ctx.schema.rules.state_title,) if ctx.schema.rules.state_title else ()
    doc = ctx.doc
    # the window is read by index, its tokens built once it is known
    i = nearest
    before: list[int] = []
    # (the lowercase form of each word serves: these tests do not see case)
    while i >= sent.start and len(before) < 8:
        text = ctx.lower[i]
        if _ends_window(text):
            break
        if text == ")" and i - 2 >= sent.start and ctx.lower[i - 2] == "(":
            i -= 3  # "Anti-Corruption Commission (MACC) head X": past the acronym
            continue
        before.append(i)
        i -= 1
    # (the window was walked right to left, each token once: reversed, it is in order)
    at = sorted({*before, *inside}) if inside else before[::-1]
    if not at:
        return
    words = [ctx.lower[j] for j in at]
    n = len(words)
    # longest title phrase ending nearest the name
    found: list[tuple[int, int, tuple[str, ...]]] = []
    j = n
    while j > 0:
        hit = None
        # (no title ends in a word no title ends in: the phrases are joined only for one)
        sizes = range(min(ctx.lex.max_title_len, j), 0, -1) if _may_end_title(
            ctx, words[j - 1]) else ()
        for size in sizes:
            phrase = " ".join(words[j - size:j]).replace(" - ", "-")
            if phrase in ctx.lex.titles or phrase in STATE_TITLES:
                hit = (j - size, j, ctx.lex.titles.get(phrase) or state_title)
                break
        if hit:
            found.append(hit)
            j = hit[0]
        elif _title_goes_past(ctx, at[j - 1]):
            j -= 1
        else:
            break
    if not found:
        _possessed_person(ctx, m, at, sent)
        return
    me = m.key
    for a, _b, rtypes in found:
        phrase = " ".join(words[a:_b]).replace(" - ", "-")
        rtypes = subordinate(ctx, rtypes, words[a - 1] if a > 0 else "", phrase)
        anchor: list[tuple[EntKey, float]] = []
        if phrase in STATE_TITLES:
            anchor = [((STATE, STATE_TITLES[phrase]), 0.9)]
        else:
            # the tokens built one by one, nearest first: the walk mostly stops at once
            for t in (doc[j] for j in reversed(at[:a])):
                k = ent_of(ctx, t)
                if k and k != me:
                    anchor = [(k, 1.0)]
                    break
                s = state_of_modifier(ctx, t) if t.pos_ in ("ADJ", "PROPN") else None
                if s is None and t.i > 0 and t.pos_ in ("ADJ", "PROPN"):
                    # "South Korean President X": a demonym of two words
                    name = ctx.gaz.demonym(span_text(ctx, t.i - 1, t.i + 1))
                    s = (STATE, name) if name else None
                if s is None and t.ent_type_ == "NORP":
                    name = ctx.gaz.demonym(t.text)
                    s = (STATE, name) if name else None
                if s:
                    anchor = [(s, 0.9)]
                    break
                if t.lower_ in POSS_PRON or t.lower_ == "whose":
                    anchor = [(k, 0.75) for k in pronoun(ctx, t)]
                    break
                if t.tag_ == "POS" or t.lower_ in HONORIFICS or t.pos_ == "ADJ":
                    continue
                if t.lower_ in ctx.lex.titles or t.lower_ in ctx.lex.role_nouns:
                    continue
                called = org_called(ctx, t.lemma_.lower(), t.i) if (
                    t.is_lower and t.pos_ == "NOUN" and t.lemma_.lower() in ORG_KINDS) else None
                if called:
                    # "department director X", after "the State Security Department"
                    anchor = [(called, 0.8)]
                    break
                body = _portfolio_body(ctx, t) if t.pos_ == "PROPN" else None
                if body is not None:
                    # "Deputy Treasury Secretary X", with "the Treasury Department" named
                    anchor = [(body, 0.8)]
                    break
                if t.pos_ in ("NOUN", "PROPN") or t.text == "-":
                    continue  # "Latvian Finance Minister X": the portfolio, then the state
                break
        if not anchor:
            after = _of_after(ctx, m, sent)  # "Vice President Ilse Novak of Latvia"
            anchor = [(after, 0.9)] if after is not None else []
        # a title is presupposed: "Russian President X likely approved" hedges the
        # approval, not the presidency (no trigger token: the modality stage asserts it)
        for k, f in anchor:
            src, tgt = me, k
            if me[0] == ORG and k[0] == PERSON and last_word(phrase) in ORG_NOUNS:
                src, tgt = k, me  # "their company Arkhon Trade": they are with the company
            for rtype in fitting(ctx, rtypes, src, tgt):
                add(ctx, src, rtype, tgt, sent, None, phrase, 0.9 * f)


#: the heads of the names of a government's departments
_DEPARTMENT_HEADS = frozenset({"department", "ministry", "office"})


def _portfolio_body(ctx: DocContext, t: Any) -> EntKey | None:
    """The department a portfolio word in a title names, if the text names it too:
    "Treasury" in "Deputy Treasury Secretary X", after "the Treasury Department"."""
    for m in ctx.mentions:
        if m.type != ORG:
            continue
        words = m.text.split()
        if m.text == t.text or (len(words) == 2 and words[0] == t.text
                                and words[1].lower() in _DEPARTMENT_HEADS):
            return m.key
    return None


#: "his Chilean counterpart": the one who holds, for another state, the title of the one
#: named before
COUNTERPARTS = frozenset({"counterpart", "counterparts"})


def counterpart_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    """ "Argentine President X and his Chilean counterpart, Y": Y holds X's title for the
    state the counterpart's demonym names (or its "from" / "of" phrase)."""
    kids = ctx.kids[tok.i]
    owners = [k for c in kids if ctx.dep[c] == "poss"
              for k, _ in resolve_one(ctx, ctx.doc[c], "source", 0) if k[0] == PERSON]
    if not owners:
        return
    states = [s for c in kids if ctx.dep[c] in ("amod", "compound", "nmod")
              for s in (state_of_modifier(ctx, ctx.doc[c]),) if s and s[0] == STATE]
    states += [k for c in kids if ctx.dep[c] == "prep" and ctx.lower[c] in ("from", "of")
               for p in ctx.kids[c] if ctx.dep[p] == "pobj"
               for k in (ent_of(ctx, ctx.doc[p]),) if k and k[0] == STATE]
    # "..., Y" after it; "Y, his counterpart"; "his counterpart Y" (the name's compound)
    named = [ctx.doc[c] for c in kids if ctx.dep[c] == "appos" and c in ctx.tok2m]
    holder = (named[0] if named else mention_after(ctx, tok)) or (
        tok.head if ctx.dep[tok.i] in ("appos", "compound") else None)
    if not states or holder is None:
        return
    held = [k for k, _ in resolve_one(ctx, holder, "source", 0) if k[0] == PERSON]
    # the owner's title: the last one the text gave the owner before the counterpart
    # (of the titles at one name, the longest that is one: "Secretary of State", not "State")
    titles = sorted((start, len(title), title) for title, named in ctx.titled.items()
                    for start, key in named if key == owners[0] and start < tok.i
                    and (ctx.lex.titles.get(title) or ctx.lex.role_nouns.get(title)))
    if not titles or not held:
        return
    title = titles[-1][2]
    rtypes = ctx.lex.titles.get(title) or ctx.lex.role_nouns.get(title) or ()
    for hk in held:
        for s in states:
            for rtype in fitting(ctx, rtypes, hk, s) if rtypes else ():
                add(ctx, hk, rtype, s, sent, None, tok.text, 0.8)
