// Reads peerset encrypted records with nostr-tools alone (docs/PROTOCOL.md, "Encrypted records").
// Input on stdin, one JSON object per line: {"event": <NIP-01 event>, "reader": <secret key hex>}.
// Output, one line each: {"id", "m", "c"} (the decrypted envelope), or {"id", "error"}.
// Used by peerset-core's Nip44NostrToolsTest.
import { getPublicKey, getEventHash, verifyEvent, nip44 } from 'nostr-tools';
import { hexToBytes } from '@noble/hashes/utils.js';
import { createInterface } from 'node:readline';

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { event, reader } = JSON.parse(line);
  try {
    if (getEventHash(event) !== event.id || !verifyEvent(event)) throw new Error('invalid event');
    const me = getPublicKey(hexToBytes(reader));
    const tag = event.tags.find((t) => t[0] === 'ek' && t[1] === me);
    if (!tag) throw new Error('not a recipient');
    const contentKey = hexToBytes(nip44.v2.decrypt(tag[2], nip44.v2.utils.getConversationKey(hexToBytes(reader), event.pubkey)));
    const envelope = JSON.parse(nip44.v2.decrypt(event.content, contentKey));
    console.log(JSON.stringify({ id: event.id, m: envelope.m, c: envelope.c }));
  } catch (e) {
    console.log(JSON.stringify({ id: event.id, error: e.message }));
  }
}
