"""The privacy notice on screen: shown in the contact dialog, where the two consents are asked.

Rendered in the contact's language (the person reads it, or is read it);
while the notice's settings are incomplete, a line in the user's language
says what is missing and where to set it. Imports: PySide6, i18n, services.privacy_access.
"""

from __future__ import annotations

import html
from typing import Any, Mapping

from PySide6.QtWidgets import QTextBrowser, QWidget

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import privacy_access


class NoticeView(QTextBrowser):
    """A read-only, scrolling privacy notice for a contact of one organization."""

    def __init__(self, ctx: Any, organization_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organization_id = organization_id
        self.setObjectName("privacyNotice")
        self.setOpenExternalLinks(False)
        self.setMinimumHeight(140)
        self.shown_language: str | None = None

    def show_for(self, contact: Mapping[str, Any]) -> None:
        try:
            notice = self.ctx.call(privacy_access.notice, self.organization_id, contact)
            gaps = [] if notice.complete else self.ctx.call(privacy_access.notice_gaps)
        except CirkularError:
            return
        self.shown_language = contact.get("language")
        parts = [f"<h3>{html.escape(notice.title)}</h3>"]
        if gaps:
            warning = _("The notice is incomplete; set it in Preferences ▸ Privacy: {missing}").format(
                missing="; ".join(gaps))
            parts.append(f"<p style='color:#b3261e'>{html.escape(warning)}</p>")
        for section in notice.sections:
            for index, paragraph in enumerate(section.paragraphs):
                lead = f"<b>{html.escape(section.heading)}.</b> " if index == 0 else ""
                parts.append(f"<p>{lead}{html.escape(paragraph)}</p>")
        self.setHtml("".join(parts))
