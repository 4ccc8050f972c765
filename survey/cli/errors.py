"""How the command line reports a user's mistake: one plain sentence and exit status 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
from sqlalchemy.exc import DataError

from survey.domain.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(command: F) -> F:
    """Turn domain errors into click errors: one line per problem, exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            if len(error.problems) == 1:
                raise click.ClickException(str(error.problems[0])) from None
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise click.ClickException(
                f"{len(error.problems)} problems, nothing was stored:\n{lines}"
            ) from None
        except DataError as error:
            # PostgreSQL refuses a value SQLite would take (longer than its column, a NUL
            # byte): say which, in one line; the unit of work has rolled everything back.
            raise click.ClickException(
                f"The database refused a value, nothing was stored: {reason(error.orig or error)}"
            ) from None
        except UnicodeEncodeError:
            # An argument with bytes that are not UTF-8 arrives as lone surrogates (Python's
            # surrogateescape); no database can look them up or store them.
            raise click.ClickException(
                "What you typed holds characters that are not UTF-8 text; type it again."
            ) from None

    return wrapped  # type: ignore[return-value]


def reason(error: BaseException) -> str:
    """The first line of an error's message (or its type), short enough for one sentence."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:300]
