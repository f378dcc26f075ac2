"""Writing rendered output: every OS-level failure becomes a DataFileError naming the path."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataFileError


def _reason(path: Path, e: OSError, *, is_folder: bool = False) -> str:
    if is_folder and isinstance(e, FileExistsError | NotADirectoryError):
        return "cannot write: expected a folder for the per-table files, found an existing file"
    if isinstance(e, NotADirectoryError):
        return "cannot write: a part of the path above the file is a file, not a folder"
    if isinstance(e, IsADirectoryError):
        return "cannot write: the path is a directory; expected a file path"
    if isinstance(e, FileNotFoundError):
        return f"cannot write: the folder {str(path.parent)!r} does not exist; create it first"
    return f"cannot write: {e.strerror or e}"


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to the file ``path``; an OSError is raised as DataFileError."""
    try:
        path.write_text(text, encoding=encoding)
    except OSError as e:
        raise DataFileError(path, [(None, _reason(path, e))]) from e
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to the file ``path``; an OSError is raised as DataFileError."""
    try:
        path.write_bytes(data)
    except OSError as e:
        raise DataFileError(path, [(None, _reason(path, e))]) from e
    return path


def folder(path: Path) -> Path:
    """Make sure ``path`` is a folder (created with its parents when missing)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DataFileError(path, [(None, _reason(path, e, is_folder=True))]) from e
    return path
