#!/bin/sh
# Build the lab's images from local files only (no registry is reached):
#   pulseboard-base:local  this machine's node + libraries (docker/build-base.sh)
#   pulseboard-lab:local   the base + this work tree with its installed node_modules
# Run `npm ci && npm run build` first (the lab UI is served from apps/lab-ui/dist).
# Usage: docker/build.sh            then: docker-compose up   (or: docker compose up)
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "docker/build.sh: run npm ci first" >&2; exit 1; }
[ -d apps/lab-ui/dist ] || echo "docker/build.sh: warning: apps/lab-ui/dist missing (npm run build): no lab UI" >&2
docker image inspect pulseboard-base:local >/dev/null 2>&1 && [ "${PBL_REBUILD_BASE:-0}" = 0 ] ||
  docker/build-base.sh pulseboard-base:local
# The build context goes in as a tar on stdin: what is left out here never reaches the daemon
# (this works with the classic builder, docker-compose v1 and BuildKit alike).
tar -c --exclude=./.git --exclude=./.lab-runs --exclude=./bench/results --exclude=./test-results \
  --exclude=./playwright-report --exclude='*.tsbuildinfo' . |
  docker build -t pulseboard-lab:local -f docker/Dockerfile -
echo "built pulseboard-lab:local"
