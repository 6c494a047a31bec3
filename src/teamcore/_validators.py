"""Field checks shared by the domain classes and their loaders.

Each check is a plain function ``check(value, field) -> value`` that raises a
:class:`~teamcore.exceptions.ValidationError` naming the field, the value and what was expected. The attrs classes
call them through :func:`attrs_validator`; the file loaders call the same functions, so a rule exists once.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

from teamcore._suggest import suggest
from teamcore.exceptions import InvalidValue, OutOfRange, UnknownCountry, WrongType

__all__ = [
    "attrs_validator",
    "check_bool",
    "check_choice",
    "check_country",
    "check_date",
    "check_enum",
    "check_identifier",
    "check_int_range",
    "check_language",
    "check_number",
    "check_subdivision",
    "check_text",
    "instance_tuple",
    "optional",
    "text_tuple",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.StrEnum)

_IDENTIFIER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")
_LANGUAGE: Final = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_ALPHA2: Final = re.compile(r"^[A-Z]{2}$")
_SKILL: Final = re.compile(r"^[a-z0-9][a-z0-9 _.+/\-]{0,63}$")


def attrs_validator(check: Callable[[Any, str], object]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Adapt ``check(value, field)`` to attrs' validator signature, using the attribute's name as the field."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(value, attribute.name)

    return validate


def check_identifier(value: object, field: str) -> str:
    """Check an identifier: 1-64 ASCII letters, digits, ``.``, ``_`` or ``-``, starting with a letter or digit."""
    if not isinstance(value, str):
        raise WrongType(field, value, "a string identifier")
    if not _IDENTIFIER.match(value):
        raise InvalidValue(field, value, "1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit")
    return value


def check_choice(value: object, field: str, choices: Collection[T], *, expected: str | None = None) -> T:
    """Check that `value` is one of `choices` (compared by equality) and return it.

    Parameters
    ----------
    value
        The value to check; any object (an unhashable one is simply not a choice).
    field
        The field named in the error.
    choices
        The allowed values, in the order the error lists them.
    expected
        What the error says was expected; default ``one of [...]`` with the choices' reprs.

    Raises
    ------
    InvalidValue
        If `value` is not one of `choices`.

    Examples
    --------
    >>> check_choice("later", "disambiguate", ["earlier", "later"])
    'later'
    >>> check_choice("soon", "priority", ["low", "high"])
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: priority: expected one of ['low', 'high'], got 'soon'
    """
    try:
        found = value in choices
    except TypeError:  # an unhashable value and a set of choices
        found = False
    if not found:
        raise InvalidValue(
            field,
            value,
            expected if expected is not None else f"one of {list(choices)}",
            suggestion=suggest(value, choices),
        )
    return value  # type: ignore[return-value]  # equal to one of the choices, checked just above


def check_enum(cls: type[E], field: str) -> Callable[[object], E]:
    """Return a converter: a member of the string enum `cls`, or its value, to the member.

    Raises
    ------
    InvalidValue
        From the converter, naming `field` and listing the enum's values, for anything else.

    Examples
    --------
    >>> class Cadence(enum.StrEnum):
    ...     WEEKLY = "weekly"
    ...     MONTHLY = "monthly"
    >>> check_enum(Cadence, "cadence")("weekly")
    <Cadence.WEEKLY: 'weekly'>
    >>> check_enum(Cadence, "cadence")("daily")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: cadence: expected one of ['weekly', 'monthly'], got 'daily'
    """
    values = [member.value for member in cls]

    def convert(value: object) -> E:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):  # not a WrongType: the enum checks have always raised InvalidValue
            raise InvalidValue(field, value, f"one of {values}")
        return cls(check_choice(value, field, values))

    return convert


def check_text(
    value: object, field: str, *, max_length: int | None = 200, allow_empty: bool = False, allow_padding: bool = False
) -> str:
    """Check free text: a string without leading or trailing blanks, at most `max_length` characters.

    `max_length` ``None`` sets no limit; `allow_padding` lets leading and trailing blanks through (names that
    have always been taken as written).
    """
    if not isinstance(value, str):
        raise WrongType(field, value, "a string")
    if not allow_empty and not value.strip():
        raise InvalidValue(field, value, "a non-empty string")
    if max_length is not None and len(value) > max_length:
        raise InvalidValue(field, value, f"at most {max_length} characters (got {len(value)})")
    if not allow_padding and value != value.strip():
        raise InvalidValue(field, value, "no leading or trailing whitespace")
    return value


def check_language(value: object, field: str) -> str:
    """Check a BCP 47 language tag in its usual form: ``"en"``, ``"sv"``, ``"pt-BR"``, ``"fil"``."""
    if not isinstance(value, str):
        raise WrongType(field, value, "a language tag string")
    if not _LANGUAGE.match(value):
        raise InvalidValue(field, value, "a BCP 47 language tag such as 'en', 'sv' or 'pt-BR'")
    return value


def check_skill_name(value: object, field: str) -> str:
    """Check a skill name: lower case, 1-64 characters of letters, digits, space and ``_.+/-``."""
    if not isinstance(value, str):
        raise WrongType(field, value, "a skill name string")
    if not _SKILL.match(value):
        raise InvalidValue(
            field,
            value,
            "a lower-case skill name of 1-64 letters, digits, spaces or '_.+/-' such as 'billing'",
        )
    return value


def check_int_range(value: object, field: str, low: int, high: int) -> int:
    """Check an integer (not a bool) in the closed range [`low`, `high`]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, f"an integer from {low} to {high}")
    if not low <= value <= high:
        raise OutOfRange(field, value, f"an integer from {low} to {high}")
    return value


def check_date(value: object, field: str) -> dt.date:
    """Check a calendar date (a :class:`datetime.date` that is not a datetime)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise WrongType(field, value, "a date (YYYY-MM-DD)")
    return value


def cell_date(value: object, field: str, expected: str = "a date YYYY-MM-DD") -> dt.date:
    """A row file's date cell: a :class:`datetime.date` (not a datetime) or ISO text, blanks around it ignored.

    Document files (TOML, JSON) read dates with :func:`teamcore._documents.parse_date`, which is stricter as
    documents are typed: no blanks, and a value of another type is a ``WrongType``.

    Raises
    ------
    InvalidValue
        For anything else, naming `field`, the value and `expected`.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValue(field, value, expected)


@functools.cache
def _countries() -> dict[str, frozenset[str]]:
    import holidays  # noqa: PLC0415 - slow to import (it reads package metadata); loaded on the first country check

    return {
        code: frozenset(subdivs) for code, subdivs in holidays.list_supported_countries(include_aliases=False).items()
    }


def check_country(value: object, field: str) -> str:
    """Check an ISO 3166-1 alpha-2 country code that the ``holidays`` package knows (``"SE"``, ``"US"``)."""
    if not isinstance(value, str):
        raise WrongType(field, value, "an ISO 3166-1 alpha-2 country code string")
    # holidays also accepts alpha-3 codes and aliases ("SWE", "UK"); team files use alpha-2 only, one spelling each.
    if not _ALPHA2.match(value) or value not in _countries():
        raise UnknownCountry(
            field,
            value,
            "an ISO 3166-1 alpha-2 country code known to the holidays package, such as 'SE'",
            suggestion=suggest(value, sorted(_countries())),
        )
    return value


def check_subdivision(country: str, value: object, field: str) -> str:
    """Check a subdivision code (``"CA"`` for California) of `country`, as the ``holidays`` package lists them."""
    if not isinstance(value, str):
        raise WrongType(field, value, "a subdivision code string")
    known = _countries().get(country, frozenset())
    if value not in known:
        shown = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
        expected = f"a subdivision of {country} ({shown})" if known else f"no subdivision ({country} has none)"
        raise UnknownCountry(field, value, expected, suggestion=suggest(value, sorted(known)))
    return value


def instance_tuple(values: object, field: str, kind: type[T], expected: str) -> tuple[T, ...]:
    """Check an iterable (not a lone string) of `kind` values and return it as a tuple.

    Raises
    ------
    WrongType
        Naming `field` for a non-iterable, or ``field[i]`` and `expected` for the first element of another type.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise WrongType(field, values, f"a list of {kind.__name__}")
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise WrongType(f"{field}[{i}]", item, expected)
    return items


def text_tuple(check: Callable[[Any, str], T], field: str) -> Callable[[Iterable[object] | None], tuple[T, ...]]:
    """Return a converter: an iterable of values, each passed through `check`, to a tuple (a lone string is refused).

    The converter raises for the first bad element; field names are indexed, e.g. ``languages[2]``.
    """

    def convert(values: Iterable[object] | None) -> tuple[T, ...]:
        if values is None:
            return ()
        if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):  # a dict is not a list
            raise WrongType(field, values, "a list of values")
        return tuple(check(v, f"{field}[{i}]") for i, v in enumerate(values))

    return convert


_INT64: Final = 2**63
"""Integers from -2**63 to 2**63 - 1 fit every engine teamcore hands numbers to (polars, numpy); larger ones would
silently lose digits as floats."""


def check_number(value: object, field: str, expected: str = "a number") -> float:
    """Check a finite real number (an int or a float, not a bool, not NaN or infinite, an int within 64 bits).

    Raises
    ------
    WrongType
        For anything that is not an int or float (a string, a list, a bool).
    InvalidValue
        For NaN and the infinities.
    OutOfRange
        For an integer outside the 64-bit range, which a float would silently round.

    Examples
    --------
    >>> check_number(3, "goal")
    3.0
    >>> check_number(float("nan"), "goal")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: goal: expected a finite number, got nan
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongType(field, value, expected)
    if isinstance(value, int):
        if not -_INT64 <= value < _INT64:
            raise OutOfRange(field, value, f"{expected} within the 64-bit integer range")
        return float(value)
    if not math.isfinite(value):
        raise InvalidValue(
            field, value, f"a finite number ({expected})" if expected != "a number" else "a finite number"
        )
    return float(value)


def check_bool(value: object, field: str) -> bool:
    """Check a bool (``True`` or ``False``; 0, 1 and ``"yes"`` are refused)."""
    if not isinstance(value, bool):
        raise WrongType(field, value, "true or false")
    return value


def optional(check: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    """``check``, letting ``None`` through."""

    def check_optional(value: Any, field: str) -> T | None:
        return None if value is None else check(value, field)

    return check_optional
