#!/usr/bin/env bash
# Runs every test project in Release. Installs the real peers the tests drive (GoBGP, FRR,
# tshark, PostgreSQL, docker-compose, Prometheus, Chromium) from Debian when they are missing; the tests start and stop them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# gobgpd ships both gobgpd and the gobgp CLI; frr ships bgpd, zebra (in /usr/lib/frr) and vtysh;
# iproute2 (ip, bridge) builds the network namespace of the FRR VTEP tests.
need=()
command -v gobgpd >/dev/null 2>&1 && command -v gobgp >/dev/null 2>&1 || need+=(gobgpd)
[[ -x /usr/lib/frr/bgpd && -x /usr/lib/frr/zebra && -x /usr/bin/vtysh ]] || need+=(frr)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
[[ -x /usr/sbin/ip && -x /usr/sbin/bridge ]] || need+=(iproute2)
# The cluster tests start their own PostgreSQL (initdb into a temp folder, run as the postgres user) and
# validate docker/compose.yaml with docker-compose (Docker itself cannot run here).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
# Prometheus and promtool (Debian's prometheus): /metrics checks and the dashboard tests, which start it on loopback;
# their schema check installs @grafana/schema with npm itself (tests/grafana-schema).
[[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] || need+=(prometheus)
command -v chromium >/dev/null 2>&1 || need+=(chromium) # headless: renders `run --report` pages
if ((${#need[@]})); then
  echo "test.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Other jobs on the machine may hold the dpkg lock for a while; wait instead of failing.
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
fi

dotnet build ActorFabric.sln -c Release --nologo -v q -clp:ErrorsOnly
log="$(mktemp)"
set +e
dotnet test ActorFabric.sln -c Release --no-build --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over the test projects.
awk '/^(Passed|Failed)!/ { for (i=1;i<=NF;i++) { if ($i=="Failed:") f+=$(i+1); if ($i=="Passed:") p+=$(i+1); if ($i=="Skipped:") s+=$(i+1) } }
     END { gsub(",","",p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$rc"
