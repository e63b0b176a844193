"""Thai for every English message: `python locale/th_translations.py` fills locale/th/…/django.po.

Kept as a table so a reviewer reads source and Thai side by side; `make messages` runs it after
makemessages and before compilemessages.
"""

from __future__ import annotations

from pathlib import Path

import polib

PO = Path(__file__).resolve().parent / "th" / "LC_MESSAGES" / "django.po"

THAI: dict[str, str] = {
    # accounts
    "ThaiD subject": "รหัสผู้ใช้ ThaiD",
    "name (Thai)": "ชื่อ (ภาษาไทย)",
    "name (English)": "ชื่อ (ภาษาอังกฤษ)",
    "mobile phone": "โทรศัพท์มือถือ",
    "PACC officer": "เจ้าหน้าที่ ป.ป.ท.",
    "Overseer": "ผู้กำกับดูแล",
    "Unit Admin": "ผู้ดูแลระบบหน่วยบริการ",
    "Unit User": "ผู้ใช้งานหน่วยบริการ",
    "Awaiting approval": "รออนุมัติ",
    "Approved": "อนุมัติแล้ว",
    "Rejected": "ไม่อนุมัติ",
    "Revoked": "ยกเลิกสิทธิ์แล้ว",
    "role": "บทบาท",
    "status": "สถานะ",
    "requested": "วันที่ขอ",
    "decided": "วันที่พิจารณา",
    "reason": "เหตุผล",
    "membership": "สิทธิ์การใช้งาน",
    "memberships": "สิทธิ์การใช้งาน",
    # audit
    "actor": "ผู้ดำเนินการ",
    "Who acted, kept as text so the record reads the same if the account changes.": "ผู้ดำเนินการ เก็บเป็นข้อความเพื่อให้บันทึกคงเดิมแม้บัญชีจะเปลี่ยน",
    "action": "การดำเนินการ",
    "object type": "ประเภทรายการ",
    "object id": "รหัสรายการ",
    "object": "รายการ",
    "note": "หมายเหตุ",
    "when": "เมื่อ",
    "audit event": "บันทึกการตรวจสอบ",
    "audit events": "บันทึกการตรวจสอบ",
    # directory
    "Unit name": "ชื่อหน่วยบริการ",
    "Province": "จังหวัด",
    "All provinces": "ทุกจังหวัด",
    "District": "อำเภอ",
    "All districts": "ทุกอำเภอ",
    "DOPA code": "รหัสกรมการปกครอง",
    "province": "จังหวัด",
    "provinces": "จังหวัด",
    "district": "อำเภอ",
    "districts": "อำเภอ",
    "DLA code": "รหัส อปท.",
    "The Department of Local Administration's 7-digit code; may be blank.": "รหัส 7 หลักของกรมส่งเสริมการปกครองท้องถิ่น (อาจว่างได้)",
    "type": "ประเภท",
    "active": "ใช้งานอยู่",
    "service unit": "หน่วยบริการ",
    "service units": "หน่วยบริการ",
    "renamed": "เปลี่ยนชื่อ",
    "type changed": "เปลี่ยนฐานะ",
    "replaced on": "วันที่เปลี่ยน",
    "former unit name": "ชื่อเดิมของหน่วยบริการ",
    "former unit names": "ชื่อเดิมของหน่วยบริการ",
    "Provincial Administrative Organization": "องค์การบริหารส่วนจังหวัด",
    "City Municipality": "เทศบาลนคร",
    "Town Municipality": "เทศบาลเมือง",
    "Subdistrict Municipality": "เทศบาลตำบล",
    "Subdistrict Administrative Organization": "องค์การบริหารส่วนตำบล",
    "Other state agency": "หน่วยงานของรัฐอื่น",
    # settings
    "Thai": "ภาษาไทย",
    "English": "ภาษาอังกฤษ",
    # templates
    "Page not found": "ไม่พบหน้าที่ต้องการ",
    "There is no page at this address, or it is not yours to see. Check the address, or start again "
    "from the home page.": "ไม่มีหน้านี้ หรือท่านไม่มีสิทธิ์เข้าถึง โปรดตรวจสอบที่อยู่อีกครั้ง หรือเริ่มใหม่จากหน้าแรก",
    "Go to the home page": "ไปที่หน้าแรก",
    "Something went wrong": "ระบบขัดข้อง",
    "Siang": "เสียง",
    "The system could not finish your request. Nothing you sent was lost; please try again in a few "
    "minutes.": "ระบบไม่สามารถดำเนินการตามคำขอได้ ข้อมูลที่ท่านส่งไม่สูญหาย โปรดลองใหม่อีกครั้งในอีกสักครู่",
    "Siang: tell the government how you were served.": "เสียง: บอกภาครัฐว่าท่านได้รับบริการอย่างไร",
    "Skip to main content": "ข้ามไปยังเนื้อหาหลัก",
    "Main menu": "เมนูหลัก",
    "Find a unit": "ค้นหาหน่วยบริการ",
    "Provinces": "รายจังหวัด",
    'Report corruption to the PACC hotline <a href="tel:1206">1206</a>.': 'แจ้งเบาะแสการทุจริต สายด่วน ป.ป.ท. <a href="tel:1206">1206</a>',
    "Provinces and districts: Department of Provincial Administration, via geothai (CC BY 4.0). Local "
    "government units: the Department of Local Administration's lists, via the tambon data of A. "
    "Hörstemeier.": "ข้อมูลจังหวัดและอำเภอ: กรมการปกครอง ผ่าน geothai (CC BY 4.0) "
    "ข้อมูลองค์กรปกครองส่วนท้องถิ่น: บัญชีของกรมส่งเสริมการปกครองท้องถิ่น ผ่านข้อมูลตำบลของ A. Hörstemeier",
    "Service units by province": "หน่วยบริการรายจังหวัด",
    "You are here": "ตำแหน่งของหน้านี้",
    "Type": "ประเภท",
    "not known": "ไม่ทราบ",
    "Former names": "ชื่อเดิม",
    "until %(date)s": "ถึง %(date)s",
    "Services": "งานบริการ",
    "This unit has not published its services in Siang yet.": "หน่วยบริการนี้ยังไม่ได้เผยแพร่งานบริการในระบบเสียง",
    'To report a problem with this unit\'s service now, call the PACC hotline <a href="tel:1206">1206</a>.': 'หากต้องการแจ้งปัญหาการรับบริการของหน่วยนี้ในขณะนี้ โทรสายด่วน ป.ป.ท. <a href="tel:1206">1206</a>',
    "Find a service unit": "ค้นหาหน่วยบริการ",
    "Choose a province and search again to pick one of its districts.": "เลือกจังหวัดแล้วกดค้นหา เพื่อเลือกอำเภอในจังหวัดนั้น",
    "Search": "ค้นหา",
    "%(counter)s unit found": "พบ %(counter)s หน่วยบริการ",
    "No unit matches. Try fewer letters of the name, without the type (อบต., เทศบาลตำบล), or choose only a "
    "province.": "ไม่พบหน่วยบริการ ลองพิมพ์ชื่อให้สั้นลงโดยไม่ต้องใส่ประเภท (อบต., เทศบาลตำบล) หรือเลือกเฉพาะจังหวัด",
    "Home": "หน้าแรก",
    "Tell us how you were served": "บอกเราว่าได้รับบริการอย่างไร",
    "Siang lets everyone who uses a government service say how it went — whether it was finished on time, "
    "cost what was published, and whether anyone asked for money. Scan the QR code at the service point, or "
    "find the unit below.": "ระบบเสียงให้ทุกคนที่ไปรับบริการจากหน่วยงานของรัฐ ได้บอกว่าได้รับบริการอย่างไร "
    "เสร็จตามเวลาหรือไม่ เสียค่าธรรมเนียมตามที่ประกาศหรือไม่ และมีการเรียกรับเงินหรือไม่ "
    "สแกน QR Code ที่จุดบริการ หรือค้นหาหน่วยบริการด้านล่าง",
    "Find a service unit by name": "ค้นหาหน่วยบริการจากชื่อ",
    "e.g. Cho Hae, ช่อแฮ": "เช่น ช่อแฮ",
    "Service units in the directory": "หน่วยบริการในทะเบียน",
    "%(units)s local government units in %(provinces)s provinces.": "องค์กรปกครองส่วนท้องถิ่น %(units)s แห่ง ใน %(provinces)s จังหวัด",
    "Units by type": "จำนวนหน่วยบริการตามประเภท",
    "Show as a table": "แสดงเป็นตาราง",
    "Units": "จำนวน",
    "Pages": "หน้า",
    "Previous": "ก่อนหน้า",
    "Page %(number)s of %(total)s": "หน้า %(number)s จาก %(total)s",
    "Next": "ถัดไป",
}


def fill(path: Path = PO) -> list[str]:
    """Write the Thai into the catalogue; return the messages that still have none."""
    catalogue = polib.pofile(str(path))
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Language"] = "th"
    missing = []
    for entry in catalogue:
        thai = THAI.get(entry.msgid)
        if thai is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: thai}
        else:
            entry.msgstr = thai
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    return missing


if __name__ == "__main__":
    untranslated = fill()
    for msgid in untranslated:
        print(f"no Thai yet: {msgid!r}")
    raise SystemExit(1 if untranslated else 0)
