# Shared by the decision benchmarks (scripts/bench-decisions, scripts/bench-postgres): start a
# release server with the demo data, and make the bearer token and the call a decision run
# sends. Sourced after lib.sh; the caller sets bench_dir and owns the pids array.

bench_start() { # name binary [database] -> port (the server in the background, its pid in pids)
  local name=$1 bin=$2 db=${3:-} port
  port=$(free_port)
  mkdir -p "$bench_dir/$name"
  [ -n "$db" ] || db="$bench_dir/$name/earmark.db"
  EARMARK_DATABASE="$db" EARMARK_RECORDINGS_DIR="$bench_dir/$name/recordings" RUST_LOG=warn "$bin" demo >/dev/null
  EARMARK_DATABASE="$db" EARMARK_RECORDINGS_DIR="$bench_dir/$name/recordings" RUST_LOG=warn \
    "$bin" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "$port"
}

bench_setup() { # port -> "company token body"
  python3 - "$1" <<'PY'
import http.cookiejar, json, sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"content-type": "application/json"})
    return json.load(opener.open(req))
call("POST", "/api/v1/session", {"email": "admin@northwind.demo.test", "password": "demo-pass-2026"})
company = [c for c in call("GET", "/api/v1/companies") if c["name"] == "Northwind Traders"][0]["id"]
token = call("POST", "/api/v1/tokens", {"company": company, "name": "bench", "privileges": ["recording_policy.view"]})["token"]
devices = call("GET", f"/api/v1/companies/{company}/devices")
desk = [d for d in devices if d["owner"]][0]["id"]
other = [d for d in devices if d["id"] != desk][0]["id"]
print(company, token, json.dumps({"source": {"device": desk}, "destination": {"device": other}, "caller_input": "none"}, separators=(",", ":")))
PY
}
