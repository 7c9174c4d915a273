"""The first start (who is working here) and "Try with demo data" in a window of its own (issue #17).

``WelcomePage`` is the page a fresh data folder opens on: the person's name
(it goes on their visits), this computer's name (bundles carry it to the
coordinator, who otherwise sees a host name such as "vm"), and the way on —
"Start", "Try with demo data…" or "Later". Everything it saves goes through
``services.profile``.

``open_demo`` opens the demo data folder (``services.demo_folder``) in a
second main window with a DEMO banner, and hides the project's window until
the demo is left: the two never share a database, and the demo folder's data
is never exported.

Imports: PySide6, i18n, errors, services (profile, demo_folder, app), gui (context, widgets).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.widgets import WrapLabel, heading_label, icon, set_kind
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import profile


class WelcomePage(QWidget):
    """Who is working on this computer; then start, try the demo, or leave it for later."""

    finished = Signal()          # the names were saved (or the step was put off): show the organizations
    demo_requested = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("welcomePage")
        self._computer_typed = False
        self.picture = QLabel()
        self.picture.setPixmap(icon("cirkular").pixmap(56, 56))
        self.heading = heading_label()
        self.intro = WrapLabel()
        self.user_name = QLineEdit()
        self.user_name.setObjectName("welcomeUserName")
        self.user_name.setMaxLength(profile.MAX_NAME)
        self.computer_name = QLineEdit()
        self.computer_name.setObjectName("welcomeComputerName")
        self.computer_name.setMaxLength(profile.MAX_NAME)
        self.user_label, self.computer_label = QLabel(), QLabel()
        self.user_label.setBuddy(self.user_name)
        self.computer_label.setBuddy(self.computer_name)
        self.user_hint, self.computer_hint = WrapLabel(), WrapLabel()
        for hint in (self.user_hint, self.computer_hint):
            set_kind(hint, "muted")
        self.error = WrapLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.user_label, self.user_name)
        form.addRow("", self.user_hint)
        form.addRow(self.computer_label, self.computer_name)
        form.addRow("", self.computer_hint)
        self.start_button = QPushButton()
        self.start_button.setObjectName("primaryButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("welcomeDemo")
        self.demo_button.clicked.connect(self.demo_requested)
        self.later_button = QPushButton()
        self.later_button.setObjectName("welcomeLater")
        self.later_button.clicked.connect(self.later)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)

        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        top = QHBoxLayout()
        top.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.heading, 1)
        inner.addLayout(top)
        inner.addWidget(self.intro)
        inner.addSpacing(6)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addSpacing(8)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.user_name.textEdited.connect(self._name_typed)
        self.computer_name.textEdited.connect(lambda _text: setattr(self, "_computer_typed", True))
        self.user_name.returnPressed.connect(self.computer_name.setFocus)
        self.computer_name.returnPressed.connect(self.start)
        self.setFocusProxy(self.user_name)
        known = profile.who(ctx.app)
        self.user_name.setText(known["user_name"])
        self.retranslate()

    def _name_typed(self, name: str) -> None:
        """Until the person types a computer name, it follows theirs: "Anna's laptop"."""
        if not self._computer_typed:
            self.computer_name.setText(_("{name}'s laptop").format(name=name.strip()) if name.strip() else "")

    def start(self) -> None:
        try:
            self.ctx.call(profile.set_who, user_name=self.user_name.text(),
                          computer_name=self.computer_name.text())
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.error.hide()
        self.ctx.preferences_changed.emit()   # the status bar names the computer
        self.finished.emit()

    def later(self) -> None:
        try:
            self.ctx.call(profile.skip_welcome)
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.finished.emit()

    def retranslate(self) -> None:
        self.heading.setText(_("Welcome to Cirkulär"))
        self.intro.setText(_("Before the first visit: who is working on this computer? You can change both "
                             "later in Preferences."))
        self.user_label.setText(_("&Your name:"))
        self.computer_label.setText(_("&This computer's name:"))
        self.user_name.setPlaceholderText(_("e.g. Anna Berg"))
        self.computer_name.setPlaceholderText(_("e.g. Anna's laptop, Säffle"))
        self.user_hint.setText(_("Goes on the visits you start, as the visitor."))
        self.computer_hint.setText(_("Shown to the coordinator who imports your bundles, so they know where "
                                     "changes came from."))
        self.start_button.setText(_("Start"))
        self.demo_button.setText(_("Try with demo data…"))
        self.demo_button.setToolTip(_("Opens made-up organizations and visits in a separate demo folder; "
                                      "nothing of it reaches your project's data"))
        self.later_button.setText(_("Later"))
        for widget, name, description in (
                (self.user_name, _("Your name"), self.user_hint.text()),
                (self.computer_name, _("This computer's name"), self.computer_hint.text())):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)


class DemoBanner(QFrame):
    """The strip across a demo window: what this is, and the way back."""

    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = WrapLabel()
        self.label.setObjectName("demoText")
        self.leave_button = QPushButton()
        self.leave_button.setObjectName("leaveDemo")
        self.leave_button.clicked.connect(self.leave_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.leave_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(_("DEMO — made-up data for trying Cirkulär. It is kept apart from your project's "
                             "data and is never exported."))
        self.leave_button.setText(_("Leave the demo"))
        self.setAccessibleName(_("Demo data"))


def open_demo(window: Any) -> None:
    """Open the demo data folder in its own window (filled the first time, with progress); the project's
    window waits hidden until the demo is left."""
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.services import demo_folder
    from cirkular_desktop.services.app import open_app

    if getattr(window, "demo", False):
        return  # this is the demo already
    existing = getattr(window, "demo_window", None)
    if existing is not None:
        existing.show()
        existing.raise_()
        return
    try:
        app = open_app(paths=demo_folder.demo_paths(window.ctx.app.paths))
    except CirkularError as exc:
        window.ctx.show_error(window, exc)
        return
    ctx = GuiContext(app)

    def ready(done: bool) -> None:
        if not done:
            _close(ctx)
            return
        from cirkular_desktop.gui.window import MainWindow

        demo = MainWindow(ctx, restore=False, remember=False, demo=True)
        demo.project_window = window
        window.demo_window = demo
        demo.resize(window.size())
        demo.move(window.pos())
        demo.show()
        window.hide()

    def failed(exc: BaseException) -> None:
        _close(ctx)
        window.ctx.show_error(window, exc)

    ctx.run(demo_folder.prepare, with_progress=True, parent=window, progress_title=_("Preparing the demo data…"),
            on_done=ready, on_error=failed)


def _close(ctx: Any) -> None:
    ctx.wait()
    ctx.app.close()
    ctx.deleteLater()


def demo_closed(demo: Any) -> None:
    """The demo window closed: close its folder and bring the project's window back."""
    project = getattr(demo, "project_window", None)
    _close(demo.ctx)
    if project is not None:
        project.demo_window = None
        project.show()
        project.raise_()
