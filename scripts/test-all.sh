#!/usr/bin/env bash
# The full test suite, as the README's test command and CI run it: system tools, types, lint, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "node $(node --version)"
bash scripts/ensure-system-deps.sh
tsc --noEmit -p .
biome check src test bench scripts
node --test --test-concurrency=2 --test-timeout=300000 "src/**/*.test.ts" "test/**/*.test.ts"
