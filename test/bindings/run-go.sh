#!/usr/bin/env bash
# Go smoke test: a Go module of the library, built with the Go toolchain inside a smoke app that uses
# it; the app synthesizes a CDK app with the library and exits non-zero on a broken expectation.
# Fails (non-zero) when any step fails.
#
# Which module, and why not dist/go as is: jsii-pacmak writes Go code for the aws-cdk-lib the library
# was compiled against (the dev dependency, a recent 2.x: its Go code uses types such as
# constructs.IMixin and awsiam.RoleGrants), and a go.mod asking for that aws-cdk-go, constructs-go
# and the newest jsii-runtime-go. The Go module proxy reachable from these machines serves none of
# them. So this script compiles the library again, in a scratch copy, against the peer minimums
# (aws-cdk-lib and constructs of versions.env: also proof that src/ uses no newer API), generates
# its Go module with jsii-pacmak, requires the newest jsii-runtime-go that proxy serves, and builds
# and runs the smoke app on it. go.sum (committed) pins every module's hash, so no checksum-database
# lookup is needed.
#
#   run-go.sh                  build and run against the committed go.mod/go.sum (CI)
#   run-go.sh --update-go-sum  re-resolve the smoke app's requirements and rewrite go.mod/go.sum
set -euo pipefail
SMOKE_LANGUAGE=go
source "$(dirname "$0")/common.sh"

[ -f "$REPO/tsconfig.json" ] || fail 'no tsconfig.json: compile the library first (npx projen compile)'
# The module jsii-pacmak generated from the real build (dist/go) carries the README's examples in Go.
require_built "$REPO/dist/go/cdkapigatewayaccess/README.md" 'jsii-pacmak --target go --code-only'
check_readme_translated "$(cat "$REPO/dist/go/cdkapigatewayaccess/README.md")" go
jsii="$REPO/node_modules/jsii/bin/jsii"
pacmak="$REPO/node_modules/jsii-pacmak/bin/jsii-pacmak"

# 1. The library compiled against the peer minimums, and its Go module.
minimum="$SMOKE_WORK/go-minimum"
rm -rf "$minimum"
mkdir -p "$minimum"
cp -R "$REPO/package.json" "$REPO/tsconfig.json" "$REPO/README.md" "$REPO/LICENSE" "$REPO/.npmignore" "$REPO/src" "$minimum/"
node -e '
  const fs = require("fs");
  const [file, cdk, constructs] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.peerDependencies = { "aws-cdk-lib": `^${cdk}`, constructs: `^${constructs}` };
  pkg.devDependencies = { "aws-cdk-lib": cdk, constructs };
  for (const key of ["scripts", "overrides", "bundledDependencies"]) delete pkg[key];
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
' "$minimum/package.json" "$AWS_CDK_LIB_VERSION" "$CONSTRUCTS_MIN_VERSION"
say "compiling the library against aws-cdk-lib $AWS_CDK_LIB_VERSION and constructs $CONSTRUCTS_MIN_VERSION in ${minimum#"$REPO"/}"
(
  cd "$minimum"
  npm install --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error
  # The type declarations the compiler options name, from the project's own install.
  mkdir -p node_modules/@types
  ln -s "$REPO/node_modules/@types/node" "$REPO/node_modules/@types/jest" node_modules/@types/
  node "$jsii" --silence-warnings=reserved-word
  # README examples stay as written here: their translations are checked on the real build.
  node "$pacmak" --target go --code-only --rosetta-unknown-snippets=verbatim
)
generated="$minimum/dist/go/cdkapigatewayaccess"
[ -f "$generated/go.mod" ] || fail "jsii-pacmak wrote no Go module in ${generated#"$REPO"/}"

# 2. The smoke app, with a copy of the module whose go.mod requires what the Go proxy here serves.
work="$(fresh_workdir)"
cp -R "$generated" "$work/cdkapigatewayaccess"
(
  cd "$work/cdkapigatewayaccess"
  # Drop every requirement the generator wrote (direct and indirect), then require the pinned set.
  drops=()
  while read -r module; do drops+=("-droprequire=$module"); done < <(go mod edit -json | node -e '
    const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const r of mod.Require ?? []) console.log(r.Path);')
  go mod edit "${drops[@]}"
  go mod edit \
    "-require=github.com/aws/jsii-runtime-go@$GO_JSII_RUNTIME_VERSION" \
    "-require=github.com/aws/aws-cdk-go/awscdk/v2@v$AWS_CDK_LIB_VERSION" \
    "-require=github.com/aws/constructs-go/constructs/v10@v$CONSTRUCTS_MIN_VERSION"
)
say "building with aws-cdk-go v$AWS_CDK_LIB_VERSION, constructs-go v$CONSTRUCTS_MIN_VERSION, jsii-runtime-go $GO_JSII_RUNTIME_VERSION"

cd "$work"
if [ "${1:-}" = '--update-go-sum' ]; then
  # Hashes come from the module proxy's downloads (its checksum database is not reachable here).
  GONOSUMDB='*' go mod tidy
  cp go.mod go.sum "$BINDINGS_SRC/go/"
  say 'rewrote test/bindings/go/go.mod and go.sum'
fi
go build -mod=readonly -buildvcs=false -o smoke . \
  || fail 'go build failed (a "missing go.sum entry" means the module needs new requirements: run test/bindings/run-go.sh --update-go-sum and commit test/bindings/go)'
say 'built; running the smoke app'
./smoke
echo  # the jsii runtime may end the output without a newline
say 'passed'
