"""The names and dates a Welsh reader sees: the council's Welsh name only where it has one, the
service's Welsh name by default, and Welsh month names whatever the server's locale."""

from __future__ import annotations

import datetime as dt

from survey.config import SETTINGS
from survey.web.i18n import council_name, long_date, month_year, service_name

CONFIG = {name: default for name, (default, _description) in SETTINGS.items()}


def test_the_service_has_a_welsh_name_by_default() -> None:
    assert service_name("cy", CONFIG) == "Dweud eich dweud am wasanaethau AAA"
    assert service_name("en", CONFIG) == "Have your say on SEND services"
    assert service_name("cy", {**CONFIG, "SERVICE_NAME_CY": "Eich llais"}) == "Eich llais"


def test_the_council_keeps_its_one_name_unless_it_has_a_welsh_form() -> None:
    assert council_name("cy", CONFIG) == "Demo Council"
    welsh = {**CONFIG, "COUNCIL_NAME": "Denbighshire County Council"}
    welsh["COUNCIL_NAME_CY"] = "Cyngor Sir Ddinbych"
    assert council_name("cy", welsh) == "Cyngor Sir Ddinbych"
    assert council_name("en", welsh) == "Denbighshire County Council"


def test_months_are_named_in_the_readers_language() -> None:
    day = dt.date(2026, 2, 4)
    assert month_year(day, "cy") == "Chwefror 2026"
    assert long_date(day, "cy") == "4 Chwefror 2026"
    assert long_date(day, "en") == "4 February 2026"
