#!/usr/bin/env python3
"""Figures of a UCDP GED CSV computed independently of Jirga (Python's csv module and its own
geometry), for the import test to compare with: event count, date range, deaths totals, and the
number of events within N km of the boundary line.

Usage: ucdp_figures.py FILE BOUNDARY_GEOJSON [KM]   -> one JSON object on standard output
"""
import csv
import json
import math
import sys

EARTH_RADIUS_M = 6_371_008.8


def boundary_lines(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    lines = []
    for feature in doc["features"]:
        g = feature["geometry"]
        if g["type"] == "LineString":
            lines.append(g["coordinates"])
        elif g["type"] == "MultiLineString":
            lines.extend(g["coordinates"])
    return lines


def segment_distance_m(lon, lat, a, b):
    # A local flat projection centred on the point: good to well under 1 % at tens of km.
    k = math.cos(math.radians(lat))
    ax, ay = math.radians(a[0] - lon) * k * EARTH_RADIUS_M, math.radians(a[1] - lat) * EARTH_RADIUS_M
    bx, by = math.radians(b[0] - lon) * k * EARTH_RADIUS_M, math.radians(b[1] - lat) * EARTH_RADIUS_M
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    cx, cy = ax + t * dx, ay + t * dy
    return math.hypot(cx, cy)


def main():
    path, geo = sys.argv[1], sys.argv[2]
    km = float(sys.argv[3]) if len(sys.argv) > 3 else 25.0
    lines = boundary_lines(geo)
    events, best, low, high, near = 0, 0, 0, 0, 0
    first, last = None, None
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.DictReader(f)
        for row in rows:
            if row["id"] == "" and row["latitude"].startswith("#"):
                continue  # the HXL hashtag row
            events += 1
            day = row["date_start"][:10]
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
            best += int(row["best"])
            low += int(row["low"])
            high += int(row["high"])
            lat, lon = float(row["latitude"]), float(row["longitude"])
            d = min(segment_distance_m(lon, lat, a, b) for line in lines for a, b in zip(line, line[1:]))
            if d <= km * 1000:
                near += 1
    print(json.dumps({"events": events, "first": first, "last": last, "best": best, "low": low,
                      "high": high, "within_km": km, "near": near}))


if __name__ == "__main__":
    main()
