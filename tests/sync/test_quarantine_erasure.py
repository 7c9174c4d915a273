"""An erasure reaches the bundles held in quarantine (issue #13, left over for the sync round).

A bundle held because its sender's clock runs ahead is a copy of personal
data like any other: after ``erase contact`` no held bundle may still hold
the person's name, phone or e-mail. Held bundles that hold them (a change of
the contact record, a note naming the person) are deleted, and so are
encrypted ones, which cannot be looked through; a held bundle without the
person stays. Each deletion is noted in the import log. Nothing is lost:
the sender sends those changes again, and the erasure wins over them.

The laptop's clock running days ahead is simulated as in ``test_quarantine``.
"""

from __future__ import annotations

import pytest

from cirkular_desktop.services import privacy, quarantine
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.sync.bundle_reader import plain_lines

DAY = 24 * 3600
NAME, PHONE, EMAIL = "Karin Lindqvist", "+46 70 123 45 67", "karin.lindqvist@example.se"
PASS = "rätt lösenord 42"


@pytest.fixture
def world(tmp_path, clock):
    with open_app(tmp_path / "coordinator") as k, open_app(tmp_path / "laptop") as a:
        org = rec.add_record(k, "organization", {"name": "Årjäng Återbruk", "country": "SE"}).value
        contact = rec.add_record(k, "contact", {"organization_id": org, "name": NAME, "phone": PHONE,
                                                "email": EMAIL}).value
        sync.import_bundles(a, [sync.export_bundle(k, tmp_path / "k0.cirkular").value.path])

        def ahead(file_name, change, passphrase=None):
            clock.offset = 3 * DAY          # the laptop's clock runs three days ahead
            change()
            path = sync.export_bundle(a, tmp_path / file_name, passphrase=passphrase).value.path
            clock.offset = 0
            return path

        # Until the coordinator acknowledges them, each bundle of the laptop carries its earlier changes again:
        # the one without the person comes first.
        files = {
            "other": ahead("other.cirkular", lambda: rec.add_record(
                a, "organization", {"name": "Torsby Plast", "country": "SE"})),
            "contact": ahead("contact.cirkular", lambda: rec.set_record(a, "contact", contact, {"role": "VD"})),
            "note": ahead("note.cirkular", lambda: rec.set_record(
                a, "organization", org, {"notes": f"Ring {NAME} om spånet"})),
            "sealed": ahead("sealed.cirkular", lambda: rec.add_record(
                a, "organization", {"name": "Eda Trä", "country": "SE"}), PASS),
        }
        report = sync.import_bundles(k, list(files.values()), passphrase=PASS).value
        assert [n.status for n in report.held] == [quarantine.HELD] * 4
        yield {"k": k, "a": a, "contact": contact, "org": org, "files": files, "tmp": tmp_path}


def _held_files(app):
    return {h["file_name"] for h in quarantine.held_bundles(app)}


def _texts_in_quarantine(app):
    """Every text line of every bundle file in the quarantine folder (encrypted ones cannot be read: marked)."""
    texts = []
    for path in sorted(app.paths.quarantine.glob("*.cirkular")):
        if path.read_bytes().startswith(b"CIRKENC"):
            texts.append("<encrypted>")
        else:
            texts.extend(plain_lines(path))
    return "\n".join(texts)


def test_erasure_deletes_the_held_bundles_that_hold_the_person_and_notes_them(world):
    k = world["k"]
    # Held as received: the person's details are in the quarantine folder before the erasure.
    assert NAME in _texts_in_quarantine(k)
    result = privacy.erase_person(k, world["contact"]).value
    why = {item["file_name"]: item["why"] for item in result["quarantine"]}
    assert why == {"contact.cirkular": quarantine.MENTIONS, "note.cirkular": quarantine.MENTIONS,
                   "sealed.cirkular": quarantine.ENCRYPTED}
    assert _held_files(k) == {"other.cirkular"}                       # a bundle without the person stays
    left = _texts_in_quarantine(k)
    assert "<encrypted>" not in left
    for detail in (NAME, EMAIL, "70 123 45 67", "VD"):
        assert detail not in left
    assert sorted(p.name.rsplit(".", 1)[1] for p in k.paths.quarantine.iterdir()) == ["cirkular", "json"]
    # The import log says what went, and why.
    log = [e for e in sync.history(k)["entries"] if e["direction"] == "dropped"]
    assert sorted((e["file_name"], e["reason"]) for e in log) == sorted(why.items())
    lines = [quarantine.dropped_text(item) for item in result["quarantine"]]
    assert all("\n" not in line and "was deleted" in line for line in lines)
    assert "encrypted" in lines[[i["file_name"] for i in result["quarantine"]].index("sealed.cirkular")]


def test_a_held_bundle_without_the_person_is_kept_byte_for_byte(world):
    k = world["k"]
    other = next(h for h in quarantine.held_bundles(k) if h["file_name"] == "other.cirkular")
    before = (k.paths.quarantine / (other["bundle_id"] + ".cirkular")).read_bytes()
    privacy.erase_person(k, world["contact"])
    assert (k.paths.quarantine / (other["bundle_id"] + ".cirkular")).read_bytes() == before


def test_a_stray_bundle_file_without_its_record_is_looked_through_too(world):
    k = world["k"]
    held = next(h for h in quarantine.held_bundles(k) if h["file_name"] == "note.cirkular")
    (k.paths.quarantine / (held["bundle_id"] + ".json")).unlink()     # e.g. a discard killed half-way
    assert "note.cirkular" not in _held_files(k)
    privacy.erase_person(k, world["contact"])
    assert not (k.paths.quarantine / (held["bundle_id"] + ".cirkular")).exists()


def test_nothing_is_lost_the_sender_sends_the_changes_again_and_the_erasure_wins(world, clock):
    k, a = world["k"], world["a"]
    privacy.erase_person(k, world["contact"])
    # The coordinator's next bundle acknowledges what it holds; the laptop's next one carries the rest again.
    sync.import_bundles(a, [sync.export_bundle(k, world["tmp"] / "k1.cirkular").value.path])
    again = sync.export_bundle(a, world["tmp"] / "a2.cirkular").value.path
    clock.offset = 3 * DAY + 3600                                     # the coordinator's clock has caught up
    sync.import_bundles(k, [again], passphrase=PASS)
    assert quarantine.held_bundles(k) == []
    names = sorted(r["name"] for r in rec.list_records(k, "organization"))
    assert names == ["Eda Trä", "Torsby Plast", "Årjäng Återbruk"]
    contact = rec.get_record(k, "contact", world["contact"])
    assert contact["erased"] and contact["name"] is None and contact["phone"] is None and contact["email"] is None
    dump = rec.dump(k)
    assert EMAIL not in dump and "70 123 45 67" not in dump


def test_the_command_names_each_held_bundle_it_deleted(world, cli):
    k = world["k"]
    result = cli("erase", "contact", world["contact"], data=k.paths.data_dir)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "The contact's personal data was erased."
    assert sorted(line.split(" ", 1)[0] for line in lines[1:]) == ["contact.cirkular", "note.cirkular",
                                                                    "sealed.cirkular"]


def test_a_bundle_arriving_after_the_erasure_with_the_persons_data_is_not_kept(world):
    """The laptop had changed the contact before it learnt of the erasure; its bundle comes again, still ahead."""
    k = world["k"]
    privacy.erase_person(k, world["contact"])
    report = sync.import_bundles(k, [world["files"]["contact"], world["files"]["other"]]).value
    status = {n.bundle.file_name: n.status for n in report.held}
    assert status["contact.cirkular"] == quarantine.NOT_KEPT
    assert "contact.cirkular" not in _held_files(k) and "other.cirkular" in _held_files(k)
    assert NAME not in _texts_in_quarantine(k)
    line = quarantine.note_text(next(n for n in report.held if n.status == quarantine.NOT_KEPT))
    assert "\n" not in line and "erased" in line and "not kept" in line
