"""The weekly prompt's engine: claim a slot, post it, confirm it — exactly once.

:class:`DigestRunner` is given everything from outside: the shared database,
the digest config, the knowledge, the clock, and the functions the bot writes
to post a :class:`~scheduler.post.DigestPost` and to find an earlier post by its
slot marker. It never talks to Slack itself.

What it guarantees, whatever happens to the processes running it:

- a slot is claimed atomically before it is posted, so two schedulers on one
  database, or a restart, never post it twice;
- a claim whose owner died mid-post is resolved by looking for the slot's marker
  in the channel (``find_existing``), never by guessing: found means posted,
  not found means post it now if the grace period allows. Where the channel's
  history cannot be read (:class:`~scheduler.errors.HistoryUnavailable`), the
  state store's own record decides: a slot never attempted is posted, and one
  that may have gone out is not posted again but recorded as unconfirmed, and
  the admins are asked to look;
- a slot the bot was down for is posted late within the grace period, and
  otherwise recorded as missed (logged, and shown in ``digest status``);
- Slack being busy or failing is retried with backoff within the grace period,
  checking the channel first when the failed attempt may have posted anyway;
  a failure only a person can fix (``not_in_channel``) is recorded once and the
  admins are told, with no retries.

Why one module of about 640 lines (over the 400 we aim for): every path by which a
slot can be posted (on time, late, retried, after a crash, by hand) is a method of
the one :class:`DigestRunner`, and the guarantees above can only be checked by
reading those paths together. The admins' controls and the preview are short
methods here too, as they answer from the same schedule and state. What is kept
lives in :mod:`index.storage.digest`; what is posted is composed by
:mod:`scheduler.post`.

Example::

    runner = DigestRunner(database, config, kb, post=bot_post, find_existing=bot_find)
    runner.catch_up_on_start()        # after a restart
    runner.run_due("C0123TEAM")       # from the weekly job
"""

from __future__ import annotations

import difflib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from index.digest_config import ChannelSchedule, DigestConfig
from index.model import Knowledge
from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.digest_records import (
    CLAIMED,
    FAILED,
    MISSED,
    PAUSED,
    POSTED,
    SKIPPED,
    SlotRecord,
    Use,
)
from index.storage.errors import StorageError
from index.storage.workspace import SINGLE, Workspace
from scheduler.errors import (
    HistoryUnavailable,
    PermanentPostError,
    PostError,
    TransientPostError,
)
from scheduler.post import DigestPost, NothingToPost, compose_post
from scheduler.rotation import Choice, choose_next
from scheduler.slots import Slot, manual_slot, next_slot, slot_on, slots_between, week_slot

log = logging.getLogger(__name__)

#: The error code of a slot that may have been posted but could not be checked.
UNCONFIRMED = "unconfirmed"

#: Post a DigestPost to a channel; returns the parent message's ts.
PostFunction = Callable[[str, DigestPost], str]
#: Look for a post carrying a slot marker in a channel since a moment; its ts or None.
FindFunction = Callable[[str, str, datetime], str | None]

#: How long a claim stays ours while one attempt is in flight. Longer than the
#: bot's HTTP timeout, so a live attempt is never mistaken for a crashed one.
DEFAULT_LEASE = timedelta(minutes=5)
#: Waits between attempts when Slack is busy or failing (the last one repeats).
DEFAULT_BACKOFF = (15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0)
#: How long a post made by hand keeps retrying before saying it could not.
MANUAL_RETRY_WINDOW = timedelta(minutes=3)
#: How far before a claim to look in the channel for its post (clock skew).
HISTORY_MARGIN = timedelta(minutes=2)
#: Most missed slots recorded at once after a long outage.
MAX_MISSED_RECORDED = 52


@dataclass(frozen=True)
class Problem:
    """Something an admin needs to know about, for the bot to tell them."""

    channel: str
    slot_id: str
    when: str
    code: str
    detail: str = ""


@dataclass(frozen=True)
class Outcome:
    """What one attempt to handle a slot came to.

    ``status`` is one of: posted, already (someone else has it), missed,
    failed, skipped, paused, stopped (the process is shutting down).
    """

    channel: str
    slot_id: str
    status: str
    when: str
    theme: str | None = None
    ts: str | None = None
    detail: str = ""


class UnknownTheme(ValueError):
    """A theme id that is not in the knowledge; ``suggestions`` are close ones."""

    def __init__(self, theme: str, suggestions: Sequence[str]) -> None:
        super().__init__(theme)
        self.theme = theme
        self.suggestions = tuple(suggestions)


class DigestRunner:
    """Runs the weekly learning prompt for the channels in ``config``."""

    def __init__(
        self,
        database: Database,
        config: DigestConfig,
        knowledge: Knowledge,
        post: PostFunction,
        find_existing: FindFunction,
        clock: Callable[[], datetime] | None = None,
        *,
        workspace: Workspace = SINGLE,
        notify_admins: Callable[[Problem], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        owner: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
    ) -> None:
        self.state = DigestState(database, workspace)
        self.config = config
        self.knowledge = knowledge
        self._post = post
        self._find = find_existing
        # The database's clock unless told otherwise: every scheduler sharing the
        # database then agrees on when a slot is due and when a lease runs out.
        self.clock = clock or database.now
        self._notify = notify_admins
        self._stopping = threading.Event()
        self._sleep = sleep or self._wait
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease = lease
        self.backoff = tuple(backoff) or DEFAULT_BACKOFF

    # -- lifecycle ---------------------------------------------------------------

    def stop(self) -> None:
        """Stop waiting between retries; a claim left mid-retry is resolved on restart."""
        self._stopping.set()

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    # -- schedules -----------------------------------------------------------------

    def schedule(self, channel: str) -> ChannelSchedule:
        """The channel's schedule; a channel not in the config gets the default one
        (so an admin can post by hand to try a channel out)."""
        return self.config.schedule_for(channel) or ChannelSchedule(channel)

    def _channels(self, channel: str | None) -> list[ChannelSchedule]:
        return [self.schedule(channel)] if channel else list(self.config.channels)

    def pin_for(self, slot: Slot) -> str | None:
        """The theme pinned for the slot's week: a pin made with ``/scr digest pin``
        wins over one in the config file. Pins of themes no longer in the knowledge
        are ignored (and logged)."""
        stored = [p for p in self.state.pins(slot.channel, slot.week) if p.week == slot.week]
        stored.sort(key=lambda p: p.channel == "*")  # this channel's own pin first
        chosen = [p.theme for p in stored]
        chosen += [p.theme for p in self.config.pins if p.applies_to(slot.channel, slot.week)]
        for theme in chosen:
            if theme in self.knowledge.themes:
                return theme
            log.warning(
                "Ignoring the pin of %r for %s: it is no longer in the knowledge.", theme, slot.id
            )
        return None

    def _choose(self, slot: Slot) -> Callable[[list[Use]], Choice]:
        pin = self.pin_for(slot)
        return lambda history: choose_next(self.knowledge, history, pin=pin)

    # -- what runs on schedule -------------------------------------------------------

    def run_due(self, channel: str | None = None) -> list[Outcome]:
        """Handle every slot that is due now (in ``channel``, or every channel):
        resolve crashed claims, post the latest due slot if it is within the grace
        period, and record older or too-late ones as missed."""
        outcomes: list[Outcome] = []
        for schedule in self._channels(channel):
            try:
                outcomes += self._run_channel(schedule)
            except StorageError as error:
                # The database is down or refusing: an operational matter, said in one
                # line. A claim left half-way is resolved at the next look.
                log.error(
                    "The weekly prompt for %s could not be handled: %s It is tried again "
                    "at the next check.",
                    schedule.channel,
                    error,
                )
            except Exception:  # one channel's trouble must not stop the others
                log.exception("The weekly prompt for %s could not be handled.", schedule.channel)
        return outcomes

    def catch_up_on_start(self, channel: str | None = None) -> list[Outcome]:
        """What to do when the process starts: the same as :meth:`run_due` (for
        ``channel``, or every channel), logged as a catch-up."""
        outcomes = self.run_due(channel)
        handled = [o for o in outcomes if o.status in (POSTED, MISSED, FAILED)]
        for outcome in handled:
            log.info(
                "Catch-up on start: %s in %s: %s (%s).",
                outcome.when,
                outcome.channel,
                outcome.status,
                outcome.detail,
            )
        if not handled:
            log.info("Catch-up on start: nothing was due in %s.", channel or "any channel")
        return outcomes

    def _run_channel(self, schedule: ChannelSchedule) -> list[Outcome]:
        now = self.clock()
        outcomes = self._resolve_abandoned(schedule.channel)
        first_seen = self.state.first_seen(schedule.channel, now)
        latest = self.state.latest_scheduled(schedule.channel)
        since = max(first_seen, latest) if latest else first_seen
        due = slots_between(schedule, since, now)
        if not due:
            return outcomes
        *older, newest = due
        for slot in older[-MAX_MISSED_RECORDED:]:
            outcomes.append(self._missed(slot, now, "the bot was not running then"))
        if now - newest.at > self.config.grace:
            outcomes.append(
                self._missed(
                    newest,
                    now,
                    f"the bot was not running then, and it is now more than "
                    f"{_hours(self.config.grace)} since",
                )
            )
            return outcomes
        outcomes.append(self._handle_due(newest, now))
        return outcomes

    def _missed(self, slot: Slot, now: datetime, why: str) -> Outcome:
        if self.state.mark(slot, MISSED, now=now, error=why):
            log.warning(
                "Missed the weekly prompt for %s in %s: %s.", slot.describe(), slot.channel, why
            )
        return Outcome(slot.channel, slot.id, MISSED, slot.describe(), detail=why)

    def _handle_due(self, slot: Slot, now: datetime) -> Outcome:
        paused = self.state.paused(slot.channel)
        if paused is not None:
            self.state.mark(slot, PAUSED, now=now, error="paused by an admin")
            log.info(
                "Not posting %s in %s: the weekly prompt is paused.", slot.describe(), slot.channel
            )
            return Outcome(slot.channel, slot.id, PAUSED, slot.describe())
        if self.state.is_skipped(slot):
            self.state.mark(slot, SKIPPED, now=now, error="skipped by an admin")
            log.info("Not posting %s in %s: an admin skipped it.", slot.describe(), slot.channel)
            return Outcome(slot.channel, slot.id, SKIPPED, slot.describe())
        if self.state.week_taken(slot.channel, slot.week, other_than=slot.key):
            # The day or time was changed after this week's prompt went out.
            why = "this week's prompt had already gone out"
            self.state.mark(slot, SKIPPED, now=now, error=why)
            log.info("Not posting %s in %s: %s.", slot.describe(), slot.channel, why)
            return Outcome(slot.channel, slot.id, SKIPPED, slot.describe(), detail=why)
        return self._claim_and_post(slot, deadline=slot.at + self.config.grace)

    # -- posting ---------------------------------------------------------------------

    def _claim_and_post(
        self, slot: Slot, *, deadline: datetime, allow_from: Sequence[str] = ()
    ) -> Outcome:
        now = self.clock()
        try:
            record = self.state.claim(
                slot,
                owner=self.owner,
                now=now,
                lease=self.lease,
                choose=self._choose(slot),
                allow_from=allow_from,
            )
        except NothingToPost as error:
            log.error("Cannot post %s in %s: %s", slot.describe(), slot.channel, error)
            return Outcome(slot.channel, slot.id, FAILED, slot.describe(), detail=str(error))
        if record is None:
            existing = self.state.get(slot.channel, slot.key)
            return Outcome(
                slot.channel,
                slot.id,
                "already",
                slot.describe(),
                theme=existing.theme if existing else None,
                ts=existing.ts if existing else None,
                detail=f"already {existing.status}" if existing else "",
            )
        log.info("Claimed %s in %s for the theme %s.", slot.describe(), slot.channel, record.theme)
        return self._deliver(record, slot, deadline=deadline, check_first=False)

    def _deliver(
        self, record: SlotRecord, slot: Slot, *, deadline: datetime, check_first: bool
    ) -> Outcome:
        """Post a slot we hold the claim on, retrying within ``deadline``."""
        attempt = 0
        while True:
            now = self.clock()
            if not self.state.renew(record, owner=self.owner, now=now, until=now + self.lease):
                # Our claim ran out while we waited and another process took it over.
                log.warning(
                    "Gave up %s in %s: another process is handling it.",
                    slot.describe(),
                    slot.channel,
                )
                return Outcome(
                    slot.channel, slot.id, "already", slot.describe(), theme=record.theme
                )
            try:
                if check_first:
                    try:
                        found = self._find(slot.channel, slot.id, self._search_from(record))
                    except HistoryUnavailable as error:
                        return self._unconfirmed(record, slot, error)
                    if found:
                        return self._confirmed(record, slot, found, "found in the channel")
                post = compose_post(
                    self.knowledge,
                    record.theme or "",
                    record.example,
                    slot,
                    cycle=record.round or 1,
                    pinned=record.pinned,
                )
                ts = self._post(slot.channel, post)
            except TransientPostError as error:
                delay = max(
                    error.retry_after or 0.0, self.backoff[min(attempt, len(self.backoff) - 1)]
                )
                attempt += 1
                check_first = check_first or error.maybe_posted
                if self.clock() + timedelta(seconds=delay) > deadline:
                    return self._give_up(
                        record,
                        slot,
                        error,
                        f"Slack kept failing ({error.code}) until the grace period ran out",
                    )
                log.warning(
                    "Posting %s in %s failed (%s); trying again in %.0f s.",
                    slot.describe(),
                    slot.channel,
                    error.code,
                    delay,
                )
                # Hold the claim through the wait so no other process takes it over.
                now = self.clock()
                self.state.renew(
                    record,
                    owner=self.owner,
                    now=now,
                    until=now + timedelta(seconds=delay) + self.lease,
                    attempt=False,
                )
                self._sleep(delay)
                if self._stopping.is_set():
                    return Outcome(
                        slot.channel, slot.id, "stopped", slot.describe(), theme=record.theme
                    )
                continue
            except PermanentPostError as error:
                return self._give_up(record, slot, error, error.detail or error.code)
            except NothingToPost as error:
                return self._give_up(record, slot, PostError("no_theme"), str(error))
            except Exception as error:
                log.exception(
                    "Posting %s in %s failed unexpectedly.", slot.describe(), slot.channel
                )
                return self._give_up(
                    record, slot, PostError("unexpected_error"), type(error).__name__
                )
            return self._confirmed(record, slot, ts, "posted")

    def _confirmed(self, record: SlotRecord, slot: Slot, ts: str, how: str) -> Outcome:
        self.state.confirm(record, owner=self.owner, ts=ts, now=self.clock())
        log.info(
            "Weekly prompt %s in %s for %s: theme %s (ts %s).",
            how,
            slot.channel,
            slot.describe(),
            record.theme,
            ts,
        )
        return Outcome(
            slot.channel, slot.id, POSTED, slot.describe(), theme=record.theme, ts=ts, detail=how
        )

    def _give_up(self, record: SlotRecord, slot: Slot, error: PostError, why: str) -> Outcome:
        self.state.fail(record, owner=self.owner, error=f"{error.code}: {why}", now=self.clock())
        log.error(
            "Could not post the weekly prompt for %s in %s: %s.", slot.describe(), slot.channel, why
        )
        problem = Problem(slot.channel, slot.id, slot.describe(), error.code, why)
        if self._notify is not None:
            try:
                self._notify(problem)
            except Exception:  # telling the admins must never take the scheduler down
                log.exception(
                    "Could not tell the admins about %s in %s.", slot.describe(), slot.channel
                )
        return Outcome(
            slot.channel, slot.id, FAILED, slot.describe(), theme=record.theme, detail=why
        )

    def _unconfirmed(self, record: SlotRecord, slot: Slot, error: HistoryUnavailable) -> Outcome:
        """A post that may have gone out, in a channel whose history the bot cannot
        read: never posted again; recorded, and the admins asked to look."""
        log.warning(
            "Cannot tell whether the weekly prompt for %s in %s went out: the channel's "
            "history cannot be read (%s).",
            slot.describe(),
            slot.channel,
            error.detail or error.code,
        )
        why = (
            "it may have gone out when the bot stopped or Slack failed mid-post; the bot "
            f"cannot read the channel's history ({error.detail or error.code}), so going "
            "by its own record it did not post it again"
        )
        return self._give_up(record, slot, PostError(UNCONFIRMED), why)

    def _search_from(self, record: SlotRecord) -> datetime:
        return (record.claimed_at or self.clock()) - HISTORY_MARGIN

    # -- crashed claims ----------------------------------------------------------------

    def _resolve_abandoned(self, channel: str) -> list[Outcome]:
        outcomes = []
        for stale in self.state.abandoned(channel, self.clock()):
            record = self.state.take_over(
                stale, owner=self.owner, now=self.clock(), lease=self.lease
            )
            if record is None:
                continue  # another process is resolving it
            outcomes.append(self._resolve(record))
        return outcomes

    def _resolve(self, record: SlotRecord) -> Outcome:
        """A claim whose owner stopped mid-post: look in the channel, then decide."""
        slot = self.slot_of(record)
        log.info(
            "Checking %s for %s, claimed by a process that stopped.", slot.channel, slot.describe()
        )
        now = self.clock()
        try:
            found = self._find(slot.channel, slot.id, self._search_from(record))
        except HistoryUnavailable as error:
            if record.attempts:
                return self._unconfirmed(record, slot, error)
            # The record shows no attempt was made: nothing can be in the channel.
            log.info(
                "Going by the bot's own record for %s in %s (the channel's history cannot "
                "be read): it was never attempted.",
                slot.describe(),
                slot.channel,
            )
            found = None
        except TransientPostError as error:
            log.warning(
                "Could not check %s for %s yet (%s); will look again.",
                slot.channel,
                slot.describe(),
                error.code,
            )
            return Outcome(slot.channel, slot.id, CLAIMED, slot.describe(), theme=record.theme)
        except PermanentPostError as error:
            return self._give_up(
                record,
                slot,
                error,
                f"could not check the channel for an earlier post ({error.code})",
            )
        if found:
            return self._confirmed(record, slot, found, "found in the channel after a restart")
        deadline = now + MANUAL_RETRY_WINDOW if slot.manual else slot.at + self.config.grace
        if now > deadline:
            why = "the bot stopped while posting it and was back after the grace period"
            self.state.fail(record, owner=self.owner, error=why, now=now, status=MISSED)
            log.warning(
                "Missed the weekly prompt for %s in %s: %s.", slot.describe(), slot.channel, why
            )
            return Outcome(
                slot.channel, slot.id, MISSED, slot.describe(), theme=record.theme, detail=why
            )
        return self._deliver(record, slot, deadline=deadline, check_first=False)

    def slot_of(self, record: SlotRecord) -> Slot:
        """The slot a stored record stands for (with its marker as it was posted)."""
        schedule = self.schedule(record.channel)
        if record.slot.startswith("manual-"):
            return manual_slot(record.channel, record.scheduled_at, schedule.timezone)
        local_day = date.fromisoformat(record.slot[:10])
        slot = slot_on(schedule, local_day)
        if slot.key != record.slot:
            # The configured time changed since this slot was claimed; keep the
            # slot as it was recorded, so its marker still matches.
            local = datetime.fromisoformat(record.slot)
            slot = Slot(record.scheduled_at, record.channel, local, schedule.timezone)
        return slot

    # -- by hand -------------------------------------------------------------------------

    def post_now(self, channel: str, force: bool = False) -> Outcome:
        """Post this week's prompt in ``channel`` now, unless it has been posted (or
        skipped, or is being posted). With ``force``, post anyway: an extra post if
        this week's has gone out."""
        self._resolve_abandoned(channel)
        now = self.clock()
        schedule = self.schedule(channel)
        slot = week_slot(schedule, now)
        existing = self.state.get(channel, slot.key)
        deadline = now + MANUAL_RETRY_WINDOW
        if existing is None or existing.status in (MISSED, FAILED):
            return self._claim_and_post(slot, deadline=deadline, allow_from=(MISSED, FAILED))
        if not force:
            return Outcome(
                channel,
                slot.id,
                "already",
                slot.describe(),
                theme=existing.theme,
                ts=existing.ts,
                detail=f"this week's prompt is already {existing.status}",
            )
        if existing.status in (SKIPPED, PAUSED):
            return self._claim_and_post(
                slot, deadline=deadline, allow_from=(SKIPPED, PAUSED, MISSED, FAILED)
            )
        extra = manual_slot(channel, now, schedule.timezone)
        return self._claim_and_post(extra, deadline=deadline)

    def upcoming(self, channel: str) -> Slot:
        """The slot that will be posted next in ``channel``: this week's if it has
        not been handled and is not past its grace period, else the next one."""
        schedule = self.schedule(channel)
        now = self.clock()
        this_week = week_slot(schedule, now)
        if self.state.get(channel, this_week.key) is None:
            if this_week.at > now:
                return this_week
            # Already due: it goes out late only if the bot was set up before it
            # was due and the grace period has not run out.
            first_seen = self.state.known_since(channel)
            if first_seen and first_seen < this_week.at and now <= this_week.at + self.config.grace:
                return this_week
        return next_slot(schedule, max(now, this_week.at))

    def choice_for(self, slot: Slot) -> Choice:
        """The theme the rotation (or a pin) gives ``slot`` if it were claimed now."""
        return choose_next(self.knowledge, self.state.history(slot.channel), pin=self.pin_for(slot))

    def preview(self, channel: str) -> DigestPost:
        """What would be posted next in ``channel``, without posting or claiming it."""
        slot = self.upcoming(channel)
        choice = self.choice_for(slot)
        return compose_post(
            self.knowledge,
            choice.theme,
            choice.example,
            slot,
            cycle=choice.round,
            pinned=choice.pinned,
        )

    # -- admin controls ----------------------------------------------------------------

    def pause(self, channel: str, by: str | None = None) -> bool:
        """Pause the channel's prompt until :meth:`resume`; False if already paused."""
        changed = self.state.pause(channel, by=by, now=self.clock())
        if changed:
            log.info("The weekly prompt in %s is paused.", channel)
        return changed

    def resume(self, channel: str) -> bool:
        """Resume a paused channel; False if it was not paused."""
        changed = self.state.resume(channel)
        if changed:
            log.info("The weekly prompt in %s is running again.", channel)
        return changed

    def skip(self, channel: str, by: str | None = None) -> tuple[Slot, bool]:
        """Skip the next slot in ``channel``; returns it and whether this call skipped it."""
        slot = self.upcoming(channel)
        changed = self.state.skip(slot, by=by, now=self.clock())
        if changed:
            log.info("The weekly prompt for %s in %s will be skipped.", slot.describe(), channel)
        return slot, changed

    def pin(
        self, channel: str, theme: str, by: str | None = None, week: date | None = None
    ) -> date:
        """Pin ``theme`` in ``channel`` for ``week`` (by default the week of the next
        slot that is not skipped). Raises :class:`UnknownTheme` if the theme is not
        in the knowledge."""
        if theme not in self.knowledge.themes:
            close = difflib.get_close_matches(theme, list(self.knowledge.themes), n=3, cutoff=0.5)
            raise UnknownTheme(theme, close)
        if week is None:
            slot = self.upcoming(channel)
            while self.state.is_skipped(slot):  # a skipped week gets no theme to pin
                slot = next_slot(self.schedule(channel), slot.at)
            week = slot.week
        self.state.pin(channel, week, theme, by=by, now=self.clock())
        log.info("Pinned a theme for the week of %s in %s.", week.isoformat(), channel)
        return week


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:g} hour{'s' if hours != 1 else ''}"
