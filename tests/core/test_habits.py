"""Make the wrong call fail (CONVENTIONS.md), checked over the AST of every module of `garrison/`.

(a) Views, API and page modules read rows only through the scoped querysets (`visible_to`,
    `editable_by`, `get_for`, a config's queryset), never `Model.objects.get/filter/values/...`,
    `_default_manager` or `get_object_or_404`.
(b) Who may do what lives in the apps' `permissions.py` (and which scope a page is drawn for in
    `core.scoping`): no comparison of a scope level anywhere else.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import garrison

ROOT = Path(garrison.__file__).parent
PROJECT = ROOT.parent

#: the only chains allowed straight after `Model.objects`: they scope the rows themselves
SCOPED_CHAINS = {"visible_to", "editable_by", "for_action"}
#: a config's queryset methods: the generic views scope what they return
CONFIG_QUERYSETS = {"base_queryset", "queryset"}
#: getters that scope the queryset handed to them as their second argument (core.scoping,
#: core.api): `get_for(user, qs, ...)`, `get_visible(request, qs, ...)`, `get_editable(...)`
SCOPING_GETTERS = {"get_for", "get_visible", "get_editable"}
#: names of a scope level, as written on the other side of a comparison
LEVEL_NAMES = {"NATION", "PROVINCE", "COMMUNE", "LEVELS", "write_levels"}
LEVEL_VALUES = {"nation", "province", "commune"}

#: Violations in files other engineers are rewriting right now, each "path: offending code" and
#: tagged with who removes it; empty it after merging.
ALLOWED: frozenset[str] = frozenset(
    {
        # (empty: every module reads rows through scoped querysets and asks permissions.py)
    }
)


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = path.relative_to(PROJECT).as_posix()
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def is_view_module(name: str) -> bool:
    """views.py / api.py / pages.py / *_pages.py / home.py, or a module of a views/ or api/
    package."""
    path = Path(name)
    return (
        path.name in {"views.py", "api.py", "pages.py", "home.py"}
        or path.name.endswith("_pages.py")
        or bool({"views", "api"} & set(path.parts[1:-1]))
    )


def parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def scoped_elsewhere(tree: ast.Module) -> set[ast.AST]:
    """Nodes whose rows are scoped by the caller: a config's `base_queryset`/`queryset` (the
    generic views scope it) and the queryset handed to a scoping getter (`get_for`, ...)."""
    out: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in CONFIG_QUERYSETS:
            out.update(ast.walk(node))
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in SCOPING_GETTERS and len(node.args) > 1:
                out.update(ast.walk(node.args[1]))
    return out


def direct_queries(tree: ast.Module) -> Iterator[tuple[int, str]]:
    up = parents(tree)
    excused = scoped_elsewhere(tree)
    for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0)):
        if node in excused:
            continue
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            after = up.get(node)
            if isinstance(after, ast.Attribute) and after.attr in SCOPED_CHAINS:
                continue
            chained = f".{after.attr}" if isinstance(after, ast.Attribute) else ""
            yield node.lineno, f"{ast.unparse(node)}{chained}"
        elif isinstance(node, ast.Attribute) and node.attr in {"_default_manager", "_base_manager"}:
            yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in {"get_object_or_404", "get_list_or_404"}:
                yield node.lineno, f"{called}(...)"


def _names(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            out.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.add(sub.value)
    return out


def level_comparisons(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Comparisons of a scope level: `<...scope...>.level <op> x`, or `<anything>.level` against
    a scope level (NATION, "province", write_levels...). A level of another kind (a study level,
    a unit's level) compared with its own values is not a scope check."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for operand in operands:
            if not (isinstance(operand, ast.Attribute) and operand.attr == "level"):
                continue
            owner = ast.unparse(operand.value).lower()
            others = set().union(*(_names(o) for o in operands if o is not operand))
            if "scope" in owner or others & (LEVEL_NAMES | LEVEL_VALUES):
                yield node.lineno, ast.unparse(node)
                break


def is_law_or_permission_module(name: str) -> bool:
    return name.startswith("garrison/core/") or Path(name).name == "permissions.py"


def collect() -> tuple[list[str], set[str]]:
    failures, seen = [], set()
    for name, tree in modules():
        if is_view_module(name):
            for line, text in direct_queries(tree):
                key = f"{name}: {text}"
                seen.add(key)
                if key not in ALLOWED:
                    failures.append(
                        f"{name}:{line}: `{text}` reads rows unscoped; read them through "
                        "Model.objects.visible_to(user) / .editable_by(user), get_for(user, ...) "
                        "or the config's queryset, or move the query into querysets.py"
                    )
        if not is_law_or_permission_module(name):
            for line, text in level_comparisons(tree):
                key = f"{name}: {text}"
                seen.add(key)
                if key not in ALLOWED:
                    failures.append(
                        f"{name}:{line}: `{text}` compares a scope level; ask a "
                        "`can_<action>(user, obj=None)` of the app's permissions.py, or for "
                        "a presentation choice scope.is_nation/is_province/is_commune "
                        "(core.scoping)"
                    )
    return failures, seen


def test_views_read_rows_through_scoped_querysets_and_only_permissions_compare_levels():
    failures, _seen = collect()
    assert not failures, "\n".join(failures)


def test_the_allow_list_names_only_violations_that_still_exist():
    _failures, seen = collect()
    stale = sorted(ALLOWED - seen)
    assert not stale, "remove these fixed entries from ALLOWED:\n" + "\n".join(stale)


TEMPLATE_LEVEL_LOGIC = re.compile(
    r"\{%-?\s*(?:el)?if\b[^%]*\.(?:level|role)\s*(?:==|!=|in\b|not in\b)"
)


def test_templates_take_permissions_as_booleans():
    offenders = [
        f"{path.relative_to(PROJECT).as_posix()}:{number}: {line.strip()[:80]}"
        for path in sorted(ROOT.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TEMPLATE_LEVEL_LOGIC.search(line)
    ]
    assert not offenders, (
        "a template decides by role or scope level; pass a boolean from the app's "
        "permissions.py (or scope.is_nation/is_province/is_commune) instead:\n"
        + "\n".join(offenders)
    )


def test_it_catches_every_kind_of_direct_query_and_level_comparison():
    source = """
a = Person.objects.get(pk=1)
b = Person.objects.values("pk")
c = Person._default_manager.all()
d = get_object_or_404(Person, pk=1)
e = Person.objects.visible_to(user).get(pk=1)
e2 = get_for(user, Person.objects.select_related("commune"), pk=1)
f = scope.level == "commune"
g = request.user.scope.level in (NATION, PROVINCE)
h = query.level != PROVINCE
i = study.level == "master"
class C:
    def base_queryset(cls):
        return Person.objects.select_related("commune")
"""
    tree = ast.parse(source)
    assert [line for line, _ in direct_queries(tree)] == [2, 3, 4, 5]
    assert [line for line, _ in level_comparisons(tree)] == [8, 9, 10]
    assert is_view_module("garrison/reporting/rate_pages.py")
    assert is_view_module("garrison/reporting/api/returns.py")
    assert is_view_module("garrison/cadres/views/overview.py")
    assert not is_view_module("garrison/cadres/services/decisions.py")
    assert TEMPLATE_LEVEL_LOGIC.search('{% if place.scope.level == "nation" %}')
    assert TEMPLATE_LEVEL_LOGIC.search("{% elif user.role in managing %}")
    assert not TEMPLATE_LEVEL_LOGIC.search("{% if picks_province %}")
