"""Privacy through the command: export-person, export-shared obeys consent (b), the export-bundle warning,
check's warnings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json


def _setup(cli):
    org = cli("add", "organization", "name=Årjängs Trä", "country=SE").out.strip()
    shared = cli("add", "contact", f"organization_id={org}", "name=Eva Lind", "email=eva@arjangs.se",
                 "consent=yes", "consent_contact=yes").out.strip()
    private = cli("add", "contact", f"organization_id={org}", "name=Per Olsson", "phone=+46 573 123 45",
                  "consent=no").out.strip()
    cli("add", "stream", f"organization_id={org}", "title=Spån", f"contact_id={shared}")
    cli("add", "stream", f"organization_id={org}", "title=Bark", f"contact_id={private}")
    cli("add", "stream", f"organization_id={org}", "title=Hemligt spill", "visibility=private", f"contact_id={shared}")
    return org, shared, private


def test_export_shared_keeps_private_streams_and_contacts_without_consent_b_out(cli, tmp_path):
    _setup(cli)
    target = tmp_path / "shared.csv"
    result = cli("--lang", "en", "export-shared", "-o", str(target))
    assert result.code == 0, result
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    titles = {r[1]: r for r in rows[1:]}
    assert set(titles) == {"Spån", "Bark"}                        # the private stream stays home
    assert titles["Spån"][9:] == ["Eva Lind", "", "eva@arjangs.se"]
    assert titles["Bark"][9:] == ["", "", ""]                      # Per Olsson said no to (b)
    assert "Per Olsson" not in target.read_text(encoding="utf-8-sig")
    assert cli("export-shared", "-o", str(tmp_path / "shared.txt")).code == 1


def test_export_shared_writes_a_workbook_too(cli, tmp_path):
    # The .xlsx branch once called a function the export module no longer had (found by mypy).
    from openpyxl import load_workbook

    _setup(cli)
    target = tmp_path / "shared.xlsx"
    result = cli("--lang", "en", "export-shared", "-o", str(target))
    assert result.code == 0, result
    sheet = load_workbook(target).worksheets[0]
    assert sheet.title == "Shared with partners"
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    titles = {r[1]: r for r in rows[1:]}
    assert set(titles) == {"Spån", "Bark"}                        # the private stream stays home
    assert titles["Spån"][9:] == ["Eva Lind", None, "eva@arjangs.se"]
    assert "Per Olsson" not in {c for r in rows for c in r}


def test_export_person_writes_everything_held_with_labels_in_the_users_language(cli, tmp_path):
    org, shared, _private = _setup(cli)
    cli("set", "organization", org, "notes=Eva Lind visar lagret")
    cli("set", "contact", shared, "role=Platschef")
    target = tmp_path / "eva.json"
    assert cli("--lang", "sv", "export-person", shared[:8], "-o", str(target)).code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    fields = {f["label"]: f["value"] for f in data["contact"]["fields"]}
    assert fields["Namn"] == "Eva Lind" and fields["Roll"] == "Platschef"
    assert len(data["history"]) == 2 and data["history"][1]["changes"][0]["label"] == "Roll"
    assert [r["kind"] for r in data["records_referring_to_the_person"]] == ["Restström", "Restström"]
    assert [(m["table"], m["field"]) for m in data["text_naming_the_person"]] == [("organization", "notes")]
    bad = cli("export-person", shared, "-o", str(tmp_path / "eva.txt"))
    assert bad.code == 1 and "json" in bad.err


def test_export_bundle_warns_when_unencrypted_personal_data_leaves(cli, tmp_path):
    cli("add", "organization", "name=Eda Återbruk", "country=SE")
    quiet = cli("export-bundle", str(tmp_path / "a.cirkular"))
    assert quiet.code == 0 and quiet.err == ""                      # nothing personal in it
    _setup(cli)
    loud = cli("export-bundle", str(tmp_path / "b.cirkular"))
    assert loud.code == 0 and loud.err.count("\n") == 1 and "personal data" in loud.err
    secret = tmp_path / "pass.txt"
    secret.write_text("Gränsen är öppen 2026\n", encoding="utf-8")
    sealed = cli("export-bundle", str(tmp_path / "c.cirkular"), "--full", "--passphrase-file", str(secret))
    assert sealed.code == 0 and sealed.err == ""


def _documents_complete(data_dir):
    """Set the programme's logo, so `check` warns about privacy alone (the logo warning is issue #16's)."""
    from PIL import Image

    from cirkular_desktop.services import report_settings
    from cirkular_desktop.services.app import open_app

    logo = data_dir.parent / "programme-logo.png"
    Image.new("RGB", (40, 12), (0, 51, 153)).save(logo)
    with open_app(data_dir) as app:
        report_settings.set_programme_logo(app, logo)


def test_check_warns_while_the_notice_is_incomplete_and_about_data_past_retention(cli, data_dir):
    from cirkular_desktop import settings
    from cirkular_desktop.paths import resolve

    _setup(cli)
    _documents_complete(data_dir)                                 # the documents' own warning is not this test's
    result = cli("check", "--format", "json")
    assert result.code == 0                                       # warnings, not failures
    warnings = json.loads(result.out)["warnings"]
    assert len(warnings) == 1 and "privacy notice is incomplete" in warnings[0]
    block = {"name": "Årjängs kommun", "org_number": "212000-1637", "address": "Box 1, 672 21 Årjäng",
             "contact": "kommun@arjang.se", "dpo": "dpo@arjang.se"}
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    settings.save_privacy(resolve(str(data_dir)), {"controllers": {"SE": block, "NO": block},
                                                   "last_payment_year": 2030, "retention": {}})
    assert json.loads(cli("check", "--format", "json").out)["warnings"] == []   # complete, nothing overdue
    settings.save_privacy(resolve(str(data_dir)), {"controllers": {"SE": block, "NO": block},
                                                   "last_payment_year": 2030, "retention": {"contact": yesterday}})
    warnings = json.loads(cli("check", "--format", "json").out)["warnings"]
    # Contacts are kept only until yesterday: both are past their retention date.
    assert sorted(w.split("“")[1].split("”")[0] for w in warnings) == ["Eva Lind", "Per Olsson"]
    assert "Varning:" in cli("--lang", "sv", "check").out
