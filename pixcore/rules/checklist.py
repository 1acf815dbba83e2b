"""The procedure's checklist: each step before, on and after the day, with its actor.

Declared from ``procedure.md`` §2–§4: the one-off steps the school, its referent and the
invigilator carry out, plus Pix's automatic jury and publication so that a host can show
where the session stands. A step is ticked **automatically** by the session's own events
(the session created, the start time noted…), **by hand** through the command
``TickChecklistItem`` (the video shown, the PV printed, the documents handed over, the
shared storage erased…), or both (the technical test may have been run elsewhere).

Steps left out, and why (``docs/readiness.md``): BEF-6 is BEF-7's data; DAY-2 is BEF-11
seen from the invigilator; DAY-5, DAY-6, DAY-15, DAY-21 and DAY-24 are the candidates';
DAY-10 to DAY-17, DAY-20, DAY-22 and DAY-23 are continuous duties or happen only on an
incident (reports, extra time, the deadline are rules D2–D4); AFT-2 is part of AFT-1
(D5); AFT-4, AFT-6 and AFT-7 are Pix's and leave no trace in the session.

:data:`CHECKLIST_ITEM` decides an item's status from three facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.table import DecisionTable, Row, fact

__all__ = [
    "ACTORS",
    "CHECKLIST_ITEM",
    "ITEMS",
    "PHASES",
    "Actor",
    "ChecklistItem",
    "ItemStatus",
    "Phase",
    "item_status",
]

Phase = Literal["before", "day", "after"]
Actor = Literal["teachers", "school", "referent", "invigilator", "pix"]
ItemStatus = Literal["done", "pending", "not_applicable"]

PHASES: Mapping[Phase, tuple[str, str]] = MappingProxyType({
    "before": ("Avant la session", "Before the session"),
    "day": ("Le jour de la session", "On the day"),
    "after": ("Après la session", "After the session"),
})  # fmt: skip
"""Each phase's French and English heading (``procedure.md`` §2, §3, §4)."""

ACTORS: Mapping[Actor, tuple[str, str]] = MappingProxyType({
    "teachers": ("les enseignants", "teachers"),
    "school": ("l'établissement", "the school"),
    "referent": ("le référent Pix", "the Pix referent"),
    "invigilator": ("le surveillant", "the invigilator"),
    "pix": ("Pix", "Pix"),
})  # fmt: skip
"""Each actor's French and English name (``procedure.md`` §1)."""


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One step: its procedure id, phase, actor, French and English label, how it ticks."""

    id: str
    phase: Phase
    actor: Actor
    label: str
    label_en: str
    automatic: bool = False
    """Ticked by the session's events (see :mod:`pixcore.lifecycle.checklist_view`)."""
    manual: bool = True
    """May be ticked by hand (``TickChecklistItem``)."""
    only_with_shared_storage: bool = False
    """Applies only when the room declared storage shared between users (DAY-25)."""


def _auto(id_: str, phase: Phase, actor: Actor, label: str, label_en: str) -> ChecklistItem:
    return ChecklistItem(id_, phase, actor, label, label_en, automatic=True, manual=False)


ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("BEF-1", "before", "teachers",
                  "Vérifier dans le profil Pix de chaque élève qu'il a au moins 5 compétences de niveau 1",
                  "Check in each pupil's Pix profile at least 5 competences at level 1"),
    ChecklistItem("BEF-2", "before", "school",
                  "Présenter aux élèves le déroulement et la vidéo de 2 minutes",
                  "Tell pupils how it runs and show the 2-minute video"),
    ChecklistItem("BEF-3", "before", "school",
                  "Rappeler aux élèves leurs identifiants Pix (ou de l'ENT via le GAR)",
                  "Remind pupils of their Pix (or ENT through the GAR) credentials"),
    ChecklistItem("BEF-4", "before", "school",
                  "Demander aux élèves d'apporter une pièce d'identité",
                  "Tell pupils to bring an identity document"),
    _auto("BEF-5", "before", "referent", "Créer la session de certification",
          "Create the certification session"),
    _auto("BEF-7", "before", "referent", "Inscrire les candidats (données obligatoires)",
          "Enrol the candidates (mandatory data)"),
    ChecklistItem("BEF-8", "before", "referent", "Imprimer le PV de session pré-rempli",
                  "Print the pre-filled PV de session"),
    _auto("BEF-9", "before", "referent",
          "Vérifier la salle : un ordinateur prêt par candidat (pixcore readiness check)",
          "Check the room: one ready computer per candidate (pixcore readiness check)"),
    ChecklistItem("BEF-10", "before", "referent", "Faire passer le test technique",
                  "Run the technical test", automatic=True),
    ChecklistItem("BEF-11", "before", "referent",
                  "Remettre au surveillant le PV de session, le code d'accès, les consignes et "
                  "la notice candidat",
                  "Hand the invigilator the PV de session, access code, instructions and "
                  "candidate notice"),
    ChecklistItem("DAY-1", "day", "invigilator", "Préparer la salle", "Prepare the room"),
    ChecklistItem("DAY-3", "day", "invigilator",
                  "Projeter ou distribuer la notice candidat et le numéro de session",
                  "Show or hand out the candidate notice and the session number"),
    ChecklistItem("DAY-4", "day", "invigilator",
                  "Accueillir les candidats : vérifier leur identité, faire signer le PV",
                  "Welcome candidates: check identities, have the PV signed"),
    ChecklistItem("DAY-7", "day", "invigilator", "Communiquer les consignes",
                  "Give the instructions"),
    _auto("DAY-8", "day", "invigilator", "Communiquer le code d'accès",
          "Give the access code"),
    _auto("DAY-9", "day", "invigilator", "Noter l'heure de début du test",
          "Note the start time of the test"),
    _auto("DAY-18", "day", "invigilator",
          "Constater l'écran de fin de test de chaque candidat (case du PV cochée)",
          "See each candidate's end-of-test screen (PV box ticked)"),
    ChecklistItem("DAY-25", "day", "invigilator",
                  "Effacer les fichiers stockés sur l'espace de stockage partagé des ordinateurs",
                  "Erase the files kept in the computers' shared storage",
                  only_with_shared_storage=True),
    _auto("AFT-1", "after", "referent",
          "Finaliser la session (signalements, écrans de fin, PV scanné)",
          "Finalise the session (reports, end screens, scanned PV)"),
    _auto("AFT-3", "after", "pix", "Examen des signalements (jury automatique)",
          "Review of the reports (automatic jury)"),
    _auto("AFT-5", "after", "pix", "Publier les résultats", "Publish the results"),
)  # fmt: skip
"""Every checklist item, in the procedure's order."""

CHECKLIST_ITEM = DecisionTable(
    name="checklist_item",
    description="procedure.md: an item is done when its events or a hand tick say so",
    facts={"applicable": str, "derived": bool, "ticked": bool},  # applicable: yes | no
    rows=(
        Row("not_applicable", "not_applicable", when=(fact("applicable") == "no",)),
        Row("done_by_events", "done", when=(fact("derived") == True,)),  # noqa: E712
        Row("done_by_hand", "done", when=(fact("ticked") == True,)),  # noqa: E712
        Row("pending", "pending"),
    ),
)


def item_status(
    *, applicable: bool, derived: bool, ticked: bool, engine: Engine | None = None
) -> ItemStatus:
    """The status :data:`CHECKLIST_ITEM` gives an item."""
    facts = {"applicable": "yes" if applicable else "no", "derived": derived, "ticked": ticked}
    status: ItemStatus = first_outcome(CHECKLIST_ITEM, facts, engine)  # type: ignore[assignment]
    return status
