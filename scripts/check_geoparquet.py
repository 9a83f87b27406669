#!/usr/bin/env python3
"""Reads satfiber's `coverage --format parquet` output with pyarrow and GeoPandas (readers other than
satfiber's own) and checks it against the same run's CSV.

Pinned: pyarrow 26.0.1, geopandas 1.2.0, shapely 2.2.0, pyproj 3.7.2 (installed by .ci/python.sh).
Usage: check_geoparquet.py CELLS.parquet CELLS.csv GRID_DEG
Checks: the GeoParquet 1.0.0 `geo` metadata (primary column, WKB, Polygon, bbox); GeoPandas' reading of it
(CRS OGC:CRS84 by default); every row's columns equal the CSV's to its printed decimals; each
geometry is the cell's square (centre ± GRID_DEG/2). Prints one line `ok: N cells ...`; exits 1 on a mismatch.
"""
import csv
import json
import math
import sys

import geopandas
import pyarrow.parquet as pq

parquet_path, csv_path, grid_deg = sys.argv[1], sys.argv[2], float(sys.argv[3])
table = pq.read_table(parquet_path)
meta = table.schema.metadata or {}
geo = json.loads(meta[b"geo"])
assert geo["version"] == "1.0.0", geo
assert geo["primary_column"] == "geometry", geo
column = geo["columns"]["geometry"]
assert column["encoding"] == "WKB" and column["geometry_types"] == ["Polygon"], column

frame = geopandas.read_parquet(parquet_path)
assert frame.crs is not None and frame.crs.to_string() == "OGC:CRS84", frame.crs
with open(csv_path, newline="") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == len(frame), (len(rows), len(frame))
columns = list(rows[0].keys())
assert list(frame.columns) == columns + ["geometry"], list(frame.columns)

half = grid_deg / 2
xmin = ymin = math.inf
xmax = ymax = -math.inf
for i, row in enumerate(rows):
    for name in columns:
        text = row[name]
        decimals = len(text.split(".")[1]) if "." in text else 0
        value = float(frame[name].iloc[i])
        if abs(value - float(text)) > 0.5 * 10.0 ** -decimals + 1e-9:
            sys.exit(f"row {i} column {name}: parquet {value!r}, csv {text}")
    lat, lon = float(frame["latitude_deg"].iloc[i]), float(frame["longitude_deg"].iloc[i])
    bounds = frame.geometry.iloc[i].bounds
    want = (lon - half, lat - half, lon + half, lat + half)
    if any(abs(a - b) > 1e-9 for a, b in zip(bounds, want)) or not math.isclose(frame.geometry.iloc[i].area, grid_deg**2):
        sys.exit(f"row {i}: polygon bounds {bounds}, expected {want}")
    xmin, ymin, xmax, ymax = min(xmin, bounds[0]), min(ymin, bounds[1]), max(xmax, bounds[2]), max(ymax, bounds[3])
if any(abs(a - b) > 1e-9 for a, b in zip(column["bbox"], (xmin, ymin, xmax, ymax))):
    sys.exit(f"bbox {column['bbox']}, geometries span {(xmin, ymin, xmax, ymax)}")
print(f"ok: {len(frame)} cells, {len(columns)} columns + geometry, crs {frame.crs.to_string()}, "
      f"pyarrow {pq.__name__ and __import__('pyarrow').__version__}, geopandas {geopandas.__version__}")
