"""The documents ``pixcore demo`` prints: before the session, and after publication.

Before the session (BEF-8, BEF-11): the PV de session, the candidate notices (Pix
account and GAR, printed and projected), the instructions to read aloud and the PV
d'incident template. After publication: one results attestation per certification and
the per-class summary. The school's details come through the ``pixcore_school_details``
hook, answered by :class:`DemoSchool`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pixcore.formats import documents as docs
from pixcore.host.hookspecs import hookimpl
from pixcore.host.service import SessionService
from pixcore.models.school import SchoolDetails

__all__ = ["DOCUMENTS_FOLDER", "DemoSchool", "write_after", "write_before"]

DOCUMENTS_FOLDER = "documents"
"""The folder, inside the demo's folder, where the documents go."""


class DemoSchool:
    """A plugin answering ``pixcore_school_details`` for the demo's school."""

    @hookimpl
    def pixcore_school_details(
        self, session_number: int, establishment: str | None
    ) -> SchoolDetails:
        """The demo school's name and address (no logo)."""
        return SchoolDetails(
            name="Collège Jean Moulin", address=("12 rue des Écoles", "75005 Paris")
        )


def _folder(directory: Path) -> Path:
    folder = directory / DOCUMENTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_before(
    service: SessionService, number: int, directory: Path, out: Callable[[str], None]
) -> None:
    """Write the documents printed before the session; say where."""
    state = service.load(number)
    school = service.host.school_details(number, state.establishment)
    folder = _folder(directory)
    files: dict[str, Callable[[], bytes]] = {
        f"pv-session-{number}.pdf": lambda: docs.render_pv_session(state, school),
        "notice-pix.pdf": lambda: docs.render_notice(state, school, version="pix"),
        "notice-gar.pdf": lambda: docs.render_notice(state, school, version="gar"),
        "notice-pix-projection.pdf": lambda: docs.render_notice(
            state, school, version="pix", layout="projection"
        ),
        "notice-gar-projection.pdf": lambda: docs.render_notice(
            state, school, version="gar", layout="projection"
        ),
        "consignes.pdf": lambda: docs.render_instructions(state, school),
        "pv-incident-modele.pdf": lambda: docs.render_incident_report(state, school),
    }
    for name, render in files.items():
        (folder / name).write_bytes(render())
    out(
        f"      Le référent imprime le PV de session pré-rempli, les notices candidat (compte "
        f"Pix, GAR), les consignes et le modèle de PV d'incident : {folder}/"
    )


def write_after(
    service: SessionService, number: int, directory: Path, out: Callable[[str], None]
) -> None:
    """Write the attestations and the per-class summary after publication; say where."""
    state = service.load(number)
    school = service.host.school_details(number, state.establishment)
    folder = _folder(directory) / "attestations"
    folder.mkdir(exist_ok=True)
    count = 0
    for certification, pdf in docs.iter_attestations(state, school, policy=service.policy):
        (folder / f"attestation-{certification}.pdf").write_bytes(pdf)
        count += 1
    summary = _folder(directory) / f"bilan-classes-{number}.pdf"
    summary.write_bytes(docs.render_class_summary(state, school, policy=service.policy))
    out(f"      {count} attestations de résultats : {folder}/ ; bilan par classe : {summary}")
