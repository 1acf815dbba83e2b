"""The whole day of a session in a real browser (Debian's chromium, Playwright).

The referent creates the session and imports the candidates (first a file with two bad
lines: both errors shown at once); three pupils log in, two with their Pix account (the
adapter against the fake Pix API) and one through GAR (pixcore-gar's app and its test
IdP, twice: he resumes after a new GAR login), in three browsers and join (one first with a wrong
access code: Pix's refusal in French); one answers every question; one closes the
browser and resumes at the question where it stopped; one runs out of time and must
skip to the end. The invigilator watches the live room view change without reloading
(server-sent events), ticks end screens and files a report (an invalid one first). The
referent finalises with a scanned PV; the jury reviews and publishes; a pupil reads the
result. Every screen passes axe-core's WCAG checks and is photographed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from pixcore_web.dev import DEV_PASSWORD
from pixcore_web.serve import Host
from playwright.sync_api import Browser, Page, expect, sync_playwright
from web_browser import CHROMIUM_ARGS, Screens, chromium_path, served
from web_support import CANDIDATES_CSV, JURY_CODE, REFERENT_CODE, MovableClock

pytestmark = pytest.mark.slow

BAD_CSV = CANDIDATES_CSV.replace(b"14/03/2011", b"31/02/2011").replace(b";69003;Lyon;", b";;;")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LIVE_TIMEOUT_MS = 5_000


@pytest.fixture
def screens(tmp_path: Path) -> Screens:
    """Where screenshots go (``$PIXCORE_WEB_SCREENSHOTS`` or a temporary folder)."""
    folder = os.environ.get("PIXCORE_WEB_SCREENSHOTS")
    return Screens(Path(folder) if folder else tmp_path / "screens")


@pytest.fixture
def browser() -> Any:
    """Debian's chromium, headless."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_page(browser: Browser, base: str) -> Page:
    """A fresh browser context (its own cookies), like another computer in the room."""
    context = browser.new_context(
        base_url=base, locale="fr-FR", viewport={"width": 1200, "height": 900}
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def pupil_login(page: Page, username: str) -> None:
    """Log in with the pupil's Pix account."""
    page.goto("/candidat")
    page.get_by_label("Adresse e-mail ou identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEV_PASSWORD)
    page.get_by_role("button", name="Je me connecte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rejoindre une session de certification"
    )


def gar_login(page: Page, name: str, screens: Screens | None = None) -> None:
    """Log in through GAR: the adapter's app and the in-process test IdP."""
    page.goto("/candidat")
    page.get_by_role("link", name="Me connecter par le GAR").click()
    page.get_by_label(name).check()
    if screens is not None:
        screens.check(page, "07b-gar-developpement")
    page.get_by_role("button", name="Me connecter par le GAR").click()
    page.get_by_role("button", name="Continuer vers Pix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rejoindre une session de certification"
    )


def pupil_join(page: Page, number: str, first: str, last: str, born: str, code: str) -> None:
    """Fill the join form and submit it."""
    page.get_by_label("Numéro de session").fill(number)
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom de naissance").fill(last)
    page.get_by_label("Date de naissance").fill(born)
    page.get_by_label("Code d'accès (donné par le surveillant)").fill(code)
    page.get_by_role("button", name="Commencer mon test").click()


def answer(page: Page, count: int) -> None:
    """Answer ``count`` questions with the right choice (A)."""
    for _ in range(count):
        position = page.locator("#position").inner_text()
        page.get_by_label("Réponse A").check()
        page.get_by_role("button", name="Je valide ma réponse").click()
        expect(page.locator("#position")).not_to_have_text(position) if count else None


def finish(page: Page) -> None:
    """Answer until the end screen shows."""
    while page.locator("#end-screen").count() == 0:
        page.get_by_label("Réponse A").check()
        page.get_by_role("button", name="Je valide ma réponse").click()
        page.wait_for_load_state()


def row(page: Page, name: str) -> Any:
    """The invigilator's row for a candidate."""
    return page.locator("#room-table tr", has=page.get_by_role("rowheader", name=name))


def test_a_whole_session_in_the_browser(
    host: Host, clock: MovableClock, browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    with served(host.app) as base:
        # --- the referent prepares the session -------------------------------------
        referent = new_page(browser, base)
        referent.goto("/")
        screens.check(referent, "01-accueil")
        referent.get_by_role("link", name="Référent ou jury").click()
        referent.get_by_label("Code d'accès").fill(REFERENT_CODE)
        screens.check(referent, "02-connexion-personnel")
        referent.get_by_role("button", name="Se connecter").click()
        referent.get_by_label("Site").fill("Collège Jean Moulin")
        referent.get_by_label("Salle").fill("Salle info 2")
        referent.get_by_label("Date").fill("2026-03-12")
        referent.get_by_label("Heure de début").fill("09:00")
        referent.get_by_label("Surveillant(s)").fill("Mme Martin")
        screens.check(referent, "03-referent-creation")
        referent.get_by_role("button", name="Créer la session").click()
        expect(referent.get_by_role("heading", level=1)).to_have_text(re.compile(r"Session \d+"))
        number = referent.get_by_role("heading", level=1).inner_text().split()[-1]

        bad, good = tmp_path / "candidats-erreurs.csv", tmp_path / "candidats.csv"
        bad.write_bytes(BAD_CSV)
        good.write_bytes(CANDIDATES_CSV)
        referent.get_by_label("Fichier (modèle Pix ODS, XLSX ou CSV)").set_input_files(str(bad))
        referent.get_by_role("button", name="Importer").click()
        errors = referent.locator("#erreurs li")
        expect(errors.first).to_be_visible()
        listed = errors.all_inner_texts()
        assert any("ligne 2" in item for item in listed), listed  # the impossible birth date
        assert any("ligne 3" in item for item in listed), listed  # no birth place for Lyon
        screens.check(referent, "04-referent-import-erreurs")
        referent.get_by_label("Fichier (modèle Pix ODS, XLSX ou CSV)").set_input_files(str(good))
        referent.get_by_role("button", name="Importer").click()
        expect(referent.get_by_role("status")).to_have_text("3 candidats importés.")
        screens.check(referent, "05-referent-session")
        pv_link = referent.get_by_role("link", name="Télécharger le PV de session (PDF)")
        pdf = referent.request.get(pv_link.get_attribute("href") or "")
        assert pdf.ok and pdf.body().startswith(b"%PDF-")
        access_code = referent.locator("#access-code").inner_text()
        invigilator_code = referent.locator("#invigilator-code").inner_text()

        # --- the invigilator opens the live room view ------------------------------
        invigilator = new_page(browser, base)
        invigilator.goto("/surveillant")
        invigilator.get_by_label("Numéro de session").fill(number)
        invigilator.get_by_label("Code surveillant").fill(invigilator_code)
        screens.check(invigilator, "06-surveillant-connexion")
        invigilator.get_by_role("button", name="Accéder à la salle").click()
        clock.advance(minutes=20)  # 09:05
        invigilator.get_by_role("button", name="Noter l'heure de début maintenant").click()
        expect(invigilator.locator("#noted-start")).to_have_text("09:05")
        expect(invigilator.locator("#room")).to_have_attribute("data-live", "1")
        expect(row(invigilator, "DUBOIS Léa")).to_have_attribute("data-status", "absent")

        # --- three pupils join ------------------------------------------------------
        lea, lucas, ines = (new_page(browser, base) for _ in range(3))
        pupil_login(lea, "lea.dubois")
        screens.check(lea, "07-candidat-rejoindre")
        pupil_join(lea, number, "lea", "DUBOIS", "2011-03-14", "ZZZZ99")
        expect(lea.locator("#erreurs")).to_contain_text(
            "SESSION_NOT_FOUND Le numéro de session et/ou le code d'accès saisis sont incorrects."
        )
        screens.check(lea, "08-candidat-refus")
        pupil_join(lea, number, "lea", "DUBOIS", "2011-03-14", access_code)
        expect(lea.get_by_role("heading", level=1)).to_have_text("Question 1 sur 15")
        screens.check(lea, "09-candidat-question")
        # The live view shows her in progress without any reload.
        expect(row(invigilator, "DUBOIS Léa")).to_have_attribute(
            "data-status", "in_progress", timeout=LIVE_TIMEOUT_MS
        )
        gar_login(lucas, "Lucas Martin", screens)
        pupil_join(lucas, number, "Lucas", "Martin", "2011-02-07", access_code)
        pupil_login(ines, "ines.joseph")
        pupil_join(ines, number, "Ines", "Joseph-Angelique", "2011-02-11", access_code)
        expect(ines.get_by_role("heading", level=1)).to_have_text("Question 1 sur 15")

        # Léa answers everything: her end screen appears live on the invigilator's view.
        finish(lea)
        screens.check(lea, "10-candidat-ecran-de-fin")
        expect(row(invigilator, "DUBOIS Léa")).to_have_attribute(
            "data-status", "end_screen", timeout=LIVE_TIMEOUT_MS
        )
        screens.check(invigilator, "11-surveillant-salle")
        row(invigilator, "DUBOIS Léa").get_by_role("button", name=re.compile("J'ai vu")).click()
        expect(row(invigilator, "DUBOIS Léa")).to_have_attribute("data-status", "seen")

        # Lucas answers 5 questions, closes his browser, logs in again and resumes at 6.
        answer(lucas, 5)
        lucas.context.close()
        lucas = new_page(browser, base)
        gar_login(lucas, "Lucas Martin")
        pupil_join(lucas, number, "Lucas", "Martin", "2011-02-07", access_code)
        expect(lucas.get_by_role("heading", level=1)).to_have_text("Question 6 sur 15")
        finish(lucas)  # he leaves before the invigilator sees his end screen

        # Inès (33 % extra time, until 11:25) answers 2, then her time runs out.
        answer(ines, 2)
        clock.advance(minutes=141)  # 11:26
        ines.reload()
        expect(ines.get_by_role("alert")).to_contain_text("Le temps est écoulé")
        expect(ines.get_by_role("button", name="Je valide ma réponse")).to_have_count(0)
        screens.check(ines, "12-candidat-temps-ecoule")
        while ines.locator("#end-screen").count() == 0:
            ines.get_by_role("button", name="Je passe").click()
            ines.wait_for_load_state()
        expect(row(invigilator, "JOSEPH-ANGÉLIQUE Inès")).to_have_attribute(
            "data-status", "end_screen", timeout=LIVE_TIMEOUT_MS
        )
        row(invigilator, "JOSEPH-ANGÉLIQUE Inès").get_by_role(
            "button", name=re.compile("J'ai vu")
        ).click()
        expect(row(invigilator, "JOSEPH-ANGÉLIQUE Inès")).to_have_attribute("data-status", "seen")
        # The page's script (live view, report check) runs once the new page has loaded.
        invigilator.wait_for_load_state("load")

        # The invigilator files a report: without a question number it is refused.
        lucas_number = row(invigilator, "MARTIN Lucas").get_attribute("data-certification")
        invigilator.get_by_label("N° de certification").select_option(lucas_number)
        invigilator.get_by_label("Catégorie").select_option("IN_CHALLENGE:WEBSITE_UNAVAILABLE")
        invigilator.get_by_label("Description").fill("Le site à visiter ne répondait pas.")
        # The rules check it as it is typed: the missing question number shows at once.
        expect(invigilator.locator("#report-check .check-errors")).to_be_visible()
        invigilator.get_by_role("button", name="Enregistrer le signalement").click()
        expect(invigilator.locator("#erreurs")).to_be_visible()
        # The refusal keeps what was typed.
        expect(invigilator.get_by_label("Description")).to_have_value(
            "Le site à visiter ne répondait pas."
        )
        expect(invigilator.get_by_label("Catégorie")).to_have_value(
            "IN_CHALLENGE:WEBSITE_UNAVAILABLE"
        )
        expect(invigilator.get_by_label("N° de certification")).to_have_value(lucas_number or "")
        screens.check(invigilator, "13-surveillant-signalement-refuse")
        invigilator.get_by_label("N° de certification").select_option(lucas_number)
        invigilator.get_by_label("Catégorie").select_option("IN_CHALLENGE:WEBSITE_UNAVAILABLE")
        invigilator.get_by_label("N° de la question (pour les problèmes sur une question)").fill(
            "3"
        )
        invigilator.get_by_label("Description").fill("Le site à visiter ne répondait pas.")
        invigilator.get_by_role("button", name="Enregistrer le signalement").click()
        expect(invigilator.locator(".notice")).to_have_text("Signalement enregistré.")

        # --- the referent finalises ------------------------------------------------------
        pv = tmp_path / "pv-session.pdf"
        pv.write_bytes(PDF)
        referent.goto(f"/referent/sessions/{number}/finaliser")
        referent.get_by_label("PV de session scanné (PDF)").set_input_files(str(pv))
        screens.check(referent, "14-referent-finalisation")
        referent.get_by_role("button", name="Finaliser").click()
        expect(referent.get_by_role("status")).to_have_text("Session finalisée.")

        # --- the jury reviews and publishes ---------------------------------------------
        jury = new_page(browser, base)
        jury.goto("/connexion")
        jury.get_by_label("Jury Pix").check()
        jury.get_by_label("Code d'accès").fill(JURY_CODE)
        jury.get_by_role("button", name="Se connecter").click()
        jury.get_by_role("link", name=re.compile(f"Session {number}")).click()
        expect(jury.locator("#reasons")).to_be_visible()
        screens.check(jury, "15-jury-session")
        jury.get_by_role(
            "button", name=f"Confirmer le rejet de la certification {lucas_number}"
        ).click()
        jury.get_by_role("button", name="Publier les résultats").click()
        expect(jury.locator("#published")).to_be_visible()
        screens.check(jury, "16-jury-publie")

        # --- a pupil reads her result ---------------------------------------------------------
        lea.context.close()
        lea = new_page(browser, base)
        pupil_login(lea, "lea.dubois")
        lea.get_by_role("link", name="Voir mes résultats de certification").click()
        expect(lea.locator(".result-status")).to_have_text("Validée")
        assert int(lea.locator(".result-pix").inner_text()) > 0
        screens.check(lea, "17-candidat-resultat")
        with lea.expect_download() as download:
            lea.get_by_role("link", name=re.compile("Télécharger l'attestation")).click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert len(screens.checked) == 18
