"""A record known only from a later change of it (its creating change not arrived yet) breaks nothing.

Operations arrive in any order (bundle format §3.3): an attachment's caption
can arrive before the change that created it with its content hash. Such a
record has no hash yet; ``check``, the photo lookup and the attachments
folder must take it as "not arrived", not stop with a TypeError.
"""

from __future__ import annotations

import sync_kit as kit

from cirkular_desktop.errors import NotFoundError
from cirkular_desktop.services import maintenance, sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import blobs

ROW = "6666aaaa-6666-4666-8666-6666666666cc"
SHA = "ab" * 32


def test_an_attachment_known_only_by_its_caption_is_not_a_crash(tmp_path):
    path = tmp_path / "caption-first.cirkular"
    path.write_bytes(kit.valid_bundle([kit.op(2, ROW, {"caption": "Spån från hyveln"}, table="attachment")],
                                      holds={kit.DEVICE: [[1, 2]]}))
    with open_app(tmp_path / "data") as app:
        sync.import_bundles(app, [path])
        report = maintenance.check(app)
        assert not any(ROW in problem for problem in report.problems)
    assert not blobs.has(tmp_path, None)
    try:
        blobs.read(tmp_path, None)
    except NotFoundError:
        pass
    else:
        raise AssertionError("a missing hash must read as a missing file")


def test_an_attachment_whose_file_has_not_arrived_is_named_by_its_hash(tmp_path):
    path = tmp_path / "hash-only.cirkular"
    path.write_bytes(kit.valid_bundle([kit.op(2, ROW, {"sha256": SHA}, table="attachment")],
                                      holds={kit.DEVICE: [[1, 2]]}))
    with open_app(tmp_path / "data") as app:
        sync.import_bundles(app, [path])
        problems = [p for p in maintenance.check(app).problems if ROW in p]
        assert problems == [f"attachment {ROW}: the file {SHA[:12]} is missing"]
