import { kernelIsBuilt, runInVm } from '@pulseboard/vm';

// The same server in the test VM with 512 MB of RAM (qemu without KVM here, so its times are
// an emulated CPU's, several times slower than the host's): start to first 401, and RSS.

export interface VmFootprint {
  startMs: number;
  rssMb: number;
  memTotalMb: number;
  memAvailableMb: number;
}

export async function vmFootprint(root: string, nodeFlags: string[]): Promise<VmFootprint | string> {
  if (!(await kernelIsBuilt())) return 'skipped: the test VM kernel is not built (npx pulseboard-vm kernel)';
  const script = `
set -e
export PULSEBOARD_ADMIN_PASSWORD=bench-admin-pw
node ${nodeFlags.join(' ')} apps/server/bin/pulseboard.js serve --host 127.0.0.1 --port 8080 --data /tmp/pb --board sim >/tmp/server.log 2>&1 &
pid=$!
t0=$(date +%s%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/api/state)" = 401 ]; do sleep 0.02; done
t1=$(date +%s%N)
sleep 5
rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
total=$(awk '/^MemTotal/ {print $2}' /proc/meminfo)
avail=$(awk '/^MemAvailable/ {print $2}' /proc/meminfo)
echo "FOOTPRINT {\\"startMs\\": $(((t1 - t0) / 1000000)), \\"rssMb\\": $((rss / 1024)), \\"memTotalMb\\": $((total / 1024)), \\"memAvailableMb\\": $((avail / 1024))}"
kill -TERM $pid
wait $pid
`;
  const result = await runInVm({ script, workdir: root, memoryMb: 512, timeoutMs: 300_000 });
  const line = /FOOTPRINT (\{.*\})/.exec(result.output)?.[1];
  if (result.status !== 0 || !line)
    return `failed: ${result.reason ?? `exit ${result.status}`}\n${result.output.slice(-2000)}`;
  return JSON.parse(line) as VmFootprint;
}
