"""Personal data rules: what may reach a matched partner, and how an erased person's words are found.

Anything meant for a partner outside the project (a match card shown to a
partner, a shared export, a partner-facing match summary) asks these
functions, so the rule of what may be shown lives in one place. A contact
gives two separate consents:

- (a) ``consent_contact``: to be recorded and contacted by the project;
- (b) ``consent``: to have the organization's streams and needs and this
  contact shown to matched partners.

Erasure (services.privacy) reaches copies of a person's name, phone and
e-mail in free text; ``text_pattern`` says what counts as such a copy.

Imports: core.text, standard library.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from cirkular_desktop.core.text import nfc

REDACTED = "[…]"   # what replaces an erased person's name, phone or e-mail in free text
MIN_NEEDLE = 3     # shorter values ("Li", "12") would redact unrelated words
PARTNER_CONTACT_FIELDS = ("name", "role", "phone", "email")


def stream_is_shared(record: Mapping[str, Any]) -> bool:
    """A stream or need may be shown to matched partners unless marked not shared."""
    return record.get("visibility") != "private"


def contact_is_shared(contact: Mapping[str, Any]) -> bool:
    """A contact may be shown to matched partners only with consent (b), and never once erased or removed."""
    return contact.get("consent") is True and not contact.get("erased") and not contact.get("deleted")


def may_contact(contact: Mapping[str, Any]) -> bool:
    """The project may contact the person: consent (a) given, and the contact not erased or removed."""
    return contact.get("consent_contact") is True and not contact.get("erased") and not contact.get("deleted")


def partner_contact(contact: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The contact details a matched partner may see, or None without consent (b)."""
    if not contact or not contact_is_shared(contact):
        return None
    return {name: contact.get(name) for name in PARTNER_CONTACT_FIELDS}


# --- Copies of a person's data in free text -------------------------------------------------------

def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    forms = [digits]
    # "+46 70 123 45 67" is also written "070-123 45 67", "+47 912 34 567" also "912 34 567".
    for code, trunk in (("46", "0"), ("47", "")):
        if phone.strip().startswith(("+" + code, "00" + code)) and len(digits) > len(code) + 5:
            national = digits[len(code):] if phone.strip().startswith("+") else digits[len(code) + 2:]
            forms.append(trunk + national)
    sep = r"[\s\-./()]*"
    alternatives = []
    for form in dict.fromkeys(forms):
        alternatives.append(r"(?:\+|00)?" + sep.join(re.escape(d) for d in form))
    return r"(?<!\d)(?:" + "|".join(alternatives) + r")(?!\d)"


def text_pattern(name: str | None, phone: str | None, email: str | None) -> re.Pattern[str] | None:
    """A pattern that finds the person's name, phone or e-mail verbatim in a text (case and spacing aside).

    None when nothing is long enough to look for.
    """
    parts: list[str] = []
    if email and len(email.strip()) >= MIN_NEEDLE:
        parts.append(r"(?<![\w.+-])" + re.escape(nfc(email.strip())) + r"(?!\.?[\w-])")
    if name and len(name.strip()) >= MIN_NEEDLE:
        words = nfc(name).split()
        parts.append(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
    if phone:
        found = _phone_pattern(phone)
        if found:
            parts.append(found)
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def redact_text(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by ``REDACTED``."""
    return pattern.sub(REDACTED, nfc(text))


def redact_value(value: Any, pattern: re.Pattern[str]) -> Any:
    """A stored value (text, list of texts, nested answer) with matches redacted; other values as they are."""
    if isinstance(value, str):
        return redact_text(value, pattern)
    if isinstance(value, list):
        return [redact_value(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v, pattern) for k, v in value.items()}
    return value


def holds(value: Any, pattern: re.Pattern[str]) -> bool:
    """True if ``value`` (text, list, nested answer) contains a match of ``pattern``."""
    if isinstance(value, str):
        return pattern.search(nfc(value)) is not None
    if isinstance(value, list):
        return any(holds(v, pattern) for v in value)
    if isinstance(value, dict):
        return any(holds(v, pattern) for v in value.values())
    return False

