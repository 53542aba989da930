"""The domain model: one module per aggregate. Importing this package registers all tables."""
from helpbutton.models.admin_action import AdminAction
from helpbutton.models.auth import PasswordToken, SignInAttempt, TokenPurpose
from helpbutton.models.centre import Centre, centre_municipality
from helpbutton.models.config_change import ConfigChange, config_change_municipality
from helpbutton.models.legal_text import LegalTexts
from helpbutton.models.message import (
    MESSAGE_MAX,
    MessageAuthor,
    MessageKind,
    RequestMessage,
)
from helpbutton.models.message_template import MessageTemplate
from helpbutton.models.outbox import OutboxChannel, OutboxMessage, OutboxStatus
from helpbutton.models.partner import STAFF_CHANNELS, Channel, Partner
from helpbutton.models.region import LanguageStatus, Municipality, PostalCode, Region
from helpbutton.models.request import (
    OPEN_STATUSES,
    ContactMethod,
    EventKind,
    HelpRequest,
    Outcome,
    RequestEvent,
    RequestStatus,
)
from helpbutton.models.routing_rule import RoutingRule
from helpbutton.models.statistics_day import StatisticsDay, StatisticsRollup
from helpbutton.models.topic import Topic
from helpbutton.models.user import Role, RoleAssignment, User

__all__ = [
    "Centre", "centre_municipality", "ConfigChange", "config_change_municipality",
    "OutboxChannel", "OutboxMessage", "OutboxStatus", "Channel", "Partner", "STAFF_CHANNELS",
    "Municipality", "LanguageStatus", "PostalCode", "Region", "ContactMethod", "EventKind",
    "HelpRequest", "OPEN_STATUSES", "Outcome", "RequestEvent", "RequestStatus", "RoutingRule",
    "Topic", "Role",
    "RoleAssignment", "User", "PasswordToken", "SignInAttempt", "TokenPurpose", "AdminAction",
    "MessageTemplate", "LegalTexts", "StatisticsDay", "StatisticsRollup",
    "MESSAGE_MAX", "MessageAuthor", "MessageKind", "RequestMessage",
]
