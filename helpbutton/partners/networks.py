"""A partner's own connections (a library's, a school's), where many families share one
address: the public form gives them a higher rate limit. Plain rules, no Flask.

The region's administrator lists the partner's CIDR ranges and the limit per address and hour;
a form sent from one of them is counted against that limit instead of the usual one.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.models import Partner

MAX_NETWORKS = 50
# The narrowest IPv4 / IPv6 ranges for a whole limit of their own: wider ones would hand the
# higher limit to a whole operator's customers.
MIN_PREFIX = {4: 16, 6: 32}
LIMIT_RANGE = (1, 1000)


class NetworksInvalid(ValueError):
    pass


class WithNetworks(Protocol):
    """A partner, or the plain values of one (`network_cache`)."""

    @property
    def id(self) -> int: ...
    @property
    def active(self) -> bool: ...
    @property
    def networks(self) -> str | None: ...
    @property
    def form_limit_per_hour(self) -> int | None: ...


@dataclass(frozen=True)
class SharedConnection:
    partner_id: int
    per_hour: int


def parse_networks(text: str | None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """One CIDR range (or address) a line; raises NetworksInvalid naming the bad line."""
    networks = []
    for line in (text or "").replace(",", "\n").splitlines():
        item = line.strip()
        if not item:
            continue
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise NetworksInvalid(item) from None
        if network.prefixlen < MIN_PREFIX[network.version]:
            raise NetworksInvalid(item)
        networks.append(network)
    if len(networks) > MAX_NETWORKS:
        raise NetworksInvalid(str(networks[MAX_NETWORKS]))
    return networks


def set_networks(session: DbSession, partner: Partner, text: str | None,
                 per_hour: int | None) -> None:
    """Store the ranges (normalised) and the limit; no ranges: the usual limit. Flushes."""
    networks = parse_networks(text)
    partner.networks = "\n".join(str(n) for n in networks) or None
    partner.form_limit_per_hour = per_hour if networks else None
    session.flush()


def shared_connection(partners: Iterable[WithNetworks],
                      address: str | None) -> SharedConnection | None:
    """The highest limit of an active partner whose ranges hold this address, if any."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    best = None
    for partner in partners:
        if not (partner.active and partner.networks and partner.form_limit_per_hour):
            continue
        try:
            inside = any(ip in network for network in parse_networks(partner.networks))
        except NetworksInvalid:
            continue
        if inside and (best is None or partner.form_limit_per_hour > best.per_hour):
            best = SharedConnection(partner.id, partner.form_limit_per_hour)
    return best


def partners_with_networks(session: DbSession, region_id: int) -> list[Partner]:
    return list(session.scalars(sa.select(Partner).where(
        Partner.region_id == region_id, Partner.active.is_(True),
        Partner.networks.is_not(None))))
