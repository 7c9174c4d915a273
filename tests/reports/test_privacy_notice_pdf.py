"""The privacy notice printed in the visit summary, in Swedish and Norwegian (issue #13, Art. 13)."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_samples import summary_data, text_of  # noqa: E402

from cirkular_desktop.reports.visit_summary import build_visit_summary  # noqa: E402

PRIVACY = {"controllers": {
    "SE": {"name": "Säffle kommun", "org_number": "212000-1926", "address": "Box 500, 661 29 Säffle",
           "contact": "kommun@saffle.se", "dpo": "dataskyddsombud@saffle.se", "legal_basis": "e"},
    "NO": {"name": "Indre Østfold kommune", "org_number": "920 123 899", "address": "Postboks 34, 1861 Trøgstad",
           "contact": "post@io.kommune.no", "dpo": "personvernombud@io.kommune.no", "legal_basis": "f"}},
    "last_payment_year": 2028}

# What a data-protection officer looks for, per language: controller and its contacts, legal basis,
# recipients, retention with the audit rule and its end, rights, and the authority of the person's country.
NEEDED = {
    ("sv", "SE"): ["Säffle kommun", "212000-1926", "dataskyddsombud@saffle.se", "personuppgiftsansvarig",
                   "allmänt intresse", "art. 6.1 e", "art. 6.1 a", "Indre Østfold kommune",
                   "Projektets parter i Sverige och Norge", "revisorer", "2021/1060", "art. 82",
                   "31 december 2033", "art. 17.3 b", "art. 15", "art. 21", "återkalla",
                   "Integritetsskyddsmyndigheten (IMY)", "Box 8114"],
    ("nb", "NO"): ["Indre Østfold kommune", "920 123 899", "personvernombud@io.kommune.no", "behandlingsansvarlig",
                   "berettigede interesse", "art. 6 nr. 1 bokstav f", "protestere", "Säffle kommun",
                   "Prosjektets parter i Sverige og Norge", "revisorer", "2021/1060", "art. 82",
                   "31. desember 2033", "art. 17 nr. 3 bokstav b", "innsyn", "trekke tilbake",
                   "Datatilsynet", "Postboks 458 Sentrum"],
}


def _pdf(lang: str, country: str, **contact: object) -> str:
    data = summary_data()
    organization = dict(data.organization, country=country)
    person = dict(data.contact or {}, **contact)
    data = dataclasses.replace(data, organization=organization, contact=person, privacy=PRIVACY)
    return " ".join(text_of(build_visit_summary(data, lang, invariant=True)).split())


@pytest.mark.parametrize(("lang", "country"), sorted(NEEDED))
def test_the_notice_is_complete_in_the_participants_language(lang, country):
    text = _pdf(lang, country, consent=True, consent_date="2026-11-26", consent_contact=True,
                consent_contact_date="2026-11-26")
    missing = [item for item in NEEDED[(lang, country)] if item not in text]
    assert missing == []
    assert "(not given yet)" not in text and "inte angivet" not in text and "ikke oppgitt" not in text


def test_the_complaint_authority_follows_the_persons_country_not_the_language():
    assert "Datatilsynet" in _pdf("sv", "NO") and "IMY" not in _pdf("sv", "NO")
    assert "Integritetsskyddsmyndigheten" in _pdf("nb", "SE")


def test_the_notice_states_each_consent_and_what_is_missing():
    text = _pdf("nb", "NO", consent=False, consent_contact=True, consent_contact_date="2026-11-26")
    assert re.search(r"At prosjektet lagrer opplysningene og tar kontakt: ja, gitt 26\. november 2026", text)
    assert "vises for koblede partnere: nei" in text
    data = dataclasses.replace(summary_data(), privacy=None)
    bare = " ".join(text_of(build_visit_summary(data, "sv", invariant=True)).split())
    assert "(inte angivet ännu)" in bare and "IMY" in bare   # gaps show as gaps, never as invented names
