"""core.privacy: the one place that says what may reach a matched partner."""

from cirkular_desktop.core import privacy


def test_private_streams_are_not_shared():
    assert privacy.stream_is_shared({"visibility": "shared"})
    assert privacy.stream_is_shared({})
    assert not privacy.stream_is_shared({"visibility": "private"})


def test_contacts_need_consent_and_must_not_be_erased():
    assert privacy.contact_is_shared({"consent": True})
    assert not privacy.contact_is_shared({"consent": False})
    assert not privacy.contact_is_shared({})
    assert not privacy.contact_is_shared({"consent": True, "erased": True})
