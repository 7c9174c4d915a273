"""Check the import contracts of ``pyproject.toml`` (import-linter), counting imports made by name too.

``python tools/lint_imports.py`` is what ``./dev test`` and CI run. It is
import-linter's ``lint-imports`` with one addition: Grimp's graph only holds
``import`` statements, so a module loaded at run time by name —
``importlib.import_module("cirkular_desktop.store.uow")``, ``__import__(…)``
— would slip past every contract. This tool reads each module of the package,
finds those calls and adds them to the graph as ordinary imports before the
contracts are checked:

* a string literal, or a module-level constant holding one, is an import of
  that module (relative names resolved against ``package=``);
* an f-string whose fixed start names a package (``f"cirkular_desktop.cli.{name}"``)
  is an import of every module under that package — the contracts then judge
  the widest thing the call could load;
* any other name the tool cannot work out is itself an error: name the module
  in the open, so the contracts can see it.

Grimp also skips files outside regular packages: the Alembic scripts under
``store/migrations`` (no ``__init__.py``; Alembic loads them by path). They
run inside the store all the same, so the tool adds each such file as a
module of its folder (``cirkular_desktop.store.migrations.versions.0003_…``)
with its ``import`` statements, those inside functions included.

Exit status 0 when every contract is kept, 1 otherwise.
Imports: the standard library, importlinter, grimp.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
from dataclasses import dataclass
from pathlib import Path

# import-linter configures its own graph builder when its cli module loads; ours replaces it after.
from importlinter import cli as _cli
from importlinter.adapters.building import GraphBuilder
from importlinter.application.app_config import settings

LOADERS = {"import_module", "__import__"}   # importlib.import_module / import_module / __import__


@dataclass(frozen=True)
class NamedImport:
    importer: str
    line: int
    text: str
    targets: tuple[str, ...]       # modules the call may load; empty when it cannot be worked out
    expression: str


def _module_files(root: str) -> dict[str, Path]:
    spec = importlib.util.find_spec(root)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"lint_imports: cannot find the package {root!r}")
    base = Path(list(spec.submodule_search_locations)[0])
    found = {}
    for path in sorted(base.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([root, *parts])] = path
    return found


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
        elif (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
              and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            out[node.target.id] = node.value.value
    return out


def _is_loader(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in LOADERS
    return isinstance(func, ast.Attribute) and func.attr in LOADERS


def _resolve(name: str, package: str | None, module: str, is_package: bool) -> str | None:
    if not name.startswith("."):
        return name
    anchor = package if package is not None else (module if is_package else module.rpartition(".")[0])
    try:
        return importlib.util.resolve_name(name, anchor)
    except (ImportError, ValueError):
        return None


def named_imports(module: str, path: Path, all_modules: set[str]) -> list[NamedImport]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    constants = _constants(tree)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _is_loader(node) and node.args):
            continue
        arg = node.args[0]
        package = None
        for keyword in node.keywords:
            if keyword.arg == "package":
                package = (keyword.value.value if isinstance(keyword.value, ast.Constant) else
                           module if is_package else module.rpartition(".")[0])
        if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            package = node.args[1].value
        targets: tuple[str, ...] = ()
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            resolved = _resolve(arg.value, package, module, is_package)
            targets = (resolved,) if resolved else ()
        elif isinstance(arg, ast.Name) and arg.id in constants:
            resolved = _resolve(constants[arg.id], package, module, is_package)
            targets = (resolved,) if resolved else ()
        elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
            prefix = _resolve(str(arg.values[0].value), package, module, is_package) or ""
            if prefix.endswith(".") and prefix.count(".") >= 1:
                targets = tuple(sorted(m for m in all_modules if m.startswith(prefix)))
        text = lines[node.lineno - 1].strip() if node.lineno <= len(lines) else ""
        found.append(NamedImport(module, node.lineno, text, targets, ast.unparse(arg)))
    return found


@dataclass(frozen=True)
class PlainImport:
    importer: str
    line: int
    text: str
    target: str


def plain_imports(module: str, path: Path, all_modules: set[str]) -> list[PlainImport]:
    """The ``import`` statements of a file Grimp does not read (anywhere in it, functions included)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve("." * node.level + (node.module or ""), None, module, is_package)
            if base is None:
                continue
            # ``from package import module`` imports the module; ``from module import name`` the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in all_modules else base
                       for alias in node.names]
        else:
            continue
        text = lines[node.lineno - 1].strip() if node.lineno <= len(lines) else ""
        found.extend(PlainImport(module, node.lineno, text, target) for target in dict.fromkeys(targets))
    return found


def _add_import(graph, root: str, include_external_packages: bool, importer: str, target: str, line: int,
                text: str) -> None:
    if not target.startswith(root + ".") and target != root:
        if not include_external_packages:
            return
        target = target.split(".")[0]   # external packages are squashed to their top
        if target not in graph.modules:
            graph.add_module(target, is_squashed=True)
    graph.add_import(importer=importer, imported=target, line_number=line, line_contents=text)


class NamedImportsGraphBuilder(GraphBuilder):
    """Grimp's graph plus the imports made by name (see the module docstring)."""

    def __init__(self) -> None:
        self.unresolved: list[NamedImport] = []

    def build(self, root_package_names, cache_dir, include_external_packages=False,
              exclude_type_checking_imports=False):
        graph = super().build(root_package_names, cache_dir, include_external_packages,
                              exclude_type_checking_imports)
        for root in root_package_names:
            files = _module_files(root)
            for module, path in files.items():
                if module not in graph.modules:   # outside a regular package: Grimp did not read it
                    graph.add_module(module)
                    for plain in plain_imports(module, path, set(files)):
                        _add_import(graph, root, include_external_packages, module, plain.target, plain.line,
                                    plain.text)
                for found in named_imports(module, path, set(files)):
                    if not found.targets:
                        self.unresolved.append(found)
                    for target in found.targets:
                        _add_import(graph, root, include_external_packages, module, target, found.line,
                                    found.text)
        return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/lint_imports.py", description=__doc__.splitlines()[0])
    parser.add_argument("config", nargs="?", default="pyproject.toml", help="file with the contracts")
    parser.add_argument("--contract", action="append", default=[], help="check only this contract id")
    args = parser.parse_args(argv)
    builder = NamedImportsGraphBuilder()
    settings.configure(GRAPH_BUILDER=builder)
    status = _cli.lint_imports(config_filename=args.config, limit_to_contracts=tuple(args.contract),
                               no_cache=True, no_logo=True)
    for found in builder.unresolved:
        print(f"{found.importer} (l.{found.line}) loads a module whose name cannot be worked out "
              f"({found.expression}); name it in the open so the import contracts can see it")
    return 1 if status or builder.unresolved else 0


if __name__ == "__main__":
    raise SystemExit(main())
