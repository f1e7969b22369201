// Meter Reader marks: read a meter's scale or level marks off a camera's raw frame by clicking,
// as the calibration file takes them (frame pixels), and check them with the offline read.
// Plain JavaScript, no build step. ?camera=ID&kind=pointer|level&points=x,y;x,y;x,y preloads;
// &meter=ID&from=calibration|learnt says the points are that meter's marks, from its calibration
// or learnt from its ticks (the dashboard's links from each meter with marks).
"use strict";

const KINDS = {
  pointer: { names: ["pivot", "min tick", "max tick"], colors: ["#58a6ff", "#3fb950", "#f85149"] },
  level: { names: ["empty (surface when the tank is empty)", "full (surface when full)"], colors: ["#3fb950", "#f85149"] },
};
const params = new URLSearchParams(location.search);
let points = [];
// the meter whose marks were preloaded (?meter=ID&from=...), until they are clicked again
let preloaded = null;

function kind() {
  return document.querySelector("input[name=kind]:checked").value;
}

function round1(v) {
  return Math.round(v * 10) / 10;
}

// The calibration line for the points so far, or what is still to click.
function yaml() {
  const k = KINDS[kind()];
  if (points.length < k.names.length) {
    return "# click the " + k.names[points.length];
  }
  const p = points.map(([x, y]) => [round1(x), round1(y)]);
  if (kind() === "level") {
    return `level-marks: {empty: ${p[0][1]}, full: ${p[1][1]}}`;
  }
  return `scale-marks: {pivot: {x: ${p[0][0]}, y: ${p[0][1]}}, min: {x: ${p[1][0]}, y: ${p[1][1]}}, `
    + `max: {x: ${p[2][0]}, y: ${p[2][1]}}}`
    + (document.getElementById("counterclockwise").checked ? "\ndirection: counterclockwise" : "");
}

// The meter named in the address (?meter=ID), once its calibration is read: its region, where the
// zoom looks first when no marks are given, and its range, in which the check says what it reads.
// Both are forgotten when another camera is chosen.
let meterRegion = null;
let meterRange = null;

function zoom() {
  return Number(document.getElementById("zoom").value);
}

// Zoom: "fit" shows the whole frame in the page; 2×, 4× and 8× show each frame pixel that many
// screen pixels wide, in a view that scrolls, so that a small dial's pivot and end ticks are placed
// to a fraction of a pixel. The view is centred on the marks, else on the meter, else the frame.
function applyZoom() {
  const img = document.getElementById("frame");
  const view = document.querySelector(".marks-frame");
  const z = zoom();
  view.classList.toggle("zoomed", z > 0);
  img.style.width = z > 0 && img.naturalWidth ? `${img.naturalWidth * z}px` : "";
  if (z > 0 && img.naturalWidth) {
    const [cx, cy] = points.length ? [points.reduce((a, p) => a + p[0], 0) / points.length,
      points.reduce((a, p) => a + p[1], 0) / points.length]
      : meterRegion ? [meterRegion.x + meterRegion.width / 2, meterRegion.y + meterRegion.height / 2]
      : [img.naturalWidth / 2, img.naturalHeight / 2];
    view.scrollLeft = cx * z - view.clientWidth / 2;
    view.scrollTop = cy * z - view.clientHeight / 2;
  }
  draw();
}

function draw() {
  const img = document.getElementById("frame");
  const svg = document.getElementById("dots");
  const w = img.naturalWidth || 1, h = img.naturalHeight || 1;
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const ns = "http://www.w3.org/2000/svg";
  // about 6 screen pixels whatever the zoom
  const r = Math.max(0.4, 6 * w / (img.clientWidth || w));
  const k = KINDS[kind()];
  svg.replaceChildren(...points.map(([x, y], i) => {
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", x);
    c.setAttribute("cy", y);
    c.setAttribute("r", r);
    c.setAttribute("fill", "none");
    c.setAttribute("stroke", k.colors[i] || "#fff");
    c.setAttribute("stroke-width", r / 2);
    return c;
  }));
  document.getElementById("yaml").textContent = (preloaded ? preloaded.heading + "\n" : "") + yaml();
  document.getElementById("help").textContent = points.length < k.names.length
    ? `click the ${k.names[points.length]} on the frame`
    : preloaded ? preloaded.help
    : editsOn && !document.body.classList.contains("read-only")
      ? "done: write the line into the meter's calibration file below, or copy it there (in force within seconds)"
    : "done: copy the line into the meter's calibration file (in force within seconds)";
  saveChoices();
  if (points.length === k.names.length) check();
  else document.getElementById("check").textContent = "";
}

// Keeping the marks, where the service may write calibration files (calibration-edits): the
// camera's calibrated meters of the kind being marked, the one the page was opened for chosen first.
let meters = [];
let editsOn = false;

function saveChoices() {
  const complete = points.length === KINDS[kind()].names.length;
  const camera = document.getElementById("camera").value;
  const wanted = meters.filter(m => m.calibrated && m.camera === camera && m.type === kind());
  const select = document.getElementById("save-meter");
  const chosen = select.value || params.get("meter");
  select.replaceChildren(...wanted.map(m => {
    const o = document.createElement("option");
    o.value = o.textContent = m.id;
    return o;
  }));
  if (wanted.some(m => m.id === chosen)) select.value = chosen;
  document.getElementById("save").hidden = !editsOn || !complete || !wanted.length;
  document.getElementById("save-result").textContent = "";
}

// Writes the marks into the chosen meter's calibration file, as its line above says them.
async function save() {
  const meter = document.getElementById("save-meter").value;
  const out = document.getElementById("save-result");
  const p = points.map(([x, y]) => ({ x: round1(x), y: round1(y) }));
  const body = kind() === "level" ? { levelMarks: { empty: p[0].y, full: p[1].y } }
    : { scaleMarks: { pivot: p[0], min: p[1], max: p[2] },
        direction: document.getElementById("counterclockwise").checked ? "counterclockwise" : "clockwise" };
  // a file the plant may keep under version control: asked before, not written at a click
  const sure = await ask(`Write these ${kind() === "level" ? "level" : "scale"} marks into ${meter}'s calibration `
    + "file? Its marks line is replaced (or added); every other line stays, and the meter is read with them "
    + "within seconds.", "Write", []);
  if (sure === null) return;
  out.textContent = "writing…";
  try {
    const r = await fetch(`/api/v1/meters/${encodeURIComponent(meter)}/marks`, {
      method: "PUT", headers: { "Content-Type": "application/json" },
      // recorded under the operator's name, as the alarm actions are (the account's where none is set)
      body: JSON.stringify({ ...body, user: operatorName() }) });
    const answer = await r.json().catch(() => ({}));
    out.textContent = !r.ok ? "not written: " + (answer.detail || "HTTP " + r.status)
      : answer.folderNotInForce ? `written to ${answer.file}, but not in force yet: ${answer.folderNotInForce}`
      : `written to ${answer.file}: in force within seconds`;
    out.dataset.ok = String(r.ok);
  } catch (e) {
    out.textContent = "cannot write: " + e.message;
    out.dataset.ok = "false";
  }
}

// A share of the scale as the meter's value: through its scale table where it has one, else its range.
function meterValue(fraction) {
  const { range, scale } = meterRange;
  if (scale.length < 2) return range.min + fraction * (range.max - range.min);
  // the segment the fraction falls in; beyond the table's ends, its first or last segment
  let i = scale.findIndex(p => p.fraction >= fraction);
  i = i === -1 ? scale.length - 1 : Math.max(1, i);
  const a = scale[i - 1], b = scale[i];
  return a.value + (fraction - a.fraction) / (b.fraction - a.fraction) * (b.value - a.value);
}

// The offline read of this very frame with these marks: what the service would make of the dial
// or the sight glass.
async function check() {
  const out = document.getElementById("check");
  const level = kind() === "level";
  out.textContent = "reading the frame with these marks…";
  try {
    // the very bytes shown: fetching the snapshot again would read the camera's newest frame
    const frame = shownFrame;
    if (!frame) {
      out.textContent = "no frame to read: the camera has given none yet";
      return;
    }
    // a sight glass's marks are rows; the glass is the one under the clicks' column
    const column = level ? (points[0][0] + points[1][0]) / 2 : null;
    const query = level
      ? `level-marks=${encodeURIComponent(`${round1(points[0][1])},${round1(points[1][1])},${round1(column)}`)}`
      : `scale-marks=${encodeURIComponent(points.map(([x, y]) => `${round1(x)},${round1(y)}`).join(","))}`
        + (document.getElementById("counterclockwise").checked ? "&min=0&max=1&direction=counterclockwise" : "");
    const r = await fetch(`/api/v1/read?${query}`,
      { method: "POST", headers: { "Content-Type": "image/jpeg" }, body: frame });
    const body = await r.json();
    if (!r.ok) {
      out.textContent = "the marks were refused: " + (body.detail || r.status);
      return;
    }
    const [px, py] = level ? [column, (points[0][1] + points[1][1]) / 2] : points[0];
    const within = g => g.box.x <= px && px <= g.box.x + g.box.width;
    const gauge = body.gauges.find(g => g.type === (level ? "level" : "pointer") && within(g)
      && (level || (g.box.y <= py && py <= g.box.y + g.box.height)));
    const share = gauge && gauge.fraction !== null
      ? `${(gauge.fraction * 100).toFixed(1)}% ${level ? "full" : "of the scale"}` : "";
    out.textContent = !gauge ? (level ? "no sight glass found under the marks in this frame"
        : "no dial found around the pivot in this frame")
      : gauge.fraction !== null && meterRange
        ? `read with these marks: ${formatValue(meterValue(gauge.fraction), meterRange.range)} `
          + `${meterRange.range.unit}, ${share} (${gauge.status})`
      : gauge.fraction !== null ? `read with these marks: ${share} (${gauge.status})`
      : `read with these marks: ${gauge.status}`;
    out.dataset.status = gauge ? gauge.status : "NOT_DETECTED";
  } catch (e) {
    out.textContent = "cannot check: " + e.message;
  }
}

// The frame on show, as its bytes: the check reads these, not the camera's newest frame.
let shownFrame = null;

async function load(camera) {
  const img = document.getElementById("frame");
  img.dataset.loaded = "false";
  shownFrame = null;
  const noFrame = () => {
    img.removeAttribute("src");
    document.getElementById("help").textContent = "no frame from camera " + camera + " yet: marks are placed "
      + "on a frame (reload once it streams)";
  };
  img.onload = () => {
    img.dataset.loaded = "true";
    applyZoom();
  };
  img.onerror = noFrame;
  try {
    const r = await fetch(`/api/v1/cameras/${encodeURIComponent(camera)}/snapshot?annotated=false&t=${Date.now()}`,
      { cache: "no-store" });
    if (!r.ok) {
      noFrame();
      return;
    }
    shownFrame = await r.blob();
    if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
    img.src = URL.createObjectURL(shownFrame);
  } catch (e) {
    noFrame();
  }
}

async function start() {
  if (params.get("kind") === "level") document.querySelector("input[value=level]").checked = true;
  document.getElementById("counterclockwise").checked = params.get("direction") === "counterclockwise";
  points = (params.get("points") || "").split(";").filter(s => s.includes(","))
    .map(s => s.split(",").map(Number)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const meter = params.get("meter");
  preloaded = !points.length || !meter ? null : params.get("from") === "learnt"
    ? { heading: `# learnt by ${meter} from its ticks`,
        help: `the marks ${meter} learnt from its ticks: if they sit on its pivot and end ticks, `
          + "copy the line into its calibration file to keep them (in force within seconds); click to mark them again" }
    : { heading: `# in ${meter}'s calibration`,
        help: `the marks in ${meter}'s calibration: if they no longer sit where they should (the camera `
          + "moved), click them again and put the new line in its calibration file (in force within seconds)" };
  const select = document.getElementById("camera");
  try {
    const cameras = await (await fetch("/api/v1/cameras", { cache: "no-store" })).json();
    select.replaceChildren(...cameras.map(c => {
      const o = document.createElement("option");
      o.value = o.textContent = c.id;
      return o;
    }));
  } catch (e) {
    document.getElementById("help").textContent = "cannot reach the service: " + e.message;
    return;
  }
  if (params.get("camera")) select.value = params.get("camera");
  try {
    editsOn = (await (await fetch("/api/v1/calibration", { cache: "no-store" })).json()).edits === true;
    if (editsOn) meters = await (await fetch("/api/v1/meters", { cache: "no-store" })).json();
  } catch (e) {
    editsOn = false;
  }
  document.getElementById("save-button").onclick = save;
  if (meter) {
    // the meter's page opens on the meter, large enough for its ticks: about 400 screen pixels across
    try {
      const m = await (await fetch(`/api/v1/meters/${encodeURIComponent(meter)}`, { cache: "no-store" })).json();
      meterRegion = m.region || null;
      meterRange = m.range && m.camera === select.value ? { range: m.range, scale: m.scale || [] } : null;
      // opened for a sight glass without &kind=level (a link typed by hand): marked as a glass, not a dial
      if (!params.get("kind") && m.type === "level") document.querySelector("input[value=level]").checked = true;
    } catch (e) {
      meterRegion = null;
    }
    if (meterRegion && meterRegion.width > 0 && meterRegion.height > 0) {
      // a dial about 400 screen pixels across; a sight glass whole in the view, at most 600 tall
      const wanted = kind() === "level" ? [8, 4, 2].find(z => meterRegion.height * z <= 600)
        : meterRegion.width < 400 ? [2, 4, 8].find(z => meterRegion.width * z >= 400) || 8 : undefined;
      if (wanted) document.getElementById("zoom").value = String(wanted);
    }
  }
  document.getElementById("zoom").onchange = applyZoom;
  select.onchange = () => {
    // another camera: the meter the page was opened for, and the zoom on it, are not in its frame
    points = [];
    preloaded = null;
    meterRegion = null;
    meterRange = null;
    document.getElementById("zoom").value = "0";
    load(select.value);
  };
  document.getElementById("reload").onclick = () => load(select.value);
  document.getElementById("undo").onclick = () => { points.pop(); preloaded = null; draw(); };
  document.getElementById("counterclockwise").onchange = draw;
  for (const r of document.querySelectorAll("input[name=kind]")) r.onchange = () => { points = []; preloaded = null; draw(); };
  document.getElementById("frame").onclick = e => {
    const img = e.currentTarget;
    if (img.dataset.loaded !== "true") return;   // no frame: nothing to place a mark on
    if (points.length >= KINDS[kind()].names.length) points = [];
    preloaded = null;
    // the click in frame pixels, whatever size the frame is shown at
    points.push([e.offsetX * img.naturalWidth / img.clientWidth, e.offsetY * img.naturalHeight / img.clientHeight]);
    draw();
  };
  load(select.value);
}

start();
