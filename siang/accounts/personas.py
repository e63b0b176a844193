"""The people of the demo and the tests (DESIGN.md §1), attached to real units of Phrae.

The citizen IDs are made up but valid (check digit), so the ThaiD sandbox accepts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from siang.accounts.models import Role
from siang.lib.citizen_id import with_check_digit

PHRAE = "54"
UNIT_A = "4540102"  # เทศบาลเมืองแพร่: the demo unit that is fully set up
UNIT_B = "5540111"  # เทศบาลตำบลทุ่งกวาว: another unit, to show isolation


@dataclass(frozen=True)
class Persona:
    key: str
    name_th: str
    name_en: str
    citizen_id: str
    role: str | None
    unit_code: str | None = None
    province_code: str | None = None
    email: str = ""

    @property
    def phone(self) -> str:
        # 0800000xxx numbers are not assigned to subscribers; the console SMS backend prints them.
        return f"0800000{PERSONAS.index(self):03d}" if self.email else ""

    @property
    def username(self) -> str:
        return f"demo-{self.key}"


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "pacc",
        "นางสาวศรีสุดา ตรงธรรม",
        "Srisuda Trongtham",
        with_check_digit("110000000001"),
        Role.PACC_OFFICER,
        email="pacc@example.go.th",
    ),
    Persona(
        "overseer",
        "นายประเสริฐ ดูแลดี",
        "Prasert Dulaedee",
        with_check_digit("154000000002"),
        Role.OVERSEER,
        province_code=PHRAE,
        email="overseer.phrae@example.go.th",
    ),
    Persona(
        "admin_a",
        "นางมาลี ใจงาม",
        "Malee Jai-ngam",
        with_check_digit("154010000003"),
        Role.UNIT_ADMIN,
        unit_code=UNIT_A,
        email="admin@phrae-city.example.go.th",
    ),
    Persona(
        "user_a",
        "นายสมศักดิ์ บริการ",
        "Somsak Borikan",
        with_check_digit("154010000004"),
        Role.UNIT_USER,
        unit_code=UNIT_A,
        email="user1@phrae-city.example.go.th",
    ),
    Persona(
        "user_a2",
        "นางสาวกานดา สุขใจ",
        "Kanda Sukjai",
        with_check_digit("154010000005"),
        Role.UNIT_USER,
        unit_code=UNIT_A,
        email="user2@phrae-city.example.go.th",
    ),
    Persona(
        "admin_b",
        "นายวิชัย ทุ่งกวาว",
        "Wichai Thungkwao",
        with_check_digit("154010000006"),
        Role.UNIT_ADMIN,
        unit_code=UNIT_B,
        email="admin@thungkwao.example.go.th",
    ),
    Persona("newcomer", "นายธนา รอสิทธิ์", "Thana Rosit", with_check_digit("154010000007"), None),
)


def persona(key: str) -> Persona:
    return next(p for p in PERSONAS if p.key == key)
