"""The meeting planner: candidate slots for required and optional participants, ranked by pain.

Every slot ``[start + k * step, start + k * step + duration)`` that fits in the window is scored with the pain
function of :mod:`teamcore.scheduling._pain`:

* a slot that overlaps the hard limit (the night band) of a **required** participant who did not opt in is dropped;
* its score is the sum of the required participants' pain plus ``optional_weight`` times the optional
  participants' pain (an optional participant never removes a slot; their pain only lowers its rank);
* slots are ranked by score, then by the worst single pain, then by start: ties are broken deterministically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import numpy as np

from teamcore._time import timezone
from teamcore._validators import check_int_range, instance_tuple
from teamcore.exceptions import DuplicateId, InvalidInterval, OutOfRange, WrongType
from teamcore.scheduling._intervals import epoch_seconds, from_epoch
from teamcore.scheduling._pain import PainProfile, PainWeights, Participant, _duration_seconds

__all__ = ["MeetingSlot", "candidate_slots"]


@attrs.frozen(kw_only=True)
class MeetingSlot:
    """A candidate meeting slot and what it costs each participant.

    Attributes
    ----------
    start, end
        The slot, UTC.
    score
        Required participants' pain plus ``optional_weight`` times optional participants' pain (lower is better).
    pain
        ``(member id, pain)`` for every participant, in the order given.
    blocked_optional
        Optional participants for whom the slot lies in their night (they are not expected to attend).
    """

    start: dt.datetime
    end: dt.datetime
    score: float
    pain: tuple[tuple[str, float], ...]
    blocked_optional: tuple[str, ...] = ()

    @property
    def worst(self) -> float:
        """The highest single pain (0 for a slot inside everyone's working hours)."""
        return max((p for _, p in self.pain), default=0.0)

    def local(self, tz: str) -> dt.datetime:
        """The start in IANA zone `tz`, for presentation."""
        return self.start.astimezone(timezone(tz))


def check_participants(participants: object) -> tuple[Participant, ...]:
    """Check a list of participants (no duplicates) and return it as a tuple."""
    items = instance_tuple(participants, "participants", Participant, "a Participant")
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise DuplicateId(f"participants[{i}].member.id", item.id, "each member at most once")
        seen.add(item.id)
    return items


def candidate_slots(
    participants: Iterable[Participant],
    start: dt.datetime,
    end: dt.datetime,
    duration: dt.timedelta,
    *,
    step: dt.timedelta = dt.timedelta(minutes=15),
    weights: PainWeights | None = None,
    optional_weight: float = 0.5,
    limit: int | None = None,
) -> tuple[MeetingSlot, ...]:
    """Rank every slot of `duration` in ``[start, end)`` on a grid of `step` from `start`.

    Parameters
    ----------
    participants
        Who is invited; see :class:`~teamcore.scheduling.Participant` for required, optional and night opt-in.
    start, end
        The window (aware datetimes); a slot must end by `end`.
    duration
        The meeting's length, a positive whole number of minutes.
    step
        The grid of start times, a positive whole number of minutes (default 15).
    weights
        The pain weights; default :class:`~teamcore.scheduling.PainWeights`.
    optional_weight
        How much an optional participant's pain counts against a slot (0-1, default 0.5).
    limit
        Return at most this many slots (the best ones); default all.

    Returns
    -------
    tuple of MeetingSlot
        Best first. Empty when no slot fits the window or every slot breaks a required participant's hard limit.
        With no participants every slot scores 0 and the slots come in time order.

    Raises
    ------
    WrongType, NaiveDatetime, OutOfRange, InvalidInterval, DuplicateId
        For bad arguments.

    Examples
    --------
    >>> from teamcore.people import Member
    >>> ny = Member(id="ny", name="Nia", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})
    >>> ldn = Member(id="ldn", name="Leo", timezone="Europe/London", country="GB", hours={"mon-fri": ["09:00-17:00"]})
    >>> day = dt.datetime(2026, 3, 4, tzinfo=dt.UTC)  # a Wednesday; New York and London 5 hours apart
    >>> best = candidate_slots([Participant(ny), Participant(ldn)], day, day + dt.timedelta(days=1),
    ...                        dt.timedelta(minutes=30))
    >>> [(s.start.strftime("%H:%M"), s.score) for s in best[:2]]  # 14:00Z is 09:00 in New York, 14:00 in London
    [('14:00', 0.0), ('14:15', 0.0)]
    >>> best[-1].start.strftime("%H:%M"), best[-1].worst  # the least bad of the rest
    ('21:30', 5.0)
    """
    people = check_participants(participants)
    lo, hi = epoch_seconds(start, "start"), epoch_seconds(end, "end")
    if hi < lo:
        raise InvalidInterval("end", f"{start}..{end}", "an end on or after the start")
    seconds = _duration_seconds(duration)
    every = _duration_seconds(step, "step")
    if isinstance(optional_weight, bool) or not isinstance(optional_weight, int | float):
        raise WrongType("optional_weight", optional_weight, "a number from 0 to 1")
    if not 0 <= optional_weight <= 1:
        raise OutOfRange("optional_weight", optional_weight, "a number from 0 to 1")
    if limit is not None:
        check_int_range(limit, "limit", 0, 1_000_000)
    starts = np.arange(lo, hi - seconds + 1, every, dtype=np.int64)
    if starts.size == 0:
        return ()
    ok = np.ones(starts.size, bool)
    score = np.zeros(starts.size)
    pains = np.zeros((len(people), starts.size))
    blocked_opt = np.zeros((len(people), starts.size), bool)
    for row, person in enumerate(people):
        profile = PainProfile.build(person.business_calendar(), lo, hi, night_ok=person.night_ok, weights=weights)
        pains[row] = np.round(profile.pain(starts, seconds), 6)
        blocked = profile.blocked(starts, seconds)
        if person.required:
            ok &= ~blocked
            score += pains[row]
        else:
            blocked_opt[row] = blocked
            score += optional_weight * pains[row]
    score = np.round(score, 6)
    worst = pains.max(axis=0) if people else np.zeros(starts.size)
    order = [i for i in np.lexsort((starts, worst, score)).tolist() if ok[i]]
    if limit is not None:
        order = order[:limit]
    ids = [p.id for p in people]
    return tuple(
        MeetingSlot(
            start=from_epoch(int(starts[i])),
            end=from_epoch(int(starts[i]) + seconds),
            score=float(score[i]),
            pain=tuple((ids[r], float(pains[r, i])) for r in range(len(people))),
            blocked_optional=tuple(ids[r] for r in range(len(people)) if blocked_opt[r, i]),
        )
        for i in order
    )
