// A hostile web page against a peerset node's local HTTP port, in real headless Chromium.
// Usage: node attack.mjs NODE_PORT REBIND_PORT
// Every attack runs first against a permissive control server (it records what arrives and grants
// every CORS preflight), which proves the browser really sends it, then against the node.
// The DNS-rebinding step: a page is loaded from http://rebind.test:REBIND_PORT/ (served here), this
// script then releases that port and prints {"event":"rebind-released"}; the test starts a node on it
// and writes "node-up" on stdin; the page, still on the same origin, now reaches the node.
// Output: JSON lines {"event":...}; the last one is {"event":"done"}.
import {chromium} from 'playwright-core'
import http from 'node:http'
import readline from 'node:readline'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const nodePort = Number(process.argv[2])
const rebindPort = Number(process.argv[3])
const out = line => process.stdout.write(JSON.stringify(line) + '\n')
const lines = readline.createInterface({input: process.stdin})
const waitLine = want => new Promise(resolve => lines.on('line', l => { if (l.trim() === want) resolve() }))

const controlHits = []
const control = http.createServer((req, res) => {
  let body = ''
  req.on('data', d => { body += d })
  req.on('end', () => {
    controlHits.push({method: req.method, url: req.url, type: req.headers['content-type'] || '', body})
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type',
      'access-control-allow-methods': 'POST, GET', 'content-type': 'application/json'})
    res.end('{"peerId":"control"}')
  })
})
await new Promise(r => control.listen(0, '127.0.0.1', r))
const controlPort = control.address().port

// the attacker's pages; target is a base URL such as http://127.0.0.1:PORT
const page = body => '<!doctype html><meta charset="utf-8"><title>attack</title><body>' + body + '</body>'
const pages = {
  nocors: t => page(`<script>
    const send = p => fetch('${t}' + p, {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},
      body: JSON.stringify({content: 'pwned by no-cors fetch'})}).then(() => 'sent', e => 'error ' + e)
    Promise.all([send('/api/records'), send('/api/events')]).then(r => report(JSON.stringify({event: 'nocors', result: r})))
  </script>`),
  form: t => page(`<form id="f" method="POST" action="${t}/api/records" enctype="text/plain">
    <input name='{"content":"pwned by a form","x":"' value='"}'></form><script>document.getElementById('f').submit()</script>`),
  popup: t => page(`<form id="f" method="POST" action="${t}/api/records" enctype="text/plain" target="_blank">
    <input name='{"content":"pwned by a popup form","x":"' value='"}'><button id="go">go</button></form>`),
  preflight: t => page(`<script>
    fetch('${t}/api/records', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({content: 'pwned by a preflighted fetch'})})
      .then(r => r.text().then(b => 'read ' + r.status + ' ' + b), e => 'error ' + e)
      .then(r => report(JSON.stringify({event: 'preflight', result: r})))
  </script>`),
  read: t => page(`<script>
    fetch('${t}/api/status').then(r => r.text().then(b => 'read ' + r.status + ' ' + b), e => 'error ' + e)
      .then(r => report(JSON.stringify({event: 'read', result: r})))
  </script>`)
}
const attacker = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x')
  const make = pages[u.pathname.slice(1)]
  if (!make) { res.writeHead(404); res.end(); return }
  res.writeHead(200, {'content-type': 'text/html'})
  res.end(make(u.searchParams.get('target')))
})
await new Promise(r => attacker.listen(0, '127.0.0.1', r))
const attackerPort = attacker.address().port

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerset-attack-'))
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP attacker.test 127.0.0.1, MAP rebind.test 127.0.0.1']
})
const reports = []
await context.exposeFunction('report', s => { const o = JSON.parse(s); reports.push(o) })
const tab = context.pages()[0] || await context.newPage()
const awaitReport = async (event, ms = 20000) => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const i = reports.findIndex(r => r.event === event)
    if (i >= 0) return reports.splice(i, 1)[0]
    await new Promise(r => setTimeout(r, 50))
  }
  return {event, result: 'no report within ' + ms + ' ms'}
}
const pageText = async p => { try { return await p.evaluate(() => document.body ? document.body.innerText : '') } catch (e) { return 'unreadable: ' + e } }

for (const [name, port] of [['control', controlPort], ['node', nodePort]]) {
  const target = 'http://127.0.0.1:' + port
  const url = kind => 'http://attacker.test:' + attackerPort + '/' + kind + '?target=' + encodeURIComponent(target)

  await tab.goto(url('nocors'))
  out({event: 'nocors', target: name, result: (await awaitReport('nocors')).result})

  await Promise.all([tab.waitForURL(u => String(u).includes('/api/records'), {timeout: 20000}).catch(() => {}), tab.goto(url('form'))])
  await tab.waitForLoadState('load').catch(() => {})
  out({event: 'form', target: name, result: await pageText(tab)})

  await tab.goto(url('popup'))
  const [popup] = await Promise.all([context.waitForEvent('page', {timeout: 20000}), tab.click('#go')])
  await popup.waitForURL(u => String(u).includes('/api/records'), {timeout: 20000}).catch(() => {})
  await popup.waitForLoadState('load').catch(() => {})
  out({event: 'popup', target: name, result: await pageText(popup)})
  await popup.close()

  await tab.goto(url('preflight'))
  out({event: 'preflight', target: name, result: (await awaitReport('preflight')).result})

  await tab.goto(url('read'))
  out({event: 'read', target: name, result: (await awaitReport('read')).result})
}
out({event: 'control-hits', hits: controlHits.map(h => h.method + ' ' + h.url + ' ' + h.type)})

// DNS rebinding: the page's origin stays http://rebind.test:REBIND_PORT while the server behind it changes
const rebindPage = http.createServer((req, res) => {
  if (req.url !== '/') { res.writeHead(404, {connection: 'close'}); res.end('attacker-server'); return }
  res.writeHead(200, {'content-type': 'text/html', connection: 'close'})
  res.end(page(`<script>
    const tries = []
    async function attempt() {
      let read, wrote
      try { const r = await fetch('/api/status', {cache: 'no-store'}); read = r.status + ' ' + await r.text() } catch (e) { read = 'error ' + e }
      try {
        const w = await fetch('/api/records', {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({content: 'pwned by rebinding'})})
        wrote = w.status + ' ' + await w.text()
      } catch (e) { wrote = 'error ' + e }
      report(JSON.stringify({event: 'rebind-try', read, wrote}))
    }
    setInterval(attempt, 300)
  </script>`))
})
await new Promise(r => rebindPage.listen(rebindPort, '127.0.0.1', r))
await tab.goto('http://rebind.test:' + rebindPort + '/')
await new Promise(r => rebindPage.close(r))
rebindPage.closeAllConnections?.()
out({event: 'rebind-released'})
await waitLine('node-up')
// answers the page got before the port changed hands are the attacker's own server: not the node
for (let i = reports.length - 1; i >= 0; i--) if (reports[i].event === 'rebind-try') reports.splice(i, 1)
// wait for an attempt that reached the node (its answer names this node's refusal), or give up
const end = Date.now() + 30000
let reached = null
const seen = []
while (Date.now() < end && !reached) {
  const r = await awaitReport('rebind-try', 1000)
  if (r.read && !r.read.includes('attacker-server')) {
    seen.push(r)
    if (!r.read.startsWith('error')) reached = r
  }
}
out({event: 'rebind', reached, attempts: seen.length, readsOk: seen.filter(r => r.read.startsWith('200')).length,
  writesOk: seen.filter(r => r.wrote && (r.wrote.startsWith('200') || r.wrote.startsWith('201'))).length})

out({event: 'done'})
try { await context.close() } catch {}
control.close(); attacker.close()
fs.rmSync(userDataDir, {recursive: true, force: true})
process.exit(0)
