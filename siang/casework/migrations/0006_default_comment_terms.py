"""The default lexicon of the comment detector (issue 18): words for a bribe, payments to a
person, transfers to a personal account, short receipts, fees above the published one, money for
speed. PACC extends and changes it in the app; each entry starts at version 1, by no one (the
system). Measured in bench/README.md."""

from django.db import migrations

DEFAULT_TERMS = [
    # A bribe, and the words Thai has for it
    ("ค่าน้ำร้อนน้ำชา", "euphemism"),
    ("น้ำร้อนน้ำชา", "euphemism"),
    ("ค่าน้ำชา", "euphemism"),
    ("ค่าชา", "euphemism"),
    ("ค่ากาแฟ", "euphemism"),
    ("เงินใต้โต๊ะ", "euphemism"),
    ("จ่ายใต้โต๊ะ", "euphemism"),
    ("ค่าใต้โต๊ะ", "euphemism"),
    ("สินน้ำใจ", "euphemism"),
    ("ส่วย", "euphemism"),
    ("ค่าหัวคิว", "euphemism"),
    ("ค่าอำนวยความสะดวก", "euphemism"),
    ("ค่าดำเนินการพิเศษ", "euphemism"),
    ("ติดไม้ติดมือ", "euphemism"),
    ("ต้องเลี้ยงข้าว", "euphemism"),
    ("เลี้ยงข้าวหัวหน้า", "euphemism"),
    ("เลี้ยงข้าวเจ้าหน้าที่", "euphemism"),
    ("เอาของฝาก…ให้", "euphemism"),
    ("ต้องมีของฝาก", "euphemism"),
    ("ค่าเคลียร์", "euphemism"),
    ("ค่าวิ่งเต้น", "euphemism"),
    ("ค่าเดินเรื่อง", "euphemism"),
    ("ซองขาว", "euphemism"),
    ("ใส่ซอง", "euphemism"),
    ("สินบน", "euphemism"),
    ("เรียกรับผลประโยชน์", "euphemism"),
    ("เรียกรับเงิน", "euphemism"),
    ("เรียกเงิน", "euphemism"),
    ("ขอส่วนแบ่ง", "euphemism"),
    ("tea money", "euphemism"),
    ("coffee money", "euphemism"),
    ("bribe", "euphemism"),
    ("under the table", "euphemism"),
    ("kickback", "euphemism"),
    # Paid to a person rather than the cashier
    ("จ่ายเงินสดกับเจ้าหน้าที่", "paid_to_person"),
    ("กับเขาโดยตรง", "paid_to_person"),
    ("เจ้าหน้าที่โดยตรง", "paid_to_person"),
    ("ไม่ผ่านการเงิน", "paid_to_person"),
    ("ไม่ต้องไปที่การเงิน", "paid_to_person"),
    ("ไม่ได้ไปจ่ายที่ช่องการเงิน", "paid_to_person"),
    ("รับเงินเอง", "paid_to_person"),
    ("เก็บเงิน…เองที่หน้างาน", "paid_to_person"),
    ("เก็บเงินค่า…เอง", "paid_to_person"),
    ("ใส่มือเจ้าหน้าที่", "paid_to_person"),
    ("ในมือ", "paid_to_person"),
    ("เข้ากระเป๋า", "paid_to_person"),
    ("ฝากเงินไว้กับเจ้าหน้าที่", "paid_to_person"),
    ("จ่ายเงินที่โต๊ะเจ้าหน้าที่", "paid_to_person"),
    ("instead of the cashier", "paid_to_person"),
    ("not the cashier", "paid_to_person"),
    ("cash to him", "paid_to_person"),
    ("cash to her", "paid_to_person"),
    # A transfer to a personal account
    ("บัญชีส่วนตัว", "personal_account"),
    ("บัญชีชื่อเจ้าหน้าที่", "personal_account"),
    ("บัญชีของเจ้าหน้าที่", "personal_account"),
    ("บัญชีของภรรยา", "personal_account"),
    ("บัญชีของสามี", "personal_account"),
    ("พร้อมเพย์ส่วนตัว", "personal_account"),
    ("พร้อมเพย์เบอร์", "personal_account"),
    ("พร้อมเพย์…ของเขาเอง", "personal_account"),
    ("พร้อมเพย์…ของเจ้าหน้าที่", "personal_account"),
    ("personal account", "personal_account"),
    ("personal bank account", "personal_account"),
    ("his own account", "personal_account"),
    # No receipt, or one for less than was paid
    ("ใบเสร็จ…แค่", "receipt_short"),
    ("ใบเสร็จ…น้อยกว่า", "receipt_short"),
    ("ใบเสร็จ…ไม่ตรง", "receipt_short"),
    ("ไม่ได้ใบเสร็จ", "receipt_short"),
    ("ไม่ออกใบเสร็จ", "receipt_short"),
    ("ไม่มีใบเสร็จ", "receipt_short"),
    ("ขอใบเสร็จ…ไม่ให้", "receipt_short"),
    ("นอกใบเสร็จ", "receipt_short"),
    ("ได้ใบเสร็จ…แต่จ่าย", "receipt_short"),
    ("จ่าย…ได้ใบเสร็จแค่", "receipt_short"),
    ("no receipt", "receipt_short"),
    ("without a receipt", "receipt_short"),
    ("receipt…but i paid", "receipt_short"),
    ("receipt says…but", "receipt_short"),
    ("receipt showed…but", "receipt_short"),
    # A fee above the published one
    ("ตามประกาศ…แต่เก็บ", "overcharge"),
    ("ตามประกาศ…แต่เรียก", "overcharge"),
    ("เกินกว่าที่ประกาศ", "overcharge"),
    ("เกินประกาศ", "overcharge"),
    ("เกินอัตรา", "overcharge"),
    ("แพงกว่าที่…ประกาศ", "overcharge"),
    ("ไม่มีค่าธรรมเนียม แต่", "overcharge"),
    ("ป้าย…ค่าธรรมเนียม…แต่…เรียก", "overcharge"),
    ("ไม่มีระเบียบรองรับ", "overcharge"),
    ("more than the posted fee", "overcharge"),
    ("more than the published fee", "overcharge"),
    ("posted fee is", "overcharge"),
    ("above the published fee", "overcharge"),
    # Paying extra for speed
    ("อยากได้เร็ว…จ่ายเพิ่ม", "speed_payment"),
    ("จ่ายเพิ่ม…เร็ว", "speed_payment"),
    ("จ่ายเพิ่ม…ภายในวันนี้", "speed_payment"),
    ("จ่ายเพิ่ม…จะได้", "speed_payment"),
    ("จ่ายเพิ่ม…เร่ง", "speed_payment"),
    ("จ่ายพิเศษ", "speed_payment"),
    ("ลัดคิว", "speed_payment"),
    ("ค่าด่วน", "speed_payment"),
    ("ภายในวันนี้ต้องจ่าย", "speed_payment"),
    ("ต้องจ่ายเพิ่ม", "speed_payment"),
    ("pay extra", "speed_payment"),
    ("paid extra", "speed_payment"),
    ("to get it faster", "speed_payment"),
]


def add_defaults(apps, schema_editor):
    CommentTerm = apps.get_model("casework", "CommentTerm")
    CommentTermVersion = apps.get_model("casework", "CommentTermVersion")
    for phrase, kind in DEFAULT_TERMS:
        term, created = CommentTerm.objects.get_or_create(phrase=phrase, defaults={"kind": kind})
        if created:
            CommentTermVersion.objects.create(term=term, version=1, phrase=phrase, kind=kind, is_active=True)


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_comment_terms")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
