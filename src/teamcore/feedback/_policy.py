"""The feedback policies: which rules apply and their parameters, with defaults from the leadership guidance."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from teamcore._validators import check_date, check_enum, check_identifier, check_int_range
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.feedback._model import Cadence, ReviewKind

__all__ = ["CADENCE_DAYS", "FeedbackPolicy", "Rule"]


class Rule(enum.StrEnum):
    """The rules a :class:`FeedbackPolicy` can enforce."""

    TIMELY_FEEDBACK = "timely_feedback"
    """Behavioural feedback (praise, constructive) within N business days of the observation."""
    QUARTERLY_REVIEW = "quarterly_review"
    """An overall review of every member who has a lead, for each calendar quarter, held by the quarter's end.

    A review counts for the quarter in which its period ends."""
    ONE_ON_ONE = "one_on_one"
    """A 1:1 series at the member's cadence, and each slot held."""
    NO_SURPRISES = "no_surprises"
    """Every topic raised in a review appeared in earlier feedback to that person."""
    UPWARD_REQUESTED = "upward_requested"
    """Every lead asks for upward feedback at least once per quarter."""
    RECOGNITION_RATIO = "recognition_ratio"
    """At least N pieces of recognition per piece of constructive feedback, per quarter."""


CADENCE_DAYS: Mapping[Cadence, int] = MappingProxyType({Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 31})
"""The longest gap, in days, of each cadence (used to compare cadences)."""


def _rules(value: Iterable[Rule | str] | None) -> frozenset[Rule]:
    if value is None:
        return frozenset(Rule)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("rules", value, "a collection of rule names")
    return frozenset(check_enum(Rule, "rules")(v) for v in value)


def _review_kinds(value: Iterable[ReviewKind | str]) -> frozenset[ReviewKind]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("review_kinds", value, "a collection of review kinds")
    kinds = frozenset(check_enum(ReviewKind, "review_kinds")(v) for v in value)
    if not kinds:
        raise InvalidValue("review_kinds", sorted(kinds), "at least one review kind")
    return kinds


def _overrides(value: Mapping[str, Cadence | str] | None) -> Mapping[str, Cadence]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise WrongType("cadence_overrides", value, "a mapping of member id -> cadence")
    return MappingProxyType(
        {
            check_identifier(k, "cadence_overrides"): check_enum(Cadence, f"cadence_overrides.{k}")(v)
            for k, v in sorted(value.items())
        }
    )


def _cadence(value: object) -> Cadence:
    return check_enum(Cadence, "one_on_one_cadence")(value)


def _ratio(_instance: object, _attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongType("min_recognition_ratio", value, "a number of recognitions per constructive item")
    if not 0 <= value <= 100:
        raise OutOfRange("min_recognition_ratio", value, "a number from 0 to 100")


@attrs.frozen(kw_only=True)
class FeedbackPolicy:
    """What the compliance engine checks, and with which parameters.

    Parameters
    ----------
    rules
        The rules to check; default all of :class:`Rule`.
    feedback_within
        Business days after the observation by which behavioural feedback is due (default 3: "so the person still
        remembers tone, body language and choice of words"), counted in the *giver's* working calendar.
    review_kinds
        Review kinds that count as the overall quarterly review (default ``manager``).
    one_on_one_cadence
        The cadence every member's 1:1 series must have at least (default biweekly).
    cadence_overrides
        Member id → cadence, for members agreed to meet more or less often.
    min_recognition_ratio
        Recognition items per constructive item within a quarter (default 3, i.e. 3:1).
    anonymity_threshold
        Upward and peer feedback is shown only aggregated over at least this many distinct givers (default 3).
    tracking_since
        The first local date obligations are counted from; default ``None``: the start of the quarter before the
        one containing ``now``.

    Examples
    --------
    >>> FeedbackPolicy().feedback_within
    3
    >>> FeedbackPolicy(feedback_within=2, rules=["timely_feedback"]).rules
    frozenset({<Rule.TIMELY_FEEDBACK: 'timely_feedback'>})
    >>> FeedbackPolicy(anonymity_threshold=1)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OutOfRange: anonymity_threshold: expected an integer from 2 to 1000, got 1
    """

    rules: frozenset[Rule] = attrs.field(default=None, converter=_rules)
    feedback_within: int = attrs.field(default=3, validator=lambda _i, a, v: check_int_range(v, a.name, 0, 60))
    review_kinds: frozenset[ReviewKind] = attrs.field(default=frozenset({ReviewKind.MANAGER}), converter=_review_kinds)
    one_on_one_cadence: Cadence = attrs.field(default=Cadence.BIWEEKLY, converter=_cadence)
    cadence_overrides: Mapping[str, Cadence] = attrs.field(default=None, converter=_overrides)
    min_recognition_ratio: float = attrs.field(default=3.0, validator=_ratio)
    anonymity_threshold: int = attrs.field(default=3, validator=lambda _i, a, v: check_int_range(v, a.name, 2, 1000))
    tracking_since: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(lambda _i, a, v: check_date(v, a.name))
    )

    def cadence_for(self, member_id: str) -> Cadence:
        """The cadence `member_id`'s 1:1s must have at least."""
        return self.cadence_overrides.get(member_id, self.one_on_one_cadence)

    def applies(self, rule: Rule) -> bool:
        """Whether `rule` is checked."""
        return rule in self.rules

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> FeedbackPolicy:
        """Read a policy from a table (a TOML ``[feedback]`` section or a JSON object), dates as ISO strings.

        The same reading as :func:`~teamcore.feedback.load_feedback_policy`, which reports every problem of a file;
        this raises the first.

        Raises
        ------
        ValidationError
            For an unknown key or a bad value (:class:`InvalidValue`, :class:`WrongType`, ...).
        """
        from teamcore.feedback._policy_file import from_table  # noqa: PLC0415 - that module builds on this one

        return from_table(table)
