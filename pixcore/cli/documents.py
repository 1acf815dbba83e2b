"""``pixcore documents KIND NUMERO -o CHEMIN``: the session's printed documents as PDFs.

Kinds: ``pv`` (PV de session), ``notice-pix`` and ``notice-gar`` (candidate notices;
``--projection`` for slides in large type), ``instructions`` (consignes to read
aloud), ``incident`` (PV d'incident template), ``convocations`` (one file per
candidate), ``attestations`` (one file per certification, once published) and
``class-summary`` (results by class, once published; ``--division`` for one class).
Batches write a folder, with a progress bar on a terminal. The school's name, address,
logo and wording come from the installed plugins (``pixcore_school_details``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pixcore.cli.common import FileNotWritableError, add_common_options, emit, open_service
from pixcore.cli.common import print_json as _print_json
from pixcore.cli.show import load_session, positive_int
from pixcore.formats import documents as docs
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.lifecycle.state import SessionState
from pixcore.models.school import SchoolDetails

__all__ = ["KINDS", "ProgressBar", "register", "write_documents"]

_SINGLE: dict[str, str] = {
    "pv": "PV de session",
    "notice-pix": "notice candidat (compte Pix)",
    "notice-gar": "notice candidat (ENT, GAR)",
    "instructions": "consignes à lire aux candidats",
    "incident": "modèle de PV d'incident",
    "class-summary": "bilan des résultats par classe",
}
_BATCH: dict[str, str] = {
    "convocations": "convocations",
    "attestations": "attestations de résultats",
}
KINDS: tuple[str, ...] = (*_SINGLE, *_BATCH)
"""Every kind of document the command writes."""


class ProgressBar:
    """``Convocations [#####.....] 12/30`` on a terminal's stderr; silent elsewhere."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream: TextIO) -> None:
        self.label, self.total, self.stream = label, total, stream
        self.active = total > 0 and stream.isatty()

    def line(self, done: int) -> str:
        """The bar after ``done`` of ``total`` documents."""
        filled = self.WIDTH * done // max(self.total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"{self.label} [{bar}] {done}/{self.total}"

    def update(self, done: int) -> None:
        """Redraw the bar in place; a line break once complete."""
        if self.active:
            end = "\n" if done >= self.total else ""
            self.stream.write("\r" + self.line(done) + end)
            self.stream.flush()


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError:
        raise FileNotWritableError(meta={"path": str(path)}) from None


def _folder(path: Path) -> Path:
    try:
        path.mkdir(exist_ok=True)
    except OSError:
        raise FileNotWritableError(meta={"path": str(path)}) from None
    if not path.is_dir():
        raise FileNotWritableError(meta={"path": str(path)})
    return path


def _single(
    kind: str, state: SessionState, school: SchoolDetails, args: argparse.Namespace
) -> bytes:
    layout: docs.NoticeLayout = "projection" if args.projection else "print"
    renderers: dict[str, Callable[[], bytes]] = {
        "pv": lambda: docs.render_pv_session(state, school),
        "notice-pix": lambda: docs.render_notice(state, school, version="pix", layout=layout),
        "notice-gar": lambda: docs.render_notice(state, school, version="gar", layout=layout),
        "instructions": lambda: docs.render_instructions(state, school),
        "incident": lambda: docs.render_incident_report(state, school),
        "class-summary": lambda: docs.render_class_summary(
            state, school, division=args.division, policy=args.policy, zone=args.tz
        ),
    }
    return renderers[kind]()


def _batch(
    kind: str, state: SessionState, school: SchoolDetails, args: argparse.Namespace
) -> tuple[int, Iterator[tuple[str, bytes]]]:
    if kind == "convocations":
        convocations = docs.iter_convocations(state, school)
        items = ((f"convocation-{line:03d}.pdf", pdf) for line, _, pdf in convocations)
        return len(state.candidates), items
    attestations = docs.iter_attestations(state, school, policy=args.policy, zone=args.tz)
    return len(state.certifications), ((f"attestation-{n}.pdf", pdf) for n, pdf in attestations)


def write_documents(
    kind: str,
    state: SessionState,
    school: SchoolDetails,
    out: Path,
    args: argparse.Namespace,
    *,
    progress: TextIO | None = None,
) -> list[Path]:
    """Render ``kind`` and write it to ``out`` (a file, or a folder for batches)."""
    if kind in _SINGLE:
        content = _single(kind, state, school, args)
        _write(out, content)
        return [out]
    total, items = _batch(kind, state, school, args)
    folder = _folder(out)
    bar = ProgressBar(_BATCH[kind].capitalize(), total, progress or sys.stderr)
    written = []
    for name, content in items:
        _write(folder / name, content)
        written.append(folder / name)
        bar.update(len(written))
    return written


def school_details(number: int, state: SessionState) -> SchoolDetails:
    """The school's details from the installed plugins (entry points), or the default."""
    return PluginHost(create_plugin_manager()).school_details(number, state.establishment)


def _documents(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        state = load_session(service, args.number)
        args.policy = service.policy
    school = school_details(args.number, state)
    files = write_documents(args.kind, state, school, args.out, args)
    if args.json:
        _print_json(
            {"session_number": args.number, "kind": args.kind,
             "files": [str(path) for path in files]},
            sys.stdout,
        )  # fmt: skip
        return 0
    label = _SINGLE.get(args.kind) or _BATCH[args.kind]
    where = args.out if args.kind in _SINGLE else f"{len(files)} fichier(s) dans {args.out}"
    emit(f"Session {args.number} — {label} : {where}", sys.stdout)
    return 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``documents`` to the ``pixcore`` command."""
    parser = commands.add_parser(
        "documents",
        help="imprimer les documents de la session (PDF)",
        description=(
            "Écrit en PDF un document de la session : pv (PV de session pré-rempli), "
            "notice-pix / notice-gar (notice candidat, --projection pour la projeter), "
            "instructions (consignes à lire), incident (modèle de PV d'incident), "
            "convocations (un fichier par candidat, dans le dossier CHEMIN), attestations "
            "(un fichier par certification, après publication, dans le dossier CHEMIN), "
            "class-summary (bilan par classe, après publication). Aucun document ne "
            "montre le code d'accès."
        ),
    )
    parser.add_argument("kind", choices=KINDS, metavar="TYPE", help=", ".join(KINDS))
    parser.add_argument("number", type=positive_int, metavar="NUMERO")
    parser.add_argument(
        "-o", "--out", type=Path, required=True, metavar="CHEMIN",
        help="fichier PDF à écrire (un dossier pour convocations et attestations)",
    )  # fmt: skip
    parser.add_argument("--projection", action="store_true", help="notice : diapositives 16:9")
    parser.add_argument("--division", metavar="CLASSE", help="class-summary : une seule classe")
    add_common_options(parser)
    parser.set_defaults(handler=_documents)
