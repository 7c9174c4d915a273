"""The app's own bilingual material category tree (``resources/materials.json``).

The EU List of Waste is organised by the activity a waste comes from, so the
same material sits under many codes (wood under 03 01, 15 01 03, 17 02 01,
20 01 38 …). Streams and needs are therefore also filed in this tree, which
people recognise, and matchmaking compares categories with ``related``. Each
node names typical waste codes as a hint for the coding helper; the code list
itself stays the authority on which codes exist.

Codes are hierarchical ("wood", "wood.untreated"): a child's code always
starts with its parent's code and a dot, so a stored code still says its top
category even when a later tree no longer has it.

The tree is read lazily on first use; importing this module touches no file.
Imports: resources, core.text, standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cirkular_desktop import resources
from cirkular_desktop.core.text import fold, pick

RESOURCE = "materials.json"
SEPARATOR = " › "

VERSION: int  # version of the tree in materials.json; read lazily by __getattr__ below


@dataclass(frozen=True)
class Material:
    """One node of the tree; read-only, shared by every caller."""

    code: str
    parent: str | None
    names: Mapping[str, str]
    hints: Mapping[str, str]
    waste_codes: tuple[str, ...]
    children: tuple[str, ...]

    # The mappings make the generated hash fail; a code identifies a node.
    def __hash__(self) -> int:
        return hash(self.code)

    def name(self, lang: str | None = None) -> str:
        return pick(self.names, lang)

    def hint(self, lang: str | None = None) -> str:
        return pick(self.hints, lang) if self.hints else ""

    def path_name(self, lang: str | None = None) -> str:
        """"Wood › Untreated wood"; a top-level category is just its name."""
        return SEPARATOR.join(node.name(lang) for node in _lineage(self))

    @property
    def top(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def is_top(self) -> bool:
        return self.parent is None


@dataclass(frozen=True)
class _Tree:
    version: int
    by_code: Mapping[str, Material]
    ordered: tuple[Material, ...]   # depth-first, file order
    tops: tuple[Material, ...]


def _build(data: Mapping[str, Any]) -> _Tree:
    by_code: dict[str, Material] = {}
    ordered: list[Material | None] = []   # a parent's place is taken before its children are built
    seen: set[str] = set()

    def visit(node: Mapping[str, Any], parent: str | None) -> str:
        code = str(node["code"])
        if code in seen:
            raise ValueError(f"materials.json: duplicate code {code!r}")
        if parent is not None and not code.startswith(parent + "."):
            raise ValueError(f"materials.json: {code!r} does not start with its parent's code {parent!r}")
        # Reserve the place first so depth-first order puts a parent before its children.
        index = len(ordered)
        ordered.append(None)
        seen.add(code)
        kids = tuple(visit(child, code) for child in node.get("children", ()))
        material = Material(
            code=code,
            parent=parent,
            names=dict(node["names"]),
            hints=dict(node.get("hint") or {}),
            waste_codes=tuple(node.get("waste_codes", ())),
            children=kids,
        )
        ordered[index] = material
        by_code[code] = material
        return code

    top_codes = [visit(node, None) for node in data["categories"]]
    return _Tree(
        version=int(data["version"]),
        by_code=by_code,
        ordered=tuple(m for m in ordered if m is not None),
        tops=tuple(by_code[c] for c in top_codes),
    )


@lru_cache(maxsize=1)
def _tree() -> _Tree:
    return _build(resources.load_json(RESOURCE))


def __getattr__(name: str) -> Any:
    # VERSION comes from the file so the two cannot drift apart, without a read at import.
    if name == "VERSION":
        return _tree().version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _lineage(material: Material) -> list[Material]:
    chain = [material]
    by_code = _tree().by_code
    while chain[-1].parent is not None:
        chain.append(by_code[chain[-1].parent])
    chain.reverse()
    return chain


def get(code: str | None) -> Material | None:
    if not code or not isinstance(code, str):
        return None
    return _tree().by_code.get(code.strip().lower())


def top_level() -> tuple[Material, ...]:
    """Top-level categories in file order."""
    return _tree().tops


def children(code: str) -> tuple[Material, ...]:
    material = get(code)
    if material is None:
        return ()
    by_code = _tree().by_code
    return tuple(by_code[c] for c in material.children)


def all_materials() -> tuple[Material, ...]:
    """Every node, depth-first in file order (a parent just before its children)."""
    return _tree().ordered


def search(text: str, lang: str | None = None) -> list[Material]:
    """Nodes whose path name in ``lang`` contains every word of ``text``, in tree order.

    Matching the whole path means "wood" finds every kind of wood and
    "wood painted" narrows to the one node. Empty text finds everything, as a
    filter-as-you-type list expects. Codes match too, for people who know them.
    """
    words = fold(text or "").split()
    if not words:
        return list(all_materials())
    found = []
    for material in all_materials():
        haystack = fold(material.path_name(lang)) + " " + material.code
        if all(word in haystack for word in words):
            found.append(material)
    return found


def related(a: str | None, b: str | None) -> int:
    """How close two category codes are: 2 same, 1 same top category, 0 otherwise.

    Works on the codes themselves (a child's code starts with its parent's),
    so codes from an older or newer tree still compare sensibly.
    """
    if not a or not b:
        return 0
    a, b = a.strip().lower(), b.strip().lower()
    if a == b:
        return 2
    if a.split(".", 1)[0] == b.split(".", 1)[0]:
        return 1
    return 0
