"""The documents' settings: target groups, logos copied into the data folder, the printing user's contact."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from report_samples import png_bytes  # noqa: E402

from cirkular_desktop.errors import ValidationError  # noqa: E402
from cirkular_desktop.reports.data import ContactDetails  # noqa: E402
from cirkular_desktop.services import report_settings  # noqa: E402


def test_defaults_split_the_target_of_24_into_three_years(app):
    found = report_settings.load(app)
    assert found.targets.basis == "year" and found.targets.total == 24
    assert [(g.name, g.target, g.years) for g in found.targets.groups] == [
        ("2025", 8, (2025,)), ("2026", 8, (2026,)), ("2027", 8, (2027,))]
    assert found.programme_logo is None and found.partner_logos == ()


def test_target_groups_by_region_are_checked_and_stored(app):
    targets = report_settings.save_targets(app, "region", [("Värmland", "8", "Säffle, Torsby, Sunne"),
                                                           ("Østfold", 8, "Marker; Rakkestad"), ("", "3", "")])
    assert [g.municipalities for g in targets.groups] == [("SE-1785", "SE-1737", "SE-1766"), ("NO-3122", "NO-3120")]
    assert report_settings.load(app).targets == targets
    with pytest.raises(ValidationError, match="Atlantis"):
        report_settings.save_targets(app, "region", [("X", "8", "Atlantis")])
    with pytest.raises(ValidationError, match="åtta"):
        report_settings.save_targets(app, "year", [("2025", "åtta", "2025")])
    with pytest.raises(ValidationError, match="20255"):
        report_settings.save_targets(app, "year", [("2025", "8", "20255")])
    assert report_settings.load(app).targets == targets        # a refusal changed nothing


def test_logos_are_copied_in_and_the_warning_goes_away(app, tmp_path):
    assert report_settings.warnings(app)
    source = tmp_path / "Interreg Sverige-Norge.PNG"
    source.write_bytes(png_bytes(300, 90))
    assert report_settings.set_programme_logo(app, source) == "programme.png"
    source.unlink()                                              # the document never depends on the original
    assert report_settings.warnings(app) == []
    programme, partners = report_settings.logo_bytes(app)
    assert programme == png_bytes(300, 90) and partners == ()
    partner = tmp_path / "säffle.jpg"
    partner.write_bytes(png_bytes(10, 10))
    names = report_settings.set_partner_logos(app, [partner])
    assert report_settings.load(app).partner_logos == names and len(report_settings.logo_bytes(app)[1]) == 1
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(ValidationError, match="logo.png"):
        report_settings.set_programme_logo(app, bad)
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        report_settings.set_programme_logo(app, tmp_path / "logo.svg")
    assert report_settings.load(app).programme_logo == "programme.png"
    report_settings.set_programme_logo(app, None)
    assert report_settings.warnings(app) and not (app.paths.data_dir / "logos" / "programme.png").exists()


def test_contact_details_and_a_broken_settings_file(app):
    report_settings.save_contact(app, ContactDetails(" Anna Berg ", "Projektledare", "+46 70 123 45 67",
                                                     "anna.berg@saffle.se"))
    assert report_settings.load(app).contact == ContactDetails("Anna Berg", "Projektledare", "+46 70 123 45 67",
                                                               "anna.berg@saffle.se")
    stored = json.loads(app.paths.settings.read_text())
    stored["reports.target_groups"] = [{"name": "2025", "target": "many"}, "junk", {"name": "ok", "target": 5}]
    stored["reports.target_basis"] = "galaxy"
    app.paths.settings.write_text(json.dumps(stored))
    found = report_settings.load(app)
    assert found.targets.basis == "year" and [g.name for g in found.targets.groups] == ["ok"]


def test_check_warns_while_the_programme_logo_is_missing(cli, data_dir, tmp_path):
    from cirkular_desktop.services.app import open_app

    with open_app(data_dir):
        pass
    result = cli("check")
    assert result.code == 0 and "Interreg" in result.out
    result = cli("check", "--format", "json")
    assert any("Interreg" in w for w in json.loads(result.out)["warnings"]) and result.code == 0
    source = tmp_path / "p.png"
    source.write_bytes(png_bytes())
    with open_app(data_dir) as app:
        report_settings.set_programme_logo(app, source)
    assert not any("Interreg" in w for w in json.loads(cli("check", "--format", "json").out)["warnings"])
