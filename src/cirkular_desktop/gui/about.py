"""The About dialog: version, what Cirkulär is for, and the licenses of what it ships.

Imports: PySide6, cirkular_desktop (version), i18n, gui.widgets.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from cirkular_desktop import __version__
from cirkular_desktop.gui.widgets import describe, icon
from cirkular_desktop.i18n import gettext as _


def _reportlab_version() -> str:
    try:
        import reportlab

        return str(reportlab.Version)
    except ImportError:  # pragma: no cover - a dependency; reported rather than crashing the dialog
        return "?"


def licenses_html() -> str:
    rows = [
        (_("Cirkulär"), __version__, _("MIT License. © Cirkulärt samarbete över gränsen (Interreg Sverige–Norge).")),
        ("Qt", qVersion(), _("GNU Lesser General Public License v3 (LGPL-3.0). © The Qt Company Ltd.")),
        ("PySide6", pyside_version, _("GNU Lesser General Public License v3 (LGPL-3.0). © The Qt Company Ltd.")),
        ("ReportLab", _reportlab_version(), _("BSD License. © ReportLab Europe Ltd.")),
        (_("DejaVu fonts"), "2.37", _("Bitstream Vera license with DejaVu changes in the public domain; "
                                      "free to use, embed and redistribute.")),
        ("SQLAlchemy, Alembic", "", _("MIT License.")),
        ("Babel, python-stdnum, platformdirs", "", _("BSD License; python-stdnum LGPL-2.1.")),
        ("cryptography", "", _("Apache License 2.0 or BSD License.")),
        (_("EU List of Waste"), "2014/955/EU", _("© European Union; reuse authorised (Decision 2011/833/EU).")),
    ]
    body = "".join(f"<tr><td><b>{name}</b></td><td>{version}</td><td>{text}</td></tr>" for name, version, text in rows)
    return (f"<table cellspacing='0' cellpadding='5' width='100%'>"
            f"<tr><th align='left'>{_('Component')}</th><th align='left'>{_('Version')}</th>"
            f"<th align='left'>{_('License')}</th></tr>{body}</table>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About Cirkulär"))
        self.setMinimumSize(620, 480)
        picture = QLabel()
        picture.setPixmap(icon("cirkular").pixmap(64, 64))
        title = QLabel(_("<b style='font-size:16pt'>Cirkulär</b><br>Version {version}").format(version=__version__))
        title.setTextFormat(Qt.TextFormat.RichText)
        head = QHBoxLayout()
        head.addWidget(picture)
        head.addSpacing(10)
        head.addWidget(title)
        head.addStretch(1)
        purpose = QLabel(_("Map residual streams and needs at company visits, collect ideas for reuse and match "
                           "suppliers with receivers across the Swedish–Norwegian border. Made for the Interreg "
                           "project “Cirkulärt samarbete över gränsen” (Värmland and Østfold)."))
        purpose.setWordWrap(True)
        self.licenses = QTextBrowser()
        self.licenses.setObjectName("licenses")
        describe(self.licenses, _("Licenses"), _("The components Cirkulär ships and their licenses"))
        self.licenses.setHtml(licenses_html())
        runtime = QLabel(_("Python {python} · Qt {qt} · PySide6 {pyside}").format(
            python=platform.python_version(), qt=qVersion(), pyside=pyside_version))
        runtime.setObjectName("fieldHint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(purpose)
        layout.addWidget(QLabel(_("<b>Licenses</b>")))
        layout.addWidget(self.licenses, 1)
        layout.addWidget(runtime)
        layout.addWidget(buttons)
