#!/usr/bin/env bash
# MTLab benchmark suite: one command that builds benchmarks.jar, runs a profile, and writes the
# raw JMH JSON, a machine/JVM description and a report (Markdown + PNG/SVG charts) into a new
# results folder. See bench/README.md.
#
#   bench/run.sh [quick|full] [--jdk PATH] [--out DIR] [--include REGEX] [--no-build] [-- JMH ARGS]
#   bench/run.sh report DIR                      re-render DIR/report.md from DIR/jmh.json
#   bench/run.sh compare OLD NEW [--floor F] [--out FILE]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

usage() {
  cat <<'USAGE'
usage: bench/run.sh [quick|full] [--jdk PATH] [--out DIR] [--include REGEX] [--no-build] [-- JMH ARGS]
       bench/run.sh report DIR
       bench/run.sh compare OLD NEW [--floor FRACTION] [--out FILE] [--jdk PATH]
       bench/run.sh idle [N] [--jdk PATH] [--no-build]

  quick      1 fork, 1 x 300 ms warm-up, 3 x 300 ms measurement, sizes 64 B, 16 KiB, 1 MiB,
             pq bits 62, 63 (under three minutes on 2 cores; for checking, not for publishing)
  full       2 forks, 3 x 500 ms warm-up, 5 x 500 ms measurement, all parameters
             (about 14 minutes on 2 cores; see bench/README.md)
  --jdk      JDK home whose bin/java runs the benchmarks (default: java on PATH)
  --out      parent folder for results (default: bench/results); each run makes
             <timestamp>-<profile>-<jdk>/ with jmh.json, jmh.log, machine.json/.md, report.md, charts/
  --include  JMH regex of benchmarks to run (default: all)
  --no-build use the existing bench/target/benchmarks.jar
  -- ARGS    further JMH options; each replaces the profile's option of the same name
             (for -p, of the same parameter), e.g. -- -f 2 -p size=1024
  idle       N idle authenticated connections (default 10000) held by an MtprotoServer in a
             JVM with -Xmx512m; prints the heap per connection (IdleConnections; needs
             ulimit -n above N in both JVMs)
Every run uses -prof gc (allocation per op). The jar is built with Maven's JDK (release 17)
and runs on any JDK 17+.
USAGE
}

die() { echo "run.sh: $*" >&2; exit 2; }

cmd="quick"
if [[ $# -gt 0 && "$1" != -* ]]; then
  cmd="$1"
  shift
fi

jdk=""
out_parent="$here/results"
out_file=""
include=""
build=1
floor=""
positional=()
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jdk) [[ $# -ge 2 ]] || die "--jdk needs a path"; jdk="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a path"; out_parent="$2"; out_file="$2"; shift 2 ;;
    --include) [[ $# -ge 2 ]] || die "--include needs a regex"; include="$2"; shift 2 ;;
    --floor) [[ $# -ge 2 ]] || die "--floor needs a fraction"; floor="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done

java="java"
if [[ -n "$jdk" ]]; then
  java="$jdk/bin/java"
  [[ -x "$java" ]] || die "no executable $java"
fi

build_jar() {
  if [[ $build -eq 1 ]]; then
    echo "run.sh: building benchmarks.jar (mvn -q -B -DskipTests package -pl bench -am)" >&2
    (cd "$root" && mvn -q -B -DskipTests package -pl bench -am)
  fi
  [[ -f "$jar" ]] || die "$jar is missing (run without --no-build)"
}

report_main() {
  "$java" -Djava.awt.headless=true -cp "$jar" org.mtlab.bench.report.ReportMain "$@"
}

case "$cmd" in
  quick)
    profile_args=(-f 1 -wi 1 -w 300ms -i 3 -r 300ms -p size=64,16384,1048576 -p bits=62,63) ;;
  full)
    profile_args=(-f 2 -wi 3 -w 500ms -i 5 -r 500ms) ;;
  report)
    [[ ${#positional[@]} -eq 1 ]] || die "usage: run.sh report DIR"
    [[ -f "$jar" ]] || build_jar
    report_main report "${positional[0]}"
    exit 0 ;;
  compare)
    [[ ${#positional[@]} -eq 2 ]] || die "usage: run.sh compare OLD NEW [--floor F] [--out FILE]"
    [[ -f "$jar" ]] || build_jar
    args=(compare "${positional[0]}" "${positional[1]}")
    [[ -n "$floor" ]] && args+=(--floor "$floor")
    [[ -n "$out_file" ]] && args+=(--out "$out_file")
    report_main "${args[@]}"
    exit 0 ;;
  idle)
    [[ ${#positional[@]} -le 1 ]] || die "usage: run.sh idle [N]"
    build_jar
    exec "$java" -Xmx512m -cp "$jar" org.mtlab.bench.net.IdleConnections "${positional[@]}" ;;
  help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
[[ ${#positional[@]} -eq 0 ]] || die "unexpected argument ${positional[0]} (see --help)"

load_before="unknown"
[[ -r /proc/loadavg ]] && load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
build_jar
tag="$(report_main jdk-tag)"
dir="$out_parent/$(date -u +%Y%m%dT%H%M%SZ)-$cmd-$tag"
mkdir -p "$dir"

# Options given after -- replace the profile's (JMH refuses an option given twice); a -p
# replaces the profile's -p for the same parameter only.
declare -A overridden=()
for ((i = 0; i < ${#extra[@]}; i++)); do
  if [[ "${extra[$i]}" == "-p" && $((i + 1)) -lt ${#extra[@]} ]]; then
    overridden["-p ${extra[$((i + 1))]%%=*}"]=1
  elif [[ "${extra[$i]}" == -* ]]; then
    overridden["${extra[$i]}"]=1
  fi
done
jmh_args=()
for ((i = 0; i < ${#profile_args[@]}; i += 2)); do
  opt="${profile_args[$i]}"
  val="${profile_args[$((i + 1))]}"
  key="$opt"
  [[ "$opt" == "-p" ]] && key="-p ${val%%=*}"
  [[ -n "${overridden[$key]:-}" ]] || jmh_args+=("$opt" "$val")
done
jmh_args+=(-prof gc -foe true -rf json -rff "$dir/jmh.json")
if [[ ${#extra[@]} -gt 0 ]]; then
  jmh_args+=("${extra[@]}")
fi
if [[ -n "$include" ]]; then
  jmh_args+=("$include")
fi

report_main machine "$dir" --profile "$cmd" --jmh-args "${jmh_args[*]}" \
  --load-before "$load_before" >/dev/null
echo "run.sh: $cmd profile on $("$java" -version 2>&1 | head -n 1), results in $dir" >&2
start=$(date +%s)
"$java" -jar "$jar" "${jmh_args[@]}" 2>&1 | tee "$dir/jmh.log"
report_main load-after "$dir"
report_main report "$dir"
echo "run.sh: done in $(( $(date +%s) - start )) s of benchmarking: $dir/report.md" >&2
