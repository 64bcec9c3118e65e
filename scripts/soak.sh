#!/usr/bin/env bash
# Soak test (not run in CI): trains for a while on a generated MNIST-size dataset and prints the
# process's resident memory every minute, to show native memory stays flat over a long run.
#   scripts/soak.sh [MINUTES=30] [RUN_DIR=/tmp/pixelcnn-soak]
# Extra training flags can be given in SOAK_FLAGS (default: a small gated model).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-30}"
run="${2:-/tmp/pixelcnn-soak}"
flags="${SOAK_FLAGS:---layers 5 --channels 32 --head 64 --batch 32 --eval-limit 256}"
data="$run-data"
mkdir -p "$data"
# 2,048 random 28x28 train images and 256 test images, IDX format, labels 0..9.
python3 - "$data" <<'PY'
import gzip, os, random, struct, sys
d = sys.argv[1]
random.seed(0)
for prefix, n in (("train", 2048), ("t10k", 256)):
    with gzip.open(os.path.join(d, prefix + "-images-idx3-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, 28, 28) + os.urandom(n * 784))
    with open(os.path.join(d, prefix + "-labels-idx1-ubyte"), "wb") as f:
        f.write(struct.pack(">II", 0x801, n) + bytes(random.randrange(10) for _ in range(n)))
PY
# shellcheck disable=SC2086
"$here/pixelcnn" train --dataset "mnist:$data" $flags --minutes "$minutes" --out "$run" \
  > "$run.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
echo "minute,rss_mb,pid=$pid,log=$run.log"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss_kb=$(ps -o rss= -p "$pid" || true)
  [ -n "$rss_kb" ] && echo "$(( ($(date +%s) - start) / 60 )),$(( rss_kb / 1024 ))"
  sleep 60
done
wait "$pid"
echo "finished; last lines of $run.log:"
tail -n 3 "$run.log" | tr '\r' '\n' | tail -n 3
