"""Protocol error codes and the Chinese text a shopper sees for each."""

from __future__ import annotations

SHOPPER_TEXT: dict[str, str] = {
    "bad_json": "消息格式不正确，请刷新页面后重试。",
    "binary_not_supported": "暂不支持这种消息格式，请发送文字。",
    "unknown_type": "无法识别的消息类型。",
    "missing_field": "消息缺少必要内容，请重试。",
    "unsupported_version": "客服组件版本过旧，请刷新页面。",
    "hello_required": "正在连接客服，请稍候再发送。",
    "already_hello": "连接已建立，无需重复连接。",
    "empty_text": "消息不能为空哦。",
    "text_too_long": "消息太长啦，请分几条发送（每条不超过{limit}字）。",
    "rate_limited": "您发送得太快了，请稍等片刻再发。",
    "bad_token": "登录信息无效，请重新登录或刷新页面。",
    "token_expired": "登录已过期，请刷新页面后再试。",
    "origin_not_allowed": "当前页面无权连接客服。",
    "bad_rating": "评分请选择 1 到 5 颗星。",
    "not_waiting": "您当前没有在排队等待人工客服。",
    "no_rating_due": "当前没有需要评价的服务。",
    "conversation_closed": "本次会话已结束，刷新页面即可开始新的咨询。",
    "internal_error": "系统开小差了，消息未发送成功，请稍后重试。",
}

# Websocket close codes for errors after which the connection cannot go on.
CLOSE_CODES: dict[str, int] = {
    "unsupported_version": 4400,
    "bad_token": 4401,
    "token_expired": 4401,
    "origin_not_allowed": 4403,
}


def error_frame(code: str, client_id: str | None = None, **details: object) -> dict[str, object]:
    frame: dict[str, object] = {
        "type": "error",
        "code": code,
        "message": SHOPPER_TEXT[code].format(**details),
    }
    if client_id is not None:
        frame["client_id"] = client_id
    return frame
