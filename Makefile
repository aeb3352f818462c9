# Cyber Protect Assistant. `make run` installs (if needed), trains (if needed) and starts the bot;
# `make test` runs the whole test suite. See README.md.
.PHONY: help install train run shell check test test-unit test-nlu bench first-reply clean scenarios scenarios-strict insights insights-report bench-insights eval-real content-report topics eval-checker eval-rehearsal rehearsal-records check-content cluster cluster-test

# `make help`: every target with one line (the `## ` text after each target).
help:  ## list the targets with one line each
	@awk -F':[^#]*## ' '/^[a-z][a-z-]*:.*## /{printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install:  ## create .venv and install every pinned dependency (Python, npm, spaCy pipeline)
	@bash scripts/install.sh

train: install  ## train the model if the data changed (models/cyberprotect.tar.gz)
	@bash scripts/train.sh

run: install  ## install, train if needed, start the bot, widget page and channels; Ctrl-C stops it
	@bash scripts/run.sh

shell: install  ## talk to the bot in the terminal
	@bash scripts/shell.sh

# Quick checks before training (lint, data validation, unit tests, content; about 1-2 minutes; no model needed).
check: install  ## quick checks, no model: lint, types, data, unit tests, content, checker and rehearsal corpora
	@bash scripts/check.sh

# ruff format with pyproject.toml's settings: FILES="a.py b.py" for the files you touch, or the whole tree.
format: install  ## format Python with ruff (FILES="..." for some files; the whole tree otherwise)
	@.venv/bin/ruff format $(or $(FILES),actions cyberprotect channels components startup insights scripts tests web/serve.py)

test: install  ## the whole test suite (trains first); exits non-zero on any failure
	@bash scripts/test.sh

test-nlu: install  ## NLU held-out and development sets (accuracy, macro-F1, per intent)
	@bash scripts/test_nlu.sh

# Officer rehearsal scripts (scenarios/) as regression tests of the public bot; prints a table.
scenarios: train  ## officer rehearsal scripts as tests of the public bot
	@. scripts/env.sh && .venv/bin/python -m scripts.scenarios

scenarios-strict: train  ## the same, failing on known failures too
	@. scripts/env.sh && .venv/bin/python -m scripts.scenarios --strict

# Real-phrasing yardstick (tests/real/, issue 18): dev parts in full, sealed parts as totals only.
eval-real: train  ## real-phrasing yardstick: development parts (dev, dev2) in full, sealed parts (sealed, sealed2, sealed3, sealed4) as totals
	@. scripts/env.sh && .venv/bin/python -m scripts.eval_real

# Every topic and route with its review date, days left, sources and nations; CSV in results/.
content-report: install  ## every topic, route and guide with review date, sources, nations (CSV in results/)
	@. scripts/env.sh && .venv/bin/python -m scripts.content_report

# The one list of threat topics is content/topics/ (issue 26): every other place that names them, and what is
# missing in each; FIX=1 writes the repetitive lists (domain intents, advice and triage rules).
topics: install  ## every place that names the threat topics and what disagrees (FIX=1 writes the lists)
	@. scripts/env.sh && .venv/bin/python -m scripts.topics $(if $(FIX),--write)

# "Is this a scam?" checker (issue 23): dev part and sealed part (totals only) of tests/checker/.
eval-checker: install  ## scam checker on its labelled corpus (sealed part as totals)
	@. scripts/env.sh && .venv/bin/python -m scripts.eval_checker

# Officer rehearsal marking (issue 28): key points and mistakes on labelled officer replies, dev part in full,
# sealed part as totals only (tests/rehearsal/).
eval-rehearsal: install  ## rehearsal marking on labelled officer replies (sealed part as totals)
	@. scripts/env.sh && .venv/bin/python -m scripts.eval_rehearsal

# The training lead's record of rehearsals (sessions, average scores, most-missed points) and its CSV in results/.
rehearsal-records: install  ## the training lead's record of rehearsals, with a CSV in results/
	@. scripts/env.sh && .venv/bin/python -m cyberprotect.rehearsal.records summary && \
	  .venv/bin/python -m cyberprotect.rehearsal.records export $(if $(OUT),--out "$(OUT)")

# Editors: check content/ as the bot would load it (prints ERROR with the file and field).
check-content: install  ## check content/ as the bot loads it (editors)
	@.venv/bin/python -m cyberprotect.content_store

bench: install  ## load benchmark: latency, saturation, memory, CPU per reply (PROFILE=1: where the time goes)
	@bash scripts/bench.sh

first-reply:  ## time a fresh clone to its first reply: clone, make install, make train, first REST reply
	@bash scripts/first_reply.sh

# Past one machine (issue 25): Postgres, Redis, nginx, 2 Rasa + 2 action servers on loopback (docs/cluster.md).
# Installs the three Debian packages on first use (only here). CLUSTER_RASA / CLUSTER_ACTIONS set the counts.
cluster: install  ## Postgres, Redis, nginx and 2 + 2 servers on loopback
	@bash scripts/cluster_install.sh && bash scripts/cluster.sh

# Load and failure tests against a cluster started and stopped for the run (FULL=1: 200 conversations per phase).
cluster-test: install  ## load and failure tests against a cluster started for the run
	@bash scripts/cluster_install.sh && bash scripts/cluster_test.sh

clean:  ## remove models/, results/ and logs
	rm -rf models results state/logs

# Insights dashboard for the Cyber Protect team (docs/insights.md): needs INSIGHTS_TOKEN.
insights: install  ## the team's dashboard (needs INSIGHTS_TOKEN)
	@. scripts/env.sh && .venv/bin/python -m insights serve

# The dashboard's figures as a dated, self-contained HTML file in results/ (or OUT=path; FROM=, TO=, CHANNEL=).
insights-report: install  ## the dashboard's figures as an HTML file in results/
	@. scripts/env.sh && .venv/bin/python -m insights report $(if $(OUT),--out "$(OUT)") \
	  $(if $(FROM),--from "$(FROM)") $(if $(TO),--to "$(TO)") $(if $(CHANNEL),--channel "$(CHANNEL)")

# Dashboard load times at 100,000 synthetic conversations.
bench-insights: install  ## dashboard load times at 100,000 synthetic conversations
	@. scripts/env.sh && .venv/bin/python -m scripts.bench_insights
