// The alarm history page: the alarm system's performance over a window (ISA-18.2's figures) and
// the journal of what happened to the alarms, and who did it.
"use strict";

const params = new URLSearchParams(location.search);
const days = Math.max(1, Math.min(400, Number(params.get("days")) || 7));
const JOURNAL = 200;
// ?user=ann: the journal shows only what ann did (an audit of a shift); the figures stay the plant's.
const user = params.get("user") || "";

// This page's address for a window of days and a user ("": everyone).
function pageFor(d, u) {
  return `?days=${d}` + (u ? `&user=${encodeURIComponent(u)}` : "");
}

// An ISO duration (PT1H2M3.5S) as a person reads it: "1 h 2 min", "45 s".
function duration(iso) {
  if (!iso) return "–";
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
  if (!m) return iso;
  const s = (Number(m[1] || 0) * 3600) + (Number(m[2] || 0) * 60) + Number(m[3] || 0);
  return s < 90 ? `${s.toFixed(0)} s` : s < 5400 ? `${(s / 60).toFixed(0)} min` : `${(s / 3600).toFixed(1)} h`;
}

function windowLinks() {
  document.getElementById("window").replaceChildren(...[1, 7, 30].flatMap(d => [" ",
    d === days ? el("span", { class: "current" }, `${d} d`) : el("a", { href: pageFor(d, user) }, `${d} d`)]));
}

async function performance(range) {
  const f = await getJson(`/api/v1/alarms/statistics?${range}`);
  const facts = [`${f.raised} raised`, `${f.raisedPer10Minutes.toFixed(2)} per 10 minutes on average`,
    `at most ${f.peak10Minutes} in 10 minutes`,
    `${(100 * f.floodShare).toFixed(1)} % of 10-minute intervals in flood (more than 10)`,
    `${f.stale} stale (active a day or more)`];
  document.getElementById("figures").replaceChildren(el("span", {}, facts.join(" · ")));
  document.querySelector("#top tbody").replaceChildren(...f.meters.map(m => el("tr", {},
    el("td", {}, el("a", { href: `/meter.html?meter=${encodeURIComponent(m.meterId)}&hours=${Math.min(24 * days, 720)}` },
      m.meterId)),
    el("td", { class: "value" }, m.raised),
    el("td", { class: m.chattering ? "value chatter" : "value" }, m.chattering),
    el("td", { class: m.stale ? "value chatter" : "value" }, m.stale),
    el("td", {}, duration(m.inAlarm)),
    el("td", {}, duration(m.shelved)),
    el("td", { class: "value" }, m.acknowledged),
    el("td", {}, duration(m.meanTimeToAcknowledge)),
    el("td", {}, duration(m.longestTimeToAcknowledge)),
    el("td", {}, duration(m.outOfService)))));
}

async function journal(range) {
  const only = user ? `&user=${encodeURIComponent(user)}` : "";
  document.getElementById("journal-user").replaceChildren(...(user
    ? [`of ${user} `, el("a", { class: "csv-link", href: pageFor(days, "") }, "everyone's")] : []));
  document.getElementById("journal-csv").href = `/api/v1/alarms/journal.csv?${range}${only}&limit=10000&bom=true`;
  const list = await getJson(`/api/v1/alarms/journal?${range}${only}&limit=${JOURNAL}`);
  // each value to its meter's scale, as the dashboard shows it (a meter no longer calibrated: as it comes)
  const ranges = new Map((await getJson("/api/v1/meters").catch(() => [])).map(m => [m.id, m.range]));
  document.querySelector("#journal tbody").replaceChildren(...list.map(e => el("tr", { "data-kind": e.kind },
    el("td", {}, when(e.time)),
    el("td", {}, el("a", { href: `/meter.html?meter=${encodeURIComponent(e.meterId)}&hours=8` }, e.meterId)),
    el("td", {}, journalWords(e)),
    el("td", { class: "value" }, formatValue(e.value, ranges.get(e.meterId)),
      el("span", { class: "unit" }, e.value === null ? "" : e.unit)),
    el("td", {}, ...byWho(e, e.user ? el("a", { href: pageFor(days, e.user), title: `only what ${e.user} did` },
      e.user) : undefined)),
    el("td", {}, e.text))));
}

async function refresh() {
  const to = new Date();
  const from = new Date(to.getTime() - days * 24 * 3600 * 1000);
  const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const banner = document.getElementById("history-error");
  try {
    await performance(range);
    await journal(range);
    banner.hidden = true;
    document.getElementById("summary").textContent = `last ${days} d · ${to.toLocaleTimeString()}`;
  } catch (e) {
    banner.hidden = false;
    // the journal and the statistics are kept in the history store: its problem is theirs
    banner.textContent = "The alarm journal cannot be read now: " + ((e.problem && e.problem.detail) || e.message);
    document.getElementById("summary").textContent = `last ${days} d · journal unavailable · ${to.toLocaleTimeString()}`;
  }
}

windowLinks();
refresh();
setInterval(refresh, 30000);
