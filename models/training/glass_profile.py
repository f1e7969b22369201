"""A small learned sight-glass reader (an experiment; see the report of 2026-12-08).

Given the detector's `water` box (the sight glass, as detected), the image strip around it (the
box widened to twice its width, or at least STRIP_MIN_WIDTH pixels, and extended by MARGIN of its
height above and below) is resampled to ROWS x COLS x 3 (bilinear, pixel centres, border
replicated; `strip()` is the exact rule a Java port must follow) and a small CNN predicts, for
every row of the strip, where the true glass top, the true glass bottom and the liquid surface
are (soft-argmax over rows, positions as shares of the strip's height), plus the fraction itself
(a scalar head). Trained only on glasses our renderer draws, with detector-like errors put into
the box: the detector's end and side errors (shares of the true glass's height/width) are
measured from an `eval --gauges` CSV and resampled.

Run with Debian's /usr/bin/python3 (torch 1.13 CPU, numpy, opencv; no pip), from the repository
root after `mvn -B -q -o package -Dmaven.test.skip=true`. What the 2026-12-08 experiment ran:

  J=target/meter-reader.jar
  # training exports (never seeds 97, 98, 99, 103): 4000 + 400 + 3000 scenes, 5692 glasses
  java -jar $J sim dataset --out /tmp/glass/d300 --images 4000 --seed 300
  java -jar $J sim dataset --out /tmp/glass/d301 --images 400 --seed 301
  java -jar $J sim dataset --out /tmp/glass/d302 --images 3000 --seed 302
  # the development export and its eval CSV (the detector's boxes; their end and side errors
  # are what the training jitter resamples)
  java -jar $J sim dataset --out /tmp/glass/d98 --images 400 --seed 98
  java -jar $J eval /tmp/glass/d98 --split train --min-confidence 0.5 --gauges /tmp/glass/g98.csv
  P="/usr/bin/python3 models/training/glass_profile.py"
  $P cache --exports /tmp/glass/d300 /tmp/glass/d301 --out /tmp/glass/cache300.npz
  $P cache --exports /tmp/glass/d302 --out /tmp/glass/cache302.npz
  $P train --cache /tmp/glass/cache300.npz /tmp/glass/cache302.npz --errors /tmp/glass/g98.csv \
      --out /tmp/glass/m3.pt --epochs 16 --per-glass 4 --threads 1       # 757 s on the 2-core machine
  $P evaluate --model /tmp/glass/m3.pt --export /tmp/glass/d98 --gauges /tmp/glass/g98.csv
  $P onnx --model /tmp/glass/m3.pt --out /tmp/glass/meter-glass.onnx   # opset 17, input 1x3x256x16

`evaluate` reads the glasses eval found (the CSV's detected boxes, in the export's `--split`
images) and prints, on the glasses the service shows as OK (status OK at --min-confidence 0.5)
and on every detected glass, the current reader's error beside the model's (fraction head;
geometric fraction from its three positions; "hybrid": the reader's surface between the model's
ends; "pick": the model's surface where within --tau of the reader's), and the model's glass-end
errors beside the detector's box's, as shares of the true glass's height.

Outcome (seed 98, development; 98 glasses shown as OK): the model's ends are 2.5-4x closer than
the detector's (median 0.59% / 0.40% of the glass at top / bottom against 1.52% / 1.66%), but the
reading is not a clear gain: model 2.45% mean (p95 13.8%) against the reader's 2.28% (p95 6.0%);
hybrid 2.00% (p95 4.3%); pick 1.82% (p95 5.0%). Even with the true box ends and true surface a
reading between the box's ends is 0.56% off at the mean (p95 1.9%): perspective and the glass's
roll. So it was not wired into the service. Seed 99 (held out, measured once): model 1.96% mean
(p95 5.8%) against 3.28% (p95 6.2%) on 115 glasses; hybrid 3.10%; pick 2.80%.
"""
import argparse
import csv
import json
import os
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROWS = 256
COLS = 16
MARGIN = 0.15          # of the box's height, above and below
WIDEN = 2.0            # strip width over box width
STRIP_MIN_WIDTH = 8.0  # pixels
SIGMA_ROWS = 2.0
CACHE_V = 0.6          # cached context around the true glass: this share of its height above and below
CACHE_H = 2.5          # ...and this many widths beside it (each side)


# ---------------------------------------------------------------- the strip (the Java port's rule)

def strip_geometry(box):
    """(x0, y0, width, height) in image pixels of the strip around a box (x, y, w, h)."""
    x, y, w, h = box
    sw = max(WIDEN * w, STRIP_MIN_WIDTH)
    return x + w / 2 - sw / 2, y - MARGIN * h, sw, (1 + 2 * MARGIN) * h


def strip(img, box, ox=0.0, oy=0.0):
    """ROWS x COLS x 3 uint8 (BGR) strip. img may be a crop whose (0, 0) is image pixel (ox, oy)
    of an image padded with its border replicated; coordinates are pixel-centre based (pixel i
    covers [i, i+1), its centre at i + 0.5): output row r samples image y0 + (r + 0.5) * H / ROWS."""
    x0, y0, sw, sh = strip_geometry(box)
    ys = y0 + (np.arange(ROWS) + 0.5) * sh / ROWS - 0.5 - oy
    xs = x0 + (np.arange(COLS) + 0.5) * sw / COLS - 0.5 - ox
    return bilinear(img, ys, xs)


def bilinear(img, ys, xs):
    hgt, wid = img.shape[:2]
    ys = np.clip(ys, 0, hgt - 1)
    xs = np.clip(xs, 0, wid - 1)
    y0 = np.floor(ys).astype(np.int64)
    x0 = np.floor(xs).astype(np.int64)
    y1 = np.minimum(y0 + 1, hgt - 1)
    x1 = np.minimum(x0 + 1, wid - 1)
    fy = (ys - y0)[:, None, None]
    fx = (xs - x0)[None, :, None]
    im = img.astype(np.float32)
    top = im[y0][:, x0] * (1 - fx) + im[y0][:, x1] * fx
    bot = im[y1][:, x0] * (1 - fx) + im[y1][:, x1] * fx
    return np.clip(np.rint(top * (1 - fy) + bot * fy), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- truth

def level_truth(export, splits=("train", "val", "test")):
    """Every sight glass of an export: (image path, split, name, true box, fraction, surface y)."""
    out = []
    for split in splits:
        path = os.path.join(export, "det/truth", split + ".csv")
        if not os.path.isfile(path):
            continue
        for r in csv.DictReader(open(path)):
            if r["type"] != "level":
                continue
            img = os.path.join(export, "det/images", split, r["image"] + ".jpg")
            out.append(dict(image=img, split=split, name=r["image"], index=int(r["gauge_index"]),
                            box=(float(r["x"]), float(r["y"]), float(r["width"]), float(r["height"])),
                            fraction=float(r["fraction"])))
    # the surface: the centre of the glass's `level` label (class 2 follows its glass's class 1)
    for g in out:
        lines = [l.split() for l in open(g["image"].replace("/images/", "/labels/")[:-4] + ".txt")]
        gi = -1
        g["surface_rel"] = None
        for l in lines:
            if l[0] in ("0", "1"):
                gi += 1
            if gi == g["index"] and l[0] == "2":
                g["surface_rel"] = float(l[2])  # normalised by the image height
                break
    return out


def build_cache(exports, out):
    """Per glass, the image around it (CACHE_V / CACHE_H margins, border replicated), so strips
    of jittered boxes can be drawn without decoding the image again."""
    crops, meta = [], []
    for export in exports:
        for g in level_truth(export):
            img = cv2.imread(g["image"])
            H, W = img.shape[:2]
            x, y, w, h = g["box"]
            pad = int(max(CACHE_V * h, CACHE_H * max(w, STRIP_MIN_WIDTH)) + 4)
            padded = cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
            cx0 = int(np.floor(x - CACHE_H * max(w, STRIP_MIN_WIDTH)))
            cy0 = int(np.floor(y - CACHE_V * h))
            cx1 = int(np.ceil(x + w + CACHE_H * max(w, STRIP_MIN_WIDTH)))
            cy1 = int(np.ceil(y + h + CACHE_V * h))
            crops.append(padded[cy0 + pad:cy1 + pad, cx0 + pad:cx1 + pad].copy())
            s = g["surface_rel"] * H if g["surface_rel"] is not None else np.nan
            meta.append([x, y, w, h, g["fraction"], s, cx0, cy0])
    arr = np.empty(len(crops), dtype=object)
    for i, c in enumerate(crops):
        arr[i] = c
    np.savez(out, meta=np.array(meta), crops=arr)
    print(f"{len(meta)} glasses from {exports} -> {out}")


# ---------------------------------------------------------------- detector-like errors

def detector_errors(gauges_csv):
    """(top, bottom, left, right) errors of the detector's glass boxes: ends as shares of the
    true height, sides as shares of the true width (detected less true)."""
    e = []
    for r in csv.DictReader(open(gauges_csv)):
        if r["type"] != "level" or not r["x"]:
            continue
        tx, ty, tw, th = (float(r[k]) for k in ("true_x", "true_y", "true_width", "true_height"))
        x, y, w, h = (float(r[k]) for k in ("x", "y", "width", "height"))
        e.append([(y - ty) / th, (y + h - ty - th) / th, (x - tx) / tw, (x + w - tx - tw) / tw])
    return np.array(e)


def jitter(box, errors, rng):
    x, y, w, h = box
    if rng.random() < 0.2:
        sd = errors.std(axis=0) * 1.3
        et, eb, el, er = rng.normal(0, sd)
    else:
        et, eb, el, er = errors[rng.integers(len(errors))] * rng.uniform(0.5, 1.5)
        et += rng.normal(0, 0.005)
        eb += rng.normal(0, 0.005)
    top, bot = y + et * h, y + h + eb * h
    left, right = x + el * w, x + w + er * w
    if bot - top < 0.5 * h:
        top, bot = y, y + h
    if right - left < 0.3 * w:
        left, right = x, x + w
    return (left, top, right - left, bot - top)


def targets(box_used, meta_row):
    """Targets in strip units (0 = strip top, 1 = strip bottom): true top, true bottom, surface;
    and the fraction."""
    x0, y0, sw, sh = strip_geometry(box_used)
    tx, ty, tw, th, frac, s = meta_row[:6]
    return np.array([(ty - y0) / sh, (ty + th - y0) / sh, (s - y0) / sh, frac], dtype=np.float32)


def make_samples(meta, crops, errors, rng, per_glass, augment=True):
    X = np.empty((len(meta) * per_glass, ROWS, COLS, 3), np.uint8)
    Y = np.empty((len(meta) * per_glass, 4), np.float32)
    k = 0
    for i, m in enumerate(meta):
        for _ in range(per_glass):
            b = jitter(m[:4], errors, rng) if errors is not None else tuple(m[:4])
            s = strip(crops[i], b, ox=m[6], oy=m[7])
            if augment and rng.random() < 0.5:
                s = s[:, ::-1]
            X[k] = s
            Y[k] = targets(b, m)
            k += 1
    return X, Y


# ---------------------------------------------------------------- the model

class GlassNet(nn.Module):
    """Each strip row's 3 x COLS values are one 1-D signal's channels. A convolution at full
    resolution, one down to half the rows, dilated 1-D convolutions there (receptive field the
    whole strip), back up to full resolution with the first features added: per-row logits for
    top, bottom and surface (soft-argmax), and a small head's correction to the geometric
    fraction from the pooled features and the three positions."""

    def __init__(self, ch=32):
        super().__init__()
        self.inp = nn.Conv1d(3 * COLS, ch, 3, padding=1)
        self.bn0 = nn.BatchNorm1d(ch)
        self.down = nn.Conv1d(ch, ch, 4, stride=2, padding=1)
        self.bnd = nn.BatchNorm1d(ch)
        self.dil = nn.ModuleList([nn.Conv1d(ch, ch, 3, padding=d, dilation=d) for d in (1, 2, 4, 8, 16, 32, 1)])
        self.bn = nn.ModuleList([nn.BatchNorm1d(ch) for _ in self.dil])
        self.refine = nn.Conv1d(ch, ch, 3, padding=1)
        self.bnr = nn.BatchNorm1d(ch)
        self.head = nn.Conv1d(ch, 3, 1)
        self.frac = nn.Sequential(nn.Linear(2 * ch + 3, 64), nn.ReLU(), nn.Linear(64, 1))
        self.register_buffer("rows", (torch.arange(ROWS, dtype=torch.float32) + 0.5) / ROWS)

    def forward(self, x):
        # x: (B, 3, ROWS, COLS) BGR in 0..255
        b = x.shape[0]
        x = (x / 255.0 - 0.5).permute(0, 1, 3, 2).reshape(b, 3 * COLS, ROWS)
        f = F.relu(self.bn0(self.inp(x)))
        x = F.relu(self.bnd(self.down(f)))
        for conv, bn in zip(self.dil, self.bn):
            x = x + F.relu(bn(conv(x)))
        g = torch.cat([x.mean(dim=2), x.amax(dim=2)], dim=1)
        x = F.relu(self.bnr(self.refine(F.interpolate(x, scale_factor=2.0, mode="nearest") + f)))
        logits = self.head(x)                      # (B, 3, ROWS)
        self.last_logits = logits
        p = torch.softmax(logits, dim=2)
        pos = (p * self.rows).sum(dim=2)           # (B, 3): top, bottom, surface in strip units
        geo = (pos[:, 1] - pos[:, 2]) / (pos[:, 1] - pos[:, 0]).clamp(min=0.2)
        frac = geo + 0.1 * self.frac(torch.cat([g, pos], dim=1))[:, 0]  # learned correction
        return torch.cat([pos, frac[:, None], geo[:, None]], dim=1)  # (B, 5)


def to_tensor(X):
    return torch.from_numpy(np.ascontiguousarray(X.transpose(0, 3, 1, 2))).float()


def loss_fn(out, Y, logits=None):
    """Smooth L1 on the positions and the fraction; with the per-row logits, also a cross-entropy
    against a Gaussian (SIGMA_ROWS) around each true position, which is what makes the soft-argmax
    learn at all from a flat start."""
    has_s = torch.isfinite(Y[:, 2])
    l_ends = F.smooth_l1_loss(out[:, :2], Y[:, :2], beta=0.005)
    l_s = F.smooth_l1_loss(out[has_s, 2], Y[has_s, 2], beta=0.005) if has_s.any() else 0
    l_f = F.smooth_l1_loss(out[:, 3], Y[:, 3], beta=0.005)
    loss = l_ends + l_s + 2 * l_f
    if logits is not None:
        rows = (torch.arange(ROWS, dtype=torch.float32) + 0.5) / ROWS
        tgt = torch.nan_to_num(Y[:, :3], nan=-10.0)[:, :, None]
        w = torch.exp(-0.5 * ((rows[None, None, :] - tgt) * ROWS / SIGMA_ROWS) ** 2)
        valid = w.sum(dim=2) > 1e-3                   # a target inside the strip
        w = w / w.sum(dim=2, keepdim=True).clamp(min=1e-6)
        ce = -(w * torch.log_softmax(logits, dim=2)).sum(dim=2)
        loss = loss + 0.05 * ce[valid].mean()
    return loss


def train(args):
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    torch.set_num_threads(args.threads)
    parts = [np.load(c, allow_pickle=True) for c in args.cache]
    meta = np.concatenate([d["meta"] for d in parts])
    crops = np.concatenate([d["crops"] for d in parts])
    errors = detector_errors(args.errors)
    print(f"{len(meta)} glasses, {len(errors)} detector error samples; errors median |e| "
          f"{np.median(np.abs(errors), axis=0).round(4)}")
    model = GlassNet()
    print("parameters", sum(p.numel() for p in model.parameters()))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * ((len(meta) * args.per_glass + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.15)
    t0 = time.time()
    for epoch in range(args.epochs):
        X, Y = make_samples(meta, crops, errors, rng, args.per_glass)
        perm = rng.permutation(len(X))
        model.train()
        tot, n = 0.0, 0
        for k in range(0, len(X), args.batch):
            idx = perm[k:k + args.batch]
            out = model(to_tensor(X[idx]))
            yt = torch.from_numpy(Y[idx])
            loss = loss_fn(out, yt, model.last_logits)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
            n += len(idx)
        with torch.no_grad():
            e = (out[:, 3] - yt[:, 3]).abs().mean().item()
        print(f"epoch {epoch + 1}/{args.epochs} loss {tot / n:.5f} last-batch |frac err| {e:.4f} "
              f"{time.time() - t0:.0f} s", flush=True)
        torch.save(model.state_dict(), args.out)
    print(f"trained in {time.time() - t0:.0f} s -> {args.out}")


# ---------------------------------------------------------------- evaluation against eval's CSV

def predict(model, strips, flip=False):
    """The model's outputs; with flip, averaged with those of the strips mirrored left-right."""
    model.eval()
    with torch.no_grad():
        x = np.stack(strips)
        out = model(to_tensor(x)).numpy()
        if flip:
            out = (out + model(to_tensor(x[:, :, ::-1])).numpy()) / 2
        return out


def stats(e):
    e = np.sort(np.abs(np.asarray(e)))
    if len(e) == 0:
        return "n=0"
    q = lambda p: e[max(0, min(len(e) - 1, int(np.ceil(p * len(e))) - 1))]
    return f"n={len(e)} mean={100 * e.mean():.3f}% p95={100 * q(0.95):.3f}% p99={100 * q(0.99):.3f}% max={100 * e[-1]:.3f}%"


def evaluate(args):
    model = GlassNet()
    model.load_state_dict(torch.load(args.model))
    rows = [r for r in csv.DictReader(open(args.gauges)) if r["type"] == "level" and r["x"]]
    strips = []
    for r in rows:
        split = args.split
        img = cv2.imread(os.path.join(args.export, "det/images", split, r["image"] + ".jpg"))
        box = tuple(float(r[k]) for k in ("x", "y", "width", "height"))
        strips.append(strip(img, box))
    out = predict(model, strips, args.flip)
    res = []
    for r, o in zip(rows, out):
        box = tuple(float(r[k]) for k in ("x", "y", "width", "height"))
        x0, y0, sw, sh = strip_geometry(box)
        ty, th = float(r["true_y"]), float(r["true_height"])
        tf = float(r["true_fraction"])
        res.append(dict(
            shown=r["status"] == "OK",
            cur=abs(float(r["fraction"]) - tf) if r["fraction"] else np.nan,
            mod=abs(o[3] - tf), geo=abs(o[4] - tf),
            det_top=(box[1] - ty) / th, det_bot=(box[1] + box[3] - ty - th) / th,
            mod_top=(y0 + o[0] * sh - ty) / th, mod_bot=(y0 + o[1] * sh - ty - th) / th,
            mod_surface=y0 + o[2] * sh, out=[float(v) for v in o], box=box, strip=[x0, y0, sw, sh],
            true_fraction=tf, cur_fraction=float(r["fraction"]) if r["fraction"] else None, true_y=ty, true_h=th,
            height=th, kind=r["image"], frac=o[3], conf=float(r["confidence"] or 0)))
        # the hybrid: the current reader's surface (approximately: as if it read between the
        # detected box's ends, which it moves in where it sees the glass's own) between the
        # model's ends; and "pick": the model's own surface where it lies within tau of the
        # glass's height of the reader's, else the reader's, between the model's ends
        res[-1]["hyb"] = res[-1]["pick"] = np.nan
        if r["fraction"]:
            sy = box[1] + box[3] - float(r["fraction"]) * box[3]
            top, bot, sm = y0 + o[0] * sh, y0 + o[1] * sh, y0 + o[2] * sh
            res[-1]["hyb"] = abs((bot - sy) / (bot - top) - tf)
            s = sm if abs(sm - sy) < args.tau * (bot - top) else sy
            res[-1]["pick"] = abs((bot - s) / (bot - top) + (o[3] - o[4]) - tf)
    shown = [x for x in res if x["shown"]]
    print(f"detected glasses {len(res)}, shown as OK {len(shown)}")
    print("(a) current reader, shown OK:     ", stats([x["cur"] for x in shown]))
    print("(b) model (fraction head), same:  ", stats([x["mod"] for x in shown]))
    print("    model (geometric), same:       ", stats([x["geo"] for x in shown]))
    print("    hybrid (reader's surface, model's ends), same:", stats([x["hyb"] for x in shown]))
    print(f"    pick (tau {args.tau}), same:          ", stats([x["pick"] for x in shown]))
    print("(c) model, every detected glass:  ", stats([x["mod"] for x in res]))
    print("    model (geometric), every:      ", stats([x["geo"] for x in res]))
    for name in ("top", "bot"):
        for group, rs in (("every detected", res), ("shown OK", shown)):
            d = np.abs([x["det_" + name] for x in rs])
            m = np.abs([x["mod_" + name] for x in rs])
            print(f"end {name} ({group}): detector median {100 * np.median(d):.2f}% mean {100 * d.mean():.2f}% | "
                  f"model median {100 * np.median(m):.2f}% mean {100 * m.mean():.2f}% (share of true height)")
    if args.dump:
        json.dump(res, open(args.dump, "w"), default=float)


# ---------------------------------------------------------------- export

def export_onnx(args):
    model = GlassNet()
    model.load_state_dict(torch.load(args.model))
    model.eval()
    x = torch.zeros(1, 3, ROWS, COLS)
    torch.onnx.export(model, x, args.out, opset_version=17, input_names=["strip"], output_names=["glass"],
                      dynamic_axes=None)
    print("wrote", args.out, os.path.getsize(args.out), "bytes")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cache")
    c.add_argument("--exports", nargs="+", required=True)
    c.add_argument("--out", required=True)
    t = sub.add_parser("train")
    t.add_argument("--cache", nargs="+", required=True)
    t.add_argument("--errors", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--per-glass", type=int, default=4)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=3e-3)
    t.add_argument("--threads", type=int, default=2)
    e = sub.add_parser("evaluate")
    e.add_argument("--model", required=True)
    e.add_argument("--export", required=True)
    e.add_argument("--gauges", required=True)
    e.add_argument("--split", default="train")
    e.add_argument("--dump")
    e.add_argument("--flip", action="store_true")
    e.add_argument("--tau", type=float, default=0.1)
    o = sub.add_parser("onnx")
    o.add_argument("--model", required=True)
    o.add_argument("--out", required=True)
    a = ap.parse_args()
    {"cache": lambda: build_cache(a.exports, a.out), "train": lambda: train(a), "evaluate": lambda: evaluate(a),
     "onnx": lambda: export_onnx(a)}[a.cmd]()


if __name__ == "__main__":
    main()
