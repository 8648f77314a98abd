// Bundled by esbuild into the page that headless Chromium loads. A plain Trystero
// app plus nostr-tools: exactly what a browser developer would write to take part
// in a peerset room (send and receive NIP-01 events on the `ps/event` action).
import {joinRoom as joinMqtt} from '@trystero-p2p/mqtt'
import {joinRoom as joinNostr} from '@trystero-p2p/nostr'
import {joinRoom as joinTorrent} from '@trystero-p2p/torrent'
import {finalizeEvent, generateSecretKey, verifyEvent} from 'nostr-tools/pure'

const strategies = {mqtt: joinMqtt, nostr: joinNostr, torrent: joinTorrent}
const report = e => window.report(JSON.stringify(e))

let room = null
let sendEvents = null
const secretKey = generateSecretKey()

window.peersetInterop = {
  join({strategy, appId, roomId, password, relayUrls}) {
    const joinRoom = strategies[strategy]
    if (!joinRoom) throw new Error('unknown strategy ' + strategy)
    const config = {appId, relayConfig: {urls: relayUrls}}
    if (password) config.password = password
    room = joinRoom(config, roomId, {onJoinError: e => report({event: 'join-error', error: e.error})})
    room.onPeerJoin = peerId => report({event: 'peer', peerId})
    room.onPeerLeave = peerId => report({event: 'peer-left', peerId})
    const action = room.makeAction('ps/event', {
      onMessage: (data, {peerId}) => {
        let events
        try {
          // peerset nodes send the array itself (Trystero's json flag); older peers send its JSON text
          events = typeof data === 'string' ? JSON.parse(data) : data
        } catch (e) {
          report({event: 'bad-message', peerId, error: String(e)})
          return
        }
        for (const ev of Array.isArray(events) ? events : [events]) {
          report({event: 'received', peerId, id: ev.id, content: ev.content, valid: verifyEvent(ev)})
        }
      }
    })
    sendEvents = action.send
    report({event: 'joined'})
  },
  async send({content}) {
    const ev = finalizeEvent({kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content}, secretKey)
    await sendEvents(JSON.stringify([ev]))
    report({event: 'sent', id: ev.id})
  },
  async ping({peerId}) {
    const ms = await room.ping(peerId)
    report({event: 'pong', peerId, ms})
  },
  async leave() {
    await room.leave()
    report({event: 'left'})
  }
}
