// Test helper run as a child process: posts chat messages as fast as it can and prints
// "ack <id>" after each post resolves (the commit is acknowledged), until the parent kills it
// with SIGKILL. Posts overlap (several in flight), so group commits are exercised too.
import { createChat } from './chat.js';
import { openChatStore } from './chat-store.js';

const path = process.argv[2];
if (!path) throw new Error('usage: chat-child.fixture.ts DB_PATH');
const chat = createChat({
  store: openChatStore(path, { keep: 100_000 }),
  rateLimit: { messages: 1e9, perMs: 1 },
});
const inFlight = 8;
let i = 0;
async function poster(): Promise<void> {
  for (;;) {
    const { id } = await chat.post('child', `message ${i++}`);
    process.stdout.write(`ack ${id}\n`);
  }
}
await Promise.all(Array.from({ length: inFlight }, poster));
