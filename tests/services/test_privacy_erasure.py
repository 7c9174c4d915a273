"""Erasure that reaches every copy (issue #13): three laptops and a coordinator, old bundles in every order.

Kari Nordmann's name, phone and e-mail are copied everywhere a project leader
could put them: the answers of a version 1 visit and its submitted version,
free-text answers, visit and stream notes, a photo caption, an idea's title,
a note edited on another laptop, and a deleted stream. The coordinator
erases her; afterwards no dump, database file, bundle, PDF, spreadsheet or
export-person file holds any of it, whatever order the bundles arrive in.
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from cirkular_desktop.core import records
from cirkular_desktop.services import attachments, privacy, privacy_access, visits
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app

NAME, PHONE, EMAIL = "Kari Nordmann", "+47 912 34 567", "kari.nordmann@example.no"
TRACES = (NAME, "912 34 567", EMAIL)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "peru").save(buffer, "PNG")
    return buffer.getvalue()


def _bytes_hold_traces(data: bytes) -> list[str]:
    lowered = data.lower()
    return [t for t in TRACES if t.lower().encode() in lowered]


def _database_traces(folder: Path) -> list[str]:
    return _bytes_hold_traces(b"".join(p.read_bytes() for p in folder.glob("cirkular.sqlite*")))


@pytest.fixture
def world(tmp_path):
    """Laptop A made the visit; B and C edited copies; the coordinator K saw all three, then erased Kari."""
    apps = {name: open_app(tmp_path / name) for name in ("a", "b", "c", "k")}
    a = apps["a"]
    org = rec.add_record(a, "organization", {"name": "Marker Sag", "country": "NO"}).value
    contact = rec.add_record(a, "contact", {"organization_id": org, "name": NAME, "phone": PHONE, "email": EMAIL,
                                            "role": "Daglig leder", "consent": True}).value
    # A visit answered with questionnaire version 1, which copied the contact's details into the answers.
    visit = rec.add_record(a, "visit", {
        "organization_id": org, "date": "2026-03-02", "template_id": "mapping", "template_version": 1,
        "answers": {"contact_name": NAME, "contact_phone": PHONE, "contact_email": EMAIL, "contact_role": "Daglig leder",
                    "activity": "Sagbruk", "possible_receivers": f"Ring {NAME} på {PHONE} om flis"},
        "notes": f"{NAME} viste oss rundt", "visitors": ["Ola Berg"]}, allow_internal=True).value
    with a.uow() as uow:   # finished with version 1: the submission copies the answers too
        v = uow.get("visit", visit)
        uow.create("submission", {"visit_id": visit, "version": 1, "template_id": "mapping", "template_version": 1,
                                  "answers": v["answers"], "submitted_at": "2026-03-02T12:00:00+00:00"})
        uow.update("visit", visit, {"status": "completed", "version": 1})
        uow.commit()
    stream = rec.add_record(a, "stream", {"organization_id": org, "visit_id": visit, "title": "Flis",
                                          "notes": f"Spør etter {EMAIL.upper()}"}).value
    gone = rec.add_record(a, "stream", {"organization_id": org, "title": f"Bark hos {NAME}"}).value
    rec.remove_record(a, "stream", gone)
    photo = attachments.add_photo(a, "stream", stream, data=_png(), filename="flis.png",
                                  caption=f"{NAME} ved flishaugen").value
    rec.add_record(a, "idea", {"organization_id": org, "title": f"Pellets – spør 912 34 567"})
    a1 = sync.export_bundle(a, Path(a.paths.data_dir.parent / "a1.cirkular"), full=True).value.path
    for name in ("b", "c", "k"):
        sync.import_bundles(apps[name], [a1])
    # Laptop B rewrites the stream's note (the old value stays in the history); C adds to the visit notes.
    rec.set_record(apps["b"], "stream", stream, {"notes": "Ny kontakt: se besøket"})
    rec.set_record(apps["c"], "visit", visit, {"notes": f"{NAME} viste oss rundt. Ring {PHONE}"})
    b1 = sync.export_bundle(apps["b"], a.paths.data_dir.parent / "b1.cirkular").value.path
    c1 = sync.export_bundle(apps["c"], a.paths.data_dir.parent / "c1.cirkular").value.path
    sync.import_bundles(apps["k"], [b1, c1])
    result = privacy.erase_person(apps["k"], contact).value
    k1 = sync.export_bundle(apps["k"], a.paths.data_dir.parent / "k1.cirkular").value.path
    yield {"apps": apps, "ids": {"org": org, "contact": contact, "visit": visit, "stream": stream, "photo": photo},
           "old": [a1, b1, c1], "erasure": k1, "result": result}
    for app in apps.values():
        app.close()


def test_erasure_reports_every_copy_it_reached(world):
    touched = {(r["table"], r["id"]): r["fields"] for r in world["result"]["records"]}
    ids = world["ids"]
    assert touched[("visit", ids["visit"])] == ["answers.contact_email", "answers.contact_name",
                                                "answers.contact_phone", "answers.contact_role",
                                                "answers.possible_receivers", "notes"]
    assert ("submission" in {t for t, _i in touched}) and ("attachment", ids["photo"]) in touched
    assert touched[("stream", ids["stream"])] == ["notes"]      # only in its history: B had rewritten it
    assert any(t == "idea" for t, _i in touched) and sum(t == "stream" for t, _i in touched) == 2


@pytest.mark.slow  # every order of the bundles: in the slow run
def test_old_bundles_in_every_order_never_bring_the_person_back(world, tmp_path):
    bundles = world["old"] + [world["erasure"]]
    dumps = set()
    for number, order in enumerate(itertools.permutations(bundles)):
        with open_app(tmp_path / f"fresh-{number}") as fresh:
            for path in order:   # one at a time, as they arrive by e-mail
                sync.import_bundles(fresh, [path])
            dump = rec.dump(fresh)
            assert _bytes_hold_traces(dump.encode()) == [], order
            dumps.add(dump)
        assert _database_traces(tmp_path / f"fresh-{number}") == []
    assert len(dumps) == 1
    reference = dumps.pop()
    # Every laptop gets the erasure after its own old bundles, and then the old ones again.
    for name in ("a", "b", "c", "k"):
        app = world["apps"][name]
        if name != "k":
            sync.import_bundles(app, [world["erasure"]])
        sync.import_bundles(app, world["old"])
        assert rec.dump(app) == reference
        assert _database_traces(app.paths.data_dir) == []


def test_nothing_the_app_writes_afterwards_holds_the_person(world, tmp_path, cli):
    k = world["apps"]["k"]
    sync.import_bundles(k, world["old"])       # the old bundles once more
    assert _database_traces(k.paths.data_dir) == []
    full = sync.export_bundle(k, tmp_path / "after.cirkular", full=True).value.path
    with zipfile.ZipFile(full) as archive:
        assert _bytes_hold_traces(b"".join(archive.read(n) for n in archive.namelist())) == []
    data_dir = str(k.paths.data_dir)
    outputs = []
    for lang in ("sv", "nb"):
        pdf = tmp_path / f"summary-{lang}.pdf"
        assert cli("--data-dir", data_dir, "--lang", lang, "report", "visit", world["ids"]["visit"], "-o",
                   str(pdf)).code == 0
        from pypdf import PdfReader

        outputs.append("\n".join(page.extract_text() for page in PdfReader(pdf).pages).encode())
    for table in records.CLI_TABLES + ("submission", "attachment"):
        if table == "attachment":
            continue
        for suffix in (".xlsx", ".csv"):
            target = tmp_path / f"{table}{suffix}"
            result = cli("--data-dir", data_dir, "export-table", table, "-o", str(target))
            if result.code == 0:
                raw = target.read_bytes()
                if suffix == ".xlsx":
                    with zipfile.ZipFile(target) as book:
                        raw = b"".join(book.read(n) for n in book.namelist())
                outputs.append(raw)
    person = tmp_path / "person.json"
    assert cli("--data-dir", data_dir, "export-person", world["ids"]["contact"], "-o", str(person)).code == 0
    outputs.append(person.read_bytes())
    outputs.append(cli("--data-dir", data_dir, "dump").out.encode())
    backup = tmp_path / "backup.sqlite"
    assert cli("--data-dir", data_dir, "backup", "-o", str(backup)).code == 0
    outputs.append(backup.read_bytes())
    for blob in outputs:
        assert _bytes_hold_traces(blob) == []
    shown = json.loads(person.read_text(encoding="utf-8"))
    assert shown["contact"]["erased"] is True and shown["text_naming_the_person"] == []


def test_redacted_text_keeps_the_rest_and_stays_editable(world):
    k, ids = world["apps"]["k"], world["ids"]
    visit = rec.get_record(k, "visit", ids["visit"])
    assert visit["notes"] == "[…] viste oss rundt. Ring […]"
    assert visit["answers"]["possible_receivers"] == "Ring […] på […] om flis"
    assert not {"contact_name", "contact_phone", "contact_email"} & set(visit["answers"])
    caption = attachments.list_photos(k, "stream", ids["stream"])[0]["caption"]
    assert caption == "[…] ved flishaugen"
    rec.set_record(k, "visit", ids["visit"], {"notes": "Besøkt i mars"})   # a later edit is kept as usual
    assert rec.get_record(k, "visit", ids["visit"])["notes"] == "Besøkt i mars"


# --- Every field that can hold personal data, and what covers it -------------------------------------------

# Each field a person's name, phone or e-mail can be typed into, with how erasure reaches it. A new field of
# such a kind fails the first test below until it is listed here (and so thought about).
COVERAGE = {
    "contact": {"name": "erased", "role": "erased", "phone": "erased", "email": "erased", "notes": "erased"},
    **{t: {f.name: "redacted" for f in privacy.text_fields(t)} for t in records.TABLES if t != "contact"},
}


def test_every_field_that_can_hold_personal_data_is_listed():
    holding = {(t, f.name) for t, spec in records.TABLES.items() for f in spec.fields
               if f.personal or f.kind in (records.TEXT, records.LONGTEXT, records.TAGS, records.MAP, records.ITEMS,
                                           records.EMAIL, records.PHONE)}
    listed = {(t, f) for t, fields in COVERAGE.items() for f in fields}
    assert holding - listed == set()
    assert set(records.table("contact").personal_fields) == {f for f, how in COVERAGE["contact"].items()
                                                            if how == "erased"}


@pytest.mark.parametrize(("table", "field"), sorted((t, f) for t, fs in COVERAGE.items() for f, how in fs.items()
                                                    if how == "redacted"))
def test_each_text_field_is_redacted(app, table, field):
    org = rec.add_record(app, "organization", {"name": "Rakkestad Tre", "country": "NO"}).value
    contact = rec.add_record(app, "contact", {"organization_id": org, "name": NAME, "phone": PHONE,
                                              "email": EMAIL}).value
    spec = records.table(table)
    target = org if table == "organization" else None
    if target is None:
        values = {}
        for f in spec.fields:
            if f.required and f.kind == records.REF:
                values[f.name] = {"organization": org, "contact": contact}.get(f.ref) or _make(app, f.ref, org)
            elif f.required and f.kind == records.INT:
                values[f.name] = 1
            elif f.required and f.kind == records.CHOICE:
                values[f.name] = f.choices[0].value
            elif f.required and f.kind == records.DATE:
                values[f.name] = "2026-01-01"
            elif f.required:
                values[f.name] = "x"
        if table == "attachment":
            values.update(owner_table="organization", owner_id=org, sha256="0" * 64)
        with app.uow() as uow:
            target = uow.create(table, records.validate_record(table, values, creating=True, allow_internal=True))
            uow.commit()
    text = f"Mail {EMAIL} or call {PHONE}, ask for {NAME}"
    value = {"q1": text} if spec.field(field).kind == records.MAP else [text] if spec.field(field).kind == records.TAGS \
        else text
    with app.uow() as uow:
        uow.update(table, target, {field: value})
        uow.commit()
    privacy.erase_person(app, contact)
    with app.uow(write=False) as uow:
        stored = uow.get(table, target)[field]
    flat = json.dumps(stored, ensure_ascii=False)
    assert _bytes_hold_traces(flat.encode()) == [] and "[…]" in flat and "Mail" in flat
    assert _database_traces(app.paths.data_dir) == []


def _make(app, table: str, org: str) -> str:
    """A record of ``table`` to refer to."""
    needed = {"visit": {"organization_id": org, "date": "2026-01-01"},
              "stream": {"organization_id": org, "title": "Flis"},
              "match": None, "test_environment": None}
    if table == "match":
        stream = _make(app, "stream", org)
        return rec.add_record(app, "match", {"stream_id": stream}).value
    return rec.add_record(app, table, needed[table]).value


def test_migration_moves_version_1_copies_to_the_contact_record(app):
    org = rec.add_record(app, "organization", {"name": "Skiptvet Plast", "country": "NO"}).value
    visit = rec.add_record(app, "visit", {
        "organization_id": org, "date": "2026-02-01", "template_id": "mapping", "template_version": 1,
        "answers": {"contact_name": NAME, "contact_phone": PHONE, "contact_email": EMAIL, "consent_share": True,
                    "activity": "Plast"}}, allow_internal=True).value
    assert privacy.migrate_contact_copies(app).value == 1
    moved = rec.get_record(app, "visit", visit)
    contact = rec.get_record(app, "contact", moved["contact_id"])
    assert (contact["name"], contact["phone"], contact["email"], contact["consent"]) == (NAME, PHONE, EMAIL, True)
    assert moved["answers"] == {"activity": "Plast"} and moved["template_version"] == 1   # keeps its version
    # The questionnaire still shows the answers, read from the contact record.
    assert visits.visit_overview(app, visit)["answers"]["contact_name"] == NAME
    assert privacy.migrate_contact_copies(app).value == 0   # idempotent
    with app.uow(write=False) as uow:
        assert privacy_access.contact_copies(uow) == []
