// Trystero's own Nostr client code (@trystero-p2p/nostr 0.25.4) talking to a relay,
// standing in for a browser peer in peerset's tests.
//   node trystero-client.mjs publish URL TOPIC CONTENT  -> sends one event made by Trystero's
//        createEvent, prints "ok <true|false> <message>" when the relay answers, then exits.
//   node trystero-client.mjs listen URL TOPIC           -> sends Trystero's REQ for TOPIC, prints
//        "ready" after EOSE and "event <content>" for every event on the topic, until killed.
import WebSocket from 'ws';
import { createEvent, subscribe } from '@trystero-p2p/nostr';

const [mode, url, topic, content] = process.argv.slice(2);
if (!['publish', 'listen'].includes(mode) || !url || !topic) {
  console.error('usage: node trystero-client.mjs publish URL TOPIC CONTENT | listen URL TOPIC');
  process.exit(2);
}
const ws = new WebSocket(url);
ws.on('error', error => {
  console.error('socket error: ' + error.message);
  process.exit(1);
});
ws.on('open', async () => {
  if (mode === 'publish') {
    ws.send(await createEvent(topic, content ?? ''));
  } else {
    ws.send(subscribe('trystero-' + process.pid, topic));
  }
});
ws.on('message', data => {
  const [type, a, b, c] = JSON.parse(String(data));
  if (mode === 'publish' && type === 'OK') {
    console.log(`ok ${b} ${c ?? ''}`);
    ws.close();
    process.exit(0);
  }
  if (mode === 'listen' && type === 'EOSE') console.log('ready');
  if (mode === 'listen' && type === 'EVENT') {
    const x = (b.tags || []).find(t => t[0] === 'x');
    if (x && x[1] === topic) console.log('event ' + b.content);
  }
});
setTimeout(() => process.exit(3), 60000).unref();
