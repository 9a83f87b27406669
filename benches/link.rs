//! Link budget speed (issue 5): the full budget (ITU-R P.618-14 attenuation, sky noise, composite Es/N0, best
//! MODCOD, throughput) for every cell of the 0.25° OTS-region grid (lon 25–90°E, lat 35–56°N: 21 840 cells) at
//! p = 0.01, 0.1, 0.5, 1 %, with the committed ITU-R map crop. The maps are loaded before timing (first call).
//! ITU-Rpy 0.4.0 on the same attenuation work: scripts/itur_reference.py --bench.
use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::frames::Geodetic;
use satfiber::link::map::{evaluate_grid, OTS_REGION};
use satfiber::link::{evaluate, nominal_geometry, Band, LinkRequest, SatelliteCatalog, SlantPath, DEFAULT_PERCENTAGES};

fn bench_link(c: &mut Criterion) {
    let fleet = SatelliteCatalog::bundled();
    let baku = Geodetic { latitude_deg: 40.4093, longitude_deg: 49.8671, altitude_km: 0.0 };
    let req = LinkRequest::new(fleet.resolve("Azerspace-1").unwrap(), Band::Ku, "Baku", baku).unwrap();
    // Warm the map caches (lazy per-file loads in itu-rs).
    let warm = evaluate_grid(&req, &OTS_REGION, 0.25, &DEFAULT_PERCENTAGES).unwrap();
    assert_eq!(warm.cells.len(), 21_840);

    let mut group = c.benchmark_group("link");
    group.sample_size(10);
    group.bench_function("budget_ots_grid_0.25deg_4p", |b| {
        b.iter(|| evaluate_grid(&req, &OTS_REGION, 0.25, &DEFAULT_PERCENTAGES).unwrap())
    });
    let (_, _, cells) = OTS_REGION.cells(0.25).unwrap();
    group.bench_function("attenuation_only_ots_grid_0.25deg_4p_1thread", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for site in &cells {
                let g = nominal_geometry(site, 46.0);
                let path = SlantPath {
                    site: *site,
                    frequency_ghz: 12.0,
                    elevation_deg: g.elevation_deg,
                    dish_m: 1.2,
                    efficiency: 0.65,
                    tau_deg: 45.0,
                };
                for a in path.attenuations(&DEFAULT_PERCENTAGES).unwrap() {
                    sum += a.total_db;
                }
            }
            sum
        })
    });
    group.bench_function("evaluate_single_link_with_acm_curve", |b| b.iter(|| evaluate(&req).unwrap()));
    group.finish();
}

criterion_group!(benches, bench_link);
criterion_main!(benches);
