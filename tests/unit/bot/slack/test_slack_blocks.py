"""Block Kit translation and the app manifest, without Slack: forms become modals whose answers
come back as the core's plain values, and the manifest lists everything the code listens for."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.conversation import messages as m
from bot.conversation.staff import submission_form
from bot.slack import blocks
from bot.slack.app import BOT_SCOPES

MANIFEST = Path(blocks.__file__).with_name("manifest.yml")


def test_a_form_becomes_a_modal_and_its_answers_come_back_as_values() -> None:
    form = submission_form([m.Choice("design", "Design")], context={"source": "C1:1.2"})
    view = blocks.modal(form)
    assert view["callback_id"] == "stars" and '"source": "C1:1.2"' in view["private_metadata"]
    types = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert types == {
        "kind": "static_select",
        "workstream": "static_select",
        "text": "plain_text_input",
        "action": "external_select",
        "anonymous": "checkboxes",
    }
    state = {
        "kind": {"kind": {"type": "static_select", "selected_option": {"value": "concern"}}},
        "workstream": {"workstream": {"type": "static_select", "selected_option": None}},
        "text": {"text": {"type": "plain_text_input", "value": "Too slow"}},
        "action": {"action": {"type": "external_select", "selected_option": {"value": "2.5"}}},
        "anonymous": {"anonymous": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
    }
    assert blocks.view_values({"state": {"values": state}}) == {
        "kind": "concern",
        "workstream": None,
        "text": "Too slow",
        "action": "2.5",
        "anonymous": True,
    }


def test_a_select_with_no_choices_is_left_out() -> None:
    view = blocks.modal(submission_form([]))
    assert "workstream" not in [b["block_id"] for b in view["blocks"]]


def test_problems_go_on_their_blocks_or_the_text_block() -> None:
    problems = m.Problems({"text": "Write what you want to say", "author": "Unknown sender"})
    assert blocks.errors(problems, {"kind", "text"}) == {
        "text": "Write what you want to say Unknown sender"
    }


def test_the_manifest_lists_every_command_shortcut_event_and_scope() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    source = Path(blocks.__file__).with_name("listeners.py").read_text(encoding="utf-8")
    commands = set(re.findall(r'app\.command\("(/[a-z]+)"\)', source))
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == commands
    shortcuts = set(re.findall(r'app\.shortcut\("([a-z_]+)"\)', source))
    assert {s["callback_id"] for s in manifest["features"]["shortcuts"]} == shortcuts
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.im",
    }
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
