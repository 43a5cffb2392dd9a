# bench/run.sh jmh: the in-process JMH benchmarks and ProfileMemory (sourced by bench/run.sh, which
# defines say, $OUT and $SUMMARY).
run_jmh() {
  say "building bench/jmh"
  mvn -q -B -f bench/jmh/pom.xml package > "$OUT/jmh-build.log" 2>&1 || { cat "$OUT/jmh-build.log" >&2; exit 1; }
  local cp="bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt):target/tailor.jar"
  say "running JMH (about 2 minutes)"
  # shellcheck disable=SC2086
  java -cp "$cp" org.openjdk.jmh.Main -rf csv -rff "$OUT/jmh.csv" ${JMH_ARGS:-} 2>&1 | tee "$OUT/jmh.log" >&2
  {
    echo
    echo "### JMH (avgt, lower is better; ± is JMH's 99.9% error)"
    echo
    echo "| benchmark | param | measured | baseline | ratio | target |"
    echo "|---|---|---|---|---|---|"
    awk -F, '
      NR == 1 { next }
      {
        for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
        n = split($1, parts, "."); name = parts[n]; class = parts[n - 1]
        param = ($8 != "" ? $8 : $9)
        key = class "|" param
        val = sprintf("%.1f ± %.1f %s", $5, $6, $7)
        if (name ~ /^baseline/) { base[key] = $5; basetxt[key] = val " (" name ")" }
        else { meas[key] = $5; meastxt[key] = val; mname[key] = name; order[++k] = key }
      }
      END {
        for (j = 1; j <= k; j++) {
          key = order[j]; split(key, kp, "|")
          target = (kp[1] == "ProfileUpdateBenchmark") ? "< 2 µs/op: " (meas[key] < 2000 ? "met" : "MISSED") \
            : (kp[1] == "RolloutAssignmentBenchmark") ? "≤ 200 ns/op: " (meas[key] <= 200 ? "met" : "MISSED") : "report"
          printf "| %s.%s | %s | %s | %s | %.1f× baseline | %s |\n", kp[1], mname[key], kp[2], meastxt[key], basetxt[key], meas[key] / base[key], target
        }
      }' "$OUT/jmh.csv"
    echo
    echo "### Memory (retained heap after full GCs, same JVM for both)"
    echo
    echo "| what | measured | baseline | ratio | at the spec's 10,000 concurrent users |"
    echo "|---|---|---|---|---|"
    java -Xmx4g -cp "$cp" dev.tailor.bench.ProfileMemory 100000
  } >> "$SUMMARY"
}
