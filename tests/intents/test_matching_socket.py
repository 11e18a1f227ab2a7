"""Multi-turn conversations with the matching bot over the real websocket.

The server runs with the fixture library, rules and lexicon, so the expected phrases are
read from the same data files staff would edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.quick_replies.conftest import FIXTURES
from tests.server import LiveServer
from tests.shopper import Shopper

TEXTS: dict[str, Any] = yaml.safe_load((FIXTURES / "lexicon" / "bot_texts.yaml").read_text())


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {
        "CS_SCRIPTS_DIR": str(FIXTURES / "library"),
        "CS_INTENTS_DIR": str(FIXTURES / "rules"),
        "CS_LEXICON_DIR": str(FIXTURES / "lexicon"),
    }
    server = LiveServer(Path(tmp_path_factory.mktemp("matching")), env=env).start()
    yield server
    server.stop()


async def chat(server: LiveServer) -> Shopper:
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    return shopper


async def test_a_script_answer_comes_with_its_buttons(fixture_server: LiveServer) -> None:
    shopper = await chat(fixture_server)
    _, reply = await shopper.say("亲，運費怎麼算呀？")
    assert "包邮" in reply["text"]
    assert reply["buttons"] == [{"label": "查我家运费", "text": "寄到我这里运费多少"}]
    assert "explanation" not in reply  # for agents and staff only
    await shopper.close()


async def test_the_bot_asks_for_a_missing_order_number_and_the_next_message_fills_it(
    fixture_server: LiveServer,
) -> None:
    shopper = await chat(fixture_server)
    _, asked = await shopper.say("我买的沃柑到哪了")
    assert asked["text"] == TEXTS["ask_slot"]["order_no"]

    _, answered = await shopper.say("XG20240001")
    assert answered["text"].startswith(TEXTS["slot_filled"].format(value="XG20240001"))

    _, again = await shopper.say("我买的东西到哪了")  # the order number is remembered
    assert again["text"] != TEXTS["ask_slot"]["order_no"]
    await shopper.close()


async def test_an_answer_that_does_not_fill_the_slot_is_asked_again_once(
    fixture_server: LiveServer,
) -> None:
    shopper = await chat(fixture_server)
    await shopper.say("订单到哪了")
    _, again = await shopper.say("嗯嗯")
    assert again["text"] == TEXTS["ask_again"] + TEXTS["ask_slot"]["order_no"]
    _, moved_on = await shopper.say("嗯嗯")
    assert TEXTS["ask_slot"]["order_no"] not in moved_on["text"]
    await shopper.close()


async def test_the_shopper_can_change_topic_while_the_bot_waits(fixture_server: LiveServer) -> None:
    shopper = await chat(fixture_server)
    _, asked = await shopper.say("我买的沃柑到哪了")
    assert asked["text"] == TEXTS["ask_slot"]["order_no"]

    _, answered = await shopper.say("运费怎么算")
    assert "包邮" in answered["text"]

    _, after = await shopper.say("XG20240001")  # nothing is pending any more
    assert not after["text"].startswith(TEXTS["slot_filled"].format(value="XG20240001"))
    await shopper.close()


async def test_vague_messages_get_options_and_unknown_ones_a_human(
    fixture_server: LiveServer,
) -> None:
    shopper = await chat(fixture_server)
    _, clarify = await shopper.say("发票的事情")
    assert clarify["text"] == TEXTS["clarify_prefix"]
    assert clarify["buttons"] and clarify["buttons"][0]["label"] == "怎么开发票"

    _, fallback = await shopper.say("今晚月色真美")
    assert fallback["text"] == TEXTS["fallback"]
    assert fallback["buttons"] == TEXTS["fallback_buttons"]
    await shopper.close()
