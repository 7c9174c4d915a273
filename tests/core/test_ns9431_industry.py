"""NS 9431 numbers and NACE / SNI 2007 / SN2007 industry codes: look-ups, checks and record fields."""

from pathlib import Path

import pytest

from cirkular_desktop import i18n, resources
from cirkular_desktop.core import industry, materials, ns9431, records
from cirkular_desktop.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def test_ns9431_numbers_are_read_as_people_write_them():
    for typed in ("1251", "NS 1251", "NS-nr 1251", "ns:1251", " 1251 "):
        assert ns9431.normalise(typed) == "1251", typed
    for bad in ("125", "12510", "EAL 170201", "", "abcd"):
        with pytest.raises(ValidationError):
            ns9431.normalise(bad)


def test_ns9431_names_sources_and_hazard():
    office = ns9431.get("1251")
    assert office.name("nb") == "Kontorpapir" and office.name("sv") == "Kontorspapper"
    assert office.source and not office.hazardous
    assert ns9431.get("7098").hazardous and ns9431.is_hazardous("7999")
    # A well-formed number the shipped list does not name is shown with its group, not refused.
    assert ns9431.get("1234") is None
    assert ns9431.label("1234", "nb") == "1234 (Papir, papp og kartong)"
    assert ns9431.label("1615", "en") == "1615 Gypsum"
    # Every shipped code cites a public source and maps only to categories that exist.
    for c in ns9431.all_codes():
        assert c.source and set(c.names) == {"nb", "sv", "en"}, c.code
        assert c.material is None or materials.get(c.material) is not None, c.code
        assert ns9431.group(c.code) is not None, c.code


def test_ns9431_maps_to_the_material_tree_both_ways():
    assert ns9431.material_for("1615") == "construction.gypsum"
    assert [c.code for c in ns9431.codes_for_material("construction.gypsum")][0] == "1615"
    assert {"1142", "1149", "7098"} <= {c.code for c in ns9431.codes_for_material("wood.impregnated")}
    assert ns9431.codes_for_material("energy.heat") == ()
    assert [c.code for c in ns9431.search("gips")] == ["1615"]
    assert [c.code for c in ns9431.search("NS 70")] == ["7011", "7012", "7021", "7022", "7051", "7055", "7086",
                                                         "7092", "7093", "7098"]
    assert [c.code for c in ns9431.codes_for_material("electronics.batteries")][:2] == ["7092", "7093"]
    assert ns9431.material_for("1141") == "wood.untreated" and ns9431.material_for("7051") == "chemicals.paint"


def test_the_codes_verified_in_round_three_carry_their_sources():
    # Each added number was read with its name on a named public document; the README lists them.
    expected = {"1131": "Stena", "1141": "Returkraft", "1142": "Returkraft", "1451": "Retura", "1504": "ØG",
                "1601": "Stena", "1603": "Returkraft", "1604": "Returkraft", "1606": "Returkraft",
                "1612": "Retura", "1614": "Returkraft", "1617": "ØG", "1799": "ØG", "7021": "Norsk Gjenvinning",
                "7022": "ØG", "7051": "Retura", "7055": "ØG", "7086": "Retura", "7092": "Retura Glomma",
                "7093": "Norsk Gjenvinning", "7155": "Retura Glomma", "7250": "Retura Glomma",
                "9911": "Returkraft", "9913": "Returkraft", "9914": "Returkraft", "9915": "Returkraft",
                "9917": "Returkraft", "9918": "Returkraft", "1331": "Stena", "1341": "Stena", "1731": "Stena",
                "7157": "ØG", "7158": "Brenden", "7211": "ØG"}
    for code, source in expected.items():
        assert source in ns9431.get(code).source, code
    assert len(ns9431.all_codes()) == 49
    # 1142 was ambiguous ("Trevirke" on a sheet naming 1142 and 1149); a permit and Stena name it treated wood.
    assert ns9431.get("1142").name("nb") == "Behandlet trevirke" and "Stena" in ns9431.get("1142").source
    # The 7000 series is hazardous; numbers whose two-digit group has no name of its own fall in group 70.
    for code in ("7155", "7157", "7158", "7211", "7250", "7399"):
        assert ns9431.is_hazardous(code) and ns9431.group(code).code == "70", code
    assert ns9431.label("7250", "nb") == "7250 Asbest"
    assert ns9431.label("7399", "nb") == "7399 (Farlig avfall)"
    assert ns9431.label("1999", "nb") == "1999"   # no group 19 is known: the bare number


def test_all_615_nace_classes_and_their_names():
    assert len(industry.all_classes()) == 615 and len(industry.divisions()) == 88
    saw = industry.get("16.10")
    assert saw.name("en") == "Sawmilling and planing of wood"
    assert saw.name("sv").startswith("Sågning") and saw.name("nb").startswith("Saging")
    # A class without a name of its own in a language shows its division's in that language.
    assert industry.get("01.13").name("sv") == industry.division("01.13").name("sv")
    assert industry.get("98.10").name("nb") == industry.division("98.10").name("nb")


def _classes_per_division():
    per = {}
    for c in industry.all_classes():
        per.setdefault(c.division, []).append(c)
    return per


def test_every_class_has_eurostats_english_title_not_its_divisions():
    per_division = _classes_per_division()
    for c in industry.all_classes():
        division = industry.division(c.code)
        assert c.names.get("en") and c.official.get("en") is True, c.code
        # Only a division of a single class (12.00, 36.00 …) shares its title with that class.
        assert c.names["en"] != division.name("en") or len(per_division[c.division]) == 1, c.code
    assert len({c.names["en"] for c in industry.all_classes()}) == 615
    assert industry.get("01.11").name("en") == "Growing of cereals (except rice), leguminous crops and oil seeds"
    assert industry.get("46.77").name("en") == "Wholesale of waste and scrap"
    assert industry.get("99.00").name("en") == "Activities of extraterritorial organisations and bodies"
    # Our own title that differed from Eurostat's gave way and is kept as a search word.
    rental = industry.get("77.21")
    assert rental.name("en") == "Rental and leasing of recreational and sports goods"
    assert "Renting and leasing of recreational and sports goods" in rental.aliases["en"]


def test_norwegian_class_names_are_ssbs_for_all_but_division_98():
    official_nb = [c.code for c in industry.all_classes() if c.official.get("nb")]
    assert len(official_nb) == 613
    assert sorted(set(c.code for c in industry.all_classes()) - set(official_nb)) == ["98.10", "98.20"]
    assert industry.get("01.11").name("nb") == "Dyrking av korn (unntatt ris), belgvekster og oljeholdige vekster"
    assert industry.get("38.32").name("nb") == "Sortering og bearbeiding av avfall for materialgjenvinning"
    assert industry.get("46.77").name("nb") == "Engroshandel med avfall og skrap"
    assert industry.get("25.62").aliases["nb"] == ("Maskinering",)


def _sni2007_transcription():
    path = ROOT / "tools" / "data" / "sni2007-names-sv.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return {code: (name, page) for code, name, page in rows}


def test_swedish_names_are_scbs_where_a_page_of_its_sni_2007_service_was_read():
    """Only SCB's own pages give official Swedish names; every other Swedish name stays ours."""
    sni = _sni2007_transcription()
    assert all(page.startswith(("http://www.sni2007.scb.se/", "https://sni2007.scb.se/")) for _, page in sni.values())
    official_sv = {c.code for c in industry.all_classes() if c.official.get("sv")}
    assert official_sv == {code for code in sni if "." in code} and len(official_sv) == 19
    for code in official_sv:
        assert industry.get(code).name("sv") == sni[code][0], code
    for division in industry.divisions():
        assert division.official.get("sv", False) is (division.code in sni), division.code
        if division.code in sni:
            assert division.name("sv") == sni[division.code][0], division.code
    for section in resources.load_json("codelists", "nace-rev2.json")["sections"]:
        assert section["official"]["sv"] is (section["code"] in sni), section["code"]
        if section["code"] in sni:
            assert section["names"]["sv"] == sni[section["code"]][0], section["code"]
    assert industry.section("47.52").name("sv") == sni["G"][0]
    assert industry.get("47.52").name("sv") == "Specialiserad butikshandel med bygg-, järn- och VVS-varor samt färger och glas"
    assert industry.get("47.52").aliases["sv"] == ("Specialiserad butikshandel med järn- och byggvaror",)
    assert industry.division("15.11").name("sv") == "Tillverkning av läder, läder- och skinnvaror m.m."
    # Our own 51 names stay (one of them, 47.52, now SCB's) and 18 classes gained SCB's.
    assert len([c for c in industry.all_classes() if c.names.get("sv")]) == 69
    assert industry.get("16.10").official.get("sv") is False


def test_the_industry_list_says_what_the_transcriptions_say():
    """tools/build_nace_names.py (check only) passes on the shipped list: no name edited by hand."""
    import subprocess
    import sys

    tool = ROOT / "tools" / "build_nace_names.py"
    done = subprocess.run([sys.executable, str(tool)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "official: en 615, sv 19, nb 613" in done.stdout


def test_search_finds_a_class_by_its_divisions_words_aliases_and_english_title():
    # A Swedish reader sees the division's name for 13.92 (no Swedish name of its own): its words find it.
    assert industry.get("13.92").names.get("sv") is None
    assert "13.92" in [c.code for c in industry.search("textilvarutillverkning", limit=700)]
    assert "Textilvarutillverkning" in industry.search_words("13.92")
    assert "25.62" in [c.code for c in industry.search("maskinering")]          # an alias
    assert [c.code for c in industry.search("wholesale waste scrap")] == ["46.77"]


def test_the_industry_code_sources_are_named_in_the_codelist_readme():
    readme = resources.resource_path("codelists", "README.md").read_text(encoding="utf-8")
    for source in ("d-fine/Dataland", "NaceCodeTree.ts", "navikt/lydia-api",
                   "lydia-api-container-db_localhost-2023_12_01_13_01_04-dump.sql",
                   "tools/data/nace-rev2-classes-en.tsv", "tools/data/sn2007-classes-nb.tsv",
                   "tools/data/sni2007-names-sv.tsv", "sni2007.scb.se"):
        assert source in readme, source
    assert "613" in readme and "SNI 2007" in readme


def test_a_class_named_only_in_english_shows_its_division_in_the_readers_language():
    """The industry picker after a language switch: a Swedish reader never gets an English class name."""
    only_english = industry.IndustryClass("16.10", "16", {"en": "Sawmilling and planing of wood"})
    division = industry.division("16.10")
    assert only_english.name("sv") == division.name("sv") != division.name("en")
    assert only_english.name("nb") == division.name("nb")
    assert only_english.name("en") == "Sawmilling and planing of wood"
    with i18n.using_language("sv"):
        assert only_english.name() == division.name("sv")
    assert industry.section("38.32").code == "E"


@pytest.mark.parametrize("typed, stored", [
    ("16.10", "16.10"), ("1610", "16.10"), ("C16.10", "16.10"),
    ("16.101", "16.101"),   # SN2007 subclass
    ("16101", "16.101"),    # SNI 2007 detailed group, written without a dot
])
def test_industry_codes_accept_the_national_forms(typed, stored):
    assert industry.normalise(typed) == stored
    assert industry.class_code(stored) == "16.10"


@pytest.mark.parametrize("bad", ["16.15", "16", "1", "sawmill", "99.99"])
def test_industry_codes_refuse_what_nace_does_not_have(bad):
    with pytest.raises(ValidationError):
        industry.normalise(bad)


def test_record_fields_check_the_codes():
    assert records.coerce("organization", "industry_code", "1610", from_text=True) == "16.10"
    assert records.coerce("stream", "ns9431_code", "NS 1615", from_text=True) == "1615"
    assert records.coerce("need", "ns9431_code", "7011", from_text=True) == "7011"
    with pytest.raises(ValidationError, match="industry_code"):
        records.coerce("organization", "industry_code", "16.15", from_text=True)
    with pytest.raises(ValidationError, match="ns9431_code"):
        records.coerce("stream", "ns9431_code", "12345", from_text=True)
    assert records.coerce("organization", "ownership", "controlled") == "controlled"
    assert records.coerce("organization", "size_class", "not_sme") == "not_sme"
    assert records.coerce("organization", "annual_turnover", "12 500 000", from_text=True) == "12500000"


def test_search_text_and_display_carry_the_names():
    from cirkular_desktop.core.display import human_value
    from cirkular_desktop.store.search import extra_text

    text = extra_text("organization", {"industry_code": "16.10"})
    assert "Sågning" in text and "Saging" in text and "Sawmilling" in text and "1610" in text
    assert "Gips" in extra_text("stream", {"ns9431_code": "1615"})
    # A number the list does not name is found by its group's names; one of no known group by itself.
    assert "Papir, papp og kartong" in extra_text("stream", {"ns9431_code": "1234"})
    assert "Farligt avfall" in extra_text("need", {"ns9431_code": "7399"})
    assert extra_text("stream", {"ns9431_code": "1999"}) == "1999"
    with i18n.using_language("sv"):
        f = records.table("organization").field("industry_code")
        assert human_value(f, "16.10") == "16.10 Sågning, hyvling och impregnering av trä"
        assert human_value(records.table("stream").field("ns9431_code"), "1251") == "1251 Kontorspapper"


def test_what_an_industry_takes_in_names_real_classes_and_materials():
    known = {c.code for c in industry.all_classes()}
    for key, takes in industry.PROCESSES.items():
        assert any(code.startswith(key) for code in known), key          # a division, group or class
        for material in takes:
            assert material == industry.ANY or materials.get(material) is not None, (key, material)


def test_whether_an_organization_can_process_a_material():
    assert industry.takes_in("16.10", "wood.sawdust") is True          # a sawmill takes in wood
    assert industry.takes_in("16.101", "wood") is True                 # with the Norwegian fifth digit
    assert industry.takes_in("16.10", "metals.steel") is False
    assert industry.takes_in("38.32", "plastics.film") is True         # materials recovery takes anything
    assert industry.takes_in("10.91", "organic.surplus_food") is True  # the class before its division
    assert industry.takes_in("10.91", "energy.heat") is False          # … which would say yes
    assert industry.takes_in("10.11", "energy.heat") is True
    assert industry.takes_in("62.01", "wood") is False                 # programmers: no listed input
    assert industry.takes_in(None, "wood") is None and industry.takes_in("16.10", None) is None
    assert industry.takes_in("99.99", "wood") is None                  # not a class: nothing can be said
    assert industry.can_process({"industry_code": "77.21"}, "sports.winter") is True   # Fritidsbanken
    assert industry.can_process({}, "wood") is None
