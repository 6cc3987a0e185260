"""SQLAlchemy models, one module per aggregate."""

from portal.models.access_log import AccessLog, ViewLog
from portal.models.accounts import AccountsLine, LedgerEntry, RepaymentClaim
from portal.models.admin_change import AdminChange
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
from portal.models.case_handoff import CaseHandoff
from portal.models.complaint import Complaint
from portal.models.custody_consent import CustodyConsent
from portal.models.draft import Draft, DraftStep
from portal.models.hearing import Hearing
from portal.models.letter_delivery import LetterDelivery
from portal.models.login_session import LoginSession
from portal.models.municipality import Municipality, SettingsVersion, StaffUser
from portal.models.notification import Notification
from portal.models.parent import Parent
from portal.models.retention import RetentionRecord
from portal.models.staff_invitation import StaffInvitation
from portal.models.supervision import SupervisionPlan, SupervisionVisit
from portal.models.training_change import TrainingChange
from portal.models.yearly_figure import YearlyFigure

__all__ = [
    "AccessLog",
    "AdminChange",
    "AccountsLine",
    "Attachment",
    "CalendarFeed",
    "Case",
    "CaseHandoff",
    "CaseEvent",
    "CaseNumberCounter",
    "Complaint",
    "CustodyConsent",
    "Decision",
    "DecisionLine",
    "DelayNotice",
    "Draft",
    "DraftStep",
    "Hearing",
    "InformationRequest",
    "LedgerEntry",
    "LetterDelivery",
    "LoginSession",
    "LostEarningsGrant",
    "Municipality",
    "Notification",
    "Parent",
    "RepaymentClaim",
    "RetentionRecord",
    "SettingsVersion",
    "StaffInvitation",
    "StaffUser",
    "SupervisionPlan",
    "SupervisionVisit",
    "TrainingChange",
    "YearlyFigure",
    "ViewLog",
]
