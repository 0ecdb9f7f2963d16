#!/usr/bin/env bash
# Portkey OSS side by side with Gatehouse (issue #20's table): bench/governed.sh with Portkey
# (npm @portkey-ai/gateway, PORTKEY_VERSION, installed into the run's temp dir) as one more target,
# in the same layout and the same interleaved rounds as direct, the nginx hop, bare and governed.
# Portkey gets the same request with x-portkey-provider: openai and x-portkey-custom-host pointing
# at the same upstream. Every option of bench/governed.sh applies; the feature ladder is off unless
# LADDER=1.
#
#   bench/portkey.sh
#   WARMUP=10 CYCLES=1 ROUND=3 bench/portkey.sh     # smoke test
set -euo pipefail
export PORTKEY=1 LADDER=${LADDER:-0}
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/governed.sh"
