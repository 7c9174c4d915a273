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
