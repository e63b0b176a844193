"""Signals of one unit, process and kind that arrive at the same moment still make one case."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from siang.casework.models import Case
from siang.casework.services import case_for_signal
from tests.casework.helpers import make_signal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every writer anyway")
def test_simultaneous_signals_join_one_case(phrae, personas):
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    signals = [make_signal(unit, staff) for _ in range(6)]
    start = threading.Barrier(len(signals))
    errors: list[BaseException] = []

    def attach(signal) -> None:
        try:
            start.wait()
            case_for_signal(signal)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attach, args=(signal,)) for signal in signals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    case = Case.objects.get()
    assert case.signal_count == 6 and case.signals.count() == 6
