// Go smoke app: the module jsii-pacmak generated (dist/go), used as a Go CDK user would. Synthesizes
// a stack with an IamRestApi, an invoke grant and an expectation that holds, and a second stack with
// one mistake (an execute-api grant on a method whose authorization is NONE) that the checks must
// report. Then the same mistake with the checks as a CDK validation plugin (ApiAccessValidation):
// synthesis fails with the finding in the validation report, and passes once it is acknowledged, as
// the Python and Java apps check. Then the evaluator: AccessEvaluator_TryEvaluate and _TryEvaluateJson return invalid input
// as InvalidInput.Field (the error AccessEvaluator_EvaluateJson raises reaches Go as a panic), and
// a valid scenario's result. Exits non-zero on the first broken expectation.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	access "github.com/example/cdk-apigateway-access-go/cdkapigatewayaccess"
)

func main() {
	failed := run()
	jsii.Close()
	if failed {
		os.Exit(1)
	}
}

func run() (failed bool) {
	outdir, err := os.MkdirTemp("", "cdk-apigateway-access-go-")
	if err != nil {
		panic(err)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	checks := access.ApiAccessChecks_Of(app, nil)
	env := &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}

	stack := awscdk.NewStack(app, jsii.String("Access"), &awscdk.StackProps{Env: env})
	api := access.NewIamRestApi(stack, jsii.String("ItemsApi"), &access.IamRestApiProps{
		DeployOptions: &awsapigateway.StageOptions{StageName: jsii.String("prod")},
	})
	api.Root().AddResource(jsii.String("items"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil), nil)
	reader := awsiam.NewRole(stack, jsii.String("Reader"), &awsiam.RoleProps{AssumedBy: awsiam.NewAccountRootPrincipal()})
	api.GrantInvoke(reader, &access.InvokeGrantOptions{Paths: jsii.Strings("/items")})
	checks.ExpectAllowed(&access.AccessExpectation{
		Caller:     access.AccessCaller_Principal(reader),
		Api:        api,
		HttpMethod: jsii.String("GET"),
		Path:       jsii.String("/items"),
	})

	buildBrokenStack(app, env)

	assembly := app.Synth(nil)
	fmt.Println("Synthesized the Go smoke app into", outdir)

	check := func(ok bool, what string) {
		if ok {
			fmt.Println("  ok   ", what)
		} else {
			fmt.Println("  FAIL ", what)
			failed = true
		}
	}
	rendered, err := json.Marshal(assembly.GetStackArtifact(jsii.String("Access")).Template())
	if err != nil {
		panic(err)
	}
	template := string(rendered)
	check(strings.Contains(template, `"AuthorizationType":"AWS_IAM"`) && strings.Contains(template, `"execute-api:Invoke"`),
		"IamRestApi: AWS_IAM method and the reader's execute-api:Invoke grant are in the template")
	goodErrors := errors(assembly.GetStackArtifact(jsii.String("Access")))
	check(len(goodErrors) == 0, fmt.Sprintf("ApiAccessChecks: no error in Access, the expectation holds %q", goodErrors))
	brokenErrors := errors(assembly.GetStackArtifact(jsii.String("Broken")))
	reported := false
	for _, e := range brokenErrors {
		reported = reported || strings.HasPrefix(e, "[UnpairedInvokeGrant]")
	}
	check(reported, fmt.Sprintf("ApiAccessChecks: the grant on a NONE method is reported as [UnpairedInvokeGrant] %q", brokenErrors))

	failedSynth, rules := synthWithPlugin(env, false)
	check(failedSynth && contains(rules, "UnpairedInvokeGrant"),
		fmt.Sprintf("ApiAccessValidation: synthesis fails with UnpairedInvokeGrant in the validation report (failed: %v, rules: %v)", failedSynth, rules))
	failedSynth, rules = synthWithPlugin(env, true)
	check(!failedSynth && !contains(rules, "UnpairedInvokeGrant") && contains(rules, "OpenMethod"),
		fmt.Sprintf("ApiAccessValidation: acknowledged by %s::UnpairedInvokeGrant, synthesis passes (failed: %v, rules: %v)", plugin, failedSynth, rules))

	checkEvaluator(check)
	if !failed {
		fmt.Println("go smoke: every check holds")
	}
	return failed
}

const plugin = "cdk-apigateway-access"

// An execute-api grant on a method whose authorization is NONE: the mistake the checks report.
func buildBrokenStack(app awscdk.App, env *awscdk.Environment) awsiam.Role {
	broken := awscdk.NewStack(app, jsii.String("Broken"), &awscdk.StackProps{Env: env})
	open := awsapigateway.NewRestApi(broken, jsii.String("OpenApi"), &awsapigateway.RestApiProps{
		DeployOptions: &awsapigateway.StageOptions{StageName: jsii.String("prod")},
	})
	openGet := open.Root().AddResource(jsii.String("items"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil),
		&awsapigateway.MethodOptions{AuthorizationType: awsapigateway.AuthorizationType_NONE})
	caller := awsiam.NewRole(broken, jsii.String("Caller"), &awsiam.RoleProps{AssumedBy: awsiam.NewAccountRootPrincipal()})
	openGet.GrantExecute(caller)
	return caller
}

// The Broken stack synthesized with ApiAccessValidation, its finding acknowledged or not: whether
// synthesis failed, and the rules the plugin's report names.
func synthWithPlugin(env *awscdk.Environment, acknowledge bool) (failed bool, rules []string) {
	outdir, err := os.MkdirTemp("", "cdk-apigateway-access-go-plugin-")
	if err != nil {
		panic(err)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	access.ApiAccessValidation_Of(app, nil)
	caller := buildBrokenStack(app, env)
	if acknowledge {
		awscdk.Validations_Of(caller).Acknowledge(&awscdk.Acknowledgment{
			Id:     jsii.String(plugin + "::UnpairedInvokeGrant"),
			Reason: jsii.String("the method moves to AWS_IAM in the next release"),
		})
	}
	func() {
		// Newer aws-cdk-lib throws the validation failure; 2.257.0 sets the exit code.
		defer func() { _ = recover() }()
		app.Synth(nil)
	}()
	// validation-report.json from aws-cdk-lib 2.258.0 (pluginName, conclusion); before,
	// policy-validation-report.json (summary.pluginName, summary.status).
	type report struct {
		PluginName string `json:"pluginName"`
		Conclusion string `json:"conclusion"`
		Summary    *struct {
			PluginName string `json:"pluginName"`
			Status     string `json:"status"`
		} `json:"summary"`
		Violations []struct {
			RuleName string `json:"ruleName"`
		} `json:"violations"`
	}
	for _, name := range []string{"validation-report.json", "policy-validation-report.json"} {
		text, err := os.ReadFile(filepath.Join(outdir, name))
		if err != nil {
			continue
		}
		var file struct {
			PluginReports []report `json:"pluginReports"`
		}
		if err := json.Unmarshal(text, &file); err != nil {
			panic(err)
		}
		for _, r := range file.PluginReports {
			pluginName, status := r.PluginName, r.Conclusion
			if r.Summary != nil {
				pluginName, status = r.Summary.PluginName, r.Summary.Status
			}
			if pluginName != plugin {
				continue
			}
			rules = []string{}
			for _, v := range r.Violations {
				rules = append(rules, v.RuleName)
			}
			return status == "failure", rules
		}
		return false, nil
	}
	return true, nil
}

func contains(list []string, value string) bool {
	for _, item := range list {
		if item == value {
			return true
		}
	}
	return false
}

// A scenario with a misspelt field (the format says sourceIp), as JSON text.
const misspelt = `{"api": {"id": "a1b2c3d4e5", "account": "111111111111", "region": "eu-west-1",
  "methods": [{"httpMethod": "GET", "path": "/status", "authorizationType": "NONE"}]},
  "request": {"stage": "prod", "httpMethod": "GET", "path": "/status", "sourceIP": "198.51.100.7"}}`

// A NONE method on an API without a resource policy, called from 198.51.100.7.
func statusScenario(account string) *access.Scenario {
	return &access.Scenario{
		Api: &access.ScenarioApi{
			Id:      jsii.String("a1b2c3d4e5"),
			Account: jsii.String(account),
			Region:  jsii.String("eu-west-1"),
			Methods: &[]*access.ScenarioMethod{{
				HttpMethod: jsii.String("GET"), Path: jsii.String("/status"), AuthorizationType: access.MethodAuthorizationType_NONE,
			}},
		},
		Request: &access.ScenarioRequest{
			Stage: jsii.String("prod"), HttpMethod: jsii.String("GET"), Path: jsii.String("/status"), SourceIp: jsii.String("198.51.100.7"),
		},
	}
}

// The field of an attempt's invalid input, or a description of what the attempt holds instead.
func fieldOf(attempt *access.EvaluationAttempt) string {
	if attempt.InvalidInput == nil || attempt.InvalidInput.Field == nil {
		return fmt.Sprintf("no invalid input (result: %v)", attempt.Result)
	}
	return *attempt.InvalidInput.Field
}

// A list of strings as one string, to compare lists of pointers by their values.
func joined(list *[]*string) string {
	values := []string{}
	for _, value := range *list {
		values = append(values, *value)
	}
	return strings.Join(values, "\n")
}

func checkEvaluator(check func(bool, string)) {
	malformed := access.AccessEvaluator_TryEvaluateJson(jsii.String("{"))
	check(malformed.Result == nil && fieldOf(malformed) == "(json)",
		fmt.Sprintf("AccessEvaluator_TryEvaluateJson(\"{\"): InvalidInput.Field is (json) (got %s)", fieldOf(malformed)))

	unknown := access.AccessEvaluator_TryEvaluateJson(jsii.String(misspelt))
	check(unknown.Result == nil && fieldOf(unknown) == "request.sourceIP" &&
		strings.HasPrefix(*unknown.InvalidInput.Message, "request.sourceIP: unknown field"),
		fmt.Sprintf("AccessEvaluator_TryEvaluateJson: a misspelt field is invalid input naming request.sourceIP (got %s)", fieldOf(unknown)))

	badAccount := access.AccessEvaluator_TryEvaluate(statusScenario("123"))
	check(badAccount.Result == nil && fieldOf(badAccount) == "api.account",
		fmt.Sprintf("AccessEvaluator_TryEvaluate (structs): a 3-digit account is invalid input naming api.account (got %s)", fieldOf(badAccount)))

	valid := access.AccessEvaluator_TryEvaluate(statusScenario("111111111111"))
	expected := access.AccessEvaluator_Evaluate(statusScenario("111111111111"))
	check(valid.InvalidInput == nil && valid.Result != nil &&
		valid.Result.Decision == access.Decision_ALLOW && valid.Result.Decision == expected.Decision &&
		joined(valid.Result.Reasons) == joined(expected.Reasons),
		"AccessEvaluator_TryEvaluate (structs): a valid scenario's result is AccessEvaluator_Evaluate's, ALLOW")

	raised := func() (raised interface{}) {
		defer func() { raised = recover() }()
		access.AccessEvaluator_EvaluateJson(jsii.String("{"))
		return nil
	}()
	first := strings.SplitN(fmt.Sprint(raised), "\n", 2)[0]
	check(raised != nil && strings.Contains(first, "(json)"),
		fmt.Sprintf("AccessEvaluator_EvaluateJson(\"{\") still panics, naming (json): %s", first))
}

func errors(artifact cxapi.CloudFormationStackArtifact) []string {
	found := []string{}
	for _, m := range *artifact.Messages() {
		if m.Level == cxapi.SynthesisMessageLevel_ERROR {
			found = append(found, fmt.Sprint(m.Entry.Data))
		}
	}
	return found
}
