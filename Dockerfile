# Thane Telemetry add-on image.
#
# Built two ways, with the same command and arguments:
# - by the Supervisor, on the user's machine, when config.yaml has no `image` (Supervisor 2025.07 or
#   later, which builds with BuildKit: supervisor/apps/build.py, get_docker_args, @090ef31):
#     docker buildx build . --file Dockerfile --platform linux/<amd64|arm64> --pull \
#       --build-arg BUILD_VERSION=<config.yaml version> --build-arg BUILD_ARCH=<amd64|aarch64> \
#       --build-arg BUILD_FROM=<build.yaml build_from>
#   plus --label for the io.hass labels, which equal the LABELs at the end of this file. BuildKit fills
#   in TARGETARCH and BUILDPLATFORM; nothing else is passed, so every other ARG keeps its default.
# - by .github/workflows/release.yaml, which publishes the image for the `image` key (same command).
# tests/Telemetry.IntegrationTests/Packaging builds it that way for both architectures and runs it.
#
# Every RUN executes on the build machine's own platform (FROM --platform=$BUILDPLATFORM): the SDK
# compiles the program for the target (a cross build where the two differ) and the rootfs stage
# unpacks the target's Debian packages, so an arm64 image builds on an amd64 machine without
# emulation, and natively on a Raspberry Pi. That is why BUILD_FROM must be a multi-arch image
# (BuildKit takes its variant for the build platform): a per-architecture name such as
# arm64v8/debian fails a cross build with "no match for platform in manifest". build.yaml passes the
# same image as the default below.
#
# SDK_IMAGE is not part of the Supervisor's contract; it exists so that machines that reach no
# registry can build with local stand-ins (tests/images/stand-ins.sh, served by a local registry).
# Podman 4.3 (Debian 12) fills in no BUILDPLATFORM with --platform: build there without --platform
# and with --build-arg TARGETARCH=<amd64|arm64> instead.

# Runtime: a root file system with only what the program needs, taken from Debian packages of
# BUILD_FROM's release, plus the program, compiled ahead of time (NativeAOT) into one native
# executable. Measured (uncompressed image size; this file's amd64 image is 11 MB to download,
# gzip-compressed):
#   this file                                                                   26 MB amd64, 25 MB arm64
#   debian:bookworm-slim + apt-get install libssl3 ca-certificates + program   105 MB amd64
# The Home Assistant base images (s6-overlay, bashio, tempio) are larger still, and their process
# supervisor does nothing for one program that logs to stdout and handles SIGTERM itself. There is no
# shell in the image: nothing in the Supervisor's contract needs one, and the AppArmor profile would
# not let it run anyway. Process model: config.yaml has `init: true`, so Docker's own init is PID 1,
# forwards SIGTERM to the program and reaps; the program also stops cleanly as PID 1 (plain
# `docker run`), because the .NET host handles SIGTERM and starts no child processes.

ARG BUILD_FROM=docker.io/library/debian:bookworm-slim
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0

# --- build: the SDK on the build machine's platform compiles the program for the target ---
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build
ARG TARGETARCH
WORKDIR /src

# NativeAOT compiles to an object file and links it with the platform's C toolchain: clang (which
# brings binutils, libc6-dev and gcc's crt files and libgcc for the build machine), and llvm for
# llvm-objcopy, which strips the executable. For another target architecture (arm64 on an amd64
# machine, the image tests' cross build) clang is called with --target=<triple> and needs that
# target's gcc (crt files, libgcc, binutils) and C library. This step depends on TARGETARCH alone,
# so it stays cached across versions and source changes.
#
# The program links against the SDK image's C library (Ubuntu 24.04's glibc 2.39 in mcr's 10.0
# tag, Debian 12's 2.36 in the test stand-in) and runs on BUILD_FROM's (Debian 12, glibc 2.36).
# That works because no symbol the runtime's prebuilt objects or SQLite import has a default
# version newer than GLIBC_2.34, even in glibc 2.41 (checked for both architectures with objdump
# -T against Debian 13's libc6); the image tests check every version the program and SQLite need
# against the libc in the image.
RUN set -eu; \
    case "${TARGETARCH:-}" in \
      amd64) cross="gcc-x86-64-linux-gnu libc6-dev-amd64-cross" ;; \
      arm64) cross="gcc-aarch64-linux-gnu libc6-dev-arm64-cross" ;; \
      *) echo "TARGETARCH '${TARGETARCH:-}' is not supported (amd64, arm64)" >&2; exit 1 ;; \
    esac; \
    if [ "$TARGETARCH" = "$(dpkg --print-architecture)" ]; then cross=""; fi; \
    apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang llvm $cross \
 && rm -rf /var/lib/apt/lists/*

ARG BUILD_ARCH
ARG BUILD_VERSION

# Check the arguments before the program is built: a wrong arch or version label is worse than a
# failed build.
RUN set -eu; \
    case "$TARGETARCH" in \
      amd64) rid=linux-x64; arch=amd64 ;; \
      arm64) rid=linux-arm64; arch=aarch64 ;; \
    esac; \
    if [ "${BUILD_ARCH:-}" != "$arch" ]; then \
      echo "BUILD_ARCH '${BUILD_ARCH:-}' does not match TARGETARCH '$TARGETARCH': pass --build-arg BUILD_ARCH=$arch" >&2; exit 1; \
    fi; \
    if [ -z "${BUILD_VERSION:-}" ]; then echo "pass --build-arg BUILD_VERSION=<version in config.yaml>" >&2; exit 1; fi; \
    echo "$rid" > /rid

# Restore from the project files alone, so this layer survives source-only changes. With the target
# RID, restore fetches what PublishAot (in the add-on's project) needs: the ILCompiler for the build
# machine and the target's NativeAOT runtime pack. The package folder is a build cache, not a layer:
# repeated builds skip most of the download, and publish reads the same cache.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY eng/ eng/
COPY src/Telemetry/Telemetry.csproj src/Telemetry/
COPY src/Telemetry.AgentSimulator/Telemetry.AgentSimulator.csproj src/Telemetry.AgentSimulator/
COPY src/Telemetry.Addon/Telemetry.Addon.csproj src/Telemetry.Addon/
RUN --mount=type=cache,id=thane-telemetry-nuget,target=/root/.nuget/packages \
    dotnet restore src/Telemetry.Addon -r "$(cat /rid)"

COPY config.yaml ./
COPY src/ src/

# The image label and the program must report the same version.
RUN version="$(dotnet msbuild src/Telemetry.Addon -getProperty:Version)"; \
    if [ "$version" != "$BUILD_VERSION" ]; then \
      echo "BUILD_VERSION '$BUILD_VERSION' differs from the program's Version '$version' (Directory.Build.props)" >&2; exit 1; \
    fi

# One native executable (PublishAot in the project: fully trimmed, no .NET runtime or JIT in the
# image), plus SQLite's native library beside it. Every assembly compiles without a trim or AOT
# warning, and TreatWarningsAsErrors keeps it so. No symbols or XML docs in the image, and no code
# style checks (the development build and the tests enforce them; IDE0005 needs the XML docs). This is most
# of a build: 121 s of 249 s from scratch for amd64 on a 2-core machine, with the compiler at 0.7 GB
# of memory at its peak.
RUN --mount=type=cache,id=thane-telemetry-nuget,target=/root/.nuget/packages \
    dotnet publish src/Telemetry.Addon --no-restore -c Release -r "$(cat /rid)" \
      -p:DebugType=none -p:GenerateDocumentationFile=false -p:EnforceCodeStyleInBuild=false \
      -o /app

# --- rootfs: the target's runtime files, unpacked from Debian packages on the build platform ---
FROM --platform=$BUILDPLATFORM ${BUILD_FROM} AS rootfs
ARG TARGETARCH
WORKDIR /debs

# What the program needs from the OS. The executable and libe_sqlite3.so link only against libc6
# (NEEDED: libc.so.6, libm.so.6 and the dynamic loader, per readelf -d, both architectures); NativeAOT
# links the rest of the runtime in, zlib included, so libstdc++6 and zlib1g of Microsoft's
# runtime-deps list are gone (ICU too: the program runs with InvariantGlobalization). The program
# loads libssl3 itself (dlopen) for TLS to the broker, with the CA bundle; tzdata makes log times
# follow the TZ the Supervisor sets. libgcc-s1 (0.1 MB) stays: glibc loads it on demand to unwind a
# thread that is cancelled or exits early, and aborts the process when it is missing. Docker's
# architecture names are Debian's for both targets. ca-certificates is installed natively only to
# generate the bundle, which is the same file on every architecture.
RUN set -eu; chown _apt /debs; dpkg --add-architecture "$TARGETARCH" \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && apt-get download "libc6:$TARGETARCH" "libgcc-s1:$TARGETARCH" "libssl3:$TARGETARCH" tzdata \
 && rm -rf /var/lib/apt/lists/*

# The image's own files (addon/): the only account, and name lookups from files and DNS, for a system
# that has no shell and no package manager to create them.
COPY addon/ /overlay/

# Unpack each package, and record it the way distroless images do (var/lib/dpkg/status.d) so that
# image scanners still see which Debian packages and versions the image carries. The overlay goes on
# last, so it wins over any package file of the same name; its modes are set here because a checkout
# keeps only the executable bit, and the rest follows the umask of whoever cloned the repository.
RUN set -eu; mkdir -p /rootfs/var/lib/dpkg/status.d \
 && for deb in *.deb; do \
      dpkg-deb -x "$deb" /rootfs; \
      pkg="$(dpkg-deb -f "$deb" Package)"; \
      { echo "Package: $pkg"; echo "Status: install ok installed"; \
        dpkg-deb -f "$deb" Source Version Architecture Maintainer Installed-Size Depends Section Priority Homepage Description; \
      } > "/rootfs/var/lib/dpkg/status.d/$pkg"; \
    done \
 && rm -rf /rootfs/usr/share/doc /rootfs/usr/share/man /rootfs/usr/share/lintian /rootfs/usr/share/locale \
      /rootfs/usr/share/gdb /rootfs/usr/share/gcc /rootfs/usr/share/bug /rootfs/usr/share/info \
 && rm -rf /rootfs/usr/lib/*/gconv /rootfs/lib/*/gconv \
 && mkdir -p /rootfs/etc/ssl/certs /rootfs/tmp /rootfs/data \
 && chmod 1777 /rootfs/tmp \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && cp /usr/lib/os-release /rootfs/etc/os-release \
 && chmod -R u=rwX,go=rX /overlay \
 && cp -R /overlay/. /rootfs/

# --- runtime ---
FROM scratch
ARG BUILD_ARCH
ARG BUILD_VERSION

COPY --from=rootfs /rootfs/ /
# The executable and SQLite's library, named: nothing else of the publish output belongs in the image.
COPY --from=build /app/thane-telemetry /app/libe_sqlite3.so /opt/thane-telemetry/

# SSL_CERT_FILE: OpenSSL's compiled-in default (/usr/lib/ssl/cert.pem) comes from the openssl package,
# which the image does not carry.
# The generic host watches its content root (the working directory) for appsettings.json changes, and
# on Linux that means one inotify watch per directory below it: from / that was about 1,900 watches,
# /share included (measured), and a large /share can exhaust the host's inotify limit. No
# appsettings.json exists here, so reloading is switched off and the working directory holds only
# the program.
# The AOT program has no diagnostics server (EventPipe is not compiled in), so it opens no IPC socket
# in /tmp (checked while it runs) and needs no DOTNET_EnableDiagnostics=0.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    DOTNET_hostBuilder__reloadConfigOnChange=false
WORKDIR /opt/thane-telemetry

ENTRYPOINT ["/opt/thane-telemetry/thane-telemetry"]

LABEL \
    io.hass.name="Thane Telemetry" \
    io.hass.description="Thane AI agent metrics (tokens, cost, sessions, requests, loops) as Home Assistant sensors over MQTT discovery" \
    io.hass.url="https://github.com/thane-telemetry/telemetry" \
    io.hass.type="app" \
    io.hass.arch="${BUILD_ARCH}" \
    io.hass.version="${BUILD_VERSION}" \
    org.opencontainers.image.title="Thane Telemetry" \
    org.opencontainers.image.source="https://github.com/thane-telemetry/telemetry" \
    org.opencontainers.image.version="${BUILD_VERSION}"
