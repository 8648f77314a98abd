#!/usr/bin/env python3
"""Writes the seed corpora of the Jazzer fuzz tests (src/test/resources/.../<Test>Inputs/<method>/).

Run from the repository root: python3 scripts/fuzz-seeds.py  (needs the 'cryptography' package for
the encrypted Trystero signals). Seeds are valid inputs taken from the project's interop fixtures
(nostr-tools events, Negentropy vectors) plus a few interesting invalid ones. Crash inputs that Jazzer
adds to these directories (crash-*) are kept: the script only (re)writes its own files.
"""
import base64, hashlib, json, os, struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENTS = json.load(open(os.path.join(ROOT, 'peerset-core/src/test/resources/nostr-tools-events.json')))['events']
VECTORS = json.load(open(os.path.join(ROOT, 'peerset-core/src/test/resources/negentropy/vectors.json')))['cases']


def out_dir(module, package, test, method):
    d = os.path.join(ROOT, module, 'src/test/resources', package.replace('.', '/'), test + 'Inputs', method)
    os.makedirs(d, exist_ok=True)
    return d


def w(d, name, data):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))


def compact(event):
    try:
        s = json.dumps(event, separators=(',', ':'), ensure_ascii=False)
        s.encode('utf-8')
        return s
    except UnicodeEncodeError:  # a lone surrogate: keep it as an escape
        return json.dumps(event, separators=(',', ':'))


EV = EVENTS[0]['event']
S = compact(EV)

# ---- peerset-api: Record.fromJson ----------------------------------------------------------------
rd = out_dir('peerset-api', 'io.peerset.api.fuzz', 'RecordFuzzTest', 'fromJsonAcceptsOrRejectsCleanly')
for i, e in enumerate(EVENTS):
    w(rd, f'valid-{i:02d}.json', compact(e['event']))
w(rd, 'pretty.json', json.dumps(EV, indent=2))
w(rd, 'unknown-nested-field.json', S[:-1] + ',"extra":{"a":[1,-2.5e+3,true,false,null,{"b":"\\u00e9"}]}}')
w(rd, 'escapes.json', S.replace('"hello peerset"', '"\\u0000\\ud83d\\ude00\\ud800 \\" \\\\ \\/ \\b\\f\\n\\r\\t"'))
w(rd, 'tags.json', S.replace('"tags":[]', '"tags":[["d","x"],["ms","1700000000123"],["g","u33d"],["r","https://a"]]'))
w(rd, 'duplicate-key.json', S[:-1] + ',"kind":1}')
w(rd, 'missing-sig.json', S.split(',"sig"')[0] + '}')
w(rd, 'huge-created-at.json', S.replace('1700000000', '99999999999999999999999'))
w(rd, 'fraction-kind.json', S.replace('"kind":1', '"kind":1.0'))
w(rd, 'trailing.json', S + ' {}')
w(rd, 'deep.json', S[:-1] + ',"x":' + '[' * 40 + ']' * 40 + '}')
w(rd, 'empty-tag.json', S.replace('"tags":[]', '"tags":[[]]'))
w(rd, 'not-object.json', '[1,2,3]')
w(rd, 'unterminated.json', S[:40])
w(rd, 'uppercase-id.json', S.replace(EV['id'], EV['id'].upper()))

# ---- peerset-api: NIP-19 -------------------------------------------------------------------------
nd = out_dir('peerset-api', 'io.peerset.api.fuzz', 'Nip19FuzzTest', 'decodeAcceptsOrRejectsCleanly')
for i, e in enumerate(EVENTS):
    w(nd, f'npub-{i:02d}', e['npub'])
    w(nd, f'nsec-{i:02d}', e['nsec'])
    w(nd, f'note-{i:02d}', e['note'])
NPUB = EVENTS[0]['npub']
w(nd, 'upper', NPUB.upper())
w(nd, 'mixed-case', NPUB[:10] + NPUB[10:].upper())
w(nd, 'bad-checksum', NPUB[:-1] + ('q' if NPUB[-1] != 'q' else 'p'))
w(nd, 'hex', EV['pubkey'])
w(nd, 'truncated', NPUB[:40])
w(nd, 'no-separator', 'npubqqqqqqqq')
w(nd, 'long', 'npub1' + 'q' * 200)
w(nd, 'non-ascii', 'npub1\u00e9' + NPUB[6:])

# ---- peerset-core: Trystero frames ---------------------------------------------------------------
TOKEN = b'3f1c2a0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a'
CHUNK = 16 * 1024 - 36


def room_frame(action, nonce, flags, progress, payload, token=TOKEN):
    name = action.encode('utf-8').ljust(32, b'\0')
    return bytes([1]) + struct.pack('>H', len(token)) + token + name + struct.pack('>H', nonce) + bytes([flags, progress]) + payload


def presence(present, token=TOKEN):
    return bytes([2, 1 if present else 0]) + struct.pack('>H', len(token)) + token


def message(action, nonce, flags, payload):
    """All frames of one message, as Trystero splits it."""
    total = max(1, (len(payload) + CHUNK - 1) // CHUNK)
    out = []
    for i in range(total):
        last = i == total - 1
        out.append(room_frame(action, nonce, (1 if last else 0) | flags, int((i + 1) * 255 / total + 0.5),
                              payload[i * CHUNK:(i + 1) * CHUNK]))
    return out


fd = out_dir('peerset-core', 'io.peerset.core.wire.fuzz', 'FramesFuzzTest', 'decodeAcceptsOrRejectsCleanly')
w(fd, 'presence', presence(True))
w(fd, 'absence', presence(False))
w(fd, 'string', room_frame('@_ping', 0, 1, 255, b''))
w(fd, 'json', room_frame('ps/event', 7, 1 | 8, 255, S.encode()))
w(fd, 'binary', room_frame('ps/neg', 65535, 1 | 4 | 8, 255, bytes([0x61, 0, 0, 1]) + bytes(16)))
w(fd, 'meta', room_frame('file', 3, 2 | 4 | 8, 0, b'{"name":"x"}'))
w(fd, 'long-action-name', room_frame('a' * 32, 1, 1, 255, b'x'))
w(fd, 'unicode-action-name', room_frame('\u00e9\u00e8', 1, 1, 255, b'x'))
w(fd, 'bad-padding', room_frame('ab', 1, 1, 255, b'')[:3 + len(TOKEN) + 3] + b'x' + bytes(29) + bytes([0, 1, 1, 255]))
w(fd, 'unknown-flags', room_frame('x', 1, 0xf1, 255, b''))
w(fd, 'short', bytes([1, 0, 64]) + TOKEN[:10])
w(fd, 'unknown-type', bytes([3, 0, 0, 0]))
w(fd, 'bad-utf8-token', bytes([2, 1, 0, 2, 0xc3, 0x28]))

ad = out_dir('peerset-core', 'io.peerset.core.wire.fuzz', 'FramesFuzzTest', 'assemblerStaysWithinItsBounds')


def stream(frames):
    return b''.join(struct.pack('>H', len(f)) + f for f in frames)


FOREIGN = b'f' * 64
w(ad, 'one-message', stream(message('ps/event', 1, 8, S.encode())))
w(ad, 'chunked', stream(message('big', 2, 4 | 8, bytes(range(256)) * 80)))
w(ad, 'presence-then-foreign', stream([presence(True, FOREIGN)] + message('x', 1, 0, b'hi', ) +
                                     [room_frame('x', 1, 1, 255, b'!', FOREIGN), presence(False, FOREIGN)]))
w(ad, 'meta-first', stream([room_frame('big', 9, 2 | 4 | 8, 10, b'{"n":1}')] + message('big', 9, 4 | 8, bytes(CHUNK + 5))))
w(ad, 'interleaved', stream([m for pair in zip(message('big', 1, 0, b'a' * (CHUNK + 1)), message('big', 2, 0, b'b' * (CHUNK + 1))) for m in pair]))
w(ad, 'expired', stream(message('big', 3, 0, b'c' * (CHUNK + 1))[:1]) + b'\0\0' + stream(message('big', 3, 0, b'c' * (CHUNK + 1))[1:]))
w(ad, 'replayed-nonce', stream(message('x', 4, 0, b'a') * 2))

# ---- peerset-core: ps/event and ps/req -----------------------------------------------------------
ed = out_dir('peerset-core', 'io.peerset.core.engine', 'EventCodecFuzzTest', 'eventBatchAcceptsOrRejectsCleanly')
w(ed, 'empty', '[]')
w(ed, 'one', '[' + S + ']')
w(ed, 'all', '[' + ','.join(compact(e['event']) for e in EVENTS) + ']')
w(ed, 'spaced', '[ ' + S + ' ,\n ' + compact(EVENTS[1]['event']) + ' ]')
w(ed, 'known-id', '[{"id":"' + '0' * 64 + '","x":1}]')
w(ed, 'nested', '[{"a":{"b":[{"c":"}]"}]},"s":"\\"{"}]')
w(ed, 'not-array', '{"id":1}')
w(ed, 'trailing', '[' + S + '] x')
w(ed, 'unclosed', '[' + S[:-1])
w(ed, 'deep', '[' + '{"a":' * 12 + '1' + '}' * 12 + ']')

qd = out_dir('peerset-core', 'io.peerset.core.engine', 'EventCodecFuzzTest', 'requestAcceptsOrRejectsCleanly')
ids = [e['event']['id'] for e in EVENTS]
w(qd, 'empty', '[]')
w(qd, 'one', '["' + ids[0] + '"]')
w(qd, 'all', '[' + ','.join('"' + i + '"' for i in ids) + ']')
w(qd, 'spaced', '[ "' + ids[0] + '" ,\n "' + ids[1] + '" ]')
w(qd, 'uppercase', '["' + ids[0].upper() + '"]')
w(qd, 'short', '["' + ids[0][:60] + '"]')
w(qd, 'trailing-comma', '["' + ids[0] + '",]')

# ---- peerset-core: Negentropy --------------------------------------------------------------------
rsp = out_dir('peerset-core', 'io.peerset.core.sync', 'NegentropyFuzzTest', 'responderAnswersOrRejects')
ini = out_dir('peerset-core', 'io.peerset.core.sync', 'NegentropyFuzzTest', 'initiatorProcessesOrRejects')
par = out_dir('peerset-core', 'io.peerset.core.sync', 'NegentropyFuzzTest', 'messageParsesOrRejects')
for c in VECTORS:
    for k, m in enumerate(c['messages']):
        data = bytes.fromhex(m['hex'])
        if len(data) > 20000:
            continue
        name = f"{c['name']}-{k}"
        w(rsp if m['from'] == 'initiator' else ini, name, data)
        w(par, name, data)
for d in (rsp, ini, par):
    w(d, 'version-only', bytes([0x61]))
    w(d, 'version-2', bytes([0x62, 0, 0]))
    w(d, 'skip-all', bytes([0x61, 0, 0, 0]))
    w(d, 'empty-id-list', bytes([0x61, 0, 0, 2, 0]))
    w(d, 'long-varint', bytes([0x61]) + b'\xff' * 11)
    w(d, 'descending-bounds', bytes([0x61, 5, 0, 0, 2, 0, 1]))

# ---- peerset-core: Trystero SDP crypto and topic signalling --------------------------------------
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def seal(password, app, room, text, iv=bytes(range(16))):
    key = hashlib.sha256(f'{password}:{app}:{room}'.encode()).digest()
    ct = AESGCM(key).encrypt(iv, text.encode(), None)
    return ','.join(str(b) for b in iv) + '$' + base64.b64encode(ct).decode()


sd = out_dir('peerset-core', 'io.peerset.core.trystero.fuzz', 'SdpCryptoFuzzTest', 'decryptAcceptsOrRejectsCleanly')
w(sd, 'offer', seal('', 'peerset-fuzz', 'room', 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n'))
w(sd, 'candidate', seal('', 'peerset-fuzz', 'room', '{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMid":"0"}'))
w(sd, 'other-password', seal('secret', 'peerset-fuzz', 'room', 'v=0'))
w(sd, 'empty-text', seal('', 'peerset-fuzz', 'room', ''))
w(sd, 'short-iv', '1,2,3$AAAA')
w(sd, 'iv-256', ','.join(['256'] * 16) + '$AAAAAAAAAAAAAAAAAAAAAA==')
w(sd, 'no-dollar', 'abc')
w(sd, 'bad-base64', ','.join(['0'] * 16) + '$!!!')

td = out_dir('peerset-core', 'io.peerset.core.trystero', 'TopicSignalingFuzzTest', 'inboundMessagesNeverBreakTheStrategy')
w(td, 'announce-lower', '#{"peerId":"aaaaaaaaaaaaaaaaaaaa"}')
w(td, 'announce-higher', '#{"peerId":"yyyyyyyyyyyyyyyyyyyy"}')
w(td, 'offer-open', '{"peerId":"yyyyyyyyyyyyyyyyyyyy","offerId":"abcdefghijkl","offer":"@enc:v=0 open"}')
w(td, 'candidate-then-offer',
  '{"peerId":"yyyyyyyyyyyyyyyyyyyy","offerId":"o1","candidate":"@enc:{\\"candidate\\":\\"c\\"}"}\0'
  '{"peerId":"yyyyyyyyyyyyyyyyyyyy","offerId":"o1","offer":"@enc:v=0"}\0'
  '{"peerId":"yyyyyyyyyyyyyyyyyyyy","offerId":"o1","offer":"@enc:v=0"}')
w(td, 'announce-then-answer',
  '#{"peerId":"zzzzzzzzzzzzzzzzzzzz"}\0#{"peerId":"yyyyyyyyyyyyyyyyyyyy"}\0{"peerId":"yyyyyyyyyyyyyyyyyyyy","answer":"@enc:v=0 open"}')
w(td, 'glare', '{"peerId":"aaaaaaaaaaaaaaaaaaaa","offerId":"o2","offer":"@enc:v=0","hasOutgoingOffer":true}')
w(td, 'undecryptable', '{"peerId":"yyyyyyyyyyyyyyyyyyyy","offer":"' + seal('secret', 'peerset-fuzz', 'room', 'v=0') + '"}')
w(td, 'garbage', '!{"peerId":1}\0[1]\0{"peerId":"a","offer":""}\0{"peerId":"a","offerId":7}\0nope')
print('seeds written')

# ---- peerset-signal-nostr: relay messages --------------------------------------------------------
rf = out_dir('peerset-signal-nostr', 'io.peerset.signal.nostr', 'RelayFrameFuzzTest', 'relayMessageAcceptsOrRejectsCleanly')
w(rf, 'event', '["EVENT","sub1",' + json.dumps(EV, separators=(',', ':')) + ']')
topical = dict(EV, tags=[["x", "6n1u5pw5948553q4p6m633u181b2r51ki6622"]], kind=22640)
w(rf, 'event-topic', '["EVENT","s",' + json.dumps(topical, separators=(',', ':')) + ']')
w(rf, 'eose', '["EOSE","sub1"]')
w(rf, 'ok-true', '["OK","' + EV['id'] + '",true,""]')
w(rf, 'ok-false', '["OK","' + EV['id'] + '",false,"rate-limited: slow down"]')
w(rf, 'ok-no-message', '["OK","' + EV['id'] + '",true]')
w(rf, 'notice', '["NOTICE","hello"]')
w(rf, 'closed', '["CLOSED","sub1","error: too many"]')
w(rf, 'auth', '["AUTH","challenge"]')
w(rf, 'unknown', '["COUNT","s",{"count":1}]')
w(rf, 'duplicate-key', '["EVENT","s",{"id":"a","id":"b"}]')
w(rf, 'deep', '[' + '[' * 20 + ']' * 20 + ']')
w(rf, 'big-number', '["EVENT","s",{"created_at":1' + '0' * 40 + '}]')
w(rf, 'not-array', '{"EVENT":1}')
w(rf, 'trailing', '["EOSE","s"] ["EOSE","s"]')
w(rf, 'empty', '')

# ---- peerset-signal-torrent: tracker messages ----------------------------------------------------
tm = out_dir('peerset-signal-torrent', 'io.peerset.signal.torrent', 'TrackerMessageFuzzTest', 'trackerMessagesNeverBreakDiscovery')
HI, LO = 'y' * 20, 'a' * 20
w(tm, 'announce-reply', '{"action":"announce","interval":120,"info_hash":"@ih","complete":0,"incomplete":1}')
w(tm, 'offer-open', '{"action":"announce","info_hash":"@ih","peer_id":"' + HI + '","offer_id":"abcdefghijkl",'
  '"offer":{"type":"offer","sdp":"@enc:v=0 open"}}')
w(tm, 'offer-from-smaller-id', '{"action":"announce","info_hash":"@ih","peer_id":"' + LO + '","offer_id":"o1",'
  '"offer":{"type":"offer","sdp":"@enc:v=0"}}\0{"action":"announce","info_hash":"@ih","peer_id":"' + LO
  + '","offer_id":"o1","offer":{"type":"offer","sdp":"@enc:v=0"}}')
w(tm, 'answer-to-pool', '{"action":"announce","info_hash":"@ih","peer_id":"' + HI + '","offer_id":"@pool",'
  '"answer":{"type":"answer","sdp":"@enc:v=0 open"}}\0{"action":"announce","info_hash":"@ih","peer_id":"' + LO
  + '","offer_id":"@pool","answer":{"type":"answer","sdp":"@enc:v=0"}}')
w(tm, 'answer-unknown-offer', '{"action":"announce","info_hash":"@ih","peer_id":"' + HI + '","offer_id":"nope",'
  '"answer":{"sdp":"@enc:v=0"}}')
w(tm, 'undecryptable', '{"action":"announce","info_hash":"@ih","peer_id":"' + HI + '","offer_id":"o2",'
  '"offer":{"type":"offer","sdp":"' + seal('secret', 'peerset-test', 'room-1', 'v=0') + '"}}')
w(tm, 'failure', '{"failure reason":"info_hash is not valid"}\0{"failure reason":{"x":1}}')
w(tm, 'warning', '{"warning message":"slow down","info_hash":"@ih","interval":1e308}')
w(tm, 'garbage', '{"action":"scrape"}\0{"info_hash":"xx"}\0[1]\0{"info_hash":"@ih","peer_id":"a b","offer":{}}\0'
  '{"info_hash":"@ih","peer_id":"' + HI + '","offer_id":"\\u0001","offer":{}}\0nope')
