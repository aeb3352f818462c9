#!/usr/bin/env bash
# Validates deploy/k8s/*.yaml against the Kubernetes 1.30 API schemas (kubernetes-validate, strict: unknown fields
# are errors), and deploy/compose.yaml against the Compose Specification's schema (scripts/validate_compose.py).
# The validators live in their own venv (state/deploy-check-venv): kubernetes-validate needs a newer jsonschema than
# the one Rasa pins in .venv. Created on first use from deploy/requirements-validate.txt (pinned), about 20 s.
set -euo pipefail
cd "$(dirname "$0")/.."
V=state/deploy-check-venv
want=$(sha256sum deploy/requirements-validate.txt | cut -d' ' -f1)
if [ ! -x "$V/bin/kubernetes-validate" ] || [ "$(cat "$V/.stamp" 2>/dev/null)" != "$want" ]; then
  PY=${PYTHON:-python3.11}; command -v "$PY" >/dev/null 2>&1 || PY=python3
  "$PY" -m venv "$V"
  "$V/bin/python" -m pip install --quiet -r deploy/requirements-validate.txt
  echo "$want" > "$V/.stamp"
fi
"$V/bin/kubernetes-validate" --strict --quiet -k "${KUBERNETES_VERSION:-1.30.0}" deploy/k8s/*.yaml
echo "deploy: $(ls deploy/k8s/*.yaml | wc -l) manifest files valid for Kubernetes ${KUBERNETES_VERSION:-1.30.0} (strict)"
# deploy/compose.yaml: Compose's interpolation, the Compose Specification's schema (vendored) and the shared-store rule
"$V/bin/python" scripts/validate_compose.py deploy/compose.yaml
