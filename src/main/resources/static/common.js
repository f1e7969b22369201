// Meter Reader pages' shared helpers: plain JavaScript, no build step, loaded before each page's own script.
"use strict";

// A viewer's account may change nothing: its pages show no buttons that would only be refused. A
// personal account's actions are recorded under its own name: the operator box shows it, fixed.
fetch("/api/v1/access", { cache: "no-store" }).then(r => r.ok ? r.json() : null)
  .then(a => {
    if (a && a.readOnly) document.body.classList.add("read-only");
    if (a && a.personal) {
      document.body.classList.add("personal");
      const box = document.getElementById("operator");
      if (box) {
        box.value = a.user;
        box.disabled = true;
        box.title = "signed in as " + a.user + ": what you do is recorded under this name";
      }
    }
  }).catch(() => {});

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

// A value as its meter's scale reads: to a thousandth of its range's span (0.001 on a 0-1.6 bar
// dial, 0.000001 on a 0-0.0025 MPa one, whole pascals on a 0-2.5 MPa one in Pa), or, without a
// range, to three places, or three significant figures below 1. Three places whatever the scale
// showed 0.00151 MPa as 0.002 beside a HIGH limit of 0.002.
function formatValue(v, range) {
  if (v === null || v === undefined) return "–";
  if (range && range.max > range.min) {
    return v.toFixed(Math.min(8, Math.max(0, Math.ceil(-Math.log10((range.max - range.min) / 1000)))));
  }
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(1) : a >= 10 ? v.toFixed(2) : a >= 1 || a === 0 ? v.toFixed(3) : v.toPrecision(3);
}

// A moment as the page shows it: day, time and time zone, since the CSV files and the API are in
// UTC and a journal's "8:42:38 AM" said neither its day nor its zone.
function when(iso) {
  return new Date(iso).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit",
    minute: "2-digit", second: "2-digit", timeZoneName: "short" });
}

// How long ago an ISO time was, in seconds, minutes or hours.
function age(iso) {
  if (!iso) return "–";
  const s = (Date.now() - Date.parse(iso)) / 1000;
  return s < 90 ? Math.max(0, s).toFixed(0) + " s" : s < 5400 ? (s / 60).toFixed(0) + " min" : (s / 3600).toFixed(1) + " h";
}

// Asks in a dialog on the page, not with window.prompt: a browser ignores prompt() (and alert())
// in a page embedded from another origin, as a Home Assistant or Grafana panel embeds the
// dashboard, and an operator's click would then do nothing. Resolves to the fields' values by
// name, or null when cancelled (Cancel, Escape). Without fields and with cancel false, it only says
// something: one button, nothing to cancel.
function ask(title, action, fields, cancel = true) {
  return new Promise(resolve => {
    const inputs = fields.map(f => el("input", { name: f.name, value: f.value || "", placeholder: f.placeholder || "",
      autocomplete: "off" }));
    const form = el("form", { method: "dialog" }, el("h3", {}, title),
      ...fields.map((f, i) => el("label", {}, f.label, inputs[i])),
      el("div", { class: "buttons" },
        ...(cancel ? [el("button", { value: "cancel", type: "button", class: "cancel" }, "Cancel")] : []),
        el("button", { value: "ok", class: "ok" }, action)));
    const dialog = el("dialog", { class: "ask" }, form);
    if (cancel) form.querySelector("button.cancel").addEventListener("click", () => dialog.close("cancel"));
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "ok"
        ? Object.fromEntries(fields.map((f, i) => [f.name, inputs[i].value])) : null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// Says something in a dialog on the page (alert() is ignored where prompt() is: see ask).
function tell(text) {
  return ask(text, "OK", [], false);
}

// Acknowledges a meter's alarm on the alarm list: asks for a comment (Cancel: nothing), sends the
// operator's name as the dashboard keeps it, and says why where the service refuses. True when done.
async function acknowledgeAlarm(meterId) {
  const a = await ask(`Acknowledge ${meterId}'s alarm`, "Acknowledge",
    [...nameField(), { name: "comment", label: "Comment (optional)" }]);
  if (a === null) return false;
  return postAlarm(meterId, "acknowledge", { user: named(a), comment: a.comment }, "Not acknowledged");
}

// Shelves a meter's alarm: asks for how long (empty: once, until the alarm clears) and why. True when done.
async function shelveAlarm(meterId) {
  const a = await ask(`Shelve ${meterId}'s alarm`, "Shelve", [...nameField(),
    { name: "duration", label: "For how long (30m, 2h; empty: until it clears)", value: "1h" },
    { name: "reason", label: "Why (optional)" }]);
  if (a === null) return false;
  return postAlarm(meterId, "shelve", { user: named(a), duration: a.duration, reason: a.reason }, "Not shelved");
}

// A field for the operator's name, where the operator box is empty and no personal account is
// signed in: an action by no one named was journalled as "someone unnamed".
function nameField() {
  return operatorName() || document.body.classList.contains("personal") ? []
    : [{ name: "user", label: "Your name, for the alarm journal" }];
}

// The name an action is recorded under: the one given in its dialog (kept for the next, as the
// operator box keeps it), else the operator box's.
function named(answer) {
  const given = (answer.user || "").trim();
  if (given) {
    localStorage.setItem("meter-reader.operator", given);
    const box = document.getElementById("operator");
    if (box) box.value = given;
    return given;
  }
  return operatorName();
}

// Ends the shelving of a meter's alarm. True when done.
async function unshelveAlarm(meterId) {
  return postAlarm(meterId, "unshelve", { user: operatorName() }, "Not unshelved");
}

// Takes a meter out of service (a gauge away for maintenance), asking why. True when done.
async function takeOutOfService(meterId) {
  const a = await ask(`Take ${meterId} out of service? It will not be read or alarmed until it is put back.`,
    "Take out of service", [...nameField(), { name: "reason", label: "Why (optional)" }]);
  if (a === null) return false;
  return postMeter(meterId, "out-of-service", { user: named(a), reason: a.reason }, "Not taken out of service");
}

// Puts a meter back in service. True when done.
async function putBackInService(meterId) {
  return postMeter(meterId, "in-service", { user: operatorName() }, "Not put back in service");
}

// What a meter's being out of service says: "out of service since 10:02 (2 h ago) by ann: gauge replaced".
// A meter whose value has not moved for its stuck-after: between which values, since when.
function stuckWords(m) {
  const s = m.stuck;
  return `read ${formatValue(s.low, m.range)} to ${formatValue(s.high, m.range)} ${m.range.unit} since ` +
    `${when(s.since)} (${age(s.since)} ago): is its pointer or level stuck?`;
}

function outOfServiceWords(o) {
  return `out of service since ${when(o.since)} (${age(o.since)} ago)` +
    (o.user ? ` by ${o.user}` : "") + (o.reason ? `: ${o.reason}` : "");
}

// The name an action is recorded under: the one typed into the operator box (a shared account), or
// none for a personal account, which the service records under its own name.
function operatorName() {
  return document.body.classList.contains("personal") ? "" : localStorage.getItem("meter-reader.operator") || "";
}

// POSTs an operator's action on a meter's alarm; where the service refuses, says why. True when done.
async function postAlarm(meterId, action, body, refused) {
  return post(`/api/v1/alarms/${encodeURIComponent(meterId)}/${action}`, body, refused);
}

// POSTs an operator's action on a meter, as postAlarm does on its alarm.
async function postMeter(meterId, action, body, refused) {
  return post(`/api/v1/meters/${encodeURIComponent(meterId)}/${action}`, body, refused);
}

async function post(url, body, refused) {
  const r = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
    .catch(e => ({ ok: false, statusText: e.message, json: async () => null }));
  if (!r.ok) {
    const problem = await r.json().catch(() => null);
    await tell(`${refused}: ${(problem && problem.detail) || r.statusText}`);
  }
  return r.ok;
}

// What the alarm list says of an alarm, in words: "HIGH", or "HIGH, cleared".
function alarmWords(a) {
  return a.active ? a.state : `${a.limit}, cleared`;
}

// Who acknowledged an alarm, when, and why.
function acknowledgedWords(a) {
  return `acknowledged by ${a.acknowledgedBy || "someone unnamed"}, ${age(a.acknowledgedAt)} ago`
    + (a.comment ? `: ${a.comment}` : "");
}

// An alarm's shelving, in words: "shelved until 14:30 by ana: chattering".
function shelfWords(a) {
  const s = a.shelf;
  const until = s.oneShot ? "until it clears" : `until ${when(s.until)}`;
  return `shelved ${until} by ${s.user || "someone unnamed"}` + (s.reason ? `: ${s.reason}` : "");
}

// Raised and cleared by the readings, a shelf ended by itself (its text says why): nobody to name.
function byTheService(e) {
  if (e.via) return e.via === "SERVICE";
  // an entry journalled before the journal kept its edge
  return e.kind === "RAISED" || e.kind === "CLEARED" || (e.kind === "UNSHELVED" && e.text !== "");
}

// The edge an operator's action came in by, said after the name in a journal's By column: a name
// in an MQTT command is whatever its publisher wrote, so an audit asks which edge it came by.
const VIA_WORDS = {
  HTTP: ["API", "the API or the dashboard"], MQTT: ["MQTT", "an MQTT command"],
  SPARKPLUG: ["Sparkplug", "a Sparkplug B command"], OPC_UA: ["OPC UA", "an OPC UA client's method call"],
};

// The By cell's content: who (as given, a link where one is given) and the edge it came in by.
function byWho(e, name) {
  const who = name !== undefined ? name : e.user || (byTheService(e) ? "" : "someone unnamed");
  const via = VIA_WORDS[e.via];
  return via ? [who, el("span", { class: "via", title: "came in by " + via[1] }, via[0])] : [who];
}

// A journal entry in words: "HIGH raised", "HIGH cleared", "shelved until 4:32:18 PM".
function journalWords(e) {
  switch (e.kind) {
    case "RAISED": return `${e.state} raised`;
    case "CLEARED": return `${e.limit} cleared`;
    case "ACKNOWLEDGED": return `${e.limit} acknowledged`;
    case "COMMENTED": return `${e.limit} comment`;
    case "SHELVED": return e.until ? `shelved until ${when(e.until)}` : "shelved until it clears";
    case "OUT_OF_SERVICE": return e.limit === "NONE" ? "taken out of service" : `taken out of service (${e.limit} alarm off the list)`;
    case "BACK_IN_SERVICE": return "put back in service";
    case "DISABLED": return "OPC UA condition disabled";
    case "ENABLED": return "OPC UA condition enabled";
    default: return byTheService(e) ? "shelf ended" : "unshelved";
  }
}
