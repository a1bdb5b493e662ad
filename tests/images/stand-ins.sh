#!/usr/bin/env bash
# Local stand-ins for the registry images the add-on's Dockerfile names.
#
# No container registry is reachable on the CI and developer machines, so these functions build
# equivalents from Debian's archive and this machine's .NET SDK:
#
#   localhost/base-debian:bookworm        debootstrap minbase bookworm, amd64, slimmed like the
#                                         official image (stands in for debian:bookworm-slim)
#   localhost/dotnet-sdk:10.0             that base + the .NET runtime dependencies + this machine's SDK
#                                         (stands in for mcr.microsoft.com/dotnet/sdk:10.0, which is
#                                         Ubuntu 24.04; no Ubuntu archive is reachable here, and the
#                                         Dockerfile's build stage installs its C toolchain under
#                                         package names both distributions have)
#   localhost/base-debian-arm64:bookworm  the arm64 base, bootstrapped with --foreign (not used by the
#                                         tests; needs qemu-user-static, see standin_base_arm64)
#
# standin_publish then serves the first two from a local registry under the names the image build
# asks for (see there), because the Supervisor's build command has --pull: BuildKit resolves every
# base image in a registry, even one that is already in the engine's store.
#
# Every stage of the Dockerfile runs on the build platform (amd64 here), and the arm64 image is
# cross-published and unpacked from arm64 packages there, so both architectures build from the amd64
# stand-ins alone.
#
# Every build function skips an image that already exists, so calling them again costs nothing.
#
# Use it either way:
#   source tests/images/stand-ins.sh && standin_all          # from another script, podman configured
#   tests/images/stand-ins.sh [all|base-amd64|base-arm64|sdk|publish HOST:PORT|podman-env]
#
# Podman must be configured for these machines (see shared/reference/containers-on-ci.md). A caller
# that has set CONTAINERS_CONF keeps its settings; otherwise standin_podman_env uses the test engine's
# configure_podman (tests/containers/provision.sh) on the same state folder as tests/run.sh, so the
# images land where the tests look for them.

STANDIN_SUITE=${STANDIN_SUITE:-bookworm}
STANDIN_BASE_AMD64=${STANDIN_BASE_AMD64:-localhost/base-debian:bookworm}
STANDIN_BASE_ARM64=${STANDIN_BASE_ARM64:-localhost/base-debian-arm64:bookworm}
STANDIN_SDK=${STANDIN_SDK:-localhost/dotnet-sdk:10.0}
STANDIN_REPO_ROOT=${STANDIN_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
STANDIN_WORK=${STANDIN_WORK:-$STANDIN_REPO_ROOT/.artifacts/stand-ins}

standin_log() { printf 'stand-ins: %s\n' "$*" >&2; }

# The Debian mirror this machine's apt uses (deb822 or one-line form); the public one otherwise.
standin_mirror() {
    local uri
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    [[ -n $uri ]] || uri=$(awk '/^deb / && $0 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
    printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# Points podman at the test engine's state folder (default .artifacts/containers, as tests/run.sh),
# unless the caller already set CONTAINERS_CONF. Uses tests/containers/provision.sh when it is there;
# otherwise writes the few settings these machines need.
standin_podman_env() {
    [[ -n ${CONTAINERS_CONF:-} ]] && return 0
    local dir=${1:-$STANDIN_REPO_ROOT/.artifacts/containers}
    local provision=$STANDIN_REPO_ROOT/tests/containers/provision.sh
    if ! declare -F configure_podman >/dev/null && [[ -f $provision ]]; then
        # shellcheck source=/dev/null
        source "$provision" || return 1
    fi
    if declare -F configure_podman >/dev/null; then
        configure_podman "$dir"
        return
    fi
    mkdir -p "$dir/storage" "$dir/run" || return 1
    cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
    cat >"$dir/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$dir/storage"
runroot = "$dir/run"
CONF
    export CONTAINERS_CONF=$dir/containers.conf CONTAINERS_STORAGE_CONF=$dir/storage.conf
}

standin_require() {
    local tool missing=()
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    ((${#missing[@]} == 0)) && return 0
    standin_log "missing ${missing[*]}: apt-get install -y podman runc debootstrap (and qemu-user-static binfmt-support for arm64)"
    return 1
}

# Makes a minbase bootstrap look like debian:*-slim: no package caches, no documentation, man pages
# or translations (about 50 MB, so that image sizes measured here mean something), and the same dpkg
# excludes so packages installed later stay slim too.
standin_trim_rootfs() {
    local rootfs=$1
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
    rm -rf "$rootfs"/usr/share/{man,locale,info,groff,linda}/* "$rootfs"/usr/share/lintian/overrides/*
    mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d" "$rootfs/etc/apt/apt.conf.d"
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<DPKG
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
DPKG
    printf 'Acquire::Languages "none";\n' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
    # Same apt sources as the official image, so `apt-get update` in a Dockerfile sees security updates.
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: $STANDIN_SUITE $STANDIN_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $STANDIN_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
}

standin_import() {
    local rootfs=$1 arch=$2 image=$3
    tar --numeric-owner -C "$rootfs" -c . |
        podman import -q --arch "$arch" --os linux --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
}

standin_base_amd64() {
    local image=$STANDIN_BASE_AMD64 rootfs=$STANDIN_WORK/rootfs-amd64
    if podman image exists "$image"; then standin_log "$image exists, skipped"; return 0; fi
    standin_require podman debootstrap || return 1
    standin_log "bootstrapping $image"
    rm -rf "$rootfs" && mkdir -p "$STANDIN_WORK" || return 1
    debootstrap --variant=minbase --arch=amd64 "$STANDIN_SUITE" "$rootfs" "$(standin_mirror)" >"$STANDIN_WORK/debootstrap-amd64.log" 2>&1 ||
        { standin_log "debootstrap failed, see $STANDIN_WORK/debootstrap-amd64.log"; return 1; }
    standin_trim_rootfs "$rootfs"
    standin_import "$rootfs" amd64 "$image" && rm -rf "$rootfs"
}

# The first stage (--foreign) only unpacks the packages; the second stage runs their arm64 maintainer
# scripts under qemu-user-static (binfmt_misc), about a minute. The result is a configured system, so
# a Dockerfile stage that runs apt-get on it works as it would on a Raspberry Pi.
standin_base_arm64() {
    local image=$STANDIN_BASE_ARM64 rootfs=$STANDIN_WORK/rootfs-arm64
    if podman image exists "$image"; then standin_log "$image exists, skipped"; return 0; fi
    standin_require podman debootstrap || return 1
    if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
        standin_log "no qemu-aarch64 in binfmt_misc: apt-get install -y qemu-user-static binfmt-support;" \
            "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; update-binfmts --enable qemu-aarch64"
        return 1
    fi
    standin_log "bootstrapping $image (second stage runs under qemu, about a minute)"
    rm -rf "$rootfs" && mkdir -p "$STANDIN_WORK" || return 1
    debootstrap --foreign --variant=minbase --arch=arm64 "$STANDIN_SUITE" "$rootfs" "$(standin_mirror)" >"$STANDIN_WORK/debootstrap-arm64.log" 2>&1 ||
        { standin_log "debootstrap (first stage) failed, see $STANDIN_WORK/debootstrap-arm64.log"; return 1; }
    chroot "$rootfs" /debootstrap/debootstrap --second-stage >>"$STANDIN_WORK/debootstrap-arm64.log" 2>&1 ||
        { standin_log "debootstrap (second stage) failed, see $STANDIN_WORK/debootstrap-arm64.log"; return 1; }
    # The second stage can leave /proc mounted inside the rootfs; it must be an empty directory.
    umount "$rootfs/proc" 2>/dev/null || true
    rm -rf "$rootfs/proc" && mkdir "$rootfs/proc"
    standin_trim_rootfs "$rootfs"
    standin_import "$rootfs" arm64 "$image" && rm -rf "$rootfs"
}

# The SDK stand-in: the host's own SDK on top of the amd64 base, with the machine's extra CA
# certificates so that NuGet restore through the egress proxy is trusted inside the build.
standin_sdk() {
    local image=$STANDIN_SDK context=$STANDIN_WORK/sdk-context
    if podman image exists "$image"; then standin_log "$image exists, skipped"; return 0; fi
    standin_require podman dotnet || return 1
    standin_base_amd64 || return 1
    local dotnet_root
    dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
    standin_log "building $image from $dotnet_root"
    rm -rf "$context" && mkdir -p "$context/ca" || return 1
    # Hard links: the SDK is hundreds of MB and lives on the same file system.
    cp -al "$dotnet_root" "$context/dotnet" 2>/dev/null || cp -a "$dotnet_root" "$context/dotnet" || return 1
    cp /usr/local/share/ca-certificates/*.crt "$context/ca/" 2>/dev/null || true
    cat >"$context/Containerfile" <<CONTAINERFILE
FROM $STANDIN_BASE_AMD64
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      ca-certificates libc6 libgcc-s1 libgssapi-krb5-2 libicu72 libssl3 libstdc++6 zlib1g tzdata \\
 && rm -rf /var/lib/apt/lists/*
COPY ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
COPY dotnet/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_NOLOGO=true DOTNET_CLI_TELEMETRY_OPTOUT=true DOTNET_GENERATE_ASPNET_CERTIFICATE=false NUGET_XMLDOC_MODE=skip
CONTAINERFILE
    podman build --pull=never -q -t "$image" "$context" >/dev/null && rm -rf "$context"
}

# What the Dockerfile needs to build both architectures.
standin_all() {
    standin_base_amd64 && standin_sdk
}

# Serves the stand-ins from the registry at REGISTRY (host:port, plain HTTP), as:
#
#   REGISTRY/library/debian:bookworm-slim  an index whose only entry is the amd64 base. Docker, with
#       this registry as its mirror for docker.io, resolves build.yaml's BUILD_FROM
#       (docker.io/library/debian:bookworm-slim) here, unchanged. The index lists no arm64 variant on
#       purpose: a build step that needed the target's Debian instead of the build machine's would
#       fail to resolve here instead of running under emulation.
#   REGISTRY/dotnet/sdk:10.0  the SDK. Docker's mirror setting covers docker.io only, so the build
#       names this one with --build-arg SDK_IMAGE, the one argument the Supervisor does not pass.
#
# The SDK (about 860 MB) is pushed only when the registry does not hold this very image yet.
standin_publish() {
    local registry=$1 index=localhost/standin-debian-index
    standin_require podman curl || return 1
    local sdk_id
    sdk_id=$(podman image inspect --format '{{.Id}}' "$STANDIN_SDK") || return 1
    # A manifest names its config blob by the image id, so the same id means the same image.
    if curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json' \
        "http://$registry/v2/dotnet/sdk/manifests/10.0" 2>/dev/null | grep -q "sha256:$sdk_id"; then
        standin_log "$registry/dotnet/sdk:10.0 is up to date"
    else
        standin_log "pushing $STANDIN_SDK to $registry/dotnet/sdk:10.0"
        podman push -q --tls-verify=false "$STANDIN_SDK" "docker://$registry/dotnet/sdk:10.0" || return 1
    fi

    podman manifest rm "$index" >/dev/null 2>&1
    podman manifest create "$index" >/dev/null &&
        podman manifest add "$index" "containers-storage:$STANDIN_BASE_AMD64" >/dev/null &&
        podman manifest push -q --all --tls-verify=false "$index" "docker://$registry/library/debian:$STANDIN_SUITE-slim" ||
        return 1
    podman manifest rm "$index" >/dev/null 2>&1
    standin_log "$registry serves library/debian:$STANDIN_SUITE-slim and dotnet/sdk:10.0"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    standin_podman_env
    case ${1:-all} in
        all) standin_all ;;
        base-amd64) standin_base_amd64 ;;
        base-arm64) standin_base_arm64 ;;
        sdk) standin_sdk ;;
        publish) standin_publish "${2:?usage: $0 publish HOST:PORT}" ;;
        podman-env) printf 'export CONTAINERS_CONF=%q CONTAINERS_STORAGE_CONF=%q\n' "$CONTAINERS_CONF" "$CONTAINERS_STORAGE_CONF" ;;
        *) echo "usage: $0 [all|base-amd64|base-arm64|sdk|publish HOST:PORT|podman-env]" >&2; exit 2 ;;
    esac
fi
