"""`cirkular match accept/reject/unreject/stage/show`: a coordinator's day through the CLI, and one-line refusals."""

from __future__ import annotations

import json

import pytest

from cirkular_desktop.services import demo


@pytest.fixture
def region(app):
    demo.add_demo(app, seed=2)
    app.close()


def _suggestions(cli, *args):
    result = cli("match", "suggest", "--format", "json", *args)
    assert result.code == 0, result
    return json.loads(result.out)


def test_a_coordinators_day_through_the_cli(cli, region, tmp_path):
    first = _suggestions(cli, "--per-need", "1")[0]
    stream = first["stream_id"]
    for_stream = _suggestions(cli, "--stream", stream[:8], "--per-need", "3")
    assert for_stream and all(s["stream_id"] == stream for s in for_stream)
    scores = [s["score"] for s in for_stream]
    assert scores == sorted(scores, reverse=True)
    keep, drop = for_stream[0], (for_stream[1] if len(for_stream) > 1 else None)

    accepted = cli("match", "accept", keep["stream_id"], keep["need_id"], "--note", "Ring Anna på måndag")
    assert accepted.code == 0, accepted
    match_id = accepted.out.strip()
    if drop is not None:
        rejected = cli("match", "reject", drop["stream_id"], drop["need_id"], "--reason", "distance",
                       "--note", "Mottagaren vill inte köra så långt")
        assert rejected.code == 0, rejected
        assert all((s["stream_id"], s["need_id"]) != (drop["stream_id"], drop["need_id"])
                   for s in _suggestions(cli, "--stream", stream, "--per-need", "10"))
    for stage in ("contacted", "assessed", "testing"):
        assert cli("match", "stage", match_id[:8], stage, "--note", f"steg {stage}").code == 0
    test = cli("add", "test_environment", f"match_id={match_id}", "title=Provleverans", "status=running",
               "start_date=2026-09-01")
    assert test.code == 0, test
    assert cli("match", "stage", match_id, "agreed").code == 0
    assert cli("match", "stage", match_id, "implemented", "--note", "Avtal klart").code == 0
    assert cli("add", "outcome", f"match_id={match_id}", "year=2026", "tonnes_diverted=12",
               "diverted_from=incineration", "co2e_factor=0.4", "co2e_factor_source=IVL").code == 0

    shown = json.loads(cli("match", "show", match_id, "--format", "json").out)
    assert shown["match"]["stage"] == "implemented"
    assert [e["stage"] for e in shown["history"]] == ["proposed", "contacted", "assessed", "testing", "agreed",
                                                      "implemented"]
    assert shown["history"][1]["from_stage"] == "proposed" and shown["history"][1]["note"] == "steg contacted"
    assert shown["match"]["reasons"] and all("text" in r for r in shown["match"]["reasons"])
    assert [t["title"] for t in shown["test_environments"]] == ["Provleverans"]
    assert shown["outcomes"][0]["co2e_saved"] == "4.8"
    text = cli("match", "show", match_id, lang="sv").out
    assert "Föreslagen → Kontaktad" in text and "Provleverans" in text and "4,8 t CO₂e" in text

    report = tmp_path / "project.pdf"
    assert cli("report", "project", "-o", str(report)).code == 0

    if drop is not None:
        assert cli("match", "unreject", drop["stream_id"], drop["need_id"]).code == 0
        assert any((s["stream_id"], s["need_id"]) == (drop["stream_id"], drop["need_id"])
                   for s in _suggestions(cli, "--stream", stream, "--per-need", "10"))


def test_bad_match_input_is_one_line_and_changes_nothing(cli, region):
    first = _suggestions(cli, "--per-need", "1")[0]
    match_id = cli("match", "accept", first["stream_id"], first["need_id"]).out.strip()
    before = cli("dump").out
    unknown = "00000000-0000-4000-8000-000000000000"
    for args in (("match", "accept", unknown, first["need_id"]),
                 ("match", "accept", first["stream_id"], first["need_id"]),          # already matched
                 ("match", "stage", match_id, "finished"),
                 ("match", "stage", unknown, "contacted"),
                 ("match", "stage", match_id, "rejected"),                             # no --note
                 ("match", "stage", match_id, "proposed"),                             # already there
                 ("match", "reject", first["stream_id"], first["need_id"]),            # no --reason
                 ("match", "reject", first["stream_id"], first["need_id"], "--reason", "  "),
                 ("match", "unreject", first["stream_id"], first["need_id"]),          # not rejected
                 ("match", "show", unknown),
                 ("match", "suggest", "--stream", unknown)):
        result = cli(*args)
        assert result.code == 1, (args, result)
        assert len(result.err.strip().splitlines()) == 1, (args, result.err)
    assert cli("dump").out == before
    assert cli("match", "suggest", "--stream", first["stream_id"], "--need", first["need_id"]).code == 2


def test_the_same_matchs_reasons_read_in_each_language(cli, region):
    cross = next(s for s in _suggestions(cli, "--per-need", "2") if s["cross_border"])
    match_id = cli("match", "accept", cross["stream_id"], cross["need_id"], lang="sv").out.strip()
    shown = {lang: cli("match", "show", match_id, lang=lang).out for lang in ("sv", "nb", "en")}
    stored = json.loads(cli("match", "show", match_id, "--format", "json").out)["match"]
    from cirkular_desktop import i18n
    from cirkular_desktop.core import explain

    for lang, text in shown.items():
        with i18n.using_language(lang):
            for item in stored["reasons"] + stored["flags"]:
                assert explain.describe({k: v for k, v in item.items() if k != "text"}) in text, (lang, item)
    labels = {"sv": "Varför den föreslogs", "nb": "Hvorfor den ble foreslått", "en": "Why it was suggested"}
    for lang, label in labels.items():
        assert label in shown[lang]
    assert len({shown["sv"], shown["nb"], shown["en"]}) == 3
