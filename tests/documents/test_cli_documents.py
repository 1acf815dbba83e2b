"""``pixcore documents KIND NUMERO -o CHEMIN`` and the documents ``pixcore demo`` writes."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from cli_support import run
from documents_support import flat, page_count, pages_text

from pixcore.cli import EXIT_INPUT, EXIT_OK, EXIT_REFUSED, main
from pixcore.cli.demo import DEMO_DATABASE, run_demo
from pixcore.cli.documents import KINDS, ProgressBar, school_details, write_documents
from pixcore.lifecycle import EMPTY
from pixcore.models.school import SchoolDetails


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("demo-documents")
    lines: list[str] = []
    run_demo(folder, out=lines.append)
    return folder, lines


def test_the_demo_writes_its_documents_and_says_where(demo: tuple[Path, list[str]]) -> None:
    folder, lines = demo
    documents = folder / "documents"
    names = {path.name for path in documents.iterdir()}
    assert {
        "pv-session-12345.pdf", "notice-pix.pdf", "notice-gar.pdf", "notice-pix-projection.pdf",
        "notice-gar-projection.pdf", "consignes.pdf", "pv-incident-modele.pdf",
        "bilan-classes-12345.pdf", "attestations",
    } == names  # fmt: skip
    assert len(list((documents / "attestations").glob("attestation-*.pdf"))) == 29
    text = "\n".join(lines)
    assert f"{documents}/" in text and f"{documents / 'attestations'}/" in text
    pv = flat(" ".join(pages_text((documents / "pv-session-12345.pdf").read_bytes())))
    assert "Collège Jean Moulin – 12 rue des Écoles – 75005 Paris" in pv  # the demo's hook
    assert "Candidats inscrits 30" in pv and "N'Diaye Aminata" in pv
    assert "BCDF23" not in pv


@pytest.mark.parametrize("kind", ["pv", "notice-pix", "notice-gar", "instructions", "incident",
                                  "class-summary"])  # fmt: skip
def test_each_single_kind_writes_one_pdf(
    demo: tuple[Path, list[str]], kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = demo[0] / DEMO_DATABASE
    out = tmp_path / f"{kind}.pdf"
    code, stdout, stderr = run(capsys, "documents", kind, "12345", "--store", store, "-o", out)
    assert (code, stderr) == (EXIT_OK, "")
    assert out.read_bytes().startswith(b"%PDF-") and page_count(out.read_bytes()) >= 1
    assert str(out) in stdout and "Session 12345" in stdout


def test_projection_notice(demo: tuple[Path, list[str]], tmp_path: Path) -> None:
    out = tmp_path / "slides.pdf"
    store = demo[0] / DEMO_DATABASE
    code = main(["documents", "notice-gar", "12345", "--store", str(store), "-o", str(out),
                 "--projection"])  # fmt: skip
    assert code == EXIT_OK and page_count(out.read_bytes()) == 4


@pytest.mark.parametrize(("kind", "count"), [("convocations", 30), ("attestations", 29)])
def test_batches_write_one_file_each_in_a_folder(
    demo: tuple[Path, list[str]],
    kind: str,
    count: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, out = demo[0] / DEMO_DATABASE, tmp_path / kind
    code, stdout, _ = run(capsys, "documents", kind, "12345", "--store", store, "-o", out, "--json")
    assert code == EXIT_OK
    files = json.loads(stdout)["files"]
    assert len(files) == count == len(list(out.glob("*.pdf")))
    assert all(Path(f).read_bytes().startswith(b"%PDF-") for f in files)
    assert all("'" not in Path(f).name for f in files)  # numbered, never named after a pupil


def test_refusals_are_coded(
    demo: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "fresh.db"
    create = ["session", "create", "--number", "777", "--site", "Lycée", "--room", "A1",
              "--date", "2026-05-04", "--time", "14:00", "--invigilator", "M. Diallo",
              "--store", store]  # fmt: skip
    assert run(capsys, *create)[0] == EXIT_OK
    code, _, err = run(capsys, "documents", "attestations", "777", "--store", store, "-o", tmp_path)
    assert code == EXIT_REFUSED and "DOCUMENT_RESULTS_NOT_PUBLISHED" in err
    code, _, err = run(capsys, "documents", "pv", "999", "--store", store, "-o", tmp_path / "x.pdf")
    assert code == EXIT_REFUSED and "SESSION_UNKNOWN" in err
    blocked = tmp_path / "missing" / "pv.pdf"
    code, _, err = run(capsys, "documents", "pv", "777", "--store", store, "-o", blocked)
    assert code == EXIT_INPUT and "FILE_NOT_WRITABLE" in err and "Traceback" not in err
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    code, _, err = run(capsys, "documents", "convocations", "777", "--store", store, "-o", a_file)
    assert code == EXIT_INPUT and "FILE_NOT_WRITABLE" in err
    assert run(capsys, "documents", "nope", "777", "-o", "x.pdf")[0] == 2


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    from documents_support import demo_like_state

    state = demo_like_state(4)
    args = argparse.Namespace(projection=False, division=None, policy=None, tz=None)
    terminal = FakeTerminal()
    files = write_documents("convocations", state, SchoolDetails(), tmp_path / "c", args,
                            progress=terminal)  # fmt: skip
    assert len(files) == 4
    frames = terminal.getvalue().split("\r")[1:]
    assert [frame.rstrip("\n")[-3:] for frame in frames] == ["1/4", "2/4", "3/4", "4/4"]
    assert frames[-1].endswith("\n") and "#" * ProgressBar.WIDTH in frames[-1]
    pipe = io.StringIO()
    write_documents("convocations", state, SchoolDetails(), tmp_path / "d", args, progress=pipe)
    assert pipe.getvalue() == ""
    assert ProgressBar("Convocations", 30, pipe).line(12) == (
        "Convocations [" + "#" * 12 + "." * 18 + "] 12/30"
    )


def test_school_details_default_without_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIXCORE_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert school_details(1, EMPTY) == SchoolDetails()


def test_every_kind_is_documented() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in text
