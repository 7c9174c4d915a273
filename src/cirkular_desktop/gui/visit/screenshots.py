"""Screenshots of the visit screen for ``cirkular-desktop --screenshots DIR``.

Opens a demo visit that shows the screen well (``services.visits.showcase_visit``:
streams with photos, answers) offscreen and saves the questionnaire, the
stream editor (top and photos), a photo with its caption, the waste-code and
material pickers and the version history as PNG files. Nothing in the data changes; the "open visit"
note that the page writes is put back as it was.

Imports: PySide6, core (questionnaire, wastecodes), services (visits), i18n,
gui.context, gui.visit.*.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QWidget

from cirkular_desktop.core import questionnaire, wastecodes
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.visit.page import STREAMS, VisitPage
from cirkular_desktop.gui.visit.pickers import CODE_ROLE, MaterialPicker, WasteCodePicker
from cirkular_desktop.gui.visit.stream_editor import StreamEditor
from cirkular_desktop.services import visits

SIZE = QSize(1280, 820)


def _settle() -> None:
    for _round in range(3):
        QCoreApplication.processEvents()


def _save(widget: QWidget, folder: Path, name: str, saved: list[Path]) -> None:
    _settle()
    path = folder / name
    if widget.grab().save(str(path)):
        saved.append(path)


def _best_section(page: VisitPage) -> str:
    """The questionnaire section with the most answered questions (the first one if none)."""
    answers = page.effective_answers()
    visible = {q.id for q in page.template.visible_questions(answers)}
    scored = [(sum(1 for q in s.questions if q.id in visible and questionnaire.is_answered(answers.get(q.id))),
               -i, s.id) for i, s in enumerate(page.template.sections)]
    return max(scored)[2]


def render(ctx: GuiContext, folder: Path, size: QSize | None = None) -> list[Path]:
    """Save the visit screenshots into ``folder``; returns the files written (none without a visit)."""
    size = size or SIZE
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    visit_id = ctx.call(visits.showcase_visit)
    if visit_id is None:
        return []
    previous = ctx.call(visits.open_visit_state)
    saved: list[Path] = []
    # The questionnaire of a visit in progress (editable, as during a visit) ...
    draft = VisitPage(ctx, ctx.call(visits.showcase_visit, in_progress=True) or visit_id)
    try:
        draft.resize(size)
        draft.show()
        draft.restore_section(_best_section(draft))
        _save(draft, folder, "visit-questionnaire.png", saved)
    finally:
        draft.hide()
        draft.deleteLater()
    # ... and the streams of the visit that shows them best, with photos.
    page = VisitPage(ctx, visit_id)
    try:
        page.resize(size)
        page.show()

        page.restore_section(STREAMS)
        pane = page.streams
        editor = pane.editor
        if not isinstance(editor, StreamEditor):   # the streams pane always edits with a StreamEditor
            raise TypeError(f"the streams pane has a {type(editor).__name__}")
        # Show the stream with photos if there is one, so the thumbnails are in the picture.
        for row in range(pane.list.count()):
            pane.list.setCurrentRow(row)
            if editor.photos.list.count():
                break
        _save(page, folder, "stream-editor.png", saved)
        editor.ensureWidgetVisible(editor.photos, 0, 0)
        editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
        _save(page, folder, "stream-photos.png", saved)
        if editor.photos.list.count():  # the photo with its caption (nothing is changed: the text stays)
            editor.photos.list.setCurrentRow(0)
            photo = editor.photos.edit_caption()
            if photo is not None:
                photo.resize(min(max(photo.width(), 760), size.width() - 24),
                             min(max(photo.height(), 540), size.height() - 24))
                photo.show()
                _save(photo, folder, "photo-caption.png", saved)
                photo.close()

        material = editor.value_of("material_category")
        suggested: tuple[str, ...] = ()
        if material:
            from cirkular_desktop.core import materials

            found = materials.get(material)
            suggested = found.waste_codes if found else ()
        picker = WasteCodePicker(suggested=suggested, taken=tuple(editor.codes.codes), parent=page)
        picker.search.setText("17 0")
        picker.refresh()
        hazardous = next((item for i in range(picker.tree.topLevelItemCount())
                          if (item := picker.tree.topLevelItem(i)) is not None
                          and (e := wastecodes.get(item.data(0, CODE_ROLE) or "")) is not None
                          and e.mirror and e.hazardous), picker.tree.topLevelItem(0))
        if hazardous is not None:
            picker.tree.setCurrentItem(hazardous)
        picker.resize(min(900, size.width() - 24), min(620, size.height() - 24))   # within the window
        picker.show()
        _save(picker, folder, "code-picker.png", saved)
        picker.close()
        picker.deleteLater()

        materials_picker = MaterialPicker(material, parent=page)
        materials_picker.resize(720, 560)
        materials_picker.show()
        _save(materials_picker, folder, "material-picker.png", saved)
        materials_picker.close()
        materials_picker.deleteLater()

        page.restore_section("@history")
        _save(page, folder, "visit-versions.png", saved)
    finally:
        page.autosave.cancel()
        page.hide()
        page.deleteLater()
        if previous is None:
            ctx.call(visits.forget_open_visit)
        else:
            ctx.call(visits.remember_open_visit, previous["id"], previous["section"])
        _settle()
    return saved
