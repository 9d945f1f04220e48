"""The package's shape (docs/architecture.md): stage folders in the order data flows, imports only downwards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "whatsapp_ingest"
# Lower rank = earlier in the flow. A module may import its own stage or any stage of a lower rank.
RANKS = {"shared": 0, "export": 1, "programme": 2, "store": 3, "figures": 4, "report": 5, "top": 6}
SHARED = {"__init__", "errors", "records", "fileio", "forking", "i18n", "locale"}
TOP = {"__main__", "cli", "clihelp", "clipaths", "pipeline", "app"}
STAGES = ("export", "programme", "store", "figures", "report")


def stage_of(module: str) -> str:
    """The stage of a dotted module name under whatsapp_ingest ("whatsapp_ingest.store.db" → "store")."""
    parts = module.split(".")[1:] or ["__init__"]
    if parts[0] in STAGES:
        return parts[0]
    if parts[0] in SHARED or parts[0] == "rules":
        return "shared"
    if parts[0] in TOP:
        return "top"
    # A new top-level module must be placed in the table above (or moved into a stage).
    raise AssertionError(f"whatsapp_ingest.{parts[0]} is in no stage: move it into a stage folder")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(path: Path, module: str) -> set[str]:
    """Every whatsapp_ingest module `path` imports, at the top or inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("whatsapp_ingest"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("whatsapp_ingest"):
                names.add(base)
                names.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules())
    return names


def test_every_stage_folder_has_a_docstring_saying_what_it_owns() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "owns" in doc, f"{stage}/__init__.py needs a docstring saying what the stage owns"


def test_top_level_holds_only_a_few_modules() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= SHARED | TOP, f"modules outside a stage folder: {sorted(top - SHARED - TOP)}"


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_go_only_downwards(module: str) -> None:
    own = RANKS[stage_of(module)]
    upward = sorted(m for m in imports_of(modules()[module], module)
                    if m in modules() or m.rpartition(".")[0] in modules()
                    if RANKS[stage_of(m)] > own)
    assert not upward, f"{module} ({stage_of(module)}) imports a later stage: {upward}"


def test_no_import_cycles_between_modules() -> None:
    found = modules()
    graph = {m: {i for i in imports_of(p, m) if i in found and i != m and not found[i].name == "__init__.py"}
             for m, p in found.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " → ".join(trail[trail.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def test_architecture_page_names_every_stage_folder() -> None:
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for stage in STAGES:
        assert f"whatsapp_ingest/{stage}/" in page, f"docs/architecture.md does not name {stage}/"
