"""How plausible a run of Thai text is as Thai: the arbiter between two readings of a word.

Tesseract drops or swaps the marks above a Thai letter (เรือง for เรื่อง, นัน for นั้น,
สิงที่ for สิ่งที่); the line model often reads those marks right but reads other letters
worse. Neither reader is to be trusted over the other letter by letter, so where they
differ on Thai letters the recognizer takes the model's reading only if it makes the
words around it far more likely Thai: ``cost`` is the negative log10 probability of
a phrase under a unigram model of the Thai National Corpus word frequencies (shipped
with PyThaiNLP, read offline), cut into words by PyThaiNLP's dictionary segmenter.

Loaded on first use.
"""
from __future__ import annotations

import math
from functools import lru_cache

UNKNOWN_CHAR = 2.5   # cost of each character of a word the corpus never saw...
UNKNOWN_WORD = 4.0   # ...plus this for the word (rarer than any word it knows)


@lru_cache(maxsize=1)
def _model():
    import os

    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.corpus import tnc
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import Trie

    freqs = dict(tnc.word_freqs())
    total = sum(freqs.values())
    costs = {w: math.log10(total / f) for w, f in freqs.items() if f > 0}
    rare = math.log10(total / 0.5)  # in the dictionary, never in the corpus
    for w in thai_words():
        costs.setdefault(w, rare)
    return costs, Trie(set(costs))


@lru_cache(maxsize=4096)
def cost(phrase: str) -> float:
    """-log10 P(phrase): the sum over its words; unknown words cost per character."""
    from pythainlp.tokenize import word_tokenize

    costs, trie = _model()
    total = 0.0
    for word in word_tokenize(phrase, custom_dict=trie, engine="newmm", keep_whitespace=False):
        if not any("\u0e01" <= c <= "\u0e4e" for c in word):
            continue  # digits, punctuation, Latin: the same in both readings, or not Thai to judge
        known = costs.get(word)
        total += known if known is not None else UNKNOWN_WORD + UNKNOWN_CHAR * len(word)
    return total


def all_words(phrase: str) -> bool:
    """Whether a phrase cuts into known Thai words of two letters or more, and nothing else."""
    from pythainlp.tokenize import word_tokenize

    costs, trie = _model()
    words = word_tokenize(phrase, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return bool(words) and all(len(w) >= 2 and w in costs for w in words)
