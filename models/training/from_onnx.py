#!/usr/bin/python3
"""Turns a shipped ONNX model back into a training checkpoint, so training can go on from it on a
machine that has the ONNX file but not the checkpoint it was exported from.

    from_onnx.py --task seg --onnx ../meter-seg.onnx --data DATA/seg --out runs/seg-start.pt

The export folded every batch norm into its convolution (export.py); this unfolds them. Each
convolution keeps the folded weights, and its batch norm gets statistics measured on the
training images (the mean and variance of the convolution's output there) with a scale and
shift that make it compute exactly what the folded convolution did. Evaluated, the checkpoint
is the ONNX model; in training, a batch's own statistics are close to the measured ones, so
training starts close to where the exported model ended. Checked and printed: the largest
difference between the checkpoint and the folded graph with the ONNX weights (the export
itself, in torch) on a batch of training images.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from data import YoloDataset  # noqa: E402
from train import TASKS, build  # noqa: E402
from yolo import Conv  # noqa: E402

BATCHES = 12
BATCH = 16


def folded(task, weights):
    """The export's own graph in torch: the model with its batch norms folded, holding the ONNX weights."""
    model = build(task)[0].eval().fuse()
    state = model.state_dict()
    for k in state:
        if k in weights:
            state[k] = weights[k]
    model.load_state_dict(state)
    return model.eval()


def unfolded(task, weights, images):
    """The trainable model computing what the folded one does, batch norms measured on `images`."""
    model = build(task)[0]
    state = model.state_dict()
    missing = [k for k in state if k not in weights and ".bn." not in k and k != "proj"]
    if missing:
        sys.exit(f"the ONNX file lacks {missing[:5]}...: not an export of this architecture")
    convs = {name: m for name, m in model.named_modules() if isinstance(m, Conv)}
    for k in state:
        if k in weights:
            state[k] = weights[k]   # the folded convolution weights, and the layers without a batch norm
    model.load_state_dict(state)
    # The batch norms first as an exact identity (mean 0, variance 1 - eps) plus the folded bias...
    for name, m in convs.items():
        m.bn.weight.data.fill_(1.0)
        m.bn.bias.data.copy_(weights[f"{name}.conv.bias"])
        m.bn.running_mean.zero_()
        m.bn.running_var.fill_(1.0 - m.bn.eps)
    # ...then with the statistics each convolution's output has on real images.
    sums = {name: [0.0, 0.0, 0] for name in convs}

    def hook(name):
        def record(_module, inputs, _output):
            y = inputs[0].detach().double()
            s = sums[name]
            s[0] = s[0] + y.sum((0, 2, 3))
            s[1] = s[1] + (y * y).sum((0, 2, 3))
            s[2] += y.shape[0] * y.shape[2] * y.shape[3]
        return record

    handles = [m.bn.register_forward_hook(hook(name)) for name, m in convs.items()]
    model.eval()
    with torch.no_grad():
        for x in images:
            model(x)
    for h in handles:
        h.remove()
    for name, m in convs.items():
        total, squares, n = sums[name]
        mean = total / n
        var = (squares / n - mean * mean).clamp(min=1e-6)
        bn = m.bn
        bn.running_mean.copy_(mean.float())
        bn.running_var.copy_(var.float())
        bn.weight.data.copy_(torch.sqrt(var + bn.eps).float())
        bn.bias.data.copy_((mean + weights[f"{name}.conv.bias"].double()).float())
    return model


def outputs(model, x):
    model.export = True
    with torch.no_grad():
        out = model(x)
    model.export = False
    return out if isinstance(out, tuple) else (out,)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", choices=TASKS, required=True)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--data", required=True, help="the dataset the batch norms' statistics come from")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    torch.set_num_threads(2)
    size = TASKS[args.task][1]
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(args.onnx).graph.initializer}
    data = YoloDataset(args.data, "train", size, args.task == "seg", augment=False)
    if len(data) == 0:
        sys.exit(f"no training images under {args.data}/images/train")
    order = np.random.default_rng(1).permutation(len(data))
    images = [data.batch(list(order[k * BATCH:(k + 1) * BATCH]))[0] for k in range(min(BATCHES, len(data) // BATCH))]
    reference = folded(args.task, weights)
    model = unfolded(args.task, weights, images)
    check = images[0]
    worst = max(float((a - b).abs().max()) for a, b in zip(outputs(reference, check), outputs(model.eval(), check)))
    print(f"evaluated: largest difference from the ONNX weights {worst:.2e}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({"task": args.task, "model": model.state_dict(), "info": {"from_onnx": os.path.basename(args.onnx)}},
               args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
