#!/usr/bin/env bash
# Throughput of three pages under load: gunicorn with 2 workers against the database bench/pages.py kept
# (`bench/pages.py --keep`), DEBUG off, a logged-in session of the bench board user, and wrk for 20 s on the
# board's home page, the register search and the scoreboard. Prints per page: requests/s, p99, errors, the
# single-request time (median of 5 sequential requests) and the target: 2 workers ÷ that time, met when the
# rate is within 1.5× of it, with p99 under 1 s and no errors. Prints figures; asserts nothing.
#
#   bench/load.sh            # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/tdkt_bench_pages
#   DURATION=20 PORT=8099 WORKERS=2 CONNECTIONS=8 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tdkt_bench_pages}
export DEBUG=0 SECRET_KEY=${SECRET_KEY:-bench-load-secret-key-not-for-production} DJANGO_SETTINGS_MODULE=config.settings
PORT=${PORT:-8099} WORKERS=${WORKERS:-2} DURATION=${DURATION:-20} CONNECTIONS=${CONNECTIONS:-8}
BASE=http://127.0.0.1:$PORT

if ! command -v wrk >/dev/null; then  # nothing installed by hand survives this machine: install it each time
  echo "installing wrk…"
  (apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1)) \
    || { echo "wrk is missing and could not be installed"; exit 1; }
fi

# A session for the bench board user (with the data's last year chosen), and the scoreboard's bloc year.
read -r COOKIE SCOREBOARD < <("$PY" - <<'PYEOF'
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from pledges.models import Pledge
user = get_user_model().objects.get(username="bench-board")
pledge = Pledge.objects.order_by("pk").first()
s = SessionStore()
s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[-1]
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s["year"] = pledge.bloc_year.year
s.create()
print(f"{settings.SESSION_COOKIE_NAME}={s.session_key}", f"/blocs/years/{pledge.bloc_year_id}/scoreboard/")
PYEOF
)

.venv/bin/gunicorn config.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -s -o /dev/null "$BASE/login/" && break; sleep 0.5; done

echo "database: $DATABASE_URL; $WORKERS gunicorn workers; wrk ${DURATION}s, $CONNECTIONS connections; $(date -u '+%F %H:%M') UTC"
echo "load average before: $(cat /proc/loadavg)"
printf '| %-22s | %8s | %8s | %7s | %6s | %8s | %8s | %-4s |\n' page "req/s" "p99 ms" errors "1 ms" "target" "÷1.5" met
printf '|%s|\n' "------------------------|----------|----------|---------|--------|----------|----------|------"
for page in "home /" "register?q=nguyen /awards/?q=nguyen" "scoreboard $SCOREBOARD"; do
  label=${page%% *} path=${page#* }
  for _ in 1 2; do curl -s -o /dev/null -b "$COOKIE" "$BASE$path"; done  # warm-up
  single=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -b "$COOKIE" "$BASE$path"; done \
           | sort -n | sed -n 3p)
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$COOKIE" "$BASE$path")
  [ "$status" = 200 ] || echo "warning: $path answers $status"
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $COOKIE" "$BASE$path")
  "$PY" - "$label" "$single" "$WORKERS" "$out" <<'PYEOF'
import re, sys
label, single, workers, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def ms(text):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p99 = ms(re.search(r"99%\s+(\S+)", out).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors += int(m.group(1)) if m else 0
target = workers / single
met = rps >= target / 1.5 and p99 < 1000 and errors == 0
print(f"| {label:<22} | {rps:>8.1f} | {p99:>8.0f} | {errors:>7} | {single * 1000:>6.0f} | {target:>8.1f} "
      f"| {target / 1.5:>8.1f} | {'yes' if met else 'no':<4} |")
PYEOF
done
echo "load average after: $(cat /proc/loadavg)"
