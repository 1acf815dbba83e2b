"""The lifecycle state machine (pixcore.testing.SessionMachine) on the in-memory store."""

from __future__ import annotations

from hypothesis import settings

from pixcore.testing.machine import SessionMachine

SessionMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestSessionMachine = SessionMachine.TestCase
