import { read, writeSync } from 'node:fs';
import { DelaySchedule } from './delay-schedule.js';
import { openTun } from './tun.js';

// The userspace delay path (the kernel here has no sch_netem). Runs inside a client host:
// the host's routes to the lab send its outgoing packets into a TUN device; this process
// reads each packet, holds it D ± J ms and writes it back, and a policy rule (`iif` the TUN)
// forwards it out of eth0. Started as: node delay-relay.js DEV DELAY_MS JITTER_MS
function main(): void {
  const [dev, d, j] = process.argv.slice(2);
  if (!dev) throw new Error('usage: delay-relay DEV DELAY_MS JITTER_MS');
  const fd = openTun(dev);
  const schedule = new DelaySchedule(Number(d ?? 0), Number(j ?? 0));
  const loop = () => {
    const buf = Buffer.allocUnsafe(65536);
    read(fd, buf, 0, buf.length, null, (err, n) => {
      if (err) {
        process.stderr.write(`delay-relay: ${err.message}\n`);
        process.exit(1);
      }
      const pkt = buf.subarray(0, n);
      const wait = schedule.releaseAt(performance.now()) - performance.now();
      setTimeout(() => {
        try {
          writeSync(fd, pkt);
        } catch {
          // a full queue drops the packet, as a real link would
        }
      }, wait);
      loop();
    });
  };
  process.stdout.write('ready\n');
  loop();
}

main();
