"""Probes that keep the rules in one place: they walk the code, not the running site."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SIANG = Path(__file__).resolve().parents[2] / "siang"
POLICY = SIANG / "policy"

# A helper that decides "who may" by itself: what the policy module replaced in every app
DECIDING = re.compile(r"^_?(require_|can_|may_|is_pacc|is_admin|has_role)")


def _modules(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*.py")) if "migrations" not in p.parts]


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def deciding_helpers(folder: Path) -> list[str]:
    """`def _require_pacc`, `_is_admin_of`, `can_review`, … anywhere outside siang/policy."""
    return [
        f"{path.relative_to(folder.parent)}:{function.lineno} {function.name}"
        for path in _modules(folder)
        if POLICY not in path.parents
        for function in _functions(ast.parse(path.read_text()))
        if DECIDING.match(function.name)
    ]


def test_no_app_decides_who_may_act_by_itself():
    assert deciding_helpers(SIANG) == []


def test_the_walk_finds_a_new_helper(tmp_path):
    app = tmp_path / "siang" / "newapp"
    app.mkdir(parents=True)
    (app / "services.py").write_text(
        "def _require_dla(actor):\n    pass\n\ndef _is_admin_of(actor, unit):\n    pass\n"
    )
    assert deciding_helpers(tmp_path / "siang") == [
        "siang/newapp/services.py:1 _require_dla",
        "siang/newapp/services.py:4 _is_admin_of",
    ]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_policy_imports_only_models_and_itself():
    imported = {name for path in _modules(POLICY) for name in _imports(path) if name.startswith("siang.")}
    others = {name for name in imported if not name.startswith("siang.policy")}
    assert others, "the policy judges objects of the apps"
    assert {name for name in others if not name.endswith(".models")} == set()


def _decorators(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [ast.unparse(d) for d in function.decorator_list]


def _takes_actor(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(arg.arg == "actor" for arg in (*function.args.args, *function.args.kwonlyargs))


def test_every_service_records_its_refusals():
    """A refusal inside a transaction would roll back with it: the audit is written around it. Every
    service an actor calls that opens a transaction or asks the policy is wrapped so."""
    unaudited = [
        f"{path.relative_to(SIANG)}:{function.name}"
        for path in _modules(SIANG)
        if path.name == "services.py"
        for function in ast.parse(path.read_text()).body
        if isinstance(function, ast.FunctionDef)
        and not function.name.startswith("_")
        and _takes_actor(function)
        and ("transaction.atomic" in _decorators(function) or "require(" in ast.unparse(function))
        and "audit_refusals" not in _decorators(function)
    ]
    assert unaudited == []


def test_every_action_a_service_requires_has_a_message_for_the_person():
    from siang.policy import actions
    from siang.policy.rules import REFUSALS

    required = {
        node.args[1].attr
        for path in _modules(SIANG)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "require"
        and isinstance(node.args[1], ast.Attribute)
    }
    assert required, "the services ask the policy"
    assert {name for name in required if getattr(actions, name) not in REFUSALS} == set()
