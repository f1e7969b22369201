#!/usr/bin/python3
"""Builds YOLOv8-layout ONNX models with random weights, for tests and benchmarks.

Two uses:

  build_test_models.py test [--out src/test/resources/inference]
      Tiny models (a few ten KB) with the Ultralytics export layout, plus golden data: fixed BGR
      images, the raw model outputs torch computes for them, and the detections and masks that an
      independent Python implementation of the pipeline finds. Also a few wrong-shaped models
      (a classifier, an end-to-end export, wrong class count...) for the load-time shape checks.

  build_test_models.py bench --out DIR [--det-size 640] [--seg-size 320]
      YOLOv8n-shaped models (the real backbone, neck and heads at width 0.25, depth 0.33) with
      random weights, for benchmarking when the trained models are missing. Not committed.

  build_test_models.py fixbatch --model M --batch 8 --out FILE
      A copy of M with a fixed batch size, for OpenCV DNN in the benchmark.

The architecture below is written from the YOLOv8 paper-level description (C2f blocks, SPPF,
PAN neck, decoupled anchor-free head with distribution focal loss bins, prototype mask head);
batch norm is left out because exported models have it folded into the convolutions anyway.

Requires Debian's python3-torch 1.13, python3-onnx and python3-numpy; run with /usr/bin/python3.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

REG_MAX = 16
MASK_CHANNELS = 32
MAX_WH = 7680  # class offset for per-class NMS, as in Ultralytics


# ---------------------------------------------------------------- architecture

class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=True)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.conv(x))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut):
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    def __init__(self, c1, c2, n, shortcut):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        c = c1 // 2
        self.cv1 = Conv(c1, c, 1)
        self.cv2 = Conv(c * 4, c2, 1)
        self.pool = nn.MaxPool2d(5, 1, 2)

    def forward(self, x):
        y = [self.cv1(x)]
        for _ in range(3):
            y.append(self.pool(y[-1]))
        return self.cv2(torch.cat(y, 1))


class Backbone(nn.Module):
    """Backbone and PAN neck; returns the P3, P4 and P5 feature maps (strides 8, 16, 32)."""

    def __init__(self, width, depth, max_channels=1024):
        super().__init__()

        def ch(c):
            return max(2, int(math.ceil(min(c, max_channels) * width / 2) * 2))

        def n(r):
            return max(1, round(r * depth))

        c1, c2, c3, c4, c5 = ch(64), ch(128), ch(256), ch(512), ch(1024)
        self.stem = nn.Sequential(Conv(3, c1, 3, 2), Conv(c1, c2, 3, 2), C2f(c2, c2, n(3), True))
        self.p3 = nn.Sequential(Conv(c2, c3, 3, 2), C2f(c3, c3, n(6), True))
        self.p4 = nn.Sequential(Conv(c3, c4, 3, 2), C2f(c4, c4, n(6), True))
        self.p5 = nn.Sequential(Conv(c4, c5, 3, 2), C2f(c5, c5, n(3), True), SPPF(c5, c5))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.top4 = C2f(c5 + c4, c4, n(3), False)
        self.top3 = C2f(c4 + c3, c3, n(3), False)
        self.down3 = Conv(c3, c3, 3, 2)
        self.out4 = C2f(c3 + c4, c4, n(3), False)
        self.down4 = Conv(c4, c4, 3, 2)
        self.out5 = C2f(c4 + c5, c5, n(3), False)
        self.channels = (c3, c4, c5)

    def forward(self, x):
        p3 = self.p3(self.stem(x))
        p4 = self.p4(p3)
        p5 = self.p5(p4)
        t4 = self.top4(torch.cat([self.up(p5), p4], 1))
        o3 = self.top3(torch.cat([self.up(t4), p3], 1))
        o4 = self.out4(torch.cat([self.down3(o3), t4], 1))
        o5 = self.out5(torch.cat([self.down4(o4), p5], 1))
        return [o3, o4, o5]


def branch(c_in, hidden, c_out, convs):
    layers = [Conv(c_in if i == 0 else hidden, hidden, 3) for i in range(convs)]
    return nn.Sequential(*layers, nn.Conv2d(hidden, c_out, 1))


class YoloV8(nn.Module):
    """Detection or segmentation model with the Ultralytics export outputs:
    detection  output0 [B, 4+nc, N]        (cx, cy, w, h in input pixels, then class scores)
    segment    output0 [B, 4+nc+32, N]     (... then 32 mask coefficients)
               output1 [B, 32, H/4, W/4]   (mask prototypes)
    """

    def __init__(self, nc, height, width, scale_width, scale_depth, segment,
                 box_hidden=None, cls_hidden=None, head_convs=2, proto_hidden=None, coef_hidden=None):
        super().__init__()
        self.nc = nc
        self.segment = segment
        self.backbone = Backbone(scale_width, scale_depth)
        chs = self.backbone.channels
        box_hidden = box_hidden or max(16, chs[0] // 4, REG_MAX * 4)
        cls_hidden = cls_hidden or max(chs[0], min(nc, 100))
        self.box = nn.ModuleList(branch(c, box_hidden, 4 * REG_MAX, head_convs) for c in chs)
        self.cls = nn.ModuleList(branch(c, cls_hidden, nc, head_convs) for c in chs)
        self.dfl = nn.Conv2d(REG_MAX, 1, 1, bias=False)
        self.dfl.weight.data[:] = torch.arange(REG_MAX, dtype=torch.float32).view(1, REG_MAX, 1, 1)
        self.dfl.weight.requires_grad_(False)
        if segment:
            coef_hidden = coef_hidden or max(chs[0] // 4, MASK_CHANNELS)
            self.coef = nn.ModuleList(branch(c, coef_hidden, MASK_CHANNELS, head_convs) for c in chs)
            ph = proto_hidden or max(8, int(256 * scale_width) // 8 * 8)
            self.proto = nn.Sequential(Conv(chs[0], ph, 3), nn.ConvTranspose2d(ph, ph, 2, 2, 0, bias=True),
                                       Conv(ph, ph, 3), Conv(ph, MASK_CHANNELS, 1))
        anchors, strides = [], []
        for s in (8, 16, 32):
            gh, gw = height // s, width // s
            ys, xs = torch.meshgrid(torch.arange(gh, dtype=torch.float32) + 0.5,
                                    torch.arange(gw, dtype=torch.float32) + 0.5, indexing="ij")
            anchors.append(torch.stack([xs.reshape(-1), ys.reshape(-1)], 0))
            strides.append(torch.full((1, gh * gw), float(s)))
        self.register_buffer("anchors", torch.cat(anchors, 1))
        self.register_buffer("strides", torch.cat(strides, 1))

    def forward(self, x):
        feats = self.backbone(x)
        box = torch.cat([self.box[i](f).flatten(2) for i, f in enumerate(feats)], 2)
        cls = torch.cat([self.cls[i](f).flatten(2) for i, f in enumerate(feats)], 2)
        a = box.shape[2]
        dist = self.dfl(box.view(-1, 4, REG_MAX, a).transpose(2, 1).softmax(1)).view(-1, 4, a)
        lt, rb = dist.chunk(2, 1)
        x1y1 = self.anchors - lt
        x2y2 = self.anchors + rb
        xywh = torch.cat([(x1y1 + x2y2) / 2, x2y2 - x1y1], 1) * self.strides
        out = torch.cat([xywh, cls.sigmoid()], 1)
        if not self.segment:
            return out
        coef = torch.cat([self.coef[i](f).flatten(2) for i, f in enumerate(feats)], 2)
        return torch.cat([out, coef], 1), self.proto(feats[0])


def randomize(model, seed, box_bias_slope):
    """Reproducible random weights with activations that neither vanish nor explode; box bins
    biased towards small distances so boxes are a few strides across."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)) and m is not model.dfl:
            fan_in = m.weight[0].numel() if isinstance(m, nn.Conv2d) else m.weight.shape[0]
            m.weight.data = torch.randn(m.weight.shape, generator=g) * (1.7 / math.sqrt(fan_in))
            if m.bias is not None:
                m.bias.data = torch.randn(m.bias.shape, generator=g) * 0.1
    for head in model.box:
        last = head[-1]
        bins = torch.arange(REG_MAX, dtype=torch.float32)
        last.bias.data = (-box_bias_slope * bins).repeat(4)
        last.weight.data *= 0.3


def cls_logits(model, x):
    return head_outputs(model.cls, model, x)


def normalize_layers(model, inputs):
    """Layer-sequential unit-variance scaling: each convolution, in forward order, is rescaled so
    that its output has unit standard deviation on the calibration images. Trained YOLOv8 models
    (batch norm folded) keep activations of that order; plain random weights let them grow into
    the thousands, where the runtimes' activation functions take slow paths and timings stop
    meaning anything."""
    convs = [m for m in model.backbone.modules() if isinstance(m, nn.Conv2d)]
    for heads in [model.box, model.cls] + ([model.coef, model.proto] if model.segment else []):
        convs += [m for m in heads.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
    with torch.no_grad():
        for conv in convs:
            captured = []
            handle = conv.register_forward_hook(lambda mod, i, o: captured.append(o))
            model(inputs)
            handle.remove()
            std = captured[0].std().item()
            if std > 0:
                conv.weight.data /= std
                if conv.bias is not None:
                    conv.bias.data /= std


def head_outputs(head_list, model, x):
    feats = model.backbone(x)
    return torch.cat([head_list[i](f).flatten(2) for i, f in enumerate(feats)], 2)


def spread_head(model, head_list, inputs, target_std):
    """Random weights leave the deep features nearly constant across anchors; scale each head's
    last layer (around its mean) so that its outputs vary by `target_std` across anchors."""
    with torch.no_grad():
        for i, head in enumerate(head_list):
            feats = model.backbone(inputs)[i]
            out = head(feats).flatten(2)               # [B, C, n]
            std = out.std(2).mean().item()
            mean = out.mean((0, 2))
            last = head[-1]
            k = target_std / max(std, 1e-6)
            last.weight.data *= k
            last.bias.data = mean * (1 - k) + last.bias.data * k


def calibrate_class_bias(model, inputs, candidates_per_image, threshold=0.25, margin=0.002):
    """Shifts every class bias so that about `candidates_per_image` anchors per image score above
    the threshold, and no score lies within `margin` of it (so float differences between runtimes
    cannot move a candidate across the threshold)."""
    with torch.no_grad():
        spread_head(model, model.cls, inputs, 1.5)
        spread_head(model, model.box, inputs, 1.0)
        if model.segment:
            spread_head(model, model.coef, inputs, 2.0)
        logits = cls_logits(model, inputs)            # [B, nc, N]
        best = logits.max(1).values                   # [B, N]
        kth = best.sort(1, descending=True).values[:, candidates_per_image - 1]
        target_logit = math.log(threshold / (1 - threshold))
        shift = target_logit - kth.mean().item() + 1e-3
        base = shift
        for step in range(400):
            if (torch.abs(torch.sigmoid(best + shift) - threshold) < margin).sum() == 0:
                break
            shift = base + (step // 2 + 1) * 0.01 * (1 if step % 2 else -1)
        for head in model.cls:
            head[-1].bias.data += shift


def finish(path, model, example, static_dims=True):
    """Drops the tracer's per-node doc strings (source lines), which would triple the file size,
    and, unless told not to, writes the outputs' fixed dimensions into the graph as Ultralytics
    exports have them (torch 1.13's tracer leaves every output dimension symbolic)."""
    import onnx
    m = onnx.load(path)
    for node in m.graph.node:
        node.doc_string = ""
    m.doc_string = ""
    if static_dims:
        with torch.no_grad():
            outs = model(example)
        outs = outs if isinstance(outs, tuple) else (outs,)
        for out, value in zip(m.graph.output, outs):
            for i, dim in enumerate(out.type.tensor_type.shape.dim):
                if i > 0:
                    dim.Clear()
                    dim.dim_value = value.shape[i]
    onnx.save(m, path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def export(model, path, height, width, segment, dynamic_hw=False):
    model.eval()
    x = torch.zeros(1, 3, height, width)
    outputs = ["output0", "output1"] if segment else ["output0"]
    axes = {"images": {0: "batch"}}
    if dynamic_hw:
        axes["images"] = {0: "batch", 2: "height", 3: "width"}
    for o in outputs:
        axes[o] = {0: "batch"}
    torch.onnx.export(model, x, path, input_names=["images"], output_names=outputs, dynamic_axes=axes,
                      opset_version=17, do_constant_folding=True)
    finish(path, model, x)


# ---------------------------------------------------------------- the pipeline, in numpy/torch

def letterbox_params(src_w, src_h, dst_w, dst_h):
    r = min(dst_w / src_w, dst_h / src_h)
    rw = min(dst_w, max(1, int(round(src_w * r))))
    rh = min(dst_h, max(1, int(round(src_h * r))))
    left = int(round((dst_w - rw) / 2 - 0.1))
    top = int(round((dst_h - rh) / 2 - 0.1))
    return rw, rh, left, top


def letterbox(bgr, dst_w, dst_h):
    """The documented sampling formula, in float32 with the same operation order as the Java
    preprocessor and the CUDA kernel."""
    h, w, _ = bgr.shape
    rw, rh, left, top = letterbox_params(w, h, dst_w, dst_h)
    f32 = np.float32
    out = np.full((3, dst_h, dst_w), f32(114) / f32(255), dtype=np.float32)

    def axis(n_dst, n_src):
        inv = f32(n_src) / f32(n_dst)
        s = (np.arange(n_dst).astype(np.float32) + f32(0.5)) * inv - f32(0.5)
        s = np.maximum(s, f32(0))
        i0 = s.astype(np.int32)
        frac = s - i0.astype(np.float32)
        i0 = np.minimum(i0, n_src - 1)
        i1 = np.minimum(i0 + 1, n_src - 1)
        return i0, i1, frac

    x0, x1, fx = axis(rw, w)
    y0, y1, fy = axis(rh, h)
    img = bgr.astype(np.float32)
    fx = fx[None, :]
    fy = fy[:, None]
    for c in range(3):
        plane = img[:, :, 2 - c]
        p00 = plane[y0][:, x0]
        p01 = plane[y0][:, x1]
        p10 = plane[y1][:, x0]
        p11 = plane[y1][:, x1]
        top_row = p00 + (p01 - p00) * fx
        bottom_row = p10 + (p11 - p10) * fx
        v = top_row + (bottom_row - top_row) * fy
        out[c, top:top + rh, left:left + rw] = v / f32(255)
    return out, (rw, rh, left, top)


def decode(pred, nc, conf, iou, max_det, max_nms=30000):
    """pred [4+nc(+32), N] -> kept indices, boxes xyxy (input pixels), scores, classes."""
    pred = torch.from_numpy(pred)
    scores, classes = pred[4:4 + nc].max(0)
    cand = torch.nonzero(scores > conf).flatten()
    cand = cand[scores[cand].argsort(descending=True)][:max_nms]
    xywh = pred[:4, cand].T
    boxes = torch.cat([xywh[:, :2] - xywh[:, 2:] / 2, xywh[:, :2] + xywh[:, 2:] / 2], 1)
    offset = classes[cand].float()[:, None] * MAX_WH
    keep = torchvision.ops.nms(boxes.double() + offset.double(), scores[cand].double(), iou)[:max_det]
    return cand[keep], boxes[keep], scores[cand][keep], classes[cand][keep]


def min_iou_gap(pred, nc, conf, iou):
    """Smallest |IoU - threshold| among same-class candidate pairs: a tie would make NMS fragile."""
    pred = torch.from_numpy(pred)
    scores, classes = pred[4:4 + nc].max(0)
    cand = torch.nonzero(scores > conf).flatten()
    xywh = pred[:4, cand].T
    boxes = torch.cat([xywh[:, :2] - xywh[:, 2:] / 2, xywh[:, :2] + xywh[:, 2:] / 2], 1).double()
    if len(cand) < 2:
        return 1.0
    ious = torchvision.ops.box_iou(boxes, boxes)
    same = classes[cand][:, None] == classes[cand][None, :]
    mask = same & ~torch.eye(len(cand), dtype=torch.bool)
    return (ious[mask] - iou).abs().min().item() if mask.any() else 1.0


def assemble_mask(coef, protos, box_xyxy, in_w, in_h, lb, region_w, region_h):
    """Ultralytics semantics: sigmoid(coef . protos), zero outside the box at prototype
    resolution, bilinear upsample to the model input, cut the letterbox padding off, bilinear
    resize to the region, threshold 0.5."""
    c, ph, pw = protos.shape
    m = torch.sigmoid(torch.from_numpy(coef) @ torch.from_numpy(protos).reshape(c, -1)).reshape(ph, pw)
    x1, y1, x2, y2 = [float(v) for v in box_xyxy]
    x1, x2 = x1 * pw / in_w, x2 * pw / in_w
    y1, y2 = y1 * ph / in_h, y2 * ph / in_h
    cols = torch.arange(pw, dtype=torch.float32)[None, :]
    rows = torch.arange(ph, dtype=torch.float32)[:, None]
    m = m * ((cols >= x1) & (cols < x2) & (rows >= y1) & (rows < y2))
    up = F.interpolate(m[None, None], size=(in_h, in_w), mode="bilinear", align_corners=False)
    rw, rh, left, top = lb
    up = up[:, :, top:top + rh, left:left + rw]
    region = F.interpolate(up, size=(region_h, region_w), mode="bilinear", align_corners=False)[0, 0]
    return (region > 0.5).numpy().astype(np.uint8)


def rle(mask):
    """Run lengths of a row-major 0/1 mask, starting with a (possibly empty) run of zeros."""
    flat = mask.reshape(-1)
    runs, value, count = [], 0, 0
    for v in flat:
        if v == value:
            count += 1
        else:
            runs.append(count)
            value, count = v, 1
    runs.append(count)
    return [int(r) for r in runs]


def to_region(box_xyxy, lb, w, h):
    rw, rh, left, top = lb
    sx, sy = rw / w, rh / h
    x1 = min(max((box_xyxy[0] - left) / sx, 0), w)
    y1 = min(max((box_xyxy[1] - top) / sy, 0), h)
    x2 = min(max((box_xyxy[2] - left) / sx, 0), w)
    y2 = min(max((box_xyxy[3] - top) / sy, 0), h)
    return [x1, y1, x2 - x1, y2 - y1]


def test_image(seed, w, h):
    """A reproducible BGR image: a gradient background, a few filled discs and bars, some noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([(xx * 255 // max(1, w - 1)), (yy * 255 // max(1, h - 1)), ((xx + yy) * 3) % 256], 2)
    for _ in range(4):
        cx, cy, r = rng.integers(0, w), rng.integers(0, h), rng.integers(4, max(5, min(w, h) // 3))
        color = rng.integers(0, 256, 3)
        img[(xx - cx) ** 2 + (yy - cy) ** 2 <= r * r] = color
    img = img + rng.integers(-12, 13, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def gradient_image(seed, w, h):
    """Like the Java benchmark's synthetic images: blue and green gradients, noisy red."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([xx * 255 // w, yy * 255 // h, (xx + yy + rng.integers(0, 16, (h, w))) & 255], 2)
    return img.astype(np.uint8)


# ---------------------------------------------------------------- test models and golden data

CONF, IOU, MAX_DET = 0.25, 0.45, 100


def build_test(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    golden = {"confidenceThreshold": CONF, "iouThreshold": IOU, "maxDetections": MAX_DET, "cases": []}

    specs = [
        # name, classes, input h, w, segment, images (w, h)
        ("det-tiny", ["meter", "water", "level"], 64, 96, False, [(120, 80), (70, 100), (96, 64)]),
        ("seg-tiny", ["pointer", "scale"], 64, 64, True, [(60, 70), (50, 40)]),
    ]
    for name, classes, ih, iw, segment, sizes in specs:
        images = [test_image(100 * (i + 1) + len(name), w, h) for i, (w, h) in enumerate(sizes)]
        tensors = [letterbox(img, iw, ih) for img in images]
        batch = torch.from_numpy(np.stack([t for t, _ in tensors]))
        # Seeds are tried in order until no same-class candidate pair has an IoU within 1e-4 of the
        # NMS threshold, where float differences between runtimes could flip a suppression.
        for seed in range(1, 100):
            model = YoloV8(len(classes), ih, iw, scale_width=1 / 64, scale_depth=0.33, segment=segment,
                           box_hidden=8, cls_hidden=8, head_convs=1, proto_hidden=8, coef_hidden=8)
            randomize(model, seed=seed, box_bias_slope=0.6)
            model.eval()
            calibrate_class_bias(model, batch, candidates_per_image=12)
            with torch.no_grad():
                result = model(batch)
            preds = (result[0] if segment else result).numpy()
            protos = result[1].numpy() if segment else None
            if all(min_iou_gap(preds[i], len(classes), CONF, IOU) >= 1e-4 for i in range(len(images))):
                break
        else:
            sys.exit(f"{name}: no seed gave NMS-stable candidates")
        export(model, os.path.join(out, name + ".onnx"), ih, iw, segment)

        for i, img in enumerate(images):
            h, w, _ = img.shape
            image_file = f"{name}-image{i}.bgr"
            img.tofile(os.path.join(out, image_file))
            raw_file = f"{name}-image{i}.output0.f32"
            preds[i].astype("<f4").tofile(os.path.join(out, raw_file))
            case = {"model": name + ".onnx", "classes": classes, "segment": segment,
                    "image": image_file, "width": w, "height": h, "output0": raw_file,
                    "output0Shape": list(preds[i].shape)}
            lb = tensors[i][1]
            case["letterbox"] = {"resizedWidth": lb[0], "resizedHeight": lb[1], "padLeft": lb[2], "padTop": lb[3]}
            if segment:
                proto_file = f"{name}-image{i}.output1.f32"
                protos[i].astype("<f4").tofile(os.path.join(out, proto_file))
                case["output1"] = proto_file
                case["output1Shape"] = list(protos[i].shape)
            idx, boxes, scores, cls = decode(preds[i], len(classes), CONF, IOU, MAX_DET)
            dets = []
            for k in range(len(idx)):
                det = {"classId": int(cls[k]), "label": classes[int(cls[k])], "confidence": float(scores[k]),
                       "inputBox": [float(v) for v in boxes[k]],
                       "box": to_region(boxes[k].tolist(), lb, w, h)}
                if segment:
                    coef = preds[i][4 + len(classes):, int(idx[k])]
                    mask = assemble_mask(coef, protos[i], boxes[k].tolist(), iw, ih, lb, w, h)
                    det["maskArea"] = int(mask.sum())
                    det["maskRle"] = rle(mask)
                dets.append(det)
            case["detections"] = dets
            golden["cases"].append(case)
            print(f"{name} image {i} ({w}x{h}): {len(dets)} detections")

    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)

    build_wrong_models(out)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 5)

    def forward(self, x):
        return self.fc(x.mean((2, 3))).softmax(1)


class FixedOutput(nn.Module):
    """Maps the input to an output of a chosen shape (batch first), for shape-check tests."""

    def __init__(self, *shapes, channels=3):
        super().__init__()
        self.shapes = shapes
        self.fc = nn.ModuleList(nn.Linear(channels, s[0]) for s in shapes)

    def forward(self, x):
        v = x.mean((2, 3))
        outs = [fc(v).view(-1, s[0], *([1] * (len(s) - 1))).expand(-1, *s).contiguous()
                for fc, s in zip(self.fc, self.shapes)]
        return outs[0] if len(outs) == 1 else tuple(outs)


def export_plain(model, path, in_shape, outputs, dynamic_hw=False, static_dims=True):
    model.eval()
    axes = {"images": {0: "batch", 2: "height", 3: "width"} if dynamic_hw else {0: "batch"}}
    for o in outputs:
        axes[o] = {0: "batch"}
    x = torch.zeros(1, *in_shape)
    torch.onnx.export(model, x, path, input_names=["images"], output_names=outputs,
                      dynamic_axes=axes, opset_version=17)
    finish(path, model, x, static_dims)


def build_wrong_models(out):
    export_plain(Classifier(), os.path.join(out, "wrong-classifier.onnx"), (3, 64, 64), ["output0"])
    export_plain(FixedOutput((300, 6)), os.path.join(out, "wrong-end2end.onnx"), (3, 64, 64), ["output0"])
    # left with symbolic output dimensions, so the loader must run it once to learn its output shape
    export_plain(FixedOutput((6, 84)), os.path.join(out, "wrong-2class-det.onnx"), (3, 64, 64), ["output0"],
                 static_dims=False)
    export_plain(FixedOutput((7, 84)), os.path.join(out, "wrong-dynamic-size.onnx"), (3, 64, 64), ["output0"],
                 dynamic_hw=True)
    export_plain(FixedOutput((7, 84), channels=1), os.path.join(out, "wrong-gray-input.onnx"), (1, 64, 64), ["output0"])
    export_plain(FixedOutput((84, 7)), os.path.join(out, "wrong-transposed.onnx"), (3, 64, 64), ["output0"])
    export_plain(FixedOutput((39, 84), (32, 16, 16)), os.path.join(out, "wrong-3class-seg.onnx"), (3, 64, 64),
                 ["output0", "output1"])


# ---------------------------------------------------------------- benchmark models

def build_bench(out, det_size, seg_size, det_classes, seg_classes):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for name, nc, size, segment, seed in (("bench-det", det_classes, det_size, False, 3),
                                          ("bench-seg", seg_classes, seg_size, True, 5)):
        model = YoloV8(nc, size, size, scale_width=0.25, scale_depth=0.33, segment=segment)
        randomize(model, seed=seed, box_bias_slope=0.35)
        model.eval()
        images = [test_image(seed + k, int(size * 1.5), size) for k in range(2)]
        images += [gradient_image(seed + k, size, int(size * 0.9)) for k in range(2)]
        batch = torch.from_numpy(np.stack([letterbox(img, size, size)[0] for img in images]))
        normalize_layers(model, batch)
        # About as many candidates as a real scene gives, so post-processing does realistic work.
        calibrate_class_bias(model, batch, candidates_per_image=30)
        params = sum(p.numel() for p in model.parameters())
        print(f"{name}: {params} parameters")
        export(model, os.path.join(out, name + ".onnx"), size, size, segment)


def fix_batch(model, batch, out):
    """A copy of a model with its batch dimension fixed. OpenCV DNN's ONNX importer folds shape
    computations for the declared input size, so a dynamic-batch YOLOv8 export fails there at
    batch > 1; the benchmark hands OpenCV such a copy (same graph and weights)."""
    import onnx
    m = onnx.load(model)
    for v in list(m.graph.input) + list(m.graph.output):
        dims = v.type.tensor_type.shape.dim
        if len(dims) > 0:
            dims[0].Clear()
            dims[0].dim_value = batch
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    onnx.save(m, out)
    print(f"wrote {out} (batch {batch})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    t = sub.add_parser("test", help="tiny test models and golden data")
    t.add_argument("--out", default="src/test/resources/inference")
    b = sub.add_parser("bench", help="YOLOv8n-shaped random-weight models for the benchmark")
    b.add_argument("--out", required=True)
    b.add_argument("--det-size", type=int, default=640)
    b.add_argument("--seg-size", type=int, default=320)
    b.add_argument("--det-classes", type=int, default=3)
    b.add_argument("--seg-classes", type=int, default=2)
    fb = sub.add_parser("fixbatch", help="copy a model with a fixed batch size (for OpenCV DNN)")
    fb.add_argument("--model", required=True)
    fb.add_argument("--batch", type=int, required=True)
    fb.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.what == "test":
        build_test(args.out)
    elif args.what == "fixbatch":
        fix_batch(args.model, args.batch, args.out)
    else:
        build_bench(args.out, args.det_size, args.seg_size, args.det_classes, args.seg_classes)


if __name__ == "__main__":
    main()
