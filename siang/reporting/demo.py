"""Demo feedback for the dashboards: about 20,000 responses over the last 18 months.

Unit A (เทศบาลเมืองแพร่) gets the most, at its own service points and approved processes; the other
onboarded units of Phrae (those with an approved Admin) and a fixed sample of units across the
country, onboarded with a demo Admin each, get a unit-wide PR-board point and responses to "other
service", so the national and provincial dashboards have something to show. A unit without an
Admin has no point and no response: a new Admin never finds a code they did not make.
Responses grow over time (adoption), satisfaction differs by unit, a few report a demand for money,
an overcharge or a delay and raise signals through `siang.casework.signals`. Written with
bulk_create, then rolled up. Safe to run again: nothing is added once demo responses exist.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from siang.accounts.demo import ensure_demo_admins
from siang.accounts.models import MembershipStatus, Role, User
from siang.accounts.personas import UNIT_A, persona
from siang.catalog.models import ServiceProcess
from siang.directory.models import Unit
from siang.feedback.models import Feedback, FinishedInTime
from siang.reporting import rollups
from siang.servicepoints.models import Placement, ServicePoint

CODE_PREFIX = "DEMO"
DAYS = 540
SAMPLE_UNITS = 150

COMMENTS = [
    "เจ้าหน้าที่ให้บริการดี พูดจาสุภาพ",
    "ขั้นตอนชัดเจน ใช้เวลาไม่นาน",
    "อยากให้มีที่จอดรถมากกว่านี้",
    "รอคิวนานช่วงเช้า ควรเพิ่มเจ้าหน้าที่",
    "ป้ายบอกทางไม่ชัด หาห้องไม่เจอ",
    "บริการรวดเร็ว ประทับใจมากครับ",
    "เอกสารที่ต้องใช้ควรแจ้งบนเว็บไซต์ให้ครบ",
    "ห้องน้ำสะอาด มีที่นั่งรอเพียงพอ",
    "ควรเปิดบริการช่วงพักเที่ยงด้วย",
    "ได้รับคำแนะนำดีมาก ขอบคุณค่ะ",
]


def _person(key: str) -> User | None:
    return User.objects.filter(username=persona(key).username).first()


def _units_and_points(pacc: User) -> list[tuple[ServicePoint, list[ServiceProcess], float]]:
    """(point, its processes, the share of responses) for every demo place.

    Only onboarded units: unit A, the other Phrae units that have an approved Admin, and a fixed
    sample of units across the country, each given a demo Admin who made its PR-board point.
    """
    unit_a = Unit.objects.filter(dla_code=UNIT_A).first()
    places: list[tuple[ServicePoint, list[ServiceProcess], float]] = []
    if unit_a is not None:
        processes = list(ServiceProcess.objects.filter(unit=unit_a, live_revision__isnull=False))
        points = list(ServicePoint.objects.filter(unit=unit_a, is_active=True))
        for point in points:
            mine = [p for p in processes if point.department_id in (None, p.department_id)]
            places.append((point, mine, 0.4 / len(points)))
    phrae = Unit.objects.filter(province__code=UNIT_A[1:3]).exclude(dla_code=UNIT_A)
    onboarded_in_phrae = phrae.filter(
        memberships__role=Role.UNIT_ADMIN, memberships__status=MembershipStatus.APPROVED
    ).distinct()
    rng = random.Random(2569)  # noqa: S311  (demo data, seeded to be the same every time)
    national = list(Unit.objects.exclude(province__code=UNIT_A[1:3]).values_list("pk", flat=True))
    sample = rng.sample(national, min(SAMPLE_UNITS, len(national)))
    units = [*onboarded_in_phrae, *Unit.objects.filter(pk__in=sample).order_by("pk")]
    admins = ensure_demo_admins(units, decided_by=pacc)
    existing = {
        p.unit_id: p for p in ServicePoint.objects.filter(unit__in=units, placement=Placement.PR_BOARD)
    }
    missing = [
        ServicePoint(
            unit=unit, placement=Placement.PR_BOARD, label="ป้ายประชาสัมพันธ์", created_by=admins[unit.pk]
        )
        for unit in units
        if unit.pk not in existing
    ]
    for point in ServicePoint.objects.bulk_create(missing):
        existing[point.unit_id] = point
    # Each of them well below unit A, however few there are.
    share = 0.6 / max(len(existing), 4)
    places += [(point, [], share * rng.uniform(0.3, 2.5)) for point in existing.values()]
    return places


def _response(
    rng: random.Random, point: ServicePoint, processes: list[ServiceProcess], bias: float
) -> dict[str, Any]:
    # More responses recently, as more units put up their codes: a floor plus a linear ramp.
    age = rng.randrange(DAYS) if rng.random() < 0.35 else int(DAYS * (1 - rng.random() ** 0.5))
    process = rng.choice([*processes, None]) if processes else None

    def rating(spread: float = 1.2) -> int:
        return max(1, min(5, round(rng.gauss(bias, spread))))

    fee = Decimal(rng.choice([0, 20, 50, 100])) if process else None
    overcharged = fee is not None and rng.random() < 0.003
    return {
        "service_point": point,
        "unit_id": point.unit_id,
        "department_id": process.department_id if process else point.department_id,
        "process": process,
        "other_service": "" if process else rng.choice(["ขอข้อมูล", "ชำระภาษี", "ติดต่อสอบถาม"]),
        "visit_date": timezone.localdate() - dt.timedelta(days=age),
        "rating_overall": rating(),
        "rating_steps": rating() if rng.random() < 0.9 else None,
        "rating_time": rating(1.4) if rng.random() < 0.85 else None,
        "rating_information": rating() if rng.random() < 0.9 else None,
        "rating_courtesy": rating(0.9) if rng.random() < 0.9 else None,
        "rating_equal": rating(0.9) if rng.random() < 0.8 else None,
        "finished_in_time": rng.choices(
            [FinishedInTime.YES, FinishedInTime.LONGER, FinishedInTime.NOT_YET, ""], [80, 0.25, 6, 13]
        )[0],
        "fee_published": fee,
        "fee_paid": (fee + 100 if overcharged else fee) if fee is not None and rng.random() < 0.7 else None,
        "asked_money": rng.random() < 0.001,
        "comment": rng.choice(COMMENTS) if rng.random() < 0.15 else "",
        "is_flagged": rng.random() < 0.01,
        "language": "th" if rng.random() < 0.95 else "en",
    }


def _signals(rows: list[Feedback]) -> int:
    try:
        from siang.casework.signals import record_signals, signal_kinds
    except ImportError:
        return 0
    today = timezone.localdate()
    return sum(
        len(record_signals(feedback=row, today=today)) for row in rows if signal_kinds(row, today=today)
    )


def ensure_demo_feedback(n: int = 20_000) -> dict[str, int]:
    if Feedback.objects.filter(tracking_code__startswith=CODE_PREFIX).exists():
        return {"feedback": 0, "signals": 0}
    pacc = _person("pacc")
    if pacc is None:
        return {"feedback": 0, "signals": 0}
    rng = random.Random(25690)  # noqa: S311  (demo data, seeded to be the same every time)
    with transaction.atomic():
        places = _units_and_points(pacc)
        if not places:
            return {"feedback": 0, "signals": 0}
        weights = [share for _point, _processes, share in places]
        biases = {point.pk: rng.uniform(3.7, 4.7) for point, _processes, _share in places}
        rows = []
        for number, (point, processes, _share) in enumerate(rng.choices(places, weights, k=n), start=1):
            values = _response(rng, point, processes, biases[point.pk])
            rows.append(
                Feedback(
                    **values, tracking_code=f"{CODE_PREFIX}{number:08d}", idempotency_key=f"demo-{number}"
                )
            )
        created = Feedback.objects.bulk_create(rows, batch_size=2000)
        _backdate(created)
        signals = _signals(created)
    rollups.catch_up(limit=n + 1000)
    return {"feedback": len(created), "signals": signals}


def _backdate(rows: list[Feedback]) -> None:
    """`created_at` is set on insert; the demo's responses were received on their visit days."""
    for day in sorted({row.visit_date for row in rows}):
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
        Feedback.objects.filter(tracking_code__startswith=CODE_PREFIX, visit_date=day).update(
            created_at=received
        )
