"""Where Cirkulär keeps its data: database, attachments, backups, settings.

The data directory is platformdirs' user data dir unless ``--data-dir`` or the
environment variable ``CIRKULAR_DATA_DIR`` names another (design §5). Nothing
here touches the disk at import; ``AppPaths.ensure()`` creates folders when a
command actually needs them. Imports: standard library, platformdirs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "cirkular"
ENV_DATA_DIR = "CIRKULAR_DATA_DIR"
DATABASE_NAME = "cirkular.sqlite"


@dataclass(frozen=True)
class AppPaths:
    """All locations derived from one data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def attachments(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def thumbnails(self) -> Path:
        """Cached small pictures of photos; safe to delete, they are made again."""
        return self.data_dir / "thumbnails"

    @property
    def quarantine(self) -> Path:
        """Bundles stamped more than a day ahead, kept as received until they can be applied."""
        return self.data_dir / "quarantine"

    @property
    def autosave(self) -> Path:
        return self.data_dir / "autosave"

    def ensure(self) -> "AppPaths":
        for folder in (self.data_dir, self.attachments, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve(data_dir: str | os.PathLike[str] | None = None,
            environ: dict[str, str] | None = None) -> AppPaths:
    """Pick the data directory: explicit argument, then environment, then platform default."""
    env = os.environ if environ is None else environ
    if data_dir:
        chosen = Path(data_dir)
    elif env.get(ENV_DATA_DIR):
        chosen = Path(env[ENV_DATA_DIR])
    else:
        chosen = default_data_dir()
    return AppPaths(chosen.expanduser().absolute())
