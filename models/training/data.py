"""Reads the YOLO datasets that `meter-reader sim dataset` writes, and augments them.

Detection labels: `class cx cy w h` (normalised). Segmentation labels: `class x1 y1 x2 y2 ...`
(normalised polygon). Images are letterboxed as the Java preprocessor does (scale to fit,
centred, grey 114 padding), then jittered in scale and position, colour (HSV), blur and noise.
Nothing is ever mirrored: a mirrored dial runs backwards.
"""
import glob
import os

import cv2
import numpy as np
import torch

PAD = 114


def read_labels(path, segment):
    boxes, labels, polys = [], [], []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if not parts:
                    continue
                cls = int(parts[0])
                vals = np.array([float(v) for v in parts[1:]], dtype=np.float32)
                if segment:
                    poly = vals.reshape(-1, 2)
                    polys.append(poly)
                    boxes.append([poly[:, 0].min(), poly[:, 1].min(), poly[:, 0].max(), poly[:, 1].max()])
                else:
                    cx, cy, w, h = vals[:4]
                    boxes.append([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
                labels.append(cls)
    return np.array(boxes, dtype=np.float32).reshape(-1, 4), np.array(labels, dtype=np.int64), polys


class YoloDataset:
    def __init__(self, root, split, size, segment, augment, seed=0, crop=None):
        self.images = sorted(glob.glob(os.path.join(root, "images", split, "*.jpg")))
        self.labels = [p.replace(os.sep + "images" + os.sep, os.sep + "labels" + os.sep)[:-4] + ".txt" for p in self.images]
        self.size = size
        self.segment = segment
        self.augment = augment
        self.rng = np.random.default_rng(seed)
        self.crop = crop
        self.cache = {}

    def __len__(self):
        return len(self.images)

    def load(self, i):
        """The image, letterbox-scaled so its long side is `size`, kept in memory after the first read."""
        if i not in self.cache:
            img = cv2.imread(self.images[i], cv2.IMREAD_COLOR)
            if img is None:
                raise IOError(f"cannot read {self.images[i]}")
            h, w = img.shape[:2]
            r = self.size / max(h, w)
            if r != 1:
                img = cv2.resize(img, (max(1, round(w * r)), max(1, round(h * r))), interpolation=cv2.INTER_AREA if r < 1 else cv2.INTER_LINEAR)
            ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95])
            self.cache[i] = enc
        return cv2.imdecode(self.cache[i], cv2.IMREAD_COLOR)

    def item(self, i, zoom=False):
        """Image i, augmented; with `zoom`, at full size and scaled about one meter or sight glass
        so that it spans 35-97% of the canvas (a close-up, as a zoomed camera sees it)."""
        img = self.load(i)
        h, w = img.shape[:2]
        boxes, labels, polys = read_labels(self.labels[i], self.segment)
        s = self.size
        if zoom and not self.segment:
            m = self.close_up(boxes, labels, w, h)
            if m is not None:
                return self.finish(img, m, s, boxes, labels, polys, w, h)
        if self.augment:
            scale = float(self.rng.uniform(0.55, 1.45)) if not self.segment else float(self.rng.uniform(0.75, 1.15))
            angle = float(self.rng.uniform(-12, 12)) if self.segment else 0.0
        else:
            scale, angle = 1.0, 0.0
        # Affine: scale the (already fit) image, rotate about its centre, centre it, then shift.
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
        m[0, 2] += s / 2 - w / 2
        m[1, 2] += s / 2 - h / 2
        if self.augment:
            free_x = max(0.0, (s - w * scale) / 2) + 0.25 * w * scale
            free_y = max(0.0, (s - h * scale) / 2) + 0.25 * h * scale
            m[0, 2] += float(self.rng.uniform(-free_x, free_x)) * 0.6
            m[1, 2] += float(self.rng.uniform(-free_y, free_y)) * 0.6
        if self.augment and self.crop and self.crop < s:
            # Train on a window of the canvas: the same scale as at full size, a quarter of the work.
            c = self.crop
            for axis, extent in ((0, w * scale), (1, h * scale)):
                a, b = m[axis, 2], m[axis, 2] + extent - c
                m[axis, 2] -= float(self.rng.uniform(min(a, b), max(a, b)))
            s = c
        return self.finish(img, m, s, boxes, labels, polys, w, h)

    def close_up(self, boxes, labels, w, h):
        """The affine map that zooms onto a random meter or sight glass, or None if there is none."""
        big = [k for k in range(len(labels)) if labels[k] in (0, 1)]
        if not big:
            return None
        x1, y1, x2, y2 = boxes[big[int(self.rng.integers(len(big)))]] * np.array([w, h, w, h], dtype=np.float32)
        s = self.size
        scale = min(float(self.rng.uniform(0.35, 0.97)) * s / max(x2 - x1, y2 - y1, 1.0), 6.0)
        m = np.zeros((2, 3), dtype=np.float64)
        m[0, 0] = m[1, 1] = scale
        for axis, (a, b) in enumerate(((x1, x2), (y1, y2))):
            lo, hi = -scale * a, s - scale * b
            m[axis, 2] = float(self.rng.uniform(lo, hi)) if lo < hi else (lo + hi) / 2
        return m

    def finish(self, img, m, s, boxes, labels, polys, w, h):
        """Warps the image and its labels by m onto an s x s canvas, then colours it."""
        out = cv2.warpAffine(img, m, (s, s), flags=cv2.INTER_LINEAR, borderValue=(PAD, PAD, PAD))

        def warp(pts):
            return pts @ m[:, :2].T + m[:, 2]

        new_boxes, new_labels, masks = [], [], []
        if self.segment:
            for poly, cls in zip(polys, labels):
                p = warp(poly * np.array([w, h], dtype=np.float32))
                x1, y1 = p.min(0)
                x2, y2 = p.max(0)
                cx1, cy1, cx2, cy2 = max(x1, 0), max(y1, 0), min(x2, s), min(y2, s)
                if cx2 - cx1 < 1 or cy2 - cy1 < 1:
                    continue
                new_boxes.append([cx1, cy1, cx2, cy2])
                new_labels.append(cls)
                masks.append(raster(p, s))
        else:
            for (x1, y1, x2, y2), cls in zip(boxes, labels):
                corners = warp(np.array([[x1 * w, y1 * h], [x2 * w, y1 * h], [x1 * w, y2 * h], [x2 * w, y2 * h]], dtype=np.float32))
                bx1, by1 = corners.min(0)
                bx2, by2 = corners.max(0)
                area = (bx2 - bx1) * (by2 - by1)
                cx1, cy1, cx2, cy2 = np.clip([bx1, by1, bx2, by2], 0, s)
                # Keep a box that is still mostly in view; drop slivers.
                if cx2 - cx1 < 3 or cy2 - cy1 < 3 or (cx2 - cx1) * (cy2 - cy1) < 0.4 * area:
                    continue
                new_boxes.append([cx1, cy1, cx2, cy2])
                new_labels.append(cls)
        if self.augment:
            out = self.colour(out)
        x = torch.from_numpy(np.ascontiguousarray(out[:, :, ::-1].transpose(2, 0, 1)))    # uint8 RGB CHW
        boxes_t = torch.tensor(np.array(new_boxes, dtype=np.float32).reshape(-1, 4))
        labels_t = torch.tensor(np.array(new_labels, dtype=np.int64))
        masks_t = torch.from_numpy(np.stack(masks)) if masks else torch.zeros(0, s // 4, s // 4)
        return x, boxes_t, labels_t, masks_t

    def colour(self, img):
        rng = self.rng
        hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV).astype(np.float32)
        hsv[..., 0] = (hsv[..., 0] + rng.uniform(-0.015, 0.015) * 180) % 180
        hsv[..., 1] *= rng.uniform(0.3, 1.7)
        hsv[..., 2] *= rng.uniform(0.6, 1.4)
        img = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2BGR)
        if rng.random() < 0.3:
            k = int(rng.choice([3, 5]))
            img = cv2.GaussianBlur(img, (k, k), 0)
        if rng.random() < 0.3:
            noise = rng.normal(0, rng.uniform(2, 8), img.shape)
            img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
        return img

    def batch(self, keys):
        """Images as floats in 0..1, and their targets, for indices or ZoomBatches' (index, zoom) keys."""
        x, t = collate([self[k] for k in keys], self.segment)
        return x.float() / 255.0, t

    def __getitem__(self, key):
        """Image i augmented, or for a key (i, zoom) from ZoomBatches, a close-up when zoom is set."""
        if isinstance(key, tuple):
            return self.item(key[0], key[1])
        return self.item(key)

    def reseed(self, *key):
        """A worker process's own augmentation stream (forked workers would all share one)."""
        self.rng = np.random.default_rng([*key])


class ZoomBatches(torch.utils.data.Sampler):
    """Batches of (index, zoom) keys: every epoch the images in a new order,
    cut into whole batches, each one all close-ups with probability `zoom` (a close-up is full
    size, a plain item may be a crop window, and a batch must be of one size)."""

    def __init__(self, n, batch, zoom, seed):
        super().__init__(None)   # torch 1.13 wants a data source; later ones take none
        self.n, self.batch, self.zoom = n, batch, zoom
        self.rng = np.random.default_rng(seed)

    def __iter__(self):
        order = self.rng.permutation(self.n)
        for k in range(0, self.n - self.batch + 1, self.batch):
            zoom = bool(self.rng.random() < self.zoom)
            yield [(int(i), zoom) for i in order[k:k + self.batch]]

    def __len__(self):
        return self.n // self.batch


def collate(items, segment):
    """Stacks items into a batch (images stay 8-bit: a quarter of the bytes between processes),
    padding the ground truth of each image to the batch's most."""
    x = torch.stack([it[0] for it in items])
    m = max([len(it[2]) for it in items] + [1])
    b = len(items)
    boxes = torch.zeros(b, m, 4)
    labels = torch.zeros(b, m, dtype=torch.long)
    valid = torch.zeros(b, m, dtype=torch.bool)
    side = x.shape[-1]
    masks = torch.zeros(b, m, side // 4, side // 4) if segment else None
    for j, (_, bx, lb, mk) in enumerate(items):
        n = len(lb)
        boxes[j, :n] = bx
        labels[j, :n] = lb
        valid[j, :n] = True
        if segment and n:
            masks[j, :n] = mk
    return x, {"boxes": boxes, "labels": labels, "valid": valid, "masks": masks}


# Where the masks a model trained on these targets draws sit, right of and below the truth, in
# prototype cells: export.py writes it into the model's metadata (mask_offset) for the service.
# The shipped segmenter was trained before raster() took its half cell off, and has 0.5.
MASK_OFFSET = 0.0


def raster(points, size, factor=4):
    """A polygon in input pixels as a 0/1 mask at prototype resolution (size / 4): every
    prototype pixel the outline touches counts, so ticks thinner than a prototype pixel are still
    one pixel wide. Prototype pixel i covers input pixels [4i, 4i + 4), its centre at 4i + 2, and
    OpenCV takes integer coordinates for pixel centres: so the polygon goes in at points / 4 less
    half a cell (without that, until 2026-12-05, every mask lay half a cell right of and below
    its polygon, and the model learnt to draw them there)."""
    low = np.zeros((size // factor, size // factor), dtype=np.uint8)
    pts = np.round((points / factor - 0.5) * 16).astype(np.int32)
    cv2.fillPoly(low, [pts], 1, shift=4)
    return low.astype(np.float32)
