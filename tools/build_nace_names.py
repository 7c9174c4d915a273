"""Fill and check the class names of the industry code list (resources/codelists/nace-rev2.json).

The JSON is what the app reads; this tool never fetches anything. Its inputs are
transcriptions of public copies of the agencies' lists, kept beside it:

* ``tools/data/nace-rev2-classes-en.tsv``: Eurostat's NACE Rev. 2 class titles (615);
* ``tools/data/sn2007-classes-nb.tsv``: Statistics Norway's SN2007 class names in
  Bokmål (613; the copy lacks division 98);
* ``tools/data/sni2007-names-sv.tsv``: Statistics Sweden's SNI 2007 names in Swedish for
  the sections, divisions and classes that the stored pages of SCB's SNI 2007 service show
  (19 classes, 33 divisions, 7 sections), each with the page it was read on.

Each file opens with ``#`` lines naming the repository, file and commit it was read
from; resources/codelists/README.md says the same for readers of the list.

``--apply`` makes each transcribed name the class's name in its language with
``official`` set; a name of our own that it replaces is kept as a search alias
(``aliases``), so words people already typed still find the class. Section and
division names from a transcription are set the same way (they carry no aliases).
Swedish (SCB's SNI 2007) is filled only where a page of SCB's own service could be read:
no public copy of the whole list was found, so the other Swedish names stay ours
(``official.sv`` false) and classes without one show their division's.
Without ``--apply`` the tool only checks that the JSON still says what the
transcriptions say, and exits 1 if not.

    python tools/build_nace_names.py            # check only
    python tools/build_nace_names.py --apply    # apply the transcriptions, rewrite, check

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "resources" / "codelists" / "nace-rev2.json"
DATA = ROOT / "tools" / "data"
SOURCES = {"en": DATA / "nace-rev2-classes-en.tsv", "nb": DATA / "sn2007-classes-nb.tsv",
           "sv": DATA / "sni2007-names-sv.tsv"}
# Transcriptions that also name sections and divisions; only for these does an official
# section or division name need a row (the nb division names have their own source, see README).
UPPER_LEVELS = ("sv",)
LANGS = ("en", "sv", "nb")


def read_tsv(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name = line.split("\t")[:2]     # a third column, if any, names the page read
        if code in names:
            raise SystemExit(f"{path.name}: {code} twice")
        names[code] = name.strip()
    return names


def dump(data: dict) -> str:
    """The file's canonical form: one record a line, so a changed name is a one-line diff."""
    out = ["{"]
    keys = list(data)
    for i, key in enumerate(keys):
        value, comma = data[key], "," if i < len(keys) - 1 else ""
        if isinstance(value, list):
            out.append(f" {json.dumps(key)}: [")
            out += ["  " + json.dumps(item, ensure_ascii=False) + ("," if j < len(value) - 1 else "")
                    for j, item in enumerate(value)]
            out.append(" ]" + comma)
        else:
            out.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def _ordered(mapping: dict) -> dict:
    return {lang: mapping[lang] for lang in LANGS if lang in mapping}


def apply(data: dict, sources: dict[str, dict[str, str]]) -> int:
    """Set the transcribed names; returns how many names changed."""
    changed = 0
    for entry in data["classes"]:
        names, official = dict(entry.get("names", {})), dict(entry.get("official", {}))
        aliases = {lang: list(words) for lang, words in entry.get("aliases", {}).items()}
        for lang, table in sources.items():
            new = table.get(entry["code"])
            if new is None:
                continue
            old = names.get(lang)
            if old and old != new and old not in aliases.setdefault(lang, []):
                aliases[lang].append(old)
            changed += old != new
            names[lang], official[lang] = new, True
        for lang in LANGS:          # an own name with no flag yet is our translation
            if lang in names:
                official.setdefault(lang, False)
        record = {"code": entry["code"], "division": entry["division"]}
        if names:
            record["names"] = _ordered(names)
            record["official"] = _ordered(official)
        aliases = {lang: words for lang, words in aliases.items() if words}
        if aliases:
            record["aliases"] = _ordered(aliases)
        entry.clear()
        entry.update(record)
    for level in ("sections", "divisions"):
        for entry in data[level]:
            for lang in UPPER_LEVELS:
                new = sources[lang].get(entry["code"])
                if new is None:
                    continue
                changed += entry["names"].get(lang) != new
                entry["names"][lang] = new
                entry.setdefault("official", {})[lang] = True
    return changed


def check(data: dict, sources: dict[str, dict[str, str]]) -> list[str]:
    problems = []
    codes = [c["code"] for c in data["classes"]]
    if len(codes) != 615 or len(set(codes)) != 615:
        problems.append(f"{len(codes)} classes, expected 615 distinct")
    if set(sources["en"]) != set(codes):
        problems.append("the English transcription and the list do not have the same classes")
    for entry in data["classes"]:
        names, official = entry.get("names", {}), entry.get("official", {})
        for lang, table in sources.items():
            if entry["code"] in table and (names.get(lang) != table[entry["code"]] or not official.get(lang)):
                problems.append(f"{entry['code']} {lang}: not the transcribed official name")
        for lang, is_official in official.items():
            if is_official and entry["code"] not in sources.get(lang, {}):
                problems.append(f"{entry['code']} {lang}: marked official without a source")
    upper = {e["code"]: e for level in ("sections", "divisions") for e in data[level]}
    for lang in UPPER_LEVELS:
        for code in sources[lang]:
            if code not in upper and code not in codes:
                problems.append(f"{code} {lang}: transcribed but not in the list")
        for code, entry in upper.items():
            official = entry.get("official", {}).get(lang)
            if code in sources[lang] and (entry["names"].get(lang) != sources[lang][code] or not official):
                problems.append(f"{code} {lang}: not the transcribed official name")
            if official and code not in sources[lang]:
                problems.append(f"{code} {lang}: marked official without a source")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apply", action="store_true", help="apply the transcriptions and rewrite the file")
    args = parser.parse_args(argv)
    data = json.loads(PATH.read_text(encoding="utf-8"))
    sources = {lang: read_tsv(path) for lang, path in SOURCES.items()}
    if args.apply:
        changed = apply(data, sources)
        PATH.write_text(dump(data), encoding="utf-8")
        print(f"{changed} names set")
    problems = check(data, sources)
    for problem in problems[:20]:
        print(problem, file=sys.stderr)
    if len(problems) > 20:
        print(f"… and {len(problems) - 20} more problems", file=sys.stderr)
    counts = {lang: sum(1 for c in data["classes"] if c.get("official", {}).get(lang)) for lang in LANGS}
    own = {lang: sum(1 for c in data["classes"] if c.get("names", {}).get(lang)) for lang in LANGS}
    print("classes with a name of their own: " + ", ".join(f"{lang} {own[lang]}" for lang in LANGS)
          + "; official: " + ", ".join(f"{lang} {counts[lang]}" for lang in LANGS))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
