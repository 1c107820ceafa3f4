"""The privacy guard: spot personal details without false alarms on ordinary queries."""

import pytest

from index.privacy import find_personal_data, nhs_number_is_valid, strip_personal_data

# 943 476 5919 is the NHS's own published example of a valid number.
VALID_NHS = "943 476 5919"


@pytest.mark.parametrize(
    "digits, valid", [("9434765919", True), ("9434765918", False), ("123", False)]
)
def test_nhs_check_digit(digits, valid):
    assert nhs_number_is_valid(digits) is valid


@pytest.mark.parametrize(
    "text, kind",
    [
        (f"referral for {VALID_NHS}", "an NHS number"),
        ("9434765919", "an NHS number"),
        ("child born 03/04/2019 missing", "a date of birth"),
        ("DOB 2015 neglect", "a date of birth"),
        ("seen on 14 March 2021 at home", "a date of birth"),
        ("family at NR1 2DH", "a postcode"),
        ("lives near sw1a1aa", "a postcode"),
        ("ring mum on 07700 900123", "a phone number"),
        ("call +44 20 7946 0958", "a phone number"),
        ("email pat@example.org about it", "an email address"),
    ],
)
def test_spots_personal_details(text, kind):
    assert kind in find_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "disguised compliance",
        "Case Z recommendations",
        "Working Together 2018",
        "what happened in June 2012",
        "section 47 strategy discussion",
        "S47",
        "HSB procedures",
        "1234567890",  # ten digits that fail the NHS check and are no UK phone number
        "",
    ],
)
def test_leaves_ordinary_queries_alone(text):
    assert find_personal_data(text) == ()


def test_strip_leaves_the_learning_question():
    assert strip_personal_data("neglect at NR1 2DH, DOB 03/04/2019") == "neglect at ,"
