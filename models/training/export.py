#!/usr/bin/python3
"""Exports a trained checkpoint to ONNX in the Ultralytics layout, and leaves the data to check it.

    export.py --task det --checkpoint runs/det/last.pt --out ../meter-det.onnx --check-image IMG

The batch norms are folded into the convolutions; the graph is opset 17 with a dynamic batch and
fixed height and width: input `images [B,3,H,W]` (RGB, 0..1), detection `output0 [B,4+nc,N]`,
segmentation `output0 [B,4+nc+32,N]` and `output1 [B,32,H/4,W/4]`.

Checks, both printed as the maximum absolute difference:
  1. the folded export-mode model against the unfolded one, on the letterboxed check image;
  2. for ONNX Runtime (run by the Java test ShippedModelsTest): the check image (PNG) and an
     evenly spaced sample of torch's outputs on it go to check/ beside the exported model
     (models/check/ for a model exported into models/ to ship; a candidate exported elsewhere
     leaves the shipped models' check files alone), or to --check-dir.
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "testmodels"))
from build_test_models import letterbox  # noqa: E402  (the Java preprocessor's exact sampling)
from data import MASK_OFFSET  # noqa: E402
from train import TASKS, build  # noqa: E402

SAMPLES = 2000


def strip_and_fix(path, outputs):
    """Drops per-node doc strings and writes the outputs' fixed dimensions (all but the batch)
    into the graph, as Ultralytics exports have them."""
    m = onnx.load(path)
    for node in m.graph.node:
        node.doc_string = ""
    m.doc_string = ""
    for out, value in zip(m.graph.output, outputs):
        for i, dim in enumerate(out.type.tensor_type.shape.dim):
            if i > 0:
                dim.Clear()
                dim.dim_value = value.shape[i]
    m.producer_name = "meter-reader models/training"
    onnx.checker.check_model(m)
    onnx.save(m, path)


def sample(t):
    flat = t.reshape(-1)
    step = max(1, flat.numel() // SAMPLES)
    return step, [round(float(v), 6) for v in flat[::step]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", choices=TASKS, required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--check-image", required=True, help="a held-out image to check the export with")
    ap.add_argument("--check-dir", help="where the check files go (default: check/ beside --out)")
    args = ap.parse_args()
    if args.check_dir is None:
        args.check_dir = os.path.join(os.path.dirname(os.path.abspath(args.out)), "check")

    torch.set_num_threads(1)
    model, names, size = build(args.task)
    state = torch.load(args.checkpoint, map_location="cpu")
    model.load_state_dict(state["model"])
    model.eval()
    model.export = True

    bgr = cv2.imread(args.check_image, cv2.IMREAD_COLOR)
    if bgr is None:
        sys.exit(f"cannot read {args.check_image}")
    if max(bgr.shape[:2]) > 480:   # keeps the PNG in git small; any image checks the export
        r = 480 / max(bgr.shape[:2])
        bgr = cv2.resize(bgr, (round(bgr.shape[1] * r), round(bgr.shape[0] * r)), interpolation=cv2.INTER_AREA)
    x = torch.from_numpy(letterbox(bgr, size, size)[0]).unsqueeze(0)
    with torch.no_grad():
        reference = model(x)
        model.fuse()
        fused = model(x)
    reference = reference if isinstance(reference, tuple) else (reference,)
    fused = fused if isinstance(fused, tuple) else (fused,)
    fold_diff = max(float((a - b).abs().max()) for a, b in zip(reference, fused))
    print(f"{args.task}: batch-norm folding changes the outputs by at most {fold_diff:.2e}")

    names_out = ["output0", "output1"] if args.task == "seg" else ["output0"]
    axes = {"images": {0: "batch"}, **{o: {0: "batch"} for o in names_out}}
    example = torch.zeros(1, 3, size, size)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.onnx.export(model, example, args.out, input_names=["images"], output_names=names_out, dynamic_axes=axes,
                      opset_version=17, do_constant_folding=True)
    strip_and_fix(args.out, fused)
    m = onnx.load(args.out)
    m.metadata_props.add(key="names", value=str({i: n for i, n in enumerate(names)}))
    m.metadata_props.add(key="imgsz", value=f"[{size}, {size}]")
    m.metadata_props.add(key="task", value="segment" if args.task == "seg" else "detect")
    if args.task == "seg":
        # where its masks sit against the truth (prototype cells), for readers that measure
        # masks against marks on the image (the service's scale-marks reader)
        m.metadata_props.add(key="mask_offset", value=str(MASK_OFFSET))
    onnx.save(m, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")

    os.makedirs(args.check_dir, exist_ok=True)
    image_name = f"{args.task}.png"
    cv2.imwrite(os.path.join(args.check_dir, image_name), bgr)
    check = {"model": os.path.basename(args.out), "image": image_name, "input": size, "fold_max_abs_diff": fold_diff}
    for name, t in zip(names_out, fused):
        step, values = sample(t[0])
        check[name] = {"shape": list(t.shape), "step": step, "values": values}
    with open(os.path.join(args.check_dir, f"{args.task}.json"), "w") as fh:
        json.dump(check, fh)
    print(f"wrote {args.check_dir}/{args.task}.json")


if __name__ == "__main__":
    main()
