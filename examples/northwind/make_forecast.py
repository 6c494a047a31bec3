"""Write forecast.csv: expected phone and chat contacts per 30 minutes for the demo week, from the ticket history.

Run from the repository root: ``python examples/northwind/make_forecast.py``. The forecast is the average by
weekday × half hour (UTC) over the four weeks before 2026-11-23 (`teamcore.staffing.forecast_from_tickets`).
"""

import csv
import datetime as dt
from pathlib import Path

from teamcore.kpi import load_tickets
from teamcore.people import load_organisation
from teamcore.staffing import forecast_from_tickets

HERE = Path(__file__).parent
NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)

org = load_organisation(HERE / "organisation.toml")
tickets = load_tickets(HERE / "tickets.csv", members=org)
forecast = forecast_from_tickets(
    tickets, now=NOW, start=NOW, end=NOW + dt.timedelta(days=7), weeks=4, channels=["phone", "chat"]
)
with (HERE / "forecast.csv").open("w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle)
    writer.writerow(["start", "volume"])
    for start, volume in zip(forecast.slot_starts(), forecast.volume, strict=True):
        instant = dt.datetime.fromtimestamp(int(start), tz=dt.UTC)
        writer.writerow([instant.isoformat().replace("+00:00", "Z"), round(float(volume), 3)])
