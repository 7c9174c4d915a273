"""The field visit screen: questionnaire, streams, needs, ideas, photos, finish and correct.

``VisitPage`` is what the application shell hosts; the other modules are its
parts. Imports: PySide6, services, core, i18n.
"""

from __future__ import annotations

__all__ = ["VisitPage"]


def __getattr__(name: str):
    # Lazy, so importing the package for one part does not build the whole screen's imports.
    if name == "VisitPage":
        from cirkular_desktop.gui.visit.page import VisitPage

        return VisitPage
    raise AttributeError(name)
