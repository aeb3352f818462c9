# Sourced by scripts/check.sh and scripts/test.sh: `stage NAME COMMAND...` runs one stage, prints its name when it
# starts and "ok" or "FAILED" with its time when it ends, and adds failed stages to the array `failed`.
# The time is wall seconds and the CPU seconds (user + system) of the stage's own processes: the command runs in a
# subshell whose `times` counts only what it waited for (servers a stage starts and stops count; daemons it leaves to
# the system and the suite's background stages do not), so a slow stage on a busy machine can be told from a costly one.
failed=()
stage() {
  local name=$1; shift
  local start=$(date +%s) result=ok cpu="?" times_file="${TMPDIR:-/tmp}/stage-times.$$.$RANDOM"
  echo "=== $name"
  if ! ( "$@"; rc=$?; times > "$times_file"; exit $rc ); then result=FAILED; failed+=("$name"); fi
  if [ -f "$times_file" ]; then
    cpu=$(awk 'NR==2 {s=0; for(i=1;i<=2;i++){split($i,a,"m"); sub("s","",a[2]); s+=a[1]*60+a[2]} printf "%.0f", s}' "$times_file")
    rm -f "$times_file"
  fi
  echo "=== $name: $result ($(( $(date +%s) - start )) s, $cpu s CPU)"
}
