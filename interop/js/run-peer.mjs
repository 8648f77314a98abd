// Drives one real Trystero peer in headless Chromium for the interop tests.
// Reads commands as JSON lines on stdin: {"cmd":"join",...}, {"cmd":"send","content":...},
// {"cmd":"ping","peerId":...}, {"cmd":"leave"}, {"cmd":"quit"}.
// Writes events as JSON lines on stdout: {"event":"ready"}, {"event":"peer","peerId"}, ...
import {build} from 'esbuild'
import {chromium} from 'playwright-core'
import http from 'node:http'
import readline from 'node:readline'
import {fileURLToPath} from 'node:url'
import path from 'node:path'
import fs from 'node:fs'
import os from 'node:os'

const here = path.dirname(fileURLToPath(import.meta.url))
const out = line => process.stdout.write(JSON.stringify(line) + '\n')

const bundle = await build({
  entryPoints: [path.join(here, 'browser-peer.js')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  write: false,
  logLevel: 'silent'
})
const js = bundle.outputFiles[0].text
const html = '<!doctype html><meta charset="utf-8"><title>peerset interop</title><script src="/peer.js"></script>'
const server = http.createServer((req, res) => {
  if (req.url === '/peer.js') {
    res.writeHead(200, {'content-type': 'text/javascript'})
    res.end(js)
  } else {
    res.writeHead(200, {'content-type': 'text/html'})
    res.end(html)
  }
})
await new Promise(r => server.listen(0, '127.0.0.1', r))

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerset-chromium-'))
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']
})
const page = context.pages()[0] || await context.newPage()
page.on('console', m => { if (m.type() === 'error') out({event: 'console-error', text: m.text()}) })
page.on('pageerror', e => out({event: 'page-error', text: String(e)}))
await page.exposeFunction('report', s => out(JSON.parse(s)))
await page.goto('http://127.0.0.1:' + server.address().port + '/')
out({event: 'ready'})

async function shutdown(code) {
  try { await context.close() } catch {}
  server.close()
  fs.rmSync(userDataDir, {recursive: true, force: true})
  process.exit(code)
}

const rl = readline.createInterface({input: process.stdin})
rl.on('line', async line => {
  let cmd
  try { cmd = JSON.parse(line) } catch { out({event: 'error', error: 'not JSON: ' + line}); return }
  if (cmd.cmd === 'quit') return shutdown(0)
  try {
    await page.evaluate(([name, arg]) => window.peersetInterop[name](arg), [cmd.cmd, cmd])
  } catch (e) {
    out({event: 'error', cmd: cmd.cmd, error: String(e)})
  }
})
rl.on('close', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))
