"""Forwarding chains (ministry → province → district → local office) and standalone letters."""
from __future__ import annotations

import datetime as dt

from samples.content import (CLOSINGS, MINISTRIES, PROVINCES, PURPOSES, THEME_MINISTRY, THEMES,
                             date_abbr, digits, person)
from samples.world import Registry, cite, make_letter, phone_text, printer, style_of

URGENT = (("ด่วนที่สุด", 0.12), ("ด่วนมาก", 0.28), ("ด่วน", 0.38))


def urgency(rng):
    r = rng.random()
    return next((u for u, p in URGENT if r < p), None)


def sig(rng, *position_lines):
    return {"name": person(rng), "position_lines": list(position_lines)}


def ministry_office(m, style):
    name, code, unit, addr, pos, foot, phone = m
    return {"issuer": name, "lines": [name, printer(style)(addr)], "code": code, "unit": unit,
            "foot": foot.split("\n") + [f"โทร. {phone_text(phone, style)}",
                                        f"โทรสาร {phone_text(phone.split(' ต่อ')[0], style)}"],
            "position": pos, "cite_name": name}


def province_office(prov, style, rng):
    name, code, street, post, _ = prov
    phone = f"0 {rng.randint(3000, 7999)} {rng.randint(1000, 9999)}"
    return {"issuer": f"ศาลากลางจังหวัด{name}", "cite_name": f"จังหวัด{name}",
            "lines": [f"ศาลากลางจังหวัด{name}", printer(style)(f"{street} {code} {post}")],
            "code": code, "unit": f"0023.{rng.randint(1, 5)}",
            "foot": [f"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด", "กลุ่มงานส่งเสริมและพัฒนาท้องถิ่น",
                     f"โทร. {phone_text(phone, style)}", f"โทรสาร {phone_text(phone, style)}"],
            "receiver": f"สำนักงานจังหวัด{name}"}


def district_office(prov, d_index, style, rng):
    pname, code, _, post, districts = prov
    dname = districts[d_index][0]
    phone = f"0 {rng.randint(3000, 7999)} {rng.randint(1000, 9999)}"
    return {"issuer": f"ที่ว่าการอำเภอ{dname}", "cite_name": f"อำเภอ{dname}",
            "lines": [f"ที่ว่าการอำเภอ{dname}", f"จังหวัด{pname} {printer(style)(post)}"],
            "code": code, "unit": f"0023.{10 + d_index + 3 * PROVINCES.index(prov) % 7}",
            "foot": [f"สำนักงานท้องถิ่นอำเภอ{dname}", f"โทร. {phone_text(phone, style)}"],
            "receiver": f"ที่ว่าการอำเภอ{dname}", "name": dname}


def local_office(prov, d_index, rng):
    code, districts = prov[1], prov[4]
    local = districts[d_index][1]
    return {"issuer": f"สำนักปลัด {local}", "lines": [f"สำนักปลัด {local}"],
            "code": code, "unit": f"7{rng.randint(1000, 9999)}", "receiver": local,
            "name": local, "cite_name": local}


def stamp(office_name, date, reg, rng, stamps_style):
    """A receipt stamp: printed strings for drawing and the normalized truth."""
    n = reg.number("rcv:" + office_name, date, 4.0)
    hh, mm = rng.randint(8, 15), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    printed = {"office": office_name, "number": digits(str(n), stamps_style),
               "date": date_abbr(date, stamps_style),
               "time": digits(f"{hh:02d}.{mm:02d} น.", stamps_style)}
    truth = {"number": str(n), "date": date.isoformat(), "time": f"{hh:02d}:{mm:02d}",
             "receiver": office_name}
    return printed, truth


def add_stamp(letter, office_name, date, reg, rng):
    printed, truth = stamp(office_name, date, reg, rng, rng.choice(("thai", "thai", "arabic")))
    letter["spec"]["stamps"].append(printed)
    letter["truth"]["receipts"].append(truth)
    letter["truth"]["receipt"] = truth


def items(directives, style, order=False):
    pr = printer(style)
    out = []
    for i, d in enumerate(directives, 1):
        label = pr(f"ข้อ {i}") if order else pr(f"{i}.")
        out.append(("item", label, pr(d)))
    return out


def build_chain(rng, reg: Registry, idx: int, start: dt.date) -> dict:
    """Ministry circular → province forward → district forward (letter or endorsement) → memo."""
    theme = THEMES[idx % len(THEMES)]
    m = MINISTRIES[THEME_MINISTRY[idx % len(THEMES)]]
    prov = PROVINCES[idx % len(PROVINCES)]
    d_index = rng.randrange(len(prov[4]))
    urg = urgency(rng)
    # a few chains are classified: the mark stays on every copy down to the district
    sec = ("ลับ", "ลับมาก")[idx // 5 % 2] if idx % 5 == 3 else None
    # the ministry circular
    s = style_of(rng)
    mo = ministry_office(m, s)
    d0 = start
    subject = printer(s)(theme["subject"])
    paras = [("p", printer(s)(theme["background"] + " ดังนั้น เพื่อให้การดำเนินการเป็นไปด้วยความ"
                              "เรียบร้อย จึงขอความร่วมมือจังหวัดดำเนินการ ดังนี้"))]
    paras += items(theme["directives"], s)
    paras += [("p", "ทั้งนี้ รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย"), ("p", CLOSINGS["ministry"])]
    encl = [printer(s)(f"{theme['attachment'][0]} จำนวน 1 ชุด")]
    num = (mo["code"], mo["unit"], reg.number(mo["unit"], d0, 14.0), True)
    M = make_letter("external", office=mo, date=d0, style=s, subject=subject,
                    salutation="ผู้ว่าราชการจังหวัด ทุกจังหวัด", paragraphs=paras, numparts=num,
                    signatory=sig(rng, *(["รองปลัดกระทรวง ปฏิบัติราชการแทน"] if rng.random() < .3
                                         else []), mo["position"]),
                    enclosures=encl, urgency=urg, secrecy=sec,
                    extra={"variant": rng.choice(("", "", "nospace"))})
    M["attachments"].append({"title": theme["attachment"][0], "type": theme["attachment"][1],
                             "theme": theme, "subtitle": mo["issuer"], "prov": prov})
    pname = prov[0]
    # the province receives it and forwards it
    r1 = d0 + dt.timedelta(days=rng.randint(2, 6))
    po = province_office(prov, s2 := style_of(rng), rng)
    add_stamp(M, po["receiver"], r1, reg, rng)
    d1 = r1 + dt.timedelta(days=rng.randint(0, 4))
    ref = cite(M, s2)
    by_ref = rng.random() < 0.7
    opening = ("ตามหนังสือที่อ้างถึง " if by_ref else f"ตาม{ref['text']} ") + \
        f"{M['cite_name']}แจ้ง{theme['ask']} รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย นั้น"
    paras = [("p", opening),
             ("p", f"จังหวัด{pname}พิจารณาแล้ว เพื่อให้การดำเนินการเป็นไปด้วยความเรียบร้อย จึงขอให้"
                   "อำเภอแจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ดำเนินการตามแนวทางดังกล่าวโดยเคร่งครัด "
                   "และรายงานผลการดำเนินการให้จังหวัดทราบภายในกำหนด"),
             ("p", CLOSINGS["province"])]
    enc_m = rng.random() < 0.75
    P = make_letter("external", office=po, date=d1, style=s2, subject=printer(s2)(theme["subject"]),
                    salutation=f"นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัด{pname}",
                    paragraphs=[(p[0], printer(s2)(p[1])) for p in paras],
                    numparts=(po["code"], po["unit"], reg.number(po["unit"], d1, 3.0), True),
                    signatory=sig(rng, "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน",
                                  f"ผู้ว่าราชการจังหวัด{pname}") if rng.random() < .6
                    else sig(rng, f"ผู้ว่าราชการจังหวัด{pname}"),
                    references=[ref] if by_ref else [],
                    enclosures=[f"สำเนา{ref['text']} จำนวน {printer(s2)('1')} ชุด"] if enc_m else [],
                    urgency=urg, secrecy=sec, extra={"variant": "dot" if s2 == "mixed" else ""})
    P["evidence"] = {"reference": by_ref, "citation": not by_ref, "enclosure": enc_m}
    P["upstream"] = M
    # the district: a letter of its own, or an endorsement on the province's letter
    do = district_office(prov, d_index, s3 := style_of(rng), rng)
    lo = local_office(prov, d_index, rng)
    r2 = d1 + dt.timedelta(days=rng.randint(1, 5))
    add_stamp(P, do["receiver"], r2, reg, rng)
    d2 = r2 + dt.timedelta(days=rng.randint(0, 3))
    chain = {"M": M, "P": P, "theme": theme, "prov": prov}
    refs = [cite(P, s3)] + ([cite(M, s3)] if rng.random() < 0.4 else [])
    paras = [("p", f"ตามหนังสือที่อ้างถึง จังหวัด{pname}แจ้งให้อำเภอแจ้งองค์กรปกครองส่วนท้องถิ่น"
                   f"ดำเนินการเรื่อง {theme['subject']} รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย นั้น"),
             ("p", f"อำเภอ{do['name']}พิจารณาแล้ว จึงขอให้องค์กรปกครองส่วนท้องถิ่นดำเนินการตาม"
                   "แนวทางดังกล่าว และรายงานผลให้อำเภอทราบต่อไป"),
             ("p", CLOSINGS["district"])]
    D = make_letter("external", office=do, date=d2, style=s3, subject=printer(s3)(theme["subject"]),
                    salutation=f"นายกเทศมนตรีตำบล{prov[4][d_index][2][10:]} และนายกองค์การบริหาร"
                               "ส่วนตำบล ทุกแห่ง",
                    paragraphs=[(p[0], printer(s3)(p[1])) for p in paras],
                    numparts=(do["code"], do["unit"], reg.number(do["unit"], d2, 1.2), True),
                    signatory=sig(rng, f"นายอำเภอ{do['name']}"), references=refs,
                    enclosures=[f"สำเนา{refs[0]['text']} จำนวน {printer(s3)('1')} ชุด"],
                    urgency=urg)
    D["evidence"] = {"reference": True, "citation": False, "enclosure": True}
    D["upstream"] = P
    D["also_cites"] = [M] if len(refs) > 1 else []
    r3 = d2 + dt.timedelta(days=rng.randint(1, 4))
    add_stamp(D, lo["receiver"], r3, reg, rng)
    chain["D"] = D
    chain["local"] = lo["receiver"]
    # the endorsement alternative: the district writes on the province's letter itself
    endo_no = (do["code"], do["unit"], reg.number(do["unit"], d2, 1.2), True)
    chain["E"] = endorsement(rng, do, endo_no, d2, s3, f"นายก{lo['name']}",
                             f"นายอำเภอ{do['name']}")
    chain["I"] = endorsement(rng, do, None, r2, s3, f"ท้องถิ่นอำเภอ{do['name']}",
                             f"นายอำเภอ{do['name']}", "เพื่อโปรดพิจารณาดำเนินการ")
    chain["K"] = endorsement(rng, lo, None, r3, s4 := style_of(rng), f"นายก{lo['name']}",
                             rng.choice((f"ปลัด{lo['name']}", "หัวหน้าสำนักปลัด")))
    # the local office's memo to its chief
    d3 = r3 + dt.timedelta(days=rng.randint(0, 2))
    c = cite(D, s4)
    paras = [("p", printer(s4)(f"ตาม{c['text']} แจ้งให้องค์กรปกครองส่วนท้องถิ่นดำเนินการเรื่อง "
                               f"{theme['subject']} นั้น")),
             ("p", "สำนักปลัดได้ตรวจสอบแล้ว เห็นควรดำเนินการ ดังนี้")]
    paras += items(["แจ้งกองช่างและกองสาธารณสุขและสิ่งแวดล้อมถือปฏิบัติ",
                    "ประชาสัมพันธ์ให้ประชาชนในพื้นที่ทราบผ่านหอกระจายข่าว"], s4)
    paras += [("p", CLOSINGS["local"])]
    L = make_letter("memo", office=lo, date=d3, style=s4, subject=printer(s4)(theme["subject"]),
                    salutation=f"นายก{lo['name']}", paragraphs=paras,
                    numparts=(lo["code"], lo["unit"], reg.number(lo["unit"], d3, 0.8), False),
                    signatory=sig(rng, f"หัวหน้าสำนักปลัด{lo['name']}"))
    L["evidence"] = {"reference": False, "citation": True, "enclosure": False}
    L["upstream"] = D
    chain["L"] = L
    return chain


def endorsement(rng, office, numparts, date, style, recipient, position, purpose=None):
    """A forwarding note written on a received letter (a hop of the chain in its own right)."""
    from ingest.thai.keys import doc_no_display
    from samples.world import doc_text
    numbered = numparts is not None
    no_text = doc_text(*numparts, style) if numbered else None
    purpose = purpose or rng.choice(PURPOSES)
    s = sig(rng, position)
    lines = ([f"ที่ {no_text}"] if numbered else []) + \
        [f"วันที่ {date_abbr(date, 'arabic' if style == 'arabic' else 'thai')}",
         f"เรียน {recipient}", purpose]
    spec = {"lines": lines, "signatory": s, "hand": rng.random() < 0.35}
    doc_no = doc_no_display(no_text) if numbered else None
    truth = {"kind": "endorsement", "doc_no": doc_no, "doc_no_text": no_text,
             "issuer": office["issuer"], "issuer_code": doc_no.split(" ")[0] if doc_no else None,
             "date": date.isoformat(), "date_text": lines[1 if numbered else 0][7:],
             "subject": None, "salutation": recipient, "recipients": [recipient],
             "references": [], "enclosures": [], "urgency": None, "secrecy": None,
             "directives": [], "signatory": {"name": s["name"],
                                             "position": " ".join(s["position_lines"])},
             "receipt": None, "receipts": [], "purpose": purpose, "pages": [], "digits": style}
    spec["truth"] = truth
    return {"spec": spec, "truth": truth}


def real_forms(chain: dict, rng) -> None:
    """What real chains print that the plain set does not, laid over a built chain (its own
    random stream, so the plain set stays as it is): the cited letter's urgency between its
    issuer and ``ที่`` in อ้างถึง, enclosures and openings (``หนังสือจังหวัด… ด่วนที่สุด ที่ …``),
    addressees that run over two lines, and the district's numbered endorsement typed in a
    box at the foot of the province's letter."""
    urg = chain["M"]["truth"]["urgency"] or rng.choice(("ด่วนที่สุด", "ด่วนมาก"))
    for k in "MPD":
        chain[k]["spec"]["urgency"] = chain[k]["truth"]["urgency"] = urg
    for citing, cited in (("P", "M"), ("D", "P"), ("D", "M"), ("L", "D")):
        _urgent_cite(chain[citing], chain[cited], urg)
    pname, prov = chain["prov"][0], chain["prov"]
    locals_ = [o for d in prov[4] for o in d[1:]]
    _readdress(chain["P"], f"นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัด{pname} "
                           f"และนายกเทศมนตรีนคร{pname} และนายกเทศมนตรีตำบล ทุกแห่ง")
    _readdress(chain["D"], " และ".join([_head_of(o) for o in rng.sample(locals_, 2)] +
                                       ["นายกองค์การบริหารส่วนตำบล ทุกแห่ง"]))
    e = chain["E"]
    to = e["truth"]["salutation"] + " และนายกเทศมนตรีตำบล ทุกแห่ง"
    e["spec"]["lines"] = [f"เรียน {to}" if ln.startswith("เรียน ") else ln for ln in e["spec"]["lines"]]
    e["truth"].update(salutation=to, recipients=[r.strip() for r in to.split(" และ")])
    e["spec"].update(box=True, hand=False, date_row=rng.random() < 0.4)


def _urgent_cite(letter: dict, cited: dict, urg: str) -> None:
    """Every citation of ``cited`` in ``letter`` names its urgency after the issuer."""
    old = f"หนังสือ{cited['cite_name']} ที่ "
    new = f"หนังสือ{cited['cite_name']} {urg} ที่ "
    spec, truth = letter["spec"], letter["truth"]
    spec["references"] = [r.replace(old, new) for r in spec["references"]]
    spec["enclosures"] = [r.replace(old, new) for r in spec["enclosures"]]
    spec["paragraphs"] = [(p[0], *[s.replace(old, new) for s in p[1:]]) for p in spec["paragraphs"]]
    truth["enclosures"] = list(spec["enclosures"])
    for r in truth["references"]:
        r["text"] = r["text"].replace(old, new)


def _head_of(office: str) -> str:
    """Who is written to at a local office: นายกเทศมนตรีตำบล…, นายกองค์การบริหารส่วนตำบล…."""
    return "นายกเทศมนตรี" + office[len("เทศบาล"):] if office.startswith("เทศบาล") else "นายก" + office


def _readdress(letter: dict, salutation: str) -> None:
    letter["spec"]["salutation"] = letter["truth"]["salutation"] = salutation
    letter["truth"]["recipients"] = [r.strip() for r in salutation.split(" และ")]
