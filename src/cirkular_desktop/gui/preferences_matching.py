"""Preferences ▸ Shipment rules: which EU waste shipment regulation Norway applies, as the coordinator confirmed it.

Sweden's rules follow the date (``core.border``); whether Norway has taken
Regulation (EU) 2024/1157 into the EEA Agreement is a fact the coordinator
confirms with Miljødirektoratet. Until someone does, the flags say that the
default is assumed. A box on its own tab of the Preferences dialog, which asks
for ``values()`` when the person presses OK.

Imports: PySide6, i18n, settings, core.border.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cirkular_desktop import i18n, settings
from cirkular_desktop.core import border
from cirkular_desktop.i18n import gettext as _


class ShipmentRulesBox(QGroupBox):
    def __init__(self, stored: dict[str, Any], parent: QWidget | None = None) -> None:
        """``stored`` is ``settings.shipment_rules``: norway, confirmed_by, confirmed_on, already checked."""
        super().__init__(parent)
        self.setObjectName("shipmentRules")
        self.stored = stored
        self.rule_set = QComboBox()
        self.rule_set.setObjectName("norwayRuleSet")
        for rules in border.rule_sets("NO"):
            self.rule_set.addItem("", rules.id)
        chosen = border.context(None, stored.get("norway")).norway
        self.rule_set.setCurrentIndex(max(0, self.rule_set.findData(chosen)))
        # The whole title of each rule set stays readable (the dialog widens for it, still within 1024 px).
        self.rule_set.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.confirmed_by = QLineEdit(stored.get("confirmed_by") or "")
        self.confirmed_by.setObjectName("norwayRuleSetConfirmedBy")
        self.confirmed_by.setMaxLength(80)
        self.status = QLabel()
        self.status.setObjectName("fieldHint")
        self.status.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setObjectName("fieldHint")
        self.intro.setWordWrap(True)
        self.labels = [QLabel(), QLabel()]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.rule_set, self.confirmed_by)):
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        self.rule_set.currentIndexChanged.connect(self._show_status)
        self.confirmed_by.textChanged.connect(self._show_status)
        self.retranslate()

    def page(self) -> QWidget:
        """The box on a page of its own, for the Preferences dialog's tabs."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self)
        layout.addStretch(1)
        return page

    def retranslate(self) -> None:
        self.setTitle(_("Shipment rules across the border"))
        self.intro.setText(_("Sweden applies Regulation (EU) 2024/1157 from 21 May 2026. Which regulation Norway "
                             "applies through the EEA Agreement is for the coordinator to confirm with "
                             "Miljødirektoratet; every flag records the rules it was checked against."))
        self.labels[0].setText(_("&Norway applies:"))
        self.labels[1].setText(_("Confirmed &by:"))
        self.confirmed_by.setPlaceholderText(_("Name of the coordinator who confirmed it"))
        for i in range(self.rule_set.count()):
            found = border.rule_set(self.rule_set.itemData(i))
            self.rule_set.setItemText(i, found.title() if found else str(self.rule_set.itemData(i)))
        self._show_status()

    def _changed(self) -> bool:
        stored = border.context(None, self.stored.get("norway")).norway
        return (self.rule_set.currentData() != stored
                or self.confirmed_by.text().strip() != (self.stored.get("confirmed_by") or ""))

    def _show_status(self) -> None:
        by = self.confirmed_by.text().strip()
        on = self.stored.get("confirmed_on")
        if not by:
            self.status.setText(_("Not confirmed: the flags say so until someone confirms the rules."))
        elif self._changed() or not on:
            self.status.setText(_("Confirmed today when you press OK."))
        else:
            try:
                day = i18n.format_date(_dt.date.fromisoformat(on))
            except ValueError:
                day = on
            self.status.setText(_("Confirmed by {name} on {date}.").format(name=by, date=day))

    def values(self) -> dict[str, Any]:
        """The settings to save: the rule set, and who confirmed it when (today, if that changed)."""
        by = self.confirmed_by.text().strip() or None
        on = self.stored.get("confirmed_on")
        if by is None:
            on = None
        elif self._changed() or not on:
            on = _dt.date.today().isoformat()
        return {settings.SHIPMENT_RULES_NO: self.rule_set.currentData(),
                settings.SHIPMENT_RULES_NO_CONFIRMED_BY: by, settings.SHIPMENT_RULES_NO_CONFIRMED_ON: on}
