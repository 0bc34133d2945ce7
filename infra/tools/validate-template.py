#!/usr/bin/env python3
"""Validates template.yaml offline; run it with the tools venv:

    .local/venv/bin/python infra/tools/validate-template.py [template.yaml]

1. cfn-lint on the SAM template as written.
2. aws-sam-translator turns it into plain CloudFormation (no AWS calls: managed
   policies come from a fixed map), written to .local/transformed-template.json,
   and cfn-lint runs on that too: cfn-lint alone misses errors inside SAM resources.
3. The project's own rules: no IAM action with a wildcard, no dynamodb:Scan, and
   every function built by cargo-lambda (Metadata.BuildMethod rust-cargolambda).

Exits non-zero, naming every problem, when any step fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import cfnlint.decode
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL_DIR = REPO_ROOT / ".local"

# cfn-lint rules ignored, each with the reason. Keep this list short and justified.
IGNORED_RULES: dict[str, str] = {
    # Empty for now: the template passes every rule.
}

# The AWS managed policies SAM attaches to function roles, so the transform needs
# no IAM access. SAM adds these names for Tracing and the DynamoDB/SQS event sources.
MANAGED_POLICIES = {
    name: f"arn:aws:iam::aws:policy/service-role/{name}"
    for name in (
        "AWSLambdaBasicExecutionRole",
        "AWSLambdaDynamoDBExecutionRole",
        "AWSLambdaSQSQueueExecutionRole",
        "AWSLambdaRole",
    )
} | {"AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"}

# Resource types whose policies grant to our own identities (as opposed to resource
# policies such as a bucket's deny-non-TLS statement, where "s3:*" is the point).
IDENTITY_POLICY_TYPES = {"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
RESOURCE_POLICY_TYPES = {"AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"}
FORBIDDEN_ACTIONS = {"dynamodb:scan"}


class StaticPolicyLoader(ManagedPolicyLoader):
    """Answers from MANAGED_POLICIES instead of listing IAM policies over the network."""

    def __init__(self) -> None:
        super().__init__(iam_client=None)  # type: ignore[arg-type]

    def load(self) -> dict[str, str]:
        return dict(MANAGED_POLICIES)


def run_cfn_lint(path: Path) -> bool:
    cmd = [str(Path(sys.executable).parent / "cfn-lint"), "--format", "parseable"]
    if IGNORED_RULES:
        cmd += ["--ignore-checks", *IGNORED_RULES]
    cmd += ["--", str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        print(f"FAIL cfn-lint {path.relative_to(REPO_ROOT)} (exit {result.returncode}):")
        print(output)
        return False
    print(f"ok   cfn-lint {path.relative_to(REPO_ROOT)}")
    return True


def load_template(path: Path) -> dict[str, Any]:
    """Parses YAML with CloudFormation's short-form tags (!Ref, !GetAtt, !Sub) into plain JSON data."""
    template, matches = cfnlint.decode.decode(str(path))
    if matches or template is None:
        raise SystemExit(f"FAIL could not parse {path}: " + "; ".join(str(m) for m in matches))
    return json.loads(json.dumps(template))


def as_packaged(template: dict[str, Any]) -> dict[str, Any]:
    """A copy with local CodeUri paths replaced by S3 URIs, as `sam package` would do."""
    packaged = json.loads(json.dumps(template))
    for logical_id, resource in packaged.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            if not props["CodeUri"].startswith("s3://"):
                props["CodeUri"] = f"s3://example-artifacts-bucket/{logical_id}.zip"
    return packaged


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def policy_statements(resource: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yields (where, statement) for every policy statement a resource carries."""
    props = resource.get("Properties", {})
    documents: list[tuple[str, Any]] = []
    if "PolicyDocument" in props:
        documents.append(("PolicyDocument", props["PolicyDocument"]))
    for policy in props.get("Policies", []) or []:
        if isinstance(policy, dict) and "PolicyDocument" in policy:
            documents.append((f"Policies[{policy.get('PolicyName', '?')}]", policy["PolicyDocument"]))
    for where, document in documents:
        if not isinstance(document, dict):
            continue
        for index, statement in enumerate(as_list(document.get("Statement", []))):
            if isinstance(statement, dict):
                yield f"{where}.Statement[{index}]", statement


def check_policies(template: dict[str, Any]) -> list[str]:
    problems = []
    for logical_id, resource in template.get("Resources", {}).items():
        rtype = resource.get("Type")
        if rtype not in IDENTITY_POLICY_TYPES and rtype not in RESOURCE_POLICY_TYPES:
            continue
        for where, statement in policy_statements(resource):
            # A resource policy's Deny with a wildcard only narrows access.
            if rtype in RESOURCE_POLICY_TYPES and statement.get("Effect") == "Deny":
                continue
            if "NotAction" in statement:
                problems.append(f"{logical_id} {where}: NotAction grants everything else; list actions instead")
            for action in as_list(statement.get("Action", [])):
                if not isinstance(action, str):
                    problems.append(f"{logical_id} {where}: Action {action!r} is not a plain string")
                elif "*" in action:
                    problems.append(f"{logical_id} {where}: Action {action!r} contains a wildcard")
                elif action.lower() in FORBIDDEN_ACTIONS:
                    problems.append(f"{logical_id} {where}: Action {action!r} is forbidden (no request path scans)")
    return problems


def check_functions(template: dict[str, Any]) -> list[str]:
    problems = []
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        metadata = resource.get("Metadata", {}) or {}
        if metadata.get("BuildMethod") != "rust-cargolambda":
            problems.append(f"{logical_id}: Metadata.BuildMethod must be rust-cargolambda")
        binary = metadata.get("Binary")
        if not binary:
            problems.append(f"{logical_id}: Metadata.Binary (the cargo package name) is missing")
        elif (metadata.get("BuildProperties") or {}).get("Binary") != binary:
            problems.append(f"{logical_id}: Metadata.BuildProperties.Binary must equal Metadata.Binary ({binary})")
    return problems


def main() -> int:
    source = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO_ROOT / "template.yaml"
    ok = True

    # 1. The template as written.
    ok &= run_cfn_lint(source)

    # 2. The transformed template. SAM builds ARNs for the current region; any will do.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    sam_template = load_template(source)
    try:
        transformed = transform(as_packaged(sam_template), {}, StaticPolicyLoader(), passthrough_metadata=True)
    except Exception as error:  # InvalidDocumentException and friends carry the details.
        causes = getattr(error, "causes", None) or []
        print(f"FAIL aws-sam-translator: {error}")
        for cause in causes:
            print(f"     - {getattr(cause, 'message', cause)}")
        return 1
    LOCAL_DIR.mkdir(exist_ok=True)
    out = LOCAL_DIR / "transformed-template.json"
    out.write_text(json.dumps(transformed, indent=2, sort_keys=False) + "\n")
    print(f"ok   aws-sam-translator -> {out.relative_to(REPO_ROOT)}")
    ok &= run_cfn_lint(out)

    # 3. House rules.
    problems = check_functions(sam_template) + check_policies(transformed)
    for problem in problems:
        print(f"FAIL policy: {problem}")
    if not problems:
        print("ok   house rules (no wildcard actions, no dynamodb:Scan, rust-cargolambda builds)")
    ok &= not problems

    print("template valid" if ok else "template INVALID")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
