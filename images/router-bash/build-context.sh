#!/usr/bin/env bash
# Prepare the build context of greenlight-router-bash:local in DIR (emptied first):
#   DIR/Dockerfile, DIR/rootfs/..., DIR/owned/... (copied as uid 99)
# rootfs holds the host's HAProxy binary as /usr/local/sbin/haproxy, Debian's /bin/bash and
# /bin/cat (the official image's Debian base has bash and coreutils; it has neither busybox nor
# nc), every library `ldd` names for them plus the dynamic loader, /etc/passwd and /etc/group with
# the haproxy user (uid/gid 99) the official image runs as, /tmp, and /usr/local/etc/haproxy
# (root's, like the official image's). Prints nothing on success.
set -euo pipefail

dir="${1:?usage: build-context.sh DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../rootfs.sh
source "$here/../rootfs.sh"
haproxy_bin="${HAPROXY_BIN:-/usr/sbin/haproxy}"
bash_bin="${BASH_BIN:-/bin/bash}"
cat_bin="${CAT_BIN:-/bin/cat}"

for bin in "$haproxy_bin" "$bash_bin" "$cat_bin"; do
  [[ -x "$bin" ]] || { echo "build-context.sh: $bin not found" >&2; exit 1; }
done

rm -rf "$dir"
root="$dir/rootfs"
mkdir -p "$root/usr/local/sbin" "$root/usr/local/etc/haproxy" "$root/bin" "$root/etc" "$root/tmp" \
  "$dir/owned/run" "$dir/owned/lib-haproxy"
chmod 1777 "$root/tmp"
chmod 0755 "$dir/owned/run" "$dir/owned/lib-haproxy"

cp -L "$haproxy_bin" "$root/usr/local/sbin/haproxy"
cp -L "$bash_bin" "$root/bin/bash"
cp -L "$cat_bin" "$root/bin/cat"

copy_with_libraries "$root" "$haproxy_bin" "$bash_bin" "$cat_bin"

# The official image: groupadd --gid 99 haproxy; useradd --uid 99 --home-dir /var/lib/haproxy.
write_etc "$root" /bin/bash /usr/sbin/nologin

if [[ -e "$root/bin/busybox" || -e "$root/bin/nc" || -e "$root/usr/bin/nc" ]]; then
  echo "build-context.sh: the context must carry neither busybox nor nc" >&2
  exit 1
fi
cp "$here/Dockerfile" "$dir/Dockerfile"
