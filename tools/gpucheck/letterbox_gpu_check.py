#!/usr/bin/env python3
"""Runs the service's CUDA letterbox kernel (src/main/resources/cuda/letterbox.cu) on a GPU and
compares it with the Java pre-processor, without Java or the JVM on the GPU machine.

    java -cp target/classes tools/gpucheck/LetterboxReference.java REF      # here: cases + Java output
    python3 letterbox_gpu_check.py run REF/cases.txt OUT.npz                # GPU machine (CuPy)
    python3 letterbox_gpu_check.py compare REF OUT.npz                      # here: bit for bit

The GPU side regenerates each case's source bytes with java.util.Random's generator, compiles
the kernel with NVRTC and the options LetterboxKernel uses, launches it with the same block
shape, and saves its output; `compare` counts the floats that differ from Java's.
"""
import os
import struct
import sys

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KERNEL = os.path.join(REPO, "src", "main", "resources", "cuda", "letterbox.cu")
OPTIONS = ("--fmad=false", "--prec-div=true", "--std=c++11")   # LetterboxKernel.COMMON_OPTIONS
BLOCK = (32, 8, 1)                                              # LetterboxKernel.BLOCK_X, BLOCK_Y


def java_random_bytes(seed, n):
    """java.util.Random(seed).nextBytes(new byte[n])."""
    mask = (1 << 48) - 1
    state = (seed ^ 0x5DEECE66D) & mask
    out = bytearray(n)
    i = 0
    while i < n:
        state = (state * 0x5DEECE66D + 0xB) & mask
        r = state >> 16
        if r >= 1 << 31:
            r -= 1 << 32
        for _ in range(min(4, n - i)):
            out[i] = r & 0xFF
            r >>= 8
            i += 1
    return bytes(out)


def cases(path):
    for line in open(path):
        v = [int(x) for x in line.split()]
        seed, w, h, iw, ih, rw, rh, pl, pt = v[:9]
        sx, sy = (struct.unpack("<f", struct.pack("<i", b))[0] for b in v[9:11])
        yield seed, w, h, iw, ih, rw, rh, pl, pt, sx, sy


def run(cases_path, out_path):
    import cupy as cp
    src = open(KERNEL).read()
    kernel = cp.RawKernel(src, "letterbox_bgr_to_rgb_chw", options=OPTIONS, backend="nvrtc")
    results = {}
    for k, (seed, w, h, iw, ih, rw, rh, pl, pt, sx, sy) in enumerate(cases(cases_path)):
        bgr = cp.asarray(np.frombuffer(java_random_bytes(seed, w * h * 3), dtype=np.uint8))
        dst = cp.full(3 * iw * ih, np.nan, dtype=cp.float32)
        grid = ((iw + BLOCK[0] - 1) // BLOCK[0], (ih + BLOCK[1] - 1) // BLOCK[1], 1)
        kernel(grid, BLOCK, (bgr, np.int32(w), np.int32(h), dst, np.int32(iw), np.int32(ih), np.int32(rw),
                             np.int32(rh), np.int32(pl), np.int32(pt), np.float32(sx), np.float32(sy)))
        cp.cuda.Device().synchronize()
        results[f"case{k}"] = cp.asnumpy(dst)
        print(f"case{k}: {w}x{h} -> {iw}x{ih} ran on {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()}")
    np.savez_compressed(out_path, **results)


def compare(ref_dir, npz_path):
    got = np.load(npz_path)
    worst = 0
    for name in sorted(got.files):
        expected = np.fromfile(os.path.join(ref_dir, name + ".f32"), dtype="<f4")
        actual = got[name]
        differ = int(np.count_nonzero(expected.view(np.int32) != actual.view(np.int32)))
        diff = float(np.nanmax(np.abs(expected - actual))) if actual.size else 0.0
        print(f"{name}: {actual.size} floats, {differ} differ from Java bit for bit, max abs diff {diff:.3g}")
        worst = max(worst, differ)
    print(f"letterbox_cases={len(got.files)} floats_differing={worst}")
    return 0 if worst == 0 else 1


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
