#!/usr/bin/python3
"""Many open pages against a running service: what they cost it, and whether the cameras' readings keep up.

Usage: clients.py --port PORT --pid PID --tabs N --seconds S

Each tab requests what the service's own pages do (dashboard.js, meter.js): three in four are
dashboards (every 3 s the cameras, the meters, the calibration, each camera's picture 480 px
wide, the health and the alarms), one in four a meter's page (every 3 s the meter, its picture
and the alarms), each tab from its own point in the 3 s. A tab whose requests are still running
when its next refresh falls due skips it, as the pages do. --tabs 0 measures the service alone.

Prints one line of name=value pairs: the service's CPU (share of one core), the requests made and
their latency (p50, p95, max, and the pictures' p95), the refreshes made of those due, the
frames each camera read a minute, and the capture-to-reading time of the meters' readings (p50,
max), sampled once a second from /api/v1/meters.
"""
import argparse
from datetime import datetime
import http.client
import json
import os
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--pid", type=int, required=True)
parser.add_argument("--tabs", type=int, required=True)
parser.add_argument("--seconds", type=float, required=True)
args = parser.parse_args()

REFRESH = 3.0
lock = threading.Lock()
latencies, pictures, errors = [], [], []
refreshes = [0, 0]   # made, due


def get_json(path):
    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return json.loads(body)


cameras = [c["id"] for c in get_json("/api/v1/cameras")]
meters = [m["id"] for m in get_json("/api/v1/meters")]


def dashboard():
    return (["/api/v1/cameras", "/api/v1/meters", "/api/v1/calibration"]
            + [f"/api/v1/cameras/{c}/snapshot?width=480&t=%d" for c in cameras]
            + ["/actuator/health", "/api/v1/alarms"])


def meter_page(meter):
    return [f"/api/v1/meters/{meter}", f"/api/v1/meters/{meter}/snapshot", "/api/v1/alarms"]


def tab(index, stop):
    paths = meter_page(meters[index % len(meters)]) if index % 4 == 3 else dashboard()
    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    due = time.time() + REFRESH * index / max(1, args.tabs)
    while True:
        while due < time.time():
            due += REFRESH
            with lock:
                refreshes[1] += 1   # a refresh that fell due while the last ran: skipped
        if due >= stop:
            break
        time.sleep(due - time.time())
        due += REFRESH
        with lock:
            refreshes[1] += 1
        for path in paths:
            t0 = time.time()
            try:
                c.request("GET", path.replace("%d", str(int(t0 * 1000))))
                r = c.getresponse()
                r.read()
                status = r.status
            except (OSError, http.client.HTTPException) as e:
                c.close()
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
                status = type(e).__name__
            took = time.time() - t0
            with lock:
                latencies.append(took)
                if "snapshot" in path:
                    pictures.append(took)
                if status != 200:
                    errors.append(status)
        with lock:
            refreshes[0] += 1
    c.close()


def cpu_seconds():
    fields = open(f"/proc/{args.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def frames():
    return {c["id"]: c["frames"] for c in get_json("/api/v1/cameras")}


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


lags, seen = [], set()


def watch_readings(stop):
    """The meters' latest readings once a second: how long each took from capture to reading."""
    while time.time() < stop:
        for m in get_json("/api/v1/meters"):
            latest = m.get("latest")
            if latest and (m["id"], latest["captureTime"]) not in seen:
                seen.add((m["id"], latest["captureTime"]))
                captured = latest["captureTime"]
                read = latest["readTime"]
                lags.append(instant(read) - instant(captured))
        time.sleep(1)


def instant(text):
    """Seconds since the epoch of an ISO-8601 instant as the API writes it (Z, fractions of any length)."""
    date, _, frac = text.rstrip("Z").partition(".")
    whole = datetime.strptime(date, "%Y-%m-%dT%H:%M:%S").timestamp()
    return whole + (float("0." + frac) if frac else 0.0)


start = time.time()
stop = start + args.seconds
frames0, cpu0 = frames(), cpu_seconds()
threads = [threading.Thread(target=tab, args=(i, stop), daemon=True) for i in range(args.tabs)]
threads.append(threading.Thread(target=watch_readings, args=(stop,), daemon=True))
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=max(0.0, stop - time.time()) + 60)
elapsed = time.time() - start
cpu = cpu_seconds() - cpu0
frames1 = frames()
per_minute = " ".join(f"frames_per_min_{c}={60 * (frames1[c] - frames0.get(c, 0)) / elapsed:.1f}" for c in frames1)
print(f"tabs={args.tabs} seconds={elapsed:.0f} service_cpu_pct={100 * cpu / elapsed:.0f} "
      f"requests={len(latencies)} errors={len(errors)} "
      f"latency_ms_p50={1000 * pct(latencies, 50):.1f} latency_ms_p95={1000 * pct(latencies, 95):.1f} "
      f"latency_ms_max={1000 * max(latencies, default=float('nan')):.0f} "
      f"picture_ms_p95={1000 * pct(pictures, 95):.1f} "
      f"refreshes_made_pct={100 * refreshes[0] / max(1, refreshes[1]):.0f} {per_minute} "
      f"reading_lag_ms_p50={1000 * pct(lags, 50):.0f} reading_lag_ms_max={1000 * max(lags, default=float('nan')):.0f}",
      flush=True)
