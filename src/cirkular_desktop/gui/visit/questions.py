"""The questionnaire on screen: one widget per question, one scrolling page per section.

Questions come from the visit's template (``core.questionnaire``) in the UI
language. Each widget reports edits with ``changed(question_id)`` and hands
back what was entered in the form ``questionnaire.validate_answer`` reads
with ``from_text=True``; the page decides what to save and what to show.
Required questions carry a red star; conditional ones are hidden and shown
by the page as answers change.

Imports: PySide6, core (questionnaire, units), i18n, gui (fields, theme, widgets).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QRadioButton, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import questionnaire, units
from cirkular_desktop.gui import theme
from cirkular_desktop.gui.fields import DateLine, error_label, help_label, short_error
from cirkular_desktop.gui.widgets import ChoiceGrid, describe, set_kind
from cirkular_desktop.i18n import gettext as _

def required_mark() -> str:
    return f"<span style='color:{theme.hex_color('error')}'>&nbsp;*</span>"
RADIO_LIMIT = 6   # more options than this become a drop-down list


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class QuestionWidget(QFrame):
    """A question: its text, help, the input for its type, and its validation message."""

    changed = Signal(str)

    def __init__(self, question: questionnaire.Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"question_{question.id}")
        self._loading = False
        self._buttons: QButtonGroup | None = None
        self._checks: list[QCheckBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 10)
        layout.setSpacing(4)
        self.title = QLabel(_escape(question.text()) + (required_mark() if question.required else ""))
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        if question.help():
            layout.addWidget(help_label(question.help()))
        self.input = self._make_input()
        layout.addWidget(self.input)
        self.error = error_label()
        layout.addWidget(self.error)
        if question.required:
            self.title.setToolTip(_("Required: the visit cannot be finished without an answer"))
        self._describe()

    def _describe(self) -> None:
        """Read aloud: the question as each input's name, its help (and whether it is required) as the
        description; a choice's button is named by its option and described by the question."""
        q = self.question
        about = q.help() or q.text()
        if q.required:
            about = _("{description} (required)").format(description=about)
        inputs = [w for w in (getattr(self, name, None) for name in ("line", "text", "combo")) if w is not None]
        if getattr(self, "date", None) is not None:
            inputs.append(self.date.line)
        for widget in inputs:
            describe(widget, q.text(), about)
        unit_box = getattr(self, "unit_box", None)
        if unit_box is not None:
            describe(unit_box, _("Unit"), q.text())
        choices = list(self._buttons.buttons()) if self._buttons is not None else list(self._checks)
        for button in choices:
            describe(button, button.text(), q.text() if not q.required else
                     _("{description} (required)").format(description=q.text()))
        if self._buttons is not None:
            describe(self.clear_button, _("Clear the answer"), q.text())

    # --- building ---------------------------------------------------------------------------------

    def _make_input(self) -> QWidget:
        q, t = self.question, self.question.type
        if t == "text":
            self.line = QLineEdit()
            self.line.setObjectName(f"q_{q.id}")
            self.line.textEdited.connect(self._edited)
            self.title.setBuddy(self.line)
            return self.line
        if t == "longtext":
            self.text = QPlainTextEdit()
            self.text.setObjectName(f"q_{q.id}")
            self.text.setTabChangesFocus(True)
            self.text.textChanged.connect(self._edited)
            self.text.textChanged.connect(self._fit_text)
            self._fit_text()
            return self.text
        if t == "number":
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self.line = QLineEdit()
            self.line.setObjectName(f"q_{q.id}")
            self.line.setMaximumWidth(160)
            self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.line.textEdited.connect(self._edited)
            row.addWidget(self.line)
            self.unit_box: QComboBox | None = None
            choices = q.units or ((q.unit,) if q.unit else ())
            if len(choices) > 1:
                self.unit_box = QComboBox()
                self.unit_box.setObjectName(f"q_{q.id}_unit")
                for code in choices:
                    unit = units.get(code)
                    self.unit_box.addItem(unit.display() if unit else code, code)
                self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(q.unit)))
                self.unit_box.currentIndexChanged.connect(self._edited)
                row.addWidget(self.unit_box)
            elif choices:
                unit = units.get(choices[0])
                row.addWidget(QLabel(unit.display() if unit else choices[0]))
            row.addStretch(1)
            self.title.setBuddy(self.line)
            return box
        if t in ("single", "yesno") and (t == "yesno" or len(q.options) <= RADIO_LIMIT):
            options = ([("true", _("Yes")), ("false", _("No"))] if t == "yesno"
                       else [(o.value, o.label()) for o in q.options])
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(18)
            self._buttons = QButtonGroup(box)
            self._buttons.setExclusive(True)
            columns = len(options) if t == "yesno" else (2 if len(options) > 3 else len(options))
            grid = ChoiceGrid(columns)   # fewer columns on a narrow screen
            for i, (value, label) in enumerate(options):
                button = QRadioButton(label)
                button.setObjectName(f"q_{q.id}_{value}")
                button.setProperty("answer", value)
                self._buttons.addButton(button, i)
                grid.add(button)
            self._buttons.buttonToggled.connect(self._toggled)
            self.clear_button = QToolButton()
            self.clear_button.setText(_("Clear"))
            self.clear_button.setToolTip(_("Remove the answer"))
            self.clear_button.setAutoRaise(True)
            self.clear_button.clicked.connect(self._clear_choice)
            self.clear_button.setVisible(False)
            row.addWidget(grid)
            row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
            row.addStretch(1)
            self.title.setBuddy(self._buttons.button(0))
            return box
        if t == "single":
            self.combo = QComboBox()
            self.combo.setObjectName(f"q_{q.id}")
            self.combo.addItem("—", None)
            for o in q.options:
                self.combo.addItem(o.label(), o.value)
            self.combo.currentIndexChanged.connect(self._edited)
            self.title.setBuddy(self.combo)
            return self.combo
        if t == "multi":
            box = ChoiceGrid(2 if len(q.options) > 3 else len(q.options))
            for o in q.options:
                check = QCheckBox(o.label())
                check.setObjectName(f"q_{q.id}_{o.value}")
                check.setProperty("answer", o.value)
                check.toggled.connect(self._edited)
                self._checks.append(check)
                box.add(check)
            self.title.setBuddy(self._checks[0])
            return box
        self.date = DateLine()
        self.date.line.setObjectName(f"q_{q.id}")
        self.date.edited.connect(self._edited)
        self.title.setBuddy(self.date.line)
        return self.date

    # --- values ------------------------------------------------------------------------------------

    def _edited(self, *_args: Any) -> None:
        if self._buttons is not None:
            self.clear_button.setVisible(self._buttons.checkedButton() is not None and self.isEnabled())
        if not self._loading:
            self.changed.emit(self.question.id)

    def _toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:  # the button switched off in the same click reports too; count the click once
            self._edited()

    def _fit_text(self) -> None:
        """A long answer grows with its text (4 to 12 lines), so it can be read without scrolling."""
        # In a QPlainTextEdit the document's height is its number of (wrapped) lines.
        lines = int(self.text.document().size().height()) or 1
        shown = min(max(lines, 4), 12)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * shown + 14)

    def _clear_choice(self) -> None:
        assert self._buttons is not None
        self._buttons.setExclusive(False)
        for button in self._buttons.buttons():
            button.setChecked(False)
        self._buttons.setExclusive(True)
        self._edited()

    def value(self) -> Any:
        """What was entered, in the form ``validate_answer(..., from_text=True)`` reads."""
        t = self.question.type
        if t in ("text",):
            return self.line.text()
        if t == "longtext":
            return self.text.toPlainText()
        if t == "number":
            unit = self.unit_box.currentData() if self.unit_box is not None else None
            return {"value": self.line.text(), "unit": unit}
        if self._buttons is not None:
            checked = self._buttons.checkedButton()
            return None if checked is None else checked.property("answer")
        if t == "single":
            return self.combo.currentData()
        if t == "multi":
            return [c.property("answer") for c in self._checks if c.isChecked()]
        return self.date.text()

    def set_value(self, value: Any) -> None:
        """Show a stored (canonical) answer without counting it as an edit."""
        self._loading = True
        try:
            t = self.question.type
            if t == "text":
                self.line.setText(value or "")
            elif t == "longtext":
                if self.text.toPlainText() != (value or ""):
                    self.text.setPlainText(value or "")
            elif t == "number":
                number = value.get("value") if isinstance(value, dict) else None
                self.line.setText("" if number is None else i18n.format_decimal(Decimal(number), max_fraction=6)
                                  .replace("\u00a0", " ").replace("\u202f", " "))
                if self.unit_box is not None and isinstance(value, dict) and value.get("unit"):
                    self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(value["unit"])))
            elif self._buttons is not None:
                wanted = None if value is None else ("true" if value is True else "false" if value is False
                                                     else str(value))
                self._buttons.setExclusive(False)
                for button in self._buttons.buttons():
                    button.setChecked(button.property("answer") == wanted)
                self._buttons.setExclusive(True)
                self.clear_button.setVisible(wanted is not None)
            elif t == "single":
                self.combo.setCurrentIndex(max(0, self.combo.findData(value)))
            elif t == "multi":
                chosen = set(value or [])
                for check in self._checks:
                    check.setChecked(check.property("answer") in chosen)
            else:
                self.date.setText(value or "")
        finally:
            self._loading = False

    def set_error(self, message: str | None) -> None:
        self.error.setText(short_error(message) if message else "")
        self.error.setVisible(bool(message))

    def focus_input(self) -> None:
        target = self.title.buddy() or self.input
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_editable(self, editable: bool) -> None:
        self.input.setEnabled(editable)
        if self._buttons is not None:
            self.clear_button.setVisible(editable and self._buttons.checkedButton() is not None)


class SectionPage(QScrollArea):
    """One questionnaire section: its title and introduction, then its questions."""

    def __init__(self, section: questionnaire.Section, number: int, total: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("section_body")
        outer = QVBoxLayout(body)
        outer.setContentsMargins(28, 18, 28, 28)
        outer.setSpacing(6)
        step = QLabel(_("Section {number} of {total}").format(number=number, total=total))
        set_kind(step, "muted")
        outer.addWidget(step)
        title = QLabel(section.title())
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        outer.addWidget(title)
        if section.intro():
            intro = QLabel(section.intro())
            intro.setWordWrap(True)
            intro.setStyleSheet("background: palette(alternate-base); border-left: 3px solid palette(accent);"
                                " padding: 8px 10px;")
            outer.addWidget(intro)
        outer.addSpacing(8)
        self.questions: dict[str, QuestionWidget] = {}
        for q in section.questions:
            widget = QuestionWidget(q)
            self.questions[q.id] = widget
            outer.addWidget(widget)
        outer.addStretch(1)
        body.setMaximumWidth(900)
        self.setWidget(body)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
