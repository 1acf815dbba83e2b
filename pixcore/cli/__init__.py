"""The ``pixcore`` command line: the shell around the core that referents and scripts run.

``pixcore.cli.app.main`` is the console entry point; each command group has its module
(:mod:`pixcore.cli.session`, :mod:`pixcore.cli.after`, :mod:`pixcore.cli.evaluate`,
:mod:`pixcore.cli.show`, :mod:`pixcore.cli.demo`). See ``docs/cli.md``.
"""

from pixcore.cli.app import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    main,
    render_text,
)

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "main",
    "render_text",
]
