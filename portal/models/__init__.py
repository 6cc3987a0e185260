"""SQLAlchemy models, one module per aggregate."""

from portal.models.access_log import AccessLog
from portal.models.case import Case, CaseEvent, CaseNumberCounter
from portal.models.draft import Draft, DraftStep
from portal.models.municipality import Municipality, StaffUser
from portal.models.parent import Parent

__all__ = [
    "AccessLog",
    "Case",
    "CaseEvent",
    "CaseNumberCounter",
    "Draft",
    "DraftStep",
    "Municipality",
    "Parent",
    "StaffUser",
]
