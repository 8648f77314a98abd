// A real WebTorrent tracker for peerset-signal-torrent's tests: bittorrent-tracker's own
// server (the code public WebTorrent trackers run), WebSocket only, on 127.0.0.1.
// Usage: node tracker.mjs <port> [intervalMs]
// Prints "listening <port>" once it accepts connections; exits on SIGTERM or when stdin closes.
import Server from 'bittorrent-tracker/server'

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`usage: node tracker.mjs <port> [intervalMs]; got port ${process.argv[2]}`)
  process.exit(2)
}
const interval = process.argv[3] ? Number(process.argv[3]) : undefined

const server = new Server({ udp: false, http: false, ws: true, stats: false, interval })
server.on('error', err => {
  console.error(`tracker error: ${err.message}`)
  process.exit(1)
})
server.on('warning', err => console.error(`tracker warning: ${err.message}`))
server.on('listening', () => console.log(`listening ${port}`))
server.listen(port, '127.0.0.1')

const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// the test JVM holds our stdin: if it dies, we go too
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
