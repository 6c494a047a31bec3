"""Tests for feedback-log files: every row accounted for, CSV and JSON lines, round trips."""

from __future__ import annotations

import json

import pytest
from feedback_helpers import make_org
from hypothesis import HealthCheck, given, settings

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, LoadError, ValidationError
from teamcore.feedback import (
    FIELDS,
    FeedbackLog,
    dump_feedback_jsonl,
    load_feedback,
    load_feedback_log,
    record_from_mapping,
)

ORG = make_org()

GOOD = [
    {"record": "series", "id": "s-ola", "lead": "lena", "member": "ola", "cadence": "weekly", "anchor": "2026-09-07"},
    {"record": "occurrence", "series": "s-ola", "scheduled": "2026-09-07", "status": "held", "held_on": "2026-09-07"},
    {"record": "point", "id": "p1", "series": "s-ola", "text": "Course", "raised_on": "2026-09-07"},
    {"record": "feedback", "id": "f1", "kind": "praise", "observed_on": "2026-09-07",
     "given_at": "2026-09-08T09:00+02:00", "giver": "lena", "receiver": "ola", "topics": ["tone"],
     "visibility": "public_praise", "text": "Calm and clear."},
    {"record": "request", "id": "q1", "requester": "lena", "requested_at": "2026-10-01T08:00Z"},
    {"record": "review", "id": "r1", "member": "ola", "reviewer": "lena", "kind": "manager",
     "period_start": "2026-07-01", "period_end": "2026-09-30", "held_on": "2026-09-24", "topics": ["tone"]},
    {"record": "plan", "member": "ola", "updated_on": "2026-09-24", "career_interests": ["team lead"],
     "goals": ["Raise CSAT to 4.6 @csat", {"text": "Mentor a newcomer"}], "training": ["Coaching"], "mentor": "mia"},
]  # fmt: skip

BAD = [
    ({"record": "kudos"}, "record"),  # an unknown record kind
    ({**GOOD[3], "id": "f2", "receiver": "zed"}, "receiver"),  # someone not in the organisation
    ({**GOOD[3], "id": "f3", "given_at": "2026-09-08T09:00"}, "given_at"),  # an instant without offset
    ({**GOOD[3], "id": "f4", "mood": "happy"}, "mood"),  # an unknown field
    ({**GOOD[3]}, "f1"),  # an id an earlier row used
    ({"record": "occurrence", "series": "s-mia", "scheduled": "2026-09-07"}, "series"),  # a series never defined
    ({**GOOD[1]}, "occurrence"),  # the same slot twice
    ({"record": "feedback", "id": "f5", "kind": "praise"}, "missing"),  # required fields missing
    ({**GOOD[5], "id": "r2", "held_on": "24/09/2026"}, "held_on"),  # not an ISO date
    ({**GOOD[3], "id": "f6", "anonymous": "maybe"}, "anonymous"),  # neither true nor false
]


def write_jsonl(tmp_path, rows, extra_lines=()):
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "".join(extra_lines), encoding="utf-8")
    return path


class TestLoad:
    def test_good_rows(self, tmp_path):
        """Every good row loads, in order, into a log."""
        result = load_feedback(write_jsonl(tmp_path, GOOD), org=ORG)
        log = FeedbackLog.from_records(result.items)
        assert result.ok
        assert result.rows_in == len(GOOD)
        assert log.plans[0].goals[0].kpi_target == "csat"
        assert log.agenda("s-ola", log.series[0].anchor)[0].id == "p1"

    @pytest.mark.parametrize(("row", "match"), BAD)
    def test_bad_row(self, tmp_path, row, match):
        """A bad row is rejected with its row number and a reason naming the problem; the good rows still load."""
        result = load_feedback(write_jsonl(tmp_path, [*GOOD, row]), org=ORG)
        assert len(result.items) == len(GOOD)
        assert [r.row for r in result.rejected] == [len(GOOD) + 1]
        assert match in result.rejected[0].reason

    def test_accounting(self, tmp_path):
        """rows in = loaded + rejected, with JSON errors and blank lines counted too."""
        rows = [*GOOD, *(row for row, _ in BAD)]
        result = load_feedback(write_jsonl(tmp_path, rows, ["not json\n", "\n", "[1]\n"]), org=ORG)
        assert result.rows_in == len(rows) + 3
        assert (len(result.items), len(result.rejected)) == (len(GOOD), len(BAD) + 3)
        assert [r.row for r in result.rejected] == list(range(len(GOOD) + 1, len(rows) + 4))
        with pytest.raises(LoadError, match="13 problems"):
            result.raise_if_rejected()

    def test_without_org(self, tmp_path):
        """Without an organisation, unknown people are not checked."""
        result = load_feedback(write_jsonl(tmp_path, [{**GOOD[3], "receiver": "zed"}]))
        assert result.ok

    def test_csv(self, tmp_path):
        """CSV uses one column set for all kinds, ';' between list items and empty cells for absent values."""
        columns = ["record", *sorted({f for fields in FIELDS.values() for f in fields})]
        lines = [",".join(columns)]
        for row in GOOD[:4]:
            cells = {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()}
            lines.append(",".join(str(cells.get(c, "")) for c in columns))
        lines.append(",".join("feedback" if c == "record" else "" for c in columns))
        path = tmp_path / "log.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = load_feedback(path, org=ORG)
        assert (len(result.items), [r.row for r in result.rejected]) == (4, [6])  # line 6: the header is line 1
        assert result.items[3].topics == ("tone",)

    def test_unsupported_suffix(self, tmp_path):
        """A file that is neither CSV nor JSON lines is refused before reading."""
        with pytest.raises(InvalidValue, match="path"):
            load_feedback(tmp_path / "log.xlsx")

    def test_record_from_mapping_raises_validation_errors(self):
        """A bad record raises a ValidationError, which the loader turns into a rejected row."""
        with pytest.raises(ValidationError, match="cadence"):
            record_from_mapping({**GOOD[0], "cadence": "daily"})


class TestRoundTrip:
    @settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(log=tst.feedback_logs(ORG))
    def test_dump_then_load(self, tmp_path, log):
        """Writing a log as JSON lines and loading it gives the same log, with nothing rejected."""
        path = tmp_path / "rt.jsonl"
        path.write_text(dump_feedback_jsonl(log), encoding="utf-8")
        result = load_feedback(path, org=ORG)
        assert result.ok
        assert FeedbackLog.from_records(result.items) == log

    def test_empty_file(self, tmp_path):
        """An empty file is an empty log."""
        path = tmp_path / "empty.jsonl"
        path.write_text("", encoding="utf-8")
        result = load_feedback(path)
        assert (FeedbackLog.from_records(result.items), result.rows_in) == (FeedbackLog(), 0)

    def test_load_feedback_log_is_deprecated(self, tmp_path):
        """The old tuple-returning loader still works for one release, with a DeprecationWarning."""
        path = write_jsonl(tmp_path, GOOD)
        with pytest.warns(DeprecationWarning, match=r"load_feedback\(path"):
            log, result = load_feedback_log(path, org=ORG)
        assert (log, result) == (FeedbackLog.from_records(result.items), load_feedback(path, org=ORG))
