# shellcheck shell=bash
# Shell helpers shared by scripts/stack.sh and scripts/k8s.sh (sourced, never run). Daemons are
# tracked by pid files $RUN/${PID_PREFIX}NAME.pid (stack.sh: no prefix; k8s.sh: `k8s-`).

# write_file PATH MODE < content: replace PATH only when the content differs; returns 0 if changed.
write_file() {
  local path="$1" mode="$2" tmp
  tmp="$(mktemp "$path.XXXXXX")"
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f "$path" ]] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    chmod "$mode" "$path"
    return 1
  fi
  mv -f "$tmp" "$path"
  return 0
}

pid_of() { [[ -s "$RUN/${PID_PREFIX:-}$1.pid" ]] && cat "$RUN/${PID_PREFIX:-}$1.pid"; }

# running NAME [EXE]: the pid of NAME is alive and runs the binary EXE (default NAME), the program
# we started (a pid reused by another program does not count).
running() {
  local pid exe
  pid="$(pid_of "$1" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  [[ "$(basename "${exe% (deleted)}")" == "${2:-$1}" ]]
}

# start_daemon NAME LOG CMD...: detached from our session and our stdio, pid in the pid file.
start_daemon() {
  local name="$1" log="$2"
  shift 2
  echo "=== $(date -Is) starting: $*" >>"$log"
  setsid "$@" >>"$log" 2>&1 </dev/null 3>&- &
  echo "$!" >"$RUN/${PID_PREFIX:-}$name.pid"
}

# stop_daemon NAME [EXE]: TERM, up to 30 s, then KILL; returns 1 when it was not running.
stop_daemon() {
  local name="$1" exe="${2:-$1}" pid i
  if ! running "$name" "$exe"; then
    rm -f "$RUN/${PID_PREFIX:-}$name.pid"
    return 1
  fi
  pid="$(pid_of "$name")"
  kill -TERM "$pid"
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/${PID_PREFIX:-}$name.pid"
  return 0
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

port_listening() { ss -Hltn "sport = :$1" | grep -q .; }
