"""The ``yousaid`` command line against a database of its own, as an officer or cron runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from survey.cli import main
from tests.support.paths import DATA

# The test region, plan and survey most command-line tests start from, in load order.
MINI_FILES = (
    ("orgs", DATA / "organisations" / "test-region.yaml"),
    ("plan", DATA / "plans" / "mini.yaml"),
    ("survey", DATA / "surveys" / "mini.yaml"),
)


def command_line(
    url: str,
    instance_path: Path,
    env: dict[str, str] | None = None,
    *,
    with_mini_survey: bool = False,
    must_succeed: bool = False,
    catch_exceptions: bool = False,
) -> Callable[..., Result]:
    """A ``run(*args, input=None, **env_changes)`` on a migrated database at ``url``.

    ``must_succeed`` fails the test on a non-zero exit (for set-up style commands);
    ``catch_exceptions`` hands an exception back in the result instead of raising it."""
    runner = CliRunner()
    base = {
        "DATABASE_URL": url,
        "YOUSAID_INSTANCE_PATH": str(instance_path),
        "YOUSAID_ENV": "development",
        **(env or {}),
    }

    def run(*args: str, input: str | bytes | None = None, **changes: str | None) -> Result:
        result = runner.invoke(
            main,
            list(args),
            env={**base, **changes},
            input=input,
            catch_exceptions=catch_exceptions,
        )
        if must_succeed:
            assert result.exit_code == 0, result.output
        return result

    assert run("db", "upgrade").exit_code == 0
    if with_mini_survey:
        for command, path in MINI_FILES:
            assert run(command, "load", str(path)).exit_code == 0
    run.url = url  # type: ignore[attr-defined]
    run.env = base  # type: ignore[attr-defined]
    return run
