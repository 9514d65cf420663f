// Test helper run as a child process: holds one GPIO line (consumer "other-app") and prints
// "holding" until killed, so a test can see how the driver reports a busy line.
import { parseBoard } from '../load-board.js';
import { GpioCdevDriver } from './gpio-cdev.js';

const [chip, line] = process.argv.slice(2);
if (!chip || !line) throw new Error('usage: gpio-holder.fixture.ts CHIP LINE');
const board = parseBoard(
  JSON.stringify({
    name: 'holder',
    driver: 'gpio-cdev',
    chip,
    lines: [{ name: 'held', label: 'Held', direction: 'out', location: { line } }],
  }),
);
await new GpioCdevDriver({ consumer: 'other-app' }).open(board);
process.stdout.write('holding\n');
setInterval(() => {}, 60_000);
