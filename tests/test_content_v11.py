"""The keys of content format v1.1: what the model holds for them, and the rules around them.

tests/fixtures/v11 is the basic briefing with every v1.1 key set; the basic
briefing itself (v1) must give the same model as before, every new attribute
empty. Malformed v1.1 keys are in the corpus of tests/test_invalid_content.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import Contact, MarkdownText, NotRated, Original, Withdrawal
from generator.pipeline import check_content

from .conftest import BASIC, FIXTURES

V11 = FIXTURES / "v11"


@pytest.fixture(scope="module")
def v11():
    result = check_content(V11)
    assert [p.format() for p in result.problems] == []
    return result.briefing


def claim(briefing, claim_id):
    return next(c for c in briefing.claims if c.id == claim_id)


def test_a_v1_briefing_gets_every_v11_attribute_empty():
    briefing = check_content(BASIC).briefing
    assert (briefing.as_of, briefing.contact, briefing.not_rated, briefing.updated_given) == (None, None, (), None)
    assert briefing.published_claims == briefing.claims and briefing.withdrawn_claims == ()
    for item in briefing.claims:
        assert (item.claimant.type, item.original, item.withdrawn) == (None, None, None)
        assert (item.verdict.checked_by, item.verdict.edited_by) == ((), ())
        assert all((h.checked_by, h.edited_by) == ((), ()) for h in item.history)


def test_briefing_keys(v11):
    assert v11.as_of == dt.date(2022, 11, 8)
    assert v11.contact == Contact("corrections@example.org", "https://example.org/contact")
    first, second = v11.not_rated
    assert first == NotRated(
        "Relations between the two countries will keep growing.",
        "A forecast, which cannot be checked yet.",
        "Test claimant (test fixture)",
        next(s for s in v11.sources if s.id == "newsweek-2022-11-02"),
    )
    assert second == NotRated("The sanctions are unjust.", "An opinion.", None, None)


def test_claim_keys(v11):
    exports = claim(v11, "dprk-denies-arms-exports")
    assert exports.claimant.type == "organization"
    assert claim(v11, "dprk-denies-arms-dealings").claimant.type == "person"
    assert exports.original == Original("Оригинальный текст заявления (тестовый пример)", "ru")
    assert exports.verdict.checked_by == ("Test Checker One", "Test Checker Two")
    assert exports.verdict.edited_by == ("Test Editor",)
    assert (exports.history[0].checked_by, exports.history[0].edited_by) == (("Test Checker One",), ("Test Editor Two",))


def test_a_withdrawn_claim_stays_in_the_briefing_but_not_among_the_published(v11):
    withdrawn = claim(v11, "horses-by-train-withdrawn")
    assert withdrawn.withdrawn == Withdrawal(dt.date(2022, 11, 10), withdrawn.withdrawn.reason)
    assert isinstance(withdrawn.withdrawn.reason, MarkdownText)  # rendered by the Markdown pipeline
    assert withdrawn in v11.claims and withdrawn in v11.withdrawn_claims
    assert withdrawn not in v11.published_claims
    assert len(v11.published_claims) == len(v11.claims) - 1


def test_last_updated_is_the_latest_review_correction_or_withdrawal(v11, briefing):
    assert v11.last_changed == v11.updated == dt.date(2022, 11, 10)  # the withdrawal
    assert claim(v11, "dprk-denies-arms-exports").last_changed == dt.date(2022, 11, 9)  # its correction
    assert claim(v11, "dprk-denies-arms-exports").first_reviewed == dt.date(2022, 9, 23)  # its history
    briefing.write("briefing.yaml", briefing.read("briefing.yaml") + "updated: 2022-12-01\n")
    result = briefing.check()
    assert (result.briefing.updated, result.briefing.updated_given, result.problems) == (
        dt.date(2022, 12, 1),
        dt.date(2022, 12, 1),
        (),
    )


def test_updated_earlier_than_a_change_is_a_warning_at_its_line(briefing):
    briefing.write("briefing.yaml", briefing.read("briefing.yaml") + "updated: 2022-11-09\n")
    assert briefing.messages() == []  # the day of the latest change is not earlier
    briefing.replace("briefing.yaml", "updated: 2022-11-09", "updated: '2022-11-08'")
    result = briefing.check()
    assert result.ok and result.briefing.updated == dt.date(2022, 11, 8)  # as given, with a warning
    assert [p.format() for p in result.problems] == [
        "briefing.yaml:13:10: warning: 'updated' (2022-11-08) is earlier than the latest change, "
        "2022-11-09 in claims/dprk-denies-arms-exports.yaml "
        "(set it to 2022-11-09 or later, or remove it to use the latest change)"
    ]


def test_links_in_a_withdrawal_reason_are_checked(briefing):
    briefing.write(
        "claims/horses-by-train.yaml",
        briefing.read("claims/horses-by-train.yaml")
        + "withdrawn:\n  date: 2022-11-10\n  reason: See [the other claim](claim:horses-by-trian).\n",
    )
    assert briefing.messages() == [
        "claims/horses-by-train.yaml:23:33: error: link to unknown claim 'horses-by-trian' "
        "(did you mean 'horses-by-train'?)"
    ]


def test_a_source_named_only_by_a_not_rated_statement_is_not_uncited(briefing):
    briefing.write("sources/unused.yaml", "title: Unused\npublisher: Nobody\ntype: other\n")
    assert len(briefing.messages()) == 1
    briefing.write(
        "briefing.yaml",
        briefing.read("briefing.yaml") + "not_rated:\n  - statement: A forecast.\n    reason: A forecast.\n    source: unused\n",
    )
    assert briefing.messages() == []


@pytest.mark.parametrize("email", ["corrections@example.org", "a.b+c@news.example.co.uk"])
def test_a_contact_email_is_accepted(briefing, email):
    briefing.write("briefing.yaml", briefing.read("briefing.yaml") + f"contact:\n  email: {email}\n")
    assert briefing.check().briefing.contact == Contact(email, None)


@pytest.mark.parametrize("email", ["corrections at example.org", "a@b", "two@example.org, three@example.org"])
def test_a_contact_email_that_no_mail_program_could_use_is_refused(briefing, email):
    briefing.write("briefing.yaml", briefing.read("briefing.yaml") + f"contact:\n  email: '{email}'\n")
    assert [m for m in briefing.messages() if "is not an email address" in m]


def test_an_empty_contact_key_does_not_count_as_given(briefing):
    briefing.write("briefing.yaml", briefing.read("briefing.yaml") + "contact:\n  email:\n")
    assert briefing.messages() == [
        "briefing.yaml:14:3: error: 'contact' needs 'email' or 'url' (add `email: corrections@example.org`)"
    ]
