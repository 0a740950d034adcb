"""Verbal triggers: the schema's ``triggers`` as the head of a clause.

Active and passive voice ("by" agents), reduced relatives ("Russia-backed figures",
"Kilimnik, linked with ..."), relative clauses, coordination of subjects, objects and
verbs, control and raising verbs, and the election / favour rules on the same clause.
"""

from __future__ import annotations

import re
from typing import Any

from .arguments import (
    controller,
    ent_of,
    event_actor,
    noun_agent,
    prep_objects,
    resolve,
    resolve_source,
    state_of_modifier,
)
from .candidates import add, emit, types_for
from .context import ORG, PERSON, STATE, Arg, DocContext, StateArg, span_text
from .elections import election_and_favour, is_election
from .lexicon import (
    ACCUSING_VERBS,
    APPOINTING,
    BACKING,
    COMITATIVE,
    DOCUMENT_VERBS,
    HELPING,
    HUMAN_NOUNS,
    LINK_VERBS,
    OBJ_PREPS,
    ORG_KINDS,
    OWNING_VERBS,
    PREPS,
    RECIPROCAL,
    REL_PRON,
    STATE_ACTORS,
    lemma_guess,
)

#: the prepositions a verb's objects come with when it has no other ("by" names its agent)
_OBJECT_PREPS = frozenset(OBJ_PREPS - {"by"})


def verb_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    lemma = ctx.lemma[tok.i]
    if lemma in OWNING_VERBS and ctx.schema.rules.leader:
        _ownership(ctx, tok, sent)
        return
    if lemma not in ctx.lex.verbs:
        lemma = lemma_guess(ctx.lower[tok.i])
    cands = types_for(ctx, tok, ctx.lex.verbs, lemma)
    if not cands:
        return
    # only the most specific trigger phrase is read (types_for puts it first)
    rtype, rest = cands[0]
    if lemma in APPOINTING and rtype != ctx.schema.rules.affiliation and \
            _appointed_to_a_role(ctx, tok):
        return  # "designated X as his successor": an appointment, no sanction
    if rtype in ctx.schema.rules.hostile and any(
            ctx.dep[c] == "dobj" and ctx.lemma[c] in _MODERATED for c in ctx.kids[tok.i]):
        return  # "Lumio took down 1,400 accounts": a platform's moderation, no attack
    sources, patients, objects, agent_given = _verb_args(ctx, tok)
    if lemma in LINK_VERBS and not patients and objects and any(
            ctx.dep[c] == "dobj" for c in ctx.kids[tok.i]):
        # "officials linked X to Russia", "X, which officials have linked to Russia": X
        # is tied to Russia, not the officials
        linked_to = prep_objects(ctx, tok, {"to", "with"})
        if linked_to:
            sources, objects = objects, linked_to
    prep = rest[-1] if rest and rest[-1] in PREPS else None
    objs = objects if prep is None else prep_objects(ctx, tok, {prep}) or objects
    if rest:  # "held talks": the object is part of the trigger, not a participant
        objs = [o for o in objs if o.lower_ not in rest]
        if not objs and prep is None:
            # "signed a defence pact with the Philippines": the partner of the object
            objs = prep_objects(ctx, tok, {"with"})
    if ctx.schema.relations[rtype].symmetric and prep is None:
        # "met in Paris": a place, not a participant of a symmetric relation
        objs = [o for o in objs if o.dep_ != "pobj" or o.head.lower_ in (
            "with", "between", "among")]
    if not agent_given and patients and not objs:
        # "X is linked with Y" / "X was pardoned": patient is the target
        objs = patients
    elif not agent_given and patients and (prep is not None or lemma in LINK_VERBS
                                           or ctx.schema.relations[rtype].symmetric):
        # "X is linked with Y", "X was tied to Y": the patient is the source; "X was
        # indicted in the United States" names where, not whom
        sources = patients
    elif not agent_given and patients:
        objs = patients
    elif agent_given:
        # "the assets of X were frozen by Y": the phrase's preposition under the patient
        dep, kids = ctx.dep, ctx.kids
        held = [ctx.doc[p] for pt in patients for c in kids[pt.i]
                if prep is not None and dep[c] == "prep" and ctx.lower[c] == prep
                for p in kids[c] if dep[p] == "pobj"]
        # "the hack was attributed to X by Y": the phrase's own preposition names the target
        direct = prep_objects(ctx, tok, {prep}) if prep is not None else []
        objs = held or direct or patients or objs
    if not objs and (ctx.schema.relations[rtype].symmetric or lemma in RECIPROCAL):
        # "Kilimnik and Derkach met", "Brazil and Indonesia cooperate", "A and B signed an
        # agreement": each pair of coordinated subjects
        ends = [k for s_ in sources for k in resolve_source(ctx, s_)]
        for a in range(len(ends)):
            for b in range(a + 1, len(ends)):
                add(ctx, ends[a][0], rtype, ends[b][0], sent, tok, tok.text,
                    ends[a][1] * ends[b][1])
    emit(ctx, sources, objs, rtype, tok, sent)
    election_and_favour(ctx, tok, sources, rtype, sent)


#: what a platform removes from its own service ("took down accounts"): no attack target
_MODERATED = frozenset({"account", "post", "video", "content", "profile", "comment", "ad",
                        "advert", "advertisement"})
#: what someone is appointed as that is no title: "named X as his successor"
_APPOINTEES = {"successor", "heir", "candidate", "nominee", "replacement", "deputy"}


def _appointed_to_a_role(ctx: DocContext, verb: Any) -> bool:
    """Whether the verb's "as" phrase or predicate names a role ("designated X as head of
    the commission") rather than a kind of target ("as a terrorist organisation")."""
    for c in ctx.kids[verb.i]:
        if ctx.dep[c] == "prep" and ctx.lower[c] == "as":
            heads = [p for p in ctx.kids[c] if ctx.dep[p] == "pobj"]
        elif ctx.dep[c] in ("oprd", "xcomp"):
            heads = [c]
        else:
            continue
        if any(ctx.lemma[h] in ctx.lex.role_nouns or ctx.lower[h] in ctx.lex.titles
               or ctx.lemma[h] in _APPOINTEES for h in heads):
            return True
    return False


def _ownership(ctx: DocContext, tok: Any, sent: Any) -> None:
    """ "X owns Y", "Y is owned by X", "Y, owned by X", "Kremlin-owned Y": a person who
    owns an organisation leads it (ANNOTATION: founder-owner); an organisation that an
    organisation or a state owns is affiliated with its owner (as a subsidiary is)."""
    rules = ctx.schema.rules
    sources, patients, objects, agent_given = _verb_args(ctx, tok)
    owned = patients if patients else objects
    if not agent_given and patients:
        return  # "Y is owned" by nobody named
    owners = [k for s in sources for k in resolve_source(ctx, s)]
    for t in owned:
        for tk, tf in resolve(ctx, t, "target"):
            if tk[0] != ORG:
                continue
            for ok, of in owners:
                if ok[0] == PERSON:
                    add(ctx, ok, rules.leader, tk, sent, tok, tok.text, of * tf)
                else:
                    add(ctx, tk, rules.affiliation, ok, sent, tok, tok.text, of * tf)


def _verb_args(ctx: DocContext, tok: Any) -> tuple[list[Arg], list[Any], list[Any], bool]:
    """The verb's sources (subjects, agents, a state inside "Russian-backed"), patients
    (passive subjects), objects, and whether an agent was given."""
    sources: list[Arg] = []
    patients: list[Any] = []
    objects: list[Any] = []
    agent_given = False
    # the parse read by index (ctx.kids, ctx.dep): a token is built only to be returned
    # or asked what only spaCy knows
    doc, dep, kids, i = ctx.doc, ctx.dep, ctx.kids, tok.i
    for c in kids[i]:
        if dep[c] == "nsubj":
            if doc[c].ent_type_ in ("DATE", "TIME"):
                continue  # "and until February chaired X": a time is never who acts
            sources.append(doc[c])
        elif dep[c] == "nsubjpass":
            patients.append(doc[c])
        elif dep[c] == "agent":
            agent_given = True
            sources += [doc[p] for p in kids[c] if dep[p] == "pobj"]
        elif dep[c] in ("dobj", "dative", "attr") and not is_election(ctx, c):
            objects.append(doc[c])
    before = doc[i - 1] if dep[i] == "amod" and i > 0 else None
    if (before is not None and i + 1 < len(dep)
            and ctx.head[i] > i and ent_of(ctx, before) and ent_of(ctx, tok.head)
            and tok.i + 1 in ctx.tok2m and ctx.tok2m[tok.i + 1].start == tok.i + 1
            and tok.whitespace_ and before.whitespace_):
        # "Trump pardoned Manafort" parsed as a noun "Trump" and a modifier "pardoned
        # Manafort": a verb between two names, no hyphen, is the verb of the sentence
        sources.append(before)
        objects.append(tok.head)
    elif dep[i] in ("amod", "acl") and (tok.tag_ == "VBN" or agentive_acl(ctx, i)) and not any(
            dep[c] in ("nsubj", "aux", "mark") for c in kids[i]):
        # reduced passive: "Russia-backed figures", "Kilimnik, linked with ..." (not
        # "claims that Iran had attacked X": a clause with its own subject and auxiliary)
        patients.append(tok.head)
        for c in (doc[j] for j in kids[i]
                  if j < i and dep[j] in ("npadvmod", "compound", "nmod", "advmod")):
            k = ent_of(ctx, c) or state_of_modifier(ctx, c) or (
                (STATE, ctx.gaz.demonym(c.text)) if ctx.gaz.demonym(c.text) else None)
            if k:
                sources.append(c)
                agent_given = True
        # "Russian-backed": the demonym is glued into the participle
        m = re.match(r"^([A-Z][a-z]+)-", tok.text)
        glued = ctx.gaz.demonym(m.group(1)) if m else None
        if glued:
            sources.append(StateArg(glued))
            agent_given = True
        if i > 1 and span_text(ctx, i - 1, i) == "-":
            left = doc[i - 2]
            if left not in sources:
                k = ent_of(ctx, left) or state_of_modifier(ctx, left)
                if k:
                    sources.append(left)
                    agent_given = True
    if patients and not agent_given:
        # "X was indicted and extradited by Y": coordinated passives share the agent
        for v in [c for c in kids[i] if dep[c] == "conj" and ctx.pos[c] == "VERB"]:
            if any(dep[c] in ("nsubj", "nsubjpass") for c in kids[v]):
                continue
            for c in kids[v]:
                if dep[c] == "agent":
                    agent_given = True
                    sources += [doc[p] for p in kids[c] if dep[p] == "pobj"]
    if agent_given and not patients and not objects and dep[i] == "xcomp" and any(
            dep[c] == "auxpass" for c in kids[i]):
        # "X is believed to have been financed by Y": the raised subject is the patient
        patients = [doc[c] for c in kids[ctx.head[i]] if dep[c] in ("nsubjpass", "nsubj")]
    if patients and not agent_given and ctx.lemma[i] in ACCUSING_VERBS:
        # "X was indicted on charges of ..., the Justice Department said": a body that
        # announces a charge with no one named as bringing it brought it
        sayer = _announcing_body(ctx, i)
        if sayer is not None:
            sources.append(sayer)
            agent_given = True
    if dep[i] == "relcl":
        # "Derkach, who met ...": the relative pronoun stands for the antecedent
        sources = [tok.head if (getattr(s, "lower_", "") in REL_PRON) else s
                   for s in sources]
        patients = [tok.head if (getattr(p, "lower_", "") in REL_PRON) else p
                    for p in patients]
        # "the banker whom Norway sanctioned": the antecedent is the object
        objects = [tok.head if o.lower_ in REL_PRON else o for o in objects]
        if not sources and not patients:
            sources = [tok.head]
        elif sources and not objects and not patients and ctx.pos[ctx.head[i]] in (
                "NOUN", "PROPN") and not any(ctx.lower[c] in REL_PRON for c in kids[i]) \
                and not prep_objects(ctx, tok, _OBJECT_PREPS):
            # "a banker it accuses of laundering money", "the firm Norway sanctioned": a
            # relative clause without a pronoun, its object the noun it is on
            objects = [tok.head]
        # "a campaign that sought to undermine X": the campaign's actor acts
        sources = [event_actor(ctx, s) for s in sources]
    # "The indictment, brought by X, charges Y": a document as the subject of what
    # documents do (charge, accuse, name, sanction) stands for its named agent
    if ctx.lemma[i] in DOCUMENT_VERBS:
        sources = [_agent_of(ctx, s) for s in sources]
    if not sources and not patients:
        sources = _linked_subject(ctx, tok)
    if not sources and not patients:
        ctrl = controller(ctx, tok)
        if ctrl is not None:
            sources = [event_actor(ctx, ctrl)]
            up = doc[ctx.head[i]]
            if dep[i] in ("xcomp", "advcl") and ctx.lemma[up.i] in COMITATIVE and any(
                    ctx.lower[c] == "to" for c in kids[i]):
                # "X coordinated with Y to smear Z": Y smears Z too
                sources += [o for o in prep_objects(ctx, up, {"with"})
                            if resolve(ctx, o, "source")]
    if not objects and ctx.lemma[i] in HELPING:
        # "sought to help X win the election": the helped is the subject of the clause
        objects = [doc[s] for c in kids[i] if dep[c] in ("ccomp", "xcomp")
                   for s in kids[c] if dep[s] == "nsubj"]
    if objects and not any(resolve(ctx, o, "target") for o in objects) and not any(
            ctx.lemma[o.i] in ctx.lex.role_nouns for o in objects):
        # "provided weapons to X": what is handed over is no participant; the receiver is
        # (but "sanctioned Pyongyang's envoy to Beijing": a person sanctioned, not Beijing)
        objects = prep_objects(ctx, tok, {"to"}) or objects
    if not objects:
        objects = prep_objects(ctx, tok, _OBJECT_PREPS)
    if not objects and not patients:
        # coordinated verbs share an object: "tracked, if not directed, X"
        linked = [tok.head] if dep[i] == "conj" else []
        linked += [doc[c] for c in kids[i] if dep[c] == "conj" and ctx.pos[c] == "VERB"]
        objects = [o for o in (doc[j] for v in linked for j in kids[v.i] if dep[j] == "dobj")
                   if not is_election(ctx, o.i) and resolve(ctx, o, "target")]
        if not objects:  # "neither met nor spoke with X"
            objects = [o for v in linked for o in prep_objects(ctx, v, {"with"})
                       if resolve(ctx, o, "target")]
    return sources, patients, objects, agent_given


def _announcing_body(ctx: DocContext, i: int) -> Any:
    """The organisation or state that says the clause at ``i`` ("..., prosecutors in
    X said", "the ministry said that ..."); a person who says it ("his lawyer said") is
    no one who charges."""
    up = ctx.head[i]
    if ctx.dep[i] not in ("ccomp", "parataxis") or ctx.lemma[up] not in ("say", "announce",
                                                                         "state", "confirm"):
        return None
    for c in ctx.kids[up]:
        if ctx.dep[c] == "nsubj":
            found = resolve(ctx, ctx.doc[c], "source")
            if found and all(k[0] in (ORG, STATE) for k, _f in found):
                return ctx.doc[c]
    return None


def _linked_subject(ctx: DocContext, verb: Any) -> list[Any]:
    """ "Hackers linked to North Korea breached X", parsed with "linked" as a clause of
    the verb and the hackers as its subject: the state the actors are linked to acts (as
    in :func:`~.arguments.resolve_one` when the parse hangs "linked to" on the actors)."""
    dep, kids = ctx.dep, ctx.kids
    for c in kids[verb.i]:
        if not (c < verb.i and dep[c] == "ccomp" and ctx.tag[c] == "VBN"
                and ctx.lemma[c] in BACKING):
            continue
        if not any(dep[s] == "nsubj" and ctx.lemma[s].rstrip("s") in STATE_ACTORS
                   for s in kids[c]):
            continue
        for p in kids[c]:
            if dep[p] in ("prep", "agent") and ctx.lower[p] in ("to", "with", "by"):
                states = [ctx.doc[o] for o in kids[p] if dep[o] == "pobj"]
                states = [o for o in states if (ent_of(ctx, o) or ("",))[0] == STATE]
                if states:
                    return states
    return []


def agentive_acl(ctx: DocContext, i: int) -> bool:
    """ "a firm run by his brother", with "run" tagged a noun: a clause on a noun that
    has a "by" agent is a passive participle, whatever its tag."""
    return ctx.dep[i] == "acl" and any(ctx.dep[c] == "agent" for c in ctx.kids[i])



def _agent_of(ctx: DocContext, s: Arg) -> Arg:
    """A subject noun that names no entity but has a named agent ("the report by X", "the
    indictment, brought by X"): that agent; anything else as it is."""
    if isinstance(s, StateArg) or ctx.pos[s.i] != "NOUN" or s.i in ctx.tok2m or \
            ctx.lemma[s.i] in STATE_ACTORS or ctx.lemma[s.i] in HUMAN_NOUNS or \
            ctx.lemma[s.i] in ORG_KINDS or resolve(ctx, s, "source"):
        return s  # (people and bodies act themselves: "Lisk's government sanctioned X")
    agent = noun_agent(ctx, s)
    return agent if agent is not None else s
