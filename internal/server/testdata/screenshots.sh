#!/usr/bin/env bash
# Screenshots of pages of the bundled content, in headless Chromium.
# Usage: screenshots.sh BIN INDEX OUTDIR
set -euo pipefail
bin=$1 index=$2 out=$3
addr=127.0.0.1:18090
mkdir -p "$out"
"$bin" serve --index "$index" --addr "$addr" --access-log=false >/dev/null 2>&1 &
pid=$!
profile=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$profile"' EXIT
for _ in $(seq 50); do curl -fs "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
shot() { # name, path
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1280,1400 \
    --screenshot="$out/$1.png" "http://$addr$2" >/dev/null 2>&1
  echo "$out/$1.png"
}
shot recherche "/recherche?q=donnees+eleves&role=enseignant"
shot clause "/clauses/cadre-devoirs-fraude-definition"
shot role "/roles/aesh"
shot reponse "/recherche?q=puis-je+mettre+les+notes+de+mes+eleves+dans+chatgpt"
shot question "/questions/notes-appreciations-eleves-chatgpt"
shot glossaire "/glossaire"
shot dossier "/dossier?ids=cadre-obligations-rgpd,cadre-obligations-comptes-eleves-interdits,cadre-devoirs-fraude-definition&commentaires=1"
shot positions "/positions"
