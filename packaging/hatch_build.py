"""Build hook: compile the gettext catalogs in translations/ into the wheel.

The wheel then carries ``cirkular_desktop/locale/<lang>/LC_MESSAGES/cirkular.mo``
and the installed app needs neither the .po files nor a compile step.
"""

from __future__ import annotations

import io
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages import mofile, pofile

        root = Path(self.root)
        out_root = Path(self.directory) / "locale-build"
        for po in sorted((root / "translations").glob("*.po")):
            lang = po.stem
            with po.open("rb") as handle:
                catalog = pofile.read_po(handle, locale=lang)
            target = out_root / lang / "LC_MESSAGES" / "cirkular.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            mofile.write_mo(buffer, catalog, use_fuzzy=False)
            target.write_bytes(buffer.getvalue())
            build_data["force_include"][str(target)] = f"cirkular_desktop/locale/{lang}/LC_MESSAGES/cirkular.mo"
