// Writes ../../resources/nostr/trystero-nostr.json: what Trystero 0.25.4's nostr strategy
// computes for some topics (event kind and x tag, taken from an event made by its own
// createEvent; its REQ filter) and which default relays it picks for some app ids.
// Run: npm ci --ignore-scripts && node generate-fixture.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { createEvent, subscribe, defaultRelayUrls } from '@trystero-p2p/nostr';
import { getRelays, sha1 } from '@trystero-p2p/core';

const topics = [
  'a', 'hello', 'Trystero@app@room', 'caf\u00e9', 'emoji \ud83d\ude00 topic', '\u4e2d\u6587\u8bdd\u9898',
  'z'.repeat(200), await sha1('Trystero@peerset-test@room-1'),
  await sha1('Trystero@peerset-test@room-1@0123456789AaBbCcDdEe'),
];
const kinds = [];
for (const topic of topics) {
  const [, event] = JSON.parse(await createEvent(topic, '{"peerId":"x"}'));
  const [, , filter] = JSON.parse(subscribe('s', topic));
  kinds.push({ topic, kind: event.kind, tags: event.tags, filterKinds: filter.kinds, filterX: filter['#x'] });
}
const relays = [];
for (const appId of ['peerset-test', 'my-app', 'trystero-demo', '\u00e9l\u00e8ve']) {
  relays.push({ appId, redundancy: 5, urls: getRelays({ appId }, defaultRelayUrls, 5, true) });
}
const out = { trystero: '@trystero-p2p/nostr 0.25.4', defaultRelayUrls, kinds, relays };
mkdirSync(new URL('../../resources/nostr/', import.meta.url), { recursive: true });
writeFileSync(new URL('../../resources/nostr/trystero-nostr.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log('wrote trystero-nostr.json with ' + kinds.length + ' topics and ' + relays.length + ' relay picks');
