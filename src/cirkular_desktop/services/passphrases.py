"""A bundle passphrase remembered in the system keyring — only when the user asks for it.

The keyring is the platform's own secret store (Windows Credential Locker,
macOS Keychain, the Secret Service on Linux) reached through the ``keyring``
package. Where none is available (no package, no backend, a locked or
refusing store) nothing is remembered and the app says so; the passphrase is
never written anywhere else. Entries are per device, so two data folders on
one computer keep their own.

Imports: services (app, maintenance); keyring (optional, lazily).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cirkular_desktop.services.app import App

if TYPE_CHECKING:  # keyring itself is imported only when a passphrase is remembered
    from keyring.backend import KeyringBackend

SERVICE = "Cirkulär bundle passphrase"


def _backend() -> KeyringBackend | None:
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - not installed, or a broken install: no keyring
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def available() -> bool:
    """True when a system keyring can hold the passphrase."""
    return _backend() is not None


def _user(app: App) -> str:
    from cirkular_desktop.services.maintenance import device_info

    return device_info(app)["device"] or str(app.paths.data_dir)


def remembered(app: App) -> str | None:
    backend = _backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, _user(app))
    except Exception:  # noqa: BLE001 - a locked or refusing keyring: nothing remembered
        return None


def remember(app: App, passphrase: str) -> bool:
    """Keep the passphrase in the keyring; False when there is none or it refused."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, _user(app), passphrase)
    except Exception:  # noqa: BLE001
        return False
    return True


def forget(app: App) -> None:
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, _user(app))
    except Exception:  # noqa: BLE001 - nothing stored, or the keyring refused: nothing to forget here
        pass
