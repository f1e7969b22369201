#!/usr/bin/python3
"""What the confidence gate lets through, from `eval --gauges` CSV files: for each file and gate,
the share of dials shown as OK and how many of those are more than 2% and 5% of the span off.

    java -jar target/meter-reader.jar eval DIR --split train --min-confidence 0.5 --gauges a.csv
    models/training/gate_sweep.py a.csv b.csv --gates 0.5,0.55,0.6

A new segmenter changes the reader's confidence as well as its readings (MODEL_CARD.md): before
one ships, compare it with the shipped one at the gate where both show about as many dials.
Gates below the one `eval` was run with cannot be told (those readings are not OK in the file).
"""
import argparse
import csv


def sweep(path, gates):
    rows = [r for r in csv.DictReader(open(path)) if r["type"] == "pointer"]
    out = []
    for gate in gates:
        shown = [float(r["error"]) * 100 for r in rows
                 if r["status"] == "OK" and r["error"] and float(r["confidence"]) >= gate]
        out.append((gate, len(shown) / max(1, len(rows)), sum(e > 2 for e in shown), sum(e > 5 for e in shown)))
    return len(rows), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--gates", default="0.5,0.55,0.6,0.65,0.7")
    args = ap.parse_args()
    gates = [float(g) for g in args.gates.split(",")]
    for path in args.csv:
        n, out = sweep(path, gates)
        cells = "  ".join(f"{g}: {share:.1%} {over2}/{over5}" for g, share, over2, over5 in out)
        print(f"{path} ({n} dials; gate: shown, >2%/>5% off)  {cells}")


if __name__ == "__main__":
    main()
