"""The feedback policies: which rules apply and their parameters, with defaults from the leadership guidance.

Also the reading of a table of settings (:func:`from_settings`), which :meth:`FeedbackPolicy.from_mapping` and the
policy files (:mod:`teamcore.feedback._policy_file`) share: it lives here, beside the class, so that the file module
builds on this one and not the other way round.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from teamcore._display import short_repr
from teamcore._documents import build, parse_date
from teamcore._suggest import suggest
from teamcore._validators import check_date, check_enum, check_identifier, check_int_range
from teamcore.exceptions import InvalidValue, OutOfRange, UnknownReference, ValidationError, WrongType
from teamcore.feedback._model import Cadence, ReviewKind

if TYPE_CHECKING:
    from teamcore.people import Organisation

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

    def __repr__(self) -> str:
        return short_repr(self)

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
        if not isinstance(table, Mapping):
            raise WrongType("policy", table, "a table of policy settings")
        policy, errors = from_settings(table, None, "")
        if errors:
            raise errors[0]
        assert policy is not None
        return policy


# -- reading a table of settings ------------------------------------------------------------------------------------


def _names(cls: type[enum.StrEnum], field: str, value: object) -> tuple[list[Any], list[ValidationError]]:
    """A list of enum values, each element checked so every bad one is reported (``rules[2]``)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        return [], [WrongType(field, value, f"a list of {field.replace('_', ' ')}: {[e.value for e in cls]}")]
    errors: list[ValidationError] = []
    for i, each in enumerate(value):
        try:
            check_enum(cls, f"{field}[{i}]")(each)
        except ValidationError as err:
            errors.append(err)
    return list(value), errors


def _override_entries(value: object, org: Organisation | None) -> tuple[Any, list[ValidationError]]:
    """Member id -> cadence, each entry checked (and the member looked up in `org` when given)."""
    if not isinstance(value, Mapping):
        return value, [WrongType("cadence_overrides", value, "a table of member id -> cadence")]
    errors: list[ValidationError] = []
    for key, cadence in value.items():
        field = f"cadence_overrides.{key}"
        try:
            check_identifier(key, field)
            if org is not None and key not in org:
                raise UnknownReference(
                    field,
                    key,
                    "the id of a member of the organisation",
                    suggestion=suggest(key, [m.id for m in org.members]),
                )
            check_enum(Cadence, field)(cadence)
        except ValidationError as err:
            errors.append(err)
    return value, errors


def _tracking_since(value: object) -> tuple[Any, list[ValidationError]]:
    if value is None:  # JSON null: not set, as when the key is absent
        return None, []
    try:
        return parse_date(value, "tracking_since"), []
    except ValidationError as err:
        return value, [err]


def _decode(table: Mapping[str, Any], org: Organisation | None) -> tuple[dict[str, Any], list[ValidationError]]:
    """The file's values in the form the policy's converters take; keys that fail are left out, with their errors.

    Settings not decoded here (numbers, the cadence) go to the converters and validators as they are.
    """
    decoders: dict[str, Callable[[object], tuple[Any, list[ValidationError]]]] = {
        "rules": lambda v: _names(Rule, "rules", v),
        "review_kinds": lambda v: _names(ReviewKind, "review_kinds", v),
        "cadence_overrides": lambda v: _override_entries(v, org),
        "tracking_since": _tracking_since,
    }
    decoded: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, raw in table.items():
        decode = decoders.get(key)
        value, found = (raw, []) if decode is None else decode(raw)
        errors.extend(found)
        if not found:
            decoded[key] = value
    return decoded, errors


def from_settings(
    table: Mapping[str, Any], org: Organisation | None, where: str
) -> tuple[FeedbackPolicy | None, list[ValidationError]]:
    """Decode and build the policy; every problem, in the order of the table's keys."""
    decoded, errors = _decode(table, org)
    prefix = f"{where}." if where else ""
    policy, invalid = build(FeedbackPolicy, decoded, where)
    errors = [err.located(prefix=prefix) for err in errors] + invalid
    position = {key: i for i, key in enumerate(table)}
    errors.sort(key=lambda err: position.get(re.split(r"[.\[]", err.field.removeprefix(prefix))[0], 0))
    return (None, errors) if errors else (policy, [])
