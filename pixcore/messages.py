"""The catalogue of end-user messages, French first, English beside.

Every error code pixcore or its adapters raise has an entry here. Messages are
templates filled only with an error's safe ``meta`` (a line number, a field, a count),
never with personal data, XML or exception text. A test checks that every code used in
the code base has an entry and that every template's placeholders are known.

Codes in upper case are Pix's exact codes where Pix has one (``rules.md`` §3.2, §3.5,
§8, §9); the others are pixcore's, named in the same style.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = ["CATALOGUE", "Lang", "render"]

Lang = Literal["fr", "en"]

_ENTRIES: dict[str, tuple[str, str]] = {
    # --- generic ---------------------------------------------------------------
    "PIXCORE_ERROR": ("Une erreur est survenue.", "An error occurred."),
    "INVALID_INPUT": ("Les données saisies ne sont pas valides.", "The data is not valid."),
    "NOT_FOUND": ("Élément introuvable.", "Not found."),
    "CONFLICT": ("Cette opération est en conflit avec des données existantes.", "Conflict."),
    "CONCURRENT_MODIFICATION": (
        "La session a été modifiée entre-temps : rechargez puis recommencez.",
        "The session changed meanwhile: reload and try again.",
    ),
    "REFUSED": ("Cette opération n'est pas autorisée.", "This operation is not allowed."),
    "INVALID_JSON": (
        "Le fichier n'est pas un JSON valide (ligne {line}, colonne {column}).",
        "The file is not valid JSON (line {line}, column {column}).",
    ),
    "INVALID_DOCUMENT": (
        "Le document est illisible ou ne respecte pas le modèle attendu.",
        "The document is unreadable or does not follow the expected template.",
    ),
    "DOCUMENT_NOT_AN_OBJECT": (
        "Le document doit être un objet JSON décrivant une session (docs/evaluate.md).",
        "The document must be a JSON object describing a session (docs/evaluate.md).",
    ),
    "DUPLICATE_CERTIFICATION_NUMBER": (
        "Ce numéro de certification est déjà attribué à un autre candidat du fichier.",
        "This certification number is already given to another candidate of the file.",
    ),
    "FILE_NOT_FOUND": ("Le fichier est introuvable.", "The file cannot be found."),
    "FIELD_REQUIRED": ("Le champ « {field} » est obligatoire.", "Field '{field}' is required."),
    "FIELD_NOT_ALLOWED": (
        "Le champ « {field} » n'est pas attendu.",
        "Field '{field}' is not allowed.",
    ),
    "FIELD_INVALID": (
        "La valeur du champ « {field} » n'est pas valide.",
        "The value of field '{field}' is not valid.",
    ),
    "RULES_ENGINE_FAILURE": (
        "Le moteur de règles n'a pas pu rendre de décision.",
        "The rules engine could not reach a decision.",
    ),
    # --- plugins ---------------------------------------------------------------
    "PLUGIN_ERROR": ("Une extension a échoué.", "A plugin failed."),
    "PLUGIN_LOAD_FAILED": (
        "L'extension « {plugin} » n'a pas pu être chargée.",
        "Plugin '{plugin}' could not be loaded.",
    ),
    "PLUGIN_INVALID": (
        "L'extension « {plugin} » n'est pas compatible avec cette version.",
        "Plugin '{plugin}' does not fit this version.",
    ),
    "PLUGIN_CONFLICT": (
        "Deux extensions revendiquent le même nom « {name} ».",
        "Two plugins claim the same name '{name}'.",
    ),
    "HOOK_RESULT_INVALID": (
        "L'extension a renvoyé une réponse inattendue pour « {hook} ».",
        "A plugin returned an unexpected value for '{hook}'.",
    ),
    # --- stores (issue 8 §2) -------------------------------------------------------
    "STORE_ERROR": (
        "Le stockage des sessions est inutilisable.",
        "The session store cannot be used.",
    ),
    "STORE_NOT_CONFIGURED": (
        "Aucun stockage des sessions n'est configuré : installez pixcore-sqlite et "
        "indiquez le fichier de la base (variable PIXCORE_SQLITE_PATH ou SqlitePlugin), ou "
        "enregistrez l'extension de stockage de votre plateforme. Sans stockage, les "
        "sessions seraient perdues au redémarrage.",
        "No session store is configured: install pixcore-sqlite and name the database file "
        "(PIXCORE_SQLITE_PATH or SqlitePlugin), or register your platform's store plugin. "
        "Without a store, sessions would be lost at restart.",
    ),
    "ATTACHMENT_STORE_NOT_CONFIGURED": (
        "Aucun stockage des fichiers joints (PV de session, PV d'incident) n'est configuré : "
        "enregistrez FolderAttachments (un dossier) ou l'extension de votre plateforme.",
        "No attachment store (session report scans, incident reports) is configured: "
        "register FolderAttachments (a folder) or your platform's plugin.",
    ),
    "ATTACHMENT_NOT_WRITABLE": (
        "Le fichier joint n'a pas pu être enregistré (dossier absent, protégé ou plein ?).",
        "The attached file could not be saved (missing, protected or full folder?).",
    ),
    "STORE_CORRUPT": (
        "La base des sessions est endommagée : rien n'a été lu. Restaurez une sauvegarde.",
        "The session database is damaged: nothing was read. Restore a backup.",
    ),
    "STORE_VERSIONS_NOT_CONTIGUOUS": (
        "La base des sessions est endommagée : il manque des événements dans l'historique "
        "d'une session. Rien n'a été lu ; restaurez une sauvegarde.",
        "The session database is damaged: events are missing from a session's history. "
        "Nothing was read; restore a backup.",
    ),
    "STORE_EVENT_UNREADABLE": (
        "La base des sessions contient un événement illisible (base endommagée ou écrite par "
        "une version plus récente de pixcore). Rien n'a été lu.",
        "The session database holds an unreadable event (damaged, or written by a newer "
        "pixcore). Nothing was read.",
    ),
    # --- eligibility, timing (D1, D2) ---------------------------------------------
    "COMPETENCE_UNKNOWN": (
        "La compétence « {competence} » n'existe pas.",
        "Competence '{competence}' does not exist.",
    ),
    "COMPETENCE_PIX_NOT_VALID": (
        "Le nombre de pix d'une compétence doit être un entier positif ou nul.",
        "A competence's pix must be a non-negative integer.",
    ),
    "ELIGIBLE": (
        "Éligible : {count} compétences au niveau 1 ou plus (5 requises).",
        "Eligible: {count} competences at level 1 or more (5 required).",
    ),
    "NOT_ENOUGH_COMPETENCES": (
        "Non éligible : {count} compétence(s) au niveau 1 ou plus, "
        "il en manque {missing} pour atteindre les 5 requises.",
        "Not eligible: {count} competence(s) at level 1 or more, {missing} missing of 5.",
    ),
    "CANDIDATE_EXTRA_TIME_INTEGER": (
        "Le temps majoré doit être un nombre.",
        "The extra time must be a number.",
    ),
    "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE": (
        "Le temps majoré doit être compris entre 0 et 999 %.",
        "The extra time must be between 0 and 999%.",
    ),
    "DATETIME_NOT_AWARE": (
        "Une date et heure doit préciser son fuseau horaire.",
        "A date and time must carry its time zone.",
    ),
    "CERTIFICATION_TIME_OVER": (
        "Le temps imparti est écoulé : seul « Je passe » est encore possible.",
        "Time is over: only skipping the question is still possible.",
    ),
    # --- session (rules.md §2.2), access code (D7) -------------------------------
    "SESSION_ADDRESS_REQUIRED": ("Le nom du site est obligatoire.", "The site is required."),
    "SESSION_ROOM_REQUIRED": ("Le nom de la salle est obligatoire.", "The room is required."),
    "SESSION_DATE_REQUIRED": ("La date est obligatoire.", "The date is required."),
    "SESSION_TIME_REQUIRED": ("L'heure est obligatoire.", "The time is required."),
    "SESSION_EXAMINER_REQUIRED": (
        "Le nom du surveillant est obligatoire.",
        "The invigilator is required.",
    ),
    "SESSION_DATE_NOT_VALID": (
        "La date de la session n'est pas valide (format attendu : jj/mm/aaaa, une date "
        "qui existe).",
        "The session date is not valid (expected dd/mm/yyyy, a date that exists).",
    ),
    "SESSION_TIME_NOT_VALID": (
        "L'heure de la session n'est pas valide (format attendu : HH:MM).",
        "The session time is not valid (expected HH:MM).",
    ),
    "SESSION_ACCESS_CODE_NOT_VALID": (
        "Le code d'accès doit comporter 4 lettres majuscules puis 2 chiffres.",
        "The access code must be 4 capital letters then 2 digits.",
    ),
    "SESSION_NOT_FOUND": (
        "Le numéro de session et/ou le code d'accès saisis sont incorrects.",
        "The session number and/or the access code are incorrect.",
    ),
    # --- candidate civil data (rules.md §3.2, §3.5, D9) --------------------------
    "CANDIDATE_FIRST_NAME_REQUIRED": ("Le prénom est obligatoire.", "First name is required."),
    "CANDIDATE_FIRST_NAME_MUST_BE_A_STRING": (
        "Le prénom doit être du texte.",
        "First name must be text.",
    ),
    "CANDIDATE_LAST_NAME_REQUIRED": (
        "Le nom de naissance est obligatoire.",
        "Birth name is required.",
    ),
    "CANDIDATE_LAST_NAME_MUST_BE_A_STRING": (
        "Le nom de naissance doit être du texte.",
        "Birth name must be text.",
    ),
    "CANDIDATE_FIRST_NAME_CHARACTER_NOT_VALID": (
        "Le prénom contient un caractère invisible (tabulation, espace insécable, caractère "
        "de contrôle ou de largeur nulle) : retapez-le tel que l'élève le tapera.",
        "First name contains an invisible character (tab, no-break space, control or "
        "zero-width character): type it again as the pupil will.",
    ),
    "CANDIDATE_LAST_NAME_CHARACTER_NOT_VALID": (
        "Le nom de naissance contient un caractère invisible (tabulation, espace insécable, "
        "caractère de contrôle ou de largeur nulle) : retapez-le tel que l'élève le tapera.",
        "Birth name contains an invisible character (tab, no-break space, control or "
        "zero-width character): type it again as the pupil will.",
    ),
    "CANDIDATE_SEX_REQUIRED": ("Le sexe est obligatoire (M ou F).", "Sex is required (M or F)."),
    "CANDIDATE_SEX_NOT_VALID": (
        "Le sexe doit être « M » ou « F ».",
        "Sex must be 'M' or 'F'.",
    ),
    "CANDIDATE_BIRTHDATE_REQUIRED": (
        "La date de naissance est obligatoire.",
        "Birth date is required.",
    ),
    "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID": (
        "La date de naissance n'est pas valide (format attendu : {expected}).",
        "Birth date is not valid (expected format: {expected}).",
    ),
    "CANDIDATE_BIRTHDATE_MUST_BE_GREATER": (
        "La date de naissance doit être postérieure au 01/01/1900.",
        "Birth date must be after 1900-01-01.",
    ),
    "CANDIDATE_EMAIL_NOT_VALID": (
        "L'adresse e-mail de convocation n'est pas valide.",
        "The convocation e-mail address is not valid.",
    ),
    "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID": (
        "L'adresse e-mail du destinataire des résultats n'est pas valide.",
        "The result recipient's e-mail address is not valid.",
    ),
    "CANDIDATE_EXTERNAL_ID_MUST_BE_A_STRING": (
        "L'identifiant local doit être du texte.",
        "The local identifier must be text.",
    ),
    "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY": (
        "La tarification doit rester vide pour un établissement scolaire.",
        "Billing mode must be empty for a school.",
    ),
    "CANDIDATE_BIRTH_INFORMATION_REQUIRED": (
        "Les informations de naissance sont obligatoires.",
        "Birth information is required.",
    ),
    "CANDIDATE_BIRTH_COUNTRY_REQUIRED": (
        "Le pays de naissance est obligatoire.",
        "Birth country is required.",
    ),
    "CANDIDATE_BIRTH_COUNTRY_NOT_FOUND": (
        "Le pays de naissance est introuvable.",
        "Birth country not found.",
    ),
    "CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED": (
        "La commune de naissance est obligatoire pour une naissance à l'étranger.",
        "Birth city is required for a birth abroad.",
    ),
    "CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY": (
        "Le code postal doit rester vide pour une naissance à l'étranger.",
        "Postal code must be empty for a birth abroad.",
    ),
    "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID": (
        "Le code INSEE doit être « 99 » pour une naissance à l'étranger.",
        "INSEE code must be '99' for a birth abroad.",
    ),
    "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED": (
        "Pour une naissance en France, saisissez soit le code INSEE, "
        "soit le code postal et la commune.",
        "For a birth in France, give either the INSEE code, or the postal code and the city.",
    ),
    "CANDIDATE_BIRTH_POSTAL_CODE_REQUIRED": (
        "Le code postal de naissance est obligatoire avec la commune.",
        "Birth postal code is required with the city.",
    ),
    "CANDIDATE_BIRTH_CITY_REQUIRED": (
        "La commune de naissance est obligatoire avec le code postal.",
        "Birth city is required with the postal code.",
    ),
    "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID": (
        "Le code INSEE de la commune de naissance n'est pas valide.",
        "The birth INSEE code is not valid.",
    ),
    "CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND": (
        "Le code postal de naissance est introuvable.",
        "Birth postal code not found.",
    ),
    "CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID": (
        "La commune de naissance ne correspond pas au code postal.",
        "The birth city does not match the postal code.",
    ),
    "CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID": (
        "Le code du département de naissance ne correspond pas au lieu de naissance.",
        "The birth department code does not match the birth place.",
    ),
    "CANDIDATE_DATA_INVALID": (
        "Les informations du candidat comportent {count} erreur(s).",
        "The candidate's data has {count} error(s).",
    ),
    "DUPLICATE_CANDIDATE": (
        "Ce candidat est déjà inscrit (même nom, prénom et date de naissance).",
        "This candidate is already enrolled (same names and birth date).",
    ),
    # --- joining (D8) ---------------------------------------------------------------
    "CANDIDATE_NOT_FOUND": (
        "Aucun candidat de certification ne correspond aux informations d'identité fournies.",
        "No certification candidate matches the identity given.",
    ),
    "CANDIDATE_TOO_MANY_MATCHES": (
        "Plusieurs candidats correspondent à ces informations : adressez-vous au surveillant.",
        "Several candidates match this identity: ask the invigilator.",
    ),
    # --- issue reports (D4, rules.md §8) ------------------------------------------
    "INVALID_CERTIFICATION_ISSUE_REPORT": (
        "Le signalement n'est pas valide.",
        "The issue report is not valid.",
    ),
    "ISSUE_REPORT_CATEGORY_UNKNOWN": (
        "La catégorie de signalement est inconnue.",
        "Unknown issue report category.",
    ),
    "ISSUE_REPORT_SUBCATEGORY_NOT_VALID": (
        "La sous-catégorie ne correspond pas à la catégorie du signalement.",
        "The subcategory does not fit the category.",
    ),
    "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED": (
        "Le numéro de la question est obligatoire pour un problème sur une question.",
        "The question number is required for a problem on a question.",
    ),
    "ISSUE_REPORT_QUESTION_NUMBER_OUT_OF_RANGE": (
        "Le numéro de la question doit être compris entre 1 et 500.",
        "The question number must be between 1 and 500.",
    ),
    "ISSUE_REPORT_DESCRIPTION_REQUIRED": (
        "Une description détaillée est obligatoire pour ce signalement.",
        "A detailed description is required for this report.",
    ),
    "ISSUE_REPORT_DESCRIPTION_TOO_LONG": (
        "La description ne doit pas dépasser 500 caractères.",
        "The description must not exceed 500 characters.",
    ),
    "ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED": (
        "Le numéro de certification du candidat est obligatoire sur le signalement.",
        "The candidate's certification number is required on the report.",
    ),
    "ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION": (
        "Le numéro de certification ne correspond à aucun candidat de cette session.",
        "The certification number belongs to no candidate of this session.",
    ),
    "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR": (
        "Seuls les signalements relevés par le surveillant sont pris en compte.",
        "Only reports noted by the invigilator are taken into account.",
    ),
    "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY": (
        "Cette catégorie de signalement n'est plus utilisée.",
        "This issue report category is no longer used.",
    ),
    "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY": (
        "Cette sous-catégorie de signalement n'est plus utilisée.",
        "This issue report subcategory is no longer used.",
    ),
    "FRAUD_REPORT_WITHOUT_INCIDENT_REPORT": (
        "Un signalement de fraude doit être accompagné du PV d'incident.",
        "A fraud report needs the incident report (PV d'incident) attached.",
    ),
    # --- session lifecycle (D5, D6, rules.md §2–§11) --------------------------------
    "SESSION_UNKNOWN": ("Cette session n'existe pas.", "This session does not exist."),
    "SESSION_STARTED_DELETION_ERROR": (
        "Des candidats ont commencé la certification : la session ne peut plus être supprimée.",
        "Candidates started the certification: the session can no longer be deleted.",
    ),
    "SESSION_ALREADY_CREATED": ("Cette session existe déjà.", "This session already exists."),
    "SESSION_ALREADY_FINALIZED": (
        "La session a déjà été finalisée : elle ne peut plus être modifiée.",
        "The session is already finalised: it can no longer be changed.",
    ),
    "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION": (
        "Cette session a déjà été finalisée, l'ajout de candidat n'est pas autorisé.",
        "This session is finalised: no candidate can be added.",
    ),
    "CANDIDATE_UNKNOWN": ("Ce candidat n'est pas inscrit à la session.", "Unknown candidate."),
    "CANDIDATE_FORBIDDEN_DELETION": (
        "Ce candidat a déjà rejoint la session : il ne peut plus être supprimé.",
        "This candidate already joined: they can no longer be removed.",
    ),
    "SESSION_STARTED_CANDIDATE_ALREADY_LINKED_TO_USER": (
        "Un candidat a déjà rejoint la session : la liste ne peut plus être remplacée.",
        "A candidate already joined: the list can no longer be replaced.",
    ),
    "UNEXPECTED_USER_ACCOUNT": (
        "Ce candidat a déjà rejoint la session avec un autre compte.",
        "This candidate already joined with another account.",
    ),
    "USER_ALREADY_LINKED_TO_CANDIDATE_IN_SESSION": (
        "Ce compte est déjà lié à un autre candidat de cette session.",
        "This account is already linked to another candidate of the session.",
    ),
    "SESSION_NOT_JOINABLE": (
        "La session a été finalisée : elle ne peut plus être rejointe.",
        "The session is finalised: it can no longer be joined.",
    ),
    "USER_NOT_AUTHORIZED_TO_CERTIFY": (
        "Vous n'êtes pas autorisé à passer un test de certification : "
        "5 compétences au niveau 1 sont nécessaires.",
        "You may not take a certification test: 5 competences at level 1 are required.",
    ),
    "CERTIFICATION_UNKNOWN": (
        "Aucune certification de la session ne porte ce numéro.",
        "No certification of the session has this number.",
    ),
    "CERTIFICATION_ENDED": (
        "Ce test de certification est terminé.",
        "This certification test has ended.",
    ),
    "CERTIFICATION_ENDED_BY_FINALIZATION": (
        "La session a été finalisée par votre centre.",
        "The session was finalised by your centre.",
    ),
    "SESSION_WITHOUT_STARTED_CERTIFICATION": (
        "Aucun candidat n'a commencé la certification : la session ne peut pas être "
        "finalisée (vous pouvez la supprimer).",
        "No candidate started: the session cannot be finalised (it can be deleted).",
    ),
    "FINALISATION_UNKNOWN_CERTIFICATION": (
        "La finalisation cite un numéro de certification inconnu dans cette session.",
        "The finalisation names a certification number unknown in this session.",
    ),
    "UNTERMINATED_CERTIFICATION_WITHOUT_ABORT_REASON": (
        "Indiquez la raison de l'abandon de chaque candidat qui n'a pas terminé son test.",
        "Give the abort reason of every candidate who did not finish.",
    ),
    "SESSION_WITH_ABORT_REASON_ON_COMPLETED_CERTIFICATION_COURSE": (
        "Un candidat a terminé son test entre-temps : rechargez la page de finalisation.",
        "A candidate finished meanwhile: reload the finalisation page.",
    ),
    "FINALISATION_COMMENT_TOO_LONG": (
        "Le commentaire global ne doit pas dépasser 500 caractères.",
        "The global comment must not exceed 500 characters.",
    ),
    "FINALISATION_FLAGS_REQUIRED": (
        "Indiquez si un incident s'est produit et si des candidats n'ont pas pu rejoindre "
        "la session.",
        "Say whether an incident occurred and whether candidates could not join.",
    ),
    "FINALISATION_PV_SCAN_REQUIRED": (
        "Déposez le PV de session scanné avant de finaliser.",
        "Upload the scanned session report before finalising.",
    ),
    "ATTACHMENT_UNKNOWN": (
        "Un fichier joint n'a pas été trouvé : déposez-le à nouveau.",
        "An attached file was not found: upload it again.",
    ),
    "REPORT_UNKNOWN": ("Ce signalement n'existe pas.", "Unknown issue report."),
    "JURY_ACTION_NOT_APPLICABLE": (
        "Cette décision du jury ne s'applique pas à cette certification.",
        "This jury decision does not apply to this certification.",
    ),
    "SESSION_NOT_FINALIZED": (
        "La session n'est pas finalisée.",
        "The session is not finalised.",
    ),
    "SESSION_ALREADY_PUBLISHED": (
        "Les résultats de la session sont déjà publiés.",
        "The session's results are already published.",
    ),
    "CERTIFICATION_COURSE_NOT_PUBLISHABLE": (
        "Une certification est en erreur ou sans résultat : rien n'a été publié.",
        "A certification is in error or has no result: nothing was published.",
    ),
    "END_SCREEN_REVIEW_PENDING": (
        "Un rejet pour écran de fin de test non vu attend la décision du jury.",
        "An end-screen-not-seen rejection awaits the jury's decision.",
    ),
    "GLOBAL_COMMENT": (
        "La session comporte un commentaire global.",
        "The session has a global comment.",
    ),
    "UNRESOLVED_IMPACTFUL_REPORT": (
        "Un signalement impactant n'est pas résolu.",
        "An impactful issue report is unresolved.",
    ),
    "CERTIFICATION_IN_ERROR": ("Une certification est en erreur.", "A certification is in error."),
    "CERTIFICATION_WITHOUT_RESULT": (
        "Une certification n'a pas de résultat.",
        "A certification has no result.",
    ),
    "JURY_MEMBER_ASSIGNED": (
        "Un membre du jury traite la session.",
        "A jury member is handling the session.",
    ),
    # --- command line and imports --------------------------------------------------
    "STORE_PLUGIN_MISSING": (
        "Le stockage des sessions (extension pixcore-sqlite) n'est pas installé : "
        "installez-le avec « pip install pixcore-sqlite ».",
        "The session store (pixcore-sqlite plugin) is not installed: install it with 'pip "
        "install pixcore-sqlite'.",
    ),
    "RESULTS_NOT_PUBLISHED": (
        "Les résultats de la session ne sont pas encore publiés : ils ne peuvent pas être "
        "exportés.",
        "The session's results are not published yet: they cannot be exported.",
    ),
    "NO_CERTIFICATION_RESULT_FOR_DIVISION": (
        "Aucun résultat de certification pour cette classe dans la session.",
        "No certification result for this class in the session.",
    ),
    "FILE_NOT_WRITABLE": (
        "Le fichier de sortie ne peut pas être écrit (dossier absent ou protégé ?).",
        "The output file cannot be written (missing or protected folder?).",
    ),
    "CANDIDATES_IMPORT_INVALID": (
        "Le fichier comporte {count} erreur(s) : aucun candidat n'a été importé. Corrigez les"
        " lignes indiquées puis recommencez.",
        "The file has {count} error(s): no candidate was imported. Fix the lines listed and "
        "try again.",
    ),
    "IMPORT_FORMAT_NOT_SUPPORTED": (
        "Format de fichier non pris en charge : utilisez le modèle Pix (.ods ou .xlsx) ou un "
        "fichier CSV séparé par des points-virgules (.csv).",
        "Unsupported file format: use the Pix template (.ods or .xlsx) or a "
        "semicolon-separated CSV file (.csv).",
    ),
    # --- edges: untrusted inputs (issue 8 §1, issue 9 §2) ----------------------------
    "CANDIDATE_EXTRA_TIME_TOO_PRECISE": (
        "Le temps majoré comporte trop de décimales (20 au plus) : indiquez un pourcentage, "
        "par exemple 33 %.",
        "The extra time has too many decimals (20 at most): give a percentage, e.g. 33%.",
    ),
    "CANDIDATE_EXTRA_TIME_NOT_DECIMAL": (
        "Le temps majoré doit être un nombre décimal : pour un tiers-temps, indiquez 33 % "
        "(0,33), qui donne la même durée (140 minutes).",
        "The extra time must be a decimal number: for one third, give 33% (0.33), which "
        "gives the same duration (140 minutes).",
    ),
    "DATETIME_OUT_OF_RANGE": (
        "La date et heure « {argument} » est hors des limites acceptées (années 1900 à 9000).",
        "Date and time '{argument}' is out of the accepted range (years 1900 to 9000).",
    ),
    "ARGUMENT_NOT_VALID": (
        "Le paramètre « {argument} » n'a pas le type attendu.",
        "Parameter '{argument}' does not have the expected type.",
    ),
    "EVENT_NOT_VALID": (
        "Un événement enregistré est illisible ({count} erreur(s)) : il ne correspond pas "
        "au format des événements de cette version.",
        "A stored event is unreadable ({count} error(s)): it does not follow the event "
        "format of this version.",
    ),
    "JSON_NUMBER_NOT_VALID": (
        "Le fichier contient un nombre refusé : NaN, Infinity (que JSON n'autorise pas) ou "
        "un nombre de plus de 40 chiffres.",
        "The file holds a refused number: NaN, Infinity (not allowed in JSON) or a number "
        "of more than 40 digits.",
    ),
    "IMPORT_FILE_TOO_LARGE": (
        "Le fichier dépasse la taille acceptée ({max_mb} Mo) : une liste de candidats est "
        "bien plus petite ; vérifiez que c'est le bon fichier.",
        "The file exceeds the accepted size ({max_mb} MB): a candidate list is much "
        "smaller; check that this is the right file.",
    ),
    "IMPORT_FILE_CORRUPT": (
        "Le fichier est endommagé ou n'est pas un tableur {format} valide : ouvrez-le dans "
        "votre tableur puis enregistrez-le de nouveau.",
        "The file is damaged or not a valid {format} spreadsheet: open it in your "
        "spreadsheet application and save it again.",
    ),
    "IMPORT_FILE_UNSAFE": (
        "Le fichier est refusé par sécurité (déclarations XML, encodage autre que UTF-8, "
        "imbrication ou répétitions démesurées) : ouvrez-le dans votre tableur puis "
        "enregistrez-le de nouveau au format .ods ou .xlsx.",
        "The file is refused for safety (XML declarations, an encoding other than UTF-8, "
        "excessive nesting or repetitions): open it in your spreadsheet application and "
        "save it again as .ods or .xlsx.",
    ),
    "IMPORT_TOO_MANY_ROWS": (
        "Le fichier comporte trop de lignes (au plus {max}) : ne gardez que la liste des "
        "candidats de la session.",
        "The file has too many rows ({max} at most): keep only the session's candidates.",
    ),
    "IMPORT_TOO_MANY_COLUMNS": (
        "Le fichier comporte des données au-delà de la colonne {max} : ne gardez que les "
        "colonnes du modèle.",
        "The file has data beyond column {max}: keep only the template's columns.",
    ),
    "IMPORT_CELL_TOO_LONG": (
        "Une cellule de la ligne {line} dépasse {max} caractères : vérifiez son contenu.",
        "A cell of line {line} exceeds {max} characters: check its content.",
    ),
    "CSV_ENCODING_NOT_UTF8": (
        "Le fichier CSV n'est pas encodé en UTF-8 (encodage détecté : {encoding}) : "
        "enregistrez le fichier en UTF-8 (dans Excel : « CSV UTF-8 » ; dans LibreOffice : "
        "jeu de caractères « Unicode (UTF-8) »), puis importez-le de nouveau.",
        "The CSV file is not UTF-8 (detected encoding: {encoding}): save the file as UTF-8 (in "
        "Excel: 'CSV UTF-8'; in LibreOffice: character set 'Unicode (UTF-8)'), then import "
        "it again.",
    ),
    "CSV_SEPARATOR_NOT_VALID": (
        "Le fichier CSV utilise le séparateur « {separator} » : le séparateur attendu est "
        "« ; » (point-virgule). Enregistrez-le de nouveau avec le séparateur « ; ».",
        "The CSV file uses the separator '{separator}': the expected separator is ';' "
        "(semicolon). Save it again with the ';' separator.",
    ),
    # --- printed documents (pixcore.formats.documents, docs/documents.md) -----------
    "SCHOOL_DETAILS_INVALID": (
        "Les informations de l'établissement ne sont pas valides (nom, adresse ou textes "
        "trop longs).",
        "The school's details are not valid (name, address or texts too long).",
    ),
    "SCHOOL_LOGO_INVALID": (
        "Le logo de l'établissement doit être une image PNG, JPEG ou SVG de 1 Mio au plus.",
        "The school's logo must be a PNG, JPEG or SVG image of at most 1 MiB.",
    ),
    "DOCUMENT_WORDING_UNKNOWN": (
        "Le texte « {name} » n'existe dans aucun document : vérifiez la clé (docs/documents.md).",
        "No document has the text '{name}': check the key (docs/documents.md).",
    ),
    "DOCUMENT_TEXT_NOT_PRINTABLE": (
        "Le champ « {field} » contient un caractère qui ne s'imprime pas (tabulation, retour "
        "à la ligne...) : corrigez la donnée avant d'imprimer.",
        "Field '{field}' holds a character that cannot be printed (tab, line break...): "
        "correct the data before printing.",
    ),
    "DOCUMENT_TEXT_TOO_LONG": (
        "Le champ « {field} » est trop long pour être imprimé.",
        "Field '{field}' is too long to be printed.",
    ),
    "DOCUMENT_WOULD_SHOW_ACCESS_CODE": (
        "Le document contiendrait le code d'accès de la session : il n'est pas produit (le "
        "code n'est donné qu'en salle, au lancement du test).",
        "The document would show the session's access code: it is not produced (the code "
        "is given only in the room, when the test starts).",
    ),
    "DOCUMENT_RENDER_FAILED": (
        "Le document n'a pas pu être mis en page.",
        "The document could not be typeset.",
    ),
    "DOCUMENT_RESULTS_NOT_PUBLISHED": (
        "Les résultats de la session ne sont pas encore publiés : les attestations et le "
        "bilan par classe ne peuvent pas être établis.",
        "The session's results are not published yet: attestations and the class summary "
        "cannot be made.",
    ),
    # --- authentication (saml.md §8.1) --------------------------------------------
    "AUTHENTICATION_FAILED": ("La connexion a échoué.", "Login failed."),
    "ADAPTER_ERROR": ("Un service externe a échoué.", "An external service failed."),
    "SERVICE_UNAVAILABLE": (
        "Le service est momentanément indisponible, réessayez dans quelques instants.",
        "The service is temporarily unavailable; try again shortly.",
    ),
    # --- domain fidelity (issue 9): competences supplied after the fact ------------
    "QUESTION_NUMBER_UNKNOWN": (
        "Un numéro de question dépasse le nombre de questions de la certification.",
        "A question number is beyond the certification's number of questions.",
    ),
    "QUESTION_COMPETENCE_NOT_VALID": (
        "Une compétence donnée n'est pas un code de compétence (par exemple « 1.1 »).",
        "A competence given is not a competence code (e.g. '1.1').",
    ),
    # --- readiness and checklists (issue 16; procedure.md BEF-9, BEF-10, DAY-25) ---
    "READINESS_NOT_CONNECTED": (
        "Ordinateur {machine} : il n'est pas connecté à internet.",
        "Computer {machine}: it is not connected to the internet.",
    ),
    "READINESS_BROWSER_UNKNOWN": (
        "Ordinateur {machine} : le navigateur n'a pas été reconnu ; utilisez un navigateur "
        "récent (moins de 2 ans) : Firefox, Chrome, Edge, Safari, Opera…",
        "Computer {machine}: the browser was not recognised; use a recent browser (less "
        "than 2 years old): Firefox, Chrome, Edge, Safari, Opera…",
    ),
    "READINESS_BROWSER_TOO_OLD": (
        "Ordinateur {machine} : le navigateur {browser} {version} (sorti le {released}) aura "
        "2 ans ou plus le jour de la session ; il faut un navigateur de moins de 2 ans.",
        "Computer {machine}: browser {browser} {version} (released {released}) will be 2 "
        "years old or more on the session's date; a browser less than 2 years old is needed.",
    ),
    "READINESS_BROWSER_RELEASE_UNKNOWN": (
        "Ordinateur {machine} : la date de sortie du navigateur {browser} {version} est "
        "inconnue de pixcore (postérieure au {released}) ; impossible de vérifier qu'il aura "
        "moins de 2 ans le jour de la session : mettez pixcore à jour.",
        "Computer {machine}: pixcore does not know when browser {browser} {version} came out "
        "(after {released}); it cannot check that it will be less than 2 years old on the "
        "session's date: update pixcore.",
    ),
    "READINESS_NO_OFFICE_SUITE": (
        "Ordinateur {machine} : aucune suite bureautique (LibreOffice, Microsoft Office…) "
        "n'est installée.",
        "Computer {machine}: no office suite (LibreOffice, Microsoft Office…) is installed.",
    ),
    "READINESS_NO_PDF_READER": (
        "Ordinateur {machine} : aucun lecteur de PDF n'ouvre les fichiers PDF.",
        "Computer {machine}: no PDF reader opens PDF files.",
    ),
    "READINESS_DOWNLOAD_NOT_WRITABLE": (
        "Ordinateur {machine} : les fichiers ne peuvent pas être téléchargés dans un espace "
        "personnel puis rouverts.",
        "Computer {machine}: files cannot be downloaded into a personal space and opened again.",
    ),
    "READINESS_NO_MACHINE": (
        "Aucun ordinateur n'est décrit : il en faut un par candidat inscrit.",
        "No computer is described: one per enrolled candidate is needed.",
    ),
    "READINESS_NOT_ENOUGH_MACHINES": (
        "Il manque {missing} ordinateur(s) prêt(s) : il en faut un par candidat inscrit "
        "({count} prêt(s)).",
        "{missing} ready computer(s) missing: one per enrolled candidate is needed "
        "({count} ready).",
    ),
    "READINESS_TOO_MANY_MACHINES": (
        "Le rapport décrit trop d'ordinateurs (500 au plus).",
        "The report describes too many computers (500 at most).",
    ),
    "READINESS_DATE_MISMATCH": (
        "Le contrôle de la salle a été fait pour une autre date que celle de la session.",
        "The room was checked for another date than the session's.",
    ),
    "CHECKLIST_ITEM_UNKNOWN": (
        "Cette étape ne figure pas dans la liste des étapes de la procédure.",
        "This step is not in the procedure's list of steps.",
    ),
    "CHECKLIST_ITEM_AUTOMATIC": (
        "Cette étape se coche d'elle-même quand l'action correspondante est enregistrée.",
        "This step is ticked by itself when the matching action is recorded.",
    ),
    "CHECKLIST_ITEM_NOT_APPLICABLE": (
        "Cette étape ne concerne pas cette session (les ordinateurs ne partagent pas "
        "d'espace de stockage).",
        "This step does not apply to this session (the computers share no storage).",
    ),
    "CHECKLIST_END_SCREENS_PENDING": (
        "{count} écran(s) de fin de test reste(nt) à constater.",
        "{count} end-of-test screen(s) still to be seen.",
    ),
    "SHARED_STORAGE_CLEANUP_PENDING": (
        "Rappel : les ordinateurs de la salle partagent un espace de stockage ; le "
        "surveillant doit effacer les fichiers qui y sont stockés après la session.",
        "Reminder: the room's computers share a storage space; the invigilator must erase "
        "the files stored there after the session.",
    ),
    # --- pixcore batch (issue 14): one coded error per line --------------------------
    "BATCH_LINE_NOT_JSON": (
        "Ligne {line} : ce n'est pas un JSON valide (colonne {column}).",
        "Line {line}: not valid JSON (column {column}).",
    ),
    "BATCH_LINE_NOT_AN_OBJECT": (
        "Ligne {line} : un objet JSON décrivant un candidat est attendu (docs/cli.md).",
        "Line {line}: a JSON object describing a candidate is expected (docs/cli.md).",
    ),
    "BATCH_LINE_NOT_UTF8": (
        "Ligne {line} : le texte n'est pas en UTF-8 ; enregistrez le fichier en UTF-8.",
        "Line {line}: the text is not UTF-8; save the file as UTF-8.",
    ),
    "BATCH_LINE_TOO_LONG": (
        "Ligne {line} : la ligne dépasse {max} octets ; elle n'est pas lue.",
        "Line {line}: the line exceeds {max} bytes; it is not read.",
    ),
    "BATCH_CSV_COLUMNS": (
        "Ligne {line} : {count} colonnes au lieu des {expected} de l'en-tête (séparateur « ; »).",
        "Line {line}: {count} columns instead of the header's {expected} (separator ';').",
    ),
    "BATCH_TOO_MANY_ANSWERS": (
        "Plus de réponses ({count}) que de questions ({max}).",
        "More answers ({count}) than questions ({max}).",
    ),
    "BATCH_NOT_FINALISED_STATE": (
        "Une session finalisée demande l'état du test du candidat (« state »).",
        "A finalised session needs the state of the candidate's test ('state').",
    ),
    "BATCH_INTERNAL_ERROR": (
        "Ligne {line} : erreur interne pendant l'évaluation (à signaler) ; les autres "
        "lignes sont évaluées.",
        "Line {line}: internal error during the evaluation (please report it); the other "
        "lines are evaluated.",
    ),
    # --- personal data (issue 17) ---------------------------------------------------
    "PERSONAL_DATA_STILL_NEEDED": (
        "Les données de ce candidat servent encore : la session n'est pas finalisée. "
        "Retirez d'abord le candidat de la session, ou attendez la finalisation.",
        "This candidate's data is still needed: the session is not finalised. Remove the "
        "candidate from the session first, or wait for the finalisation.",
    ),
    "PERSONAL_DATA_UNREADABLE": (
        "Des données personnelles enregistrées sont illisibles : contactez l'administrateur.",
        "Stored personal data cannot be read: contact the administrator.",
    ),
    "PERSONAL_DATA_IN_EVENT": (
        "Un événement contenant des données personnelles ne peut pas être enregistré dans "
        "le journal.",
        "An event holding personal data cannot be written to the log.",
    ),
    "PERSONAL_DATA_NOT_MIGRATED": (
        "Cette base contient encore des données personnelles dans son journal : lancez "
        "d'abord « pixcore store seal-personal-data ».",
        "This database still holds personal data in its log: run "
        "'pixcore store seal-personal-data' first.",
    ),
    # `pixcore store migrate` (issue 13) or `seal-personal-data` (issue 17) on a store no
    # installed plugin migrates that way
    "STORE_MIGRATION_UNSUPPORTED": (
        "Aucune extension installée ne sait faire cette migration sur ce stockage : pour "
        "PostgreSQL, installez pixcore-postgres ; une base SQLite met son schéma à jour "
        "seule à l'ouverture.",
        "No installed plugin can run this migration on this store: for PostgreSQL install "
        "pixcore-postgres; a SQLite database updates its schema itself when opened.",
    ),
    "PERSONAL_DATA_ERASED": (
        "Les données personnelles de ce candidat ont été effacées : ce document ne peut "
        "plus être produit.",
        "This candidate's personal data was erased: this document can no longer be made.",
    ),
    "NOTHING_TO_ERASE": (
        "Aucune donnée personnelle ne correspond à cette demande d'effacement.",
        "No personal data matches this erasure request.",
    ),
}

CATALOGUE: Mapping[str, tuple[str, str]] = MappingProxyType(_ENTRIES)
"""Every known code → (French template, English template)."""

_FORMATTER = string.Formatter()


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def render(
    code: str,
    meta: Mapping[str, object],
    *,
    lang: Lang = "fr",
    extra: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """Render the message of ``code`` in ``lang`` with the safe ``meta`` values.

    ``extra`` is an adapter's own catalogue, looked up before the core one. An unknown
    code falls back to the generic message; a placeholder missing from ``meta`` renders
    as an empty value rather than failing, so that showing an error never raises.
    """
    entry = (extra or {}).get(code) or CATALOGUE.get(code) or CATALOGUE["PIXCORE_ERROR"]
    french, english = entry
    template = french if lang == "fr" else english
    values = {name: meta.get(name, "") for name in _placeholders(template)}
    return template.format_map(values)
