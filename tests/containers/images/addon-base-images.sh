# shellcheck shell=bash
# Local stand-ins for the registry images the add-on's Dockerfile builds from, for the image tests
# (tests/Telemetry.IntegrationTests/Packaging). Sourced by provision.sh, which has CONTAINERS_DIR,
# containers_log, as_root and install_missing_packages; podman is configured by the time it runs.
# The images themselves are made by tests/images/stand-ins.sh, which skips those that exist.

# Registers qemu-aarch64 with binfmt_misc unless it is there: the arm64 base's debootstrap second
# stage and the arm64 build's RUN steps execute arm64 programs.
enable_arm64_emulation() {
  [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] && return 0
  install_missing_packages qemu-user-static binfmt-support
  if [[ ! -e /proc/sys/fs/binfmt_misc/register ]]; then
    as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || as_root update-binfmts --enable qemu-aarch64
  [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]
}

# Builds the amd64 and arm64 Debian bases and the SDK stand-in, then exports the variables the image
# tests read (a value the caller set wins). catatonit is the init `podman run --init` starts, as
# Docker's init runs for config.yaml's `init: true`.
build_addon_base_images() {
  local started=$SECONDS
  install_missing_packages debootstrap catatonit
  enable_arm64_emulation || {
    containers_log "qemu-aarch64 could not be registered with binfmt_misc; the arm64 base needs it"
    return 1
  }

  # shellcheck source=tests/images/stand-ins.sh
  source "$CONTAINERS_DIR/../images/stand-ins.sh"
  standin_base_amd64 && standin_sdk && standin_base_arm64 || return 1

  export TELEMETRY_TEST_BASE_IMAGE="${TELEMETRY_TEST_BASE_IMAGE:-$STANDIN_BASE_AMD64}"
  export TELEMETRY_TEST_BASE_IMAGE_ARM64="${TELEMETRY_TEST_BASE_IMAGE_ARM64:-$STANDIN_BASE_ARM64}"
  export TELEMETRY_TEST_SDK_IMAGE="${TELEMETRY_TEST_SDK_IMAGE:-$STANDIN_SDK}"
  containers_log "add-on base images ready in $((SECONDS - started)) s:" \
    "$TELEMETRY_TEST_BASE_IMAGE, $TELEMETRY_TEST_BASE_IMAGE_ARM64, $TELEMETRY_TEST_SDK_IMAGE"
}
