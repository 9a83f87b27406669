//! The fast coverage engine against brute force on the same geometry, and its figures of merit.

use satfiber::coverage::{
    brute_force_counts, compute, coverage_at_points, CoverageOptions, Grid, Region, RegionCatalog,
};
use satfiber::frames::Geodetic;
use satfiber::orbit::walker::WalkerDelta;
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::time::{add_seconds, parse_instant, TimeGrid};

fn walker(total: u32, planes: u32, phasing: u32, altitude_km: f64, inclination_deg: f64) -> Vec<Satellite> {
    let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
    WalkerDelta::new(total, planes, phasing, altitude_km, inclination_deg)
        .element_sets(&epoch)
        .unwrap()
        .into_iter()
        .map(|s| Satellite::new(s).unwrap())
        .collect()
}

fn hours(h: f64, step_s: f64) -> TimeGrid {
    let start = parse_instant("2026-09-07T00:00:00Z").unwrap();
    TimeGrid::new(start, add_seconds(&start, h * 3600.0), step_s).unwrap()
}

fn assert_same_as_brute_force(grid: &Grid, sats: &[Satellite], time: &TimeGrid, options: &CoverageOptions) {
    let fast = compute(grid, sats, time, options).unwrap();
    let brute = brute_force_counts(grid, sats, time, options).unwrap();
    let mut covered_somewhere = 0;
    for (i, (cell, (steps, pairs))) in fast.cells.iter().zip(&brute).enumerate() {
        assert_eq!(
            (cell.visible_steps, cell.visible_pairs),
            (*steps, *pairs),
            "cell {i} {:?}",
            grid.cell_center_deg(i)
        );
        covered_somewhere += usize::from(*steps > 0);
    }
    // The comparison must exercise visibility (not only zeros).
    assert!(covered_somewhere > grid.len() / 2, "{covered_somewhere} of {}", grid.len());
}

#[test]
fn walker_over_ots_matches_brute_force_exactly() {
    let ots = RegionCatalog::bundled().get("OTS").unwrap().clone();
    let grid = Grid::new(&ots, 1.5).unwrap();
    let sats = walker(50, 5, 1, 550.0, 53.0);
    let options = CoverageOptions { min_elevation_deg: 10.0, ..Default::default() };
    assert_same_as_brute_force(&grid, &sats, &hours(6.0, 60.0), &options);
}

#[test]
fn polar_and_dateline_grid_matches_brute_force() {
    // The whole longitude circle up to the pole: caps wrap at ±180° and cover the pole.
    let region = Region::parse_bbox("-180,50,180,90").unwrap();
    let grid = Grid::new(&region, 5.0).unwrap();
    let sats = walker(12, 3, 1, 800.0, 87.0);
    for min_elevation_deg in [0.0, 25.0] {
        let options = CoverageOptions { min_elevation_deg, ..Default::default() };
        assert_same_as_brute_force(&grid, &sats, &hours(3.0, 120.0), &options);
    }
}

#[test]
fn geo_satellites_match_brute_force() {
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    let sats: Vec<Satellite> = catalog.sets.into_iter().map(|s| Satellite::new(s).unwrap()).collect();
    let grid = Grid::new(&Region::parse_bbox("20,30,95,60").unwrap(), 2.5).unwrap();
    let options = CoverageOptions { min_elevation_deg: 20.0, ..Default::default() };
    assert_same_as_brute_force(&grid, &sats, &hours(2.0, 300.0), &options);
}

#[test]
fn sites_agree_with_grid_cells_and_geo_is_continuous() {
    // A 1°-grid cell centre evaluated as a site gives the same figures of merit.
    let region = Region::parse_bbox("49,40,51,42").unwrap();
    let grid = Grid::new(&region, 1.0).unwrap();
    let sats = walker(50, 5, 1, 550.0, 53.0);
    let time = hours(12.0, 60.0);
    let options = CoverageOptions { min_elevation_deg: 25.0, ..Default::default() };
    let cells = compute(&grid, &sats, &time, &options).unwrap();
    let points: Vec<Geodetic> = (0..grid.len())
        .map(|i| {
            let (lat, lon) = grid.cell_center_deg(i);
            Geodetic { latitude_deg: lat, longitude_deg: lon, altitude_km: 0.0 }
        })
        .collect();
    let sites = coverage_at_points(&points, &sats, &time, &options).unwrap();
    assert_eq!(cells.cells, sites);
    // Percent covered and time-weighted counts are consistent with the sample counts.
    for c in &cells.cells {
        assert!(c.percent_covered > 0.0 && c.percent_covered < 100.0, "{c:?}");
        assert!(c.max_gap_s >= c.mean_gap_s && c.mean_gap_s > 0.0);
        assert!((c.mean_response_time_s * 2.0 - c.time_average_gap_s).abs() < 1e-9);
    }
    // A GEO satellite over 45°E is in view from Baku all the time: 100 % and no gaps.
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    let azerspace =
        Satellite::new(catalog.sets.into_iter().find(|s| s.name == "AZERSPACE 2 (IS-38)").unwrap()).unwrap();
    let baku = Geodetic { latitude_deg: 40.4093, longitude_deg: 49.8671, altitude_km: 0.0 };
    let m = coverage_at_points(&[baku], &[azerspace], &time, &options).unwrap()[0];
    assert_eq!((m.percent_covered, m.gap_count, m.min_in_view), (100.0, 0, 1));
}

#[test]
fn results_do_not_depend_on_threads() {
    let ots = RegionCatalog::bundled().get("Azerbaijan").unwrap().clone();
    let grid = Grid::new(&ots, 0.5).unwrap();
    let sats = walker(20, 4, 1, 550.0, 53.0);
    let time = hours(4.0, 60.0);
    let options = CoverageOptions::default();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let a = one.install(|| compute(&grid, &sats, &time, &options).unwrap());
    let three = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    let b = three.install(|| compute(&grid, &sats, &time, &options).unwrap());
    assert_eq!(a, b);
}

fn load_shared(relative: &str) -> Option<Vec<Satellite>> {
    let path = satfiber::testdata::shared_data(relative)?;
    let catalog = Catalog::load(&path, ParseOptions::default()).unwrap();
    Some(catalog.sets.into_iter().filter_map(|s| Satellite::new(s).ok()).collect())
}

#[test]
fn real_oneweb_catalog_matches_brute_force() {
    let Some(sats) = load_shared("tle/oneweb_2026-05-30.tle") else { return };
    assert!(sats.len() > 600, "{}", sats.len());
    let grid = Grid::new(RegionCatalog::bundled().get("OTS").unwrap(), 3.0).unwrap();
    let start = parse_instant("2026-05-30T12:00:00Z").unwrap();
    let time = TimeGrid::new(start, add_seconds(&start, 3600.0), 300.0).unwrap();
    assert_same_as_brute_force(&grid, &sats, &time, &CoverageOptions::default());
}

#[test]
fn real_starlink_catalog_runs() {
    let Some(sats) = load_shared("tle/starlink_2026-05-30.tle") else { return };
    assert!(sats.len() > 5000, "{}", sats.len());
    let grid = Grid::new(RegionCatalog::bundled().get("Azerbaijan").unwrap(), 1.0).unwrap();
    let start = parse_instant("2026-05-30T12:00:00Z").unwrap();
    let time = TimeGrid::new(start, add_seconds(&start, 1800.0), 300.0).unwrap();
    let options = CoverageOptions { min_elevation_deg: 25.0, ..Default::default() };
    let result = compute(&grid, &sats, &time, &options).unwrap();
    let brute = brute_force_counts(&grid, &sats, &time, &options).unwrap();
    for (c, b) in result.cells.iter().zip(&brute) {
        assert_eq!((c.visible_steps, c.visible_pairs), *b);
        // Thousands of Starlink satellites: always several in view above 25°.
        assert!(c.min_in_view >= 3 && c.percent_covered == 100.0, "{c:?}");
    }
}

#[test]
fn fine_grid_and_all_mask_kinds_match_brute_force() {
    // 0.1° cells: many cells per row near each cap's edge, so the row search walks across several columns
    // from its predicted boundary; a negative mask takes the cell-by-cell path, 0° the k = 0 root.
    let grid = Grid::new(RegionCatalog::bundled().get("Azerbaijan").unwrap(), 0.1).unwrap();
    let sats = walker(50, 5, 1, 550.0, 53.0);
    for min_elevation_deg in [-5.0, 0.0, 10.0, 40.0] {
        let options = CoverageOptions { min_elevation_deg, ..Default::default() };
        assert_same_as_brute_force(&grid, &sats, &hours(2.0, 60.0), &options);
    }
}
