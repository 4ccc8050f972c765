"""Slack bot tokens encrypted at rest: a database dump alone gives no working token, the app
still posts with the token, keys rotate without losing a workspace, and a missing key is one
plain error with nothing posted rather than a crash."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import text

from storage.database import Database
from storage.encryption import SecretBox, new_key
from storage.repositories import slack_installations
from survey.officers.submissions import change_status
from tests.fakes.slack_api import FakeSlackApi
from tests.support.factories import staff_submission
from tests.support.slack_requests import OFFICERS, SIGNING_SECRET, SlackClient

OLD_KEY, NEW_KEY, WRONG_KEY = new_key(), new_key(), new_key()
TOKEN = "xoxb-111-secret-token"


def stored_tokens(database: Database) -> list[str]:
    """The bot token column exactly as a database dump would show it (plain SQL, no ORM)."""
    with database.engine.connect() as connection:
        return list(connection.execute(text("SELECT bot_token FROM slack_installation")).scalars())


def test_an_oauth_installation_stores_no_usable_token_and_still_posts_with_it(
    make_app: Callable[..., Any], loaded: Any, slack_api: FakeSlackApi
) -> None:
    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
        SLACK_OFFICERS_CHANNEL=OFFICERS,
        SLACK_WORKERS=1,
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="s",
    )
    client = app.test_client()
    page = client.get("/slack/install").get_data(as_text=True)
    link = next(p for p in page.split('href="')[1:] if "oauth/v2/authorize" in p)
    state = parse_qs(urlsplit(link.split('"')[0].replace("&amp;", "&")).query)["state"][0]
    assert client.get(f"/slack/oauth_redirect?code=abc&state={state}").status_code == 200

    [raw] = loaded.execute(text("SELECT bot_token FROM slack_installation")).scalars()
    assert raw != "xoxb-installed" and "xoxb-" not in raw and "installed" not in raw

    SlackClient(client).command("/stars", "An idea", team_id="T222", enterprise_id="")
    [dm] = [c for c in slack_api.called("chat.postMessage") if c.args.get("channel") == "W111"]
    assert dm.token == "xoxb-installed"


@pytest.fixture
def oauth_cli(make_cli: Callable[..., Any], slack_api: FakeSlackApi) -> Any:
    """The command line with Slack OAuth on, and T111's token stored with OLD_KEY."""
    run = make_cli(
        {
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "s",
            "SLACK_API_URL": slack_api.url,
            "DATA_ENCRYPTION_KEYS": OLD_KEY,
        }
    )
    database = Database(run.url)
    with database.unit_of_work() as session:
        slack_installations.upsert_installation(
            session, SecretBox([OLD_KEY]), team_id="T111", bot_token=TOKEN
        )
    database.dispose()
    return run


def owe_a_message(url: str, author: str) -> None:
    """A status change the author in T111 must be told about, waiting in the outbox."""
    database = Database(url)
    with database.unit_of_work() as session:
        receipt = staff_submission(
            session,
            text="Named",
            author_id=author,
            workspace_id="T111",
            reply_address={"team": "T111", "user": author},
        )
        change_status(session, receipt.reference, "acknowledged", None, "cli")
    database.dispose()


def posted_tokens(slack_api: FakeSlackApi) -> list[str | None]:
    return [call.token for call in slack_api.called("chat.postMessage")]


def test_a_new_key_first_then_rotate_then_the_old_key_removed_keeps_the_token_working(
    oauth_cli: Any, slack_api: FakeSlackApi
) -> None:
    database = Database(oauth_cli.url)
    before = stored_tokens(database)
    rotated = oauth_cli("secrets", "rotate", DATA_ENCRYPTION_KEYS=f"{NEW_KEY},{OLD_KEY}")
    assert rotated.exit_code == 0, rotated.output
    assert rotated.output == "Encrypted 1 Slack bot token(s) with the newest key.\n"
    after = stored_tokens(database)
    database.dispose()
    assert after != before and "xoxb-" not in after[0]
    assert SecretBox([NEW_KEY]).decrypt(after[0]) == TOKEN

    owe_a_message(oauth_cli.url, "U7")
    sent = oauth_cli("notifications", "deliver", DATA_ENCRYPTION_KEYS=NEW_KEY)
    assert sent.output.startswith("Sent 1, will retry 0, failed 0"), sent.output
    assert posted_tokens(slack_api) == [TOKEN]


def test_with_only_a_wrong_key_nothing_is_posted_and_the_error_says_why(
    oauth_cli: Any, slack_api: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    owe_a_message(oauth_cli.url, "U7")
    sent = oauth_cli("notifications", "deliver", DATA_ENCRYPTION_KEYS=WRONG_KEY)
    assert sent.exit_code == 0, sent.output
    # Tried again later: putting the right key back delivers it.
    assert sent.output.startswith("Sent 0, will retry 1, failed 0"), sent.output
    assert "does not decrypt with any key in DATA_ENCRYPTION_KEYS" in caplog.text
    assert TOKEN not in caplog.text
    assert slack_api.called("chat.postMessage") == []

    refused = oauth_cli("secrets", "rotate", DATA_ENCRYPTION_KEYS=WRONG_KEY)
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: A stored secret does not decrypt with any key in DATA_ENCRYPTION_KEYS: "
        "add back the key it was written with. Nothing was changed.\n"
    )
    assert oauth_cli("notifications", "deliver").output.startswith("Sent 1,")
    assert posted_tokens(slack_api) == [TOKEN]


def test_a_digest_with_only_a_wrong_key_is_one_sentence_and_can_be_sent_again(
    oauth_cli: Any, slack_api: FakeSlackApi
) -> None:
    refused = oauth_cli(
        "digest", "send", SLACK_OFFICERS_CHANNEL=OFFICERS, DATA_ENCRYPTION_KEYS=WRONG_KEY
    )
    assert refused.exit_code == 1
    assert "Slack refused the digest (token_undecryptable); nothing was posted" in refused.output
    assert slack_api.called("chat.postMessage") == []
    sent = oauth_cli("digest", "send", SLACK_OFFICERS_CHANNEL=OFFICERS)
    assert sent.exit_code == 0, sent.output
    assert posted_tokens(slack_api) == [TOKEN]


def test_a_wrong_key_answers_slack_as_an_unknown_workspace_not_a_crash(
    make_app: Callable[..., Any], loaded: Any, slack_api: FakeSlackApi
) -> None:
    slack_installations.upsert_installation(
        loaded, SecretBox([OLD_KEY]), team_id="T999", bot_token=TOKEN
    )
    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
        SLACK_WORKERS=1,
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="s",
        DATA_ENCRYPTION_KEYS=WRONG_KEY,
    )
    command = partial(SlackClient(app.test_client()).command, "/stars", "hello", team_id="T999")
    assert command(response_url=slack_api.url + "response_url").status_code == 200
    assert "chat.postMessage" not in slack_api.methods()


def test_a_plaintext_token_from_before_encryption_works_until_rotate_encrypts_it(
    oauth_cli: Any, slack_api: FakeSlackApi
) -> None:
    database = Database(oauth_cli.url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE slack_installation SET bot_token = :t"), {"t": TOKEN})
    owe_a_message(oauth_cli.url, "U7")
    assert oauth_cli("notifications", "deliver").output.startswith("Sent 1,")

    rotated = oauth_cli("secrets", "rotate")
    assert rotated.exit_code == 0, rotated.output
    assert "(1 of them stored in plain text until now)" in rotated.output
    [stored] = stored_tokens(database)
    database.dispose()
    assert "xoxb-" not in stored and SecretBox([OLD_KEY]).decrypt(stored) == TOKEN
    assert posted_tokens(slack_api) == [TOKEN]


def test_a_new_key_is_a_fernet_key(cli: Any) -> None:
    made = cli("secrets", "new-key").output.strip()
    assert SecretBox([made]).decrypt(SecretBox([made]).encrypt("x")) == "x"
    refused = cli("secrets", "rotate", DATA_ENCRYPTION_KEYS="not-a-key")
    assert refused.exit_code == 1
    assert "DATA_ENCRYPTION_KEYS: key 1 is not a Fernet key" in refused.output
