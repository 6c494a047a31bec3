"""A django-helpdesk database built through django-helpdesk's own models, and its numbers computed by hand.

:func:`build` creates the database (a SQLite file or a PostgreSQL database) in a subprocess: Django can be set up
once per process, and the adapter under test must not depend on Django being importable. It runs ``migrate``,
creates one queue, two staff users, one customer user, six tickets with their follow-ups and ticket changes (the
same rows as django-helpdesk's ``update_ticket`` writes: ``Status`` changes as display names, ``Owner`` as the
username, ``Priority`` as the integer), and optionally writes ``manage.py dumpdata helpdesk auth.user`` JSON.

:data:`EXPECTED` holds the numbers worked out by hand from the story below, not computed by any code. The story
(all on Monday 2026-11-02, UTC; ann and bo are staff, carla is a customer with an account):

====  ========  =========================================================================================
T1    ann       09:00 opened by e-mail-less customer; 09:30 ann replies (10 min logged); 10:00 customer writes;
                11:00 ann replies and resolves (20 min logged).
T2    bo        09:00 opened by bo on the phone (priority 1, urgent); 09:15 bo private note; 10:00 bo replies;
                11:00 bo resolves without a comment; 13:00 carla reopens; 14:00 bo replies and *closes* without
                resolving (→ solve + close at 14:00, flag ``closed_without_solve``).
T3    ann       10:00 opened (priority 5); 10:20 ann moves it to priority 4 (both ``low``: no event); 10:30 ann
                replies and raises it to 2 (``high``); 11:00 ann replies and resolves; 12:00 ann closes.
T4    bo        11:00 opened by e-mail (a duplicate of T2); 11:30 bo notes it and sets Duplicate (→ solve + close,
                flag ``merged``).
T5    ann       12:00 opened by e-mail, unassigned; 12:30 ann takes it (Owner change); 13:00 customer asks again.
                Open.
T6    ann       13:00 opened by ann; 13:10 ann replies; the status is set to Resolved outside the helpdesk's views
                (no follow-up), ``modified`` 14:00 (→ solve at 14:00, flag ``status_without_followup``).
====  ========  =========================================================================================

Run as a script: ``python django_helpdesk_db.py DATABASE [DUMP.json]`` (DATABASE a path or ``postgresql://`` URL).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any, Final
from urllib.parse import urlsplit

DAY: Final = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
"""The day of the story (a Monday); every time below is on it, in UTC."""

EXPECTED: Final[dict[str, Any]] = {
    "tickets": 6,
    "events": 21,
    "flags": {"2": "closed_without_solve", "4": "merged", "6": "status_without_followup"},
    "status": {"1": "solved", "2": "closed", "3": "closed", "4": "closed", "5": "open", "6": "solved"},
    "priority": {"1": "normal", "2": "urgent", "3": "high", "4": "normal", "5": "low", "6": "normal"},
    "channel": {"1": None, "2": None, "3": None, "4": "email", "5": "email", "6": None},
    "solved_at_hour": {"1": 11, "2": 14, "3": 11, "4": 11.5, "5": None, "6": 14},
    "handle_seconds": {"1": 1800},
    # followups: 22 read; used 12 (T1 2, T2 5, T3 3, T4 1, T6 1), ignored 10.
    "followups": {"records_in": 22, "used": 12, "ignored": 10},
    # ticket changes: 10 read; used 2 (T3's 4 -> 2, T5's owner), ignored 8 (7 status, T3's 5 -> 4).
    "ticketchanges": {"records_in": 10, "used": 2, "ignored": 8},
    "overall": {"incoming": 6, "solved": 5, "backlog": 1, "first_reply_mean": 1950.0},
    "per_member": {
        # ann: T1, T3, T5, T6; solved T1, T3, T6. First replies 30, 30, 10 min; resolutions 2 h, 1 h, 1 h.
        "ann": {
            "incoming": 4,
            "solved": 3,
            "first_reply_mean": 1400.0,
            "first_reply_median": 1800.0,
            "first_resolution_mean": 4800.0,
            "full_resolution_mean": 4800.0,
            "full_resolution_median": 3600.0,
            "reopens": 0,
        },
        # bo: T2, T4; both solved. First reply 60 min (T4 none); first solves 2 h and 30 min; latest 5 h and 30 min;
        # requester wait T2 new 2 h + open 1 h = 3 h, T4 new 30 min.
        "bo": {
            "incoming": 2,
            "solved": 2,
            "first_reply_mean": 3600.0,
            "first_resolution_mean": 4500.0,
            "full_resolution_mean": 9900.0,
            "requester_wait_mean": 6300.0,
            "reopens": 1,
        },
    },
}
"""The numbers of the story, by hand."""


def build(database: str | os.PathLike[str], dump: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Create the story's database at `database` (a SQLite path or a postgresql:// URL); return :data:`EXPECTED`.

    With `dump`, also write ``dumpdata helpdesk auth.user`` JSON there.
    """
    command = [sys.executable, __file__, os.fspath(database), *([os.fspath(dump)] if dump is not None else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode:
        raise RuntimeError(f"building the django-helpdesk database failed:\n{done.stdout}\n{done.stderr}")
    return EXPECTED


def _settings(database: str) -> dict[str, Any]:
    if database.startswith("postgresql://"):
        url = urlsplit(database)
        db = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": url.path.lstrip("/"),
            "USER": url.username or "",
            "PASSWORD": url.password or "",
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
        }
    else:
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": database}
    return {
        "DEBUG": False,
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        "SECRET_KEY": "teamcore-tests",
        "DATABASES": {"default": db},
        "INSTALLED_APPS": [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.humanize",
            "django.contrib.sites",
            "rest_framework",
            "helpdesk",
        ],
        "SITE_ID": 1,
        # django-helpdesk's teams need pinax-teams; without them its migrations skip the dependency.
        "HELPDESK_TEAMS_MODE_ENABLED": False,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEFAULT_AUTO_FIELD": "django.db.models.AutoField",
    }


def _at(hour: float) -> dt.datetime:
    return DAY + dt.timedelta(hours=hour)


def _story() -> None:
    from django.contrib.auth.models import User  # noqa: PLC0415 - Django is set up by now
    from helpdesk.models import FollowUp, Queue, Ticket, TicketChange  # noqa: PLC0415

    queue = Queue.objects.create(title="Support", slug="support", allow_email_submission=False)
    ann = User.objects.create_user("ann", "ann@example.com", is_staff=True)
    bo = User.objects.create_user("bo", "bo@example.com", is_staff=True)
    carla = User.objects.create_user("carla", "carla@example.com", is_staff=False)
    final: dict[int, dict[str, Any]] = {}

    def ticket(hour: float, text: str, *, priority: int, owner: Any, status: int, modified: float, **extra: Any) -> Any:
        made = Ticket.objects.create(
            title=text, queue=queue, description=text, submitter_email="dana@example.com", priority=priority,
            assigned_to=owner,
        )  # fmt: skip
        final[made.pk] = {"created": _at(hour), "modified": _at(modified), "status": status, **extra}
        return made

    def follow(t: Any, hour: float, comment: str, **fields: Any) -> Any:
        minutes = fields.pop("minutes", None)
        spent = None if minutes is None else dt.timedelta(minutes=minutes)
        return FollowUp.objects.create(ticket=t, date=_at(hour), comment=comment, time_spent=spent, **fields)

    def change(f: Any, field: str, old: object, new: object) -> None:
        TicketChange.objects.create(followup=f, field=field, old_value=old, new_value=new)

    t1 = ticket(9, "Printer offline", priority=3, owner=ann, status=3, modified=11)
    follow(t1, 9, "Printer offline", public=True, title="Ticket Opened")
    follow(t1, 9.5, "Have you tried turning it on?", public=True, user=ann, minutes=10, title="Comment")
    follow(t1, 10, "Still offline", public=True, message_id="<m1@example.com>", title="E-Mail Received")
    f = follow(t1, 11, "Fixed the driver", public=True, user=ann, new_status=3, minutes=20, title="Resolved")
    change(f, "Status", "Open", "Resolved")

    t2 = ticket(9, "VPN down", priority=1, owner=bo, status=4, modified=14)
    follow(t2, 9, "VPN down", public=True, user=bo, title="Ticket Opened")
    follow(t2, 9.25, "Checking the logs", public=False, user=bo, title="Comment")
    follow(t2, 10, "We are on it", public=True, user=bo, title="Comment")
    f = follow(t2, 11, "", public=True, user=bo, new_status=3, title="Resolved")
    change(f, "Status", "Open", "Resolved")
    f = follow(t2, 13, "Down again", public=True, user=carla, new_status=2, title="Reopened")
    change(f, "Status", "Resolved", "Reopened")
    f = follow(t2, 14, "Restarted the gateway", public=True, user=bo, new_status=4, title="Closed")
    change(f, "Status", "Reopened", "Closed")

    t3 = ticket(10, "Typo on invoice", priority=2, owner=ann, status=4, modified=12)
    follow(t3, 10, "Typo on invoice", public=True, title="Ticket Opened")
    f = follow(t3, 10 + 20 / 60, "", public=False, user=ann, title="Updated")
    change(f, "Priority", 5, 4)
    f = follow(t3, 10.5, "Corrected, raising priority", public=True, user=ann, title="Comment")
    change(f, "Priority", 4, 2)
    f = follow(t3, 11, "Re-issued the invoice", public=True, user=ann, new_status=3, title="Resolved")
    change(f, "Status", "Open", "Resolved")
    f = follow(t3, 12, "", public=False, user=ann, new_status=4, title="Closed")
    change(f, "Status", "Resolved", "Closed")

    t4 = ticket(11, "VPN down (again)", priority=3, owner=bo, status=5, modified=11.5, merged_to=t2)
    follow(t4, 11, "VPN down (again)", public=True, message_id="<m2@example.com>", title="Ticket Opened Via E-Mail")
    f = follow(t4, 11.5, "Duplicate of #2", public=False, user=bo, new_status=5, title="Duplicate")
    change(f, "Status", "Open", "Duplicate")

    t5 = ticket(12, "Password reset", priority=4, owner=None, status=1, modified=13)
    follow(t5, 12, "Password reset", public=True, message_id="<m3@example.com>", title="Ticket Opened Via E-Mail")
    f = follow(t5, 12.5, "", public=False, user=ann, title="Assigned to ann")
    change(f, "Owner", None, ann)
    follow(t5, 13, "Any news?", public=True, message_id="<m4@example.com>", title="E-Mail Received")
    final[t5.pk]["assigned_to"] = ann

    t6 = ticket(13, "New laptop", priority=3, owner=ann, status=1, modified=14)
    follow(t6, 13, "New laptop", public=True, user=ann, title="Ticket Opened")
    follow(t6, 13 + 10 / 60, "Ordered it", public=True, user=ann, title="Comment")
    final[t6.pk]["status"] = 3  # set outside the helpdesk's views: no follow-up says so

    # created is auto_now_add and modified auto_now, and a follow-up's save touches its ticket: set them last.
    for pk, values in final.items():
        Ticket.objects.filter(pk=pk).update(**values)


def model_tables() -> dict[str, str]:
    """The table each model the adapter reads creates, as the installed django-helpdesk says (in a subprocess)."""
    command = [sys.executable, __file__, "--tables"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return dict(json.loads(done.stdout))


def main(argv: list[str]) -> None:
    """Build the database named by ``argv[0]``; write the dump to ``argv[1]`` when given (``--tables``: print)."""
    import django  # noqa: PLC0415 - only the subprocess needs Django
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    settings.configure(**_settings(":memory:" if argv[0] == "--tables" else argv[0]))
    django.setup()
    if argv[0] == "--tables":
        from django.contrib.auth.models import User  # noqa: PLC0415
        from helpdesk.models import FollowUp, Queue, Ticket, TicketChange  # noqa: PLC0415

        models = {
            "queues": Queue,
            "users": User,
            "tickets": Ticket,
            "followups": FollowUp,
            "ticketchanges": TicketChange,
        }
        print(json.dumps({name: model._meta.db_table for name, model in models.items()}))
        return
    call_command("migrate", verbosity=0)
    _story()
    if len(argv) > 1:
        call_command("dumpdata", "helpdesk", "auth.user", indent=1, output=argv[1], verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
