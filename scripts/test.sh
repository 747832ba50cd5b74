#!/usr/bin/env bash
# The project's test command: starts the services the tests need, then builds and verifies every
# module (unit and integration tests, formatting and static checks, javadoc, the CLI jar).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prereqs.sh
bash scripts/services.sh
exec mvn -B -ntp verify "$@"
