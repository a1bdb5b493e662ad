# shellcheck shell=bash
# The local Mosquitto image: the host's Debian mosquitto binary and the libraries it links,
# imported as a one-layer image, because no registry can be reached to pull a public one.
# Sourced by provision.sh, which has CONTAINERS_DIR, containers_log and podman configured.
# The image has no shell; MosquittoBroker overrides the entrypoint and config anyway.

# Prints the image name: tagged with the Debian package's upstream version (2.0.21 from bookworm-backports).
local_mosquitto_image() {
  local version
  version=$(dpkg-query -W -f='${Version}' mosquitto)
  version=${version#*:}
  echo "localhost/mosquitto:${version%%-*}-local"
}

# Prints a digest of everything the image is made from, so a changed recipe or an upgraded
# package rebuilds it while an unchanged one is reused.
mosquitto_recipe_digest() {
  {
    cat "${BASH_SOURCE[0]}" "$CONTAINERS_DIR"/mosquitto/*
    dpkg-query -W -f='${Version}' mosquitto
  } | sha256sum | cut -c1-16
}

# Copies BINARY and every library ldd lists for it into ROOTFS, at the same paths.
copy_with_libraries() {
  local binary=$1 rootfs=$2
  local library
  cp --parents "$binary" "$rootfs"
  # ldd prints "name => /path (addr)" or "/path (addr)"; linux-vdso has no path and is skipped.
  for library in $(ldd "$binary" | grep -o '/[^ ]*'); do
    cp -L --parents "$library" "$rootfs"
  done
}

# Builds the image unless one made from the same recipe exists. STATE_DIR holds the scratch rootfs.
build_mosquitto_image() {
  local state_dir=$1
  local image digest
  image=$(local_mosquitto_image)
  digest=$(mosquitto_recipe_digest)

  if podman image exists "$image" &&
    [[ "$(podman image inspect --format '{{index .Labels "telemetry.recipe"}}' "$image")" == "$digest" ]]; then
    containers_log "$image is up to date"
    return 0
  fi

  containers_log "building $image"
  local started=$SECONDS
  local rootfs="$state_dir/mosquitto-rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs/etc" "$rootfs/telemetry-test" "$rootfs/var/empty"
  mkdir -m 1777 "$rootfs/tmp"

  copy_with_libraries /usr/sbin/mosquitto "$rootfs"
  # Kept so that a password file can be made inside the container (podman exec) if a test wants one.
  copy_with_libraries /usr/bin/mosquitto_passwd "$rootfs"
  # Mosquitto drops root to the "mosquitto" user; uid 1883 as in the public image.
  cp "$CONTAINERS_DIR/mosquitto/passwd" "$CONTAINERS_DIR/mosquitto/group" "$rootfs/etc/"
  # The same path MosquittoBroker copies its configuration to, so the image also runs alone.
  cp "$CONTAINERS_DIR/mosquitto/mosquitto.conf" "$rootfs/telemetry-test/mosquitto.conf"

  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . |
    podman import \
      --change 'CMD ["/usr/sbin/mosquitto", "-c", "/telemetry-test/mosquitto.conf"]' \
      --change 'EXPOSE 1883' \
      --change "LABEL telemetry.recipe=$digest" \
      - "$image" >/dev/null
  rm -rf "$rootfs"
  containers_log "built $image in $((SECONDS - started)) s"
}
