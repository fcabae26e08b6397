#!/usr/bin/env bash
# The project's one test command (`npm test`, and `.ci/run` in CI): installs what is missing, then
# runs every layer in order and stops at the first failure:
#   deps → build → package (.vsix) → typecheck → lint → unit (incl. the .vsix file list) → webview
#   (real chromium) → integration (real VS Code, extension from the repo) → integration (installed .vsix)
# A layer that cannot run is a failure, never a silent skip. Ends with a line "N passed, M failed".
# While developing, RUN_ONLY="webview integration" runs just those layers (the others are reported
# as skipped on request; an unknown name exits 2; CI unsets it).
set -uo pipefail
cd "$(dirname "$0")/.."

LAYERS=(deps build package typecheck lint unit webview integration integration-vsix)
declare -A RESULT TIME
START=$SECONDS

# A misspelled RUN_ONLY name would otherwise skip every layer and pass.
for name in ${RUN_ONLY:-}; do
  if [[ " ${LAYERS[*]} " != *" $name "* ]]; then
    echo "error: RUN_ONLY names unknown layer \"$name\"; valid layers: ${LAYERS[*]}" >&2
    exit 2
  fi
done

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
say() { printf '\n%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"; }

summary() {
  local passed=0 failed=0 notrun=0 skipped=0 l
  echo
  echo "---------------- summary ----------------"
  for l in "${LAYERS[@]}"; do
    case "${RESULT[$l]:-not run}" in
      passed) passed=$((passed + 1)) ;;
      failed) failed=$((failed + 1)) ;;
      skipped*) skipped=$((skipped + 1)) ;;
      *) notrun=$((notrun + 1)) ;;
    esac
    printf '  %-16s %-8s %s\n' "$l" "${RESULT[$l]:-not run}" "${TIME[$l]:+(${TIME[$l]} s)}"
  done
  echo "${#LAYERS[@]} layers in $((SECONDS - START)) s$([ "$notrun" -gt 0 ] && echo ", $notrun not run")$([ "$skipped" -gt 0 ] && echo ", $skipped skipped (RUN_ONLY)")"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$notrun" -eq 0 ]
}

# run LAYER DESCRIPTION COMMAND...: runs one layer; on failure prints the summary and exits 1.
run() {
  local layer=$1 what=$2 t0=$SECONDS; shift 2
  if [ -n "${RUN_ONLY:-}" ] && [[ " $RUN_ONLY " != *" $layer "* ]]; then
    RESULT[$layer]="skipped (RUN_ONLY)"
    return 0
  fi
  say "[$layer] $what"
  if "$@"; then
    RESULT[$layer]=passed
  else
    RESULT[$layer]=failed
  fi
  TIME[$layer]=$((SECONDS - t0))
  if [ "${RESULT[$layer]}" = failed ]; then
    echo "FAILED: $layer ($what)"
    summary
    exit 1
  fi
}

deps() {
  # Fresh clone (CI): npm ci. Existing node_modules: reinstall only if it does not match the lockfile.
  if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
    npm ci --no-audit --no-fund
  else
    echo "node_modules matches package-lock.json"
  fi
  # The real browser and VS Code server used by the webview and integration layers (cached).
  bash test/tools/setup-vscode-server.sh >/dev/null
}

has_script() {
  node -e "process.exit(require('./package.json').scripts?.['$1'] ? 0 : 1)"
}

webview() {
  if ! has_script test:webview; then
    echo "error: package.json has no \"test:webview\" script: the webview layer cannot run" >&2
    return 1
  fi
  npm run --silent test:webview
}

# The unit layer compiles the suites to out/ (tsc); when RUN_ONLY skipped it, compile here.
integration() {
  if [ "${RESULT[unit]:-}" != passed ]; then npm run --silent compile || return 1; fi
  node test/tools/run-integration.js "$@"
}

run deps "install dependencies, chromium and the VS Code server (cached in .vscode-it/)" deps
run build "bundle extension, CLI and webview with esbuild (npm run build)" npm run --silent build
run package "package the .vsix with vsce (npm run package)" npm run --silent package
run typecheck "tsc --noEmit for the host and the webview (npm run typecheck)" npm run --silent typecheck
run lint "eslint: typescript-eslint rules, no import cycles, the layers' import rules (npm run lint)" npm run --silent lint
run unit "unit tests with mocha on Node (npm run test:unit)" npm run --silent test:unit
run webview "webview tests in headless chromium (npm run test:webview)" webview
run integration "integration tests in a real VS Code, extension from the repo" integration
run integration-vsix "integration tests in a real VS Code, extension installed from the .vsix" integration --vsix
summary
