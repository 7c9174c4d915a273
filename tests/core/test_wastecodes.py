"""The EU List of Waste: completeness of the shipped list, code forms, mirror pairs and search."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cirkular_desktop import i18n, resources
from cirkular_desktop.core import wastecodes as wc
from cirkular_desktop.errors import ValidationError


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(resources.resource_path("codelists", "waste-list-2014.json").read_text("utf-8"))


# --- The data ---------------------------------------------------------------------------------

def test_file_shape_and_version(raw):
    assert list(raw) == ["id", "version", "legal_basis", "chapters", "subchapters", "entries"]
    assert raw["id"] == wc.LIST_ID == "eu-low-2014"
    assert raw["version"] == wc.LIST_VERSION == "2000/532/EC as amended by 2014/955/EU"
    assert set(raw["legal_basis"]) == {"EU", "SE", "NO"}
    assert "2014/955/EU" in raw["legal_basis"]["EU"]
    assert "2020:614" in raw["legal_basis"]["SE"]
    assert "vedlegg 1" in raw["legal_basis"]["NO"]
    codes = [e["code"] for e in raw["entries"]]
    assert codes == sorted(codes)
    assert all(len(c) == 6 and c.isdigit() for c in codes)


def test_counts_match_decision_2014_955(raw):
    entries = wc.all_codes()
    assert len(entries) == len(raw["entries"]) == 842
    assert len({e.code for e in entries}) == 842
    assert sum(e.hazardous for e in entries) == 408
    assert Counter(e.entry_type for e in entries) == {"AH": 235, "AN": 256, "MH": 173, "MN": 178}
    assert len(wc.chapters()) == 20
    assert [c.code for c in wc.chapters()] == [f"{n:02d}" for n in range(1, 21)]
    assert len(wc.subchapters()) == 111


def test_hazard_follows_entry_type_and_parents_exist():
    subs = {s.code for s in wc.subchapters()}
    chapters = {c.code for c in wc.chapters()}
    for e in wc.all_codes():
        assert e.entry_type in wc.ENTRY_TYPES
        assert e.hazardous == (e.entry_type in ("AH", "MH")), e.code
        assert e.mirror == (e.entry_type in ("MH", "MN")), e.code
        assert e.subchapter == e.code[:4] and e.subchapter in subs
        assert e.chapter == e.code[:2] and e.chapter in chapters
    for s in wc.subchapters():
        assert s.chapter == s.code[:2] and s.chapter in chapters
        assert any(e.subchapter == s.code for e in wc.all_codes()), s.code


def test_every_name_exists_in_all_three_languages_with_official_flags():
    records = [*wc.chapters(), *wc.subchapters(), *wc.all_codes()]
    assert len(records) == 973
    for r in records:
        for lang in ("en", "sv", "nb"):
            assert r.names.get(lang, "").strip(), (r.code, lang)
            assert "\n" not in r.names[lang]
        assert set(r.official) == {"sv", "nb"}, r.code
        assert all(isinstance(flag, bool) for flag in r.official.values())
    # Where the legal text was at hand it is used and flagged (see resources/codelists/README.md).
    assert wc.get("170503").official["nb"] and wc.get("170503").names["nb"] == "Jord og stein som inneholder farlige stoffer"
    assert wc.get("060102").official["sv"] and wc.get("060102").names["sv"] == "Saltsyra"
    assert wc.get("010101").official["sv"] and wc.get("010101").names["sv"] == "Avfall från brytning av metallhaltiga material"


@pytest.mark.parametrize("code, shown, entry_type, en, sv, nb", [
    ("170201", "17 02 01", "MN", "Wood", "Trä", "Tre"),
    ("170503", "17 05 03*", "MH", "Soil and stones containing hazardous substances",
     "Jord och sten som innehåller farliga ämnen", "Jord og stein som inneholder farlige stoffer"),
    ("170504", "17 05 04", "MN", "Soil and stones other than those mentioned in 17 05 03",
     "Annan jord och sten än den som anges i 17 05 03", "Annen jord og stein enn den nevnt i 17 05 03"),
    ("200121", "20 01 21*", "AH", "Fluorescent tubes and other mercury-containing waste",
     "Lysrör och annat kvicksilverhaltigt avfall", "Lysstoffrør og annet kvikksølvholdig avfall"),
    ("150101", "15 01 01", "AN", "Paper and cardboard packaging",
     "Pappers- och pappförpackningar", "Emballasje av papir og papp/kartong"),
])
def test_known_entries(code, shown, entry_type, en, sv, nb):
    e = wc.get(code)
    assert e is not None
    assert e.display() == shown == wc.format_code(code)
    assert e.entry_type == entry_type
    assert e.hazardous == shown.endswith("*")
    assert (e.name("en"), e.name("sv"), e.name("nb")) == (en, sv, nb)


def test_names_follow_the_active_language_and_fall_back_to_english():
    wood = wc.get("170201")
    assert wood.name() == "Wood"
    with i18n.using_language("sv"):
        assert wood.name() == "Trä"
        assert wc.subchapters("17")[1].name() == "Trä, glas och plast"
    with i18n.using_language("nb"):
        assert wood.name() == "Tre"
        assert next(c for c in wc.chapters() if c.code == "17").name().startswith("Avfall fra bygge- og rivingsarbeid")
    assert wood.name("de") == "Wood"


def test_chapters_and_subchapters():
    chapter17 = next(c for c in wc.chapters() if c.code == "17")
    assert chapter17.name("en").startswith("Construction and demolition wastes")
    assert [s.code for s in wc.subchapters("17")] == ["1701", "1702", "1703", "1704",
                                                      "1705", "1706", "1708", "1709"]
    assert wc.subchapters("17") == wc.subchapters(" 17 ")
    assert wc.subchapters("99") == ()
    assert wc.subchapters("17")[1].display() == "17 02"


# --- Code forms -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["17 02 01", "170201", "17 02 01*", "17-02-01", " 170201* ",
                                  "17.02.01", "17\u00a002\u00a001", "170201 *"])
def test_normalise_accepts_usual_forms(text):
    assert wc.normalise_code(text) == "170201"
    assert wc.get(text).code == "170201"


def test_star_on_a_non_hazardous_code_is_only_a_form_question():
    assert wc.normalise_code("15 01 01*") == "150101"
    assert wc.get("15 01 01*").hazardous is False
    assert wc.normalise_code("170503") == "170503"


@pytest.mark.parametrize("text", ["", "   ", "1702", "1702011", "17 02 0l", "abc", "17/02/01",
                                  "17  02 01", "**170201", "17 02 01**", "١٧٠٢٠١", None])
def test_normalise_refuses_malformed_input(text):
    with pytest.raises(ValidationError) as caught:
        wc.normalise_code(text)
    message = caught.value.message
    assert "\n" not in message and "six digits" in message
    assert wc.get(text) is None


def test_refusal_names_the_value_and_stays_short():
    with pytest.raises(ValidationError, match="“wood”"):
        wc.normalise_code("wood")
    with pytest.raises(ValidationError) as caught:
        wc.normalise_code("x" * 500 + "\n" + "y")
    assert len(caught.value.message) < 120 and "\n" not in caught.value.message


def test_unknown_but_well_formed_codes():
    assert wc.get("999999") is None
    assert wc.get("17 07 01") is None  # 17 07 was removed from the list
    assert wc.format_code("999999") == "99 99 99"
    with pytest.raises(ValidationError):
        wc.format_code("17 02")


# --- Mirror pairs -----------------------------------------------------------------------------

@pytest.mark.parametrize("code, partners", [
    ("170503", ("170504",)),
    ("17 05 04", ("170503",)),
    ("170201", ("170204",)),
    ("170204", ("170201", "170202", "170203")),
    ("170411", ("170410",)),
    ("200137", ("200138",)),
    ("030104", ("030105",)),
])
def test_mirror_partners(code, partners):
    assert wc.mirror_partners(code) == partners


def test_mirror_partners_are_symmetric_and_of_opposite_hazard():
    unpaired = []
    for e in wc.all_codes():
        partners = wc.mirror_partners(e.code)
        if not e.mirror:
            assert partners == (), e.code
            continue
        if not partners:
            unpaired.append(e.code)
        for p in partners:
            other = wc.get(p)
            assert other.mirror and other.hazardous != e.hazardous, (e.code, p)
            assert other.subchapter == e.subchapter, (e.code, p)
            assert e.code in wc.mirror_partners(p), (e.code, p)
    # Mirror hazardous entries whose sub-chapter has no non-hazardous side.
    assert unpaired == ["101401", "140604", "140605"]


def test_mirror_partners_of_absolute_or_unknown_codes_are_empty():
    assert wc.mirror_partners("200121") == ()
    assert wc.mirror_partners("150101") == ()
    assert wc.mirror_partners("999999") == ()
    assert wc.mirror_partners("rubbish") == ()


# --- Search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["1702", "17 02", "17-02", "17 02*"])
def test_search_by_code_prefix(query):
    assert [e.code for e in wc.search(query)] == ["170201", "170202", "170203", "170204"]


def test_search_by_code_prefix_respects_limit_and_order():
    found = wc.search("17", limit=10)
    assert [e.code for e in found] == sorted(e.code for e in found)
    assert len(found) == 10 and all(e.code.startswith("17") for e in found)
    assert len(wc.search("17", limit=500)) == 38
    assert [e.code for e in wc.search("17 05 03*")] == ["170503"]
    assert wc.search("99") == []


def test_search_by_swedish_words():
    found = [e.code for e in wc.search("JORD sten", lang="sv")]
    assert found == ["170503", "170504", "200202"]
    wood = [e.code for e in wc.search("trä", lang="sv", limit=100)]
    assert {"170201", "191206", "191207", "200137", "200138", "150103"} <= set(wood)
    assert wood == sorted(wood)


def test_search_by_norwegian_words():
    found = [e.code for e in wc.search("jord stein", lang="nb")]
    assert found == ["170503", "170504", "200202"]
    assert "200121" in [e.code for e in wc.search("lysstoffrør", lang="no")]


def test_search_uses_the_active_language_by_default():
    with i18n.using_language("sv"):
        assert "170201" in [e.code for e in wc.search("trä", limit=100)]
        assert wc.search("wood") == []
    assert "170201" in [e.code for e in wc.search("wood", limit=100)]


def test_search_requires_every_word_and_handles_edge_cases():
    both = {e.code for e in wc.search("paper packaging", lang="en")}
    assert both == {"150101"}
    assert wc.search("paper zzzz", lang="en") == []
    assert wc.search("") == [] and wc.search("   ") == []
    assert wc.search("wood", limit=0) == []
    assert len(wc.search("waste", lang="en", limit=5)) == 5


# --- Norwegian names: the declaration service's wording (issue #20 item 1) -----------------

def _declaration_rows():
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "data" / "avfallsdeklarering-ealkoder.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter=";"))


def test_nb_names_follow_the_declaration_service_with_our_translation_as_alias():
    # The wording Norwegian companies see in the declaration service is the default name ...
    assert wc.get("190805").name("nb") == "Slam fra behandling av avløpsvann fra byområder"
    assert wc.get("070111").name("nb") == (
        "Slam fra behandling av avløpsvann på produksjonsstedet som inneholder farlige stoffer")
    assert wc.get("080111").name("nb") == (
        "Maling- og lakkavfall som inneholder organiske løsemidler eller andre farlige stoffer")
    assert wc.get("070111").name_source["nb"] == "avfallsdeklarering"
    # ... and the words it replaced still find the code.
    assert wc.get("070111").aliases["nb"] == (
        "Slam fra rensing av avløpsvann på produksjonsstedet som inneholder farlige stoffer",)
    assert "070111" in [e.code for e in wc.search("slam fra rensing av avløpsvann", lang="nb", limit=200)]
    assert "190805" in [e.code for e in wc.search("kommunalt avløpsvann", lang="nb")]
    assert "190805" in [e.code for e in wc.search("avløpsvann byområder", lang="nb")]
    # The Swedish names are the ordinance's and have no aliases.
    assert wc.get("190805").name_source["sv"] == "sfs-2020-614" and "sv" not in wc.get("190805").aliases


def test_every_registrable_declaration_code_of_the_eu_list_carries_its_wording():
    rows = {r["Kode"]: r for r in _declaration_rows() if r["Registrerbar"] == "Ja"}
    records = [*wc.chapters(), *wc.subchapters(), *wc.all_codes()]
    from_declaration = [r for r in records if r.code in rows]
    assert len(from_declaration) == 970
    for r in from_declaration:
        expected = " ".join(rows[r.code]["Beskrivelse"].split()).rstrip(".")
        # Only the slips listed in resources/codelists/README.md are corrected.
        if r.code not in {"010309", "010310", "0703", "090111", "100511", "101311", "160210", "160901",
                          "200135"}:
            assert r.name("nb") == expected, r.code
    # The three codes the service does not list keep our translation, marked as ours.
    missing = sorted(r.code for r in records if r.code not in rows)
    assert missing == ["160110", "200131", "200132"]
    assert all(wc.get(code).name_source["nb"] == "cirkular" for code in missing)


def test_official_nb_flag_only_where_the_declaration_wording_is_the_regulation_text():
    # 17 04 07 and 17 09 01 read differently in the service and in the regulation's chapter 17:
    # the service's wording is shown, the regulation's text is kept as an alias, the flag is off.
    for code in ("170407", "170901"):
        entry = wc.get(code)
        assert not entry.official["nb"] and entry.aliases["nb"]
    assert wc.get("170503").official["nb"]
    assert sum(1 for r in wc.all_codes() if r.official["nb"]) == 38 - 2


def test_hazard_stays_as_in_the_decision_where_the_service_differs():
    rows = {r["Kode"]: r for r in _declaration_rows() if r["Registrerbar"] == "Ja" and len(r["Kode"]) == 6}
    differing = sorted(code for code, r in rows.items()
                       if wc.get(code) is not None and wc.get(code).hazardous != (r["Farlig"] == "Ja"))
    assert differing == ["160401", "160402", "160403", "180202", "180207"]
    assert all(wc.get(code).hazardous for code in differing)


def test_build_tool_checks_the_shipped_list():
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parents[2] / "tools" / "build_waste_list.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "avfallsdeklarering: 970" in done.stdout


def test_a_name_confirmed_against_the_regulation_becomes_lovdata_and_stays(tmp_path):
    """The README's path to the regulation's text: export, mark nb_official, import; the declaration pass keeps it."""
    import csv
    import importlib.util
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "build_waste_list.py"
    spec = importlib.util.spec_from_file_location("build_waste_list_under_test", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    doc = json.loads(tool.PATH.read_text("utf-8"))
    sheet = tmp_path / "review.tsv"
    tool.export_tsv(doc, sheet)
    rows = list(csv.DictReader(sheet.open(encoding="utf-8"), delimiter="\t"))
    row = next(r for r in rows if r["code"] == "170407")
    declared = row["nb"]
    row["nb"], row["nb_official"] = "Blandede metaller", "1"        # the regulation's text, confirmed
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=tool.TSV_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    assert tool.import_tsv(doc, sheet) == 1
    entry = next(r for r in doc["entries"] if r["code"] == "170407")
    assert (entry["names"]["nb"], entry["official"]["nb"], entry["name_source"]["nb"]) == (
        "Blandede metaller", True, "lovdata")
    assert declared in entry["aliases"]["nb"]                         # the service's wording still finds it
    names = tool.declaration_names()
    tool.apply_nb_declaration(doc, names)                             # a later pass leaves it alone
    assert entry["names"]["nb"] == "Blandede metaller" and entry["name_source"]["nb"] == "lovdata"
    assert not [p for p in tool.declaration_problems(doc, names) if p.startswith("170407")]
