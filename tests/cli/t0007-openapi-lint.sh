#!/bin/sh
# t0007-openapi-lint.sh -- docs/api/openapi.yaml passes a standard OpenAPI
# linter: @redocly/cli (pinned in package.json / package-lock.json,
# installed by `sh scripts/install-deps.sh test`) with the rules of
# redocly.yaml, no errors and no warnings.  Telemetry and update checks off:
# the test talks to nobody.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0007
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
LINT=node_modules/.bin/redocly
if [ ! -x "$LINT" ]; then
  ok 1 "$LINT missing: run sh scripts/install-deps.sh test"
  finish
fi
"$LINT" lint --config redocly.yaml --format stylish docs/api/openapi.yaml > "$T/lint.log" 2>&1
rc=$?
ok $rc "redocly lint exits 0 (exit $rc)"
n=$(grep -cE '(error|warning) ' "$T/lint.log")
[ "$n" -eq 0 ]; ok $? "no lint errors or warnings ($n)"
[ "$rc" -eq 0 ] && [ "$n" -eq 0 ] || grep -E '(error|warning) ' "$T/lint.log" | head -n 30

# the linter really checks: a $ref with a sibling (the users 200 bug) fails
sed 's|^\(        "400":\)$|\1\n          $ref: "#/components/responses/BadParam"\n          description: x|' \
  docs/api/openapi.yaml > "$T/bad.yaml"
if ! cmp -s docs/api/openapi.yaml "$T/bad.yaml"; then
  "$LINT" lint --config redocly.yaml --format stylish "$T/bad.yaml" > "$T/bad.log" 2>&1
  [ $? -ne 0 ]; ok $? "a \$ref with siblings fails the lint"
else
  ok 1 "could not make the broken copy"
fi
finish
