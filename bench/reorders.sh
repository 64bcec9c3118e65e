#!/usr/bin/env bash
# oneDNN's own account of a training step: runs STEPS training steps of the reference architecture R
# (15 gated layers, 64 channels, head 512, unconditional) on Fashion-MNIST with ONEDNN_VERBOSE=1 and
# prints, per step, how many primitives of each kind ran and how long they took, reorders by layout
# (abcd = NCHW, acdb = NHWC, the rest oneDNN's blocked weight layouts).
#
#   bench/reorders.sh [STEPS] [PRECISION] [PIXELCNN]    e.g. bench/reorders.sh 4 bf16
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-4}"
precision="${2:-bf16}"
launcher="${3:-$here/pixelcnn}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ONEDNN_VERBOSE=1 "$launcher" train --dataset fashion-mnist --conditional none --layers 15 --channels 64 --head 512 \
  --batch 32 --steps "$steps" --precision "$precision" --seed 1 --overwrite --out "$out/run" > "$out/verbose.txt" 2>/dev/null
/usr/bin/python3 - "$out/verbose.txt" "$steps" "$precision" <<'PY'
import collections, sys
path, steps, precision = sys.argv[1], int(sys.argv[2]), sys.argv[3]
count, ms = collections.Counter(), collections.Counter()
for line in open(path):
    f = line.strip().split(",")
    if len(f) < 10 or f[0] != "onednn_verbose" or f[3] != "exec":
        continue
    kind = f[5]
    if kind == "reorder":
        src, dst = (d.split(":") for d in f[8].split()[:2])
        key = f"reorder {src[1]}:{src[4]} -> {dst[1]}:{dst[4]}"
    else:
        key = f"{kind} {f[7]}"
    count[key] += 1
    ms[key] += float(f[-1])
reorders = sum(v for k, v in count.items() if k.startswith("reorder"))
print(f"precision {precision}: per training step, averaged over {steps} steps (the first includes oneDNN's set-up)")
print(f"  reorders {reorders / steps:.1f} per step, {sum(v for k, v in ms.items() if k.startswith('reorder')) / steps / 1000:.3f} s;"
      f" convolutions {sum(v for k, v in count.items() if k.startswith('convolution')) / steps:.1f} per step,"
      f" {sum(v for k, v in ms.items() if k.startswith('convolution')) / steps / 1000:.3f} s")
for key in sorted(ms, key=lambda k: -ms[k]):
    print(f"  {count[key] / steps:7.1f} x {ms[key] / steps / 1000:7.3f} s  {key}")
PY
