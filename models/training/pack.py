#!/usr/bin/python3
"""Packs the training split of a `sim dataset` export small enough to carry to a GPU machine.

    pack.py DATA OUT --chunk-mb 46

Scenes are scaled to the size the trainer scales them to anyway (long side 640 for detection,
320 for segmentation crops) and re-encoded as JPEG; labels are copied as they are. The result is
cut into chunks OUT/c1, OUT/c2, ... of at most CHUNK_MB each, every one a dataset in the same
layout (det/images/train, det/labels/train, seg/...), so a trainer can take them merged (train_gpu.sh takes them as tar files:
`tar -cf c1.tar -C OUT/c1 .`).
"""
import argparse
import glob
import os
import shutil

import cv2

SIZES = {"seg": 320, "det": 640}   # segmentation first: the first chunk holds some of both


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--chunk-mb", type=float, default=46)
    ap.add_argument("--quality", type=int, default=85)
    ap.add_argument("--split", default="train")
    ap.add_argument("--tasks", default="seg,det", help="which models' data to pack")
    args = ap.parse_args()
    chunk, used = 1, 0
    limit = args.chunk_mb * 1024 * 1024
    counts = {}
    for task, size in SIZES.items():
        if task not in args.tasks.split(","):
            continue
        for path in sorted(glob.glob(os.path.join(args.data, task, "images", args.split, "*.jpg"))):
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            h, w = img.shape[:2]
            r = size / max(h, w)
            if r < 1:
                img = cv2.resize(img, (round(w * r), round(h * r)), interpolation=cv2.INTER_AREA)
            ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, args.quality])
            label = path.replace(os.sep + "images" + os.sep, os.sep + "labels" + os.sep)[:-4] + ".txt"
            need = len(enc) + (os.path.getsize(label) if os.path.exists(label) else 0)
            if used + need > limit:
                chunk, used = chunk + 1, 0
            root = os.path.join(args.out, f"c{chunk}", task)
            for sub in ("images", "labels"):
                os.makedirs(os.path.join(root, sub, args.split), exist_ok=True)
            enc.tofile(os.path.join(root, "images", args.split, os.path.basename(path)))
            if os.path.exists(label):
                shutil.copy(label, os.path.join(root, "labels", args.split, os.path.basename(label)))
            used += need
            counts[(chunk, task)] = counts.get((chunk, task), 0) + 1
    for (c, task), n in sorted(counts.items()):
        print(f"c{c} {task}: {n} images")


if __name__ == "__main__":
    main()
