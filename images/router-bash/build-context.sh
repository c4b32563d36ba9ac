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

# Every shared object ldd resolves ("name => /path (addr)" or "/path (addr)" for the loader).
mapfile -t libs < <(
  for bin in "$haproxy_bin" "$bash_bin" "$cat_bin"; do
    ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
  done | sort -u
)
[[ ${#libs[@]} -gt 0 ]] || { echo "build-context.sh: ldd found no libraries" >&2; exit 1; }
for lib in "${libs[@]}"; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# glibc dlopens libgcc_s for thread cancellation/unwinding; keep it next to libc when present.
libc_dir="$(dirname "$(printf '%s\n' "${libs[@]}" | grep -m1 '/libc\.so\.6$')")"
if [[ -e "$libc_dir/libgcc_s.so.1" && ! -e "$root$libc_dir/libgcc_s.so.1" ]]; then
  cp -L "$libc_dir/libgcc_s.so.1" "$root$libc_dir/libgcc_s.so.1"
fi

# The official image: groupadd --gid 99 haproxy; useradd --uid 99 --home-dir /var/lib/haproxy.
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/bash
haproxy:x:99:99:haproxy:/var/lib/haproxy:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
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

if [[ -e "$root/bin/busybox" || -e "$root/bin/nc" || -e "$root/usr/bin/nc" ]]; then
  echo "build-context.sh: the context must carry neither busybox nor nc" >&2
  exit 1
fi
cp "$here/Dockerfile" "$dir/Dockerfile"
