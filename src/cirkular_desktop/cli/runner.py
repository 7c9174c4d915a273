"""The ``cirkular`` command's machinery (design §5): parsing, language, exit codes, error lines.

``cli.main`` is the entry point and holds the table of command modules; it
answers ``--version`` itself and hands everything else to ``run`` here.
Subcommands live in modules of this package, each with ``register(sub)``
that adds its parsers and sets ``handler``; ``build_parser`` imports only the
modules the command line needs (``cli.main.modules_for``).
Exit codes: 0 success, 1 input refused (one line on stderr naming the field
or file and the reason; nothing changed), 2 usage error.

Imports: errors, i18n, paths, settings, services (app), core (display), cli.*: never the store or Qt.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, NoReturn, Sequence, TextIO

from cirkular_desktop import __version__, i18n
from cirkular_desktop import paths as _paths
from cirkular_desktop.cli.command_table import PROG, modules_for
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _

@dataclass
class Context:
    """What a subcommand handler gets besides its arguments."""

    paths: _paths.AppPaths
    out: TextIO
    err: TextIO
    _app: Any = field(default=None, repr=False)

    def app(self) -> Any:
        if self._app is None:
            from cirkular_desktop.services.app import open_app

            self._app = open_app(paths=self.paths)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors in the user's language with exit code 2."""

    def error(self, message: str) -> NoReturn:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def _translate_argparse() -> None:
    # argparse looks up its own strings through module-level gettext names at call time.
    argparse._ = i18n.gettext  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def _early_language(argv: Sequence[str]) -> str | None:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


def _early_data_dir(argv: Sequence[str]) -> str | None:
    for index, word in enumerate(argv):
        if word == "--data-dir" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--data-dir="):
            return word.split("=", 1)[1]
    return None


def build_parser(argv: Sequence[str] | None = None) -> ArgumentParser:
    """The parser with the commands ``argv`` needs (every command when ``argv`` is None)."""
    _translate_argparse()
    parser = ArgumentParser(
        prog=PROG,
        description=_("Cirkulär: map residual streams, match them with needs and sync by bundles."),
        epilog=_("The data directory is the platform's user data folder unless --data-dir or "
                 "CIRKULAR_DATA_DIR names another. Exit codes: 0 success; 1 input refused (one line on "
                 "stderr names the field or file and the reason, and nothing is changed); 2 usage error. "
                 "COMMAND --help documents each command."))
    parser.add_argument("--data-dir", metavar=_("DIR"), help=_("use the data in DIR"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages and documents"))
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=ArgumentParser)
    sub.required = True
    for name in modules_for(argv):
        try:
            module = importlib.import_module(f"cirkular_desktop.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"cirkular_desktop.cli.{name}":
                continue  # feature not installed in this build
            raise
        module.register(sub)
    return parser


def _stored_language(data_dir: str | None) -> str | None:
    try:
        from cirkular_desktop import settings

        return settings.load(_paths.resolve(data_dir)).get("language")
    except Exception:  # a broken settings file must never stop the command
        return None


# Arguments that name files: any bytes are a valid file name there.
_PATH_ARGUMENTS = frozenset({"data_dir", "output", "file", "files", "passphrase_file"})


def _undecodable_argument(args: argparse.Namespace) -> str | None:
    """The first text argument holding bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    for name, value in vars(args).items():
        if name in _PATH_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and any("\ud800" <= ch <= "\udfff" for ch in item):
                return item.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def run(argv: Sequence[str], *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Parse ``argv``, run its command, and turn refusals into one line on ``err`` and an exit code."""
    argv = list(argv)
    out = out or sys.stdout
    err = err or sys.stderr
    i18n.set_language(_early_language(argv) or _stored_language(_early_data_dir(argv)) or i18n.system_language())
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
        if args.data_dir is not None and not args.data_dir.strip():
            # An unset shell variable ("--data-dir $DIR") must not quietly mean the user's real data.
            parser.error(_("argument --data-dir: the folder name is empty"))
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.lang:
        i18n.set_language(args.lang)
    undecodable = _undecodable_argument(args)
    if undecodable is not None:
        message = _("“{text}” is not UTF-8 text; nothing was changed").format(text=undecodable)
        err.write(f"{PROG}: {message}\n")
        return 1
    ctx = Context(paths=_paths.resolve(args.data_dir), out=out, err=err)
    handler: Callable[[argparse.Namespace, Context], int] = args.handler
    try:
        return int(handler(args, ctx) or 0)
    except CirkularError as exc:
        err.write(f"{PROG}: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        message = _("interrupted; nothing was changed")
        err.write(f"{PROG}: {message}\n")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file that cannot be read or written (read-only disk, full disk, permissions): one line, no trace.
        from cirkular_desktop.fileutil import os_reason

        reason = os_reason(exc)
        name = exc.filename
        if isinstance(name, str):
            # Files are written through a temporary sibling ".NAME.random.tmp": name the file meant.
            meant = re.fullmatch(r"(.*/)?\.(.+)\.[^./]+\.tmp", name)
            name = f"{meant.group(1) or ''}{meant.group(2)}" if meant else name
        message = _("{file}: {reason}").format(file=name, reason=reason) if name else reason
        err.write(f"{PROG}: {message}\n")
        return 1
    finally:
        ctx.close()

