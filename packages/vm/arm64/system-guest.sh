#!/bin/bash
# Runs INSIDE the arm64 system VM (prove-arm64.sh system): a real arm64 Linux kernel
# (qemu-system-aarch64 -M virt, TCG) booted on the Debian trixie arm64 root, in the cross tree
# (/opt/pulseboard-cross: the host's built tree with arm64 better-sqlite3, ffi-rs, esbuild and
# rolldown). Each check prints its figures; the exit status is the number of failed checks.
set -u
cd "$(dirname "$0")/../../.." || exit 99
export NO_COLOR=1 CI=1
failed=0
say() { printf '[arm64-vm %6.1f s] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"; }
check() { # NAME COMMAND...: run, time it, count a failure
  local name=$1 t0 rc
  shift
  say "--- $name"
  t0=$(date +%s%N)
  "$@"
  rc=$?
  say "$name: $([ $rc = 0 ] && echo passed || echo FAILED) in $((($(date +%s%N) - t0) / 1000000)) ms"
  [ $rc = 0 ] || failed=$((failed + 1))
}
ms_of() { local t0; t0=$(date +%s%N); "$@" > /dev/null; echo $((($(date +%s%N) - t0) / 1000000)); }

say "init ready; kernel $(uname -r) $(uname -m), $(nproc) CPU, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MB"
say "node $(node -p 'process.version + " " + process.arch'); node -e 0: $(ms_of node -e 0) ms, then $(ms_of node -e 0) ms"

check "socket options through ffi-rs" node packages/vm/arm64/quick-proof.mjs sockets
check "TCP_INFO through ffi-rs vs ss and netem" node packages/vm/arm64/tcp-info-proof.mjs

# The repository's own suites, as on x86, one file at a time (under TCG, parallel forks missed
# vitest's start-up timeout): TCP_INFO layout (C probes compiled by the root's arm64 gcc) and
# live reads, socket options, the GPIO uAPI struct layout (C probe against the root's arm64
# headers); then the gpio-cdev suite and `board check` against gpio-sim (configfs).
# Not audit.test.ts: there the writer thread starts from TypeScript source through a loader,
# which under TCG takes longer than the store's 10 s commit timeout (every test fails on it);
# the kill -9 check below runs the built store, as the server does.
check "vitest unit: tcp-info, tune, gpio layout" npx vitest run --project unit --no-file-parallelism \
  packages/core/src/net/tcp-info.test.ts packages/core/src/net/tune.test.ts \
  packages/core/src/hardware/gpio/layout.test.ts
check "vitest vm: gpio-cdev and board check on gpio-sim" npx vitest run --project vm \
  packages/core/src/hardware/drivers/gpio-cdev.vmtest.ts apps/server/src/cli/board.vmtest.ts

check "audit kill -9 (quick-proof)" sh -c 'rm -rf /tmp/pb-kill9 && mkdir /tmp/pb-kill9 &&
  node packages/vm/arm64/quick-proof.mjs kill9 /tmp/pb-kill9'

serve() {
  local pass=arm64-proof-pass port=8080 code=000 authed t0 pid ws
  rm -rf /tmp/pb-data
  t0=$(date +%s%N)
  PULSEBOARD_ADMIN_PASSWORD=$pass node --max-semi-space-size=2 --v8-pool-size=1 --optimize-for-size \
    apps/server/bin/pulseboard.js serve --host 127.0.0.1 --port $port --board sim --data /tmp/pb-data \
    > /tmp/serve.log 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/state" || true)
    [ "$code" != 000 ] && break
    kill -0 $pid 2> /dev/null || break
    sleep 0.1
  done
  say "start to first answer: $((($(date +%s%N) - t0) / 1000000)) ms; anonymous GET /api/state -> $code"
  authed=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$pass" "http://127.0.0.1:$port/" || true)
  say "GET / (the panel page) as admin -> $authed"
  node packages/vm/arm64/quick-proof.mjs ws $port $pass
  ws=$?
  say "server RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MB; MemAvailable $(awk '/MemAvailable/ {print int($2/1024)}' /proc/meminfo) MB"
  kill $pid
  wait $pid
  [ "$code" = 401 ] && [ "$authed" = 200 ] && [ $ws = 0 ] || { tail -20 /tmp/serve.log; return 1; }
}
check "serve answers the panel" serve

say "failed checks: $failed"
exit $failed
