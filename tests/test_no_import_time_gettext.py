"""A message translated when its module is imported is frozen in the language of the first
request (or of the worker's start): every user then reads it in that language. Module-level
and class-level texts use ``gettext_lazy``; ``gettext`` runs only inside functions.
(Management commands' ``help`` is read once per process, in the site's language: allowed.)"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "coso"
EAGER = {"gettext", "ngettext", "pgettext"}


def _eager_names(tree):
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def _calls_outside_functions(node, names):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
            yield child.lineno
        yield from _calls_outside_functions(child, names)


def test_no_message_is_translated_at_import_time():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or "commands" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _eager_names(tree)
        found += [f"{path.relative_to(ROOT.parent)}:{line}" for line in _calls_outside_functions(tree, names)]
    assert found == [], "gettext at import time (use gettext_lazy): " + ", ".join(found)
