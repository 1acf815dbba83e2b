"""The live hub (``pixcore_on_event`` → server-sent events) and the room view's statuses."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

from pixcore_web.live import LiveHub, event_stream
from pixcore_web.room import room_rows
from web_support import PARIS

from pixcore import Referential, validate_candidate
from pixcore.events import StartTimeNoted
from pixcore.host.memory import MemoryStorePlugin
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.lifecycle import commands as cmd
from pixcore.models.session import Session

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)
REFERENTIAL = Referential.load()


def test_an_event_from_another_thread_reaches_the_stream_of_its_session_only() -> None:
    hub = LiveHub()

    async def scenario() -> list[str]:
        stream = event_stream(hub, "42", disconnected=lambda: False, heartbeat_seconds=30)
        other = hub.subscribe("43")
        received = [await anext(stream)]  # the opening event
        assert hub.count("42") == 1 and hub.count() == 2
        event = StartTimeNoted(noted_start=T0)
        thread = threading.Thread(target=hub.pixcore_on_event, args=(event, "42", 7))
        thread.start()
        received.append(await asyncio.wait_for(anext(stream), 10))
        thread.join()
        assert other.queue.empty()  # session 43 heard nothing
        await stream.aclose()
        assert hub.count("42") == 0  # closing the stream unsubscribes
        return received

    received = asyncio.run(scenario())
    assert received == ["retry: 2000\nevent: room\ndata: open\n\n", "event: room\ndata: 7\n\n"]


def test_a_slow_subscriber_keeps_only_the_newest_version() -> None:
    hub = LiveHub()

    async def scenario() -> int:
        subscription = hub.subscribe("42")
        for version in range(1, 50):
            hub.pixcore_on_event(StartTimeNoted(noted_start=T0), "42", version)
        await asyncio.sleep(0)  # let the loop run the pushes
        assert subscription.queue.qsize() == 1
        return subscription.queue.get_nowait()

    assert asyncio.run(scenario()) == 49


def test_a_heartbeat_ends_the_stream_once_the_browser_left() -> None:
    hub = LiveHub()

    async def scenario() -> list[str]:
        stream = event_stream(hub, "42", disconnected=lambda: True, heartbeat_seconds=0.01)
        return [item async for item in stream]

    assert len(asyncio.run(scenario())) == 1
    assert hub.count() == 0


def _service(now: list[dt.datetime]) -> SessionService:
    class Clock:
        from pixcore.host.hookspecs import hookimpl

        @hookimpl
        def pixcore_now(self) -> dt.datetime:
            return now[0]

    pm = create_plugin_manager(autoload=False, plugins=[MemoryStorePlugin(), Clock()])
    return SessionService(PluginHost(pm))


def test_room_rows_follow_the_test_and_the_deadline() -> None:
    now = [T0]
    service = _service(now)
    session = Session(number=7, site="Collège", room="S1", date=T0.date(), time=dt.time(9),
                      invigilator="Mme Martin", access_code="BCDF23")  # fmt: skip
    service.execute(7, cmd.CreateSession(session=session))
    for first, last in (("Léa", "Dubois"), ("Lucas", "Martin")):
        candidate = validate_candidate({
            "last_name": last, "first_name": first, "sex": "F", "birth_date": "2011-03-14",
            "birth_country": "France", "birth_insee_code": "75056",
        }, referential=REFERENTIAL)  # fmt: skip
        service.execute(7, cmd.EnrolCandidate(candidate=candidate))
    service.execute(7, cmd.NoteStartTime(noted_start=T0))
    service.execute(7, cmd.JoinSession(session_number=7, access_code="BCDF23", first_name="Léa",
                    last_name="Dubois", birth_date=dt.date(2011, 3, 14), user="PIX:1",
                    question_count=2))  # fmt: skip
    rows = {r.name: r for r in room_rows(service.load(7), T0 + dt.timedelta(minutes=30))}
    assert rows["MARTIN Lucas"].status == "absent"
    lea = rows["DUBOIS Léa"]
    assert (lea.status, lea.question, lea.question_count) == ("in_progress", 1, 2)
    assert (lea.deadline, lea.minutes_left) == ("10:45", 75)  # 105 minutes from 09:00
    late = room_rows(service.load(7), T0 + dt.timedelta(minutes=105))[0]
    assert (late.status, late.minutes_left) == ("time_over", 0)
    number = late.certification_number
    assert number is not None
    now[0] = T0 + dt.timedelta(minutes=10)
    for _ in range(2):
        service.execute(7, cmd.RecordAnswer(certification_number=number, status="ok"))
    assert room_rows(service.load(7), now[0])[0].status == "end_screen"
    service.execute(7, cmd.ConfirmEndScreen(certification_number=number))
    assert room_rows(service.load(7), now[0])[0].status == "seen"


def test_commands_on_one_session_run_one_at_a_time() -> None:
    """``in_turn`` never runs two calls on one session together (no version race)."""
    import threading
    import time
    from types import SimpleNamespace

    from pixcore_web.pages import in_turn

    locks = tuple(threading.Lock() for _ in range(64))
    request = SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(web=SimpleNamespace(locks=locks)))
    )
    active, peak, guard = [0], [0], threading.Lock()

    def command(index: int) -> int:
        with guard:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.002)  # widen the window a race would need
        with guard:
            active[0] -= 1
        return index

    async def scenario() -> list[int]:
        calls = (in_turn(request, 10001, command, i) for i in range(20))  # type: ignore[arg-type]
        return list(await asyncio.gather(*calls))

    assert asyncio.run(scenario()) == list(range(20))
    assert peak[0] == 1
