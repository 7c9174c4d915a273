"""Matchmaking rules and the cross-border checks (core.matching, core.border)."""

from __future__ import annotations

from cirkular_desktop.core import border, explain, matching

SE_ORG = {"id": "se", "country": "SE", "municipality": "SE-1785"}
SE_ORG2 = {"id": "se2", "country": "SE", "municipality": "SE-1785"}
NO_ORG = {"id": "no", "country": "NO", "municipality": "NO-3122"}
FAR_ORG = {"id": "far", "country": "SE", "municipality": "SE-0180"}
ORGS = {o["id"]: o for o in (SE_ORG, SE_ORG2, NO_ORG, FAR_ORG)}


def stream(id_, org, **values):
    base = {"id": id_, "organization_id": org, "title": "Offcuts", "material_category": "wood.untreated",
            "waste_codes": ["030105"], "quantity": "10", "unit": "t", "basis": "per_year",
            "legal_status": "waste", "visibility": "shared"}
    base.update(values)
    return base


def need(id_, org, **values):
    base = {"id": id_, "organization_id": org, "title": "Wood for chips", "material_category": "wood.untreated",
            "quantity": "8", "unit": "t", "basis": "per_year"}
    base.update(values)
    return base


def test_closer_and_better_fitting_streams_rank_first():
    streams = [stream("near", "se"), stream("far", "far"), stream("other", "se", material_category="metals")]
    result = matching.suggest(streams, [need("n", "se2")], ORGS)
    assert [s.stream_id for s in result][:2] == ["near", "far"]
    assert "other" not in {s.stream_id for s in result}
    assert {"code": "same_municipality"} in result[0].reasons
    assert "same municipality" in explain.describe_all(result[0].reasons)


def test_own_private_matched_and_rejected_pairs_are_left_out():
    streams = [stream("own", "se2"), stream("private", "se", visibility="private"), stream("done", "se"),
               stream("rejected", "se"), stream("ok", "se")]
    matches = [{"stream_id": "done", "need_id": "n", "stage": "agreed"},
               {"stream_id": "rejected", "need_id": "n", "stage": "rejected"}]
    result = matching.suggest(streams, [need("n", "se2")], ORGS, matches=matches)
    assert [s.stream_id for s in result] == ["ok"]


def test_shared_waste_code_matches_across_material_trees():
    result = matching.suggest([stream("s", "se", material_category="packaging.pallets")],
                              [need("n", "se2", material_category=None, waste_codes=["030105"])], ORGS)
    assert result and result[0].reasons[0] == {"code": "same_waste_code", "waste_code": "030105"}
    assert explain.describe(result[0].reasons[0]) == "same waste code 03 01 05"


def test_per_need_limit_and_deterministic_order():
    streams = [stream(f"s{i}", "se") for i in range(12)]
    first = matching.suggest(streams, [need("n", "se2")], ORGS, per_need=3)
    assert len(first) == 3 and first == matching.suggest(list(reversed(streams)), [need("n", "se2")], ORGS,
                                                         per_need=3)


def test_non_overlapping_periods_halve_the_score():
    base = matching.suggest([stream("s", "se")], [need("n", "se2")], ORGS)[0]
    late = matching.suggest([stream("s", "se", available_to="2025-01-31")],
                            [need("n", "se2", available_from="2026-03-01")], ORGS, min_score=0)[0]
    assert late.score < base.score * 0.6 and {"code": "periods_do_not_overlap"} in late.reasons


def test_reasons_are_codes_rendered_in_the_readers_language():
    from cirkular_desktop import i18n

    found = matching.suggest([stream("s", "se")], [need("n", "se2")], ORGS)[0]
    assert {"code": "same_material", "material": "wood.untreated"} in found.reasons
    texts = {}
    for lang in ("en", "sv", "nb"):
        with i18n.using_language(lang):
            texts[lang] = explain.describe_all(found.reasons)
    assert texts["en"] != texts["sv"] != texts["nb"] != texts["en"]
    assert all(t.strip() for lang in texts for t in texts[lang])


def test_unknown_codes_and_notes_are_shown_not_dropped():
    assert explain.describe({"code": "from_the_future", "km": 3}) == "from_the_future (km=3)"
    assert explain.describe(explain.note("old text")) == "old text"
    assert explain.kind({"code": "from_the_future"}) is None


def test_every_registered_code_renders_in_every_language():
    from cirkular_desktop import i18n

    samples = {"material": "wood.untreated", "material_top": "wood.untreated", "waste_code": "030105",
               "km": 38, "supply_t": "12.5", "demand_t": "8", "words": ["spån"], "need_material": "energy.fuel",
               "supply": "12.5", "demand": "8", "lot": "10", "unit": "t", "share": 40,
               "components": ["quantity", "timing"], "why": "unlisted", "status": "by_product",
               "assessed_by": "Anna Berg", "assessed_on": "2026-03-02", "entry": "B3050", "annex": "III",
               "entries": ["B3050", "EU3011"], "se_rule_set": "se-eu-2024-1157", "no_rule_set": "no-eea-1013-2006",
               "rule_set": "se-eu-2024-1157", "reference": None}
    import string

    for code, known in explain.CODES.items():
        names = {f for _, f, _, _ in string.Formatter().parse(known.text) if f}
        values = {n: samples[n] for n in names if n != "reference"}
        if known.kind == "flag":
            values.update(rule_set="se-eu-2024-1157", checked_on="2026-12-07")
        for lang in ("en", "sv", "nb"):
            with i18n.using_language(lang):
                text = explain.describe(explain.item(code, **values))
            assert text and "{" not in text, (code, lang, text)


def test_an_organization_without_an_address_is_placed_at_its_municipality_centre():
    # Torsby (SE) and Trysil (NO, across the border) have no coordinates recorded:
    # the municipalities' centres give the distance (about 130 km), instead of no distance at all.
    torsby = {"id": "a", "country": "SE", "municipality": "SE-1737"}
    trysil = {"id": "b", "country": "NO", "municipality": "NO-3421"}
    score, reason, _km = matching.distance_fit(torsby, trysil)
    assert reason is not None and reason["code"] == "distance" and 100 < reason["km"] < 160
    # Two without an address in the same municipality: the shared centre says nothing new.
    assert matching.distance_fit(torsby, {**torsby, "id": "c"})[1] == {"code": "same_municipality"}
    # Recorded coordinates win over the centre.
    near = {**trysil, "latitude": "60.14", "longitude": "13.0"}
    assert matching.distance_fit(torsby, near)[1]["km"] < 5
