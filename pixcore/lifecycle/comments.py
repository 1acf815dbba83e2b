"""The jury's comments, in French: one for the candidate, one for the school.

Keyed by the decision's reason (Pix's automatic-jury keys, ``rules.md`` §10.3, and
pixcore's ``END_SCREEN_NOT_SEEN``) or, without a reason, by the status. Pix translates
the same keys (``jury.comment.<KEY>.<candidate|organization>``); the wording is
pixcore's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["JURY_COMMENTS", "jury_comments"]

JURY_COMMENTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "validated": (
        "Votre certification est validée : votre score apparaît dans votre compte Pix.",
        "Certification validée.",
    ),
    "rejected": (
        "Votre certification n'a pas pu être validée : aucun pix n'a été obtenu.",
        "Certification rejetée : score nul.",
    ),
    "cancelled": (
        "Votre certification a été annulée par le jury.",
        "Certification annulée par le jury Pix.",
    ),
    "error": (
        "Votre certification est en cours de vérification par Pix.",
        "Certification en erreur : Pix la vérifie avant publication.",
    ),
    "FRAUD": (
        "Votre certification a été rejetée par le jury à la suite d'une suspicion de fraude.",
        "Certification rejetée par le jury pour suspicion de fraude (PV d'incident).",
    ),
    "END_SCREEN_NOT_SEEN": (
        "Votre certification a été rejetée : le surveillant n'a pas pu constater la fin "
        "de votre test.",
        "Certification rejetée : le surveillant n'a pas vu l'écran de fin de test.",
    ),
    "CANCELLED_DUE_TO_NEUTRALIZATION": (
        "Trop de questions ont été neutralisées pour donner un résultat fiable : votre "
        "certification est annulée. Vous pourrez la repasser.",
        "Certification annulée : trop de questions neutralisées pour un résultat fiable.",
    ),
    "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON": (
        "Un problème technique vous a empêché de répondre à assez de questions : votre "
        "certification est annulée. Vous pourrez la repasser.",
        "Certification annulée : un problème technique a interrompu le test trop tôt.",
    ),
    "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS": (
        "Le nombre de réponses correctes est insuffisant pour valider votre certification.",
        "Certification rejetée : moins de la moitié des réponses sont correctes.",
    ),
    "SCORE_INCOHERENT_WITH_REPRODUCIBILITY_RATE": (
        "Votre certification est en cours de vérification par Pix.",
        "Certification en erreur : score nul avec plus de 50 % de réponses correctes.",
    ),
    "CERTIFIED_LEVEL_NOT_COVERED": (
        "Votre certification est en cours de vérification par Pix.",
        "Certification en erreur : une compétence a un nombre de questions imprévu.",
    ),
    "COMPETENCES_MISSING": (
        "Votre certification est en cours de vérification par Pix.",
        "Certification en erreur : la compétence de certaines questions manque.",
    ),
    "PROFILE_MISSING": (
        "Votre certification est en cours de vérification par Pix.",
        "Certification en erreur : le profil de compétences du candidat manque.",
    ),
})  # fmt: skip
"""Reason (or status) → (comment for the candidate, comment for the school)."""


def jury_comments(status: str, reason: str | None) -> tuple[str, str]:
    """The candidate's and the school's comments for a decision; empty before a result."""
    return JURY_COMMENTS.get(reason or status, ("", ""))
