//! Each metric of the default scenario against a hand calculation from the component models' equations and
//! the scenario's inputs (independent arithmetic written out here, not the code path of src/scenario).

use satfiber::scenario::{compare, Comparison, OptionResult, Scenario, DEFAULT_SCENARIO_TOML};

/// The default scenario with the typed-in models these hand calculations check: the cable unprotected (1+1
/// protection: src/scenario/cable.rs) and the LEO terminals typed in (link-budget capacity: tests/leo_*.rs).
fn legacy() -> String {
    DEFAULT_SCENARIO_TOML
        .lines()
        .filter(|l| !l.starts_with("protection_routes = "))
        .map(|l| {
            if l.starts_with("payload = ") {
                "terminals_per_site = 20\nterminal_rate_gbps = 0.2".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
use satfiber::stations::StationCatalog;
use std::path::Path;

const C_KM_S: f64 = 299_792.458;
const R_MEAN_KM: f64 = 6371.0088;
/// Arithmetic agreement (same equations, different order of operations).
const TOL_REL: f64 = 1e-9;
/// Spherical-Earth GEO slant range against the WGS-84 computation: a few km → < 0.1 ms.
const TOL_GEO_LATENCY_MS: f64 = 0.1;

fn scenario_from(text: &str) -> Scenario {
    Scenario::parse(text, "configs/caspian.toml", Path::new(env!("CARGO_MANIFEST_DIR")).join("configs").as_path())
        .unwrap()
}

fn default_comparison() -> Comparison {
    compare(&scenario_from(&legacy())).unwrap()
}

fn option<'a>(c: &'a Comparison, name: &str) -> &'a OptionResult {
    c.options.iter().find(|o| o.name == name).unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= TOL_REL * b.abs().max(1.0), "{what}: {a} vs hand {b}");
}

fn latlon(name: &str) -> (f64, f64) {
    let s = StationCatalog::bundled().resolve(name).unwrap();
    (s.record.latitude_deg, s.record.longitude_deg)
}

fn great_circle_km(a: &str, b: &str) -> f64 {
    let ((la1, lo1), (la2, lo2)) = (latlon(a), latlon(b));
    let (p1, p2) = (la1.to_radians(), la2.to_radians());
    let dp = p2 - p1;
    let dl = (lo2 - lo1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R_MEAN_KM * h.sqrt().asin()
}

/// Unavailability of a repairable route: faults/yr × repair time (yr) = x; U = x / (1 + x).
fn route_u(rate_per_1000km: f64, km: f64, days: f64) -> f64 {
    let x = rate_per_1000km * km / 1000.0 * days / 365.25;
    x / (1.0 + x)
}

/// The fiber model's report for the default scenario's submarine route and design.
fn submarine_report() -> satfiber::fiber::FiberReport {
    use satfiber::fiber::{evaluate, AvailabilityParams, CostParams, Equipment, RouteCatalog, SystemDesign};
    let design = SystemDesign {
        fiber_pairs: Some(4),
        availability: AvailabilityParams { faults_per_1000km_year: 0.3, mttr_days: 30.0 },
        cost: CostParams { lifetime_years: 15.0, ..CostParams::default() },
        ..SystemDesign::default()
    };
    let routes = RouteCatalog::bundled();
    evaluate(routes.route("sumgait-aktau").unwrap(), &design, &Equipment::bundled()).unwrap()
}

#[test]
fn cable_metrics_match_hand_calculation() {
    let c = default_comparison();
    let cable = option(&c, "Trans-Caspian cable");
    let sub = submarine_report();
    let l_bs = great_circle_km("Baku", "Sumgait") * 1.3;
    let l_aal = great_circle_km("Aktau", "Almaty") * 1.3;
    let l_at = great_circle_km("Aktau", "Tashkent") * 1.3;
    // Latency: terrestrial n_g L / c, submarine from the fiber model; 0.05 ms equipment per route.
    let terr_ms = |km: f64| km * 1.468 / C_KM_S * 1000.0;
    let lat_almaty = terr_ms(l_bs) + sub.one_way_latency_ms + terr_ms(l_aal) + 3.0 * 0.05;
    let lat_tashkent = terr_ms(l_bs) + sub.one_way_latency_ms + terr_ms(l_at) + 3.0 * 0.05;
    close(cable.latency_one_way_ms.value, lat_almaty.max(lat_tashkent), "cable one-way latency");
    close(cable.rtt_ms.value, 2.0 * lat_almaty.max(lat_tashkent), "cable RTT");
    // The fiber model's own latency is the cable length at the fibre's group index.
    assert!((sub.one_way_latency_ms / sub.cable_length_km - 1.468 / C_KM_S * 1000.0).abs() < 1e-3 / 1000.0 * 5.0);
    // Availability: routes in series; the submarine one is 1/(1 + faults/yr × MTTR/365.25).
    let a_sub = 1.0 / (1.0 + 0.3 * sub.cable_length_km / 1000.0 * 30.0 / 365.25);
    close(sub.availability, a_sub, "fiber model availability");
    let a_bs = 1.0 - route_u(1.0, l_bs, 0.25);
    let worst = (a_bs * a_sub * (1.0 - route_u(1.0, l_aal, 0.25)))
        .min(a_bs * a_sub * (1.0 - route_u(1.0, l_at, 0.25)))
        .min(a_bs * a_sub);
    close(cable.availability_percent.value, 100.0 * worst, "cable availability");
    close(cable.downtime_min_per_year.value, (1.0 - worst) * 365.25 * 24.0 * 60.0, "cable downtime");
    // Capacity: loads 70 (Baku-Sumgait, Sumgait-Aktau), 20 (Aktau-Almaty), 10 (Aktau-Tashkent) Gb/s.
    let lambda = (4000.0_f64 / 70.0).min(4.0 * sub.capacity_per_pair_gbps / 70.0).min(1000.0 / 20.0).min(400.0 / 10.0);
    close(cable.capacity_gbps.value, lambda * 70.0, "cable deliverable capacity");
    assert!(cable.demand_met);
    // Costs: the submarine route's capex and opex from the fiber model; terrestrial routes cost nothing here.
    close(cable.capex_usd.value, sub.capex_usd, "cable capex");
    close(cable.opex_usd_per_year.value, sub.opex_usd_per_year, "cable opex");
    close(
        cable.cost_per_gbps_year_usd.value,
        (sub.capex_usd / 15.0 + sub.opex_usd_per_year) / (lambda * 70.0),
        "cable cost per Gb/s/yr",
    );
}

/// Slant range to a GEO satellite at longitude `sat_lon` (spherical Earth, link_budget.md §1).
fn geo_range_km(site: &str, sat_lon_deg: f64) -> f64 {
    let (lat, lon) = latlon(site);
    let cos_gamma = lat.to_radians().cos() * (sat_lon_deg - lon).to_radians().cos();
    let (r_geo, r_e) = (42_164.17, 6378.137);
    let k = r_e / r_geo;
    r_geo * (1.0 + k * k - 2.0 * k * cos_gamma).sqrt()
}

fn sub_satellite_longitude(name: &str, scenario: &Scenario) -> f64 {
    use satfiber::frames::{teme_to_ecef, EarthOrientation, Geodetic};
    let catalog = satfiber::orbit::Catalog::parse_str(
        satfiber::DEFAULT_CATALOG_TLE,
        "tle/ots.tle",
        satfiber::orbit::ParseOptions::default(),
    )
    .unwrap();
    let set = catalog.sets.into_iter().find(|s| s.name == name).unwrap();
    let sat = satfiber::orbit::Satellite::new(set).unwrap();
    let ecef = teme_to_ecef(&sat.propagate(&scenario.epoch).unwrap(), &scenario.epoch, &EarthOrientation::default());
    Geodetic::from_ecef_km(&ecef.position_km).longitude_deg
}

/// The link model's throughput per transponder at p = 0.1 % for one site (SGP4 geometry at the epoch).
fn link_throughput_mbps(
    scenario: &Scenario,
    tle_name: &str,
    fleet_name: &str,
    band: satfiber::link::Band,
    dish_m: f64,
    site: &str,
) -> f64 {
    use satfiber::frames::{teme_to_ecef, EarthOrientation};
    use satfiber::link::{evaluate, Geometry, GeometrySource, LinkRequest, SatelliteCatalog};
    let catalog = satfiber::orbit::Catalog::parse_str(
        satfiber::DEFAULT_CATALOG_TLE,
        "tle/ots.tle",
        satfiber::orbit::ParseOptions::default(),
    )
    .unwrap();
    let set = catalog.sets.into_iter().find(|s| s.name == tle_name).unwrap();
    let sat = satfiber::orbit::Satellite::new(set).unwrap();
    let ecef = teme_to_ecef(&sat.propagate(&scenario.epoch).unwrap(), &scenario.epoch, &EarthOrientation::default());
    let station = StationCatalog::bundled().resolve(site).unwrap();
    let look = station.ground.look_angles(&ecef);
    let fleet = SatelliteCatalog::bundled();
    let mut request =
        LinkRequest::new(fleet.resolve(fleet_name).unwrap(), band, site, station.ground.location).unwrap();
    request.terminal.dish_m = dish_m;
    request.percentages = vec![0.1];
    request.geometry = Some(Geometry {
        elevation_deg: look.elevation_deg,
        azimuth_deg: look.azimuth_deg,
        slant_range_km: look.range_km,
        source: GeometrySource::Given { description: "test".into() },
    });
    evaluate(&request).unwrap().at_percent(0.1).unwrap().throughput_transponder_mbps
}

#[test]
fn geo_metrics_match_hand_calculation() {
    let scenario = scenario_from(&legacy());
    let c = compare(&scenario).unwrap();
    for (name, sat, fleet_name, band, dish_m, bw, lease, term_capex) in [
        (
            "Azerspace-2 Ku",
            "AZERSPACE 2 (IS-38)",
            "Azerspace-2",
            satfiber::link::Band::Ku,
            4.5,
            36.0,
            3000.0,
            150_000.0,
        ),
        ("Turksat 5B Ka HTS", "TURKSAT 5B", "Turksat 5B", satfiber::link::Band::Ka, 2.4, 250.0, 1200.0, 120_000.0),
    ] {
        let o = option(&c, name);
        // Capacity: 4 leased transponders × the link model's ACM throughput per transponder at p = 0.1 %, at the
        // worst of the four terminal sites, with the SGP4 geometry at the epoch.
        // Capacity (scenario::geo, uplink + downlink composite; its budget is checked in tests/geo_hand.rs):
        // 4 leased transponders × R_s (= bandwidth / 1.05) × the efficiency (pilots on) of the pool MODCOD named
        // in the basis. The downlink-only throughput at the worst site is an upper bound of it.
        let label = o.capacity_gbps.basis.rsplit("pool MODCOD ").next().unwrap().split(" →").next().unwrap();
        let m = satfiber::link::ModcodTable::bundled()
            .modcods
            .iter()
            .find(|m| m.label() == label)
            .unwrap_or_else(|| panic!("{label:?} not in table"));
        let capacity = 4.0 * bw / 1.05 * m.spectral_eff(true) / 1000.0;
        close(o.capacity_gbps.value, capacity, "GEO capacity");
        let downlink_only = ["Baku", "Aktau", "Almaty", "Tashkent"]
            .iter()
            .map(|site| link_throughput_mbps(&scenario, sat, fleet_name, band, dish_m, site))
            .fold(f64::INFINITY, f64::min);
        assert!(capacity <= 4.0 * downlink_only / 1000.0 + 1e-9, "{name}: composite above downlink-only");
        assert!(!o.demand_met, "{name}: {capacity} Gb/s cannot carry 70 Gb/s");
        let lon = sub_satellite_longitude(sat, &scenario);
        let worst = ["Aktau", "Almaty", "Tashkent"]
            .iter()
            .map(|t| (geo_range_km("Baku", lon) + geo_range_km(t, lon)) / C_KM_S * 1000.0 + 5.0)
            .fold(0.0, f64::max);
        assert!(
            (o.latency_one_way_ms.value - worst).abs() < TOL_GEO_LATENCY_MS,
            "{name}: latency {} vs spherical hand calculation {worst}",
            o.latency_one_way_ms.value
        );
        // Availability from the rain statistics at the pool MODCOD (tests/geo_hand.rs checks the inversion): at
        // least the design 100 − 2p when the pool MODCOD closes at A(p) at both ends, and not the typed-in value.
        let a = o.availability_percent.value;
        assert!((100.0 - 2.0 * 0.1..100.0).contains(&a) && a != 99.8, "{name}: availability {a}");
        // Four sites with terminals: Baku, Aktau, Almaty, Tashkent.
        close(o.capex_usd.value, 4.0 * term_capex, "GEO capex");
        let opex = lease * 4.0 * bw * 12.0 + 4.0 * 20_000.0;
        close(o.opex_usd_per_year.value, opex, "GEO opex");
        close(o.cost_per_gbps_year_usd.value, (4.0 * term_capex / 15.0 + opex) / capacity, "GEO cost per Gb/s/yr");
    }
}

#[test]
fn leo_metrics_match_hand_calculation() {
    let c = default_comparison();
    let o = option(&c, "LEO Walker 648");
    // Terminals: 20 × 0.2 Gb/s per site; Baku carries all 70 Gb/s → λ = 4/70.
    close(o.capacity_gbps.value, 4.0, "LEO capacity");
    close(o.capex_usd.value, 4.0 * 20.0 * 15_000.0, "LEO capex");
    close(o.opex_usd_per_year.value, 4.0 * 20.0 * 5000.0 * 12.0, "LEO opex");
    // Coverage: 18 planes of 36 at 1200 km, 25° minimum elevation. Earth central angle of one footprint
    // λ = acos(Re cos ε / (Re + h)) − ε; street half-width acos(cos λ / cos(π/S)); adjacent planes are at most
    // 360°/18 = 20° apart at the equator, so two half-widths ≥ 20° means continuous coverage everywhere.
    let (re, h, eps) = (6378.135_f64, 1200.0_f64, 25.0_f64.to_radians());
    let lambda = (re * eps.cos() / (re + h)).acos() - eps;
    let street = (lambda.cos() / (std::f64::consts::PI / 36.0).cos()).acos();
    assert!(2.0 * street.to_degrees() >= 20.0, "street {}", street.to_degrees());
    for w in &o.coverage {
        assert_eq!(w.covered_percent, 100.0, "{}", w.point);
        assert_eq!(w.windows, 1);
    }
    close(o.availability_percent.value, 100.0 - 2.0 * 0.1, "LEO availability (full coverage × rain)");
    // Latency bounds: each leg at least the altitude, at most the slant range at 25°; the ISL chord at most
    // both slant ranges plus the ground chord between the sites (triangle inequality).
    let r_max = (re + h) * (lambda.sin() / eps.cos());
    for d in &o.demands {
        let target = if d.demand.contains("Tashkent") {
            "Tashkent"
        } else if d.demand.contains("Almaty") {
            "Almaty"
        } else {
            "Aktau"
        };
        let chord = 2.0 * R_MEAN_KM * (great_circle_km("Baku", target) / (2.0 * R_MEAN_KM)).sin();
        let lo = 2.0 * h / C_KM_S * 1000.0 + 8.0;
        let hi = (4.0 * r_max + chord) / C_KM_S * 1000.0 + 8.0;
        assert!(
            d.latency_one_way_ms >= lo && d.latency_one_way_ms <= hi,
            "{}: {} not in [{lo}, {hi}]",
            d.demand,
            d.latency_one_way_ms
        );
    }
}

#[test]
fn hybrid_adds_costs_and_combines_availability() {
    let c = default_comparison();
    let (h, cable, sat) =
        (option(&c, "Cable + Turksat 5B backup"), option(&c, "Trans-Caspian cable"), option(&c, "Turksat 5B Ka HTS"));
    close(h.capex_usd.value, cable.capex_usd.value + sat.capex_usd.value, "hybrid capex");
    close(h.opex_usd_per_year.value, cable.opex_usd_per_year.value + sat.opex_usd_per_year.value, "hybrid opex");
    // 2.5 Gb/s of backup cannot carry 70 Gb/s: full-rate availability stays the cable's.
    close(h.availability_percent.value, cable.availability_percent.value, "hybrid availability, partial backup");
    let protected = 100.0
        * (1.0 - (1.0 - cable.availability_percent.value / 100.0) * (1.0 - sat.availability_percent.value / 100.0));
    let text = format!("at least {:.3} Gb/s stays up {protected:.5} %", sat.capacity_gbps.value);
    assert!(h.availability_percent.basis.contains(&text), "{} lacks {text}", h.availability_percent.basis);

    // With demands the backup can carry (0.4 Gb/s each), U = U_cable × U_sat per demand.
    let small = legacy()
        .replace("rate_gbps = 40.0", "rate_gbps = 0.4")
        .replace("rate_gbps = 20.0", "rate_gbps = 0.4")
        .replace("rate_gbps = 10.0", "rate_gbps = 0.4");
    let c = compare(&scenario_from(&small)).unwrap();
    let (h, cable, sat) =
        (option(&c, "Cable + Turksat 5B backup"), option(&c, "Trans-Caspian cable"), option(&c, "Turksat 5B Ka HTS"));
    // Per demand U = U_cable × U_sat (the satellite's per-demand availability from its rain model); worst demand.
    let worst = cable
        .demands
        .iter()
        .zip(&sat.demands)
        .map(|(a, b)| 100.0 * (1.0 - (1.0 - a.availability_percent / 100.0) * (1.0 - b.availability_percent / 100.0)))
        .fold(f64::INFINITY, f64::min);
    close(h.availability_percent.value, worst, "hybrid availability, full backup");
    assert!(option(&c, "Turksat 5B Ka HTS").demand_met && h.demand_met);
}

#[test]
fn sweep_of_submarine_repair_time_follows_the_availability_formula() {
    use satfiber::scenario::sweep::{run_sweep, SweepSpec};
    let spec = SweepSpec::parse("option.Trans-Caspian cable.design.availability.mttr_days=10:30:10").unwrap();
    assert_eq!(spec.values, vec![10.0, 20.0, 30.0]);
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    let result = run_sweep(&legacy(), "configs/caspian.toml", &base, &spec).unwrap();
    let l_bs = great_circle_km("Baku", "Sumgait") * 1.3;
    let l_aal = great_circle_km("Aktau", "Almaty") * 1.3;
    let l_sub = submarine_report().cable_length_km;
    for (days, c) in &result.points {
        let a =
            (1.0 - route_u(1.0, l_bs, 0.25)) * (1.0 - route_u(0.3, l_sub, *days)) * (1.0 - route_u(1.0, l_aal, 0.25));
        close(option(c, "Trans-Caspian cable").availability_percent.value, 100.0 * a, "swept availability");
    }
}

/// A LEO option from a TLE file (the bundled catalog's two Göktürk satellites): the sampled coverage at Baku
/// against the visibility module's root-found windows (union over both satellites).
#[test]
fn leo_from_tle_coverage_matches_visibility_windows() {
    use satfiber::visibility::windows::{find_windows, WindowOptions};
    const STEP_S: f64 = 30.0;
    const HOURS: f64 = 24.0;
    let text = legacy()
        .replace(
            "walker = { planes = 18, satellites_per_plane = 36, phasing = 1, inclination_deg = 87.9, altitude_km = 1200.0 }",
            "tle = \"../tle/ots.tle\"\nselect = \"GOKTURK*\"",
        )
        .replace("min_elevation_deg = 25.0", "min_elevation_deg = 10.0")
        .replace("analysis_hours = 6.0", "analysis_hours = 24.0")
        .replace("step_s = 60.0", "step_s = 30.0");
    assert!(text.contains("GOKTURK*"));
    let scenario = scenario_from(&text);
    let c = compare(&scenario).unwrap();
    let o = option(&c, "LEO Walker 648");
    let baku = o.coverage.iter().find(|w| w.point == "Baku").unwrap();

    let catalog = satfiber::orbit::Catalog::parse_str(
        satfiber::DEFAULT_CATALOG_TLE,
        "tle/ots.tle",
        satfiber::orbit::ParseOptions::default(),
    )
    .unwrap();
    let sats: Vec<satfiber::orbit::Satellite> = catalog
        .sets
        .into_iter()
        .filter(|s| s.name.starts_with("GOKTURK"))
        .map(|s| satfiber::orbit::Satellite::new(s).unwrap())
        .collect();
    assert_eq!(sats.len(), 2);
    let station = StationCatalog::bundled().resolve("Baku").unwrap();
    let end = satfiber::time::add_seconds(&scenario.epoch, HOURS * 3600.0);
    let options = WindowOptions { min_elevation_deg: 10.0, ..WindowOptions::default() };
    let windows = find_windows(&sats, &[station], &scenario.epoch, &end, &options).unwrap();
    // Union of the windows, in seconds from the epoch.
    let mut spans: Vec<(f64, f64)> = windows
        .iter()
        .map(|w| {
            (
                satfiber::time::seconds_between(&scenario.epoch, &w.aos),
                satfiber::time::seconds_between(&scenario.epoch, &w.los),
            )
        })
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut union: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match union.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => union.push((a, b)),
        }
    }
    let covered_s: f64 = union.iter().map(|(a, b)| b - a).sum();
    let reference_percent = covered_s / (HOURS * 3600.0) * 100.0;
    // Each window edge is resolved to one step; the sample count adds one grid point.
    let tol_percent = (2.0 * union.len() as f64 * STEP_S + STEP_S) / (HOURS * 3600.0) * 100.0;
    assert!(
        (baku.covered_percent - reference_percent).abs() <= tol_percent,
        "sampled {}% vs visibility windows {reference_percent}% (tolerance {tol_percent}%)",
        baku.covered_percent
    );
    let short = union.iter().filter(|(a, b)| b - a < 2.0 * STEP_S).count();
    assert!(
        baku.windows.abs_diff(union.len()) <= short,
        "{} sampled windows vs {} from the visibility module",
        baku.windows,
        union.len()
    );
    assert!(baku.covered_percent > 0.0 && baku.covered_percent < 50.0);
}
