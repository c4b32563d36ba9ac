#!/usr/bin/env bash
# greenlight's local stack: real parts, no mocks, no image ever pulled (DESIGN.md §9).
#
#   bash scripts/stack.sh up       install/build what is missing, start what is stopped (idempotent)
#   bash scripts/stack.sh status   what runs
#   bash scripts/stack.sh down     stop the daemons this script started (the cache stays)
#
# Everything compiled or stored lives in ${GREENLIGHT_CACHE:-/var/cache/greenlight}, outside the
# checkout, so a fresh clone on the same machine reuses it (a warm `up` takes seconds):
#   tools/<name>-<version>/<binary>   pinned Go tools (crane, olareg, cosign, buildx, buildkitd,
#                                     actionlint, act; act is built patched, see patched_go_tool)
#   src/<name>-<version>/go.mod       generated consumer modules those tools are built from
#   run/*.pid, run/buildkitd.sock     daemons started here
#   log/*.log                         one log per component (tail printed on failure)
#   registry/ olareg/ buildkit/       daemon state; registry/password is the registry password
#   router/context/                   build context of greenlight-router:local
#   router-bash/context/              build context of greenlight-router-bash:local (the official
#                                     image's path: bash, no nc, USER haproxy)
#   sshd/                             the stack's own sshd: config, host key, authorized_keys, the
#                                     client key pairs (id_ed25519, which may forward the Docker
#                                     socket; id_ed25519_restricted, which may not) and known_hosts
#   stack.env                         KEY=VALUE for tests and the demo (mode 600, has the password)
#
# Daemons: dockerd (default socket, data root /var/lib/docker), distribution registry on
# 127.0.0.1:5000 (htpasswd/bcrypt, user greenlight), olareg on 127.0.0.1:5001 (OCI 1.1 referrers
# API, no auth), buildkitd on unix://$CACHE/run/buildkitd.sock behind the buildx builder
# `greenlight` (remote driver; never made the default builder). sshd on 127.0.0.1:2222 (its own
# config and keys in $CACHE/sshd, root by key only), so tests reach dockerd by DOCKER_HOST=ssh://.
set -Eeuo pipefail

CACHE="${GREENLIGHT_CACHE:-/var/cache/greenlight}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$CACHE/run"
LOGS="$CACHE/log"
TOOLS="$CACHE/tools"

REGISTRY_ADDR=127.0.0.1:5000
REFERRERS_ADDR=127.0.0.1:5001
REGISTRY_USER=greenlight
ROUTER_IMAGE=greenlight-router:local
ROUTER_LABEL=dev.greenlight.router.inputs
ROUTER_BASH_IMAGE=greenlight-router-bash:local
SSH_ADDR=127.0.0.1:2222
BUILDER=greenlight
BUILDKIT_SOCK="$RUN/buildkitd.sock"
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

CRANE_VERSION=v0.22.1
OLAREG_VERSION=v0.1.2
COSIGN_VERSION=v3.1.3
BUILDX_VERSION=v0.38.2
BUILDKIT_VERSION=v0.34.2
ACT_VERSION=v0.2.89
ACTIONLINT_VERSION=v1.7.12

# openssh-server: the stack's own sshd (sshd_up). libnss-wrapper: OpenSSH reads ~/.ssh from the
# passwd entry, never $HOME; tests give ssh a temporary home through it (GREENLIGHT_NSS_WRAPPER).
# python3-prometheus-client: its strict OpenMetrics parser checks `metrics --format openmetrics`. chromium:
# the HTML reports are opened headless. The shellcheck package: actionlint runs it on every `run:` script of the workflows when on PATH.
APT_PACKAGES=(python3-prometheus-client chromium docker.io docker-registry haproxy busybox-static apache2-utils wrk iproute2 curl runc
  openssh-server openssh-client libnss-wrapper shellcheck)

export PATH="/usr/local/go/bin:$PATH"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export GOTOOLCHAIN=local

STEP=stack
PID_PREFIX=""
# shellcheck source=scripts/lib.sh
source "$REPO/scripts/lib.sh"
STEP_LOG=
# fd 3 = the caller's stderr, for failure reports raised while stderr is redirected to a log.
# Closed for the daemons (start_daemon) so none of them holds the caller's pipe open.
exec 3>&2

say() { printf '%-12s %s\n' "$1:" "$2"; }

on_error() {
  local rc=$?
  trap - ERR
  {
    echo "stack.sh: $STEP failed (exit $rc)"
    if [[ -n "$STEP_LOG" && -s "$STEP_LOG" ]]; then
      echo "--- last lines of $STEP_LOG ---"
      tail -n 40 "$STEP_LOG"
    fi
  } >&3
  exit "$rc"
}
trap on_error ERR

die() {
  trap - ERR
  {
    echo "stack.sh: $STEP: $*"
    if [[ -n "$STEP_LOG" && -s "$STEP_LOG" ]]; then
      echo "--- last lines of $STEP_LOG ---"
      tail -n 40 "$STEP_LOG"
    fi
  } >&3
  exit 1
}

step() { STEP="$1"; STEP_LOG="$LOGS/$1.log"; }

http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$@" || true; }
registry_ready() { [[ "$(http_code "http://$REGISTRY_ADDR/v2/")" == 401 ]]; }
olareg_ready() { [[ "$(http_code "http://$REFERRERS_ADDR/v2/")" == 200 ]]; }

# --------------------------------------------------------------------------------------------
# Debian packages

apt_packages() {
  step apt
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" == "ii " ]] || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    say apt "ok (${#APT_PACKAGES[@]} packages)"
    return
  fi
  {
    echo "=== $(date -Is) installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  } >>"$STEP_LOG" 2>&1
  say apt "installed ${missing[*]}"
}

# --------------------------------------------------------------------------------------------
# Go tools. Each is built from a generated consumer module in src/<name>-<version>/ that requires
# the tool's module at the pinned version and repeats that module's replace/exclude directives
# (`go install m/cmd/x@v` refuses modules that have them, e.g. buildkit's excludes; and here it
# also fails for olareg because the proxy answers 403 to the @v/list query go install makes for
# the deprecation check). Built with CGO_ENABLED=0, -trimpath.

# go_tool NAME MODULE VERSION BINARY "PKG..." [LDFLAGS]
go_tool() {
  local name="$1" module="$2" version="$3" binary="$4" pkgs="$5" ldflags="${6:-}"
  local dest="$TOOLS/$name-$version"
  local pkg missing=0
  for pkg in $pkgs; do
    [[ -x "$dest/$(basename "$pkg")" ]] || missing=1
  done
  [[ -x "$dest/$binary" ]] || missing=1
  if ((missing == 0)); then
    say "$name" "$version ($dest)"
    return
  fi
  command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go; Debian's golang is too old for $module)"
  step "go-$name"
  local src="$CACHE/src/$name-$version" start=$SECONDS upstream
  mkdir -p "$src" "$dest"
  {
    echo "=== $(date -Is) building $module@$version"
    # from / so that no go.mod of the caller's working directory is involved
    upstream="$(cd / && go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
    if [[ ! -f "$upstream" ]]; then
      echo "no go.mod downloaded for $module@$version"
      false
    fi
    local directives
    directives="$(awk '
      /^(replace|exclude)[ \t]*\(/ { blk = 1; print; next }
      blk && /^\)/ { print; blk = 0; next }
      blk { print; next }
      /^(replace|exclude)[ \t]/ { print }
    ' "$upstream")"
    if grep -Eq '=>[[:space:]]*\.{0,2}/' <<<"$directives"; then
      echo "$module@$version replaces a module with a local path; cannot repeat that here:"
      echo "$directives"
      false
    fi
    {
      echo "// Generated by greenlight scripts/stack.sh: builds $module@$version."
      echo "module greenlight.local/tools/$name"
      echo
      echo "go $(go env GOVERSION | sed 's/^go//')"
      echo
      echo "require $module $version"
      for pkg in $pkgs; do echo "tool $pkg"; done
      if [[ -n "$directives" ]]; then
        echo
        echo "// Repeated from $module@$version's go.mod:"
        echo "$directives"
      fi
    } >"$src/go.mod"
    rm -f "$src/go.sum"
    (cd "$src" && go mod tidy)
    for pkg in $pkgs; do
      (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $ldflags" -o "$dest/.$(basename "$pkg").tmp" "$pkg")
      mv -f "$dest/.$(basename "$pkg").tmp" "$dest/$(basename "$pkg")"
    done
    echo "=== built in $((SECONDS - start))s"
  } >>"$STEP_LOG" 2>&1
  [[ -x "$dest/$binary" ]] || die "$dest/$binary missing after build"
  say "$name" "$version built in $((SECONDS - start))s ($dest)"
}

go_tools() {
  go_tool crane github.com/google/go-containerregistry "$CRANE_VERSION" crane \
    github.com/google/go-containerregistry/cmd/crane
  go_tool olareg github.com/olareg/olareg "$OLAREG_VERSION" olareg github.com/olareg/olareg/cmd/olareg
  go_tool cosign github.com/sigstore/cosign/v3 "$COSIGN_VERSION" cosign \
    github.com/sigstore/cosign/v3/cmd/cosign
  go_tool actionlint github.com/rhysd/actionlint "$ACTIONLINT_VERSION" actionlint \
    github.com/rhysd/actionlint/cmd/actionlint \
    "-X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION"
  patched_go_tool act github.com/nektos/act "$ACT_VERSION" act "$REPO/scripts/patches/act-$ACT_VERSION-artifacts-v6v7.patch" \
    "-X main.version=$ACT_VERSION"
}

# patched_go_tool NAME MODULE VERSION BINARY PATCH [LDFLAGS]: a tool whose main package is its
# module root, built from a copy of that module's source with PATCH applied (patch -p0 from the
# module root). The patch's sha256 is part of the cache key (tools/NAME-VERSION-<sha12>/), so a
# changed patch rebuilds. act needs one: its artifact server rejects upload-artifact v6/v7
# (unpadded base64 signatures, unknown protobuf fields), "Error unauthorized" on upload.
patched_go_tool() {
  local name="$1" module="$2" version="$3" binary="$4" patch="$5" ldflags="${6:-}"
  local sum dest src start=$SECONDS dir
  [[ -f "$patch" ]] || die "patch $patch missing"
  sum="$(sha256sum "$patch" | cut -c1-12)"
  dest="$TOOLS/$name-$version-$sum"
  if [[ -x "$dest/$binary" ]]; then
    say "$name" "$version+patch $sum ($dest)"
    return
  fi
  command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
  step "go-$name"
  src="$CACHE/src/$name-$version-$sum"
  {
    echo "=== $(date -Is) building $module@$version with $(basename "$patch")"
    dir="$(cd / && go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
    if [[ ! -f "$dir/go.mod" ]]; then
      echo "no module source downloaded for $module@$version"
      false
    fi
    rm -rf "$src"
    mkdir -p "$(dirname "$src")" "$dest"
    cp -r "$dir" "$src"
    chmod -R u+w "$src"
    (cd "$src" && patch -p0 --forward --batch <"$patch")
    (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $ldflags" -o "$dest/.$binary.tmp" .)
    mv -f "$dest/.$binary.tmp" "$dest/$binary"
    echo "=== built in $((SECONDS - start))s"
  } >>"$STEP_LOG" 2>&1
  [[ -x "$dest/$binary" ]] || die "$dest/$binary missing after build"
  say "$name" "$version+patch $sum built in $((SECONDS - start))s ($dest)"
}

# buildx + buildkitd are optional: when they cannot be built or started, everything else still
# works and stack.env has GREENLIGHT_BUILDX_BUILDER= (empty). The reason is printed.
# They are built in a child process (`stack.sh _buildx-tools`) so that errexit stays in force there.
BUILDX_OK=1
buildx_tools() {
  if ! bash "${BASH_SOURCE[0]}" _buildx-tools; then
    echo "stack.sh: buildx/buildkitd unavailable, continuing without them (GREENLIGHT_BUILDX_BUILDER=)" >&2
    BUILDX_OK=0
  fi
}

buildx_tools_inner() {
  go_tool buildx github.com/docker/buildx "$BUILDX_VERSION" buildx \
    github.com/docker/buildx/cmd/buildx \
    "-X github.com/docker/buildx/version.Version=$BUILDX_VERSION -X github.com/docker/buildx/version.Package=github.com/docker/buildx"
  go_tool buildkit github.com/moby/buildkit "$BUILDKIT_VERSION" buildkitd \
    github.com/moby/buildkit/cmd/buildkitd \
    "-X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION -X github.com/moby/buildkit/version.Package=github.com/moby/buildkit"
  step buildx
  mkdir -p "$PLUGIN_DIR"
  if ! cmp -s "$TOOLS/buildx-$BUILDX_VERSION/buildx" "$PLUGIN_DIR/docker-buildx"; then
    install -m 0755 "$TOOLS/buildx-$BUILDX_VERSION/buildx" "$PLUGIN_DIR/.docker-buildx.tmp"
    mv -f "$PLUGIN_DIR/.docker-buildx.tmp" "$PLUGIN_DIR/docker-buildx"
  fi
}

# --------------------------------------------------------------------------------------------
# Daemons

dockerd_up() {
  step dockerd
  if running dockerd dockerd && docker info >/dev/null 2>&1; then
    say dockerd "running (pid $(pid_of dockerd))"
    return
  fi
  if docker info >/dev/null 2>&1; then
    say dockerd "running (not started by stack.sh)"
    return
  fi
  start_daemon dockerd "$STEP_LOG" dockerd --pidfile "$RUN/dockerd.pid.own"
  wait_for 60 docker info || die "dockerd did not answer \`docker info\` within 60 s"
  say dockerd "started (pid $(pid_of dockerd))"
}

registry_up() {
  step registry
  local dir="$CACHE/registry" restart=0 pw
  mkdir -p "$dir/data"
  chmod 700 "$dir"
  if [[ ! -s "$dir/password" ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_' >"$dir/password")
  fi
  chmod 600 "$dir/password"
  if ! htpasswd -v -i "$dir/htpasswd" "$REGISTRY_USER" <"$dir/password" >/dev/null 2>&1; then
    htpasswd -c -B -i "$dir/htpasswd" "$REGISTRY_USER" <"$dir/password" >>"$STEP_LOG" 2>&1
    chmod 600 "$dir/htpasswd"
    restart=1
  fi
  if write_file "$dir/config.yml" 600 <<EOF; then restart=1; fi
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $REGISTRY_ADDR
auth:
  htpasswd:
    realm: greenlight-local
    path: $dir/htpasswd
EOF
  if running registry docker-registry; then
    if ((restart == 0)); then
      say registry "running on $REGISTRY_ADDR (pid $(pid_of registry))"
      return
    fi
    stop_daemon registry docker-registry
  fi
  if port_listening "${REGISTRY_ADDR##*:}"; then
    die "port ${REGISTRY_ADDR##*:} is taken by a process stack.sh did not start: $(ss -Hltnp "sport = :${REGISTRY_ADDR##*:}")"
  fi
  start_daemon registry "$STEP_LOG" /usr/bin/docker-registry serve "$dir/config.yml"
  wait_for 20 registry_ready ||
    die "registry did not answer 401 on http://$REGISTRY_ADDR/v2/"
  say registry "started on $REGISTRY_ADDR (pid $(pid_of registry))"
}

olareg_up() {
  step olareg
  local dir="$CACHE/olareg"
  mkdir -p "$dir"
  if running olareg olareg; then
    say olareg "running on $REFERRERS_ADDR (pid $(pid_of olareg))"
    return
  fi
  if port_listening "${REFERRERS_ADDR##*:}"; then
    die "port ${REFERRERS_ADDR##*:} is taken by a process stack.sh did not start: $(ss -Hltnp "sport = :${REFERRERS_ADDR##*:}")"
  fi
  start_daemon olareg "$STEP_LOG" "$TOOLS/olareg-$OLAREG_VERSION/olareg" serve \
    --addr "${REFERRERS_ADDR%:*}" --port "${REFERRERS_ADDR##*:}" --dir "$dir" --api-delete
  wait_for 20 olareg_ready ||
    die "olareg did not answer 200 on http://$REFERRERS_ADDR/v2/"
  say olareg "started on $REFERRERS_ADDR (pid $(pid_of olareg))"
}

buildkit_up() {
  ((BUILDX_OK)) || return 0
  step buildkitd
  local dir="$CACHE/buildkit" restart=0
  mkdir -p "$dir/root"
  if write_file "$dir/buildkitd.toml" 644 <<EOF; then restart=1; fi
# Generated by greenlight scripts/stack.sh
root = "$dir/root"

[grpc]
  address = ["unix://$BUILDKIT_SOCK"]

[worker.oci]
  enabled = true
  binary = "runc"
  snapshotter = "auto"
  gc = true
  gckeepstorage = "10GB"

[worker.containerd]
  enabled = false

[registry."$REGISTRY_ADDR"]
  http = true
  insecure = true

[registry."$REFERRERS_ADDR"]
  http = true
  insecure = true
EOF
  if running buildkitd buildkitd && ((restart == 0)); then
    say buildkitd "running on unix://$BUILDKIT_SOCK (pid $(pid_of buildkitd))"
  else
    running buildkitd buildkitd && stop_daemon buildkitd buildkitd
    rm -f "$BUILDKIT_SOCK"
    start_daemon buildkitd "$STEP_LOG" "$TOOLS/buildkit-$BUILDKIT_VERSION/buildkitd" --config "$dir/buildkitd.toml"
    if ! wait_for 30 test -S "$BUILDKIT_SOCK"; then
      echo "stack.sh: buildkitd did not open $BUILDKIT_SOCK; buildx disabled. Last lines of $STEP_LOG:" >&2
      tail -n 20 "$STEP_LOG" >&2
      BUILDX_OK=0
      return 0
    fi
    say buildkitd "started on unix://$BUILDKIT_SOCK (pid $(pid_of buildkitd))"
  fi

  step buildx
  local endpoint
  endpoint="$(docker buildx inspect "$BUILDER" 2>/dev/null | sed -n 's/^Endpoint:[[:space:]]*//p' | head -n1)" || true
  if [[ "$endpoint" != "unix://$BUILDKIT_SOCK" ]]; then
    if [[ -n "$endpoint" ]]; then docker buildx rm "$BUILDER" >>"$STEP_LOG" 2>&1 || true; fi
    docker buildx create --name "$BUILDER" --driver remote "unix://$BUILDKIT_SOCK" >>"$STEP_LOG" 2>&1
  fi
  if ! wait_for 20 sh -c 'docker buildx inspect --bootstrap "$1" | grep -q "^Status:[[:space:]]*running"' sh "$BUILDER"; then
    echo "stack.sh: buildx builder $BUILDER does not reach buildkitd; buildx disabled." >&2
    docker buildx inspect "$BUILDER" >&2 || true
    BUILDX_OK=0
    return 0
  fi
  say buildx "builder $BUILDER -> unix://$BUILDKIT_SOCK ($(docker buildx version 2>/dev/null | awk '{print $2}'))"
}

# The stack's own sshd, never the system one: $SSH_ADDR, root by key only, host key, config,
# authorized_keys and the client key pair in $CACHE/sshd. Tests reach dockerd through it with
# DOCKER_HOST=ssh://root@$SSH_ADDR (the docker CLI runs `ssh … docker system dial-stdio`).
sshd_up() {
  step sshd
  local dir="$CACHE/sshd" restart=0 key
  mkdir -p "$dir" /run/sshd
  chmod 700 "$dir"
  for key in ssh_host_ed25519_key id_ed25519 id_ed25519_restricted; do
    if [[ ! -s "$dir/$key" || ! -s "$dir/$key.pub" ]]; then
      rm -f "$dir/$key" "$dir/$key.pub"
      ssh-keygen -q -t ed25519 -N '' -C "greenlight-stack-$key" -f "$dir/$key" >>"$STEP_LOG" 2>&1
      [[ "$key" != ssh_host_* ]] || restart=1 # sshd reads authorized_keys at each login
    fi
  done
  # restrict: no pty, no agent or X11 forwarding. id_ed25519 may forward ports and sockets: greenlight
  # forwards the engine's socket over one connection per run (src/deploy/docker/ssh-forward.ts);
  # id_ed25519_restricted may not, as a key with `restrict` alone, for the fallback (one ssh session
  # per docker call, which needs no forwarding)
  write_file "$dir/authorized_keys" 600 <<EOF || true
restrict,port-forwarding $(cat "$dir/id_ed25519.pub")
restrict $(cat "$dir/id_ed25519_restricted.pub")
EOF
  write_file "$dir/known_hosts" 644 \
    <<<"[${SSH_ADDR%:*}]:${SSH_ADDR##*:} $(cut -d' ' -f1,2 "$dir/ssh_host_ed25519_key.pub")" || true
  if write_file "$dir/sshd_config" 600 <<EOF; then restart=1; fi
# Generated by greenlight scripts/stack.sh
ListenAddress $SSH_ADDR
HostKey $dir/ssh_host_ed25519_key
PidFile none
PermitRootLogin prohibit-password
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile $dir/authorized_keys
UsePAM no
PrintMotd no
LogLevel VERBOSE
EOF
  /usr/sbin/sshd -t -f "$dir/sshd_config" >>"$STEP_LOG" 2>&1 || die "sshd -t rejects $dir/sshd_config"
  if running sshd sshd; then
    if ((restart == 0)); then
      say sshd "running on $SSH_ADDR (pid $(pid_of sshd))"
      return
    fi
    stop_daemon sshd sshd
  fi
  if port_listening "${SSH_ADDR##*:}"; then
    die "port ${SSH_ADDR##*:} is taken by a process stack.sh did not start: $(ss -Hltnp "sport = :${SSH_ADDR##*:}")"
  fi
  start_daemon sshd "$STEP_LOG" /usr/sbin/sshd -D -e -f "$dir/sshd_config"
  wait_for 10 port_listening "${SSH_ADDR##*:}" || die "sshd did not listen on $SSH_ADDR"
  ssh -q -i "$dir/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$dir/known_hosts" -p "${SSH_ADDR##*:}" \
    "root@${SSH_ADDR%:*}" docker version --format '{{.Server.Version}}' >>"$STEP_LOG" 2>&1 ||
    die "ssh root@$SSH_ADDR cannot run docker"
  say sshd "started on $SSH_ADDR (pid $(pid_of sshd))"
}

# --------------------------------------------------------------------------------------------
# Sample app binary and router image

app_binary() {
  step app
  local app="$REPO/examples/app" stale=0
  if [[ ! -x "$app/server" ]] || [[ -n "$(find "$app" -maxdepth 1 \( -name '*.go' -o -name go.mod \) -newer "$app/server")" ]]; then
    stale=1
  fi
  if ((stale == 0)); then
    say app "$app/server"
    return
  fi
  (cd "$app" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o .server.tmp . && mv -f .server.tmp server) \
    >>"$STEP_LOG" 2>&1 || die "go build of the sample app failed"
  say app "built $app/server"
}

# A FROM-scratch image built from the context a script prepares; rebuilt only when that prepared
# context differs from the one the image's label names. Used for the two router images:
# greenlight-router:local (busybox nc) and greenlight-router-bash:local, the official haproxy
# image's path (bash, no nc, USER haproxy).
context_image() {
  local name="$1" image="$2" script="$3" ctx hash current
  step "$name"
  ctx="$CACHE/$name/context"
  mkdir -p "$CACHE/$name"
  bash "$script" "$ctx" >>"$STEP_LOG" 2>&1 || die "preparing the $name context failed"
  hash="$(
    cd "$ctx"
    {
      find . -printf '%y %m %p %l\n' | LC_ALL=C sort
      find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-64
  )"
  current="$(docker image inspect -f "{{ index .Config.Labels \"$ROUTER_LABEL\" }}" "$image" 2>/dev/null || true)"
  if [[ "$current" == "$hash" ]]; then
    say "$name" "$image (inputs ${hash:0:12})"
    return
  fi
  DOCKER_BUILDKIT=0 docker build --label "$ROUTER_LABEL=$hash" -t "$image" "$ctx" >>"$STEP_LOG" 2>&1 ||
    die "docker build of $image failed"
  docker run --rm "$image" haproxy -v >>"$STEP_LOG" 2>&1 || die "$image does not run haproxy -v"
  say "$name" "built $image (inputs ${hash:0:12})"
}

stack_env() {
  step env
  local builder="" buildkit_host="" buildx_config=""
  if ((BUILDX_OK)); then
    builder="$BUILDER"
    buildkit_host="unix://$BUILDKIT_SOCK"
    # Where buildx keeps the builder definition: a caller that points DOCKER_CONFIG at a temp dir
    # (for registry credentials) must set BUILDX_CONFIG to this to still see the builder.
    buildx_config="${BUILDX_CONFIG:-${DOCKER_CONFIG:-$HOME/.docker}/buildx}"
  fi
  if write_file "$CACHE/stack.env" 600 <<EOF; then say env "wrote $CACHE/stack.env"; else say env "$CACHE/stack.env"; fi
GREENLIGHT_REGISTRY=$REGISTRY_ADDR
GREENLIGHT_REGISTRY_USER=$REGISTRY_USER
GREENLIGHT_REGISTRY_PASSWORD=$(cat "$CACHE/registry/password")
GREENLIGHT_REFERRERS_REGISTRY=$REFERRERS_ADDR
GREENLIGHT_ROUTER_IMAGE=$ROUTER_IMAGE
GREENLIGHT_APP_CONTEXT=$REPO/examples/app
GREENLIGHT_COSIGN=$TOOLS/cosign-$COSIGN_VERSION/cosign
GREENLIGHT_CRANE=$TOOLS/crane-$CRANE_VERSION/crane
GREENLIGHT_ACTIONLINT=$TOOLS/actionlint-$ACTIONLINT_VERSION/actionlint
GREENLIGHT_ACT=$TOOLS/act-$ACT_VERSION-$(sha256sum "$REPO/scripts/patches/act-$ACT_VERSION-artifacts-v6v7.patch" | cut -c1-12)/act
GREENLIGHT_BUILDX_BUILDER=$builder
GREENLIGHT_BUILDKIT_HOST=$buildkit_host
GREENLIGHT_BUILDX_CONFIG=$buildx_config
GREENLIGHT_ROUTER_BASH_IMAGE=$ROUTER_BASH_IMAGE
GREENLIGHT_SSH_HOST=ssh://root@$SSH_ADDR
GREENLIGHT_SSH_KEY=$CACHE/sshd/id_ed25519
GREENLIGHT_SSH_RESTRICTED_KEY=$CACHE/sshd/id_ed25519_restricted
GREENLIGHT_SSH_KNOWN_HOSTS=$CACHE/sshd/known_hosts
GREENLIGHT_NSS_WRAPPER=$(dpkg -L libnss-wrapper 2>/dev/null | grep -m1 '/libnss_wrapper\.so$' || true)
EOF
}

# --------------------------------------------------------------------------------------------

cmd_up() {
  [[ $EUID -eq 0 ]] || { echo "stack.sh: run as root (starts dockerd, installs packages)" >&2; exit 1; }
  mkdir -p "$CACHE" "$RUN" "$LOGS" "$TOOLS"
  apt_packages
  go_tools
  buildx_tools
  dockerd_up
  registry_up
  olareg_up
  buildkit_up
  app_binary
  context_image router "$ROUTER_IMAGE" "$REPO/images/router/build-context.sh"
  context_image router-bash "$ROUTER_BASH_IMAGE" "$REPO/images/router-bash/build-context.sh"
  sshd_up
  stack_env
}

cmd_status() {
  local name exe
  for name in dockerd registry olareg buildkitd sshd; do
    case "$name" in
      registry) exe=docker-registry ;;
      *) exe="$name" ;;
    esac
    if running "$name" "$exe"; then
      say "$name" "running (pid $(pid_of "$name"))"
    elif [[ "$name" == dockerd ]] && docker info >/dev/null 2>&1; then
      say dockerd "running (not started by stack.sh)"
    else
      say "$name" "stopped"
    fi
  done
  if ! docker info >/dev/null 2>&1; then
    say router "unknown (dockerd down)"
  elif docker image inspect "$ROUTER_IMAGE" >/dev/null 2>&1; then
    say router "$ROUTER_IMAGE present"
  else
    say router "$ROUTER_IMAGE missing"
  fi
  if ! docker info >/dev/null 2>&1; then
    say router-bash "unknown (dockerd down)"
  elif docker image inspect "$ROUTER_BASH_IMAGE" >/dev/null 2>&1; then
    say router-bash "$ROUTER_BASH_IMAGE present"
  else
    say router-bash "$ROUTER_BASH_IMAGE missing"
  fi
  if docker buildx inspect "$BUILDER" >/dev/null 2>&1; then say buildx "builder $BUILDER defined"; else say buildx "builder $BUILDER missing"; fi
  if [[ -f "$CACHE/stack.env" ]]; then say env "$CACHE/stack.env"; else say env "missing (run up)"; fi
}

cmd_down() {
  local name exe
  for name in sshd buildkitd olareg registry dockerd; do
    case "$name" in
      registry) exe=docker-registry ;;
      *) exe="$name" ;;
    esac
    if stop_daemon "$name" "$exe"; then say "$name" "stopped"; else say "$name" "not running"; fi
  done
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  down) cmd_down ;;
  _buildx-tools)
    mkdir -p "$CACHE" "$RUN" "$LOGS" "$TOOLS"
    buildx_tools_inner
    ;;
  *)
    echo "usage: bash scripts/stack.sh up|down|status" >&2
    exit 2
    ;;
esac
