"""Organisation numbers: validation per country and the deterministic organization id.

Sweden: 10 digits with a Luhn check (``stdnum.se.orgnr``); a number whose
third digit is below 2 is a sole trader's personal identity number and is
personal data. Norway: 9 digits with a mod-11 check (``stdnum.no.orgnr``).
Two laptops that register the same company derive the same id from country
and number, so their records converge when synced (design §3).

Imports: errors, i18n, python-stdnum, standard library.
"""

from __future__ import annotations

import re
import uuid

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _

# Fixed namespace: changing it would give every organization a new id.
ORGANIZATION_NAMESPACE = uuid.UUID("5b0f6f0e-3c52-4a0e-9a57-6d3f0c1b7a11")


def normalise(country: str | None, number: str) -> str:
    """Return the compact, validated number for ``country`` (SE or NO)."""
    # python-stdnum is imported here, not at the top: its helpers load ssl and pydoc (~12 ms), which
    # the app's start-up (formatting numbers in the first list) does not need.
    from stdnum import exceptions as _stdnum_errors
    from stdnum.no import orgnr as _no_orgnr
    from stdnum.se import orgnr as _se_orgnr

    text = (number or "").strip()
    pasted = _as_written(country, text)
    if country == "SE":
        validate, expected = _se_orgnr.validate, _("Swedish organisation numbers have 10 digits, e.g. 556036-0793")
    elif country == "NO":
        validate, expected = _no_orgnr.validate, _("Norwegian organisation numbers have 9 digits, e.g. 988 077 917")
    else:
        raise ValidationError(_("choose the country before the organisation number"), field="org_number")
    try:
        return validate(pasted)
    except _stdnum_errors.InvalidChecksum:
        raise ValidationError(_("“{value}” has a wrong check digit").format(value=text),
                              field="org_number") from None
    except _stdnum_errors.ValidationError:
        raise ValidationError(_("“{value}” is not valid: {expected}").format(value=text, expected=expected),
                              field="org_number") from None


# How numbers arrive when pasted from letters, invoices and registers: "Org.nr. 556036-0793",
# "NO 923 609 016 MVA" (the Norwegian VAT form), "SE556036079301" (the Swedish VAT number) and
# "16556036-0793" (the 12-digit form with the century-like prefix 16 for legal entities).
_LABEL = re.compile(r"^(?:org(?:anisations|anisasjons|anisation)?\.?\s*(?:nr|nummer|no)\.?|orgnr)\s*[:.]?\s*", re.IGNORECASE)
_NO_VAT = re.compile(r"^(?:NO)?\s*([0-9][0-9 .]*[0-9])\s*MVA$", re.IGNORECASE)
_SE_VAT = re.compile(r"^SE\s*([0-9]{6})-?([0-9]{4})\s*01$", re.IGNORECASE)
_SE_LONG = re.compile(r"^(16|19|20)([0-9]{6})-?([0-9]{4})$")


def _as_written(country: str | None, text: str) -> str:
    """The organisation number inside a pasted label or VAT form; other text is returned as it is."""
    text = _LABEL.sub("", text).strip()
    if country == "NO":
        vat = _NO_VAT.match(text)
        if vat:
            return vat.group(1)
        if text[:2].upper() == "NO" and text[2:].strip()[:1].isdigit():
            return text[2:].strip()
    elif country == "SE":
        compact = text.replace(" ", "")
        for pattern in (_SE_VAT, _SE_LONG):
            found = pattern.match(compact)
            if found:
                return "".join(found.groups()[-2:])
    return text


def is_valid(country: str | None, number: str | None) -> bool:
    try:
        normalise(country, number or "")
    except ValidationError:
        return False
    return True


def format_number(country: str, compact: str) -> str:
    """Show the number as people write it: 556036-0793, 988 077 917."""
    if country not in ("SE", "NO"):
        return compact
    if compact.isascii() and compact.isdigit():  # stored numbers are compact: stdnum's format is this slicing
        return f"{compact[:6]}-{compact[6:]}" if country == "SE" else f"{compact[:3]} {compact[3:6]} {compact[6:]}"
    from stdnum.no import orgnr as _no_orgnr
    from stdnum.se import orgnr as _se_orgnr

    return _se_orgnr.format(compact) if country == "SE" else _no_orgnr.format(compact)


def is_personal(country: str | None, compact: str | None) -> bool:
    """A Swedish number whose third digit is 0 or 1 is a personal identity number."""
    return country == "SE" and compact is not None and len(compact) == 10 and compact[2] in "01"


def organization_id(country: str, compact: str) -> str:
    """Deterministic record id for an organization with a valid number."""
    return str(uuid.uuid5(ORGANIZATION_NAMESPACE, f"{country}:{compact}"))
