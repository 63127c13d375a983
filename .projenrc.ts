import { awscdk, javascript } from 'projen';

/**
 * The lowest aws-cdk-lib the library supports. The validation plugin needs the stable `Validations`
 * API with `acknowledge` (`Validations` arrived in 2.251.0, `acknowledge` in 2.252.0;
 * `AspectPriority`, for the aspect, in 2.172.0). The floor is what cdk-nag v3 requires (^2.257.0),
 * so an app can run both plugins on the same aws-cdk-lib.
 */
const MIN_CDK_VERSION = '2.257.0';
/** What the library is developed and tested against: a recent 2.x. */
const DEV_CDK_VERSION = '2.276.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-apigateway-access',
  packageName: 'cdk-apigateway-access',
  description:
    'Amazon API Gateway access you can prove: paired IAM invoke grants, resource policies, service roles, and a synth-time access evaluator.',
  keywords: ['cdk', 'aws-cdk', 'apigateway', 'iam', 'security', 'resource-policy', 'execute-api'],
  author: 'cdk-apigateway-access developers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/example/cdk-apigateway-access.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: MIN_CDK_VERSION,
  jsiiVersion: '~6.0.0',

  // No GitHub here: CI is .ci/run, releases are out of scope.
  github: false,
  release: false,

  // The CLI. jsii ships lib/ as is, so the bin points at the compiled entry.
  bin: { 'cdk-apigateway-access': 'lib/cli/main.js' },

  // Tests are type-checked (otherwise a type error in a test passes silently) and live in a
  // root-level tsconfig.dev.json, the projen-managed config for tests and tooling.
  typecheckTests: true,
  tsconfigDevFile: 'tsconfig.dev.json',

  jestOptions: {
    // Without NEVER, projen runs `jest --updateSnapshot` and a snapshot test can never fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // Machine-readable results: .ci/run prints its `N passed, N failed` line from them.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coverageReporters: ['text-summary', 'json-summary'],
    },
  },

  // eslint never rewrites files during a build: a CI run must not change the tree.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
    fileExtensions: ['.ts'],
    commandOptions: { fix: false },
    // One project for every linted file (src, tests, examples, bench): the dev tsconfig covers them all.
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },

  publishToPypi: {
    distName: 'cdk-apigateway-access',
    module: 'cdk_apigateway_access',
  },
  publishToMaven: {
    javaPackage: 'dev.cdkapigatewayaccess',
    mavenGroupId: 'dev.cdkapigatewayaccess',
    mavenArtifactId: 'cdk-apigateway-access',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkApigatewayAccess',
    packageId: 'CdkApigatewayAccess',
  },
  publishToGo: {
    moduleName: 'github.com/example/cdk-apigateway-access-go',
  },

  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'aws-cdk@^2',
    'ts-node',
    'fast-check@^4',
    // AGPL: a test oracle only. Never a runtime or bundled dependency.
    '@cloud-copilot/iam-simulate',
    // The test app that runs our validation plugin beside cdk-nag's (v3 is a validation plugin too).
    'cdk-nag@^3',
  ],

  gitignore: ['cdk.out/', '/test-reports/', '/.jsii.tabl.json', '/.jsii-rosetta/', '/examples/cdk.out/', '/.bindings/'],
});

// Develop and test against a recent aws-cdk-lib while the peer range stays at the minimum.
// (projen would pin the dev dependency to the peer minimum; peerDependencyOptions turns that off.)
project.addDevDeps('constructs@10.5.1');

// `npm ci` rejects the lockfile on these machines unless unrs-resolver is pinned.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// eslint reads every file through tsconfig.dev.json, the projenrc included (a dotfile `**` skips).
project.tsconfigDev.addInclude('.projenrc.ts');

// The layers of src/, enforced by lint (read them here, bottom up):
//   evaluator  pure access decisions; imports nothing else from src/
//   analysis   pure template model, rules, engine, scenarios, report, access map; uses the evaluator
//   constructs L3 constructs; use the evaluator only
//   checks     CDK front ends of the analysis (aspect, AccessCaller, expectations)
//   cli        the command line, and the only file reading
// Pure means no aws-cdk-lib, no constructs and no file system: the same code runs at synth, on the
// command line, and for anyone who embeds the evaluator.
const PURE_LAYERS = ['src/evaluator/**/*.ts', 'src/analysis/**/*.ts'];
const NOT_IN_PURE_LAYERS = 'src/evaluator and src/analysis are pure: no aws-cdk-lib, constructs or file system (read files in src/cli, CDK code goes in src/checks or src/constructs).';
project.eslint?.addOverride({
  files: PURE_LAYERS,
  rules: {
    'no-restricted-imports': ['error', {
      paths: ['aws-cdk-lib', 'constructs', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'path', 'node:path']
        .map(name => ({ name, message: NOT_IN_PURE_LAYERS })),
      patterns: [{ group: ['aws-cdk-lib/*', 'node:fs/*', 'fs/*'], message: NOT_IN_PURE_LAYERS }],
    }],
  },
});
const layer = (name: string) => `./src/${name}`;
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      {
        target: layer('evaluator'),
        from: ['analysis', 'constructs', 'checks', 'cli'].map(layer),
        message: 'The evaluator is the bottom layer: it imports nothing else from src/.',
      },
      {
        target: layer('analysis'),
        from: ['constructs', 'checks', 'cli'].map(layer),
        message: 'src/analysis is pure and sits below the CDK front ends and the CLI.',
      },
      {
        target: layer('constructs'),
        from: ['analysis', 'checks', 'cli'].map(layer),
        message: 'src/constructs uses the evaluator only, neither the checks nor the analysis.',
      },
      {
        target: layer('checks'),
        from: layer('cli'),
        message: 'The CLI sits on top: nothing in src/ imports it.',
      },
      {
        target: ['analysis', 'constructs', 'checks', 'cli'].map(layer),
        from: layer('evaluator'),
        except: ['./index.ts', './internal.ts'],
        message: 'Outside src/evaluator, import the evaluator through src/evaluator/index.ts (public) or src/evaluator/internal.ts.',
      },
    ],
  }],
});

// Nothing here may reach the instance metadata service (no AWS on these machines).
project.tasks.addEnvironment('AWS_EC2_METADATA_DISABLED', 'true');

// README examples are part of the public contract: compile them strictly after every compile.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile the README examples with jsii-rosetta (--strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// The README's main command: synthesize the example app (and, with the checks, print its access).
// --transpile-only: type-checking examples/ through ts-node took most of a minute, and the test task
// already type-checks them (`tsc --noEmit -p tsconfig.dev.json` covers every .ts file).
project.addTask('example', {
  description: 'Synthesize the example app in examples/ and print what it proves',
  exec: 'ts-node --project tsconfig.dev.json --transpile-only examples/main.ts',
});

// Throughput and overhead, side by side in one process run (never a timed test).
project.addTask('bench', {
  description: 'Measure evaluator throughput and synth overhead, printed as side-by-side ratios',
  exec: 'ts-node --project tsconfig.dev.json --transpile-only bench/main.ts',
});

// .NET has no SDK on these machines: its package step generates code only, so a plain
// `npx projen build` (which packages every target outside CI) still passes.
const packageDotnet = project.tasks.tryFind('package:dotnet');
packageDotnet?.reset('jsii-pacmak -v --target dotnet --code-only');
// Go likewise generates code only here: the Go proxy these machines reach does not serve the
// aws-cdk-go release matching the dev aws-cdk-lib, so pacmak's own `go build` fails. The Go module
// is built and used by test/bindings/run-go.sh (bindings:go), against pinned versions it can fetch.
project.tasks.tryFind('package:go')?.reset('jsii-pacmak -v --target go --code-only');

// Code-only bindings for every language: proves jsii can render the public API everywhere.
project.addTask('bindings:code', {
  description: 'Generate Python, Java, .NET and Go sources without building them',
  steps: [
    { exec: 'rm -rf .bindings' },
    { exec: 'jsii-pacmak --code-only --outdir .bindings --target python --target java --target dotnet --target go' },
    { exec: 'python3 -m compileall -q .bindings/python' },
  ],
});

// Real bindings, built and used: jsii-pacmak builds each language's package into dist/, then a
// smoke app in test/bindings/ installs it and synthesizes a CDK app with the library (fails on failure).
const bindingBuilds = [
  { language: 'python', name: 'Python wheel', pack: 'jsii-pacmak -v --target python' },
  { language: 'java', name: 'Java jar', pack: 'jsii-pacmak -v --target java' },
  // pacmak's own Go build asks for module versions the Go proxy here does not serve: run-go.sh builds it.
  { language: 'go', name: 'Go module', pack: 'jsii-pacmak -v --target go --code-only' },
];
const bindingsAll = project.addTask('bindings:all', {
  description: 'Build the Python, Java and Go packages and run the smoke app of each (test/bindings/)',
});
for (const { language, name, pack } of bindingBuilds) {
  bindingsAll.spawn(project.addTask(`bindings:${language}`, {
    description: `Build the ${name} with jsii-pacmak and run its smoke app (test/bindings/run-${language}.sh)`,
    steps: [{ exec: pack }, { exec: `bash test/bindings/run-${language}.sh` }],
  }));
}

// The README shows each TypeScript example's Python translation (jsii-rosetta's, from the tablet).
project.addTask('readme:python', {
  description: 'Put jsii-rosetta\'s Python translation beside each README example (--check: fail if out of date)',
  exec: 'ts-node --project tsconfig.dev.json test/bindings/readme-python.ts',
  receiveArgs: true,
});

for (const ignored of ['/examples/', '/bench/', '/rosetta/', '/.ci/', '/test-reports/', '/.bindings/']) {
  project.addPackageIgnore(ignored);
}

project.synth();
