# shellcheck shell=bash
# Container engine for the integration tests. Sourced by tests/run.sh; defines functions only.
#
# Testcontainers needs a Docker-compatible API. Where one already answers (a laptop with Docker,
# a hosted CI), it is used as it is and the tests pull the pinned public Mosquitto image. The
# project's own machines have no engine and reach no container registry, so there a root podman
# is installed from Debian, configured to keep its state under the given state folder, fed with
# images built locally (tests/containers/images/*.sh), and serves the Docker API on a socket.
#
# Entry points: ensure_container_engine STATE_DIR, then stop_container_engine (safe to call twice).
# configure_podman STATE_DIR alone is enough to use the podman CLI on the same storage.

CONTAINERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The engine this run started, if any: stop_container_engine stops only this process (and the
# image builder that images/addon-image-builder.sh started).
PODMAN_SERVICE_PID=""

for image_recipe in "$CONTAINERS_DIR"/images/*.sh; do
  # shellcheck source=/dev/null
  source "$image_recipe"
done
unset image_recipe

containers_log() {
  echo "[containers] $*" >&2
}

# Runs a command as root: apt and a root podman need it.
as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    containers_log "need root (or sudo) for: $*"
    return 1
  fi
}

# Installs those of the given Debian packages that are missing; no apt-get update when none is.
install_missing_packages() {
  local package missing=()
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  ((${#missing[@]} == 0)) && return 0

  containers_log "installing ${missing[*]}"
  local started=$SECONDS
  # The lock timeout waits for another apt (unattended upgrades, a parallel job) instead of failing.
  local wait_for_lock=(-o DPkg::Lock::Timeout=300)
  as_root apt-get update -qq "${wait_for_lock[@]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wait_for_lock[@]}" "${missing[@]}" >/dev/null
  containers_log "installed in $((SECONDS - started)) s"
}

# Installs Mosquitto 2.0.12 or later: bookworm's own 2.0.11 still accepts an MQTT 3.1.1 client whose keep-alive
# breaks max_keepalive (fixed in 2.0.12, eclipse/mosquitto ChangeLog.txt), which StrictKeepAliveTests must see
# refused, as the Home Assistant Mosquitto app's current 2.0 does. On bookworm it comes from Debian's backports.
install_current_mosquitto() {
  local version
  version=$(dpkg-query -W -f='${Version}' mosquitto 2>/dev/null || true)
  if [[ -n "$version" ]] && dpkg --compare-versions "$version" ge 2.0.12; then
    return 0
  fi

  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [[ "$codename" != bookworm ]]; then
    install_missing_packages mosquitto mosquitto-clients
    return 0
  fi

  containers_log "installing mosquitto from bookworm-backports"
  local started=$SECONDS
  local wait_for_lock=(-o DPkg::Lock::Timeout=300)
  local sources=/etc/apt/sources.list.d/telemetry-bookworm-backports.sources
  if [[ ! -f "$sources" ]]; then
    printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm-backports' 'Components: main' \
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | as_root tee "$sources" >/dev/null
  fi
  as_root apt-get update -qq "${wait_for_lock[@]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wait_for_lock[@]}" \
    -t bookworm-backports mosquitto mosquitto-clients >/dev/null
  containers_log "installed mosquitto $(dpkg-query -W -f='${Version}' mosquitto) in $((SECONDS - started)) s"
}

# Succeeds when a Docker API answers /_ping at the given DOCKER_HOST-style address.
docker_api_answers() {
  local address=$1
  case "$address" in
    unix://*) curl -fsS --max-time 5 --unix-socket "${address#unix://}" http://engine/_ping >/dev/null 2>&1 ;;
    tcp://*) curl -fsS --max-time 5 "http://${address#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# Succeeds when an engine is already there: DOCKER_HOST if set, else Docker's default socket.
existing_engine_answers() {
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    docker_api_answers "$DOCKER_HOST"
  else
    [[ -S /var/run/docker.sock ]] && docker_api_answers unix:///var/run/docker.sock
  fi
}

# Writes containers.conf and storage.conf into STATE_DIR and points podman at them.
configure_podman() {
  local state_dir=$1
  mkdir -p "$state_dir"

  # Overlay cannot stack on overlayfs (a repo inside a container); vfs is slow but works there.
  local driver=overlay
  [[ "$(stat -f -c %T "$state_dir")" == overlayfs ]] && driver=vfs

  sed "s|@STATE_DIR@|$state_dir|g" "$CONTAINERS_DIR/containers.conf.in" >"$state_dir/containers.conf"
  sed -e "s|@STATE_DIR@|$state_dir|g" -e "s|@DRIVER@|$driver|g" \
    "$CONTAINERS_DIR/storage.conf.in" >"$state_dir/storage.conf"

  export CONTAINERS_CONF="$state_dir/containers.conf"
  export CONTAINERS_STORAGE_CONF="$state_dir/storage.conf"
}

# Removes containers that an earlier, interrupted run left behind: with Ryuk off nothing else does.
remove_test_containers() {
  podman ps -aq --filter label=org.testcontainers=true | xargs -r podman rm -f >/dev/null
}

# Starts `podman system service` on STATE_DIR/podman.sock and waits until it answers.
start_podman_service() {
  local state_dir=$1
  local socket="$state_dir/podman.sock"
  rm -f "$socket"

  podman system service --time=0 "unix://$socket" >"$state_dir/podman-service.log" 2>&1 &
  PODMAN_SERVICE_PID=$!

  # Bounded: about 10 s, far more than the service needs, then fail with its log.
  local attempt
  for ((attempt = 0; attempt < 100; attempt++)); do
    if docker_api_answers "unix://$socket"; then
      export DOCKER_HOST="unix://$socket"
      return 0
    fi
    if ! kill -0 "$PODMAN_SERVICE_PID" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  containers_log "podman service did not answer on $socket; its log:"
  cat "$state_dir/podman-service.log" >&2
  return 1
}

# Makes a Docker API reachable for Testcontainers and exports what the tests need to use it.
ensure_container_engine() {
  local state_dir=$1

  command -v curl >/dev/null || install_missing_packages curl
  if existing_engine_answers; then
    containers_log "using the engine at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
    return 0
  fi
  [[ -n "${DOCKER_HOST:-}" ]] && containers_log "DOCKER_HOST=$DOCKER_HOST does not answer; starting podman instead"

  install_missing_packages podman runc qemu-user-static
  install_current_mosquitto
  configure_podman "$state_dir"
  # A fresh tmp_dir makes podman treat the last run's containers as stopped (as after a reboot).
  rm -rf "$state_dir/tmp"
  remove_test_containers

  build_mosquitto_image "$state_dir"
  start_podman_service "$state_dir"

  # Ryuk's image cannot be pulled here; the fixtures dispose their own containers and
  # remove_test_containers sweeps up after interrupted runs.
  export TESTCONTAINERS_RYUK_DISABLED=true
  # Podman may report its bridge address as the host; the ports are bound on loopback too.
  export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
  # A value the caller set wins: it may name another locally built image.
  export TELEMETRY_TEST_MOSQUITTO_IMAGE="${TELEMETRY_TEST_MOSQUITTO_IMAGE:-$(local_mosquitto_image)}"
  containers_log "podman serves $DOCKER_HOST; Mosquitto image $TELEMETRY_TEST_MOSQUITTO_IMAGE"
}

# Stops the podman service this run started and removes the containers it left; quiet, so that
# the caller's last line stays last.
stop_container_engine() {
  stop_addon_image_builder
  [[ -z "$PODMAN_SERVICE_PID" ]] && return 0
  remove_test_containers 2>/dev/null || true
  kill "$PODMAN_SERVICE_PID" 2>/dev/null || true
  wait "$PODMAN_SERVICE_PID" 2>/dev/null || true
  PODMAN_SERVICE_PID=""
}
