"""Every hand-set number of the reading that decides between Tesseract's reading and the line
model's, or whether a reading counts: one table, read by the modules of ``ingest.read``.

Each entry has its value, a one-line meaning and where it is used. The model's confidences
are per character, 0 to 1 (its least sure character of a region, unless said otherwise);
Tesseract's are per word, 0 to 100. Heights are shares of a line's height, or of the page's
usual line height (``usual``). models/README.md carries this table, checked by
tests/test_thresholds.py (``table_markdown`` writes it).

    >>> READING.key_conf
    0.7
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


def _t(value, meaning: str, used: str):
    return field(default=value, metadata={"meaning": meaning, "used": used})


@dataclass(frozen=True)
class Reading:
    # ------------------------------------------------ the merge of the two readings (decide, combine)
    digit_conf: float = _t(0.9, "model over Tesseract where both read a digit it can write (๐๑๒๓๕, 0-9)",
                           "decide._digit_by_digit, compared")
    pen_conf: float = _t(0.8, "...and over Tesseract's Arabic digits digit for digit on a receipt stamp's line",
                         "decide._over_arabic, compared")
    arabic_conf: float = _t(0.95, "model's digits over Tesseract's Arabic ones elsewhere (its English reads print well)",
                            "decide._over_arabic")
    unsure_tess: float = _t(50, "Tesseract's word confidence under which its digits give way more easily",
                            "decide._over_arabic, _decide_digits, _in_numbers")
    unsure_arabic_conf: float = _t(0.9, "model's Arabic digits over those of a word Tesseract is unsure of",
                                   "decide._over_arabic")
    unsure_thai_conf: float = _t(0.95, "model's Thai digits over Arabic ones of a word Tesseract is unsure of",
                                 "decide._over_arabic")
    latin_number_conf: float = _t(0.9, "model's number over a Latin word of four letters or more",
                                  "decide._decide_digits")
    beyond_tess_conf: float = _t(0.5, "model's ๔ ๖ ๗ ๘ ๙ (beyond Tesseract) over a number Tesseract could write",
                                 "decide._decide_digits")
    writable_conf: float = _t(0.8, "model's other digits over a number Tesseract could write", "decide._decide_digits")
    new_digit_conf: float = _t(0.7, "model's digit where Tesseract saw nothing at all", "decide._decide_digits")
    new_digit_doubt: float = _t(0.5, "...from this up to new_digit_conf: Tesseract's nothing, flagged",
                                "decide._decide_digits")
    junk_digit_conf: float = _t(0.6, "model's digits over Latin junk or digits Tesseract cannot write",
                                "decide._decide_digits")
    over_letters_conf: float = _t(0.9, "model's number over Tesseract's Thai letters", "decide._decide_digits")
    over_letters_unsure_conf: float = _t(0.8, "...where Tesseract is under unsure_tess there", "decide._decide_digits")
    sara_am_conf: float = _t(0.5, "model's ำ where it is the only difference", "decide.decide")
    sara_am_tone_conf: float = _t(0.8, "model's ำ where Tesseract read its ํ as a tone mark", "decide.decide")
    tone_conf: float = _t(0.9, "model's tone mark Tesseract has none of (marks without the word list)",
                          "decide.decide")
    latin_junk_conf: float = _t(0.9, "model's Thai over Latin junk Tesseract read for a Thai word (TUN)",
                                "decide.decide")
    circular_number_conf: float = _t(0.5, "model's circular number after /ว that Tesseract read as letters",
                                     "decide._by_context")
    written_as_conf: float = _t(0.35, "model's digit counts as sure where Tesseract wrote its usual stand-in",
                                "decide.compared")
    round_zero: float = _t(0.7, "model's digit over Tesseract's ๐ (a plain ring, which it reads right)",
                           "decide._digit_by_digit")
    lexicon_conf: float = _t(0.35, "model's marks where the word list may settle a region", "decide._by_rules")
    lexicon_margin: float = _t(1.5, "...the phrase must be this much likelier, log10 (30 times)",
                               "decide._likelier")
    neighbour_digit_conf: float = _t(0.8, "model's digits beside an extra digit of Tesseract's it drops",
                                     "decide._sure_digit")
    circular_mark_conf: float = _t(0.8, "model's ว after a slash that Tesseract read 2", "decide._by_context")
    slash_conf: float = _t(0.8, "model's slash where Tesseract read 7 or an extra digit", "decide._by_context, _in_numbers")
    point_after_digits_conf: float = _t(0.5, "model's point or space right after digits taken from it",
                                        "decide._by_context")
    stand_in_conf: float = _t(0.6, "model's digit for the Thai letter Tesseract writes for it (ฒ for ๗)",
                              "decide._in_numbers")
    stray_neighbours_conf: float = _t(0.8, "model's neighbours of an Arabic digit glued to Thai that it drops",
                                      "combine._without_stray_digit")
    cell_conf: float = _t(0.5, "model's number cell of a table taken whole", "combine.number_cells")
    cell_writable_conf: float = _t(0.8, "...where Tesseract could have written its digits",
                                   "combine.number_cells")
    cell_fewer_digits_conf: float = _t(0.9, "...fewer digits than Tesseract's, or a lone digit, over junk",
                                       "combine.number_cells")
    key_conf: float = _t(0.7, "model's whole reference number or date over a garbled one",
                         "keys.keys_from_model")
    key_letters_conf: float = _t(0.45, "...its least sure letter, where the line holds those letters",
                                 "keys.keys_from_model")
    number_conf: float = _t(0.9, "model's whole Thai number over one with other or extra digits",
                            "keys.numbers_from_model")
    latin_word_conf: float = _t(80, "Tesseract's English word (read Latin by the model too) from which the model keeps out",
                                "latin.latin_spans")
    arbiter_take: float = _t(0.5, "the fitted arbiter's probability over which the model's reading is taken",
                             "arbiter.judge")
    arbiter_doubt: float = _t(0.2, "...and within this of it the stretch is flagged as doubtful", "arbiter.judge")
    # ------------------------------------------------ junk of seals and signatures (junk)
    mixed_conf: float = _t(70, "Tesseract's word mixing Latin into Thai is junk under this", "junk.is_junk")
    junk_marks_conf: float = _t(70, "...a word of stray marks (|, “) under this", "junk.is_junk")
    junk_digit_tess: float = _t(40, "...a lone digit under this", "junk.is_junk")
    junk_latin_conf: float = _t(65, "...four Latin letters or fewer under this", "junk.is_junk")
    thai_page_letters: int = _t(20, "Thai letters a page needs before its junk is judged", "junk.mostly_thai")
    # ------------------------------------------------ what the model is given and what counts (saraban and its steps)
    ink_contrast: float = _t(40.0, "grey levels between paper and darkest ink under which there is no ink",
                             "model.prepare_line, without_rules, pieces.over_unread_ink, strays.no_digits")
    seen_digit_conf: float = _t(0.5, "model's digit it counts as seen", "pieces.Cell.sees_digits")
    seal_conf: float = _t(50, "Tesseract's least sure word of a line that may lie under a seal's ink",
                          "overprint.under_seals")
    seal_gain: float = _t(15, "...its reading without that ink must be this much surer", "overprint.under_seals")
    seal_lines: int = _t(4, "...a page with more such lines has grain, not a seal", "overprint.under_seals")
    seal_content: float = _t(0.8, "...and hold this share of the first reading's letters and digits",
                             "overprint.under_seals")
    seal_contrast: float = _t(80, "grey levels between paper and text under which no lighter ink is sought",
                              "overprint._without_light_ink")
    seal_light_share: float = _t(0.01, "share of a line's box in lighter ink away from its strokes",
                                 "overprint._without_light_ink")
    tall_piece: float = _t(1.3, "piece this many usual lines tall is read clear of the next line's words",
                           "pieces.clear_of")
    clear_min_height: float = _t(0.7, "...unless that leaves it under this many usual lines", "pieces.clear_of")
    scrawl: float = _t(1.5, "piece of Latin letters this many usual lines tall is a scrawl",
                       "junk.scrawl")
    flat: float = _t(2.5, "\"number\" this many times as wide as tall per digit is a stroke", "strays._flat")
    small_line: float = _t(0.3, "line under this many usual lines is marks, not text",
                           "saraban.SarabanEngine.read_cells, junk.speck_line")
    small_words: float = _t(0.2, "piece whose words are under this many usual lines is specks",
                            "saraban.SarabanEngine.read_cells, junk.sparse")
    small_piece: float = _t(0.2, "piece under this share of its line is not the model's to read",
                            "saraban.SarabanEngine.read_cells")
    inside: float = _t(0.7, "lone digit this much inside the box of the Thai word beside it is its letter",
                       "strays.drop_stray_words")
    cut_off: float = _t(0.5, "...or this much over it, and higher: a mark cut out of its top",
                        "strays.drop_stray_words")
    empty_conf: float = _t(55, "Tesseract's number under this, where the model reads nothing, is a speck",
                           "strays.drop_stray_words")
    speck_px: int = _t(4, "\"digit\" this small each way (px) is a speck", "strays.drop_stray_words")
    faint: float = _t(1 / 15, "\"number\" box narrower than twice this many usual lines is a printed 1's",
                      "strays.no_digits")
    faint_share: float = _t(0.03, "...any other inked on less than this share is a speck", "strays.no_digits")
    light_ink: float = _t(0.3, "ink: darker than paper by this share of the way to the darkest ink",
                          "strays.no_digits")
    unseen_conf: float = _t(90, "Tesseract's digits under this that the model does not see are strokes",
                            "strays.drop_unseen_digits")
    unseen_conf_arabic: float = _t(60, "...under this for Arabic digits alone", "strays.drop_unseen_digits")
    stamp_digits_conf: float = _t(0.6, "model's least sure digit of the value of a skipped stamp line it rescues",
                                  "junk.stamp_line")
    sure_word: float = _t(90, "Tesseract's Thai word kept out of a garbled line", "junk.garbled")
    garbled_conf: float = _t(70, "line of mixed scripts read under this may be a scrawl", "junk.garbled")
    sparse_room: float = _t(0.6, "characters per line height under which a line is scattered marks",
                            "junk.sparse")
    unread_gap: float = _t(0.9, "unread ink this near a piece's end (line heights) is read with it",
                           "pieces.over_unread_ink")
    unread_width: float = _t(0.25, "...where a run of it is this wide (line heights)", "pieces.over_unread_ink")
    unread_pad: float = _t(0.15, "margin (line heights) kept clear around each word's box",
                           "pieces.over_unread_ink")
    unread_keep_off: float = _t(0.3, "distance (line heights) kept from the next piece's glyphs",
                                "pieces.over_unread_ink")
    beside_share: float = _t(0.5, "share of a line's middle half another line's word covers to lie beside it",
                             "pieces.words_beside")
    beside_height: float = _t(1.5, "...that word at most this many of the line's heights", "pieces.words_beside")
    mark_strip_inside: float = _t(0.4, "share of a strip's height inside a line of words for its marks",
                                  "junk.mark_strip")
    mark_strip_height: float = _t(0.6, "...the strip under this share of that line's height",
                                  "junk.mark_strip, strays.tops_of_words_below")
    mark_strip_above: float = _t(0.5, "...or just on top of it, within this share of its own height",
                                 "junk.mark_strip")
    mark_strip_top: float = _t(0.5, "...or of any height under the line's, starting over it and ending "
                                    "in this top share of it (taller marks of an unseen font)", "junk.mark_strip")
    tops_overlap: float = _t(0.5, "share of a digit word over the top of the next line's long word",
                             "strays.tops_of_words_below")
    strip_tall: float = _t(2.2, "column of item numbers: at least this many median lines tall",
                           "pieces.absorb_strips")
    strip_wide: float = _t(4, "...and at most this many median lines wide", "pieces.absorb_strips")
    rule_heights: float = _t(3.0, "ink unbroken this many crop heights across is a rule, painted out",
                             "model.without_rules")
    # ------------------------------------------------ round seals over the text (seals)
    seal_scale: float = _t(0.25, "the page's size for the Hough transform", "seals.seal_rings")
    seal_radius_cm: tuple = _t((1.0, 2.6), "a seal's outer radius on an A4 page, cm", "seals.seal_rings")
    hough_votes: int = _t(60, "Hough accumulator threshold at seal_scale", "seals.seal_rings")
    hough_edges: int = _t(120, "Hough's Canny edge threshold", "seals.seal_rings")
    seal_ink_below: int = _t(160, "grey level under which a pixel is ink for the rings", "seals.seal_rings")
    ring: float = _t(0.9, "share of a circle on ink for it to be a seal's ring (and a ring's width)",
                     "seals.seal_rings, _half_width")
    inner_ring: float = _t(0.7, "...for a concentric circle inside it to be one of its rings", "seals.seal_rings")
    emblem_ink: float = _t(0.2, "disc inked more than this inside the rings is an emblem", "seals.seal_rings")
    emblem_disc: float = _t(0.6, "...that disc's radius, a share of the ring's", "seals.seal_rings")


READING = Reading()


def table_markdown() -> str:
    """The table as models/README.md carries it: name, value, meaning, where it is used."""
    rows = ["| threshold | value | meaning | used in |", "|---|---|---|---|"]
    for f in fields(Reading):
        value = getattr(READING, f.name)
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        meaning = f.metadata["meaning"].replace("|", "\\|")
        rows.append(f"| `{f.name}` | {shown} | {meaning} | `{f.metadata['used']}` |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m ingest.read.thresholds: the table for models/README.md
    print(table_markdown())
