"""The bundle test vectors pass through both readers, and the specification matches the code (issue #15).

Each vector of ``tests/fixtures/bundles/vectors.json`` is imported by
Cirkulär into an empty database (after the vectors it names) and read by
``independent_reader`` — written from docs/bundle-format.md with the standard
library and ``cryptography`` only. Both give the verdict the vector states
(applied, held, refused) and, for a valid one, the same ``dump`` and
conflicts as the expected files. The field list of §5 is what
``core/records.py`` says, and the document describes every kind in use.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

import independent_reader as ind
from cirkular_desktop.errors import BundleError
from cirkular_desktop.services import quarantine
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.sync import spec

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "bundles"
DOC = Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md"
VECTORS = json.loads((HERE / "vectors.json").read_text(encoding="utf-8"))["vectors"]
BY_FILE = {v["file"]: v for v in VECTORS}


def _expected(vector: dict, key: str) -> str:
    return (HERE / vector[key]).read_text(encoding="utf-8")


def _passphrase(vector: dict) -> str | None:
    return sync.read_passphrase_file(HERE / vector["passphrase_file"]) if vector.get("passphrase_file") else None


def test_there_are_vectors_of_every_kind_the_format_needs():
    assert len(VECTORS) >= 12
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for vector in VECTORS:
        assert f"`{vector['file']}`" in readme, vector["file"]
        if vector["expect"] == "dump":
            assert (HERE / vector["dump"]).exists() and (HERE / vector["conflicts"]).exists()
    categories = {v.get("category") for v in VECTORS}
    assert {"checksum", "newer", "canonical", "value", "own-device", "ahead"} <= categories
    names = " ".join(v["file"] for v in VECTORS)
    for word in ("full", "incremental", "encrypted", "erasure", "delete-conflict", "concurrent-edit"):
        assert word in names


def _program(vector: dict, tmp_path: Path):
    """Import the vector (after those it names) into an empty database; the app stays open for the caller."""
    app = open_app(tmp_path / "data")
    for name in vector.get("after", []):
        sync.import_bundles(app, [HERE / name], passphrase=_passphrase(BY_FILE[name]))
    if vector.get("importer_device"):   # the database becomes that laptop, holding its changes 1–5
        from cirkular_desktop.store import meta

        with app.uow() as uow:
            uow.meta_put(meta.DEVICE_ID, vector["importer_device"])
            uow.meta_put(meta.NEXT_SEQ, "6")
            uow.commit()
    return app


@pytest.mark.parametrize("vector", VECTORS, ids=[v["file"] for v in VECTORS])
def test_cirkular_reads_every_vector_as_it_says(vector, tmp_path):
    app = _program(vector, tmp_path)
    try:
        path = HERE / vector["file"]
        if vector["expect"] == "refused":
            before = rec.dump(app)
            with pytest.raises(BundleError) as refused:
                sync.import_bundles(app, [path], passphrase=_passphrase(vector))
            assert vector["message"] in str(refused.value)
            assert rec.dump(app) == before
            return
        report = sync.import_bundles(app, [path], passphrase=_passphrase(vector)).value
        if vector["expect"] == "held":
            assert [n.status for n in report.held] == [quarantine.HELD if vector["category"] == "ahead"
                                                       else quarantine.NEWER]
            assert vector["message"] in quarantine.note_text(report.held[0])
            assert "damaged" not in quarantine.note_text(report.held[0])
            assert not report.bundles
            return
        assert rec.dump(app) == _expected(vector, "dump")
        conflicts = [{k: c[k] for k in ("id", "table", "record_id", "field", "value", "stamp", "current_value",
                                        "current_stamp")} for c in sync.conflicts(app)]
        assert conflicts == json.loads(_expected(vector, "conflicts"))
    finally:
        app.close()


@pytest.mark.parametrize("vector", VECTORS, ids=[v["file"] for v in VECTORS])
def test_the_independent_reader_reads_every_vector_as_it_says(vector):
    schema = ind.load_schema()
    replica = ind.Replica(schema, "f" * 16)
    for name in vector.get("after", []):
        passphrase = ind.read_passphrase_file(HERE / BY_FILE[name]["passphrase_file"]) \
            if BY_FILE[name].get("passphrase_file") else None
        replica.import_bundle(ind.open_bundle((HERE / name).read_bytes(), schema, passphrase))
    replica.device = vector.get("importer_device") or replica.device
    passphrase = ind.read_passphrase_file(HERE / vector["passphrase_file"]) if vector.get("passphrase_file") else None
    data = (HERE / vector["file"]).read_bytes()
    if vector["expect"] in ("refused", "held"):
        with pytest.raises(ind.Refused if vector["expect"] == "refused" else ind.Held) as caught:
            replica.import_bundle(ind.open_bundle(data, schema, passphrase))
        assert caught.value.category == vector["category"]
        return
    replica.import_bundle(ind.open_bundle(data, schema, passphrase))
    assert replica.dump() == _expected(vector, "dump")
    assert replica.conflicts() == json.loads(_expected(vector, "conflicts"))


def test_the_field_list_in_the_specification_is_the_one_in_the_code():
    document = DOC.read_text(encoding="utf-8")
    assert spec.with_field_list(document) == document, (
        "docs/bundle-format.md §5 differs from core/records.py: run "
        "`.venv/bin/python -m cirkular_desktop.sync.spec --write docs/bundle-format.md`")


def test_the_specification_describes_every_kind_in_use():
    document = DOC.read_text(encoding="utf-8")
    values = document[document.index("### 3.4 Values"):document.index("### 3.5")]
    for kind in spec.kinds_in_use():
        assert f"| `{kind}` |" in values, f"§3.4 does not describe the kind {kind!r}"
    schema = ind.load_schema(document)
    for table, fields in schema.tables.items():
        for name, field in fields.items():
            assert field.kind in spec.kinds_in_use(), (table, name)


@pytest.mark.parametrize("module", ["independent_reader.py", "independent_values.py"])
def test_the_independent_reader_uses_only_the_standard_library_and_cryptography(module):
    tree = ast.parse((Path(__file__).parent / module).read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module}
    allowed = set(sys.stdlib_module_names) | {"cryptography", "__future__", "independent_values"}
    assert modules <= allowed, modules - allowed


def test_the_example_lines_of_the_specification_are_valid_for_both_readers():
    from cirkular_desktop.sync.bundle import parse_operation

    document = DOC.read_text(encoding="utf-8")
    block = document[document.index("Example lines"):]
    block = block[block.index("```\n") + 4:]
    lines = block[:block.index("```")].strip().splitlines()
    assert len(lines) == 2
    schema = ind.load_schema(document)
    for line in lines:
        parse_operation(line.encode("utf-8"), "example")
        ind._operation(line.encode("utf-8"), schema)
