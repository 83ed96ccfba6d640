"""Dictionary repair of OCR'd Thai: rejoin split words, restore dropped tone marks and ำ.

Tesseract's Thai model often drops tone marks and ์ (``ผูอํานวยการ``), reads ำ as า, and
puts spaces inside words. Each run of Thai letters is segmented against PyThaiNLP's word
lists by "skeleton" (the letters without tone marks, ์, ็, with ำ read as า): a dictionary
word whose skeleton matches but whose marks differ is a restoration and costs extra.
Segmentation keeps the fewest words (maximal matching, like newmm), frequency breaks ties.

How much a restoration costs is decided per line: a clean line (every word found as
written) only gets restorations where no word covers the letters as written; a line with
such evidence of dropped marks gets them more readily. Word lists load on first use.
"""
from __future__ import annotations

import math
import os
import re
from functools import lru_cache

_SKEL_DROP = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e4d"  # ่ ้ ๊ ๋ ์ ็ ํ
_SKEL_MAP = str.maketrans({"\u0e33": "\u0e32", **{c: None for c in _SKEL_DROP}})
_THAI_RUN = re.compile(r"[ก-ฮ\u0e30-\u0e3a\u0e40-\u0e4e]+")
MAX_WORD = 24
UNKNOWN = 1.0      # cost of one letter no word covers
WORD = 1.0         # cost of one word
FREQ_WEIGHT = 0.1  # times -log p: frequency breaks ties between equal word counts
STRICT, LOOSE = 1.5, 0.25  # cost of one restored mark on a clean line / a damaged line
_KEEP_SPACE_BEFORE = ("ที่", "เรื่อง", "เรียน", "วันที่", "ลงวันที่", "อ้างถึง", "สิ่งที่ส่งมาด้วย",
                      "ส่วนราชการ", "ถึง", "เพื่อ", "จำนวน", "โทร", "ณ")


def skeleton(text: str) -> str:
    """The letters of a word without the marks OCR drops.

    >>> skeleton("ผู้อำนวยการ")
    'ผูอานวยการ'
    """
    return text.translate(_SKEL_MAP)


@lru_cache(maxsize=1)
def _freqs() -> dict[str, int]:
    """Word frequencies of the Thai National Corpus (shipped with PyThaiNLP), read once."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.corpus import tnc

    return dict(tnc.word_freqs())


def uses(word: str) -> int:
    """How often the Thai National Corpus has the word (0 when never)."""
    return _freqs().get(word, 0)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[tuple[str, float]]], set[str]]:
    """skeleton → [(word, cost)], and the set of words; loaded once, on first use."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names
    from pythainlp.corpus import thai_words

    freqs = _freqs()
    total = float(sum(freqs.values()))
    words = set(thai_words()) | set(thai_family_names()) | set(thai_male_names()) \
        | set(thai_female_names())
    words |= {w for w, n in freqs.items() if n >= 20 and _THAI_RUN.fullmatch(w)}
    words |= _OFFICIAL_WORDS
    index: dict[str, list[tuple[str, float]]] = {}
    for w in words:
        if not _THAI_RUN.fullmatch(w) or len(w) > MAX_WORD or w in _TONE_DROPPED:
            continue
        logp = -math.log(max(freqs.get(w, 0), 30) / total)
        index.setdefault(skeleton(w), []).append((w, WORD + FREQ_WEIGHT * min(logp, 14.0)))
    return index, words


# Words of official letters that the general word lists lack.
_OFFICIAL_WORDS = {
    "สิ่งที่ส่งมาด้วย", "อ้างถึง", "ขอแสดงความนับถือ", "บันทึกข้อความ", "ส่วนราชการ",
    "ผู้ว่าราชการจังหวัด", "นายอำเภอ", "องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "ที่ว่าการอำเภอ",
    "ศาลากลางจังหวัด", "ท้องถิ่น", "ส่งเสริมการปกครองท้องถิ่น", "ทุกจังหวัด", "ทุกอำเภอ", "ทุกแห่ง",
    "ดำเนินการ", "ถือปฏิบัติ", "ต่อไป", "เลขรับ", "เลขที่รับ", "ด่วนที่สุด", "ด่วนมาก",
    "เบี้ยยังชีพ", "ผู้สูงอายุ", "ผู้พิการ",
}


# Words that OCR'd Thai shows without their tone mark far more often than the toneless word
# itself is written: ที่ (the commonest word of the language) read ที, as the stock Thai model
# does; restoring it costs little even on a clean line.
_TONE_DROPPED = {"ที": "ที่"}


def is_word(text: str) -> bool:
    """Whether a text is one word of the dictionary as written."""
    return text in _lexicon()[1]


_KINDS = {"\u0e48": "tone", "\u0e49": "tone", "\u0e4a": "tone", "\u0e4b": "tone",
          "\u0e4c": "karan", "\u0e4d": "am", "\u0e47": "other"}


def _marks_changed(orig: str, word: str) -> dict[str, int]:
    """Which marks differ between two strings with the same skeleton, counted by kind."""
    a, b = _clusters(orig), _clusters(word)
    counts: dict[str, int] = {}
    if len(a) != len(b):
        return {"other": abs(len(a) - len(b)) + 1}
    for x, y in zip(a, b):
        if set(x) - set(y):   # OCR rarely adds a mark: never restore by removing one
            counts["removed"] = counts.get("removed", 0) + 1
        for ch in set(y) - set(x):
            kind = _KINDS.get(ch, "other")
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def _clusters(s: str) -> list[str]:
    out: list[str] = []
    for ch in s.replace("ำ", "\u0e4dา"):
        if ch in _SKEL_DROP and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _skeleton_map(run: str) -> tuple[str, list[int]]:
    """The skeleton of a run and, for each skeleton position, where it starts in the run."""
    skel, starts = [], []
    for i, ch in enumerate(run):
        t = ch.translate(_SKEL_MAP)
        for c in t:
            skel.append(c)
            starts.append(i)
    starts.append(len(run))
    return "".join(skel), starts


def segment(run: str, mark_cost: dict[str, float]) -> tuple[float, list[tuple[str, bool]]]:
    """Best segmentation of one Thai run: total cost and [(piece, restored)].

    Unknown letters come back one piece each, as written.
    """
    index, _ = _lexicon()
    skel, starts = _skeleton_map(run)
    n = len(skel)
    best: list[tuple[float, int, str, bool]] = [(0.0, 0, "", False)] + [(math.inf, 0, "", False)] * n
    for i in range(n):
        base = best[i][0]
        if base == math.inf:
            continue
        # a span ends just before the next skeleton letter (marks after it belong to it)
        for j in range(i + 1, min(n, i + MAX_WORD) + 1):
            cands = index.get(skel[i:j])
            if not cands:
                continue
            orig = run[starts[i]:starts[j]]
            for word, cost in cands:
                if word == orig:
                    c, restored = cost, False
                elif _TONE_DROPPED.get(orig) == word:
                    c, restored = cost + LOOSE, True
                else:
                    changed = _marks_changed(orig, word)
                    if "removed" in changed:
                        continue
                    c = cost + sum(mark_cost.get(k, STRICT) * v for k, v in changed.items())
                    restored = True
                if base + c < best[j][0]:
                    best[j] = (base + c, i, word, restored)
        orig = run[starts[i]:starts[i + 1]]
        if base + UNKNOWN < best[i + 1][0]:
            best[i + 1] = (base + UNKNOWN, i, orig, False)
    pieces = []
    j = n
    while j > 0:
        _, i, piece, restored = best[j]
        pieces.append((piece, restored))
        j = i
    return best[n][0], pieces[::-1]


def damage(text: str) -> dict[str, float]:
    """Cost of restoring each kind of mark in this text, from the evidence it carries.

    A kind of mark that the text visibly lost (runs that read as words only with it restored)
    becomes cheap to restore everywhere in the text; the others stay dear.
    """
    found: dict[str, int] = {}
    for run in _THAI_RUN.findall(text):
        if len(run) < 3:
            continue
        _, pieces = segment(run, STRICT_COSTS)
        skel, starts = _skeleton_map(run)
        pos = 0
        for piece, restored in pieces:
            n = len(skeleton(piece))
            if restored:
                orig = run[starts[pos]:starts[pos + n]]
                for kind in _marks_changed(orig, piece):
                    found[kind] = found.get(kind, 0) + 1
            pos += n
    return {k: (LOOSE if found.get(k, 0) >= 2 else STRICT) for k in ("tone", "karan", "am")}


STRICT_COSTS = {"tone": STRICT, "karan": STRICT, "am": STRICT}


def restore_marks(line: str, costs: dict[str, float] | None = None, names: bool = False) -> str:
    """Restore dropped marks in every Thai run of a line.

    ``names``: a line holding a person's name, where ์ is a matter of spelling: never add it.

    >>> restore_marks("ขอเรียนเชิญสมัครเขารวมโครงการ ผูอำนวยการโรงเรียน", {"tone": LOOSE})
    'ขอเรียนเชิญสมัครเข้าร่วมโครงการ ผู้อำนวยการโรงเรียน'
    >>> restore_marks("องค์การบริหารส่วนตาบลไทรย้อย")
    'องค์การบริหารส่วนตำบลไทรย้อย'
    """
    if not _THAI_RUN.search(line):
        return line
    costs = dict(costs if costs is not None else damage(line))
    if names:
        costs["karan"] = math.inf
    return _THAI_RUN.sub(lambda m: "".join(p for p, _ in segment(m.group(0), costs)[1]), line)


def join_split_words(line: str) -> str:
    """Drop single spaces Tesseract put inside a Thai word.

    A space goes when a dictionary word crosses it (and spans fewer words than keeping it),
    or when the piece after it cannot start a syllable / the piece before cannot end one.
    Spaces before field labels (ที่, เรื่อง, ...) and wider gaps stay.

    >>> join_split_words("ผู้อำนวย การโรงเรียน")
    'ผู้อำนวยการโรงเรียน'
    >>> join_split_words("เรียน ผู้อำนวยการโรงเรียน")
    'เรียน ผู้อำนวยการโรงเรียน'
    """
    parts = re.split(r"(?<=[ก-ฮ\u0e30-\u0e3a\u0e40-\u0e4e]) (?=[ก-ฮ\u0e30-\u0e3a\u0e40-\u0e4e])", line)
    if len(parts) == 1:
        return line
    out = parts[0]
    for right in parts[1:]:
        out += ("" if _should_join(out, right) else " ") + right
    return out


def _should_join(left: str, right: str) -> bool:
    if right.startswith(_KEEP_SPACE_BEFORE) or left.endswith("  "):
        return False
    if right[0] in "\u0e30\u0e32\u0e33\u0e45" or left[-1] in "\u0e40\u0e41\u0e42\u0e43\u0e44":
        return True
    a = _THAI_RUN.findall(left)[-1][-12:]
    b = _THAI_RUN.match(right).group(0)[:12]
    apart = segment(a, STRICT_COSTS)[0] + segment(b, STRICT_COSTS)[0]
    together = segment(a + b, STRICT_COSTS)[0]
    return together < apart - 0.9


_NAME_LINE = re.compile(r"^\s*\(.*\)\s*$")


def repair_text(text: str) -> str:
    """Rejoin split words, then restore marks with costs set from the whole text's damage."""
    lines = [join_split_words(line) for line in text.split("\n")]
    costs = damage("\n".join(lines))
    return "\n".join(_restore_name_line(line, costs) if _NAME_LINE.match(line)
                     else restore_marks(line, costs) for line in lines)


def seam(left: str, right: str) -> str:
    """Two pieces of one wrapped Thai phrase joined, a letter read at the end of the one and
    again at the start of the other read once where that reads as words by at least one
    unknown letter's cost more surely (``…ผู้มีสิท`` / ``ทธิรับเงิน`` → ``…ผู้มีสิทธิรับเงิน``); a
    word spelt with the letter doubled (สัมมนา) reads as well and keeps it.

    >>> seam("ผู้มีสิท", "ทธิรับเงิน"), seam("การสัม", "มนา")
    ('ผู้มีสิทธิรับเงิน', 'การสัมมนา')
    """
    if left and right and left[-1] == right[0] and "ก" <= right[0] <= "ฮ":
        a, b = _THAI_TAIL.search(left), _THAI_RUN.match(right)
        whole, once = a.group(0) + b.group(0), a.group(0) + b.group(0)[1:]
        if segment(once, STRICT_COSTS)[0] < segment(whole, STRICT_COSTS)[0] - UNKNOWN:
            return left + right[1:]
    return left + right


_THAI_TAIL = re.compile(_THAI_RUN.pattern + "$")


_TITLE_END = re.compile(r"^(.*(?:\.|นางสาว|นาย|นาง)\s*)")


def _restore_name_line(line: str, costs: dict[str, float]) -> str:
    """A signature's ``(ตำแหน่งวิชาการ ดร.ชื่อ สกุล)``: titles restored as words, the name
    itself without adding ์ (its spelling is the person's own)."""
    m = _TITLE_END.match(line)
    head, name = (m.group(1), line[m.end():]) if m else ("", line)
    return restore_marks(head, costs) + restore_marks(name, costs, names=True)


# ------------------------------------------------------- the likelier of two readings of a phrase
# The saraban engine (ingest/read/model.py) asks this where Tesseract and its line model read
# different Thai letters: the reading that makes likelier Thai words wins.

UNKNOWN_CHAR = 2.5   # cost of each character of a word the dictionary lacks...
UNKNOWN_WORD = 4.0   # ...plus this for the word (rarer than any word it knows)


@lru_cache(maxsize=1)
def _unigram():
    """word -> -log10 P(word) (Thai National Corpus frequencies), and the words to cut phrases."""
    words = _lexicon()[1]
    freqs = _freqs()
    total = sum(freqs.values())
    costs = {w: math.log10(total / f) for w, f in freqs.items() if f > 0}
    rare = math.log10(total / 0.5)  # in the dictionary, never in the corpus
    for w in words:
        costs.setdefault(w, rare)
    return costs, _WordSet(costs)


class _WordSet:
    """The words newmm cuts phrases into, as PyThaiNLP's Trie answers for them (``prefixes``,
    ``in``, ``len``) from a set: the same cuts, without building a trie of 160,000 words
    node by node (1.6 s in every process that reads or extracts)."""

    def __init__(self, words):
        self._words = {w.strip() for w in words} - {""}
        lengths: dict[tuple[str, str], set[int]] = {}  # the lengths of the words of each first two letters
        for w in self._words:
            lengths.setdefault((w[0], w[1:2]), set()).add(len(w))
        self._lengths = {k: sorted(v) for k, v in lengths.items()}

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text`` has at ``start``, shortest first."""
        if start >= len(text):
            return []
        rest, first = len(text) - start, text[start]
        found = [first] if first in self._words else []
        lengths = self._lengths.get((first, text[start + 1:start + 2]), ())
        return found + [text[start:start + n] for n in lengths
                        if 1 < n <= rest and text[start:start + n] in self._words]

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def __iter__(self):
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def _words_of(phrase: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(phrase, custom_dict=_unigram()[1], engine="newmm", keep_whitespace=False)


@lru_cache(maxsize=4096)
def phrase_cost(phrase: str) -> float:
    """-log10 P(phrase) under a unigram model: the sum over its words, cut by PyThaiNLP's
    dictionary segmenter; a word the dictionary lacks costs per character."""
    costs = _unigram()[0]
    total = 0.0
    for word in _words_of(phrase):
        if not _THAI_RUN.search(word):
            continue  # digits, punctuation, Latin: not Thai to judge
        known = costs.get(word)
        total += known if known is not None else UNKNOWN_WORD + UNKNOWN_CHAR * len(word)
    return total


def all_words(phrase: str) -> bool:
    """Whether a phrase cuts into known Thai words of two letters or more, and nothing else."""
    costs = _unigram()[0]
    words = _words_of(phrase)
    return bool(words) and all(len(w) >= 2 and w in costs for w in words)
