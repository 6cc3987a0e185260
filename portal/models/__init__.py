"""SQLAlchemy models, one module per aggregate."""

from portal.models.access_log import AccessLog
from portal.models.attachment import Attachment
from portal.models.calendar_feed import CalendarFeed
from portal.models.case import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    Decision,
    DecisionLine,
    DelayNotice,
    InformationRequest,
    LostEarningsGrant,
)
from portal.models.custody_consent import CustodyConsent
from portal.models.draft import Draft, DraftStep
from portal.models.hearing import Hearing
from portal.models.login_session import LoginSession
from portal.models.municipality import Municipality, StaffUser
from portal.models.notification import Notification
from portal.models.parent import Parent
from portal.models.training_change import TrainingChange

__all__ = [
    "AccessLog",
    "Attachment",
    "CalendarFeed",
    "Case",
    "CaseEvent",
    "CaseNumberCounter",
    "CustodyConsent",
    "Decision",
    "DecisionLine",
    "DelayNotice",
    "Draft",
    "DraftStep",
    "Hearing",
    "InformationRequest",
    "LoginSession",
    "LostEarningsGrant",
    "Municipality",
    "Notification",
    "Parent",
    "StaffUser",
    "TrainingChange",
]
