"""Registry at scale: 100,000 letters in realistic chains, then the query timings.

    nice -n 19 .venv/bin/python bench/scale.py [--letters 100000] [--keep DIR] [--cache DIR]

Chains: a ministry circular → 76 provinces → 6 districts each (533 letters a chain),
every letter registered through ``Registry.add_file`` (one page of OCR lines and word
boxes, linking included), one scan per letter, 2,000 files per ``Registry.bulk()``
transaction (linked once per batch; ``--one-by-one`` links after every file, as an
ingest does). ``--cache DIR`` keeps the built registry there and reuses it on the next
run with the same --letters/--seed and schema (plain runs build from scratch). Then:
reference-number lookup p95 (typed in the six forms), fuzzy lookup p95, Thai full-text
p95, tracing a 533-node chain, database size per letter, and the time to ingest and link
one new letter. Targets: lookup < 20 ms, full text < 200 ms, trace < 200 ms.
Not a test: it takes a while and writes a few GB in a temp folder.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from ingest.thai.agencies import MINISTRIES, PROVINCES  # noqa: E402
from ingest.links.chains import trace  # noqa: E402
from ingest.thai.keys import thai_digits  # noqa: E402
from ingest.page import Line, PageText, Word  # noqa: E402
from ingest.record import new_record  # noqa: E402
from ingest.registry import upkeep  # noqa: E402
from ingest.registry.store import Registry  # noqa: E402
from ingest.registry.numbers import doc_no_matches  # noqa: E402
from ingest.registry.search import search  # noqa: E402

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


def build(reg: Registry, target: int, rng: random.Random, batch: int = 2000) -> tuple[list[str], list[str], int]:
    """Register chains until ``target`` letters, ``batch`` files per bulk transaction
    (0: one file at a time, linked after each); returns (all numbers, ministry numbers, count)."""
    numbers, roots, n = [], [], 0
    letters = chain_letters(target, rng)
    t0 = time.perf_counter()
    while True:
        chunk = list(itertools.islice(letters, batch or 1))
        if not chunk:
            break
        with reg.bulk() if batch else contextlib.nullcontext():
            for rec, page, is_root in chunk:
                add(reg, rec, page, n)
                numbers.append(rec["doc_no"])
                if is_root:
                    roots.append(rec["doc_no"])
                n += 1
        if n % 10_000 < len(chunk):
            print(f"  {n} letters, {n / (time.perf_counter() - t0):.0f} letters/s", file=sys.stderr, flush=True)
    return numbers, roots, n


def chain_letters(target: int, rng: random.Random):
    """(record, page, is a ministry root) for chains of letters until ``target``."""
    n = 0
    provinces = list(PROVINCES.items())[:76]
    ministries = list(MINISTRIES.items())
    chain = 0
    while n < target:
        mcode, mname = ministries[chain % len(ministries)]
        d0 = date(2019, 1, 1) + timedelta(days=(chain * 9) % 2000)
        subject = f"{TOPICS[chain % len(TOPICS)]} ครั้งที่ {chain // len(TOPICS) + 1}"
        m_no = f"{mcode} 0{rng.randint(100, 999)}.{rng.randint(1, 9)}/ว {chain + 1}"
        rec, page = letter(rng, doc_no=m_no, issuer=mname, code=mcode, when=d0, subject=subject,
                           recipients=["ผู้ว่าราชการจังหวัดทุกจังหวัด"])
        yield rec, page, True
        n += 1
        for pcode, pname in provinces:
            if n >= target:
                break
            d1 = d0 + timedelta(days=rng.randint(3, 10))
            p_no = f"{pcode} 0023.{rng.randint(1, 5)}/ว {chain * 7 + rng.randint(1, 6)}"
            rec, page = letter(rng, doc_no=p_no, issuer="จังหวัด" + pname, code=pcode, when=d1, subject=subject,
                               recipients=["นายอำเภอทุกอำเภอ"], cites=(m_no, d0), level_name="ศาลากลางจังหวัด" + pname)
            yield rec, page, False
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
                yield rec, page, False
                n += 1
        chain += 1


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
    typos, originals = [], rng.sample(numbers, 100)
    for no in originals:
        digits_at = [i for i, c in enumerate(no) if c.isdigit()]
        i = rng.choice(digits_at)
        typos.append(no[:i] + ("2" if no[i] == "6" else "6") + no[i + 1:])
    out["fuzzy_lookup_p95_ms"] = p95([timed(doc_no_matches, reg, q) for q in typos])
    # recall: the misread number finds its letter first (typos that are another letter's
    # exact number left out: that letter is the right answer)
    fair = [(no, q) for no, q in zip(originals, typos) if not reg.find_doc_no(q)]
    firsts = [doc_no_matches(reg, q)[:1] for _, q in fair]
    out["fuzzy_first"] = (sum(1 for (no, _), f in zip(fair, firsts) if f and
                              reg.conn.execute("SELECT doc_no FROM letters WHERE id = ?", (f[0][0],)).fetchone()[0] == no),
                          len(fair))
    phrases = [rng.choice(PHRASES)[3:15] for _ in range(60)] + \
              [rng.choice(TOPICS) + " " + rng.choice(PHRASES)[:9] for _ in range(40)] + \
              [f"{rng.choice(TOPICS)} ครั้งที่ {rng.randint(1, 15)}" for _ in range(40)]
    out["fulltext_p95_ms"] = p95([timed(reg.text_index.fulltext, reg, q, limit=20) for q in phrases])
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
    add(reg, rec, page, time.time_ns())   # a file of its own at every run (a server registry is kept)
    out["ingest_link_one_ms"] = (time.perf_counter() - t) * 1000
    return out


def _tidy(reg: Registry) -> None:
    """The text index merged, as ``saraban tidy`` leaves it (each batch of the product merges
    for a moment after its files; a bulk build of 100,000 letters has had no such moments)."""
    t = time.perf_counter()
    before = upkeep.segments(reg)
    upkeep.tidy(reg, None, always=True)
    print(f"text index merged: {before} segments to {upkeep.segments(reg)} in {time.perf_counter() - t:.0f} s",
          file=sys.stderr)


# Copying a built registry on the server, its numbers renumbered (a digit put after each running
# number, so every copy's letters have numbers of their own): how --copies makes a registry ten
# times the size in minutes where add_file takes hours. The chains, subjects and texts are the
# same in each copy; a letter's own number in its body text is not renumbered.
COPY_SQL = [
    "INSERT INTO files (sha256, name, ext, size, pages, original, added_at) "
    "SELECT sha256 || %(k)s, name, ext, size, pages, original, added_at FROM files WHERE length(sha256) = 64",
    "INSERT INTO letters ({letter_cols}) SELECT {letter_vals} FROM letters WHERE id <= %(n)s",
    "INSERT INTO letter_text (letter_id, doc_no, subject, issuer, recipients, body) "
    "SELECT letter_id + %(off)s, doc_no || %(k)s, subject, issuer, recipients, body FROM letter_text "
    "WHERE letter_id <= %(n)s",
    "INSERT INTO pages (file_sha256, number, width, height, engine, source, data) "
    "SELECT file_sha256 || %(k)s, number, width, height, engine, source, data FROM pages WHERE length(file_sha256) = 64",
    'INSERT INTO "references" (letter_id, seq, doc_no, doc_no_key, date, text) '
    'SELECT letter_id + %(off)s, seq, doc_no || %(k)s, doc_no_key || %(k)s, date, text FROM "references" '
    'WHERE letter_id <= %(n)s',
    "INSERT INTO recipients SELECT letter_id + %(off)s, seq, name FROM recipients WHERE letter_id <= %(n)s",
    "INSERT INTO directives SELECT letter_id + %(off)s, seq, number, text FROM directives WHERE letter_id <= %(n)s",
    "INSERT INTO receipts SELECT letter_id + %(off)s, seq, number, date, time, receiver FROM receipts "
    "WHERE letter_id <= %(n)s",
    "INSERT INTO attachments SELECT letter_id + %(off)s, seq, text FROM attachments WHERE letter_id <= %(n)s",
    "INSERT INTO links (id, parent_id, child_id, kind, evidence, parent_key, parent_doc_no, parent_date, strength) "
    "SELECT id + %(link_off)s, parent_id + %(off)s, child_id + %(off)s, kind, evidence, parent_key || %(k)s, "
    "parent_doc_no || %(k)s, parent_date, strength FROM links WHERE id <= %(links)s",
]
RENUMBERED = {"id": "id + %(off)s", "file_sha256": "file_sha256 || %(k)s", "doc_no": "doc_no || %(k)s",
              "doc_no_text": "doc_no_text || %(k)s", "doc_no_key": "doc_no_key || %(k)s"}


def copy_out(reg, copies: int) -> None:
    """The registry's letters copied ``copies - 1`` more times on the server (see COPY_SQL)."""
    cols = [c for (c,) in reg.conn.execute("SELECT column_name FROM information_schema.columns WHERE "
                                           "table_name = 'letters' ORDER BY ordinal_position")]
    n = reg.conn.execute("SELECT max(id) FROM letters").fetchone()[0]
    links = reg.conn.execute("SELECT coalesce(max(id), 0) FROM links").fetchone()[0]
    letter_cols = ", ".join(f'"{c}"' for c in cols)
    letter_vals = ", ".join(RENUMBERED.get(c, f'"{c}"') for c in cols)
    for k in range(1, copies):
        t = time.perf_counter()
        values = {"k": str(k), "off": k * n, "n": n, "link_off": k * links, "links": links}
        with reg.transaction():
            for sql in COPY_SQL:
                reg.conn.raw.execute(sql.format(letter_cols=letter_cols, letter_vals=letter_vals), values)
            reg.conn.execute("INSERT INTO bench_numbers SELECT n + ?, doc_no || ?, root FROM bench_numbers "
                             "WHERE n < ?", (k * n, str(k), n))
        print(f"  copy {k}: {(k + 1) * n} letters ({time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)
    reg.conn.execute("SELECT setval(pg_get_serial_sequence('letters', 'id'), (SELECT max(id) FROM letters))")
    reg.conn.execute("SELECT setval(pg_get_serial_sequence('links', 'id'), (SELECT max(id) FROM links))")


def build_on_server(args) -> tuple[Registry, list[str], list[str], int, float | None]:
    """Build in the PostgreSQL database of --db, or reuse the build already there (the numbers
    it was built with are kept in the table bench_numbers); with --copies, copy it out once.
    The build time is None for a build found there."""
    reg = Registry(args.db)
    build_s = None
    if not reg.has_table("bench_numbers"):
        build_s = _build_on_server(reg, args)
    if args.copies > 1 and reg.conn.execute("SELECT count(*) FROM bench_numbers").fetchone()[0] == args.letters:
        t = time.perf_counter()
        made = _drop_text_indexes(reg)
        copy_out(reg, args.copies)
        _make_indexes(reg, made)
        reg.conn.execute("VACUUM ANALYZE")
        print(f"copied in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    numbers, roots = [], []
    for doc_no, root in reg.conn.execute("SELECT doc_no, root FROM bench_numbers ORDER BY n"):
        numbers.append(doc_no)
        if root:
            roots.append(doc_no)
    return reg, numbers, roots, len(numbers), build_s


def _build_on_server(reg, args) -> float:
    """The letters registered through add_file, their numbers kept in bench_numbers; seconds."""
    # the text indexes made after the load, as for any bulk load into PostgreSQL (kept up
    # row by row, they would slow the build several times)
    made = _drop_text_indexes(reg)
    t = time.perf_counter()
    numbers, roots, _ = build(reg, args.letters, random.Random(args.seed), args.batch)
    build_s = time.perf_counter() - t
    _make_indexes(reg, made)
    reg.conn.execute("CREATE TABLE bench_numbers (n integer PRIMARY KEY, doc_no text, root boolean)")
    root_set = set(roots)
    reg.conn.executemany("INSERT INTO bench_numbers VALUES (?, ?, ?)",
                         [(i, no, no in root_set) for i, no in enumerate(numbers)])
    reg.conn.execute("VACUUM ANALYZE")
    return build_s


def _drop_text_indexes(reg) -> dict[str, str]:
    made = {name: sql for name, sql in reg.conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%trgm'")}
    for name in made:
        reg.conn.execute(f"DROP INDEX {name}")
    return made


def _make_indexes(reg, made: dict[str, str]) -> None:
    for name, sql in made.items():
        t = time.perf_counter()
        reg.conn.execute(sql)
        print(f"index {name} made in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)


def build_or_reuse(args, folder: Path) -> tuple[Registry, list[str], list[str], int, float | None]:
    """Build the registry in ``folder``; with --cache, copy a cached build instead when one
    of the same size, seed and schema exists (build time then None), else store one."""
    from ingest.registry.migrations import LATEST
    db = folder / "scale.db"
    name = f"scale-{args.letters}-s{args.seed}-b{args.batch}-v{LATEST}"
    cached = args.cache / f"{name}.db" if args.cache else None
    if cached and cached.exists():
        shutil.copy(cached, db)
        meta = json.loads(cached.with_suffix(".json").read_text())
        reg = Registry(db)
        if upkeep.segments(reg) > 1:   # cached before the index was merged: merged now, and kept so
            _tidy(reg)
            reg.conn.execute("VACUUM INTO ?", (str(cached) + ".tmp",))
            os.replace(str(cached) + ".tmp", cached)
        return reg, meta["numbers"], meta["roots"], len(meta["numbers"]), None
    reg = Registry(db)
    t = time.perf_counter()
    numbers, roots, n = build(reg, args.letters, random.Random(args.seed), args.batch)
    build_s = time.perf_counter() - t
    _tidy(reg)
    reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reg.conn.execute("ANALYZE")
    if cached:
        args.cache.mkdir(parents=True, exist_ok=True)
        reg.conn.execute("VACUUM INTO ?", (str(cached) + ".tmp",))
        os.replace(str(cached) + ".tmp", cached)
        cached.with_suffix(".json").write_text(json.dumps({"numbers": numbers, "roots": roots}))
    return reg, numbers, roots, n, build_s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="Build in this folder and keep it.")
    ap.add_argument("--cache", type=Path, help="Reuse the registry built by an earlier run with --cache "
                                                "(same --letters, --seed, --batch), or keep this one there.")
    ap.add_argument("--batch", type=int, default=2000, help="Files per bulk transaction; 0: one at a time.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copies", type=int, default=1,
                    help="With --db: the letters built (or found built) copied this many times in all, renumbered.")
    ap.add_argument("--db", help="A PostgreSQL database (postgresql://…) to build in, empty, or holding "
                                 "an earlier build of this bench, which is reused.")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="saraban-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.db:
        reg, numbers, roots, n, build_s = build_on_server(args)
        size = reg.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    else:
        reg, numbers, roots, n, build_s = build_or_reuse(args, folder)
        size = (folder / "scale.db").stat().st_size
    pages = reg.conn.execute("SELECT sum(length(data)) FROM pages").fetchone()[0] or 0
    results = measure(reg, numbers, roots, random.Random(args.seed + 1))
    how = "one file at a time" if args.batch <= 0 else f"bulk, {args.batch} files a transaction"
    built = min(n, args.letters)   # the rest, with --copies, copied on the server
    print(f"letters registered        {n}  " + (f"({built} in {build_s:.0f} s, {built / build_s:.0f} letters/s, "
                                                f"add_file with linking, {how})" if build_s else "(cached build)"))
    print(f"lookup p95                {results['lookup_p95_ms']:.2f} ms   (target < 20 ms; six typed forms)")
    print(f"search by number p95      {results['search_by_number_p95_ms']:.2f} ms   (lookup + full text of the query)")
    print(f"fuzzy lookup p95          {results['fuzzy_lookup_p95_ms']:.2f} ms   (one digit misread; its letter "
          f"first for {results['fuzzy_first'][0]}/{results['fuzzy_first'][1]})")
    print(f"full-text p95             {results['fulltext_p95_ms']:.2f} ms   (target < 200 ms, 300 ms on a server; "
          "Thai phrases, top 20)")
    print(f"trace {results['trace_nodes']}-node chain      {results['trace_ms_max']:.1f} ms max, "
          f"{results['trace_ms_median']:.1f} ms median   (target < 200 ms)")
    print(f"database size per letter  {size / n / 1024:.1f} KiB   ({size / 2**20:.0f} MiB; "
          f"page OCR boxes {pages / n / 1024:.1f} KiB a letter, zlib)")
    print(f"ingest + link one letter  {results['ingest_link_one_ms']:.1f} ms")
    reg.close()
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
