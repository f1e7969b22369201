#!/usr/bin/env bash
# Trains both models side by side on one GPU from datasets packed by pack.py (chunks c1.tar,
# c2.tar, ... under CHUNKS, merged here), and leaves the EMA checkpoints and logs in OUT:
#
#   models/training/train_gpu.sh CHUNKS SECONDS OUT
#
# then, on any machine: export.py --checkpoint OUT/det.pt ..., and train.py --evaluate for the
# test-split figures. What made the shipped models: see MODEL_CARD.md.
set -u
CHUNKS=$1
SECONDS_BUDGET=$2
OUT=$3
HERE=$(dirname "$0")
PY=${PY:-python3}
DATA=${DATA:-/tmp/meter-data}
RUNS=${RUNS:-/tmp/meter-runs}
DET_WORKERS=${DET_WORKERS:-9}
SEG_WORKERS=${SEG_WORKERS:-5}
mkdir -p "$DATA" "$RUNS/det" "$RUNS/seg" "$OUT"
for c in "$CHUNKS"/c*.tar; do tar -xf "$c" -C "$DATA"; done
echo "det train images: $(ls "$DATA/det/images/train" | wc -l), seg: $(ls "$DATA/seg/images/train" | wc -l)"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
df -h /dev/shm | tail -1
export PYTHONUNBUFFERED=1
$PY "$HERE/train.py" --task det --data "$DATA/det" --out "$RUNS/det" --seconds "$SECONDS_BUDGET" --batch 32 \
    --crop 480 --device cuda --workers "$DET_WORKERS" --no-eval > "$OUT/det.log" 2>&1 &
DET=$!
$PY "$HERE/train.py" --task seg --data "$DATA/seg" --out "$RUNS/seg" --seconds "$SECONDS_BUDGET" --batch 64 \
    --device cuda --workers "$SEG_WORKERS" --no-eval > "$OUT/seg.log" 2>&1 &
SEG=$!
wait $DET; echo "det exit $?"
wait $SEG; echo "seg exit $?"
cp "$RUNS/det/last.pt" "$OUT/det.pt"
cp "$RUNS/seg/last.pt" "$OUT/seg.pt"
tail -n 3 "$OUT/det.log" "$OUT/seg.log"
