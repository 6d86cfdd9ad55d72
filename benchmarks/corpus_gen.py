"""Generate a news-like corpus with planted reuse of every kind, and its gold pairs.

    python benchmarks/corpus_gen.py --n 100000 --out DIR --seed 1

writes ``DIR/articles.jsonl`` (one article a line: id, title, date, outlet, url,
text), ``DIR/gold_pairs.jsonl`` (``{"a": source id, "b": derived id, "kind": ...}``)
and ``DIR/meta.json`` (counts and settings). Same seed, same bytes.

Articles are invented: each has a topic (a domain, an invented organisation,
people, places, products and numbers) and is written from ~60 sentence
templates with slots, in 3-8 paragraphs, quotes included; a few outlets append
a boilerplate footer. Planted reuse, each at ``--rate`` of the articles (3% by
default), the source picked among the previous ``--window`` originals (reuse
is close in time) and dated before the copy:

- ``verbatim``: the same body under another outlet, title and url;
- ``near_duplicate``: 1-4 small edits (a number, a word, a dropped or added sentence);
- ``partial``: 1-3 paragraphs of the source inside an otherwise new article;
- ``spun``: content words swapped for synonyms from this file's own table (rate
  0.5 of the swappable words), function words and order kept, like a spinner;
- ``paraphrase``: sentences reordered inside and across paragraphs, ~10% of the
  words dropped, fillers and hedges inserted, ~15% of content words swapped.

It streams: memory stays bounded at any ``--n`` (only the recent window of
originals is kept). 100,000 articles take well under a minute on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

KINDS = ("verbatim", "near_duplicate", "partial", "spun", "paraphrase")

# --- vocabulary ----------------------------------------------------------------------------
# Synonym groups: every member is a real word that can replace the others in our templates.
_SYN_GROUPS = """
increase rise growth surge jump | decrease drop decline fall slump | company firm business corporation
plan proposal scheme programme | said stated noted remarked | announced declared revealed unveiled
officials authorities administrators | government administration executive | warned cautioned alerted
agreement deal accord pact | investigation inquiry probe examination | report study analysis review
residents locals inhabitants citizens | workers employees staff personnel | leaders chiefs heads
big large major sizeable | small minor modest slight | important significant crucial key
quickly rapidly swiftly speedily | recently lately newly | expected anticipated predicted forecast
problem issue difficulty challenge | decision ruling verdict judgement | meeting session gathering summit
city town municipality | region area district province | country nation state | money funds cash capital
help aid assistance support | build construct erect | buy purchase acquire | sell market trade
begin start commence launch | end finish conclude close | show reveal indicate demonstrate
people individuals persons | children kids youngsters | cars vehicles automobiles | homes houses dwellings
road street avenue | building structure facility | school academy college | hospital clinic infirmary
storm tempest gale | flood deluge inundation | fire blaze inferno | damage destruction harm
strong powerful robust | weak feeble fragile | new fresh novel | old ancient aged | cheap inexpensive affordable
expensive costly pricey | difficult hard tough | easy simple straightforward | clear obvious evident
fast quick rapid | slow sluggish gradual | serious grave severe | danger risk hazard | safe secure protected
sharply steeply dramatically | slightly marginally somewhat | strongly firmly vigorously
criticised condemned denounced attacked | praised commended applauded lauded | rejected refused dismissed declined
approved endorsed authorised sanctioned | delayed postponed deferred | cancelled scrapped abandoned
investigating examining probing | claimed alleged asserted | confirmed verified corroborated
election vote ballot poll | law legislation statute | tax levy duty | budget spending expenditure
profit earnings income gains | loss deficit shortfall | shares stocks equities | market exchange bourse
price cost rate | customers clients consumers | product item good | sales revenue turnover
team squad side | match game fixture | win victory triumph | defeat loss setback | coach manager trainer
player athlete competitor | season campaign term | goal target aim objective | fans supporters followers
scientists researchers experts | discovery finding breakthrough | disease illness sickness | patients sufferers
treatment therapy remedy | drug medicine medication | study research work | data figures numbers statistics
police officers constabulary | suspect accused defendant | crime offence offense | prison jail penitentiary
court tribunal | judge magistrate justice | lawyer attorney counsel | evidence proof testimony
weather climate conditions | rain rainfall downpour | heat warmth | cold chill frost | wind gusts breeze
farmers growers producers | crops harvest produce | water supply | drought dry spell | prices rates
river stream waterway | bridge crossing span | port harbour harbor | airport airfield | railway railroad
said told | week days | month weeks | year months | spokesman spokesperson representative
""".strip()

_GENERIC_NOUNS = [
    "plan",
    "proposal",
    "company",
    "investigation",
    "report",
    "agreement",
    "decision",
    "meeting",
    "budget",
    "law",
    "election",
    "market",
    "price",
    "project",
    "policy",
    "reform",
    "programme",
    "strategy",
    "contract",
    "review",
    "system",
    "network",
    "service",
    "facility",
    "building",
    "road",
    "bridge",
    "school",
    "hospital",
    "centre",
    "fund",
    "committee",
    "council",
    "board",
    "union",
]

_DOMAINS: dict[str, dict[str, list[str]]] = {
    "politics": {
        "nouns": [
            "election",
            "vote",
            "law",
            "legislation",
            "tax",
            "budget",
            "reform",
            "coalition",
            "parliament",
            "minister",
            "senate",
            "campaign",
            "policy",
            "referendum",
            "cabinet",
            "opposition",
            "ballot",
            "treaty",
            "sanctions",
            "constitution",
        ],
        "verbs": [
            "approved",
            "rejected",
            "criticised",
            "praised",
            "delayed",
            "announced",
            "proposed",
            "debated",
            "blocked",
            "endorsed",
            "challenged",
            "defended",
            "amended",
        ],
        "roles": [
            "minister",
            "senator",
            "mayor",
            "governor",
            "spokesperson",
            "adviser",
            "deputy",
            "chairman",
        ],
        "orgs": [
            "Party",
            "Ministry",
            "Council",
            "Assembly",
            "Commission",
            "Senate",
            "Office",
            "Federation",
        ],
    },
    "business": {
        "nouns": [
            "profit",
            "shares",
            "market",
            "sales",
            "customers",
            "merger",
            "acquisition",
            "revenue",
            "earnings",
            "investors",
            "factory",
            "supply",
            "chain",
            "product",
            "prices",
            "inflation",
            "exports",
            "jobs",
            "dividend",
            "bonds",
            "startup",
        ],
        "verbs": [
            "announced",
            "reported",
            "acquired",
            "sold",
            "launched",
            "cut",
            "raised",
            "expanded",
            "closed",
            "reduced",
            "forecast",
            "posted",
            "invested",
        ],
        "roles": [
            "chief",
            "executive",
            "analyst",
            "economist",
            "founder",
            "director",
            "chairman",
            "spokesperson",
        ],
        "orgs": [
            "Holdings",
            "Group",
            "Industries",
            "Bank",
            "Capital",
            "Motors",
            "Systems",
            "Foods",
            "Energy",
            "Airlines",
        ],
    },
    "sport": {
        "nouns": [
            "team",
            "match",
            "season",
            "win",
            "defeat",
            "coach",
            "player",
            "fans",
            "goal",
            "league",
            "championship",
            "stadium",
            "transfer",
            "injury",
            "final",
            "tournament",
            "title",
            "squad",
            "record",
        ],
        "verbs": [
            "won",
            "lost",
            "signed",
            "beat",
            "defeated",
            "drew",
            "scored",
            "injured",
            "sacked",
            "praised",
            "criticised",
        ],
        "roles": ["coach", "captain", "striker", "goalkeeper", "manager", "midfielder", "owner"],
        "orgs": [
            "United",
            "City",
            "Rovers",
            "Athletic",
            "Wanderers",
            "Rangers",
            "Club",
            "Federation",
        ],
    },
    "science": {
        "nouns": [
            "study",
            "research",
            "scientists",
            "discovery",
            "disease",
            "patients",
            "treatment",
            "drug",
            "data",
            "trial",
            "vaccine",
            "virus",
            "species",
            "climate",
            "telescope",
            "experiment",
            "genome",
            "laboratory",
        ],
        "verbs": [
            "published",
            "discovered",
            "found",
            "tested",
            "confirmed",
            "developed",
            "measured",
            "observed",
            "identified",
            "analysed",
            "reported",
        ],
        "roles": [
            "professor",
            "researcher",
            "scientist",
            "director",
            "biologist",
            "physicist",
            "doctor",
        ],
        "orgs": [
            "Institute",
            "University",
            "Laboratory",
            "Observatory",
            "Foundation",
            "Agency",
            "Hospital",
        ],
    },
    "crime": {
        "nouns": [
            "police",
            "suspect",
            "crime",
            "court",
            "judge",
            "evidence",
            "trial",
            "prison",
            "investigation",
            "fraud",
            "robbery",
            "arrest",
            "lawyer",
            "jury",
            "sentence",
            "victims",
            "witnesses",
            "charges",
        ],
        "verbs": [
            "arrested",
            "charged",
            "convicted",
            "sentenced",
            "released",
            "questioned",
            "accused",
            "denied",
            "investigated",
            "detained",
            "acquitted",
        ],
        "roles": [
            "detective",
            "inspector",
            "prosecutor",
            "lawyer",
            "judge",
            "officer",
            "spokesperson",
        ],
        "orgs": ["Police", "Court", "Prosecution", "Service", "Department", "Bureau", "Commission"],
    },
    "weather": {
        "nouns": [
            "storm",
            "flood",
            "rain",
            "wind",
            "drought",
            "heat",
            "fire",
            "damage",
            "residents",
            "roads",
            "homes",
            "power",
            "evacuation",
            "forecast",
            "temperatures",
            "crops",
            "rivers",
            "emergency",
        ],
        "verbs": [
            "hit",
            "struck",
            "damaged",
            "flooded",
            "destroyed",
            "closed",
            "evacuated",
            "warned",
            "forecast",
            "battered",
            "cut",
        ],
        "roles": [
            "forecaster",
            "official",
            "mayor",
            "firefighter",
            "spokesperson",
            "meteorologist",
        ],
        "orgs": ["Service", "Agency", "Authority", "Council", "Office", "Centre", "Department"],
    },
}

_ADJS = [
    "new",
    "major",
    "local",
    "national",
    "regional",
    "international",
    "public",
    "private",
    "former",
    "senior",
    "large",
    "small",
    "important",
    "serious",
    "strong",
    "weak",
    "difficult",
    "recent",
    "early",
    "late",
    "financial",
    "political",
    "economic",
    "social",
    "environmental",
    "legal",
    "official",
    "independent",
    "significant",
    "key",
    "controversial",
    "unexpected",
    "historic",
    "ambitious",
    "costly",
    "modest",
    "rapid",
    "gradual",
    "severe",
    "critical",
    "popular",
]
_ADVS = ["sharply", "slightly", "quickly", "recently", "strongly", "publicly", "formally", "widely"]
_FILLERS = [
    "also",
    "reportedly",
    "indeed",
    "in fact",
    "however",
    "meanwhile",
    "notably",
    "according to sources",
    "it appears",
    "as expected",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_FIRST = [
    "James",
    "Maria",
    "Ahmed",
    "Li",
    "Olga",
    "Kwame",
    "Sofia",
    "Daniel",
    "Priya",
    "Lucas",
    "Amina",
    "Hiroshi",
    "Elena",
    "Carlos",
    "Fatima",
    "Thomas",
    "Ingrid",
    "Mateo",
    "Zainab",
    "Pierre",
    "Aisha",
    "Ivan",
    "Chloe",
    "Rahul",
    "Nadia",
    "Samuel",
    "Leila",
    "Marco",
    "Yuki",
    "Grace",
]
_SYL = [
    "ba",
    "ro",
    "ta",
    "mi",
    "ke",
    "lo",
    "sa",
    "vi",
    "den",
    "mar",
    "tel",
    "gor",
    "ran",
    "sel",
    "kin",
    "dor",
    "va",
    "li",
    "na",
    "to",
    "fer",
    "bel",
    "cas",
    "har",
    "wen",
    "mon",
    "zu",
    "ri",
    "qu",
    "ost",
    "lin",
    "pra",
    "vel",
    "tor",
]

_OUTLETS = [
    ("The Daily Ledger", "dailyledger.example"),
    ("Northern Courier", "northerncourier.example"),
    ("Metro Observer", "metroobserver.example"),
    ("The Evening Post", "eveningpost.example"),
    ("Coastal Times", "coastaltimes.example"),
    ("Capital Herald", "capitalherald.example"),
    ("Valley Gazette", "valleygazette.example"),
    ("National Wire", "nationalwire.example"),
    ("The Morning Star", "morningstar.example"),
    ("City Chronicle", "citychronicle.example"),
    ("Global News Digest", "globaldigest.example"),
    ("The Independent Voice", "indvoice.example"),
    ("Harbour Standard", "harbourstandard.example"),
    ("Westside Journal", "westsidejournal.example"),
    ("Republic Tribune", "republictribune.example"),
    ("Pacific Bulletin", "pacificbulletin.example"),
]
# A few outlets end every article with the same boilerplate (it should be skipped as common).
_FOOTERS = {
    2: "Copyright Metro Observer Media. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    7: "Sign up for the National Wire newsletter to get the day's top stories delivered to your inbox "
    "every morning.",
    13: "Have a news tip? Contact the Westside Journal newsroom by email or call our hotline.",
}

# Sentence templates. Slots: {P} person, {P2} other person, {R} role, {O} organisation,
# {L} place, {N} domain noun, {N2}, {G} generic noun, {V} domain verb, {A} adjective,
# {D} weekday, {M} month, {X} number, {Y} number, {Q} quote clause, {ADV} adverb.
_TEMPLATES = [
    "{P}, the {R} of {O}, said on {D} that the {A} {N} would be {V} by the end of {M}.",
    "The {O} {V} the {N} after {X} {N2} in {L} complained about the {G}.",
    '"{Q}," {P} told reporters in {L}.',
    '"{Q}," said {P}, a {R} at {O}.',
    "According to {P}, the {N} in {L} has {V} {ADV} since {M}.",
    "Officials in {L} said {X} people had been affected by the {A} {N}.",
    "The {N} was first {V} in {M}, when {O} announced a {A} {G} worth {X} million.",
    "{P2} of {O} disputed the figures, saying the {N} had only {V} {Y} percent.",
    "In a statement, {O} said it was reviewing the {G} and would respond to the {N2} within {X} days.",
    "Critics argue that the {A} {G} does little to address the {N} facing {L}.",
    "The decision comes {X} weeks after {P} {V} the {N} in a {A} vote.",
    "Last {M}, the {O} {V} a {A} {N} that cost taxpayers {X} million.",
    "Supporters of the {G} say it will {ADV} improve the {N} for residents of {L}.",
    "It was not immediately clear how the {N} would affect the {A} {N2}.",
    "{P} declined to comment on the {N}, citing the {A} {G}.",
    "The {A} {N} in {L} drew {X} {N2} on {D}, organisers said.",
    "Analysts at {O} expect the {N} to {V2} by {Y} percent this year.",
    "{P} said the {O} had been warned about the {N} as early as {M}.",
    "Residents of {L} have long complained about the {N} and the {A} {G}.",
    "The {G} will be reviewed by {O} before a final {N} in {M}.",
    '"{Q}, and we will not stop until the {N} is {V}," {P} added.',
    'A spokesperson for {O} said the {N} was "{A} but manageable".',
    "The figures, published on {D}, show that the {N} {V} {Y} percent in {L}.",
    "Since {M}, more than {X} {N2} have been {V} across {L}.",
    '{P2}, who has led {O} since {YEAR}, called the {N} "{A}".',
    "The {N} is expected to cost {O} about {X} million over {Y} years.",
    "Earlier this year, {P} {V} plans for a {A} {N} near {L}.",
    "Both {O} and {O2} have said they will cooperate with the {N}.",
    "The {A} {N2} has been linked to the {N} by several {R}s.",
    "On {D}, {X} {N2} gathered outside the offices of {O} in {L}.",
    "The move was welcomed by {P2}, the {R} of {O2}.",
    "{O} has until {M} to respond to the {A} {N}.",
    "The {N} follows a {A} {G} in {L} that left {X} {N2} without support.",
    '"{Q}," {P2} wrote in a letter to {O}.',
    "Neither {O} nor {P} responded to requests for comment on the {N}.",
    "The {G} had been {V} twice before, in {YEAR} and {YEAR2}.",
    "Under the {A} {G}, the {N} would be {V} in {X} stages.",
    "{P} said the {N} showed that the {G} was working in {L}.",
]
_ADVERBIALS = [
    "on {D}",
    "last {M}",
    "for the first time",
    "in recent weeks",
    "despite the {N}",
    "in {L}",
    "after a {A} debate",
    "amid growing concern",
    "according to {O}",
    "earlier this year",
    "at a press conference",
    "by a narrow margin",
    "within {Y} days",
    "without giving details",
    "in the wake of the {N}",
    "as part of the {G}",
    "under pressure from {O2}",
    "late on {D}",
]
_QUOTES = [
    "We are deeply concerned about the {N}",
    "This {N} is {A} for everyone in {L}",
    "Nobody expected the {N} to be {V} so {ADV}",
    "The {G} is the best option we have",
    "We have done everything we can to support the {N2}",
    "It is too early to say what the {N} means for {L}",
    "Our priority remains the {A} {N}",
    "The people of {L} deserve a {A} {G}",
    "We will look carefully at the {N} and respond in due course",
    "This is a {A} day for {O}",
]
_HEADLINES = [
    "{O} {V} {A} {N} in {L}",
    "{L} {N}: {P} speaks out",
    "{A} {N} {V} after {X} {N2} complain",
    "What the {N} means for {L}",
    "{P} defends {A} {G}",
    "{N} {V} as {O} faces pressure",
]

_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class _Topic:
    domain: str
    nouns: list[str]
    verbs: list[str]
    roles: list[str]
    people: list[str]
    orgs: list[str]
    places: list[str]


class Generator:
    """Seeded article writer; ``article(topic)`` gives (title, paragraphs)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.syn: dict[str, list[str]] = {}
        for group in _SYN_GROUPS.replace("\n", "|").split("|"):
            words = group.split()
            for w in words:
                self.syn.setdefault(w, [])
                self.syn[w].extend(x for x in words if x != w and x not in self.syn[w])
        self.fmt = re.compile(r"\{([A-Z0-9]+)\}")

    def _name(self, k: int) -> str:
        return "".join(self.rng.choice(_SYL) for _ in range(k)).capitalize()

    def topic(self) -> _Topic:
        r = self.rng
        domain = r.choice(list(_DOMAINS))
        d = _DOMAINS[domain]
        people = [
            f"{r.choice(_FIRST)} {self._name(r.randint(2, 3))}" for _ in range(r.randint(2, 4))
        ]
        orgs = [f"{self._name(2)} {r.choice(d['orgs'])}" for _ in range(2)]
        places = [self._name(r.randint(2, 3)) for _ in range(2)]
        # every story has a few words of its own (a product, a project, a place-name noun)
        own = [self._name(r.randint(2, 3)).lower() for _ in range(3)]
        nouns = r.sample(d["nouns"], 6) + own
        return _Topic(domain, nouns, list(d["verbs"]), list(d["roles"]), people, orgs, places)

    def _fill(self, tmpl: str, t: _Topic) -> str:
        r = self.rng

        def slot(m: re.Match[str]) -> str:
            k = m.group(1)
            if k == "P":
                return t.people[0] if r.random() < 0.5 else r.choice(t.people)
            if k == "P2":
                return r.choice(t.people[1:])
            if k == "R":
                return r.choice(t.roles)
            if k in ("O", "O2"):
                return t.orgs[0] if k == "O" else t.orgs[1]
            if k == "L":
                return r.choice(t.places)
            if k in ("N", "N2"):
                return r.choice(t.nouns)
            if k == "G":
                return r.choice(_GENERIC_NOUNS)
            if k in ("V", "V2"):
                v = r.choice(t.verbs)
                return v if k == "V" else r.choice(["rise", "fall", "grow", "shrink"])
            if k == "A":
                return r.choice(_ADJS)
            if k == "ADV":
                return r.choice(_ADVS)
            if k == "D":
                return r.choice(_WEEKDAYS)
            if k == "M":
                return r.choice(_MONTHS)
            if k == "X":
                return str(
                    r.choice([r.randint(2, 99), r.randint(100, 9999), r.randint(10, 500) * 10])
                )
            if k == "Y":
                return str(r.randint(2, 60))
            if k in ("YEAR", "YEAR2"):
                return str(r.randint(1995, 2023))
            if k == "Q":
                return self._fill(r.choice(_QUOTES), t)
            return m.group(0)

        return self.fmt.sub(slot, tmpl)

    def sentence(self, t: _Topic) -> str:
        """One sentence: a template, filled, with natural variation.

        Writers vary their wording: the template's own words are swapped for
        synonyms (rate 0.35) and a third of the sentences get an adverbial
        ("on Tuesday", "for the first time" ...), so two unrelated stories do not
        share long stock phrases the way a bare template grammar would make them.
        """
        r = self.rng
        s = self.spin(self._fill(r.choice(_TEMPLATES), t), 0.35)
        if r.random() < 0.35:
            adv = self._fill(r.choice(_ADVERBIALS), t)
            cut = s.rfind(",", 0, len(s) - 1)
            if cut > 0 and r.random() < 0.5:
                s = f"{s[:cut]} {adv}{s[cut:]}"
            elif s.endswith("."):
                s = f"{s[:-1]} {adv}."
        return s

    def paragraphs(self, t: _Topic, n_par: int) -> list[list[str]]:
        r = self.rng
        return [[self.sentence(t) for _ in range(r.randint(2, 5))] for _ in range(n_par)]

    def title(self, t: _Topic) -> str:
        s = self._fill(self.rng.choice(_HEADLINES), t)
        return s[0].upper() + s[1:]

    # --- planted reuse -------------------------------------------------------------------
    def spin(self, text: str, rate: float) -> str:
        r = self.rng

        def swap(m: re.Match[str]) -> str:
            w = m.group(0)
            alts = self.syn.get(w.lower())
            if not alts or r.random() >= rate:
                return w
            s = r.choice(alts)
            return s.capitalize() if w[0].isupper() else s

        return _WORD.sub(swap, text)

    def near_duplicate(self, pars: list[list[str]], t: _Topic) -> list[list[str]]:
        r = self.rng
        pars = [list(p) for p in pars]
        for _ in range(r.randint(1, 4)):
            pi = r.randrange(len(pars))
            si = r.randrange(len(pars[pi]))
            op = r.random()
            if op < 0.35:  # change a number
                pars[pi][si] = re.sub(
                    r"\d+", lambda m: str(int(m.group(0)) + r.randint(1, 9)), pars[pi][si], count=1
                )
            elif op < 0.65:  # change one word
                words = pars[pi][si].split(" ")
                wi = r.randrange(len(words))
                words[wi] = r.choice(_ADJS)
                pars[pi][si] = " ".join(words)
            elif op < 0.85 and len(pars[pi]) > 1:  # drop a sentence
                del pars[pi][si]
            else:  # add a sentence
                pars[pi].insert(si, self.sentence(t))
        return pars

    def paraphrase(self, pars: list[list[str]]) -> list[list[str]]:
        r = self.rng
        sents = [s for p in pars for s in p]
        # reorder: swap ~1/3 of adjacent sentence pairs, then move a few sentences anywhere
        for i in range(0, len(sents) - 1, 2):
            if r.random() < 0.35:
                sents[i], sents[i + 1] = sents[i + 1], sents[i]
        for _ in range(max(1, len(sents) // 6)):
            s = sents.pop(r.randrange(len(sents)))
            sents.insert(r.randrange(len(sents) + 1), s)
        out = []
        for s in sents:
            words = s.split(" ")
            kept = [w for i, w in enumerate(words) if i == 0 or r.random() >= 0.10]
            if r.random() < 0.4:
                kept.insert(r.randint(1, max(1, len(kept) - 1)), r.choice(_FILLERS))
            out.append(self.spin(" ".join(kept), 0.15))
        # regroup into paragraphs of 2-4 sentences
        res: list[list[str]] = []
        i = 0
        while i < len(out):
            k = r.randint(2, 4)
            res.append(out[i : i + k])
            i += k
        return res


def _text(pars: list[list[str]], footer: str | None) -> str:
    body = "\n\n".join(" ".join(p) for p in pars)
    return body + ("\n\n" + footer if footer else "")


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def generate(
    n: int, seed: int = 1, rate: float = 0.03, window: int = 2000
) -> Iterator[tuple[dict[str, str], dict[str, str] | None]]:
    """Yield (article, gold pair or None) for ``n`` articles, in publication order."""
    g = Generator(seed)
    r = g.rng
    recent: list[tuple[str, str, list[list[str]], _Topic]] = []  # (id, date, paragraphs, topic)
    day0 = date(2024, 1, 1)
    per_day = max(1, n // 365)
    for i in range(n):
        aid = f"s{seed}-{i:07d}"
        day = (day0 + timedelta(days=i // per_day)).isoformat()
        oi = r.randrange(len(_OUTLETS))
        outlet, domain = _OUTLETS[oi]
        footer = _FOOTERS.get(oi)
        x = r.random()
        kind = KINDS[int(x / rate)] if x < rate * len(KINDS) and recent else None
        gold = None
        if kind is None:
            t = g.topic()
            pars = g.paragraphs(t, r.randint(4, 9))
            title = g.title(t)
            recent.append((aid, day, pars, t))
            if len(recent) > window:
                recent.pop(r.randrange(len(recent) // 2))  # forget older ones first
            text = _text(pars, footer)
        else:
            src_id, _, spars, t = r.choice(recent)
            title = g.title(t)
            if kind == "verbatim":
                pars = spars
            elif kind == "near_duplicate":
                pars = g.near_duplicate(spars, t)
            elif kind == "partial":
                own = g.topic()
                pars = g.paragraphs(own, r.randint(3, 6))
                k = r.randint(1, min(3, len(spars)))
                start = r.randrange(len(spars) - k + 1)
                at = r.randint(1, len(pars))
                pars[at:at] = spars[start : start + k]
                title = g.title(own)
            elif kind == "spun":
                pars = [[g.spin(s, 0.5) for s in p] for p in spars]
            else:
                pars = g.paraphrase(spars)
            text = _text(pars, footer)
            gold = {"a": src_id, "b": aid, "kind": kind}
        art = {
            "id": aid,
            "title": title,
            "date": day,
            "outlet": outlet,
            "url": f"https://{domain}/{day.replace('-', '/')}/{_slug(title)}-{i}",
            "text": text,
        }
        yield art, gold


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0.03, help="share of articles per reuse kind")
    ap.add_argument(
        "--window", type=int, default=2000, help="sources are among this many recent originals"
    )
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    counts = dict.fromkeys(KINDS, 0)
    chars = 0
    with (
        (out / "articles.jsonl").open("w", encoding="utf-8") as fa,
        (out / "gold_pairs.jsonl").open("w", encoding="utf-8") as fg,
    ):
        for art, gold in generate(args.n, args.seed, args.rate, args.window):
            fa.write(json.dumps(art, ensure_ascii=False) + "\n")
            chars += len(art["text"])
            if gold:
                fg.write(json.dumps(gold) + "\n")
                counts[gold["kind"]] += 1
    dt = time.perf_counter() - t0
    meta = {
        "n": args.n,
        "seed": args.seed,
        "rate": args.rate,
        "window": args.window,
        "gold_pairs": counts,
        "mean_chars": round(chars / max(1, args.n)),
        "seconds": round(dt, 1),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"{args.n} articles ({meta['mean_chars']} chars on average) in {dt:.1f} s -> {out}")
    print("gold pairs: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
