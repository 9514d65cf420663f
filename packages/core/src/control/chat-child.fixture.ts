// Test helper run as a child process: posts chat messages as fast as it can and prints
// "ack <id>" after each post returns, until the parent kills it with SIGKILL.
import { createChat } from './chat.js';
import { openChatStore } from './chat-store.js';

const path = process.argv[2];
if (!path) throw new Error('usage: chat-child.fixture.ts DB_PATH');
const chat = createChat({
  store: openChatStore(path, { keep: 100_000 }),
  rateLimit: { messages: 1e9, perMs: 1 },
});
for (let i = 0; ; i++) {
  const { id } = chat.post('child', `message ${i}`);
  process.stdout.write(`ack ${id}\n`);
  if (i % 50 === 49) await new Promise((r) => setImmediate(r));
}
