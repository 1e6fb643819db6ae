#!/usr/bin/env bash
# Run quqyq: install what is missing, start the action server and Rasa on 127.0.0.1, then the bot.
# With TELEGRAM_BOT_TOKEN set it serves Telegram; without it, a console chat over the same stack.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ -f .env ] && { set -a; source .env; set +a; }
"$ROOT/scripts/bootstrap.sh"

"$APP_VENV/bin/python" -m stack > "$DATA_DIR/stack.out" 2>&1 &
stack_pid=$!
trap 'kill $stack_pid 2>/dev/null; wait $stack_pid 2>/dev/null' EXIT
log "starting Rasa and the action server (about 30-60 s)..."
for _ in $(seq 1 300); do
    grep -q "^rasa: " "$DATA_DIR/stack.out" 2>/dev/null && break
    kill -0 $stack_pid 2>/dev/null || { cat "$DATA_DIR/stack.out" >&2; die "the stack did not start"; }
    sleep 1
done
"$APP_VENV/bin/python" -m bot "$@"
