"""The Preferences dialog (language, your name and this computer's, default unit and currency; Privacy on its
own page, ``gui.preferences_privacy``) and the live language switch.

Switching language needs no restart: ``switch_language`` sets the gettext
language, saves it, installs Qt's own translations (``gui.qt_i18n``) and emits ``ctx.language_changed`` so every
view retranslates itself.

Imports: PySide6, i18n, settings, errors, core (units, records), services (maintenance, profile),
gui.preferences_matching (the shipment rules box).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QScrollArea, QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cirkular_desktop import i18n, settings
from cirkular_desktop.core import records, units
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.gui.widgets import name_form_fields
from cirkular_desktop.services import maintenance, profile

# Each language is named in itself, so a person who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"sv": "Svenska", "nb": "Norsk bokmål", "en": "English"}


def install_qt_translations(lang: str) -> None:
    """Qt's own strings (standard buttons, context menus) through ``gui.qt_i18n``, when it can be found."""
    try:
        found = importlib.util.find_spec("cirkular_desktop.gui.qt_i18n") is not None
    except ModuleNotFoundError:
        found = False
    qt_app = QApplication.instance()
    if found and qt_app is not None:
        importlib.import_module("cirkular_desktop.gui.qt_i18n").install(qt_app, lang)


def switch_language(ctx: Any, lang: str) -> str:
    """Change the UI language now, remember it, and let every view retranslate."""
    chosen = i18n.set_language(lang)
    # The switch happens even where it can't be remembered (Preferences has said so when it saved).
    settings.save_quietly(ctx.app.paths, {"language": chosen})
    install_qt_translations(chosen)
    ctx.language_changed.emit(chosen)
    return chosen


class PreferencesDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("preferencesDialog")
        self.setMinimumWidth(480)
        stored = settings.load(ctx.app.paths)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code in i18n.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.get_language())))
        self.user_name = QLineEdit()
        self.user_name.setObjectName("userName")
        self.user_name.setMaxLength(80)
        self.user_name.setText(profile.who(ctx.app)["user_name"])
        self.device_name = QLineEdit()
        self.device_name.setObjectName("deviceName")
        self.device_name.setMaxLength(80)
        info = maintenance.device_info(ctx.app)
        self.device_name.setText(info.get("name") or "")
        self.device_id = QLabel(info.get("device") or "")
        self.device_id.setObjectName("fieldHint")
        self.unit = QComboBox()
        self.unit.setObjectName("defaultUnit")
        for unit in units.UNITS:
            self.unit.addItem("", unit.code)
        self.unit.setCurrentIndex(max(0, self.unit.findData(stored.get("default_unit") or "t")))
        self.currency = QComboBox()
        self.currency.setObjectName("defaultCurrency")
        self.currency.addItem("", None)
        for choice in records.CURRENCIES:
            self.currency.addItem("", choice.value)
        self.currency.setCurrentIndex(max(0, self.currency.findData(stored.get("default_currency"))))
        for combo in (self.language, self.unit, self.currency):
            # Wide enough for the longest choice in the current language (they are retranslated live).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.form = QFormLayout()
        self.labels = [QLabel() for _i in range(6)]
        for label, field in zip(self.labels, (self.language, self.user_name, self.device_name, self.device_id,
                                              self.unit, self.currency)):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        self.hint.setWordWrap(True)
        from cirkular_desktop.gui.preferences_matching import ShipmentRulesBox

        self.shipment_rules = ShipmentRulesBox(settings.shipment_rules(ctx.app.paths))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        general = QWidget()
        general_layout = self.general_layout = QVBoxLayout(general)
        general_layout.addLayout(self.form)
        general_layout.addWidget(self.hint)
        general_layout.addStretch(1)
        from cirkular_desktop.gui.preferences_privacy import PrivacyPage

        self.privacy_page = PrivacyPage(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(general, "")
        self.tabs.addTab(self.privacy_page, "")
        self.tabs.addTab(self.shipment_rules.page(), "")
        layout = self.main_layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        from cirkular_desktop.gui import preferences_reports   # Preferences ▸ Documents and reports
        self.reports_button = preferences_reports.add_button(self, layout)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preferences"))
        self.tabs.setTabText(0, _("General"))
        self.tabs.setTabText(1, _("Privacy"))
        self.tabs.setTabText(2, _("Shipment rules"))
        self.privacy_page.retranslate()
        texts = (_("&Language:"), _("&Your name:"), _("&Computer name:"), _("Computer id:"), _("Default &unit:"),
                 _("Default &currency:"))
        for label, text in zip(self.labels, texts):
            label.setText(text)
        self.device_name.setPlaceholderText(_("e.g. Anna's laptop, Säffle"))
        self.device_name.setToolTip(_("Shown to coordinators who import your bundles."))
        self.user_name.setPlaceholderText(_("e.g. Anna Berg"))
        self.user_name.setToolTip(_("Goes on the visits you start, as the visitor."))
        for i, unit in enumerate(units.UNITS):
            self.unit.setItemText(i, _("{name} ({symbol})").format(name=_(unit.label), symbol=unit.display()))
        self.currency.setItemText(0, _("By country (SEK in Sweden, NOK in Norway)"))
        for i, choice in enumerate(records.CURRENCIES, start=1):
            self.currency.setItemText(i, _(choice.label))
        self.hint.setText(_("The default unit and currency are filled in for new residual streams and needs."))
        self.shipment_rules.retranslate()
        # Labels keep their whole text in any language; the fields take the rest of the width.
        widest = max(label.fontMetrics().horizontalAdvance(label.text().replace("&", "")) for label in self.labels)
        for label in self.labels:
            label.setMinimumWidth(widest + 8)
        # The dialog's own minimum width would otherwise hide the longer choices of another language.
        self.general_layout.invalidate()
        self.general_layout.activate()   # the tab's page keeps its old minimum until its own layout is redone
        self.tabs.updateGeometry()
        self.main_layout.invalidate()
        # A page that scrolls (Privacy, and any other page of its kind) still needs its form's width.
        scrolled = [inner.minimumSizeHint().width() + page.verticalScrollBar().sizeHint().width()
                    + 2 * page.frameWidth() for page in (self.tabs.widget(i) for i in range(self.tabs.count()))
                    if isinstance(page, QScrollArea) and (inner := page.widget()) is not None]
        margins = self.main_layout.contentsMargins()
        chrome = margins.left() + margins.right() + 2 * self.tabs.style().pixelMetric(
            self.tabs.style().PixelMetric.PM_DefaultFrameWidth) + 8
        self.setMinimumWidth(max(480, self.main_layout.minimumSize().width(), max(scrolled, default=0) + chrome))
        name_form_fields(self.form, _("Preferences"))   # each field is read aloud by its label

    def accept(self) -> None:
        user = self.user_name.text().strip()
        if user != profile.who(self.ctx.app)["user_name"]:
            try:
                profile.set_user_name(self.ctx.app, user)
            except CirkularError as exc:
                self.ctx.show_error(self, exc)
                return
        name = self.device_name.text().strip()
        if name != (maintenance.device_info(self.ctx.app).get("name") or ""):
            try:
                maintenance.set_device_name(self.ctx.app, name)
            except CirkularError as exc:  # a read-only or full disk: say so, keep the dialog and what was typed
                self.ctx.show_error(self, exc)
                return
        try:
            settings.save(self.ctx.app.paths, {"default_unit": self.unit.currentData(),
                                               "default_currency": self.currency.currentData(),
                                               **self.shipment_rules.values()})
        except CirkularError as exc:   # the settings file can't be written: same as the device name above
            self.ctx.show_error(self, exc)
            return
        if not self.privacy_page.save():
            return
        lang = self.language.currentData()
        super().accept()
        if lang != i18n.get_language():
            switch_language(self.ctx, lang)
        self.ctx.preferences_changed.emit()
