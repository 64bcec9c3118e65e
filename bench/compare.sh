#!/usr/bin/env bash
# Java against PyTorch on this machine, in alternation so that drift in the machine's speed
# falls on all: each round runs `pixelcnn bench` in fp32 and in bf16 (--precision), the PyTorch
# reference as Debian ships it (default malloc) in fp32 and under its own bf16 autocast, and the
# PyTorch reference with the Java launcher's malloc settings and channels-last evaluation.
# Sampling is not compared (bench --no-sampling): its figures come from `pixelcnn bench` alone.
# Prints the medians over rounds and the ratios. Extra arguments go to every run.
#
#   bench/compare.sh [ROUNDS] [OUT_DIR] [--config reference|small]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
out="${2:-$here/target/compare}"
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$out"
tunables="glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184:glibc.malloc.hugetlb=1"
for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  "$here/pixelcnn" bench "$@" --no-sampling --precision fp32 --json "$out/java-$r.json" >/dev/null
  "$here/pixelcnn" bench "$@" --no-sampling --precision bf16 --json "$out/java-bf16-$r.json" >/dev/null
  env -u GLIBC_TUNABLES /usr/bin/python3 "$here/bench/pytorch_reference.py" "$@" > "$out/torch-$r.json"
  env -u GLIBC_TUNABLES /usr/bin/python3 "$here/bench/pytorch_reference.py" "$@" --autocast bf16 \
    > "$out/torch-autocast-$r.json"
  GLIBC_TUNABLES="$tunables" /usr/bin/python3 "$here/bench/pytorch_reference.py" "$@" --channels-last-eval \
    > "$out/torch-tuned-$r.json"
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(name):
    return [json.load(open(f"{out}/{name}-{r}.json")) for r in range(1, rounds + 1)]
names = ("java", "java-bf16", "torch", "torch-autocast", "torch-tuned")
runs = {k: load(k) for k in names}
metrics = ("train_images_per_s", "eval_images_per_s")
med = {k: {m: statistics.median(x[m] for x in v) for m in metrics} for k, v in runs.items()}
result = {"rounds": rounds, "cpu": runs["java"][0]["machine"]["cpu"],
    "cpu_has_bf16": runs["java"][0]["machine"]["cpu_has_bf16"], "median": med, "ratio": {
    f"{j}/{k}": {m: med[j][m] / med[k][m] for m in metrics}
    for j in ("java", "java-bf16") for k in ("torch", "torch-autocast", "torch-tuned")},
    "per_round_train": {k: [x["train_images_per_s"] for x in v] for k, v in runs.items()},
    "per_round_eval": {k: [x["eval_images_per_s"] for x in v] for k, v in runs.items()}}
print(json.dumps(result, indent=2))
PY
