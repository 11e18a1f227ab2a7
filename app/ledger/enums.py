from enum import StrEnum


class CaseType(StrEnum):
    LOGISTICS_FOLLOWUP = "logistics_followup"
    LOST_PARCEL_CLAIM = "lost_parcel_claim"
    URGE_SHIPPING = "urge_shipping"
    ADDRESS_CHANGE = "address_change"
    PHONE_CHANGE = "phone_change"
    NOTE_CHANGE = "note_change"
    COURIER_INTERCEPT = "courier_intercept"
    INVOICE = "invoice"
    BAD_FRUIT_COMPENSATION = "bad_fruit_compensation"
    REFUND = "refund"
    WRONG_ITEM = "wrong_item"
    UNPAID_REMINDER = "unpaid_reminder"
    LARGE_ORDER_APPROVAL = "large_order_approval"


class CaseStatus(StrEnum):
    OPEN = "open"  # registered, waiting for someone
    APPROVED = "approved"  # decided in the shopper's favour, not carried out yet
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"

    @property
    def closed(self) -> bool:
        return self in (CaseStatus.RESOLVED, CaseStatus.REJECTED)


BOT_HANDLER = "bot"
