#!/usr/bin/env bash
# Import speed: generates ROWS rows (default 100,000) in the tracker's own CSV format over
# the real jurisdictions, imports them with `tracker import` into a fresh database, and
# prints rows per second for the check (dry run) and for the import.
# Usage: bash bench/import.sh [ROWS]
ROWS=${1:-100000}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/bench.db"
./target/release/tracker places load "$refdata" | tail -1
printf 'benchmark importer passphrase\n' | ./target/release/tracker user add bench_importer --role moderator >/dev/null
python3 - "$refdata" "$ROWS" > "$work/deals.csv" <<'PY'
import csv, glob, random, sys
refdata, rows = sys.argv[1], int(sys.argv[2])
random.seed(7)
geoids = []
for pattern in ("*_Gaz_counties_national.txt", "*_Gaz_place_national.txt"):
    for path in glob.glob(f"{refdata}/**/{pattern}", recursive=True):
        with open(path, encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="|"):
                if r.get("FUNCSTAT", "A") == "A" and r["USPS"] not in ("PR",):
                    geoids.append((r["GEOIDFQ"], r["NAME"], r["USPS"]))
kinds = ["cloud_contract", "tax_abatement", "cash_grant", "procurement_contract", "police_partnership", "tif"]
entities = ["Amazon Web Services, Inc.", "Amazon.com Services LLC", "Ring LLC", "Amazon.com, Inc."]
w = csv.writer(sys.stdout)
w.writerow(["external_id", "title", "kind", "status", "government", "government_kind", "state", "geoidfq", "leaid", "entity",
            "amount_usd", "amount_disclosed", "value_basis", "announced", "approved", "starts", "ends", "agency", "program",
            "jobs_promised", "facility_name", "facility_location", "description", "source_urls", "source_citations"])
for i in range(rows):
    g, name, usps = random.choice(geoids)
    kind = random.choice(kinds)
    disclosed = random.random() < 0.8
    w.writerow([f"bench-{i}", f"{kind.replace('_', ' ').title()} {i} with {name}", kind, "active", name, "", usps, g, "",
                random.choice(entities), f"{random.randint(1, 5000) * 1000}.00" if disclosed else "", "yes" if disclosed else "no",
                "estimated" if disclosed else "", "", str(random.randint(2012, 2025)), "", "", "County Board", "", "", "", "",
                "Generated for the import benchmark", f"https://example.org/docs/{i}.pdf", ""])
PY
echo "file: $ROWS rows, $(du -h "$work/deals.csv" | cut -f1)"
echo "== check (dry run)"
./target/release/tracker import "$work/deals.csv" --dry-run | tail -1
echo "== import"
/usr/bin/time -f "peak memory: %M KB" ./target/release/tracker import "$work/deals.csv" --as bench_importer 2>&1 | tail -2
echo "== re-import (nothing to do)"
./target/release/tracker import "$work/deals.csv" --as bench_importer | tail -1
echo "reproduce: bash bench/import.sh $ROWS"
