# Shared by the binding smoke scripts (sourced, not run).
#
# Each smoke app builds in a scratch copy under .bindings/smoke/<language> (ignored by git), so a run
# never leaves build output (virtual environments, target/, binaries, cdk.out) in the source tree.

# shellcheck disable=SC2034  # the variables are used by the scripts that source this file
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BINDINGS_SRC="$REPO/test/bindings"
SMOKE_WORK="${BINDINGS_WORK:-$REPO/.bindings/smoke}"

# Nothing here may reach the instance metadata service (no AWS on these machines).
export AWS_EC2_METADATA_DISABLED=true
# The jsii runtime warns on every start that this machine's Node (20) is past its end of life: the
# ten-line banner is noise in these logs.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# shellcheck source=versions.env
source "$BINDINGS_SRC/versions.env"

say() { printf '[bindings:%s] %s\n' "$SMOKE_LANGUAGE" "$*"; }
fail() { printf '[bindings:%s] FAILED: %s\n' "$SMOKE_LANGUAGE" "$*" >&2; exit 1; }

# The built package must exist: the smoke apps test what jsii-pacmak produced, never the sources.
require_built() {
  local what="$1" hint="$2"
  compgen -G "$what" >/dev/null || fail "no $what: build it first with $hint"
}

# A fresh scratch directory holding a copy of one smoke app's sources.
fresh_workdir() {
  local dir="$SMOKE_WORK/$SMOKE_LANGUAGE"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -R "$BINDINGS_SRC/$SMOKE_LANGUAGE/." "$dir/"
  echo "$dir"
}

# The package's README (text in $1) must carry every TypeScript example of README.md translated to
# $2 by jsii-rosetta (jsii-pacmak translates them from the tablet the build's rosetta:extract wrote),
# beside the $2 blocks README.md already has.
check_readme_translated() {
  local text="$1" language="$2" examples already translated untranslated
  examples="$(grep -cE '^```(ts|typescript)([[:space:]]|$)' "$REPO/README.md" || true)"
  already="$(grep -cE "^\`\`\`$language([[:space:]]|\$)" "$REPO/README.md" || true)"
  translated="$(grep -cE "^\`\`\`$language([[:space:]]|\$)" <<<"$text" || true)"
  untranslated="$(grep -cE '^```(ts|typescript)([[:space:]]|$)' <<<"$text" || true)"
  if [ "$untranslated" -ne 0 ] || [ "$translated" -lt $((examples + already)) ]; then
    fail "the package README has $translated $language blocks and $untranslated untranslated TypeScript ones; README.md has $examples TypeScript examples and $already $language blocks"
  fi
  say "README: the $examples TypeScript examples are in the package, translated to $language"
}
