"""Typed errors raised by the uxlab library.

Only the command line turns these into messages and exit codes; library code never exits.
"""

from __future__ import annotations

from dataclasses import dataclass


class UxlabError(Exception):
    """Base of every error a user can cause and fix: bad input, missing study, old store."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: `file:line:col: path: message`."""

    source: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.source}:{self.line}:{self.column}: {where}{self.message}"


class ProtocolInvalid(UxlabError):
    """A protocol file has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NoSuchStudy(UxlabError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no study '{slug}' in this store (see `uxlab protocol list`)")


class NoSuchSession(UxlabError):
    def __init__(self, session: str) -> None:
        super().__init__(f"no session '{session}' in this store (see `uxlab session list`)")


class StoreError(UxlabError):
    """The store cannot be used as it is: missing, unreachable, or at the wrong schema."""


class StoreNotInitialised(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(f"no uxlab store at {where}: run `uxlab init` to create it")


class StoreOutdated(StoreError):
    def __init__(self, where: str, found: str, needed: str) -> None:
        super().__init__(
            f"the store at {where} has schema {found}, this uxlab needs {needed}: "
            "run `uxlab db upgrade`"
        )


class StoreTooNew(StoreError):
    def __init__(self, where: str, found: str) -> None:
        super().__init__(
            f"the store at {where} has schema {found}, written by a newer uxlab: "
            "upgrade uxlab to use it"
        )


class StoreUnavailable(StoreError):
    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"cannot open the store at {where}: {reason}")


class StoredDataInvalid(StoreError):
    """A stored row that uxlab cannot read: written by hand or by a uxlab that checked less."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(
            f"the store holds {what} that uxlab cannot read ({why}); "
            "`uxlab db check` lists every such row"
        )


class InvalidEvent(UxlabError):
    """An event that the rules of SPEC §4 refuse; nothing was stored."""


class ImportFailed(UxlabError):
    """A file with bad lines: every problem is listed in `details`, and nothing was stored."""

    def __init__(self, source: str, problems: list[tuple[int, str]]) -> None:
        ordered = sorted(dict.fromkeys(problems), key=lambda problem: problem[0])
        self.problems = ordered
        self.details = [f"{source}:{line}: {message}" for line, message in ordered]
        count = len({line for line, _ in ordered})
        super().__init__(
            f"{count} bad line{'s' if count != 1 else ''} in {source}: nothing was imported"
        )


class SyncFailed(UxlabError):
    """Events that cannot be merged (an id with other content on the two sides): each is listed
    in `details`; the batch of sessions they came in was not copied."""

    def __init__(self, study: str, problems: list[str]) -> None:
        self.details = problems
        count = len(problems)
        super().__init__(
            f"{count} event{'s' if count != 1 else ''} of {study} could not be merged: "
            "the sync stopped, and sessions copied before them are complete"
        )


class InvalidOption(UxlabError):
    """A value given for a command-line option that cannot be used; the message names it."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"{option}: {message}")


class CannotWrite(UxlabError):
    """An output file that cannot be written: a missing folder, no permission, a special file."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = path
        super().__init__(f"cannot write {path}: {reason}")


class WouldOverwrite(UxlabError):
    """An output file that exists already; it is replaced only when asked to (--force)."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"{path} exists: give --force to overwrite it")
