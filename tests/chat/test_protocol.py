"""The shopper protocol, frame by frame, with no socket."""

from __future__ import annotations

import orjson

from app.chat.protocol import Close, Hello, Limits, Phase, Reply, ShopperProtocol, ShopperText


def opened(limits: Limits | None = None) -> ShopperProtocol:
    protocol = ShopperProtocol(limits or Limits())
    [hello] = protocol.receive('{"type": "hello", "v": 1}', now=0.0)
    assert isinstance(hello, Hello)
    protocol.opened()
    return protocol


def error_code(events: list) -> str:
    assert isinstance(events[0], Reply), events
    assert events[0].frame["type"] == "error"
    return events[0].frame["code"]


def message(text: str, client_id: str = "c1") -> str:
    return orjson.dumps({"type": "message", "client_id": client_id, "text": text}).decode()


def test_hello_carries_token_visitor_and_last_seq():
    protocol = ShopperProtocol(Limits())
    [hello] = protocol.receive('{"type":"hello","v":1,"token":"t","last_seq":7}', now=0)
    assert hello == Hello(token="t", visitor=None, last_seq=7)
    assert protocol.phase is Phase.OPENING


def test_a_message_before_hello_is_refused_but_the_connection_stays():
    protocol = ShopperProtocol(Limits())
    assert error_code(protocol.receive(message("你好"), now=0)) == "hello_required"
    assert protocol.phase is Phase.AWAITING_HELLO


def test_wrong_version_closes():
    events = ShopperProtocol(Limits()).receive('{"type":"hello","v":9}', now=0)
    assert error_code(events) == "unsupported_version"
    assert isinstance(events[-1], Close) and events[-1].code == 4400


def test_text_is_trimmed():
    [event] = opened().receive(message("  有货吗  "), now=0)
    assert event == ShopperText(client_id="c1", text="有货吗")


def test_bad_frames_get_their_codes():
    protocol = opened()
    cases = {
        "not json": "bad_json",
        "[1, 2]": "bad_json",
        '{"type": "dance"}': "unknown_type",
        '{"text": "hi"}': "unknown_type",
        '{"type": "message", "text": "hi"}': "missing_field",
        '{"type": "message", "client_id": "c", "text": 5}': "missing_field",
        '{"type": "message", "client_id": "", "text": "hi"}': "missing_field",
        '{"type": "hello", "v": 1}': "already_hello",
        '{"type": "typing"}': "missing_field",
    }
    for raw, code in cases.items():
        assert error_code(protocol.receive(raw, now=0)) == code, raw
    assert error_code(protocol.receive(b"\x00\x01", now=0)) == "binary_not_supported"
    assert protocol.phase is Phase.OPEN


def test_empty_and_oversized_text_name_the_message():
    protocol = opened(Limits(max_chars=10))
    events = protocol.receive(message(" \n\t "), now=0)
    assert error_code(events) == "empty_text"
    assert events[0].frame["client_id"] == "c1"
    events = protocol.receive(message("长" * 11), now=0)
    assert error_code(events) == "text_too_long"
    assert "10" in events[0].frame["message"]
    assert isinstance(protocol.receive(message("长" * 10), now=0)[0], ShopperText)


def test_rate_limit_refills_with_time():
    protocol = opened(Limits(rate_per_second=1.0, rate_burst=2))
    assert isinstance(protocol.receive(message("1"), now=0.0)[0], ShopperText)
    assert isinstance(protocol.receive(message("2"), now=0.0)[0], ShopperText)
    assert error_code(protocol.receive(message("3"), now=0.1)) == "rate_limited"
    assert isinstance(protocol.receive(message("3"), now=1.2)[0], ShopperText)


def test_refused_token_closes_and_nothing_more_is_read():
    protocol = ShopperProtocol(Limits())
    protocol.receive('{"type":"hello","v":1,"token":"x"}', now=0)
    events = protocol.refuse("bad_token")
    assert error_code(events) == "bad_token"
    assert isinstance(events[-1], Close) and events[-1].code == 4401
    assert protocol.receive(message("hi"), now=0) == []


def test_ping_is_answered_in_any_phase():
    assert ShopperProtocol(Limits()).receive('{"type":"ping"}', now=0) == [Reply({"type": "pong"})]


def test_queue_rating_and_leave_message_frames():
    from app.chat.protocol import CancelQueue, LeaveMessage, Rate

    protocol = opened()
    assert protocol.receive('{"type": "cancel_queue"}', now=0) == [CancelQueue()]
    assert protocol.receive('{"type": "rate", "score": 5, "comment": " 很好 "}', now=0) == [
        Rate(score=5, comment="很好")
    ]
    assert error_code(protocol.receive('{"type": "rate", "score": 9}', now=0)) == "bad_rating"
    assert error_code(protocol.receive('{"type": "rate", "score": "5"}', now=0)) == (
        "missing_field"
    )
    frame = '{"type": "leave_message", "contact": "13800000000", "text": "明早联系我"}'
    assert protocol.receive(frame, now=0) == [LeaveMessage("13800000000", "明早联系我")]
    empty = '{"type": "leave_message", "contact": "", "text": "x"}'
    assert error_code(protocol.receive(empty, now=0)) == "empty_text"


def test_a_left_message_is_bounded_even_when_chat_messages_may_be_longer():
    protocol = opened(Limits(max_chars=5000))
    long_text = orjson.dumps({"type": "leave_message", "contact": "张", "text": "字" * 1001})
    events = protocol.receive(long_text.decode(), now=0)
    assert error_code(events) == "text_too_long"
    assert "1000" in events[0].frame["message"]
    long_contact = orjson.dumps({"type": "leave_message", "contact": "1" * 101, "text": "回电"})
    events = protocol.receive(long_contact.decode(), now=0)
    assert "100" in events[0].frame["message"]
