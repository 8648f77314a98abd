// A real Nostr relay for peerset's tests: @nostr-relay/core (event handling,
// subscriptions, NIP-01 validation including signatures) behind a ws server.
// Usage: node relay.mjs PORT   -> prints "listening PORT" once it accepts connections.
// Regular events are kept in memory (bounded); ephemeral ones are only broadcast.
import { WebSocketServer } from 'ws';
import { NostrRelay } from '@nostr-relay/core';
import { EventRepository, EventUtils, LogLevel } from '@nostr-relay/common';
import { Validator } from '@nostr-relay/validator';

class MemoryRepository extends EventRepository {
  events = [];
  isSearchSupported() { return false; }
  upsert(event) {
    if (this.events.some(e => e.id === event.id)) return { isDuplicate: true };
    this.events.push(event);
    if (this.events.length > 10000) this.events.shift();
    return { isDuplicate: false };
  }
  find(filter) {
    const out = this.events.filter(e => EventUtils.isMatchingFilter(e, filter));
    return filter.limit ? out.slice(-filter.limit) : out;
  }
  async destroy() {}
}

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node relay.mjs PORT (1-65535)');
  process.exit(2);
}
const relay = new NostrRelay(new MemoryRepository(), { logLevel: LogLevel.ERROR });
const validator = new Validator();
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 256 * 1024 });

wss.on('connection', (ws, req) => {
  relay.handleConnection(ws, req.socket.remoteAddress);
  ws.on('message', async data => {
    try {
      const message = await validator.validateIncomingMessage(data);
      await relay.handleMessage(ws, message);
    } catch (error) {
      ws.send(JSON.stringify(['NOTICE', 'invalid: ' + (error?.message ?? String(error))]));
    }
  });
  ws.on('close', () => relay.handleDisconnect(ws));
  ws.on('error', () => relay.handleDisconnect(ws));
});
wss.on('listening', () => console.log('listening ' + port));
wss.on('error', error => {
  console.error('relay error: ' + error.message);
  process.exit(1);
});
const stop = () => wss.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
