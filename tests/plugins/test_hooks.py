"""Every hook: documented in docs/hooks.md with its exact signature, and tested here.

The meta-tests follow datasette's: a hook without a ``## `name(args)` `` section in
docs/hooks.md, or without a ``test_hook_<name>`` test in this module, fails the suite.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from importlib.metadata import EntryPoint
from pathlib import Path

import pluggy
import pytest

import pixcore
from pixcore import CompetenceProfile, PluginHost, VerifiedIdentity, create_plugin_manager, hookimpl
from pixcore.errors import (
    HookResultError,
    InvalidPluginError,
    PluginLoadError,
    StoreNotConfiguredError,
)
from pixcore.events import StartTimeNoted
from pixcore.host.attachments import FolderAttachments
from pixcore.host.hookspecs import PixcoreSpecs
from pixcore.host.memory import MemoryAttachments, MemoryStorePlugin
from pixcore.host.migrations import StoreMigration
from pixcore.host.service import SessionService
from pixcore.host.store import InMemoryEventStore
from pixcore.lifecycle import commands as c
from pixcore.rules.identity import CandidateIdentity
from pixcore.testing.machine import FakeClock

DOCS = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"
HOOKS = sorted(name for name in vars(PixcoreSpecs) if name.startswith("pixcore_"))
T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def host_with(*plugins: object) -> PluginHost:
    return PluginHost(create_plugin_manager(autoload=False, plugins=plugins))


def signature(name: str) -> str:
    params = [p for p in inspect.signature(getattr(PixcoreSpecs, name)).parameters if p != "self"]
    return f"{name}({', '.join(params)})"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented_with_its_signature(name: str) -> None:
    """docs/hooks.md has a section headed by the hook's exact signature."""
    assert f"## `{signature(name)}`" in DOCS.read_text("utf-8")


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_its_own_test(name: str) -> None:
    """This module has a test named ``test_hook_<name>``."""
    assert f"test_hook_{name}" in globals()


def test_docs_list_no_removed_hook() -> None:
    """Every hook section in docs/hooks.md is a real hook."""
    documented = re.findall(r"^## `(pixcore_\w+)\(", DOCS.read_text("utf-8"), re.MULTILINE)
    assert sorted(documented) == HOOKS


def test_hook_pixcore_addhooks() -> None:
    """A plugin registered later still adds its specs (historic), and its hooks validate."""

    class ExtraSpecs:
        @pixcore.hookspec
        def pixcore_extra_answer(self) -> int:  # type: ignore[empty-body]
            """An extra hook."""

    class Adapter:
        @hookimpl
        def pixcore_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            pluginmanager.add_hookspecs(ExtraSpecs)

    class Answerer:
        @hookimpl
        def pixcore_extra_answer(self) -> int:
            return 42

    pm = create_plugin_manager(autoload=False)
    pm.register(Adapter())
    pm.register(Answerer())
    pm.check_pending()
    assert pm.hook.pixcore_extra_answer() == [42]


def test_hook_pixcore_event_store() -> None:
    """A plugin's store is used; none is a coded startup error (no in-memory fallback)."""
    store = InMemoryEventStore()

    class Store:
        @hookimpl
        def pixcore_event_store(self) -> InMemoryEventStore:
            return store

    assert host_with(Store()).event_store() is store
    memory = MemoryStorePlugin()
    assert host_with(memory).event_store() is memory.events
    with pytest.raises(StoreNotConfiguredError) as excinfo:
        host_with().event_store()
    assert excinfo.value.code == "STORE_NOT_CONFIGURED"
    assert "pixcore-sqlite" in excinfo.value.message
    with pytest.raises(StoreNotConfiguredError) as excinfo:
        SessionService(host_with(MemoryAttachments()))  # raised when built, not later
    assert excinfo.value.code == "STORE_NOT_CONFIGURED"

    class Broken:
        @hookimpl
        def pixcore_event_store(self) -> str:
            return "not a store"

    with pytest.raises(HookResultError):
        host_with(Broken()).event_store()


def test_hook_pixcore_open_store() -> None:
    """The first plugin that owns a location opens it; other locations get None."""
    store = InMemoryEventStore()

    class Opened:
        @hookimpl
        def pixcore_event_store(self) -> InMemoryEventStore:
            return store

    class Memory:
        @hookimpl
        def pixcore_open_store(self, location: str) -> object | None:
            return Opened() if location == "memory:" else None

    host = host_with(Memory())
    opened = host.open_store("memory:")
    assert isinstance(opened, Opened)
    assert host_with(opened).event_store() is store
    assert host.open_store("elsewhere:") is None


def test_hook_pixcore_store_migrate() -> None:
    """The plugin owning a location migrates it; a wrong answer type is refused (issue 13)."""
    calls: list[tuple[str, bool]] = []

    class Owner:
        @hookimpl
        def pixcore_store_migrate(self, location: str, apply: bool) -> object | None:
            calls.append((location, apply))
            if location == "bad:":
                return "done"
            if not location.startswith("mine:"):
                return None
            applied = ("1: tables",) if apply else ()
            return StoreMigration("mine", location, 0, 1 if apply else 0, applied)

    host = host_with(Owner())
    report = host.migrate_store("mine:x")
    assert report is not None and report.applied == ("1: tables",) and report.after == 1
    dry = host.migrate_store("mine:x", apply=False)
    assert dry is not None and dry.after == 0
    assert host.migrate_store("elsewhere:") is None
    assert calls[:2] == [("mine:x", True), ("mine:x", False)]
    with pytest.raises(HookResultError):
        host.migrate_store("bad:")


def test_hook_pixcore_on_event() -> None:
    """Observers see each stored event with its stream and version."""
    seen: list[tuple[str, str, int]] = []

    class Observer:
        @hookimpl
        def pixcore_on_event(self, event: object, stream: str, version: int) -> None:
            seen.append((type(event).__name__, stream, version))

    service = SessionService(host_with(MemoryStorePlugin(), Observer(), FakeClock(T0)))
    session = pixcore.Session(number=5, site="S", room="R", date=T0.date(), time=T0.time(),
                              invigilator="I", access_code="BCDF23")  # fmt: skip
    service.execute(5, c.CreateSession(session=session))
    service.execute(5, c.NoteStartTime(noted_start=T0))
    assert seen == [("SessionCreated", "5", 1), ("StartTimeNoted", "5", 2)]


def test_hook_pixcore_person_erased() -> None:
    """Plugins are told each erased candidate and the account to unlink (issue 17)."""
    told: list[tuple[int, str, str | None]] = []

    class Links:
        @hookimpl
        def pixcore_person_erased(
            self, session_number: int, candidate_id: str, user: str | None
        ) -> None:
            told.append((session_number, candidate_id, user))

    service = SessionService(host_with(MemoryStorePlugin(), Links(), FakeClock(T0)))
    session = pixcore.Session(number=5, site="S", room="R", date=T0.date(), time=T0.time(),
                              invigilator="I", access_code="BCDF23")  # fmt: skip
    service.execute(5, c.CreateSession(session=session))
    place = pixcore.BirthPlace(country_code="99100", country="FRANCE", city="Paris",
                               insee_code="75056", department_code="75")  # fmt: skip
    candidate = pixcore.Candidate(last_name="Dubois", first_name="Léa", sex="F",
                                  birth_date=dt.date(2010, 5, 17), birth_place=place)  # fmt: skip
    service.execute(5, c.EnrolCandidate(candidate=candidate))
    service.execute(5, c.RemoveCandidate(candidate_id="C2"))
    service.erase_person(5, "C2")
    assert told == [(5, "C2", None)]


def test_hook_pixcore_now() -> None:
    """The clock plugin's time is used; the default is aware UTC; naive is refused."""
    assert host_with(FakeClock(T0)).now() == T0
    assert host_with().now().utcoffset() == dt.timedelta(0)

    class Naive:
        @hookimpl
        def pixcore_now(self) -> dt.datetime:
            return dt.datetime(2026, 1, 1)

    with pytest.raises(HookResultError):
        host_with(Naive()).now()


def test_hook_pixcore_resolve_profile() -> None:
    """A profile resolver answers for a user; none by default."""
    profile = CompetenceProfile(pix={"1.1": 8})

    class Profiles:
        @hookimpl
        def pixcore_resolve_profile(
            self, session_number: int, user: str
        ) -> CompetenceProfile | None:
            return profile if user == "PIX:1" else None

    assert host_with(Profiles()).resolve_profile(5, "PIX:1") == profile
    assert host_with(Profiles()).resolve_profile(5, "PIX:2") is None
    assert host_with().resolve_profile(5, "PIX:1") is None


def test_hook_pixcore_store_attachment(tmp_path: Path) -> None:
    """An attachment store gives references; none configured is a coded startup error."""
    host = host_with(MemoryAttachments())
    reference = host.store_attachment(5, "pv_session", "pv.pdf", b"%PDF")
    assert reference.startswith("memory:5/pv_session/")
    assert host.attachment_exists(reference)
    assert not host_with(MemoryAttachments()).attachment_exists(reference)  # another store
    folder = host_with(FolderAttachments(tmp_path / "pieces"))
    on_disk = folder.store_attachment(5, "pv_incident", "../../pv d'incident.pdf", b"%PDF")
    assert on_disk.startswith("file:5/pv_incident/") and ".." not in on_disk
    assert folder.attachment_exists(on_disk)
    assert not folder.attachment_exists("file:../../etc/passwd")
    with pytest.raises(StoreNotConfiguredError) as excinfo:
        host_with().store_attachment(5, "pv_session", "pv.pdf", b"%PDF")
    assert excinfo.value.code == "ATTACHMENT_STORE_NOT_CONFIGURED"
    with pytest.raises(StoreNotConfiguredError) as excinfo:
        SessionService(host_with(pixcore_event_store_plugin()))
    assert excinfo.value.code == "ATTACHMENT_STORE_NOT_CONFIGURED"
    (tmp_path / "blocked").write_text("a file where the folder should be")
    with pytest.raises(pixcore.PixcoreError) as excinfo:
        host_with(FolderAttachments(tmp_path / "blocked")).store_attachment(5, "x", "a", b"")
    assert excinfo.value.code == "ATTACHMENT_NOT_WRITABLE"


def pixcore_event_store_plugin() -> object:
    """A plugin with an event store and no attachment store."""
    from pixcore.host.memory import EventStorePlugin

    return EventStorePlugin(InMemoryEventStore())


def test_hook_pixcore_attachment_exists() -> None:
    """Finalisation through the service refuses an attachment no store knows."""
    host = host_with(MemoryStorePlugin(), FakeClock(T0))
    assert not host.attachment_exists("s3://nowhere")
    service = SessionService(host)
    with pytest.raises(pixcore.InvalidInputError) as excinfo:
        service.execute(
            5, c.Finalise(pv_scan="s3://nowhere", has_incident=False, has_joining_issue=False)
        )
    assert excinfo.value.code == "ATTACHMENT_UNKNOWN"


def test_hook_pixcore_delete_attachment(tmp_path: Path) -> None:
    """Each store deletes its own references only; a second delete finds nothing."""
    folder, memory = FolderAttachments(tmp_path), MemoryAttachments()
    host = host_with(MemoryStorePlugin(), folder, memory, FakeClock(T0))
    on_disk = folder.pixcore_store_attachment(5, "pv_session", "pv.pdf", b"%PDF")
    in_memory = memory.pixcore_store_attachment(5, "pv_session", "pv.pdf", b"%PDF")
    assert host.delete_attachment(on_disk) and host.delete_attachment(in_memory)
    assert not host.attachment_exists(on_disk) and not host.attachment_exists(in_memory)
    assert not host.delete_attachment(on_disk) and not host.delete_attachment(in_memory)
    assert not host.delete_attachment("file:../outside") and not host.delete_attachment("s3:x")
    assert list(tmp_path.rglob("*")) == [tmp_path / "5", tmp_path / "5" / "pv_session"]


def test_hook_pixcore_resolve_identity() -> None:
    """A GAR identity joins with the learner record the host resolves."""
    learner = CandidateIdentity("Léa", "Dubois", dt.date(2010, 5, 17))

    class School:
        @hookimpl
        def pixcore_resolve_identity(
            self, identity: VerifiedIdentity, session_number: int
        ) -> CandidateIdentity:
            return learner

    gar = VerifiedIdentity(provider="GAR", subject="ido-1")
    assert host_with(School()).resolve_identity(gar, 5) == learner
    assert host_with().resolve_identity(gar, 5) is None


def test_hook_pixcore_on_identity_linked(referential: pixcore.Referential) -> None:
    """Joining through the service with a login identity tells the observers once."""
    linked: list[tuple[str, int, str]] = []
    learner = CandidateIdentity("Léa", "Dubois", dt.date(2010, 5, 17))

    class School:
        @hookimpl
        def pixcore_resolve_identity(
            self, identity: VerifiedIdentity, session_number: int
        ) -> CandidateIdentity:
            return learner

        @hookimpl
        def pixcore_on_identity_linked(
            self, identity: VerifiedIdentity, session_number: int, candidate_id: str
        ) -> None:
            linked.append((identity.subject, session_number, candidate_id))

    service = SessionService(host_with(MemoryStorePlugin(), School(), FakeClock(T0)))
    session = pixcore.Session(number=5, site="S", room="R", date=T0.date(), time=T0.time(),
                              invigilator="I", access_code="BCDF23")  # fmt: skip
    service.execute(5, c.CreateSession(session=session))
    candidate = pixcore.validate_candidate(
        {"last_name": "Dubois", "first_name": "Léa", "sex": "F", "birth_date": "2010-05-17",
         "birth_country": "France", "birth_insee_code": "75056"}, referential=referential)  # fmt: skip
    service.execute(5, c.EnrolCandidate(candidate=candidate))
    gar = VerifiedIdentity(provider="GAR", subject="ido-1")
    first = service.join(5, identity=gar, access_code="BCDF23")
    again = service.join(5, identity=gar, access_code="BCDF23")  # a resume links nothing new
    assert [subject for subject, _, _ in linked] == ["ido-1"]
    # The typed answer: the certification number without digging in events.
    assert (first.resumed, again.resumed) == (False, True)
    assert first.certification_number == again.certification_number
    state = service.load(5)
    assert state.certifications[first.certification_number].candidate_id == linked[0][2]


class TestLoading:
    def _fake_entry_points(self, monkeypatch: pytest.MonkeyPatch, *entries: EntryPoint) -> None:
        monkeypatch.setattr("pixcore.host.plugins.entry_points", lambda group: list(entries))

    def test_strict_by_default_tolerant_on_request(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A broken entry point raises PluginLoadError; strict=False skips it (logged)."""
        broken = EntryPoint(name="broken", value="pixcore_no_such_module", group="pixcore.plugins")
        self._fake_entry_points(monkeypatch, broken)
        with pytest.raises(PluginLoadError) as excinfo:
            create_plugin_manager(environ={})
        assert excinfo.value.meta["plugin"] == "broken"
        pm = create_plugin_manager(strict=False, environ={})
        assert not pm.has_plugin("broken")

    def test_autoload_switches(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The env var, autoload=False and blocked names all skip entry points."""
        real = EntryPoint(name="sample", value="pixcore.host.defaults", group="pixcore.plugins")
        self._fake_entry_points(monkeypatch, real)
        assert create_plugin_manager(environ={}).has_plugin("sample")
        assert not create_plugin_manager(
            environ={"PIXCORE_DISABLE_PLUGIN_AUTOLOAD": "1"}
        ).has_plugin("sample")
        assert not create_plugin_manager(autoload=False).has_plugin("sample")
        assert not create_plugin_manager(blocked=["sample"], environ={}).has_plugin("sample")

    def test_invalid_plugin_is_reported_with_its_name(self) -> None:
        """A hook implementation with an unknown argument → InvalidPluginError."""

        class Wrong:
            @hookimpl
            def pixcore_now(self, timezone: str) -> None:
                return None

        with pytest.raises(InvalidPluginError):
            create_plugin_manager(autoload=False, plugins=[Wrong()])

    def test_managers_are_independent(self) -> None:
        """Two managers share nothing (no module-global state), nor two memory plugins."""
        first, second = host_with(MemoryStorePlugin()), host_with(MemoryStorePlugin())
        first.event_store().append(
            "1", [StartTimeNoted(noted_start=T0)], expected_version=0, recorded_at=T0
        )
        assert second.event_store().load("1") == ()


def test_hook_pixcore_school_details() -> None:
    """The school's details reach its documents; the default is the session's site."""
    import io

    from documents_support import demo_like_state
    from pypdf import PdfReader

    from pixcore.formats.documents import render_notice
    from pixcore.models.school import SchoolDetails

    class School:
        @hookimpl
        def pixcore_school_details(
            self, session_number: int, establishment: str | None
        ) -> SchoolDetails | None:
            if establishment != "0750001A":
                return None
            return SchoolDetails(
                name="Collège Simone Veil",
                address=("3 rue des Écoles",),
                wording={"notice.title": "Comment rejoindre la session"},
            )

    assert host_with(School()).school_details(7, "0750001A").name == "Collège Simone Veil"
    assert host_with(School()).school_details(7, "0130002B") == SchoolDetails()
    assert host_with().school_details(7, None) == SchoolDetails()

    state = demo_like_state(3)
    details = host_with(School()).school_details(7, "0750001A")
    text = PdfReader(io.BytesIO(render_notice(state, details))).pages[0].extract_text()
    assert "Collège Simone Veil" in text and "3 rue des Écoles" in text
    assert "Comment rejoindre la session" in text
    default = PdfReader(io.BytesIO(render_notice(state))).pages[0].extract_text()
    assert "Collège Simone Veil" not in default and state.session is not None
    assert state.session.site in default

    class Wrong:
        @hookimpl
        def pixcore_school_details(self, session_number: int, establishment: str | None) -> str:
            return "Collège"

    with pytest.raises(HookResultError):
        host_with(Wrong()).school_details(7, None)


def test_hook_pixcore_cli_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plugin adds a subcommand; its coded refusal prints like a built-in command's."""
    import argparse

    from pixcore.cli import app
    from pixcore.errors import RefusedError

    def hello(args: argparse.Namespace) -> int:
        if args.refuse:
            raise RefusedError("SESSION_NOT_JOINABLE")
        print(f"bonjour {args.name}")
        return 0

    class Commands:
        @hookimpl
        def pixcore_cli_commands(
            self, commands: argparse._SubParsersAction[argparse.ArgumentParser]
        ) -> None:
            parser = commands.add_parser("bonjour", help="dire bonjour")
            parser.add_argument("name")
            parser.add_argument("--refuse", action="store_true")
            parser.set_defaults(handler=hello, json=False)

    def manager(**_: object) -> pluggy.PluginManager:
        return create_plugin_manager(autoload=False, plugins=[Commands()])

    monkeypatch.setattr(app, "create_plugin_manager", manager)
    assert app.main(["bonjour", "Léa"]) == 0
    assert capsys.readouterr().out == "bonjour Léa\n"
    assert app.main(["bonjour", "Léa", "--refuse"]) == 1
    assert "SESSION_NOT_JOINABLE" in capsys.readouterr().err
    monkeypatch.setattr(
        app, "create_plugin_manager", lambda **_: create_plugin_manager(autoload=False)
    )
    assert app.main(["bonjour", "Léa"]) == 2  # without the plugin: a usage error


def test_cli_commands_come_from_their_own_group_and_a_broken_one_is_skipped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only ``pixcore.commands`` is read; a plugin that fails to load adds no command."""
    from pixcore.cli import app

    asked: list[str] = []

    def fake_entry_points(*, group: str) -> list[EntryPoint]:
        asked.append(group)
        return [EntryPoint(name="broken", value="pixcore_no_such_module:x", group=group)]

    monkeypatch.setattr(app, "entry_points", fake_entry_points)
    assert app.main(["--version"]) == 0
    assert asked == ["pixcore.commands"]
    assert app.main(["serve"]) == 2  # no command added, the others still work
    capsys.readouterr()
