// Writes ../../resources/trystero/known-answers.json from Trystero's real code.
// Run: npm ci --ignore-scripts && node generate-fixture.mjs
import { writeFile } from 'node:fs/promises';
import * as t from './trystero-internals.mjs';

const rooms = [
  { appId: 'peerset-test', roomId: 'room-1', peerId: 'AbCdEfGhIj0123456789' },
  { appId: 'my-app', roomId: 'lobby', peerId: '0aA1bB2cC3dD4eE5fF6g' },
  { appId: 'ünïcødé app', roomId: 'room with spaces & emoji 🎉', peerId: 'zZyYxXwWvVuUtTsSrRqQ' },
  { appId: 'lone\ud800surrogate', roomId: 'r', peerId: '00000000000000000000' },
];

const cases = [];
for (const { appId, roomId, peerId } of rooms) {
  const rootTopic = await t.rootTopic(appId, roomId);
  const selfTopic = await t.selfTopic(appId, roomId, peerId);
  cases.push({
    appId, roomId, peerId,
    rootTopicPath: t.rootTopicPath(appId, roomId),
    rootTopic,
    selfTopic,
    roomToken: await t.deriveRoomNamespace(appId, roomId),
    infoHash: await t.infoHash(appId, roomId),
    nostrKindRoot: t.nostrKind(rootTopic),
    nostrKindSelf: t.nostrKind(selfTopic),
  });
}

const sha1 = [];
for (const input of ['', 'a', 'Trystero', 'abc', '\u00ff\u0100', 'x'.repeat(1000)]) {
  sha1.push({ input, output: await t.sha1(input) });
}

const sampleSdp = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:9xYz',
  'a=ice-pwd:0123456789abcdefghijklmn',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0',
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');
const sampleCandidate = JSON.stringify({
  candidate: 'candidate:842163049 1 udp 1677729535 192.0.2.2 50123 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 9xYz network-cost 999',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: '9xYz',
});

const encrypted = [];
for (const [password, appId, roomId, plaintext] of [
  ['', 'peerset-test', 'room-1', sampleSdp],
  ['hunter2', 'peerset-test', 'room-1', sampleSdp],
  ['pässwörd 🔑', 'ünïcødé app', 'room with spaces & emoji 🎉', sampleCandidate],
  ['', 'my-app', 'lobby', ''],
]) {
  const key = t.genKey(password, appId, roomId);
  const wire = await t.encrypt(key, plaintext);
  if ((await t.decrypt(key, wire)) !== plaintext) throw new Error('Trystero round trip failed');
  encrypted.push({ password, appId, roomId, plaintext, wire });
}

const sampleIds = Array.from({ length: 8 }, () => t.genId(20));

const fixture = {
  generator: 'peerset-core/src/test/js/trystero/generate-fixture.mjs',
  trysteroPackage: '@trystero-p2p/core',
  trysteroVersion: t.trysteroVersion,
  cases,
  sha1,
  encrypted,
  sampleIds,
};
const out = new URL('../../resources/trystero/known-answers.json', import.meta.url);
await writeFile(out, JSON.stringify(fixture, null, 2) + '\n');
console.log(`wrote ${out.pathname} from Trystero ${t.trysteroVersion}`);
