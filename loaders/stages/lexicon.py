"""Closed-class words (grammar, not domain knowledge) and the schema's words, indexed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ...schema import Schema
from .context import PERSON

# --- closed-class words: grammar, not domain knowledge ---------------------------------
HE = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
IT = {"it", "its", "itself"}
THEY = {"they", "them", "their", "theirs", "themselves"}
FIRST_PERSON = {"i", "me", "my", "myself", "we", "us", "our", "ourselves"}
SECOND_PERSON = {"you", "your", "yours", "yourself"}
POSS_PRON = {"his", "her", "its", "their"}
REL_PRON = {"who", "which", "that", "whom"}
MODAL_HYPO = {"might", "could", "may", "would", "will", "should", "'ll", "wo", "ca", "shall"}
#: "would prefer" states a preference, not a hypothesis
STATIVE_WOULD = {"prefer", "like", "want", "rather", "love"}
HEDGE_ADV = {"likely", "probably", "possibly", "allegedly", "reportedly", "apparently",
             "reputedly", "purportedly", "presumably", "perhaps", "maybe", "supposedly",
             "seemingly", "ostensibly"}
HEDGE_RAISING = {"say", "believe", "think", "report", "allege", "suspect", "rumour",
                 "rumor", "claim", "understand", "suppose", "seem", "appear", "accuse",
                 "charge", "blame"}
HYPO_RAISING = {"expect", "speculate", "predict", "forecast", "plan", "intend", "threaten",
                "set", "poise", "consider", "likely"}
HEDGE_NOUNS = {"claim", "allegation", "narrative", "counter-narrative", "theory", "rumour",
               "rumor", "speculation", "suspicion", "accusation", "possibility"}
DENY = {"deny", "reject", "dismiss", "refute", "rebut", "dispute", "contest"}
#: verbs whose infinitive did not happen: "refused to meet", "failed to sanction"
REFUSE = {"refuse", "decline", "fail", "avoid", "reject", "forgo", "resist", "neglect",
          "refrain", "hesitate", "balk"}
#: verbs whose "from" / "at" + gerund is an act not done: "refrained from sanctioning X"
ABSTAINING = {"refrain", "abstain", "balk", "shy", "desist", "stop", "hesitate"}
#: verbs whose object is an act not yet done: "is considering sanctions", "threatened strikes"
CONSIDERING = {"consider", "weigh", "mull", "propose", "threaten", "plan", "prepare",
               "discuss", "debate", "contemplate", "seek", "demand", "urge", "recommend"}
#: verbs whose infinitive is a plan, wish or threat (hypothetical): "plans to meet"
#: (not "aim": "aimed to undermine X" states the effort, as "sought to" does)
INTEND = {"plan", "intend", "threaten", "hope", "want", "wish", "vow", "pledge", "promise",
          "prepare", "propose", "consider", "mull", "weigh", "expect", "offer"}
#: verbs of inference or belief whose clause is hedged: "records suggest that X met Y"
HEDGE_CLAUSE = {"suggest", "indicate", "imply", "believe", "suspect", "think", "allege",
                "claim", "speculate", "assume", "presume", "guess", "rumour", "rumor"}
#: nouns a denial or dispute can be about: "rejected claims that", "a claim both deny"
CLAIM_NOUNS = {"claim", "allegation", "accusation", "report", "suggestion", "charge",
               "assertion", "rumour", "rumor", "speculation", "notion", "idea", "story"}
#: verbs whose subject receives what their object noun names: "received support from X",
#: "faces sanctions from X" (the subject is the target; the giver follows "from")
RECEIVING = {"receive", "get", "face", "accept", "obtain", "secure", "win", "suffer"}
#: verbs that judge a claim someone else made ("called the accusations unfounded")
JUDGING = {"call", "label", "brand", "describe", "term", "deem"}
#: what a claim is called when it is denied: "called the accusations unfounded", "it is
#: false that ...", "the claim is baseless"
DISMISSIVE = {"unfounded", "baseless", "groundless", "false", "untrue", "absurd", "fabricated",
              "fake", "ridiculous", "nonsense", "lie", "lies", "fiction", "slander",
              "wrong", "incorrect", "inaccurate", "bogus", "spurious", "preposterous"}
NEG_DET = {"no", "neither", "nor", "never", "without"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "former", "ex", "late",
              "candidate", "then", "current", "acting", "incumbent", "the", "a", "an",
              "so", "called", "so-called", "presidential", "vice", "deputy", "top",
              "senior", "self", "styled", "de", "facto", "mr.", "mrs.", "ms.", "dr.",
              "hon", "hon.", "honourable", "honorable"}
#: words that make a name a place or a thing, not a company: "Natanz Plant", "Nord Stream"
FACILITY_WORDS = {"plant", "airport", "bridge", "station", "base", "port", "facility",
                  "tower", "building", "dam", "pipeline", "stream", "hospital", "school",
                  "square", "street", "avenue", "road", "palace", "hall", "house", "centre",
                  "center", "stadium", "prison", "camp", "reactor", "mine", "field",
                  "terminal", "canal", "highway", "museum", "cathedral", "church", "mosque",
                  "temple", "embassy", "consulate", "park", "hotel", "arena", "gate"}
#: the honorifics only a person's name takes ("Ms Okafor" is a person, whatever the model says)
PERSON_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lady", "lord",
                     "mr.", "mrs.", "ms.", "dr.", "hon", "hon."}
#: nouns naming organisations (make "Burisma" in "energy company, Burisma" an organisation)
ORG_NOUNS = {"company", "firm", "group", "agency", "board", "party", "ministry",
             "organization", "organisation", "corporation", "corp", "bank", "network",
             "outlet", "newspaper", "channel", "broadcaster", "militia", "movement",
             "committee", "council", "department", "service", "services", "institute",
             "foundation", "fund", "union", "subsidiary", "conglomerate", "campaign", "inc", "ltd", "llc", "plc", "airline", "university", "office", "panel"}
#: kinds of organisation a name is introduced by ("the radio station Cadena Norte", "the
#: grid operator X"): with no given name in it, the name is an organisation's
ORG_KINDS = ORG_NOUNS | {
    "utility", "operator", "station", "website", "site", "portal", "magazine", "tabloid",
    "daily", "weekly", "insurer", "lender", "carrier", "manufacturer", "maker", "producer",
    "supplier", "contractor", "publisher", "platform", "consultancy", "exchange",
    "regulator", "watchdog", "refinery", "miner", "shipper", "carmaker", "automaker",
    "drugmaker", "chipmaker", "retailer", "distributor", "exporter", "importer", "provider",
    "conglomerate", "startup", "broadcaster", "club", "charity", "thinktank", "consortium", "chain",
    "giant",
    "cooperative", "bloc", "coalition", "syndicate", "ngo", "lab", "laboratory", "hospital",
    "clinic", "school", "college", "network", "outfit", "unit", "collective", "brand",
    "app", "messenger", "forum", "blog", "marketplace", "aggregator", "wire",
    "shipbuilder", "shipyard", "haulier", "hauler", "builder", "developer", "airline",
    "telco", "broker", "brokerage", "dealer", "trader", "insurer", "bank", "fund",
    # public bodies, named by their kind alone after their full name ("the Commission")
    "commission", "authority", "council", "committee", "bureau", "directorate"}
#: kinds a person can also be ("the drone operator Tomas Brandt"): only a name without a
#: known given name is the organisation
PERSON_LIKE_KINDS = {"operator", "producer", "contractor", "maker", "publisher", "supplier",
                     "developer", "builder", "broker", "dealer", "trader",
                     "carrier", "miner", "exporter", "importer", "distributor", "provider"}
#: what a person is described as, capitalised before the name at a sentence's start
#: ("Billionaire Oren Castellane"): no title, and no part of the name
PERSON_DESCRIPTORS = {
    "billionaire", "tycoon", "businessman", "businesswoman", "magnate", "oligarch",
    "financier", "banker", "investor", "entrepreneur", "developer", "mogul", "activist",
    "blogger", "journalist", "reporter", "lawyer", "attorney", "dissident", "broker",
    "dealer", "trader", "smuggler", "hacker", "socialite", "philanthropist", "economist",
    "analyst", "professor", "priest", "pastor", "cleric", "imam", "rabbi", "singer",
    "actor", "actress", "rapper", "footballer", "businessmen", "industrialist",
    "millionaire", "heiress", "heir", "influencer", "commentator", "columnist", "novelist",
    "writer", "author", "filmmaker", "producer", "lobbyist", "consultant", "strategist",
    "fixer", "middleman", "defendant", "suspect", "witness", "whistleblower"}
#: collective nouns that, modified by a demonym, act as that state ("Russian agents")
STATE_ACTORS = {"leader", "leadership", "government", "official", "agent", "force",
                "troop", "military", "army", "authority", "hacker", "operative", "spy",
                "regime", "diplomat", "administration", "navy", "intelligence", "state",
                "soldier", "embassy", "actor", "prosecutor", "investigator", "police",
                "regulator"}
#: participles that put an actor behind a state: "hackers linked to North Korea",
#: "Iran-backed militias" (the state acts through them)
BACKING = {"link", "tie", "connect", "back", "sponsor", "direct", "support", "fund"}
#: state actors that are the state itself, as an actor or a target ("the Russian military")
STATE_BODIES = {"leadership", "government", "force", "military", "army", "authority", "regime",
                "administration", "navy", "state", "embassy", "intelligence"}
#: people as a class: a possessor of these is not the argument ("Trump's aides" != Trump)
HUMAN_NOUNS = {"people", "person", "figure", "aide", "friend", "official", "agent",
               "leader", "member", "supporter", "ally", "source", "lawyer", "adviser",
               "advisor", "operative", "hacker", "troop", "force", "soldier", "voter",
               "officer", "staff", "employee", "clan", "family", "associate", "man",
               "woman", "someone", "critic", "spokesman", "team", "camp"}
#: what elections are called; a trigger acting on one targets the state holding it
ELECTION_NOUNS = {"election", "elections", "vote", "voter", "poll", "polls", "electorate",
                  "ballot", "referendum", "re-election", "reelection"}
#: the direction of help in "swing the election towards X", "in favour of X"
FAVOUR_PREPS = {"towards", "toward"}
EVENT_AGENT_PREPS = {"by", "of", "from"}
OBJ_PREPS = {"in", "into", "on", "with", "against", "towards", "toward", "to", "over", "for",
             "at", "upon", "onto", "between", "of"}
SUCH_AS = {"as", "like", "including"}
#: verbs whose object is an instrument or goal, not the actor of the "to" clause
SUBJECT_CONTROL = {"try", "attempt", "seek", "use", "employ", "exploit", "leverage", "promise",
                   "make"}
NAMING_VERBS = {"call", "name", "know", "dub", "nickname", "label"}
#: verbs that hit someone with a measure: "X was hit with sanctions by Y"
HITTING_WITH = {"hit", "slap", "target", "punish", "threaten", "saddle"}
#: verbs of acting for someone ("operates on behalf of Y")
ACTING_VERBS = {"act", "operate", "work", "spy", "serve", "function"}
#: verbs of owning: the owner leads, or (an organisation or state) is the owned one's parent
OWNING_VERBS = {"own", "co-own", "wholly-own", "majority-own", "control"}
#: verbs that say what something is with an "as" predicate ("described X as tied to Y",
#: "described X as an associate of Y")
DESCRIBING_VERBS = NAMING_VERBS | {"describe", "portray", "characterise", "characterize",
                                   "identify", "brand", "depict", "present", "regard", "see",
                                   "view", "list", "cast", "paint", "classify", "designate"}
#: what a state's politics is called: acting on "Latvian politics" acts on Latvia
POLITY_NOUNS = {"politics", "affairs", "democracy", "referendum", "institutions", "society",
                "process", "processes", "debate", "discourse", "sovereignty", "system",
                # what a state has that an attack or intrusion reaches ("Indian networks")
                "network", "networks", "infrastructure", "grid", "systems", "computers",
                "servers", "ministries", "ministry", "websites", "agencies", "territory",
                "border", "airspace", "waters", "positions", "forces", "troops", "cities",
                "military", "government", "embassy", "satellites", "bases",
                "base", "ships", "vessels", "banks", "ports", "facilities", "soil", "parliament",
                "legislature", "utilities", "hospitals"}
#: verbs of connection, whose passive reads both ways ("X-linked Y" is Y linked to X)
LINK_VERBS = {"link", "tie", "connect", "associate", "affiliate", "attach"}
#: verbs whose object belongs to the subject ("Kavel Systems hired X": X is affiliated)
EMPLOYING = {"employ", "hire"}
#: verbs whose object, not subject, does what follows ("accused X of hacking")
OBJECT_CONTROL = {"accuse", "charge", "suspect", "blame", "indict", "convict", "arrest",
                  "sanction", "punish", "fine", "prosecute", "investigate",
                  # "ordered the team to break into X": the one ordered acts, named or not
                  "order", "direct", "instruct", "tell", "ask", "urge", "force", "hire", "pay",
                  "recruit", "authorize", "authorise", "allow", "permit", "encourage",
                  "persuade", "convince", "task", "commission", "enlist", "train", "send",
                  "deploy", "pressure", "press", "compel", "oblige", "invite"}
#: last words of organisation names ("Baltara Energy", "Bangladesh Bank", "Lazarus Group")
ORG_NAME_HEADS = ORG_NOUNS | {
    "holdings", "energy", "agency", "commission", "directorate", "bureau", "court",
    "assembly", "parliament", "senate", "congress", "alliance", "front", "forces",
    "army", "times", "post", "journal", "news", "press", "herald", "tribune", "gazette",
    "wire", "dispatch", "chronicle", "observer", "mirror", "express", "bulletin",
    "courier", "telegraph", "radio", "television", "tv", "association", "federation",
    "centre", "center", "brigade", "battalion", "cartel", "mission", "unit", "team",
    "industries", "systems", "technologies", "technology", "media", "capital", "partners", "trust",
    "oil", "gas", "petroleum", "airways", "airlines", "motors", "inc", "corp", "co",
    "gmbh", "ag", "sa", "nv", "bv", "llp", "pjsc", "ojsc", "jsc", "initiative", "limited",
    "incorporated", "corporation", "company", "pty", "pvt", "sarl", "bhd", "sdn", "kk",
    "authority", "police", "guard", "navy", "telecom", "telecoms", "communications",
    "mining", "resources", "investments", "ventures", "solutions", "labs", "aviation",
    "shipping", "logistics", "insurance", "pharmaceuticals", "chemicals", "steel",
    # what a company makes or sells, as in its name ("Norilsk Nickel", "Siberian Coal")
    "nickel", "aluminium", "aluminum", "metals", "coal", "copper", "minerals", "electric",
    "petrochemicals", "fertilizers", "fertilisers", "fertilizer", "fertiliser", "foods",
    "beverages", "chemical", "cement", "timber", "grain", "agro", "pharma",
    # the other words that end companies' names, English and not
    "maritime", "marine", "hosting", "consulting", "consultants", "construction", "engineering",
    "pr", "shipyard", "shipyards", "rail", "railways", "lines", "tankers",
    "trading", "tankers", "freight", "transport", "software", "electronics",
    "holding", "enterprises", "international", "global", "associates", "publishing",
    "studios", "consultores", "construcciones", "costruzioni", "gruppo", "spa", "srl",
    "ltda", "ooo", "oao", "zao", "ab", "oy", "asa",
    # armed and political bodies ("Sokol Brotherhood", "Popular Mobilisation Committee")
    "brotherhood", "militia", "movement", "legion", "committee", "council", "league",
    "coalition", "bloc", "network", "collective", "foundation", "institute", "fund",
    "platforms", "exchange", "corps", "works", "refining", "steelworks", "ironworks", "refinery", "cyber", "mills", "monitor", "observatory", "watch", "tracker",
    # what companies that make or move energy are called outside English
    "energo", "neft", "gaz", "prom", "bank"}
#: words inside a capitalised run that never belong to a person's name
NOT_NAME_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december", "monday", "tuesday",
                  "wednesday", "thursday", "friday", "saturday", "sunday", "i", "covid",
                  "internet", "god"}
#: common nouns of computing often written capitalised or as acronyms, which the model
#: takes for names ("a PDF attachment containing Trojan malware")
COMMON_TECH_TERMS = {"pdf", "trojan", "trojans", "malware", "ransomware", "spyware", "botnet",
                     "ddos", "vpn", "url", "usb", "sms", "wi-fi", "wifi", "html", "jpeg",
                     "jpg", "gif", "zip", "exe", "api", "gps", "dns", "ip", "sim", "otp",
                     "captcha", "cpu", "gpu", "ram", "ssd", "pc", "iot", "ai", "phishing"}
#: verbs of going somewhere: "flew to Vienna" names where, not who
MOTION_VERBS = {"fly", "travel", "go", "come", "return", "move", "head", "drive", "sail",
                "flee", "relocate", "commute", "journey", "walk", "ride", "leave", "depart",
                "set", "trip", "visit", "arrive"}
#: prepositions that make a place name a location rather than an actor
LOCATIVE = {"in", "at", "from", "near", "outside", "around", "across", "inside",
            "throughout", "via", "within"}
#: verbs of saying: their subject is a speaker, so a person ("Ilse Novak said")
SPEECH_VERBS = {"say", "tell", "add", "deny", "claim", "write", "state", "insist", "argue",
                "explain", "note", "warn", "confirm", "announce", "reply"}
#: words that make a leader's title a subordinate one ("vice president", "deputy head")
#: (ANNOTATION: "not vice-, deputy or acting-under roles")
SUBORDINATE = {"vice", "deputy", "assistant", "under", "associate", "sub", "acting"}
#: verbs of saying that attribute wrongdoing ("found" and "reported" are findings)
#: undertakings that stand for whoever runs them when authorized, funded or backed ("approved
#: the operation run by X" authorizes X)
OPERATION_NOUNS = {"operation", "campaign", "effort", "program", "programme", "scheme",
                   "plan", "project", "mission", "plot"}
#: verbs whose object is an event the subject reacts to, not one it carries out ("condemned
#: the attack on X", "opposed the sanctions on Y", "evaded sanctions")
OBSERVING_VERBS = {
    "discuss", "debate", "criticise", "criticize", "condemn", "denounce", "decry",
    "deplore", "oppose", "welcome", "praise", "applaud", "hail", "protest", "investigate",
    "probe", "examine", "study", "review", "analyse", "analyze", "document", "describe",
    "detail", "expose", "uncover", "reveal", "track", "monitor", "survive", "suffer",
    "witness", "face", "evade", "circumvent", "dodge", "skirt", "bust",
    "challenge", "contest", "appeal", "block", "veto", "obstruct", "question",
    "fear", "recall", "remember", "cite", "mention", "downplay", "confirm", "punish",
    "avenge", "repel", "thwart", "foil", "prevent", "stop", "halt", "counter", "resist",
    "withstand", "detect", "violate", "breach", "flout", "ignore", "fight", "combat",
    "tackle", "endure", "cover", "film", "photograph", "mourn", "regret", "lament",
    "publicise", "publicize", "predict", "anticipate", "chronicle", "recount", "notice",
    "urge", "demand", "advocate", "request", "seek"}
#: adjectives whose "of"/"for" phrase is the subject's own act ("responsible for the attack")
ACTOR_ADJECTIVES = {"responsible", "guilty", "liable", "culpable", "complicit", "involved",
                    "instrumental"}
#: verbs of speaking and knowing: "spoke of the attack", "warned of sanctions on X"
TELLING_VERBS = {"warn", "speak", "talk", "comment", "report", "testify", "write", "complain",
                 "learn", "know", "hear", "tell", "inform", "brief", "ask", "inquire",
                 "enquire", "protest", "lobby", "argue", "think", "worry", "care", "joke",
                 "call", "push", "press", "clamour", "clamor", "plead", "pray", "wait"}
#: nouns whose "of"/"in" phrase is an event carried out by whoever carries them ("a
#: campaign of attacks", "Russia's role in the attack"): other nouns ("an inquiry into the
#: attack", "a report on the sanctions") hold an event of someone else's
EVENT_CONTAINERS = OPERATION_NOUNS | {
    "wave", "series", "string", "spate", "number", "part", "role", "involvement",
    "participation", "responsibility", "barrage", "flurry", "round", "package", "set",
    "raft", "slew", "host", "range", "imposition", "introduction", "adoption", "use",
    "launch", "conduct", "pattern", "history", "years", "months", "decade", "kind", "type",
    "form", "act", "acts", "threat", "tranche", "batch", "list", "course", "way"}
#: who carries out an event, as a noun: "the culprit behind the attacks on X" is X's attacker
#: (who claims responsibility for an act carried it out)
PERPETRATOR_NOUNS = {"culprit", "perpetrator", "mastermind", "architect", "instigator",
                     "organiser", "organizer", "ringleader", "responsibility"}
#: verbs that name someone as what they are ("named X as the culprit", "identified X as")
IDENTIFYING_VERBS = {"name", "identify", "single", "finger", "brand", "label", "call",
                     "describe", "pinpoint", "unmask", "expose"}
#: parts of an organisation: what reaches the part reaches the whole ("a subsidiary of X")
ORG_PART_NOUNS = {"subsidiary", "affiliate", "offshoot", "unit", "division", "branch", "arm"}
#: verbs whose object takes the role after "as": "appointed X as head of Y"
APPOINTING = {"appoint", "name", "nominate", "elect", "designate", "install", "hire",
              "promote", "choose", "select", "confirm", "reappoint", "re-elect", "tap"}
#: functions of an organisation whose head is no leader of it ("its logistics director")
FUNCTIONS = {"logistics", "finance", "financial", "marketing", "sales", "communications",
             "operations", "research", "technology", "technical", "legal", "compliance",
             "procurement", "regional", "programme", "program", "project", "creative",
             "artistic", "medical", "scientific", "editorial", "policy", "investment", "risk",
             "strategy", "data", "product", "engineering", "design", "purchasing", "export",
             "production", "campaign", "press", "media", "security", "information"}
#: verbs whose coordinated subjects act on each other, with no object: "A and B cooperate"
RECIPROCAL = {"cooperate", "collaborate", "sign", "partner", "coordinate"}
#: acting together: who acts "with" the subject in a purpose clause acts too ("X
#: coordinated with Y to smear Z": Y smears Z)
COMITATIVE = RECIPROCAL | {"work", "conspire", "collude", "team", "join", "plot", "scheme",
                           "ally", "cooperate", "collaborate", "liaise", "partner"}
#: verbs whose beneficiary may be the subject of the clause they take: "help X win"
HELPING = {"help", "assist", "aid", "enable"}
#: nouns of a directive inside an adverbial phrase: "at the direction of X", "on X's orders",
#: "at the behest of X", "under instructions from X"
DIRECTIVE_NOUNS = {"direction", "directions", "behest", "order", "orders", "instruction",
                   "instructions", "command", "commands", "bidding"}
DIRECTIVE_PREPS = {"at", "on", "under", "upon"}
#: "with the approval of X", "would not act without the consent of X": X -[directive]-> Y
CONSENT_NOUNS = {"approval", "consent", "permission", "authorization", "authorisation",
                 "blessing", "go-ahead"}
CONSENT_PREPS = {"with", "without"}
#: verbs that assign an act to its author: "blamed the attack on X", "the hack was
#: attributed to X", where X is the act's actor, not its target
ATTRIBUTING = {"blame", "attribute", "pin", "ascribe", "trace"}
ACCUSING_SPEECH = {"say", "allege", "claim", "assess", "accuse", "charge", "blame", "state",
                   "insist", "assert", "conclude", "warn", "tell", "announce", "attribute",
                   "determine", "establish", "confirm"}
#: crimes and other wrongdoing, as verbs: who says that someone did one accuses them
#: ("the Treasury said X had laundered the money")
WRONGDOING_VERBS = {
    "launder", "bribe", "smuggle", "channel", "funnel", "siphon", "embezzle", "defraud",
    "steal", "spy", "traffic", "extort", "evade", "circumvent", "violate", "bust", "falsify",
    "forge", "rig", "conspire", "collude", "kidnap", "murder", "assassinate", "poison",
    "torture", "blackmail", "sabotage", "infiltrate", "divert", "loot", "misappropriate",
    "fabricate", "cheat", "swindle", "plunder", "bankroll", "corrupt", "sanction-bust",
    "hack", "breach", "leak", "impersonate", "fake", "rob", "bribe", "pocket", "skim", "arm"}
#: verbs whose "that" clause is itself an accusation of its subject ("alleged that X ...")
ALLEGING = {"allege", "accuse", "charge"}
#: verbs whose use is an accusation made, whoever disputes what it says
ACCUSING_VERBS = ALLEGING | {"blame", "indict", "sue", "prosecute"}
#: verbs that name who did a thing by a preposition ("blamed X for", "accused X of")
BLAMING_VERBS = ACCUSING_VERBS | ATTRIBUTING
#: what a document does for whoever issued it ("the indictment charges", "the order names")
DOCUMENT_VERBS = {"charge", "accuse", "allege", "indict", "blame", "name", "identify",
                  "designate", "sanction", "say", "state", "claim", "conclude", "find"}
#: nouns whose "that" clause is an accusation of its subject ("Y's accusation that X ...")
ALLEGING_NOUNS = {"accusation", "allegation", "charge"}
#: nouns whose "that" clause attributes wrongdoing ("India's charge that ...")
ACCUSING_NOUNS = {"charge", "claim", "allegation", "accusation", "assessment", "assertion"}


# --- the schema's words, indexed ---------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """Trigger words of the schema indexed by their head word (built once per extractor)."""

    verbs: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    nouns: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    titles: dict[str, tuple[str, ...]]
    role_nouns: dict[str, tuple[str, ...]]
    max_title_len: int
    person_roles: frozenset[str] = frozenset()

    @classmethod
    def from_schema(cls, schema: Schema) -> Lexicon:
        verbs: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        nouns: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        titles: dict[str, list[str]] = {}
        roles: dict[str, list[str]] = {}
        for name, rt in schema.relations.items():
            for phrase in rt.triggers:
                words = tuple(phrase.split())
                verbs.setdefault(lemma_guess(words[0]), []).append((name, words[1:]))
            for phrase in rt.nouns:
                words = tuple(phrase.split())
                head = noun_head(words)
                rest = tuple(w for w in words if w != head)
                nouns.setdefault(head, []).append((name, rest))
                # a type with titles is a role relation: its nouns are role nouns too
                if len(words) == 1 and rt.titles:
                    roles.setdefault(words[0], []).append(name)
            for phrase in rt.titles:
                titles.setdefault(phrase, []).append(name)
                # the role word heads the title: "minister" of "minister of justice"
                roles.setdefault(phrase.split(" of ")[0].split()[-1], []).append(name)
        # in tokens: "brother-in-law" is five ("brother - in - law")
        longest = max((len(t.replace("-", " - ").split()) for t in titles), default=1)
        # roles only a person can hold ("colleague", "son", "president")
        person_only = {w for w, types in roles.items()
                       if all(schema.relations[t].source == {PERSON} for t in types)}
        return cls(
            {k: _most_specific_first(v) for k, v in verbs.items()},
            {k: _most_specific_first(v) for k, v in nouns.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in titles.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in roles.items()},
            longest,
            frozenset(person_only),
        )

    @cached_property
    def title_ends(self) -> frozenset[str]:
        """The last word of every title (see :func:`last_word`): a phrase whose last word
        is none of these is no title, whatever words come before it."""
        return frozenset(last_word(t) for t in self.titles)

    @cached_property
    def trigger_heads(self) -> tuple[frozenset[str], frozenset[str]]:
        """(lemmas, lowercased words) a verbal, nominal, role or directive trigger can be
        read from: a token with neither is none of them (the relation stage's first test)."""
        lemmas = {*self.verbs, *self.nouns, *self.role_nouns, *OWNING_VERBS}
        words = {*self.verbs, *self.nouns, *self.titles, *DIRECTIVE_NOUNS, *CONSENT_NOUNS,
                 "counterpart", "counterparts",
                 *(w for w, lemma in IRREGULAR.items() if lemma in self.verbs)}
        return frozenset(lemmas), frozenset(words)


def _most_specific_first(
        phrases: list[tuple[str, tuple[str, ...]]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A head word's (type, other words) phrases, the longest first and otherwise in schema
    order (a stable sort): the order :func:`.candidates.types_for` gives them in, sorted
    once here rather than for every trigger token."""
    return tuple(sorted(phrases, key=lambda phrase: -len(phrase[1])))


IRREGULAR = {"met": "meet", "held": "hold", "sat": "sit", "led": "lead", "ran": "run",
             "has": "have", "had": "have", "fought": "fight", "struck": "strike",
             "sought": "seek", "made": "make", "gave": "give", "took": "take",
             # the model's lemmatiser makes "hopes" "hop"
             "hopes": "hope", "hoped": "hope", "hoping": "hope"}
#: verbs that call off an event: "cancelled her meeting with X" (it did not take place)
CANCELLING = {"cancel", "scrap", "abandon", "scuttle", "nix", "axe", "ax"}
#: predicates of a "whether" clause that leave it open as a question of fact (hedged,
#: not hypothetical): "it is unclear whether X met Y"
OPEN_QUESTION = {"unclear", "uncertain", "unknown", "unconfirmed", "disputed"}


def last_word(phrase: str) -> str:
    """What follows the last space or hyphen of a phrase ("vice-president" -> "president"):
    the same for a title as for the words it is read from, joined with or without hyphens."""
    return phrase.rsplit(" ", 1)[-1].rsplit("-", 1)[-1]


def lemma_guess(word: str) -> str:
    """Schema triggers are lemmas ("meet") or inflected ("met"): map the common ones."""
    return IRREGULAR.get(word, word)


#: a state's generic bodies: "Russia's Foreign Ministry", "the central bank" name one
#: state's body only with the state beside them (every state has a foreign ministry)
BODY_WORDS = {"foreign", "ministry", "defence", "defense", "interior", "justice", "department",
              "central", "bank", "supreme", "court", "office", "finance", "treasury",
              "national", "security", "council", "intelligence", "service", "police", "army",
              "navy", "air", "force", "armed", "forces", "health", "economy", "trade",
              "energy", "emergency", "emergencies", "commission", "election", "electoral",
              "constitutional", "general", "staff", "federal", "home", "external", "affairs",
              "agency", "of", "for", "and", "prosecutor", "prosecutors", "military",
              "parliament", "cabinet", "guard", "border", "customs", "tax", "revenue"}
BODY_HEADS = {"ministry", "bank", "court", "office", "department", "agency", "service",
              "council", "commission", "police", "army", "navy", "guard", "parliament",
              "cabinet", "staff", "forces", "force"}
#: the bodies of a state that are bodies of their own, not the state acting ("the Finnish
#: foreign ministry"; "the Russian army" is Russia)
CIVIL_BODY_HEADS = {"ministry", "bank", "court", "office", "department", "agency", "service",
                    "council", "commission"}
#: words that make "<surname> X" an institution rather than a variant of a person's name
INSTITUTION_WORDS = {"administration", "family", "camp", "team", "era", "presidency",
                     "doctrine", "government", "regime", "cabinet", "campaign", "estate",
                     "tower", "hotel", "club", "center", "centre", "school", "library",
                     "house", "plan", "act", "law", "report", "memo", "dossier", "trial",
                     "case", "inquiry", "probe", "investigation", "allies", "aides"}

PREPS = {"of", "for", "against", "in", "on", "with", "to", "into", "over", "towards",
         "toward", "between", "by", "from", "at", "about"}


def noun_head(words: tuple[str, ...]) -> str:
    """The noun of a nominal trigger: "campaign against" -> campaign, "in favour of" -> favour."""
    content = [w for w in words if w not in PREPS]
    return content[-1] if content else words[-1]
