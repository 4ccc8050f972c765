"""Domain errors: each names the field it is about and says in plain words what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class DomainError(Exception):
    """Input that cannot be accepted. Carries one or more problems, each with a field."""

    def __init__(self, problems: list[FieldProblem] | FieldProblem | str, field: str = "") -> None:
        if isinstance(problems, str):
            problems = [FieldProblem(field, problems)]
        elif isinstance(problems, FieldProblem):
            problems = [problems]
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def message(self) -> str:
        return self.problems[0].message


class NotFound(DomainError):
    """A reference, slug or code that does not exist."""


class Conflict(DomainError):
    """A change that would break something that depends on the record (e.g. linked evidence)."""
