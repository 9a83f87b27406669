//! Visibility windows: 100 Starlink satellites × 8 stations × 1 day (the workload), against Skyfield's
//! find_events on the same work (scripts/skyfield_events.py bench). And the long-interval work that must be
//! linear: 10 years of sun outages for the bundled GEO fleet (tle/ots.tle) from Baku against 1 year, and
//! eclipses and windows of one GEO satellite over 300 against 30 days.

use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::frames::EarthOrientation;
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::stations::StationCatalog;
use satfiber::time::parse_instant;
use satfiber::visibility::{find_windows, WindowOptions};

const STATIONS: [&str; 8] = ["Baku", "Aktau", "Ankara", "Almaty", "Tashkent", "Bishkek", "Ashgabat", "Astana"];

fn windows(c: &mut Criterion) {
    let Some(path) = satfiber::testdata::shared_data("tle/starlink_2026-05-30.tle") else { return };
    let catalog = Catalog::load(&path, ParseOptions::default()).expect("starlink file parses");
    let satellites: Vec<Satellite> =
        catalog.sets.into_iter().take(100).map(|s| Satellite::new(s).expect("valid elements")).collect();
    let station_catalog = StationCatalog::bundled();
    let stations: Vec<_> = STATIONS.iter().map(|n| station_catalog.resolve(n).expect("bundled station")).collect();
    let start = parse_instant("2026-05-31T00:00:00Z").unwrap();
    let end = parse_instant("2026-06-01T00:00:00Z").unwrap();
    let options = WindowOptions { min_elevation_deg: 10.0, eop: EarthOrientation::default() };
    let count = find_windows(&satellites, &stations, &start, &end, &options).unwrap().len();
    eprintln!("{count} windows");
    let mut group = c.benchmark_group("windows");
    group.sample_size(20);
    group.bench_function("starlink100_x_8_stations_1day", |b| {
        b.iter(|| find_windows(&satellites, &stations, &start, &end, &options).unwrap())
    });
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    group.bench_function("starlink100_x_8_stations_1day_1thread", |b| {
        b.iter(|| pool.install(|| find_windows(&satellites, &stations, &start, &end, &options).unwrap()))
    });
    group.finish();
}

/// The bundled GEO fleet (mean motion within 10 % of one revolution a day).
fn geo_fleet() -> Vec<Satellite> {
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    catalog
        .sets
        .into_iter()
        .filter(|s| (0.9..1.1).contains(&s.elements.mean_motion))
        .map(|s| Satellite::new(s).expect("valid elements"))
        .collect()
}

fn long_intervals(c: &mut Criterion) {
    let fleet = geo_fleet();
    let baku = StationCatalog::bundled().resolve("Baku").expect("bundled station");
    let eop = EarthOrientation::default();
    let beam = satfiber::sun::Beam::Beamwidth { beamwidth_deg: 1.0 };
    let start = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let after = |days: f64| satfiber::time::add_seconds(&start, days * 86_400.0);
    let mut group = c.benchmark_group("geo_long");
    group.sample_size(10);
    // The target: 10 years of sun outages for the whole GEO fleet; 1 year as the linearity baseline.
    for years in [1u32, 10] {
        let end = after(f64::from(years) * 365.25);
        let outages: usize = fleet
            .iter()
            .map(|s| satfiber::sun::find_sun_outages(s, &baku.ground, &start, &end, &beam, &eop).unwrap().len())
            .sum();
        eprintln!("{} GEO satellites, {years} years: {outages} sun outages", fleet.len());
        group.bench_function(format!("fleet_sun_outages_{years}y"), |b| {
            b.iter(|| {
                for s in &fleet {
                    satfiber::sun::find_sun_outages(s, &baku.ground, &start, &end, &beam, &eop).unwrap();
                }
            })
        });
    }
    // Eclipses and windows of one GEO satellite over 30 and 300 days (the ratio shows the cost is linear).
    let one = &fleet[..1];
    let options = WindowOptions { min_elevation_deg: 10.0, eop };
    for days in [30.0, 300.0] {
        let end = after(days);
        group.bench_function(format!("eclipses_{days}d"), |b| {
            b.iter(|| satfiber::sun::find_eclipses(&one[0], &start, &end).unwrap())
        });
        group.bench_function(format!("windows_{days}d"), |b| {
            b.iter(|| find_windows(one, std::slice::from_ref(&baku), &start, &end, &options).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, windows, long_intervals);
criterion_main!(benches);
