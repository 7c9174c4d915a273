"""`cirkular match suggest` over demo data, and accepting a suggestion as a match."""

from __future__ import annotations

import json

from cirkular_desktop.services import demo, matching
from cirkular_desktop.services import records as services


def test_match_suggest_json_is_stable_and_ranked(cli, app):
    demo.add_demo(app, seed=2)
    first = cli("match", "suggest", "--format", "json")
    assert first.code == 0
    rows = json.loads(first.out)
    assert rows and rows == json.loads(cli("match", "suggest", "--format", "json").out)
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert {"stream_id", "need_id", "reasons", "flags", "cross_border"} <= set(rows[0])
    table = cli("match", "suggest", "--per-need", "1")
    assert table.code == 0 and "suggestions" in table.out
    assert cli("match", "suggest", "--per-need", "0").code == 1
    assert cli("match").code == 2


def test_accepting_a_suggestion_records_reasons_and_flags(app):
    demo.add_demo(app, seed=2)
    cross = next(s for s in matching.suggest(app) if s.cross_border)
    match_id = matching.accept(app, cross.stream_id, cross.need_id).value
    match = services.get_record(app, "match", match_id)
    assert match["stage"] == "proposed" and match["cross_border"] is True
    assert match["reasons"] == [dict(r) for r in cross.reasons] and match["flags"] == [dict(f) for f in cross.flags]
    assert match["flags"] and match["rule_set"] == cross.as_dict()["rule_set"] and match["flags_checked_on"]
    assert all((s.stream_id, s.need_id) != (cross.stream_id, cross.need_id) for s in matching.suggest(app))


def test_scores_use_the_languages_decimal_mark(cli, app):
    demo.add_demo(app, seed=2)
    app.close()
    first_row = cli("match", "suggest", "--per-need", "1", lang="nb").out.splitlines()[2]
    assert first_row[:4].startswith("0,") or first_row.startswith("1,00")
    assert cli("match", "suggest", "--per-need", "1").out.splitlines()[2][1] == "."
    # Empty database: a header, a count and the caution, nothing else.
    empty = cli("match", "suggest", data=app.paths.data_dir.parent / "empty").out.splitlines()
    assert empty[-3:-1] == ["0 suggestions", ""] and "Miljødirektoratet" in empty[-1]


def test_one_stream_or_one_need_and_the_caution(cli, app):
    demo.add_demo(app, seed=2)
    cross = next(s for s in matching.suggest(app) if s.cross_border)
    app.close()
    for option, record_id, key in (("--need", cross.need_id, "need_id"), ("--stream", cross.stream_id, "stream_id")):
        rows = json.loads(cli("match", "suggest", option, record_id, "--format", "json").out)
        assert rows and all(row[key] == record_id for row in rows)
        assert all(row["rule_set"] and row["checked_on"] for row in rows)
    table = cli("match", "suggest", "--need", cross.need_id, lang="sv")
    assert table.code == 0 and "Naturvårdsverket" in table.out.splitlines()[-1]
    assert cross.stream_title in table.out and "  - " in table.out     # the flags of each pair in full
    assert cli("match", "suggest", "--need", "no-such-need").code == 1
    assert cli("match", "suggest", "--need", cross.need_id, "--stream", cross.stream_id).code == 2
