"""The `muster` command line: one subcommand per module in flows/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from flows import commands


class UserError(Exception):
    """An error the user can fix: printed as one line, exit code 2."""


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"flows.commands.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="muster", description="Turn news articles into a versioned table of dated events.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _command_modules():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"muster {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("muster: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # `python -m flows.cli`: use the importable module so UserError is one class
    from flows.cli import main as _main

    sys.exit(_main())
