"""Preferences ▸ Shipment rules: the coordinator confirms which regulation Norway applies; flags follow it."""

from __future__ import annotations

import datetime as dt

from cirkular_desktop import settings
from cirkular_desktop.gui.preferences import PreferencesDialog
from cirkular_desktop.services import matching


def test_confirming_norways_rule_set_is_saved_and_used_by_the_flags(ctx, app, qtbot):
    assert matching.border_context(app).norway == "no-eea-1013-2006"
    assert not matching.border_context(app).norway_confirmed
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    box = dialog.shipment_rules
    assert "Not confirmed" in box.status.text()
    box.rule_set.setCurrentIndex(box.rule_set.findData("no-eea-2024-1157"))
    qtbot.keyClicks(box.confirmed_by, "Kari Nordmann")
    assert "today" in box.status.text()
    dialog.accept()
    stored = settings.shipment_rules(app.paths)
    assert stored == {"norway": "no-eea-2024-1157", "confirmed_by": "Kari Nordmann",
                      "confirmed_on": dt.date.today().isoformat()}
    rules = matching.border_context(app)
    assert rules.norway == "no-eea-2024-1157" and rules.norway_confirmed
    # Opened again: says who confirmed it; clearing the name withdraws the confirmation.
    again = PreferencesDialog(ctx)
    qtbot.addWidget(again)
    assert "Kari Nordmann" in again.shipment_rules.status.text()
    assert again.shipment_rules.rule_set.currentData() == "no-eea-2024-1157"
    again.shipment_rules.confirmed_by.clear()
    again.accept()
    assert settings.shipment_rules(app.paths)["confirmed_by"] is None
    assert not matching.border_context(app).norway_confirmed


def test_a_broken_setting_falls_back_to_the_default(ctx, app, qtbot):
    settings.save(app.paths, {settings.SHIPMENT_RULES_NO: "se-eu-2024-1157", settings.SHIPMENT_RULES_NO_CONFIRMED_BY: 7})
    assert matching.border_context(app).norway == "no-eea-1013-2006"
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.shipment_rules.rule_set.currentData() == "no-eea-1013-2006"
    assert dialog.shipment_rules.confirmed_by.text() == ""
