# Sourced by scripts/check.sh and scripts/test.sh: `stage NAME COMMAND...` runs one stage, prints its name when it
# starts and "ok" or "FAILED" with its time when it ends, and adds failed stages to the array `failed`.
failed=()
stage() {
  local name=$1; shift
  local start=$(date +%s)
  echo "=== $name"
  if "$@"; then echo "=== $name: ok ($(( $(date +%s) - start )) s)"; else echo "=== $name: FAILED ($(( $(date +%s) - start )) s)"; failed+=("$name"); fi
}
