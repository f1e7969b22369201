#!/usr/bin/python3
"""Writes an 8-bit copy of an exported model for the CPU: its convolutions quantized in the
QDQ form that ONNX Runtime fuses into integer convolutions (QLinearConv), the rest in float.

    quantize.py --onnx ../meter-seg.onnx --images DATA/seg/images/train --out ../meter-seg-int8.onnx

- Weights: 8-bit signed, one scale per output channel (symmetric); biases 32-bit at the scale
  of input times weight, as QLinearConv takes them. With `--weight-bits 7` the weights use only
  -63..63: a CPU without 8-bit dot products (VNNI) multiplies unsigned by signed bytes with an
  instruction (VPMADDUBSW) that adds two products into a saturating 16-bit sum, which
  255 * 127 * 2 overflows and 255 * 63 * 2 does not. The copy's metadata `weight_bits` says
  which. An experiment (MODEL_CARD.md): the service runs any copy only on a CPU with VNNI.
- Activations: 8-bit unsigned, one scale and zero point per tensor, from the smallest and
  largest value the float model computes on the calibration images (letterboxed exactly as the
  service letterboxes: long side to the input size, grey 114, RGB 0..1).
- The convolutions whose output leaves the network (the head's last layers: boxes, class
  scores, mask coefficients, prototypes) stay in float, so what the Java post-processing reads
  is not rounded to 256 steps.

The float model is evaluated here with torch (a small interpreter for the operators our
exports use), as no ONNX Runtime for Python can be installed on the development machine.
Printed: each output's largest and mean difference between the float and the 8-bit graph, the
latter also evaluated here with the quantization simulated.
"""
import argparse
import hashlib
import glob
import os

import cv2
import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

# The metadata key naming the SHA-256 of the float model an 8-bit copy was made from; the
# service runs a copy only beside the very model it was made from.
QUANTIZED_FROM = "quantized_from"
# The metadata key saying how many bits of each weight byte the copy uses (8, or 7 for CPUs
# without VNNI).
WEIGHT_BITS = "weight_bits"


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def evaluate(graph, feeds, watch=None):
    """Runs an ONNX graph on torch tensors; `watch(name, tensor)` sees every computed tensor."""
    env = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    env.update(feeds)
    for node in graph.node:
        a = attrs(node)
        x = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "Conv":
            p = a.get("pads", [0, 0, 0, 0])
            if p[0] != p[2] or p[1] != p[3]:
                raise ValueError(f"{node.name}: asymmetric padding")
            y = F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, a.get("strides", [1, 1]), p[:2],
                         a.get("dilations", [1, 1]), a.get("group", 1))
        elif op == "ConvTranspose":
            y = F.conv_transpose2d(x[0], x[1], x[2] if len(x) > 2 else None, a.get("strides", [1, 1]),
                                   a.get("pads", [0, 0, 0, 0])[:2], 0, a.get("group", 1), a.get("dilations", [1, 1]))
        elif op == "Sigmoid":
            y = torch.sigmoid(x[0])
        elif op in ("Mul", "Add", "Sub"):
            y = {"Mul": torch.mul, "Add": torch.add, "Sub": torch.sub}[op](x[0], x[1])
        elif op == "Div":
            integer = not x[0].is_floating_point()
            y = torch.div(x[0], x[1], rounding_mode="trunc" if integer else None)
        elif op == "Concat":
            y = torch.cat(x, dim=a["axis"])
        elif op == "Shape":
            y = torch.tensor(list(x[0].shape), dtype=torch.int64)
        elif op == "Gather":
            y = torch.index_select(x[0], a.get("axis", 0), x[1].reshape(-1).long()).reshape(
                list(x[0].shape[:a.get("axis", 0)]) + list(x[1].shape) + list(x[0].shape[a.get("axis", 0) + 1:]))
        elif op == "Slice":
            starts, ends = x[1].tolist(), x[2].tolist()
            axes = x[3].tolist() if len(x) > 3 and x[3] is not None else list(range(len(starts)))
            steps = x[4].tolist() if len(x) > 4 and x[4] is not None else [1] * len(starts)
            index = [slice(None)] * x[0].dim()
            for s, e, ax, st in zip(starts, ends, axes, steps):
                n = x[0].shape[ax]
                index[ax] = slice(max(-n, min(s, n)), max(-n - 1, min(e, n)), st)
            y = x[0][tuple(index)]
        elif op == "Reshape":
            shape = [d if d != 0 else x[0].shape[k] for k, d in enumerate(x[1].tolist())]
            y = x[0].reshape(shape)
        elif op == "Unsqueeze":
            y = x[0]
            for ax in sorted(x[1].tolist()):
                y = y.unsqueeze(ax)
        elif op == "MaxPool":
            y = F.max_pool2d(x[0], a["kernel_shape"], a.get("strides", [1, 1]), a.get("pads", [0, 0, 0, 0])[:2])
        elif op == "Resize":
            if a.get("mode", b"nearest") != b"nearest":
                raise ValueError(f"{node.name}: only nearest resizing")
            scales = x[2].tolist()
            y = F.interpolate(x[0], scale_factor=scales[2:], mode="nearest")
        elif op == "Softmax":
            y = torch.softmax(x[0], dim=a.get("axis", -1))
        elif op == "ReduceSum":
            y = torch.sum(x[0], dim=x[1].tolist(), keepdim=bool(a.get("keepdims", 1)))
        elif op == "Transpose":
            y = x[0].permute(a["perm"])
        elif op == "QuantizeLinear":
            y = torch.clamp(torch.round(x[0] / x[1]) + x[2].float(), 0, 255)
        elif op == "DequantizeLinear":
            scale = x[1] if x[1].dim() == 0 else x[1].reshape([-1] + [1] * (x[0].dim() - 1))
            zero = x[2].float() if x[2].dim() == 0 else x[2].float().reshape([-1] + [1] * (x[0].dim() - 1))
            y = (x[0].float() - zero) * scale
        else:
            raise ValueError(f"{node.name}: operator {op} not handled")
        env[node.output[0]] = y
        if watch:
            watch(node.output[0], y)
    return [env[o.name] for o in graph.output]


def letterbox(bgr, size):
    h, w = bgr.shape[:2]
    r = size / max(h, w)
    nw, nh = max(1, round(w * r)), max(1, round(h * r))
    img = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_LINEAR)
    canvas = np.full((size, size, 3), 114, np.uint8)
    top, left = (size - nh) // 2, (size - nw) // 2
    canvas[top:top + nh, left:left + nw] = img
    return torch.from_numpy(canvas[:, :, ::-1].transpose(2, 0, 1).astype(np.float32) / 255.0)


def quantized_convs(graph):
    """The convolutions to quantize: every one whose output goes on through an activation (a
    SiLU here); the head's last layers, whose outputs the post-processing reads, stay float."""
    consumers = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    return [n for n in graph.node if n.op_type == "Conv"
            and any(c.op_type == "Sigmoid" for c in consumers.get(n.output[0], []))]


def silu_tensors(graph, convs):
    """The SiLU after each quantized convolution: its Sigmoid's output and its product."""
    outs = {c.output[0] for c in convs}
    return [n.output[0] for n in graph.node if n.op_type in ("Sigmoid", "Mul") and n.input[0] in outs]


def activation_params(lo, hi):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max(hi - lo, 1e-8) / 255.0
    zero = int(np.clip(round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zero)


def quantize(model, ranges, weight_bits=8):
    """The model with a quantize-dequantize pair on every tensor in `ranges` (read by all its
    consumers) and each quantized convolution's weights and bias stored as integers."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    pairs, new_inits, act = {}, [], {}

    def activation(name):
        if name not in act:
            scale, zero = activation_params(*ranges[name])
            s, z, q, dq = name + "_scale", name + "_zero", name + "_q", name + "_dq"
            new_inits.extend([numpy_helper.from_array(np.array(scale), s), numpy_helper.from_array(np.array(zero), z)])
            pairs[name] = [helper.make_node("QuantizeLinear", [name, s, z], [q], name=q),
                           helper.make_node("DequantizeLinear", [q, s, z], [dq], name=dq)]
            act[name] = (dq, scale)
        return act[name]

    def integer(name, values, scale, dtype):
        new_inits.extend([numpy_helper.from_array(values.astype(dtype), name + "_q"),
                          numpy_helper.from_array(scale.astype(np.float32), name + "_scale"),
                          numpy_helper.from_array(np.zeros(len(scale), dtype), name + "_zero")])
        return helper.make_node("DequantizeLinear", [name + "_q", name + "_scale", name + "_zero"], [name + "_dq"],
                                axis=0, name=name + "_dq")

    for name in ranges:
        activation(name)
    before = {}
    for conv in quantized_convs(graph):
        _, x_scale = activation(conv.input[0])
        w = numpy_helper.to_array(inits[conv.input[1]]).astype(np.float32)
        w_max = 2 ** (weight_bits - 1) - 1
        w_scale = np.maximum(np.abs(w).reshape(w.shape[0], -1).max(axis=1), 1e-12) / w_max
        w_q = np.clip(np.round(w / w_scale.reshape(-1, 1, 1, 1)), -w_max, w_max)
        nodes = [integer(conv.input[1], w_q, w_scale, np.int8)]
        if len(conv.input) > 2 and conv.input[2]:
            b = numpy_helper.to_array(inits[conv.input[2]]).astype(np.float64)
            b_scale = (x_scale * w_scale).astype(np.float64)
            nodes.append(integer(conv.input[2], np.round(b / b_scale), b_scale, np.int32))
        for k, node in enumerate(nodes):
            conv.input[k + 1] = node.output[0]
        before[conv.name] = nodes

    # In order: a tensor's pair right after the node that computes it (first for the graph's
    # input), a convolution's weight nodes right before it; every consumer but the Q node reads
    # the dequantized tensor.
    ordered = [n for i in graph.input for n in pairs.get(i.name, [])]
    for node in graph.node:
        ordered += before.get(node.name, []) + [node] + [n for o in node.output for n in pairs.get(o, [])]
    for node in ordered:
        if node.op_type != "QuantizeLinear":
            for k, i in enumerate(node.input):
                if i in act:
                    node.input[k] = act[i][0]
    del graph.node[:]
    graph.node.extend(ordered)
    graph.initializer.extend(new_inits)
    used = {i for n in graph.node for i in n.input}
    keep = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    return model


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--onnx", required=True, help="the float model")
    ap.add_argument("--images", required=True,
                    help="a folder of calibration images (dial crops for the segmenter, scenes for the detector)")
    ap.add_argument("--count", type=int, default=200, help="calibration images, evenly spaced in the folder")
    ap.add_argument("--weight-bits", type=int, choices=(7, 8), default=8,
                    help="7: weights in -63..63, safe on CPUs without VNNI (see above)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    model = onnx.load(args.onnx)
    size = model.graph.input[0].type.tensor_type.shape.dim[2].dim_value
    paths = sorted(glob.glob(os.path.join(args.images, "*.jpg")) + glob.glob(os.path.join(args.images, "*.png")))
    if not paths:
        raise SystemExit(f"no images in {args.images}")
    paths = paths[::max(1, len(paths) // args.count)][:args.count]
    images = [letterbox(cv2.imread(p, cv2.IMREAD_COLOR), size) for p in paths]

    convs = quantized_convs(model.graph)
    wanted = {c.input[0] for c in convs} | {c.output[0] for c in convs} | set(silu_tensors(model.graph, convs))
    ranges = {}

    def watch(name, t):
        if name in wanted:
            lo, hi = float(t.min()), float(t.max())
            old = ranges.get(name, (lo, hi))
            ranges[name] = (min(lo, old[0]), max(hi, old[1]))

    batches = [torch.stack(images[k:k + 16]) for k in range(0, len(images), 16)]
    input_name = model.graph.input[0].name
    with torch.no_grad():
        float_out = []
        for batch in batches:
            watch(input_name, batch)
            float_out.append(evaluate(model.graph, {input_name: batch}, watch))
    print(f"calibrated on {len(images)} images; {len(convs)} of "
          f"{sum(n.op_type == 'Conv' for n in model.graph.node)} convolutions quantized")

    q = quantize(onnx.load(args.onnx), ranges, args.weight_bits)
    q.metadata_props.add(key=QUANTIZED_FROM, value=sha256(args.onnx))
    q.metadata_props.add(key=WEIGHT_BITS, value=str(args.weight_bits))
    q.metadata_props.add(key="quantization", value=f"QDQ: activations uint8 per tensor, weights int8 per channel "
                                                   f"({args.weight_bits} bits used); "
                                                   f"calibrated on {len(images)} images of {os.path.basename(os.path.normpath(args.images))}")
    onnx.checker.check_model(q)
    with torch.no_grad():
        diffs = [[] for _ in q.graph.output]
        for batch, fo in zip(batches, float_out):
            for k, (a, b) in enumerate(zip(fo, evaluate(q.graph, {input_name: batch}))):
                diffs[k].append((a - b).abs().flatten())
    for o, d in zip(q.graph.output, diffs):
        d = torch.cat(d)
        print(f"  {o.name}: |8-bit - float| mean {float(d.mean()):.4f}, p99 {float(torch.quantile(d[::max(1, len(d) // 1000000)], 0.99)):.4f}")
    onnx.save(q, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()
