"""Registry at scale: 100,000 letters in realistic chains, then the query timings.

    nice -n 19 .venv/bin/python bench/scale.py [--letters 100000] [--keep DIR]

Chains: a ministry circular → 76 provinces → 6 districts each (533 letters a chain),
every letter registered through ``Registry.add_file`` (one page of OCR lines and word
boxes, linking included), one scan per letter. Then, in the same run:
reference-number lookup p95 (typed in the six forms), fuzzy lookup p95, Thai full-text
p95, tracing a 533-node chain, database size per letter, and the time to ingest and link
one new letter. Targets: lookup < 20 ms, full text < 200 ms, trace < 200 ms.
Not a test: it takes a while and writes a few GB in a temp folder.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from ingest.agencies import MINISTRIES, PROVINCES  # noqa: E402
from ingest.chains import trace  # noqa: E402
from ingest.keys import thai_digits  # noqa: E402
from ingest.page import Line, PageText, Word  # noqa: E402
from ingest.record import new_record  # noqa: E402
from ingest.registry import Registry  # noqa: E402
from ingest.search import doc_no_matches, fulltext, search  # noqa: E402

DISTRICTS_PER_PROVINCE = 6
TOPICS = ["การป้องกันและควบคุมโรคไข้เลือดออก", "การจัดเก็บเอกสารราชการ", "การเตรียมความพร้อมรับมือสาธารณภัย",
          "การจัดงานวันเด็กแห่งชาติ", "การรณรงค์ลดใช้ถุงพลาสติก", "การบริหารจัดการขยะมูลฝอยชุมชน",
          "การป้องกันอุบัติเหตุทางถนนช่วงเทศกาล", "การส่งเสริมการท่องเที่ยวชุมชน", "การจัดทำแผนพัฒนาท้องถิ่น",
          "การตรวจสอบภายในของส่วนราชการ", "การเบิกจ่ายงบประมาณรายจ่ายประจำปี", "การคัดแยกขยะอันตราย"]
PHRASES = ["ด้วยกระทรวงได้รับแจ้งว่า", "เพื่อให้การดำเนินการเป็นไปด้วยความเรียบร้อย", "จึงขอความร่วมมือจังหวัด",
           "แจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่", "ดำเนินการตามแนวทางดังกล่าวโดยเคร่งครัด",
           "และรายงานผลการดำเนินการให้ทราบภายในกำหนด", "รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
           "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการต่อไป", "ประชาสัมพันธ์ให้ประชาชนทราบอย่างทั่วถึง",
           "กำชับเจ้าหน้าที่ผู้รับผิดชอบ", "ประสานหน่วยงานที่เกี่ยวข้อง", "ตรวจสอบข้อมูลให้ถูกต้องครบถ้วน",
           "จัดทำทะเบียนคุมและรายงานผล", "ภายใต้งบประมาณที่ได้รับจัดสรร", "โดยคำนึงถึงความปลอดภัยของประชาชน"]
AMPHOE = ["เมือง", "แม่ริม", "สารภี", "หางดง", "สันทราย", "ดอยสะเก็ด", "บ้านธิ", "วังเหนือ", "พาน", "เชียงแสน"]


def thai_date(d: date) -> str:
    months = "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม".split()
    return thai_digits(f"{d.day} {months[d.month - 1]} {d.year + 543}")


def make_page(rng: random.Random, head: list[str]) -> PageText:
    texts = head + [" ".join(rng.sample(PHRASES, 3)) for _ in range(14)]
    lines, top = [], 300
    for t in texts:
        words = [Word(w, (200 + 90 * i, top, 280 + 90 * i, top + 45), round(rng.uniform(60, 97), 1))
                 for i, w in enumerate(t.split())]
        lines.append(Line(t, (200, top, 2300, top + 45), round(rng.uniform(70, 95), 1), words))
        top += 70
    return PageText(1, 2480, 3508, lines, engine="tesseract 5.5.4 tha+eng", seconds=2.5)


def letter(rng, *, doc_no, issuer, code, when, subject, recipients, cites=None, level_name=""):
    rec = new_record()
    rec.update(kind="external", doc_no=doc_no, doc_no_text="ที่ " + thai_digits(doc_no), issuer=issuer,
               issuer_code=code, date=when.isoformat(), date_text=thai_date(when), subject=subject,
               salutation="เรียน", recipients=recipients,
               receipt={"number": str(rng.randint(1, 9999)), "date": (when + timedelta(days=rng.randint(1, 4))).isoformat(),
                        "time": f"{rng.randint(8, 16):02d}:{rng.choice((0, 15, 30, 45)):02d}", "receiver": level_name},
               directives=[{"number": i + 1, "text": p} for i, p in enumerate(rng.sample(PHRASES, 3))],
               source={"file": None, "sha256": None, "pages": [1]})
    head = [f"ที่ {thai_digits(doc_no)} {issuer}", thai_date(when), f"เรื่อง {subject}", "เรียน " + recipients[0]]
    if cites:
        no, d = cites
        rec["references"] = [{"doc_no": no, "date": d.isoformat(),
                              "text": f"หนังสือ ที่ {thai_digits(no)} ลงวันที่ {thai_date(d)}"}]
        head.append(f"อ้างถึง หนังสือ ที่ {thai_digits(no)} ลงวันที่ {thai_date(d)}")
    return rec, make_page(rng, head)


def add(reg: Registry, rec: dict, page: PageText, n: int) -> None:
    sha = hashlib.sha256(f"{n}:{rec['doc_no']}".encode()).hexdigest()
    rec["source"]["file"] = f"scan-{n:06d}.pdf"
    reg.add_file({"sha256": sha, "name": rec["source"]["file"], "size": 250_000, "pages": 1}, [rec], [page], None)


def build(reg: Registry, target: int, rng: random.Random) -> tuple[list[str], list[str], int]:
    """Register chains until ``target`` letters; returns (all numbers, ministry numbers, count)."""
    numbers, roots, n = [], [], 0
    provinces = list(PROVINCES.items())[:76]
    ministries = list(MINISTRIES.items())
    chain = 0
    t0 = time.perf_counter()
    while n < target:
        mcode, mname = ministries[chain % len(ministries)]
        d0 = date(2019, 1, 1) + timedelta(days=(chain * 9) % 2000)
        subject = f"{TOPICS[chain % len(TOPICS)]} ครั้งที่ {chain // len(TOPICS) + 1}"
        m_no = f"{mcode} 0{rng.randint(100, 999)}.{rng.randint(1, 9)}/ว {chain + 1}"
        rec, page = letter(rng, doc_no=m_no, issuer=mname, code=mcode, when=d0, subject=subject,
                           recipients=["ผู้ว่าราชการจังหวัดทุกจังหวัด"])
        add(reg, rec, page, n)
        numbers.append(m_no)
        roots.append(m_no)
        n += 1
        for pcode, pname in provinces:
            if n >= target:
                break
            d1 = d0 + timedelta(days=rng.randint(3, 10))
            p_no = f"{pcode} 0023.{rng.randint(1, 5)}/ว {chain * 7 + rng.randint(1, 6)}"
            rec, page = letter(rng, doc_no=p_no, issuer="จังหวัด" + pname, code=pcode, when=d1, subject=subject,
                               recipients=["นายอำเภอทุกอำเภอ"], cites=(m_no, d0), level_name="ศาลากลางจังหวัด" + pname)
            add(reg, rec, page, n)
            numbers.append(p_no)
            n += 1
            for k in range(DISTRICTS_PER_PROVINCE):
                if n >= target:
                    break
                d2 = d1 + timedelta(days=rng.randint(2, 8))
                d_no = f"{pcode} 0023.{11 + k}/ว {chain * 5 + rng.randint(1, 4)}"
                rec, page = letter(rng, doc_no=d_no, issuer="ที่ว่าการอำเภอ" + AMPHOE[k % len(AMPHOE)],
                                   code=pcode, when=d2, subject=subject,
                                   recipients=["นายกเทศมนตรีตำบลทุกแห่ง", "นายกองค์การบริหารส่วนตำบลทุกแห่ง"],
                                   cites=(p_no, d1), level_name="ที่ว่าการอำเภอ" + AMPHOE[k % len(AMPHOE)])
                add(reg, rec, page, n)
                numbers.append(d_no)
                n += 1
        chain += 1
        if chain % 10 == 0:
            rate = n / (time.perf_counter() - t0)
            print(f"  {n} letters, {rate:.0f} letters/s", file=sys.stderr, flush=True)
    return numbers, roots, n


def typed_forms(doc_no: str, rng) -> str:
    code, rest = doc_no.split(" ", 1)
    forms = [thai_digits(doc_no), doc_no, doc_no.replace(" ", ""), code + " " + rest.replace("/ว ", "/").lstrip("0"),
             f"{code}. {rest}", "ที่ " + thai_digits(doc_no.replace("/ว ", "/"))]
    return rng.choice(forms)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def timed(fn, *args, **kw) -> float:
    t = time.perf_counter()
    fn(*args, **kw)
    return time.perf_counter() - t


def measure(reg: Registry, numbers: list[str], roots: list[str], rng) -> dict:
    out = {}
    queries = [typed_forms(rng.choice(numbers), rng) for _ in range(300)]
    out["lookup_p95_ms"] = p95([timed(doc_no_matches, reg, q) for q in queries])
    out["search_by_number_p95_ms"] = p95([timed(search, reg, q) for q in queries[:100]])
    typos = []
    for no in rng.sample(numbers, 100):
        digits_at = [i for i, c in enumerate(no) if c.isdigit()]
        i = rng.choice(digits_at)
        typos.append(no[:i] + ("2" if no[i] == "6" else "6") + no[i + 1:])
    out["fuzzy_lookup_p95_ms"] = p95([timed(doc_no_matches, reg, q) for q in typos])
    phrases = [rng.choice(PHRASES)[3:15] for _ in range(60)] + \
              [rng.choice(TOPICS) + " " + rng.choice(PHRASES)[:9] for _ in range(40)] + \
              [f"{rng.choice(TOPICS)} ครั้งที่ {rng.randint(1, 15)}" for _ in range(40)]
    out["fulltext_p95_ms"] = p95([timed(fulltext, reg, q, limit=20) for q in phrases])
    sizes, times = [], []
    for root in rng.sample(roots[:-1], min(5, len(roots) - 1)):
        t = time.perf_counter()
        c = trace(reg, root)
        times.append(time.perf_counter() - t)
        sizes.append(len(c["nodes"]))
    out["trace_nodes"] = max(sizes)
    out["trace_ms_max"] = max(times) * 1000
    out["trace_ms_median"] = statistics.median(times) * 1000
    # one new letter: a province that forwards an existing ministry circular
    m_no = roots[len(roots) // 2]
    rec, page = letter(rng, doc_no="ชม 0023.3/ว 99999", issuer="จังหวัดเชียงใหม่", code="ชม",
                       when=date(2026, 1, 1), subject="ทดสอบ", recipients=["นายอำเภอทุกอำเภอ"],
                       cites=(m_no, date(2025, 12, 25)))
    t = time.perf_counter()
    add(reg, rec, page, 10**7)
    out["ingest_link_one_ms"] = (time.perf_counter() - t) * 1000
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="Build in this folder and keep it.")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="saraban-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "scale.db"
    reg = Registry(db)
    t = time.perf_counter()
    numbers, roots, n = build(reg, args.letters, rng)
    build_s = time.perf_counter() - t
    reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reg.conn.execute("ANALYZE")
    size = db.stat().st_size
    results = measure(reg, numbers, roots, rng)
    print(f"letters registered        {n}  in {build_s:.0f} s ({n / build_s:.0f} letters/s, add_file with linking)")
    print(f"lookup p95                {results['lookup_p95_ms']:.2f} ms   (target < 20 ms; six typed forms)")
    print(f"search by number p95      {results['search_by_number_p95_ms']:.2f} ms   (lookup + full text of the query)")
    print(f"fuzzy lookup p95          {results['fuzzy_lookup_p95_ms']:.2f} ms   (one digit misread)")
    print(f"full-text p95             {results['fulltext_p95_ms']:.2f} ms   (target < 200 ms; Thai phrases, top 20)")
    print(f"trace {results['trace_nodes']}-node chain      {results['trace_ms_max']:.1f} ms max, "
          f"{results['trace_ms_median']:.1f} ms median   (target < 200 ms)")
    print(f"database size per letter  {size / n / 1024:.1f} KiB   ({size / 2**20:.0f} MiB; page OCR boxes included)")
    print(f"ingest + link one letter  {results['ingest_link_one_ms']:.1f} ms")
    if not args.keep:
        import shutil
        reg.close()
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
