"""argparse in French, end to end: usage, section titles, help lines and errors.

argparse writes its own strings in English ("usage:", "positional arguments", "invalid
choice", "the following arguments are required"). Installing a gettext catalogue would
change argparse for the whole process (a host may run its own CLI beside ours); instead
:class:`FrenchArgumentParser` sets French titles and help lines on each parser it builds
(its subparsers are built by the same class) and translates argparse's error sentences
in :meth:`FrenchArgumentParser.error`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

__all__ = ["EXIT_USAGE", "FrenchArgumentParser", "FrenchHelpFormatter", "translate_error"]

EXIT_USAGE = 2
"""argparse's exit code for a usage error."""

_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"^the following arguments are required: (.*)$", r"arguments obligatoires manquants : \1"),
        (r"^argument (.*?): invalid choice: .*? \(choose from (.*)\)$",
         r"argument \1 : choix invalide (choix possibles : \2)"),
        (r"^argument (.*?): invalid choice: .*$", r"argument \1 : choix invalide"),
        (r"^argument (.*?): invalid \S+ value: .*$", r"argument \1 : valeur invalide"),
        (r"^unrecognized arguments: .*$", "arguments non reconnus"),
        (r"^argument (.*?): expected one argument$", r"argument \1 : une valeur est attendue"),
        (r"^argument (.*?): expected at least one argument$",
         r"argument \1 : au moins une valeur est attendue"),
        (r"^argument (.*?): expected (.*) arguments?$", r"argument \1 : \2 valeur(s) attendue(s)"),
        (r"^argument (.*?): not allowed with argument (.*)$",
         r"argument \1 : incompatible avec l'argument \2"),
        (r"^argument (.*?): ignored explicit argument .*$", r"argument \1 : valeur non attendue"),
        (r"^ambiguous option: (\S*?)(=.*)? could match (.*)$",
         r"option ambiguë : \1 peut désigner \3"),
        (r"^one of the arguments (.*) is required$", r"l'un des arguments \1 est obligatoire"),
        (r"^argument (.*?): (.*)$", r"argument \1 : \2"),
    )
)  # fmt: skip
"""argparse's sentences in French. What was typed is never repeated (a pupil's name or
birth date typed in the wrong place must not come back, not even on a terminal): only
option names and the allowed choices are."""


def translate_error(message: str) -> str:
    """Argparse's English error sentence in French (our own messages pass unchanged)."""
    for pattern, french in _ERRORS:
        if pattern.match(message):
            return pattern.sub(french, message)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    """A help formatter whose usage line starts with « utilisation : »."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Add the usage line, prefixed in French."""
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that speaks French and exits 2 on misuse.

    ``-h``/``--help`` are kept (scripts know them), with a French help line; section
    titles are « arguments » and « options ». Subparsers are built by the same class.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # ours comes below, in French
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS,
                help="afficher cette aide et quitter",
            )  # fmt: skip

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction[Any]:
        """Subcommands, titled « commandes »."""
        kwargs.setdefault("title", "commandes")
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the French error on stderr; exit with code 2."""
        self.print_usage(sys.stderr)
        program = self.prog.split(" ", 1)[0]
        self.exit(EXIT_USAGE, f"{program} : erreur d'utilisation : {translate_error(message)}\n")
