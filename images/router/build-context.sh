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

# Every shared object ldd resolves ("name => /path (addr)" or "/path (addr)" for the loader).
copy_lib() {
  local src="$1"
  mkdir -p "$root$(dirname "$src")"
  cp -L "$src" "$root$src"
}
mapfile -t libs < <(ldd "$haproxy_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
[[ ${#libs[@]} -gt 0 ]] || { echo "build-context.sh: ldd found no libraries for $haproxy_bin" >&2; exit 1; }
for lib in "${libs[@]}"; do
  copy_lib "$lib"
done
# glibc dlopens libgcc_s for thread cancellation/unwinding; keep it next to libc when present.
libc_dir="$(dirname "$(printf '%s\n' "${libs[@]}" | grep -m1 '/libc\.so\.6$')")"
if [[ -e "$libc_dir/libgcc_s.so.1" && ! -e "$root$libc_dir/libgcc_s.so.1" ]]; then
  copy_lib "$libc_dir/libgcc_s.so.1"
fi

cp -L "$busybox_bin" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
ln -s busybox "$root/bin/nc"

# haproxy resolves names through glibc (init-addr libc); our configs run as root and never drop
# privileges, but keep the users the official image has so a `user haproxy`/`nobody` config works.
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
haproxy:x:99:99:haproxy:/var/lib/haproxy:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
haproxy:x:99:
nogroup:x:65534:
GROUP
cat >"$root/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS

cp "$here/Dockerfile" "$dir/Dockerfile"
