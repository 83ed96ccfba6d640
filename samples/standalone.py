"""Letters issued on their own: orders, public notices, stamped letters, internal memos."""
from __future__ import annotations

import datetime as dt

from samples.chains import items, local_office, province_office, sig, urgency
from samples.content import NOTICES, ORDERS, PROVINCES, THEMES, person
from samples.world import Registry, make_letter, printer, style_of


def order(rng, reg: Registry, idx: int, date: dt.date) -> dict:
    """คำสั่งจังหวัด… / คำสั่งองค์การบริหารส่วนตำบล… ที่ ๑๕๐/๒๕๖๓ with ข้อ clauses."""
    prov = PROVINCES[idx % len(PROVINCES)]
    s = style_of(rng)
    pr = printer(s)
    subject, clauses = ORDERS[idx % len(ORDERS)]
    if rng.random() < 0.5:
        issuer, head = f"จังหวัด{prov[0]}", f"คำสั่งจังหวัด{prov[0]}"
        power = "มาตรา 57 แห่งพระราชบัญญัติระเบียบบริหารราชการแผ่นดิน พ.ศ. 2534"
        signer = sig(rng, f"ผู้ว่าราชการจังหวัด{prov[0]}")
    else:
        local = prov[4][0][1]
        issuer, head = local, f"คำสั่ง{local}"
        power = "มาตรา 59 แห่งพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537"
        signer = sig(rng, f"นายก{local}")
    paras = [("p", pr(f"เพื่อให้การปฏิบัติราชการเป็นไปด้วยความเรียบร้อยและมีประสิทธิภาพ อาศัยอำนาจตาม"
                      f"ความใน{power} จึง{subject}ประกอบด้วยผู้มีรายชื่อต่อไปนี้"))]
    for i, role in enumerate(("ประธานกรรมการ", "กรรมการ", "กรรมการและเลขานุการ"), 1):
        paras.append(("p", pr(f"{i}) {person(rng)} {role}")))
    paras.append(("p", "โดยให้มีอำนาจหน้าที่ ดังนี้"))
    paras += items(clauses, s, order=True)
    paras.append(("p", "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"))
    n = reg.number("order:" + issuer, date, 0.6)
    return make_letter("order", office={"issuer": issuer, "lines": []}, date=date, style=s,
                       subject=subject, salutation="", paragraphs=paras,
                       numparts=(None, None, n, False), signatory=signer,
                       extra={"heading": head, "closing_label": "สั่ง ณ วันที่"})


def announcement(rng, reg: Registry, idx: int, date: dt.date) -> dict:
    """ประกาศองค์การบริหารส่วนตำบล… เรื่อง … ประกาศ ณ วันที่ …"""
    prov = PROVINCES[idx % len(PROVINCES)]
    local = prov[4][-1][1]
    s = style_of(rng)
    pr = printer(s)
    subject, points = NOTICES[idx % len(NOTICES)]
    paras = [("p", pr(f"ด้วย{local} ประสงค์จะแจ้งให้ประชาชนทราบเรื่อง{subject} "
                      "โดยมีรายละเอียด ดังนี้"))]
    paras += items(points, s)
    paras.append(("p", "จึงประกาศให้ทราบโดยทั่วกัน"))
    del reg
    return make_letter("announcement", office={"issuer": local, "lines": []}, date=date,
                       style=s, subject=pr(subject), salutation="", paragraphs=paras,
                       numparts=None, signatory=sig(rng, f"นายก{local}"),
                       extra={"heading": f"ประกาศ{local}", "closing_label": "ประกาศ ณ วันที่"})


def stamped(rng, reg: Registry, idx: int, date: dt.date) -> dict:
    """หนังสือประทับตรา: ถึง instead of เรียน, no signature; the office and its seal close it."""
    prov = PROVINCES[idx % len(PROVINCES)]
    theme = THEMES[(idx * 3 + 2) % len(THEMES)]
    s = style_of(rng)
    pr = printer(s)
    po = province_office(prov, s, rng)
    office = f"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด{prov[0]}"
    po["issuer"] = office
    po["lines"] = [office, po["lines"][1]]
    paras = [("p", pr(f"ด้วยจังหวัด{prov[0]}ขอให้อำเภอแจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่จัดทำ"
                      f"ข้อมูลเรื่อง {theme['subject']} ตามแบบที่ส่งมาพร้อมนี้ และส่งให้จังหวัด"
                      "ภายใน 15 วัน นับแต่วันที่ได้รับหนังสือนี้")),
             ("p", "หากมีข้อสงสัยประการใด โปรดติดต่อกลุ่มงานส่งเสริมและพัฒนาท้องถิ่น")]
    L = make_letter("stamped", office=po, date=date, style=s, subject=None,
                    salutation=f"สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ ทุกอำเภอ",
                    paragraphs=paras, signatory=None, urgency=urgency(rng),
                    numparts=(po["code"], po["unit"], reg.number(po["unit"], date, 3.0), True),
                    extra={"closing_office": office})
    L["attachments"].append({"title": theme["attachment"][0] if theme["attachment"][1] == "table"
                             else "แบบรายงานข้อมูลองค์กรปกครองส่วนท้องถิ่น", "type": "table",
                             "theme": theme, "subtitle": office, "prov": prov})
    return L


def memo(rng, reg: Registry, idx: int, date: dt.date) -> dict:
    """บันทึกข้อความ asking the chief's approval (no upstream letter)."""
    prov = PROVINCES[idx % len(PROVINCES)]
    lo = local_office(prov, 0, rng)
    s = style_of(rng)
    pr = printer(s)
    paras = [("p", pr(f"ด้วยสำนักปลัด{lo['name']} มีความจำเป็นต้องจัดซื้อวัสดุสำนักงานเพื่อใช้ใน"
                      "การปฏิบัติราชการ เนื่องจากวัสดุที่มีอยู่ไม่เพียงพอ")),
             ("p", "จึงขออนุมัติดำเนินการ ดังนี้")]
    paras += items(["จัดซื้อกระดาษถ่ายเอกสาร จำนวน 50 รีม",
                    "จัดซื้อแฟ้มเอกสาร จำนวน 100 แฟ้ม",
                    "เบิกจ่ายจากงบประมาณรายจ่ายประจำปี หมวดค่าวัสดุ"], s)
    paras.append(("p", "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ"))
    return make_letter("memo", office=lo, date=date, style=s,
                       subject=pr("ขออนุมัติจัดซื้อวัสดุสำนักงาน"), salutation=f"นายก{lo['name']}",
                       paragraphs=paras, signatory=sig(rng, f"หัวหน้าสำนักปลัด{lo['name']}"),
                       numparts=(lo["code"], lo["unit"], reg.number(lo["unit"], date, 0.8), False))
