"""Who is working on this computer, and the defaults that follow from it (issue #17).

- **The user's name** (``settings`` ``user_name``) goes on the visits this
  person starts (``default_visitors``), so the visitors are filled in.
- **This computer's name** is the device name bundles carry to the
  coordinator (``meta`` device name). Until someone names it, it is the host
  name ("vm", "DESKTOP-4F2K1"), which tells a coordinator nothing.
- **The first start** asks for both once (``needs_welcome``); it is shown for
  a fresh data folder, and saying "later" counts as done.
- **A new organization's country** is the last one registered on this
  computer, else the country of the user's language (nb → Norway, sv →
  Sweden), else Sweden.

Imports: errors, i18n, settings, core.checks (text rules), store.meta, services (app, maintenance).
"""

from __future__ import annotations

import re
from typing import Any

from cirkular_desktop import i18n, settings
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import maintenance
from cirkular_desktop.services.app import App

MAX_NAME = 80
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LANGUAGE_COUNTRY = {"nb": "NO", "sv": "SE"}


def who(app: App) -> dict[str, Any]:
    """``user_name``, ``computer_name`` (the device name) and whether the first start was done."""
    stored = settings.load(app.paths)
    name = stored.get(settings.USER_NAME)
    return {"user_name": name if isinstance(name, str) else "",
            "computer_name": maintenance.device_info(app).get("name") or "",
            "welcomed": stored.get(settings.WELCOMED) is True}


def needs_welcome(app: App) -> bool:
    """The first-start step is due: never done here, and the data folder holds no records yet."""
    if who(app)["welcomed"]:
        return False
    with app.snapshot() as conn:
        found: int = conn.execute("SELECT EXISTS(SELECT 1 FROM op)").fetchone()[0]
        return found == 0


def _clean(value: str, field: str, label: str) -> str:
    text = " ".join(str(value or "").split())
    if _CONTROL.search(str(value or "").replace("\n", " ").replace("\t", " ")):
        raise ValidationError(_("{field}: contains a control character").format(field=label), field=field)
    if len(text) > MAX_NAME:
        raise ValidationError(_("{field}: at most {count} characters").format(field=label, count=MAX_NAME),
                              field=field)
    return text


def set_who(app: App, *, user_name: str, computer_name: str) -> dict[str, Any]:
    """Save the user's and the computer's names (either may be empty: nothing changes for it) and mark
    the first start done. Both are checked before anything is written."""
    user = _clean(user_name, "user_name", _("Your name"))
    computer = _clean(computer_name, "computer_name", _("This computer's name"))
    values: dict[str, Any] = {settings.WELCOMED: True}
    if user:
        values[settings.USER_NAME] = user
    if computer and computer != (maintenance.device_info(app).get("name") or ""):
        maintenance.set_device_name(app, computer)
    settings.save(app.paths, values)
    return who(app)


def skip_welcome(app: App) -> None:
    """"Later": the step is not shown again; the names can be given in Preferences."""
    settings.save(app.paths, {settings.WELCOMED: True})


def set_user_name(app: App, name: str) -> None:
    settings.save(app.paths, {settings.USER_NAME: _clean(name, "user_name", _("Your name"))})


def default_visitors(app: App) -> list[str]:
    """Who a new visit lists as its visitors: the person using this computer, when known."""
    name = who(app)["user_name"]
    return [name] if name else []


def default_country(app: App, lang: str | None = None) -> str:
    """A new organization's country: the last one registered here, else the language's, else Sweden."""
    last = settings.load(app.paths).get(settings.LAST_COUNTRY)
    if last == "SE" or last == "NO":
        return str(last)
    return LANGUAGE_COUNTRY.get(lang or i18n.get_language(), "SE")


def remember_country(app: App, country: str | None) -> None:
    if country in ("SE", "NO"):
        settings.save_quietly(app.paths, {settings.LAST_COUNTRY: country})
