"""Replace a file so that a crash leaves either the old or the new one: never half.

The one way Marginalia rewrites a file (the annotation database, the corpus
index, an export, the user's state): write a temp file in the same folder,
flush it to disk, `os.replace` it over the target, then make the rename
itself durable by syncing the folder. Temp files are named
`.<name>.tmp-<pid>-<random>`, so a store can recognise and delete the ones a
crash left behind.

A symbolic link is written through: the file it points to is replaced (its
temp file beside it) and the link stays, so a database kept elsewhere behind a
link is the one that gets every label.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO

CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def temp_name(path: Path) -> Path:
    """A fresh temp file name beside `path` (unique per process and call)."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (best effort off POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY | CLOEXEC)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on dirs
        pass
    finally:
        os.close(fd)


def through_links(path: Path) -> Path:
    """The file a rewrite of `path` must replace: `path` itself, or, when it is a
    symbolic link (or a chain of them), the file at its end."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def replace_file(path: Path, write: Callable[[IO[bytes]], object], *, durable: bool = True) -> None:
    """Write a new `path` through `write(handle)`, atomically.

    `durable=False` skips the fsyncs, for caches that are rebuilt when found
    damaged. Raises the OSError of whatever failed; the temp file is removed
    and the old `path` is left as it was. A link at `path` is written through.
    """
    path = through_links(path)
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | CLOEXEC, 0o644)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def write_bytes_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` atomically (see `replace_file`)."""
    replace_file(path, lambda handle: handle.write(data), durable=durable)
