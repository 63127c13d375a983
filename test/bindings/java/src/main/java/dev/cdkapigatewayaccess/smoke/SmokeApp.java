package dev.cdkapigatewayaccess.smoke;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.cdkapigatewayaccess.AccessCaller;
import dev.cdkapigatewayaccess.AccessExpectation;
import dev.cdkapigatewayaccess.ApiAccessChecks;
import dev.cdkapigatewayaccess.ApiResourcePolicy;
import dev.cdkapigatewayaccess.IamRestApi;
import dev.cdkapigatewayaccess.InvokeGrantOptions;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
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
 * that the checks must report. Throws (a non-zero exit) on the first broken expectation.
 */
public final class SmokeApp {
    private static final String PARTNER_ACCOUNT = "222222222222";

    private SmokeApp() {
    }

    public static void main(final String[] args) throws Exception {
        String outdir = Files.createTempDirectory("cdk-apigateway-access-java-").toString();
        App app = new App(AppProps.builder().outdir(outdir).build());
        ApiAccessChecks checks = ApiAccessChecks.of(app);
        Environment env = Environment.builder().account("111111111111").region("eu-west-1").build();

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

        Stack brokenStack = new Stack(app, "Broken", StackProps.builder().env(env).build());
        RestApi open = RestApi.Builder.create(brokenStack, "OpenApi")
                .deployOptions(StageOptions.builder().stageName("prod").build())
                .build();
        Method openGet = open.getRoot().addResource("items").addMethod("GET", new MockIntegration(),
                MethodOptions.builder().authorizationType(AuthorizationType.NONE).build());
        openGet.grantExecute(Role.Builder.create(brokenStack, "Caller").assumedBy(new AccountRootPrincipal()).build());

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
        System.out.println("java smoke: every check holds");
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
