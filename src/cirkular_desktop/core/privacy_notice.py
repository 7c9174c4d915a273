"""The privacy notice given to a contact person (GDPR Art. 13), as structured sections.

Built from the privacy settings (``settings.privacy``: the controller of each
country side, the year of the project's last payment) and the contact, in the
active language: callers render it in the contact's language with
``i18n.using_language``. The contact dialog shows it where consent is asked,
and the visit summary prints it (``reports.privacy_notice``).

What it says, and why:

- controller: the partner responsible on the person's side of the border,
  with its contact and data-protection contact (Art. 13(1)(a), (b));
- purpose and legal basis: the Interreg project is a task carried out in the
  public interest by public partners, Art. 6(1)(e), or — for a partner that
  is not a public body — its legitimate interest, Art. 6(1)(f); showing the
  organization and the contact to matched partners rests on consent (b),
  Art. 6(1)(a) (Art. 13(1)(c), (d));
- recipients: the partners in Sweden and Norway, the programme's bodies and
  auditors, matched partners with consent; all within the EU/EEA (Art. 13(1)(e), (f));
- retention: until the programme's audit period ends — five years from
  31 December of the year of the last payment to the project (Regulation
  (EU) 2021/1060 Art. 82) — and what is kept for that audit despite an
  erasure request (Art. 17(3)(b)) (Art. 13(2)(a));
- rights, withdrawal of consent, and the supervisory authority of the
  person's country: IMY in Sweden, Datatilsynet in Norway (Art. 13(2)(b)–(d)).

Imports: i18n, core.text, settings (its key names only), standard library.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from cirkular_desktop.core.text import to_date
from cirkular_desktop.i18n import N_, format_date, gettext as _
from cirkular_desktop.settings import CONTROLLER_FIELDS, PRIVACY_SIDES as SIDES
AUDIT_YEARS = 5   # Regulation (EU) 2021/1060 Art. 82: five years from 31 December of the last payment's year
FIELD_LABELS = {"name": N_("name"), "org_number": N_("organisation number"), "address": N_("address"),
                "contact": N_("contact"), "dpo": N_("data protection contact")}
SIDE_LABELS = {"SE": N_("Swedish side"), "NO": N_("Norwegian side")}


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    title: str
    sections: tuple[Section, ...]
    complete: bool


def audit_end(config: Mapping[str, Any]) -> _dt.date | None:
    """The last day of the programme's audit period, from the year of the project's last payment."""
    year = config.get("last_payment_year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        return None
    return _dt.date(year + AUDIT_YEARS, 12, 31)


def missing(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What the notice still lacks: (side, controller field), or ("", "last_payment_year")."""
    gaps = []
    controllers = config.get("controllers") or {}
    for side in SIDES:
        block = controllers.get(side) or {}
        gaps += [(side, name) for name in CONTROLLER_FIELDS if not str(block.get(name) or "").strip()]
    if audit_end(config) is None:
        gaps.append(("", "last_payment_year"))
    return gaps


def describe_missing(gaps: list[tuple[str, str]]) -> list[str]:
    """Each gap as a phrase in the active language: "Swedish side: data protection contact"."""
    out = []
    for side, name in gaps:
        if side:
            out.append(_("{side}: {item}").format(side=_(SIDE_LABELS[side]), item=_(FIELD_LABELS[name])))
        else:
            out.append(_("the year of the project's last payment (it sets the end of the audit period)"))
    return out


def project_name(lang_first: str) -> str:
    sv, nb = "Cirkulärt samarbete över gränsen", "Sirkulært samarbeid over grensen"
    return f"{nb} / {sv}" if lang_first == "nb" else f"{sv} / {nb}"


def _given(value: Any) -> str:
    text = str(value or "").strip()
    return text if text else _("(not given yet)")


def _consent_words(value: Any, date: Any) -> str:
    if value is True:
        when = _as_date(date)
        return _("yes, given {date}").format(date=format_date(when)) if when else _("yes")
    if value is False:
        return _("no")
    return _("not asked yet")


def _as_date(value: Any) -> _dt.date | None:
    return to_date(value) if isinstance(value, str) else None


def build(config: Mapping[str, Any], country: str | None, contact: Mapping[str, Any] | None = None,
          *, lang: str = "sv") -> Notice:
    """The notice for a contact of an organization in ``country`` (SE or NO), in the active language.

    ``lang`` is the language being rendered (it puts the project's name in that language first).
    """
    side = country if country in SIDES else "SE"
    block = (config.get("controllers") or {}).get(side) or {}
    other = (config.get("controllers") or {}).get("NO" if side == "SE" else "SE") or {}
    end = audit_end(config)
    sections = []

    controller = _("{name} (organisation number {number}), {address}, is responsible for your personal data "
                   "(the controller). Contact: {contact}. Data protection contact: {dpo}.").format(
        name=_given(block.get("name")), number=_given(block.get("org_number")), address=_given(block.get("address")),
        contact=_given(block.get("contact")), dpo=_given(block.get("dpo")))
    paragraphs = [controller]
    if str(other.get("name") or "").strip():
        paragraphs.append(_("On the other side of the border, {name} is responsible for the project's data.").format(
            name=other["name"].strip()))
    sections.append(Section("controller", _("Who is responsible"), tuple(paragraphs)))

    sections.append(Section("purpose", _("What we keep and why"), (
        _("We keep your name, role, phone number, e-mail address, language and consents, together with the "
          "answers given at the visit, to map your organization's residual streams and needs, to find partners "
          "who can use them, to follow up test environments and to report the results of the Interreg project "
          "{project}.").format(project=project_name(lang)),)))

    if block.get("legal_basis") == "f":
        basis = _("The legal basis is our legitimate interest in carrying out the project, which is funded by "
                  "the EU programme Interreg Sverige–Norge (GDPR Art. 6(1)(f)). You may object to it at any time.")
    else:
        basis = _("The legal basis is a task carried out in the public interest (GDPR Art. 6(1)(e)): the project "
                  "is carried out by public partners with funding from the EU programme Interreg Sverige–Norge.")
    sections.append(Section("basis", _("Legal basis"), (
        basis,
        _("Your organization's streams and needs and your contact details are shown to partners a match is "
          "proposed to only with your consent (GDPR Art. 6(1)(a))."))))

    sections.append(Section("recipients", _("Who receives the data"), (
        _("The project partners in Sweden and Norway. The programme's bodies and auditors and the European "
          "Commission may examine the project's documents in their checks. With your consent, partners a match "
          "is proposed to. The data is kept within the EU/EEA."),)))

    until = (_("That is until {date}.").format(date=format_date(end)) if end
             else _("The date follows from the project's last payment and is not known yet."))
    sections.append(Section("retention", _("How long"), (
        _("Until the programme's audit period ends: five years from 31 December of the year in which the "
          "project receives its last payment (Regulation (EU) 2021/1060, Art. 82).") + " " + until,
        _("If you withdraw a consent, sharing stops. If you ask us to erase your data, your contact details are "
          "erased from the project's records on every computer. What the programme's audit requires is kept "
          "until the audit period ends (GDPR Art. 17(3)(b)): that your organization took part, the date of the "
          "visit and what was found, and a signed visit summary."))))

    sections.append(Section("rights", _("Your rights"), (
        _("You may ask for access to your data (Art. 15), correction (Art. 16), erasure (Art. 17) and restriction "
          "(Art. 18), object to the processing (Art. 21), and receive the data you gave with your consent in a "
          "machine-readable form (Art. 20). You can withdraw a consent at any time; this does not affect what "
          "was done before. Ask the contact above."),)))

    if side == "NO":
        authority = _("You can complain to the Norwegian Data Protection Authority (Datatilsynet), "
                      "Postboks 458 Sentrum, 0105 Oslo, www.datatilsynet.no.")
    else:
        authority = _("You can complain to the Swedish Authority for Privacy Protection "
                      "(Integritetsskyddsmyndigheten, IMY), Box 8114, 104 20 Stockholm, www.imy.se.")
    sections.append(Section("complaint", _("Complaints"), (authority,)))

    if contact is not None and not contact.get("erased"):
        sections.append(Section("consents", _("Your consents"), (
            _("To be recorded and contacted by the project: {answer}.").format(
                answer=_consent_words(contact.get("consent_contact"), contact.get("consent_contact_date"))),
            _("To have your organization's streams and needs and your contact details shown to matched "
              "partners: {answer}.").format(
                answer=_consent_words(contact.get("consent"), contact.get("consent_date"))))))
    return Notice(_("Privacy notice"), tuple(sections), not missing(config))
