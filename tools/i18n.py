#!/usr/bin/env python3
"""Manage Cirkulär's gettext catalogs: extract, update, compile, check, pseudo, todo, fill.

English is the source language; ``translations/cirkular.pot`` is the template
extracted from ``src/``, and ``translations/sv.po`` and ``translations/nb.po``
hold the Swedish and Norwegian Bokmål translations (see docs/translations.md).

    .venv/bin/python tools/i18n.py extract        # src/ -> translations/cirkular.pot
    .venv/bin/python tools/i18n.py update         # .pot -> sv.po, nb.po (new strings empty, changed ones fuzzy)
    .venv/bin/python tools/i18n.py todo sv        # untranslated/fuzzy entries of sv.po as JSON
    .venv/bin/python tools/i18n.py fill sv F.json # write translations from a JSON file into sv.po
    .venv/bin/python tools/i18n.py check          # what CI checks; exit 1 on any problem
    .venv/bin/python tools/i18n.py compile [-d DIR]   # .po -> DIR/<lang>/LC_MESSAGES/cirkular.mo
    .venv/bin/python tools/i18n.py pseudo "Text"  # show the pseudo-locale form of a text
    .venv/bin/python tools/i18n.py pseudo --run .venv/bin/cirkular-desktop --screenshots shots/

The checking functions are imported by ``tests/test_catalogs.py``, so the
command and CI agree. Imports: standard library and babel only (plus the
package's ``i18n`` module for the pseudo-locale).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "cirkular.pot"
LANGUAGES = ("sv", "nb")
# Keywords that mark a translatable string. QT_TRANSLATE_NOOP marks Qt's own
# dialog strings (context, source) that gui/qt_i18n.py answers from our catalogs.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "QT_TRANSLATE_NOOP": ((1, "c"), 2),
}
HEADER = {
    "project": "Cirkulär",
    "copyright_holder": "Cirkulärt samarbete över gränsen",
    "msgid_bugs_address": "",
}

BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}(?!\})")
PERCENT_NAMED = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
PERCENT_POSITIONAL = re.compile(r"(?<!%)%(?!\()[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
QT_ARG = re.compile(r"%(\d+|n)")


# --- Extraction --------------------------------------------------------------------------------

def extract_catalog() -> Catalog:
    """Extract every marked string from src/ into a fresh template catalog."""
    catalog = Catalog(**HEADER, fuzzy=False)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT / "src"), method_map=method_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    # Babel's tokenizer does not look inside f-strings (Python < 3.12), so a call such as
    # f"<th>{_('Version')}</th>" would silently stay untranslated: the syntax tree sees it.
    for filename, lineno, message, context in ast_messages(ROOT / "src"):
        if catalog.get(message if isinstance(message, str) else message[0], context) is None:
            catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


def ast_messages(root: Path):
    """Every marked string literal in the Python files under ``root``, found through the syntax tree."""
    import ast

    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            if name not in KEYWORDS:
                continue
            spec = KEYWORDS[name] or (1,)
            literals = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                        for a in node.args]
            context = None
            texts = []
            for part in spec:
                index, is_context = (part[0], True) if isinstance(part, tuple) else (part, False)
                value = literals[index - 1] if index - 1 < len(literals) else None
                if is_context:
                    context = value
                else:
                    texts.append(value)
            if not texts or any(t is None for t in texts) or (isinstance(spec[0], tuple) and context is None):
                continue
            message = texts[0] if len(texts) == 1 else tuple(texts)
            yield str(path.relative_to(root)), node.lineno, message, context


def _write_catalog(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    pofile.write_po(buffer, catalog, width=100, no_location=True, sort_output=True,
                    omit_header=False, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return pofile.read_po(handle, locale=locale)


def extract() -> Catalog:
    catalog = extract_catalog()
    if POT.exists():
        old = read_catalog(POT)
        same = {(m.context, m.id) for m in old if m.id} == {(m.context, m.id) for m in catalog if m.id}
        if same:
            return catalog  # nothing new: keep the file (and its creation date) as it is
    _write_catalog(POT, catalog)
    return catalog


def update(languages: tuple[str, ...] = LANGUAGES) -> None:
    template = read_catalog(POT)
    for lang in languages:
        path = TRANSLATIONS / f"{lang}.po"
        catalog = read_catalog(path, locale=lang) if path.exists() else Catalog(locale=lang, **HEADER)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        catalog.obsolete.clear()
        _write_catalog(path, catalog)


def compile_catalogs(out_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    written = []
    for lang in languages:
        catalog = read_catalog(TRANSLATIONS / f"{lang}.po", locale=lang)
        target = out_dir / lang / "LC_MESSAGES" / "cirkular.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        mofile.write_mo(buffer, catalog, use_fuzzy=False)
        target.write_bytes(buffer.getvalue())
        written.append(target)
    return written


# --- Checks ------------------------------------------------------------------------------------

def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def _strs(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def placeholders(text: str, qt: bool = False) -> tuple[frozenset, int, frozenset]:
    """The named ``{x}`` and ``%(x)s`` placeholders, the count of ``%s``-style ones, Qt's ``%1``/``%n``."""
    named = set(BRACE.findall(text)) | {f"%({n})" for n in PERCENT_NAMED.findall(text)}
    positional = len(PERCENT_POSITIONAL.findall(text.replace("%%", "")))
    qt_args = frozenset(QT_ARG.findall(text)) if qt else frozenset()
    return frozenset(named), positional, qt_args


def _well_formed(text: str) -> bool:
    import string

    try:
        list(string.Formatter().parse(text))
    except ValueError:
        return False
    return True


def message_problems(message) -> list[str]:
    """What is wrong with one translated entry: empty, fuzzy, placeholders that differ."""
    problems: list[str] = []
    sources, translations = _ids(message), _strs(message)
    if not any(translations) or any(not t for t in translations):
        return ["untranslated"]
    if message.fuzzy:
        problems.append("fuzzy")
    qt = bool(message.context and message.context.startswith("Q"))
    for index, translated in enumerate(translations):
        source = sources[min(index, len(sources) - 1)]
        want, got = placeholders(source, qt), placeholders(translated, qt)
        if want != got:
            if len(sources) > 1 and index == 0 and got[0] <= want[0] and got[1:] == want[1:]:
                continue  # a singular form may spell out "one" instead of {count}
            problems.append(f"placeholders differ in form {index}: {sorted(want[0])} {want[1]} "
                            f"{sorted(want[2])} vs {sorted(got[0])} {got[1]} {sorted(got[2])}")
        if BRACE.search(source) and not _well_formed(translated):
            problems.append(f"broken braces in form {index}")
        if source.endswith("\n") != translated.endswith("\n"):
            problems.append(f"trailing newline differs in form {index}")
    return problems


@dataclass
class Report:
    """The result of checking the catalogs: one list of problems per catalog."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.problems.values())

    def text(self) -> str:
        lines = []
        for name, found in self.problems.items():
            counts = self.counts.get(name, {})
            lines.append(f"{name}: {len(found)} problem(s) " + json.dumps(counts, sort_keys=True))
            lines.extend(f"  {p}" for p in found[:200])
        return "\n".join(lines)


def _key(message) -> tuple[str | None, str]:
    return (message.context, _ids(message)[0])


def check(languages: tuple[str, ...] = LANGUAGES, source: Catalog | None = None) -> Report:
    """Everything CI insists on: the template matches src/, and each catalog is complete and sound."""
    report = Report()
    source = source or extract_catalog()
    wanted = {_key(m) for m in source if m.id}
    template = read_catalog(POT)
    in_template = {_key(m) for m in template if m.id}
    report.problems["cirkular.pot"] = (
        [f"missing from the template (run extract): {k[1]!r}" + (f" [{k[0]}]" if k[0] else "")
         for k in sorted(wanted - in_template, key=str)]
        + [f"no longer in the source (run extract): {k[1]!r}" for k in sorted(in_template - wanted, key=str)])
    for lang in languages:
        catalog = read_catalog(TRANSLATIONS / f"{lang}.po", locale=lang)
        found: list[str] = []
        counts = {"entries": 0, "untranslated": 0, "fuzzy": 0, "placeholders": 0}
        present = set()
        for message in catalog:
            if not message.id:
                continue
            present.add(_key(message))
            counts["entries"] += 1
            for problem in message_problems(message):
                kind = problem.split()[0]
                counts["untranslated" if kind == "untranslated" else "fuzzy" if kind == "fuzzy"
                       else "placeholders"] += 1
                found.append(f"{problem}: {_ids(message)[0]!r}"
                             + (f" [{message.context}]" if message.context else ""))
        for key in sorted(wanted - present, key=str):
            found.append(f"missing (run update): {key[1]!r}")
            counts["untranslated"] += 1
        if catalog.plural_forms != "nplurals=2; plural=(n != 1);":
            found.append(f"unexpected plural forms {catalog.plural_forms!r}")
        report.problems[f"{lang}.po"] = found
        report.counts[f"{lang}.po"] = counts
    return report


# --- Translator workflow: todo / fill ----------------------------------------------------------

def todo(lang: str) -> list[dict]:
    catalog = read_catalog(TRANSLATIONS / f"{lang}.po", locale=lang)
    entries = []
    for message in catalog:
        if message.id and message_problems(message):
            entries.append({"context": message.context, "id": list(_ids(message)),
                            "current": list(_strs(message)), "problems": message_problems(message)})
    return entries


def fill(lang: str, translations: dict | list) -> int:
    """Write translations into ``<lang>.po``; keys are msgids (or "context\\x04msgid")."""
    path = TRANSLATIONS / f"{lang}.po"
    catalog = read_catalog(path, locale=lang)
    if isinstance(translations, list):
        translations = {(e.get("context") or "") + ("\x04" if e.get("context") else "") + e["id"][0]: e["string"]
                        for e in translations}
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        key = _ids(message)[0] if not message.context else f"{message.context}\x04{_ids(message)[0]}"
        if key not in translations:
            continue
        value = translations[key]
        if isinstance(message.id, (list, tuple)):
            value = tuple(value) if isinstance(value, (list, tuple)) else (value, value)
        elif isinstance(value, (list, tuple)):
            value = value[0]
        message.string = value
        message.flags.discard("fuzzy")
        changed += 1
    _write_catalog(path, catalog)
    return changed


# --- Command line ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/i18n.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="extract marked strings from src/ into translations/cirkular.pot")
    p_update = sub.add_parser("update", help="merge the template into the sv and nb catalogs")
    p_update.add_argument("--no-extract", action="store_true", help="use the .pot as it is")
    p_compile = sub.add_parser("compile", help="compile .po to .mo")
    p_compile.add_argument("-d", "--directory", type=Path, default=ROOT / "build" / "locale")
    sub.add_parser("check", help="fail on untranslated, fuzzy or placeholder-mismatched entries")
    p_todo = sub.add_parser("todo", help="print the entries of a catalog that need work, as JSON")
    p_todo.add_argument("lang", choices=LANGUAGES)
    p_fill = sub.add_parser("fill", help="write translations from a JSON object {msgid: msgstr}")
    p_fill.add_argument("lang", choices=LANGUAGES)
    p_fill.add_argument("file", type=Path)
    p_pseudo = sub.add_parser("pseudo", help="show texts in the pseudo-locale, or run a command in it")
    p_pseudo.add_argument("words", nargs="*", help="texts to show")
    p_pseudo.add_argument("--run", nargs=argparse.REMAINDER, metavar="COMMAND",
                          help="run COMMAND with CIRKULAR_PSEUDO=1 (e.g. the app with --screenshots)")
    args = parser.parse_args(argv)

    if args.command == "extract":
        catalog = extract()
        print(f"{POT.relative_to(ROOT)}: {len(catalog)} messages")
    elif args.command == "update":
        if not args.no_extract:
            extract()
        update()
        print(check().text())
    elif args.command == "compile":
        for path in compile_catalogs(args.directory):
            print(path)
    elif args.command == "check":
        report = check()
        print(report.text())
        return 0 if report.ok else 1
    elif args.command == "todo":
        json.dump(todo(args.lang), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.command == "fill":
        data = json.loads(args.file.read_text(encoding="utf-8"))
        print(f"{fill(args.lang, data)} entries written")
    elif args.command == "pseudo":
        sys.path.insert(0, str(ROOT / "src"))
        from cirkular_desktop import i18n

        if args.run:
            return subprocess.call(args.run, env={**os.environ, "CIRKULAR_PSEUDO": "1"})
        for word in args.words or ["Residual streams", "Save the visit and close?"]:
            print(i18n.pseudo(word))
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # output piped into head: stop quietly
        sys.stderr.close()
        raise SystemExit(0)
