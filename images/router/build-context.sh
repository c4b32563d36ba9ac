#!/usr/bin/env bash
# Prepare the build context of greenlight-router:local in DIR (emptied first):
#   DIR/Dockerfile, DIR/rootfs/...
# rootfs holds the host's HAProxy binary as /usr/local/sbin/haproxy, the libraries `ldd` names at
# their host paths plus the dynamic loader, busybox-static as /bin/busybox with /bin/sh and /bin/nc
# pointing at it (busybox dispatches on argv[0]), minimal /etc files, and /tmp, /var/run,
# /usr/local/etc/haproxy. Prints nothing on success.
set -euo pipefail

dir="${1:?usage: build-context.sh DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../rootfs.sh
source "$here/../rootfs.sh"
haproxy_bin="${HAPROXY_BIN:-/usr/sbin/haproxy}"
busybox_bin="${BUSYBOX_BIN:-/bin/busybox}"

[[ -x "$haproxy_bin" ]] || { echo "build-context.sh: $haproxy_bin not found (apt-get install haproxy)" >&2; exit 1; }
[[ -x "$busybox_bin" ]] || { echo "build-context.sh: $busybox_bin not found (apt-get install busybox-static)" >&2; exit 1; }
if ldd "$busybox_bin" >/dev/null 2>&1; then
  echo "build-context.sh: $busybox_bin is dynamically linked; install busybox-static" >&2
  exit 1
fi

rm -rf "$dir"
root="$dir/rootfs"
mkdir -p "$root/usr/local/sbin" "$root/usr/local/etc/haproxy" "$root/bin" "$root/etc" \
  "$root/tmp" "$root/var/run" "$root/var/lib/haproxy"
chmod 1777 "$root/tmp"
chmod 0755 "$root/var/run"

cp -L "$haproxy_bin" "$root/usr/local/sbin/haproxy"

copy_with_libraries "$root" "$haproxy_bin"

cp -L "$busybox_bin" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
ln -s busybox "$root/bin/nc"

write_etc "$root" /bin/sh /bin/false

cp "$here/Dockerfile" "$dir/Dockerfile"
