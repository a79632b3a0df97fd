#!/usr/bin/env bash
# Benchmark: generate N impressions with the simulator (or take an existing input root), run the
# nightly job over every landed date and, in the same JVM and session, a plain scan of the same
# input; write report.json and report.md under build/bench/<name>/. See bench/README.md.
#   bench/run.sh 10000000                 # 10 M impressions
#   bench/run.sh 50000000 viral           # 50 M, one viral note with >= 20 % of the impressions
#   bench/run.sh --input DIR              # an existing input root
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
jar="jobs/target/notepath-jobs-$version.jar"
[[ -f "$jar" && -d jobs/target/lib ]] || mvn -q -B -ntp -DskipTests package

if [[ "${1:-}" == "--input" ]]; then
  input="$2"; name="$(basename "$input")"; shift 2
else
  impressions="${1:?usage: bench/run.sh IMPRESSIONS [viral] | --input DIR}"; shift
  viral="${1:-}"; [[ -n "$viral" ]] && shift
  name="sim-${impressions}${viral:+-viral}"
  input="build/bench/$name/input"
  if [[ ! -f "$input/impressions/_GENERATED" ]]; then
    rm -rf "$input"
    sim_args=(notepath.simulate.target-impressions="$impressions")
    [[ "$viral" == viral ]] && sim_args+=(notepath.simulate.viral.notes=1 notepath.simulate.viral.share=0.2)
    NOTEPATH_JAVA_OPTS="-Xmx4g" bin/notepath simulate --output "$input" "${sim_args[@]}" "$@"
    touch "$input/impressions/_GENERATED"
  fi
fi

out="build/bench/$name"
module_opts="$(sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' pom.xml)"
# local[2] with a 4 GB driver heap: the size the job must fit in (issue 3).
# shellcheck disable=SC2086
java -Xmx4g $module_opts -Dspark.master='local[2]' \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$jar:jobs/target/lib/*" io.notepath.bench.BenchMain \
  --input "$input" --output "$out/warehouse" --report "$out" "$@"
echo "bench: report in $out/report.md"
