"""Average precision as COCO and Ultralytics compute it: predictions matched greedily by score
to unmatched ground truth of the same class at IoU 0.50, 0.55, ..., 0.95; AP is the area under
the precision envelope sampled at 101 recall points. Box IoU for detection; mask IoU for
segmentation, at prototype resolution (as Ultralytics validates masks)."""
import numpy as np
import torch
import torch.nn.functional as F
import torchvision

IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)


def decode(out, nc, conf=0.001, iou=0.7, max_det=300):
    """One image's export output [4+nc(+32), N] -> boxes xyxy, scores, classes, coefficients."""
    scores, classes = out[4:4 + nc].max(0)
    keep = scores > conf
    xywh = out[:4, keep].T
    boxes = torch.cat([xywh[:, :2] - xywh[:, 2:] / 2, xywh[:, :2] + xywh[:, 2:] / 2], 1)
    s, c = scores[keep], classes[keep]
    coef = out[4 + nc:, keep].T
    order = s.argsort(descending=True)[:30000]
    boxes, s, c, coef = boxes[order], s[order], c[order], coef[order]
    k = torchvision.ops.batched_nms(boxes, s, c, iou)[:max_det]
    return boxes[k], s[k], c[k], coef[k]


def masks_from(coef, proto, boxes, size):
    """Predicted masks at prototype resolution, cropped to their boxes, thresholded at 0.5."""
    ch, ph, pw = proto.shape
    if len(coef) == 0:
        return torch.zeros(0, ph, pw, dtype=torch.bool)
    m = torch.sigmoid(coef @ proto.view(ch, -1)).view(-1, ph, pw)
    b = boxes * torch.tensor([pw / size, ph / size, pw / size, ph / size])
    cols = torch.arange(pw).view(1, 1, pw)
    rows = torch.arange(ph).view(1, ph, 1)
    inside = (cols >= b[:, 0, None, None]) & (cols < b[:, 2, None, None]) & (rows >= b[:, 1, None, None]) & (rows < b[:, 3, None, None])
    return (m > 0.5) & inside


def mask_iou(a, b):
    a = a.flatten(1).float()
    b = b.flatten(1).float()
    inter = a @ b.T
    return inter / (a.sum(1)[:, None] + b.sum(1)[None, :] - inter).clamp(min=1e-9)


class APAccumulator:
    def __init__(self, nc):
        self.nc = nc
        self.records = []   # (score, class, correct[10])
        self.gt_counts = np.zeros(nc, dtype=np.int64)

    def add(self, ious, pred_scores, pred_classes, gt_classes):
        """ious [P, G] between this image's predictions and ground truths."""
        for c in gt_classes.tolist():
            self.gt_counts[c] += 1
        p = len(pred_scores)
        correct = np.zeros((p, len(IOU_THRESHOLDS)), dtype=bool)
        if p and len(gt_classes):
            same = pred_classes[:, None] == gt_classes[None, :]
            iou = (ious * same).numpy() if isinstance(ious, torch.Tensor) else ious * same
            for t, thr in enumerate(IOU_THRESHOLDS):
                taken = np.zeros(len(gt_classes), dtype=bool)
                for i in range(p):     # predictions arrive sorted by score
                    cand = np.where((iou[i] >= thr) & ~taken)[0]
                    if len(cand):
                        j = cand[np.argmax(iou[i][cand])]
                        taken[j] = True
                        correct[i, t] = True
        for i in range(p):
            self.records.append((float(pred_scores[i]), int(pred_classes[i]), correct[i]))

    def result(self):
        ap = np.zeros((self.nc, len(IOU_THRESHOLDS)))
        precision = np.zeros(self.nc)
        recall = np.zeros(self.nc)
        for c in range(self.nc):
            rec = [r for r in self.records if r[1] == c]
            n_gt = self.gt_counts[c]
            if n_gt == 0:
                ap[c] = np.nan
                continue
            if not rec:
                continue
            rec.sort(key=lambda r: -r[0])
            correct = np.array([r[2] for r in rec])
            tp = np.cumsum(correct, 0)
            fp = np.cumsum(~correct, 0)
            r = tp / n_gt
            p = tp / (tp + fp)
            for t in range(len(IOU_THRESHOLDS)):
                ap[c, t] = average_precision(r[:, t], p[:, t])
            scores = np.array([x[0] for x in rec])
            at = np.searchsorted(-scores, -0.25, side="right") - 1
            if at >= 0:
                precision[c] = p[at, 0]
                recall[c] = r[at, 0]
        return {"ap50": ap[:, 0], "ap50_95": ap.mean(1), "precision@0.25": precision, "recall@0.25": recall,
                "instances": self.gt_counts}


def average_precision(recall, precision):
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([1.0], precision, [0.0]))
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    x = np.linspace(0, 1, 101)
    return float(np.trapz(np.interp(x, mrec, mpre), x))


@torch.no_grad()
def evaluate(model, dataset, batch=8, limit=None):
    """Box (and mask) AP of `model` (export mode) on `dataset` (no augmentation)."""
    was = model.export
    model.export = True
    model.eval()
    box_acc = APAccumulator(model.nc)
    mask_acc = APAccumulator(model.nc) if model.segment else None
    n = len(dataset) if limit is None else min(limit, len(dataset))
    size = dataset.size
    for start in range(0, n, batch):
        idx = list(range(start, min(n, start + batch)))
        x, t = dataset.batch(idx)
        out = model(x)
        out, proto = (out if model.segment else (out, None))
        for j in range(len(idx)):
            valid = t["valid"][j]
            gt_boxes = t["boxes"][j][valid]
            gt_cls = t["labels"][j][valid]
            boxes, scores, classes, coef = decode(out[j], model.nc)
            box_acc.add(torchvision.ops.box_iou(boxes, gt_boxes), scores, classes, gt_cls)
            if model.segment:
                pm = masks_from(coef, proto[j], boxes, size)
                gm = t["masks"][j][valid] > 0.5
                mask_acc.add(mask_iou(pm, gm), scores, classes, gt_cls)
    model.export = was
    res = {"box": box_acc.result()}
    if model.segment:
        res["mask"] = mask_acc.result()
    return res


def summary(res, names):
    out = {}
    for kind, r in res.items():
        out[kind] = {}
        for c, name in enumerate(names):
            out[kind][name] = {k: (None if np.isnan(float(v[c])) else round(float(v[c]), 4)) for k, v in r.items()}
    return out
