// One meter's page: its calibration, its latest reading and its trend over a chosen window, from the
// REST API (the history downsampled to at most about 600 steps). Plain JavaScript, no build step.
"use strict";

const WINDOWS = [["1 h", 1], ["8 h", 8], ["24 h", 24], ["7 d", 168], ["30 d", 720]];
// Steps the history is summed up in, seconds: the smallest that keeps the window within MAX_STEPS.
const STEPS = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];
const MAX_STEPS = 600;
// A stretch without a stored reading this many steps long, or this many times the usual spacing of
// the stored readings (the service stores a meter at most every storage interval), breaks the line.
const GAP_STEPS = 2.5;
const GAP_SPACINGS = 3;

const params = new URLSearchParams(location.search);
// ?meter=ID as the dashboard links it; ?id=ID as people type it
const meterId = params.get("meter") || params.get("id") || "";
// any window up to the longest offered (hours=5 is 5 h; 24 h where none or no such window is asked)
const asked = Number(params.get("hours"));
const hours = asked > 0 && asked <= WINDOWS[WINDOWS.length - 1][1] ? asked : 24;
const stepSeconds = STEPS.find(s => s >= hours * 3600 / MAX_STEPS) || STEPS[STEPS.length - 1];
// A long window changes little between refreshes and costs the store every raw reading in it
// (a month of a meter stored every 10 s: 259,200 readings, most of a second's work).
const REFRESH_MS = hours <= 1 ? 10000 : hours <= 24 ? 60000 : 300000;

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function timeLabel(t) {
  const d = new Date(t);
  const hm = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return hours <= 24 ? hm : d.toLocaleDateString([], { month: "short", day: "numeric" }) + " " + hm;
}

function windowLinks() {
  const box = document.getElementById("window");
  const shown = WINDOWS.some(([, h]) => h === hours) ? WINDOWS
    : [...WINDOWS, [`${hours} h`, hours]].sort((p, q) => p[1] - q[1]);
  box.replaceChildren(...shown.map(([label, h]) => h === hours
    ? el("span", { class: "current" }, label)
    : el("a", { href: `?meter=${encodeURIComponent(meterId)}&hours=${h}` }, label)));
}

/** Seconds in an ISO-8601 duration as the API gives it ("PT10S", "PT1M30S"); 0 for none. */
function seconds(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || "");
  return m ? (+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0)) : 0;
}

function facts(m) {
  const parts = [`camera ${m.camera}`, `${m.type}`, `range ${m.range.min} – ${m.range.max} ${m.range.unit}`];
  if (m.scale && m.scale.length) parts.push(`non-linear scale (${m.scale.length} points)`);
  const a = m.alarms || {};
  if (a.low !== null && a.low !== undefined) parts.push(`LOW below ${a.low}`);
  if (a.high !== null && a.high !== undefined) parts.push(`HIGH above ${a.high}`);
  const limits = (a.low !== null && a.low !== undefined) || (a.high !== null && a.high !== undefined);
  if (limits && a.priority) parts.push(`${a.priority.toLowerCase()} priority`);
  if (a.deadband) parts.push(`deadband ${a.deadband}`);
  const onDelay = seconds(a.onDelay), offDelay = seconds(a.offDelay);
  if (onDelay) parts.push(`raised after ${onDelay} s beyond`);
  if (offDelay) parts.push(`cleared after ${offDelay} s back`);
  parts.push(`smoothing ${m.smoothing}`, `min confidence ${m.minConfidence}`);
  if (m.maxRate) parts.push(`max rate ${m.maxRate} ${m.range.unit}/s`);
  if (m.scaleMarks) parts.push("read against its scale marks");
  else if (m.learntScaleMarks) parts.push("scale marks learnt from its ticks");
  if (m.levelMarks) parts.push("read between its level marks");
  if (m.direction === "counterclockwise") parts.push("counter-clockwise");
  if (m.stuckWhen) parts.push(`stuck after ${m.stuckWhen.after.replace(/^PT/, "").toLowerCase()} within ${m.stuckWhen.band} ${m.range.unit}`);
  const box = document.getElementById("facts");
  box.replaceChildren(el("span", {}, parts.join(" · ")));
  const r = m.latest;
  if (r) {
    box.append(el("div", { class: "latest" },
      r.value !== null ? el("span", { class: "big" }, formatValue(r.value, m.range), el("span", { class: "unit" }, m.range.unit))
        : el("span", { class: "big muted" }, "–"),
      el("span", { class: "badge " + r.status }, r.status),
      r.alarm !== "NONE" ? el("span", { class: "badge " + r.alarm }, r.alarm) : "",
      el("span", { class: "muted" }, (r.value !== null || r.confidence > 0 ? `confidence ${(r.confidence * 100).toFixed(0)} % · ` : "")
        + `${age(r.captureTime)} ago`)));
  }
  if (m.stuck) {
    box.append(el("div", { class: "stuck" }, el("span", { class: "badge warn" }, "STUCK?"), " " + stuckWords(m)));
  }
}

// The trend's step in words: "10 s", "5 min", "2 h".
function stepWords() {
  return stepSeconds >= 3600 ? stepSeconds / 3600 + " h" : stepSeconds >= 60 ? stepSeconds / 60 + " min"
    : stepSeconds + " s";
}

// The trend: the OK steps' values as lines (broken where readings are missing), steps in alarm as
// red dots, steps without a value as marks along the bottom, the alarm limits as dashed lines.
function chart(m, readings, from, to) {
  let lo = m.range.min, hi = m.range.max;
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const labels = [0, 1, 2, 3, 4].map(i => formatValue(lo + (hi - lo) * i / 4, m.range));
  // room for the longest label (about 7 units a character): -100000 and 2500000 lost their first digits in 64
  const W = 1000, H = 300, L = Math.max(64, 12 + 7.5 * Math.max(...labels.map(t => t.length))), R = 16, T = 12, B = 28;
  const pw = W - L - R, ph = H - T - B;
  const x = t => L + (t - from) / (to - from) * pw;
  const y = v => T + ph - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo) * ph;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "trend", role: "img",
    "aria-label": `${m.id} over the last ${hours} h` });
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    root.append(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, labels[i]));
  }
  root.append(svg("text", { x: L + 4, y: T + 14, class: "axis unit-label" }, m.range.unit));
  for (let i = 0; i <= 5; i++) {
    const t = from + (to - from) * i / 5;
    root.append(svg("text", { x: x(t), y: H - 8, class: "axis", "text-anchor": i === 0 ? "start" : i === 5 ? "end" : "middle" },
      timeLabel(t)));
  }
  const a = m.alarms || {};
  for (const [name, limit] of [["LOW", a.low], ["HIGH", a.high]]) {
    if (limit === null || limit === undefined) continue;
    root.append(svg("line", { x1: L, x2: W - R, y1: y(limit), y2: y(limit), class: "limit" }),
      svg("text", { x: W - R - 4, y: y(limit) - 4, class: "limit-label", "text-anchor": "end" }, `${name} ${limit} ${m.range.unit}`));
  }
  const stepMs = stepSeconds * 1000;
  const spacings = readings.slice(1).map((r, i) => Date.parse(r.captureTime) - Date.parse(readings[i].captureTime))
    .sort((p, q) => p - q);
  const usual = spacings.length ? spacings[Math.floor(spacings.length / 2)] : 0;
  const gap = Math.max(GAP_STEPS * stepMs, GAP_SPACINGS * usual);
  let segment = [];
  let previous = null;
  const flush = () => {
    if (segment.length > 1) root.append(svg("polyline", { points: segment.join(" "), class: "value" }));
    else if (segment.length === 1) {
      const [px, py] = segment[0].split(",");
      root.append(svg("circle", { cx: px, cy: py, r: 2, class: "value-dot" }));
    }
    segment = [];
  };
  let ok = 0, failed = 0;
  for (const r of readings) {
    const t = Date.parse(r.captureTime);
    if (r.value === null) {
      failed++;
      flush();
      previous = null;
      root.append(svg("rect", { x: x(t), y: T + ph - 5, width: Math.max(1.5, stepMs / (to - from) * pw), height: 5,
        class: "failed " + r.status }, undefined));
      root.lastChild.append(svg("title", {}, `${new Date(t).toLocaleString()}: ${r.status}`));
      continue;
    }
    ok++;
    if (previous !== null && t - previous > gap) flush();
    segment.push(`${x(t).toFixed(1)},${y(r.value).toFixed(1)}`);
    if (r.alarm !== "NONE") root.append(svg("circle", { cx: x(t).toFixed(1), cy: y(r.value).toFixed(1), r: 2.5, class: "alarm-dot" }));
    previous = t;
  }
  flush();
  root.setAttribute("data-ok-steps", ok);
  root.setAttribute("data-failed-steps", failed);
  document.getElementById("chart").replaceChildren(root);
}

// The window in figures: its steps, and from every reading in it (the summary: the steps are means,
// which would hide a peak) the lowest, mean and highest value and the readings without one.
function stats(m, readings, summary) {
  const values = readings.filter(r => r.value !== null).map(r => r.value);
  const failures = {};
  for (const r of readings) if (r.value === null) failures[r.status] = (failures[r.status] || 0) + 1;
  const inAlarm = readings.filter(r => r.value !== null && r.alarm !== "NONE").length;
  const step = stepWords();
  const parts = [`${readings.length} ${readings.length === 1 ? "step" : "steps"} of ${step} with readings`];
  if (readings.length) parts.push(`${(100 * values.length / readings.length).toFixed(0)} % with a value`);
  if (summary && summary.ok > 0) {
    parts.push(`${summary.ok} ${summary.ok === 1 ? "reading" : "readings"} with a value: min ${formatValue(summary.min, m.range)}`
      + ` · mean ${formatValue(summary.mean, m.range)} · max ${formatValue(summary.max, m.range)} ${summary.unit}`);
  } else if (values.length) {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    parts.push(`step means: min ${formatValue(Math.min(...values), m.range)} · mean ${formatValue(mean, m.range)} · max `
      + `${formatValue(Math.max(...values), m.range)} ${m.range.unit}`);
  }
  if (values.length && inAlarm) parts.push(`${inAlarm} ${inAlarm === 1 ? "step" : "steps"} in alarm`);
  const counted = summary ? Object.entries(summary.failures) : Object.entries(failures);
  const why = counted.sort((p, q) => q[1] - p[1]).map(([s, n]) => `${s} ${n}`).join(", ");
  if (why) parts.push(`${summary ? "readings" : "steps"} without a value: ` + why);
  document.getElementById("stats").replaceChildren(el("span", {}, parts.join(" · ")));
}

// The meter's changes of status or alarm in the window, newest first: when its camera went down
// and came back, when it went into alarm and out.
const CHANGES = 20;

async function changes(m, range) {
  const list = await getJson(`/api/v1/meters/${encodeURIComponent(m.id)}/changes?${range}&limit=${CHANGES}`)
    .catch(() => []);
  document.getElementById("changes-section").hidden = list.length === 0;
  document.querySelector("#changes tbody").replaceChildren(...list.map(c => {
    const what = [];
    if (c.status !== c.statusBefore) what.push(`${c.statusBefore} → ${c.status}`);
    if (c.alarmChanged) what.push(`alarm ${c.alarmBefore || "NONE"} → ${c.alarm}`);
    return el("tr", { "data-change": c.status + "/" + c.alarm },
      el("td", {}, when(c.time)),
      el("td", {}, what.join(" · ")),
      el("td", { class: "value" }, ...(c.value === null ? [el("span", { class: "muted" }, "–")]
        : [formatValue(c.value, m.range), el("span", { class: "unit" }, c.unit)])));
  }));
}

// What happened to the meter's alarm in the window, newest first: raised, cleared, acknowledged,
// shelved and unshelved, and who did it.
const JOURNAL = 30;

async function journal(m, range) {
  const query = `meter=${encodeURIComponent(m.id)}&${range}`;
  document.getElementById("journal-csv").href = `/api/v1/alarms/journal.csv?${query}&limit=10000&bom=true`;
  const list = await getJson(`/api/v1/alarms/journal?${query}&limit=${JOURNAL}`).catch(() => []);
  document.getElementById("journal-section").hidden = list.length === 0;
  document.querySelector("#journal tbody").replaceChildren(...list.map(e => el("tr", { "data-kind": e.kind },
    el("td", {}, when(e.time)),
    el("td", {}, journalWords(e)),
    el("td", { class: "value" }, formatValue(e.value, m.range), el("span", { class: "unit" }, e.value === null ? "" : e.unit)),
    el("td", {}, ...byWho(e)),
    el("td", {}, e.text))));
}

// The frames the meter went into alarm in, newest first: the evidence of each alarm.
const PICTURES = 6;

// The meter's alarm on the alarm list, if it has one: since when, and its acknowledgement or a button for it.
async function alarmLine(m) {
  const list = await getJson("/api/v1/alarms").catch(() => []);
  const a = list.find(x => x.meterId === m.id);
  const box = document.getElementById("alarm-line");
  box.hidden = !a;
  if (!a) return;
  const parts = [el("span", { class: a.active ? `badge ${a.state}` : "badge cleared" }, alarmWords(a)),
    // the alarm's value is the one at its last change: its raise while active, its clear once cleared
    el("span", {}, ` raised ${when(a.raised)} (${age(a.raised)} ago)`
      + (a.active ? ` at ${formatValue(a.value, m.range)} ${a.unit} · ` : ` · cleared at ${formatValue(a.value, m.range)} ${a.unit} · `))];
  const act = (cls, text, action) => {
    const button = el("button", { class: cls }, text);
    button.addEventListener("click", async () => {
      button.disabled = true;
      await action();
      refresh();
    });
    return button;
  };
  if (a.acknowledged) {
    parts.push(el("span", {}, acknowledgedWords(a)));
  } else {
    parts.push(el("span", {}, "not acknowledged "), act("ack", "Acknowledge", () => acknowledgeAlarm(m.id)));
  }
  parts.push(el("span", {}, " · "));
  if (a.shelf) {
    parts.push(el("span", { class: "shelf" }, shelfWords(a) + " "), act("shelve", "Unshelve", () => unshelveAlarm(m.id)));
  } else {
    parts.push(act("shelve", "Shelve", () => shelveAlarm(m.id)));
  }
  box.replaceChildren(...parts);
}

// Whether the meter is in service, with a button to take it out (a gauge away for maintenance) or put it back.
function serviceLine(m) {
  const box = document.getElementById("service-line");
  const button = el("button", { class: "service" }, m.outOfService ? "Put back in service" : "Take out of service");
  button.addEventListener("click", async () => {
    button.disabled = true;
    await (m.outOfService ? putBackInService(m.id) : takeOutOfService(m.id));
    refresh();
  });
  box.dataset.outOfService = m.outOfService ? "true" : "false";
  box.replaceChildren(...(m.outOfService
    ? [el("span", { class: "badge OUT_OF_SERVICE" }, "OUT OF SERVICE"), el("span", {}, " " + outOfServiceWords(m.outOfService) + " "), button]
    : [button]));
}

// The gauge in its camera's latest frame, annotated as read: what to hold the number against, with
// how old that frame is (a camera that went down leaves its last one). Hidden until the camera has
// delivered a frame (the picture's URL answers 404 before).
let nowUrl = null;
let noPictureUntil = 0;

async function nowPicture(m) {
  const url = `/api/v1/meters/${encodeURIComponent(m.id)}/snapshot`;
  const figure = document.getElementById("now");
  document.getElementById("now-link").href = url;
  document.getElementById("now-camera").href = `/api/v1/cameras/${encodeURIComponent(m.camera)}/snapshot`;
  document.getElementById("now-marks").href = `/marks.html?camera=${encodeURIComponent(m.camera)}`
    + `&meter=${encodeURIComponent(m.id)}` + (m.type === "level" ? "&kind=level" : "");
  if (Date.now() < noPictureUntil) return;
  try {
    const r = await fetch(url, { cache: "no-store" });
    if (!r.ok) {
      // no frame from its camera (yet): asked again in 30 s, not a 404 at every refresh
      figure.hidden = true;
      noPictureUntil = Date.now() + 30000;
      return;
    }
    const captured = r.headers.get("X-Capture-Time");
    const picture = URL.createObjectURL(await r.blob());
    document.getElementById("now-img").src = picture;
    if (nowUrl) URL.revokeObjectURL(nowUrl);
    nowUrl = picture;
    document.getElementById("now-when").textContent = captured ? `${age(captured)} ago` : "";
    figure.hidden = false;
  } catch (e) {
    figure.hidden = true;
  }
}

async function alarmPictures(m) {
  const pictures = await getJson(`/api/v1/meters/${encodeURIComponent(m.id)}/alarm-snapshots`).catch(() => []);
  document.getElementById("alarm-section").hidden = pictures.length === 0;
  document.getElementById("alarm-pictures").replaceChildren(...pictures.slice(0, PICTURES).map(p =>
    el("figure", { "data-alarm": p.alarm },
      el("a", { href: p.url }, el("img", { src: p.url, loading: "lazy", alt: `${m.id} ${p.alarm}` })),
      el("figcaption", {}, el("span", { class: "badge " + p.alarm }, p.alarm),
        ` ${formatValue(p.value, m.range)} ${p.unit} · ${when(p.time)}`))));
}

// The meter's latest state (its reading, the picture, its alarm and service lines) refreshes every
// LATEST_MS, as the dashboard's does; its history (the trend, the changes, the journal) at REFRESH_MS.
const LATEST_MS = 3000;
let meter = null;
const errors = { latest: null, history: null };

function showErrors() {
  const banner = document.getElementById("meter-error");
  const text = errors.latest || errors.history;
  banner.hidden = !text;
  banner.textContent = text || "";
}

function errorText(e) {
  if (!meterId) return "No meter named: open this page from the dashboard, or as meter.html?meter=ID.";
  return e.status === 404 ? `No meter ${meterId}.` : `${(e.problem && e.problem.detail) || e.message}`;
}

const base = `/api/v1/meters/${encodeURIComponent(meterId)}`;

async function refreshLatest() {
  try {
    const m = await getJson(base);
    document.getElementById("title").textContent = m.id;
    document.title = "Meter Reader: " + m.id;
    if (!m.calibrated) {
      errors.latest = `${m.id} is a gauge found where no meter is calibrated: it has no history.`;
      showErrors();
      return;
    }
    facts(m);
    nowPicture(m);
    serviceLine(m);
    await alarmLine(m);
    const first = meter === null;
    meter = m;
    errors.latest = null;
    showErrors();
    if (first) await refreshHistory();
  } catch (e) {
    errors.latest = errorText(e);
    showErrors();
    if (meter === null) {
      // never found: not "loading…" for ever, and no asking again every few seconds for a meter that is not there
      document.getElementById("summary").textContent = e.status === 404 ? "no such meter" : "unavailable";
      if (e.status === 404) clearInterval(latestTimer);
    }
  }
}

async function refreshHistory() {
  const m = meter;
  if (!m) return;
  const to = Date.now();
  const from = to - hours * 3600 * 1000;
  const range = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to + 60000).toISOString())}`;
  // Every stored reading of a day (8,640 at the default storage interval, 864,000 stored every
  // 0.1 s) fits the CSV's 1,000,000; a week's or a month's come as the trend's steps.
  const csv = document.getElementById("csv");
  if (hours <= 24) {
    csv.href = `${base}/readings.csv?${range}&limit=1000000&bom=true`;
    csv.textContent = "this window as CSV";
  } else {
    csv.href = `${base}/readings.csv?${range}&step=PT${stepSeconds}S&limit=10000&bom=true`;
    csv.textContent = `this window as CSV (${stepWords()} means)`;
  }
  try {
    // readings taken before the meter's unit was changed in its calibration are on another scale
    const readings = (await getJson(`${base}/readings?${range}&step=PT${stepSeconds}S&limit=5000`))
      .filter(r => r.unit === m.range.unit);
    chart(m, readings, from, to);
    const summary = await getJson(`${base}/readings/summary?${range}`).catch(() => null);
    stats(m, readings, summary);
    await changes(m, range);
    await journal(m, range);
    await alarmPictures(m);
    errors.history = null;
    document.getElementById("summary").textContent = `last ${hours} h · ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    errors.history = errorText(e);
    // not "loading…" for ever: the history could not be had, and the errors above say why
    document.getElementById("summary").textContent = `last ${hours} h · history unavailable · ${new Date().toLocaleTimeString()}`;
  }
  showErrors();
}

/** Both, after an operator's action on this page. */
async function refresh() {
  await refreshLatest();
  await refreshHistory();
}

windowLinks();
const latestTimer = setInterval(refreshLatest, LATEST_MS);
refreshLatest();
setInterval(refreshHistory, REFRESH_MS);
