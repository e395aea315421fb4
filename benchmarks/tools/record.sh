#!/usr/bin/env bash
# Records the full benchmark suite for docs/benchmarks.md: one JSON file per group under
# docs/results/<date>/, the retry contention simulator's CSV, and the Markdown tables and SVG charts made
# from them. Run it alone on the machine (nothing else busy); it takes about 30 minutes on 2 cores.
#
#   benchmarks/tools/record.sh            # builds benchmarks.jar first if needed
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || mvn -B -q -DskipTests package
day=$(date -u +%Y-%m-%d)
out=docs/results/$day
mkdir -p "$out"
run() { # name regex jmh-args...
  local name=$1 regex=$2; shift 2
  echo "== $name: java -jar $jar '$regex' $*"
  java -jar "$jar" "$regex" "$@" -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1 || { echo "FAILED: $name (see $out/$name.log)"; return 1; }
  tail -n 30 "$out/$name.log" | sed -n '/^Benchmark/,$p'
}
micro='-f 1 -wi 5 -w 1s -i 5 -r 1s'
run retry     'dev.cirrus.benchmarks.retry.(Backoff|RetryBudget|RetryCall)Benchmark' $micro -prof gc
run cache     'dev.cirrus.benchmarks.cache.DataKeyCacheBenchmark' $micro -prof gc
run dynamo    'dev.cirrus.benchmarks.dynamo.(ItemSize|Capacity|ShardSuffix)Benchmark' $micro -prof gc
run metrics   'dev.cirrus.benchmarks.metrics.MetricsOverheadBenchmark' $micro -prof gc
run s3-keys   'dev.cirrus.benchmarks.s3.KeyPrefixBenchmark' $micro -prof gc
# JDK 17 needs long warm-up for crypto loops.
run crypto    'dev.cirrus.benchmarks.crypto.EnvelopeEncryptionBenchmark' -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc
run crypto-gcm 'dev.cirrus.benchmarks.crypto.AesGcmBaselineBenchmark' -f 1 -wi 5 -w 2s -i 5 -r 2s
# Against moto on loopback (each starts its own server).
run dynamo-batch   'dev.cirrus.benchmarks.dynamo.BatchWriterBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s
run dynamo-itemcache 'dev.cirrus.benchmarks.dynamo.DynamoItemCacheBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s
run retry-overload 'dev.cirrus.benchmarks.retry.RetryOverloadBenchmark' -p seconds=10
run retry-fleet    'dev.cirrus.benchmarks.retry.RetryFleetBenchmark' -p seconds=5
run s3-transfer    'dev.cirrus.benchmarks.s3.S3TransferBenchmark' -f 1 -wi 1 -i 5 -prof gc
echo "== retry contention simulator"
java -cp "$jar" dev.cirrus.benchmarks.retry.ContentionSimulator --runs 100 --csv "$out/retry-contention.csv" > "$out/retry-contention.txt"
echo "== tables and charts"
python3 benchmarks/tools/jmh_report.py "$out"/*.json --charts "$out/charts" > "$out/tables.md"
python3 benchmarks/tools/contention_chart.py "$out/retry-contention.csv" "$out/charts"
{ echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "jdk: $(java -version 2>&1 | head -1)"
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)"; } > "$out/machine.txt"
cat "$out/machine.txt"
echo "== done: $out"
