"""The fetcher's on-disk state: cursors per entity, the lock, and files written atomically and only when changed.

The state lives in the output folder as ``.teamcore-fetch.json`` (hidden, so the adapters skip it): per entity the
cursor of the next request, the page number of the next file, and the boundary of records already written; the
tickets whose per-ticket records are still to fetch. It is saved after every page, so an interrupted run resumes
from the last complete page. ``.teamcore-fetch.lock`` is held (``flock``) for the whole run.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import attrs

from teamcore._rows import loads_json
from teamcore.exceptions import FetchError

__all__ = ["LOCK_FILE", "STATE_FILE", "STATE_FORMAT", "Boundary", "Output", "State", "locked"]

STATE_FILE: Final = ".teamcore-fetch.json"
LOCK_FILE: Final = ".teamcore-fetch.lock"
STATE_FORMAT: Final = "teamcore-fetch/1"


@attrs.define
class Boundary:
    """The newest instant written for an entity and the ids written at exactly that instant.

    An API filtered by "changed since" (``updated_since``, ``start_time``) returns the records *at* the instant
    again; those already written are dropped, so a run with nothing new writes nothing.
    """

    at: int | None = None
    ids: set[str] = attrs.field(factory=set)

    def fresh(self, key: int | None, ident: str) -> bool:
        """Whether a record at `key` (epoch seconds) with id `ident` is not yet written; note it as written.

        For exports that come oldest first: a record before the boundary was written by an earlier page or run.
        """
        if not self.newer(key, ident):
            return False
        self.note(key, ident)
        return True

    def newer(self, key: int | None, ident: str) -> bool:
        """Whether a record at `key` with id `ident` lies past this boundary (a record without instant always does)."""
        if key is None or self.at is None:
            return True
        return key > self.at or (key == self.at and ident not in self.ids)

    def note(self, key: int | None, ident: str) -> None:
        """Move the boundary to a record written at `key`, if it is not before it."""
        if key is None or (self.at is not None and key < self.at):
            return
        if self.at is None or key > self.at:
            self.at, self.ids = key, set()
        self.ids.add(ident)

    def copy(self) -> Boundary:
        """An independent copy."""
        return Boundary(self.at, set(self.ids))

    def as_json(self) -> dict[str, Any]:
        """The boundary as JSON-ready data."""
        return {"at": self.at, "ids": sorted(self.ids)}

    @classmethod
    def from_json(cls, data: Any) -> Boundary:
        """Read back :meth:`as_json`."""
        if not isinstance(data, Mapping) or not isinstance(data.get("at"), int):
            return cls()
        return cls(data["at"], {str(i) for i in data.get("ids", [])})


@attrs.define
class State:
    """The state of one output folder: which source and account, and per entity its cursor (plain JSON data)."""

    path: Path
    source: str
    account: str
    entities: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    pending: dict[str, list[str]] = attrs.field(factory=dict)
    _saved: bytes = b""

    @classmethod
    def open(cls, folder: Path, source: str, account: str) -> State:
        """The state of `folder`, or a new one; a state of another source or account is refused.

        Raises
        ------
        FetchError
            If the state file cannot be read, is not the fetcher's, or is for another source or account.
        """
        path = folder / STATE_FILE
        if not path.exists():
            return cls(path, source, account)
        try:
            data = loads_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise FetchError(str(path), None, f"cannot read the fetch state: {err}") from None
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise FetchError(str(path), None, f"not a fetch state (expected format {STATE_FORMAT!r})")
        if (data.get("source"), data.get("account")) != (source, account):
            raise FetchError(
                str(path),
                None,
                f"this folder is fetched from {data.get('source')} {data.get('account')}, not {source} {account}; "
                "use another --out folder",
            )
        try:
            entities = {str(k): dict(v) for k, v in data.get("entities", {}).items()}
            pending = {str(k): [str(i) for i in v] for k, v in data.get("pending", {}).items()}
        except (AttributeError, TypeError, ValueError):
            raise FetchError(str(path), None, "a malformed fetch state; move it away to fetch afresh") from None
        return cls(path, source, account, entities, pending, path.read_bytes())

    def entity(self, name: str) -> dict[str, Any]:
        """The mutable state of entity `name` (created empty)."""
        return self.entities.setdefault(name, {})

    def boundary(self, name: str) -> Boundary:
        """The boundary of entity `name`, read from its state (save it back with :meth:`keep`)."""
        return Boundary.from_json(self.entity(name).get("boundary"))

    def keep(self, name: str, boundary: Boundary) -> None:
        """Store `boundary` in the state of entity `name` (saved by the next :meth:`save`)."""
        self.entity(name)["boundary"] = boundary.as_json()

    def add_pending(self, name: str, ids: Iterable[str]) -> None:
        """Tickets whose per-ticket records (`name`) are to be fetched."""
        queue = self.pending.setdefault(name, [])
        known = set(queue)
        queue.extend(i for i in dict.fromkeys(ids) if i not in known)

    def snapshot(self) -> dict[str, Any]:
        """The state as JSON-ready data."""
        return {
            "format": STATE_FORMAT,
            "source": self.source,
            "account": self.account,
            "entities": self.entities,
            "pending": {k: v for k, v in self.pending.items() if v},
        }

    def save(self) -> None:
        """Write the state atomically (a reader never sees half a file); nothing when it has not changed."""
        data = (json.dumps(self.snapshot(), indent=1, sort_keys=True) + "\n").encode()
        if data != self._saved:
            try:
                _atomic(self.path, data)
            except OSError as err:
                raise FetchError(str(self.path), None, f"cannot write the fetch state: {err.strerror or err}") from None
            self._saved = data


@attrs.define
class Output:
    """The output folder: page files named in sequence, per-ticket files replaced, each write atomic."""

    folder: Path
    written: list[Path] = attrs.field(factory=list)

    def write(self, relative: str, document: Any) -> bool:
        """Write `document` as JSON at `relative`; nothing when the file already holds the same bytes.

        Returns whether the file was written.
        """
        path = self.folder / relative
        data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()
        try:
            if path.is_file() and path.read_bytes() == data:
                return False
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic(path, data)
        except OSError as err:
            raise FetchError(str(path), None, f"cannot write: {err.strerror or err}") from None
        self.written.append(path)
        return True


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``.teamcore-fetch.lock`` in `folder` for the block; refuse if another fetch holds it.

    Raises
    ------
    FetchError
        If the folder cannot be created, or another run holds the lock.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK_FILE).open("a+b")
    except OSError as err:
        raise FetchError(str(folder), None, f"cannot use the output folder: {err.strerror or err}") from None
    with handle:
        if sys.platform != "win32":
            import fcntl  # noqa: PLC0415 - POSIX only

            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise FetchError(
                    str(folder / LOCK_FILE), None, "another fetch into this folder is running; try again later"
                ) from None
        yield
