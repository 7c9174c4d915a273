"""Photos attached to records: stored by content hash, refused when not a picture or too large."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.services import attachments, records, visits
from cirkular_desktop.store import blobs


def _png(width: int = 64, height: int = 48, color: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def stream_id(app):
    org = records.add_record(app, "organization", {"name": "Rakkestad Sag", "country": "NO"}).value
    visit = visits.start_visit(app, org).value
    return visits.add_visit_item(app, visit, "stream", {"title": "Sawdust"}).value


def test_photo_from_a_file_is_stored_by_hash_and_listed(app, stream_id, tmp_path):
    data = _png()
    path = tmp_path / "sagflis.png"
    path.write_bytes(data)
    result = attachments.add_photo(app, "stream", stream_id, path=path, caption="Heap by the kiln")
    assert result.changes == {"attachment"}
    photos = attachments.list_photos(app, "stream", stream_id)
    assert [p["id"] for p in photos] == [result.value]
    photo = photos[0]
    assert photo["sha256"] == blobs.sha256_hex(data)
    assert (photo["filename"], photo["media_type"], photo["size"], photo["caption"]) == (
        "sagflis.png", "image/png", len(data), "Heap by the kiln")
    assert blobs.blob_path(app.paths.attachments, photo["sha256"]).read_bytes() == data
    record, content = attachments.read_photo(app, result.value)
    assert content == data and record["owner_id"] == stream_id


def test_the_same_photo_twice_is_kept_once(app, stream_id):
    first = attachments.add_photo(app, "stream", stream_id, data=_png(), filename="a.png").value
    again = attachments.add_photo(app, "stream", stream_id, data=_png(), filename="b.png")
    assert again.value == first and again.changes == frozenset()
    assert len(attachments.list_photos(app, "stream", stream_id)) == 1
    other = attachments.add_photo(app, "stream", stream_id, data=_png(color="red"), filename="c.png").value
    assert [p["id"] for p in attachments.list_photos(app, "stream", stream_id)] == [first, other]
    assert attachments.count_photos(app, "stream", [stream_id]) == {stream_id: 2}


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_changes(app, stream_id, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a photo")
    with pytest.raises(ValidationError) as caught:
        attachments.add_photo(app, "stream", stream_id, path=path)
    assert "notes.txt" in caught.value.message and "picture" in caught.value.message
    fake = tmp_path / "broken.jpg"
    fake.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    with pytest.raises(ValidationError, match="broken.jpg"):
        attachments.add_photo(app, "stream", stream_id, path=fake)
    assert attachments.list_photos(app, "stream", stream_id) == []
    assert not any(app.paths.attachments.rglob("*")) or all(p.is_dir() for p in app.paths.attachments.rglob("*"))


def test_a_file_over_25_mb_is_refused_before_it_is_read(app, stream_id, tmp_path):
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:
        handle.truncate(attachments.MAX_BYTES + 1)
    with pytest.raises(ValidationError, match="huge.png.*25 MB"):
        attachments.add_photo(app, "stream", stream_id, path=path)
    with pytest.raises(ValidationError, match="25 MB"):
        attachments.add_photo(app, "stream", stream_id, data=b"\0" * (attachments.MAX_BYTES + 1), filename="x.png")
    assert attachments.list_photos(app, "stream", stream_id) == []


def test_missing_owner_file_or_table_is_a_clear_error(app, stream_id, tmp_path):
    with pytest.raises(NotFoundError):
        attachments.add_photo(app, "stream", "no-such-stream", data=_png(), filename="a.png")
    with pytest.raises(NotFoundError, match="missing.png"):
        attachments.add_photo(app, "stream", stream_id, path=tmp_path / "missing.png")
    with pytest.raises(ValidationError, match="owner_table"):
        attachments.add_photo(app, "contact", stream_id, data=_png(), filename="a.png")
    with pytest.raises(ValidationError, match="empty"):
        attachments.add_photo(app, "stream", stream_id, data=b"", filename="a.png")


def test_a_path_in_the_file_name_is_dropped(app, stream_id):
    attachment = attachments.add_photo(app, "stream", stream_id, data=_png(), filename="../../etc/x.png").value
    assert attachments.read_photo(app, attachment)[0]["filename"] == "x.png"


def test_thumbnail_is_small_upright_png_and_cached(app, stream_id):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: the picture must be rotated to stand upright
    out = io.BytesIO()
    Image.new("RGB", (800, 400), "blue").save(out, format="JPEG", exif=exif)
    attachment = attachments.add_photo(app, "stream", stream_id, data=out.getvalue(), filename="p.jpg").value
    png = attachments.thumbnail(app, attachment, 120)
    with Image.open(io.BytesIO(png)) as thumb:
        assert thumb.format == "PNG"
        assert thumb.size == (60, 120)  # portrait after EXIF rotation, longest side 120
    assert list((app.paths.data_dir / "thumbnails").glob("*-120.png"))
    assert attachments.thumbnail(app, attachment, 120) == png


def test_removing_a_photo_or_its_stream(app, stream_id):
    first = attachments.add_photo(app, "stream", stream_id, data=_png(), filename="a.png").value
    attachments.remove_photo(app, first)
    assert attachments.list_photos(app, "stream", stream_id) == []
    attachments.add_photo(app, "stream", stream_id, data=_png(color="red"), filename="b.png")
    records.remove_record(app, "stream", stream_id)
    assert attachments.list_photos(app, "stream", stream_id) == []
    with pytest.raises(NotFoundError):
        attachments.remove_photo(app, first)


def test_caption_can_be_changed(app, stream_id):
    attachment = attachments.add_photo(app, "stream", stream_id, data=_png(), filename="a.png").value
    attachments.set_caption(app, attachment, "Container at the gate")
    assert attachments.read_photo(app, attachment)[0]["caption"] == "Container at the gate"
