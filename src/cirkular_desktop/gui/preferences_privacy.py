"""Preferences ▸ Privacy: the notice's controller per country side, the audit period, retention.

What the privacy notice lacks is listed at the top in red until it is
complete (``cirkular check`` warns too). Personal data kept past its
retention date is counted, and "Erase…" offers to erase it after naming
every person. Saving goes through ``services.privacy_access``, which checks
the values; a refused value keeps the dialog open with the message.

Imports: PySide6, errors, i18n, services.privacy_access, gui.widgets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import privacy_access

SIDES = ("SE", "NO")
FIELDS = ("name", "org_number", "address", "contact", "dpo")


class PrivacyPage(QScrollArea):
    """The Privacy page of the Preferences dialog."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("privacyPage")
        self.setWidgetResizable(True)
        config = ctx.call(privacy_access.privacy_settings)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.missing = QLabel()
        self.missing.setObjectName("fieldError")
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        self.boxes: dict[str, QGroupBox] = {}
        self.edits: dict[tuple[str, str], QLineEdit] = {}
        self.bases: dict[str, QComboBox] = {}
        self.labels: list[tuple[QLabel, str]] = []
        for side in SIDES:
            box = QGroupBox()
            form = QFormLayout(box)
            for name in FIELDS:
                edit = QLineEdit(config["controllers"][side].get(name) or "")
                edit.setObjectName(f"privacy_{side}_{name}")
                edit.textChanged.connect(self._update_missing)
                self.edits[(side, name)] = edit
                form.addRow(self._label(name), edit)
            basis = QComboBox()
            basis.setObjectName(f"privacy_{side}_basis")
            basis.addItem("", "e")
            basis.addItem("", "f")
            basis.setCurrentIndex(max(0, basis.findData(config["controllers"][side].get("legal_basis") or "e")))
            self.bases[side] = basis
            form.addRow(self._label("legal_basis"), basis)
            self.boxes[side] = box
            layout.addWidget(box)
        period = QFormLayout()
        self.year = QLineEdit(str(config["last_payment_year"] or ""))
        self.year.setObjectName("privacy_last_payment_year")
        self.year.setMaxLength(4)
        self.year.textChanged.connect(self._update_missing)
        period.addRow(self._label("last_payment_year"), self.year)
        self.retention = QLineEdit(config["retention"].get("contact") or "")
        self.retention.setObjectName("privacy_retention_contact")
        period.addRow(self._label("retention"), self.retention)
        layout.addLayout(period)
        self.period_hint = QLabel()
        self.period_hint.setObjectName("fieldHint")
        self.period_hint.setWordWrap(True)
        layout.addWidget(self.period_hint)
        row = QHBoxLayout()
        self.past = QLabel()
        self.past.setWordWrap(True)
        self.erase_button = QPushButton()
        self.erase_button.setObjectName("erasePastRetention")
        self.erase_button.clicked.connect(self.erase_past_retention)
        row.addWidget(self.past, 1)
        row.addWidget(self.erase_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.setWidget(body)
        self.retranslate()

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        self.labels.append((label, key))
        return label

    def retranslate(self) -> None:
        texts = {"name": _("Controller:"), "org_number": _("Organisation number:"), "address": _("Address:"),
                 "contact": _("Contact (e-mail or phone):"), "dpo": _("Data protection contact:"),
                 "legal_basis": _("Legal basis:"), "last_payment_year": _("Year of the project's last payment:"),
                 "retention": _("Keep contact persons' data until:")}
        for label, key in self.labels:
            label.setText(texts[key])
        self.boxes["SE"].setTitle(_("Swedish side"))
        self.boxes["NO"].setTitle(_("Norwegian side"))
        for combo in self.bases.values():
            combo.setItemText(0, _("Task in the public interest, Art. 6(1)(e) (a public body)"))
            combo.setItemText(1, _("Legitimate interest, Art. 6(1)(f)"))
        self.retention.setPlaceholderText(_("YYYY-MM-DD; empty: until the audit period ends"))
        self.year.setPlaceholderText(_("e.g. 2028"))
        self.erase_button.setText(_("Erase…"))
        self._update_missing()
        self._update_past()

    def values(self) -> dict[str, Any]:
        return {"controllers": {side: {**{name: self.edits[(side, name)].text() for name in FIELDS},
                                       "legal_basis": self.bases[side].currentData()} for side in SIDES},
                "last_payment_year": self.year.text().strip() or None,
                "retention": {"contact": self.retention.text().strip() or None}}

    def _update_missing(self) -> None:
        from cirkular_desktop.core import privacy_notice

        values = self.values()
        year = values["last_payment_year"]
        values["last_payment_year"] = int(year) if year and year.isdigit() else None
        gaps = privacy_notice.describe_missing(privacy_notice.missing(values))
        self.missing.setText(_("The privacy notice lacks: {missing}").format(missing="; ".join(gaps)) if gaps
                             else "")
        self.missing.setVisible(bool(gaps))
        end = privacy_notice.audit_end(values)
        self.period_hint.setText(
            _("The audit period ends five years from 31 December of the year of the last payment "
              "(Regulation (EU) 2021/1060, Art. 82): {date}.").format(date=i18n.format_date(end)) if end else
            _("The audit period ends five years from 31 December of the year of the last payment "
              "(Regulation (EU) 2021/1060, Art. 82)."))

    def _update_past(self) -> None:
        try:
            found = self.ctx.call(privacy_access.past_retention)
        except CirkularError:
            found = []
        self.past_items = found
        self.past.setText(i18n.ngettext("{count} contact person is kept past the retention date.",
                                        "{count} contact persons are kept past the retention date.",
                                        len(found)).format(count=len(found)) if found else
                          _("No personal data is kept past its retention date."))
        self.erase_button.setEnabled(bool(found))

    def erase_past_retention(self) -> int:
        """Offer to erase the personal data kept past retention, naming each person; returns how many."""
        if not self.past_items:
            return 0
        names = ", ".join(item["title"] for item in self.past_items[:20])
        more = "…" if len(self.past_items) > 20 else ""
        answer = QMessageBox.question(self, _("Erase personal data"), _(
            "Erase the personal data of {names}{more}? They are kept past the retention date. Their names, "
            "phones, e-mails and every copy are blanked here and on every laptop that imports your next "
            "bundle. This cannot be undone.").format(names=names, more=more))
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        try:
            count = self.ctx.call(privacy_access.erase_past_retention, [i["id"] for i in self.past_items])
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return 0
        self._update_past()
        return count

    def save(self) -> bool:
        """Keep the values; False (with the message shown) when one is refused."""
        try:
            self.ctx.call(privacy_access.save_privacy_settings, self.values())
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return False
        return True
