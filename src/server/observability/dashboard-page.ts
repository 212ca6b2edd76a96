/**
 * The live dashboard served at `<path>dashboard` (option `dashboard`): one self-contained page, no framework and
 * nothing fetched from elsewhere. It polls `dashboard/data` every second, keeps the last two minutes in the
 * page, and draws the charts on canvases (connections, message rates, disconnect reasons) and lists the busiest
 * rooms and the slowest consumers. Rates are the differences of the server's running totals between two polls.
 * The grid falls to one column on a phone.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sockjet dashboard</title>
<style>
  :root { --bg: #f6f7f9; --card: #fff; --ink: #1f2933; --muted: #64748b; --line: #e2e8f0; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem; padding: 1rem 1.25rem .25rem; }
  h1 { font-size: 1.25rem; margin: 0; }
  h2 { font-size: .95rem; margin: 0 0 .5rem; color: var(--muted); font-weight: 600; }
  #status { color: var(--muted); }
  #status.down { color: #b91c1c; }
  .stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: .75rem; padding: .75rem 1.25rem; }
  .stat { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .75rem; }
  .stat b { display: block; font-size: 1.35rem; font-variant-numeric: tabular-nums; }
  .stat span { color: var(--muted); font-size: .8rem; }
  .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .75rem; padding: 0 1.25rem 1.25rem; }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; min-width: 0; }
  canvas { display: block; width: 100%; height: 180px; }
  .legend { display: flex; flex-wrap: wrap; gap: .25rem .9rem; font-size: .8rem; color: var(--muted); margin-top: .35rem; }
  .legend i { display: inline-block; width: .7rem; height: .7rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { text-align: left; padding: .3rem .25rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
  th { color: var(--muted); font-weight: 600; font-size: .8rem; white-space: nowrap; }
  td.n, th.n { text-align: right; }
  .bar { height: .45rem; background: #2563eb; border-radius: 2px; min-width: 2px; }
  .empty { color: var(--muted); font-style: italic; }
  @media (max-width: 760px) {
    .grid { grid-template-columns: minmax(0, 1fr); padding: 0 .75rem .75rem; }
    .stats { padding: .75rem; gap: .5rem; grid-template-columns: repeat(3, minmax(0, 1fr)); }
    .stat { padding: .45rem .55rem; }
    .stat b { font-size: 1.1rem; }
    .stat span { font-size: .72rem; }
    td, th { font-size: .8rem; }
    header { padding: .75rem .75rem 0; }
    canvas { height: 150px; }
  }
</style>
</head>
<body>
<header><h1>sockjet</h1><span id="status">connecting…</span></header>
<section class="stats" id="stats"></section>
<main class="grid">
  <section class="card"><h2>Connections</h2><canvas id="connections" aria-label="connections over time"></canvas><div class="legend" id="connections-legend"></div></section>
  <section class="card"><h2>Messages per second</h2><canvas id="rates" aria-label="packets per second over time"></canvas><div class="legend" id="rates-legend"></div></section>
  <section class="card"><h2>Disconnect reasons</h2><canvas id="disconnects" aria-label="disconnects by reason"></canvas></section>
  <section class="card"><h2>Busiest rooms</h2><div id="rooms"></div></section>
  <section class="card"><h2>Slowest consumers</h2><div id="consumers"></div></section>
  <section class="card"><h2>Refused input</h2><div id="refused"></div></section>
</main>
<script>
"use strict";
const HISTORY = 120;
const interval = Number(new URLSearchParams(location.search).get("interval")) || 1000;
const history = [];
let previous = null;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const fmt = (n) => n >= 1e9 ? (n / 1e9).toFixed(1) + "G" : n >= 1e6 ? (n / 1e6).toFixed(1) + "M" : n >= 1e4 ? (n / 1e3).toFixed(1) + "k" : String(Math.round(n * 10) / 10);
const SERIES = {
  connections: [["total", "#2563eb"], ["websocket", "#16a34a"], ["polling", "#f59e0b"]],
  rates: [["in", "#7c3aed"], ["out", "#db2777"]],
};

function legend(id, series) {
  $(id).innerHTML = series.map(([name, color]) => '<span><i style="background:' + color + '"></i>' + name + "</span>").join("");
}

/** A canvas sized to its box in device pixels, and its context scaled to CSS pixels. */
function surface(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = "11px system-ui, sans-serif";
  return { ctx, w, h };
}

function lineChart(canvas, points, series) {
  const { ctx, w, h } = surface(canvas);
  const left = 40, bottom = h - 16, top = 8, right = w - 6;
  let max = 1;
  for (const p of points) for (const [name] of series) max = Math.max(max, p[name]);
  ctx.strokeStyle = "#e2e8f0"; ctx.fillStyle = "#64748b"; ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = bottom - ((bottom - top) * i) / 4;
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(right, y); ctx.stroke();
    ctx.fillText(fmt((max * i) / 4), 2, y + 4);
  }
  ctx.fillText(Math.round((HISTORY * interval) / 1000) + " s", left, h - 2);
  const x = (i) => right - ((points.length - 1 - i) * (right - left)) / (HISTORY - 1);
  for (const [name, color] of series) {
    ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
    points.forEach((p, i) => { const y = bottom - ((bottom - top) * p[name]) / max; i ? ctx.lineTo(x(i), y) : ctx.moveTo(x(i), y); });
    ctx.stroke();
  }
}

function barChart(canvas, entries, color) {
  const { ctx, w, h } = surface(canvas);
  if (!entries.length) { ctx.fillStyle = "#64748b"; ctx.fillText("none yet", 4, 16); return; }
  const rows = entries.slice(0, 6), label = Math.min(190, w * 0.5), max = Math.max(...rows.map((e) => e[1]));
  const rowH = Math.min(26, h / rows.length);
  rows.forEach(([name, n], i) => {
    const y = i * rowH + 4;
    let text = name;
    while (text.length > 1 && ctx.measureText(text).width > label - 8) text = text.slice(0, -2) + "…";
    ctx.fillStyle = "#1f2933"; ctx.fillText(text, 2, y + rowH / 2 + 2);
    const width = Math.max(2, ((w - label - 50) * n) / max);
    ctx.fillStyle = color; ctx.fillRect(label, y + 3, width, rowH - 8);
    ctx.fillStyle = "#64748b"; ctx.fillText(fmt(n), label + width + 4, y + rowH / 2 + 2);
  });
}

function table(id, head, rows, empty) {
  if (!rows.length) { $(id).innerHTML = '<p class="empty">' + empty + "</p>"; return; }
  $(id).innerHTML = "<table><tr>" + head.map(([h, n]) => "<th" + (n ? ' class="n"' : "") + ">" + h + "</th>").join("") + "</tr>" +
    rows.map((r) => "<tr>" + r.map((c, i) => "<td" + (head[i][1] ? ' class="n"' : "") + ">" + c + "</td>").join("") + "</tr>").join("") + "</table>";
}

const sorted = (tally) => Object.entries(tally).sort((a, b) => b[1] - a[1]);
const total = (tally) => Object.values(tally).reduce((a, b) => a + b, 0);

function render(data) {
  const m = data.metrics;
  const dt = previous ? (m.time - previous.time) / 1000 : 0;
  const rate = (now, before) => (dt > 0 ? Math.max(0, now - before) / dt : 0);
  const point = {
    total: m.connections.total, websocket: m.connections.websocket, polling: m.connections.polling,
    in: previous ? rate(m.packets.in, previous.packets.in) : 0, out: previous ? rate(m.packets.out, previous.packets.out) : 0,
    bytesIn: previous ? rate(m.bytes.in, previous.bytes.in) : 0, bytesOut: previous ? rate(m.bytes.out, previous.bytes.out) : 0,
  };
  previous = m;
  history.push(point);
  if (history.length > HISTORY) history.shift();
  const stats = [
    ["connections", m.connections.total], ["websocket", m.connections.websocket], ["polling", m.connections.polling],
    ["sockets", m.sockets], ["rooms", m.rooms], ["namespaces", m.namespaces.length],
    ["msgs in /s", point.in], ["msgs out /s", point.out], ["bytes in /s", point.bytesIn], ["bytes out /s", point.bytesOut],
    ["handshakes", m.handshakes], ["upgrades", m.upgrades], ["disconnects", total(m.disconnects)],
    ["refused", total(m.refused)], ["heartbeat failures", m.heartbeatFailures], ["send queue", m.sendQueue.packets + " / " + fmt(m.sendQueue.bytes) + "B"],
  ];
  $("stats").innerHTML = stats.map(([k, v]) => '<div class="stat"><b>' + (typeof v === "number" ? fmt(v) : esc(v)) + "</b><span>" + k + "</span></div>").join("");
  lineChart($("connections"), history, SERIES.connections);
  lineChart($("rates"), history, SERIES.rates);
  barChart($("disconnects"), sorted(m.disconnects), "#ef4444");
  const most = Math.max(1, ...data.rooms.map((r) => r.sockets));
  table("rooms", [["room"], ["namespace"], ["sockets", 1], [""]], data.rooms.map((r) =>
    [esc(r.room), esc(r.namespace), r.sockets, '<div class="bar" style="width:' + Math.round((100 * r.sockets) / most) + '%"></div>']), "no rooms joined");
  table("consumers", [["connection"], ["transport"], ["queued", 1], ["buffered", 1]], data.consumers.map((c) =>
    [esc(c.id), esc(c.transport), c.packets, fmt(c.bytes) + "B"]), "every client keeps up");
  table("refused", [["kind"], ["count", 1]], sorted(m.refused).map(([k, n]) => [esc(k), n]), "nothing refused");
  $("status").textContent = "up " + fmt(m.uptime) + " s · updated " + new Date(m.time).toLocaleTimeString();
  $("status").className = "";
  // How many polls are drawn: lets a test (or a curious user) tell a fresh page from one with history.
  document.body.dataset.samples = String(history.length);
}

async function poll() {
  try {
    const res = await fetch("dashboard/data", { cache: "no-store", credentials: "same-origin" });
    if (!res.ok) throw new Error("HTTP " + res.status);
    render(await res.json());
  } catch (err) {
    $("status").textContent = "no data: " + err.message;
    $("status").className = "down";
  }
  setTimeout(poll, interval);
}

legend("connections-legend", SERIES.connections);
legend("rates-legend", SERIES.rates);
window.addEventListener("resize", () => { if (history.length) { lineChart($("connections"), history, SERIES.connections); lineChart($("rates"), history, SERIES.rates); } });
poll();
</script>
</body>
</html>
`;
