//! The scenario map as a self-contained SVG (no plotters: plain markup that scales with its container): the
//! bundled country outlines, sites, routes drawn through their waypoints, GEO sub-satellite points (an arrow
//! on the map's edge when the point is off the map), LEO ground tracks and visibility circles.
//!
//! Projection: equirectangular, x scaled by cos(middle latitude) so distances near the middle latitude read
//! true; positions are geodetic degrees (WGS-84 latitude, longitude east).

use super::coverage::country_outlines_in;
use super::style;

/// Route medium, for the line style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteStyle {
    /// Solid blue: drawn through the route's surveyed waypoints.
    Submarine,
    /// Dashed grey: a straight segment between the ends (the route's own course is not in the scenario).
    Terrestrial,
}

/// A route: name, style and (latitude, longitude) points.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRoute {
    pub name: String,
    pub style: RouteStyle,
    pub points: Vec<(f64, f64)>,
}

/// A labelled point: name, latitude, longitude (degrees).
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub name: String,
    pub latitude_deg: f64,
    pub longitude_deg: f64,
}

/// Everything on the scenario map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioMap {
    pub title: String,
    /// (lon_min, lat_min, lon_max, lat_max), degrees.
    pub bbox: (f64, f64, f64, f64),
    pub sites: Vec<MapPoint>,
    pub routes: Vec<MapRoute>,
    /// GEO sub-satellite points at the scenario epoch.
    pub geo: Vec<MapPoint>,
    /// LEO ground tracks: label and (latitude, longitude) samples.
    pub tracks: Vec<(String, Vec<(f64, f64)>)>,
    /// Circles around sites within which a LEO satellite is above the minimum elevation: label, centre,
    /// ground radius (km).
    pub circles: Vec<(String, MapPoint, f64)>,
}

/// Mean Earth radius for drawing circles, km.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// Places labels of `size` (w, h) px next to anchors, trying right, left, above, below, then the corners, so
/// that no two label boxes overlap (first come, first placed) and each stays within `0..width_px`. Returns the
/// top-left corner of each label.
pub fn place_labels(anchors: &[(f64, f64)], sizes: &[(f64, f64)], width_px: f64) -> Vec<(f64, f64)> {
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut out = Vec::new();
    for (&(x, y), &(w, h)) in anchors.iter().zip(sizes) {
        let candidates = [
            (x + 7.0, y - h / 2.0),
            (x - 7.0 - w, y - h / 2.0),
            (x - w / 2.0, y - 8.0 - h),
            (x - w / 2.0, y + 8.0),
            (x + 7.0, y + 4.0),
            (x + 7.0, y - 4.0 - h),
            (x - 7.0 - w, y + 4.0),
            (x - 7.0 - w, y - 4.0 - h),
        ];
        let free = |c: &(f64, f64)| {
            c.0 >= 0.0
                && c.0 + w <= width_px
                && placed.iter().all(|p| c.0 + w <= p.0 || p.0 + p.2 <= c.0 || c.1 + h <= p.1 || p.1 + p.3 <= c.1)
        };
        let fallback = (candidates[0].0.min(width_px - w).max(0.0), candidates[0].1);
        let chosen = candidates.iter().copied().find(free).unwrap_or(fallback);
        placed.push((chosen.0, chosen.1, w, h));
        out.push(chosen);
    }
    out
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl ScenarioMap {
    /// Pixel size for a map `width` px wide.
    pub fn size(&self, width: f64) -> (f64, f64) {
        let (x0, y0, x1, y1) = self.bbox;
        let k = ((y0 + y1) / 2.0).to_radians().cos();
        let aspect = (y1 - y0) / ((x1 - x0) * k).max(1e-9);
        (width, (width * aspect).clamp(width * 0.3, width * 1.2))
    }

    /// (x, y) pixels of (latitude, longitude) on a map of `width` px.
    pub fn project(&self, width: f64, latitude_deg: f64, longitude_deg: f64) -> (f64, f64) {
        let (x0, y0, x1, y1) = self.bbox;
        let (w, h) = self.size(width);
        ((longitude_deg - x0) / (x1 - x0) * w, (y1 - latitude_deg) / (y1 - y0) * h)
    }

    /// The map as an `<svg>` element with a viewBox (it scales to its container; `width` sets the text scale).
    pub fn svg(&self, width: f64) -> String {
        let (w, h) = self.size(width);
        let top = 30.0;
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {:.0}\" class=\"map\" role=\"img\" \
             font-family=\"DejaVu Sans, sans-serif\">\n<title>{}</title>\n",
            h + top + 24.0,
            esc(&self.title)
        );
        s.push_str(&format!(
            "<text x=\"{:.0}\" y=\"20\" text-anchor=\"middle\" font-size=\"{}\">{}</text>\n",
            w / 2.0,
            style::TITLE_PX - 2,
            esc(&self.title)
        ));
        s.push_str(&format!(
            "<defs><clipPath id=\"map-clip\"><rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\"/></clipPath></defs>\n"
        ));
        s.push_str(&format!("<g transform=\"translate(0,{top})\">\n<g clip-path=\"url(#map-clip)\">\n"));
        s.push_str(&format!(
            "<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#eef5fb\" stroke=\"#888\"/>\n"
        ));
        let path = |pts: &[(f64, f64)]| -> String {
            pts.iter()
                .enumerate()
                .map(|(i, &(lat, lon))| {
                    let (x, y) = self.project(width, lat, lon);
                    format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" })
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        for line in country_outlines_in(self.bbox) {
            let pts: Vec<(f64, f64)> = line.iter().map(|&(lon, lat)| (lat, lon)).collect();
            s.push_str(&format!(
                "<path d=\"{}\" fill=\"none\" stroke=\"#9a9a9a\" stroke-width=\"0.8\"/>\n",
                path(&pts)
            ));
        }
        let (x0, y0, x1, y1) = self.bbox;
        for (label, centre, radius_km) in &self.circles {
            let ring: Vec<(f64, f64)> = (0..=72)
                .map(|i| {
                    let g = crate::frames::Geodetic {
                        latitude_deg: centre.latitude_deg,
                        longitude_deg: centre.longitude_deg,
                        altitude_km: 0.0,
                    };
                    let p = destination(&g, f64::from(i) * 5.0, *radius_km);
                    (p.0, p.1)
                })
                .collect();
            s.push_str(&format!(
                "<path d=\"{} Z\" fill=\"#56b4e9\" fill-opacity=\"0.06\" stroke=\"#3a8fc0\" stroke-width=\"0.8\" stroke-dasharray=\"2 3\"><title>{}</title></path>\n",
                path(&ring),
                esc(label)
            ));
        }
        for (label, track) in &self.tracks {
            // Split where the track leaves the box or wraps in longitude.
            let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for w2 in track.windows(2) {
                let inside = |p: &(f64, f64)| p.0 >= y0 && p.0 <= y1 && p.1 >= x0 && p.1 <= x1;
                if inside(&w2[0]) && inside(&w2[1]) && (w2[0].1 - w2[1].1).abs() < 30.0 {
                    let last = pieces.last_mut().expect("one piece");
                    if last.is_empty() {
                        last.push(w2[0]);
                    }
                    last.push(w2[1]);
                } else if !pieces.last().is_some_and(|p| p.is_empty()) {
                    pieces.push(Vec::new());
                }
            }
            for p in pieces.iter().filter(|p| p.len() > 1) {
                s.push_str(&format!(
                    "<path d=\"{}\" fill=\"none\" stroke=\"#cc79a7\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"><title>{}</title></path>\n",
                    path(p),
                    esc(label)
                ));
            }
        }
        for r in &self.routes {
            let (stroke, dash, width_px) = match r.style {
                RouteStyle::Submarine => ("#0072b2", "", 3.0),
                RouteStyle::Terrestrial => ("#666666", " stroke-dasharray=\"7 4\"", 2.0),
            };
            s.push_str(&format!(
                "<path d=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width_px}\"{dash} stroke-linecap=\"round\"><title>{}</title></path>\n",
                path(&r.points),
                esc(&r.name)
            ));
        }
        s.push_str("</g>\n");
        // Lat/lon ticks every 5°.
        let mut lon = (x0 / 5.0).ceil() * 5.0;
        while lon <= x1 {
            let (x, _) = self.project(width, y0, lon);
            s.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{lon:.0}°E</text>\n",
                h + 14.0
            ));
            lon += 5.0;
        }
        let mut lat = (y0 / 5.0).ceil() * 5.0;
        while lat <= y1 {
            let (_, y) = self.project(width, lat, x0);
            s.push_str(&format!(
                "<text x=\"3\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\">{lat:.0}°N</text>\n",
                y - 3.0
            ));
            lat += 5.0;
        }
        // GEO sub-satellite points: a diamond on the map, or an arrow on the bottom edge when south of it.
        let mut labels: Vec<(String, (f64, f64), bool)> = Vec::new();
        for g in &self.geo {
            let (x, y) = self.project(width, g.latitude_deg, g.longitude_deg);
            let text = format!("{} ({:.1}°E)", g.name, g.longitude_deg);
            if (0.0..=w).contains(&x) && (0.0..=h).contains(&y) {
                s.push_str(&format!(
                    "<path d=\"M{x:.1},{:.1} l6,6 l-6,6 l-6,-6 Z\" fill=\"#e69f00\" stroke=\"#333\"/>\n",
                    y - 6.0
                ));
                labels.push((text, (x, y), false));
            } else {
                let xc = x.clamp(8.0, w - 8.0);
                s.push_str(&format!(
                    "<path d=\"M{xc:.1},{h:.1} l-6,-12 l12,0 Z\" fill=\"#e69f00\" stroke=\"#333\"><title>{} sub-satellite point {:.2}°N {:.2}°E (off the map)</title></path>\n",
                    esc(&g.name),
                    g.latitude_deg,
                    g.longitude_deg
                ));
                labels.push((format!("{text} ↓"), (xc, h - 14.0), false));
            }
        }
        for site in &self.sites {
            let (x, y) = self.project(width, site.latitude_deg, site.longitude_deg);
            s.push_str(&format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"#d55e00\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n"));
            labels.push((site.name.clone(), (x, y), true));
        }
        let font = 12.0;
        let anchors: Vec<(f64, f64)> = labels.iter().map(|l| l.1).collect();
        let sizes: Vec<(f64, f64)> =
            labels.iter().map(|l| (l.0.chars().count() as f64 * font * 0.6 + 2.0, font + 2.0)).collect();
        for ((text, _, bold), (lx, ly)) in labels.iter().zip(place_labels(&anchors, &sizes, w)) {
            s.push_str(&format!(
                "<text x=\"{lx:.1}\" y=\"{:.1}\" font-size=\"{font}\"{} stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" fill=\"#111\">{}</text>\n",
                ly + font,
                if *bold { " font-weight=\"bold\"" } else { "" },
                esc(text)
            ));
        }
        s.push_str("</g>\n");
        // Legend.
        let ly = h + top + 18.0;
        s.push_str(&format!(
            "<g font-size=\"11\" fill=\"#333\"><path d=\"M8,{ly} h22\" stroke=\"#0072b2\" stroke-width=\"3\"/><text x=\"34\" y=\"{:.0}\">submarine (waypoints)</text>\
             <path d=\"M170,{ly} h22\" stroke=\"#666\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/><text x=\"196\" y=\"{:.0}\">terrestrial (straight, ends only)</text>\
             <circle cx=\"392\" cy=\"{ly}\" r=\"4\" fill=\"#d55e00\"/><text x=\"400\" y=\"{:.0}\">site</text>\
             <path d=\"M440,{:.0} l6,6 l-6,6 l-6,-6 Z\" fill=\"#e69f00\"/><text x=\"452\" y=\"{:.0}\">GEO sub-satellite point</text></g>\n",
            ly + 4.0,
            ly + 4.0,
            ly + 4.0,
            ly - 6.0,
            ly + 4.0
        ));
        s.push_str("</svg>");
        s
    }
}

/// The point `distance_km` from `origin` along `bearing_deg` on a sphere: (latitude, longitude) degrees.
fn destination(origin: &crate::frames::Geodetic, bearing_deg: f64, distance_km: f64) -> (f64, f64) {
    let d = distance_km / EARTH_RADIUS_KM;
    let (lat1, lon1, b) =
        (origin.latitude_deg.to_radians(), origin.longitude_deg.to_radians(), bearing_deg.to_radians());
    let lat2 = (lat1.sin() * d.cos() + lat1.cos() * d.sin() * b.cos()).asin();
    let lon2 = lon1 + (b.sin() * d.sin() * lat1.cos()).atan2(d.cos() - lat1.sin() * lat2.sin());
    (lat2.to_degrees(), lon2.to_degrees())
}

/// Ground radius (km) around a site within which a satellite at `altitude_km` is at least `min_elevation_deg`
/// above the horizon (spherical Earth, radius 6371 km).
pub fn visibility_radius_km(altitude_km: f64, min_elevation_deg: f64) -> f64 {
    let e = min_elevation_deg.to_radians();
    let r = EARTH_RADIUS_KM;
    let central = (r / (r + altitude_km) * e.cos()).acos() - e;
    central * r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_do_not_overlap_when_anchors_crowd() {
        let anchors = [(100.0, 100.0), (102.0, 101.0), (104.0, 99.0), (300.0, 100.0)];
        let sizes = [(60.0, 14.0); 4];
        let placed = place_labels(&anchors, &sizes, 800.0);
        for i in 0..placed.len() {
            for j in 0..i {
                let (a, b) = (placed[i], placed[j]);
                let overlap = a.0 < b.0 + 60.0 && b.0 < a.0 + 60.0 && a.1 < b.1 + 14.0 && b.1 < a.1 + 14.0;
                assert!(!overlap, "labels {i} and {j} overlap: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn visibility_radius_matches_the_spherical_geometry() {
        // 550 km, 25°: central angle = acos(6371/6921 · cos 25°) − 25° = 33.465° − 25°... computed by hand:
        // cos 25° = 0.906308, × 0.920532 = 0.834285, acos = 33.457°, − 25° = 8.457° → 940.4 km.
        let r = visibility_radius_km(550.0, 25.0);
        assert!((r - 940.4).abs() < 1.0, "{r}");
        assert!(visibility_radius_km(550.0, 90.0).abs() < 1e-9);
    }

    #[test]
    fn map_svg_is_self_contained_and_marks_off_map_geo_points() {
        let map = ScenarioMap {
            title: "t & u".into(),
            bbox: (45.0, 36.0, 62.0, 47.0),
            sites: vec![MapPoint { name: "Baku".into(), latitude_deg: 40.4, longitude_deg: 49.9 }],
            routes: vec![MapRoute {
                name: "r".into(),
                style: RouteStyle::Submarine,
                points: vec![(40.6, 49.7), (43.6, 51.2)],
            }],
            geo: vec![MapPoint { name: "Azerspace-2".into(), latitude_deg: 0.0, longitude_deg: 45.0 }],
            ..Default::default()
        };
        let svg = map.svg(800.0);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox="));
        assert!(svg.contains("t &amp; u") && svg.contains("Baku") && svg.contains("Azerspace-2 (45.0°E) ↓"));
        assert!(!svg.contains("http://") || svg.matches("http://").count() == 1, "no external references");
    }
}
