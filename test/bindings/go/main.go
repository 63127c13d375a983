// Go smoke app: the module jsii-pacmak generated (dist/go), used as a Go CDK user would. Synthesizes
// a stack with an IamRestApi, an invoke grant and an expectation that holds, and a second stack with
// one mistake (an execute-api grant on a method whose authorization is NONE) that the checks must
// report. Exits non-zero on the first broken expectation.
package main

import (
	"encoding/json"
	"fmt"
	"os"
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

	broken := awscdk.NewStack(app, jsii.String("Broken"), &awscdk.StackProps{Env: env})
	open := awsapigateway.NewRestApi(broken, jsii.String("OpenApi"), &awsapigateway.RestApiProps{
		DeployOptions: &awsapigateway.StageOptions{StageName: jsii.String("prod")},
	})
	openGet := open.Root().AddResource(jsii.String("items"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil),
		&awsapigateway.MethodOptions{AuthorizationType: awsapigateway.AuthorizationType_NONE})
	openGet.GrantExecute(awsiam.NewRole(broken, jsii.String("Caller"), &awsiam.RoleProps{AssumedBy: awsiam.NewAccountRootPrincipal()}))

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
	if !failed {
		fmt.Println("go smoke: every check holds")
	}
	return failed
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
