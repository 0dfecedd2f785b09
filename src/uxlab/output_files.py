"""Writing the files commands make (exports, reports, charts): all or nothing, and never over
an existing file unless asked to.

Each file is written beside its target under a temporary name and moved into place only when
complete, so a failure midway (a full disk, an error in the data) leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from uxlab.errors import CannotWrite, WouldOverwrite


def check_target(path: Path, force: bool) -> None:
    """Refuse a target that cannot be written, or exists and may not be replaced."""
    try:
        found = path.stat()
    except FileNotFoundError:
        folder = path.parent
        if not folder.exists():
            raise CannotWrite(path, f"no folder {folder}") from None
        if not folder.is_dir():
            raise CannotWrite(path, f"{folder} is not a folder") from None
        if not os.access(folder, os.W_OK):
            raise CannotWrite(path, f"no permission to write in {folder}") from None
        return
    except OSError as exc:
        raise CannotWrite(path, exc.strerror or type(exc).__name__) from None
    if not stat.S_ISREG(found.st_mode):
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "a special file"
        raise CannotWrite(path, f"it is {kind}, not a regular file")
    if not force:
        raise WouldOverwrite(path)
    if not os.access(path, os.W_OK):
        raise CannotWrite(path, "no permission")


@contextmanager
def written_text(path: Path, force: bool) -> Iterator[IO[str]]:
    """A text file to write into `path`, which appears only once the block ends without error."""
    check_target(path, force)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise CannotWrite(path, exc.strerror or type(exc).__name__) from None
    staged = Path(temporary)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as sink:
            yield sink
        _publish(staged, path, force)
    except OSError as exc:
        raise CannotWrite(path, exc.strerror or type(exc).__name__) from None
    finally:
        staged.unlink(missing_ok=True)


@contextmanager
def written_folder(folder: Path, force: bool) -> Iterator[Path]:
    """A staging folder whose files move into `folder` (made if missing) once the block ends
    without error; none of them is moved if any would replace a file and `force` is not given."""
    made = _make_folder(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".uxlab-", dir=folder))
    except OSError as exc:
        _unmake(made)
        raise CannotWrite(folder, exc.strerror or type(exc).__name__) from None
    try:
        try:
            yield staging
            files = sorted(staging.iterdir())
            for file in files:
                check_target(folder / file.name, force)
            for file in files:
                _publish(file, folder / file.name, force)
        except OSError as exc:
            raise CannotWrite(folder, exc.strerror or type(exc).__name__) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _unmake(made)
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _make_folder(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; those made, innermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise CannotWrite(folder, "a file is in the way (it must be a folder)") from None
    except OSError as exc:
        raise CannotWrite(folder, exc.strerror or type(exc).__name__) from None
    return missing


def _unmake(made: list[Path]) -> None:
    for folder in made:
        try:
            folder.rmdir()
        except OSError:
            return


def _publish(staged: Path, target: Path, force: bool) -> None:
    """Move a complete file into place, with the permissions a new file gets (or the ones of
    the file it replaces)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    staged.chmod(mode)
    if not force and target.exists():
        raise WouldOverwrite(target)
    os.replace(staged, target)
