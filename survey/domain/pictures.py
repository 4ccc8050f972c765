"""Easy Read pictures: the plain pictograms the project ships, which the common answer types
show by default, and the rule for a picture reference in a survey definition.

A picture is named by its path among the service's static files ("pictograms/face-happy.svg").
Beside an option whose label says the same thing, a picture is decorative and its alt text is
empty (WCAG H67: screen readers would otherwise read each answer twice); a picture standing for a
question has alt text that says what it shows.
"""

from __future__ import annotations

import re

PICTOGRAM_FOLDER = "pictograms/"

# Every pictogram shipped in survey/web/static/pictograms, with what it shows (a test keeps the
# folder and this list the same).
PICTOGRAMS = {
    "face-very-happy.svg": "A face with a big smile",
    "face-happy.svg": "A smiling face",
    "face-neutral.svg": "A face with a straight mouth",
    "face-unhappy.svg": "A sad face",
    "face-very-unhappy.svg": "A very sad face",
    "thumbs-up-two.svg": "Two thumbs up",
    "thumbs-up.svg": "A thumb up",
    "thumb-sideways.svg": "A thumb pointing sideways",
    "thumbs-down.svg": "A thumb down",
    "thumbs-down-two.svg": "Two thumbs down",
    "yes.svg": "A green tick",
    "no.svg": "A red cross",
    "not-sure.svg": "A question mark",
    "school.svg": "A school building",
    "home.svg": "A house",
    "person.svg": "A person",
    "calendar.svg": "A calendar",
}

# The pictures the fixed answer scales show in Easy Read unless the definition says otherwise.
DEFAULT_OPTION_PICTURES: dict[str, dict[str, str]] = {
    "satisfaction5": {
        "very_satisfied": "face-very-happy.svg",
        "satisfied": "face-happy.svg",
        "neither": "face-neutral.svg",
        "dissatisfied": "face-unhappy.svg",
        "very_dissatisfied": "face-very-unhappy.svg",
    },
    "agreement5": {
        "strongly_agree": "thumbs-up-two.svg",
        "agree": "thumbs-up.svg",
        "neither": "thumb-sideways.svg",
        "disagree": "thumbs-down.svg",
        "strongly_disagree": "thumbs-down-two.svg",
    },
    "yes_no_unsure": {"yes": "yes.svg", "no": "no.svg", "not_sure": "not-sure.svg"},
}

PICTURE_PATH = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\.(svg|png|jpg|jpeg|webp)$")


def default_option_pictures(question_type: str) -> dict[str, str]:
    """Option value -> picture path, for a question type that has pictures by default."""
    return {
        value: PICTOGRAM_FOLDER + name
        for value, name in DEFAULT_OPTION_PICTURES.get(question_type, {}).items()
    }


def picture_problem(src: object) -> str | None:
    """Why ``src`` cannot name a picture, or None when it can."""
    if not isinstance(src, str) or not src.strip():
        return "needs a src: the picture's path, like pictograms/face-happy.svg"
    if not PICTURE_PATH.match(src):
        return (
            f"'{src}' must be the path of a picture among the service's files, in lower case "
            "and ending .svg, .png, .jpg or .webp, like pictograms/face-happy.svg"
        )
    if src.startswith(PICTOGRAM_FOLDER) and src[len(PICTOGRAM_FOLDER) :] not in PICTOGRAMS:
        return f"'{src}' is not one of the shipped pictograms; use one of " + ", ".join(
            PICTOGRAM_FOLDER + name for name in PICTOGRAMS
        )
    return None
