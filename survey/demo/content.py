"""The words of the demo: what parents, staff and hub leads "say" in the synthetic evidence.

Kept apart from the seeding so the code that makes the data reads without 140 lines of
comments in the way; ``survey.demo.seeding`` picks from these pools with a seeded random.
"""

from __future__ import annotations

PARENT_COMMENTS = {
    "positive": [
        "The SENCO has been brilliant and really listened to what we said about our son.",
        "Our EHC plan arrived on time and the co-production meeting made us feel part of it.",
        "The case officer kept us informed at every step, which made a stressful time easier.",
        "The Local Offer website helped me find a short breaks club within ten minutes.",
        "Staff went above and beyond to plan the move to secondary school.",
        "For the first time we felt someone understood our daughter's needs.",
        "The one page profile was a lovely idea and school actually used it.",
        "SENDIASS were a lifeline when we did not know where to turn.",
    ],
    "negative": [
        "We waited over thirty weeks for the EHC plan and nobody returned my calls.",
        "I had to chase the SEN team every week just to find out what was happening.",
        "The annual review was cancelled twice and the plan is still out of date.",
        "It feels like a battle at every stage, and we are exhausted.",
        "The Local Offer website is confusing and half the links are broken.",
        "School say they cannot meet his needs without more funding, so he is on a reduced timetable.",
        "We were told to go to tribunal, which should never have been necessary.",
        "No reply to three emails about transport. He missed a week of college.",
        "The CAMHS waiting list is over a year and school have no other support.",
    ],
    "mixed": [
        "The teachers are kind, but the assessment took far too long.",
        "Helpful staff, although the paperwork was overwhelming and repetitive.",
        "Once the plan was issued things improved, but getting there was a fight.",
        "The website has good information, but I could not find anything about post 16 options.",
        "School try hard, but the SENCO is only in two days a week.",
    ],
    "neutral": [
        "We are still waiting to hear about the draft plan.",
        "My child moved school in September so it is too early to say.",
        "I used the Local Offer to look up the transport policy.",
    ],
}

# What parents write differs by survey; a survey without its own pool uses PARENT_COMMENTS.
SURVEY_COMMENTS: dict[str, dict[str, list[str]]] = {
    "ehc-needs-assessment": {
        "positive": [
            "The family conversation meeting was the first time anyone asked what our daughter wants.",
            "Our case officer rang every fortnight with an update, so we never had to chase.",
            "The one page profile meant school and health finally read the same story.",
            "The plan was issued within the 20 weeks and the outcomes really sound like our son.",
            "SENDIASS explained every letter and came to the meeting with me.",
        ],
        "negative": [
            "We waited 31 weeks for the final plan and the deadline was never explained.",
            "I had to repeat our story to four different people; nobody shared the reports.",
            "The draft plan was cut and paste, it even had another child's name in it.",
            "Nobody returned my calls for six weeks, I only heard when the draft arrived.",
            "The council refused to assess and the letter did not say why or how to appeal.",
            "The speech and language advice never arrived so the plan has no therapy in it.",
        ],
        "mixed": [
            "The co-production meeting was good, but the plan still took far too long.",
            "Our officer was lovely, although the paperwork was repetitive and confusing.",
            "The final plan is good, but we had to fight for every word of it.",
        ],
        "neutral": [
            "We are still waiting to hear about the draft plan.",
            "The assessment started in the summer holidays so it is too early to say.",
        ],
    },
    "sen-support-confidence": {
        "positive": [
            "The SENCO meets us every term and the support plan is actually followed.",
            "His teaching assistant knows exactly how to calm him, he loves school now.",
            "School planned the move to Year 7 really carefully with extra visits.",
            "The nursery spotted her speech delay early and got help straight away.",
        ],
        "negative": [
            "The SENCO is only in two days a week and never answers emails.",
            "He is on a reduced timetable because school say they cannot meet his needs.",
            "We have been told there is no funding for support without an EHC plan.",
            "The school does not follow the graduated response, nothing is reviewed.",
            "She has been excluded three times this year for behaviour linked to her autism.",
            "The toilets and playground are not accessible for his wheelchair.",
        ],
        "mixed": [
            "His class teacher is brilliant, but support disappears when she is off.",
            "School try hard, but the waiting list for the educational psychologist is a year.",
            "Primary school was great, but I am worried about secondary transition.",
        ],
        "neutral": [
            "My child moved school in September so it is too early to say.",
            "We have a meeting with the SENCO next week.",
        ],
    },
    "local-offer": {
        "positive": [
            "The Local Offer helped me find a short breaks club within ten minutes.",
            "The new page on post 16 options was clear and had real college contacts.",
            "Great to see the transport policy explained in plain English at last.",
        ],
        "negative": [
            "The Local Offer is impossible to use on a phone and half the links are broken.",
            "I could not find anything about autism support groups in our area.",
            "The information about personal budgets is years out of date.",
            "Nothing tells you what support a school should give at SEN support.",
            "I searched for speech therapy and got a page of council jargon.",
        ],
        "mixed": [
            "The website has good information, but I could not find anything on post 16.",
            "Useful list of services, although the search is hopeless.",
        ],
        "neutral": [
            "I used the Local Offer to look up the transport policy.",
            "Please add a page in Easy Read.",
        ],
    },
}

STAFF_TEXTS = [
    ("idea", "We should text parents when an EHC draft plan is ready instead of only posting it."),
    (
        "idea",
        "A shared checklist for Year 6 to Year 7 transition meetings would save everyone time.",
    ),
    ("idea", "Could the Local Offer have a simple page on what SEN support schools must provide?"),
    ("idea", "Offer annual review training for post 16 providers before the spring term."),
    ("view", "The new co-production meetings are working well and families notice the difference."),
    ("view", "Caseloads in the EHC team are still too high to meet the 20 week timescale."),
    ("concern", "Families are waiting months for speech and language therapy assessments."),
    ("concern", "Transport decisions are coming too late for September starts."),
    (
        "concern",
        "Some schools are not following the graduated response before requesting assessment.",
    ),
    ("question", "When will the new SEND support hubs start taking referrals?"),
    ("question", "Is there a timeline for the joint commissioning strategy with health?"),
    ("view", "The inclusion panel has helped secondary schools keep pupils in mainstream."),
]

# Staff submissions are filed under these workstreams, where the loaded plans have them.
WORKSTREAMS = [
    "vision-and-strategy",
    "design",
    "communications-and-engagement",
    "staff-reference-group",
]
