#!/usr/bin/python3
"""Runs the service's offline read over real photographs of dials and scores it against the
hand-made truth in models/real/photos.csv: was the dial found (a pointer-gauge box at IoU 0.5
or more with the dial's outline), was it read (status OK), and, where the photo has a hand-read
fraction, how far off the reading is, as a share of the scale's span; and, for the hand-read ones,
where the reader placed the pointer before its confidence gate (read --explain), shown or not.

The photos are not in this repository (their owners did not license them for it); photos.csv
names each by its repository, commit, path and git blob hash. Clone those repositories into one
folder and point --photos at it:

    git clone https://github.com/computervisionmerl/Analog-Gauge-Reading PHOTOS/Analog-Gauge-Reading
    git clone https://github.com/intel-iot-devkit/analog-gauge-reader-cpp PHOTOS/analog-gauge-reader-cpp
    models/training/real_photos.py --photos PHOTOS [--detector models/meter-det.onnx]

A photo whose file is missing or differs from the named blob is reported and left out.

--scale-marks reads the photos that have scale marks (models/real/scale-marks.csv: the pivot and
the min and max ticks' centres, read by eye off each photo with a pixel grid) as a meter calibrated
with them is: from the pointer alone, the ticks the segmenter finds not used.
"""
import argparse
import collections
import csv
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def blob_hash(path):
    data = open(path, "rb").read()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", required=True, help="folder holding the cloned source repositories")
    ap.add_argument("--truth", default=os.path.join(ROOT, "models", "real", "photos.csv"))
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "meter-reader.jar"))
    ap.add_argument("--detector", help="detection model (default: the service's)")
    ap.add_argument("--segmenter", help="segmentation model (default: the service's)")
    ap.add_argument("--scale-marks", nargs="?", const=os.path.join(ROOT, "models", "real", "scale-marks.csv"),
                    help="read each photo that has scale marks (models/real/scale-marks.csv by default) as a meter "
                         "calibrated with them is, from its pointer against them, and score only those")
    args = ap.parse_args()
    marks = {}
    if args.scale_marks:
        for row in csv.DictReader(open(args.scale_marks)):
            marks[row["path"]] = ",".join(row[k] for k in ("pivot_x", "pivot_y", "min_x", "min_y", "max_x", "max_y"))

    rows, files = [], []
    for row in csv.DictReader(open(args.truth)):
        repo = row["source"].split("@")[0].split("/")[1]
        path = os.path.join(args.photos, repo, row["path"])
        if not os.path.exists(path):
            print(f"missing: {path}", file=sys.stderr)
            continue
        if marks and row["path"] not in marks:
            continue
        if blob_hash(path) != row["blob"]:
            print(f"differs from blob {row['blob']}: {path}", file=sys.stderr)
            continue
        rows.append(row)
        files.append(path)
    if not rows:
        sys.exit("no photo found under " + args.photos)

    cmd = ["java", "-jar", args.jar, "read", "--explain"]
    for opt in ("detector", "segmenter"):
        if getattr(args, opt):
            cmd += ["--" + opt, getattr(args, opt)]
    if marks:
        # one call per photo: each has marks of its own
        out = "\n".join(subprocess.run(cmd + ["--scale-marks", marks[row["path"]], path], check=True,
                                        capture_output=True, text=True).stdout for row, path in zip(rows, files))
    else:
        out = subprocess.run(cmd + files, check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            results[r["file"]] = r

    found = read = 0
    errors = []
    # Where the reader placed the pointer whatever its confidence (read --explain's rawFraction):
    # what the geometry makes of a real dial before the gate, on the hand-read ones.
    raw_errors = []
    statuses = collections.Counter()
    print(f"{'photo':60s} {'IoU':>5s} {'conf':>5s} {'status':18s} {'read':>6s} {'raw':>6s} {'truth':>6s}")
    for row, path in zip(rows, files):
        r = results.get(path)
        w, h = r["width"], r["height"]
        truth = [float(row[k]) * s for k, s in (("dial_x1", w), ("dial_y1", h), ("dial_x2", w), ("dial_y2", h))]
        best, best_iou = None, 0.0
        for g in r["gauges"]:
            if g["type"] != "pointer":
                continue
            b = g["box"]
            o = iou(truth, [b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]])
            if o > best_iou:
                best, best_iou = g, o
        hit = best is not None and best_iou >= 0.5
        ok = hit and best["status"] == "OK"
        found += hit
        if hit:
            statuses[best["status"]] += 1
        read += ok
        fraction = best["fraction"] if ok else None
        label = float(row["fraction"]) if row["fraction"] else None
        raw = None
        if hit and best.get("explain", {}).get("rawFraction") is not None:
            raw = min(1.0, max(0.0, best["explain"]["rawFraction"]))
        if label is not None:
            errors.append(None if fraction is None else abs(fraction - label))
            raw_errors.append(None if raw is None else abs(raw - label))
        print(f"{row['path'][-60:]:60s} {best_iou:5.2f} {best['confidence'] if best else 0:5.2f} "
              f"{best['status'] if best else '-':18s} {'' if fraction is None else f'{fraction:.3f}':>6s} "
              f"{'' if raw is None else f'{raw:.3f}':>6s} "
              f"{'' if label is None else f'{label:.3f}':>6s}")
    n = len(rows)
    given = [e for e in errors if e is not None]
    within = sum(1 for e in given if e <= 0.02)
    mean = 100 * sum(given) / len(given) if given else float("nan")
    given_raw = sorted(e for e in raw_errors if e is not None)
    print("found dials by status: " + ", ".join(f"{k} {v}" for k, v in statuses.most_common()))
    print("hand-read dials, the reader's placement before the confidence gate (off by, share of span): "
          + (", ".join(f"{100 * e:.1f}%" for e in given_raw) if given_raw else "none placed"))
    print(f"photos={n} dials_found={found} found_share={found / n:.3f} read_ok={read} read_share={read / n:.3f} "
          f"labelled={len(errors)} labelled_read={len(given)} labelled_within_2pct={within} "
          f"labelled_mean_error_pct={mean:.2f} labelled_placed_before_gate={len(given_raw)} "
          f"labelled_placed_within_2pct={sum(1 for e in given_raw if e <= 0.02)}")


if __name__ == "__main__":
    main()
