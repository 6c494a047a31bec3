"""The shared document reader (teamcore._documents): formats, parsing, the top-level check and the load trio."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamcore._documents import (
    FileFormat,
    check_format,
    format_of,
    load_document,
    loads_document,
    parse_text,
    top_table,
)
from teamcore.exceptions import FileTooLarge, InvalidValue, LoadError, MalformedFile, Problem


class TestParseText:
    """parse_text: TOML or JSON, nothing else, and the message names the format."""

    @pytest.mark.parametrize(
        ("fmt", "text", "message"),
        [
            ("toml", "a = " + "[" * 5000 + "]" * 5000, "invalid TOML: nested deeper than 32"),  # too deep to parse
            ("json", "[" * 100_000 + "]" * 100_000, "invalid JSON: nested deeper than 32"),  # too deep to parse
            ("toml", "a = " + "[" * 40 + "]" * 40, "a\\[0\\].*: invalid TOML: nested deeper"),  # parsed, still too deep
            ("json", '{"a": {"b": ' + "[" * 40 + "]" * 40 + "}}", "a.b\\[0\\].*: invalid JSON: nested"),  # as JSON
            ("json", '{"a": Infinity}', "invalid JSON: Infinity is not a valid JSON number"),  # no NaN/Infinity
            ("toml", "a = ", "invalid TOML: "),  # a syntax error
            ("json", "{", "invalid JSON: "),  # a syntax error
        ],
    )
    def test_malformed(self, fmt: FileFormat, text: str, message: str) -> None:
        """Every parse failure is a MalformedFile whose message says TOML for TOML and JSON for JSON."""
        with pytest.raises(MalformedFile, match=message):
            parse_text(text, fmt, "f")


class TestFormats:
    """check_format and format_of."""

    def test_unknown_format(self) -> None:
        """A format other than toml or json is an InvalidValue naming both."""
        with pytest.raises(InvalidValue, match=r"format: expected one of \['json', 'toml'\], got 'yaml'"):
            check_format("yaml")

    def test_suffix(self) -> None:
        """The suffix decides unless the caller says; an unknown suffix asks for format=."""
        assert format_of(Path("a.Toml"), None) == "toml"
        assert format_of(Path("a.txt"), "json") == "json"
        with pytest.raises(InvalidValue, match="pass format="):
            format_of(Path("a.yaml"), None)


class TestTopTable:
    """top_table: the checks every document's top level shares."""

    def test_not_a_table(self) -> None:
        """A top level that is not a table is one problem, and no table."""
        assert top_table([1], "f", tag="x/1") == (
            None,
            [Problem("f", "", "", "expected a table at the top level, got list")],
        )

    def test_keys_unchecked_without_keys(self) -> None:
        """Without keys only the format tag is checked."""
        assert top_table({"anything": 1, "format": "x/1"}, "f", tag="x/1")[1] == []


class TestLoadDocument:
    """load_document and loads_document: read, parse, and raise every problem the file kind found."""

    @staticmethod
    def _parse(data: object, source: str) -> tuple[object | None, list[Problem]]:
        top, problems = top_table(data, source, tag="x/1", keys=("format", "n"))
        return (None, problems) if top is None or problems else (top["n"], [])

    def test_problems_raise_load_error(self) -> None:
        """Every problem of the file is in the LoadError, each naming the source."""
        with pytest.raises(LoadError) as info:
            loads_document('format = "x/2"\nm = 1', format="toml", source="s.toml", parse=self._parse)
        assert [p.field for p in info.value.problems] == ["m", "format"]

    def test_load_by_suffix_and_size_limit(self, tmp_path: Path) -> None:
        """The suffix picks the parser; a file over max_bytes is refused before it is parsed."""
        path = tmp_path / "d.json"
        path.write_text('{"n": 3}', encoding="utf-8")
        assert load_document(path, format=None, max_bytes=100, parse=self._parse) == 3
        with pytest.raises(FileTooLarge):
            load_document(path, format=None, max_bytes=3, parse=self._parse)
