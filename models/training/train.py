#!/usr/bin/python3
"""Trains one of the two YOLOv8 models on a dataset written by `meter-reader sim dataset`.

    train.py --task det --data DATA/det --out runs/det --seconds 3600
    train.py --task seg --data DATA/seg --out runs/seg --seconds 3600

Training runs for a wall-clock budget rather than a number of epochs, so that a full run fits
the time the issue allows on a 2-core machine. AdamW, linear warm-up then cosine decay over the
budget, weight decay on convolution weights only, an exponential moving average of the weights
(which is what gets evaluated and exported). The EMA weights are checkpointed every few minutes
to OUT/last.pt, so a stopped run still leaves a usable model.

On a GPU (`--device cuda --workers 6`), worker processes augment while the GPU trains; each
worker draws its own augmentation stream. `--no-eval` leaves the test-split evaluation to a
later `train.py --evaluate OUT/last.pt`, on any machine, which writes the same metrics.json.
"""
import argparse
import json
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import YoloDataset, ZoomBatches, collate  # noqa: E402
from metrics import evaluate, summary  # noqa: E402
from yolo import Loss, YoloV8  # noqa: E402

TASKS = {
    # classes, input size, width, depth
    "det": (["meter", "water", "level"], 640, 0.125, 0.33),
    "seg": (["pointer", "scale"], 320, 0.125, 0.33),
}


class Ema:
    def __init__(self, model, decay=0.999, tau=300):
        import copy
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.decay, self.tau, self.updates = decay, tau, 0

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        src = model.state_dict()
        for k, v in self.model.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(src[k].detach(), alpha=1 - d)
            else:
                v.copy_(src[k])


def build(task):
    names, size, width, depth = TASKS[task]
    return YoloV8(len(names), width, depth, segment=(task == "seg")), names, size


def save(path, ema, task, extra):
    tmp = path + ".tmp"
    torch.save({"task": task, "model": ema.model.state_dict(), **extra}, tmp)
    os.replace(tmp, path)


def batches(train, args):
    """(images, targets, epoch) for ever: in this process, or from worker processes. A share
    `--zoom` of the batches are close-ups (ZoomBatches decides, so that a batch is of one size)."""
    epoch = 0
    seed = args.seed
    if args.workers == 0:
        sampler = ZoomBatches(len(train), args.batch, args.zoom, seed)
        while True:
            epoch += 1
            for keys in sampler:
                x, t = train.batch(keys)
                yield x, t, epoch

    def init(worker):
        train.reseed(seed, worker)

    loader = torch.utils.data.DataLoader(
        train, batch_sampler=ZoomBatches(len(train), args.batch, args.zoom, seed), num_workers=args.workers,
        collate_fn=lambda items: collate(items, train.segment), worker_init_fn=init, persistent_workers=True,
        pin_memory=args.device != "cpu", prefetch_factor=4)
    while True:
        epoch += 1
        for x, t in loader:
            yield x, t, epoch


def to(device, x, t):
    """The batch on the training device, images as floats in 0..1."""
    x = x.to(device, non_blocking=True)
    x = x.float() / 255.0 if x.dtype == torch.uint8 else x
    return x, {k: (None if v is None else v.to(device, non_blocking=True)) for k, v in t.items()}


def write_metrics(out, info, model, test, names, eval_limit):
    t0 = time.time()
    res = summary(evaluate(model, test, limit=eval_limit), names)
    info = {**info, "test_images": len(test) if eval_limit is None else min(eval_limit, len(test)),
            "eval_seconds": round(time.time() - t0), "test": res}
    info["loss_history"] = info.pop("loss_history", [])   # last in the file: it is long
    with open(os.path.join(out, "metrics.json"), "w") as fh:
        json.dump(info, fh, indent=1)
    print(json.dumps(res, indent=1), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", choices=TASKS, required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=3600)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crop", type=int, default=None, help="train on CROP x CROP windows of the input canvas")
    ap.add_argument("--zoom", type=float, default=0.0,
                    help="detection: share of batches that are close-ups, at full size (no --crop), of one meter or glass")
    ap.add_argument("--resume", help="start from this checkpoint's weights (a second, shorter schedule)")
    ap.add_argument("--eval-limit", type=int, default=None)
    ap.add_argument("--device", default="cpu", help="cpu, or cuda")
    ap.add_argument("--workers", type=int, default=0, help="augmenting worker processes (0: none)")
    ap.add_argument("--no-eval", action="store_true", help="skip the test-split evaluation")
    ap.add_argument("--evaluate", metavar="CHECKPOINT",
                    help="only evaluate CHECKPOINT on the test split, writing OUT/metrics.json")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    model, names, size = build(args.task)
    segment = args.task == "seg"
    train = YoloDataset(args.data, "train", size, segment, augment=True, seed=args.seed, crop=args.crop)
    test = YoloDataset(args.data, "test", size, segment, augment=False)
    if len(train) == 0:
        sys.exit(f"no training images under {args.data}/images/train")
    params = sum(p.numel() for p in model.parameters())
    print(f"{args.task}: {len(train)} train, {len(test)} test images, {params} parameters, input {size}", flush=True)
    if args.evaluate:
        ckpt = torch.load(args.evaluate, map_location="cpu")
        model.load_state_dict(ckpt["model"])
        write_metrics(args.out, ckpt.get("info", {}), model, test, names, args.eval_limit)
        return

    if args.resume:
        model.load_state_dict(torch.load(args.resume, map_location="cpu")["model"])
        print(f"starting from {args.resume}", flush=True)
    decay, no_decay = [], []
    for mod in model.modules():
        for name, p in mod.named_parameters(recurse=False):
            (decay if name == "weight" and isinstance(mod, torch.nn.Conv2d) else no_decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.937, 0.999))
    model.to(args.device)
    loss_fn = Loss(model)
    ema = Ema(model, tau=50 if args.resume else 300)
    stream = batches(train, args)
    start = time.time()
    last_save = start
    step, epoch = 0, 0
    warm = 0.03 * args.seconds
    history = []
    running = None
    while True:
        elapsed = time.time() - start
        if elapsed >= args.seconds:
            break
        x, t, epoch = next(stream)
        x, t = to(args.device, x, t)
        f = elapsed / args.seconds
        lr = args.lr * (f / 0.03 if elapsed < warm else 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * (f - 0.03) / 0.97)))
        for g in opt.param_groups:
            g["lr"] = lr
        model.train()
        loss, parts = loss_fn(model(x), t, tuple(x.shape[2:]))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        ema.update(model)
        step += 1
        running = parts if running is None else {k: 0.98 * running[k] + 0.02 * v for k, v in parts.items()}
        if step % 50 == 0:
            line = " ".join(f"{k}={v:.3f}" for k, v in running.items())
            print(f"step {step} epoch {epoch} t={elapsed:.0f}s lr={lr:.5f} {line}", flush=True)
            history.append({"step": step, "seconds": round(elapsed), **{k: round(v, 4) for k, v in running.items()}})
        if time.time() - last_save > 300:
            save(os.path.join(args.out, "last.pt"), ema, args.task, {"step": step})
            last_save = time.time()
    train_seconds = time.time() - start
    info = {
        "task": args.task, "classes": names, "input": size, "width": TASKS[args.task][2], "depth": TASKS[args.task][3],
        "parameters": params, "train_images": len(train), "test_images": len(test), "steps": step, "epochs": epoch,
        "batch": args.batch, "crop": args.crop, "zoom": args.zoom, "lr": args.lr, "resumed_from": args.resume, "train_seconds": round(train_seconds), "threads": args.threads, "seed": args.seed,
        "device": torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu",
        "workers": args.workers, "loss_history": history,
    }
    ema.model.cpu()
    save(os.path.join(args.out, "last.pt"), ema, args.task, {"step": step, "info": info})
    print(f"trained {step} steps ({epoch} epochs) in {train_seconds:.0f} s", flush=True)
    if not args.no_eval:
        write_metrics(args.out, info, ema.model, test, names, args.eval_limit)


if __name__ == "__main__":
    main()
