package dev.cdkapigatewayaccess.smoke;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cdkapigatewayaccess.AccessCaller;
import dev.cdkapigatewayaccess.AccessEvaluator;
import dev.cdkapigatewayaccess.AccessExpectation;
import dev.cdkapigatewayaccess.ApiAccessChecks;
import dev.cdkapigatewayaccess.ApiAccessValidation;
import dev.cdkapigatewayaccess.ApiResourcePolicy;
import dev.cdkapigatewayaccess.Decision;
import dev.cdkapigatewayaccess.EvaluationAttempt;
import dev.cdkapigatewayaccess.EvaluationResult;
import dev.cdkapigatewayaccess.IamRestApi;
import dev.cdkapigatewayaccess.InvokeGrantOptions;
import dev.cdkapigatewayaccess.MethodAuthorizationType;
import dev.cdkapigatewayaccess.Scenario;
import dev.cdkapigatewayaccess.ScenarioApi;
import dev.cdkapigatewayaccess.ScenarioMethod;
import dev.cdkapigatewayaccess.ScenarioRequest;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;

/**
 * Java smoke app: the jar jsii-pacmak built, used as a Java CDK user would. Synthesizes a stack with an
 * IamRestApi, a partner account in its ApiResourcePolicy, an invoke grant and an expectation that holds,
 * and a second stack with one mistake (an execute-api grant on a method whose authorization is NONE)
 * that the checks must report. Then the same mistake with the checks as a CDK validation plugin
 * (ApiAccessValidation): synthesis fails with the finding in the validation report, and passes once it
 * is acknowledged. Last, the evaluator: tryEvaluate and tryEvaluateJson return invalid input as
 * getInvalidInput().getField() (the error evaluateJson throws reaches Java as a plain
 * JsiiException), and a valid scenario's result. Throws (a non-zero exit) on the first broken
 * expectation.
 */
public final class SmokeApp {
    private static final String ACCOUNT = "111111111111";
    private static final String PARTNER_ACCOUNT = "222222222222";
    private static final String PLUGIN = "cdk-apigateway-access";

    private SmokeApp() {
    }

    public static void main(final String[] args) throws Exception {
        String outdir = Files.createTempDirectory("cdk-apigateway-access-java-").toString();
        App app = new App(AppProps.builder().outdir(outdir).build());
        ApiAccessChecks checks = ApiAccessChecks.of(app);
        Environment env = Environment.builder().account(ACCOUNT).region("eu-west-1").build();

        Stack stack = new Stack(app, "Access", StackProps.builder().env(env).build());
        IamRestApi api = IamRestApi.Builder.create(stack, "ItemsApi")
                .resourcePolicy(new ApiResourcePolicy().allowAccounts(List.of(PARTNER_ACCOUNT)))
                .deployOptions(StageOptions.builder().stageName("prod").build())
                .build();
        api.getRoot().addResource("items").addMethod("GET", new MockIntegration());
        Role reader = Role.Builder.create(stack, "Reader").assumedBy(new AccountRootPrincipal()).build();
        api.grantInvoke(reader, InvokeGrantOptions.builder().paths(List.of("/items")).build());
        checks.expectAllowed(AccessExpectation.builder()
                .caller(AccessCaller.principal(reader))
                .api(api)
                .httpMethod("GET")
                .path("/items")
                .build());

        buildBrokenStack(app, env);

        CloudAssembly assembly = app.synth();
        System.out.println("Synthesized the Java smoke app into " + outdir);

        @SuppressWarnings("unchecked")
        Template template = Template.fromJSON((Map<String, Object>) assembly.getStackArtifact("Access").getTemplate());
        template.hasResourceProperties("AWS::ApiGateway::Method",
                Map.of("HttpMethod", "GET", "AuthorizationType", "AWS_IAM"));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Action", "execute-api:Invoke", "Effect", "Allow")))))));
        template.hasResourceProperties("AWS::ApiGateway::RestApi",
                Map.of("Policy", Match.objectLike(Map.of("Statement", Match.anyValue()))));
        ok("IamRestApi: GET /items is AWS_IAM, the reader has execute-api:Invoke, the API has a resource policy");
        String policy = template.findResources("AWS::ApiGateway::RestApi").toString();
        check(policy.contains(PARTNER_ACCOUNT), "ApiResourcePolicy: the partner account is in the resource policy");

        List<String> goodErrors = errors(assembly.getStackArtifact("Access"));
        check(goodErrors.isEmpty(), "ApiAccessChecks: no error in Access, the expectation holds " + goodErrors);
        List<String> brokenErrors = errors(assembly.getStackArtifact("Broken"));
        check(brokenErrors.stream().anyMatch(e -> e.startsWith("[UnpairedInvokeGrant]")),
                "ApiAccessChecks: the grant on a NONE method is reported as [UnpairedInvokeGrant] " + brokenErrors);

        PluginOutcome unacknowledged = synthWithPlugin(env, false);
        check(unacknowledged.failed && unacknowledged.rules.contains("UnpairedInvokeGrant"),
                "ApiAccessValidation: synthesis fails with UnpairedInvokeGrant in the validation report " + unacknowledged);
        PluginOutcome acknowledged = synthWithPlugin(env, true);
        check(!acknowledged.failed && !acknowledged.rules.contains("UnpairedInvokeGrant") && acknowledged.rules.contains("OpenMethod"),
                "ApiAccessValidation: acknowledged by " + PLUGIN + "::UnpairedInvokeGrant, synthesis passes " + acknowledged);

        checkEvaluator();
        System.out.println("java smoke: every check holds");
    }

    /** An execute-api grant on a method whose authorization is NONE: the mistake the checks report. */
    private static Role buildBrokenStack(final App app, final Environment env) {
        Stack brokenStack = new Stack(app, "Broken", StackProps.builder().env(env).build());
        RestApi open = RestApi.Builder.create(brokenStack, "OpenApi")
                .deployOptions(StageOptions.builder().stageName("prod").build())
                .build();
        Method openGet = open.getRoot().addResource("items").addMethod("GET", new MockIntegration(),
                MethodOptions.builder().authorizationType(AuthorizationType.NONE).build());
        Role caller = Role.Builder.create(brokenStack, "Caller").assumedBy(new AccountRootPrincipal()).build();
        openGet.grantExecute(caller);
        return caller;
    }

    /** Whether synthesis with the validation plugin failed, and the rules its report names. */
    private static final class PluginOutcome {
        private final boolean failed;
        private final List<String> rules;

        PluginOutcome(final boolean failed, final List<String> rules) {
            this.failed = failed;
            this.rules = rules;
        }

        @Override
        public String toString() {
            return "(failed: " + failed + ", rules: " + rules + ")";
        }
    }

    /** The Broken stack synthesized with ApiAccessValidation, its finding acknowledged or not. */
    private static PluginOutcome synthWithPlugin(final Environment env, final boolean acknowledge) throws Exception {
        String outdir = Files.createTempDirectory("cdk-apigateway-access-java-plugin-").toString();
        App app = new App(AppProps.builder().outdir(outdir).build());
        ApiAccessValidation.of(app);
        Role caller = buildBrokenStack(app, env);
        if (acknowledge) {
            Validations.of(caller).acknowledge(Acknowledgment.builder()
                    .id(PLUGIN + "::UnpairedInvokeGrant")
                    .reason("the method moves to AWS_IAM in the next release")
                    .build());
        }
        try {
            app.synth();
        } catch (RuntimeException e) {
            // Newer aws-cdk-lib throws the validation failure; 2.257.0 sets the exit code.
        }
        // validation-report.json from aws-cdk-lib 2.258.0 (pluginName, conclusion); before,
        // policy-validation-report.json (summary.pluginName, summary.status).
        for (String name : List.of("validation-report.json", "policy-validation-report.json")) {
            File file = new File(outdir, name);
            if (!file.exists()) {
                continue;
            }
            for (JsonNode report : new ObjectMapper().readTree(file).path("pluginReports")) {
                JsonNode summary = report.has("summary") ? report.get("summary") : report;
                if (!PLUGIN.equals(summary.path("pluginName").asText())) {
                    continue;
                }
                String status = report.has("conclusion") ? report.get("conclusion").asText() : summary.path("status").asText();
                List<String> rules = new ArrayList<>();
                report.path("violations").forEach(v -> rules.add(v.path("ruleName").asText()));
                return new PluginOutcome("failure".equals(status), rules);
            }
            return new PluginOutcome(false, List.of());
        }
        return new PluginOutcome(true, List.of());
    }

    /** A NONE method on an API without a resource policy, called from 198.51.100.7. */
    private static Scenario statusScenario(final String account) {
        return Scenario.builder()
                .api(ScenarioApi.builder()
                        .id("a1b2c3d4e5")
                        .account(account)
                        .region("eu-west-1")
                        .methods(List.of(ScenarioMethod.builder()
                                .httpMethod("GET").path("/status").authorizationType(MethodAuthorizationType.NONE).build()))
                        .build())
                .request(ScenarioRequest.builder().stage("prod").httpMethod("GET").path("/status").sourceIp("198.51.100.7").build())
                .build();
    }

    private static void checkEvaluator() {
        EvaluationAttempt malformed = AccessEvaluator.tryEvaluateJson("{");
        check(malformed.getResult() == null && malformed.getInvalidInput() != null
                && "(json)".equals(malformed.getInvalidInput().getField()),
                "tryEvaluateJson(\"{\"): getInvalidInput().getField() is (json)");

        String misspelt = "{\"api\": {\"id\": \"a1b2c3d4e5\", \"account\": \"" + ACCOUNT + "\", \"region\": \"eu-west-1\", "
                + "\"methods\": [{\"httpMethod\": \"GET\", \"path\": \"/status\", \"authorizationType\": \"NONE\"}]}, "
                + "\"request\": {\"stage\": \"prod\", \"httpMethod\": \"GET\", \"path\": \"/status\", \"sourceIP\": \"198.51.100.7\"}}";
        EvaluationAttempt unknownField = AccessEvaluator.tryEvaluateJson(misspelt);
        check(unknownField.getResult() == null && unknownField.getInvalidInput() != null
                && "request.sourceIP".equals(unknownField.getInvalidInput().getField())
                && unknownField.getInvalidInput().getMessage().startsWith("request.sourceIP: unknown field"),
                "tryEvaluateJson: a misspelt field is invalid input naming request.sourceIP ("
                        + (unknownField.getInvalidInput() == null ? null : unknownField.getInvalidInput().getMessage()) + ")");

        EvaluationAttempt badAccount = AccessEvaluator.tryEvaluate(statusScenario("123"));
        check(badAccount.getResult() == null && badAccount.getInvalidInput() != null
                && "api.account".equals(badAccount.getInvalidInput().getField()),
                "tryEvaluate (builders): a 3-digit account is invalid input naming api.account");

        EvaluationAttempt valid = AccessEvaluator.tryEvaluate(statusScenario(ACCOUNT));
        EvaluationResult expected = AccessEvaluator.evaluate(statusScenario(ACCOUNT));
        check(valid.getInvalidInput() == null && valid.getResult() != null
                && valid.getResult().getDecision() == Decision.ALLOW
                && valid.getResult().getDecision() == expected.getDecision()
                && valid.getResult().getReasons().equals(expected.getReasons()),
                "tryEvaluate (builders): a valid scenario's result is evaluate's, ALLOW");

        RuntimeException thrown = null;
        try {
            AccessEvaluator.evaluateJson("{");
        } catch (RuntimeException e) {
            thrown = e;
        }
        // The message carries the JavaScript stack after its first line: show the first line only.
        String first = thrown == null ? "nothing thrown" : String.valueOf(thrown.getMessage()).split("\n", 2)[0];
        check(thrown != null && first.contains("(json)"),
                "evaluateJson(\"{\") still throws, naming (json): " + (thrown == null ? "" : thrown.getClass().getName() + ": ") + first);
    }

    private static List<String> errors(final CloudFormationStackArtifact artifact) {
        return artifact.getMessages().stream()
                .filter(m -> m.getLevel() == SynthesisMessageLevel.ERROR)
                .map(m -> String.valueOf(m.getEntry().getData()))
                .collect(Collectors.toList());
    }

    private static void check(final boolean condition, final String what) {
        if (!condition) {
            throw new AssertionError("FAIL  " + what);
        }
        ok(what);
    }

    private static void ok(final String what) {
        System.out.println("  ok    " + what);
    }
}
