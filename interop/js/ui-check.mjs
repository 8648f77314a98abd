// Opens a node's web UI in real headless Chromium, under the node's own CSP, and writes a record
// through its form. Usage: node ui-check.mjs URL. Prints one JSON line:
// {"cards":n,"stored":"…message…","violations":[…],"errors":[…]}. Usage: node ui-check.mjs URL [SCREENSHOT.png];
// after {"event":"ready-for-external"} it waits for "written" on stdin, then for that record in the live activity.
import {chromium} from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const url = process.argv[2]
const screenshot = process.argv[3]
import readline from 'node:readline'
const lines = readline.createInterface({input: process.stdin})
const waitLine = want => new Promise(resolve => lines.on('line', l => { if (l.trim() === want) resolve() }))
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerset-ui-'))
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']
})
const errors = []
const page = context.pages()[0] || await context.newPage()
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()) })
page.on('pageerror', e => errors.push(String(e)))
await page.addInitScript(() => {
  window.__violations = []
  document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))
})
const result = {}
try {
  await page.goto(url)
  await page.waitForSelector('#nodes .card', {timeout: 30000})
  result.cards = await page.locator('#nodes .card').count()
  await page.fill('#content', 'written through the web UI')
  await page.click('#send')
  await page.waitForFunction(() => document.getElementById('msg').textContent.length > 0, null, {timeout: 30000})
  result.stored = await page.evaluate(() => document.getElementById('msg').textContent)
  await page.waitForFunction(() => document.getElementById('records').textContent.includes('written through the web UI'),
    null, {timeout: 30000}).catch(() => {})
  result.listed = await page.evaluate(() => document.getElementById('records').textContent.includes('written through the web UI'))
  await page.waitForFunction(() => document.getElementById('live').textContent === 'live', null, {timeout: 30000})
  result.live = await page.evaluate(() => document.getElementById('live').textContent)
  // a record written elsewhere (by the test, through the API) must show up from /api/stream, without reload
  process.stdout.write(JSON.stringify({event: 'ready-for-external'}) + '\n')
  await waitLine('written')
  await page.waitForFunction(() => document.getElementById('activity').textContent.includes('written outside the page'),
    null, {timeout: 30000}).catch(() => {})
  result.streamed = await page.evaluate(() => document.getElementById('activity').textContent.includes('written outside the page'))
  if (screenshot) await page.screenshot({path: screenshot, fullPage: true})
  result.violations = await page.evaluate(() => window.__violations)
} catch (e) {
  result.failure = String(e)
}
result.errors = errors
process.stdout.write(JSON.stringify(result) + '\n')
try { await context.close() } catch {}
fs.rmSync(userDataDir, {recursive: true, force: true})
process.exit(0)
