// Makes data/outlines/ots_countries.json: country outlines cropped to the Turkic states region, from
// Natural Earth 1:50m admin-0 countries (public domain) as packaged by the npm package world-atlas 2.0.2
// (TopoJSON). Also prints each member state's extent (used for configs/regions.toml, rounded outward to 0.1°).
//
// Usage (Node 20, no dependencies):
//   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//   node scripts/make_outlines.mjs package/countries-50m.json > data/outlines/ots_countries.json
import { readFileSync } from "node:fs";

const CROP = { lonMin: 20, latMin: 30, lonMax: 95, latMax: 60 };
const MEMBERS = ["Azerbaijan", "Kazakhstan", "Turkey", "Uzbekistan", "Kyrgyzstan", "Turkmenistan"];

const topo = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [sx, sy] = topo.transform.scale;
const [tx, ty] = topo.transform.translate;
// Decode delta-encoded quantised arcs into absolute lon/lat.
const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
});
const arcPoints = (i) => (i >= 0 ? arcs[i] : arcs[~i].slice().reverse());
const ring = (indices) => {
  const out = [];
  indices.forEach((i, k) => { const pts = arcPoints(i); out.push(...(k === 0 ? pts : pts.slice(1))); });
  return out;
};
const r2 = (v) => Math.round(v * 20) / 20;
const countries = [];
for (const g of topo.objects.countries.geometries) {
  const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
  const rings = []; // polylines in lon/lat degrees
  for (const polygon of polygons) {
    for (const r of polygon) {
      const pts = ring(r);
      const inside = pts.some(([x, y]) => x >= CROP.lonMin && x <= CROP.lonMax && y >= CROP.latMin && y <= CROP.latMax);
      if (!inside) continue;
      const rounded = [];
      for (const [x, y] of pts) {
        const p = [r2(x), r2(y)];
        const last = rounded[rounded.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) rounded.push(p);
      }
      // Keep only the stretches inside the crop box (plus one point either side), as open polylines.
      const keep = (p) => p[0] >= CROP.lonMin && p[0] <= CROP.lonMax && p[1] >= CROP.latMin && p[1] <= CROP.latMax;
      let line = [];
      rounded.forEach((p, k) => {
        const near = keep(p) || (k > 0 && keep(rounded[k - 1])) || (k + 1 < rounded.length && keep(rounded[k + 1]));
        if (near) line.push(p);
        else if (line.length) { if (line.length >= 2) rings.push(line); line = []; }
      });
      if (line.length >= 2) rings.push(line);
    }
  }
  if (rings.length === 0) continue;
  const name = g.properties.name;
  countries.push({ name, rings });
  if (MEMBERS.includes(name)) {
    const xs = rings.flat().map((p) => p[0]), ys = rings.flat().map((p) => p[1]);
    console.error(`${name}: lon ${Math.min(...xs)}..${Math.max(...xs)} lat ${Math.min(...ys)}..${Math.max(...ys)}`);
  }
}
countries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const out = {
  source: "Natural Earth 1:50m admin-0 countries (public domain) via npm world-atlas 2.0.2 countries-50m.json",
  script: "scripts/make_outlines.mjs",
  crop_deg: CROP,
  precision_deg: 0.05,
  countries,
};
process.stdout.write(JSON.stringify(out) + "\n");
