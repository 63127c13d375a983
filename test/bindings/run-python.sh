#!/usr/bin/env bash
# Python smoke test of the built wheel (dist/python, from `jsii-pacmak --target python`):
# a fresh virtual environment gets the wheel and aws-cdk-lib from PyPI, then smoke_app.py builds,
# synthesizes and checks a CDK app with the library. Fails (non-zero) when any step fails.
set -euo pipefail
SMOKE_LANGUAGE=python
source "$(dirname "$0")/common.sh"

require_built "$REPO/dist/python/*.whl" 'npx projen package:python'
wheels=("$REPO"/dist/python/*.whl)
[ "${#wheels[@]}" -eq 1 ] || fail "expected one wheel in dist/python, found ${#wheels[@]}"
metadata="$(python3 -c 'import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
print(wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))).decode())' "${wheels[0]}")"
check_readme_translated "$metadata" python

work="$(fresh_workdir)"
say "virtual environment in ${work#"$REPO"/}"
python3 -m venv "$work/venv"
# constraints.txt pins what pip resolves besides the wheel, so every run installs the same set.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check \
  --constraint "$work/constraints.txt" \
  "${wheels[0]}" "aws-cdk-lib==$AWS_CDK_LIB_VERSION"
say "installed: $("$work/venv/bin/pip" list --format=freeze 2>/dev/null | grep -E '^(cdk-apigateway-access|aws-cdk-lib|constructs|jsii)==' | tr '\n' ' ')"

cd "$work"
"$work/venv/bin/python" smoke_app.py
say 'passed'
