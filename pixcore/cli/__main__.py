"""``python -m pixcore.cli``: the same as the ``pixcore`` command."""

from pixcore.cli.app import main

raise SystemExit(main())
