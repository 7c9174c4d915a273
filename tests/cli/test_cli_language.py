"""The ``cirkular`` command speaks the chosen language (issue #5).

Refused input gives one translated line on stderr with exit code 1, usage
errors come from argparse in the same language with exit code 2, the choice
is ``--lang``, else the remembered setting, else the system locale; dates and
decimals users see are formatted for the language (nb "26. november 2026",
"12,5"), also in a visit summary printed in the participant's language.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from cirkular_desktop import i18n, settings
from cirkular_desktop import paths as _paths

BAD_CHECK_DIGIT = ("add", "organization", "name=Säffle Snickeri AB", "country=SE", "org_number=5560360794")


@pytest.mark.parametrize("lang, expected", [
    ("sv", "cirkular: organization.org_number: ”5560360794” har fel kontrollsiffra"),
    ("nb", "cirkular: organization.org_number: «5560360794» har feil kontrollsiffer"),
    ("en", "cirkular: organization.org_number: “5560360794” has a wrong check digit"),
])
def test_refused_input_is_one_translated_line(cli, lang, expected):
    result = cli(*BAD_CHECK_DIGIT, lang=lang)
    assert result.code == 1
    assert result.err == expected + "\n"
    assert cli("list", "organization", "--format", "json", lang=lang).out.strip() == "[]"


@pytest.mark.parametrize("lang, words", [
    ("sv", ("är inte ett tal", "ingen post med id", "okänd tabell")),
    ("nb", ("er ikke et tall", "ingen post med id", "ukjent tabell")),
])
def test_other_refusals_in_the_chosen_language(cli, lang, words):
    not_a_number = cli("add", "stream", "title=Spån", "quantity=abc", lang=lang)
    missing = cli("show", "organization", "0123456789abcdef", lang=lang)
    no_table = cli("list", "widgets", lang=lang)
    for result, word in zip((not_a_number, missing, no_table), words):
        assert result.code == 1, result
        assert word in result.err, result
        assert result.err.count("\n") == 1


@pytest.mark.parametrize("lang, usage, error, required", [
    ("sv", "användning: cirkular add", "cirkular add: fel:", "följande argument krävs"),
    ("nb", "bruk: cirkular add", "cirkular add: feil:", "følgende argumenter må oppgis"),
])
def test_usage_errors_come_from_argparse_in_the_chosen_language(cli, capsys, lang, usage, error, required):
    result = cli("add", lang=lang)
    err = capsys.readouterr().err + result.err  # argparse writes to sys.stderr itself
    assert result.code == 2
    assert usage in err and error in err and required in err


@pytest.mark.parametrize("lang, word", [("sv", "ogiltigt val"), ("nb", "ugyldig valg")])
def test_invalid_choice_is_translated(cli, capsys, lang, word):
    result = cli("list", "organization", "--format", "yaml", lang=lang)
    assert result.code == 2
    assert word in capsys.readouterr().err


@pytest.mark.parametrize("lang, words", [
    ("sv", ("användning:", "visa den här hjälptexten och avsluta", "flaggor")),
    ("nb", ("bruk:", "vis denne hjelpeteksten og avslutt", "valg")),
])
def test_help_is_translated(cli, capsys, lang, words):
    result = cli("--help", lang=lang)
    out = capsys.readouterr().out + result.out
    assert result.code == 0
    for word in words:
        assert word in out
    assert "show this help message" not in out


def test_language_is_remembered_in_the_settings(cli, data_dir):
    settings.save(_paths.resolve(str(data_dir)), {"language": "nb"})
    assert "har feil kontrollsiffer" in cli(*BAD_CHECK_DIGIT).err
    assert "has a wrong check digit" in cli(*BAD_CHECK_DIGIT, lang="en").err  # --lang wins


@pytest.mark.parametrize("locale_name, word", [("sv_SE.UTF-8", "har fel kontrollsiffra"),
                                                ("nn_NO.UTF-8", "har feil kontrollsiffer"),
                                                ("de_DE.UTF-8", "has a wrong check digit")])
def test_system_locale_is_the_default(cli, monkeypatch, locale_name, word):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", locale_name)
    assert word in cli(*BAD_CHECK_DIGIT).err


def test_dates_and_decimals_as_each_language_writes_them():
    day = dt.date(2026, 11, 26)
    assert i18n.format_date(day, "nb") == "26. november 2026"
    assert i18n.format_date(day, "sv") == "26 november 2026"
    assert i18n.format_date(day, "en") == "26 November 2026"
    assert i18n.format_date(day, "nb", fmt="short") == "26.11.2026"
    assert i18n.format_date(day, "sv", fmt="short") == "2026-11-26"
    assert i18n.format_decimal(12.5, "nb") == "12,5"
    assert i18n.format_money(12500, "NOK", "nb").replace("\xa0", " ") == "12 500,00 kr"


def _visit(cli) -> tuple[str, str]:
    org = cli("add", "organization", "name=Rakkestad Sag AS", "country=NO", "municipality=Rakkestad").out.strip()
    visit = cli("add", "visit", f"organization_id={org}", "date=2026-11-26").out.strip()
    stream = cli("add", "stream", f"organization_id={org}", f"visit_id={visit}", "title=Kapp fra kapping",
                 "quantity=12,5", "unit=t", "basis=per_year")
    assert stream.code == 0, stream
    return org, visit


def test_record_shown_with_dates_and_numbers_of_the_language(cli):
    _org, visit = _visit(cli)
    nb = cli("show", "visit", visit, lang="nb").out
    sv = cli("show", "visit", visit, lang="sv").out
    assert "Dato" in nb and "26.11.2026" in nb and "Pågår" in nb
    assert "Datum" in sv and "2026-11-26" in sv
    streams = cli("list", "stream", lang="nb").out
    assert "12,5" in streams and "per år" in streams


def test_visit_summary_in_norwegian_has_norwegian_dates_and_decimal_commas(cli, tmp_path, data_dir):
    pypdf = pytest.importorskip("pypdf")
    _org, visit = _visit(cli)
    target = tmp_path / "sammendrag.pdf"
    # The user's language is Swedish; the participant is Norwegian, so the summary is in nb.
    settings.save(_paths.resolve(str(data_dir)), {"language": "sv"})
    result = cli("report", "visit", visit, "-o", str(target))
    assert result.out.startswith("Skrev ")
    assert result.code == 0, result
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Sammendrag av besøket" in text
    assert "26. november 2026" in text
    assert "12,5 t" in text
    assert "Visit summary" not in text and "november 26" not in text.lower()


@pytest.mark.parametrize("name, lang", [("Swedish_Sweden.1252", "sv"), ("Norwegian Bokmål_Norway", "nb"),
                                        ("Norwegian (Bokmål)_Norway.1252", "nb"), ("nb-NO", "nb"),
                                        ("German_Germany.1252", None), ("C.UTF-8", None)])
def test_locale_names_of_other_platforms(name, lang):
    assert i18n.normalise_language(name) == lang


def test_preferred_languages_count_when_the_environment_says_nothing():
    assert i18n.system_language({"LANG": "C"}, preferred=["de-DE", "nb-NO", "sv-SE"]) == "nb"
    assert i18n.system_language({"LANG": "sv_SE.UTF-8"}, preferred=["nb-NO"]) == "sv"
    assert i18n.system_language({}, preferred=["fr-FR"]) == "en"
