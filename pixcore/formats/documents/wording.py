"""Every text the documents print, in French, keyed; schools may override any of them.

A key is ``<document>.<text>``; a value is plain text (never markup: it is printed as
is). In list texts (``….steps``, ``….lines``) each line is one item. The wording
follows the certification kit's procedure (``procedure.md``: BEF-*, DAY-*, AFT-*).
Overrides come from the ``pixcore_school_details`` hook (``SchoolDetails.wording``);
:func:`wording_for` merges them and applies French spacing (a no-break space before
``:`` and inside « »; a narrow one before ``;`` ``?`` ``!``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from pixcore.errors import InvalidInputError
from pixcore.formats.documents._text import printable
from pixcore.models.school import WORDING_MAX_CHARS

__all__ = ["DEFAULT_WORDING", "wording_for"]

_COMMON = {
    "common.session": "Session n°",
    "common.date": "Date",
    "common.site": "Site",
    "common.room": "Salle",
    "common.invigilator": "Surveillant(s)",
    "common.page": "page",
}

_PV = {
    "pv.title": "Procès-verbal de session de certification Pix",
    "pv.subtitle": "PV de session et liste d'émargement des candidats",
    "pv.short": "PV de session n°",
    "pv.time": "Heure de début prévue",
    "pv.enrolled": "Candidats inscrits",
    "pv.box_title": "Cadre réservé au surveillant",
    "pv.start_noted": "Heure de début du test notée :",
    "pv.present": "Nombre de candidats présents :",
    "pv.comment": (
        "Commentaire global sur le déroulement de la session (uniquement en cas de problème "
        "à signaler) :"
    ),
    "pv.signature": "Nom et signature du (des) surveillant(s) :",
    "pv.help": (
        "Chaque candidat signe à son arrivée, après vérification de son identité. Dans la "
        "colonne « Signalements », notez toute information susceptible d'influer sur le "
        "résultat (abandon, fraude, problème technique avec le numéro de l'épreuve, erreur "
        "dans les informations du candidat), avec le numéro de certification du candidat (en "
        "haut à droite de son écran). Cochez « Écran de fin de test vu » après avoir vu sa "
        "page de fin de test."
    ),
    "pv.col_line": "N°",
    "pv.col_last_name": "Nom de naissance",
    "pv.col_first_name": "Prénom",
    "pv.col_birth_date": "Date de naissance",
    "pv.col_extra_time": "Temps majoré",
    "pv.col_signature": "Signature",
    "pv.col_certification": "N° de certification",
    "pv.col_end_screen": "Écran de fin de test vu",
    "pv.col_reports": "Signalements",
    "pv.qr": "Contrôle du PV scanné",
    "pv.fingerprint": "Empreinte de la liste",
    "pv.continued": "suite",
    "pv.upload": (
        "À scanner et déposer lors de la finalisation de la session, avec le ou les PV "
        "d'incident éventuels."
    ),
}

_NOTICE = {
    "notice.title": "Rejoindre la session de certification Pix",
    "notice.pix_subtitle": "Connexion avec votre compte Pix",
    "notice.gar_subtitle": "Connexion par votre ENT (GAR)",
    "notice.session": "Numéro de session",
    "notice.join_title": "Pour rejoindre la session",
    "notice.pix_steps": (
        "Connectez-vous à votre compte Pix avec votre identifiant ou votre adresse e-mail et "
        "votre mot de passe.\n"
        "Allez dans l'onglet « Certification ».\n"
        "Saisissez le numéro de session, puis votre prénom, votre nom et votre date de "
        "naissance exactement comme ils sont écrits sur le PV de session.\n"
        "Attendez que le surveillant donne le code d'accès, puis saisissez-le."
    ),
    "notice.gar_steps": (
        "Connectez-vous à votre ENT avec votre identifiant et votre mot de passe, puis "
        "ouvrez Pix depuis votre ENT.\n"
        "Allez dans l'onglet « Certification ».\n"
        "Saisissez le numéro de session, puis votre prénom, votre nom et votre date de "
        "naissance exactement comme ils sont écrits sur le PV de session.\n"
        "Attendez que le surveillant donne le code d'accès, puis saisissez-le."
    ),
    "notice.access_code": (
        "Le code d'accès (4 lettres majuscules et 2 chiffres) est donné par le surveillant "
        "au lancement du test, quand tous les candidats sont prêts : il n'est écrit sur "
        "aucun document."
    ),
    "notice.trouble": (
        "Vous ne parvenez pas à rejoindre la session : prévenez le surveillant. Si une "
        "information vous concernant est erronée sur le PV de session, saisissez-la telle "
        "qu'elle y figure : la correction sera signalée ensuite."
    ),
    "notice.during_title": "Pendant le test",
    "notice.during": (
        "Une question ne s'affiche pas correctement : rechargez d'abord la page avec le "
        "bouton « Actualiser » du navigateur.\n"
        "Un problème technique persiste sur une question : prévenez le surveillant en lui "
        "donnant le numéro de la question. Seuls les signalements relevés par le "
        "surveillant sont pris en compte par le jury Pix."
    ),
    "notice.pix_resume": (
        "Déconnexion, navigateur fermé : reconnectez-vous à votre compte Pix, allez dans "
        "l'onglet « Certification » et saisissez à nouveau le numéro de session, votre "
        "prénom, votre nom, votre date de naissance puis le code d'accès. Le test reprend "
        "là où il s'était arrêté."
    ),
    "notice.gar_resume": (
        "Déconnexion, navigateur fermé : reconnectez-vous à votre ENT, ouvrez Pix, allez "
        "dans l'onglet « Certification » et saisissez à nouveau le numéro de session, votre "
        "prénom, votre nom, votre date de naissance puis le code d'accès. Le test reprend "
        "là où il s'était arrêté."
    ),
    "notice.end_title": "À la fin du test",
    "notice.end": (
        "Restez sur la page de fin de test et levez la main : le surveillant doit voir cette "
        "page avant que vous vous déconnectiez.\n"
        "Temps écoulé : cliquez sur « Je passe » pour chacune des questions restantes, "
        "jusqu'à la page de fin de test.\n"
        "Vous avez quitté le navigateur avant que le surveillant ait vu la page de fin : "
        "reprenez le test comme après une déconnexion pour revenir à cette page."
    ),
}

_INSTRUCTIONS = {
    "instructions.title": "Consignes à lire aux candidats",
    "instructions.when": (
        "À lire quand tous les candidats sont installés et prêts, avant de donner le code d'accès."
    ),
    "instructions.read_title": "À lire à voix haute",
    "instructions.lines": (
        "Vous allez passer la certification Pix. Le test dure 1 h 45 ; les candidats qui "
        "bénéficient d'un temps majoré disposent du temps supplémentaire prévu.\n"
        "Le test est individuel. Toute fraude est signalée sur le PV de session et peut "
        "entraîner le rejet de la certification.\n"
        "Si une question ne s'affiche pas correctement, rechargez d'abord la page avec le "
        "bouton « Actualiser » du navigateur. Si le problème persiste, levez la main et "
        "donnez-moi le numéro de la question : seuls les problèmes que je relève sont pris "
        "en compte par le jury Pix.\n"
        "Si vous êtes déconnecté ou si le navigateur se ferme, reconnectez-vous et "
        "rejoignez à nouveau la session : le test reprend là où il s'était arrêté.\n"
        "À la fin du test, restez sur la page de fin de test et levez la main : je dois voir "
        "cette page. Vous vous déconnecterez ensuite.\n"
        "Quand le temps est écoulé, cliquez sur « Je passe » pour chaque question restante, "
        "jusqu'à la page de fin de test.\n"
        "Je vais maintenant vous donner le code d'accès à la session."
    ),
    "instructions.invigilator_title": "Pour le surveillant (ne pas lire)",
    "instructions.invigilator": (
        "Donnez le code d'accès seulement maintenant, oralement ou au tableau : il ne figure "
        "sur aucun document imprimé.\n"
        "Notez l'heure de début du test sur le PV de session.\n"
        "Arrêtez le test 1 h 45 après son début ; ajoutez le temps majoré des candidats "
        "concernés (colonne « Temps majoré » du PV).\n"
        "Pour chaque signalement, relevez le numéro de certification du candidat (en haut à "
        "droite de son écran) et inscrivez-le sur le PV.\n"
        "Cochez « Écran de fin de test vu » sur le PV pour chaque candidat dont vous avez vu "
        "la page de fin de test.\n"
        "En cas de fraude, rédigez un PV d'incident, à joindre au PV de session.\n"
        "Si les ordinateurs partagent un espace de stockage commun, effacez les fichiers qui "
        "y sont stockés après la session."
    ),
    "instructions.extra_time": "Candidats bénéficiant d'un temps majoré :",
}

_INCIDENT = {
    "incident.title": "Procès-verbal d'incident",
    "incident.subtitle": "Certification Pix – à joindre au PV de session",
    "incident.candidate": "Nom et prénom du candidat :",
    "incident.certification": "N° de certification (en haut à droite de l'écran du candidat) :",
    "incident.time": "Heure de l'incident :",
    "incident.facts": "Description précise des faits :",
    "incident.measures": "Mesures prises :",
    "incident.invigilator_signature": "Nom et signature du surveillant",
    "incident.candidate_signature": "Signature du candidat",
    "incident.note": (
        "Ce procès-verbal est déposé avec le PV de session scanné lors de la finalisation de "
        "la session ; le signalement de fraude correspondant est noté dans la colonne "
        "« Signalements » du PV de session."
    ),
}

_CONVOCATION = {
    "convocation.title": "Convocation à la certification Pix",
    "convocation.intro": "Vous êtes convoqué à la session de certification Pix suivante.",
    "convocation.candidate": "Candidat",
    "convocation.birth_date": "Né(e) le",
    "convocation.division": "Classe",
    "convocation.when": "Date et heure",
    "convocation.where": "Lieu",
    "convocation.duration": "Durée du test",
    "convocation.extra_time": "Temps majoré accordé",
    "convocation.bring_title": "À apporter",
    "convocation.bring": (
        "une pièce d'identité ;\n"
        "l'identifiant ou l'adresse e-mail et le mot de passe de votre compte Pix, ou ceux "
        "de votre ENT si vous accédez à Pix par le GAR."
    ),
    "convocation.note": (
        "Votre nom, votre prénom et votre date de naissance sont ceux du PV de session : "
        "vous les saisirez exactement ainsi pour rejoindre la session."
    ),
    "convocation.signature": "Le référent Pix de l'établissement",
}

_ATTESTATION = {
    "attestation.title": "Attestation de résultats",
    "attestation.subtitle": "Certification Pix",
    "attestation.intro": (
        "L'établissement atteste que le candidat ci-dessous a passé la certification Pix, "
        "avec le résultat suivant publié par Pix."
    ),
    "attestation.candidate": "Candidat",
    "attestation.birth_date": "Né(e) le",
    "attestation.session": "Session n°",
    "attestation.test_date": "Passée le",
    "attestation.certification": "N° de certification",
    "attestation.status": "Résultat",
    "attestation.score": "Score",
    "attestation.levels_title": "Niveau certifié par compétence",
    "attestation.competence": "Compétence",
    "attestation.level": "Niveau",
    "attestation.no_score": "La certification n'est pas validée : aucun score n'est attribué.",
    "attestation.published": "Résultats publiés le",
    "attestation.note": (
        "Attestation établie par l'établissement à partir des résultats publiés ; le "
        "certificat officiel est disponible dans le compte Pix du candidat."
    ),
}

_SUMMARY = {
    "summary.title": "Résultats de la certification Pix par classe",
    "summary.division": "Classe",
    "summary.none": "Sans classe",
    "summary.col_certification": "N° de certification",
    "summary.col_last_name": "Nom",
    "summary.col_first_name": "Prénom",
    "summary.col_birth_date": "Né(e) le",
    "summary.col_status": "Résultat",
    "summary.col_pix": "Pix",
    "summary.published": "résultats publiés le",
    "summary.totals": "Bilan de la classe :",
    "summary.levels": "Niveaux certifiés par compétence (1.1 à 5.2) ; « – » : non évaluée.",
}

DEFAULT_WORDING: Mapping[str, str] = MappingProxyType(
    {
        **_COMMON,
        **_PV,
        **_NOTICE,
        **_INSTRUCTIONS,
        **_INCIDENT,
        **_CONVOCATION,
        **_ATTESTATION,
        **_SUMMARY,
    }
)
"""Every key and its default French text."""

_SPACING = (
    (re.compile(r"« *"), "«\u00a0"),
    (re.compile(r" *»"), "\u00a0»"),
    (re.compile(r" +:"), "\u00a0:"),
    (re.compile(r" +([;?!])"), "\u202f\\1"),
)


def _french_spacing(text: str) -> str:
    for pattern, replacement in _SPACING:
        text = pattern.sub(replacement, text)
    return text


def _checked(key: str, text: str) -> str:
    lines = [printable(line, key, limit=WORDING_MAX_CHARS) for line in text.split("\n")]
    return _french_spacing("\n".join(lines))


def wording_for(prefix: str, overrides: Mapping[str, str]) -> dict[str, str]:
    """The texts of one document (keys ``prefix.*`` and ``common.*``), school's own first.

    Every override key must exist (``DOCUMENT_WORDING_UNKNOWN`` otherwise, for any
    document); each text prints (``DOCUMENT_TEXT_NOT_PRINTABLE`` otherwise).
    """
    for key in overrides:
        if key not in DEFAULT_WORDING:
            raise InvalidInputError("DOCUMENT_WORDING_UNKNOWN", meta={"name": key[:80]})
    starts = (prefix + ".", "common.")
    return {
        key: _checked(key, overrides.get(key, default))
        for key, default in DEFAULT_WORDING.items()
        if key.startswith(starts)
    }
