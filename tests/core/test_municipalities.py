"""The municipality code list: completeness, lookup forms, ambiguity and the project's region."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cirkular_desktop import resources
from cirkular_desktop.core import municipalities as mun

DATA = Path(__file__).resolve().parents[2] / "tools" / "data"


def test_code_list_is_complete_and_well_formed():
    data = json.loads(resources.resource_path("codelists", "municipalities.json").read_text("utf-8"))
    assert data["version"] == "2024"
    assert len(data["SE"]) == 290
    assert len(data["NO"]) == 357
    for country in ("SE", "NO"):
        codes = [row["code"] for row in data[country]]
        assert len(set(codes)) == len(codes)
        assert all(len(c) == 4 and c.isdigit() for c in codes)
    assert len(mun.all_municipalities()) == 647
    assert len(mun.all_municipalities("SE")) == 290
    assert len(mun.all_municipalities("NO")) == 357


def test_counties_after_the_2024_reform():
    by_county: dict[str, int] = {}
    for m in mun.all_municipalities("NO"):
        by_county[m.county] = by_county.get(m.county, 0) + 1
        assert m.number[:2] == {"Oslo": "03", "Østfold": "31", "Akershus": "32"}.get(m.county, m.number[:2])
    assert by_county["Østfold"] == 12
    assert by_county["Akershus"] == 21
    assert len(by_county) == 15
    vaermland = [m.name for m in mun.all_municipalities("SE") if m.county == "Värmlands län"]
    assert len(vaermland) == 16
    dalsland = {"Åmål", "Mellerud", "Bengtsfors", "Dals-Ed", "Färgelanda"}
    assert dalsland <= {m.name for m in mun.all_municipalities("SE") if m.county == "Västra Götalands län"}


def test_project_and_neighbours():
    project = mun.project_municipalities()
    assert [m.name for m in project] == ["Sunne", "Säffle", "Torsby",
                                         "Indre Østfold", "Marker", "Rakkestad", "Skiptvet"]
    assert {m.key for m in project} == {"SE-1785", "SE-1737", "SE-1766",
                                        "NO-3122", "NO-3118", "NO-3120", "NO-3116"}
    region = mun.region_municipalities()
    neighbours = {m.name for m in region if m.neighbour}
    assert neighbours == {"Arvika", "Eda", "Årjäng", "Karlstad", "Hagfors", "Grums", "Åmål",
                          "Aremark", "Halden", "Sarpsborg", "Fredrikstad", "Våler", "Aurskog-Høland"}
    assert mun.get("NO-3114").neighbour and not mun.get("NO-3419").neighbour
    assert not any(m.project and m.neighbour for m in region)


@pytest.mark.parametrize("country, text, key", [
    ("SE", "SE-1785", "SE-1785"),
    (None, "se-1785", "SE-1785"),
    (None, "NO-3122", "NO-3122"),
    ("SE", "1785", "SE-1785"),
    ("NO", "3118", "NO-3118"),
    ("SE", "säffle", "SE-1785"),
    (None, "SÄFFLE", "SE-1785"),
    (None, "Säffle kommun", "SE-1785"),
    ("NO", "indre østfold", "NO-3118"),
    (None, "Indre Østfold kommune", "NO-3118"),
    (None, "  Aurskog-Høland ", "NO-3226"),
    (None, "Oslo", "NO-0301"),
    (None, "Tana", "NO-5628"),
    ("NO", "Våler (Østfold)", "NO-3114"),
    (None, "Våler (Innlandet)", "NO-3419"),
    (None, "Herøy (Nordland)", "NO-1818"),
    ("SE", "Lund", "SE-1281"),
    ("NO", "Lund", "NO-1112"),
    (None, "Lund (Skåne)", "SE-1281"),
    (None, "Lund (SE)", "SE-1281"),
])
def test_find_accepts_key_number_and_name(country, text, key):
    found = mun.find(country, text)
    assert found is not None and found.key == key and found.code == key


@pytest.mark.parametrize("country, text", [
    ("NO", "Våler"),        # two municipalities: Østfold and Innlandet
    (None, "Våler"),
    ("NO", "Herøy"),
    (None, "Lund"),         # in both countries
    (None, "1785"),         # a bare number needs the country
    ("NO", "SE-1785"),      # key of the other country
    ("SE", "Marker"),
    ("SE", "9999"),
    ("SE", "17"),
    ("DK", "Säffle"),
    ("SE", ""),
    (None, "Atlantis"),
    ("NO", "Våler (Vestland)"),
])
def test_find_refuses_unknown_wrong_country_and_ambiguous(country, text):
    assert mun.find(country, text) is None


def test_get_and_fields():
    m = mun.get("SE-1785")
    assert m == mun.Municipality("SE-1785", "SE", "1785", "Säffle", "Värmlands län", True, False, 59.1333, 12.9333)
    assert mun.get("se-1785") == m
    assert mun.get("SE-0000") is None
    assert mun.get("1785") is None


def test_labels_disambiguate_shared_names():
    assert mun.get("NO-3114").label == "Våler (Østfold)"
    assert mun.get("NO-3419").label == "Våler (Innlandet)"
    assert mun.get("SE-1785").label == "Säffle"
    assert mun.get("SE-1281").label == "Lund"  # unique within Sweden


def test_sorted_by_name_in_each_alphabet():
    se = [m.name for m in mun.all_municipalities("SE")]
    assert se.index("Vänersborg") < se.index("Åmål") < se.index("Älvdalen") < se.index("Östersund")
    no = [m.name for m in mun.all_municipalities("NO")]
    assert no.index("Vågå") < no.index("Ørland") < no.index("Ål")
    assert no.index("Våler") > no.index("Vågå")
    assert no.index("Færder") < no.index("Gamvik")
    assert no.index("Ørland") < no.index("Åfjord")
    assert no.index("Øygarden") < no.index("Ål")


def test_records_store_the_key():
    from cirkular_desktop.core import records

    out = records.validate_record("organization", {"name": "Säffle Snickeri AB", "country": "SE",
                                                   "municipality": "säffle"})
    assert out["municipality"] == "SE-1785"


def test_the_border_area_has_positions():
    """Värmland (16), Dalsland (5), Østfold (12), Aurskog-Høland and five Innlandet municipalities."""
    area = mun.border_area()
    by_county: dict[str, int] = {}
    for m in area:
        by_county[m.landscape or m.county] = by_county.get(m.landscape or m.county, 0) + 1
    assert by_county == {"Värmlands län": 16, "Dalsland": 5, "Østfold": 12, "Akershus": 1, "Innlandet": 5}
    assert {m.name for m in area if m.county == "Innlandet"} == {"Trysil", "Åsnes", "Grue", "Kongsvinger", "Våler"}
    # Every project and neighbour municipality can be placed, and each position lies in the region.
    assert set(mun.region_municipalities()) <= set(area)
    for m in area:
        assert 58.4 < m.latitude < 61.5 and 10.5 < m.longitude < 14.5, m.name
    # Torsby lies north of Säffle and west of Hagfors; Trysil north of Torsby.
    torsby, saffle, hagfors = mun.get("SE-1737"), mun.get("SE-1785"), mun.get("SE-1783")
    assert torsby.latitude > saffle.latitude and torsby.longitude < hagfors.longitude
    assert mun.get("NO-3421").latitude > torsby.latitude


def test_position_prefers_the_address_then_the_municipality():
    assert mun.position({"latitude": "59.5", "longitude": "11.2", "municipality": "NO-3118"}) == (59.5, 11.2, "address")
    assert mun.position({"municipality": "NO-3118"}) == (59.5846, 11.1608, "municipality")
    assert mun.position({"municipality": "SE-0180"}) is None  # Stockholm: outside the area, no position
    assert mun.position({"latitude": "x", "longitude": "1"}) is None


def _rows(name: str) -> list[list[str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _inside(box: tuple[float, float, float, float], lat: float, lon: float) -> bool:
    min_lat, min_lon, max_lat, max_lon = box
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on a sphere, equirectangular: exact enough for a few kilometres at 60 °N."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def test_every_norwegian_position_lies_in_kartverkets_box_of_its_municipality():
    """Checked against Kartverket's avgrensningsboks (tools/data/kartverket-kommuner-bbox.tsv)."""
    boxes = {f"NO-{r[0]}": (r[2], tuple(float(v) for v in r[3:7])) for r in _rows("kartverket-kommuner-bbox.tsv")}
    norwegian = [m for m in mun.border_area() if m.key.startswith("NO-")]
    assert {m.key for m in norwegian} == set(boxes) and len(boxes) == 18
    for m in norwegian:
        name, box = boxes[m.key]
        assert m.name.startswith(name), (m.key, m.name, name)
        assert _inside(box, m.latitude, m.longitude), m.name
    # The check bites: a position given lon/lat the wrong way round, or one from across the
    # county, is outside the box.
    halden = mun.get("NO-3101")
    assert not _inside(boxes["NO-3101"][1], halden.longitude, halden.latitude)
    assert not _inside(boxes["NO-3421"][1], halden.latitude, halden.longitude)


def test_swedish_positions_agree_with_a_second_public_copy():
    """Ten centralorter against Wikipedia's or a second locality list's coordinates, within 2.5 km."""
    rows = _rows("se-centralort-references.tsv")
    assert len(rows) == 10
    for code, centre, lat, lon, _copy in rows:
        m = mun.get(f"SE-{code}")
        assert m is not None and m.latitude is not None, code
        assert _km(m.latitude, m.longitude, float(lat), float(lon)) < 2.5, (m.name, centre)
    # A position 7 km off (that list's Hagfors) would not pass.
    hagfors = mun.get("SE-1783")
    assert _km(hagfors.latitude, hagfors.longitude, 60.087994, 13.646585) > 2.5
