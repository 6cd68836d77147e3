#!/usr/bin/env bash
# Peak memory of parse + diff on the two 50k-leaf documents of the core
# bench, as a multiple of the input size (goal: at most 3x). Each mode runs
# in its own process under /usr/bin/time; the baseline (the bench binary
# doing nothing) is subtracted.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cargo bench -p preflight-core --bench diff --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || { echo "bench binary not found"; exit 1; }
dir=target/bench/memory
mkdir -p "$dir"
PREFLIGHT_MEM="write:$dir" "$bin" >/dev/null
peak() { /usr/bin/time -f %M env PREFLIGHT_MEM="$1:$dir" "$bin" 2>&1 >/dev/null | tail -n 1; }
input=$(( $(stat -c %s "$dir/a.json") + $(stat -c %s "$dir/b.json") ))
base=$(peak none)
printf 'input: %d bytes (two documents)\n' "$input"
for mode in parse diff parse-drop diff-drop; do
  kb=$(( $(peak "$mode") - base ))
  awk -v kb="$kb" -v input="$input" -v m="$mode" \
    'BEGIN { printf "%-10s peak %7.1f MB above baseline = %.2fx the input\n", m, kb/1024, kb*1024/input }'
done | tee "$dir/figures.txt"
