"""The CLI with industry codes and the SME class: show, list and a processor named for a match."""

from __future__ import annotations


def _add(cli, *values):
    added = cli("add", *values)
    assert added.code == 0, added
    return added.out.strip()


def test_show_gives_the_eu_size_class_and_what_it_rests_on(cli):
    cli("init")
    org = _add(cli, "organization", "name=Sågen AB", "country=SE", "employees=12", "annual_turnover=900000",
               "financials_currency=EUR", "size_class=micro", "industry_code=16.10")
    shown = cli("show", "organization", org, lang="sv").out
    recorded = next(x for x in shown.splitlines() if x.startswith("Storleksklass "))
    assert recorded.split() == ["Storleksklass", "Mikroföretag"]
    line = next(x for x in shown.splitlines() if x.startswith("Storleksklass (EU:s definition)"))
    assert line.split("  ", 1)[1].strip() == ("Litet företag — beräknad av antal anställda och årsomsättning "
                                              "(angiven: Mikroföretag)")
    assert "Branschkod" in shown and "16.10 Sågning" in shown
    # The list's size column shows the class the reports count.
    listed = cli("list", "organization", lang="nb").out
    assert "Lite foretak" in listed and "Mikroforetak" not in listed
    # Machine output stays the stored record.
    assert '"size_class": "micro"' in cli("show", "organization", org, "--format", "json").out


def test_a_processor_whose_industry_does_not_fit_is_named_with_a_warning(cli):
    cli("init")
    supplier = _add(cli, "organization", "name=Sågen AB", "country=SE")
    receiver = _add(cli, "organization", "name=Skivan AB", "country=SE")
    coder = _add(cli, "organization", "name=Kod AB", "country=SE", "industry_code=62.01")
    boards = _add(cli, "organization", "name=Spånskivor AB", "country=SE", "industry_code=16.21")
    stream = _add(cli, "stream", f"organization_id={supplier}", "title=Spån", "material_category=wood.sawdust")
    need = _add(cli, "need", f"organization_id={receiver}", "title=Spån", "material_category=wood.sawdust")
    accepted = cli("match", "accept", stream, need, "--processor", coder, lang="sv")
    assert accepted.code == 0, accepted                        # said, not refused
    assert accepted.err.startswith("varning: förädlarens bransch (62.01 ")
    assert "tar vanligtvis inte emot Sågspån, kutterspån och flis;" in accepted.err
    assert f'"processor_id": "{coder}"' in cli("show", "match", accepted.out.strip(), "--format", "json").out
    cli("match", "reject", stream, need, "--reason", "other")
    other = _add(cli, "need", f"organization_id={receiver}", "title=Flis", "material_category=wood")
    fits = cli("match", "accept", stream, other, "--processor", boards)
    assert fits.code == 0 and fits.err == ""


def test_a_norwegian_stream_carries_its_ns9431_number_in_show_list_search_and_export(cli, tmp_path):
    import csv
    import json

    from openpyxl import load_workbook

    cli("init")
    org = _add(cli, "organization", "name=Sagbruket AS", "country=NO", "municipality=3401")
    # No material category: the list search can only find it by the number's name.
    stream = _add(cli, "stream", f"organization_id={org}", "title=Papir fra kontoret", "ns9431_code=NS 1251",
                  "waste_codes=200101")
    _add(cli, "stream", f"organization_id={org}", "title=Spon", "waste_codes=030105")
    shown = cli("show", "stream", stream, lang="nb").out
    line = next(x for x in shown.splitlines() if x.startswith("Avfallsstoffnummer (NS 9431)"))
    assert line.split("  ", 1)[1].strip() == "1251 Kontorpapir"
    assert "1251 Kontorspapper" in cli("show", "stream", stream, lang="sv").out
    assert '"ns9431_code": "1251"' in cli("show", "stream", stream, "--format", "json").out
    for typed in ("kontorpapir", "Kontorspapper", "office paper", "1251"):
        found = cli("list", "stream", "--search", typed, "--format", "json", lang="nb")
        assert [r["id"] for r in json.loads(found.out)] == [stream], typed
    out = tmp_path / "streams.csv"
    assert cli("export-table", "stream", "-o", str(out), lang="nb").code == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    column = rows[0].index("Avfallsstoffnummer (NS 9431)")
    assert sorted(r[column] for r in rows[1:]) == ["", "1251 Kontorpapir"]
    book = tmp_path / "all.xlsx"
    assert cli("export-workbook", "-o", str(book), lang="nb").code == 0
    sheet = next(ws for ws in load_workbook(book).worksheets if "Avfallsstoffnummer (NS 9431)" in
                 [c.value for c in ws[1]])
    header = [c.value for c in sheet[1]]
    values = [row[header.index("Avfallsstoffnummer (NS 9431)")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(v or "" for v in values) == ["", "1251 Kontorpapir"]
    # A malformed number is refused with one line naming the field; nothing changes.
    refused = cli("set", "stream", stream, "ns9431_code=12345", lang="nb")
    assert refused.code == 1 and "ns9431_code" in refused.err and len(refused.err.strip().splitlines()) == 1
    assert '"ns9431_code": "1251"' in cli("show", "stream", stream, "--format", "json").out


def test_premises_and_land_are_recorded_in_square_metres_and_hectares(cli):
    cli("init")
    org = _add(cli, "organization", "name=Lokal AB", "country=SE")
    hall = _add(cli, "stream", f"organization_id={org}", "title=Tom lagerhall", "unit=kvm", "quantity=250",
                "basis=once", "material_category=capacity.premises")
    _add(cli, "need", f"organization_id={org}", "title=Mark för upplag", "unit=hektar", "quantity=2",
         "basis=once", "material_category=capacity.land")
    shown = cli("show", "stream", hall, lang="sv").out
    assert next(x for x in shown.splitlines() if x.startswith("Enhet ")).split() == ["Enhet", "m²"]
    listed = cli("list", "stream", lang="sv").out
    row = next(x for x in listed.splitlines() if "Tom lagerhall" in x)
    assert "250 m² en gång" in row and " t " not in row          # an area, never tonnes
    assert '"unit": "ha"' in cli("list", "need", "--format", "json").out
