#!/usr/bin/env bash
# The test command: builds Telemetry.sln and runs every test project in it, after making sure a
# container engine is there for the integration tests (see tests/containers/provision.sh).
#
# Its last line is "N passed, N failed" (", N skipped" when some were). It exits non-zero when
# the build failed, any test failed or was skipped (a skip is not a pass), or no test ran.
#
# Environment:
#   TELEMETRY_TEST_MOSQUITTO_IMAGE  broker image for the integration tests; unset means the
#                                   pinned public image (MosquittoBroker.DefaultImage), except
#                                   under the local podman, where the local image is set.
#   DOCKER_HOST                     an engine to use; when it does not answer, podman is started.
#   TELEMETRY_TEST_SDK_IMAGE, TELEMETRY_TEST_BASE_IMAGE, TELEMETRY_TEST_BASE_IMAGE_ARM64
#                                   the image tests' base images; unset means the Dockerfile's
#                                   registry images, except under the local podman, where local
#                                   stand-ins are built and set (tests/containers/images/addon-base-images.sh).
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

main() {
  trap stop_container_engine EXIT
  # Turn Ctrl-C and a CI cancel into a normal exit, so the EXIT trap stops the engine.
  trap 'exit 130' INT TERM
  cd "$REPO_ROOT"

  local started=$SECONDS
  ensure_container_engine "$CONTAINERS_STATE_DIR"
  # The local podman also gets stand-ins for the Dockerfile's registry images, for the image tests.
  if [[ -n "$PODMAN_SERVICE_PID" ]]; then
    build_addon_base_images || log "the add-on's base images could not be built; the image tests will fail"
  fi
  log "container engine ready in $((SECONDS - started)) s"

  started=$SECONDS
  local test_status=0
  run_dotnet_test || test_status=$?
  log "dotnet test finished in $((SECONDS - started)) s with status $test_status"
  stop_container_engine

  local passed failed skipped
  read -r passed failed skipped < <(sum_trx_counters)

  local summary="$passed passed, $failed failed"
  ((skipped > 0)) && summary+=", $skipped skipped"

  local status=0
  if ((test_status != 0 || failed > 0 || skipped > 0 || passed == 0)); then
    status=1
  fi
  if ((test_status != 0 && failed == 0)); then
    log "dotnet test failed without a failed test: a build error or a crashed test host, see above"
  elif ((passed + failed == 0)); then
    log "no test ran"
  fi
  echo "$summary"
  return "$status"
}

main "$@"
