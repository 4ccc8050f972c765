"""The words of English SEND work, folded so that different ways of saying one thing count as one.

Parents write "EHCP", "EHC plan" and "education, health and care plan"; officers write "SENCo",
"SENCO" and "special educational needs co-ordinator"; American spell-checkers turn "behaviour" into
"behavior". Link suggestions and themes must treat each of these as one term, so both fold tokens
through :func:`fold_terms` before counting anything.

Canonical terms are lower case. Abbreviations fold to the abbreviation itself ("ehcp"), because
that is how officers talk and what they expect to see as a matched term; :data:`SEND_ABBREVIATIONS`
gives the plain-English expansion for display. Multi-word ideas without a common abbreviation fold
to a hyphenated term ("sen-support", "local-offer"). Everything here is plain data and string
handling: no corpora, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Abbreviation (canonical term) -> what it stands for, for display and for people new to SEND.
SEND_ABBREVIATIONS: dict[str, str] = {
    "ehcp": "education, health and care plan",
    "ehcna": "education, health and care needs assessment",
    "ehc": "education, health and care",
    "send": "special educational needs and disabilities",
    "senco": "special educational needs co-ordinator",
    "iass": "SEND information, advice and support service (SENDIASS)",
    "pods": "PODS parent carer forum",
    "camhs": "child and adolescent mental health services",
    "salt": "speech and language therapy",
    "ot": "occupational therapy",
    "ep": "educational psychologist",
    "neet": "not in education, employment or training",
    "la": "local authority (the council)",
    "ccg": "clinical commissioning group",
    "dco": "designated clinical officer",
    "jsna": "joint strategic needs assessment",
    "ehe": "elective home education",
    "pfa": "preparing for adulthood",
    "pru": "pupil referral unit or alternative provision",
    "ta": "teaching assistant",
    "asc": "autism spectrum condition",
    "adhd": "attention deficit hyperactivity disorder",
    "cqc": "Care Quality Commission",
    "sef": "self-evaluation form",
    "kpi": "key performance indicator",
    "gp": "general practitioner (family doctor)",
    "sle": "specialist leader of education",
    "eotas": "education otherwise than at school",
    "sendist": "the SEND tribunal (First-tier Tribunal, SEND)",
}

# Ways of writing each canonical term, as lower-case token sequences (after spelling folding).
# A final-word plural is accepted automatically, so "ehc plans" needs no entry of its own.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "ehcp": (
        "ehcp",
        "ehc plan",
        "ehc-plan",
        "education health and care plan",
        "education health care plan",
        "education health and social care plan",
        "education and health care plan",
        "statement of special educational needs",
        "statement of sen",
    ),
    "ehcna": (
        "ehcna",
        "ehc needs assessment",
        "ehc assessment",
        "ehcp assessment",
        "education health and care needs assessment",
        "education health and care assessment",
        "statutory assessment",
        "needs assessment",
        "ehc request",
        "ehcp request",
        "ehcna request",
    ),
    "send": (
        "special educational needs and disabilities",
        "special educational needs and disability",
        "special educational needs",
        "special needs",
    ),
    "senco": (
        "senco",
        "sendco",
        "special educational needs coordinator",
        "special educational needs co-ordinator",
        "special educational needs co ordinator",
        "sen coordinator",
        "sen co-ordinator",
        "send coordinator",
        "inclusion lead",
    ),
    "sen-support": ("sen support", "send support", "sen-support"),
    "iass": (
        "iass",
        "ias",
        "iasss",
        "sendiass",
        "sendias",
        "sendiss",
        "information advice and support",
        "information advice and support service",
        "parent partnership",
    ),
    "camhs": (
        "camhs",
        "child and adolescent mental health",
        "child and adolescent mental health service",
        "cyp mental health service",
    ),
    "salt": (
        "salt",
        "slt",
        "salts",
        "speech and language",
        "speech and language therapy",
        "speech and language therapist",
        "speech language therapy",
        "speech therapy",
        "speech therapist",
        "speech-and-language",
    ),
    "ot": ("occupational therapy", "occupational therapist"),
    "ep": ("educational psychologist", "educational psychology", "ed psych", "ed-psych"),
    "physiotherapy": ("physio", "physiotherapist", "physiotherapy", "physical therapy"),
    "neet": (
        "neet",
        "not in education employment or training",
        "not in education employment and training",
        "not in education or employment",
    ),
    "la": (
        "local authority",
        "county council",
        "borough council",
        "city council",
        "the council",
        "council",
        "councils",
    ),
    "ccg": ("ccg", "clinical commissioning group"),
    "dco": ("dco", "designated clinical officer", "designated medical officer"),
    "ehe": (
        "ehe",
        "elective home education",
        "home education",
        "home educate",
        "home educated",
        "home educating",
        "home schooling",
        "home schooled",
        "home-schooled",
        "home-educated",
        "homeschooling",
        "homeschooled",
    ),
    "pfa": ("pfa", "preparing for adulthood", "preparation for adulthood"),
    "pru": (
        "pru",
        "pupil referral unit",
        "alternative provision",
        "alternative-provision",
    ),
    "ta": (
        "teaching assistant",
        "learning support assistant",
        "lsa",
        "one to one support",
        "1:1 support",
        "one-to-one support",
    ),
    "asc": (
        "asc",
        "asd",
        "autism",
        "autistic",
        "autism spectrum disorder",
        "autism spectrum condition",
        "autistic spectrum disorder",
        "autistic spectrum condition",
        "aspergers",
        "asperger's",
    ),
    "post-16": ("post 16", "post-16", "post16", "post sixteen", "post-sixteen", "sixth form"),
    "post-19": ("post 19", "post-19", "post19"),
    "local-offer": ("local offer", "local-offer", "local offer website"),
    "personal-budget": ("personal budget", "personal budgets", "direct payment"),
    "annual-review": ("annual review", "annual reviews", "annual-review"),
    "one-page-profile": ("one page profile", "1 page profile", "one-page profile", "pupil profile"),
    "coproduction": ("co-production", "coproduction", "co production", "co-produced", "coproduced"),
    "tell-it-once": ("tell it once", "tell-it-once", "tell our story once"),
    "early-years": ("early years", "early-years", "pre-school", "preschool", "nursery"),
    "high-needs-funding": (
        "high needs funding",
        "high need funding",
        "top up funding",
        "top-up funding",
        "element 3",
        "element 3 funding",
    ),
    "special-school": ("special school", "specialist school", "special-school"),
    "mainstream-school": ("mainstream school", "mainstream schools", "mainstream"),
    "tribunal": (
        "tribunal",
        "sendist",
        "send tribunal",
        "first-tier tribunal",
        "first tier tribunal",
        "appeal to tribunal",
    ),
    "parent-carer-forum": ("parent carer forum", "parent-carer forum", "parent carers forum"),
    "emotional-wellbeing": (
        "emotional health and wellbeing",
        "emotional health and well-being",
        "emotional wellbeing",
        "mental health",
        "wellbeing",
        "well-being",
        "well being",
    ),
    "exclusion": ("exclusion", "excluded", "exclude", "excluding", "exclusions", "excludes"),
    "waiting-list": ("waiting list", "waiting lists", "waiting-list", "wait list", "waiting time"),
}

# Capitalised abbreviations that are ordinary words or greetings in lower case ("ta" is "thanks",
# "send" a verb), so they fold only when written in capitals.
_CAPITALS_ONLY: dict[str, str] = {
    "TA": "ta",
    "LA": "la",
    "OT": "ot",
    "EP": "ep",
    "AP": "pru",
    "EY": "early-years",
    "SEN": "send",
    "SEND": "send",
    "PA": "pa",
    "PB": "personal-budget",
}

# American spellings a spell-checker may impose, mapped to the British spelling used in the plan.
_US_TO_UK_WORDS: dict[str, str] = {
    "program": "programme",
    "programs": "programmes",
    "mom": "mum",
    "moms": "mums",
    "math": "maths",
    "aging": "ageing",
    "gray": "grey",
    "judgment": "judgement",
    "judgments": "judgements",
    "acknowledgment": "acknowledgement",
    "enroll": "enrol",
    "enrolls": "enrols",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
    "fulfills": "fulfils",
    "fulfillment": "fulfilment",
    "skillful": "skilful",
    "installment": "instalment",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "license": "licence",
    "defense": "defence",
    "offense": "offence",
    "catalog": "catalogue",
    "dialog": "dialogue",
    "cozy": "cosy",
    "mold": "mould",
    "tire": "tyre",
    "learned": "learnt",
    "spelled": "spelt",
}
# US stems whose British form differs only inside the word: replaced where the word starts so.
_US_TO_UK_PREFIXES: tuple[tuple[str, str], ...] = (
    ("behavior", "behaviour"),
    ("color", "colour"),
    ("favor", "favour"),
    ("honor", "honour"),
    ("labor", "labour"),
    ("neighbor", "neighbour"),
    ("humor", "humour"),
    ("rumor", "rumour"),
    ("endeavor", "endeavour"),
    ("center", "centre"),
    ("theater", "theatre"),
    ("fiber", "fibre"),
    ("pediatric", "paediatric"),
    ("orthopedic", "orthopaedic"),
    ("anesthe", "anaesthe"),
    ("counselor", "counsellor"),
    ("counseling", "counselling"),
    ("counseled", "counselled"),
    ("traveled", "travelled"),
    ("traveling", "travelling"),
    ("traveler", "traveller"),
    ("canceled", "cancelled"),
    ("canceling", "cancelling"),
    ("labeled", "labelled"),
    ("labeling", "labelling"),
    ("modeled", "modelled"),
    ("modeling", "modelling"),
    ("leveled", "levelled"),
    ("signaled", "signalled"),
    ("fueled", "fuelled"),
    ("totaled", "totalled"),
)
_IZE = re.compile(r"^(?P<stem>[a-z]{3,})iz(?P<end>e|es|ed|ing|ation|ations|er|ers)$")
_YZE = re.compile(r"^(?P<stem>[a-z]+)yz(?P<end>e|es|ed|ing)$")
# "-ize" words that keep the z in British English too.
_KEEPS_Z = ("size", "capsiz", "seiz", "prize", "citizen")

# "Y6", "Yr6", "year6", "Y6/7", "year-6" -> year-6 (and year-7).
_YEAR_TOKEN = re.compile(r"^(?:y|yr|year)-?(\d{1,2})(?:[/-](?:y|yr|year)?(\d{1,2}))?$")
_KEY_STAGE_TOKEN = re.compile(r"^ks-?(\d)$")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
}
_YEAR_WORDS = ("year", "yr", "y")

# Common English words that say nothing about which part of a plan a comment bears on. Shared with
# themes so both drop the same words.
_STOP_WORDS_TEXT = """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further get got had hadn't has hasn't have
    haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd
    i'll i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself
    no nor not now of off on once only or other ought our ours ourselves out over own really same
    shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs
    them themselves then there there's these they they'd they'll they're they've this those
    through to too under until up us very was wasn't we we'd we'll we're we've were weren't what
    what's when when's where where's which while who who's whom why why's will with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves yet still even ever
    much many lot lots thing things something anything nothing everything way ways quite
    would've could've should've been being though although however also etc eg ie ok okay
    please thanks thank yes"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())


@lru_cache(maxsize=50_000)
def british_spelling(word: str) -> str:
    """Fold one lower-case word from American to British spelling; other words come back as they are."""
    if word in _US_TO_UK_WORDS:
        return _US_TO_UK_WORDS[word]
    for us, uk in _US_TO_UK_PREFIXES:
        if word.startswith(us):
            return uk + word[len(us) :]
    if "iz" in word and not any(keep in word for keep in _KEEPS_Z):
        match = _IZE.match(word)
        if match:
            return f"{match['stem']}is{match['end']}"
    match = _YZE.match(word)
    if match:
        return f"{match['stem']}ys{match['end']}"
    return word


def _plural(word: str) -> str:
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def _build_phrase_table() -> tuple[dict[tuple[str, ...], str], dict[str, int]]:
    """Every variant as a token tuple, and the longest variant starting with each first word."""
    table: dict[tuple[str, ...], str] = {}
    for canonical, variants in _VARIANTS.items():
        for variant in variants:
            tokens = tuple(british_spelling(word) for word in variant.lower().split())
            table.setdefault(tokens, canonical)
            plural = (*tokens[:-1], _plural(tokens[-1]))
            table.setdefault(plural, canonical)
    longest: dict[str, int] = {}
    for tokens in table:
        longest[tokens[0]] = max(longest.get(tokens[0], 0), len(tokens))
    return table, longest


_PHRASES, _LONGEST_FROM = _build_phrase_table()

# Every term fold_terms can produce for a known SEND idea; the matcher leaves these unstemmed.
CANONICAL_TERMS: frozenset[str] = frozenset(
    {*_VARIANTS, *SEND_ABBREVIATIONS, *_CAPITALS_ONLY.values()}
)


def _capitals_only(token: str) -> str | None:
    """The canonical term for an upper-case-only abbreviation, allowing a plural ("TAs", "LAs")."""
    if token in _CAPITALS_ONLY:
        return _CAPITALS_ONLY[token]
    if token.endswith("s") and token[:-1] in _CAPITALS_ONLY:
        return _CAPITALS_ONLY[token[:-1]]
    return None


def _year_term(token: str) -> list[str] | None:
    match = _YEAR_TOKEN.match(token)
    if not match:
        key_stage = _KEY_STAGE_TOKEN.match(token)
        return [f"ks{key_stage[1]}"] if key_stage else None
    years = [f"year-{int(match[1])}"]
    if match[2]:
        years.append(f"year-{int(match[2])}")
    return years


def _simple_tokens(tokens: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of (original, lower-case British) tokens, possessives dropped, compounds split unless known."""
    pairs: list[tuple[str, str]] = []
    for original in tokens:
        original = original.replace("’", "'")
        if original.lower().endswith("'s"):
            original = original[:-2]
        lower = original.lower().strip("'")
        if not lower:
            continue
        known = (lower,) in _PHRASES or _year_term(lower) or _capitals_only(original)
        if ("-" in lower or "/" in lower) and not known:
            for part_original in re.split(r"[-/]", original):
                if part_original:
                    pairs.append((part_original, british_spelling(part_original.lower())))
            continue
        pairs.append((original, british_spelling(lower)))
    return pairs


def _abbreviation_plural(original: str, lower: str) -> str:
    """ "EHCPs" and "SENCOs" fold like "EHCP" and "SENCO"; lower-case words are left alone."""
    if len(original) >= 4 and original[:-1].isupper() and original.endswith("s"):
        return lower[:-1]
    return lower


def _year_phrase(pairs: Sequence[tuple[str, str]], start: int) -> tuple[list[str], int] | None:
    """'year 6', 'year six', 'year 6 to 7', 'key stage 2' starting at ``start``: (terms, tokens used)."""
    words = [lower for _, lower in pairs[start : start + 4]]
    if len(words) >= 3 and words[:2] == ["key", "stage"]:
        number = _NUMBER_WORDS.get(words[2], words[2])
        if number.isdigit():
            return [f"ks{number}"], 3
    if len(words) < 2 or words[0] not in _YEAR_WORDS:
        return None
    first = _NUMBER_WORDS.get(words[1], words[1])
    if not first.isdigit() or not 0 < int(first) <= 14:
        return None
    terms, used = [f"year-{int(first)}"], 2
    if len(words) >= 4 and words[2] in ("to", "into", "and"):
        second = _NUMBER_WORDS.get(words[3], words[3])
        if second.isdigit() and 0 < int(second) <= 14:
            terms.append(f"year-{int(second)}")
            used = 4
    return terms, used


def fold_terms(tokens: Iterable[str]) -> list[str]:
    """Lower-case, British-spelt terms with SEND abbreviations and their long forms folded to one term.

    ``tokens`` are words as :func:`analysis.text.words` returns them (case kept, so "TA" and "ta"
    can be told apart). Stop words are kept: callers drop :data:`STOP_WORDS` if they wish, after
    folding, so that "education, health and care plan" is still seen whole.
    """
    pairs = _simple_tokens(tokens)
    terms: list[str] = []
    index = 0
    while index < len(pairs):
        original, lower = pairs[index]
        year = _year_phrase(pairs, index)
        if year:
            terms.extend(year[0])
            index += year[1]
            continue
        for length in range(min(_LONGEST_FROM.get(lower, 0), len(pairs) - index), 1, -1):
            phrase = tuple(lower for _, lower in pairs[index : index + length])
            if phrase in _PHRASES:
                terms.append(_PHRASES[phrase])
                index += length
                break
        else:
            terms.extend(_fold_single(original, lower))
            index += 1
    return terms


def _fold_single(original: str, lower: str) -> list[str]:
    capitals = _capitals_only(original)
    if capitals:
        return [capitals]
    years = _year_term(lower)
    if years:
        return years
    lower = _abbreviation_plural(original, lower)
    return [_PHRASES.get((lower,), lower)]


def expand_term(term: str) -> str:
    """What a canonical term stands for, for people reading a matched-terms list."""
    if term in SEND_ABBREVIATIONS:
        return SEND_ABBREVIATIONS[term]
    return term.replace("-", " ")
