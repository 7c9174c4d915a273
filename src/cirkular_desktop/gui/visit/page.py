"""The visit screen: header, section navigation, questionnaire, streams, needs, ideas, versions.

Hosted by the application shell as ``VisitPage(ctx, visit_id)``. The shell
remembers ``visit_id`` and ``current_section()`` and calls
``restore_section()`` after a restart; the page also notes both through
``services.visits.remember_open_visit`` whenever the section changes, so even
a killed process reopens where it was. ``closed`` fires when the person
closes the visit.

Autosave: answers wait in ``pending`` for ~400 ms after the last keystroke and
are then written by ``services.visits.save_answers``; a refused answer shows
its message under its question and the rest is saved. There is no save
button and never an "unsaved changes" question.

Imports: PySide6, core (questionnaire, records), services (visits), errors,
i18n, gui (context, undo), gui.visit.*.
"""

from __future__ import annotations

import datetime as _dt
import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QLabel, QLayout, QListWidget, QListWidgetItem,
    QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import questionnaire
from cirkular_desktop.errors import CirkularError, ConflictError, NotFoundError, ValidationError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.fields import FieldEditor
from cirkular_desktop.gui.visit.autosave import Debouncer
from cirkular_desktop.gui.visit.contact_field import contact_row
from cirkular_desktop.gui.visit.header import VisitHeader
from cirkular_desktop.gui.visit.history import HistoryPane
from cirkular_desktop.gui.visit.items import ItemsPane
from cirkular_desktop.gui.visit.questions import QuestionWidget, SectionPage
from cirkular_desktop.gui.visit.stream_editor import save_fields
from cirkular_desktop.gui.widgets import SidePaneSplitter, describe
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.services import visits

DETAILS, STREAMS, NEEDS, IDEAS, HISTORY = "@details", "@streams", "@needs", "@ideas", "@history"
DETAIL_FIELDS = ("date", "visitors", "contact_id", "next_steps", "notes")
SECTION_ROLE = Qt.ItemDataRole.UserRole


class VisitPage(QWidget):
    """One visit, from the first question to the finished record."""

    closed = Signal()               # the person closed the visit (``visit_id`` says which)
    section_changed = Signal(str)

    def __init__(self, ctx: GuiContext, visit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.visit_id = ctx, visit_id
        self.setObjectName("visit_page")
        self.pending: dict[str, Any] = {}
        self.autosave = Debouncer(self.flush_answers, parent=self)
        self.details_pending: dict[str, Any] = {}
        self.details_autosave = Debouncer(self.flush_details, parent=self)
        self._closing = False
        self._content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        # Own shortcuts for when the page stands alone; inside the main window its
        # View menu has the same keys and calls next_section()/previous_section().
        self._shortcuts = []
        for keys, slot in (("Ctrl+PgDown", self.next_section), ("Ctrl+PgUp", self.previous_section),
                           ("Ctrl+Return", self._finish_requested)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        self._build()
        ctx.records_changed.connect(self._records_changed)
        ctx.language_changed.connect(self._language_changed)
        undo.stack_for(ctx).about_to_step.connect(self.flush)
        undo.stack_for(ctx).applied.connect(self._undo_applied)
        self.restore_section(self.template.sections[0].id if self.visit.get("status") != "completed" else DETAILS)
        if self.visit.get("status") == "completed":
            self.banner_message(_("This visit is finished. Its answers are kept as version {version}; choose "
                                  "“Correct…” to change them.").format(version=self.visit.get("version") or 1))

    def _build(self) -> None:
        """Build the screen in the active language from a fresh overview of the visit."""
        overview = self.ctx.call(visits.visit_overview, self.visit_id)
        self.visit: dict[str, Any] = overview["visit"]
        self.template = visits.template_for(self.visit)
        # Answers about the contact person come from the contact record (core.questionnaire).
        self.answers: dict[str, Any] = dict(overview["answers"])
        content = QWidget()
        self._content = content
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        splitter = SidePaneSplitter(0.24, 170, 290)   # the sections take less room on a small screen
        self.nav = QListWidget()
        self.nav.setObjectName("visit_sections")
        describe(self.nav, _("Sections of the visit"),
                 _("The visit's details, the questionnaire's sections and what was recorded (Ctrl+PgDown, Ctrl+PgUp)"))
        self.nav.setMinimumWidth(170)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.nav.setStyleSheet("QListWidget#visit_sections { border: none; border-right: 1px solid palette(mid);"
                               " background: palette(base); padding-top: 6px; }"
                               " QListWidget#visit_sections::item { padding: 5px 10px; }")
        self.stack = QStackedWidget()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        self.pages: dict[str, QWidget] = {}
        self.questions: dict[str, QuestionWidget] = {}
        self._add_header(_("Visit"))
        self._add_page(DETAILS, _("Visit details"), self._build_details(overview))
        self._add_header(_("Questionnaire"))
        total = len(self.template.sections)
        for number, section in enumerate(self.template.sections, 1):
            page = SectionPage(section, number, total)
            for qid, widget in page.questions.items():
                self.questions[qid] = widget
                widget.set_value(self.answers.get(qid))
                widget.changed.connect(self._answer_edited)
            self._add_page(section.id, section.title(), page)
        self._add_header(_("Recorded during the visit"))
        self.streams = ItemsPane(self.ctx, "stream")
        self.needs = ItemsPane(self.ctx, "need")
        self.ideas = ItemsPane(self.ctx, "idea")
        self._add_page(STREAMS, "", self.streams)
        self._add_page(NEEDS, "", self.needs)
        self._add_page(IDEAS, "", self.ideas)
        self.history = HistoryPane()
        self._add_page(HISTORY, _("Versions"), self.history)
        for pane in (self.streams, self.needs, self.ideas):
            pane.items_changed.connect(self._items_changed)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._apply(overview)
        self._outer().addWidget(content)

    def _language_changed(self, _lang: str) -> None:
        """Rebuild in the new language; what was typed is saved first and the section stays."""
        if self._content is None or self._closing:
            return
        self.flush()
        section = self.current_section()
        old = self._content
        self._outer().removeWidget(old)
        old.hide()
        old.deleteLater()
        self._build()
        self.restore_section(section)

    def next_section(self, *_checked: Any) -> None:
        """Ctrl+PgDown; also what the main window's View menu calls (``triggered`` may pass a flag)."""
        self.step_section(1)

    def previous_section(self, *_checked: Any) -> None:
        self.step_section(-1)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        # Hosted in a window whose menu has the section shortcuts: let the menu's actions have the keys,
        # or the same key would be ambiguous and do nothing.
        standalone = self.window() is self
        for shortcut in self._shortcuts:
            shortcut.setEnabled(standalone or shortcut.key().toString() == "Ctrl+Return")
        super().showEvent(event)

    # --- building -------------------------------------------------------------------------------------

    def _outer(self) -> QLayout:
        """The page's own layout (made in ``__init__``), which holds the screen built in the language."""
        layout = self.layout()
        assert layout is not None
        return layout

    def _build_header(self) -> QWidget:
        header = VisitHeader()
        header.finish_button.clicked.connect(self._finish_requested)
        header.correct_button.clicked.connect(self.correct)
        header.close_button.clicked.connect(self.close_visit)
        header.banner.linkActivated.connect(self.focus_question)
        self.header = header
        # The parts tests and the shell look at, under their own names.
        self.org_label, self.status_label, self.saved_label = header.org_label, header.status_label, header.saved_label
        self.finish_button, self.correct_button = header.finish_button, header.correct_button
        self.close_button, self.facts_label, self.banner = header.close_button, header.facts_label, header.banner
        self.progress, self.progress_label = header.progress, header.progress_label
        return header

    def _build_details(self, overview: dict[str, Any]) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 18, 28, 28)
        title = QLabel(self.template.title())
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        if self.template.description():
            description = QLabel(self.template.description())
            description.setWordWrap(True)
            layout.addWidget(description)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details: dict[str, FieldEditor] = {}
        for name in DETAIL_FIELDS:
            editor = FieldEditor("visit", name, choices=[] if name == "contact_id" else None)
            editor.edited.connect(self._detail_edited)
            self.details[name] = editor
            if name == "contact_id":
                form.addRow(editor.label, contact_row(self, editor))
                editor.label.show()
            else:
                editor.add_row(form)
        layout.addSpacing(10)
        layout.addLayout(form)
        layout.addStretch(1)
        body.setMaximumWidth(900)
        scroll.setWidget(body)
        return scroll

    def _add_header(self, title: str) -> None:
        """A group heading in the navigation: not selectable, skipped by Ctrl+PgDown/PgUp."""
        item = QListWidgetItem(title.upper())
        item.setToolTip(title)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        item.setFont(font)
        self.nav.addItem(item)
        self.stack.addWidget(QWidget())  # keeps nav rows and stack pages aligned

    def _add_page(self, key: str, title: str, widget: QWidget) -> None:
        item = QListWidgetItem(title)
        item.setToolTip(title)
        item.setData(SECTION_ROLE, key)
        self.nav.addItem(item)
        self.stack.addWidget(widget)
        self.pages[key] = widget

    # --- showing ---------------------------------------------------------------------------------------

    def _apply(self, overview: dict[str, Any]) -> None:
        """Show a fresh overview from the services (header, details, lists, versions)."""
        self.visit = overview["visit"]
        organization, contact = overview["organization"], overview["contact"]
        self.country = organization.get("country")
        self.org_label.setText(organization.get("name") or _("(organization removed)"))
        facts = []
        try:
            facts.append(i18n.format_date(_dt.date.fromisoformat(self.visit["date"])))
        except (TypeError, ValueError):
            pass
        if self.visit.get("visitors"):
            facts.append(_("Visitors: {names}").format(names=", ".join(self.visit["visitors"])))
        if contact:
            facts.append(_("Contact: {name}").format(name=contact.get("name") or _("(erased)")))
        facts.append(_("{questionnaire}, version {version}").format(
            questionnaire=self.template.title(), version=self.template.version))
        self.facts_label.setText("  ·  ".join(facts))
        contacts = [(c["id"], c.get("name") or _("(erased)")) for c in overview["contacts"]]
        self.details["contact_id"].set_choices(contacts)
        for name, editor in self.details.items():
            if name not in self.details_pending:
                editor.set_value(self.visit.get(name))
        context = dict(country=self.country, photo_counts=overview["photo_counts"],
                       streams=overview["streams"], needs=overview["needs"])
        self.streams.set_data(self.visit_id, overview["streams"], **context)
        self.needs.set_data(self.visit_id, overview["needs"], **context)
        self.ideas.set_data(self.visit_id, overview["ideas"], **context)
        self.history.set_data(self.template, overview["submissions"])
        self._update_counts(overview)
        self._update_status()
        self._update_visibility()

    def _update_counts(self, overview: dict[str, Any] | None = None) -> None:
        counts = {STREAMS: len(self.streams.items), NEEDS: len(self.needs.items), IDEAS: len(self.ideas.items)}
        labels = {STREAMS: _("Residual streams ({count})"), NEEDS: _("Needs ({count})"),
                  IDEAS: _("Ideas ({count})")}
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(SECTION_ROLE)
            if key in labels:
                item.setText(labels[key].format(count=counts[key]))
                item.setToolTip(item.text())
        versions = len(self.history.submissions)
        self.nav.item(self.nav.count() - 1).setText(_("Versions ({count})").format(count=versions))
        self.nav.item(self.nav.count() - 1).setToolTip(self.nav.item(self.nav.count() - 1).text())

    def _update_status(self) -> None:
        completed = self.visit.get("status") == "completed"
        self.header.show_status(completed, int(self.visit.get("version") or 0))
        for widget in self.questions.values():
            widget.set_editable(not completed)

    def effective_answers(self) -> dict[str, Any]:
        """Stored answers with what is being typed, as far as it is a valid answer."""
        merged = dict(self.answers)
        for qid, raw in self.pending.items():
            try:
                value = questionnaire.validate_answer(self.template.question(qid), raw, from_text=True)
            except ValidationError:
                continue
            if value is None:
                merged.pop(qid, None)
            else:
                merged[qid] = value
        return merged

    def _update_visibility(self) -> None:
        """Conditional questions appear and disappear; progress follows the visible ones."""
        answers = self.effective_answers()
        visible = {q.id for q in self.template.visible_questions(answers)}
        for qid, widget in self.questions.items():
            widget.setVisible(qid in visible)
        done, total = self.template.progress(answers)
        missing = len(self.template.missing_required(answers))
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        text = _("{done} of {total} questions answered").format(done=done, total=total)
        if missing and self.visit.get("status") != "completed":
            text += " · " + ngettext("{count} required question left", "{count} required questions left",
                                     missing).format(count=missing)
        self.progress_label.setText(text)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(SECTION_ROLE)
            section = next((s for s in self.template.sections if s.id == key), None)
            if section is None:
                continue
            shown = [q for q in section.questions if q.id in visible]
            answered = sum(1 for q in shown if questionnaire.is_answered(answers.get(q.id)))
            needed = [q for q in shown if q.required and not questionnaire.is_answered(answers.get(q.id))]
            mark = "✓ " if shown and answered == len(shown) else ("• " if needed else "")
            item.setText(f"{mark}{section.title()}  ({answered}/{len(shown)})")
            progress = (ngettext("{count} required question left in this section",
                                 "{count} required questions left in this section", len(needed)).format(
                count=len(needed)) if needed else _("{answered} of {total} questions answered").format(
                answered=answered, total=len(shown)))
            item.setToolTip(f"{section.title()}\n{progress}")   # the whole title where a narrow list cuts it

    # --- sections --------------------------------------------------------------------------------------

    def current_section(self) -> str:
        item = self.nav.currentItem()
        return item.data(SECTION_ROLE) if item is not None else DETAILS

    def restore_section(self, section_id: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(SECTION_ROLE) == section_id:
                self.nav.setCurrentRow(row)
                return

    def step_section(self, step: int) -> None:
        row = self.nav.currentRow() + step
        while 0 <= row < self.nav.count() and self.nav.item(row).data(SECTION_ROLE) is None:
            row += step  # skip group headings
        if 0 <= row < self.nav.count():
            self.nav.setCurrentRow(row)
            page = self.stack.currentWidget()
            if page is None:
                return
            target = page.focusProxy() or page
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if isinstance(page, SectionPage):
                first = next((w for w in page.questions.values() if not w.isHidden()), None)
                if first is not None:
                    first.focus_input()

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self.flush()
        self.stack.setCurrentIndex(row)
        key = self.current_section()
        if not self._closing:
            try:
                self.ctx.call(visits.remember_open_visit, self.visit_id, key)
            except OSError:
                pass  # a read-only settings file must not stop the visit
        self.section_changed.emit(key)

    # --- editing answers ---------------------------------------------------------------------------------

    def _answer_edited(self, qid: str) -> None:
        self.pending[qid] = self.questions[qid].value()
        self.questions[qid].set_error(None)
        self._update_visibility()
        self.saved_label.setText(_("Saving…"))
        self.autosave.poke()

    def flush_answers(self) -> None:
        self.autosave.cancel()
        if not self.pending:
            return
        values, self.pending = self.pending, {}

        def show(qid: str, message: str) -> None:
            if qid in self.questions:
                self.questions[qid].set_error(message)

        try:
            _result, refused = save_fields(
                self.ctx, lambda v: self.ctx.call(visits.save_answers, self.visit_id, v, from_text=True),
                values, show)
        except (ConflictError, NotFoundError) as exc:  # finished or removed elsewhere: retrying cannot help
            self.banner_message(exc.message, error=True)
            return
        except Exception as exc:  # noqa: BLE001 - e.g. the disk is full or the database busy: keep the typing
            for qid, value in values.items():
                self.pending.setdefault(qid, value)
            self.saved_label.setText(_("Not saved yet; trying again…"))
            self.banner_message(exc.message if isinstance(exc, CirkularError) else
                                _("The answers could not be saved just now; Cirkulär keeps trying."), error=True)
            self.autosave.poke()
            return
        if self.banner.isVisible() and self.saved_label.text() == _("Not saved yet; trying again…"):
            self.banner_message("")
        before = dict(self.answers)
        for qid in values:
            if qid not in refused:
                value = questionnaire.validate_answer(self.template.question(qid), values[qid], from_text=True)
                if value is None:
                    self.answers.pop(qid, None)
                else:
                    self.answers[qid] = value
        # Edit ▸ Undo sets the answers back (typing in one answer is one step, as with other fields). An answer
        # kept on the contact's record (phone, e-mail) is that record's change, not the questionnaire's.
        undo.answers_saved(self.ctx, self.visit_id, before, self.answers,
                           {qid: self.template.question(qid).text() for qid in values
                            if qid not in refused and not self.template.question(qid).contact_field})
        self.saved_label.setText(_("All changes saved") if not refused else _("Some answers need a correction"))
        self._update_visibility()
        if any((self.template.question(qid).record_field or ("",))[0] == "need" for qid in values
               if qid not in refused):
            self._refresh_header()   # a price answer may have made the visit's first need: list it

    def _detail_edited(self, name: str) -> None:
        self.details_pending[name] = self.details[name].value()
        self.details[name].set_error(None)
        self.details_autosave.poke()

    def flush_details(self) -> None:
        self.details_autosave.cancel()
        if not self.details_pending:
            return
        values, self.details_pending = self.details_pending, {}
        before = dict(self.visit)
        save_fields(self.ctx, lambda v: self.ctx.call(visits.set_visit_details, self.visit_id, v, from_text=True),
                    values, lambda n, m: self.details[n].set_error(m) if n in self.details else None)
        self._refresh_header()
        undo.record_saved(self.ctx, "visit", before, self.visit, fields=DETAIL_FIELDS)

    def _undo_applied(self, table: str, ids: set[str]) -> None:
        """Edit ▸ Undo changed this visit's details or answers: show them as stored now."""
        if table == "visit" and self.visit_id in ids and not self._closing:
            self.details_pending.clear()
            self.reload()

    def flush(self) -> None:
        """Write everything typed so far (answers, details, the open stream, need or idea)."""
        self.flush_answers()
        self.flush_details()
        for pane in (self.streams, self.needs, self.ideas):
            pane.flush()

    # --- finishing and correcting -----------------------------------------------------------------------

    def banner_message(self, text: str, *, error: bool = False) -> None:
        self.header.banner_message(text, error=error)

    def _finish_requested(self) -> None:
        # Slots return None: PySide6 mishandles the reference count of a bool returned by a slot.
        if self.finish_button.isVisible():
            self.finish()

    def finish(self) -> bool:
        """Finish the visit; if required answers are missing, show them and go to the first."""
        self.flush()
        try:
            version = self.ctx.call(visits.complete_visit, self.visit_id)
        except ValidationError:
            self.show_missing()
            return False
        except CirkularError as exc:
            self.banner_message(exc.message, error=True)
            return False
        self.banner_message(_("The visit is finished and kept as version {version}.").format(version=version))
        self.reload()
        return True

    def show_missing(self) -> list[str]:
        missing = self.template.missing_required(self.effective_answers())
        for q in missing:
            self.questions[q.id].set_error(_("An answer is required before the visit can be finished."))
        if not missing:
            return []
        message = ngettext("{count} required question is unanswered; it is marked below.",
                           "{count} required questions are unanswered; they are marked below.",
                           len(missing)).format(count=len(missing))
        # Each missing question is a link that takes the person to it.
        links = ", ".join(f"<a href='{q.id}'>{html.escape(q.text())}</a>" for q in missing[:6])
        more = "…" if len(missing) > 6 else ""
        self.header.banner_message(f"{html.escape(message)}<br>{links}{more}", error=True, rich=True)
        self.focus_question(missing[0].id)
        return [q.id for q in missing]

    def focus_question(self, question_id: str) -> None:
        """Show the question's section, scroll to it and put the cursor in it."""
        widget = self.questions.get(question_id)
        if widget is None:
            return
        section = widget.question.section
        self.restore_section(section)
        page = self.pages[section]
        if isinstance(page, QScrollArea):
            page.ensureWidgetVisible(widget)
        widget.focus_input()

    def correct(self) -> None:
        try:
            self.ctx.call(visits.reopen_visit, self.visit_id)
        except CirkularError as exc:
            self.banner_message(exc.message, error=True)
            return
        self.banner_message(_("Correcting the visit. Finish it again to keep the changes as a new version; "
                              "the earlier versions stay."))
        self.reload()
        self.restore_section(self.template.sections[0].id)

    def reload(self) -> None:
        overview = self.ctx.call(visits.visit_overview, self.visit_id)
        self.answers = dict(overview["answers"])
        for qid, widget in self.questions.items():
            if qid not in self.pending:
                widget.set_value(self.answers.get(qid))
        self._apply(overview)

    def _refresh_header(self) -> None:
        try:
            overview = self.ctx.call(visits.visit_overview, self.visit_id)
        except CirkularError:
            return
        self.visit = overview["visit"]
        for qid in self.template.bound_questions():   # the contact, organization or need changed
            if (qid in self.questions and qid not in self.pending
                    and self.answers.get(qid) != overview["answers"].get(qid)):
                self.answers.pop(qid, None)
                if qid in overview["answers"]:
                    self.answers[qid] = overview["answers"][qid]
                self.questions[qid].set_value(self.answers.get(qid))
        self._apply(overview)
        self._update_visibility()

    def _items_changed(self) -> None:
        self._update_counts()
        self.ideas.set_links(self.streams.items, self.needs.items)

    def _records_changed(self, tables: frozenset[str]) -> None:
        # Our own saves touch visit, stream, need, idea and attachment; only outside edits of the
        # organization or its contacts change what the header shows.
        if tables & {"organization", "contact"} and not self._closing:
            self._refresh_header()

    # --- closing ----------------------------------------------------------------------------------------------

    def close_visit(self) -> None:
        """Save everything, forget the visit as "open" and tell the shell."""
        self.flush()
        self._closing = True
        try:
            self.ctx.call(visits.forget_open_visit, self.visit_id)
        except OSError:
            pass
        self.closed.emit()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.flush()  # leaving the page (another view, minimised window) saves what was typed
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.flush()
        super().closeEvent(event)
