"""Take personal data out of free text before an officer page, an export or a channel shows it.

Parents write about their disabled children by name, sign off with their phone number and quote
dates of birth; under UK GDPR none of that should travel further than the stored answer. This
module replaces what it can recognise with a bracketed placeholder ("[email]", "[phone]",
"[postcode]", "[NI number]", "[date]", "[name]") and leaves the rest of the sentence readable.

Names cannot be recognised reliably without a model, so there are two routes: a list of names the
caller knows (pupils, staff), matched case-insensitively on word boundaries, and heuristics for
how people introduce a name ("my son Harry", "Mrs Patel", "Amelia is in Year 4", "called Jo").
Once a heuristic has found a name, every other capitalised use of it in the same text goes too.
The heuristics prefer to miss a name rather than blank out SEND words, months or year groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

EMAIL = "[email]"
PHONE = "[phone]"
POSTCODE = "[postcode]"
NI_NUMBER = "[NI number]"
DATE = "[date]"
NAME = "[name]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# UK numbers: +44 / 0044 (optionally "(0)") or a leading 0, then groups separated by spaces,
# dots or hyphens. The digit count is checked afterwards, so "0 to 25" or a year never match.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)"
    r"\d{1,4}\)?(?:[\s.-]?\d{2,4}){1,3}(?![\d/])"
)
# National significant number length after the 0 or +44: 9 or 10 digits.
_PHONE_DIGITS = (9, 10)

# National Insurance number: two letters, six digits, suffix A-D, optionally spaced in pairs. Any
# prefix letters are accepted: a mistyped or example number ("QQ 12 34 56 C") is still redacted.
_NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)

# Postcodes as Royal Mail writes them. Capitals may omit the space ("M11AE"); lower case must
# have it, so ordinary words and codes such as "2a" never look like a postcode.
# "Y6 4th" has the shape of a postcode, so an ordinal suffix never ends one.
_POSTCODE_BODY = (
    r"(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?{space}\d(?!(?i:st|nd|rd|th)\b)"
    r"[ABD-HJLNP-UW-Z]{{2}})"
)
_POSTCODE_UPPER = re.compile(r"\b" + _POSTCODE_BODY.format(space=" ?") + r"\b")
_POSTCODE_ANY_CASE = re.compile(r"\b" + _POSTCODE_BODY.format(space=" ") + r"\b", re.IGNORECASE)

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_MONTH = r"(?:" + "|".join(sorted(_MONTHS.split(), key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_NUMERIC_DATE = r"[0-3]?\d[/.-][01]?\d[/.-](?:\d{4}|\d{2})"
_WRITTEN_DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"  # 3rd of March 2015
    rf"|{_MONTH}\s+{_DAY},?\s+\d{{4}}"  # March 3rd, 2015
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}"  # 3 March (year not given)
    rf"|{_MONTH}\s+\d{{4}})"  # March 2015
)
# A date of birth is only a "date" to redact when something says so; "on 3 March" is a meeting.
_DATE_OF_BIRTH = re.compile(
    rf"(?P<cue>\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)"
    rf"\s*(?:is|was|:|-)?\s*)(?P<date>{_NUMERIC_DATE}|{_WRITTEN_DATE})\b",
    re.IGNORECASE,
)
# Bare numeric dates (dd/mm/yyyy and the like) are redacted wherever they are.
_BARE_DATE = re.compile(rf"(?<![\d/.-]){_NUMERIC_DATE}(?![\d/])")

# Words that are capitalised in SEND writing without being anyone's name.
_NOT_NAMES_TEXT = """i i'm i've i'd he she they we you it his her their our my your this that
    these those there here the a an and but or so if when then what who why how where which
    mum mummy dad daddy mother father son daughter child children boy girl baby parent parents
    year years reception nursery school college academy council local offer team teacher teachers
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    january february march april may june july august september october november december
    christmas easter summer autumn spring winter half term
    english maths math science music art pe drama history geography french spanish
    god lord sir madam miss mrs mr ms dr mx he's she's they're it's
    autism autistic adhd down downs down's tourette tourettes asperger aspergers dyslexia
    send sen senco ehcp ehc camhs salt ot nhs gp social care health education
    hospital ward clinic paediatrics paediatrician unit service services
    please thanks thank hi hello dear yes no not nobody everyone anyone someone
    also again after before since because although however still just now then only
    very really is isn't was wasn't has hasn't had have does doesn't did didn't can can't could
    will won't would should must may might needs need loves likes hates goes went gets got
    attends attended started starts struggles finds feels says said"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())

# One capitalised word that could be a first name or surname ("Harry", "O'Neill", "McKay",
# "Smith-Jones").
_NAME_WORD = r"[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
# Names are capitalised even where the words around them may not be, so the name part of each
# pattern is case-sensitive; that also keeps the patterns fast (they only start at capitals).
_FULL_NAME = rf"(?-i:{_NAME_WORD}(?:\s+{_NAME_WORD})?)"

_TITLE = re.compile(rf"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\.?\s+(?P<name>{_FULL_NAME})")
_RELATIVE = (
    r"son|daughter|child|kid|boy|girl|grandson|granddaughter|grandchild|stepson|stepdaughter"
    r"|nephew|niece|brother|sister|twins?|foster\s+child|foster\s+son|foster\s+daughter"
    r"|pupil|student|learner"
)
_AFTER_RELATIVE = re.compile(
    rf"\b(?:my|our|his|her|their)\s+(?:(?:[a-z]+|\d+)\s+)?(?:year\s+old\s+)?(?:{_RELATIVE})"
    rf"(?:,\s*|\s+)(?:who\s+is\s+)?(?P<name>{_FULL_NAME})",
    re.IGNORECASE,
)
_CALLED = re.compile(
    rf"\b(?:called|named|name\s+is|known\s+as|nicknamed)\s+(?P<name>{_FULL_NAME})", re.IGNORECASE
)
_IN_YEAR = re.compile(
    rf"(?P<name>(?-i:{_NAME_WORD}))(?:['’]s|\s+(?:is|was|has\s+been|is\s+now|has\s+just\s+started|"
    r"started|starts|will\s+be|goes|went|moved))\s+(?:in(?:to)?\s+|at\s+)?"
    r"(?:year\s*\d{1,2}|reception|nursery|y\d{1,2}\b|sixth\s+form)",
    re.IGNORECASE,
)
_GREETING = re.compile(rf"\b(?:Dear|Hi|Hello)\s+(?P<name>{_FULL_NAME})")
_SIGN_OFF = re.compile(
    rf"\b(?:thanks|thank\s+you|many\s+thanks|regards|kind\s+regards|best\s+wishes|cheers)[,.!]?\s+(?P<name>{_FULL_NAME})\s*[.!]?\s*$",
    re.IGNORECASE,
)
_NAME_HEURISTICS: tuple[re.Pattern[str], ...] = (
    _TITLE,
    _AFTER_RELATIVE,
    _CALLED,
    _IN_YEAR,
    _GREETING,
    _SIGN_OFF,
)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with emails, UK phone numbers, postcodes, NI numbers, dates of birth and names replaced.

    ``names`` are people the caller knows about (pupils, staff); each is matched case-insensitively
    as a whole word, and a possessive ("Harry's") keeps its "'s".
    """
    if not text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text = _NI_NUMBER.sub(NI_NUMBER, text)
    text = _DATE_OF_BIRTH.sub(lambda match: match["cue"] + DATE, text)
    text = _BARE_DATE.sub(DATE, text)
    text = _PHONE.sub(_phone_or_keep, text)
    text = _POSTCODE_UPPER.sub(POSTCODE, text)
    text = _POSTCODE_ANY_CASE.sub(POSTCODE, text)
    text = _redact_listed_names(text, names)
    return _redact_introduced_names(text)


def _phone_or_keep(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match[0])
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and match[0].lstrip().startswith("+"):
        digits = digits[2:]
    national = digits[1:] if digits.startswith("0") else digits
    return PHONE if len(national) in _PHONE_DIGITS else match[0]


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    cleaned = {" ".join(name.split()) for name in names if name and len(name.strip()) > 1}
    if not cleaned:
        return None
    # Longest first, so "Harry Smith" is taken whole before "Harry".
    alternatives = sorted(cleaned, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, name.split())) for name in alternatives)
    return re.compile(rf"(?<![\w\[])(?:{body})(?![\w\]])", re.IGNORECASE)


def _redact_listed_names(text: str, names: Iterable[str]) -> str:
    pattern = _name_pattern(names)
    return pattern.sub(NAME, text) if pattern else text


def _is_plausible_name(candidate: str) -> bool:
    """A capitalised word or two that is not a SEND term, a month, a pronoun or an abbreviation."""
    parts = candidate.replace("’", "'").split()
    return bool(parts) and all(
        part.lower() not in _NOT_NAMES and not part.isupper() and part[:1].isupper()
        for part in parts
    )


def _trim_to_name(candidate: str) -> str:
    """'Harry Monday' -> 'Harry': keep the leading words that can be part of a name."""
    kept: list[str] = []
    for part in candidate.split():
        if not _is_plausible_name(part):
            break
        kept.append(part)
    return " ".join(kept)


def _redact_introduced_names(text: str) -> str:
    found: set[str] = set()
    for pattern in _NAME_HEURISTICS:
        text = pattern.sub(_replacer(found), text)
    if not found:
        return text
    # The same person is often named again without the introduction ("... Harry hates PE").
    again = _name_pattern(sorted(found))
    if again is None:
        return text
    return again.sub(lambda match: NAME if match[0][:1].isupper() else match[0], text)


def _replacer(found: set[str]) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        name = _trim_to_name(match["name"])
        # Case-insensitive patterns may capture a lower-case word ("my son who"): not a name.
        if not name or not name[:1].isupper():
            return match[0]
        found.update({name, *name.split()})
        start = match.start("name")
        offset = match.start()
        name_end = start + len(name) - offset
        return match[0][: start - offset] + NAME + match[0][name_end:]

    return replace
