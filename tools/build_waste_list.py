"""Keep the shipped EU List of Waste (resources/codelists/waste-list-2014.json) tidy and checked.

The JSON is the source of truth; this tool never fetches anything. It

* rewrites the file in its canonical form (records sorted by code, fixed key
  order, one record per line so a changed name is a one-line diff);
* checks the invariants the app relies on (842 entries, 408 hazardous, the
  AH/AN/MH/MN split, names in every language, parents that exist) and prints
  how many Swedish and Norwegian names are official;
* exports a review sheet (TSV) and imports it back, so someone holding the
  text of avfallsförordningen bilaga 3 or avfallsforskriften vedlegg 1 can
  replace unofficial translations and set their ``official`` flag;
* takes the Norwegian names from the code list of the national
  hazardous-waste declaration service (``tools/data/avfallsdeklarering-ealkoder.csv``,
  a transcription of a public export) with ``--apply-nb-declaration``: its
  wording becomes the ``nb`` name, the name it replaces is kept as a search
  alias, and ``name_source`` records where each name comes from. ``--check``
  also checks that every name said to come from that list still reads as it does.

    python tools/build_waste_list.py             # rewrite canonically, then check
    python tools/build_waste_list.py --check     # check only; exit 1 on any problem
    python tools/build_waste_list.py --export-tsv review.tsv
    python tools/build_waste_list.py --import-tsv review.tsv
    python tools/build_waste_list.py --apply-nb-declaration

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "resources" / "codelists" / "waste-list-2014.json"
LANGS = ("en", "sv", "nb")
TRANSLATED = ("sv", "nb")
EXPECTED = {"entries": 842, "hazardous": 408, "chapters": 20,
            "types": {"AH": 235, "AN": 256, "MH": 173, "MN": 178}}
TOP_KEYS = ("id", "version", "legal_basis", "chapters", "subchapters", "entries")
RECORD_KEYS = ("code", "chapter", "subchapter", "hazardous", "type", "names", "official", "name_source",
               "aliases")
DECLARATION_CSV = ROOT / "tools" / "data" / "avfallsdeklarering-ealkoder.csv"
# Where a name comes from: the Swedish ordinance's annex, the Norwegian declaration service's
# code list, or our own translation.
SOURCES = {"sv": ("sfs-2020-614",), "nb": ("avfallsdeklarering", "lovdata", "cirkular")}
# Slips in the declaration service's wording, corrected and listed in resources/codelists/README.md:
# footnote digits glued to a code, code references that point at the wrong entry, doubled or
# misspelt words, and one code written without its spaces.
DECLARATION_CORRECTIONS = {
    "010309": ("som er ikke er nevnt", "som ikke er nevnt"),
    "010310": ("nevnt i 010307", "nevnt i 01 03 07"),
    "0703": ("farge stoffer", "fargestoffer"),
    "090111": ("16 06 032", "16 06 03"),
    "100511": ("nevnt i 10 04 10", "nevnt i 10 05 10"),
    "101311": ("sementtbaserte", "sementbaserte"),
    "160210": ("16 02 092", "16 02 09"),
    "160901": ("Permangater", "Permanganater"),
    "200135": ("21 01 23", "20 01 23"),
}
TSV_COLUMNS = ("level", "code", "en", "sv", "sv_official", "nb", "nb_official", "nb_source", "nb_aliases")


def _record(rec: dict) -> dict:
    out = {k: rec[k] for k in RECORD_KEYS if k in rec}
    out["names"] = {lang: rec["names"][lang] for lang in LANGS}
    out["official"] = {lang: bool(rec["official"][lang]) for lang in TRANSLATED}
    out["name_source"] = {lang: rec.get("name_source", {}).get(lang, SOURCES[lang][-1]) for lang in TRANSLATED}
    out["aliases"] = {lang: list(rec.get("aliases", {}).get(lang, [])) for lang in TRANSLATED
                      if rec.get("aliases", {}).get(lang)}
    return out


def dumps(doc: dict) -> str:
    """The canonical text: top-level keys indented, one compact record per line."""
    lines = ["{"]
    for i, key in enumerate(TOP_KEYS):
        comma = "," if i < len(TOP_KEYS) - 1 else ""
        value = doc[key]
        if key in ("chapters", "subchapters", "entries"):
            rows = [json.dumps(_record(r), ensure_ascii=False)
                    for r in sorted(value, key=lambda r: r["code"])]
            lines.append(f' "{key}": [')
            lines.extend(f"  {row}," for row in rows[:-1])
            lines.append(f"  {rows[-1]}")
            lines.append(f" ]{comma}")
        else:
            lines.append(f' "{key}": {json.dumps(value, ensure_ascii=False)}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def problems(doc: dict) -> list[str]:
    found: list[str] = []
    entries, subs, chapters = doc["entries"], doc["subchapters"], doc["chapters"]
    if len(entries) != EXPECTED["entries"]:
        found.append(f"{len(entries)} entries, expected {EXPECTED['entries']}")
    if len(chapters) != EXPECTED["chapters"]:
        found.append(f"{len(chapters)} chapters, expected {EXPECTED['chapters']}")
    hazardous = sum(1 for e in entries if e["hazardous"])
    if hazardous != EXPECTED["hazardous"]:
        found.append(f"{hazardous} hazardous entries, expected {EXPECTED['hazardous']}")
    types = Counter(e["type"] for e in entries)
    if dict(types) != EXPECTED["types"]:
        found.append(f"entry types {dict(types)}, expected {EXPECTED['types']}")
    chapter_codes = {c["code"] for c in chapters}
    sub_codes = {s["code"] for s in subs}
    for level, records, width in (("chapter", chapters, 2), ("subchapter", subs, 4), ("entry", entries, 6)):
        codes = [r["code"] for r in records]
        if len(set(codes)) != len(codes):
            found.append(f"duplicate {level} codes")
        for r in records:
            code = r["code"]
            if len(code) != width or not code.isdigit():
                found.append(f"{level} {code!r} is not {width} digits")
            for lang in LANGS:
                if not str(r["names"].get(lang, "")).strip():
                    found.append(f"{level} {code} has no {lang} name")
            if set(r.get("official", {})) != set(TRANSLATED):
                found.append(f"{level} {code} needs official flags for {TRANSLATED}")
    for s in subs:
        if s["chapter"] != s["code"][:2] or s["chapter"] not in chapter_codes:
            found.append(f"subchapter {s['code']} has a bad chapter {s['chapter']!r}")
    for e in entries:
        if e["subchapter"] != e["code"][:4] or e["subchapter"] not in sub_codes:
            found.append(f"entry {e['code']} has a bad subchapter {e['subchapter']!r}")
        if e["hazardous"] != (e["type"] in ("AH", "MH")):
            found.append(f"entry {e['code']}: hazardous does not match type {e['type']}")
    for code in sub_codes:
        if not any(e["code"].startswith(code) for e in entries):
            found.append(f"subchapter {code} has no entries")
    return found


def declaration_names(path: Path = DECLARATION_CSV) -> dict[str, tuple[str, bool]]:
    """Code → (name as we ship it, hazardous) for every registrable code of the declaration list."""
    names: dict[str, tuple[str, bool]] = {}
    with path.open("r", encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter=";"):
            if row["Registrerbar"] != "Ja":
                continue  # withdrawn ("Utgått") codes
            code, name = row["Kode"], " ".join(row["Beskrivelse"].split())
            old, new = DECLARATION_CORRECTIONS.get(code, (None, None))
            if old is not None:
                if old not in name:
                    raise SystemExit(f"correction for {code} no longer applies: {old!r} not in {name!r}")
                name = name.replace(old, new)
            names[code] = (name.rstrip("."), row["Farlig"] == "Ja")
    return names


def apply_nb_declaration(doc: dict, names: dict[str, tuple[str, bool]]) -> int:
    """Make the declaration service's wording the nb name; keep the replaced name as an alias."""
    changed = 0
    for level in ("chapters", "subchapters", "entries"):
        for rec in doc[level]:
            found = names.get(rec["code"])
            sources = rec.setdefault("name_source", {})
            if sources.get("nb") == "lovdata":
                continue  # confirmed against the regulation: that text wins
            if found is None:
                sources["nb"] = sources.get("nb", "cirkular")
                continue
            name = found[0]
            if rec["names"]["nb"] != name:
                aliases = rec.setdefault("aliases", {}).setdefault("nb", [])
                if rec["names"]["nb"] not in aliases:
                    aliases.append(rec["names"]["nb"])
                if name in aliases:
                    aliases.remove(name)
                # A name taken as the regulation's text stays official only while it reads the same.
                rec["official"]["nb"] = False
                rec["names"]["nb"] = name
                changed += 1
            sources["nb"] = "avfallsdeklarering"
    return changed


def declaration_problems(doc: dict, names: dict[str, tuple[str, bool]]) -> list[str]:
    found = []
    for level in ("chapters", "subchapters", "entries"):
        for rec in doc[level]:
            source = rec.get("name_source", {}).get("nb")
            if source not in SOURCES["nb"]:
                found.append(f"{rec['code']}: nb name_source {source!r} is not one of {SOURCES['nb']}")
            elif source == "avfallsdeklarering" and names.get(rec["code"], ("",))[0] != rec["names"]["nb"]:
                found.append(f"{rec['code']}: nb name differs from the declaration list")
            elif source == "cirkular" and rec["code"] in names:
                found.append(f"{rec['code']}: the declaration list has a name; run --apply-nb-declaration")
    return found


def summary(doc: dict) -> str:
    records = doc["chapters"] + doc["subchapters"] + doc["entries"]
    parts = []
    for lang in TRANSLATED:
        official = sum(1 for r in records if r["official"][lang])
        parts.append(f"{lang}: {official} official, {len(records) - official} unofficial")
    by_source = Counter(r.get("name_source", {}).get("nb") for r in records)
    parts.append("nb names from " + ", ".join(f"{k}: {v}" for k, v in sorted(by_source.items(), key=str)))
    return f"{len(records)} names per language; " + "; ".join(parts)


def export_tsv(doc: dict, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(TSV_COLUMNS)
        for level in ("chapters", "subchapters", "entries"):
            for r in doc[level]:
                writer.writerow((level[:-1], r["code"], r["names"]["en"],
                                 r["names"]["sv"], int(r["official"]["sv"]),
                                 r["names"]["nb"], int(r["official"]["nb"]),
                                 r.get("name_source", {}).get("nb", ""),
                                 " | ".join(r.get("aliases", {}).get("nb", ()))))


def import_tsv(doc: dict, source: Path) -> int:
    by_code = {r["code"]: r for level in ("chapters", "subchapters", "entries") for r in doc[level]}
    changed = 0
    with source.open("r", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rec = by_code.get(row["code"])
            if rec is None:
                raise SystemExit(f"unknown code in {source}: {row['code']!r}")
            for lang in TRANSLATED:
                name, official = row[lang].strip(), row[f"{lang}_official"].strip() in ("1", "true", "yes")
                if name and (name != rec["names"][lang] or official != rec["official"][lang]):
                    if lang == "nb" and name != rec["names"][lang]:
                        # A new Norwegian name is the regulation's text when marked official, else our own.
                        old = rec["names"][lang]
                        aliases = rec.setdefault("aliases", {}).setdefault(lang, [])
                        if old not in aliases:
                            aliases.append(old)
                        if name in aliases:
                            aliases.remove(name)
                        rec.setdefault("name_source", {})[lang] = "lovdata" if official else "cirkular"
                    elif lang == "nb" and official:
                        rec.setdefault("name_source", {})[lang] = "lovdata"
                    rec["names"][lang], rec["official"][lang] = name, official
                    changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="check only, do not rewrite")
    parser.add_argument("--export-tsv", type=Path, metavar="FILE")
    parser.add_argument("--import-tsv", type=Path, metavar="FILE")
    parser.add_argument("--apply-nb-declaration", action="store_true",
                        help="take the nb names from the declaration service's list")
    args = parser.parse_args(argv)

    text = PATH.read_text("utf-8")
    doc = json.loads(text)
    if args.export_tsv:
        export_tsv(doc, args.export_tsv)
        print(f"wrote {args.export_tsv}")
        return 0
    if args.import_tsv:
        print(f"{import_tsv(doc, args.import_tsv)} names changed")
    declaration = declaration_names()
    if args.apply_nb_declaration:
        print(f"{apply_nb_declaration(doc, declaration)} nb names taken from the declaration list")
    found = problems(doc) + declaration_problems(doc, declaration)
    canonical = dumps(doc)
    if args.check:
        if canonical != text:
            found.append(f"{PATH.name} is not in canonical form; run this tool without --check")
    elif not found:
        PATH.write_text(canonical, "utf-8")
    for problem in found:
        print(f"problem: {problem}", file=sys.stderr)
    print(summary(doc))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
