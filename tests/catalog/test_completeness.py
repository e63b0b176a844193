"""The completeness check: what a citizen manual lacks before it can be submitted."""

from __future__ import annotations

import pytest

from siang.catalog.completeness import missing_items
from siang.catalog.models import ProcessRevision
from tests.catalog.helpers import complete_content


def missing(**overrides) -> dict[str, list[str]]:
    revision = ProcessRevision(name_th="การขออนุญาตใช้น้ำประปา")
    for key, value in complete_content(**overrides).items():
        setattr(revision, key, value)
    found: dict[str, list[str]] = {}
    for item in missing_items(revision):
        found.setdefault(item.section, []).append(item.message)
    return found


def test_complete_content_lacks_nothing():
    assert missing() == {}


@pytest.mark.parametrize(
    ("overrides", "section", "message"),
    [
        ({"legal_bases": []}, "legal_bases", "No legal basis: add the law that gives the power to decide."),
        ({"channels": []}, "channels", "No service channel: say where and when people can apply."),
        ({"steps": []}, "steps", "No steps: list the steps of the service."),
        ({"total_time_th": "", "total_time_days": None}, "time", "No total processing time stated."),
        ({"documents": []}, "documents", "No required documents listed."),
        ({"fees": [], "no_fee": False}, "fees", "No fee statement: list the fees, or tick “no fee”."),
        ({"no_fee": True}, "fees", "“No fee” is ticked but fees are listed: keep one of the two."),
        (
            {"complaint_channels": []},
            "complaint_channels",
            "No complaint channel: say where people can complain.",
        ),
    ],
)
def test_each_missing_item_is_named(overrides, section, message):
    assert missing(**overrides) == {section: [message]}


def test_a_step_without_its_time_is_named_by_number():
    steps = complete_content()["steps"]
    steps[1]["duration_th"] = ""
    assert missing(steps=steps) == {"steps": ["Step 2 does not say how long it takes."]}


def test_the_time_may_be_stated_as_days_only_or_as_text_only():
    assert missing(total_time_th="") == {}
    assert missing(total_time_days=None) == {}


def test_no_fee_stated_explicitly_is_a_fee_statement():
    assert missing(fees=[], no_fee=True) == {}
