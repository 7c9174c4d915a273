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


def test_consent_b_is_what_lets_a_contact_reach_a_partner():
    assert not privacy.contact_is_shared({"consent_contact": True})            # (a) alone is not (b)
    assert not privacy.contact_is_shared({"consent": True, "deleted": True})
    assert privacy.partner_contact({"name": "Eva", "email": "e@x.se", "notes": "private", "consent": True}) == {
        "name": "Eva", "role": None, "phone": None, "email": "e@x.se"}
    assert privacy.partner_contact({"name": "Eva", "consent": False}) is None
    assert privacy.may_contact({"consent_contact": True}) and not privacy.may_contact({"consent": True})


def test_text_pattern_finds_the_person_verbatim_and_nothing_else():
    pattern = privacy.text_pattern("Kari Nordmann", "+47 912 34 567", "kari@example.no")
    for text in ("Ring Kari Nordmann", "kari  nordmann", "KARI@example.no", "tlf 912 34 567", "+4791234567",
                 "912-34-567", "0047 912 34 567"):
        assert privacy.holds(text, pattern), text
    for text in ("Karin Nordmannsen", "kari@example.no.evil", "1912 34 5678", "Nordmann"):
        assert not privacy.holds(text, pattern), text
    swedish = privacy.text_pattern(None, "+46 70 123 45 67", None)
    assert privacy.redact_text("Ring 070-123 45 67 i dag", swedish) == "Ring […] i dag"
    assert privacy.text_pattern("Li", "12", "") is None    # too short to look for without harm
    nfd = "Åsa Öberg".replace("Å", "A\u030a").replace("Ö", "O\u0308")
    assert privacy.holds(f"Fråga {nfd}", privacy.text_pattern("Åsa Öberg", None, None))
