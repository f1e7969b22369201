// Meter Reader pages' shared helpers: plain JavaScript, no build step, loaded before each page's own script.
"use strict";

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function getJson(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) {
    const e = new Error(path + ": HTTP " + r.status);
    e.status = r.status;
    // RFC 9457 problem details say why
    e.problem = await r.json().catch(() => null);
    throw e;
  }
  return r.json();
}

function formatValue(v) {
  if (v === null || v === undefined) return "–";
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(1) : a >= 10 ? v.toFixed(2) : v.toFixed(3);
}

// How long ago an ISO time was, in seconds, minutes or hours.
function age(iso) {
  if (!iso) return "–";
  const s = (Date.now() - Date.parse(iso)) / 1000;
  return s < 90 ? Math.max(0, s).toFixed(0) + " s" : s < 5400 ? (s / 60).toFixed(0) + " min" : (s / 3600).toFixed(1) + " h";
}
