"""No possessive quantifiers or atomic groups in the package's regular expressions.

Python 3.11.0-3.11.4 (Debian 12's python3 is 3.11.2) mismatch them in the standard `re` module: the
header pattern once made every message an author-less notice there — everyone 0 %, exit 0, no
warning. The CI also runs the parser's golden tests under such an interpreter when the machine has
one (see .ci/run); this test keeps the construct out on any interpreter.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import whatsapp_ingest

PACKAGE = Path(whatsapp_ingest.__file__).resolve().parent
RULES = PACKAGE.parent / "rules"
# `*+`, `++`, `?+`, `}+` not escaped, or `(?>`: the 3.11 constructs (a literal "+" follows a backslash).
RISKY = re.compile(r"(?<!\\)[*+?}]\+|\(\?>")


def string_constants(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal in a Python file (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_the_scan_finds_the_construct() -> None:
    assert RISKY.search(r"[^\n:]*+") and RISKY.search(r"(?>a|b)") and RISKY.search(r"\d{2}+")
    assert not RISKY.search(r"\d+\+62") and not RISKY.search(r"[\s+]+")


def test_no_possessive_quantifier_or_atomic_group_in_python_sources() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py")) for line, text in string_constants(path) if RISKY.search(text)]
    assert found == []


def test_no_possessive_quantifier_or_atomic_group_in_data_tables() -> None:
    tables = sorted(PACKAGE.rglob("*.toml")) + sorted(RULES.glob("*.toml"))
    assert tables
    found = [f"{path.name}:{number}" for path in tables
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if RISKY.search(line)]
    assert found == []
