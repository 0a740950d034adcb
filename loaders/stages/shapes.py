"""Name shapes and the context cues that type them, shared by the mention and name stages.

The statistical NER of the small English model misses names it has not seen ("Ilse
Novak"), cuts names at brackets or glues two names over a possessive, and types brands as
people ("Rusal"). These functions read what English itself says about a capitalised word:
a title or honorific before it, a role in apposition, a verb of saying, an organisation
noun beside it. None of them knows a name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from spacy.tokens import Span

from ..countries import STATE_TITLES, Gazetteer
from .context import ORG, STATE, DocContext, MentionDraft, positions, span_text
from .lexicon import (
    COMMON_TECH_TERMS,
    HONORIFICS,
    LOCATIVE,
    MOTION_VERBS,
    NOT_NAME_WORDS,
    ORG_KINDS,
    ORG_NAME_HEADS,
    ORG_NOUNS,
    PERSON_HONORIFICS,
    PERSON_LIKE_KINDS,
    SPEECH_VERBS,
    STATE_BODIES,
    Lexicon,
)

_NUMERIC_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "NORP"}
_QUOTES = {"(", "[", "{", '"', "“", "”"}


def locative(tok: Any) -> bool:
    """The object of a locative preposition ("in Vienna", "from Yobe"), or its conjunct;
    a destination ("flew to Vienna", "visited Vienna")."""
    t = tok
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE:
        return True
    if t.dep_ == "pobj" and t.head.lower_ in ("to", "for") and t.head.head.i != t.head.i:
        return t.head.head.lemma_.lower() in MOTION_VERBS
    return t.dep_ == "dobj" and t.head.lemma_.lower() in ("visit", "tour", "leave")


def human_role(t: Any, lex: Lexicon) -> bool:
    """A title, role noun or honorific that only a person carries ("minister", "Mr"),
    not an organisation word that is also a role ("company" in "energy company X")."""
    low, lemma = t.lower_, t.lemma_.lower()
    return ((low in lex.titles or lemma in lex.role_nouns or low in HONORIFICS)
            and lemma not in ORG_NAME_HEADS and low not in ("the", "a", "an"))


@lru_cache(maxsize=1)
def _given_names() -> Any:
    """The given-name dictionary of ``gender-guesser`` (about 40,000 first names of many
    countries, shipped with the package: world knowledge, not a list of anyone)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=1)
def _folded_names() -> dict[str, str]:
    """The dictionary's names with their accents taken off ("Markéta" -> "marketa"), each
    to its accented form: news in English often drops diacritics."""
    import unicodedata

    out: dict[str, str] = {}
    for name in _given_names().names:
        folded = "".join(c for c in unicodedata.normalize("NFKD", name)
                         if not unicodedata.combining(c))
        if folded != name and folded.isascii():
            out.setdefault(folded, name)
    return out


def given_name_gender(word: str) -> str:
    """"male", "female" (also "mostly_..."), "andy" (either) or "unknown" (a name written
    without its accents is looked up by its accented form)."""
    found = str(_given_names().get_gender(word))
    if found == "unknown" and word.isascii():
        accented = _folded_names().get(word.lower())
        if accented is not None:
            return str(_given_names().get_gender(accented))
    return found


def person_cue(span: Any, lex: Lexicon) -> bool:
    """Something says a capitalised span is a person: it starts with a known given name
    ("Ilse Novak"), a title or honorific stands before it, a role is in apposition ("X,
    her stepson"), it is the subject of a verb of saying, or it is coordinated with a
    person."""
    doc = span.doc
    if len(span) > 1 and span[0].is_title and given_name_gender(span[0].text) != "unknown":
        return True
    before = doc[max(0, span.start - 3): span.start]
    if span.root.dep_ == "compound" and human_role(span.root.head, lex):
        before = doc[0:0]  # "former Petrobras executives": the role is theirs, not its
    for k, t in enumerate(before):
        # "reporter Ilse Novak", not "a reporter for Agence France-Presse": after a
        # preposition the name is whom the role is held with
        if human_role(t, lex) and not any(w.pos_ == "ADP" for w in before[k + 1:]) \
                and _modifies(t, span):
            return True
    head = span.root
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in SPEECH_VERBS:
        return True
    if any(c.dep_ == "appos" and human_role(c, lex) for c in head.children):
        return True
    if head.dep_ == "appos" and human_role(head.head, lex):
        return True
    return any(c.ent_type_ == "PERSON" for c in head.conjuncts)


def _modifies(t: Any, span: Any) -> bool:
    """``t`` belongs to the span's noun phrase ("Deputy Minister X"), not to a phrase of its
    own ("officials said X ...")."""
    for _ in range(3):
        if span.start <= t.head.i < span.end:
            return True
        if t.head.i == t.i or t.head.i < t.i:
            return False
        t = t.head
    return False


def looks_like_person(span: Any) -> bool:
    """One to four capitalised words (initials allowed), none an organisation word."""
    words = [t for t in span if not t.is_punct]
    return (1 <= len(words) <= 4
            and all(t.is_title or (t.is_upper and len(t) <= 2) for t in words)
            and not any(t.lower_ in ORG_NAME_HEADS for t in words))


def org_evidence(span: Any) -> bool:
    """A single name the text treats as an organisation: written like an acronym or a
    brand ("AfD", "ESET"), named with an organisation noun ("oil company Petrobras", "the
    Sandworm group", "Rusal, the aluminium company"), or followed by "it"/"its"."""
    text = span.text
    if len(text) > 1 and (text.isupper() or any(c.isupper() for c in text[1:])):
        return True
    head = span.root
    near = list(head.children) + ([head.head] if head.head.i != head.i else [])
    for t in near:
        if t.lemma_.lower() in ORG_NOUNS and (
                t.dep_ in ("compound", "appos", "amod", "nmod")
                or (t is head.head and head.dep_ in ("compound", "appos"))):
            return True
    if head.dep_ == "nsubj" and head.head.lemma_ == "be" and any(
            c.dep_ == "attr" and c.lemma_.lower() in ORG_NOUNS for c in head.head.children):
        return True  # "Sandworm is a hacking group"
    doc = span.doc
    if (span.start >= 2 and doc[span.start - 1].text == ","
            and doc[span.start - 2].lemma_.lower() in ORG_NOUNS):
        return True  # "the national oil company, Petrobras": apposition however parsed
    return any(t.lower_ in ("its", "it") for t in doc[span.end: span.end + 2])


def _split_pair(e: Any) -> list[Any]:
    """ "Tomas Brandt and Ilse Novak" tagged as one name: two people, each starting with a
    given name, joined by "and" (an organisation's "and" - "Procter and Gamble" - has no
    given name on both sides)."""
    doc = e.doc
    for n, t in enumerate(e):
        if t.lower_ == "with" and 0 < n < len(e) - 2:
            # "co-founded [Korvex Energy with Ilse Novak]": a person after "with"
            right = doc[t.i + 1: e.end]
            if looks_like_person(right) and given_name_gender(right[0].text) != "unknown":
                return [Span(doc, e.start, t.i, label=e.label_),
                        Span(doc, right.start, right.end, label="PERSON")]
        if t.lower_ == "and" and 0 < n < len(e) - 1:
            left, right = doc[e.start: t.i], doc[t.i + 1: e.end]
            if all(len(p) >= 2 and looks_like_person(p) and given_name_gender(p[0].text)
                   != "unknown" for p in (left, right)):
                return [Span(doc, left.start, left.end, label="PERSON"),
                        Span(doc, right.start, right.end, label="PERSON")]
    return []


def _split_state_prefix(e: Any, gaz: Gazetteer | None) -> list[Any]:
    """ "ambassador to [Russia Ilse Novak]": a state's name glued to the front of a
    person's name is the state, then the person."""
    if gaz is None or e.label_ not in ("PERSON", "ORG") or len(e) < 3:
        return []
    doc = e.doc
    for size in (1, 2):
        head, rest = doc[e.start: e.start + size], doc[e.start + size: e.end]
        known = gaz.lookup(head.text)
        if known and known[1] == "STATE" and len(rest) >= 2 and looks_like_person(rest) \
                and given_name_gender(rest[0].text) != "unknown":
            return [Span(doc, head.start, head.end, label="GPE"),
                    Span(doc, rest.start, rest.end, label="PERSON")]
    return []


def _employer_before_title(doc: Any, i: int, end: int, lex: Lexicon, taken: set[int],
                           firms: set[str]) -> bool:
    """ "Rosneft chairman Arvid Kell", with "Rosneft" tagged a common noun: one capitalised
    word right before a lowercase title that a person's name follows is the title's
    organisation (the titles rule then reads "chairman" against it); tagged an adjective,
    only if it opens an organisation's name in the document ("Altaneira chief executive")."""
    t = doc[i]
    if ((t.pos_ != "NOUN" and not (t.pos_ == "ADJ" and t.text in firms))
            or not t.is_title or not t.is_alpha or i + 2 >= end
            or t.lower_ in ORG_NOUNS or t.lower_ in ORG_NAME_HEADS or t.lower_ in lex.titles
            or t.lower_ in lex.role_nouns or t.lower_ in NOT_NAME_WORDS):
        return False
    return i + 1 not in taken and titled_name_after(doc, i + 1, end, lex)


def titled_name_after(doc: Any, i: int, end: int, lex: Lexicon) -> bool:
    """Whether a lowercase title of one to three words ("chairman", "chief executive")
    starts at token ``i`` and a person's name follows it."""
    for n in (3, 2, 1):
        if i + n >= end:
            continue
        words = doc[i:i + n]
        name = doc[i + n]
        if all(t.is_lower for t in words) and " ".join(t.lower_ for t in words) in lex.titles \
                and name.is_title and name.pos_ == "PROPN" and name.ent_type_ == "PERSON":
            return True
    return False


def _name_token(t: Any, lex: Lexicon) -> bool:
    low = t.lower_
    if t.pos_ == "PROPN" and code_name(t.text):
        return True
    return (t.pos_ == "PROPN" and t.is_alpha and (t.is_title or (t.is_upper and len(t) > 1))
            # (a capitalised word the NER took for a number is no number: "Ivor")
            and (t.ent_type_ not in _NUMERIC_ENTS or (t.ent_type_ == "CARDINAL"
                                                     and not t.like_num))
            and low not in NOT_NAME_WORDS and low not in HONORIFICS
            and low not in lex.titles and low not in lex.role_nouns
            and low not in STATE_TITLES)


def capitalised_runs(ctx: DocContext, taken: set[int]) -> Iterator[tuple[MentionDraft, str]]:
    """Names the statistical NER missed: runs of capitalised proper nouns, with the label
    the mention stage types them by.

    A known state name is a state; a run holding an organisation word ("Baltara Energy",
    "Main Center for Special Technologies") an organisation; two or three capitalised words
    with a person cue a person ("Minister Ilse Novak"). Single words are left to
    one-sense-per-discourse propagation, and lines in title case (headlines) are skipped:
    every word is capitalised there."""
    doc, lex, gaz = ctx.doc, ctx.lex, ctx.gaz
    # the first words of the organisations' names ("Altaneira" of "Altaneira Aeroespacial")
    firms = {m.text.split()[0] for m in ctx.mentions if m.type == ORG and " " in m.text}
    # the tokens the walk below may start a name at (a proper noun, or a noun or adjective
    # before a title), not yet taken: most sentences have none, and are not walked
    starts = [i for i in positions(ctx.pos, _RUN_POS) if i not in taken and (
        ctx.pos[i] == "PROPN" or (i + 1 < len(ctx.lower) and ctx.lower[i + 1] in lex.titles))]
    for sent in ctx.sents:
        if sent.start in ctx.boiler_sents:
            continue
        if bisect_left(starts, sent.start) == bisect_left(starts, sent.end):
            continue
        if _headline(ctx, sent):
            continue
        i = sent.start
        while i < sent.end:
            if ctx.pos[i] not in _RUN_POS:
                i += 1
                continue
            # (the part of speech and the title after it first: a token is built only
            # where the test may pass)
            if i not in taken and ctx.pos[i] in ("NOUN", "ADJ") and i + 2 < sent.end and \
                    ctx.lower[i + 1] in lex.titles and ctx.lower[i + 1] not in ORG_KINDS and \
                    _employer_before_title(
                    doc, i, sent.end, lex, taken, firms):
                yield MentionDraft(i, i + 1, doc[i].text, ""), "ORG"
                i += 1
                continue
            if i in taken or ctx.pos[i] != "PROPN" or not _name_token(doc[i], lex):
                i += 1
                continue
            j = _run_end(doc, i, sent.end, taken, lex)
            if j + 1 < sent.end and ctx.lower[j] == "and" and j + 1 not in taken and \
                    ctx.pos[j + 1] == "PROPN" and _name_token(doc[j + 1], lex):
                k = _run_end(doc, j + 1, sent.end, taken, lex)
                if described_as_org(ctx, k):
                    # "Unity and Bread, a pro-Russian party": one name, "and" inside it
                    run = doc[i:k]
                    i = k
                    if not ctx.in_boiler(run[0]):
                        yield MentionDraft(run.start, run.end, run.text, ""), "ORG"
                    continue
            if i > sent.start and (i - 1 not in taken or doc[i - 1].ent_type_ == "NORP") \
                    and (gaz.demonym(doc[i - 1].text) or (
                        doc[i - 1].ent_type_ == "NORP" and doc[i - 1].is_title)) and \
                    doc[j - 1].lower_ in ORG_NAME_HEADS:
                # "Malaysian Anti-Corruption Commission", "Caspian Star Shipping": the
                # demonym (or a word the model took for one) is in the name
                i -= 1
            if j - i == 2 and gaz.demonym(doc[i].text) and doc[i + 1].is_upper and \
                    doc[i + 1].is_alpha and 2 <= len(doc[i + 1]) <= 6:
                i += 1  # "the Belarusian KGB": the body is the acronym, the state its own
            run = doc[i:j]
            i = j
            if ctx.in_boiler(run[0]):
                continue
            label = _run_label(run, lex, gaz)
            if label:
                yield MentionDraft(run.start, run.end, run.text, ""), label


def described_as_org(ctx: DocContext, end: int) -> bool:
    """Whether the name ending at token ``end`` is followed by an apposition that calls it
    a kind of organisation (", a pro-Russian opposition party")."""
    if end + 1 >= len(ctx.lower) or ctx.lower[end] != "," or ctx.lower[end + 1] not in (
            "a", "an", "the"):
        return False
    for j in range(end + 2, min(len(ctx.lower), end + 7)):
        if ctx.pos[j] not in ("ADJ", "NOUN", "PUNCT", "PROPN") or ctx.lower[j] == ",":
            return False
        if ctx.is_lower[j] and ctx.pos[j] == "NOUN" and ctx.lemma[j] in ORG_KINDS and (
                j + 1 >= len(ctx.lower) or ctx.pos[j + 1] != "NOUN"):
            return True
    return False


def capitals_line(ctx: DocContext, i: int) -> bool:
    """Whether token ``i`` is on a line written in capitals with a word longer than an
    acronym ("WORLD IN BRIEF", "U.S. DEPARTMENT OF THE TREASURY")."""
    text = ctx.text
    at = ctx.char_start[i]
    start = text.rfind("\n", 0, at) + 1
    key = ("capitals_line", start)  # (once per line: each mention on it asks again)
    if key not in ctx.memo:
        end = text.find("\n", at)
        words = re.findall(r"[A-Za-z]+", text[start: end if end >= 0 else len(text)])
        ctx.memo[key] = bool(words) and all(w.isupper() for w in words) and any(
            len(w) > 6 for w in words)
    return bool(ctx.memo[key])


#: the parts of speech a name the model missed starts with (see :func:`capitalised_runs`)
_RUN_POS = frozenset({"PROPN", "NOUN", "ADJ"})


def _headline(ctx: DocContext, sent: Any) -> bool:
    """A line in title case: its common words are capitalised too ("Facebook Says It
    Suspends Accounts"), which a sentence full of names is not."""
    # counted in one pass over the token tables, the word's text sliced only for a
    # content word
    if capitals_line(ctx, sent.start):
        return True
    text, pos, char_start, char_end = ctx.text, ctx.pos, ctx.char_start, ctx.char_end
    common = capitalised = 0
    for i in range(sent.start + 1, sent.end):
        if pos[i] in _CONTENT_POS:
            w = text[char_start[i]: char_end[i]]
            if w.isalpha():
                common += 1
                capitalised += w.istitle()
    return common >= 2 and capitalised >= 0.5 * common


_CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV"})


def _run_end(doc: Any, i: int, end: int, taken: set[int], lex: Lexicon) -> int:
    j = i
    while j < end and j not in taken and _name_token(doc[j], lex):
        j += 1
        # "Anti-Corruption": a hyphen between capitalised words
        if (j + 1 < end and doc[j].text == "-" and not doc[j - 1].whitespace_
                and j + 1 not in taken and _name_token(doc[j + 1], lex)):
            j += 1
    # "Oh Hye-won": a given name's second half after a hyphen, lowercase
    if (j > i and j + 1 < end and doc[j].text == "-" and not doc[j - 1].whitespace_
            and not doc[j].whitespace_ and doc[j + 1].is_lower and doc[j + 1].is_alpha
            and len(doc[j + 1]) <= 4 and doc[j + 1].pos_ == "PROPN"):
        j += 2
    # a connector inside an organisation's name: "Main Center for Special Technologies"
    while (j + 1 < end and doc[j].lower_ in ("of", "for", "de", "and")
           and doc[j - 1].lower_ in ORG_NAME_HEADS and j + 1 not in taken
           and _name_token(doc[j + 1], lex)):
        j += 1
        while j < end and j not in taken and _name_token(doc[j], lex):
            j += 1
    return j


#: a code name of letters and digits ("APT29", "UNC2452", "Sandstorm-9", "Storm-0558"):
#: capitals, or a capitalised word of four letters or more, then digits (not "MiG-29",
#: "F-16", "Su-35": aircraft)
_CODE_NAME = re.compile(r"^(?:[A-Z]{2,}|[A-Z][a-z]{3,})-?\d{1,5}$")


def code_name(text: str) -> bool:
    """Whether ``text`` is a code name of letters and digits (see :data:`_CODE_NAME`)."""
    return bool(_CODE_NAME.match(text))


def _run_label(run: Any, lex: Lexicon, gaz: Gazetteer) -> str:
    text = run.text
    if len(run) == 1 and code_name(text):
        return "ORG"  # what hackers and operations are tracked as: no person's name
    if gaz.lookup(text) or gaz.capital_of(text):
        return "GPE"  # a capital acting is its state; the mention stage decides
    if gaz.demonym(text) or gaz.is_place(text):
        return ""
    if len(run) > 1 and any(t.lower_ in ORG_NAME_HEADS for t in run):
        return "ORG"
    if len(run) <= 4 and titled_name_after(run.doc, run.end, run.sent.end, lex) and \
            given_name_gender(run[0].text) == "unknown" and not (
                # (not "Government spokesman X": a common noun opening the sentence)
                len(run) == 1 and (run[0].lower_ in ORG_KINDS or run[0].lower_ in STATE_BODIES)):
        return "ORG"  # "Nemunas Rail chief executive X": who employs the titled person
    # (the words of the name: "Oh Hye-won" is two, with its hyphenated half)
    doc = run.doc
    # ("Marites Villareal-Ocampo" is two too: a double family name is one word)
    words = [t for t in run if not (
        (t.text == "-" and t.i + 1 < run.end and doc[t.i + 1].is_lower)
        or (t.is_lower and t.i > run.start and doc[t.i - 1].text == "-")
        # (a double family name after a given name; not "Anti-Money Laundering")
        or (t.i > run.start + 1 and t.i + 1 == run.end and doc[t.i - 1].text == "-")
        or (t.text == "-" and t.i > run.start + 1 and t.i + 2 == run.end))]
    if 2 <= len(words) <= 3 and all(t.is_title and len(t) > 1 for t in words) and \
            person_cue(run, lex):
        return "PERSON"
    if len(run) == 1 and run[0].lower_ in ORG_KINDS and run.end < len(run.doc) and \
            run.doc[run.end].lower_ in lex.titles:
        return "ORG"  # "Bloc leader X": the bloc named before (names: one of that kind)
    if len(run) == 1 and text.isalpha() and _named_with_its_kind(run[0]):
        return "ORG"  # "the Heimatbund party", "the construction group Iberlink"
    if 2 <= len(run) <= 4 and _kind_after_the_name(run):
        return "ORG"  # "the Sable Kite group", "the Grey Lantern network"
    if len(run) <= 4 and run.root.dep_ == "appos" and run.root.head.i < run.start and \
            run.root.head.lemma_.lower() in ORG_KINDS and \
            given_name_gender(run[0].text) == "unknown":
        return "ORG"  # "oversaw the hacking group Sable Kitten"
    if len(run) == 1 and run.start > 0 and kin_title(run.doc[run.start - 1], lex):
        return "PERSON"  # "his father Heydar", "his son Bruno": a relative's given name
    if run.start > 0 and run.doc[run.start - 1].lower_ in PERSON_HONORIFICS and len(run) <= 3:
        return "PERSON"  # "Mr Castillo": only a person is a Mr
    if 2 <= len(run) <= 3 and all(t.is_title and t.is_alpha for t in run) and \
            (run.root.dep_ in ("nsubj", "nsubjpass", "dobj") or _trigger_object(run.root, lex)) \
            and given_name_gender(run[0].text) == "unknown" and not person_cue(run, lex):
        # "Delta Freight was funded by X", "sanctions on Petrovac Naft": two names no
        # person bears, a participant
        return "ORG"
    if len(run) == 1 and text.isalpha() and text.isupper() and 3 <= len(text) <= 6 and \
            run.start > 0 and text.lower() not in COMMON_TECH_TERMS and (
                run.doc[run.start - 1].lower_ == "the" or _state_possessive(run, gaz)):
        # "accused the GRU of hacking", "Russia's GRU": "the" or a state's possessive + an
        # acronym names a body
        return "ORG"
    return ""


def _state_possessive(run: Any, gaz: Gazetteer) -> bool:
    """Whether a state's possessive, or "the" and a demonym, come right before the run
    ("Iran's" of "Iran's IRGC", "the Belarusian" of "the Belarusian KGB")."""
    doc = run.doc
    if run.start < 2:
        return False
    before, word = doc[run.start - 2], doc[run.start - 1]
    if word.lower_ in ("'s", "\u2019s"):
        return bool(gaz.lookup(before.text) or gaz.capital_of(before.text))
    return before.lower_ == "the" and bool(gaz.demonym(word.text))


def _trigger_object(t: Any, lex: Lexicon) -> bool:
    """ "sanctions on X", "an attack against X", "cooperated with X": the object of a
    relation trigger's non-locative preposition (a participant, not a place)."""
    prep = t.head
    return t.dep_ == "pobj" and prep.lower_ in ("on", "against", "with", "to") and (
        prep.head.lemma_.lower() in lex.nouns or prep.head.lemma_.lower() in lex.verbs)


def _kind_after_the_name(run: Any) -> bool:
    """ "The Sable Kite group": "the", capitalised words, and the lowercase kind of
    organisation they are compounded onto (no person is "the Anna Vogel group")."""
    doc = run.doc
    if run.start == 0 or doc[run.start - 1].lower_ != "the" or run.end >= len(doc):
        return False
    kind = doc[run.end]
    return kind.is_lower and kind.pos_ == "NOUN" and kind.lemma_ in ORG_KINDS and \
        kind.lemma_ not in PERSON_LIKE_KINDS and run.root.head.i == kind.i and \
        all(t.is_title and t.is_alpha for t in run)


def _named_with_its_kind(t: Any) -> bool:
    """A capitalised word compounded onto a lowercase kind of organisation ("the
    Heimatbund party"), or right after one that has a determiner ("the construction group
    Iberlink"); a kind a person can be ("operator") leaves known given names alone."""
    doc = t.doc
    after = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if after is not None and t.dep_ == "compound" and t.head.i == after.i and after.is_lower \
            and after.lemma_ in ORG_KINDS and after.lemma_ not in PERSON_LIKE_KINDS:
        return True
    before = doc[t.i - 1] if t.i > 0 else None
    # (the kind with a determiner or a modifier of its own: "the construction group X",
    # "state media outlet X", "Russian energy giant X")
    return before is not None and before.is_lower and before.pos_ == "NOUN" \
        and before.lemma_ in ORG_KINDS and (any(
            c.dep_ == "det" for c in (t.children if before.head.i == t.i else before.children))
            or any(c.dep_ in ("compound", "amod") and c.i < before.i
                   for c in before.children)) \
        and (before.lemma_ not in PERSON_LIKE_KINDS or given_name_gender(t.text) == "unknown")


def kin_title(t: Any, lex: Lexicon) -> bool:
    """A kinship word ("son", "father") before a name: only a person is someone's son."""
    return t.lower_ in lex.person_roles and t.lower_ in lex.titles and any(
        c.lower_ in ("his", "her", "their") for c in t.children)


#: the people a body's name says it is of ("People's Progressive Alliance", "Workers'
#: Party"): no name of its own before the possessive
_GROUP_OWNERS = {"people", "peoples", "workers", "citizens", "farmers", "patriots", "women",
                 "children", "youth", "nation", "nations", "soldiers", "veterans", "martyrs",
                 "mothers", "journalists", "lawyers", "students", "believers"}


def state_named(ctx: DocContext, ent: Any) -> bool:
    """Whether an NER span is a state's name and nothing else (past a leading "the")."""
    start = ent.start + (ctx.lower[ent.start] == "the")
    known = ctx.gaz.lookup(span_text(ctx, start, ent.end)) if ent.end - start > 1 else None
    return known is not None and known[1] == STATE


def split_inside(ctx: DocContext, ents: list[Any]) -> list[Any]:
    """NER spans that hold more than one name, or a name and its title: a possessive
    inside ("Democratic Alliance's Natasha Mazzone" is the party and the person), a bracket
    ("United Malays National Organisation (UMNO" ends before it), a title before a person's
    name ("National Security Adviser M K Narayanan" is the person; the title stays
    outside, where the title rules read it).

    The spans' words are read from the token tables of ``ctx``: a token is built only
    where a test needs what they do not hold."""
    doc, lex, gaz, lower, tag = ctx.doc, ctx.lex, ctx.gaz, ctx.lower, ctx.tag
    out: list[Any] = []
    for e in ents:
        # (the span's label and bounds read once: a Span computes them on every read)
        label, start, stop = e.label_, e.start, e.end
        parts = [e]
        for i in range(start + 1, stop):
            if lower[i] in _QUOTES and not (label == "PERSON" and stop - start == 5
                                            and i in (start + 1, start + 3)):
                # (no quote or bracket has a case; 'Rodolfo "Dodong" Villareal' is one
                # name around a nickname, merged as such before)
                parts = [Span(doc, start, i, label=label)]
                break
            if lower[i] == "and" and label == "ORG" and i + 1 < stop and \
                    ctx.pos[i - 1] == "PROPN" and ctx.pos[i + 1] == "PROPN" and (
                        (start > 1 and lower[start - 1] == "," and ctx.pos[start - 2] == "PROPN")
                        # ("Golden Strait Shipping and Hai Lan Petroleum Trading": two
                        # names, each ending in the word of its trade)
                        or (i - start > 1 and lower[i - 1] in ORG_NAME_HEADS
                            and lower[stop - 1] in ORG_NAME_HEADS)):
                # "Vantor Ltd, Baltic Reach and Kestrel Oil": the last two of a list of
                # names, not one name with "and" inside it
                parts = [Span(doc, start, i, label=label), Span(doc, i + 1, stop, label=label)]
                break
            if lower[i] in ("-", "–", "—") and doc[i - 1].whitespace_ and doc[i].whitespace_:
                # "targeting EC - Cyber Security Authority": a spaced dash joins two names
                # (each kept if it looks like one: two words, or an acronym)
                parts = [p for p in (Span(doc, e.start, i, label=e.label_),
                                     Span(doc, i + 1, e.end, label=e.label_))
                         if len(p) > 1 or p.text.isupper()]
                break
            if tag[i] == "POS" and i + 1 < e.end and doc[i + 1].is_title and not (
                    e.end == i + 2 and lower[i + 1] in ORG_NAME_HEADS
                    and (lower[i - 1] in lex.titles or lower[i - 1] in lex.role_nouns)) \
                    and not (lower[i] == "'" and lower[e.end - 1] in ORG_NAME_HEADS) \
                    and not state_named(ctx, e) and lower[i - 1] not in _GROUP_OWNERS:
                # (but "the Prosecutor's Office", "the President's Office" is one name: an
                # office's holder by title, and the office; and "the Democratic People's
                # Republic of Korea" is a state's)
                right = doc[i + 1: e.end]
                parts = [Span(doc, e.start, i + 1, label=e.label_),
                         Span(doc, i + 1, e.end,
                              label="PERSON" if looks_like_person(right) else e.label_)]
                break
        if label in ("PERSON", "ORG") and len(parts) == 1 and stop - start > 2:
            end = stop
            while end - start > 1 and (tag[end - 1] == "POS" or ctx.is_punct[end - 1]):
                end -= 1  # "... M K Narayanan's": the possessive is not the name
            cut = None
            for i in range(start, end - 1):
                if lower[i] in lex.titles or lower[i] in lex.role_nouns:
                    cut = i
            # (not "Huaxin Engineering Company Limited": a company's kind and legal form)
            if cut is not None and looks_like_person(doc[cut + 1: end]) and \
                    lower[cut] not in ORG_NAME_HEADS and lower[end - 1] not in ORG_NAME_HEADS:
                parts = [Span(doc, cut + 1, end, label="PERSON")]
        if len(parts) == 1 and label == "ORG" and stop - start > 3 and ctx.pos[stop - 3] == "PROPN" \
                and doc[stop - 3].is_title and \
                all(doc[i].is_title and ctx.pos[i] == "PROPN" for i in (stop - 2, stop - 1)) \
                and given_name_gender(doc[stop - 2].text) != "unknown" \
                and lower[stop - 2] not in ORG_NAME_HEADS and lower[stop - 1] not in ORG_NAME_HEADS \
                and not gaz.is_place(span_text(ctx, stop - 3, stop - 1)) \
                and not gaz.is_place(span_text(ctx, stop - 2, stop)):
            # "the chairman of the State Agency for National Security Georgi Marinov": the
            # body's name, then a person's (a given name and one more word) glued onto it
            parts = [Span(doc, start, stop - 2, label="ORG"),
                     Span(doc, stop - 2, stop, label="PERSON")]
        if len(parts) == 1 and label in ("PERSON", "ORG"):
            # (a pair is joined by "and" or "with": no pair is looked for without one)
            words = lower[start: stop]
            pair = _split_pair(e) if "and" in words or "with" in words else []
            parts = pair or _split_state_prefix(e, gaz) or parts
        out.extend([p for p in parts if len(p)])
    return out
