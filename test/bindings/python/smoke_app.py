"""Python smoke app: the built wheel of cdk-apigateway-access, used as a Python CDK user would.

Two stacks in one app, synthesized with the access checks:
- ``Access``: an IamRestApi with a resource policy (ApiResourcePolicy), an invoke grant, a Lambda
  integration through an ApiGatewayServiceRole, a ManagementPolicy, and one expectation that holds.
- ``Broken``: one deliberate mistake the checks must report: an execute-api grant on a method whose
  authorization is NONE (an IAM grant has no effect there).

Asserts on the synthesized templates and on the findings the checks left in the cloud assembly (the
stack artifacts' messages). Then the same ``Broken`` stack with the checks as a CDK validation plugin
(``ApiAccessValidation``): synthesis fails with the finding in validation-report.json, and passes
once the finding is acknowledged with ``Validations.acknowledge`` by
``cdk-apigateway-access::UnpairedInvokeGrant``. Last, the evaluator: ``try_evaluate`` and
``try_evaluate_json`` return invalid input as ``invalid_input.field`` (the error ``evaluate_json``
raises reaches Python as a plain RuntimeError), and a valid scenario's result.
Exits non-zero when any assertion fails.
"""

import json
import os
import sys
import tempfile

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import cx_api

import cdk_apigateway_access as access

ACCOUNT = "111111111111"
PARTNER_ACCOUNT = "222222222222"
ENV = cdk.Environment(account=ACCOUNT, region="eu-west-1")


def build_access_stack(app: cdk.App, checks: access.ApiAccessChecks) -> None:
    stack = cdk.Stack(app, "Access", env=ENV)

    policy = access.ApiResourcePolicy().allow_accounts(
        [PARTNER_ACCOUNT], http_methods=["GET"], paths=["/items"]
    )
    api = access.IamRestApi(
        stack,
        "ItemsApi",
        resource_policy=policy,
        deploy_options=apigateway.StageOptions(stage_name="prod"),
    )
    items = api.root.add_resource("items")
    items.add_method("GET", apigateway.MockIntegration())

    reader = iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal())
    api.grant_invoke(reader, paths=["/items"], http_methods=["GET"])

    handler = lambda_.Function(
        stack,
        "Orders",
        runtime=lambda_.Runtime.NODEJS_20_X,
        handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => ({ statusCode: 200 });"),
    )
    integration_role = access.ApiGatewayServiceRole(stack, "IntegrationRole")
    integration_role.allow_invoke(handler)
    api.root.add_resource("orders").add_method(
        "POST",
        apigateway.LambdaIntegration(handler, credentials_role=integration_role),
    )

    admin = iam.Role(stack, "Admin", assumed_by=iam.AccountRootPrincipal())
    access.ManagementPolicy(
        stack,
        "ReadOnlyManagement",
        access=access.ManagementAccess.READ_ONLY,
        apis=[api],
        roles=[admin],
    )

    # Holds: the reader has the identity grant and the method uses AWS_IAM.
    checks.expect_allowed(
        caller=access.AccessCaller.principal(reader),
        api=api,
        http_method="GET",
        path="/items",
    )


def build_broken_stack(app: cdk.App) -> iam.Role:
    stack = cdk.Stack(app, "Broken", env=ENV)
    api = apigateway.RestApi(
        stack, "OpenApi", deploy_options=apigateway.StageOptions(stage_name="prod")
    )
    method = api.root.add_resource("items").add_method(
        "GET",
        apigateway.MockIntegration(),
        authorization_type=apigateway.AuthorizationType.NONE,
    )
    caller = iam.Role(stack, "Caller", assumed_by=iam.AccountRootPrincipal())
    method.grant_execute(caller)
    return caller


def statements(template: dict, resource_type: str, document_key: str) -> list:
    found = []
    for resource in template["Resources"].values():
        if resource["Type"] == resource_type:
            document = resource["Properties"].get(document_key) or {}
            found.extend(document.get("Statement", []))
    return found


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def findings(stack_artifact, level: cx_api.SynthesisMessageLevel) -> list:
    return [str(m.entry.data) for m in stack_artifact.messages if m.level == level]


def synth_with_plugin(acknowledge: bool):
    """Synthesizes the Broken stack with ApiAccessValidation; returns whether synthesis failed and
    the plugin's report from validation-report.json."""
    outdir = tempfile.mkdtemp(prefix="cdk-apigateway-access-python-plugin-")
    app = cdk.App(outdir=outdir)
    access.ApiAccessValidation.of(app)
    caller = build_broken_stack(app)
    if acknowledge:
        cdk.Validations.of(caller).acknowledge(
            cdk.Acknowledgment(
                id="cdk-apigateway-access::UnpairedInvokeGrant",
                reason="the method moves to AWS_IAM in the next release",
            )
        )
    try:
        app.synth()
    except Exception:  # newer aws-cdk-lib raises the validation failure; 2.257.0 sets the exit code
        pass
    # validation-report.json from aws-cdk-lib 2.258.0 (pluginName, conclusion); before,
    # policy-validation-report.json (summary.pluginName, summary.status).
    for name in ("validation-report.json", "policy-validation-report.json"):
        path = os.path.join(outdir, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                reports = json.load(f)["pluginReports"]
            break
    else:
        return True, {}
    for report in reports:
        summary = report.get("summary", report)
        if summary.get("pluginName") == "cdk-apigateway-access":
            status = report.get("conclusion", summary.get("status"))
            return status == "failure", report
    return False, {}


# A scenario with a misspelt field (the format says sourceIp), as JSON text.
MISSPELT_JSON = json.dumps({
    "api": {
        "id": "a1b2c3d4e5", "account": ACCOUNT, "region": "eu-west-1",
        "methods": [{"httpMethod": "GET", "path": "/status", "authorizationType": "NONE"}],
    },
    "request": {"stage": "prod", "httpMethod": "GET", "path": "/status", "sourceIP": "198.51.100.7"},
})


def status_scenario(account: str) -> dict:
    """A NONE method on an API without a resource policy, as keyword arguments of try_evaluate."""
    return dict(
        api=access.ScenarioApi(
            id="a1b2c3d4e5",
            account=account,
            region="eu-west-1",
            methods=[access.ScenarioMethod(http_method="GET", path="/status", authorization_type=access.MethodAuthorizationType.NONE)],
        ),
        request=access.ScenarioRequest(stage="prod", http_method="GET", path="/status", source_ip="198.51.100.7"),
    )


def check_evaluator(check: "Checks") -> None:
    malformed = access.AccessEvaluator.try_evaluate_json("{")
    check.that(
        malformed.result is None and malformed.invalid_input is not None and malformed.invalid_input.field == "(json)",
        f"try_evaluate_json('{{'): invalid_input.field is (json) (got {malformed.invalid_input})",
    )
    misspelt = access.AccessEvaluator.try_evaluate_json(MISSPELT_JSON)
    check.that(
        misspelt.result is None
        and misspelt.invalid_input.field == "request.sourceIP"
        and misspelt.invalid_input.message.startswith("request.sourceIP: unknown field"),
        f"try_evaluate_json: a misspelt field is invalid_input naming request.sourceIP (got {misspelt.invalid_input})",
    )
    bad_account = access.AccessEvaluator.try_evaluate(**status_scenario("123"))
    check.that(
        bad_account.result is None and bad_account.invalid_input.field == "api.account",
        f"try_evaluate (structs): a 3-digit account is invalid_input naming api.account (got {bad_account.invalid_input})",
    )
    valid = access.AccessEvaluator.try_evaluate(**status_scenario(ACCOUNT))
    expected = access.AccessEvaluator.evaluate(**status_scenario(ACCOUNT))
    check.that(
        valid.invalid_input is None
        and valid.result.decision == access.Decision.ALLOW
        and valid.result.decision == expected.decision
        and valid.result.reasons == expected.reasons,
        f"try_evaluate (structs): a valid scenario's result is evaluate's, ALLOW (got {valid.result})",
    )
    try:
        access.AccessEvaluator.evaluate_json("{")
        raised = None
    except Exception as e:  # pylint: disable=broad-except
        raised = e
    check.that(
        raised is not None and "(json)" in str(raised),
        f"evaluate_json('{{') still raises, naming (json) (got {type(raised).__name__}: {raised})",
    )


class Checks:
    def __init__(self) -> None:
        self.failures = []
        self.passed = 0

    def that(self, condition: bool, what: str) -> None:
        if condition:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failures.append(what)
            print(f"  FAIL  {what}")


def main() -> int:
    outdir = tempfile.mkdtemp(prefix="cdk-apigateway-access-python-")
    app = cdk.App(outdir=outdir)
    checks = access.ApiAccessChecks.of(app)
    build_access_stack(app, checks)
    build_broken_stack(app)
    assembly = app.synth()

    good = assembly.get_stack_artifact("Access")
    broken = assembly.get_stack_artifact("Broken")
    template = good.template
    check = Checks()
    print(f"Synthesized {len(template['Resources'])} resources in Access, cloud assembly in {outdir}")

    methods = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Method"]
    get_items = [m for m in methods if m["HttpMethod"] == "GET"]
    check.that(
        len(get_items) == 1 and get_items[0]["AuthorizationType"] == "AWS_IAM",
        "IamRestApi: GET /items uses AWS_IAM authorization by default",
    )

    identity = statements(template, "AWS::IAM::Policy", "PolicyDocument")
    check.that(
        any("execute-api:Invoke" in as_list(s["Action"]) and s["Effect"] == "Allow" for s in identity),
        "grant_invoke: the reader's identity policy allows execute-api:Invoke",
    )

    api_policies = statements(template, "AWS::ApiGateway::RestApi", "Policy")
    check.that(
        any(PARTNER_ACCOUNT in str(s.get("Principal")) and s["Effect"] == "Allow" for s in api_policies),
        "ApiResourcePolicy: the partner account is allowed in the API's resource policy",
    )

    trust = statements(template, "AWS::IAM::Role", "AssumeRolePolicyDocument")
    check.that(
        any(s.get("Principal", {}).get("Service") == "apigateway.amazonaws.com" for s in trust),
        "ApiGatewayServiceRole: API Gateway may assume the integration role",
    )
    invoke = [s for s in identity if "lambda:InvokeFunction" in as_list(s["Action"])]
    check.that(
        len(invoke) > 0 and all("*" != r for s in invoke for r in as_list(s["Resource"])),
        "ApiGatewayServiceRole: lambda:InvokeFunction on the function, never on *",
    )

    managed = statements(template, "AWS::IAM::ManagedPolicy", "PolicyDocument")
    actions = {a for s in managed for a in as_list(s["Action"])}
    check.that(
        "apigateway:GET" in actions and actions <= {"apigateway:GET"},
        f"ManagementPolicy READ_ONLY: only apigateway:GET (got {sorted(actions)})",
    )

    good_errors = findings(good, cx_api.SynthesisMessageLevel.ERROR)
    check.that(
        not good_errors,
        f"ApiAccessChecks: no error in Access, the expectation holds (errors: {good_errors})",
    )
    broken_errors = findings(broken, cx_api.SynthesisMessageLevel.ERROR)
    check.that(
        any(e.startswith("[UnpairedInvokeGrant]") for e in broken_errors),
        f"ApiAccessChecks: the grant on a NONE method is reported as [UnpairedInvokeGrant] (errors: {broken_errors})",
    )

    failed, report = synth_with_plugin(acknowledge=False)
    rules = [v["ruleName"] for v in report.get("violations", [])]
    check.that(
        failed and "UnpairedInvokeGrant" in rules,
        f"ApiAccessValidation: synthesis fails with UnpairedInvokeGrant in the validation report (failed: {failed}, rules: {rules})",
    )
    failed, report = synth_with_plugin(acknowledge=True)
    rules = [v["ruleName"] for v in report.get("violations", [])]
    check.that(
        not failed and "UnpairedInvokeGrant" not in rules and "OpenMethod" in rules,
        f"ApiAccessValidation: acknowledged by cdk-apigateway-access::UnpairedInvokeGrant, synthesis passes (failed: {failed}, rules: {rules})",
    )

    check_evaluator(check)

    print(f"python smoke: {check.passed} checks hold, {len(check.failures)} do not")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
