from enum import StrEnum


class ConversationState(StrEnum):
    BOT = "bot"
    QUEUED = "queued"
    AGENT = "agent"
    CLOSED = "closed"


class Sender(StrEnum):
    SHOPPER = "shopper"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"


class CustomerKind(StrEnum):
    MEMBER = "member"  # signed in on the shop: identified by the shop's own customer id
    VISITOR = "visitor"  # anonymous: identified by a server-signed random id
