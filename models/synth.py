"""Synthetic, damaged text-line images for training the line recognizer.

Text is weighted towards what the registry needs read right: dates, reference
numbers, counts, times and phone numbers in Thai (and Arabic) digits, and words
with ำ, set among ordinary Thai words. Lines are rendered with libraqm (so marks
stack as on paper) in the training fonts only; the evaluation fonts (Laksaman, Norasi,
Sarabun: ``samples.fonts``) stay unseen so that evaluation on them measures fonts the model
never saw.

Damage imitates scans: stroke weight, blur, noise, JPEG, binarization, paper
colour and contrast, low resolution, slant/rotation and uneven crops.
"""
from __future__ import annotations

import glob
import io
import os
import random
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ingest.read.model import prepare_line  # noqa: E402  (one preprocessing for train and run time)
from samples.fonts import EVALUATION_FONTS, TRAINING_FONTS  # noqa: E402  (the split lives there)

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

TRAIN_FAMILIES = TRAINING_FONTS
RESERVED = EVALUATION_FONTS  # evaluation only: never rendered here

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
MONTHS = ("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม "
          "พฤศจิกายน ธันวาคม").split()
MONTHS_ABBR = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split()
CODES = ("มท นร กค ศธ สธ อว กบ กจ กส กพ ขก จบ ฉช ชบ ชน ชย ชพ ชร ชม ตง ตร ตก นย นฐ นพ นม นศ นว นบ นธ "
         "นน บก บร ปท ปข ปจ ปน อย พย พง พท พจ พล พบ พช พร ภก มค มห มส ยส ยล รอ รน รย รบ ลบ ลป ลพ "
         "ลย ศก สน สข สต สป สส สค สก สบ สห สท สพ สฎ สร นค นภ อท อจ อด อต อน อบ กท").split()
GOV = ("ที่ เรื่อง เรียน อ้างถึง สิ่งที่ส่งมาด้วย ขอแสดงความนับถือ ลงวันที่ วันที่ พ.ศ. ตามหนังสือ "
       "กระทรวงมหาดไทย สำนักงาน ส่งเสริมการปกครองท้องถิ่น จังหวัด อำเภอ องค์การบริหารส่วนตำบล "
       "เทศบาลตำบล ประกาศ คำสั่ง ข้อ โทร. โทรสาร จำนวน ชุด ฉบับ บาท น. เลขรับ เวลา ด่วนที่สุด ด่วนมาก "
       "ด่วน เพื่อโปรดพิจารณา ดำเนินการ กำหนด ทำ คำ นำ จำ สำคัญ ประจำ ตำแหน่ง กำนัน ผู้ใหญ่บ้าน "
       "นายอำเภอ ผู้ว่าราชการจังหวัด สำเนา หนังสือ เพื่อทราบ ถือปฏิบัติ ต่อไป ทั้งนี้ ตั้งแต่ บัดนี้ "
       "เป็นต้นไป ณ ประกาศ ให้ไว้ ลำดับ หมู่ที่ ตำบล ถนน ซอย รหัสไปรษณีย์ งบประมาณ ปีงบประมาณ "
       "มาตรา วรรค แห่ง พระราชบัญญัติ ระเบียบ สำนักนายกรัฐมนตรี ว่าด้วย งานสารบรรณ หน้า ครั้งที่ "
       "ค่าจ้าง อัตรา ร้อยละ ราย คน แห่ง ถึง จาก ผู้อำนวยการ หัวหน้า ปลัด นายก ลับ ลับมาก").split()
ASCII_WORDS = "www http .go.th email Tel Fax No. ID PDF OK e-mail info@ saraban Road Bangkok".split()
PUNCT = list(".,/-()\":;") + ["…", "..........", "...", "“", "”", "–"]


def _words() -> list[str]:
    try:
        from pythainlp.corpus import thai_words
        return sorted(w for w in thai_words() if 1 < len(w) < 14 and " " not in w)
    except Exception:  # pragma: no cover - PyThaiNLP missing: the domain list still trains
        return list(GOV)


class TextSource:
    """Random line texts: digit-bearing fields mixed with Thai words."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self.words = _words()

    def digits(self, n: int, thai: bool | None = None) -> str:
        thai = self.r.random() < 0.75 if thai is None else thai
        s = "".join(self.r.choice("0123456789") for _ in range(n))
        return s.translate(str.maketrans("0123456789", THAI_DIGITS)) if thai else s

    def num(self, s: str, thai: bool) -> str:
        return s.translate(str.maketrans("0123456789", THAI_DIGITS)) if thai else s

    def date(self) -> str:
        r, thai = self.r, self.r.random() < 0.8
        d = self.num(str(r.randint(1, 31)), thai)
        y = r.randint(2480, 2580)
        if r.random() < 0.3:
            m, yy = r.choice(MONTHS_ABBR), self.num(str(y % 100 if r.random() < 0.6 else y), thai)
        else:
            m, yy = r.choice(MONTHS), self.num(str(y), thai)
        pre = r.choice(["", "", "วันที่ ", "ลงวันที่ ", "ลว. ", "ณ วันที่ "])
        be = r.choice(["", "", "พ.ศ. "])
        return f"{pre}{d} {m} {be}{yy}"

    def refno(self) -> str:
        r, thai = self.r, self.r.random() < 0.8
        unit = self.num(f"{r.randint(0, 9999):04d}", thai)
        sub = "".join("." + self.num(str(r.randint(1, 30)), thai) for _ in range(r.choice([0, 1, 1, 2])))
        run = self.num(str(r.randint(1, 99999)), thai if r.random() < 0.85 else not thai)
        w = r.choice(["", "ว ", "ว", "ว. "])
        code = r.choice(CODES) + r.choice(["", "", "."])
        pre = r.choice(["ที่ ", "", "ที่ "])
        if r.random() < 0.15:  # an order: number / BE year
            return f"{pre}{self.num(str(r.randint(1, 999)), thai)}/{self.num(str(r.randint(2500, 2570)), thai)}"
        return f"{pre}{code} {unit}{sub}/{w}{run}"

    def number(self) -> str:
        r, thai = self.r, self.r.random() < 0.75
        k = r.randrange(9)
        if k == 0:
            return self.num(f"{r.randint(0, 23)}.{r.randint(0, 59):02d}", thai) + r.choice([" น.", " น", ""])
        if k == 1:
            return self.num(f"0 {r.randint(1000, 9999)} {r.randint(1000, 9999)}", thai)
        if k == 2:
            return self.num(f"{r.randint(1, 999)},{r.randint(0, 999):03d}", thai) + r.choice([" บาท", ".-", ""])
        if k == 3:
            return "(" + self.num(str(r.randint(1, 30)), thai) + ")"
        if k == 4:
            return r.choice(["ข้อ ", "มาตรา ", "หมู่ที่ ", "ครั้งที่ ", "หน้า ", ""]) + self.num(str(r.randint(1, 200)), thai)
        if k == 5:
            return self.num(f"{r.randint(1, 99)}.{r.randint(1, 99)}", thai)
        return self.digits(r.randint(1, 8), thai)

    def thai(self) -> str:
        r = self.r
        ws = [r.choice(GOV) if r.random() < 0.35 else r.choice(self.words) for _ in range(r.randint(1, 4))]
        return "".join(ws)

    def line(self, max_chars: int = 30) -> str:
        r = self.r
        parts, n = [], 0
        limit = r.randint(4, max_chars)
        while n < limit:
            k = r.random()
            p = (self.date() if k < 0.18 else self.refno() if k < 0.32 else self.number() if k < 0.52
                 else r.choice(ASCII_WORDS) if k < 0.55 else r.choice(PUNCT) if k < 0.58 else self.thai())
            parts.append(p)
            n += len(p) + 1
        return " ".join(parts).strip() or "๑"


def font_files(families=TRAIN_FAMILIES) -> list[str]:
    files = []
    for d in ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype/arundina",
              "/usr/share/fonts/opentype/tlwg"):
        for f in sorted(glob.glob(d + "/*.[ot]tf")):
            name = Path(f).stem
            if any(name.startswith(fam) for fam in families) and not name.startswith(RESERVED):
                if "Oblique" in name or "Italic" in name:
                    continue  # letters are upright; obliques teach slants that never come
                files.append(f)
    if not files:
        raise SystemExit("No training fonts: apt-get install fonts-thai-tlwg (fonts-arundina optional).")
    return files


class LineRenderer:
    """Render + damage: returns (float32 1xHxW model input, text)."""

    def __init__(self, seed: int = 0, fonts: list[str] | None = None, clutter: float = 0.0):
        self.r = random.Random(seed)
        self.clutter = clutter  # share of lines with other ink beside them (``beside``)
        self.np = np.random.default_rng(seed)
        self.text = TextSource(self.r)
        self.fonts = fonts or font_files()
        # letters are set in proportional loop fonts; typewriter/mono faces are rarer
        self.weights = [0.35 if Path(f).stem.startswith(("Tlwg", "Purisa")) else 1.0 for f in self.fonts]
        self._cache: dict = {}

    def font(self, path: str, size: int):
        key = (path, size)
        if key not in self._cache:
            self._cache[key] = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)
        return self._cache[key]

    def render(self, text: str) -> np.ndarray:
        r = self.r
        size = r.randint(20, 64)  # em in px: 16 pt at ~90..290 dpi, downscaled later
        f = self.font(r.choices(self.fonts, self.weights)[0], size)
        l, t, rt, b = f.getbbox(text)
        pad = size
        img = Image.new("L", (rt - l + 2 * pad, b - t + 2 * pad), 0)
        stroke = 1 if size > 36 and r.random() < 0.25 else 0
        ImageDraw.Draw(img).text((pad - l, pad - t), text, fill=255, font=f, stroke_width=stroke, stroke_fill=255)
        ink = self.weight(np.asarray(img), size)
        other = None
        if self.clutter and r.random() < self.clutter:
            layer = Image.new("L", img.size, 0)
            self.beside(ImageDraw.Draw(layer), f, size, self.ink_box(ink), img.width)
            other = np.asarray(layer)
        m = self.warp(ink.shape)
        if m is not None:
            ink = cv2.warpAffine(ink, m, ink.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=0)
            if other is not None:
                other = cv2.warpAffine(other, m, ink.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=0)
        if other is None:
            return self.crop(ink)
        box = self.ink_box(ink)  # the crop follows the line's own letters, not what is beside them
        return self.crop(np.maximum(ink, other), box)

    @staticmethod
    def ink_box(ink):
        ys, xs = np.nonzero(ink > 60)
        if len(ys) == 0:
            return None
        return ys.min(), ys.max() + 1, xs.min(), xs.max() + 1

    def beside(self, draw, f, size, line_box, w):
        """What a line crop from a page holds beside the line's own letters, none of it text
        to read: the marks of the lines above and below reaching into the box, a rule under
        or over the words (a stamp's frame, an underline), a frame's or a table's side at an
        end, a pen stroke of a signature, an arc of a seal."""
        if line_box is None:
            return
        r = self.r
        t, b, l, rt = (int(v) for v in line_box)
        h = b - t
        k = r.random()
        if k < 0.45:  # neighbouring lines, their descenders / ascenders reaching into the crop
            for side in (-1, 1):
                if r.random() < 0.7:
                    other = self.text.line(60)
                    _, ot, _, ob = f.getbbox(other)
                    gap = int(h * r.uniform(-0.1, 0.4))  # negative: marks of the two lines overlap
                    y = t - gap - ob if side < 0 else b + gap - ot
                    draw.text((r.randint(-w // 2, l + size), y), other, fill=255, font=f)
        elif k < 0.65:  # a rule across the line, above or below (also what painting one out leaves)
            y = r.choice([b + r.randint(0, max(1, h // 4)), t - r.randint(0, max(1, h // 4))])
            x0, x1 = r.randint(0, max(1, l)), r.randint(min(rt, w - 1), w)
            thick = r.randint(1, max(1, size // 16))
            if r.random() < 0.3:  # broken: a dotted fill-in line
                for x in range(x0, x1, thick * 4):
                    draw.rectangle((x, y, x + thick * 2, y + thick), fill=255)
            else:
                draw.rectangle((x0, y, x1, y + thick), fill=255)
        elif k < 0.8:  # a frame's or a table's side at one end of the crop
            x = r.choice([l - r.randint(size // 4, size), rt + r.randint(size // 4, size)])
            draw.rectangle((x, t - h, x + r.randint(1, max(1, size // 16)), b + h), fill=255)
        elif k < 0.93:  # a pen stroke over the words (a signature's tail)
            pts = [(r.randint(l, rt), r.randint(t - h // 2, b + h // 2)) for _ in range(r.randint(3, 6))]
            draw.line(pts, fill=255, width=r.randint(1, max(1, size // 12)), joint="curve")
        else:  # an arc of a seal's ring
            rad = r.randint(3 * h, 8 * h)
            cx, cy = r.randint(l - rad // 2, rt + rad // 2), r.choice([t - rad + h, b + rad - h])
            start = r.randint(0, 359)
            draw.arc((cx - rad, cy - rad, cx + rad, cy + rad), start, start + r.randint(30, 120),
                     fill=255, width=r.randint(1, max(1, size // 14)))

    def weight(self, ink, size):
        r = self.r
        k = r.random()
        if k < 0.2:
            ink = cv2.erode(ink, np.ones((2, 2), np.uint8)) if size > 30 else ink
        elif k < 0.4:
            ink = cv2.dilate(ink, np.ones((2, 2), np.uint8))
        return ink

    def warp(self, shape):
        """A small rotation and shear (a skewed scan), or None."""
        r = self.r
        if r.random() >= 0.4:
            return None
        h, w = shape
        ang, shear = r.uniform(-0.8, 0.8), r.uniform(-0.08, 0.08)
        m = cv2.getRotationMatrix2D((w / 2, h / 2), ang, 1.0)
        m[0, 1] += shear
        return m

    def crop(self, ink, line_box=None):
        """Crop around the line's own ink as a line finder would: tight, padded, or cut a little
        (``line_box``: where the line's letters are, when there is other ink beside them)."""
        r = self.r
        box = line_box if line_box is not None else self.ink_box(ink)
        if box is None:
            return ink
        t, b, l, rt = box
        h = b - t
        loose = 0.5 if line_box is not None else 0.3  # a page's line box may take in its neighbours' marks
        t = int(t - h * r.uniform(-0.03, loose))
        b = int(b + h * r.uniform(-0.03, loose))
        l = int(l - h * r.uniform(0, 0.8))
        rt = int(rt + h * r.uniform(0, 0.8))
        H, W = ink.shape
        return ink[max(t, 0):min(b, H), max(l, 0):min(rt, W)]

    def paper(self, ink) -> np.ndarray:
        """Ink mask -> grey scan: paper/ink tones, blur, noise, low resolution, JPEG, thresholding."""
        r, g = self.r, self.np
        a = ink.astype(np.float32) / 255.0
        if r.random() < 0.5:
            a = cv2.GaussianBlur(a, (0, 0), r.uniform(0.3, 1.3))
        paper, tone = r.uniform(150, 255), r.uniform(0, 110)
        tone = min(tone, paper - 50)
        img = paper - a * (paper - tone)
        if r.random() < 0.3:  # uneven illumination / stains
            h, w = img.shape
            grad = np.linspace(r.uniform(-30, 0), r.uniform(-30, 0), w)[None, :]
            img = img + grad
        img = img + g.normal(0, r.uniform(0, 18), img.shape)
        if r.random() < 0.05:
            spots = g.random(img.shape) < r.uniform(0.001, 0.01)
            img[spots] = tone
        img = np.clip(img, 0, 255).astype(np.uint8)
        if r.random() < 0.35:  # scanned at low resolution, then seen again larger
            f = r.uniform(0.45, 0.8)
            h, w = img.shape
            small = cv2.resize(img, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
            img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR) if r.random() < 0.5 else small
        if r.random() < 0.25:  # bitonal scans (CCITT, fax)
            thr = r.uniform(0.35, 0.65) * (int(img.max()) + int(img.min()))
            img = np.where(img > thr, 255, 0).astype(np.uint8)
        if r.random() < 0.4:
            buf = io.BytesIO()
            Image.fromarray(img).save(buf, "JPEG", quality=r.randint(20, 90))
            img = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
        return img

    def sample(self, text: str | None = None):
        text = text or self.text.line()
        ink = self.render(text)
        img = self.paper(ink)
        sx = self.r.uniform(0.85, 1.15)  # character width varies with font and scanner
        x = prepare_line(img, stretch=sx)
        return x, text


if __name__ == "__main__":  # write a few examples to look at: python models/synth.py OUTDIR
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/synth")
    out.mkdir(parents=True, exist_ok=True)
    ren = LineRenderer(seed=1)
    for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 12):
        x, t = ren.sample()
        Image.fromarray((255 - x[0] * 255).astype(np.uint8)).save(out / f"{i:03d}.png")
        print(i, t)
