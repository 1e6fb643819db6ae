"""Exceptions raised by the scoring core."""

from __future__ import annotations

__all__ = ["ParameterFileError", "ScoringInputError"]


class ScoringInputError(ValueError):
    """Invalid scoring input: NaN, out of range, wrong shape or an unknown category.

    Parameters
    ----------
    field : str
        Name of the offending argument or indicator (e.g. ``"SIZ"``).
    row : int or None
        First offending row of the batch, or None when the whole argument is wrong
        (e.g. a shape mismatch).
    problem : str
        What is wrong, in plain words.
    """

    def __init__(self, field: str, row: int | None, problem: str) -> None:
        self.field = field
        self.row = row
        self.problem = problem
        where = f"{field!r}" if row is None else f"{field!r}, row {row}"
        super().__init__(f"invalid scoring input {where}: {problem}")


class ParameterFileError(ValueError):
    """``parameters.yaml`` is missing a key, has a bad value or an entry without a source."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"bad scoring parameter file at {path}: {problem}")
