#!/usr/bin/env bash
# Dashboard page times over a store of N usage records (default 1,000,000) in SQLite: seeds the
# store through the usage store's own insert (rollups included), signs in, and requests each page
# ROUNDS times (default 20), printing p50, p95 and max per page. Usage: bench/ui.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -o -q -DskipTests test-compile
./mvnw -B -ntp -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.gatehouse.ui.DashboardBench "${1:-1000000}" "${2:-20}"
