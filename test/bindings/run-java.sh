#!/usr/bin/env bash
# Java smoke test of the built jar (dist/java, from `jsii-pacmak --target java`): a Maven project
# compiles SmokeApp against the jar and aws-cdk-lib from Maven Central and runs it in its own JVM;
# SmokeApp synthesizes a CDK app with the library and throws on a broken expectation.
# Fails (non-zero) when any step fails.
set -euo pipefail
SMOKE_LANGUAGE=java
source "$(dirname "$0")/common.sh"

artifact_dir="$REPO/dist/java/dev/cdkapigatewayaccess/cdk-apigateway-access"
require_built "$artifact_dir/*/cdk-apigateway-access-*.jar" 'npx projen package:java'
versions=("$artifact_dir"/*/)
[ "${#versions[@]}" -eq 1 ] || fail "expected one version in ${artifact_dir#"$REPO"/}, found ${#versions[@]}"
version="$(basename "${versions[0]}")"

work="$(fresh_workdir)"
say "Maven project in ${work#"$REPO"/}, cdk-apigateway-access $version, aws-cdk-lib $AWS_CDK_LIB_VERSION"
# Maven keeps a release version it has fetched once in its local repository and never fetches it
# again: a rebuilt jar of the same version (every local build is 0.0.0) would be ignored, and the
# smoke app would run against an old build. So the cached copy goes first, and the jar Maven used is
# compared with the one built below.
local_repo="${BINDINGS_M2_REPO:-$HOME/.m2/repository}"
cached="$local_repo/dev/cdkapigatewayaccess/cdk-apigateway-access/$version"
rm -rf "$cached"
# BINDINGS_M2_REPO: where Maven keeps what it downloads (default: the user's ~/.m2/repository).
mvn --batch-mode --no-transfer-progress --quiet \
  --file "$work/pom.xml" -Dstyle.color=never \
  ${BINDINGS_M2_REPO:+"-Dmaven.repo.local=$BINDINGS_M2_REPO"} \
  "-Ddist.repository=file://$REPO/dist/java" \
  "-Daws-cdk-lib.version=$AWS_CDK_LIB_VERSION" \
  "-Dcdk-apigateway-access.version=$version" \
  compile exec:exec
cmp -s "$cached/cdk-apigateway-access-$version.jar" "${versions[0]}cdk-apigateway-access-$version.jar" \
  || fail "Maven did not use the jar in ${artifact_dir#"$REPO"/}/$version (another build of the same version in $local_repo?)"
say 'passed'
