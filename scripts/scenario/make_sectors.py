#!/usr/bin/env python3
"""Derive the sector polygons of the Durand Line demo deployment.

Standard library only. Run from anywhere:

    python3 scripts/scenario/make_sectors.py           # rewrite "sectors" in deployment.json, then check
    python3 scripts/scenario/make_sectors.py --check   # only check the files as they are

Method (see scenarios/durand-line/SOURCE.md):
  1. Read the Natural Earth boundary line (580 points, Iran tripoint -> China tripoint) and
     project it to kilometres (equirectangular, centred on 33.5 N, 67.7 E).
  2. Cut it at the vertices nearest to fixed distances along the line (SECTORS), chosen
     near district limits; each sector owns one piece of the line.
  3. On a raster of GRID_KM cells, give every cell within CORRIDOR_KM of the line to the
     sector whose piece is nearest (a Voronoi partition of the corridor by piece). Each
     sector is then one connected region, the regions tile the corridor, and the boundary
     between two neighbours starts at their cut point on the line.
  4. Trace each region's outline on the cell lattice, split it at junctions (corners where
     three regions, or a region and the outside of the corridor, meet), simplify every
     shared boundary once with Douglas-Peucker (SIMPLIFY_KM) so that both neighbours get
     exactly the same vertices, and simplify the outer edge of the corridor more coarsely
     where needed to stay within MAX_POINTS. Rings are closed and counter-clockwise.
  5. Check: rings are simple, at most MAX_POINTS points, counter-clockwise; every point of
     the densified boundary line lies in exactly one sector; no two sectors overlap;
     every crossing and place lies in a sector, and every demo incident point in its
     named sector.
"""
import json
import math
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCEN = os.path.join(ROOT, "scenarios", "durand-line")
LINE = os.path.join(SCEN, "geo", "afg_pak_boundary_ne10m.geojson")
DEPLOYMENT = os.path.join(SCEN, "deployment.json")
DEMO = os.path.join(SCEN, "demo.json")

LAT0 = 33.5
LON0 = 67.7
KX = 111.32 * math.cos(math.radians(LAT0))  # km per degree of longitude at LAT0
KY = 110.574  # km per degree of latitude

CORRIDOR_KM = 60.0
GRID_KM = 2.0         # raster cell
SIMPLIFY_KM = 2.5     # Douglas-Peucker tolerance for boundaries between sectors (and the
                      # first one tried for the outer edge of the corridor)
MAX_POINTS = 40

# Sectors from south-west to north-east: id, name, and where the sector ends, as a distance
# along the Natural Earth 10m line (2,227 km in this projection; the cut is made at the
# nearest vertex of the line). The last one runs to the China tripoint.
SECTORS = [
    ("chagai-nimroz", {"en": "Chagai–Nimroz/Helmand", "ur": "چاغی–نیمروز/ہلمند", "ps": "چاغي–نیمروز/هلمند", "prs": "چاغی–نیمروز/هلمند"}, 470),
    ("chaman-spin-boldak", {"en": "Chaman–Spin Boldak", "ur": "چمن–سپین بولدک", "ps": "چمن–سپین بولدک", "prs": "چمن–سپین بولدک"}, 765),
    ("zhob", {"en": "Zhob–Zabul/Paktika", "ur": "ژوب–زابل/پکتیکا", "ps": "ژوب–زابل/پکتیکا", "prs": "ژوب–زابل/پکتیکا"}, 1090),
    ("south-waziristan", {"en": "South Waziristan–Paktika", "ur": "جنوبی وزیرستان–پکتیکا", "ps": "سویلي وزیرستان–پکتیکا", "prs": "وزیرستان جنوبی–پکتیکا"}, 1215),
    ("north-waziristan", {"en": "North Waziristan–Khost (Ghulam Khan)", "ur": "شمالی وزیرستان–خوست (غلام خان)", "ps": "شمالي وزیرستان–خوست (غلام خان)", "prs": "وزیرستان شمالی–خوست (غلام خان)"}, 1325),
    ("kurram", {"en": "Kurram–Paktia", "ur": "کرم–پکتیا", "ps": "کورم–پکتیا", "prs": "کرم–پکتیا"}, 1472),
    ("khyber-torkham", {"en": "Khyber–Nangarhar (Torkham)", "ur": "خیبر–ننگرہار (طورخم)", "ps": "خیبر–ننګرهار (تورخم)", "prs": "خیبر–ننگرهار (تورخم)"}, 1572),
    ("mohmand", {"en": "Mohmand–Nangarhar/Kunar", "ur": "مہمند–ننگرہار/کنڑ", "ps": "مومند–ننګرهار/کونړ", "prs": "مهمند–ننگرهار/کنر"}, 1612),
    ("bajaur-kunar", {"en": "Bajaur/Dir–Kunar", "ur": "باجوڑ/دیر–کنڑ", "ps": "باجوړ/دیر–کونړ", "prs": "باجور/دیر–کنر"}, 1712),
    ("chitral", {"en": "Chitral–Nuristan/Badakhshan (to the Wakhan)", "ur": "چترال–نورستان/بدخشاں (واخان تک)", "ps": "چترال–نورستان/بدخشان (تر واخانه)", "prs": "چترال–نورستان/بدخشان (تا واخان)"}, None),
]


# ---------------------------------------------------------------- output
_SCALAR_ARRAY = re.compile(r'\[\n\s+((?:-?[0-9.eE+-]+|"[^"\n]*"|true|false|null)(?:,\n\s+(?:-?[0-9.eE+-]+|"[^"\n]*"|true|false|null))*)\n\s*\]')


def dumps(obj):
    """json.dumps with 2-space indent, but arrays of scalars ([lon, lat], ["PK", "AF"]) on one line."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return _SCALAR_ARRAY.sub(lambda m: "[" + re.sub(r",\n\s+", ", ", m.group(1)) + "]", text) + "\n"


# ---------------------------------------------------------------- projection
def to_km(lon, lat):
    return ((lon - LON0) * KX, (lat - LAT0) * KY)


def to_deg(x, y):
    return (LON0 + x / KX, LAT0 + y / KY)


# ---------------------------------------------------------------- geometry
def sub(a, b):
    return (a[0] - b[0], a[1] - b[1])


def add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def mul(a, k):
    return (a[0] * k, a[1] * k)


def norm(a):
    n = math.hypot(a[0], a[1])
    return (a[0] / n, a[1] / n)


def seg_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    l2 = dx * dx + dy * dy
    t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(pts, tol):
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, None
        for k in range(i + 1, j):
            d = seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx is not None and best > tol:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(pts, keep) if k]


def point_in_ring(p, ring):
    """Even-odd rule; ring is a closed list of (x, y)."""
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def dist_to_ring(p, ring):
    return min(seg_dist(p, a, b) for a, b in zip(ring, ring[1:]))


def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def proper_cross(p1, p2, q1, q2):
    """True if the open segments p1p2 and q1q2 cross at a single interior point."""
    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    eps = 1e-9
    return ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and \
           ((d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps))


def signed_area(ring):
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))


def ring_is_simple(ring):
    edges = list(zip(ring, ring[1:]))
    n = len(edges)
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue
            if proper_cross(*edges[i], *edges[j]):
                return False
    return True


# ---------------------------------------------------------------- derivation
def load_line():
    with open(LINE, encoding="utf-8") as f:
        g = json.load(f)
    coords = g["features"][0]["geometry"]["coordinates"]
    return [to_km(lon, lat) for lon, lat in coords]


def cumulative(pts):
    cum = [0.0]
    for a, b in zip(pts, pts[1:]):
        cum.append(cum[-1] + math.dist(a, b))
    return cum


def label_grid(line, cut_idx):
    """Raster of GRID_KM cells: 0 outside the corridor, else 1 + the number of the sector
    whose piece of the line is nearest to the cell centre (a Voronoi partition by piece)."""
    h = GRID_KM
    xs = [p[0] for p in line]
    ys = [p[1] for p in line]
    pad = CORRIDOR_KM + 4 * h
    x0, y0 = min(xs) - pad, min(ys) - pad
    nx = int((max(xs) + pad - x0) / h) + 1
    ny = int((max(ys) + pad - y0) / h) + 1
    best = [[CORRIDOR_KM] * nx for _ in range(ny)]
    label = [bytearray(nx) for _ in range(ny)]
    r = CORRIDOR_KM
    piece = 0
    for k, (a, b) in enumerate(zip(line, line[1:])):
        while k >= cut_idx[piece + 1]:
            piece += 1
        i0 = max(0, int((min(a[0], b[0]) - r - x0) / h) - 1)
        i1 = min(nx - 1, int((max(a[0], b[0]) + r - x0) / h) + 1)
        j0 = max(0, int((min(a[1], b[1]) - r - y0) / h) - 1)
        j1 = min(ny - 1, int((max(a[1], b[1]) + r - y0) / h) + 1)
        for j in range(j0, j1 + 1):
            brow, lrow = best[j], label[j]
            cy = y0 + (j + 0.5) * h
            for i in range(i0, i1 + 1):
                d = seg_dist((x0 + (i + 0.5) * h, cy), a, b)
                if d < brow[i] or (d == brow[i] and not lrow[i]):
                    brow[i] = d
                    lrow[i] = piece + 1
    return label, x0, y0, nx, ny


def trace_regions(label, nx, ny):
    """For every label > 0: its boundary as one counter-clockwise ring of lattice corners
    (the label on the left), and the set of junction corners (three or more labels meet, or a
    2x2 chequer)."""
    def lab(i, j):
        return label[j][i] if 0 <= i < nx and 0 <= j < ny else 0

    nodes = set()
    for j in range(ny + 1):
        for i in range(nx + 1):
            q = (lab(i - 1, j - 1), lab(i, j - 1), lab(i, j), lab(i - 1, j))  # SW, SE, NE, NW
            if len(set(q)) >= 3 or (q[0] == q[2] and q[1] == q[3] and q[0] != q[1]):
                nodes.add((i, j))
    rings = {}
    for k in sorted({v for row in label for v in row} - {0}):
        nxt = {}
        for j in range(ny):
            row = label[j]
            for i in range(nx):
                if row[i] != k:
                    continue
                if lab(i, j - 1) != k:
                    nxt.setdefault((i, j), []).append((i + 1, j))
                if lab(i + 1, j) != k:
                    nxt.setdefault((i + 1, j), []).append((i + 1, j + 1))
                if lab(i, j + 1) != k:
                    nxt.setdefault((i + 1, j + 1), []).append((i, j + 1))
                if lab(i - 1, j) != k:
                    nxt.setdefault((i, j + 1), []).append((i, j))
        found = []
        while nxt:
            start = min(nxt)
            ring, cur, prev_dir = [start], start, None
            while True:
                outs = nxt[cur]
                if len(outs) > 1 and prev_dir is not None:  # chequer corner: turn left
                    outs.sort(key=lambda o: -(prev_dir[0] * (o[1] - cur[1]) - prev_dir[1] * (o[0] - cur[0])))
                nb = outs.pop(0)
                if not outs:
                    del nxt[cur]
                prev_dir = (nb[0] - cur[0], nb[1] - cur[1])
                cur = nb
                if cur == start:
                    break
                ring.append(cur)
            found.append(ring)
        rings[k] = found
    return rings, nodes


def build():
    line = load_line()
    cum = cumulative(line)
    cut_idx = [0]
    for _, _, target in SECTORS[:-1]:
        cut_idx.append(min(range(len(line)), key=lambda i: abs(cum[i] - target)))
    cut_idx.append(len(line) - 1)
    label, x0, y0, nx, ny = label_grid(line, cut_idx)
    rings, nodes = trace_regions(label, nx, ny)
    h = GRID_KM

    def km(c):
        return (x0 + c[0] * h, y0 + c[1] * h)

    def lab(i, j):
        return label[j][i] if 0 <= i < nx and 0 <= j < ny else 0

    def outside_arc(seg):
        """True if the arc runs along the edge of the corridor (label 0 on its right)."""
        (i, j), (i2, j2) = seg[0], seg[1]
        di, dj = i2 - i, j2 - j
        # cell on the right of the directed lattice edge
        ci, cj = {(1, 0): (i, j - 1), (0, 1): (i, j), (-1, 0): (i - 1, j), (0, -1): (i - 1, j - 1)}[(di, dj)]
        return lab(ci, cj) == 0

    cache = {}

    def simplified(seg, tol):
        canon = seg if seg[0] < seg[-1] or (seg[0] == seg[-1] and seg[1] < seg[-2]) else seg[::-1]
        key = (tuple(canon), tol)
        if key not in cache:
            cache[key] = douglas_peucker([km(c) for c in canon], tol)
        out = cache[key]
        return out if canon is seg else out[::-1]

    sectors = []
    for k, (sid, names, _) in enumerate(SECTORS, start=1):
        if len(rings.get(k, [])) != 1:
            raise SystemExit(f"{sid}: {len(rings.get(k, []))} rings in the raster")
        ring = rings[k][0]
        first = next(n for n, c in enumerate(ring) if c in nodes)
        ring = ring[first:] + ring[:first] + [ring[first]]
        segs, cur = [], [ring[0]]
        for c in ring[1:]:
            cur.append(c)
            if c in nodes:
                segs.append(cur)
                cur = [c]
        tol_out = SIMPLIFY_KM
        while True:
            pts = []
            for seg in segs:
                part = simplified(seg, tol_out if outside_arc(seg) else SIMPLIFY_KM)
                pts.extend(part if not pts else part[1:])
            if len(pts) <= MAX_POINTS:
                break
            tol_out *= 1.2
        deg = [[round(x, 5), round(y, 5)] for x, y in (to_deg(*p) for p in pts)]
        if signed_area(deg) < 0:
            deg.reverse()
        sectors.append({"id": sid, "name": names, "polygon": deg})
    for (sid, _, _), i in zip(SECTORS, cut_idx[1:-1]):
        lon, lat = to_deg(*line[i])
        print(f"cut after {sid:20s} at km {cum[i]:6.0f}  ({lat:.4f} N, {lon:.4f} E)")
    return sectors


# ---------------------------------------------------------------- checks
def check(deployment, demo):
    errors = []
    sectors = deployment["sectors"]
    rings = {s["id"]: [to_km(*p) for p in s["polygon"]] for s in sectors}
    for s in sectors:
        poly = s["polygon"]
        sid = s["id"]
        if poly[0] != poly[-1]:
            errors.append(f"{sid}: ring not closed")
        if len(poly) > MAX_POINTS:
            errors.append(f"{sid}: {len(poly)} points > {MAX_POINTS}")
        if signed_area(poly) <= 0:
            errors.append(f"{sid}: not counter-clockwise")
        if not ring_is_simple(rings[sid]):
            errors.append(f"{sid}: ring self-intersects")
    # pairwise: no proper edge crossings, no vertex strictly inside another sector
    ids = list(rings)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            ra, rb = rings[a], rings[b]
            for e1 in zip(ra, ra[1:]):
                for e2 in zip(rb, rb[1:]):
                    if proper_cross(*e1, *e2):
                        errors.append(f"{a} and {b} overlap (edges cross)")
                        break
                else:
                    continue
                break
            for p in ra[:-1]:
                if point_in_ring(p, rb) and dist_to_ring(p, rb) > 1e-3:
                    errors.append(f"vertex of {a} inside {b}")
                    break
            for p in rb[:-1]:
                if point_in_ring(p, ra) and dist_to_ring(p, ra) > 1e-3:
                    errors.append(f"vertex of {b} inside {a}")
                    break
    # the densified line: each sample in exactly one sector (points within 10 m of a
    # shared cut edge may be counted twice or once)
    line = load_line()
    samples = []
    for a, b in zip(line, line[1:]):
        steps = max(1, int(math.dist(a, b) / 0.5))
        for k in range(steps):
            samples.append(add(a, mul(sub(b, a), k / steps)))
    samples.append(line[-1])
    # edges used by one sector only form the outline of the corridor; shared edges are cuts
    def key(a, b):
        return (round(a[0], 6), round(a[1], 6), round(b[0], 6), round(b[1], 6))
    count = {}
    for r in rings.values():
        for a, b in zip(r, r[1:]):
            k = key(*sorted([a, b]))
            count[k] = count.get(k, 0) + 1
    outline = [(a, b) for r in rings.values() for a, b in zip(r, r[1:])
               if count[key(*sorted([a, b]))] == 1]
    min_margin = float("inf")
    for p in samples:
        hits = [sid for sid, r in rings.items() if point_in_ring(p, r)]
        near = [sid for sid, r in rings.items() if dist_to_ring(p, r) < 0.01]
        if len(hits) != 1 and not near:
            errors.append(f"line point {to_deg(*p)} in {len(hits)} sectors")
        min_margin = min(min_margin, min(seg_dist(p, a, b) for a, b in outline))
    # crossings, places, demo incidents
    def in_sector(lon, lat, sid, what):
        if sid not in rings:
            errors.append(f"{what}: unknown sector {sid}")
            return
        p = to_km(lon, lat)
        if not point_in_ring(p, rings[sid]):
            owner = [k for k, r in rings.items() if point_in_ring(p, r)]
            errors.append(f"{what}: ({lat}, {lon}) not in sector {sid} (in {owner})")
    for c in deployment.get("crossings", []):
        in_sector(c["lon"], c["lat"], c["sector"], f"crossing {c['id']}")
    for pl in deployment.get("places", []):
        p = to_km(pl["lon"], pl["lat"])
        if not any(point_in_ring(p, r) for r in rings.values()):
            errors.append(f"place {pl['name']['en']} outside all sectors")
    for st in demo or []:
        if st.get("kind") in ("incident.report", "incident.amend"):
            loc = st["body"]["location"]
            in_sector(loc["lon"], loc["lat"], loc["sector"], f"statement {st.get('label') or st.get('refs')}")
    return errors, min_margin


def main():
    only_check = "--check" in sys.argv[1:]
    with open(DEPLOYMENT, encoding="utf-8") as f:
        deployment = json.load(f)
    if not only_check:
        deployment["sectors"] = build()
        with open(DEPLOYMENT, "w", encoding="utf-8") as f:
            f.write(dumps(deployment))
    demo = None
    if os.path.exists(DEMO):
        with open(DEMO, encoding="utf-8") as f:
            demo = json.load(f)
    errors, margin = check(deployment, demo)
    for s in deployment["sectors"]:
        print(f"{s['id']:20s} {len(s['polygon']):3d} points")
    print(f"smallest distance from the line to a corridor edge: {margin:.1f} km")
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
