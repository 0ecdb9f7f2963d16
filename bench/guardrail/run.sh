#!/usr/bin/env bash
# Built-in guardrail figures: the injection detector on the shipped labelled set and on the held-out set
# (bench/guardrail/holdout.jsonl, written after the rules and never tuned on), then the check latency
# of the PII and injection guardrails on typical 1 KB and 20 KB prompts on one core.
# Needs target/gatehouse.jar (./mvnw -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=target/gatehouse.jar
java -jar "$jar" guardrail eval
java -jar "$jar" guardrail eval bench/guardrail/holdout.jsonl
taskset -c 0 java -jar "$jar" guardrail bench --samples "${SAMPLES:-2000}"
