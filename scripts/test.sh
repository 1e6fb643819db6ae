#!/usr/bin/env bash
# Run every test: installs both environments and the Rasa model first (idempotent), then pytest.
# pytest starts what the tests need itself: Rasa + action server, PostgreSQL.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh"
exec "$APP_VENV/bin/pytest" "$@"
