#!/usr/bin/env bash
# Create (or reuse) both Python environments, compile translations and train the Rasa model.
# Idempotent: each step keeps a stamp with the hash of its inputs and is skipped when unchanged.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
mkdir -p "$DATA_DIR"

# --- engine env: CPython 3.10 + rasa only (Rasa 3.6 refuses Python >= 3.11) -----------------
engine_stamp="$ENGINE_VENV/.quqyq-stamp"
if [ "$(cat "$engine_stamp" 2>/dev/null)" != "rasa==$RASA_VERSION" ]; then
    PY310=$(find_python 3.10) || die "Python 3.10 is needed for Rasa $RASA_VERSION and was not found.
Install it with one of:  pyenv install 3.10.13  |  uv python install 3.10  |  apt-get install python3.10 python3.10-venv"
    log "creating engine env ($PY310) with rasa==$RASA_VERSION (~1.5 min, ~2.7 GB)"
    rm -rf "$ENGINE_VENV"
    "$PY310" -m venv "$ENGINE_VENV"
    "$ENGINE_VENV/bin/pip" install -q --upgrade "pip<25" 2> >(quiet_pip >&2)
    "$ENGINE_VENV/bin/pip" install -q "rasa==$RASA_VERSION" 2> >(quiet_pip >&2)
    echo "rasa==$RASA_VERSION" > "$engine_stamp"
fi

# --- app env: Python 3.11+, the quqyq package and its pinned dependencies --------------------
app_stamp="$APP_VENV/.quqyq-stamp"
app_hash=$(sha256sum pyproject.toml | cut -c1-16)
if [ "$(cat "$app_stamp" 2>/dev/null)" != "$app_hash" ]; then
    PYAPP=$(find_app_python) || die "Python 3.11+ was not found. Install it (pyenv install 3.11 | uv python install 3.11)."
    log "creating app env ($PYAPP)"
    [ -x "$APP_VENV/bin/python" ] || "$PYAPP" -m venv "$APP_VENV"
    "$APP_VENV/bin/pip" install -q --upgrade pip 2> >(quiet_pip >&2)
    "$APP_VENV/bin/pip" install -q -e ".[dev]" 2> >(quiet_pip >&2)
    echo "$app_hash" > "$app_stamp"
fi

# --- translations: .po -> .mo (built, never hand-edited) -------------------------------------
"$APP_VENV/bin/python" -m i18n.compile

# --- database schema -------------------------------------------------------------------------
"$APP_VENV/bin/python" -m storage.migrate

# --- Rasa model, retrained only when the NLU project changed ---------------------------------
# flock: several developers (or test runs) on one machine must not train the same model at once.
mkdir -p nlu/models
exec 9>"$ROOT/nlu/models/.train.lock"
flock 9
model_hash=$(hash_files nlu/config.yml nlu/domain nlu/data)
model="$ROOT/nlu/models/quqyq.tar.gz"
if [ ! -f "$model" ] || [ "$(cat "$model.stamp" 2>/dev/null)" != "$model_hash" ]; then
    log "training the Rasa model (a few minutes on 2 cores)"
    (cd nlu && TF_CPP_MIN_LOG_LEVEL=3 "$ENGINE_VENV/bin/rasa" train --quiet \
        --fixed-model-name quqyq --out models --config config.yml --domain domain --data data) \
        > "$DATA_DIR/train.log" 2>&1 || { tail -40 "$DATA_DIR/train.log" >&2; die "rasa train failed"; }
    echo "$model_hash" > "$model.stamp"
fi
flock -u 9
log "bootstrap done"
