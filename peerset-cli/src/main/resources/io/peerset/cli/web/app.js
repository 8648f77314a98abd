"use strict";
let selected = 0;
let multi = true;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k === "style") e.style.cssText = v; else if (k.startsWith("on")) e[k] = v; else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
function fpColor(fp) { return "hsl(" + (parseInt(fp.slice(0, 6), 16) % 360) + ",70%,65%)"; }
function short(s, n) { return s && s.length > n ? s.slice(0, n) + "…" : s; }
function bytes(n) { return n > 1048576 ? (n / 1048576).toFixed(1) + " MB" : n > 1024 ? (n / 1024).toFixed(1) + " KB" : n + " B"; }

async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error((await r.json()).error || r.statusText);
  return r.json();
}

async function refresh() {
  let nodes;
  try { nodes = await getJson("/api/nodes"); } catch (e) { document.getElementById("converged").textContent = "offline"; return; }
  multi = nodes.length > 1;
  const box = document.getElementById("nodes");
  box.replaceChildren();
  const fps = new Set(nodes.map(n => n.fingerprint));
  const conv = document.getElementById("converged");
  conv.textContent = fps.size === 1 ? "all " + nodes.length + " node(s) identical" : fps.size + " different sets";
  conv.className = "pill " + (fps.size === 1 ? "ok" : "warn");
  document.getElementById("room").textContent = nodes[0].app + " / " + nodes[0].room;
  document.getElementById("totals").textContent = nodes.map(n => n.records).reduce((a, b) => Math.max(a, b), 0) + " records";
  const sel = document.getElementById("node");
  if (sel.options.length !== nodes.length) {
    sel.replaceChildren(...nodes.map((n, i) => el("option", { value: i }, i + ": " + n.peerId)));
    sel.value = selected;
  }
  nodes.forEach((n, i) => {
    const rows = n.peers.map(p => el("tr", {},
      el("td", {}, short(p.peerId, 10)), el("td", {}, p.npub ? short(p.npub, 14) : "anon"), el("td", {}, p.state),
      el("td", {}, p.rttMs >= 0 ? p.rttMs + " ms" : "–"), el("td", {}, bytes(p.bytesIn) + " / " + bytes(p.bytesOut)), el("td", {}, p.strikes)));
    box.append(el("div", { class: "card" + (i === selected ? " sel" : "") },
      el("h2", { onclick: () => { selected = i; sel.value = i; refresh(); } }, (multi ? i + ": " : "") + n.peerId),
      el("div", { class: "muted" }, short(n.npub, 24)),
      el("div", {}, n.records + " records · ", el("span", { class: "fp", style: "background:" + fpColor(n.fingerprint) }, n.fingerprint.slice(0, 12))),
      el("table", {}, el("tr", {}, ...["peer", "key", "state", "rtt", "in / out", "strikes"].map(h => el("th", {}, h))), ...rows)));
  });
  document.getElementById("selname").textContent = nodes[selected] ? nodes[selected].peerId : "";
  const recs = await getJson("/api/records?limit=15&node=" + selected);
  document.getElementById("records").replaceChildren(...recs.map(r => el("div", { class: "rec" },
    el("div", {}, r.content),
    el("div", { class: "meta" }, new Date(r.created_at * 1000).toLocaleString() + " · kind " + r.kind + " · id " + short(r.id, 16) + " · by " + short(r.pubkey, 12)))));
}

document.getElementById("node").onchange = e => { selected = +e.target.value; refresh(); };
document.getElementById("send").onclick = async () => {
  const msg = document.getElementById("msg");
  const content = document.getElementById("content").value;
  const link = document.getElementById("link").value.trim();
  const body = { content };
  if (link) body.tags = [["r", link]];
  const r = await fetch("/api/records?node=" + selected, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const j = await r.json();
  if (r.ok) { msg.className = "okmsg"; msg.textContent = "stored " + j.id.slice(0, 16) + "…"; document.getElementById("content").value = ""; }
  else { msg.className = "err"; msg.textContent = j.error; }
  refresh();
};
// live updates: /api/stream (server-sent events) drives the refreshes; a slow poll is only a safety net
let refreshTimer = null;
function refreshSoon() {
  if (!refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 250);
}
function describe(ev) {
  const at = (multi ? "node " + ev.node + ": " : "");
  switch (ev.type) {
    case "record": return at + "stored " + short(ev.record.id, 12) + " \u201c" + short(ev.record.content, 60) + "\u201d";
    case "peer-joined": return at + "peer " + short(ev.peerId, 10) + " joined (" + ev.state + ")";
    case "peer-changed": return at + "peer " + short(ev.peerId, 10) + " is " + ev.state + ", " + ev.strikes + " strike(s)";
    case "peer-left": return at + "peer " + short(ev.peerId, 10) + " left";
    case "ban": return at + "banned " + ev.kind + " " + short(ev.id, 12) + ": " + ev.reason;
    default: return at + ev.type;
  }
}
function connectStream() {
  const live = document.getElementById("live");
  const activity = document.getElementById("activity");
  const es = new EventSource("/api/stream");
  es.onopen = () => { live.textContent = "live"; live.className = "pill ok"; refreshSoon(); };
  es.onerror = () => { live.textContent = "reconnecting"; live.className = "pill warn"; };
  es.onmessage = e => {
    let ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    activity.prepend(el("div", { class: "ev-" + ev.type }, new Date().toLocaleTimeString() + " " + describe(ev)));
    while (activity.childNodes.length > 50) activity.lastChild.remove();
    refreshSoon();
  };
}
refresh();
connectStream();
setInterval(refresh, 15000);
