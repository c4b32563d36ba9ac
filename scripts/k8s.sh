#!/usr/bin/env bash
# A real single-node Kubernetes cluster for greenlight's tests, built from source (issue 13, step 1).
#
#   bash scripts/k8s.sh up       build what is missing, start what is stopped, check a Pod answers
#                                through a NodePort Service (idempotent; prints each step's time)
#   bash scripts/k8s.sh status   what runs
#   bash scripts/k8s.sh down     stop it and undo what it did to the host (the cache stays)
#   bash scripts/k8s.sh build    only build the binaries
#
# Needs the Docker stack (bash scripts/stack.sh up): its registry 127.0.0.1:5000 (the node pulls
# from it with the stack's credentials), dockerd (builds the pause and sample app images), runc.
# Why each unusual setting is needed on these machines (cgroup v1 without systemd, no
# CAP_SYS_RESOURCE, hostname resolving to 127.0.0.1, Docker's networks and FORWARD policy) is said
# where it is set; the measurements are in issue 13.
#
# Everything lives in ${GREENLIGHT_CACHE:-/var/cache/greenlight}, outside the checkout:
#   tools/kubernetes-<v>/   kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy
#                           kubectl, from k8s.io/kubernetes through a consumer module
#   tools/containerd-<v>/   containerd containerd-shim-runc-v2 ctr
#   tools/etcd-<v>/         etcd etcdctl
#   tools/pause-<v>/pause   the sandbox process (images/pause), imaged FROM scratch
#   src/<name>-<v>/         the generated consumer modules
#   k8s/                    cluster state: pki/ (openssl), *.kubeconfig, etcd/, containerd/ (root,
#                           config, certs.d/ with the registry's hosts.toml), kubelet/, cni/,
#                           sysctl.saved (host values before the cluster changed them)
#   run/k8s-*.pid log/k8s-*.log
#   k8s.env                 KEY=VALUE for tests (kubeconfig path, node IP, node name, ...); written
#                           by `up` once the smoke check passed, removed by `down`
# containerd's state, socket and pod network namespaces are under /run/greenlight-k8s.
#
# Coexists with Docker: its own containerd (root, state, socket), pod CIDR 10.244.0.0/16, service
# CIDR 10.96.0.0/16, bridge cni0, kube-proxy in iptables mode (no IPVS in this kernel). The API
# server listens on :6443, etcd on 127.0.0.1:2379/2380, kubelet on the node address :10250. Never
# run two of these clusters on one machine (kube-proxy's chain names are global).
set -Eeuo pipefail

CACHE="${GREENLIGHT_CACHE:-/var/cache/greenlight}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$CACHE/run"
LOGS="$CACHE/log"
TOOLS="$CACHE/tools"
K8S="$CACHE/k8s"

KUBERNETES_VERSION=v1.37.2
STAGING_VERSION=v0.37.2
CONTAINERD_VERSION=v2.3.7
ETCD_VERSION=v3.7.4
PAUSE_VERSION=1

KTOOLS="$TOOLS/kubernetes-$KUBERNETES_VERSION"
CTOOLS="$TOOLS/containerd-$CONTAINERD_VERSION"
ETOOLS="$TOOLS/etcd-$ETCD_VERSION"
PTOOLS="$TOOLS/pause-$PAUSE_VERSION"
KUBE_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

REGISTRY_ADDR=127.0.0.1:5000
POD_CIDR=10.244.0.0/16
NODE_POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
SERVICE_IP=10.96.0.1
BRIDGE=cni0
NODE_NAME=greenlight-node
CLUSTER_NAME=greenlight
APISERVER_PORT=6443
ETCD_CLIENT=127.0.0.1:2379
ETCD_PEER=127.0.0.1:2380
CONTAINERD_SOCK=/run/greenlight-k8s/containerd.sock
CONTAINERD_STATE=/run/greenlight-k8s/containerd
CNI_BIN=/usr/lib/cni
PAUSE_IMAGE="greenlight.local/pause:$PAUSE_VERSION"
SMOKE_REPO=greenlight-k8s-smoke
SMOKE_NAME=greenlight-smoke
# the sysctls kubelet (setupKernelTunables) and kube-proxy may change; `down` restores them all,
# `up` restores the kernel.*/vm.* ones as soon as kubelet has set them (the cluster needs none).
SYSCTLS_AT_ONCE=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# (ip_forward is not among them: Docker needs it as much as the cluster does.)
SYSCTLS_AT_DOWN=(net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables
  net.bridge.bridge-nf-call-ip6tables net.netfilter.nf_conntrack_max
  net.netfilter.nf_conntrack_tcp_timeout_established net.netfilter.nf_conntrack_tcp_timeout_close_wait)
# paths kubelet/containerd/CNI create whatever they are told; removed by `down` when `up` created them
HARDCODED_PATHS=(/var/lib/kubelet /var/log/containers /var/lib/cni /etc/kubernetes)

APT_PACKAGES=(containernetworking-plugins openssl iptables conntrack runc curl iproute2)

export PATH="/usr/local/go/bin:$PATH"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export GOTOOLCHAIN=local
# 2 cores shared with others: at most 2 compile/link jobs, at low priority
BUILD_JOBS="${GREENLIGHT_BUILD_JOBS:-2}"

STEP=k8s
PID_PREFIX="k8s-"
# shellcheck source=scripts/lib.sh
source "$REPO/scripts/lib.sh"
STEP_LOG=
exec 3>&2

say() { printf '%-24s %s\n' "$1:" "$2"; }

fail_report() {
  echo "k8s.sh: $STEP: $*"
  if [[ -n "$STEP_LOG" && -s "$STEP_LOG" ]]; then
    echo "--- last lines of $STEP_LOG ---"
    tail -n 40 "$STEP_LOG"
  fi
}

on_error() {
  local rc=$?
  trap - ERR
  fail_report "failed (exit $rc)" >&3
  exit "$rc"
}
trap on_error ERR

die() {
  trap - ERR
  fail_report "$*" >&3
  exit 1
}

step() { STEP="$1"; STEP_LOG="$LOGS/k8s-$1.log"; }

# timed NAME CMD...: runs CMD, then prints how long it took.
TIMINGS=()
timed() {
  local name="$1" start end
  shift
  start="$(date +%s.%N)"
  "$@"
  end="$(date +%s.%N)"
  TIMINGS+=("$(awk -v n="$name" -v a="$start" -v b="$end" 'BEGIN { printf "%-24s %6.1f s", n ":", b - a }')")
}


# --------------------------------------------------------------------------------------------
# Debian packages (runc and Debian's CNI plugins: bridge, host-local, loopback, portmap)

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
  for pkg in bridge host-local loopback portmap firewall; do
    [[ -x "$CNI_BIN/$pkg" ]] || die "CNI plugin $CNI_BIN/$pkg missing after installing containernetworking-plugins"
  done
  say apt "installed ${missing[*]}"
}

# --------------------------------------------------------------------------------------------
# Builds. Each set of binaries comes from a generated consumer module in src/<name>-<version>/
# that requires the upstream module and names the commands as `tool` lines (`go install m@v`
# refuses modules with replace directives, which Kubernetes and etcd have).

# upstream_gomod MODULE@VERSION: path of the downloaded go.mod
upstream_gomod() {
  (cd / && go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
}

# bin_name PKG[=NAME]: the binary a package entry produces (NAME, else the path's last element)
bin_name() { if [[ "$1" == *=* ]]; then echo "${1#*=}"; else basename "$1"; fi; }

# go_build NAME DEST SRC TAGS LDFLAGS PKG[=BINARY]... < go.mod: builds each PKG into DEST/BINARY
# unless all are there. The go.mod on stdin is written to SRC and tidied.
go_build() {
  local name="$1" dest="$2" src="$3" tags="$4" ldflags="$5" entry missing=0 start=$SECONDS t
  shift 5
  for entry in "$@"; do [[ -x "$dest/$(bin_name "$entry")" ]] || missing=1; done
  if ((missing == 0)); then
    cat >/dev/null
    say "$name" "$dest"
    return
  fi
  command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
  step "go-$name"
  mkdir -p "$src" "$dest"
  cat >"$src/go.mod"
  rm -f "$src/go.sum"
  {
    echo "=== $(date -Is) building $name: $*"
    (cd "$src" && nice -n 10 go mod tidy)
    echo "=== tidy done after $((SECONDS - start))s"
  } >>"$STEP_LOG" 2>&1
  say "$name" "module tidied in $((SECONDS - start))s"
  for entry in "$@"; do
    t=$SECONDS
    (cd "$src" && CGO_ENABLED=0 nice -n 10 go build -p "$BUILD_JOBS" -trimpath -tags "$tags" \
      -ldflags "-s -w $ldflags" -o "$dest/.$(bin_name "$entry").tmp" "${entry%%=*}") >>"$STEP_LOG" 2>&1
    mv -f "$dest/.$(bin_name "$entry").tmp" "$dest/$(bin_name "$entry")"
    say "$name" "$(bin_name "$entry") built in $((SECONDS - t))s"
  done
  echo "=== built in $((SECONDS - start))s" >>"$STEP_LOG"
}

go_header() {
  echo "// Generated by greenlight scripts/k8s.sh: builds $2."
  echo "module greenlight.local/tools/$1"
  echo
  echo "go $(go env GOVERSION | sed 's/^go//')"
  echo
}

build_kubernetes() {
  local upstream pkgs=() bin ldflags now
  for bin in "${KUBE_BINARIES[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$bin"); done
  local missing=0
  for bin in "${KUBE_BINARIES[@]}"; do [[ -x "$KTOOLS/$bin" ]] || missing=1; done
  if ((missing == 0)); then
    say kubernetes "$KUBERNETES_VERSION ($KTOOLS)"
    return
  fi
  step go-kubernetes
  upstream="$(upstream_gomod "k8s.io/kubernetes@$KUBERNETES_VERSION" 2>>"$STEP_LOG")"
  [[ -f "$upstream" ]] || die "no go.mod downloaded for k8s.io/kubernetes@$KUBERNETES_VERSION"
  local -a staging
  # every `k8s.io/x => ./staging/src/k8s.io/x` of upstream's go.mod, mapped to the published module
  mapfile -t staging < <(sed -n 's|^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/src/.*|\1|p' "$upstream")
  ((${#staging[@]} > 10)) || die "found only ${#staging[@]} staging modules in $upstream"
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  ldflags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1"
    ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION") -X $pkg.gitTreeState=clean"
    ldflags+=" -X $pkg.buildDate=$now"
  done
  {
    go_header kubernetes "k8s.io/kubernetes@$KUBERNETES_VERSION"
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo
    for pkg in "${pkgs[@]}"; do echo "tool $pkg"; done
    echo
    echo "// k8s.io/kubernetes replaces its staging modules with local paths; use the published ones."
    echo "replace ("
    for pkg in "${staging[@]}"; do echo "	$pkg => $pkg $STAGING_VERSION"; done
    echo ")"
  } | go_build kubernetes "$KTOOLS" "$CACHE/src/kubernetes-$KUBERNETES_VERSION" "" "$ldflags" "${pkgs[@]}"
}

build_containerd() {
  local m=github.com/containerd/containerd/v2
  {
    go_header containerd "$m@$CONTAINERD_VERSION"
    echo "require $m $CONTAINERD_VERSION"
    echo
    echo "tool $m/cmd/containerd"
    echo "tool $m/cmd/containerd-shim-runc-v2"
    echo "tool $m/cmd/ctr"
  } | go_build containerd "$CTOOLS" "$CACHE/src/containerd-$CONTAINERD_VERSION" no_btrfs \
    "-X $m/version.Version=$CONTAINERD_VERSION -X $m/version.Package=$m" \
    "$m/cmd/containerd" "$m/cmd/containerd-shim-runc-v2" "$m/cmd/ctr"
}

build_etcd() {
  # go.etcd.io/etcd/server/v3 is the etcd command; its replaces are local paths (../api, ...),
  # so the consumer module just requires the published modules at the same version.
  {
    go_header etcd "go.etcd.io/etcd@$ETCD_VERSION"
    echo "require ("
    echo "	go.etcd.io/etcd/server/v3 $ETCD_VERSION"
    echo "	go.etcd.io/etcd/etcdctl/v3 $ETCD_VERSION"
    echo ")"
    echo
    echo "tool go.etcd.io/etcd/server/v3"
    echo "tool go.etcd.io/etcd/etcdctl/v3"
  } | go_build etcd "$ETOOLS" "$CACHE/src/etcd-$ETCD_VERSION" "" "" \
    go.etcd.io/etcd/server/v3=etcd go.etcd.io/etcd/etcdctl/v3=etcdctl
}

build_pause() {
  local src="$REPO/images/pause" t=$SECONDS
  if [[ -x "$PTOOLS/pause" && -z "$(find "$src" -maxdepth 1 -newer "$PTOOLS/pause")" ]]; then
    say pause "$PTOOLS/pause"
    return
  fi
  step go-pause
  mkdir -p "$PTOOLS"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$PTOOLS/.pause.tmp" .) >>"$STEP_LOG" 2>&1
  mv -f "$PTOOLS/.pause.tmp" "$PTOOLS/pause"
  say pause "built in $((SECONDS - t))s"
}

build_all() {
  mkdir -p "$CACHE" "$RUN" "$LOGS" "$TOOLS"
  timed build-etcd build_etcd
  timed build-containerd build_containerd
  timed build-kubernetes build_kubernetes
  timed build-pause build_pause
}

# --------------------------------------------------------------------------------------------
# Host facts

# The address kubelet registers and NodePorts answer on: the machine's own (the hostname resolves
# to 127.0.0.1 here, which kubelet refuses). GREENLIGHT_K8S_NODE_IP overrides.
node_ip() {
  if [[ -n "${GREENLIGHT_K8S_NODE_IP:-}" ]]; then
    echo "$GREENLIGHT_K8S_NODE_IP"
    return
  fi
  local ip
  ip="$(ip -4 route get 1.0.0.0 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n1)"
  [[ -n "$ip" ]] || ip="$(ip -4 -o addr show scope global | awk '{ split($4, a, "/"); print a[1]; exit }')"
  [[ -n "$ip" ]] || die "no global IPv4 address for the node (set GREENLIGHT_K8S_NODE_IP)"
  echo "$ip"
}

# sysctl values before the cluster changed them, saved once (kept until `down` restored them)
save_sysctls() {
  local name value
  [[ -s "$K8S/sysctl.saved" ]] && return 0
  for name in "${SYSCTLS_AT_ONCE[@]}" "${SYSCTLS_AT_DOWN[@]}"; do
    value="$(sysctl -n "$name" 2>/dev/null)" || continue
    printf '%s=%s\n' "$name" "$value"
  done >"$K8S/sysctl.saved.tmp"
  mv -f "$K8S/sysctl.saved.tmp" "$K8S/sysctl.saved"
}

# restore_sysctls NAME...: put back the saved values of these that differ; prints what changed.
restore_sysctls() {
  local name saved now changed=()
  [[ -s "$K8S/sysctl.saved" ]] || return 0
  for name in "$@"; do
    saved="$(sed -n "s/^${name//./\\.}=//p" "$K8S/sysctl.saved")"
    [[ -n "$saved" ]] || continue
    now="$(sysctl -n "$name" 2>/dev/null)" || continue
    if [[ "$now" != "$saved" ]]; then
      sysctl -q -w "$name=$saved" && changed+=("$name $now->$saved")
    fi
  done
  if ((${#changed[@]})); then say sysctl "restored ${changed[*]}"; fi
  return 0
}

record_hardcoded_paths() {
  local path
  [[ -f "$K8S/created-paths" ]] || : >"$K8S/created-paths"
  for path in "${HARDCODED_PATHS[@]}"; do
    if [[ ! -e "$path" ]] && ! grep -qxF "$path" "$K8S/created-paths"; then echo "$path" >>"$K8S/created-paths"; fi
  done
}

# --------------------------------------------------------------------------------------------
# PKI (openssl, ECDSA P-256) and kubeconfigs

PKI="$K8S/pki"

# cert NAME CN O USAGE SANS: pki/NAME.{key,crt} signed by pki/ca; made again when its spec
# (names, usage, SANs, CA) changed, e.g. a new node address. Returns 0 when it made one.
cert() {
  local name="$1" cn="$2" o="$3" usage="$4" sans="$5" spec subj
  spec="cn=$cn o=$o usage=$usage sans=$sans ca=$(openssl x509 -noout -fingerprint -sha256 -in "$PKI/ca.crt")"
  if [[ -s "$PKI/$name.crt" && -s "$PKI/$name.key" && "$(cat "$PKI/$name.spec" 2>/dev/null)" == "$spec" ]]; then
    return 1
  fi
  subj="/CN=$cn"
  [[ -n "$o" ]] && subj="/O=$o$subj"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/$name.key")
  {
    echo "basicConstraints = critical, CA:FALSE"
    echo "keyUsage = critical, digitalSignature"
    echo "extendedKeyUsage = $usage"
    [[ -z "$sans" ]] || echo "subjectAltName = $sans"
  } >"$PKI/$name.ext"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" |
    openssl x509 -req -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 3650 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>>"$STEP_LOG"
  echo "$spec" >"$PKI/$name.spec"
  return 0
}

# kubeconfig NAME CERT: $K8S/NAME.kubeconfig for the client certificate pki/CERT
kubeconfig() {
  write_file "$K8S/$1.kubeconfig" 600 <<EOF || true
apiVersion: v1
kind: Config
clusters:
- name: $CLUSTER_NAME
  cluster:
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
    server: https://127.0.0.1:$APISERVER_PORT
users:
- name: $1
  user:
    client-certificate-data: $(base64 -w0 "$PKI/$2.crt")
    client-key-data: $(base64 -w0 "$PKI/$2.key")
contexts:
- name: $CLUSTER_NAME
  context:
    cluster: $CLUSTER_NAME
    user: $1
current-context: $CLUSTER_NAME
EOF
}

pki() {
  step pki
  local made=() server_sans
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [[ ! -s "$PKI/ca.crt" || ! -s "$PKI/ca.key" ]]; then
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/ca.key")
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=greenlight-test-cluster-ca" -days 3650 \
      -addext "basicConstraints = critical, CA:TRUE" \
      -addext "keyUsage = critical, keyCertSign, cRLSign, digitalSignature" -out "$PKI/ca.crt"
    made+=(ca)
  fi
  if [[ ! -s "$PKI/sa.key" ]]; then
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/sa.key")
    openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"
    made+=(sa)
  fi
  server_sans="DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc"
  server_sans+=", DNS:kubernetes.default.svc.cluster.local, DNS:localhost"
  server_sans+=", IP:127.0.0.1, IP:$SERVICE_IP, IP:$NODE_IP"
  cert apiserver kube-apiserver "" serverAuth "$server_sans" && made+=(apiserver)
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters clientAuth "" && made+=(apiserver-kubelet-client)
  cert apiserver-etcd-client kube-apiserver-etcd-client "" clientAuth "" && made+=(apiserver-etcd-client)
  cert etcd-server etcd "" "serverAuth, clientAuth" "DNS:localhost, IP:127.0.0.1" && made+=(etcd-server)
  cert admin greenlight-admin system:masters clientAuth "" && made+=(admin)
  cert controller-manager system:kube-controller-manager "" clientAuth "" && made+=(controller-manager)
  cert scheduler system:kube-scheduler "" clientAuth "" && made+=(scheduler)
  cert kube-proxy system:kube-proxy "" clientAuth "" && made+=(kube-proxy)
  cert kubelet-client "system:node:$NODE_NAME" system:nodes clientAuth "" && made+=(kubelet-client)
  cert kubelet-server "$NODE_NAME" "" serverAuth "DNS:$NODE_NAME, IP:$NODE_IP" && made+=(kubelet-server)
  kubeconfig admin admin
  kubeconfig controller-manager controller-manager
  kubeconfig scheduler scheduler
  kubeconfig kube-proxy kube-proxy
  kubeconfig kubelet kubelet-client
  if ((${#made[@]})); then say pki "made ${made[*]}"; else say pki "$PKI"; fi
  # daemons running with older certificates restart (see daemon)
  PKI_CHANGED=${#made[@]}
}

# --------------------------------------------------------------------------------------------
# Daemons

kubectl_() { "$KTOOLS/kubectl" --kubeconfig "$K8S/admin.kubeconfig" "$@"; }
apiserver_ready() {
  [[ "$(curl -s -m 3 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz")" == ok ]]
}
healthz() { [[ "$(curl -sk -m 2 "$1")" == ok ]]; }

# daemon NAME READY-CHECK... -- CMD...: start NAME unless it runs (restart it when its config
# changed, CONFIG_CHANGED=1, or the PKI did), then wait for READY-CHECK.
daemon() {
  local name="$1" check=() cmd=() t=$SECONDS
  shift
  while [[ "$1" != -- ]]; do
    check+=("$1")
    shift
  done
  shift
  cmd=("$@")
  step "$name"
  if running "$name"; then
    if ((CONFIG_CHANGED == 0 && PKI_CHANGED == 0)); then
      wait_for 30 "${check[@]}" || die "$name runs (pid $(pid_of "$name")) but is not ready: ${check[*]}"
      say "$name" "running (pid $(pid_of "$name"))"
      return
    fi
    stop_daemon "$name"
  fi
  start_daemon "$name" "$LOGS/k8s-$name.log" "${cmd[@]}"
  wait_for 90 "${check[@]}" || die "$name did not become ready within 90 s (${check[*]})"
  say "$name" "started (pid $(pid_of "$name")) in $((SECONDS - t))s"
}

check_port_free() {
  local name="$1" port="$2"
  running "$name" && return 0
  if port_listening "$port"; then
    die "port $port (for $name) is taken by a process k8s.sh did not start: $(ss -Hltnp "sport = :$port")"
  fi
}

etcd_ready() {
  "$ETOOLS/etcdctl" --endpoints "https://$ETCD_CLIENT" --cacert "$PKI/ca.crt" \
    --cert "$PKI/apiserver-etcd-client.crt" --key "$PKI/apiserver-etcd-client.key" endpoint health
}

etcd_up() {
  CONFIG_CHANGED=0
  check_port_free etcd "${ETCD_CLIENT##*:}"
  check_port_free etcd "${ETCD_PEER##*:}"
  mkdir -p "$K8S/etcd"
  chmod 700 "$K8S/etcd"
  daemon etcd etcd_ready -- "$ETOOLS/etcd" --name "$CLUSTER_NAME" --data-dir "$K8S/etcd" \
    --listen-client-urls "https://$ETCD_CLIENT" --advertise-client-urls "https://$ETCD_CLIENT" \
    --listen-peer-urls "http://$ETCD_PEER" --initial-advertise-peer-urls "http://$ETCD_PEER" \
    --initial-cluster "$CLUSTER_NAME=http://$ETCD_PEER" \
    --cert-file "$PKI/etcd-server.crt" --key-file "$PKI/etcd-server.key" \
    --client-cert-auth --trusted-ca-file "$PKI/ca.crt" --log-level warn
}

apiserver_up() {
  CONFIG_CHANGED=0
  check_port_free kube-apiserver "$APISERVER_PORT"
  daemon kube-apiserver apiserver_ready -- "$KTOOLS/kube-apiserver" \
    --advertise-address "$NODE_IP" --secure-port "$APISERVER_PORT" \
    --etcd-servers "https://$ETCD_CLIENT" --etcd-cafile "$PKI/ca.crt" \
    --etcd-certfile "$PKI/apiserver-etcd-client.crt" --etcd-keyfile "$PKI/apiserver-etcd-client.key" \
    --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" --kubelet-preferred-address-types InternalIP \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --allow-privileged \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --profiling=false --v 1
}

controllers_up() {
  CONFIG_CHANGED=0
  check_port_free kube-controller-manager 10257
  check_port_free kube-scheduler 10259
  daemon kube-controller-manager healthz https://127.0.0.1:10257/healthz -- "$KTOOLS/kube-controller-manager" \
    --kubeconfig "$K8S/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$K8S/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$K8S/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 10257 --leader-elect=false --cluster-name "$CLUSTER_NAME" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --use-service-account-credentials --service-cluster-ip-range "$SERVICE_CIDR" \
    --allocate-node-cidrs --cluster-cidr "$POD_CIDR" --node-cidr-mask-size 24 --profiling=false --v 1
  daemon kube-scheduler healthz https://127.0.0.1:10259/healthz -- "$KTOOLS/kube-scheduler" \
    --kubeconfig "$K8S/scheduler.kubeconfig" --authentication-kubeconfig "$K8S/scheduler.kubeconfig" \
    --authorization-kubeconfig "$K8S/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 10259 --leader-elect=false --profiling=false --v 1
}

containerd_config() {
  local dir="$K8S/containerd" auth
  mkdir -p "$dir/root" "$dir/certs.d/$REGISTRY_ADDR" "$dir/opt" "$K8S/cni/net.d" "$K8S/cni/ipam"
  chmod 700 "$dir" "$dir/certs.d"
  auth="$(printf '%s:%s' "$REGISTRY_USER" "$REGISTRY_PASSWORD" | base64 -w0)"
  # The stack's registry speaks plain HTTP with htpasswd auth: a static Basic header on every
  # request (registry.configs.*.auth is deprecated and disables the transfer service).
  if write_file "$dir/certs.d/$REGISTRY_ADDR/hosts.toml" 600 <<EOF; then CONFIG_CHANGED=1; fi
# Generated by greenlight scripts/k8s.sh: the stack's registry, with its credentials
server = "http://$REGISTRY_ADDR"

[host."http://$REGISTRY_ADDR"]
  capabilities = ["pull", "resolve"]
  [host."http://$REGISTRY_ADDR".header]
    Authorization = "Basic $auth"
EOF
  # CNI: Debian's plugins; one bridge, host-local addresses from the node's /24; `firewall` lets
  # pod traffic through Docker's FORWARD policy DROP (chains CNI-FORWARD/CNI-ADMIN)
  if write_file "$K8S/cni/net.d/10-greenlight.conflist" 644 <<EOF; then CONFIG_CHANGED=1; fi
{
  "cniVersion": "1.0.0",
  "name": "greenlight",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$K8S/cni/ipam",
        "ranges": [[{ "subnet": "$NODE_POD_CIDR" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "firewall", "backend": "iptables" }
  ]
}
EOF
  if write_file "$dir/config.toml" 644 <<EOF; then CONFIG_CHANGED=1; fi
# Generated by greenlight scripts/k8s.sh: a containerd of its own beside Docker's.
version = 3
root = "$dir/root"
state = "$CONTAINERD_STATE"
disabled_plugins = ["io.containerd.nri.v1.nri"]

[grpc]
  address = "$CONTAINERD_SOCK"

[plugins.'io.containerd.internal.v1.opt']
  path = "$dir/opt"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$PAUSE_IMAGE"
  [plugins.'io.containerd.cri.v1.images'.registry]
    config_path = "$dir/certs.d"

[plugins.'io.containerd.cri.v1.runtime']
  # these VMs lack CAP_SYS_RESOURCE: a sandbox's oom_score_adj -998 would fail every pod start
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["$CNI_BIN"]
    conf_dir = "$K8S/cni/net.d"
    max_conf_num = 1
EOF
}

ctr_() { "$CTOOLS/ctr" --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

containerd_up() {
  CONFIG_CHANGED=0
  containerd_config
  mkdir -p "$(dirname "$CONTAINERD_SOCK")"
  chmod 700 "$(dirname "$CONTAINERD_SOCK")"
  # containerd finds its shim through PATH
  daemon containerd ctr_ version -- env PATH="$CTOOLS:$PATH" \
    "$CTOOLS/containerd" --config "$K8S/containerd/config.toml"
}

# The sandbox image: images/pause built FROM scratch by docker, imported into our containerd.
pause_image() {
  step pause
  local sum ctx="$K8S/pause-context" t=$SECONDS
  sum="$(cat "$REPO/images/pause/Dockerfile" "$PTOOLS/pause" | sha256sum | cut -c1-64)"
  if [[ "$(cat "$K8S/pause.imported" 2>/dev/null)" == "$sum" ]] && ctr_ images ls -q 2>/dev/null | grep -qxF "$PAUSE_IMAGE"; then
    say pause "$PAUSE_IMAGE"
    return
  fi
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$REPO/images/pause/Dockerfile" "$PTOOLS/pause" "$ctx/"
  DOCKER_BUILDKIT=0 docker build -q -t "$PAUSE_IMAGE" "$ctx" >>"$STEP_LOG" 2>&1 || die "docker build of $PAUSE_IMAGE failed"
  docker save "$PAUSE_IMAGE" -o "$ctx/pause.tar" >>"$STEP_LOG" 2>&1
  ctr_ images import --snapshotter overlayfs "$ctx/pause.tar" >>"$STEP_LOG" 2>&1 || die "ctr images import failed"
  rm -f "$ctx/pause.tar"
  echo "$sum" >"$K8S/pause.imported"
  say pause "built and imported $PAUSE_IMAGE in $((SECONDS - t))s"
}

kubelet_up() {
  CONFIG_CHANGED=0
  check_port_free kubelet 10250
  mkdir -p "$K8S/kubelet" "$K8S/pod-logs"
  if write_file "$K8S/kubelet.yaml" 644 <<EOF; then CONFIG_CHANGED=1; fi
# Generated by greenlight scripts/k8s.sh
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $PKI/ca.crt }
authorization: { mode: Webhook }
tlsCertFile: $PKI/kubelet-server.crt
tlsPrivateKeyFile: $PKI/kubelet-server.key
# cgroup v1 (hybrid), no systemd: 1.37 is the last release that runs on cgroup v1, when told to
failCgroupV1: false
cgroupDriver: cgroupfs
failSwapOn: false
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
podLogsDir: $K8S/pod-logs
podCIDR: $NODE_POD_CIDR
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
serializeImagePulls: false
# a shared test machine: evict only when truly out of room
evictionHard: { memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%, nodefs.inodesFree: 2% }
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
EOF
  KUBELET_STARTED=0
  if ! running kubelet || ((CONFIG_CHANGED || PKI_CHANGED)); then KUBELET_STARTED=1; fi
  KUBELET_START_TIME="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  daemon kubelet healthz http://127.0.0.1:10248/healthz -- "$KTOOLS/kubelet" \
    --config "$K8S/kubelet.yaml" --kubeconfig "$K8S/kubelet.kubeconfig" --root-dir "$K8S/kubelet" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v 1
}

healthz_any() { curl -s -m 2 -o /dev/null "$1"; }

kube_proxy_up() {
  CONFIG_CHANGED=0
  check_port_free kube-proxy 10256
  if write_file "$K8S/kube-proxy.yaml" 644 <<EOF; then CONFIG_CHANGED=1; fi
# Generated by greenlight scripts/k8s.sh
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: { kubeconfig: $K8S/kube-proxy.kubeconfig }
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# NodePorts on the node's own address only; none on 127.0.0.1 (that would set route_localnet=1)
nodePortAddresses: [primary]
iptables: { localhostNodePorts: false }
# leave the host's conntrack table size and timeouts alone
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
EOF
  daemon kube-proxy healthz_any http://127.0.0.1:10256/healthz -- "$KTOOLS/kube-proxy" \
    --config "$K8S/kube-proxy.yaml" --v 1
}

node_ready() {
  local ready heartbeat
  ready="$(kubectl_ get node "$NODE_NAME" -o jsonpath='{range .status.conditions[?(@.type=="Ready")]}{.status} {.lastHeartbeatTime}{end}' 2>/dev/null)" || return 1
  heartbeat="${ready#* }"
  [[ "${ready%% *}" == True ]] || return 1
  # after a kubelet (re)start the stored condition is stale until its first heartbeat
  ((KUBELET_STARTED == 0)) || [[ ! "$heartbeat" < "$KUBELET_START_TIME" ]]
}

wait_node() {
  step node
  wait_for 120 node_ready || die "node $NODE_NAME not Ready within 120 s: $(kubectl_ describe node "$NODE_NAME" 2>&1 | tail -n 20)"
  say node "$NODE_NAME Ready ($NODE_IP)"
  # kubelet has applied its kernel tunables by now; the cluster needs none of them
  restore_sysctls "${SYSCTLS_AT_ONCE[@]}"
  wait_for 60 kubectl_ get serviceaccount default -n default || die "serviceaccount default/default missing after 60 s"
}

# --------------------------------------------------------------------------------------------
# Smoke check: the sample app, pushed to the stack's registry and pulled by the node with the
# registry's credentials (hosts.toml), answers through a NodePort Service.

smoke_answers() { [[ "$(curl -s -m 2 "$SMOKE_URL/version")" == k8s-smoke ]]; }

smoke() {
  step smoke
  local ctx config tag pinned port t=$SECONDS
  ctx="$REPO/examples/app"
  [[ -x "$ctx/server" ]] || ctx="$STACK_APP_CONTEXT"
  [[ -x "$ctx/server" ]] || die "no sample app binary in $REPO/examples/app or $STACK_APP_CONTEXT (run bash scripts/stack.sh up)"
  config="$(mktemp -d)"
  printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY_ADDR" \
    "$(printf '%s:%s' "$REGISTRY_USER" "$REGISTRY_PASSWORD" | base64 -w0)" >"$config/config.json"
  tag="$REGISTRY_ADDR/$SMOKE_REPO:k8s-smoke"
  if ! {
    DOCKER_CONFIG="$config" DOCKER_BUILDKIT=0 docker build -q --build-arg VERSION=k8s-smoke -t "$tag" "$ctx" &&
      DOCKER_CONFIG="$config" docker push -q "$tag"
  } >>"$STEP_LOG" 2>&1; then
    rm -rf "$config"
    die "building or pushing $tag failed"
  fi
  rm -rf "$config"
  pinned="$(docker inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$tag" | grep -m1 "^$REGISTRY_ADDR/$SMOKE_REPO@" || true)"
  [[ -n "$pinned" ]] || die "no digest of $tag after the push"
  kubectl_ apply -f - >>"$STEP_LOG" 2>&1 <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: { name: $SMOKE_NAME, namespace: default, labels: { app: $SMOKE_NAME } }
spec:
  replicas: 1
  selector: { matchLabels: { app: $SMOKE_NAME } }
  template:
    metadata: { labels: { app: $SMOKE_NAME } }
    spec:
      enableServiceLinks: false
      terminationGracePeriodSeconds: 2
      containers:
        - name: app
          image: $pinned
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: $SMOKE_NAME, namespace: default }
spec:
  type: NodePort
  selector: { app: $SMOKE_NAME }
  ports: [{ port: 80, targetPort: 8080 }]
EOF
  kubectl_ rollout status "deployment/$SMOKE_NAME" -n default --timeout 120s >>"$STEP_LOG" 2>&1 ||
    die "deployment $SMOKE_NAME not available: $(kubectl_ get pods -n default -l "app=$SMOKE_NAME" -o wide 2>&1; kubectl_ get events -n default --sort-by=.lastTimestamp 2>&1 | tail -n 8)"
  port="$(kubectl_ get service "$SMOKE_NAME" -n default -o jsonpath='{.spec.ports[0].nodePort}')"
  SMOKE_URL="http://$NODE_IP:$port"
  wait_for 30 smoke_answers || die "$SMOKE_URL/version did not answer k8s-smoke"
  SMOKE_IMAGE="$pinned"
  say smoke "$SMOKE_URL/version answers k8s-smoke ($pinned) in $((SECONDS - t))s"
}

k8s_env() {
  step env
  if write_file "$CACHE/k8s.env" 600 <<EOF; then say env "wrote $CACHE/k8s.env"; else say env "$CACHE/k8s.env"; fi
GREENLIGHT_KUBECONFIG=$K8S/admin.kubeconfig
GREENLIGHT_KUBECTL=$KTOOLS/kubectl
GREENLIGHT_K8S_VERSION=$KUBERNETES_VERSION
GREENLIGHT_K8S_NODE=$NODE_NAME
GREENLIGHT_K8S_NODE_IP=$NODE_IP
GREENLIGHT_K8S_POD_CIDR=$POD_CIDR
GREENLIGHT_K8S_SERVICE_CIDR=$SERVICE_CIDR
GREENLIGHT_K8S_REGISTRY=$REGISTRY_ADDR
GREENLIGHT_K8S_SMOKE_URL=$SMOKE_URL
GREENLIGHT_K8S_SMOKE_IMAGE=$SMOKE_IMAGE
EOF
}

load_stack() {
  local env="$CACHE/stack.env"
  [[ -s "$env" ]] || die "$env missing: run \`bash scripts/stack.sh up\` first (registry, dockerd)"
  REGISTRY_USER="$(sed -n 's/^GREENLIGHT_REGISTRY_USER=//p' "$env")"
  REGISTRY_PASSWORD="$(sed -n 's/^GREENLIGHT_REGISTRY_PASSWORD=//p' "$env")"
  STACK_APP_CONTEXT="$(sed -n 's/^GREENLIGHT_APP_CONTEXT=//p' "$env")"
  [[ "$(sed -n 's/^GREENLIGHT_REGISTRY=//p' "$env")" == "$REGISTRY_ADDR" ]] ||
    die "$env names another registry than $REGISTRY_ADDR"
  docker info >/dev/null 2>&1 || die "dockerd does not answer: run \`bash scripts/stack.sh up\`"
}

on_exit() {
  # kubelet sets kernel tunables at every start: never leave them set, even when `up` fails
  if ((${KUBELET_STARTED:-0})); then restore_sysctls "${SYSCTLS_AT_ONCE[@]}" >&3 || true; fi
}

cmd_up() {
  [[ $EUID -eq 0 ]] || {
    echo "k8s.sh: run as root (runs kubelet and containerd, changes iptables)" >&2
    exit 1
  }
  local start=$SECONDS
  mkdir -p "$CACHE" "$RUN" "$LOGS" "$TOOLS" "$K8S"
  trap on_exit EXIT
  PKI_CHANGED=0
  timed apt apt_packages
  build_all
  load_stack
  NODE_IP="$(node_ip)"
  timed pki pki
  save_sysctls
  record_hardcoded_paths
  timed etcd etcd_up
  timed kube-apiserver apiserver_up
  timed controllers controllers_up
  timed containerd containerd_up
  timed pause-image pause_image
  timed kubelet kubelet_up
  timed kube-proxy kube_proxy_up
  timed node-ready wait_node
  timed smoke smoke
  k8s_env
  echo "--- timings (up took $((SECONDS - start)) s)"
  printf '%s\n' "${TIMINGS[@]}"
}

# --------------------------------------------------------------------------------------------

DAEMONS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy)

cmd_status() {
  local name total=0 rss
  for name in "${DAEMONS[@]}"; do
    if running "$name"; then
      rss="$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$(pid_of "$name")/status")"
      total=$((total + rss))
      say "$name" "running (pid $(pid_of "$name"), ${rss} MB)"
    else
      say "$name" "stopped"
    fi
  done
  say memory "${total} MB RSS for the daemons above (shims and pods not counted)"
  if running kube-apiserver && apiserver_ready; then
    say node "$(kubectl_ get node "$NODE_NAME" --no-headers 2>&1 | awk '{ print $1, $2, $5 }')"
    say pods "$(kubectl_ get pods -A --no-headers 2>/dev/null | awk '{ print $4 }' | sort | uniq -c | xargs)"
  fi
  if [[ -f "$CACHE/k8s.env" ]]; then say env "$CACHE/k8s.env"; else say env "missing (run up)"; fi
}

# --------------------------------------------------------------------------------------------
# down: stop everything, then scrub what the cluster left on the host, even after a crash.

# rules of other chains that jump to KUBE-*/CNI-* chains, then those chains (iptables and
# ip6tables, every table). Prints how many rules and chains it removed.
scrub_iptables() {
  local cmd table rule chain removed=0
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null || continue
    for table in filter nat mangle raw; do
      "$cmd" -t "$table" -S >/dev/null 2>&1 || continue
      while IFS= read -r rule; do
        # xargs parses iptables' quoting (comments) without a shell eval
        if xargs "$cmd" -w -t "$table" -D <<<"$rule" 2>/dev/null; then removed=$((removed + 1)); fi
      done < <("$cmd" -t "$table" -S 2>/dev/null |
        awk '$1 == "-A" && $2 !~ /^(KUBE|CNI)-/ && / -j (KUBE|CNI)-/ { sub(/^-A /, ""); print }')
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p'); do
        "$cmd" -w -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p'); do
        if "$cmd" -w -t "$table" -X "$chain" 2>/dev/null; then removed=$((removed + 1)); fi
      done
    done
  done
  echo "$removed"
}

# unmount_under PREFIX...: every mount below these, deepest first. Prints how many.
unmount_under() {
  local prefix mounts=() m
  for prefix in "$@"; do
    mapfile -t -O "${#mounts[@]}" mounts < <(findmnt -rn -o TARGET | awk -v p="$prefix" 'index($0, p) == 1')
  done
  ((${#mounts[@]})) || {
    echo 0
    return
  }
  printf '%s\n' "${mounts[@]}" | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2- |
    while IFS= read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  echo "${#mounts[@]}"
}

no_running_tasks() { ! ctr_ tasks ls 2>/dev/null | grep -q RUNNING; }

cmd_down() {
  [[ $EUID -eq 0 ]] || {
    echo "k8s.sh: run as root" >&2
    exit 1
  }
  local name n pid t=$SECONDS
  mkdir -p "$RUN" "$LOGS" "$K8S"
  step down
  # 1. graceful: no controller recreates pods, kubelet stops them (CNI DEL frees their addresses
  #    and their masquerade rules)
  if stop_daemon kube-controller-manager; then say kube-controller-manager stopped; fi
  if stop_daemon kube-scheduler; then say kube-scheduler stopped; fi
  if running kube-apiserver && running kubelet && running containerd; then
    kubectl_ delete pods --all --all-namespaces --grace-period 1 --wait=false >>"$STEP_LOG" 2>&1 || true
    wait_for 30 no_running_tasks || say pods "still running after 30 s; killing them"
  fi
  for name in kube-proxy kubelet; do if stop_daemon "$name"; then say "$name" stopped; fi; done
  # 2. forced: the tasks left, containerd, and any shim of ours
  if running containerd; then
    for n in $(ctr_ tasks ls -q 2>/dev/null || true); do ctr_ tasks kill -a -s SIGKILL "$n" >>"$STEP_LOG" 2>&1 || true; done
    sleep 0.5
    for n in $(ctr_ tasks ls -q 2>/dev/null || true); do ctr_ tasks delete -f "$n" >>"$STEP_LOG" 2>&1 || true; done
    if stop_daemon containerd; then say containerd stopped; fi
  fi
  for pid in /proc/[0-9]*; do
    if [[ "$(readlink "$pid/exe" 2>/dev/null)" == "$CTOOLS/containerd-shim-runc-v2" ]] && kill -KILL "${pid#/proc/}" 2>/dev/null; then
      say shim "killed pid ${pid#/proc/}"
    fi
  done
  for name in kube-apiserver etcd; do if stop_daemon "$name"; then say "$name" stopped; fi; done
  # 3. the host
  if [[ -x "$KTOOLS/kube-proxy" && -f "$K8S/kube-proxy.yaml" ]]; then
    "$KTOOLS/kube-proxy" --cleanup --config "$K8S/kube-proxy.yaml" >>"$STEP_LOG" 2>&1 || true
  fi
  say iptables "removed $(scrub_iptables) leftover KUBE-*/CNI-* rules and chains"
  say mounts "unmounted $(unmount_under "$K8S/" "$(dirname "$CONTAINERD_SOCK")/")"
  for n in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{ split($2, a, "@"); print a[1] }' || true); do
    ip link delete "$n" 2>/dev/null || true
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"; then say network "deleted $BRIDGE"; fi
  for n in /sys/fs/cgroup/*/kubepods; do
    if [[ -d "$n" ]]; then find "$n" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
  rm -rf "$K8S/cni/ipam" "$(dirname "$CONTAINERD_SOCK")"
  if [[ -s "$K8S/created-paths" ]]; then
    while IFS= read -r n; do if [[ -n "$n" ]]; then rm -rf "$n"; fi; done <"$K8S/created-paths"
  fi
  rm -f "$K8S/created-paths"
  restore_sysctls "${SYSCTLS_AT_ONCE[@]}" "${SYSCTLS_AT_DOWN[@]}"
  rm -f "$K8S/sysctl.saved" "$CACHE/k8s.env"
  say down "done in $((SECONDS - t))s (cache kept in $CACHE)"
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  down) cmd_down ;;
  build)
    build_all
    printf '%s\n' "${TIMINGS[@]}"
    ;;
  *)
    echo "usage: bash scripts/k8s.sh up|down|status|build" >&2
    exit 2
    ;;
esac
