"""Routing: which family centre gets a help request, and why. Plain Python, no web framework.

Build a `RoutingConfig` from the database, `compile_config` it once, then `Router.route` each
request; `describe` turns a trace step into an English sentence.
"""

from .engine import Router, compile_config, route
from .model import (
    CHILD_AGES,
    EXPECTING,
    MAX_CHILD_AGE,
    Centre,
    Municipality,
    RequestFacts,
    RoutingConfig,
    Rule,
)
from .trace import CONDITIONS, OUTCOMES, VIAS, Decision, TraceStep, describe

__all__ = [
    "CHILD_AGES",
    "CONDITIONS",
    "EXPECTING",
    "MAX_CHILD_AGE",
    "OUTCOMES",
    "VIAS",
    "Centre",
    "Decision",
    "Municipality",
    "RequestFacts",
    "Router",
    "RoutingConfig",
    "Rule",
    "TraceStep",
    "compile_config",
    "describe",
    "route",
]
