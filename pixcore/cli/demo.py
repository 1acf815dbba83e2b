"""``pixcore demo``: a whole certification session, end to end, on the embedded SQLite store.

:func:`run_demo` creates session 12345, imports 30 candidates (the CSV of
``examples/candidates.csv``, embedded here so that the demo runs from an installed
package), notes the start time, lets 29 candidates join (one resumes after a
disconnection, one is absent), answer with a clock that advances (a plugin answers
``pixcore_now``: nothing sleeps), files reports (a technical E4 on a wrong answer, a
fraud with its PV d'incident, an invalid one that is refused), leaves one end screen
unseen, has one candidate leave and one computer break down, finalises with the
scanned PV de session, lets the automatic jury run, shows what a jury member decides,
publishes and prints the results table. It prints the session's documents as PDFs
(PV de session, notices, consignes before; attestations and class summary after).
Everything is in French, step by step, and deterministic (seeded random numbers,
fixed clock, fixed access code).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from pixcore.cli.common import open_service
from pixcore.cli.demo_documents import DOCUMENTS_FOLDER, DemoSchool, write_after, write_before
from pixcore.cli.show import clock_time
from pixcore.cli.table import render_table
from pixcore.errors import PixcoreError
from pixcore.formats.importing import parse_candidates_csv
from pixcore.host.hookspecs import hookimpl
from pixcore.host.service import SessionService
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.decide import candidate_deadline
from pixcore.lifecycle.state import SessionState
from pixcore.messages import render
from pixcore.models.candidate import Candidate
from pixcore.models.competence import CORE_COMPETENCES, CompetenceProfile
from pixcore.models.session import Session
from pixcore.referential import Referential

__all__ = [
    "DEMO_CANDIDATES_CSV",
    "DEMO_DATABASE",
    "DEMO_SESSION_NUMBER",
    "DemoClock",
    "DemoRow",
    "reason_label",
    "results_table",
    "run_demo",
    "status_label",
]

DEMO_SESSION_NUMBER = 12345
"""The demo's session number."""
DEMO_DATABASE = "pixcore-demo.db"
"""The database file the demo (re)creates in its folder."""

_PARIS = ZoneInfo("Europe/Paris")
_ACCESS_CODE = "BCDF23"
_SEED = 2026

DEMO_CANDIDATES_CSV = """\
* Nom de naissance;* Prénom;* Date de naissance (format: jj/mm/aaaa);* Sexe (M ou F);\
Code Insee;Code postal;Nom de la commune;* Pays;\
E-mail du destinataire des résultats (formateur, enseignant…);E-mail de convocation;\
Identifiant local;Temps majoré ?;Classe
Dubois;Léa;14/03/2011;F;75056;;;France;;;INE001;;3e A
Martin;Lucas;07/02/2011;M;;69003;Lyon;France;;;INE002;;3e A
N'Diaye;Aminata;23/11/2011;F;13055;;;France;;;INE003;;3e A
Lefèvre;Maël;09/01/2011;M;59350;;;France;;;INE004;;3e A
Dubois-Martin;Chloé;30/05/2011;F;;35000;Rennes;France;;;INE005;;3e A
Rossi;Jean-Baptiste;18/09/2011;M;2A004;;;France;;;INE006;;3e A
Joseph-Angélique;Inès;11/02/2011;F;97209;;;France;;;INE007;;3e A
García López;Lucía;05/06/2011;F;99;;Madrid;Espagne;;;INE008;;3e A
Nguyen;Thomas;01/12/2011;M;31555;;;France;;;INE009;33;3e A
Bernard;Zoé;27/04/2011;F;33063;;;France;;;INE010;50;3e A
Petit;Noah;08/08/2011;M;44109;;;France;;;INE011;;3e A
Moreau;Camille;15/10/2011;F;67482;;;France;;;INE012;;3e A
Laurent;Hugo;20/12/2009;M;34172;;;France;;;INE013;;3e A
Simon;Manon;03/01/2012;F;06088;;;France;;;INE014;;3e A
Michel;Gabriel;16/04/2011;M;38185;;;France;;;INE015;;3e A
Garnier;Anaïs;22/02/2011;F;74011;;;France;;;INE016;;3e B
Faure;Éloïse;07/03/2011;F;63113;;;France;;;INE017;;3e B
Roux;Théo;29/06/2011;M;21231;;;France;;;INE018;;3e B
Fontaine;Maëlys;01/09/2011;F;37261;;;France;;;INE019;;3e B
Chevalier;Enzo;11/11/2011;M;29019;;;France;;;INE020;;3e B
Mercier;Clément;19/05/2011;M;76540;;;France;;;INE021;;3e B
Da Silva;Inês;23/07/2011;F;51454;;;France;;;INE022;;3e B
Lambert;Louise;30/08/2011;F;87085;;;France;;;INE023;;3e B
Bonnet;Nathan;05/02/2010;M;;86000;Poitiers;France;;;INE024;;3e B
François;Jade;12/12/2011;F;80021;;;France;;;INE025;;3e B
Le Gall;Yann;04/10/2011;M;35238;;;France;;;INE026;;3e B
D'Almeida;Sarah;21/04/2011;F;45234;;;France;;;INE027;;3e B
Benali;Yanis;28/01/2011;M;57463;;;France;;;INE028;;3e B
Marchand;Océane;03/03/2011;F;;17000;La Rochelle;France;;;INE029;;3e B
Gauthier;Raphaël;14/06/2011;M;;50100;Cherbourg-Octeville;France;;;INE030;;3e B
"""
"""The demo's candidates, in Pix's CSV mass-import format (same as ``examples/candidates.csv``)."""

# Roles in the story, by line of the candidate list (0-based).
_E_CODE, _INVALID_REPORT, _RESUME, _FRAUD = 1, 2, 3, 5
_SLOW = (8, 9, 12)  # the two with extra time, and one who runs out of time
_TIME_OVER, _UNSEEN, _ABANDON, _BREAKDOWN, _ABSENT = 12, 11, 20, 28, 29

_RESOLUTIONS = {
    "neutralised": "question neutralisée automatiquement (la réponse était fausse)",
    "no_effect": "sans effet (la réponse était juste)",
    "answer_accepted": "réponse acceptée automatiquement",
    "no_such_question": "aucune question ne porte ce numéro",
}
_STATUS_LABELS = {
    "validated": "validée",
    "rejected": "rejetée",
    "cancelled": "annulée",
    "error": "en erreur",
    "started": "sans résultat",
}
_REASON_LABELS = {
    "FRAUD": "fraude",
    "END_SCREEN_NOT_SEEN": "écran de fin non vu",
    "CANCELLED_DUE_TO_NEUTRALIZATION": "trop de questions neutralisées",
    "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON": "problème technique",
    "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS": "moins de 50 % de bonnes réponses",
}


def _is_time_over(test: _Test) -> bool:
    """True for the candidate of the story who runs out of time."""
    return test.index == _TIME_OVER


def status_label(status: str) -> str:
    """A result status in French (``validated`` → ``validée``)."""
    return _STATUS_LABELS.get(status, status)


def reason_label(reason: str | None) -> str:
    """A result's reason key in French, ``—`` when none."""
    if reason is None:
        return "—"
    return f"{_REASON_LABELS.get(reason, reason)} ({reason})"


class DemoClock:
    """A plugin answering ``pixcore_now`` with a time the demo moves forward by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def advance(self, **delta: float) -> dt.datetime:
        """Move the clock forward (``minutes=2.5``...) and return the new time."""
        self.current += dt.timedelta(**delta)
        return self.current

    @hookimpl
    def pixcore_now(self) -> dt.datetime:
        """The demo's current time."""
        return self.current


@dataclasses.dataclass(frozen=True, slots=True)
class DemoRow:
    """One line of the final table."""

    certification_number: int
    candidate: str
    status: str
    reason: str | None
    pix: int


@dataclasses.dataclass
class _Test:
    """One candidate's test as the demo plays it."""

    index: int
    candidate: Candidate
    number: int = 0
    questions: int = 0
    ability: float = 0.8
    competences: tuple[str, ...] = ()
    answered: int = 0
    stop_after: int | None = None
    finished: bool = False


class _Demo:
    def __init__(self, service: SessionService, clock: DemoClock, out: Callable[[str], None]):
        self.service, self.clock, self.out = service, clock, out
        self.rng = random.Random(_SEED)
        self.tests: list[_Test] = []

    def at(self) -> str:
        now = self.clock.current.astimezone(_PARIS)
        return f"{now:%H:%M}" if now.date() == dt.date(2026, 3, 12) else f"{now:%d/%m %H:%M}"

    def say(self, text: str) -> None:
        self.out(f"[{self.at()}] {text}")

    def run(self, command: cmd.Command) -> None:
        self.service.execute(DEMO_SESSION_NUMBER, command)

    def refused(self, what: str, command: cmd.Command) -> None:
        try:
            self.run(command)
        except PixcoreError as error:
            self.say(f"{what} → refusé : {error.code} : {error.message}")
            for detail in error.errors:
                self.out(f"        - {detail.code} : {detail.message}")
        else:  # pragma: no cover - the story expects a refusal
            raise AssertionError(f"{what} should have been refused")

    # -------------------------------------------------------------- before the day
    def prepare(self) -> None:
        self.out("=== Avant la session ===")
        session = Session(
            number=DEMO_SESSION_NUMBER, site="Collège Jean Moulin", room="Salle info 2",
            date=dt.date(2026, 3, 12), time=dt.time(9, 0), invigilator="Mme Martin",
            access_code=_ACCESS_CODE,
        )  # fmt: skip
        self.run(cmd.CreateSession(session=session))
        self.say(
            f"Session {DEMO_SESSION_NUMBER} créée : {session.site}, {session.room}, "
            f"le 12/03/2026 à 09:00, surveillante {session.invigilator}, "
            f"code d'accès {_ACCESS_CODE}."
        )
        candidates = parse_candidates_csv(
            DEMO_CANDIDATES_CSV, referential=Referential.load(),
            session_number=DEMO_SESSION_NUMBER,
        )  # fmt: skip
        self.run(cmd.ImportCandidates(candidates=candidates))
        with_extra = [c for c in candidates if c.extra_time is not None]
        extra = " et ".join(
            f"{c.first_name} {c.last_name} ({c.extra_time.percent:f} % de temps majoré)"
            for c in with_extra
            if c.extra_time is not None
        )
        self.say(f"{len(candidates)} candidats importés (format CSV de Pix), dont {extra}.")
        self.tests = [_Test(index=i, candidate=c) for i, c in enumerate(candidates)]

    # ---------------------------------------------------------------- on the day
    def join(self, test: _Test, *, again: bool = False) -> None:
        candidate = test.candidate
        profile = CompetenceProfile(pix=dict(zip(test.competences, self._pix(test), strict=True)))
        self.run(
            cmd.JoinSession(
                session_number=DEMO_SESSION_NUMBER, access_code=_ACCESS_CODE,
                first_name=candidate.first_name.upper(), last_name=candidate.last_name,
                birth_date=candidate.birth_date, user=f"pix-{test.index + 1:03d}",
                profile=profile,
            )
        )  # fmt: skip
        state = self.service.load(DEMO_SESSION_NUMBER)
        course = next(
            c for c in state.certifications.values() if c.candidate_id == self._id(state, test)
        )
        if again:
            self.say(
                f"{candidate.first_name} {candidate.last_name} se reconnecte : même "
                f"certification n° {course.certification_number}, reprise à la question "
                f"{len(course.answers) + 1}."
            )
            return
        test.number, test.questions = course.certification_number, course.question_count

    def _pix(self, test: _Test) -> list[int]:
        return [8 * self.rng.randint(1, 4) + self.rng.randint(0, 7) for _ in test.competences]

    @staticmethod
    def _id(state: SessionState, test: _Test) -> str:
        return state.enrolled()[test.index].candidate_id

    def start(self) -> None:
        self.out("")
        self.out("=== Le jour de la session ===")
        self.clock.current = dt.datetime(2026, 3, 12, 9, 5, tzinfo=_PARIS)
        self.run(cmd.NoteStartTime(noted_start=self.clock.current))
        self.say("La surveillante note l'heure de début du test : 09:05.")
        for test in self.tests:
            if test.index == _ABSENT:
                continue
            test.competences = tuple(sorted(self.rng.sample(CORE_COMPETENCES, 6)))
            test.ability = self.rng.uniform(0.72, 0.95)
            if _is_time_over(test):
                test.ability = 0.97  # a good student who is simply slow
            self.clock.advance(seconds=10)
            self.join(test)
        joined = [t for t in self.tests if t.number]
        self.say(
            f"{len(joined)} candidats ont rejoint la session (noms saisis sans accents ni "
            f"majuscules : ils sont reconnus) ; {self.tests[_ABSENT].candidate.first_name} "
            f"{self.tests[_ABSENT].candidate.last_name} est absent."
        )
        state = self.service.load(DEMO_SESSION_NUMBER)
        for index in (_SLOW[0], _SLOW[1], 0):
            test = self.tests[index]
            course = state.certifications[test.number]
            end = clock_time(candidate_deadline(state, course), _PARIS)
            self.say(
                f"Échéance de {test.candidate.first_name} {test.candidate.last_name} : "
                f"{end}" + (" (temps majoré compris)" if test.candidate.extra_time else "")
            )
        self.tests[_ABANDON].stop_after = 8
        self.tests[_BREAKDOWN].stop_after = 5

    def answer(self, test: _Test) -> None:
        position = test.answered + 1
        ok = self.rng.random() < test.ability
        if test.index == _E_CODE and position == 3:
            ok = False
        competence = test.competences[(position - 1) // 3 % len(test.competences)]
        command = cmd.RecordAnswer(
            certification_number=test.number, status="ok" if ok else "ko", competence=competence
        )
        if test.index == _TIME_OVER and self.clock.current >= self._deadline(test):
            self.refused(
                f"{test.candidate.first_name} {test.candidate.last_name} répond à la question "
                f"{position} après son échéance", command,
            )  # fmt: skip
            self.say("Il doit passer les questions restantes (« Je passe ») pour finir.")
            while test.answered < test.questions:
                skipped = test.competences[test.answered // 3 % len(test.competences)]
                self.run(command.model_copy(update={"status": "aband", "competence": skipped}))
                test.answered += 1
            self._finish(test)
            return
        self.run(command)
        test.answered = position
        if position == test.questions:
            self._finish(test)

    def _deadline(self, test: _Test) -> dt.datetime:
        state = self.service.load(DEMO_SESSION_NUMBER)
        return candidate_deadline(state, state.certifications[test.number])

    def _finish(self, test: _Test) -> None:
        test.finished = True
        if test.index == _UNSEEN:
            self.say(
                f"{test.candidate.first_name} {test.candidate.last_name} termine et se "
                "déconnecte avant que la surveillante ait vu son écran de fin de test."
            )
            return
        self.run(cmd.ConfirmEndScreen(certification_number=test.number))
        if test.index in _SLOW:
            self.say(
                f"{test.candidate.first_name} {test.candidate.last_name} termine "
                "(écran de fin vu par la surveillante)."
            )

    def test_period(self) -> None:
        rounds = 0
        while any(self._active(t) for t in self.tests):
            rounds += 1
            self.clock.advance(minutes=2, seconds=30)
            for test in self.tests:
                if not self._active(test) or (test.index in _SLOW and rounds % 3):
                    continue
                if test.stop_after is not None and test.answered >= test.stop_after:
                    self._stop(test)
                    continue
                self.answer(test)
                if test.index == _RESUME and test.answered == 6:
                    self.say(
                        f"{test.candidate.first_name} {test.candidate.last_name} : "
                        "déconnexion (navigateur fermé)."
                    )
                    self.join(test, again=True)
        self.say("Tous les candidats présents ont terminé ou quitté la salle.")

    def _active(self, test: _Test) -> bool:
        return bool(test.number) and not test.finished

    def _stop(self, test: _Test) -> None:
        test.finished = True
        name = f"{test.candidate.first_name} {test.candidate.last_name}"
        if test.index == _ABANDON:
            self.say(f"{name} quitte la salle après {test.answered} questions (abandon).")
            return
        self.run(cmd.EndTest(certification_number=test.number))
        self.say(
            f"{name} : panne d'ordinateur après {test.answered} questions, "
            "la surveillante met fin à son test."
        )

    def reports(self) -> dict[str, str]:
        ids: dict[str, str] = {}
        e_code = self.tests[_E_CODE]
        data: dict[str, object] = {
            "certification_number": e_code.number, "category": "IN_CHALLENGE",
            "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 3,
            "description": "Le site à visiter affichait une page de maintenance.",
        }  # fmt: skip
        name = f"{e_code.candidate.first_name} {e_code.candidate.last_name}"
        ids["e_code"] = self._report(data, f"E4 (site indisponible) sur la question 3 de {name}")
        fraud = self.tests[_FRAUD]
        ids["fraud"] = self._report(
            {"certification_number": fraud.number, "category": "FRAUD"},
            f"suspicion de fraude (C6) pour {fraud.candidate.first_name} "
            f"{fraud.candidate.last_name}",
        )
        invalid = self.tests[_INVALID_REPORT]
        self.refused(
            "Signalement « l'image ne s'affiche pas » sans numéro de question ni description",
            cmd.FileIssueReport(
                data={"certification_number": invalid.number, "category": "IN_CHALLENGE",
                      "subcategory": "IMAGE_NOT_DISPLAYING"},
                filed_by="invigilator",
            ),
        )  # fmt: skip
        return ids

    def _report(self, data: dict[str, object], what: str) -> str:
        self.clock.advance(minutes=1)
        events = self.service.execute(
            DEMO_SESSION_NUMBER, cmd.FileIssueReport(data=data, filed_by="invigilator")
        )
        report_id = str(getattr(events[0], "report_id", ""))
        self.say(f"Signalement {report_id} : {what}.")
        return report_id

    # ------------------------------------------------------------- after the day
    def finalise(self, reports: dict[str, str]) -> None:
        self.out("")
        self.out("=== Après la session ===")
        self.clock.advance(minutes=20)
        host = self.service.host
        pv = host.store_attachment(
            DEMO_SESSION_NUMBER, "pv_session", "pv-session-12345.pdf", b"%PDF-1.4 PV de session"
        )
        incident = host.store_attachment(
            DEMO_SESSION_NUMBER, "pv_incident", "pv-incident.pdf", b"%PDF-1.4 PV d'incident"
        )
        self.say(f"PV de session scanné déposé ({pv}) ; PV d'incident déposé ({incident}).")
        abandon, breakdown = self.tests[_ABANDON], self.tests[_BREAKDOWN]
        self.run(
            cmd.Finalise(
                abort_reasons={abandon.number: "candidate", breakdown.number: "technical"},
                pv_scan=pv, incident_reports={reports["fraud"]: incident},
                has_incident=True, has_joining_issue=False,
            )
        )  # fmt: skip
        self.say(
            "Session finalisée par le référent : abandon pour "
            f"{abandon.candidate.first_name} {abandon.candidate.last_name}, problème technique "
            f"pour {breakdown.candidate.first_name} {breakdown.candidate.last_name}."
        )
        state = self.service.load(DEMO_SESSION_NUMBER)
        resolved = state.reports[reports["e_code"]].resolution
        changes = state.jury_changes
        skipped = sum(c.effect == "skipped" for c in changes)
        neutralised = sum(c.effect == "neutralised" and c.report_id is None for c in changes)
        self.say(
            f"Jury automatique : {skipped} question(s) "
            f"passée(s) (abandon), {neutralised} "
            f"neutralisée(s) (problème technique) ; signalement {reports['e_code']} résolu : "
            f"{_RESOLUTIONS.get(resolved or '', resolved)}."
        )  # fmt: skip
        reasons = self.service.publishability(DEMO_SESSION_NUMBER)
        self.say("La session n'est pas publiable automatiquement :")
        for code in reasons:
            self.out(f"        - {code} : {render(code, {})}")

    def jury(self, reports: dict[str, str]) -> None:
        member = "M. Lambert (jury Pix)"
        fraud, unseen = self.tests[_FRAUD], self.tests[_UNSEEN]
        self.clock.advance(days=2)
        self.run(cmd.JuryAct(action="reject_for_fraud", jury_member=member,
                             certification_number=fraud.number))  # fmt: skip
        self.run(cmd.JuryAct(action="resolve_report", jury_member=member,
                             report_id=reports["fraud"]))  # fmt: skip
        self.say(f"{member} lit le PV d'incident et rejette la certification n° {fraud.number} "
                 "pour fraude.")  # fmt: skip
        self.run(cmd.JuryAct(action="confirm_end_screen_rejection", jury_member=member,
                             certification_number=unseen.number))  # fmt: skip
        self.say(f"{member} confirme le rejet proposé pour la certification n° {unseen.number} "
                 "(écran de fin de test non vu).")  # fmt: skip
        self.run(cmd.Publish())
        self.say("Résultats publiés.")


def _rows(service: SessionService) -> list[DemoRow]:
    state = service.load(DEMO_SESSION_NUMBER)
    rows = []
    for result in service.results(DEMO_SESSION_NUMBER):
        candidate = state.candidates[result.candidate_id]
        rows.append(
            DemoRow(
                certification_number=result.certification_number,
                candidate=f"{candidate.last_name} {candidate.first_name}",
                status=result.status, reason=result.reason, pix=result.pix,
            )
        )  # fmt: skip
    return rows


def results_table(rows: list[DemoRow]) -> str:
    """The final table: N° certification, candidat, statut, motif, pix."""
    headers = ("N° certification", "Candidat", "Statut", "Motif", "Pix")
    cells = [
        [str(r.certification_number), r.candidate, status_label(r.status),
         reason_label(r.reason), str(r.pix)]
        for r in rows
    ]  # fmt: skip
    return render_table(headers, cells)


def _fresh(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / DEMO_DATABASE
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    pieces = directory / (DEMO_DATABASE + ".attachments")
    if pieces.is_dir():
        for path in sorted(pieces.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    return database


def run_demo(directory: Path, *, out: Callable[[str], None] = print) -> list[DemoRow]:
    """Run the demo session in ``directory``; print each step with ``out``; return the table.

    (Re)creates ``directory/pixcore-demo.db`` and its attachments folder, and writes the
    session's printed documents into ``directory/documents/`` (:mod:`pixcore.cli.demo_documents`).
    """
    database = _fresh(Path(directory))
    clock = DemoClock(dt.datetime(2026, 3, 12, 8, 45, tzinfo=_PARIS))
    plugins = [clock, DemoSchool()]
    with open_service(database, plugins=plugins, synchronous="NORMAL") as service:
        demo = _Demo(service, clock, out)
        out(f"Démonstration pixcore — base de données : {database}")
        out("")
        demo.prepare()
        write_before(service, DEMO_SESSION_NUMBER, Path(directory), out)
        demo.start()
        demo.test_period()
        reports = demo.reports()
        demo.finalise(reports)
        demo.jury(reports)
        write_after(service, DEMO_SESSION_NUMBER, Path(directory), out)
        rows = _rows(service)
    out("")
    out("=== Résultats de la session 12345 ===")
    out(results_table(rows))
    counts: dict[str, int] = {}
    for row in rows:
        counts[status_label(row.status)] = counts.get(status_label(row.status), 0) + 1
    summary = ", ".join(f"{n} {label}{'s' if n > 1 else ''}" for label, n in sorted(counts.items()))
    out("")
    out(f"Bilan : {summary} sur {len(rows)} certifications.")
    out(f"Documents imprimables (PDF) : {Path(directory) / DOCUMENTS_FOLDER}/")
    return rows
