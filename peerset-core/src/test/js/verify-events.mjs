// Verifies NIP-01 events (one JSON object per line on stdin) with nostr-tools,
// e.g. events signed by `peerset sign`:
//
//   ./peerset keygen | head -1 > /tmp/k && echo '{"content":"hi"}' | ./peerset sign --nsec "$(cat /tmp/k)" \
//     | node peerset-core/src/test/js/verify-events.mjs
//
// Prints "valid <id>" or "INVALID <id>" per line; exits 1 if any is invalid.
import { verifyEvent, getEventHash } from 'nostr-tools';
import { createInterface } from 'node:readline';

let bad = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const ev = JSON.parse(line);
  const ok = getEventHash(ev) === ev.id && verifyEvent(ev);
  console.log((ok ? 'valid ' : 'INVALID ') + ev.id);
  if (!ok) bad++;
}
process.exit(bad ? 1 : 0);
