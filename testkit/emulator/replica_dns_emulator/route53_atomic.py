"""Route 53 ``ChangeResourceRecordSets`` with the semantics of the real service.

moto 5.2.5 applies a change batch change by change (a failing change leaves the earlier ones
applied), deletes a record whatever TTL/values the DELETE carries (it only checks a journal of past
changes, and deletes every record of that name and type), accepts a CREATE of an existing record in
many cases, and lets a CNAME coexist with other records of the same name. The reconciler relies on
exactly these checks (DELETE/UPSERT with the exact current values make a concurrent edit fail the
batch instead of clobbering it), so this module replaces the backend method with one that

* validates every change against a working copy of the zone, in order, and applies the batch only
  when all of them pass (all-or-nothing), under a lock, by swapping the zone's record list;
* rejects with ``InvalidChangeBatch`` (HTTP 400, one message per failed change, no change made):
  CREATE of an existing record; DELETE of a missing record or with a TTL/value that differs from
  the current one; a CNAME next to any other record of the same name, or at the zone apex; more
  than one value in a CNAME; unquoted TXT values; a name outside the zone; two changes of the same
  record in one batch (except DELETE followed by CREATE/UPSERT); deleting the apex SOA/NS;
* rejects a change with neither AliasTarget nor TTL+ResourceRecords with ``InvalidInput``.

Names are compared case-insensitively and stored lowercase with a trailing dot.

It also stores the SOA record moto adds to a new zone with plain string values (moto nests them
in ``{"Value": …}`` twice in ``ListResourceRecordSets``), and makes ``CreateHostedZone`` with a ``VPC`` create a *private* zone, as Route 53 does; moto
only looks at ``HostedZoneConfig.PrivateZone`` and silently creates a public zone otherwise.
"""

from __future__ import annotations

import threading
from typing import Any

from moto.core.exceptions import ServiceException
from moto.route53.exceptions import InvalidActionValue, InvalidInput
from moto.route53.models import FakeZone, RecordSet, Route53Backend
from moto.route53.responses import Route53
from moto.route53.utils import validate_domain_name

_lock = threading.RLock()


class InvalidChangeBatch(ServiceException):
    code = "InvalidChangeBatch"

    def __init__(self, messages: list[str]) -> None:
        super().__init__("InvalidChangeBatch", "; ".join(messages))
        self.messages = messages


def _fqdn(name: str) -> str:
    name = name.strip().lower()
    return name if name.endswith(".") else name + "."


def _ttl(v: Any) -> int | None:
    return None if v is None or v == "" else int(v)


def _values(rrset: RecordSet | dict[str, Any]) -> list[str]:
    if isinstance(rrset, RecordSet):
        return sorted(str(v) for v in (rrset.records or []))
    return sorted(str(r["Value"]) if isinstance(r, dict) else str(r) for r in rrset.get("ResourceRecords") or [])


def _alias_key(alias: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if not alias:
        return None
    return (
        str(alias.get("HostedZoneId", "")).replace("/hostedzone/", ""),
        _fqdn(str(alias.get("DNSName", ""))),
        str(alias.get("EvaluateTargetHealth", False)).lower(),
    )


def _same(existing: RecordSet, wanted: dict[str, Any]) -> bool:
    if _alias_key(existing.alias_target) != _alias_key(wanted.get("AliasTarget")):
        return False
    if wanted.get("AliasTarget"):
        return True
    return _ttl(existing.ttl) == _ttl(wanted.get("TTL")) and _values(existing) == _values(wanted)


def _key(name: str, rtype: str, set_id: str | None) -> tuple[str, str, str | None]:
    return (_fqdn(name), rtype, set_id or None)


def plan_batch(zone: FakeZone, changes: list[dict[str, Any]]) -> list[RecordSet]:
    """Validate ``changes`` against ``zone``; the zone's new record list, or raise."""
    zone_name = _fqdn(zone.name)
    work: dict[tuple[str, str, str | None], RecordSet] = {}
    for rs in zone.rrsets:
        work[_key(rs.name, rs.type or "", rs.set_identifier)] = rs
    errors: list[str] = []
    seen: dict[tuple[str, str, str | None], str] = {}
    touched: set[str] = set()

    for change in changes:
        action = change.get("Action")
        if action not in ("CREATE", "DELETE", "UPSERT"):
            raise InvalidActionValue(str(action))
        rr = dict(change["ResourceRecordSet"])
        validate_domain_name(rr["Name"], code="InvalidChangeBatch")
        name = _fqdn(rr["Name"])
        rtype = rr["Type"]
        set_id = rr.get("SetIdentifier")
        if not rr.get("AliasTarget") and not rr.get("TrafficPolicyInstanceId") and (
            rr.get("TTL") is None or not rr.get("ResourceRecords")
        ):
            raise InvalidInput(
                "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
                "ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with "
                f"[Action={action}, Name={rr['Name']}, Type={rtype}, SetIdentifier={set_id or 'null'}]"
            )
        if name != zone_name and not name.endswith("." + zone_name):
            errors.append(f"RRSet with DNS name {name} is not permitted in zone {zone_name}")
            continue
        values = _values(rr)
        if action != "DELETE":
            if rtype == "CNAME" and len(values) > 1:
                errors.append(
                    f"RRSet of type CNAME with DNS name {name} is not permitted to have more than one value"
                )
            if rtype == "CNAME" and name == zone_name:
                errors.append(f"RRSet of type CNAME with DNS name {name} is not permitted at apex in zone {zone_name}")
            if rtype in ("TXT", "SPF"):
                for v in values:
                    if not (len(v) >= 2 and v.startswith('"') and v.endswith('"')):
                        errors.append(
                            "Invalid Resource Record: 'FATAL problem: InvalidCharacterString "
                            f"(Value should be enclosed in quotation marks) encountered with '{v}''"
                        )
            ttl = _ttl(rr.get("TTL"))
            if ttl is not None and not 0 <= ttl <= 2147483647:
                errors.append(f"Invalid TTL {ttl} for {name}")
        key = (name, rtype, set_id or None)
        prior = seen.get(key)
        if prior is not None and not (prior == "DELETE" and action in ("CREATE", "UPSERT")):
            errors.append(f"The request contains an invalid set of changes for a resource record set '{rtype} {name}'")
            continue
        seen[key] = action
        touched.add(name)
        existing = work.get(key)
        if action == "CREATE":
            if existing is not None:
                errors.append(f"Tried to create resource record set [name='{name}', type='{rtype}'] but it already exists")
                continue
        elif action == "DELETE":
            if existing is None:
                errors.append(f"Tried to delete resource record set [name='{name}', type='{rtype}'] but it was not found")
                continue
            if not _same(existing, rr):
                errors.append(
                    f"Tried to delete resource record set [name='{name}', type='{rtype}'] "
                    "but the values provided do not match the current values"
                )
                continue
            if name == zone_name and rtype in ("SOA", "NS"):
                errors.append(f"A HostedZone must contain at least one NS record and one SOA record for the zone itself")
                continue
            del work[key]
            continue
        new = dict(rr)
        new["Name"] = name
        if "ResourceRecords" in new:
            new["ResourceRecords"] = [r["Value"] if isinstance(r, dict) else r for r in new["ResourceRecords"]]
        work[key] = RecordSet(new)

    if touched:
        types_by_name: dict[str, set[str]] = {}
        for (name, rtype, _), _rs in work.items():
            if name in touched:
                types_by_name.setdefault(name, set()).add(rtype)
        for name, types in sorted(types_by_name.items()):
            if "CNAME" in types and len(types) > 1:
                errors.append(
                    f"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts "
                    f"with other records with the same DNS name in zone {zone_name}"
                )
    if errors:
        raise InvalidChangeBatch(errors)
    return list(work.values())


def _change_resource_record_sets(self: Route53Backend, zoneid: str, change_list: list[dict[str, Any]]) -> None:
    with _lock:
        zone = self.get_hosted_zone(zoneid)
        zone.rrsets = plan_batch(zone, change_list)  # one reference swap: readers see old or new


def _create_hosted_zone(self: Route53) -> Any:
    # Route 53 makes a zone private when the request names a VPC; moto needs the explicit flag.
    if self._get_param("VPC.VPCId") and not self._get_bool_param("HostedZoneConfig.PrivateZone", False):
        params = self.params if isinstance(self.params, dict) else None
        if params is not None:
            conf = params.get("HostedZoneConfig") or {}
            conf["PrivateZone"] = True
            params["HostedZoneConfig"] = conf
    return _orig_create_hosted_zone(self)


_orig_create_hosted_zone = Route53.create_hosted_zone


_orig_add_rrset = FakeZone.add_rrset


def _add_rrset(self: FakeZone, record_set: dict[str, Any]) -> RecordSet:
    # moto's CreateHostedZone adds the SOA record with {"Value": ...} dicts as values, which its
    # serializer then nests twice; store plain strings like every other record.
    rs = _orig_add_rrset(self, record_set)
    rs.records = [r["Value"] if isinstance(r, dict) else r for r in (rs.records or [])]
    return rs


def install() -> None:
    FakeZone.add_rrset = _add_rrset  # type: ignore[method-assign]
    Route53Backend.change_resource_record_sets = _change_resource_record_sets  # type: ignore[method-assign]
    Route53.create_hosted_zone = _create_hosted_zone  # type: ignore[method-assign]
