"""Agency and province codes: the two letters before the unit code in ``ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑``.

The table is the one in docs/circulars.md §3. ``lookup`` answers the name of a code, or None
when the code is unknown (the extractor then flags it rather than guessing).
"""
from __future__ import annotations

MINISTRIES = {
    "นร": "สำนักนายกรัฐมนตรี",
    "กห": "กระทรวงกลาโหม",
    "กค": "กระทรวงการคลัง",
    "กต": "กระทรวงการต่างประเทศ",
    "กก": "กระทรวงการท่องเที่ยวและกีฬา",
    "พม": "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
    "อว": "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
    "กษ": "กระทรวงเกษตรและสหกรณ์",
    "คค": "กระทรวงคมนาคม",
    "ทส": "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    "ดศ": "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
    "พน": "กระทรวงพลังงาน",
    "พณ": "กระทรวงพาณิชย์",
    "มท": "กระทรวงมหาดไทย",
    "ยธ": "กระทรวงยุติธรรม",
    "รง": "กระทรวงแรงงาน",
    "วธ": "กระทรวงวัฒนธรรม",
    "ศธ": "กระทรวงศึกษาธิการ",
    "สธ": "กระทรวงสาธารณสุข",
    "อก": "กระทรวงอุตสาหกรรม",
}

PROVINCES = dict(pair.split(" ", 1) for pair in """\
กบ กระบี่|กจ กาญจนบุรี|กส กาฬสินธุ์|กพ กำแพงเพชร|ขก ขอนแก่น|จบ จันทบุรี|ฉช ฉะเชิงเทรา|ชบ ชลบุรี|\
ชน ชัยนาท|ชย ชัยภูมิ|ชพ ชุมพร|ชร เชียงราย|ชม เชียงใหม่|ตง ตรัง|ตร ตราด|ตก ตาก|นย นครนายก|นฐ นครปฐม|\
นพ นครพนม|นม นครราชสีมา|นศ นครศรีธรรมราช|นว นครสวรรค์|นบ นนทบุรี|นธ นราธิวาส|นน น่าน|บก บึงกาฬ|\
บร บุรีรัมย์|ปท ปทุมธานี|ปข ประจวบคีรีขันธ์|ปจ ปราจีนบุรี|ปน ปัตตานี|อย พระนครศรีอยุธยา|พย พะเยา|\
พง พังงา|พท พัทลุง|พจ พิจิตร|พล พิษณุโลก|พบ เพชรบุรี|พช เพชรบูรณ์|พร แพร่|ภก ภูเก็ต|มค มหาสารคาม|\
มห มุกดาหาร|มส แม่ฮ่องสอน|ยส ยโสธร|ยล ยะลา|รอ ร้อยเอ็ด|รน ระนอง|รย ระยอง|รบ ราชบุรี|ลบ ลพบุรี|\
ลป ลำปาง|ลพ ลำพูน|ลย เลย|ศก ศรีสะเกษ|สน สกลนคร|สข สงขลา|สต สตูล|สป สมุทรปราการ|สส สมุทรสงคราม|\
สค สมุทรสาคร|สก สระแก้ว|สบ สระบุรี|สห สิงห์บุรี|สท สุโขทัย|สพ สุพรรณบุรี|สฎ สุราษฎร์ธานี|สร สุรินทร์|\
นค หนองคาย|นภ หนองบัวลำภู|อท อ่างทอง|อจ อำนาจเจริญ|อด อุดรธานี|อต อุตรดิตถ์|อน อุทัยธานี|\
อบ อุบลราชธานี|กท กรุงเทพมหานคร""".split("|"))

# Departments whose letters carry their ministry's code (``ที่ มท ๐๘๐๘.๒/ว …`` from
# กรมส่งเสริมการปกครองท้องถิ่น): the code when only the office's name was read.
DEPARTMENTS = {
    "กรมส่งเสริมการปกครองท้องถิ่น": "มท", "กรมการปกครอง": "มท", "กรมที่ดิน": "มท",
    "กรมป้องกันและบรรเทาสาธารณภัย": "มท", "กรมโยธาธิการและผังเมือง": "มท", "กรมการพัฒนาชุมชน": "มท",
    "กรมบัญชีกลาง": "กค", "กรมสรรพากร": "กค", "กรมสรรพสามิต": "กค", "กรมศุลกากร": "กค",
    "กรมธนารักษ์": "กค", "กรมควบคุมโรค": "สธ", "กรมอนามัย": "สธ", "กรมการแพทย์": "สธ",
    "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน": "ศธ", "สำนักเลขาธิการคณะรัฐมนตรี": "นร",
    "สำนักงานคณะกรรมการข้าราชการพลเรือน": "นร",
}

# Province codes are written as "จังหวัด…"; the issuer of a provincial letter is its province.
_NAMES = {**{c: n for c, n in MINISTRIES.items()},
          **{c: ("กรุงเทพมหานคร" if c == "กท" else "จังหวัด" + n) for c, n in PROVINCES.items()}}

LOCAL_ADMIN_UNIT = "0023"  # provincial/district local-administration offices (มท)


def lookup(code: str | None) -> str | None:
    """The agency or province a code stands for, or None when the code is unknown.

    >>> lookup("มท")
    'กระทรวงมหาดไทย'
    >>> lookup("ชบ.")
    'จังหวัดชลบุรี'
    >>> lookup("ขข") is None
    True
    """
    if not code:
        return None
    return _NAMES.get(code.strip().rstrip("."))


def is_known(code: str | None) -> bool:
    return lookup(code) is not None


def province_code(name: str) -> str | None:
    """The code of a province by its name, with or without จังหวัด.

    >>> province_code("จังหวัดเชียงใหม่")
    'ชม'
    """
    name = name.strip().removeprefix("จังหวัด").strip()
    for code, prov in PROVINCES.items():
        if prov == name:
            return code
    return None


def code_of_name(name: str) -> str | None:
    """The code a named office's letters carry: a province (``จังหวัดเชียงใหม่``), a ministry
    (``กระทรวงการคลัง``) or a department the table knows (``กรมส่งเสริมการปกครองท้องถิ่น``).

    >>> code_of_name("จังหวัดนครราชสีมา"), code_of_name("กระทรวงสาธารณสุข"), code_of_name("กรมบัญชีกลาง")
    ('นม', 'สธ', 'กค')
    """
    name = name.strip()
    if name.startswith("จังหวัด"):
        return province_code(name)
    return next((c for c, n in MINISTRIES.items() if n == name), None) or DEPARTMENTS.get(name)


def misread_as(read: str, code: str) -> bool:
    """Whether an agency code as read is ``code`` with one letter OCR got wrong: one letter
    changed (``นบ`` for นม, ``ชป`` for ชบ) or one letter too many (``อปบ`` for อบ).

    >>> misread_as("ชป", "ชบ"), misread_as("อปบ", "อบ"), misread_as("ชบ", "ชบ"), misread_as("สข", "ชบ")
    (True, True, False, False)
    """
    if read == code:
        return False
    if len(read) == len(code):
        return sum(a != b for a, b in zip(read, code)) == 1
    return len(read) == len(code) + 1 and any(read[:k] + read[k + 1:] == code for k in range(len(read)))
