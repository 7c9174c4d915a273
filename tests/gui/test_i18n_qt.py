"""Qt's own dialogs in Swedish and Norwegian Bokmål (issue #5, ``gui/qt_i18n.py``).

Standard buttons, message boxes, the context menu of text fields, the
progress dialog's Cancel, Qt's file dialog and the print dialog read correctly in sv (Qt's
``qtbase_sv.qm`` under our catalog) and in nb (our catalog only: Qt ships
no Bokmål); switching language replaces the translators live.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QLocale
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QProgressDialog, QPushButton, QToolButton,
)

from cirkular_desktop import i18n
from cirkular_desktop.gui import qt_i18n


@pytest.fixture
def qt_lang(qapp):
    """Install Qt translations for a language; English again afterwards so other tests see the source."""

    def use(lang: str) -> str:
        i18n.set_language(lang)
        qt_i18n.install(qapp, lang)
        return lang

    yield use
    i18n.set_pseudo(None)
    i18n.set_language("en")
    qt_i18n.install(qapp, "en")


def _menu_texts(widget) -> list[str]:
    menu = widget.createStandardContextMenu()
    try:
        return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    finally:
        menu.deleteLater()


EXPECTED = {
    "sv": {"buttons": ["OK", "Avbryt", "Spara", "Stäng", "Verkställ", "Hjälp"],
           "yes_no": ["&Ja", "&Nej"],
           "menu": ["&Ångra", "&Gör om", "Klipp &ut", "&Kopiera", "Klistra &in", "Ta bort", "Markera allt"]},
    "nb": {"buttons": ["OK", "Avbryt", "Lagre", "Lukk", "Bruk", "Hjelp"],
           "yes_no": ["&Ja", "&Nei"],
           "menu": ["&Angre", "&Gjør om", "Klipp &ut", "&Kopier", "&Lim inn", "Slett", "Merk alt"]},
    "en": {"buttons": ["OK", "Cancel", "Save", "Close", "Apply", "Help"],
           "yes_no": ["&Yes", "&No"],
           "menu": ["&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Delete", "Select All"]},
}
BUTTONS = (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel,
           QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Close,
           QDialogButtonBox.StandardButton.Apply, QDialogButtonBox.StandardButton.Help)


@pytest.mark.parametrize("lang", ["sv", "nb", "en"])
def test_standard_buttons_and_text_field_menus(qtbot, qt_lang, lang):
    qt_lang(lang)
    box = QDialogButtonBox()
    qtbot.addWidget(box)
    for button in BUTTONS:
        box.addButton(button)
    assert [box.button(b).text() for b in BUTTONS] == EXPECTED[lang]["buttons"]

    message = QMessageBox(QMessageBox.Icon.Question, "Cirkulär", "?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert [message.button(QMessageBox.StandardButton.Yes).text(),
            message.button(QMessageBox.StandardButton.No).text()] == EXPECTED[lang]["yes_no"]

    line, text = QLineEdit("Säffle"), QPlainTextEdit("Rakkestad")
    qtbot.addWidget(line)
    qtbot.addWidget(text)
    assert _menu_texts(line) == EXPECTED[lang]["menu"]
    assert _menu_texts(text) == EXPECTED[lang]["menu"]


@pytest.mark.parametrize("lang, cancel", [("sv", "Avbryt"), ("nb", "Avbryt"), ("en", "Cancel")])
def test_progress_dialog_cancel(qtbot, qt_lang, lang, cancel):
    qt_lang(lang)
    dialog = QProgressDialog()
    qtbot.addWidget(dialog)
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert buttons == [cancel]
    dialog.cancel()


def _visible_texts(dialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    texts += [w.text() for w in dialog.findChildren(QPushButton) if w.text()]
    texts += [w.toolTip() for w in dialog.findChildren(QToolButton) if w.toolTip()]
    return texts


@pytest.mark.parametrize("lang, words", [
    ("nb", {"&Se i:", "Fil&navn:", "Fil&type:", "&Lagre", "Avbryt", "Tilbake", "Opprett ny mappe",
            "Listevisning", "Detaljvisning"}),
    ("sv", {"Fil&namn:", "&Spara", "Avbryt", "Skapa ny mapp"}),
])
def test_file_dialog_reads_in_the_language(qtbot, qt_lang, tmp_path, lang, words):
    qt_lang(lang)
    dialog = QFileDialog(None, "Cirkulär", str(tmp_path), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    texts = set(_visible_texts(dialog))
    assert words <= texts, sorted(texts)
    english = {"Look in:", "File &name:", "Files of type:", "&Save", "Cancel", "Back", "Create New Folder",
               "List View", "Detail View", "Parent Directory"}
    assert not (english & texts), sorted(english & texts)


def test_switching_language_replaces_the_translators_live(qtbot, qt_lang, qapp):
    qt_lang("sv")
    assert len(qt_i18n.installed()) == 2  # Qt's Swedish catalog and ours above it
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "Spara"
    qt_lang("nb")
    assert [t.language() for t in qt_i18n.installed()] == ["nb_NO"]
    QApplication.sendEvent(box, QEvent(QEvent.Type.LanguageChange))
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "Lagre"
    assert QLocale().name() == "nb_NO"
    qt_lang("en")
    assert qt_i18n.installed() == []
    QApplication.sendEvent(box, QEvent(QEvent.Type.LanguageChange))
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "Save"
    assert QLocale().name() == "en_GB"


def test_locale_gives_qt_widgets_the_decimal_comma_and_month_names(qt_lang):
    qt_lang("nb")
    assert QLocale().decimalPoint() == ","
    assert QLocale().monthName(11) == "november"
    qt_lang("sv")
    assert QLocale().toString(1234.5, "f", 1).replace("\xa0", " ") == "1 234,5"


def test_every_listed_qt_string_is_translated_in_both_languages():
    for lang in ("sv", "nb"):
        missing = [(c, s) for c, s in qt_i18n.QT_STRINGS if i18n.lookup(s, c, lang) is None]
        assert missing == []


def test_pseudo_locale_reaches_qt_dialogs(qtbot, qt_lang):
    i18n.set_pseudo(True)
    qt_lang("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().startswith("[Çåñçéļ")


def test_lookups_do_not_disturb_python_reference_counts(qt_lang):
    """A Python translate() override made PySide6 drop a reference to None on each lookup (a crash later)."""
    import sys

    from PySide6.QtCore import QCoreApplication

    qt_lang("nb")
    before = sys.getrefcount(None)
    for _i in range(2000):
        QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert sys.getrefcount(None) >= before - 50
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"


def test_generated_catalog_round_trips_through_qt():
    from PySide6.QtCore import QTranslator

    data = qt_i18n.build_qm([("QFileDialog", "Look in:", "Se i:"), ("Ctx", "Ä ø", "Å æ"),
                             ("QFileDialog", "Back", "Tilbake")], "nb_NO")
    translator = QTranslator()
    assert translator.load(data)
    assert translator.translate("QFileDialog", "Look in:") == "Se i:"
    assert translator.translate("Ctx", "Ä ø") == "Å æ"
    assert translator.translate("QLineEdit", "Back") == ""  # another context is not ours
    assert translator.language() == "nb_NO"


@pytest.mark.parametrize("lang, words", [
    ("nb", {"&Skriv ut", "Avbryt", "Skriver", "&Navn:", "Alle sider", "Eksemplarer:", "Sorter", "Valg"}),
    ("sv", {"Skriv &ut", "Avbryt", "Skrivare", "&Namn:", "Alla sidor", "Kopior:", "Sortera"}),
])
def test_print_dialog_reads_in_the_language(qtbot, qt_lang, lang, words):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QTabWidget

    qt_lang(lang)
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = {w.text() for w in dialog.findChildren(QLabel)} | {w.text() for w in dialog.findChildren(QAbstractButton)}
    texts |= {w.title() for w in dialog.findChildren(QGroupBox)}
    texts |= {t.tabText(i) for t in dialog.findChildren(QTabWidget) for i in range(t.count())}
    texts |= {c.itemText(i) for c in dialog.findChildren(QComboBox) for i in range(c.count())}
    assert words <= texts, sorted(texts)
    english = {"&Print", "Cancel", "Printer", "All Pages", "Copies:", "Collate", "Options", "Print range"}
    assert not (english & texts), sorted(english & texts)
    dialog.reject()


@pytest.mark.parametrize(("lang", "back", "new_visit"), [("sv", "Alt+Vänster", "Ctrl+Skift+N"),
                                                         ("nb", "Alt+Venstre", "Ctrl+Skift+N")])
def test_keyboard_shortcuts_are_named_in_the_language(window, ctx, qt_lang, monkeypatch, lang, back, new_visit):
    """Help ▸ Keyboard shortcuts and the tooltips name the keys as the keyboard and the language do."""
    from PySide6.QtWidgets import QMessageBox

    qt_lang(lang)
    ctx.language_changed.emit(lang)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text))
    window.show_shortcuts()
    assert back in shown[0] and new_visit in shown[0] and "Left" not in shown[0] and "Shift" not in shown[0]
    assert "Ctrl+S" in shown[0] and i18n.gettext("Save the organization being edited") in shown[0]  # not in a menu
    assert back in window.actions_["back"].toolTip()
    ctx.language_changed.emit("en")
