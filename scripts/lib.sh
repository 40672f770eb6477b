# Shared by scripts/run and scripts/test: install what is missing, and only that, so a
# second run is quick. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132.0.0"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    echo "cargo is missing: install Rust with rustup first (https://rustup.rs)." >&2
    exit 1
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 11 minutes, once)"
    cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
  fi
  # wasm-bindgen-cli must equal the wasm-bindgen of Cargo.lock, or cargo-leptos tries to
  # download one (and this machine has no internet beyond the registries).
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "Installing wasm-bindgen-cli $want"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null; then
    say "Installing Node.js and npm"
    apt_install nodejs npm
  fi
}

# Debian's binaryen is too old (its wasm-opt output fails to hydrate); npm's is known good.
ensure_wasm_opt() {
  ensure_node
  if ! "$ROOT/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "${BINARYEN_VERSION%%.*}"; then
    say "Installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
    mkdir -p "$ROOT/.tools"
    (cd "$ROOT/.tools" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium from Debian"
    apt_install chromium
  fi
}

ensure_playwright() {
  ensure_node
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    say "Installing Playwright and axe-core (no browser download)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

ensure_postgres() {
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    say "Installing PostgreSQL from Debian"
    apt_install postgresql
  fi
}

# The PBX of tests/pbx.rs: Kamailio (with http_client and json), rtpengine and SIPp, from
# Debian. The test starts each on a free port in a temporary folder; none runs as a service.
# When they cannot be installed the test says it skipped, and why.
ensure_pbx() {
  if ! command -v sipp >/dev/null || [ ! -x /usr/sbin/kamailio ] \
    || [ ! -f /usr/lib/x86_64-linux-gnu/kamailio/modules/http_client.so ] || ! command -v rtpengine >/dev/null; then
    say "Installing Kamailio, rtpengine and SIPp from Debian"
    apt_install --no-install-recommends kamailio kamailio-utils-modules kamailio-json-modules sip-tester \
      rtpengine-daemon rtpengine-recording-daemon || echo "The PBX packages did not install: tests/pbx.rs will skip." >&2
  fi
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to a system user of its own.
PG_USER=earmark-pg
pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

# A throwaway PostgreSQL cluster on a free port in a temporary folder (fsync off: nothing in
# it outlives the run). Sets PG_DIR and PG_URL (the server, without a database); stop_postgres
# stops it and removes the folder.
start_postgres() {
  ensure_postgres
  local bin port
  bin="$(pg_bin)"
  if [ "$(id -u)" = 0 ] && ! id -u "$PG_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  PG_DIR="$(mktemp -d /tmp/earmark-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown "$PG_USER" "$PG_DIR"
  port="$(free_port)"
  pg_run "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_run "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="postgres://postgres@127.0.0.1:$port"
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is up on port $port (in $PG_DIR)"
}

stop_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_run "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# The S3-compatible server and the SMTP server of the tests, from PyPI into a virtualenv of
# the project's own: moto because it answers the S3 API in one Python process with nothing to
# configure (path-style buckets, multipart, ranged reads), aiosmtpd because it is the SMTP
# server of Python's own project and keeps what it receives through a handler of ours.
MOTO_VERSION="5.2.5"
AIOSMTPD_VERSION="1.4.6"
# The API fuzzer of tests/api_fuzz.rs, over the OpenAPI document.
SCHEMATHESIS_VERSION="4.32.5"
VENV="$ROOT/.tools/venv"
ensure_python_servers() {
  if ! "$VENV/bin/python" -c 'import moto, aiosmtpd, schemathesis' 2>/dev/null; then
    say "Installing moto[server] $MOTO_VERSION, aiosmtpd $AIOSMTPD_VERSION and schemathesis $SCHEMATHESIS_VERSION from PyPI"
    mkdir -p "$ROOT/.tools"
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      apt_install python3-venv
      python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
      "moto[server]==$MOTO_VERSION" "aiosmtpd==$AIOSMTPD_VERSION" "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

# Waits until something listens on 127.0.0.1:$1 (at most about 20 s).
wait_port() {
  for _ in $(seq 1 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# Two throwaway S3-compatible servers on free ports, in S3_DIR. S3_URL (its endpoint) takes
# any key, for the platform's storage. S3_ACCOUNT ("endpoint bucket key-id secret") checks
# every request's signature, as a company's real storage account does, so a wrong secret is
# refused: moto enforces its IAM after the first three requests, which make the user, its
# key and its right to S3.
start_s3() {
  ensure_python_servers
  local port auth_port
  S3_DIR="$(mktemp -d /tmp/earmark-s3.XXXXXX)"
  port="$(free_port)"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$S3_DIR/server.log" 2>&1 &
  echo $! >"$S3_DIR/pid"
  auth_port="$(free_port)"
  INITIAL_NO_AUTH_ACTION_COUNT=3 "$VENV/bin/moto_server" -H 127.0.0.1 -p "$auth_port" >"$S3_DIR/account.log" 2>&1 &
  echo $! >"$S3_DIR/account.pid"
  wait_port "$port" || { cat "$S3_DIR/server.log" >&2; return 1; }
  wait_port "$auth_port" || { cat "$S3_DIR/account.log" >&2; return 1; }
  S3_URL="http://127.0.0.1:$port"
  S3_ACCOUNT="$("$VENV/bin/python" - "http://127.0.0.1:$auth_port" <<'PY'
import json, sys, boto3
endpoint = sys.argv[1]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="earmark-company")
key = iam.create_access_key(UserName="earmark-company")["AccessKey"]
iam.put_user_policy(UserName="earmark-company", PolicyName="s3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
s3.create_bucket(Bucket="company-recordings")
print(endpoint, "company-recordings", key["AccessKeyId"], key["SecretAccessKey"])
PY
)"
  say "moto (S3) is up on ports $port and $auth_port (the latter checks signatures)"
}

stop_s3() {
  if [ -n "${S3_DIR:-}" ] && [ -f "$S3_DIR/pid" ]; then
    kill "$(cat "$S3_DIR/pid")" "$(cat "$S3_DIR/account.pid" 2>/dev/null)" 2>/dev/null || true
    rm -rf "$S3_DIR"
  fi
}

# A throwaway SMTP server on a free port that keeps every message it receives, one file each,
# in the Maildir SMTP_MAILDIR (aiosmtpd's Mailbox handler); SMTP_URL is its address.
start_smtp() {
  ensure_python_servers
  local port
  SMTP_DIR="$(mktemp -d /tmp/earmark-smtp.XXXXXX)"
  SMTP_MAILDIR="$SMTP_DIR/maildir"
  port="$(free_port)"
  "$VENV/bin/python" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$SMTP_MAILDIR" \
    >"$SMTP_DIR/server.log" 2>&1 &
  echo $! >"$SMTP_DIR/pid"
  wait_port "$port" || { cat "$SMTP_DIR/server.log" >&2; return 1; }
  SMTP_URL="smtp://127.0.0.1:$port"
  say "aiosmtpd (SMTP) is up on port $port"
}

stop_smtp() {
  if [ -n "${SMTP_DIR:-}" ] && [ -f "$SMTP_DIR/pid" ]; then
    kill "$(cat "$SMTP_DIR/pid")" 2>/dev/null || true
    rm -rf "$SMTP_DIR"
  fi
}
