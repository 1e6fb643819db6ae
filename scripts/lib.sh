# Shared helpers for the quqyq scripts (sourced, not executed).
# Why a shell library: the run, test and bootstrap scripts must agree on where the two
# Python environments live and how to find interpreters on a fresh machine.
set -euo pipefail

# Databases, logs, attachments and exports are the operator's alone (files 0600, dirs 0700).
umask 077
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP_VENV="${QUQYQ_APP_VENV:-$ROOT/.venv}"
ENGINE_VENV="${QUQYQ_ENGINE_VENV:-$ROOT/.venv-engine}"
RASA_VERSION="3.6.21"
export DATA_DIR="${DATA_DIR:-$ROOT/var}"

log() { printf '\033[1;34m[quqyq]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[quqyq] %s\033[0m\n' "$*" >&2; exit 1; }

# pip on these machines warns about configured local indexes that do not exist: hide only that.
quiet_pip() { grep -v -e "is ignored: it is neither a file nor a directory" || true; }

# Print a command that runs Python X.Y (given as "3.10"), or nothing.
# Looks on PATH, then in pyenv, then in uv's managed interpreters.
find_python() {
    local want="$1" cand v
    for cand in "python$want" python3 python; do
        if command -v "$cand" >/dev/null 2>&1; then
            v=$("$cand" -c 'import sys;print("%d.%d"%sys.version_info[:2])' 2>/dev/null || true)
            if [ "$v" = "$want" ]; then command -v "$cand"; return 0; fi
        fi
    done
    if command -v pyenv >/dev/null 2>&1; then
        local pv
        pv=$(pyenv versions --bare 2>/dev/null | grep -E "^${want//./\\.}(\.[0-9]+)?$" | sort -V | tail -n1 || true)
        if [ -n "$pv" ]; then
            local p; p="$(pyenv root)/versions/$pv/bin/python$want"
            [ -x "$p" ] && { echo "$p"; return 0; }
        fi
    fi
    if command -v uv >/dev/null 2>&1; then
        local p; p=$(uv python find "$want" 2>/dev/null || true)
        [ -n "$p" ] && { echo "$p"; return 0; }
    fi
    return 1
}

# Print a Python >= 3.11 interpreter, or nothing.
find_app_python() {
    local want
    for want in 3.11 3.12 3.13; do
        find_python "$want" && return 0
    done
    return 1
}

# sha256 of the given files (sorted, content + names), for "reuse when unchanged" stamps.
hash_files() {
    # shellcheck disable=SC2068
    find $@ -type f ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
}
