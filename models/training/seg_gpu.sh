#!/usr/bin/env bash
# Fine-tunes the segmenter on one GPU from a checkpoint (from_onnx.py turns the shipped ONNX file
# into one), two schedules side by side, and leaves each one's EMA checkpoint and log in OUT:
#
#   models/training/seg_gpu.sh CHUNKS SECONDS START.pt OUT
#
# CHUNKS holds tar files of segmentation crops in the sim dataset layout (seg/images/train,
# seg/labels/train; compressed or not). At this model's size a training step leaves the GPU idle
# most of the time, so two runs share it at little cost to either: schedule A (lr 0.001, batch
# 64) and B (lr 0.002, batch 128). Which one ships is chosen afterwards, on any machine, by
# reading exports through the service (`eval`), not by the training loss.
set -u
CHUNKS=$1
SECONDS_BUDGET=$2
START=$3
OUT=$4
HERE=$(dirname "$0")
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
WORKERS=${WORKERS:-7}
DATA=${DATA:-/tmp/meter-seg-data}
mkdir -p "$DATA" "$OUT/segA" "$OUT/segB"
for c in "$CHUNKS"/*.tar*; do tar -xf "$c" -C "$DATA"; done
echo "seg train crops: $(ls "$DATA/seg/images/train" | wc -l), labels: $(ls "$DATA/seg/labels/train" | wc -l)"
export PYTHONUNBUFFERED=1
$PY "$HERE/train.py" --task seg --data "$DATA/seg" --out "$OUT/segA" --seconds "$SECONDS_BUDGET" --batch 64 \
    --lr 0.001 --seed 11 --resume "$START" --device "$DEVICE" --workers "$WORKERS" --no-eval > "$OUT/segA.log" 2>&1 &
A=$!
$PY "$HERE/train.py" --task seg --data "$DATA/seg" --out "$OUT/segB" --seconds "$SECONDS_BUDGET" --batch 128 \
    --lr 0.002 --seed 12 --resume "$START" --device "$DEVICE" --workers "$WORKERS" --no-eval > "$OUT/segB.log" 2>&1 &
B=$!
wait $A; echo "A exit $?"
wait $B; echo "B exit $?"
tail -n 2 "$OUT/segA.log" "$OUT/segB.log"
