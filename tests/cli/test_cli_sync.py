"""Sync through the real command: export-bundle, import-bundle, conflicts, resolve, erase contact.

The "done when" scenario of issue #3: two data directories with different
demo data and conflicting edits, exporting and cross-importing in any order,
end with byte-identical ``cirkular dump`` and the conflict listed on both.
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def two(cli, tmp_path):
    a, b = tmp_path / "laptop-a", tmp_path / "laptop-b"

    def run(where, *args):
        result = cli(*args, data=a if where == "a" else b)
        assert result.code == 0, result
        return result

    return run, a, b


def _first(run, where, table):
    return json.loads(run(where, "list", table, "--format", "json").out)[0]["id"]


def _conflicts(run, where):
    return json.loads(run(where, "conflicts", "--format", "json").out)


def test_done_when_two_laptops_converge_with_the_conflict_listed_on_both(two, tmp_path):
    run, _a, _b = two
    run("a", "demo", "--seed", "1", "--scale", "1")
    run("b", "demo", "--seed", "2", "--scale", "1")
    a1, b1 = tmp_path / "a1.cirkular", tmp_path / "b1.cirkular"
    run("a", "export-bundle", str(a1))
    run("b", "export-bundle", str(b1))
    run("a", "import-bundle", str(b1))
    run("b", "import-bundle", str(a1))
    assert run("a", "dump").out == run("b", "dump").out

    org = _first(run, "a", "organization")
    run("a", "set", "organization", org, "notes=Besökt i mars, sågspån i container")
    run("b", "set", "organization", org, "notes=Ringde i april")
    run("a", "set", "organization", org, "sector=Sågverk")             # a different field: no conflict
    run("b", "set", "organization", org, "website=https://example.no")  # idem
    same = _first(run, "a", "stream")
    run("a", "set", "stream", same, "title=Bark och flis")             # identical concurrent values
    run("b", "set", "stream", same, "title=Bark och flis")
    a2, b2 = tmp_path / "a2.cirkular", tmp_path / "b2.cirkular"
    run("a", "export-bundle", str(a2))
    run("b", "export-bundle", str(b2))
    # Any order, some twice, old ones again.
    run("a", "import-bundle", str(b2), str(b1))
    run("a", "import-bundle", str(b2))
    run("b", "import-bundle", str(a1))
    run("b", "import-bundle", str(a2), str(a1))
    dump_a, dump_b = run("a", "dump").out, run("b", "dump").out
    assert dump_a == dump_b
    record = next(r for r in json.loads(dump_a)["tables"]["organization"] if r["id"] == org)
    assert record["sector"] == "Sågverk" and record["website"] == "https://example.no"
    conflicts_a, conflicts_b = _conflicts(run, "a"), _conflicts(run, "b")
    assert conflicts_a == conflicts_b and len(conflicts_a) == 1
    conflict = conflicts_a[0]
    assert conflict["record_id"] == org and conflict["field"] == "notes"
    assert {conflict["value"], conflict["current_value"]} == {"Besökt i mars, sågspån i container", "Ringde i april"}
    assert conflict["device"] != conflict["current_device"]
    table = run("a", "conflicts").out
    assert "Ringde i april" in table and "1 conflict" in table

    # Resolve on one side: an ordinary edit that syncs and settles the conflict everywhere.
    run("b", "resolve", conflict["id"][:10], "--keep", "other")
    b3 = tmp_path / "b3.cirkular"
    run("b", "export-bundle", str(b3))
    run("a", "import-bundle", str(b3))
    assert _conflicts(run, "a") == [] and _conflicts(run, "b") == []
    a3 = tmp_path / "a3.cirkular"
    run("a", "export-bundle", str(a3))
    run("b", "import-bundle", str(a3))
    dump_a = run("a", "dump").out
    assert dump_a == run("b", "dump").out
    record = next(r for r in json.loads(dump_a)["tables"]["organization"] if r["id"] == org)
    assert record["notes"] == conflict["value"]


def test_dry_run_reports_buckets_and_changes_nothing(two, tmp_path):
    run, _a, b_dir = two
    org = run("a", "add", "organization", "name=Torsby Trä AB", "country=SE").out.strip()
    run("a", "add", "organization", "name=Marker Metall AS", "country=NO")
    bundle = tmp_path / "a.cirkular"
    run("a", "export-bundle", str(bundle))
    run("b", "init")
    before = run("b", "dump").out
    backups = set((b_dir / "backups").iterdir())
    out = run("b", "import-bundle", "--dry-run", str(bundle)).out
    assert "Dry run" in out and "new" in out
    assert run("b", "dump").out == before
    assert set((b_dir / "backups").iterdir()) == backups
    run("b", "import-bundle", str(bundle))
    run("b", "set", "organization", org, "notes=B:s anteckning")
    run("a", "set", "organization", org, "notes=A:s anteckning")
    run("a", "remove", "organization", _other(run, org))
    second = tmp_path / "a2.cirkular"
    run("a", "export-bundle", str(second))
    out = run("b", "import-bundle", "--dry-run", str(second)).out
    lines = {line.split()[0]: line.split()[-1] for line in out.splitlines() if line.split()}
    assert lines["conflicting"] == "1" and lines["deleted"] == "1" and lines["new"] == "0"
    # Conflicting records are named by their kind in the user's language, not by the table's code name.
    assert f"  Organization {org[:8]}  Torsby Trä AB" in out
    assert f"  Organisation {org[:8]}  Torsby Trä AB" in run("b", "--lang", "sv", "import-bundle", "--dry-run",
                                                               str(second)).out


def test_dry_run_lists_tables_in_the_apps_order(two, tmp_path):
    run, _a, _b = two
    org = run("a", "add", "organization", "name=Årjäng Plast AB", "country=SE").out.strip()
    run("a", "add", "stream", f"organization_id={org}", "title=Plastfilm")
    run("a", "add", "contact", f"organization_id={org}", "name=Eva Lund")
    bundle = tmp_path / "a.cirkular"
    run("a", "export-bundle", str(bundle))
    run("b", "init")
    listing = run("b", "--lang", "sv", "import-bundle", "--dry-run", str(bundle)).out
    # Organizations first, as everywhere in the app, not the tables' code names in alphabetical order.
    assert listing.index("Organisationer") < listing.index("Kontaktpersoner") < listing.index("Restströmmar")


def _other(run, org):
    return next(r["id"] for r in json.loads(run("a", "list", "organization", "--format", "json").out)
                if r["id"] != org)


def test_delete_versus_concurrent_edit_stays_deleted_and_keeps_the_edit(two, tmp_path):
    run, _a, _b = two
    org = run("a", "add", "organization", "name=Rakkestad Gjenbruk", "country=NO").out.strip()
    first = tmp_path / "1.cirkular"
    run("a", "export-bundle", str(first))
    run("b", "import-bundle", str(first))
    run("a", "remove", "organization", org)
    run("b", "set", "organization", org, "notes=Har mycket pall")
    a2, b2 = tmp_path / "a2.cirkular", tmp_path / "b2.cirkular"
    run("a", "export-bundle", str(a2))
    run("b", "export-bundle", str(b2))
    run("a", "import-bundle", str(b2))
    run("b", "import-bundle", str(a2))
    assert run("a", "dump").out == run("b", "dump").out
    assert run("a", "list", "organization", "--format", "json").out.strip() == "[]"
    conflicts = _conflicts(run, "a")
    assert [c["value"] for c in conflicts] == ["Har mycket pall"] and conflicts[0]["record_deleted"]
    run("a", "resolve", conflicts[0]["id"], "--keep", "current")
    assert _conflicts(run, "a") == []


def test_erasure_syncs_and_no_older_bundle_brings_the_data_back(two, tmp_path):
    run, a_dir, b_dir = two
    org = run("a", "add", "organization", "name=Sunne Snickeri", "country=SE").out.strip()
    contact = run("a", "add", "contact", f"organization_id={org}", "name=Kari Nordmann",
                  "email=kari@example.no", "phone=+47 912 34 567").out.strip()
    old = tmp_path / "old.cirkular"
    run("a", "export-bundle", str(old), "--full")
    run("b", "import-bundle", str(old))
    run("b", "erase", "contact", contact)
    erased = tmp_path / "erased.cirkular"
    run("b", "export-bundle", str(erased))
    run("a", "import-bundle", str(erased))
    run("a", "import-bundle", str(old))     # the old bundle again: must not undo the erasure
    run("b", "import-bundle", str(old))
    for where in ("a", "b"):
        shown = json.loads(run(where, "show", "contact", contact, "--format", "json").out)
        assert shown["name"] is None and shown["email"] is None and shown["erased"] is True
    assert run("a", "dump").out == run("b", "dump").out
    for folder in (a_dir, b_dir):
        blob = b"".join(p.read_bytes() for p in folder.glob("cirkular.sqlite*"))
        assert b"kari@example.no" not in blob and b"Kari Nordmann" not in blob
    # A bundle exported now carries only the redacted operations.
    later = tmp_path / "later.cirkular"
    run("a", "export-bundle", str(later), "--full")
    assert b"kari@example.no" not in later.read_bytes()


def test_encrypted_round_trip_and_gap_detection(two, tmp_path):
    run, _a, _b = two
    secret = tmp_path / "pass.txt"
    secret.write_text("Gränsen är öppen 2026\n", encoding="utf-8")
    bundles = []
    for name in ("Säffle Sågverk", "Skiptvet Plast", "Indre Østfold Renovasjon"):
        run("a", "add", "organization", f"name={name}", "country=SE")
        path = tmp_path / f"{len(bundles)}.cirkular"
        run("a", "export-bundle", str(path), "--passphrase-file", str(secret))
        bundles.append(path)
    assert "Sågverk".encode() not in bundles[0].read_bytes() and bundles[0].read_bytes()[:8] == b"CIRKENC1"
    out = run("b", "import-bundle", str(bundles[0]), str(bundles[2]), "--passphrase-file", str(secret)).out
    assert "Missing changes of device" in out and "2" in out
    history = run("b", "list", "organization", "--format", "json").out
    assert "Skiptvet Plast" not in history
    out = run("b", "import-bundle", str(bundles[1]), "--passphrase-file", str(secret)).out
    assert "Missing" not in out
    assert run("a", "dump").out == run("b", "dump").out


def test_refusals_are_one_line(cli, tmp_path):
    cli("init")
    assert cli("import-bundle", str(tmp_path / "nope.cirkular")).code == 1
    result = cli("resolve", "abcdef", "--keep", "current")
    assert result.code == 1 and "no conflict" in result.err and len(result.err.splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = cli("export-bundle", str(tmp_path / "x.cirkular"), "--passphrase-file", str(empty))
    assert result.code == 1 and "empty" in result.err
    assert not (tmp_path / "x.cirkular").exists()
    result = cli("export-bundle", str(tmp_path / "no-such-folder" / "x.cirkular"))
    assert result.code == 1 and "does not exist" in result.err
