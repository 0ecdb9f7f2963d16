#!/usr/bin/env bash
# Semantic matching figures: the threshold sweep on both labelled sets, then the embedder's cost on one
# core (model load, resident memory, latency per embedding). Needs target/gatehouse.jar (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=target/gatehouse.jar
java -jar "$jar" cache eval
java -jar "$jar" cache eval bench/semantic/holdout-pairs.jsonl
taskset -c 0 java -jar "$jar" cache embed-bench --rounds 5
