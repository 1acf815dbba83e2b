"""saml.md §9 case 53 (reconciliation, §1.5) and linking through hooks."""

from __future__ import annotations

from datetime import date

import pytest
from pixcore_gar.host import GarHooks, create_gar_plugin_manager
from pixcore_gar.linking import GarAccountLinked, GarAccountRelinked, GarLinker
from pixcore_gar.reconcile import (
    Ambiguous,
    Learner,
    Matched,
    NotFound,
    levenshtein,
    match_learner,
    normalize_name,
    ratio,
)
from pixcore_gar.testing import expect_refusal

from pixcore.host.hookspecs import hookimpl
from pixcore.models.identity import VerifiedIdentity

BIRTH = date(2011, 3, 14)


def learner(id_, first, last, **extra):
    return Learner(
        id=id_, first_name=first, last_name=last, birthdate=extra.pop("birthdate", BIRTH), **extra
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Léa", "lea"),
        ("Le\u0301a", "lea"),  # NFD input
        (" Jean-Éric ", "jeaneric"),
        ("d'Ornano", "dornano"),
        ("Anne Marie", "annemarie"),
        ("ÇÀÉÎÕÜ", "caeiou"),
    ],
)
def test_case_53_unicode_names_normalised_as_pix(raw, expected):
    assert normalize_name(raw) == expected


def test_levenshtein_and_asymmetric_ratio():
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert ratio("lea", "lea") == 0
    assert ratio("leaa", "lea") == 0.25
    assert ratio("", "") == 0
    assert ratio("", "x") == float("inf")


LEARNERS = [
    learner("1", "Léa", "Martin"),
    learner("2", "Hugo", "Bernard", middle_name="Jean-Éric"),
    learner("3", "Chloé", "Dubois", preferred_last_name="Durand"),
    learner("4", "Emma", "Petit"),
    learner("5", "Emma", "Petit"),
    learner("6", "Lucas", "Moreau"),
    learner("7", "Léa", "Martin", birthdate=date(2010, 1, 1)),
]

CASES = [
    ("strict pass", "Léa", "Martin", Matched("1")),
    ("accents and case", "LEA", "martin", Matched("1")),
    ("0.25 pass", "Lucs", "Moreau", Matched("6")),
    ("middle name", "Jean Eric", "Bernard", Matched("2")),
    ("preferred last name", "Chloe", "Durand", Matched("3")),
    ("ambiguous", "Emma", "Petit", Ambiguous(2)),
    ("none", "Nina", "Garcia", NotFound()),
    ("too far", "Lx", "Martin", NotFound()),
]


@pytest.mark.parametrize(("label", "first", "last", "expected"), CASES, ids=[c[0] for c in CASES])
def test_case_53_reconciliation_table(label, first, last, expected):
    assert match_learner(first, last, BIRTH, LEARNERS) == expected


def test_case_53_birth_date_must_be_exact():
    assert match_learner("Léa", "Martin", date(2011, 3, 15), LEARNERS) == NotFound()


class Host:
    """A host storing links in memory and answering learner lookups."""

    def __init__(self):
        self.links = {}
        self.events = []

    @hookimpl
    def pixcore_gar_find_account(self, ido):
        return self.links.get(ido)

    @hookimpl
    def pixcore_gar_link_account(self, account_id, ido, first_name, last_name):
        self.links[ido] = account_id

    @hookimpl
    def pixcore_gar_relink(self, account_id, old_ido, new_ido):
        self.links.pop(old_ido, None)
        self.links[new_ido] = account_id

    @hookimpl
    def pixcore_gar_find_learners(self, uai, birthdate):
        return [item for item in LEARNERS if item.birthdate == birthdate]

    @hookimpl
    def pixcore_on_event(self, event):
        self.events.append(event)


def identity(ido="i" * 128, first="Emma", last="Petit"):
    return VerifiedIdentity(
        provider="GAR", subject=ido, first_name=first, last_name=last, uai=("0561641E",)
    )


@pytest.fixture
def host():
    return Host()


@pytest.fixture
def linker(host):
    return GarLinker(GarHooks(create_gar_plugin_manager(host)))


def test_case_53_ambiguous_reconciliation_code(linker):
    with expect_refusal("RECONCILIATION_AMBIGUOUS"):
        linker.reconcile(identity(), "0561641E", BIRTH)


def test_case_53_not_found_reconciliation_code(linker):
    with expect_refusal("RECONCILIATION_NOT_FOUND"):
        linker.reconcile(identity(first="Nina", last="Garcia"), "0561641E", BIRTH)


def test_reconcile_through_the_learners_hook(linker):
    assert linker.reconcile(identity(first="Léa", last="Martin"), "0561641E", BIRTH) == "1"


def test_link_emits_an_audit_event_without_the_ido(linker, host):
    linker.link("acc-1", identity())
    assert linker.account_for(identity()) == "acc-1"
    (event,) = host.events
    assert isinstance(event, GarAccountLinked)
    assert "i" * 128 not in event.model_dump_json()


def test_link_refuses_an_ido_already_linked_elsewhere(linker):
    linker.link("acc-1", identity())
    with expect_refusal("ALREADY_RECONCILED"):
        linker.link("acc-2", identity())


def test_relink_moves_the_account_to_the_new_ido(linker, host):
    linker.link("acc-1", identity(ido="old"))
    linker.relink("acc-1", "old", identity(ido="new"))
    assert host.links == {"new": "acc-1"}
    assert isinstance(host.events[-1], GarAccountRelinked)
