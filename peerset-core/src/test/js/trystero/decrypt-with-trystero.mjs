// Decrypts ciphertexts produced elsewhere (by peerset's Java SdpCrypto) with Trystero's own
// decrypt, proving a browser peer can read what Java sends.
// Usage: node decrypt-with-trystero.mjs <input.json>
//   input: [{"password","appId","roomId","wire"}...]
//   prints: {"trysteroVersion", "results":[{"ok":true,"plaintext":...} | {"ok":false,"error":...}]}
import { readFile } from 'node:fs/promises';
import * as t from './trystero-internals.mjs';

const input = JSON.parse(await readFile(process.argv[2], 'utf8'));
const results = [];
for (const { password, appId, roomId, wire } of input) {
  try {
    results.push({ ok: true, plaintext: await t.decrypt(t.genKey(password, appId, roomId), wire) });
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify({ trysteroVersion: t.trysteroVersion, results }));
