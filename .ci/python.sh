#!/usr/bin/env bash
# Python readers for the tests that check satfiber's files with tools other than satfiber (today: the Parquet /
# GeoParquet output, read with pyarrow and GeoPandas). Idempotent; makes a venv with pinned versions and exports
# SATFIBER_PYTHON for `cargo test`. Source it (`. .ci/python.sh`) so the variable reaches the tests, or run it
# and set SATFIBER_PYTHON=$SATFIBER_VENV/bin/python yourself.
# Works on a fresh Debian 12 as root (installs python3-venv when missing); only PyPI and Debian packages.
set -euo pipefail
SATFIBER_VENV="${SATFIBER_VENV:-$HOME/.cache/satfiber/venv-readers}"
PINNED="pyarrow==26.0.1 geopandas==1.2.0 shapely==2.2.0 pyproj==3.7.2 numpy==2.4.6 pandas==3.1.1"
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
if [ ! -x "$SATFIBER_VENV/bin/python" ]; then
  python3 -m venv "$SATFIBER_VENV"
fi
# Installed only when the pinned set is not already there.
if ! "$SATFIBER_VENV/bin/python" -c 'import pyarrow, geopandas, shapely, sys
want = dict(p.split("==") for p in sys.argv[1:])
have = {"pyarrow": pyarrow.__version__, "geopandas": geopandas.__version__, "shapely": shapely.__version__}
sys.exit(any(have[k] != want[k] for k in have))' $PINNED >/dev/null 2>&1; then
  "$SATFIBER_VENV/bin/python" -m pip install -q --disable-pip-version-check $PINNED
fi
export SATFIBER_PYTHON="$SATFIBER_VENV/bin/python"
echo "python readers: $("$SATFIBER_PYTHON" -c 'import pyarrow, geopandas; print("pyarrow", pyarrow.__version__, "geopandas", geopandas.__version__)')"
