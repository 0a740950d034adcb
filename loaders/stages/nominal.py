"""Nominal triggers: the schema's ``nouns`` ("talks between", "campaign against").

The actor is the noun's possessor, "by" / "of" phrase or demonym, else whoever acts up the
control chain; targets are the noun's prepositional objects ("in favour of X": the noun
inside the phrase).
"""

from __future__ import annotations

from typing import Any

from .arguments import blamed_for, controller, noun_agent, repeated_preps, resolve_one
from .candidates import add, emit, types_for
from .context import DocContext, StateArg
from .elections import election_and_favour
from .lexicon import (
    ACTING_VERBS,
    ACTOR_ADJECTIVES,
    ATTRIBUTING,
    CLAIM_NOUNS,
    DENY,
    EVENT_CONTAINERS,
    HITTING_WITH,
    JUDGING,
    NAMING_VERBS,
    OBJ_PREPS,
    OBSERVING_VERBS,
    ORG_PART_NOUNS,
    PERPETRATOR_NOUNS,
    PREPS,
    RECEIVING,
    REL_PRON,
    TELLING_VERBS,
)
from .roles import heads_a_unit


def noun_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    # the word and its head read from the tables: most nouns stop at the first tests
    i, lemmas, dep = tok.i, ctx.lemma, ctx.dep
    cands = types_for(ctx, tok, ctx.lex.nouns, lemmas[i]) or types_for(
        ctx, tok, ctx.lex.nouns, ctx.lower[i])
    if not cands:
        return
    if dep[i] == "compound" and lemmas[ctx.head[i]] in ctx.lex.nouns:
        return  # "influence operation": the head noun carries it
    if dep[i] == "appos" and ctx.head[i] in ctx.tok2m and lemmas[i] in ctx.lex.role_nouns \
            and any(dep[c] == "prep" and ctx.lower[c] in _ROLE_PREPS for c in ctx.kids[i]):
        # "..., and Kevin Marsh, 61, a sales manager at Y": the role rules give the
        # apposition to its own name, not to the whole list the name ends
        return
    if cands[0][0] == ctx.schema.rules.leader and heads_a_unit(ctx, tok):
        return  # "head of threat intelligence at X": a unit's head; the role rules say so
    if lemmas[i] == "behalf":
        _on_behalf(ctx, tok, sent, cands[0][0])
        return
    if ctx.schema.relations[cands[0][0]].symmetric and _between(ctx, tok, cands[0][0], sent):
        return
    attributed = _attributed_to(ctx, tok)
    if attributed is not None:
        # "Estonia blamed the attack on X", "the hack was attributed to X": X did it; the
        # target is only what the noun itself names ("the attack on Tallinn's banks")
        agent, attributing = attributed
        # (the noun's own phrase may hang on the verb: "attributed the intrusion into X's
        # network to Y")
        sites = [tok] + ([tok.head] if ctx.dep[tok.i] == "dobj" else [])
        for rtype, _rest in cands:
            targets = [p for site in sites for c in site.children if c.dep_ == "prep"
                       and c.lower_ in PREPS and c.i != attributing.i
                       and (site is tok or c.lower_ in ("into", "against"))
                       for p in c.children if p.dep_ == "pobj"]
            emit(ctx, [agent], targets, rtype, tok, sent)
        return
    if dep[i] == "pobj" and ctx.lower[ctx.head[i]] == "with" and \
            lemmas[ctx.head[ctx.head[i]]] in HITTING_WITH:
        # "X and Y were hit with sanctions by Z", "Z slapped sanctions on ...": whom the
        # verb hits is the target, its agent or subject the source
        verb = ctx.doc[ctx.head[ctx.head[i]]]
        hit = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
        by = [p for site in (verb, tok) for c in site.children
              if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
              for p in c.children if p.dep_ == "pobj"] or [
            c for c in verb.children if c.dep_ == "nsubj"]
        for rtype, _rest in cands:
            emit(ctx, by, hit, rtype, tok, sent)
        return
    if dep[i] == "dobj" and lemmas[ctx.head[i]] in RECEIVING:
        # "X received support from Y", "X could face sanctions from Y": the subject of
        # the receiving verb is the target; the giver, if named, is after "from"
        givers = [p for site in (tok, tok.head) for c in site.children
                  if c.dep_ == "prep" and c.lower_ in ("from", "by")
                  for p in c.children if p.dep_ == "pobj"]
        takers = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for rtype, _rest in cands:
            emit(ctx, givers, takers, rtype, tok, sent)
        return
    agent = noun_agent(ctx, tok)
    if agent is None and lemmas[i] in CLAIM_NOUNS and dep[i] == "dobj" and \
            lemmas[ctx.head[i]] in _ANSWERING:
        # "China dismissed the allegations that ...", "called the accusations baseless":
        # who answers a claim did not make it, and nothing here says who did
        return
    # (a role someone else holds has no carrying verb: "X sent an envoy to Y")
    held = agent is None and _role_held_by_another(ctx, tok)
    supports = [] if held else _support_clauses(ctx, tok)
    support = supports[0] if supports else None
    if agent is None:
        # "the attack, which knocked out Y, was carried out by X": the first verb that
        # names an agent is the one that carries the event
        for verb in supports:
            agent = _support_agent(verb)
            if agent is not None:
                support = verb
                break
    if agent is None and not held:
        stacked = _stacked_clause(ctx, tok) or _apposed_clause(ctx, tok)
        if stacked is not None:
            agent, support = stacked
    if agent is None and not held and not _observed(ctx, i) and not _struck_by(ctx, i):
        agent = controller(ctx, tok)
    if agent is None:
        _unclaimed_act(ctx, tok, cands, sent)
        return
    # (the noun's and the agent's arcs from the tables; tokens only for the targets)
    doc, lower, up, kids = ctx.doc, ctx.lower, ctx.head, ctx.kids
    for rtype, rest in cands:
        preps = {w for w in rest if w in PREPS} or _TARGET_PREPS
        if agent is not None and not isinstance(agent, StateArg) and (
                (lower[up[agent.i]] == "by" and up[up[agent.i]] == i)
                or (dep[agent.i] == "poss" and up[agent.i] == i)):
            # "the invasion of Ukraine by Russia", "Novak's pardon of Brandt": with the
            # actor named otherwise, "of" names the patient
            preps = preps | {"of"}
        targets = []
        for c in kids[i]:
            if dep[c] == "prep" and lower[c] in preps:
                prep = doc[c]
                # not "with X saying ...": an absolute clause, not a participant
                targets += [doc[p] for p in kids[c] if dep[p] == "pobj" and not (
                    lower[c] == "with" and _absolute(doc[p]))] or _dangling_object(ctx, prep)
                targets += [doc[p] for r in repeated_preps(ctx, prep) for p in kids[r]
                            if dep[p] == "pobj"]
        if not targets and support is not None:
            # "the clemency X granted Y", "the intrusion X launched against Y"
            targets = _support_targets(support, preps)
        for verb in supports:
            if targets:
                break
            if verb is not support and ctx.dep[verb.i] in ("relcl", "acl") and \
                    ctx.lemma[verb.i] in ctx.lex.verbs:
                # "an attack that crippled systems at X was carried out by Y": the act's
                # own relative clause names whom it struck
                targets = _support_targets(verb, set(preps) | {"at"})
        if not targets and dep[i] == "pobj" and lower[up[i]] == "under" and \
                not ctx.schema.relations[rtype].symmetric:
            # "X has been under US sanctions since 2018", "X, who is under EU sanctions"
            targets = [doc[c] for c in kids[up[up[i]]] if dep[c] in ("nsubj", "nsubjpass")]
        if not targets and _struck_by(ctx, i) and not ctx.schema.relations[rtype].symmetric:
            # "X was crippled by attacks from Y", "X was hit by sanctions from Y"
            targets = _struck(ctx, i)
        if not targets and dep[i] == "nsubj" and lemmas[up[i]] in _AIMING:
            # "New sanctions by Canada target X": what the event is aimed at
            targets = [t for c in kids[up[i]] if dep[c] == "dobj"
                       for t in (doc[c], *doc[c].conjuncts)]
        if rest and rest[0] in PREPS and lower[up[i]] == rest[0]:
            # "in favour of X": the noun is inside the prepositional phrase
            agent = controller(ctx, tok.head) or agent
        emit(ctx, [agent], targets, rtype, tok, sent)
        election_and_favour(ctx, tok, [agent], rtype, sent)
        if targets:
            break


#: the prepositions the role rules read a role's organisation or state from
_ROLE_PREPS = frozenset({"of", "to", "at", "for", "with", "from"})
#: verbs that say what an event is aimed at ("the sanctions target X", "the attack hit Y")
_AIMING = frozenset({"target", "hit", "cover", "name", "list", "affect", "strike", "single"})
#: prepositions that only say what is talked of ("spoke about the sanctions on X")
_TOPIC_PREPS = frozenset({"about", "regarding", "concerning", "over"})
#: prepositions that say what is talked of after a verb of telling ("warned of attacks")
_TOLD_PREPS = frozenset({"of", "on", "into", "against", "for"})
#: prepositions of time, cause and source: the event is the clause's setting ("after the
#: attack on X, Y expelled ...", "profited from the sanctions on X"), not its act
_SETTING_PREPS = frozenset({"after", "following", "since", "before", "despite", "amid",
                            "amidst", "from", "because", "like", "unlike", "ahead", "until",
                            "till", "pending", "notwithstanding"})
#: verbs whose passive subject takes part in the event in its "in" phrase
_TAKING_PART = frozenset({"involve", "implicate", "engage", "embroil", "entangle"})


def _observed(ctx: DocContext, i: int) -> bool:
    """Whether the event noun at ``i`` is only reacted to, talked of, looked into or the
    setting of its clause - "condemned the attack on X", "spoke about the sanctions on Y",
    "an inquiry into the hack of Z", "after the attack on X, Y expelled ..." - so that the
    clause's subject is not the one who carries it out."""
    dep, lemma, up, pos = ctx.dep, ctx.lemma, ctx.head, ctx.pos
    cur = i
    while dep[cur] == "conj" and up[cur] != cur:
        cur = up[cur]  # "condemned the arrests and the sanctions on X"
    head = up[cur]
    if dep[cur] == "pobj" and ctx.lower[head] == "of" and lemma[up[head]] in EVENT_CONTAINERS \
            and dep[up[head]] in ("dobj", "nsubjpass"):
        # "opposes all forms of cyber attacks": what is done to the container is done to
        # the acts in it
        cur = up[head]
        head = up[cur]
    if dep[cur] in ("dobj", "nsubjpass"):
        return lemma[head] in OBSERVING_VERBS
    if dep[cur] != "pobj" or head == cur:
        return False
    prep, holder = ctx.lower[head], up[head]
    if prep in _TOPIC_PREPS or prep in _SETTING_PREPS:
        return True
    if pos[holder] in ("NOUN", "PROPN"):
        # "a campaign of attacks", "Russia's role in the attack": carried by the holder's
        # actor; "an inquiry into the attack", "calls for sanctions on X": someone else's
        # ("the culprit behind the attacks": who carries them out)
        return lemma[holder] not in EVENT_CONTAINERS and lemma[holder] not in ctx.lex.nouns \
            and lemma[holder] not in PERPETRATOR_NOUNS
    if pos[holder] == "ADJ":
        return lemma[holder] not in ACTOR_ADJECTIVES
    if prep == "in" and lemma[holder] not in _TAKING_PART and any(
            dep[c] in ("nsubjpass", "auxpass") for c in ctx.kids[holder]):
        return True  # "X was injured in the attack": the passive subject suffered it
    return prep in _TOLD_PREPS and (lemma[holder] in OBSERVING_VERBS
                                    or lemma[holder] in TELLING_VERBS)


#: the prepositions of a nominal trigger's targets when its phrase names none ("by" and "of"
#: name its actor)
_TARGET_PREPS = frozenset(OBJ_PREPS - {"by", "of"})
#: the verbs that answer a claim (deny it, call it baseless): who answers did not make it
_ANSWERING = frozenset(DENY | JUDGING)
#: prepositions a support verb's target comes with ("launched against", "carried out on")
_SUPPORT_PREPS = {"against", "on", "into", "at", "to", "with", "upon"}


def _on_behalf(ctx: DocContext, tok: Any, sent: Any, rtype: str) -> None:
    """ "X operates on behalf of Y", "hackers acting on Iran's behalf": who acts for Y is
    Y's agent."""
    prep = ctx.head[tok.i]
    verb = ctx.head[prep]
    if ctx.dep[tok.i] != "pobj" or ctx.lower[prep] != "on" or ctx.lemma[verb] not in \
            ACTING_VERBS or any(ctx.dep[c] == "dobj" for c in ctx.kids[verb]):
        # (what someone does for another - "arranged transfers on behalf of Y" - is
        # business with Y, not membership of it)
        return
    actor = controller(ctx, tok)
    if actor is None:
        return
    for_whom = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj"]
    for_whom += [c for c in tok.children if c.dep_ == "poss"]
    emit(ctx, [actor], for_whom, rtype, tok, sent)


def _between(ctx: DocContext, tok: Any, rtype: str, sent: Any) -> bool:
    """ "talks between X and Y": a symmetric relation among the named participants."""
    dep = ctx.dep
    for c in ctx.kids[tok.i]:
        if dep[c] == "prep" and ctx.lower[c] in ("between", "among", "amongst"):
            group = [ctx.doc[p] for p in ctx.kids[c] if dep[p] == "pobj"]
            group += [x for p in group for x in p.conjuncts]
            ends = list(dict.fromkeys(k for g in group for k, _ in resolve_one(ctx, g, "source", 0)))
            for a in range(len(ends)):
                for b in range(a + 1, len(ends)):
                    add(ctx, ends[a], rtype, ends[b], sent, tok, tok.text, 1.0)
            return len(ends) > 1
    return False


def _attributed_to(ctx: DocContext, noun: Any) -> tuple[Any, Any] | None:
    """(the actor, its preposition) when the noun is the object of a verb that assigns
    it to someone: "blamed the attack on X" (the parser may hang "on X" on the noun),
    "the hack was attributed to X", "pinned the breach on X"."""
    blamed = blamed_for(ctx, noun.i)
    if blamed is not None:
        return blamed
    clauses = [c for c in ctx.kids[noun.i] if ctx.dep[c] == "relcl"
               and ctx.lemma[c] in ATTRIBUTING]
    if clauses:
        verb = ctx.doc[clauses[0]]  # "intrusions that Warsaw has blamed on Moscow"
    elif ctx.dep[noun.i] not in ("dobj", "nsubjpass") or \
            ctx.lemma[ctx.head[noun.i]] not in ATTRIBUTING:
        return None  # (decided from the tables, before any token is built)
    else:
        verb = noun.head
    # (or on the object of another of their phrases: "attributed the intrusion into the
    # government's network to X", the parser hanging "to X" on the network)
    inner = [p for site in (verb, noun) for c in site.children
             if c.dep_ == "prep" and c.lower_ not in ("on", "to", "upon")
             for p in c.children if p.dep_ == "pobj"]
    for site in (verb, noun, *inner):
        for c in site.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in ("on", "to", "upon"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p, c
    return None


def _support_clauses(ctx: DocContext, noun: Any) -> list[Any]:
    """The verbs that may carry an event noun, nearest first: a relative clause on it
    ("the clemency X granted"), the verb whose object or passive subject it is ("launched
    an attack", "the attack was carried out by X")."""
    # (not "the accusation that X armed Y": a "that" clause states the content of the
    # noun, it does not carry the event)
    # (not "the sanctions Hungary opposed": who reacts to an event does not carry it)
    out = [ctx.doc[c] for c in ctx.kids[noun.i]
           if ctx.dep[c] in ("relcl", "acl") and ctx.pos[c] == "VERB"
           and ctx.lemma[c] not in OBSERVING_VERBS
           # (nor "a group it calls Silent Heron": naming a thing is not doing it)
           and ctx.lemma[c] not in NAMING_VERBS and not any(
               ctx.dep[m] == "mark" and ctx.lower[m] == "that" and ctx.pos[m] == "SCONJ"
               for m in ctx.kids[c])]
    i, dep, pos, up = noun.i, ctx.dep, ctx.pos, ctx.head
    if dep[i] in ("dobj", "nsubjpass") and pos[up[i]] == "VERB" and not _observed(ctx, i):
        out.append(ctx.doc[up[i]])
    elif dep[i] == "compound" and pos[up[i]] == "PROPN" and \
            dep[up[i]] == "nsubj" and pos[up[up[i]]] == "VERB" and \
            any(dep[c] == "det" for c in ctx.kids[i]):
        # "The clemency [Lindqvist] granted Horak": a relative clause without "that",
        # parsed with the noun compounded onto the clause's subject
        out.append(ctx.doc[up[up[i]]])
    return out


def _stacked_clause(ctx: DocContext, noun: Any) -> tuple[Any, Any] | None:
    """(the actor, the clause's verb) of "The intrusion [Chinese hackers launched against
    X] lasted weeks", a relative clause without "that" that the parser took for a second
    subject of the main verb, with the clause's verb hung on it: two subjects of one verb
    are a parse error, and the second is the clause's actor."""
    i, dep = noun.i, ctx.dep
    if dep[i] not in ("nsubj", "nsubjpass") or ctx.head[i] == i:
        return None
    for s in ctx.kids[ctx.head[i]]:
        if s > i and dep[s] in ("nsubj", "nsubjpass"):
            verbs = [c for c in ctx.kids[s] if c > s and dep[c] in ("acl", "relcl")
                     and ctx.pos[c] == "VERB" and ctx.tag[c] in ("VBD", "VBN")]
            if verbs and s <= noun.right_edge.i + 3:
                return ctx.doc[s], ctx.doc[verbs[0]]
    return None


#: verbs whose object is what their subject is or becomes ("became an adviser to X",
#: "remained a member of Y")
_BEING_VERBS = frozenset({"be", "become", "remain", "serve", "act", "work", "stay", "turn",
                          "double", "pose", "masquerade", "function"})


def _unclaimed_act(ctx: DocContext, tok: Any, cands: list[tuple[str, tuple[str, ...]]],
                   sent: Any) -> None:
    """A hostile act whose target only is named - "the attack on X", "X was hit by a
    cyberattack" - handed on with no actor, to be remembered (:func:`.candidates.emit`)."""
    hostile = [rtype for rtype, _rest in cands if rtype in ctx.schema.rules.hostile]
    if not hostile:
        return
    i, dep, kids, doc = tok.i, ctx.dep, ctx.kids, ctx.doc
    targets = [doc[p] for c in kids[i] if dep[c] == "prep" and ctx.lower[c] in _VICTIM_PREPS
               for p in kids[c] if dep[p] == "pobj"]
    if not targets and _struck_by(ctx, i):
        targets = _struck(ctx, i)  # "X was hit by a ransomware attack"
    if targets:
        emit(ctx, [], targets, hostile[0], tok, sent)


def _struck_by(ctx: DocContext, i: int) -> bool:
    """Whether the event noun at ``i`` is the "by" agent of a passive verb ("X was hit by
    an attack"): the verb's subject suffered the act, it did not carry it out."""
    up = ctx.head[i]
    return ctx.dep[i] == "pobj" and ctx.lower[up] == "by" and ctx.dep[up] == "agent"


def _struck(ctx: DocContext, i: int) -> list[Any]:
    """Whom the act at ``i`` struck, for :func:`_struck_by`: the passive subject, or the
    subject of "was" where the participle was read as an adjective ("X was crippled")."""
    verb = ctx.head[ctx.head[i]]
    dep, kids = ctx.dep, ctx.kids
    subjects = [c for c in kids[verb] if dep[c] == "nsubjpass"]
    if not subjects and dep[verb] == "acomp" and ctx.head[verb] != verb:
        subjects = [c for c in kids[ctx.head[verb]] if dep[c] == "nsubj"]
    return [ctx.doc[c] for c in subjects]


#: the prepositions that name an act's target ("the attack on X", "the hack of X")
_VICTIM_PREPS = frozenset({"on", "against", "into", "of", "targeting"})


def _role_held_by_another(ctx: DocContext, tok: Any) -> bool:
    """Whether ``tok`` is a role noun ("envoy", "member", "arm") that someone other than
    the clause's subject holds: "X sent an envoy to Y", "X hired lobbyists for Y". The
    subject holds it only where the noun says what the subject is: "X is an agent of Y",
    "X worked as a lobbyist for Y", "X became a member of Y"."""
    i, dep, up = tok.i, ctx.dep, ctx.head
    # (a holder's title or an organisation's part; not "friendship", a tie between two)
    if ctx.lemma[i] not in ctx.lex.titles and ctx.lower[i] not in ctx.lex.titles and \
            ctx.lemma[i] not in ORG_PART_NOUNS and ctx.lemma[i] not in ("front", "wing"):
        return False
    cur = i
    while dep[cur] == "conj" and up[cur] != cur:
        cur = up[cur]
    if dep[cur] in ("attr", "oprd", "acomp", "appos", "xcomp", "ROOT", "npadvmod"):
        return False
    if dep[cur] == "pobj" and ctx.lower[up[cur]] in ("as", "like"):
        return False
    if dep[cur] == "dobj" and ctx.lemma[up[cur]] in _BEING_VERBS:
        return False
    return dep[cur] in ("dobj", "nsubj", "nsubjpass", "dative")


def _apposed_clause(ctx: DocContext, noun: Any) -> tuple[Any, Any] | None:
    """(the actor, the clause's verb) of "The sanctions [Latvia imposed on X] hurt" and
    "The clemency [Donald Trump granted Y] drew criticism", relative clauses without
    "that" parsed with the actor in apposition to the noun and the verb hung on the actor
    or above the noun: a name in apposition to an event is no description of it."""
    i, dep, kids = noun.i, ctx.dep, ctx.kids
    for a in kids[i]:
        if dep[a] != "appos" or a not in ctx.tok2m or ctx.tok2m[a].start != i + 1:
            continue  # (the name right after the noun, with no comma between)
        verbs = [v for v in kids[a] if v > a and dep[v] in ("acl", "relcl")
                 and ctx.pos[v] == "VERB" and ctx.tag[v] in ("VBD", "VBN")]
        up = ctx.head[i]
        if not verbs and dep[i] == "nsubj" and up == a + 1 and ctx.tag[up] == "VBD" and \
                dep[up] in ("csubj", "ccomp"):
            verbs = [up]  # "The clemency X granted Y drew ...": the clause taken for a subject
        if verbs:
            return ctx.doc[a], ctx.doc[verbs[0]]
    return None


def _support_agent(verb: Any) -> Any:
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lower_ not in REL_PRON:
            return c
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _support_targets(verb: Any, preps: set[str]) -> list[Any]:
    out = [c for c in verb.children if c.dep_ in ("dative", "dobj") and c.lower_ not in REL_PRON
           and c.pos_ in ("PROPN", "NOUN", "PRON")]
    if not out and verb.dep_ in ("relcl", "acl"):
        # "the clemency X granted Y", parsed with Y in apposition to the noun
        out = [c for c in verb.head.children if c.dep_ == "appos" and c.i > verb.i]
    for c in verb.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in (preps | _SUPPORT_PREPS):
            out += [p for p in c.children if p.dep_ == "pobj"]
    return out


def _dangling_object(ctx: DocContext, prep: Any) -> list[Any]:
    """ "Novak's pardon of [Tomas Brandt] angered critics", parsed with the name cut off
    from its preposition: the name right after a preposition left without an object."""
    m = ctx.tok2m.get(prep.i + 1)
    if m is None or m.start != prep.i + 1 or any(True for _ in prep.children):
        return []
    return [ctx.doc[m.end - 1]]


def _absolute(pobj: Any) -> bool:
    """ "with the Foreign Office saying ...": the noun phrase is the subject of a
    participle that follows it, not a participant of the event."""
    doc = pobj.doc
    nxt = pobj.right_edge.i + 1
    return nxt < len(doc) and doc[nxt].tag_ == "VBG"
