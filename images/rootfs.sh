# Sourced by the router images' build-context.sh: the pieces of a FROM-scratch root file system.

# copy_with_libraries ROOT BIN...: every shared object `ldd` resolves for the binaries ("name =>
# /path (addr)", or "/path (addr)" for the loader), copied into ROOT at its host path, plus
# libgcc_s next to libc (glibc dlopens it for thread cancellation and unwinding).
copy_with_libraries() {
  local root="$1" lib libc_dir
  shift
  local -a libs
  mapfile -t libs < <(
    for bin in "$@"; do
      ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
    done | sort -u
  )
  [[ ${#libs[@]} -gt 0 ]] || { echo "build-context.sh: ldd found no libraries for $*" >&2; return 1; }
  libc_dir="$(dirname "$(printf '%s\n' "${libs[@]}" | grep -m1 '/libc\.so\.6$')")"
  [[ -e "$libc_dir/libgcc_s.so.1" ]] && libs+=("$libc_dir/libgcc_s.so.1")
  for lib in "${libs[@]}"; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# write_etc ROOT ROOT_SHELL NOLOGIN: the users and groups of the official haproxy image (root,
# haproxy uid/gid 99, nobody) and an nsswitch.conf, so a `user haproxy` config and glibc name
# resolution (init-addr libc) work.
write_etc() {
  local root="$1" shell="$2" nologin="$3"
  cat >"$root/etc/passwd" <<PASSWD
root:x:0:0:root:/root:$shell
haproxy:x:99:99:haproxy:/var/lib/haproxy:$nologin
nobody:x:65534:65534:nobody:/nonexistent:$nologin
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
}
