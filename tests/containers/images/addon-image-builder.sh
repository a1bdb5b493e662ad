# shellcheck shell=bash
# The image builder for the add-on's image tests (tests/Telemetry.IntegrationTests/Packaging): a
# Docker engine with BuildKit, as the Supervisor builds with, and a local registry that serves the
# Dockerfile's base images, because no public registry is reachable here. Sourced by provision.sh,
# which has CONTAINERS_DIR, containers_log, as_root and install_missing_packages; podman is
# configured by the time it runs (it builds the stand-ins).
#
# The Supervisor builds with `docker buildx build ... --pull` on the host's Docker engine, whose
# built-in BuildKit does the work (supervisor/apps/build.py, get_docker_args, @090ef31). Debian 12
# has that engine (docker.io 20.10, BuildKit built in) but no buildx plugin; its `docker build` with
# DOCKER_BUILDKIT=1 drives the same BuildKit through the classic client. Started here:
#
#   docker-registry  on 127.0.0.1:<free port>, storage in STATE_DIR/registry (kept between runs),
#                    serving the stand-ins of tests/images/stand-ins.sh (standin_publish says how)
#   dockerd          its own data root, exec root and socket under STATE_DIR/docker, with the
#                    registry as its mirror for docker.io; its build cache (NuGet packages included)
#                    is kept between runs, like a Supervisor host's
#
# and exported for the tests (a value the caller set wins):
#   TELEMETRY_TEST_DOCKER_HOST  that dockerd's socket
#   TELEMETRY_TEST_DOCKER       Debian's docker CLI (/usr/bin/docker): a newer CLI elsewhere on the
#                               PATH may refuse BuildKit without the buildx plugin
#   TELEMETRY_TEST_SDK_IMAGE    the SDK stand-in in the registry

ADDON_BUILDER_DOCKERD_PID=""
ADDON_BUILDER_REGISTRY_PID=""
ADDON_BUILDER_DOCKER_DIR=""

# Installs docker.io without letting its maintainer scripts start the system's Docker service: a
# daemon on /var/run/docker.sock would make later runs (and anyone else's) take it for a real engine.
install_docker_engine() {
  local guard=/usr/sbin/policy-rc.d created=""
  if ! dpkg-query -W -f='${Status}' docker.io 2>/dev/null | grep -q 'install ok installed' && [[ ! -e $guard ]]; then
    # invoke-rc.d asks this script before starting a service; 101 means "not now".
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$guard" >/dev/null && as_root chmod 755 "$guard" && created=1
  fi
  install_missing_packages docker.io docker-registry
  local status=$?
  [[ -n $created ]] && as_root rm -f "$guard"
  return "$status"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on.
free_local_port() {
  local port
  for ((port = 45000; port < 45100; port++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Waits (bounded, about 20 s) until URL answers, or the process PID has exited.
wait_for_url() {
  local pid=$1 log=$2
  shift 2
  local attempt
  for ((attempt = 0; attempt < 200; attempt++)); do
    curl -fsS --max-time 2 "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  containers_log "no answer from ${*: -1}; its log:"
  tail -n 30 "$log" >&2
  return 1
}

start_stand_in_registry() {
  local state_dir=$1 port
  port=$(free_local_port) || { containers_log "no free port for the registry"; return 1; }
  mkdir -p "$state_dir/registry"
  cat >"$state_dir/registry.yml" <<YAML
# Written by tests/containers/images/addon-image-builder.sh for this run.
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state_dir/registry
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$state_dir/registry.yml" >"$state_dir/registry.log" 2>&1 &
  ADDON_BUILDER_REGISTRY_PID=$!
  wait_for_url "$ADDON_BUILDER_REGISTRY_PID" "$state_dir/registry.log" "http://127.0.0.1:$port/v2/" || return 1
  ADDON_BUILDER_REGISTRY="127.0.0.1:$port"
}

# Unmounts whatever is mounted below DIR: dockerd leaves its default network namespace mounted under
# its exec root when it stops, and a mount there keeps the state folder from being deleted.
unmount_below() {
  local dir=$1 mount
  awk -v prefix="$dir/" 'index($2, prefix) == 1 { print $2 }' /proc/self/mounts | sort -r |
    while read -r mount; do
      as_root umount "$mount" 2>/dev/null || true
    done
}

start_build_engine() {
  local state_dir=$1 registry=$2
  local dir="$state_dir/docker"
  mkdir -p "$dir"
  ADDON_BUILDER_DOCKER_DIR=$dir
  unmount_below "$dir/exec"
  # Everything in one file, so that no /etc/docker/daemon.json of the machine is read.
  cat >"$dir/daemon.json" <<JSON
{
  "data-root": "$dir/data",
  "exec-root": "$dir/exec",
  "pidfile": "$dir/dockerd.pid",
  "hosts": ["unix://$dir/docker.sock"],
  "registry-mirrors": ["http://$registry"],
  "insecure-registries": ["$registry"],
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 20000, "Hard": 20000}},
  "features": {"buildkit": true},
  "builder": {"gc": {"enabled": true, "defaultKeepStorage": "8GB"}},
  "log-level": "warn"
}
JSON
  rm -f "$dir/docker.sock"
  # Started directly (not through as_root, a function, which would run in a subshell): the PID is then
  # dockerd's own (or sudo's, which passes signals on), so that stop_addon_image_builder stops it.
  if ((EUID == 0)); then
    dockerd --config-file "$dir/daemon.json" >"$dir/dockerd.log" 2>&1 &
  else
    sudo dockerd --config-file "$dir/daemon.json" >"$dir/dockerd.log" 2>&1 &
  fi
  ADDON_BUILDER_DOCKERD_PID=$!
  wait_for_url "$ADDON_BUILDER_DOCKERD_PID" "$dir/dockerd.log" --unix-socket "$dir/docker.sock" http://engine/_ping || return 1

  export TELEMETRY_TEST_DOCKER_HOST="${TELEMETRY_TEST_DOCKER_HOST:-unix://$dir/docker.sock}"
  # This engine is the tests' alone: whatever an interrupted run left in it goes.
  DOCKER_HOST="$TELEMETRY_TEST_DOCKER_HOST" /usr/bin/docker ps -aq | xargs -r env DOCKER_HOST="$TELEMETRY_TEST_DOCKER_HOST" /usr/bin/docker rm -f >/dev/null
}

# Makes the builder ready and exports what the image tests read.
start_addon_image_builder() {
  local state_dir=$1
  local started=$SECONDS
  install_missing_packages debootstrap
  install_docker_engine || return 1

  # shellcheck source=tests/images/stand-ins.sh
  source "$CONTAINERS_DIR/../images/stand-ins.sh"
  standin_all || return 1
  local images_ready=$SECONDS

  start_stand_in_registry "$state_dir" || return 1
  standin_publish "$ADDON_BUILDER_REGISTRY" || return 1
  start_build_engine "$state_dir" "$ADDON_BUILDER_REGISTRY" || return 1

  export TELEMETRY_TEST_DOCKER="${TELEMETRY_TEST_DOCKER:-/usr/bin/docker}"
  export TELEMETRY_TEST_SDK_IMAGE="${TELEMETRY_TEST_SDK_IMAGE:-$ADDON_BUILDER_REGISTRY/dotnet/sdk:10.0}"
  containers_log "image builder ready in $((SECONDS - started)) s (stand-ins $((images_ready - started)) s):" \
    "dockerd at $TELEMETRY_TEST_DOCKER_HOST, registry $ADDON_BUILDER_REGISTRY mirroring docker.io"
}

# Stops what start_addon_image_builder started; quiet, and safe to call twice.
stop_addon_image_builder() {
  local pid
  for pid in "$ADDON_BUILDER_DOCKERD_PID" "$ADDON_BUILDER_REGISTRY_PID"; do
    [[ -z $pid ]] && continue
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  ADDON_BUILDER_DOCKERD_PID=""
  ADDON_BUILDER_REGISTRY_PID=""
  if [[ -n $ADDON_BUILDER_DOCKER_DIR ]]; then
    unmount_below "$ADDON_BUILDER_DOCKER_DIR/exec"
    ADDON_BUILDER_DOCKER_DIR=""
  fi
}
