"""Undo and Redo of record changes made in this session: field edits, questionnaire answers, additions and
removals.

One ``UndoStack`` per ``GuiContext`` (``stack_for``), emptied when the
context's data folder changes. Editors push a step after their autosave has
written (``record_saved``); removals push theirs after the service removed
the record (``removed``). Every undo and redo is an ordinary edit through
``services.revisions``, so it is saved at once and syncs like any other
change: nothing in the history is rewritten.

A step that can no longer be undone (the field was changed again elsewhere,
a photo's file is gone) says why through ``failed`` and drops out of the
stack; nothing is changed. A removed record comes back as a new record
(removals win in sync), so the stack maps old ids to new ones and later
steps follow the record.

Text fields keep Qt's own undo while they have the focus; this stack is what
the Edit menu's Undo/Redo (Ctrl+Z, Ctrl+Shift+Z) do elsewhere.

Imports: PySide6, core.records, errors, i18n (gettext, dates), services (records, revisions), gui.context.
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from typing import Any, Callable, Iterable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as record_services
from cirkular_desktop.services import revisions

UNDO_LIMIT = 200
MERGE_SECONDS = 4.0     # typing in one field with pauses is one step, like a text editor
FIELD_EDIT_ID = 4101
ANSWER_EDIT_ID = 4102


def _same(a: Any, b: Any) -> bool:
    if a in (None, "", [], {}) and b in (None, "", [], {}):
        return True
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def field_label(table: str, name: str) -> str:
    try:
        return _(records.table(table).field(name).label)
    except (CirkularError, KeyError):
        return name


def title_of(table: str, record: Mapping[str, Any]) -> str:
    if table == "visit" and record.get("date"):
        try:
            date = i18n.format_date(_dt.date.fromisoformat(str(record["date"])))
        except ValueError:
            date = str(record["date"])
        return _("visit of {date}").format(date=date)
    return record_services.display_title(table, record) if record else ""


class UndoStack(QUndoStack):
    """The session's undo history of one data folder."""

    applied = Signal(str, object)     # table, ids (set of record ids) an undo or redo changed
    failed = Signal(str)              # why a step could not be undone or redone
    about_to_step = Signal()          # editors write what is waiting before the history moves

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.setObjectName("undo_stack")
        self.ctx = ctx
        self.app = ctx.app
        self.data_dir = ctx.app.paths.data_dir
        self.new_ids: dict[str, str] = {}   # a removed record's id → the id it came back under
        self.setUndoLimit(UNDO_LIMIT)
        ctx.language_changed.connect(self.retranslate)

    def resolve(self, record_id: str) -> str:
        seen = set()
        while record_id in self.new_ids and record_id not in seen:
            seen.add(record_id)
            record_id = self.new_ids[record_id]
        return record_id

    def undo(self) -> None:  # the Edit menu's Undo: first write what the editors still hold
        self.about_to_step.emit()
        if self.canUndo():
            super().undo()

    def redo(self) -> None:
        self.about_to_step.emit()
        if self.canRedo():
            super().redo()

    def reset(self) -> None:
        self.clear()
        self.new_ids.clear()
        self.app, self.data_dir = self.ctx.app, self.ctx.app.paths.data_dir

    def retranslate(self, *_args: Any) -> None:
        """Step names follow a language switch (they are made from their parts again)."""
        for index in range(self.count()):
            step = self.command(index)
            if isinstance(step, Step):
                step.setText(step.describe())
        self.indexChanged.emit(self.index())


def stack_for(ctx: Any) -> UndoStack:
    """The context's stack; a new data folder starts with an empty one."""
    stack = getattr(ctx, "_undo_stack", None)
    if stack is None:
        stack = UndoStack(ctx)
        ctx._undo_stack = stack
    elif stack.app is not ctx.app or stack.data_dir != ctx.app.paths.data_dir:
        stack.reset()
    return stack


class Step(QUndoCommand):
    """One undoable change; already done when pushed, so the first redo does nothing."""

    def __init__(self, stack: UndoStack) -> None:
        super().__init__()
        self.stack = stack
        self._done = True
        self.setText(self.describe())

    def describe(self) -> str:
        raise NotImplementedError

    def apply(self) -> tuple[str, set[str]]:
        raise NotImplementedError

    def revert(self) -> tuple[str, set[str]]:
        raise NotImplementedError

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, action: Callable[[], tuple[str, set[str]]]) -> None:
        try:
            table, ids = action()
        except CirkularError as exc:
            self.setObsolete(True)  # Qt drops it from the stack; nothing was changed
            self.stack.failed.emit(_("Cannot undo or redo “{action}”: {reason}").format(
                action=self.text(), reason=exc.message))
            return
        self.stack.applied.emit(table, ids)

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.stack.ctx.call(fn, *args, **kwargs)


class FieldEdit(Step):
    """Fields of one record changed from ``old`` to ``new`` (stored values)."""

    def __init__(self, stack: UndoStack, table: str, record_id: str, old: dict[str, Any], new: dict[str, Any],
                 title: str) -> None:
        self.table, self.record_id, self.old, self.new, self.title = table, record_id, old, new, title
        self.when = time.monotonic()
        super().__init__(stack)

    def describe(self) -> str:
        if len(self.new) == 1:
            return _("change of {field} in “{title}”").format(
                field=field_label(self.table, next(iter(self.new))), title=self.title)
        return _("changes to “{title}”").format(title=self.title)

    def id(self) -> int:  # noqa: A003 - Qt API
        return FIELD_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, FieldEdit) or other.table != self.table or set(other.new) != set(self.new) \
                or self.stack.resolve(other.record_id) != self.stack.resolve(self.record_id) \
                or other.when - self.when > MERGE_SECONDS:
            return False
        self.new, self.when, self.title = other.new, other.when, other.title
        self.setText(self.describe())
        if all(_same(self.old[name], self.new[name]) for name in self.new):
            self.setObsolete(True)  # typed and typed back: nothing left to undo
        return True

    def _write(self, expected: dict[str, Any], values: dict[str, Any]) -> tuple[str, set[str]]:
        record_id = self.stack.resolve(self.record_id)
        self.call(revisions.set_if_unchanged, self.table, record_id, expected, values)
        return self.table, {record_id}

    def apply(self) -> tuple[str, set[str]]:
        return self._write(self.old, self.new)

    def revert(self) -> tuple[str, set[str]]:
        return self._write(self.new, self.old)


class AnswerEdit(Step):
    """Questionnaire answers of one visit changed from ``old`` to ``new`` (stored values; None: unanswered).

    Answers are one synced value per question, so undoing touches only the questions of the step,
    and only while they still hold what the step wrote.
    """

    def __init__(self, stack: UndoStack, visit_id: str, old: dict[str, Any], new: dict[str, Any],
                 questions: dict[str, str]) -> None:
        self.visit_id, self.old, self.new, self.questions = visit_id, old, new, questions
        self.when = time.monotonic()
        super().__init__(stack)

    def describe(self) -> str:
        if len(self.new) == 1:
            text = self.questions.get(next(iter(self.new)), "")
            return _("answer to “{question}”").format(question=text if len(text) <= 48 else text[:47] + "…")
        return _("{count} answers").format(count=len(self.new))

    def id(self) -> int:  # noqa: A003 - Qt API
        return ANSWER_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, AnswerEdit) or other.visit_id != self.visit_id or set(other.new) != set(self.new) \
                or other.when - self.when > MERGE_SECONDS:
            return False
        self.new, self.when = other.new, other.when
        if all(_same(self.old[q], self.new[q]) for q in self.new):
            self.setObsolete(True)
        return True

    def _write(self, expected: dict[str, Any], values: dict[str, Any]) -> tuple[str, set[str]]:
        self.call(revisions.answers_if_unchanged, self.visit_id, expected, values)
        return "visit", {self.visit_id}

    def apply(self) -> tuple[str, set[str]]:
        return self._write(self.old, self.new)

    def revert(self) -> tuple[str, set[str]]:
        return self._write(self.new, self.old)


class Removal(Step):
    """Records (with their photos) removed; undo brings them back as new records."""

    def __init__(self, stack: UndoStack, table: str, snapshots: list[dict[str, Any]]) -> None:
        self.table, self.snapshots = table, snapshots
        super().__init__(stack)

    def describe(self) -> str:
        if len(self.snapshots) == 1:
            record = self.snapshots[0]["record"]
            return _("removal of “{title}”").format(title=title_of(self.table, record))
        return _("removal of {count} {things}").format(count=len(self.snapshots),
                                                        things=_(records.table(self.table).plural).lower())

    def revert(self) -> tuple[str, set[str]]:
        ids = set()
        for saved in self.snapshots:
            new_ids = self.call(revisions.restore, self._current(saved))
            for old, new in new_ids.items():
                if old != new:
                    self.stack.new_ids[old] = new
            ids.add(self.stack.resolve(saved["record"]["id"]))
        return self.table, ids

    def _current(self, saved: dict[str, Any]) -> dict[str, Any]:
        """The snapshot pointing at the record's owner as it is now (it may have come back itself)."""
        if self.table != "attachment":
            return saved
        record = dict(saved["record"])
        record["owner_id"] = self.stack.resolve(record["owner_id"])
        return {**saved, "record": record}

    def apply(self) -> tuple[str, set[str]]:
        ids = set()
        for saved in self.snapshots:
            record_id = self.stack.resolve(saved["record"]["id"])
            self.call(record_services.remove_record, self.table, record_id)
            ids.add(record_id)
        return self.table, ids


class Addition(Removal):
    """Records added; undo removes them (photos too) and redo brings them back."""

    def __init__(self, stack: UndoStack, table: str, record_ids: Iterable[str], titles: list[str]) -> None:
        self.titles = titles
        super().__init__(stack, table, [{"table": table, "record": {"id": i}, "photos": []} for i in record_ids])

    def describe(self) -> str:
        if len(self.titles) == 1:
            return _("adding “{title}”").format(title=self.titles[0])
        return _("adding {count} {things}").format(count=len(self.titles),
                                                   things=_(records.table(self.table).plural).lower())

    def revert(self) -> tuple[str, set[str]]:
        # Remember the record as it is at this moment, so redo brings back its latest state.
        fresh = []
        for saved in self.snapshots:
            key = saved["record"]["id"]
            now = self.call(revisions.snapshot, self.table, self.stack.resolve(key))
            now["record"] = {**now["record"], "id": key}  # keyed by the first id, which later steps know
            fresh.append(now)
        self.snapshots = fresh
        return Removal.apply(self)

    def apply(self) -> tuple[str, set[str]]:
        return Removal.revert(self)


# --- what editors call --------------------------------------------------------------------------------


def record_saved(ctx: Any, table: str, before: Mapping[str, Any], after: Mapping[str, Any], *,
                 fields: Iterable[str] | None = None) -> None:
    """An editor wrote a record: push its creation, or the change of the fields (of ``fields``) that differ."""
    if not after.get("id"):
        return
    stack = stack_for(ctx)
    if not before.get("id"):
        stack.push(Addition(stack, table, [after["id"]], [title_of(table, after)]))
        return
    spec = records.table(table)
    names = [f.name for f in spec.fields] if fields is None else list(fields)
    changed = [name for name in names if not _same(before.get(name), after.get(name))]
    if changed:
        stack.push(FieldEdit(stack, table, after["id"], {n: before.get(n) for n in changed},
                             {n: after.get(n) for n in changed}, title_of(table, after)))


def answers_saved(ctx: Any, visit_id: str, before: Mapping[str, Any], after: Mapping[str, Any],
                  questions: Mapping[str, str]) -> None:
    """The visit saved answers: push the change of those that differ (``questions``: id → its text)."""
    changed = [q for q in questions if not _same(before.get(q), after.get(q))]
    if changed:
        stack = stack_for(ctx)
        stack.push(AnswerEdit(stack, visit_id, {q: before.get(q) for q in changed},
                              {q: after.get(q) for q in changed}, {q: questions[q] for q in changed}))


def snapshots(ctx: Any, table: str, record_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Take before removing: what undo needs to bring the records back."""
    return [ctx.call(revisions.snapshot, table, record_id) for record_id in record_ids]


def removed(ctx: Any, table: str, saved: list[dict[str, Any]]) -> None:
    """Records were removed (``saved`` from ``snapshots``, only those really removed)."""
    if saved:
        stack = stack_for(ctx)
        stack.push(Removal(stack, table, saved))


def added(ctx: Any, table: str, record_ids: list[str], titles: list[str]) -> None:
    if record_ids:
        stack = stack_for(ctx)
        stack.push(Addition(stack, table, record_ids, titles))


class UndoMenu(QObject):
    """Keeps the Edit menu's Undo and Redo in step with the stack: enabled, and saying what they undo."""

    def __init__(self, window: Any, undo_action: QAction, redo_action: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.undo_action, self.redo_action = undo_action, redo_action
        self.stack = stack_for(window.ctx)
        self.stack.indexChanged.connect(self.update)
        self.stack.cleanChanged.connect(self.update)
        self.stack.failed.connect(self.show_failure)
        self.update()

    def update(self, *_args: Any) -> None:
        stack = stack_for(self.window.ctx)
        if stack is not self.stack:
            return
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(_("&Undo {action}").format(action=stack.undoText()) if stack.canUndo()
                                 else _("&Undo"))
        self.redo_action.setText(_("&Redo {action}").format(action=stack.redoText()) if stack.canRedo()
                                 else _("&Redo"))

    def show_failure(self, message: str) -> None:
        if self.window.isVisible():
            self.window.statusBar().showMessage(message, 10000)
