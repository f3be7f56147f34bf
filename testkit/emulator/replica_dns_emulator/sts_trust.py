"""STS AssumeRole that checks trust and permission, for callers that are role sessions.

moto 5.2.5 lets anyone assume any role (the role need not even exist): it only takes the account
from the role ARN, which is how tests switch accounts. A reconciler that assumes a role in another
account must instead fail when the role does not trust it or its own role may not assume it. This
patch checks, for a caller whose credentials are a role session (every Lambda function of the
emulator runs with a session of its execution role, see lambda_local.py), what IAM checks:

- the target role exists in its account;
- its trust policy allows ``sts:AssumeRole`` to the caller: the caller's role ARN, its account
  (``arn:aws:iam::<id>:root`` or the bare ID) or ``*``;
- across accounts, the caller role's policies (inline and attached) allow ``sts:AssumeRole`` on the
  target role's ARN (within one account the trust policy alone suffices, as in IAM).

Not modelled: Deny statements, conditions, permissions boundaries, SCPs, session policies. Callers
with static keys (tests, Terraform) are not checked, so they can still switch accounts freely.
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any, Iterable

from moto.iam.models import iam_backends
from moto.sts.exceptions import STSClientError
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

_ROLE_ARN = re.compile(r"^arn:(aws[a-z-]*):iam::([0-9]{12}):role/(?:.*/)?([^/]+)$")


class AccessDenied(STSClientError):
    code = "AccessDenied"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(document: Any) -> Iterable[dict[str, Any]]:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    return [s for s in _as_list((document or {}).get("Statement", [])) if isinstance(s, dict)]


def _allows_action(statement: dict[str, Any], action: str) -> bool:
    return statement.get("Effect") == "Allow" and any(
        fnmatch.fnmatchcase(action.lower(), str(a).lower()) for a in _as_list(statement.get("Action", []))
    )


def _caller_role(access_key_id: str) -> tuple[str, str] | None:
    """(role ARN, session ARN) of the role session these credentials belong to, if any."""
    for account in list(sts_backends.values()):
        for backend in list(account.values()):
            assumed = backend.get_assumed_role_from_access_key(access_key_id)
            if assumed is not None:
                return assumed.role_arn, assumed.arn
    return None


def _role(arn: str) -> Any:
    match = _ROLE_ARN.match(arn)
    if not match:
        return None
    partition, account_id, _ = match.groups()
    try:
        return iam_backends[account_id][partition].get_role_by_arn(arn)
    except Exception:  # moto raises IAMNotFoundException
        return None


def _trusts(role: Any, caller_role_arn: str) -> bool:
    caller_account = _ROLE_ARN.match(caller_role_arn).group(2)  # type: ignore[union-attr]
    accepted = {caller_role_arn, caller_account, f"arn:aws:iam::{caller_account}:root", "*"}
    for statement in _statements(role.assume_role_policy_document):
        if not _allows_action(statement, "sts:AssumeRole"):
            continue
        principal = statement.get("Principal", {})
        principals = ["*"] if principal == "*" else _as_list(principal.get("AWS", [])) if isinstance(principal, dict) else []
        if accepted & {str(p) for p in principals}:
            return True
    return False


def _may_assume(caller: Any, target_arn: str) -> bool:
    attached = [v.document for p in caller.managed_policies.values() for v in p.versions if v.is_default]
    documents = list(caller.policies.values()) + attached
    return any(
        _allows_action(statement, "sts:AssumeRole")
        and any(fnmatch.fnmatchcase(target_arn, str(r)) for r in _as_list(statement.get("Resource", [])))
        for document in documents
        for statement in _statements(document)
    )


def check(access_key_id: str, target_arn: str) -> None:
    """Raises AccessDenied as IAM would; returns when the caller is not a role session."""
    caller = _caller_role(access_key_id)
    if caller is None:
        return
    caller_role_arn, session_arn = caller
    denied = AccessDenied(f"User: {session_arn} is not authorized to perform: sts:AssumeRole on resource: {target_arn}")
    target = _role(target_arn)
    if target is None or not _trusts(target, caller_role_arn):
        raise denied
    target_account = _ROLE_ARN.match(target_arn).group(2)  # type: ignore[union-attr]
    caller_match = _ROLE_ARN.match(caller_role_arn)
    if caller_match and caller_match.group(2) != target_account:
        caller_role = _role(caller_role_arn)
        if caller_role is None or not _may_assume(caller_role, target_arn):
            raise denied


def install() -> None:
    original = TokenResponse.assume_role

    def assume_role(self: TokenResponse):  # type: ignore[no-untyped-def]
        check(self.get_access_key(), self._get_param("RoleArn") or "")
        return original(self)

    TokenResponse.assume_role = assume_role  # type: ignore[method-assign]
