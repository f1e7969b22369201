"""The YOLOv8 architecture and loss, written from the published description.

Model: Conv-BN-SiLU blocks, C2f, SPPF, a PAN-FPN neck, a decoupled anchor-free head with
distribution focal loss bins (reg_max 16) at strides 8, 16 and 32; the segmentation variant adds
a prototype module (32 masks at stride 4) and 32 mask coefficients per anchor.

Loss: task-aligned assignment (alpha 0.5, beta 6, top 10), BCE classification against the
aligned IoU targets, CIoU and DFL on the assigned boxes, and per-instance mask BCE on the
prototypes, cropped to the box and normalised by its area.

In training mode the model returns raw head maps; in export mode (model.export = True) it
returns exactly the Ultralytics ONNX outputs: output0 [B, 4+nc(+32), N] with cx, cy, w, h in
input pixels and sigmoid class scores (then mask coefficients), and output1 [B, 32, H/4, W/4].
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

REG_MAX = 16
MASK_CHANNELS = 32
STRIDES = (8, 16, 32)


# ---------------------------------------------------------------- blocks

class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))

    def fuse(self):
        """Folds the batch norm into the convolution (for export)."""
        self.conv = torch.nn.utils.fusion.fuse_conv_bn_eval(self.conv, self.bn)
        self.bn = nn.Identity()


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
    """CSP backbone and PAN neck; returns the stride 8, 16 and 32 feature maps."""

    def __init__(self, width, depth, max_channels=1024):
        super().__init__()

        def ch(c):
            return max(8, int(math.ceil(min(c, max_channels) * width / 8) * 8))

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


def branch(c_in, hidden, c_out):
    return nn.Sequential(Conv(c_in, hidden, 3), Conv(hidden, hidden, 3), nn.Conv2d(hidden, c_out, 1))


class Proto(nn.Module):
    """Mask prototypes at stride 4 from the stride 8 features."""

    def __init__(self, c1, hidden):
        super().__init__()
        self.cv1 = Conv(c1, hidden, 3)
        self.up = nn.ConvTranspose2d(hidden, hidden, 2, 2, 0, bias=True)
        self.cv2 = Conv(hidden, hidden, 3)
        self.cv3 = Conv(hidden, MASK_CHANNELS, 1)

    def forward(self, x):
        return self.cv3(self.cv2(self.up(self.cv1(x))))


class YoloV8(nn.Module):
    def __init__(self, nc, width, depth, segment):
        super().__init__()
        self.nc = nc
        self.segment = segment
        self.width, self.depth = width, depth
        self.export = False
        self.backbone = Backbone(width, depth)
        chs = self.backbone.channels
        box_hidden = max(16, chs[0] // 4, REG_MAX * 4)
        cls_hidden = max(chs[0], min(nc, 100))
        self.box = nn.ModuleList(branch(c, box_hidden, 4 * REG_MAX) for c in chs)
        self.cls = nn.ModuleList(branch(c, cls_hidden, nc) for c in chs)
        self.register_buffer("proj", torch.arange(REG_MAX, dtype=torch.float32))
        if segment:
            coef_hidden = max(chs[0] // 4, MASK_CHANNELS)
            self.coef = nn.ModuleList(branch(c, coef_hidden, MASK_CHANNELS) for c in chs)
            self.proto = Proto(chs[0], max(32, chs[0]))
        self.init_bias(640)

    def init_bias(self, size):
        """Ultralytics' prior: about 5 objects per image among the anchors of each level."""
        for box, cls, s in zip(self.box, self.cls, STRIDES):
            box[-1].bias.data[:] = 1.0
            cls[-1].bias.data[:] = math.log(5 / self.nc / (size / s) ** 2)

    def forward(self, x):
        feats = self.backbone(x)
        box = torch.cat([self.box[i](f).flatten(2) for i, f in enumerate(feats)], 2)   # [B, 64, A]
        cls = torch.cat([self.cls[i](f).flatten(2) for i, f in enumerate(feats)], 2)   # [B, nc, A]
        coef = proto = None
        if self.segment:
            coef = torch.cat([self.coef[i](f).flatten(2) for i, f in enumerate(feats)], 2)
            proto = self.proto(feats[0])
        if not self.export:
            return box, cls, coef, proto, [f.shape[2:] for f in feats]
        anchors, strides = make_anchors([f.shape[2:] for f in feats], x.device)
        a = box.shape[2]
        # The expectation over the DFL bins, as a fixed 1x1 convolution would compute it.
        dist = (box.view(-1, 4, REG_MAX, a).softmax(2) * self.proj.view(1, 1, -1, 1)).sum(2)
        lt, rb = dist.chunk(2, 1)
        x1y1 = anchors.T.unsqueeze(0) - lt
        x2y2 = anchors.T.unsqueeze(0) + rb
        xywh = torch.cat([(x1y1 + x2y2) / 2, x2y2 - x1y1], 1) * strides.T.unsqueeze(0)
        out = torch.cat([xywh, cls.sigmoid()], 1)
        if not self.segment:
            return out
        return torch.cat([out, coef], 1), proto

    def fuse(self):
        for m in self.modules():
            if isinstance(m, Conv) and isinstance(m.bn, nn.BatchNorm2d):
                m.fuse()
        return self


def make_anchors(shapes, device):
    """Anchor centres in grid units ([A, 2], x then y) and their strides ([A, 1])."""
    points, strides = [], []
    for (h, w), s in zip(shapes, STRIDES):
        ys, xs = torch.meshgrid(torch.arange(int(h), device=device, dtype=torch.float32) + 0.5,
                                torch.arange(int(w), device=device, dtype=torch.float32) + 0.5, indexing="ij")
        points.append(torch.stack([xs.reshape(-1), ys.reshape(-1)], 1))
        strides.append(torch.full((int(h) * int(w), 1), float(s), device=device))
    return torch.cat(points), torch.cat(strides)


# ---------------------------------------------------------------- boxes

def box_iou_pairs(a, b, ciou=False, eps=1e-7):
    """IoU (or CIoU) of corresponding xyxy boxes, shape [..., 4] -> [...]."""
    ax1, ay1, ax2, ay2 = a.unbind(-1)
    bx1, by1, bx2, by2 = b.unbind(-1)
    w1, h1 = ax2 - ax1, ay2 - ay1 + eps
    w2, h2 = bx2 - bx1, by2 - by1 + eps
    inter = (torch.min(ax2, bx2) - torch.max(ax1, bx1)).clamp(0) * (torch.min(ay2, by2) - torch.max(ay1, by1)).clamp(0)
    union = w1 * h1 + w2 * h2 - inter + eps
    iou = inter / union
    if not ciou:
        return iou
    cw = torch.max(ax2, bx2) - torch.min(ax1, bx1)
    chh = torch.max(ay2, by2) - torch.min(ay1, by1)
    c2 = cw ** 2 + chh ** 2 + eps
    rho2 = ((bx1 + bx2 - ax1 - ax2) ** 2 + (by1 + by2 - ay1 - ay2) ** 2) / 4
    v = (4 / math.pi ** 2) * (torch.atan(w2 / h2) - torch.atan(w1 / h1)) ** 2
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


def dist_to_box(dist, points):
    lt, rb = dist.chunk(2, -1)
    return torch.cat([points - lt, points + rb], -1)


def box_to_dist(points, box, limit):
    x1y1, x2y2 = box.chunk(2, -1)
    return torch.cat([points - x1y1, x2y2 - points], -1).clamp(0, limit - 0.01)


# ---------------------------------------------------------------- assignment

@torch.no_grad()
def assign(scores, boxes, points, gt_labels, gt_boxes, gt_valid, topk=10, alpha=0.5, beta=6.0, eps=1e-9):
    """Task-aligned assignment.

    scores [B, A, nc] (sigmoid), boxes [B, A, 4] and points [A, 2] in input pixels,
    gt_labels [B, M], gt_boxes [B, M, 4], gt_valid [B, M] bool.
    Returns target boxes [B, A, 4], target scores [B, A, nc], foreground [B, A] bool and the
    index of the assigned ground truth [B, A].
    """
    b, a, nc = scores.shape
    m = gt_boxes.shape[1]
    if m == 0:
        return (torch.zeros_like(boxes), torch.zeros_like(scores),
                torch.zeros(b, a, dtype=torch.bool, device=scores.device),
                torch.zeros(b, a, dtype=torch.long, device=scores.device))
    # Anchor centres inside each ground truth box.
    lt = points.view(1, 1, a, 2) - gt_boxes[:, :, None, :2]
    rb = gt_boxes[:, :, None, 2:] - points.view(1, 1, a, 2)
    inside = torch.cat([lt, rb], -1).amin(-1) > eps                      # [B, M, A]
    inside &= gt_valid[:, :, None]
    # Thin or tiny boxes may hold no anchor centre: give them their nearest anchors instead.
    centres = (gt_boxes[:, :, :2] + gt_boxes[:, :, 2:]) / 2
    d = (points.view(1, 1, a, 2) - centres[:, :, None, :]).pow(2).sum(-1)  # [B, M, A]
    empty = (inside.sum(-1) == 0) & gt_valid
    if empty.any():
        near = d.topk(min(3, a), dim=-1, largest=False).indices
        extra = torch.zeros_like(inside).scatter_(-1, near, True) & empty[:, :, None]
        inside |= extra
    label_scores = scores.gather(2, gt_labels.clamp(0).long().unsqueeze(1).expand(b, a, m)).permute(0, 2, 1)  # [B,M,A]
    ious = box_iou_pairs(gt_boxes[:, :, None, :].expand(b, m, a, 4), boxes[:, None, :, :].expand(b, m, a, 4)).clamp(0)
    ious = ious * inside
    metric = label_scores.pow(alpha) * ious.pow(beta) * inside
    k = min(topk, a)
    top = metric.topk(k, dim=-1).indices                                   # [B, M, k]
    chosen = torch.zeros_like(inside).scatter_(-1, top, True) & inside
    # Ties at zero metric may pick anchors outside; the mask above drops them.
    multiple = chosen.sum(1) > 1                                           # [B, A]
    if multiple.any():
        best = ious.argmax(1)                                              # [B, A]
        one = F.one_hot(best, m).permute(0, 2, 1).bool()
        chosen = torch.where(multiple[:, None, :], one & inside, chosen)
    fg = chosen.any(1)
    idx = chosen.float().argmax(1)                                         # [B, A]
    batch = torch.arange(b, device=scores.device)[:, None]
    target_boxes = gt_boxes[batch, idx]
    target_labels = gt_labels.long().clamp(0)[batch, idx]
    target_scores = F.one_hot(target_labels, nc).float() * fg[..., None]
    metric = metric * chosen
    pos_metric = metric.amax(-1, keepdim=True)
    pos_iou = (ious * chosen).amax(-1, keepdim=True)
    norm = (metric * pos_iou / (pos_metric + eps)).amax(1)                 # [B, A]
    target_scores = target_scores * norm[..., None]
    return target_boxes, target_scores, fg, idx


# ---------------------------------------------------------------- loss

class Loss:
    def __init__(self, model, box_gain=7.5, cls_gain=0.5, dfl_gain=1.5):
        self.nc = model.nc
        self.segment = model.segment
        self.box_gain, self.cls_gain, self.dfl_gain = box_gain, cls_gain, dfl_gain
        self.proj = torch.arange(REG_MAX, dtype=torch.float32)

    def __call__(self, outputs, targets, size):
        """targets: dict with boxes [B, M, 4] xyxy input pixels, labels [B, M], valid [B, M]
        and, for segmentation, masks [B, M, H/4, W/4] (0/1 at prototype resolution)."""
        box, cls, coef, proto, shapes = outputs
        b = box.shape[0]
        pred_dist = box.permute(0, 2, 1)                                   # [B, A, 64]
        pred_scores = cls.permute(0, 2, 1)                                 # [B, A, nc]
        points, strides = make_anchors(shapes, box.device)                 # grid units
        a = points.shape[0]
        self.proj = self.proj.to(box.device)
        dist = pred_dist.view(b, a, 4, REG_MAX).softmax(3) @ self.proj
        pred_boxes = dist_to_box(dist, points)                             # grid units
        t_boxes, t_scores, fg, idx = assign(pred_scores.detach().sigmoid(), (pred_boxes.detach() * strides),
                                            points * strides, targets["labels"], targets["boxes"], targets["valid"])
        t_sum = max(t_scores.sum(), 1.0)
        loss_cls = F.binary_cross_entropy_with_logits(pred_scores, t_scores, reduction="sum") / t_sum
        loss_box = torch.zeros((), device=box.device)
        loss_dfl = torch.zeros((), device=box.device)
        loss_mask = torch.zeros((), device=box.device)
        if fg.any():
            weight = t_scores.sum(-1)[fg]
            t_grid = t_boxes / strides
            iou = box_iou_pairs(pred_boxes[fg], t_grid[fg], ciou=True)
            loss_box = ((1.0 - iou) * weight).sum() / t_sum
            t_dist = box_to_dist(points.expand(b, a, 2)[fg], t_grid[fg], REG_MAX - 1)
            loss_dfl = (self.dfl(pred_dist[fg].view(-1, REG_MAX), t_dist.view(-1)).view(-1, 4).mean(-1) * weight).sum() / t_sum
            if self.segment:
                loss_mask = self.mask_loss(coef, proto, fg, idx, t_boxes, targets["masks"], size)
        total = self.box_gain * loss_box + self.cls_gain * loss_cls + self.dfl_gain * loss_dfl
        if self.segment:
            total = total + self.box_gain * loss_mask
        parts = {"box": loss_box.item(), "cls": loss_cls.item(), "dfl": loss_dfl.item()}
        if self.segment:
            parts["mask"] = loss_mask.item()
        return total * b, parts

    @staticmethod
    def dfl(pred, target):
        left = target.long()
        right = left + 1
        wl = right.float() - target
        wr = 1 - wl
        return (F.cross_entropy(pred, left, reduction="none") * wl
                + F.cross_entropy(pred, right.clamp(max=REG_MAX - 1), reduction="none") * wr)

    def mask_loss(self, coef, proto, fg, idx, t_boxes, gt_masks, size):
        b, _, ph, pw = proto.shape
        h, w = size
        total = torch.zeros((), device=proto.device)
        count = 0
        for i in range(b):
            sel = fg[i]
            if not sel.any():
                continue
            c = coef[i][:, sel].T                                           # [n, 32]
            pred = (c @ proto[i].view(MASK_CHANNELS, -1)).view(-1, ph, pw)
            gt = gt_masks[i][idx[i][sel]]                                   # [n, ph, pw]
            boxes = t_boxes[i][sel] * torch.tensor([pw / w, ph / h, pw / w, ph / h], device=proto.device)
            loss = F.binary_cross_entropy_with_logits(pred, gt, reduction="none")
            inside = crop_mask(boxes, ph, pw)
            area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).clamp(min=1.0)
            total = total + ((loss * inside).sum((1, 2)) / area).sum()
            count += int(sel.sum())
        return total / max(count, 1)


def crop_mask(boxes, h, w):
    """[n, h, w] 0/1 masks of the pixels whose centres fall inside each box (prototype pixels)."""
    cols = torch.arange(w, dtype=torch.float32, device=boxes.device).view(1, 1, w)
    rows = torch.arange(h, dtype=torch.float32, device=boxes.device).view(1, h, 1)
    x1, y1, x2, y2 = [v.view(-1, 1, 1) for v in boxes.unbind(1)]
    return ((cols >= x1) & (cols < x2) & (rows >= y1) & (rows < y2)).float()
