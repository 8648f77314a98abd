// Loads Trystero's own functions from the installed npm package (pinned in package.json).
// crypto.mjs is not in the package's export map, so it is imported by file URL.
import * as core from '@trystero-p2p/core';

const coreDir = new URL('./node_modules/@trystero-p2p/core/dist/', import.meta.url);
const cryptoModule = await import(new URL('crypto.mjs', coreDir));
const pkg = JSON.parse(
  await (await import('node:fs/promises')).readFile(new URL('package.json', new URL('..', coreDir)), 'utf8'));

export const trysteroVersion = pkg.version;
export const { sha1, hashWith, toHex, strToNum, genId, libName } = core;
export const { encrypt, decrypt, genKey, deriveRoomNamespace } = cryptoModule;

// Same expressions as Trystero's strategy.ts (topicPath joins with '@'),
// torrent index.ts (hashLimit = 20) and nostr index.ts (topicToKind).
export const rootTopicPath = (appId, roomId) => [libName, appId, roomId].join('@');
export const rootTopic = (appId, roomId) => sha1(rootTopicPath(appId, roomId));
export const selfTopic = (appId, roomId, peerId) => sha1([rootTopicPath(appId, roomId), peerId].join('@'));
export const infoHash = async (appId, roomId) => (await sha1(await rootTopic(appId, roomId))).slice(0, 20);
export const nostrKind = (topic) => strToNum(topic, 1e4) + 2e4;
