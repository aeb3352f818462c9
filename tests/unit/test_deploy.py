"""deploy/ (issue 25): the Kubernetes probes and the compose health checks call endpoints the servers really serve,
every HorizontalPodAutoscaler scales a Deployment defined here, and every variable set for the bot is one the
project reads. (Schemas: scripts/validate_deploy.sh, a stage of `make check`.)"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _docs():
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        yield from (d for d in yaml.safe_load_all(path.read_text()) if d)


def _served_paths():
    patches = (ROOT / "startup" / "patches.py").read_text()
    served = set(re.findall(r'@app\.get\("([^"]+)"\)', patches))
    return served | {"/webhooks/rest/", "/health"}  # REST channel's health (channels/rest.py); rasa-sdk's own


def test_probes_call_real_endpoints():
    served, seen = _served_paths(), set()
    for doc in _docs():
        if doc["kind"] != "Deployment":
            continue
        for container in doc["spec"]["template"]["spec"]["containers"]:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                path = container[probe]["httpGet"]["path"]
                assert path in served, (doc["metadata"]["name"], probe, path)
                seen.add(path)
            assert container["resources"]["requests"]["memory"] and container["resources"]["requests"]["cpu"]
    assert {"/health/ready", "/health/content"} <= seen
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for name in ("rasa", "actions"):
        url = compose["services"][name]["healthcheck"]["test"][-1]
        assert re.sub(r"^http://[^/]+", "", url) in served, url


def test_autoscalers_scale_deployments_defined_here():
    docs = list(_docs())
    deployments = {d["metadata"]["name"] for d in docs if d["kind"] == "Deployment"}
    targets = {d["spec"]["scaleTargetRef"]["name"] for d in docs if d["kind"] == "HorizontalPodAutoscaler"}
    assert targets == deployments == {"rasa", "actions"}


def test_every_variable_set_is_read_by_the_project():
    code = "\n".join(
        p.read_text(errors="ignore")
        for folder in ("actions", "channels", "startup", "scripts")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in (".py", ".sh")
    )
    code += (ROOT / "endpoints.yml").read_text() + (ROOT / "credentials.yml").read_text()
    rasa_reads = {"TICKET_LOCK_LIFETIME", "SANIC_HOST"}
    names = set()
    for doc in _docs():
        for key in ("stringData",):
            names |= set((doc.get(key) or {}).keys())
        if doc["kind"] == "Deployment":
            for c in doc["spec"]["template"]["spec"]["containers"]:
                names |= {e["name"] for e in c.get("env", [])}
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    names |= set(compose["x-bot-env"].keys())
    unread = {n for n in names if n not in rasa_reads and n not in code}
    assert not unread, unread
