// Meter Reader dashboard: plain JavaScript, no build step. Polls the REST API every few seconds.
"use strict";

const REFRESH_MS = 3000;
const SPARK_POINTS = 60;

// Why the reading history cannot be read, as the API said it in this refresh; null when it can.
let historyProblem = null;

function sparkline(readings, range) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "spark");
  svg.setAttribute("viewBox", "0 0 160 32");
  // readings taken before the meter's unit was changed in its calibration are on another scale
  const usable = r => r.value !== null && (!range || r.unit === range.unit);
  const ok = readings.filter(usable);
  if (ok.length < 2) return svg;
  const t0 = Date.parse(ok[0].captureTime), t1 = Date.parse(ok[ok.length - 1].captureTime);
  const lo = range ? range.min : Math.min(...ok.map(r => r.value));
  const hi = range ? range.max : Math.max(...ok.map(r => r.value));
  const point = r => {
    const x = t1 > t0 ? (Date.parse(r.captureTime) - t0) / (t1 - t0) * 158 + 1 : 1;
    const y = hi > lo ? 31 - (r.value - lo) / (hi - lo) * 30 : 16;
    return [x, y];
  };
  // a reading without a value (the camera down, the gauge not read) breaks the line: no value is
  // drawn across a gap where none was read
  const runs = [[]];
  for (const r of readings) {
    if (usable(r)) runs[runs.length - 1].push(point(r));
    else if (runs[runs.length - 1].length) runs.push([]);
  }
  for (const run of runs.filter(r => r.length)) {
    if (run.length === 1) {
      const dot = document.createElementNS(ns, "circle");
      dot.setAttribute("cx", run[0][0].toFixed(1));
      dot.setAttribute("cy", run[0][1].toFixed(1));
      dot.setAttribute("r", "1");
      svg.append(dot);
      continue;
    }
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", run.map(([x, y]) => x.toFixed(1) + "," + y.toFixed(1)).join(" "));
    svg.append(line);
  }
  return svg;
}

const tiles = new Map();

// One tile per camera, kept across refreshes; the snapshot is swapped in only once the next one
// has loaded, so the picture never flickers to empty.
function cameraTile(c, stamp) {
  let tile = tiles.get(c.id);
  if (!tile) {
    const img = el("img", { alt: "camera " + c.id, hidden: "" });
    tile = el("div", { class: "tile", "data-camera": c.id }, img, el("div", { class: "picture-time" }),
      el("div", { class: "nopicture" }),
      el("div", { class: "meta" }, el("span", { class: "id" }, c.id),
        el("a", { href: "/marks.html?camera=" + encodeURIComponent(c.id), title: "read a meter's scale or level marks off this camera's frame" }, "marks"),
        el("span", { class: "badge" })),
      el("div", { class: "meta counters" }, el("span", { class: "url" }), el("span", { class: "numbers" })),
      el("div", { class: "error" }));
    tiles.set(c.id, tile);
  }
  const badge = tile.querySelector(".badge");
  badge.className = "badge " + c.state;
  badge.textContent = c.state;
  tile.querySelector(".url").textContent = c.url;
  tile.querySelector(".numbers").textContent = `${c.frames} frames · ${c.drops} drops · ${c.reconnects} reconnects`;
  tile.querySelector(".error").textContent = c.lastError || c.warning || "";
  const img = tile.querySelector("img");
  // a camera not streaming (down, reconnecting, its frames stalled) shows its last picture dimmed,
  // saying when it was taken: it looked live
  const old = c.state !== "STREAMING" && img.dataset.loaded;
  tile.classList.toggle("old-picture", Boolean(old));
  tile.querySelector(".picture-time").textContent = old
    ? (c.lastFrameAt ? `picture of ${when(c.lastFrameAt)}, ${age(c.lastFrameAt)} old`
      : "an old picture") : "";
  if (c.frames === 0 && !img.dataset.loaded) {
    // no frame to show yet (asking would be a 404 at every refresh): say so in the picture's place
    tile.querySelector(".nopicture").textContent = c.state === "STREAMING" ? "waiting for the first frame"
      : `no frame from this camera yet (${c.state.toLowerCase()})`;
    return tile;
  }
  const next = new Image();
  next.onload = () => {
    img.src = next.src;
    img.dataset.loaded = "true";
    img.hidden = false;
    tile.querySelector(".nopicture").hidden = true;
  };
  next.onerror = () => {
    // the service has no frame of it any more (its camera removed and added again): no old one is shown
    img.hidden = true;
    delete img.dataset.loaded;
    const none = tile.querySelector(".nopicture");
    none.hidden = false;
    none.textContent = `no frame from this camera now (${c.state.toLowerCase()})`;
  };
  // the picture at the tile's size (in the screen's pixels, in steps of 160): a 120 KB frame shown
  // 380 pixels wide was most of what each open dashboard fetched every 3 s
  const across = Math.ceil(Math.max(img.clientWidth || 380, 160) * (window.devicePixelRatio || 1) / 160) * 160;
  next.src = `/api/v1/cameras/${encodeURIComponent(c.id)}/snapshot?width=${across}&t=${stamp}`;
  return tile;
}

// A meter's marks on the marks page, placed on the camera's latest frame: those in its calibration,
// to see that they still sit where they should (a camera knocked aside moves the dial, not the
// marks), or those a dial learnt from its ticks, to check and pin.
function marksLink(m) {
  const k = m.scaleMarks || m.learntScaleMarks;
  const px = p => `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
  let query;
  if (k) {
    query = "&points=" + encodeURIComponent([k.pivot, k.min, k.max].map(px).join(";"))
      + (m.direction === "counterclockwise" ? "&direction=counterclockwise" : "");
  } else if (m.levelMarks) {
    const x = m.region.x + m.region.width / 2;
    query = "&kind=level&points=" + encodeURIComponent(px({ x, y: m.levelMarks.empty }) + ";" + px({ x, y: m.levelMarks.full }));
  } else {
    return "";
  }
  const learnt = !m.scaleMarks && !m.levelMarks;
  const href = "/marks.html?camera=" + encodeURIComponent(m.camera) + "&meter=" + encodeURIComponent(m.id)
    + "&from=" + (learnt ? "learnt" : "calibration") + query;
  return el("a", { class: "marks-link", href, title: learnt
    ? "scale marks this dial learnt from its ticks: check them and pin them"
    : "the marks in this meter's calibration, on the camera's latest frame" },
    learnt ? "learnt marks" : "marks");
}

// Each meter's recent stored readings for its sparkline, asked for at most every SPARK_MS: the
// store keeps one every 10 s by default, and asking at every refresh was a query a meter every 3 s.
const SPARK_MS = 15000;
const sparks = new Map();

async function meterRow(m) {
  const r = m.latest;
  let history = [];
  if (m.calibrated) {
    const kept = sparks.get(m.id);
    if (kept && Date.now() - kept.at < SPARK_MS) {
      history = kept.history;
    } else {
      try {
        history = await getJson(`/api/v1/meters/${encodeURIComponent(m.id)}/readings?limit=${SPARK_POINTS}`);
        sparks.set(m.id, { at: Date.now(), history });
      } catch (e) {
        // the row still shows the latest reading; a history store that is away is said once, above
        if (e.status === 503) historyProblem = (e.problem && e.problem.detail) || e.message;
      }
    }
  }
  const valueCell = el("td", { class: "value" });
  if (r && r.value !== null && m.calibrated) {
    valueCell.append(formatValue(r.value, m.range), el("span", { class: "unit" }, m.range.unit));
  } else if (m.lastOk && m.calibrated) {
    // The latest reading has no value: keep showing the last good one, plainly marked as old.
    valueCell.append(el("span", { class: "stale", title: "last OK reading" }, formatValue(m.lastOk.value, m.range)),
      el("span", { class: "unit" }, m.range.unit + " · last OK " + age(m.lastOk.captureTime) + " ago"));
  } else if (r && r.fraction !== null) {
    valueCell.append((r.fraction * 100).toFixed(1), el("span", { class: "unit" }, "% of scale (uncalibrated)"));
  } else {
    valueCell.append(el("span", { class: "muted" }, "–"));
  }
  return el("tr", { "data-meter": m.id },
    el("td", {}, m.calibrated ? el("a", { class: "meter-link", href: "/meter.html?meter=" + encodeURIComponent(m.id),
      title: "this meter's trend and calibration" }, m.id) : m.id, marksLink(m)),
    el("td", {}, m.camera),
    valueCell,
    el("td", {}, r ? el("span", { class: "badge " + r.status, title: m.outOfService ? outOfServiceWords(m.outOfService) : r.status }, r.status)
      : el("span", { class: "muted" }, m.outOfService ? "out of service" : "no reading yet"),
      m.stuck ? el("span", { class: "badge warn stuck", title: stuckWords(m) }, "STUCK?") : ""),
    el("td", {}, r && r.alarm !== "NONE" ? el("span", { class: "badge " + r.alarm }, r.alarm) : ""),
    // a reading without a value and no confidence (the camera down, out of service) has none to show
    el("td", {}, r && (r.value !== null || r.confidence > 0) ? (r.confidence * 100).toFixed(0) + " %" : "–"),
    el("td", {}, r ? age(r.captureTime) : "–"),
    el("td", {}, ...(m.calibrated ? [sparkline(history, m.range), csvLink(m)] : [el("span", { class: "muted" }, "uncalibrated")])));
}

// The meter's readings of the last day as a CSV file, for a spreadsheet.
function csvLink(m) {
  const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  return el("a", { class: "csv-link", title: "the last day's readings as CSV",
    href: `/api/v1/meters/${encodeURIComponent(m.id)}/readings.csv?limit=1000000&from=${encodeURIComponent(from)}&bom=true` }, "csv");
}

// The alarm list (active, not yet acknowledged, or shelved), each with its acknowledgement or a
// button for it, and its shelving or a button for that.
function alarmRow(a, ranges) {
  const meter = el("a", { href: `/meter.html?meter=${encodeURIComponent(a.meterId)}&hours=8` }, a.meterId);
  const state = el("span", { class: a.active ? `badge ${a.state}` : "badge cleared" }, alarmWords(a));
  // active a day or more: stale (ISA-18.2), a standing alarm someone should look into
  const stale = a.active && Date.now() - Date.parse(a.raised) >= 24 * 3600 * 1000;
  const raised = el("td", { title: when(a.raised) }, `${age(a.raised)} ago`,
    ...(stale ? [" ", el("span", { class: "stale-alarm", title: "active a day or more" }, "stale")] : []));
  // the value at the alarm's last change: its raise while active, its clear once cleared
  const value = el("td", { class: "value", title: a.active ? "the value read when it was raised"
      : "the value read when it cleared" }, ...(a.active ? [] : [el("span", { class: "muted" }, "cleared at ")]),
    formatValue(a.value, ranges.get(a.meterId)), el("span", { class: "unit" }, a.unit));
  let ack;
  if (a.acknowledged) {
    ack = el("td", {}, acknowledgedWords(a).replace(/^acknowledged /, ""));
  } else {
    ack = el("td", {}, keyed(actionButton("ack", "acknowledge this alarm", "Acknowledge", () => acknowledgeAlarm(a.meterId)),
      a.meterId + "/ack"));
  }
  const shelf = a.shelf
    ? el("td", {}, shelfWords(a).replace(/^shelved /, ""), " ",
      keyed(actionButton("shelve", "end the shelving now", "Unshelve", () => unshelveAlarm(a.meterId)), a.meterId + "/unshelve"))
    : el("td", {}, keyed(actionButton("shelve", "take this alarm out of the count and the alerts for a time",
      "Shelve", () => shelveAlarm(a.meterId)), a.meterId + "/shelve"));
  const kind = a.shelf ? "shelved" : a.acknowledged ? "acked" : "unacked";
  const priority = el("td", {}, el("span", { class: `priority ${a.priority}` }, a.priority.toLowerCase()));
  return el("tr", { class: kind }, el("td", {}, meter), el("td", {}, state), priority, raised, value, ack, shelf);
}

// The order an operator works the list in: shelved last, then the most urgent, then the latest raised.
const PRIORITY_RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

function byUrgency(a, b) {
  return (a.shelf ? 1 : 0) - (b.shelf ? 1 : 0)
    || (PRIORITY_RANK[a.priority] ?? 1) - (PRIORITY_RANK[b.priority] ?? 1)
    || Date.parse(b.raised) - Date.parse(a.raised);
}

// A button that keeps the operator's name, does an alarm action and shows the list again.
// A button known again after a refresh rebuilds its row, by a key of its meter and action.
function keyed(button, key) {
  button.dataset.key = key;
  return button;
}

// Where the keyboard is, as a selector that finds it again once a refresh has rebuilt the rows
// (a button by its key, a link by its address): the rebuild dropped the focus to the page, and a
// keyboard user could not reach Acknowledge between two refreshes.
function focusedSelector() {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  if (a.dataset && a.dataset.key) return `[data-key="${CSS.escape(a.dataset.key)}"]`;
  const href = a.getAttribute && a.getAttribute("href");
  return href ? `a[href="${CSS.escape(href)}"]` : null;
}

function actionButton(cls, title, text, action) {
  const button = el("button", { class: cls, title }, text);
  button.addEventListener("click", async () => {
    if (!document.body.classList.contains("personal")) {
      localStorage.setItem("meter-reader.operator", document.getElementById("operator").value.trim());
    }
    button.disabled = true;
    await action();
    button.disabled = false;
    refresh();
  });
  return button;
}

async function showAlarms(meters) {
  const list = await getJson("/api/v1/alarms");
  const ranges = new Map(meters.map(m => [m.id, m.range]));
  document.querySelector("#alarms tbody").replaceChildren(...[...list].sort(byUrgency).map(a => alarmRow(a, ranges)));
  document.getElementById("alarms").hidden = list.length === 0;
  document.getElementById("no-alarms").hidden = list.length > 0;
  return list;
}

const operator = document.getElementById("operator");
operator.value = localStorage.getItem("meter-reader.operator") || "";
operator.addEventListener("change", () => localStorage.setItem("meter-reader.operator", operator.value.trim()));

// When the service last answered a refresh, and whether one is under way: a slow answer is not
// asked for again on top of itself.
let reachedAt = Date.now();
let refreshing = false;

async function refresh() {
  if (refreshing) return;
  refreshing = true;
  const stamp = Date.now();
  const focused = focusedSelector();
  try {
    const [cameras, meters, calibration] = await Promise.all([getJson("/api/v1/cameras"), getJson("/api/v1/meters"),
      getJson("/api/v1/calibration")]);
    // An edited calibration folder or cameras file that did not load is not in force: say so where it is seen.
    const banner = document.getElementById("calibration-error");
    banner.hidden = !calibration.error;
    const edited = calibration.camerasFile ? "The calibration folder or the cameras file" : "The calibration folder";
    banner.textContent = calibration.error
      ? `${edited} was edited but is not in force (every camera and meter keeps what it had): ${calibration.error}`
      : "";
    // What is in force but looks wrong (two meters on one gauge, files in a subfolder that are not read).
    const warnings = calibration.warnings || [];
    const warned = document.getElementById("calibration-warning");
    warned.hidden = warnings.length === 0;
    warned.replaceChildren(...warnings.map(w => {
      const p = document.createElement("p");
      p.textContent = w;
      return p;
    }));
    const grid = document.getElementById("cameras");
    grid.replaceChildren(...cameras.map(c => cameraTile(c, stamp)));
    historyProblem = null;
    const rows = await Promise.all(meters.map(meterRow));
    document.querySelector("#meters tbody").replaceChildren(...rows);
    const historyBanner = document.getElementById("history-error");
    historyBanner.hidden = !historyProblem;
    historyBanner.textContent = historyProblem || "";
    await showServiceProblems();
    const alarmList = await showAlarms(meters);
    const unacknowledged = alarmList.filter(a => !a.acknowledged && !a.shelf).length;
    const shelved = alarmList.filter(a => a.shelf).length;
    const streaming = cameras.filter(c => c.state === "STREAMING").length;
    const calibrated = meters.filter(m => m.calibrated);
    const ok = calibrated.filter(m => m.latest && m.latest.status === "OK").length;
    const outOfService = calibrated.filter(m => m.outOfService).length;
    const stuck = calibrated.filter(m => m.stuck).length;
    const alarms = alarmList.filter(a => a.active).length;
    document.getElementById("summary").textContent =
      `${streaming}/${cameras.length} cameras streaming · ${ok}/${calibrated.length} meters read OK`
      + (outOfService ? `, ${outOfService} out of service` : "") + (stuck ? `, ${stuck} stuck?` : "")
      + ` · ${alarms} in alarm, ${unacknowledged} unacknowledged`
      + (shelved ? `, ${shelved} shelved` : "") + " · "
      + `${meters.length - calibrated.length} uncalibrated gauges · ${new Date().toLocaleTimeString()}`;
    // an alarm waiting for someone, or a camera down, colours the summary, and the tab's title counts the alarms
    document.getElementById("summary").classList.toggle("alerting", unacknowledged > 0 || streaming < cameras.length);
    document.title = (unacknowledged ? `(${unacknowledged}) ` : "") + "Meter Reader";
    reachedAt = Date.now();
    unreachable(null);
    if (focused && document.activeElement === document.body) document.querySelector(focused)?.focus();
  } catch (e) {
    unreachable(e);
  } finally {
    refreshing = false;
  }
}

// The service not answering: said in a banner, and what the page shows dimmed, as of when it last
// answered; before, every camera still said STREAMING and every meter OK, aged 0 s, as if live.
function unreachable(e) {
  const banner = document.getElementById("unreachable");
  document.body.classList.toggle("unreachable", Boolean(e));
  banner.hidden = !e;
  banner.textContent = e ? `The service cannot be reached (${e.message}): what this page shows is as it was at `
    + `${new Date(reachedAt).toLocaleString()}, ${age(new Date(reachedAt).toISOString())} ago, not live.` : "";
}

// What the health says of the parts the page shows nowhere else: the inference workers and the
// MQTT broker (cameras have their tiles, the history and the calibration their own banners).
const HEALTH_PARTS = {
  inference: "Inference is stopped, meters are not being read (a restart should mend it)",
  mqtt: "Readings are not reaching the MQTT broker; each meter's latest waits for it",
};

async function showServiceProblems() {
  const banner = document.getElementById("service-error");
  const r = await fetch("/actuator/health", { cache: "no-store" }).catch(() => null);
  const health = r ? await r.json().catch(() => null) : null;
  const problems = Object.entries(HEALTH_PARTS)
    .map(([part, text]) => [health && health.components && health.components[part], text])
    .filter(([c]) => c && c.status !== "UP")
    .map(([c, text]) => `${text}: ${(c.details && c.details.problem) || c.status}`);
  banner.hidden = problems.length === 0;
  banner.textContent = problems.join(" · ");
  // Where SCADA finds the readings, for whoever sets it up.
  const parts = (health && health.components) || {};
  const endpoints = [];
  if (parts.opcua) endpoints.push(`OPC UA ${parts.opcua.details.endpoint} (${parts.opcua.details.sessions} connected)`);
  if (parts.modbus) endpoints.push(`Modbus TCP port ${parts.modbus.details.port}, ${parts.modbus.details.meters} meter${parts.modbus.details.meters === 1 ? "" : "s"} mapped (${parts.modbus.details.clients} connected)`);
  if (parts.mqtt) endpoints.push(`MQTT ${parts.mqtt.details.broker}`);
  document.getElementById("endpoints").textContent = endpoints.map(e => " · " + e).join("");
}

refresh();
setInterval(refresh, REFRESH_MS);
