# Cyber Protect Assistant. `make run` installs (if needed), trains (if needed) and starts the bot;
# `make test` runs the whole test suite. See README.md.
.PHONY: install train run shell check test test-unit test-nlu bench clean scenarios scenarios-strict insights insights-report bench-insights eval-real content-report topics eval-checker eval-rehearsal rehearsal-records check-content cluster cluster-test

install:
	@bash scripts/install.sh

train: install
	@bash scripts/train.sh

run: install
	@bash scripts/run.sh

shell: install
	@bash scripts/shell.sh

# Quick checks before training (lint, data validation, unit tests, content; about 1-2 minutes; no model needed).
check: install
	@bash scripts/check.sh

test: install
	@bash scripts/test.sh

test-nlu: install
	@bash scripts/test_nlu.sh

# Officer rehearsal scripts (scenarios/) as regression tests of the public bot; prints a table.
scenarios: train
	@. scripts/env.sh && .venv/bin/python scripts/scenarios.py

scenarios-strict: train
	@. scripts/env.sh && .venv/bin/python scripts/scenarios.py --strict

# Real-phrasing yardstick (tests/real/, issue 18): dev part in full, sealed part as totals only.
eval-real: train
	@. scripts/env.sh && .venv/bin/python scripts/eval_real.py

# Every topic and route with its review date, days left, sources and nations; CSV in results/.
content-report: install
	@. scripts/env.sh && .venv/bin/python scripts/content_report.py

# The one list of threat topics is content/topics/ (issue 26): every other place that names them, and what is
# missing in each; FIX=1 writes the repetitive lists (domain intents, advice and triage rules).
topics: install
	@. scripts/env.sh && .venv/bin/python -m scripts.topics $(if $(FIX),--write)

# "Is this a scam?" checker (issue 23): dev part and sealed part (totals only) of tests/checker/.
eval-checker: install
	@. scripts/env.sh && .venv/bin/python scripts/eval_checker.py

# Officer rehearsal marking (issue 28): key points and mistakes on labelled officer replies, dev part in full,
# sealed part as totals only (tests/rehearsal/).
eval-rehearsal: install
	@. scripts/env.sh && .venv/bin/python scripts/eval_rehearsal.py

# The training lead's record of rehearsals (sessions, average scores, most-missed points) and its CSV in results/.
rehearsal-records: install
	@. scripts/env.sh && .venv/bin/python -m actions.rehearsal_records summary && \
	  .venv/bin/python -m actions.rehearsal_records export $(if $(OUT),--out "$(OUT)")

# Editors: check content/ as the bot would load it (prints ERROR with the file and field).
check-content: install
	@.venv/bin/python -m actions.content_store

bench: install
	@bash scripts/bench.sh

# Past one machine (issue 25): Postgres, Redis, nginx, 2 Rasa + 2 action servers on loopback (README "Cluster").
# Installs the three Debian packages on first use (only here). CLUSTER_RASA / CLUSTER_ACTIONS set the counts.
cluster: install
	@bash scripts/cluster_install.sh && bash scripts/cluster.sh

# Load and failure tests against a cluster started and stopped for the run (FULL=1: 200 conversations per phase).
cluster-test: install
	@bash scripts/cluster_install.sh && bash scripts/cluster_test.sh

clean:
	rm -rf models results state/logs

# Insights dashboard for the Cyber Protect team (README, "Insights dashboard"): needs INSIGHTS_TOKEN.
insights: install
	@. scripts/env.sh && .venv/bin/python -m insights serve

# The dashboard's figures as a dated, self-contained HTML file in results/ (or OUT=path; FROM=, TO=, CHANNEL=).
insights-report: install
	@. scripts/env.sh && .venv/bin/python -m insights report $(if $(OUT),--out "$(OUT)") \
	  $(if $(FROM),--from "$(FROM)") $(if $(TO),--to "$(TO)") $(if $(CHANNEL),--channel "$(CHANNEL)")

# Dashboard load times at 100,000 synthetic conversations.
bench-insights: install
	@. scripts/env.sh && .venv/bin/python scripts/bench_insights.py
