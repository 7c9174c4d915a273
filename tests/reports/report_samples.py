"""Sample data for the report tests: hand-made plain data, and a small database made through the services.

Imported by the report, service, CLI and GUI tests (they put this folder on
``sys.path``). The values are chosen so the documents must show decimal
commas, hazardous codes, Sámi letters and text in every language.
"""

from __future__ import annotations

import datetime as _dt
import io
import unicodedata
from typing import Any

from cirkular_desktop.core import questionnaire
from cirkular_desktop.reports.data import Opportunity, Photo, VisitSummaryData

VISIT_DATE = "2026-11-26"
# Decomposed letters (NFD), as a Mac or a web form may send them: the PDF must print them composed.
NFD_CONTACT = unicodedata.normalize("NFD", "Åsa Ødegård")
SAMI_NAME = "Čáhppes Đuolbma Ŋ Ŧ Ž"

STREAMS = [
    {"title": "Spån från hyvling", "description": "Torr furu, rent", "material_category": "wood",
     "waste_codes": ["030105"], "quantity": "12.5", "unit": "t", "basis": "per_year",
     "current_handling": "energy_recovery", "handling_cost": "45000", "handling_cost_currency": "SEK",
     "handling_cost_basis": "per_year"},
    {"title": "Spillolja från underhåll", "material_category": "oils", "waste_codes": ["130205"],
     "quantity": "800", "unit": "l", "basis": "per_year", "density": "0.9",
     "current_handling": "hazardous_treatment", "handling_cost": "3.5", "handling_cost_currency": "SEK",
     "handling_cost_basis": "per_tonne"},
    {"title": "Kasserade lastpallar", "material_category": "packaging", "waste_codes": ["150103"],
     "quantity": "40", "unit": "pcs", "basis": "per_month", "current_handling": "reuse"},
]


def png_bytes(width: int = 64, height: int = 48, color: tuple[int, int, int] = (46, 107, 79)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def noisy_png(width: int, height: int) -> bytes:
    """A large photo-like PNG (random pixels compress badly, like a real photo)."""
    import random

    from PIL import Image

    rng = random.Random(4)
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def summary_data(*, streams: list[dict[str, Any]] | None = None, photos: tuple[Photo, ...] = (),
                 contact_name: str = NFD_CONTACT) -> VisitSummaryData:
    """A finished visit at a Swedish joinery, as plain data (no database)."""
    template = questionnaire.load("mapping", 1)
    answers = {"org_kind": "company", "activity": "Snickeri", "employees": {"value": "23", "unit": "pcs"},
               "largest_stream": "Spån", "largest_stream_quantity": {"value": "12.5", "unit": "t"},
               "hazardous_waste": True, "follow_up": "2027-01-15"}
    return VisitSummaryData(
        visit={"id": "v1", "date": VISIT_DATE, "visitors": ["Anna Berg", SAMI_NAME], "status": "completed",
               "version": 1, "answers": answers, "next_steps": "Kontakta Moelven om spånet."},
        organization={"id": "o1", "name": "Säffle Snickeri AB", "country": "SE", "org_number": "5560360793",
                      "municipality": "SE-1785", "size_class": "small", "city": "Säffle"},
        contact={"name": contact_name, "role": "VD", "email": "asa@example.se", "language": "sv", "consent": True},
        template=template, streams=streams if streams is not None else STREAMS,
        ideas=[{"title": "Pellets av spånet", "description": "Pressa spån till pellets", "hierarchy": "recycling",
                "status": "new"}],
        photos=photos, printed_on=_dt.date(2026, 11, 27),
        opportunities=[
            Opportunity("match", "Spån från hyvling", "Flis till pannan", "Marker Sag AS", "contacted"),
            Opportunity("match", "Spån från hyvling", "Strö till stallet", "Torsby Häst AB", "rejected",
                        reason="quality", note="För fuktigt",
                        reasons=({"code": "same_material", "material": "wood.sawdust"}, {"code": "distance", "km": 38})),
            Opportunity("match", "Spillolja från underhåll", "Olja till brännare", "Hemlig AB", "rejected"),
            Opportunity("idea", "Spån från hyvling", "Pellets av spånet", "", "new", "recycling"),
            Opportunity("idea", "Kasserade lastpallar", "Pallar till eldning", "", "discarded", "energy_recovery"),
        ])


def lines_of(pdf: bytes) -> list[str]:
    """Every line of text as drawn (a value split over two lines shows as two), no-break spaces as spaces."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        out += [" ".join(line.replace("\u00a0", " ").split()) for line in (page.extract_text() or "").splitlines()]
    return out


def make_database(app) -> dict[str, str]:
    """Two organizations (SE with a Swedish contact, NO with a Norwegian one), visits, streams, ideas.

    Returns the ids the tests refer to.
    """
    from cirkular_desktop.services import attachments, records, visits

    se = records.add_record(app, "organization", {
        "name": "Säffle Snickeri AB", "country": "SE", "municipality": "Säffle", "size_class": "small",
        "kind": "company"}).value
    no = records.add_record(app, "organization", {
        "name": "Marker Sag AS", "country": "NO", "municipality": "Marker", "size_class": "medium",
        "kind": "company"}).value
    records.add_record(app, "organization", {"name": "Ej besökt AB", "country": "SE"})
    se_contact = records.add_record(app, "contact", {"organization_id": se, "name": "Åsa Berg",
                                                     "language": "sv", "consent": True}).value
    no_contact = records.add_record(app, "contact", {"organization_id": no, "name": "Ola Nordmann",
                                                     "language": "nb"}).value
    se_visit = visits.start_visit(app, se, date="2026-11-26", visitors=["Anna Berg"], contact_id=se_contact).value
    no_visit = visits.start_visit(app, no, date="2026-10-02", visitors=["Kari Dahl"], contact_id=no_contact).value
    late_visit = visits.start_visit(app, no, date="2026-12-15", visitors=["Kari Dahl"]).value
    visits.save_answers(app, se_visit, {"activity": "Snickeri", "largest_stream_quantity": {"value": "12.5",
                                                                                           "unit": "t"}})
    # Completing needs every required answer; set the status directly, as a synced finished visit would arrive.
    records.set_record(app, "visit", se_visit, {"status": "completed", "version": 1}, allow_internal=True)
    records.set_record(app, "visit", no_visit, {"status": "completed", "version": 1}, allow_internal=True)
    stream_ids = []
    for values in STREAMS:
        stream_ids.append(records.add_record(app, "stream", {**values, "organization_id": se,
                                                             "visit_id": se_visit}).value)
    no_stream = records.add_record(app, "stream", {
        "organization_id": no, "visit_id": no_visit, "title": "Bark fra barking", "material_category": "wood",
        "quantity": "300", "unit": "t", "basis": "per_year", "waste_codes": ["030101"]}).value
    need = records.add_record(app, "need", {"organization_id": se, "title": "Flis till pannan",
                                            "material_category": "wood", "quantity": "100", "unit": "t"}).value
    records.add_record(app, "idea", {"stream_id": stream_ids[0], "title": "Pellets av spånet",
                                     "hierarchy": "recycling"})
    records.add_record(app, "match", {"stream_id": no_stream, "need_id": need, "stage": "contacted"})
    attachments.add_photo(app, "stream", stream_ids[0], data=png_bytes(), filename="span.png")
    return {"se": se, "no": no, "se_visit": se_visit, "no_visit": no_visit, "late_visit": late_visit,
            "stream": stream_ids[0], "no_stream": no_stream, "need": need}


# --- Reading PDFs back -----------------------------------------------------------------------------

BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
          "Times-BoldItalic", "Symbol", "ZapfDingbats"}


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space made single spaces."""
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """Every font the PDF uses (in pages and form XObjects): base name → embedded?"""
    from pypdf import PdfReader

    found: dict[str, bool] = {}

    def embedded(font: Any) -> bool:
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:
            return False
        descriptor = descriptor.get_object()
        return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    def walk(resources: Any, seen: set[int]) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            found[name] = found.get(name, True) and embedded(font)
        for xobject in (resources.get("/XObject") or {}).values():
            obj = xobject.get_object()
            if id(obj) not in seen and obj.get("/Subtype") == "/Form":
                seen.add(id(obj))
                walk(obj.get("/Resources"), seen)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"), set())
    return found
