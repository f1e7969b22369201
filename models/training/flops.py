#!/usr/bin/python3
"""Parameters and FLOPs (2 x multiply-adds of the convolutions, batch 1) of the two models."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import TASKS, build  # noqa: E402


def flops(model, size):
    total = [0]

    def hook(m, i, o):
        if isinstance(m, torch.nn.Conv2d):
            macs = m.weight[0].numel() * o[0].numel()           # (Cin/groups * k * k) per output value
        else:
            macs = m.weight.shape[0] * o[0].numel()             # ConvTranspose with kernel = stride
        total[0] += 2 * macs

    hooks = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d))]
    model.eval()
    model.export = True
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    return total[0]


if __name__ == "__main__":
    torch.set_num_threads(1)
    for task in TASKS:
        model, names, size = build(task)
        model.eval().fuse()
        params = sum(p.numel() for p in model.parameters())
        print(f"{task}: input {size}x{size}, {params} parameters, {flops(model, size) / 1e9:.2f} GFLOPs")
