#!/usr/bin/env bash
# Regenerates models/meter-det.onnx, models/meter-seg.onnx and their check data from nothing, on
# the CPU: installs Debian's Python packages when missing, renders the synthetic datasets with the
# sim CLI, trains both models side by side (one core each), exports and checks them. The shipped
# files came from a GPU instead (train_gpu.sh; MODEL_CARD.md): 192 and 22 epochs against 4 and 3.
#
#   models/training/train.sh                 # about 82 minutes on 2 cores (the models of 2026-11-25)
#   SECONDS_BUDGET=600 models/training/train.sh   # a quick run, for trying changes
#
# Environment: IMAGES (scenes to render, default 4000), SEED (default 1), SECONDS_BUDGET (training
# seconds per model, default 4500), STAGE2_SECONDS (a second schedule from the first one's
# weights at lr 0.0006; default 0, none: 2100 s of it, tried, read worse, see MODEL_CARD.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=models/training
IMAGES=${IMAGES:-4000}
SEED=${SEED:-1}
SECONDS_BUDGET=${SECONDS_BUDGET:-4500}
STAGE2_SECONDS=${STAGE2_SECONDS:-0}
PY=/usr/bin/python3

missing=()
for pkg in python3-torch python3-torchvision python3-onnx python3-opencv python3-numpy; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

JAR=target/meter-reader.jar
if [ ! -f "$JAR" ]; then
    mvn -B -q package -DskipTests
fi

echo "rendering $IMAGES scenes (seed $SEED)"
java -jar "$JAR" sim dataset --out "$HERE/data" --images "$IMAGES" --seed "$SEED"

mkdir -p "$HERE/runs/det" "$HERE/runs/seg"
echo "training for $SECONDS_BUDGET s each; logs in $HERE/runs/{det,seg}/train.log"
$PY "$HERE/train.py" --task det --data "$HERE/data/det" --out "$HERE/runs/det" --seconds "$SECONDS_BUDGET" \
    --batch 8 --crop 480 --seed "$SEED" > "$HERE/runs/det/train.log" 2>&1 &
DET=$!
$PY "$HERE/train.py" --task seg --data "$HERE/data/seg" --out "$HERE/runs/seg" --seconds "$SECONDS_BUDGET" \
    --batch 8 --seed "$SEED" > "$HERE/runs/seg/train.log" 2>&1 &
SEG=$!
wait $DET
wait $SEG

if [ "$STAGE2_SECONDS" -gt 0 ]; then
    # A second, shorter schedule from the first one's weights at a lower learning rate.
    echo "stage 2: $STAGE2_SECONDS s each; logs in $HERE/runs/{det2,seg2}/train.log"
    mkdir -p "$HERE/runs/det2" "$HERE/runs/seg2"
    $PY "$HERE/train.py" --task det --data "$HERE/data/det" --out "$HERE/runs/det2" --seconds "$STAGE2_SECONDS" \
        --batch 8 --crop 480 --seed $((SEED + 1)) --lr 0.0006 --resume "$HERE/runs/det/last.pt" > "$HERE/runs/det2/train.log" 2>&1 &
    DET=$!
    $PY "$HERE/train.py" --task seg --data "$HERE/data/seg" --out "$HERE/runs/seg2" --seconds "$STAGE2_SECONDS" \
        --batch 8 --seed $((SEED + 1)) --lr 0.0006 --resume "$HERE/runs/seg/last.pt" > "$HERE/runs/seg2/train.log" 2>&1 &
    SEG=$!
    wait $DET
    wait $SEG
    FINAL=(det2 seg2)
else
    FINAL=(det seg)
fi

DET_IMAGE=$(ls "$HERE/data/det/images/test" | head -1)
SEG_IMAGE=$(ls "$HERE/data/seg/images/test" | head -1)
$PY "$HERE/export.py" --task det --checkpoint "$HERE/runs/${FINAL[0]}/last.pt" --out models/meter-det.onnx \
    --check-image "$HERE/data/det/images/test/$DET_IMAGE" 2>&1 | grep -v Warning
$PY "$HERE/export.py" --task seg --checkpoint "$HERE/runs/${FINAL[1]}/last.pt" --out models/meter-seg.onnx \
    --check-image "$HERE/data/seg/images/test/$SEG_IMAGE" 2>&1 | grep -v Warning
mkdir -p "$HERE/metrics"
for i in 0 1; do
    t=$([ $i -eq 0 ] && echo det || echo seg)
    $PY - "$HERE/runs/${FINAL[$i]}/metrics.json" "$HERE/metrics/$t.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m.pop("loss_history", None)
json.dump(m, open(sys.argv[2], "w"), indent=1)
EOF
done
echo "done: models/meter-det.onnx models/meter-seg.onnx; metrics in $HERE/metrics; run"
echo "  mvn -B test -Dtest=ShippedModelsTest    # ONNX Runtime against PyTorch"
