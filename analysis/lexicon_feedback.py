"""The vocabulary of public-service feedback that general sentiment lexicons miss or misread.

General lexicons (TextBlob's and VADER's) were built from film reviews and tweets. In feedback about
SEND services, "waiting", "chasing" and "fobbed off" carry strong feeling that neither knows, while
"special", "support" and "care" are parts of service names ("special school", "SEND support",
"health and care plan") and should carry none. Valences use VADER's scale, -4 to +4.

Each entry is a regular expression matched case-insensitively on word boundaries. Entries are tried
in the order written, so longer phrases come before the words inside them.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one white-space separated string, easier to read and edit."""
    return frozenset(words.split())


# Phrases whose feeling the general lexicons miss. Negation before a phrase ("never listened to",
# "didn't keep us informed") is handled by the analyser, so the phrases are written positively.
FEEDBACK_PHRASES: tuple[tuple[str, float], ...] = (
    # being heard and kept informed
    # the listener must be the writer's side: "listening to the radio" is not feedback
    (
        r"listen(?:ed|s)? to (?:us|me|him|her|my \w+|our \w+|parents|families|children|young people"
        r"|what \w+ (?:said|wanted|needed|had to say))",
        2.0,
    ),
    (r"listened|heard us out|felt heard", 1.8),
    (
        r"ke(?:ep|pt|eps|eeping) (?:us |me |them |everyone |parents )?(?:informed|updated|in the loop)",
        2.0,
    ),
    (r"(?:kept|keep|keeps) in touch", 1.5),
    (
        r"(?:replied|responded|got back to (?:me|us))(?: (?:quickly|promptly|straight away|within a day))",
        2.0,
    ),
    (r"got back to (?:me|us)", 1.2),
    # going beyond
    (r"(?:went|goes|go|going) above and beyond|above and beyond", 3.0),
    (r"(?:went|goes|go|going) the extra mile", 3.0),
    (r"lifeline", 3.0),
    # asked, but meant as thanks (the analyser does not treat these as questions)
    (r"what would (?:we|i) (?:have )?(?:do|done) without", 2.8),
    # "can't thank the speech and language therapist enough": up to six words between
    (r"(?:can(?:no|')?t|cannot|could(?:n't| not)) (?:praise|thank) (?:[\w'-]+ ){0,6}?enough", 3.2),
    (r"on our side|in our corner|fought (?:our|his|her|their) corner", 2.2),
    (r"made (?:a |such a |all the )?(?:real |huge |big |massive |noticeable )?difference", 2.4),
    (r"changed (?:his|her|their|my|our) li(?:fe|ves)", 2.8),
    (r"c(?:a|o)me on (?:so much|leaps and bounds|in leaps and bounds)", 2.4),
    (r"thriv(?:e|es|ed|ing)|flourish(?:ed|ing)?", 2.5),
    (r"settled (?:in|well)|feel settled|more settled", 1.6),
    (r"on track|on time|within the (?:20|twenty)(?:-| )weeks?", 1.2),
    (r"sorted (?:it )?(?:out )?(?:quickly|straight away)", 2.0),
    (r"approachable|knowledgeable|person-centred|joined-up|joined up", 1.8),
    (r"turnaround|turned (?:things|it) around", 1.8),
    (r"reassur(?:ing|ed)", 1.6),
    (r"relieved", 1.6),
    (r"took (?:the )?time to", 1.5),
    # waiting and chasing
    (
        r"still (?:waiting|chasing|nothing|no (?:reply|response|answer|decision|plan|school|date))",
        -2.2,
    ),
    (
        r"(?:no|not (?:had )?(?:a|any)) (?:reply|replies|response|answers?|call ?back|contact|update)",
        -2.0,
    ),
    (r"heard nothing|not heard (?:back|anything)|haven't heard|never heard back", -2.0),
    (r"never (?:replied|responded|returned|called back|rang back|got back)", -2.2),
    (
        r"chas(?:ed|ing)|chase(?:s)? (?:up|them|it|him|her|the council|for)|(?:had|have|has|having) to (?:keep )?chase",
        -1.6,
    ),
    (r"waiting (?:list|lists|times?)", -1.2),
    (r"wait(?:s|ed|ing)?", -0.9),
    (r"months? (?:and counting|later|on)", -1.2),
    (r"delays?|delayed|overdue|backlog", -1.4),
    (r"(?:didn't|did not|failed to|never) (?:turn(?:ed)? up|show(?:ed)? up|arrive)", -1.8),
    (r"cancel(?:l)?ed|cancellations?", -1.2),
    (r"(?:too|far too|so|very) (?:long|slow)", -1.6),
    # fighting the system
    (r"fobbed off|fob(?:bing)? us off", -2.6),
    (r"let (?:us |me |him |her |them |families |parents )?down", -2.4),
    (r"passed (?:from pillar to post|around|from one \w+ to another)", -2.0),
    (r"(?:fall|fell|falling|fallen) (?:through|between) the (?:cracks|gaps)", -2.2),
    (r"tooth and nail", -2.0),
    (r"battl(?:e|es|ed|ing)", -2.2),
    (r"fight(?:s|ing)?(?: for| to get| with| the)", -1.8),
    (r"tribunals?", -1.2),
    (r"jump(?:ing)? through hoops|hoops to jump|red tape", -1.8),
    (r"tick[- ]box", -1.6),
    (r"(?:not|isn't) fit for purpose", -2.8),
    (r"not worth the paper", -2.8),
    (r"(?:a|an absolute|a total|a complete) (?:joke|farce|shambles|nightmare)", -2.8),
    (r"shambles|farce|shambolic", -2.8),
    (r"postcode lottery", -2.0),
    (
        r"(?:nobody|no one|no-one) (?:cares|listens|listened|helps|takes responsibility|could help|knows)",
        -2.6,
    ),
    (r"worn down|wear(?:s|ing)? (?:us |parents |families )?down|ground down", -2.2),
    (r"(?:given|gave) up", -1.8),
    (r"tired of|sick of|fed up", -2.0),
    (r"dismissive|patronising|condescending|unprofessional", -2.2),
    (r"out of (?:school|education)|no school place|without a (?:school )?place", -1.8),
    (r"reduced timetable|part-time timetable", -1.4),
    (r"exclu(?:ded|sion|sions)", -1.4),
    (r"missed (?:school|lessons|sessions|appointments?)", -1.4),
    (r"lost (?:a|the|our|his|her)? ?(?:whole )?(?:term|year|paperwork|forms?|reports?)", -2.0),
    (r"meltdowns?|self-harm(?:ing)?|crisis", -1.8),
    (r"vague|wishy-washy|generic|copied and pasted|copy and paste|cut and paste", -1.2),
    (r"(?:wrong|another) child's name", -2.2),
    (r"unreliable|inconsistent|chaotic", -1.8),
    (r"over(?:whelmed|stretched)|under-resourced|understaffed|short-staffed", -1.4),
    (r"exhausted|exhausting|draining|soul-destroying", -2.0),
    (r"refused|rejected|turned down", -1.6),
    (r"thanks for nothing|cheers for nothing", -2.8),
    # "So much for keeping us informed", never "thank you so much for everything"
    (r"(?<!thank you )(?<!thankyou )(?<!thanks )(?<!thank u )so much for", -1.6),
    (r"(?:a |such a |what a )?shame about", -2.6),
    # rhetorical questions that complain: "How is that acceptable?", "Is it too much to ask...?"
    (
        r"how (?:is|was|can|could) (?:it|this|that) (?:be )?(?:acceptable|fair|right|ok|okay|allowed)",
        -2.6,
    ),
    (r"is (?:it|that) too much to ask", -2.2),
    # last, so that the longer "nobody cares" and "no one could help" match first
    (r"nobody|no one|no-one", -0.6),
)

# Service names and SEND terms that contain words the general lexicons score ("special", "support",
# "care", "free", "help"). They are blanked before scoring so a plan's name is not praise.
NEUTRAL_TERMS: tuple[str, ...] = (
    r"special educational needs(?: and disabilit(?:y|ies))?",
    r"special (?:schools?|needs|provision|units?|educational|guardianship)",
    r"(?:education,? )?health and (?:social )?care(?: needs)?(?: plans?| assessments?)?",
    r"(?:send|sen|learning|family|early|additional|behaviour|sensory|specialist|parent|peer)"
    r" support(?: workers?| services?| teams?| plans?| centres?| assistants?)?",
    r"support (?:workers?|plans?|services?|teams?|assistants?|staff|package)",
    r"positive behaviour support",
    r"(?:social|health|respite|foster|residential|children's|adult|young) care(?:rs?)?",
    r"care (?:plans?|leavers?|homes?|packages?|coordinators?)",
    r"young carers?|parent carers?(?: forum)?",
    r"short breaks?",
    r"local offer",
    r"free school meals|free school|free transport",
    r"personal budgets?|high needs(?: funding| block)?",
    r"virtual school|hospital school",
    r"would like(?: to)?|i'd like(?: to)?|we'd like(?: to)?",
    r"please (?:can|could|would|send|let|tell|advise|find|see)",
    r"(?:can|could) (?:you|someone|anyone) (?:please )?help",
    r"help ?line",
    # "I feel like nobody listens": a comparison, not liking; "off sick" is an absence
    r"(?:feel|feels|felt|feeling|seems?|seemed|looks?|looked|sounds?|sounded) like",
    r"off sick|sick (?:leave|note|pay)",
)

# Sentences that end in "?" but state rather than ask: their praise counts.
NOT_QUESTIONS: tuple[str, ...] = (
    r"(?:can|could|may|might) (?:i|we) (?:just )?(?:say|add|mention)",
    r"what would (?:we|i) (?:have )?(?:do|done) without",
    r"how (?:can|could|do) (?:i|we) (?:ever )?(?:thank|repay)",
)

# Openers that, at the start of a sentence about more delay or loss, mean the opposite.
SARCASTIC_OPENERS: tuple[str, ...] = (
    "great",
    "brilliant",
    "wonderful",
    "fantastic",
    "marvellous",
    "perfect",
    "lovely",
    "excellent",
    "super",
    "amazing",
    "fab",
    "terrific",
)
SARCASM_CONTEXT: tuple[str, ...] = (
    r"another",
    r"again",
    r"yet again",
    r"still",
    r"more (?:waiting|delays?|months|weeks)",
    r"lost",
    r"nothing",
    r"nobody",
    r"no one",
    r"cancel(?:l)?ed",
    r"delay(?:ed|s)?",
    r"wait(?:ing)?",
    r"extended",
    r"just what (?:we|i) (?:needed|wanted)",
)

# Words TextBlob scores that, in feedback and reports, count or order things rather than judge them
# ("the first review", "most schools", "their own child", "a new caseworker"). Dropped from the
# private TextBlob lexicon so they neither add feeling nor dilute the words that carry it.
TEXTBLOB_NOT_SENTIMENT: frozenset[str] = word_set(
    """first most many more few other main certain general common commonly new old young real own
    least much whole full large small high early previous several same such"""
)
