"""The house's floors: no import cycle anywhere, and no lower floor reaching up.

Every import statement of every product module is read with `ast`, at module level and
inside functions alike, so an import hidden in a function to dodge a cycle still counts.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scoring", "rules", "documents", "templates", "sample_tenders", "evaluations",
            "app_pages")
# Entry points stand above everything, wherever Python makes us put them.
ENTRY_POINTS = {"streamlit_app", "scoring.__main__", "documents.__main__"}

# (importer prefix, imported prefix, why it is forbidden)
FORBIDDEN = [
    *[("scoring", upper, "scoring is the library everything stands on")
      for upper in ("rules", "documents", "templates", "sample_tenders", "evaluations",
                    "app_pages")],
    *[("rules", upper, "rules stand on scoring alone")
      for upper in ("documents", "templates", "sample_tenders", "evaluations", "app_pages")],
    *[("documents", upper, "documents are made from a snapshot, not from the store or pages")
      for upper in ("evaluations", "app_pages", "templates")],
    ("templates", "evaluations", "the template is made from the models alone"),
    ("templates", "app_pages", "the template is made from the models alone"),
    ("evaluations", "app_pages", "the store serves the pages, never the reverse"),
    *[(command, query, "commands never import queries or the documents adapter")
      for command in ("evaluations.services",)
      for query in ("evaluations.views", "evaluations.reports")],
    *[("evaluations.views", upper, "queries never call commands or make documents")
      for upper in ("evaluations.services", "evaluations.reports")],
    *[(lower, upper, "what services, views and reports share sits below them")
      for lower in ("evaluations.records", "evaluations.moderation", "evaluations.snapshots",
                    "evaluations.models", "evaluations.store", "evaluations.process",
                    "evaluations.audit", "evaluations.criteria", "evaluations.bids",
                    "evaluations.details", "evaluations.codes")
      for upper in ("evaluations.services", "evaluations.views", "evaluations.reports",
                    "evaluations.cli", "evaluations.demo")],
    *[(journey, other, "each journey's pages stand on the shared widgets, not on each other")
      for journey in ("app_pages.quick", "app_pages.panel", "app_pages.design",
                      "app_pages.shared")
      for other in ("app_pages.quick", "app_pages.panel", "app_pages.design")
      if journey != other],
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {"streamlit_app": ROOT / "streamlit_app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _target(name: str) -> str | None:
    """The product module an import names (its longest known prefix), or None if outside."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _imports(module: str, path: Path) -> set[str]:
    """Every product module this one imports, wherever in the file the import stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                     for alias in node.names]
        else:
            continue
        found |= {target for name in names if (target := _target(name)) and target != module}
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_import_reader_sees_imports_inside_functions():
    assert "evaluations.cli" in GRAPH["scoring.__main__"]
    assert "templates.bid_workbook" in GRAPH["scoring.__main__"]


def test_no_import_cycle_anywhere():
    try:
        graphlib.TopologicalSorter(GRAPH).prepare()
    except graphlib.CycleError as error:
        pytest.fail("an import cycle: " + " -> ".join(error.args[1]))


@pytest.mark.parametrize(("lower", "upper", "why"), FORBIDDEN,
                         ids=[f"{lower}-not-{upper}" for lower, upper, _ in FORBIDDEN])
def test_no_floor_reaches_up(lower, upper, why):
    reaching_up = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _within(module, lower) and module not in ENTRY_POINTS
        for target in targets if _within(target, upper))
    assert not reaching_up, f"{why}: " + "; ".join(reaching_up)


def test_every_package_says_what_it_is_for_and_what_it_may_import():
    docstrings = {module: ast.get_docstring(ast.parse(path.read_text())) or ""
                  for module, path in MODULES.items() if path.name == "__init__.py"}
    undocumented = [module for module, doc in docstrings.items() if "import" not in doc.lower()]
    assert not undocumented, f"packages whose docstring says nothing of their imports: " \
                             f"{undocumented}"


def test_no_folder_of_pages_is_crowded():
    for folder in [ROOT / "app_pages", *(ROOT / "app_pages").iterdir()]:
        if folder.is_dir():
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            assert len(modules) <= 12, f"{folder.name} holds {len(modules)} modules"
