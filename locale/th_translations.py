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
    # accounts: the appointment order
    "The file must be named “%(expected)s” (the unit's name, an underscore, the province). It is named “%(given)s”.": "ชื่อไฟล์ต้องเป็น “%(expected)s” (ชื่อหน่วยงาน ขีดล่าง ชื่อจังหวัด) แต่ไฟล์ที่เลือกชื่อ “%(given)s”",
    "The file is %(size).1f MB; the limit is 10 MB. Scan at a lower resolution, or in black and white.": "ไฟล์มีขนาด %(size).1f MB เกินกว่าที่กำหนด 10 MB โปรดสแกนด้วยความละเอียดต่ำลง หรือเป็นขาวดำ",
    "The file is larger than 10 MB.": "ไฟล์มีขนาดเกิน 10 MB",
    "This file is not a PDF. Save or scan the signed order as a PDF.": "ไฟล์นี้ไม่ใช่ไฟล์ PDF โปรดบันทึกหรือสแกนคำสั่งที่ลงนามแล้วเป็นไฟล์ PDF",
    "The PDF is protected by a password. Upload a copy without a password.": "ไฟล์ PDF นี้ตั้งรหัสผ่านไว้ โปรดอัปโหลดฉบับที่ไม่มีรหัสผ่าน",
    "The PDF cannot be read (it may be damaged). Save or scan it again and upload the new file.": "อ่านไฟล์ PDF ไม่ได้ (ไฟล์อาจเสียหาย) โปรดบันทึกหรือสแกนใหม่แล้วอัปโหลดอีกครั้ง",
    "The PDF has no pages.": "ไฟล์ PDF ไม่มีหน้าใดเลย",
    "The PDF has %(pages)d pages; the limit is 50. Upload only the order and the request form.": "ไฟล์ PDF มี %(pages)d หน้า เกินกว่าที่กำหนด 50 หน้า โปรดอัปโหลดเฉพาะคำสั่งและแบบคำขอ",
    "E-mail": "อีเมล",
    "Mobile phone": "โทรศัพท์มือถือ",
    "10 digits, e.g. 081 234 5678": "10 หลัก เช่น 081 234 5678",
    "Enter a Thai mobile number of 10 digits starting 06, 08 or 09.": "โปรดกรอกหมายเลขโทรศัพท์มือถือ 10 หลัก ขึ้นต้นด้วย 06, 08 หรือ 09",
    "The signed appointment order and the Admin request form, as one PDF": "คำสั่งแต่งตั้งที่ลงนามแล้วและแบบคำขออนุมัติบัญชีผู้ใช้ระดับผู้ดูแลระบบ รวมเป็นไฟล์ PDF เดียว",
    "The Admins named in the order": "รายชื่อผู้ดูแลระบบตามคำสั่ง",
    "One name per line, as written in the order (at most 2).": "บรรทัดละหนึ่งชื่อ ตามที่ปรากฏในคำสั่ง (ไม่เกิน 2 คน)",
    "Name the file “%(name)s”. PDF only, at most 10 MB and 50 pages.": "ตั้งชื่อไฟล์ว่า “%(name)s” เป็นไฟล์ PDF เท่านั้น ขนาดไม่เกิน 10 MB และไม่เกิน 50 หน้า",
    "Write the name of at least one Admin named in the order.": "โปรดกรอกชื่อผู้ดูแลระบบตามคำสั่งอย่างน้อยหนึ่งชื่อ",
    "An order names at most 2 Admins; you wrote %(count)d names.": "คำสั่งแต่งตั้งผู้ดูแลระบบได้ไม่เกิน 2 คน แต่กรอกไว้ %(count)d ชื่อ",
    "Approve": "อนุมัติ",
    "Reject": "ไม่อนุมัติ",
    "Reason (required to reject)": "เหตุผล (ต้องระบุเมื่อไม่อนุมัติ)",
    "Give the reason, so the person knows what to fix.": "โปรดระบุเหตุผล เพื่อให้ผู้ขอทราบว่าต้องแก้ไขอะไร",
    "Reason for revoking": "เหตุผลที่ยกเลิกสิทธิ์",
    "District (leave empty to oversee the whole province)": "อำเภอ (เว้นว่างหากกำกับดูแลทั้งจังหวัด)",
    "This district is not in the province you chose.": "อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก",
    "citizen ID": "เลขประจำตัวประชาชน",
    "Awaiting PACC review": "รอ ป.ป.ท. ตรวจสอบ",
    "appointment order (PDF)": "คำสั่งแต่งตั้ง (PDF)",
    "file name": "ชื่อไฟล์",
    "names in the order": "รายชื่อในคำสั่ง",
    "submitted": "วันที่ยื่น",
    "Admin application": "คำขอเป็นผู้ดูแลระบบ",
    "Admin applications": "คำขอเป็นผู้ดูแลระบบ",
    "subject": "เรื่อง",
    "message": "ข้อความ",
    "sent": "วันที่ส่ง",
    "read": "วันที่อ่าน",
    "notification": "การแจ้งเตือน",
    "notifications": "การแจ้งเตือน",
    "The applicant's ThaiD name “%(name)s” is not among the names listed from the order.": "ชื่อผู้ขอตาม ThaiD “%(name)s” ไม่อยู่ในรายชื่อที่กรอกจากคำสั่ง",
    "This unit already has 2 approved Admins.": "หน่วยบริการนี้มีผู้ดูแลระบบที่อนุมัติแล้วครบ 2 คน",
    # accounts: decisions
    "You already have this role.": "ท่านมีบทบาทนี้อยู่แล้ว",
    "You have already asked for this role; it is awaiting approval.": "ท่านได้ขอบทบาทนี้ไว้แล้ว และอยู่ระหว่างรออนุมัติ",
    "New User request": "มีคำขอเป็นผู้ใช้งานใหม่",
    "%(name)s asks to be a User of %(unit)s.": "%(name)s ขอเป็นผู้ใช้งานของ%(unit)s",
    "This request has already been decided (%(status)s).": "คำขอนี้ได้รับการพิจารณาแล้ว (%(status)s)",
    "Only a PACC officer can decide this.": "เฉพาะเจ้าหน้าที่ ป.ป.ท. เท่านั้นที่พิจารณาเรื่องนี้ได้",
    "Only an Admin of this unit can decide this.": "เฉพาะผู้ดูแลระบบของหน่วยบริการนี้เท่านั้นที่พิจารณาเรื่องนี้ได้",
    "%(unit)s already has %(count)d approved Admins, the most a unit may have. Reject this application, or "
    "revoke an Admin first.": "%(unit)s มีผู้ดูแลระบบที่อนุมัติแล้ว %(count)d คน ซึ่งเป็นจำนวนสูงสุดที่หน่วยหนึ่งมีได้ "
    "โปรดไม่อนุมัติคำขอนี้ หรือยกเลิกสิทธิ์ผู้ดูแลระบบเดิมก่อน",
    "You are now an Admin": "ท่านได้รับอนุมัติเป็นผู้ดูแลระบบ",
    "PACC approved you as an Admin of %(unit)s.": "สำนักงาน ป.ป.ท. อนุมัติให้ท่านเป็นผู้ดูแลระบบของ%(unit)s",
    "Give the reason, so the applicant knows what to fix.": "โปรดระบุเหตุผล เพื่อให้ผู้ขอทราบว่าต้องแก้ไขอะไร",
    "Your Admin application was not approved": "คำขอเป็นผู้ดูแลระบบของท่านไม่ได้รับอนุมัติ",
    "PACC did not approve you as an Admin of %(unit)s: %(reason)s": "สำนักงาน ป.ป.ท. ไม่อนุมัติให้ท่านเป็นผู้ดูแลระบบของ%(unit)s เนื่องจาก %(reason)s",
    "You are now a User": "ท่านได้รับอนุมัติเป็นผู้ใช้งาน",
    "The Admin approved you as a User of %(unit)s.": "ผู้ดูแลระบบอนุมัติให้ท่านเป็นผู้ใช้งานของ%(unit)s",
    "Give the reason, so the person knows what to do.": "โปรดระบุเหตุผล เพื่อให้ผู้ขอทราบว่าควรทำอย่างไร",
    "Your User request was not approved": "คำขอเป็นผู้ใช้งานของท่านไม่ได้รับอนุมัติ",
    "The Admin of %(unit)s did not approve your request: %(reason)s": "ผู้ดูแลระบบของ%(unit)s ไม่อนุมัติคำขอของท่าน เนื่องจาก %(reason)s",
    "Give the reason for revoking.": "โปรดระบุเหตุผลที่ยกเลิกสิทธิ์",
    "Only an approved User can be revoked.": "ยกเลิกสิทธิ์ได้เฉพาะผู้ใช้งานที่อนุมัติแล้ว",
    "Your User role was revoked": "สิทธิ์ผู้ใช้งานของท่านถูกยกเลิก",
    "The Admin of %(unit)s revoked your User role: %(reason)s": "ผู้ดูแลระบบของ%(unit)s ยกเลิกสิทธิ์ผู้ใช้งานของท่าน เนื่องจาก %(reason)s",
    "You are now an overseer": "ท่านได้รับอนุมัติเป็นผู้กำกับดูแล",
    "PACC approved you as an overseer of %(area)s.": "สำนักงาน ป.ป.ท. อนุมัติให้ท่านเป็นผู้กำกับดูแล %(area)s",
    "Your overseer request was not approved": "คำขอเป็นผู้กำกับดูแลของท่านไม่ได้รับอนุมัติ",
    "PACC did not approve your overseer request: %(reason)s": "สำนักงาน ป.ป.ท. ไม่อนุมัติคำขอเป็นผู้กำกับดูแลของท่าน เนื่องจาก %(reason)s",
    "Your contact details are saved.": "บันทึกข้อมูลติดต่อแล้ว",
    "Your application is sent. PACC will check it and tell you the result.": "ส่งคำขอแล้ว สำนักงาน ป.ป.ท. จะตรวจสอบและแจ้งผลให้ท่านทราบ",
    "Your request is sent to the unit's Admin.": "ส่งคำขอถึงผู้ดูแลระบบของหน่วยบริการแล้ว",
    "Your request is sent to PACC.": "ส่งคำขอถึงสำนักงาน ป.ป.ท. แล้ว",
    "Approved. The applicant is told by e-mail and SMS.": "อนุมัติแล้ว ระบบแจ้งผู้ขอทางอีเมลและ SMS",
    "Rejected. The applicant is told the reason.": "ไม่อนุมัติแล้ว ระบบแจ้งเหตุผลให้ผู้ขอทราบ",
    "Decision saved; the person is told.": "บันทึกผลการพิจารณาแล้ว และแจ้งผู้ขอแล้ว",
    "Decision saved; %(name)s is told.": "บันทึกผลการพิจารณาแล้ว และแจ้ง %(name)s แล้ว",
    "%(name)s can no longer work for the unit.": "%(name)s ไม่มีสิทธิ์ทำงานให้หน่วยบริการนี้อีกต่อไป",
    # accounts: pages
    "Your work": "งานของท่าน",
    "Welcome, %(name)s": "สวัสดี %(name)s",
    "%(counter)s new notification": "การแจ้งเตือนใหม่ %(counter)s รายการ",
    "PACC: waiting for you": "ป.ป.ท.: งานที่รอท่าน",
    "Admin applications to review": "คำขอเป็นผู้ดูแลระบบที่รอตรวจสอบ",
    "overseer requests": "คำขอเป็นผู้กำกับดูแล",
    "Admin of %(unit)s": "ผู้ดูแลระบบของ%(unit)s",
    "User requests waiting for you": "คำขอเป็นผู้ใช้งานที่รอท่านพิจารณา",
    "approved Users": "ผู้ใช้งานที่อนุมัติแล้ว",
    "A unit needs at least 2 approved Users. Ask your colleagues named in the appointment order to sign in "
    "with ThaiD and request the User role.": "หน่วยบริการต้องมีผู้ใช้งานที่อนุมัติแล้วอย่างน้อย 2 คน "
    "โปรดแจ้งเจ้าหน้าที่ตามคำสั่งแต่งตั้งให้เข้าสู่ระบบด้วย ThaiD และขอบทบาทผู้ใช้งาน",
    "Next steps": "ขั้นตอนถัดไป",
    "Approve the unit's Users.": "อนุมัติผู้ใช้งานของหน่วยบริการ",
    "Add the departments that serve the public, then the services from your citizen manuals (coming with the "
    "catalogue).": "เพิ่มส่วนงานที่ให้บริการประชาชน แล้วบันทึกงานบริการตามคู่มือสำหรับประชาชน (จะเปิดใช้พร้อมระบบทะเบียนงานบริการ)",
    "Overseer of district %(district)s": "ผู้กำกับดูแลอำเภอ%(district)s",
    "Overseer of %(province)s province": "ผู้กำกับดูแลจังหวัด%(province)s",
    "units in your area": "หน่วยบริการในพื้นที่",
    "units without an approved Admin": "หน่วยบริการที่ยังไม่มีผู้ดูแลระบบที่อนุมัติแล้ว",
    "User of %(unit)s": "ผู้ใช้งานของ%(unit)s",
    "Your work will be to enter the unit's services from its citizen manuals; that part of Siang is being built.": "งานของท่านคือบันทึกงานบริการของหน่วยตามคู่มือสำหรับประชาชน ส่วนนี้ของระบบกำลังพัฒนา",
    "Your requests": "คำขอของท่าน",
    "Reason": "เหตุผล",
    "Requested": "ขอเมื่อ",
    "You have no role yet": "ท่านยังไม่มีบทบาทในระบบ",
    "Ask for the role your unit appointed you to: Admin (with the signed appointment order) or User. Provincial "
    "and district officials can ask to oversee their area.": "ขอบทบาทตามที่หน่วยงานแต่งตั้ง: ผู้ดูแลระบบ "
    "(พร้อมคำสั่งแต่งตั้งที่ลงนามแล้ว) หรือผู้ใช้งาน เจ้าหน้าที่จังหวัดและอำเภอขอเป็นผู้กำกับดูแลพื้นที่ได้",
    "Request a role": "ขอบทบาท",
    "Your contact details": "ข้อมูลติดต่อของท่าน",
    "Notifications": "การแจ้งเตือน",
    "new": "ใหม่",
    "Open": "เปิด",
    "Nothing yet.": "ยังไม่มีรายการ",
    "All applications": "คำขอทั้งหมด",
    "Admin application: %(unit)s": "คำขอเป็นผู้ดูแลระบบ: %(unit)s",
    "The appointment order (PDF)": "คำสั่งแต่งตั้ง (PDF)",
    "Open the PDF": "เปิดไฟล์ PDF",
    "%(counter)s page": "%(counter)s หน้า",
    "Check before approving": "ตรวจสอบก่อนอนุมัติ",
    "Applicant's ThaiD name": "ชื่อผู้ขอตาม ThaiD",
    "Citizen ID": "เลขประจำตัวประชาชน",
    "Names listed from the order": "รายชื่อที่กรอกจากคำสั่ง",
    "Unit": "หน่วยบริการ",
    "Approved Admins now": "ผู้ดูแลระบบที่อนุมัติแล้วในขณะนี้",
    "none": "ไม่มี",
    "Status": "สถานะ",
    "%(counter)s application waiting, oldest first": "คำขอที่รอ %(counter)s รายการ เรียงจากเก่าไปใหม่",
    "Applicant (ThaiD)": "ผู้ขอ (ThaiD)",
    "Submitted": "ยื่นเมื่อ",
    "Check": "ตรวจสอบ",
    "%(counter)s point to check": "%(counter)s จุดที่ต้องตรวจ",
    "names match": "รายชื่อตรงกัน",
    "No application is waiting.": "ไม่มีคำขอที่รอตรวจสอบ",
    "Overseer requests": "คำขอเป็นผู้กำกับดูแล",
    "No request is waiting.": "ไม่มีคำขอที่รอพิจารณา",
    "Signed in with ThaiD as %(name)s. We tell you of every decision on your requests by e-mail and SMS.": "ท่านเข้าสู่ระบบด้วย ThaiD ในชื่อ %(name)s ระบบจะแจ้งผลการพิจารณาคำขอทุกครั้งทางอีเมลและ SMS",
    "Save": "บันทึก",
    "Request Admin": "ขอเป็นผู้ดูแลระบบ",
    "Request to be Admin of %(unit)s": "ขอเป็นผู้ดูแลระบบของ%(unit)s",
    "Upload the order signed by the head of the unit that appoints you, together with the Admin request form, as "
    "one PDF. PACC checks the names in it against your ThaiD registration.": "อัปโหลดคำสั่งแต่งตั้งที่หัวหน้าหน่วยงาน"
    "ลงนามแล้ว พร้อมแบบคำขออนุมัติบัญชีผู้ใช้ระดับผู้ดูแลระบบ รวมเป็นไฟล์ PDF เดียว "
    "สำนักงาน ป.ป.ท. จะตรวจสอบรายชื่อในคำสั่งกับข้อมูลการลงทะเบียน ThaiD ของท่าน",
    "For your safety the browser forgets the chosen file after an error: choose it again.": "เพื่อความปลอดภัย เบราว์เซอร์จะไม่จำไฟล์ที่เลือกไว้เมื่อมีข้อผิดพลาด โปรดเลือกไฟล์อีกครั้ง",
    "Send to PACC": "ส่งถึง ป.ป.ท.",
    "Oversee an area": "กำกับดูแลพื้นที่",
    "Ask to oversee a province or district": "ขอเป็นผู้กำกับดูแลจังหวัดหรืออำเภอ",
    "Overseers see the compliance and results of the units in their area, read-only. PACC grants this role.": "ผู้กำกับดูแลดูผลการดำเนินการของหน่วยบริการในพื้นที่ได้ (อ่านอย่างเดียว) โดยสำนักงาน ป.ป.ท. เป็นผู้อนุมัติ",
    "Request User": "ขอเป็นผู้ใช้งาน",
    "Request to be a User of %(unit)s": "ขอเป็นผู้ใช้งานของ%(unit)s",
    "The unit's Admin approves Users. You are told of the decision by e-mail and SMS.": "ผู้ดูแลระบบของหน่วยบริการเป็นผู้อนุมัติผู้ใช้งาน ท่านจะได้รับแจ้งผลทางอีเมลและ SMS",
    "Send the request": "ส่งคำขอ",
    "Find the unit that appointed you. The Admin request needs the signed appointment order as one PDF; a User "
    "request goes to the unit's Admin.": "ค้นหาหน่วยงานที่แต่งตั้งท่าน คำขอเป็นผู้ดูแลระบบต้องแนบคำสั่งแต่งตั้ง"
    "ที่ลงนามแล้วเป็นไฟล์ PDF เดียว ส่วนคำขอเป็นผู้ใช้งานจะส่งถึงผู้ดูแลระบบของหน่วย",
    "No unit matches.": "ไม่พบหน่วยบริการ",
    "Province and district officials": "เจ้าหน้าที่จังหวัดและอำเภอ",
    "Users of the unit": "ผู้ใช้งานของหน่วยบริการ",
    "Users of %(unit)s": "ผู้ใช้งานของ%(unit)s",
    "A unit needs at least 2 approved Users.": "หน่วยบริการต้องมีผู้ใช้งานที่อนุมัติแล้วอย่างน้อย 2 คน",
    "Waiting for your decision": "รอท่านพิจารณา",
    "Approved Users": "ผู้ใช้งานที่อนุมัติแล้ว",
    "Revoke": "ยกเลิกสิทธิ์",
    "Revoke the User role": "ยกเลิกสิทธิ์ผู้ใช้งาน",
    "No approved User yet.": "ยังไม่มีผู้ใช้งานที่อนุมัติแล้ว",
    "Sign out": "ออกจากระบบ",
    "Staff sign-in": "เจ้าหน้าที่เข้าสู่ระบบ",
    "optional": "ไม่บังคับ",
    # ThaiD sign-in and the sandbox
    "PACC": "ป.ป.ท.",
    "Please try again in a few minutes. If it keeps happening, call the PACC hotline 1206 and give them the "
    "reference number below.": "โปรดลองใหม่ในอีกสักครู่ หากยังเกิดขึ้นอีก โทรสายด่วน ป.ป.ท. 1206 และแจ้งเลขอ้างอิงด้านล่าง",
    "You did not allow the sign-in": "ท่านไม่ได้อนุญาตให้เข้าสู่ระบบ",
    "The sign-in was cancelled at ThaiD, so you are not signed in to Siang.": "การเข้าสู่ระบบถูกยกเลิกที่ ThaiD ท่านจึงยังไม่ได้เข้าสู่ระบบเสียง",
    "If you want to sign in, try again and allow Siang to read your details in ThaiD.": "หากต้องการเข้าสู่ระบบ โปรดลองใหม่และอนุญาตให้ระบบเสียงอ่านข้อมูลของท่านใน ThaiD",
    "This sign-in is no longer valid": "การเข้าสู่ระบบครั้งนี้ใช้ไม่ได้แล้ว",
    "The page ThaiD sent you back to was already used, was opened in another browser, or the sign-in took more "
    "than ten minutes. You are not signed in.": "หน้าที่ ThaiD ส่งกลับมาถูกใช้ไปแล้ว เปิดในเบราว์เซอร์อื่น "
    "หรือใช้เวลาเข้าสู่ระบบนานเกินสิบนาที ท่านยังไม่ได้เข้าสู่ระบบ",
    "Start the sign-in again from this site.": "โปรดเริ่มเข้าสู่ระบบใหม่จากเว็บไซต์นี้",
    "The sign-in took too long": "การเข้าสู่ระบบใช้เวลานานเกินไป",
    "ThaiD's confirmation had expired or was already used when Siang checked it. You are not signed in.": "การยืนยันจาก ThaiD หมดอายุหรือถูกใช้ไปแล้วเมื่อระบบเสียงตรวจสอบ ท่านยังไม่ได้เข้าสู่ระบบ",
    "Try again, and go straight on when the ThaiD app confirms.": "โปรดลองใหม่ และดำเนินการต่อทันทีเมื่อแอป ThaiD ยืนยันแล้ว",
    "Siang cannot sign you in with ThaiD right now": "ขณะนี้ระบบเสียงไม่สามารถเข้าสู่ระบบด้วย ThaiD ได้",
    "ThaiD refused the details Siang asked for.": "ThaiD ปฏิเสธข้อมูลที่ระบบเสียงขอ",
    "ThaiD did not accept Siang's credentials.": "ThaiD ไม่ยอมรับข้อมูลประจำตัวของระบบเสียง",
    "ThaiD's answer could not be verified": "ตรวจสอบคำตอบจาก ThaiD ไม่ผ่าน",
    "The answer from ThaiD did not pass Siang's security checks, so you were not signed in.": "คำตอบจาก ThaiD ไม่ผ่านการตรวจสอบความปลอดภัยของระบบเสียง ท่านจึงยังไม่ได้เข้าสู่ระบบ",
    "ThaiD sent a citizen ID that is not valid": "ThaiD ส่งเลขประจำตัวประชาชนที่ไม่ถูกต้อง",
    "The citizen ID in ThaiD's answer failed the check-digit test, so Siang cannot open your account.": "เลขประจำตัวประชาชนในคำตอบจาก ThaiD ไม่ผ่านการตรวจเลขหลักสุดท้าย ระบบเสียงจึงเปิดบัญชีของท่านไม่ได้",
    "Try again. If it happens again, contact the Department of Provincial Administration (call 1548) about your "
    "ThaiD record, or the PACC hotline 1206 with the reference number below.": "โปรดลองใหม่ หากยังเกิดขึ้นอีก "
    "โปรดติดต่อกรมการปกครอง (โทร 1548) เรื่องข้อมูล ThaiD ของท่าน หรือสายด่วน ป.ป.ท. 1206 พร้อมเลขอ้างอิงด้านล่าง",
    "ThaiD cannot be reached right now": "ขณะนี้ติดต่อ ThaiD ไม่ได้",
    "Siang could not connect to ThaiD, or ThaiD did not answer in time. You are not signed in.": "ระบบเสียงเชื่อมต่อ ThaiD ไม่ได้ หรือ ThaiD ไม่ตอบกลับภายในเวลา ท่านยังไม่ได้เข้าสู่ระบบ",
    "ThaiD could not complete the sign-in": "ThaiD ดำเนินการเข้าสู่ระบบไม่สำเร็จ",
    "ThaiD reported a problem, or sent an answer Siang could not use. You are not signed in.": "ThaiD แจ้งว่ามีปัญหา หรือส่งคำตอบที่ระบบเสียงใช้ไม่ได้ ท่านยังไม่ได้เข้าสู่ระบบ",
    "Your account cannot be opened": "เปิดบัญชีของท่านไม่ได้",
    "ThaiD confirmed who you are, but Siang could not open an account with those details.": "ThaiD ยืนยันตัวตนของท่านแล้ว แต่ระบบเสียงเปิดบัญชีด้วยข้อมูลนั้นไม่ได้",
    "Too many sign-in attempts": "พยายามเข้าสู่ระบบหลายครั้งเกินไป",
    "There have been many sign-in attempts from your network in the last minute.": "มีการพยายามเข้าสู่ระบบจากเครือข่ายของท่านหลายครั้งในหนึ่งนาทีที่ผ่านมา",
    "Please wait a minute, then try again.": "โปรดรอหนึ่งนาที แล้วลองใหม่",
    "You have signed out of Siang.": "ท่านออกจากระบบเสียงแล้ว",
    "Full name in Thai, with title": "ชื่อ-นามสกุลภาษาไทย พร้อมคำนำหน้า",
    "Full name in English": "ชื่อ-นามสกุลภาษาอังกฤษ",
    "Citizen ID (13 digits)": "เลขประจำตัวประชาชน (13 หลัก)",
    "A citizen ID has exactly 13 digits. Check the number on the ID card.": "เลขประจำตัวประชาชนมี 13 หลัก โปรดตรวจสอบเลขบนบัตรประชาชน",
    "This citizen ID is not valid: its last digit (the check digit) does not match the first twelve. Check the "
    "number on the ID card.": "เลขประจำตัวประชาชนไม่ถูกต้อง: เลขหลักสุดท้าย (เลขตรวจสอบ) ไม่ตรงกับ 12 หลักแรก "
    "โปรดตรวจสอบเลขบนบัตรประชาชน",
    "Sign in with ThaiD (sandbox)": "เข้าสู่ระบบด้วย ThaiD (ระบบจำลอง)",
    "ThaiD sandbox": "ThaiD จำลอง",
    "For demonstrations and tests only. This is not the real ThaiD: nobody's identity is checked here.": "สำหรับการสาธิตและการทดสอบเท่านั้น นี่ไม่ใช่ ThaiD จริง และไม่มีการตรวจสอบตัวตนของผู้ใด",
    "Please correct the details below.": "โปรดแก้ไขข้อมูลด้านล่าง",
    "Siang asks ThaiD for:": "ระบบเสียงขอข้อมูลจาก ThaiD ดังนี้",
    "Sign in as a demo person": "เข้าสู่ระบบในชื่อบุคคลตัวอย่าง",
    "Or type a person": "หรือกรอกข้อมูลบุคคล",
    "Sign in as this person": "เข้าสู่ระบบในชื่อบุคคลนี้",
    "Do not sign in": "ไม่เข้าสู่ระบบ",
    "Cancel / do not allow": "ยกเลิก / ไม่อนุญาต",
    "This sign-in request is not valid": "คำขอเข้าสู่ระบบนี้ไม่ถูกต้อง",
    "The ThaiD sandbox cannot send you back to the site that asked, because that site or its return address is not "
    "known here. Go back to the site and start the sign-in again.": "ThaiD จำลองส่งท่านกลับไปยังเว็บไซต์ที่ขอไม่ได้ "
    "เพราะไม่รู้จักเว็บไซต์หรือที่อยู่สำหรับส่งกลับ โปรดกลับไปที่เว็บไซต์แล้วเริ่มเข้าสู่ระบบใหม่",
    "your citizen ID": "เลขประจำตัวประชาชนของท่าน",
    "your name in Thai": "ชื่อภาษาไทยของท่าน",
    "your name in English": "ชื่อภาษาอังกฤษของท่าน",
    "your title in Thai": "คำนำหน้าชื่อภาษาไทย",
    "your given name in Thai": "ชื่อตัวภาษาไทย",
    "your family name in Thai": "นามสกุลภาษาไทย",
    "your title in English": "คำนำหน้าชื่อภาษาอังกฤษ",
    "your given name in English": "ชื่อตัวภาษาอังกฤษ",
    "your family name in English": "นามสกุลภาษาอังกฤษ",
    "no role yet": "ยังไม่มีบทบาท",
    "You are signed in as %(name)s.": "ท่านเข้าสู่ระบบในชื่อ %(name)s",
    "Staff of service units, overseers and PACC officers sign in with ThaiD, the digital ID of the Department of "
    "Provincial Administration.": "เจ้าหน้าที่หน่วยบริการ ผู้กำกับดูแล และเจ้าหน้าที่ ป.ป.ท. "
    "เข้าสู่ระบบด้วย ThaiD ซึ่งเป็นบัตรประชาชนดิจิทัลของกรมการปกครอง",
    "Sign in with ThaiD": "เข้าสู่ระบบด้วย ThaiD",
    "You need the ThaiD app on your phone, with your identity already confirmed.": "ท่านต้องมีแอป ThaiD ในโทรศัพท์ที่ยืนยันตัวตนแล้ว",
    "Citizens do not need to sign in to give feedback: scan the QR code at the service point.": "ประชาชนไม่ต้องเข้าสู่ระบบเพื่อแสดงความคิดเห็น เพียงสแกน QR Code ที่จุดบริการ",
    'Problems signing in? Call the PACC hotline <a href="tel:1206">1206</a>.': 'เข้าสู่ระบบไม่ได้? โทรสายด่วน ป.ป.ท. <a href="tel:1206">1206</a>',
    "This is a problem with Siang's connection to ThaiD, not with you or your ThaiD account.": "ปัญหานี้เกิดจากการเชื่อมต่อระหว่างระบบเสียงกับ ThaiD ไม่ใช่ที่ตัวท่านหรือบัญชี ThaiD ของท่าน",
    "What to do next:": "สิ่งที่ควรทำต่อ:",
    "Try again": "ลองใหม่",
    "Reference number: %(reference)s": "เลขอ้างอิง: %(reference)s",
    # PACC officers
    "Citizen ID of the new PACC officer": "เลขประจำตัวประชาชนของเจ้าหน้าที่ ป.ป.ท. คนใหม่",
    "13 digits. The person must have signed in with ThaiD once.": "13 หลัก ผู้นั้นต้องเคยเข้าสู่ระบบด้วย ThaiD แล้วอย่างน้อยหนึ่งครั้ง",
    "This is not a valid 13-digit citizen ID (check the last digit).": "เลขประจำตัวประชาชน 13 หลักไม่ถูกต้อง (โปรดตรวจสอบเลขหลักสุดท้าย)",
    "Nobody with this citizen ID has signed in yet. Ask them to sign in with ThaiD first.": "ยังไม่มีผู้ใช้เลขประจำตัวประชาชนนี้เข้าสู่ระบบ โปรดให้ผู้นั้นเข้าสู่ระบบด้วย ThaiD ก่อน",
    "%(name)s is now a PACC officer.": "%(name)s เป็นเจ้าหน้าที่ ป.ป.ท. แล้ว",
    "PACC officers": "เจ้าหน้าที่ ป.ป.ท.",
    "granted by %(name)s, %(date)s": "อนุมัติโดย %(name)s เมื่อ %(date)s",
    "granted at installation": "กำหนดเมื่อติดตั้งระบบ",
    "Grant the role to a colleague": "มอบบทบาทให้เพื่อนร่วมงาน",
    "Grant": "มอบบทบาท",
    # the home of each role
    "QR installation reports to verify": "รายงานการติดตั้งคิวอาร์โค้ดที่รอตรวจสอบ",
    "open cases from citizens' signals": "เรื่องที่เปิดอยู่จากสัญญาณของประชาชน",
    "%(counter)s overdue": "เกินกำหนด %(counter)s เรื่อง",
    "National dashboard": "แดชบอร์ดระดับประเทศ",
    "Compliance and official lists": "การดำเนินการของหน่วยบริการและรายชื่อสำหรับหนังสือราชการ",
    "Exports": "ส่งออกข้อมูล",
    "Dashboard of your area": "แดชบอร์ดพื้นที่ของท่าน",
    "Dashboard": "แดชบอร์ด",
    "QR codes and service points": "คิวอาร์โค้ดและจุดให้บริการ",
    "%(done)s of %(total)s registration and setup steps done": (
        "ดำเนินการแล้ว %(done)s จาก %(total)s ขั้นตอน (ลงทะเบียนและตั้งค่า)"
    ),
    "Next:": "ขั้นต่อไป:",
}


def _all_thai() -> dict[str, str]:
    """This table and each app's own (locale/th_<app>.py), kept apart for their size."""
    import importlib
    import sys

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    everything = dict(THAI)
    for module in sorted(here.glob("th_*.py")):
        if module.stem == "th_translations":
            continue
        table = importlib.import_module(module.stem).THAI
        clashes = {key for key in table.keys() & everything.keys() if table[key] != everything[key]}
        if clashes:
            raise ValueError(f"{module.name} gives other Thai than an earlier table for {sorted(clashes)}")
        everything |= table
    return everything


def fill(path: Path = PO) -> list[str]:
    """Write the Thai into the catalogue; return the messages that still have none."""
    catalogue = polib.pofile(str(path))
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Language"] = "th"
    missing = []
    everything = _all_thai()
    for entry in catalogue:
        thai = everything.get(entry.msgid)
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
