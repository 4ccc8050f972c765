"""Personal data is taken out of free text before officers, exports or channels see it.

The cases are written for these tests in the way parents and staff write (no real people); the
phone numbers are Ofcom's drama ranges and the postcodes and NI numbers are made up.
"""

import pytest

from analysis.redact import redact

MUST_GO = [
    # (text, what must not survive, placeholder that must appear)
    ("Please email me on jo.bloggs+send@example.co.uk about it", "jo.bloggs", "[email]"),
    ("Contact: SARAH_K@Example.org.", "SARAH_K", "[email]"),
    ("My mobile is 07700 900123 if you need me", "900123", "[phone]"),
    ("ring 07700900123 after 3pm", "07700900123", "[phone]"),
    ("Call +44 7700 900 123 any time", "7700", "[phone]"),
    ("Call +447700900123 any time", "447700900123", "[phone]"),
    ("the office is on 020 7946 0958", "7946", "[phone]"),
    ("landline (01632) 960 001, evenings", "960", "[phone]"),
    ("phone +44 (0)113 496 0000 please", "496", "[phone]"),
    ("mobile 07700-900-123", "900-123", "[phone]"),
    ("We live at 12 High Street, Leeds LS1 4AP", "LS1 4AP", "[postcode]"),
    ("postcode sw1a 1aa", "sw1a", "[postcode]"),
    ("our postcode is M11AE", "M11AE", "[postcode]"),
    ("His NI number is QQ 12 34 56 C apparently", "QQ 12", "[NI number]"),
    ("NI: AB123456C", "AB123456C", "[NI number]"),
    ("DOB 12/03/2015, diagnosed at 4", "12/03/2015", "[date]"),
    ("date of birth: 3rd March 2015", "March 2015", "[date]"),
    ("She was born on 14 September 2012 at 28 weeks", "September 2012", "[date]"),
    ("d.o.b. 1.4.2016", "1.4.2016", "[date]"),
    ("assessment letter dated 05/11/2023 never arrived", "05/11/2023", "[date]"),
    ("My son Harry has waited a year for speech therapy", "Harry", "[name]"),
    ("my daughter, Amelia, is in a mainstream school", "Amelia", "[name]"),
    ("Our 7 year old son Oliver Smith was excluded", "Oliver", "[name]"),
    ("Mrs Patel the SENCO has been brilliant", "Patel", "[name]"),
    ("Dr. O'Neill said he would refer us to CAMHS", "O'Neill", "[name]"),
    ("Miss Jones never replies to emails", "Jones", "[name]"),
    ("Amelia is in Year 4 and still cannot read", "Amelia", "[name]"),
    ("a lovely TA called Bethany helps him", "Bethany", "[name]"),
    ("the caseworker named Priya never rang back", "Priya", "[name]"),
    ("Dear Karen, thank you for the meeting", "Karen", "[name]"),
    ("It has been a long year. Many thanks, Deborah", "Deborah", "[name]"),
    ("my grandson Tyler started Reception in September", "Tyler", "[name]"),
    ("Jack's in Year 3 now", "Jack", "[name]"),
    ("my daughter Sophie-Mae McKay loves art", "McKay", "[name]"),
]


@pytest.mark.parametrize(("text", "secret", "placeholder"), MUST_GO)
def test_personal_data_is_replaced_by_a_placeholder(text, secret, placeholder):
    redacted = redact(text)

    assert secret not in redacted
    assert placeholder in redacted


MUST_SURVIVE = [
    "Our EHCP took 34 weeks and the SENCO was not told",
    "I miss the days when the Local Offer was easy to find",
    "He is in Year 6 and moves up in September",
    "We were told on Monday that CAMHS has a two year waiting list",
    "The annual review was on 3 March and nobody came from the council",
    "Transport from Leeds to the special school takes 90 minutes",
    "He has been waiting since 2019 for an EHC needs assessment",
    "Year 11 to post-16 transition was handled well by SENDIASS",
    "0 to 25 service was helpful; the 20 week deadline was missed",
    "We pay £1,250 a term and got 12 hours of 1:1 support",
    "He moved from Y6 2nd set to the nurture group",
    "The Speech and Language Therapy team called us back",
    "Thanks for listening",
    "My son Has ADHD and the school called Social Care",
    "My Son Is Autistic And Needs Help",
    "We moved to Sheffield in 2019. Thanks",
    "called 111 and got nowhere",
]


@pytest.mark.parametrize("text", MUST_SURVIVE)
def test_ordinary_send_writing_is_left_alone(text):
    assert redact(text) == text


def test_a_name_given_in_the_list_is_redacted_in_any_case_and_keeps_its_possessive():
    text = "HARRY's plan is late and harry is upset; Harrison is his friend"

    redacted = redact(text, names=["Harry"])

    assert redacted == "[name]'s plan is late and [name] is upset; Harrison is his friend"


def test_a_full_name_in_the_list_is_taken_whole_before_its_first_name():
    redacted = redact("Harry Smith and Harry", names=["Harry", "Harry Smith"])

    assert redacted == "[name] and [name]"


def test_a_name_found_by_its_introduction_is_redacted_wherever_else_it_appears():
    text = "My son Harry is autistic. Harry hates PE and the school says Harry is fine."

    redacted = redact(text)

    assert "Harry" not in redacted
    assert redacted.startswith("My son [name] is autistic.")


def test_redaction_keeps_the_rest_of_the_sentence_readable():
    text = "My son Harry (DOB 12/03/2015) has waited since May; call 07700 900123."

    assert redact(text) == "My son [name] (DOB [date]) has waited since May; call [phone]."


def test_empty_text_and_blank_names_are_harmless():
    assert redact("") == ""
    assert redact("No names here", names=["", "  ", "A"]) == "No names here"
