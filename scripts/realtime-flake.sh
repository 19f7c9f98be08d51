#!/usr/bin/env bash
# Reruns the main job in real time many times, several at once, and counts the runs that did not converge
# (issue 8: the real-time "not converged … BGP segments in flight" report). Not part of CI: it takes minutes.
# Usage: scripts/realtime-flake.sh [RUNS=200] [LOOPS=4] [TOPOLOGY=topologies/quickstart.yaml]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-200}"; loops="${2:-4}"; topology="${3:-topologies/quickstart.yaml}"
cd "$root"
out="$(mktemp -d)"
# A build of its own, so that editing the sources while it runs changes nothing (./actorfabric would rebuild).
dotnet build src/ActorFabric.Cli/ActorFabric.Cli.csproj -c Release -o "$out/cli" --nologo -v q -clp:ErrorsOnly >/dev/null
per=$(( (runs + loops - 1) / loops ))
for l in $(seq 1 "$loops"); do
  (
    for i in $(seq 1 "$per"); do
      n=$(( (l - 1) * per + i )); (( n <= runs )) || break
      if CI=1 dotnet "$out/cli/actorfabric.dll" up "$topology" --timeout 30s >"$out/run-$n.log" 2>&1; then rm -f "$out/run-$n.log"; else echo "run $n failed" >&2; fi
    done
  ) &
done
wait
failed=$(find "$out" -name 'run-*.log' | wc -l)
echo "$runs runs in $loops parallel loops: $((runs - failed)) converged, $failed failed"
if (( failed > 0 )); then echo "logs of the failed runs: $out"; else rm -rf "$out"; fi
(( failed == 0 ))
