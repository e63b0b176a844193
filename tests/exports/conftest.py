from __future__ import annotations

import pytest

from tests.casework.helpers import make_feedback


@pytest.fixture
def feedback_rows(phrae, personas):
    """Three responses at unit A (one with contact details and a demand for money), two at unit B."""
    a, b, staff = phrae["units"]["a"], phrae["units"]["b"], personas["admin_a"]
    return {
        "a": [
            make_feedback(
                a, staff, has_contact=True, contact_sealed="SEALED-CONTACT", comment="บริการดี ติดต่อ 0812345678"
            ),
            make_feedback(a, staff, asked_money=False, benefit_details="", fee_paid=None),
            make_feedback(a, staff, asked_money=False, benefit_details="", rating_overall=5),
        ],
        "b": [make_feedback(b, staff), make_feedback(b, staff, comment="ทุ่งกวาว")],
    }
