"""Screenshots of the matchmaking workspace for ``cirkular-desktop --screenshots`` (docs/screenshots).

Draws the Matchmaking page (everything, and one stream's suggestions), the
pipeline board, the match editor's tabs, the reject dialog, and the lists and
editors of test environments, outcomes and activities, at the window's size.

Imports: services.browse, gui (screenshots helpers, matchmaking).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cirkular_desktop.services import browse


def render(ctx: Any, window: Any, folder: Path) -> list[Path]:
    from cirkular_desktop.gui.matchmaking import TABLES
    from cirkular_desktop.gui.matchmaking.dialogs import RejectDialog
    from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor
    from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog
    from cirkular_desktop.gui.screenshots import grab

    written: list[Path] = []
    window.show_page("matchmaking")
    page = window.pages["matchmaking"]
    written.append(grab(window, folder / "matchmaking.png"))
    if page.shown:
        stream_id = page.shown[0]["stream_id"]
        page.choose("stream", stream_id)
        written.append(grab(window, folder / "matchmaking-stream.png"))
        if page.current() is not None:
            row = page.current()
            dialog = RejectDialog(window, f"{row['stream_title']} → {row['need_title']}")
            written.append(grab(dialog, folder / "matchmaking-reject-dialog.png"))
            dialog.close()
            dialog.deleteLater()
    window.show_page("pipeline")
    board = window.pages["pipeline"]
    busiest = max(board.cards.values(), key=lambda c: c["stage"] == "testing", default=None)
    if busiest is not None:
        board.select(busiest["id"])
    written.append(grab(window, folder / "pipeline.png"))
    if busiest is not None:
        editor = MatchEditor(ctx, busiest["id"], window)
        for index, name in enumerate(("details", "why", "history", "results", "photos", "partner")):
            editor.tabs.setCurrentIndex(index)
            if name in ("details", "why", "results", "partner"):
                written.append(grab(editor, folder / f"match-editor-{name}.png"))
        editor.close()
        editor.deleteLater()
    for table in TABLES:
        window.show_page(table)
        lister = window.list_pages[table]
        if lister.model.rowCount():
            lister.view.selectRow(0)
        plural = {"activity": "activities"}.get(table, f"{table}s")
        written.append(grab(window, folder / f"{plural}.png"))
        rows = browse.list_page(ctx.app, table, limit=1).rows
        record_dialog = WorkspaceRecordDialog(ctx, table, rows[0]["id"] if rows else None, parent=window)
        written.append(grab(record_dialog, folder / f"{table}-editor.png"))
        record_dialog.close()
        record_dialog.deleteLater()
    return written
