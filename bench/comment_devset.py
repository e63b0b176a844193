"""Build tests/data/comment_signals_dev.csv, the development set of the comment detector.

Realistic comments put together from what citizens write: a visit (the service, the place, the
register), then what happened, then an ending. Positives describe a bribe, a payment to a person,
a transfer to a personal account, a short or missing receipt, a fee above the published one, or
money for speed; negatives are ordinary praise and complaints, negations, and near misses (an
official fee paid at the cashier with a receipt, a high but lawful fee). Deterministic (seeded):
`python -m bench.comment_devset` writes the same file again.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "comment_signals_dev.csv"

VISITS = [
    "ไปขออนุญาตก่อสร้างอาคาร",
    "มาต่อใบอนุญาตประกอบกิจการ",
    "ติดต่อขอติดตั้งน้ำประปา",
    "ไปจดทะเบียนพาณิชย์",
    "ไปแจ้งเกิดลูกที่อำเภอ",
    "มาขอเลขที่บ้าน",
    "ไปชำระภาษีที่ดิน",
    "ขอใบอนุญาตจำหน่ายอาหาร",
    "ติดต่อกองช่างเรื่องรังวัด",
    "มาลงทะเบียนเบี้ยยังชีพผู้สูงอายุ",
    "ไปขอถังขยะที่ อบต.",
    "ขอหนังสือรับรองที่เทศบาลเมืองแพร่",
    "ไปยื่นขอใบอนุญาตขุดดินถมดิน",
    "มาทำเรื่องป้ายโฆษณา",
    "",
    "",
]
ENDINGS = ["", "", " ครับ", " ค่ะ", " นะคะ", " จริงๆ", " อยากให้ตรวจสอบด้วย", " ขอบคุณครับ"]

POSITIVE = [
    ("เจ้าหน้าที่ขอค่าน้ำร้อนน้ำชา {n} บาท", "euphemism"),
    ("ต้องมีค่าน้ำชาให้พี่เขาหน่อยถึงจะเร็ว", "euphemism"),
    ("ถูกเรียกเงินใต้โต๊ะ {n} บาท", "euphemism"),
    ("ต้องจ่ายใต้โต๊ะ {n} ถึงจะผ่าน", "euphemism"),
    ("มีคนบอกให้เตรียมค่ากาแฟไว้ {n}", "euphemism"),
    ("ต้องให้สินน้ำใจนายช่างก่อน", "euphemism"),
    ("ร้านค้าต้องจ่ายส่วยทุกเดือน", "euphemism"),
    ("เก็บค่าหัวคิวคนละ {n}", "euphemism"),
    ("มีค่าอำนวยความสะดวกอีก {n} บาท", "euphemism"),
    ("โดนเก็บค่าดำเนินการพิเศษ {n} บาท", "euphemism"),
    ("เขาบอกคราวหน้าให้ติดไม้ติดมือมาด้วย", "euphemism"),
    ("ต้องเลี้ยงข้าวหัวหน้ากองก่อนเรื่องถึงจะเดิน", "euphemism"),
    ("หัวหน้าบอกให้เอาของฝากมาให้ก่อนจะเซ็น", "euphemism"),
    ("ต้องจ่ายค่าเคลียร์ {n} บาท", "euphemism"),
    ("ต้องใส่ซองให้เจ้าหน้าที่", "euphemism"),
    ("ถูกเรียกรับสินบน {n} บาท", "euphemism"),
    ("เจ้าหน้าที่เรียกรับผลประโยชน์", "euphemism"),
    ("ต้องมีค่าวิ่งเต้นให้คนใน", "euphemism"),
    ("officer asked for tea money, {n} baht", "euphemism"),
    ("had to pay a bribe to get it done", "euphemism"),
    ("they wanted coffee money before signing", "euphemism"),
    ("under the table payment of {n} baht was required", "euphemism"),
    ("เจ้าหน้าที่ให้จ่ายเงินสดกับเขาโดยตรง", "paid_to_person"),
    ("ให้จ่ายเงินที่โต๊ะเจ้าหน้าที่ ไม่ต้องไปที่การเงิน", "paid_to_person"),
    ("นายช่างรับเงินเองหน้างาน {n} บาท", "paid_to_person"),
    ("จ่ายเงินใส่มือเจ้าหน้าที่ {n} บาท", "paid_to_person"),
    ("he asked me to hand the cash to him, not the cashier", "paid_to_person"),
    ("ให้โอนเงินเข้าบัญชีส่วนตัวของเจ้าหน้าที่ {n} บาท", "personal_account"),
    ("ให้โอนเข้าพร้อมเพย์เบอร์ของเจ้าหน้าที่เอง", "personal_account"),
    ("ต้องโอนเข้าบัญชีชื่อเจ้าหน้าที่ ไม่ใช่บัญชีหน่วยงาน", "personal_account"),
    ("ส่งเลขบัญชีส่วนตัวมาให้โอน {n}", "personal_account"),
    ("told to transfer the fee to a personal account", "personal_account"),
    ("ใบเสร็จเขียนแค่ {m} แต่จ่ายไป {n}", "receipt_short"),
    ("ใบเสร็จลงยอดไม่ตรงกับที่จ่าย", "receipt_short"),
    ("จ่ายไป {n} บาท ไม่ได้ใบเสร็จ", "receipt_short"),
    ("เจ้าหน้าที่ไม่ออกใบเสร็จให้", "receipt_short"),
    ("ไม่มีใบเสร็จให้เลย จ่ายไป {n}", "receipt_short"),
    ("the receipt says {m} baht but I paid {n}", "receipt_short"),
    ("paid {n} baht and got no receipt", "receipt_short"),
    ("ค่าธรรมเนียมตามประกาศ {m} บาท แต่เก็บ {n} บาท", "overcharge"),
    ("เก็บเงินเกินกว่าที่ประกาศ", "overcharge"),
    ("เก็บค่าธรรมเนียมเกินอัตรา", "overcharge"),
    ("คู่มือบอกว่าไม่มีค่าธรรมเนียม แต่ต้องจ่าย {n} บาท", "overcharge"),
    ("charged more than the posted fee", "overcharge"),
    ("ถ้าอยากได้เร็วต้องจ่ายเพิ่ม {n} บาท", "speed_payment"),
    ("จ่ายเพิ่มอีก {n} จะได้ภายในวันนี้", "speed_payment"),
    ("ต้องจ่ายค่าลัดคิว {n} บาท", "speed_payment"),
    ("มีค่าด่วนพิเศษ {n} บาท ถ้าไม่จ่ายต้องรอ", "speed_payment"),
    ("บอกว่าจ่ายเพิ่มนิดหน่อยจะเร่งเรื่องให้", "speed_payment"),
    ("pay extra {n} baht to get it faster, they said", "speed_payment"),
]

NEGATIVE = [
    "เจ้าหน้าที่บริการดี ยิ้มแย้ม",
    "รอนานประมาณหนึ่งชั่วโมง",
    "ขั้นตอนเยอะไปหน่อย",
    "ไม่มีการเรียกเงินใต้โต๊ะ",
    "ไม่มีใครขอค่าน้ำร้อนน้ำชา",
    "เจ้าหน้าที่ไม่รับสินน้ำใจ",
    "เจ้าหน้าที่ปฏิเสธของฝากที่ชาวบ้านให้",
    "ไม่ต้องจ่ายใต้โต๊ะเหมือนที่อื่น",
    "ไม่เคยถูกเรียกรับเงิน",
    "จ่ายค่าธรรมเนียม {m} บาทที่ช่องการเงิน ได้ใบเสร็จ",
    "ได้ใบเสร็จถูกต้องครบถ้วน",
    "ค่าธรรมเนียม {n} บาท แพงแต่ตรงตามประกาศ",
    "ค่าธรรมเนียมสูงแต่เป็นไปตามกฎหมาย",
    "โอนเข้าบัญชีของเทศบาล ได้ใบเสร็จทางไลน์",
    "จ่ายผ่านพร้อมเพย์ของหน่วยงาน ชื่อบัญชีถูกต้อง",
    "บริการด่วนมีค่าธรรมเนียมตามระเบียบ มีใบเสร็จ",
    "มีน้ำดื่มและกาแฟฟรีให้ระหว่างรอ",
    "เทศบาลจัดเลี้ยงข้าวผู้สูงอายุ",
    "มีของฝากของดีประจำตำบลขายหน้าสำนักงาน",
    "ที่จอดรถไม่พอ",
    "ห้องน้ำไม่สะอาด",
    "แอร์ไม่เย็น ร้อนมาก",
    "เจ้าหน้าที่พูดไม่สุภาพ",
    "ไม่มีป้ายบอกทาง หาห้องไม่เจอ",
    "เอกสารไม่ครบเลยต้องกลับไปเอาใหม่",
    "อยากให้มีบริการออนไลน์",
    "ได้รับเอกสารภายในเวลาที่กำหนด",
    "ประทับใจการบริการมาก",
    "เจ้าหน้าที่แนะนำให้จ่ายที่การเงินเท่านั้น",
    "มีประกาศห้ามให้เงินเจ้าหน้าที่ ดีมาก",
    "ไม่มีค่าใช้จ่ายแอบแฝง",
    "ไม่ได้เสียเงินเพิ่มเลย",
    "staff were polite and helpful",
    "no one asked for tea money",
    "paid the fee at the cashier and got a receipt",
    "the fee is high but it is the official rate",
    "waited two hours, too long",
    "nobody asked me for a bribe",
    "ระบบคอมพิวเตอร์ล่ม ต้องรอนาน",
    "หัวหน้าฝ่ายช่วยอธิบายจนเข้าใจ",
    "เปิดบริการช่วงพักเที่ยงด้วย ดีมาก",
    "ค่าปรับ {m} บาท ได้ใบเสร็จ",
    "ไม่มีการเก็บเงินเกินประกาศ",
    "ไม่ต้องให้ค่ากาแฟใคร",
    "ได้ยินว่าที่อื่นมีส่วย แต่ที่นี่ไม่มี",
    "ชำระเงินที่ธนาคารแล้วเอาสลิปมายืนยัน",
    "เจ้าหน้าที่ไม่ได้รับเงินเอง ให้ไปจ่ายที่การเงิน",
    "เรื่องเร็วมาก ไม่ต้องจ่ายอะไรเพิ่ม",
]

AMOUNTS = ["200", "300", "500", "1,000", "1,500", "2,000", "๕๐๐", "ห้าร้อย", "สองพัน"]
SMALL = ["20", "50", "100", "๑๐๐"]


def _fill(text: str, rng: random.Random) -> str:
    return text.format(n=rng.choice(AMOUNTS), m=rng.choice(SMALL))


def _comment(body: str, rng: random.Random) -> str:
    visit = rng.choice(VISITS)
    joined = f"{visit} {body}" if visit and not body[0].isascii() else body
    return (joined + rng.choice(ENDINGS)).strip()


def build(*, size: int = 440, seed: int = 18) -> list[tuple[str, int, str]]:
    rng = random.Random(seed)
    rows: dict[str, tuple[str, int, str]] = {}
    while len(rows) < size:
        if rng.random() < 0.45:
            body, kind = rng.choice(POSITIVE)
            comment, signal = _comment(_fill(body, rng), rng), 1
        else:
            comment, signal, kind = _comment(_fill(rng.choice(NEGATIVE), rng), rng), 0, ""
        rows.setdefault(comment, (comment, signal, kind))
    return list(rows.values())


def main() -> None:
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["comment", "signal", "kind"])
        writer.writerows(build())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
