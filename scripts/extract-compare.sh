#!/bin/bash
# Runs `quotebot extract` over every comparison input and keeps stdout, stderr and exit code per input, so two builds
# can be compared byte for byte (e.g. before/after a speed change):
#   scripts/extract-compare.sh OUTDIR_A "dotnet /tmp/a/quotebot.dll" [EXTRA_INPUT...]
#   scripts/extract-compare.sh OUTDIR_B /tmp/aot/quotebot [EXTRA_INPUT...]
#   diff -r OUTDIR_A OUTDIR_B && echo identical
# Inputs: every .txt under tests/QuoteBot.Extraction.Tests/{Labelled,HeldOut*} alone (--json), all of those folders
# in one run, the bench's generated long and dense articles (--save) and EXTRA_INPUT files or folders (--json and text).
# Give the command and the extra inputs as absolute paths (the generated articles are read from their own folder).
set -u
if [ $# -lt 2 ]; then echo "usage: $0 OUTDIR QUOTEBOT_COMMAND [EXTRA_INPUT...]" >&2; exit 2; fi
OUT=$1; BIN=$2; shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$ROOT/tests/QuoteBot.Extraction.Tests
rm -rf "$OUT"; mkdir -p "$OUT/gen"; OUT=$(cd "$OUT" && pwd)
run() { local name=$1; shift; $BIN extract "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.rc"; }
dirs=()
for d in "$T"/Labelled "$T"/HeldOut*; do
  [ -d "$d" ] || continue
  dirs+=("$d")
  for f in "$d"/*.txt; do [ -f "$f" ] && run "$(basename "$d")-$(basename "$f")" --json "$f"; done
done
run all-folders --json "${dirs[@]}"
# The bench's generators are deterministic: the saved articles are the same for every build.
# Read by a relative name, so that the quotes' "source" is the same whatever OUTDIR is.
for s in long dense; do
  $BIN bench extract --mb 1 --shape $s --save "$OUT/gen/$s.txt" > /dev/null 2>&1
  (cd "$OUT/gen" && run "gen-$s" --json "$s.txt")
done
rm -rf "$OUT/gen"
i=0
for x in "$@"; do
  i=$((i + 1)); run "extra$i-$(basename "$x")" --json "$x"; run "extra$i-$(basename "$x")-text" "$x"
done
echo "$(ls "$OUT" | wc -l) files in $OUT"
