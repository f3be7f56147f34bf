"""route53:ChangeResourceRecordSets obeys the calling role's identity policies.

moto stores IAM policies and enforces none. On AWS a reconciler whose batch touches one name its
policy does not allow gets the whole batch refused (the request context carries every change's
name, type and action as multivalued keys, see iam_policy.py). This hook evaluates, for a caller
whose credentials are a role session (every Lambda function here runs with one, lambda_local.py;
the cross-account zone role is one, sts_trust.py), the role's inline and attached managed policies
(their default versions) with ``iam_policy.evaluate``, and refuses with Route 53's ``AccessDenied``
(HTTP 403, REST-XML ``ErrorResponse``; the "is not authorized to perform" message shape of IAM's
access-denied errors, "Troubleshoot access denied error messages", IAM User Guide,
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html) before
anything is changed. Static keys (tests, Terraform) stay unchecked, as sts_trust.py does.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from werkzeug.exceptions import HTTPException

from moto.route53.responses import Route53

from . import iam_policy
from .sts_trust import _caller_role, _role

ACTION = "route53:ChangeResourceRecordSets"
log = logging.getLogger("emulator.route53_iam")


class Route53AccessDenied(HTTPException):
    code = 403

    def __init__(self, message: str) -> None:
        super().__init__()
        from xml.sax.saxutils import escape

        self.message = message
        self.description = (
            '<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
            f"<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{escape(message)}</Message></Error>"
            f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
        )

    def get_headers(self, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        return [("Content-Type", "text/xml"), ("x-amzn-ErrorType", "AccessDenied")]

    def get_body(self, *args: Any, **kwargs: Any) -> str:
        return self.description or ""


def role_documents(role: Any) -> list[Any]:
    """The identity policies of a moto role: inline ones, then each attached policy's default version."""
    attached = [v.document for p in role.managed_policies.values() for v in p.versions if v.is_default]
    return list(role.policies.values()) + attached


def check(access_key_id: str, zone_id: str, changes: list[dict[str, Any]]) -> None:
    caller = _caller_role(access_key_id)
    if caller is None:
        return
    role_arn, session_arn = caller
    partition = role_arn.split(":")[1]
    resource = f"arn:{partition}:route53:::hostedzone/{zone_id.replace('/hostedzone/', '')}"
    role = _role(role_arn)
    documents = role_documents(role) if role is not None else []
    try:
        decision = iam_policy.evaluate(documents, ACTION, resource, iam_policy.change_batch_context(changes))
    except iam_policy.UnsupportedPolicy as error:
        raise Route53AccessDenied(f"User: {session_arn} is not authorized to perform: {ACTION} on resource: {resource} (emulator: {error})")
    if decision.effect == iam_policy.ALLOW:
        return
    why = (
        f"with an explicit deny in an identity-based policy ({decision.statement})"
        if decision.effect == iam_policy.EXPLICIT_DENY
        else f"because no identity-based policy allows the {ACTION} action"
    )
    log.info("refused %s by %s on %s: %s", ACTION, session_arn, resource, why)
    raise Route53AccessDenied(f"User: {session_arn} is not authorized to perform: {ACTION} on resource: {resource} {why}")


def install() -> None:
    original = Route53.change_resource_record_sets

    def change_resource_record_sets(self: Route53):  # type: ignore[no-untyped-def]
        check(self.get_access_key(), self._get_param("HostedZoneId") or "", self._get_param("ChangeBatch.Changes") or [])
        return original(self)

    Route53.change_resource_record_sets = change_resource_record_sets  # type: ignore[method-assign]
