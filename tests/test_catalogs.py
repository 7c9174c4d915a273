"""CI checks of the gettext catalogs (issue #5) and of the checker itself.

* the template ``translations/cirkular.pot`` holds exactly the strings marked
  in ``src/`` (``_``, ``N_``, ``ngettext``, ``pgettext``, ``QT_TRANSLATE_NOOP``);
* ``sv.po`` and ``nb.po`` have every entry, none untranslated or fuzzy, and
  the same ``{named}``, ``%(named)s``, ``%s`` and Qt ``%1`` placeholders as
  the source in every plural form;
* the users' words are used consistently (glossary), Bokmål is not Nynorsk
  or Danish;
* the pseudo-locale keeps placeholders intact and is about 30 % longer.

The checks live in ``tools/i18n.py`` so the command and CI agree.
"""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Message

from cirkular_desktop import i18n

ROOT = Path(__file__).resolve().parents[1]


def _load_tool():
    spec = importlib.util.spec_from_file_location("cirkular_i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def report():
    return tool.check()


@pytest.fixture(scope="module", params=["sv", "nb"])
def catalog(request):
    return request.param, tool.read_catalog(tool.TRANSLATIONS / f"{request.param}.po", locale=request.param)


# --- The catalogs --------------------------------------------------------------------------------

def test_template_is_up_to_date_with_the_source(report):
    problems = report.problems["cirkular.pot"]
    assert problems == [], ("translations/cirkular.pot is out of date; run "
                            "`.venv/bin/python tools/i18n.py update`:\n" + "\n".join(problems[:30]))


@pytest.mark.parametrize("lang", ["sv", "nb"])
def test_catalog_is_complete_and_sound(report, lang):
    problems = report.problems[f"{lang}.po"]
    assert problems == [], f"{lang}.po: " + "\n".join(problems[:40])


def test_catalogs_cover_a_real_number_of_strings(report):
    # Guards against a check that passes because it looked at nothing.
    for lang in ("sv", "nb"):
        assert report.counts[f"{lang}.po"]["entries"] > 500


def test_every_marked_string_of_the_source_is_translated(catalog):
    lang, found = catalog
    translated = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in found if m.id and m.string}
    source = tool.extract_catalog()
    missing = [m.id for m in source if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0])
               not in translated]
    assert missing == []


def test_translated_brace_formats_can_be_formatted(catalog):
    """Every translation formats with the source's names (a typo like {cont} would raise)."""
    lang, found = catalog
    for message in found:
        if not message.id or message.context:
            continue
        sources = tool._ids(message)
        for index, text in enumerate(tool._strs(message)):
            names = {n for _, n, _, _ in string.Formatter().parse(sources[min(index, len(sources) - 1)]) if n}
            if not names:
                continue
            values = {name: "x" for name in names | {"count"}}
            text.format(**values)


def test_gettext_serves_the_catalogs():
    assert i18n.catalog("sv").gettext("Residual streams") == "Restströmmar"
    assert i18n.catalog("nb").gettext("Residual streams") == "Reststrømmer"
    with i18n.using_language("nb"):
        assert i18n.ngettext("{count} photo", "{count} photos", 3).format(count=3) == "3 bilder"
        assert i18n.ngettext("{count} photo", "{count} photos", 1).format(count=1) == "1 bilde"
    assert i18n.lookup("Cancel", "QPlatformTheme", "nb") == "Avbryt"
    assert i18n.lookup("no such text at all", None, "nb") is None


# --- The users' words ----------------------------------------------------------------------------

# English source word -> the one word each language uses for it (glossary, docs/glossary.md).
TERMS = [
    (r"\bbundles?\b", r"paket", r"pakke"),
    (r"\bresidual streams?\b", r"restström", r"reststrøm"),
    (r"\bwaste codes?\b", r"avfallskod", r"avfallskode"),
    (r"\bmapping\b", r"kartlägg", r"kartlegg"),
    (r"\bquestionnaire\b", r"enkät", r"spørreskjema"),
    (r"\bcoordinators?\b", r"samordnar", r"koordinator"),
    (r"\breceivers?\b", r"mottagar", r"mottaker"),
    (r"\bpassphrase\b", r"lösenfras", r"passordfrase"),
]


@pytest.mark.parametrize("pattern, sv_word, nb_word", TERMS, ids=[t[1] for t in TERMS])
def test_glossary_words_are_used_consistently(pattern, sv_word, nb_word):
    for lang, word in (("sv", sv_word), ("nb", nb_word)):
        found = tool.read_catalog(tool.TRANSLATIONS / f"{lang}.po", locale=lang)
        offenders = []
        for message in found:
            if not message.id or message.context:
                continue
            for source, text in zip(tool._ids(message), tool._strs(message)):
                plain = re.sub(r"\{[^{}]*\}", "", source)  # {questionnaire} is a name, not a word
                if text and re.search(pattern, plain, re.I) and "--" not in source and word not in text.lower():
                    offenders.append(f"{source!r} -> {text!r}")
        assert offenders == [], f"{lang}: expected “{word}”:\n" + "\n".join(offenders)


# Words that give away Nynorsk or Danish in what should be Bokmål, and Norwegian in Swedish.
NOT_BOKMAAL = re.compile(r"\b(ikkje|eit|ein|berre|kva|korleis|lagra|opna|gjer|gem|annuller|fortryd|"
                         r"slet|ændr\w*|følgjande|mappa|fila)\b", re.I)
NOT_SWEDISH = re.compile(r"\b(ikke|og|mappe|lagre|slett|avbryt\w+|kunne ikke|være)\b", re.I)


def test_bokmaal_is_neither_nynorsk_nor_danish():
    found = tool.read_catalog(tool.TRANSLATIONS / "nb.po", locale="nb")
    offenders = [t for m in found if m.id for t in tool._strs(m) if NOT_BOKMAAL.search(t)]
    assert offenders == []


def test_swedish_has_no_norwegian_words():
    found = tool.read_catalog(tool.TRANSLATIONS / "sv.po", locale="sv")
    offenders = [t for m in found if m.id for t in tool._strs(m) if NOT_SWEDISH.search(t)]
    assert offenders == []


def test_menu_names_follow_each_platform_convention():
    expected = {"sv": {"&File": "&Arkiv", "&Edit": "&Redigera", "&View": "&Visa", "&Help": "&Hjälp"},
                "nb": {"&File": "&Fil", "&Edit": "&Rediger", "&View": "&Vis", "&Help": "&Hjelp"}}
    for lang, menus in expected.items():
        for source, word in menus.items():
            assert i18n.catalog(lang).gettext(source) == word


# --- The checker can fail ------------------------------------------------------------------------

@pytest.mark.parametrize("message, problem", [
    (Message("{count} streams", ""), "untranslated"),
    (Message("{count} streams", "{count} strömmar", flags=["fuzzy"]), "fuzzy"),
    (Message("{count} streams", "{antal} strömmar"), "placeholders"),
    (Message("{count} streams", "strömmar"), "placeholders"),
    (Message("usage: %(prog)s", "användning: %(program)s"), "placeholders"),
    (Message("unrecognized arguments: %s", "okända argument"), "placeholders"),
    (Message(("{count} photo", "{count} photos"), ("{count} foto", "foton")), "placeholders"),
    (Message(("{count} photo", "{count} photos"), ("{count} foto", "")), "untranslated"),
    (Message("%1 already exists.", "finns redan.", context="QFileDialog"), "placeholders"),
    (Message("Name: {name}", "Namn: {name"), "broken braces"),
    (Message("first line\n", "första raden"), "trailing newline"),
])
def test_checker_finds_each_kind_of_problem(message, problem):
    problems = tool.message_problems(message)
    assert any(p.startswith(problem) for p in problems), problems


@pytest.mark.parametrize("message", [
    Message("{count} streams", "{count} strömmar"),
    Message(("{count} photo", "{count} photos"), ("ett foto", "{count} foton")),
    Message("argument %(argument_name)s: %(message)s", "argument %(argument_name)s: %(message)s"),
    Message("%1 already exists.", "%1 finns redan.", context="QFileDialog"),
    Message("100% sure", "100 % säker"),
])
def test_checker_accepts_sound_entries(message):
    assert tool.message_problems(message) == []


# --- Pseudo-locale -------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "Residual streams", "{count} streams in {municipality}", "argument %(argument_name)s: %(message)s",
    "&File", "Save the changes (Ctrl+S)", "Data folder:\n{folder}",
])
def test_pseudo_locale_keeps_placeholders_and_grows_about_30_percent(source):
    text = i18n.pseudo(source)
    assert text != source
    assert tool.placeholders(source) == tool.placeholders(text)
    assert ("&" in source) == ("&" in text)
    assert text.endswith("\n") == source.endswith("\n")
    if len(source) >= 12:
        assert 1.2 <= len(text) / len(source) <= 1.6
    assert not re.search(r"[a-zA-Z]{3}", re.sub(r"\{[^}]*\}|%\([^)]*\)\w|Ctrl\+S", "", text)), text


def test_pseudo_locale_switches_gettext(monkeypatch):
    i18n.set_pseudo(True)
    try:
        assert i18n.gettext("Residual streams").startswith("[Ŕéšíðúåļ")
        assert "{count}" in i18n.ngettext("{count} photo", "{count} photos", 2)
        assert i18n.pgettext("QPlatformTheme", "Cancel").startswith("[")
    finally:
        i18n.set_pseudo(None)
    monkeypatch.setenv("CIRKULAR_PSEUDO", "1")
    i18n.set_pseudo(None)
    try:
        assert i18n.pseudo_enabled()
    finally:
        monkeypatch.delenv("CIRKULAR_PSEUDO")
        i18n.set_pseudo(None)
    assert i18n.gettext("Residual streams") == "Residual streams"


def test_compile_writes_mo_files_that_gettext_reads(tmp_path):
    import gettext

    written = tool.compile_catalogs(tmp_path)
    assert {p.parts[-3] for p in written} == {"sv", "nb"}
    translation = gettext.translation("cirkular", localedir=tmp_path, languages=["nb"])
    assert translation.gettext("Residual streams") == "Reststrømmer"


@pytest.mark.parametrize("lang", ["sv", "nb"])
def test_fast_po_reader_agrees_with_babel(lang, tmp_path):
    """The start-up reader of i18n.py gives exactly what Babel's compiled catalog gives."""
    import gettext

    tool.compile_catalogs(tmp_path, (lang,))
    with (tmp_path / lang / "LC_MESSAGES" / "cirkular.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries, plural_forms = i18n.read_po(tool.TRANSLATIONS / f"{lang}.po")
    babel_entries = {k: v for k, v in compiled._catalog.items() if k != ""}
    assert entries == babel_entries
    assert plural_forms == "nplurals=2; plural=(n != 1);"


def test_fast_po_reader_skips_fuzzy_and_empty_and_reads_escapes(tmp_path):
    po = tmp_path / "xx.po"
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                  '#, fuzzy\nmsgid "Old"\nmsgstr "Gammal"\n\n'
                  'msgid "Empty"\nmsgstr ""\n\n'
                  '#, python-brace-format\nmsgid ""\n"Two\\n"\n"lines {x}"\nmsgstr ""\n"Två\\n"\n"rader \\"{x}\\""\n\n'
                  'msgctxt "QFileDialog"\nmsgid "Back"\nmsgstr "Tillbaka"\n\n'
                  'msgid "{n} photo"\nmsgid_plural "{n} photos"\nmsgstr[0] "{n} foto"\nmsgstr[1] "{n} foton"\n\n'
                  '#~ msgid "Gone"\n#~ msgstr "Borta"\n', encoding="utf-8")
    entries, _forms = i18n.read_po(po)
    assert entries == {"Two\nlines {x}": 'Två\nrader "{x}"', "QFileDialog\x04Back": "Tillbaka",
                       ("{n} photo", 0): "{n} foto", ("{n} photo", 1): "{n} foton"}


def test_extraction_sees_calls_inside_f_strings(tmp_path):
    (tmp_path / "module.py").write_text(
        'from cirkular_desktop.i18n import gettext as _, ngettext, pgettext\n'
        'html = f"<th>{_(\'Version\')}</th><td>{ngettext(\'{n} photo\', \'{n} photos\', 2)}</td>"\n'
        'label = pgettext("menu", "Open")\n'
        'skipped = _(some_variable)\n', encoding="utf-8")
    found = {(message, context) for _file, _line, message, context in tool.ast_messages(tmp_path)}
    assert found == {("Version", None), (("{n} photo", "{n} photos"), None), ("Open", "menu")}


# --- The code lists are trilingual too ------------------------------------------------------------

# Municipality names are proper nouns, one per municipality, so that list has no translations.
RESOURCE_FILES = ["codelists/waste-list-2014.json", "materials.json", "questionnaires/mapping-v1.json"]


def _texts(node, path=""):
    if isinstance(node, dict):
        if isinstance(node.get("en"), str):
            yield path, node
        for key, value in node.items():
            yield from _texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", RESOURCE_FILES)
def test_code_lists_have_swedish_and_bokmaal_for_every_text(name):
    import json

    data = json.loads((ROOT / "resources" / name).read_text(encoding="utf-8"))
    texts = list(_texts(data))
    assert texts
    missing = [f"{path}: {node['en'][:50]!r}" for path, node in texts
               if not (isinstance(node.get("sv"), str) and node["sv"].strip()
                       and isinstance(node.get("nb"), str) and node["nb"].strip())]
    assert missing == []
    not_bokmaal = [node["nb"] for _path, node in texts if NOT_BOKMAAL.search(node["nb"])]
    assert not_bokmaal == []
