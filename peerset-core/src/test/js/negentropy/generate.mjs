// Generates Negentropy v1 vectors for peerset-core's NegentropyVectorsTest.
//
// Initiator: nostr-tools' nip77 Negentropy (a port of hoytech's reference; it only
// plays the initiator). Responder: @nostr-dev-kit/sync's Negentropy (also a port; it
// pads echoed bounds to 32 bytes, so its replies are compared range by range).
//
// Items are deterministic: item i has id SHA-256("peerset-neg-" + i) and
// created_at 1700000000 + floor(i / 3). Each case names the universe size n and the
// indices missing on each side; every message exchanged and the initiator's have/need
// ids are written to the JSON file given as the only argument.
//
// Usage: npm install --ignore-scripts && node generate.mjs ../../resources/negentropy/vectors.json

import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { nip77 } from 'nostr-tools'
import { Negentropy as NdkNegentropy, NegentropyStorage } from '@nostr-dev-kit/sync'
const { Negentropy: NtNegentropy, NegentropyStorageVector } = nip77

const BASE_TIME = 1700000000
const NO_LIMIT = 2 ** 31 // nostr-tools insists on a limit; this one is never reached

const idHex = i => createHash('sha256').update('peerset-neg-' + i).digest('hex')
const createdAt = i => BASE_TIME + Math.floor(i / 3)
const toHex = bytes => Buffer.from(bytes).toString('hex')

// mulberry32: a small deterministic generator for picking missing indices
function picker(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick(n, count, seed) {
  const rnd = picker(seed)
  const out = new Set()
  while (out.size < count) out.add(Math.floor(rnd() * n))
  return [...out].sort((a, b) => a - b)
}

function without(list, drop) {
  const d = new Set(drop)
  return list.filter(i => !d.has(i))
}

function range(n) {
  return [...Array(n).keys()]
}

const cases = [
  { name: 'tiny-sets-use-id-lists', n: 20, missingAtInitiator: [3, 11], missingAtResponder: [7] },
  { name: 'identical-sets', n: 3000, missingAtInitiator: [], missingAtResponder: [] },
  { name: 'differences-on-both-sides', n: 5000, missingAtInitiator: pick(5000, 40, 1), missingAtResponder: without(pick(5000, 40, 2), pick(5000, 40, 1)) },
  { name: 'one-difference-in-twenty-thousand', n: 20000, missingAtInitiator: [], missingAtResponder: [12345] },
  { name: 'empty-initiator', n: 300, missingAtInitiator: range(300), missingAtResponder: [] },
  { name: 'empty-responder', n: 300, missingAtInitiator: [], missingAtResponder: range(300) },
  {
    name: 'initiator-frame-limit-4096-several-rounds',
    n: 10000,
    initiatorFrameSizeLimit: 4096,
    missingAtInitiator: pick(10000, 120, 3),
    missingAtResponder: without(pick(10000, 120, 4), pick(10000, 120, 3)),
  },
]

async function runCase(c) {
  const missingI = new Set(c.missingAtInitiator)
  const missingR = new Set(c.missingAtResponder)
  if (c.missingAtInitiator.some(i => missingR.has(i))) throw Error(c.name + ': an index is missing on both sides')

  const initiatorStorage = new NegentropyStorageVector()
  const responderStorage = new NegentropyStorage()
  for (let i = 0; i < c.n; i++) {
    if (!missingI.has(i)) initiatorStorage.insert(createdAt(i), idHex(i))
    if (!missingR.has(i)) responderStorage.insert(createdAt(i), idHex(i))
  }
  initiatorStorage.seal()
  responderStorage.seal()

  const frame = c.initiatorFrameSizeLimit ?? 0
  const initiator = new NtNegentropy(initiatorStorage, frame === 0 ? NO_LIMIT : frame)
  const responder = new NdkNegentropy(responderStorage, 0)

  const messages = []
  const have = []
  const need = []
  let msg = initiator.initiate()
  while (msg !== null) {
    if (messages.length > 10000) throw Error(c.name + ': no end in sight')
    messages.push({ from: 'initiator', hex: msg })
    const reply = toHex((await responder.reconcile(Buffer.from(msg, 'hex'))).nextMessage)
    messages.push({ from: 'responder', hex: reply })
    msg = initiator.reconcile(reply, id => have.push(id), id => need.push(id))
  }

  // the set difference must come out right, else the vectors are worthless
  const expectHave = c.missingAtResponder.map(idHex).sort()
  const expectNeed = c.missingAtInitiator.map(idHex).sort()
  if (JSON.stringify([...new Set(have)].sort()) !== JSON.stringify(expectHave)) throw Error(c.name + ': wrong have')
  if (JSON.stringify([...new Set(need)].sort()) !== JSON.stringify(expectNeed)) throw Error(c.name + ': wrong need')

  return {
    name: c.name,
    n: c.n,
    initiatorFrameSizeLimit: frame,
    responderFrameSizeLimit: 0,
    missingAtInitiator: c.missingAtInitiator,
    missingAtResponder: c.missingAtResponder,
    initiatorFingerprint: toHex(initiatorStorage.fingerprint(0, initiatorStorage.size())),
    responderFingerprint: toHex(await responderStorage.fingerprint(0, responderStorage.size())),
    messages,
    have,
    need,
  }
}

const out = process.argv[2]
if (!out) throw Error('usage: node generate.mjs <output.json>')
const version = name => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version
const result = {
  generator: 'peerset-core/src/test/js/negentropy/generate.mjs',
  initiatorImplementation: 'nostr-tools ' + version('nostr-tools') + ' (nip77 Negentropy)',
  responderImplementation: '@nostr-dev-kit/sync ' + version('@nostr-dev-kit/sync') + ' (Negentropy)',
  items: 'item i: id = SHA-256(UTF-8 "peerset-neg-" + i), created_at = 1700000000 + floor(i / 3)',
  cases: [],
}
for (const c of cases) {
  const r = await runCase(c)
  console.log(`${r.name}: ${r.messages.length / 2} round trips, have ${r.have.length}, need ${r.need.length}`)
  result.cases.push(r)
}
writeFileSync(out, JSON.stringify(result, null, 1) + '\n')
console.log('wrote ' + out)
