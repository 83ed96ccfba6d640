"""The shape of the source tree: no import cycle, no private name taken from another module,
each piece of Thai knowledge written once (in ingest/thai/), and every doctest passing.

Read from the source with ``ast`` (nothing is imported but for the doctests), so a cycle
hidden inside a function counts like one at the top of a module.
"""
from __future__ import annotations

import ast
import doctest
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ingest"
THAI = PACKAGE / "thai"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The module a ``from … import`` names, its dots resolved against ``module``."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[:len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _owner(name: str) -> str | None:
    """The ingest module that ``name`` (a module, or a name in one) is defined in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _imports(module: str, path: Path) -> tuple[set[str], list[str]]:
    """The ingest modules ``module`` imports (anywhere in it, parent packages not counted)
    and the private names it takes from other modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    targets, private, aliases = set(), [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                targets.add(a.name)
                aliases[a.asname or a.name.partition(".")[0]] = a.asname and a.name or a.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, path, node)
            for a in node.names:
                full = f"{base}.{a.name}"
                if full in MODULES:          # a submodule
                    targets.add(full)
                    aliases[a.asname or a.name] = full
                else:
                    targets.add(base)
                    if _private(a.name) and _owner(base) not in (None, module):
                        private.append(f"{module}:{node.lineno} from {base} import {a.name}")
    for node in ast.walk(tree):             # x._name where x is an ingest module
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, inner = [], node.value
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in aliases:
                owner = _owner(".".join([aliases[inner.id], *reversed(chain)]))
                if owner not in (None, module):
                    private.append(f"{module}:{node.lineno} {owner}.{node.attr}")
    return {o for o in map(_owner, targets) if o and o != module}, private


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def _cycle() -> list[str] | None:
    """One import cycle among ingest modules, or None."""
    state: dict[str, int] = {}     # 1 on the path being walked, 2 done
    path: list[str] = []

    def walk(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(GRAPH[m][0]):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (found := walk(n)):
                return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(GRAPH):
        if m not in state and (found := walk(m)):
            return found
    return None


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    imports, _ = GRAPH["ingest.cli.web"]          # imports .app inside serve()
    assert "ingest.web.app" in imports
    assert "ingest.extract.letter" in GRAPH["ingest.extract"][0]   # inside extract_bundle()


def test_no_import_cycle_among_ingest_modules():
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


FRESH_IMPORTS = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for m in [m for m in sys.modules if m == "ingest" or m.startswith("ingest.")]:
        del sys.modules[m]
    try:
        importlib.import_module(name)
    except ImportError as e:
        failed.append(f"{name}: {e}")
print("\\n".join(failed))
"""


def test_every_module_imports_first_of_all():
    """Each module imported before any other of ours (what a script or a worker does first):
    an import cycle through a package's ``__init__``, which the graph above leaves out, fails here."""
    import subprocess
    import sys

    names = sorted(m for m in MODULES if not m.endswith("__main__"))
    out = subprocess.run([sys.executable, "-c", FRESH_IMPORTS, *names], capture_output=True, text=True,
                         cwd=PACKAGE.parent, env={**__import__("os").environ, "PYTHAINLP_OFFLINE": "1"},
                         timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_no_module_takes_a_private_name_of_another():
    taken = [p for _, (_, private) in sorted(GRAPH.items()) for p in private]
    assert taken == []


# -- imports inside functions -------------------------------------------------------------
# A function imports late only what is slow to load: a library of this table, or an ingest
# module that loads one when it is imported (``saraban --help`` and ``import ingest`` stay
# fast). Everything else is imported at the top of its module. Each library's time to
# import, in ms, measured on the development machine (``python -c "import X"`` less an empty
# start, cross-checked with ``python -X importtime``).
HEAVY = {
    "cv2": 215, "numpy": 290, "PIL": 20, "pytesseract": 20, "tesserocr": 200, "onnxruntime": 360,
    "pythainlp": 115, "pypdfium2": 110, "sqlite_utils": 450, "openpyxl": 420, "rich": 60,
    "flask": 200, "werkzeug": 200, "celery": 140, "kombu": 145, "redis": 330, "gunicorn": 50,
    "psycopg": 230,
}
# The command line imports the library inside the command that uses it: ``saraban --help``
# then loads click and the commands' definitions only (~40 ms; ~180 ms with the library's
# modules imported at the top, bytecode cached).
LATE_FOR_STARTUP = "ingest.cli"
# The modules held to the rule (``pkg.*``: the package and its modules): the whole tree.
LATE_IMPORTS_CHECKED = ("ingest.*",)


def _checked(module: str) -> bool:
    return module in LATE_IMPORTS_CHECKED or any(
        c.endswith(".*") and (module == c[:-2] or module.startswith(c[:-1])) for c in LATE_IMPORTS_CHECKED)


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement loads (a name taken from an ingest package that is a
    submodule counts as that submodule)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = _base(module, path, node)
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _split_imports(module: str, path: Path) -> tuple[list[str], list[tuple[int, str]]]:
    """The modules ``module`` imports at its top level (``if``/``try`` blocks and class
    bodies count), and (line, module) of each import inside a function."""
    top, late = [], []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                names = _imported(module, path, child)
                if in_function:
                    late.extend((child.lineno, n) for n in names)
                else:
                    top.extend(names)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return top, late


SPLIT = {m: _split_imports(m, p) for m, p in MODULES.items()}


def _parents(module: str) -> list[str]:
    """The packages Python imports before ``module`` (``ingest.read`` for ``ingest.read.model``)."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _heavy_modules() -> set[str]:
    """The ingest modules whose import loads a library of HEAVY, itself or through what its
    packages and it import at their top level (grown to a fixed point over the import graph)."""
    def direct(m):
        return [n for k in (*_parents(m), m) if k in SPLIT for n in SPLIT[k][0]]
    heavy = {m for m in SPLIT if any(_owner(n) is None and n.partition(".")[0] in HEAVY for n in direct(m))}
    grew = True
    while grew:
        more = {m for m in SPLIT if m not in heavy and any(_owner(n) in heavy for n in direct(m))}
        heavy |= more
        grew = bool(more)
    return heavy


HEAVY_MODULES = _heavy_modules()


def _loads_heavy(name: str) -> bool:
    """Whether importing ``name`` loads a library of HEAVY, itself or through an ingest module."""
    owner = _owner(name)
    return name.partition(".")[0] in HEAVY if owner is None else owner in HEAVY_MODULES


def _startup(module: str, name: str) -> bool:
    """A command of the command line importing the library (not another part of the CLI)."""
    def inside(m):
        return m == LATE_FOR_STARTUP or m.startswith(LATE_FOR_STARTUP + ".")
    return inside(module) and (_owner(name) or "").startswith("ingest.") and not inside(_owner(name))


def test_the_heavy_check_sees_through_modules():
    assert _loads_heavy("cv2") and _loads_heavy("PIL.Image") and not _loads_heavy("json")
    assert _loads_heavy("ingest.registry.store")        # sqlite_utils at its top
    assert _loads_heavy("ingest.registry.corrections")  # links.link -> registry.migrations -> sqlite_utils
    assert not _loads_heavy("ingest.errors") and not _loads_heavy("ingest.thai.keys")


def test_functions_import_late_only_what_is_slow_to_load():
    light = sorted({f"{m}:{line} imports {n}" for m, (_, late) in SPLIT.items() if _checked(m)
                    for line, n in late if not _loads_heavy(n) and not _startup(m, n)})
    assert light == [], "import these at the top of the module:\n" + "\n".join(light)


# -- Thai knowledge written once ----------------------------------------------------------

def _outside_thai(*suffixes: str) -> list[Path]:
    return [p for s in suffixes for p in sorted(PACKAGE.rglob(f"*{s}")) if THAI not in p.parents]


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, with the line each is on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _grep(pattern: str, *suffixes: str) -> list[str]:
    found = []
    for path in _outside_thai(*suffixes):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    return found


def test_the_buddhist_era_offset_is_written_once():
    assert _grep(r"(?<![\d.])54[34](?![\d.])", ".py", ".html") == []


def test_month_names_are_written_once():
    from ingest.thai.months import MONTHS, MONTHS_SHORT

    # a table: three months in a row with nothing but separators between (a date in a
    # docstring names one)
    table = re.compile("|".join(r"[\s\"',|]*".join(map(re.escape, names[i:i + 3]))
                                for names in (MONTHS, MONTHS_SHORT) for i in range(10)))
    tables = []
    for path in _outside_thai(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                text = " ".join(e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if table.search(text):
                tables.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert tables == []


def test_our_month_names_are_pythainlps():
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    from ingest.thai.months import MONTHS, MONTHS_SHORT

    assert list(MONTHS) == thai_full_months and list(MONTHS_SHORT) == thai_abbr_months


def test_our_digit_folding_is_pythainlps():
    from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit

    from ingest.thai.digits import arabic_digits, thai_digits

    text = "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑ ลงวันที่ 12 ก.ค. 2567 ๑๒๓๔๕๖๗๘๙๐ 1234567890"
    assert arabic_digits(text) == thai_digit_to_arabic_digit(text)
    assert thai_digits(text) == arabic_digit_to_thai_digit(text)


def test_the_digit_table_is_written_once():
    assert _grep("๐๑๒๓๔๕๖๗๘๙|0123456789\"", ".py") == []


def test_the_reference_number_pattern_is_written_once():
    # an optional ว after the slash (``/ว ๕๒๒๑``) is what only a reference number has
    assert _grep(r"\(\?:ว(?:\\s| \?)|/\\s\*ว\?", ".py") == []


def test_the_stamp_label_pattern_is_written_once():
    assert _grep(r"เลขรับ\||\|เลขที่รับ|เลข\.\{0,2\}ับ|เลข\|วันที", ".py") == []


def test_the_look_alike_tables_are_written_once():
    from ingest.thai.digits import CONSONANT_LOOKALIKES, LATIN_FOR_DIGIT_IN_YEAR

    latin = set(LATIN_FOR_DIGIT_IN_YEAR)
    found = []
    for path in _outside_thai(".py"):
        for line, text in _strings(path):
            letters = re.sub(r"[^A-Za-z]", "", text)
            if len(letters) >= 8 and set(letters) <= latin or text in CONSONANT_LOOKALIKES:
                found.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert found == []


def test_the_variants_keep_their_meanings():
    """The stamp-label and look-alike variants differ where their users did, no more."""
    from ingest.thai import digits, patterns

    assert set(digits.LATIN_FOR_DIGIT_IN_YEAR.items()) - set(digits.LATIN_FOR_DIGIT.items()) == {("s", "5")}
    assert patterns.STAMP_LABEL.match("เลขทะเบียนรับ ๑๒") and not patterns.STAMP_LABEL_READ.match("เลขทะเบียนรับ ๑๒")
    assert patterns.STAMP_LABEL_READ.match("|เวลา ๑๐.๓๐ น.") and not patterns.STAMP_LABEL.match("|เวลา ๑๐.๓๐ น.")
    assert patterns.STAMP_NUMBER.match("เลขรับ ๑๒๓").group("n") == "๑๒๓"
    assert patterns.STAMP_NUMBER_MISREAD.search("เลขรวับ ๑๒") and not patterns.STAMP_LABEL.match("เลขรวับ ๑๒")
    assert patterns.DOC_NO_CITED.fullmatch("150/2563") and not patterns.DOC_NO_CITED.fullmatch("150/2663")


# -- doctests -----------------------------------------------------------------------------

def _has_doctest(path: Path) -> bool:
    return ">>> " in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [m for m, p in MODULES.items() if _has_doctest(p)])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
