"""The ``pixcore`` subcommands over a session database: each on a temporary store."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "sqlite"
if importlib.util.find_spec("pixcore_sqlite") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(PLUGIN))

from cli_support import run  # noqa: E402

import pixcore.cli.common as common  # noqa: E402
from pixcore.cli import EXIT_INPUT, EXIT_OK, EXIT_REFUSED, EXIT_USAGE  # noqa: E402
from pixcore.cli.demo import DemoClock  # noqa: E402
from pixcore.formats.importing import CSV_HEADERS  # noqa: E402
from pixcore.lifecycle import commands as cmd  # noqa: E402
from pixcore.models import CORE_COMPETENCES, CompetenceProfile  # noqa: E402

PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)
EXAMPLE_CSV = ROOT / "examples" / "candidates.csv"
EXAMPLE_ODS = ROOT / "examples" / "candidates.ods"
CODE = "BCDF23"
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:5], 16))
"""Five competences at level 2: a test of 15 questions, three per competence."""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "sessions.db"


def create(capsys: pytest.CaptureFixture[str], store: Path, number: int = 42) -> None:
    code, _, err = run(
        capsys, "session", "create", "--number", str(number), "--site", "Collège Jean Moulin",
        "--room", "B12", "--date", "2026-03-12", "--time", "09:00",
        "--invigilator", "Mme Martin", "--access-code", CODE, "--store", store,
    )  # fmt: skip
    assert code == EXIT_OK, err


def play(store: Path, number: int = 42, *, joined: int = 4) -> list[int]:
    """The day of the session, as the candidates' app would drive it (not a CLI job).

    Certification 1: all right, end screen seen; 2: question 3 wrong, then right, seen;
    3: all right, end screen not seen; 4: leaves after 5 answers.
    """
    clock = DemoClock(START)
    with common.open_service(store, plugins=[clock]) as service:
        service.execute(number, cmd.NoteStartTime(noted_start=START))
        for index, entry in enumerate(service.load(number).enrolled()[:joined]):
            candidate = entry.candidate
            clock.advance(seconds=10)
            service.execute(number, cmd.JoinSession(
                session_number=number, access_code=CODE, first_name=candidate.first_name,
                last_name=candidate.last_name, birth_date=candidate.birth_date,
                user=f"user-{index}", question_count=15, profile=PROFILE,
            ))  # fmt: skip
        numbers = sorted(service.load(number).certifications)
        for position, certification in enumerate(numbers):
            for question in range(1, 16 if position < 3 else 6):
                clock.advance(seconds=20)
                status = "ko" if (position == 1 and question == 3) else "ok"
                service.execute(number, cmd.RecordAnswer(
                    certification_number=certification, status=status,
                    competence=CORE_COMPETENCES[(question - 1) // 3],
                ))  # fmt: skip
            if position < 2:
                service.execute(number, cmd.ConfirmEndScreen(certification_number=certification))
    return numbers


# ------------------------------------------------------------------ session create


def test_session_create_generates_and_prints_the_access_code(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    code, out, _ = run(
        capsys, "session", "create", "--number", "7", "--site", "Lycée", "--room", "A1",
        "--date", "2026-03-12", "--time", "14:30", "--invigilator", "M. Petit", "--store", store,
    )  # fmt: skip
    assert code == EXIT_OK
    generated = re.search(r"Code d'accès \(généré\) : (\S+)", out)
    assert generated and re.fullmatch(r"[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}", generated[1])
    code, out, _ = run(capsys, "session", "show", "7", "--access-code", "--json", "--store", store)
    assert code == EXIT_OK
    assert json.loads(out)["session"]["access_code"] == generated[1]
    code, out, _ = run(capsys, "session", "show", "7", "--json", "--store", store)
    assert "access_code" not in json.loads(out)["session"]


def test_session_create_refusals(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    create(capsys, store)
    base = ["session", "create", "--site", "S", "--room", "R", "--invigilator", "I",
            "--store", store]  # fmt: skip
    code, _, err = run(capsys, *base, "--number", "42", "--date", "2026-03-12", "--time", "09:00")
    assert code == EXIT_REFUSED and "SESSION_ALREADY_CREATED : Cette session existe déjà." in err
    code, _, err = run(capsys, *base, "--number", "43", "--date", "30/02/2026", "--time", "9:30")
    assert code == EXIT_REFUSED
    assert "SESSION_DATE_NOT_VALID" in err and "SESSION_TIME_NOT_VALID" in err
    for impossible in ("2026-13-40", "31/04/2026", "12-03-2026", "2026/03/12"):
        code, _, err = run(capsys, *base, "--number", "43", "--date", impossible, "--time", "09:30")
        assert code == EXIT_REFUSED and "SESSION_DATE_NOT_VALID" in err, impossible
        assert "FIELD_INVALID" not in err
    code, _, err = run(
        capsys, *base, "--number", "44", "--date", "2026-03-12", "--time", "09:00",
        "--access-code", "AEIO11",
    )  # fmt: skip
    assert code == EXIT_REFUSED and "SESSION_ACCESS_CODE_NOT_VALID" in err
    code, out, err = run(capsys, "session", "create", "--number", "45", "--store", store)
    assert (code, out) == (EXIT_USAGE, "") and "erreur d'utilisation" in err
    assert "Traceback" not in err


def test_a_french_session_date_is_accepted(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    code, out, _ = run(
        capsys, "session", "create", "--number", "46", "--site", "S", "--room", "R",
        "--invigilator", "I", "--date", "12/03/2026", "--time", "09:00", "--store", store,
    )  # fmt: skip
    assert code == EXIT_OK and "le 12/03/2026 à 09:00" in out


ARGPARSE_ENGLISH = ("usage:", "positional arguments", "show this help", "invalid choice",
                    "the following arguments", "unrecognized arguments", "expected one")  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [[], ["session"], ["session", "create"], ["session", "create", "--number", "x"],
     ["jury", "1", "nope", "--member", "m"], ["publish", "1", "--bogus"],
     ["finalize", "1", "--pv-scan"], ["results", "export"], ["candidates", "import", "1"]],
)  # fmt: skip
def test_usage_errors_speak_french(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == EXIT_USAGE
    assert "pixcore : erreur d'utilisation : " in err and "utilisation : pixcore" in err
    assert not [english for english in ARGPARSE_ENGLISH if english in err.lower()], err


@pytest.mark.parametrize(
    "argv",
    [[], ["evaluate"], ["demo"], ["session"], ["session", "create"], ["session", "show"],
     ["candidates", "import"], ["report", "add"], ["finalize"], ["jury"], ["publish"],
     ["results", "export"]],
)  # fmt: skip
def test_every_help_speaks_french(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv, "--help")
    assert code == EXIT_OK and out.startswith("utilisation : pixcore")
    assert "afficher cette aide et quitter" in out
    assert not [english for english in ARGPARSE_ENGLISH if english in out.lower()], out


def test_unknown_session_is_a_coded_refusal(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    for argv in (["session", "show", "99"], ["publish", "99"], ["results", "export", "99"]):
        code, out, err = run(capsys, *argv, "--store", store)
        assert (code, out) == (EXIT_REFUSED, "")
        assert err.startswith("pixcore : SESSION_UNKNOWN : Cette session n'existe pas.")
    code, _, err = run(capsys, "session", "show", "99", "--json", "--store", store)
    assert json.loads(err)["error"]["code"] == "SESSION_UNKNOWN"


def test_store_plugin_missing_is_exit_2(
    capsys: pytest.CaptureFixture[str], store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIXCORE_DISABLE_PLUGIN_AUTOLOAD", "1")  # no store plugin found
    code, _, err = run(capsys, "session", "show", "1", "--store", store)
    assert code == EXIT_USAGE
    assert "STORE_PLUGIN_MISSING" in err and "pip install pixcore-sqlite" in err
    assert not store.exists()


def test_a_location_no_installed_store_opens_is_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "session", "show", "1", "--store", "nosuchstore://host/db")
    assert code == EXIT_USAGE
    assert "STORE_PLUGIN_MISSING" in err


# ------------------------------------------------------------ candidates, show


def test_import_then_show_deadlines_and_live_time_over(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    create(capsys, store)
    code, out, _ = run(capsys, "candidates", "import", "42", EXAMPLE_ODS, "--store", store)
    assert code == EXIT_OK
    assert "30 candidat(s) importé(s) dans la session 42" in out and "2 avec temps majoré" in out
    play(store, joined=10)
    code, out, _ = run(
        capsys, "session", "show", "42", "--at", "2026-03-12T10:50:00+01:00", "--store", store
    )
    assert code == EXIT_OK
    assert "Début noté : 09:00" in out
    lines = {line.split(" | ")[0].strip(): line for line in out.splitlines() if " | " in line}
    dubois = [cell.strip() for cell in lines["Dubois Léa"].split(" | ")]
    # Candidat, Né(e) le, Classe, Temps maj., N°, État, Réponses, Échéance, Temps écoulé, Écran
    assert dubois[2:] == ["3e A", "—", "42001", "terminé", "15/15", "10:45:10", "—", "vu"]
    nguyen = [cell.strip() for cell in lines["Nguyen Thomas"].split(" | ")]
    # joined at 09:01:30, 33 % → 140 min
    assert nguyen[3] == "33 %" and nguyen[5:] == ["en cours", "5/15", "11:21:30", "non", "non vu"]
    bernard = [cell.strip() for cell in lines["Bernard Zoé"].split(" | ")]
    assert bernard[7:9] == ["11:39:40", "non"]  # 50 % → 158 min
    late = [cell.strip() for cell in lines["Laurent Hugo"].split(" | ")]
    assert late[5:] == ["non commencé", "—", "10:45", "—", "—"]
    code, out, _ = run(
        capsys, "session", "show", "42", "--at", "2026-03-12T11:30:00+01:00", "--json",
        "--store", store,
    )  # fmt: skip
    body = json.loads(out)
    over = {c["last_name"]: c["time_over"] for c in body["candidates"] if c["state"] == "started"}
    assert over["Nguyen"] is True and over["Bernard"] is False


def test_import_errors_are_all_listed_exit_3(
    capsys: pytest.CaptureFixture[str], store: Path, tmp_path: Path
) -> None:
    create(capsys, store)
    bad = tmp_path / "liste.csv"
    bad.write_text(
        ";".join(CSV_HEADERS) + "\nDubois;Léa;14/03/2011;F;75056;;;France;;;;;\n"
        ";Lucas;31/02/2011;X;;69003;Lyon;France;;;;;\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "candidates", "import", "42", bad, "--store", store)
    assert (code, out) == (EXIT_INPUT, "")
    assert "CANDIDATES_IMPORT_INVALID : Le fichier comporte 3 erreur(s)" in err
    assert (
        "CANDIDATE_LAST_NAME_REQUIRED : Le nom de naissance est obligatoire. (ligne 3 : last_name)"
        in err
    )
    assert "(ligne 3 : birth_date)" in err and "(ligne 3 : sex)" in err
    code, _, err = run(capsys, "session", "show", "42", "--json", "--store", store)
    assert code == EXIT_OK
    code, _, err = run(
        capsys, "candidates", "import", "42", tmp_path / "absent.ods", "--store", store
    )
    assert code == EXIT_INPUT and "FILE_NOT_FOUND" in err
    other = tmp_path / "liste.xls"
    other.write_bytes(b"PK")
    code, _, err = run(capsys, "candidates", "import", "42", other, "--json", "--store", store)
    assert code == EXIT_INPUT and json.loads(err)["error"]["code"] == "IMPORT_FORMAT_NOT_SUPPORTED"


def test_import_refused_once_a_candidate_joined(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    create(capsys, store)
    assert run(capsys, "candidates", "import", "42", EXAMPLE_CSV, "--store", store)[0] == EXIT_OK
    play(store, joined=1)
    code, _, err = run(capsys, "candidates", "import", "42", EXAMPLE_CSV, "--store", store)
    assert code == EXIT_REFUSED and "SESSION_STARTED_CANDIDATE_ALREADY_LINKED_TO_USER" in err


def test_progress_bar_on_large_files(
    capsys: pytest.CaptureFixture[str], store: Path, tmp_path: Path
) -> None:
    create(capsys, store)
    lines = [f"Nom{chr(65 + i // 26)}{chr(65 + i % 26)};Prenom;01/01/2011;F;75056;;;France;;;;;"
             for i in range(250)]  # fmt: skip
    big = tmp_path / "grand.csv"
    big.write_text(";".join(CSV_HEADERS) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "candidates", "import", "42", big, "--store", store)
    assert code == EXIT_OK and "250 candidat(s)" in out
    assert "Vérification : [" in err and "] 250/250\n" in err
    small_code, _, small_err = run(
        capsys, "candidates", "import", "42", EXAMPLE_CSV, "--store", store
    )
    assert small_code == EXIT_OK and small_err == ""


# ------------------------------------------------------------- reports, finalize


def test_report_add_and_refusals(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    create(capsys, store)
    run(capsys, "candidates", "import", "42", EXAMPLE_CSV, "--store", store)
    numbers = play(store)
    code, out, _ = run(
        capsys, "report", "add", "42", "--certification", str(numbers[1]), "--category",
        "IN_CHALLENGE", "--subcategory", "WEBSITE_UNAVAILABLE", "--question", "3",
        "--description", "Site en maintenance", "--store", store,
    )  # fmt: skip
    assert code == EXIT_OK and out.startswith("Signalement R1 enregistré : E4 (impactant)")
    code, out, _ = run(capsys, "report", "add", "42", "--certification", str(numbers[0]),
                       "--category", "FRAUD", "--json", "--store", store)  # fmt: skip
    assert code == EXIT_OK and json.loads(out)["report"]["code"] == "C6"
    code, _, err = run(capsys, "report", "add", "42", "--certification", str(numbers[0]),
                       "--category", "IN_CHALLENGE", "--subcategory", "IMAGE_NOT_DISPLAYING",
                       "--store", store)  # fmt: skip
    assert code == EXIT_REFUSED and "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED" in err
    code, _, err = run(capsys, "report", "add", "42", "--certification", "9999",
                       "--category", "FRAUD", "--store", store)  # fmt: skip
    assert code == EXIT_REFUSED and "ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION" in err


def test_finalize_refusal_stores_no_file_then_succeeds(
    capsys: pytest.CaptureFixture[str], store: Path, tmp_path: Path
) -> None:
    create(capsys, store)
    run(capsys, "candidates", "import", "42", EXAMPLE_CSV, "--store", store)
    numbers = play(store)
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(b"%PDF scan")
    base = ["finalize", "42", "--pv-scan", pv, "--no-incident", "--no-joining-issue",
            "--store", store]  # fmt: skip
    code, _, err = run(capsys, *base)
    assert code == EXIT_REFUSED and "UNTERMINATED_CERTIFICATION_WITHOUT_ABORT_REASON" in err
    attachments = store.with_name(store.name + ".attachments")
    assert not attachments.exists() or not any(attachments.rglob("*.pdf"))
    code, _, err = run(capsys, "finalize", "42", "--pv-scan", pv, "--store", store)
    assert code == EXIT_USAGE and "--incident" in err
    code, _, err = run(capsys, *base, "--abort", f"{numbers[3]}=oubli")
    assert code == EXIT_USAGE
    code, out, _ = run(capsys, *base, "--abort", f"{numbers[3]}=candidate")
    assert code == EXIT_OK and "Session 42 finalisée" in out
    assert "Jury automatique : 10 question(s) passée(s)" in out
    assert "END_SCREEN_REVIEW_PENDING" in out
    assert [p.parent.name for p in attachments.rglob("*.pdf")] == ["pv_session"]
    code, _, err = run(capsys, *base, "--abort", f"{numbers[3]}=candidate")
    assert code == EXIT_REFUSED and "SESSION_ALREADY_FINALIZED" in err


def test_export_refusals(capsys: pytest.CaptureFixture[str], store: Path, tmp_path: Path) -> None:
    create(capsys, store)
    run(capsys, "candidates", "import", "42", EXAMPLE_CSV, "--store", store)
    numbers = play(store, joined=3)
    code, _, err = run(capsys, "results", "export", "42", "--store", store)
    assert code == EXIT_REFUSED and "RESULTS_NOT_PUBLISHED" in err
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(b"scan")
    run(capsys, "finalize", "42", "--pv-scan", pv, "--seen", str(numbers[2]), "--no-incident",
        "--no-joining-issue", "--store", store)  # fmt: skip
    assert run(capsys, "publish", "42", "--store", store)[0] == EXIT_OK
    code, _, err = run(capsys, "results", "export", "42", "--division", "6e C", "--dir", tmp_path,
                       "--store", store)  # fmt: skip
    assert code == EXIT_REFUSED and "NO_CERTIFICATION_RESULT_FOR_DIVISION" in err
    code, _, err = run(capsys, "results", "export", "42", "--dir", tmp_path / "absent",
                       "--store", store)  # fmt: skip
    assert code == EXIT_INPUT and "FILE_NOT_WRITABLE" in err


# ------------------------------------------------------- the whole sequence


def _cli(store: Path, *argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PLUGIN), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "pixcore.cli", *map(str, argv), "--store", str(store)],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False,
    )  # fmt: skip


def test_full_sequence_in_subprocesses(tmp_path: Path) -> None:
    store = tmp_path / "college.db"
    ok = lambda *argv: _cli(store, *argv, cwd=tmp_path)  # noqa: E731

    done = ok("session", "create", "--number", "42", "--site", "Collège", "--room", "B12",
              "--date", "2026-03-12", "--time", "09:00", "--invigilator", "Mme Martin",
              "--access-code", CODE)  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = ok("candidates", "import", "42", EXAMPLE_ODS)
    assert done.returncode == 0 and "30 candidat(s)" in done.stdout, done.stderr
    numbers = play(store)
    done = ok("report", "add", "42", "--certification", str(numbers[1]), "--category",
              "IN_CHALLENGE", "--subcategory", "WEBSITE_UNAVAILABLE", "--question", "3",
              "--description", "Site en maintenance")  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = ok("report", "add", "42", "--certification", str(numbers[0]), "--category", "FRAUD")
    assert "--incident-report R2=FICHIER" in done.stdout
    (tmp_path / "pv.pdf").write_bytes(b"%PDF PV de session")
    (tmp_path / "incident.pdf").write_bytes(b"%PDF PV d'incident")
    done = ok("finalize", "42", "--pv-scan", "pv.pdf", "--abort", f"{numbers[3]}=candidate",
              "--no-incident", "--no-joining-issue")  # fmt: skip
    assert done.returncode == 1 and "FRAUD_REPORT_WITHOUT_INCIDENT_REPORT" in done.stderr
    done = ok("finalize", "42", "--pv-scan", "pv.pdf", "--abort", f"{numbers[3]}=candidate",
              "--incident-report", "R2=incident.pdf", "--incident", "--no-joining-issue",
              "--comment", "Coupure réseau à 9 h 20")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "GLOBAL_COMMENT" in done.stdout and "UNRESOLVED_IMPACTFUL_REPORT" in done.stdout
    done = ok("publish", "42")
    assert done.returncode == 1 and "END_SCREEN_REVIEW_PENDING" in done.stderr
    assert "Traceback" not in done.stderr
    for argv in (
        ("jury", "42", "confirm_end_screen_rejection", "--member", "M. Jury",
         "--certification", str(numbers[2])),
        ("jury", "42", "reject_for_fraud", "--member", "M. Jury", "--certification",
         str(numbers[0])),
        ("jury", "42", "resolve_report", "--member", "M. Jury", "--report", "R2"),
    ):  # fmt: skip
        done = ok(*argv)
        assert done.returncode == 0, done.stderr
    done = ok("publish", "42", "--json")
    assert done.returncode == 0, done.stderr
    results = {r["certification_number"]: r for r in json.loads(done.stdout)["results"]}
    assert results[numbers[0]]["reason"] == "FRAUD"
    assert results[numbers[1]]["status"] == "validated"
    assert results[numbers[2]]["reason"] == "END_SCREEN_NOT_SEEN"
    assert results[numbers[3]]["status"] == "rejected"
    done = ok("results", "export", "42", "--dir", "exports")
    assert done.returncode == 3 and "FILE_NOT_WRITABLE" in done.stderr
    (tmp_path / "exports").mkdir()
    done = ok("results", "export", "42", "--dir", "exports")
    assert done.returncode == 0, done.stderr
    (path,) = (tmp_path / "exports").iterdir()
    assert re.fullmatch(r"\d{8}_resultats_3e_A\.csv", path.name)
    lines = path.read_text("utf-8").splitlines()
    assert lines[0].startswith("\ufeffNuméro de certification;Prénom;Nom;Date de naissance;")
    statuses = [line.split(";")[6] for line in lines[1:]]
    assert statuses == ["Rejetée", "Validée", "Rejetée", "Rejetée"]
    done = ok("session", "show", "42")
    assert done.returncode == 0 and "Résultats transmis par Pix" in done.stdout


# ----------------------------------------------------------------- edge errors


def test_unreadable_store_and_invalid_values_are_coded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"not a database at all" * 100)
    for store, fault in (
        (garbage, "SQLITE_NOT_A_DATABASE : Le fichier indiqué n'est pas une base"),
        (tmp_path / "absent" / "x.db", "SQLITE_FOLDER_NOT_FOUND : Le dossier de la base"),
        (tmp_path, "SQLITE_CANNOT_OPEN : La base de données des sessions ne peut pas"),
    ):
        code, out, err = run(capsys, "session", "show", "1", "--store", store)
        assert (code, out) == (EXIT_INPUT, "")
        assert err.startswith(f"pixcore : {fault}"), err
    code, _, err = run(capsys, "jury", "1", "cancel", "--member", "", "--store", tmp_path / "s.db")
    assert code == EXIT_REFUSED and "FIELD_INVALID" in err and "jury_member" in err
    assert "Traceback" not in err and "PIXCORE_ERROR" not in err


def test_a_damaged_event_is_the_databases_fault_not_the_users(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    """An event that no longer parses: exit 3 with the store's code, never INVALID_INPUT."""
    import sqlite3

    create(capsys, store)
    raw = sqlite3.connect(store, isolation_level=None)
    raw.execute("DROP TRIGGER events_no_update")
    raw.execute("""UPDATE events SET data = '{"type": "session_created"}'""")
    raw.close()
    for argv in (("session", "show", "42"), ("publish", "42", "--json")):
        code, out, err = run(capsys, *argv, "--store", store)
        assert (code, out) == (EXIT_INPUT, "")
        assert "STORE_EVENT_UNREADABLE" in err and "INVALID_INPUT" not in err


def test_every_cli_and_import_code_has_both_messages() -> None:
    """The CLI's own codes are in the core catalogue (French, English, safe)."""
    import string

    from pixcore.formats.importing import CandidatesImportError, UnsupportedImportFormatError
    from pixcore.messages import CATALOGUE

    classes = [
        common.StoreUnavailableError,
        common.ResultsNotPublishedError, common.NoResultForDivisionError,
        common.FileNotWritableError, CandidatesImportError, UnsupportedImportFormatError,
    ]  # fmt: skip
    for error_class in classes:
        error = error_class(meta={"count": 2})
        assert error.code in CATALOGUE, error.code
        french, english = CATALOGUE[error.code]
        assert error.message == french.format(count=2)
        names = [{n for _, n, _, _ in string.Formatter().parse(t) if n} for t in (french, english)]
        assert names[0] == names[1] <= {"count"}
        assert (
            error.message != "Une erreur est survenue." and error.message_en != "An error occurred."
        )
