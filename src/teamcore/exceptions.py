"""The errors teamcore raises, all rooted in :class:`TeamcoreError`.

Every error that concerns a value names the *field*, the *value* received and what was *expected*; errors about
files also carry the *path* and the *entry* (a member id, a team id, a row or line number). Each subclass also
inherits the builtin exception it refines, so ``except ValueError`` keeps working in code that does not know
teamcore.

Examples
--------
>>> from teamcore.exceptions import UnknownTimezone, TeamcoreError
>>> err = UnknownTimezone("timezone", "Mars/Olympus", "an IANA timezone name such as 'Europe/Stockholm'")
>>> isinstance(err, (TeamcoreError, ValueError))
True
>>> print(err)
timezone: expected an IANA timezone name such as 'Europe/Stockholm', got 'Mars/Olympus'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from teamcore._suggest import did_you_mean

__all__ = [
    "AmbiguousTime",
    "DuplicateId",
    "FetchError",
    "FileTooLarge",
    "InvalidInterval",
    "InvalidTransition",
    "InvalidValue",
    "LeadNotMember",
    "LoadError",
    "MalformedFile",
    "MissingDependency",
    "NaiveDatetime",
    "NonexistentTime",
    "OutOfRange",
    "OverlappingIntervals",
    "Problem",
    "TeamcoreError",
    "UnknownColumn",
    "UnknownCountry",
    "UnknownKey",
    "UnknownReference",
    "UnknownTimezone",
    "ValidationError",
    "WrongType",
]


class TeamcoreError(Exception):
    """The root of every error teamcore raises on purpose."""


class ValidationError(TeamcoreError, ValueError):
    """A value does not satisfy what a field requires.

    Parameters
    ----------
    field
        Dotted name of the field, e.g. ``"members[3].timezone"`` or ``"skills.billing"``.
    value
        The value received (its ``repr`` appears in the message).
    expected
        What the field accepts, in words.
    path
        The file the value came from, if any.
    entry
        Which entry of that file: a member id, a team id, a row or line number.
    suggestion
        The valid value nearest to `value`, if one is near (:func:`teamcore._suggest.suggest`); the message ends
        with ``(did you mean '...'?)``.
    """

    def __init__(
        self,
        field: str,
        value: object,
        expected: str,
        *,
        path: str | None = None,
        entry: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.path = path
        self.entry = entry
        self.suggestion = suggestion
        super().__init__(self._message())

    def detail(self) -> str:
        """The message without its location and field: ``expected ..., got ...`` and any suggestion."""
        return f"expected {self.expected}, got {self.value!r}{did_you_mean(self.suggestion)}"

    def _message(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}: "
        if self.entry is not None:
            where += f"{self.entry}: "
        return f"{where}{self.field}: {self.detail()}"

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild,
            (type(self), self.field, self.value, self.expected, self.path, self.entry, self.suggestion),
        )

    def renamed(self, field: str) -> ValidationError:
        """Return a copy of this error under another field name (a command-line flag instead of a parameter).

        Examples
        --------
        >>> print(UnknownReference("team_id", "nordic", "a team", suggestion="nordics").renamed("--team"))
        --team: expected a team, got 'nordic' (did you mean 'nordics'?)
        """
        return type(self)(
            field, self.value, self.expected, path=self.path, entry=self.entry, suggestion=self.suggestion
        )

    def located(self, *, path: str | None = None, entry: str | None = None, prefix: str = "") -> ValidationError:
        """Return a copy of this error that also names where it was found.

        Parameters
        ----------
        path
            The file, if known.
        entry
            The entry inside the file (member id, team id, line).
        prefix
            Prepended to the field name, e.g. ``"members[2]."``.

        Returns
        -------
        ValidationError
            An error of the same class with the location filled in.
        """
        return type(self)(
            prefix + self.field,
            self.value,
            self.expected,
            path=path if path is not None else self.path,
            entry=entry if entry is not None else self.entry,
            suggestion=self.suggestion,
        )


def _rebuild(  # noqa: PLR0917 - the pickle protocol passes the fields positionally
    cls: type[ValidationError],
    field: str,
    value: object,
    expected: str,
    path: str | None,
    entry: str | None,
    suggestion: str | None = None,
) -> ValidationError:
    return cls(field, value, expected, path=path, entry=entry, suggestion=suggestion)


class WrongType(ValidationError, TypeError):
    """A value has the wrong type (a string where a number was expected, a list where a table was)."""


class InvalidValue(ValidationError):
    """A value has the right type but is not acceptable (an empty name, a malformed id or time)."""


class UnknownTimezone(ValidationError):
    """A timezone name is not in the IANA database teamcore ships with (the ``tzdata`` package)."""


class UnknownCountry(ValidationError):
    """A country code, or a subdivision of it, is not known to the ``holidays`` package."""


class NaiveDatetime(ValidationError):
    """A datetime has no timezone; teamcore never guesses one from the machine."""


class OutOfRange(ValidationError):
    """A number lies outside its allowed range (a skill level above 5, a negative duration)."""


class InvalidInterval(ValidationError):
    """An interval is empty or ends before it starts."""


class OverlappingIntervals(ValidationError):
    """Intervals that must be disjoint (a member's working hours) overlap."""


class DuplicateId(ValidationError):
    """An identifier that must be unique appears more than once."""


class UnknownReference(ValidationError, LookupError):
    """A reference names something that does not exist (a team member who is not in the organisation)."""


class UnknownKey(InvalidValue):
    """A file has a key (or a table a column) that its format does not define; the message shows the key.

    `field` is where the key was found, as written in the file (``members[0].tiemzone``); `value` is the key itself
    and `expected` lists the known keys.

    Examples
    --------
    >>> print(UnknownKey("members[0].tiemzone", "tiemzone", "one of ['name', 'timezone']", suggestion="timezone"))
    members[0].tiemzone: unknown key 'tiemzone' (did you mean 'timezone'?); expected one of ['name', 'timezone']
    """

    what = "key"
    """The word the message uses for the key."""

    def detail(self) -> str:
        """``unknown key 'k'``, any suggestion, and the keys expected."""
        return f"unknown {self.what} {self.value!r}{did_you_mean(self.suggestion)}; expected {self.expected}"


class UnknownColumn(UnknownKey):
    """A table has a column its loader does not know, such as a misspelt required column (an :class:`UnknownKey`).

    Examples
    --------
    >>> print(UnknownColumn("volumen", "volumen", "the columns ['start', 'volume']", suggestion="volume"))
    volumen: unknown column 'volumen' (did you mean 'volume'?); expected the columns ['start', 'volume']
    """

    what = "column"


class LeadNotMember(ValidationError):
    """A team's lead is not among the team's members."""


class InvalidTransition(TeamcoreError, ValueError):
    """An event is not allowed in the current state of a state machine (a skipped 1:1 cannot be held).

    Parameters
    ----------
    machine
        Which state machine: ``"one-on-one"``, ``"talking point"``.
    state
        The current state.
    event
        The event that is not allowed in it.
    allowed
        The events the state allows (empty for a final state).
    """

    def __init__(self, machine: str, state: str, event: str, allowed: Iterable[str] = ()) -> None:
        self.machine = machine
        self.state = state
        self.event = event
        self.allowed = tuple(allowed)
        shown = ", ".join(repr(e) for e in self.allowed) if self.allowed else "none (a final state)"
        super().__init__(f"{machine}: event {event!r} is not allowed in state {state!r}; allowed: {shown}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.machine, self.state, self.event, self.allowed))


class NonexistentTime(TeamcoreError, ValueError):
    """A local time falls in a DST gap and the chosen rule is ``"raise"``."""


class AmbiguousTime(TeamcoreError, ValueError):
    """A local time falls in a DST fold (it happens twice) and the chosen rule is ``"raise"``."""


class FetchError(TeamcoreError):
    """A helpdesk API could not be fetched: an HTTP error, a response that is not JSON, or a fetch already running.

    The message names the URL (never the token; credentials travel in headers, not in the URL) and the status.

    Attributes
    ----------
    url
        The URL requested, without credentials.
    status
        The HTTP status, or ``None`` when there was no response (a network error) or no request (a lock).
    """

    def __init__(self, url: str, status: int | None, reason: str) -> None:
        self.url = url
        self.status = status
        self.reason = reason
        super().__init__(f"{url}: HTTP {status}: {reason}" if status is not None else f"{url}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.url, self.status, self.reason))


class MissingDependency(TeamcoreError, ImportError):
    """An optional dependency is not installed; the message names the package and the extra that installs it."""


@attrs.frozen
class Problem:
    """One problem found in an input file, with its location.

    Attributes
    ----------
    path
        The file.
    entry
        Where in the file: ``"member 'anna'"``, ``"team 'emea'"``, ``"line 12"``.
    field
        The field, dotted: ``"members[3].hours.mon[0]"``.
    message
        What is wrong, naming the value received and what was expected.
    """

    path: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        entry = f"{self.entry}: " if self.entry else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.path}: {entry}{field}{self.message}"


class LoadError(TeamcoreError, ValueError):
    """A file could not be loaded; :attr:`problems` lists *every* problem found, each with its location.

    Parameters
    ----------
    path
        The file.
    problems
        All problems found, in file order.
    """

    def __init__(self, path: str, problems: Iterable[Problem]) -> None:
        self.path = path
        self.problems: Sequence[Problem] = tuple(problems)
        count = len(self.problems)
        head = f"{path}: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.problems))


class MalformedFile(LoadError):
    """A file is not valid TOML or JSON (or cannot be decoded as UTF-8)."""


class FileTooLarge(LoadError):
    """A file is larger than the loader's size limit; nothing of it was parsed."""
