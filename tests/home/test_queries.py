"""Each role's home gathers every app's counts in a fixed number of queries, and sits above the apps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import siang

HOME_QUERIES = {"pacc": 14, "overseer": 9, "admin_a": 10, "user_a": 9}


@pytest.mark.parametrize("key", sorted(HOME_QUERIES))
def test_each_role_home_takes_a_fixed_number_of_queries(client, personas, key, django_assert_num_queries):
    client.force_login(personas[key])
    with django_assert_num_queries(HOME_QUERIES[key]):
        assert client.get(reverse("account_home")).status_code == 200


def test_the_public_home_takes_a_fixed_number_of_queries(client, phrae, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get(reverse("home")).status_code == 200


def test_no_app_imports_the_home_pages():
    """The homes gather from every app; an app importing them would tie the apps together."""
    package = Path(siang.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.glob("*/**/*.py")
        if path.relative_to(package).parts[0] != "home"
        and re.search(r"\bsiang\.home\b|from siang import home", path.read_text())
    ]
    assert offenders == []
