"""The reading's thresholds live in one table (ingest/read/thresholds.py), and models/README.md
lists every one of them with where it is used: checked here, so the list cannot go stale."""
import re
from dataclasses import fields

from support import ROOT

from ingest.read.thresholds import READING, Reading, table_markdown

START = "<!-- thresholds: begin (ingest.read.thresholds.table_markdown; tests/test_thresholds.py) -->"
END = "<!-- thresholds: end -->"


def test_models_readme_carries_the_table_as_it_is():
    readme = (ROOT / "models" / "README.md").read_text("utf-8")
    assert START in readme and END in readme, "models/README.md lacks the thresholds table's markers"
    shown = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == table_markdown(), "models/README.md's thresholds table is stale: paste the output of python -m ingest.read.thresholds"


def test_every_threshold_is_read_where_the_table_says():
    for f in fields(Reading):
        for place in f.metadata["used"].split(", "):
            module = place.split(".")[0] if "." in place else None
            if module:
                last = module
            source = (ROOT / "ingest" / "read" / f"{last}.py").read_text("utf-8")
            assert re.search(rf"\bT\.{f.name}\b", source), f"{f.name} is not read in ingest/read/{last}.py"
        assert f.metadata["meaning"] and getattr(READING, f.name) is not None


def test_the_reading_modules_keep_no_threshold_of_their_own():
    # the constants that lived in the modules before the table: none comes back
    old = re.compile(r"^(?:[A-Z_]*_CONF|UNSURE_TESS|ROUND_ZERO|LEXICON_MARGIN|SEAL_[A-Z]+|RING|INNER_RING|"
                     r"EMBLEM_INK|HOUGH_VOTES|SMALL_[A-Z]+|FAINT[A-Z_]*|UNREAD_[A-Z]+|RULE_HEIGHTS|SCRAWL|FLAT|"
                     r"INSIDE|SPECK_PX|LIGHT_INK|SURE_WORD|TALL_PIECE|INK_CONTRAST) = ", re.M)
    for name in ("combine", "decide", "keys", "latin", "letters", "junk", "model", "saraban", "pieces", "strays",
                 "overprint", "seals"):
        source = (ROOT / "ingest" / "read" / f"{name}.py").read_text("utf-8")
        assert not old.findall(source), f"ingest/read/{name}.py: {old.findall(source)}"
