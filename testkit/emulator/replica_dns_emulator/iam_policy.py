"""Identity-policy evaluation, pure: does a set of policy documents allow one request?

Used by ``route53_iam.py`` to make ``route53:ChangeResourceRecordSets`` obey the calling role's
policies. The rules follow AWS's documentation:

- "Policy evaluation logic" / "IAM JSON policy elements: Condition operators" (IAM User Guide,
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
  an explicit Deny wins, else an Allow is needed, else the request is implicitly denied; the
  operators of one Condition block are ANDed, so are the keys under one operator, the values of one
  key are ORed; a key absent from the request makes a condition false, except for negated
  operators (``StringNotEquals``…, true), ``…IfExists`` (true) and ``Null``; ``Null: true`` means
  the key is absent, ``false`` that it is present and not empty; ``StringLike`` matches ``*`` and
  ``?`` case-sensitively; ``StringEquals`` is case-sensitive.
- "Single-valued vs. multivalued context keys" and "Multivalued context key examples"
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html):
  ``ForAllValues:`` is true when every value in the request matches at least one policy value,
  and also when the key is missing or empty (hence the ``Null`` guard); ``ForAnyValue:`` is true
  when at least one request value matches one policy value, false when the key is missing.
- Actions match case-insensitively with ``*``/``?``; resources (ARNs) case-sensitively.

Assumptions where the docs are silent, written down: a multivalued key under an operator without
a set prefix is matched like ``ForAnyValue`` (any request value; AWS says to always use a set
operator with such keys, and the module does); a negated operator under ``ForAllValues`` holds
when every request value matches none of the policy values. Not modelled: policy variables
(``${aws:username}``), ``NotPrincipal``, numeric/date/ARN/IP/Bool operators (an operator this
module does not know makes the evaluation fail loudly, never silently allow), permissions
boundaries, SCPs, session policies, resource-based policies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

ALLOW = "allow"
EXPLICIT_DENY = "explicit-deny"
IMPLICIT_DENY = "implicit-deny"

# Request context: key -> its values (a list, also for single-valued keys); a key not in the
# mapping is absent from the request.
Context = Mapping[str, Sequence[str]]

_STRING_OPERATORS = {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"}


class UnsupportedPolicy(ValueError):
    """A policy uses an element this evaluator does not model: refuse rather than guess."""


@dataclass(frozen=True)
class Decision:
    effect: str  # ALLOW, EXPLICIT_DENY or IMPLICIT_DENY
    # The Sid (or index) of the statement that decided, for the error message and the tests.
    statement: str | None = None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern]
    return re.compile("^" + "".join(parts) + "$", re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _glob_match(patterns: Iterable[Any], value: str, ignore_case: bool) -> bool:
    return any(_glob(str(p), ignore_case).match(value) for p in patterns)


def statements(document: Any) -> list[dict[str, Any]]:
    """The statements of a policy document given as JSON text or as a parsed object."""
    if isinstance(document, str):
        document = json.loads(document)
    return [s for s in _as_list((document or {}).get("Statement")) if isinstance(s, dict)]


def _value_matches(base: str, policy_values: Sequence[Any], value: str) -> bool:
    """The positive form of a string operator: does one request value match one policy value?"""
    values = [str(v) for v in policy_values]
    if base in ("StringEquals", "StringNotEquals"):
        return value in values
    if base in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return value.lower() in (v.lower() for v in values)
    return _glob_match(values, value, ignore_case=False)  # StringLike, StringNotLike


def _condition(operator: str, key: str, policy_values: Sequence[Any], context: Context) -> bool:
    present = key in context and len(context[key]) > 0
    if operator == "Null":
        wanted = [str(v).lower() for v in policy_values]
        return ("true" in wanted and not present) or ("false" in wanted and present)
    set_op, _, rest = operator.partition(":") if ":" in operator else ("", "", operator)
    if_exists = rest.endswith("IfExists")
    base = rest[: -len("IfExists")] if if_exists else rest
    if base not in _STRING_OPERATORS or set_op not in ("", "ForAllValues", "ForAnyValue"):
        raise UnsupportedPolicy(f"condition operator {operator} is not modelled by the emulator")
    negated = "Not" in base
    request_values = [str(v) for v in context.get(key, [])]

    def satisfied(value: str) -> bool:
        return _value_matches(base, policy_values, value) != negated

    if set_op == "ForAllValues":
        return all(satisfied(v) for v in request_values)  # vacuously true when absent or empty
    if set_op == "ForAnyValue":
        return any(satisfied(v) for v in request_values)
    if not present:
        return if_exists or negated
    if negated:
        return all(satisfied(v) for v in request_values)
    return any(satisfied(v) for v in request_values)


def _conditions_hold(block: Any, context: Context) -> bool:
    if block is None:
        return True
    if not isinstance(block, dict):
        raise UnsupportedPolicy("Condition must be an object")
    return all(
        _condition(operator, key, _as_list(values), context)
        for operator, keys in block.items()
        for key, values in (keys or {}).items()
    )


def _applies(statement: dict[str, Any], action: str, resource: str, context: Context) -> bool:
    if "NotPrincipal" in statement or "Principal" in statement:
        raise UnsupportedPolicy("Principal/NotPrincipal belong in resource-based policies, not identity policies")
    if "NotAction" in statement:
        if _glob_match(_as_list(statement["NotAction"]), action, ignore_case=True):
            return False
    elif not _glob_match(_as_list(statement.get("Action")), action, ignore_case=True):
        return False
    if "NotResource" in statement:
        if _glob_match(_as_list(statement["NotResource"]), resource, ignore_case=False):
            return False
    elif not _glob_match(_as_list(statement.get("Resource")), resource, ignore_case=False):
        return False
    return _conditions_hold(statement.get("Condition"), context)


def evaluate(documents: Iterable[Any], action: str, resource: str, context: Context) -> Decision:
    """Explicit deny > allow > implicit deny over every statement of every document."""
    allowed: str | None = None
    for d, document in enumerate(documents):
        for s, statement in enumerate(statements(document)):
            if not _applies(statement, action, resource, context):
                continue
            label = str(statement.get("Sid") or f"policy {d} statement {s}")
            if statement.get("Effect") == "Deny":
                return Decision(EXPLICIT_DENY, label)
            if statement.get("Effect") == "Allow" and allowed is None:
                allowed = label
    return Decision(ALLOW, allowed) if allowed is not None else Decision(IMPLICIT_DENY)


_PLAIN = re.compile(r"[a-z0-9_.-]")


def normalize_record_name(name: str) -> str:
    """Route 53's normalized form for route53:ChangeResourceRecordSetsNormalizedRecordNames
    ("Using IAM policy conditions for fine-grained access control", Route 53 Developer Guide,
    https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html):
    lowercase, no trailing dot, any character but a-z 0-9 - _ . as a three-digit octal escape."""
    lower = name.strip().lower()
    if lower.endswith("."):
        lower = lower[:-1]
    return "".join(c if _PLAIN.match(c) else "\\%03o" % ord(c) for c in lower)


def change_batch_context(changes: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The request context of one ChangeResourceRecordSets: the three multivalued keys, one value
    per change (same developer-guide page)."""
    return {
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [normalize_record_name(str(c["ResourceRecordSet"]["Name"])) for c in changes],
        "route53:ChangeResourceRecordSetsRecordTypes": [str(c["ResourceRecordSet"]["Type"]) for c in changes],
        "route53:ChangeResourceRecordSetsActions": [str(c["Action"]) for c in changes],
    }


def main() -> None:
    """``python -m replica_dns_emulator.iam_policy`` reads ``{"cases": [{documents, action,
    resource, context} | {changes}]}`` on stdin and prints the decisions (the unit tests drive
    the evaluator through this, from vitest)."""
    import sys

    request = json.load(sys.stdin)
    out: list[Any] = []
    for case in request["cases"]:
        try:
            context = case["context"] if "context" in case else change_batch_context(case["changes"])
            if "documents" not in case:
                out.append({"context": context})
                continue
            decision = evaluate(case["documents"], case["action"], case["resource"], context)
            out.append({"effect": decision.effect, "statement": decision.statement})
        except UnsupportedPolicy as error:
            out.append({"error": str(error)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
