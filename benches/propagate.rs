//! SGP4 throughput: propagations per second for 1000 satellites × 1440 times (one day at one minute), LEO
//! (first 1000 Starlink element sets), GEO (the 574 GEO element sets cycled to 1000) and the 90/10 LEO/GEO mix
//! that scripts/python_sgp4_speed.py times with python-sgp4's SatrecArray. One thread, and all threads with
//! rayon (each satellite writes its own slice of one output buffer: deterministic). `geo_sgp4_crate` runs the
//! same GEO work through the sgp4 crate's SDP4 alone (resonance state carried), the path before
//! `src/orbit/sdp4_fast.rs`: the A/B baseline, measured in the same run.
//!
//! Reads ../shared/data/tle (or $SATFIBER_SHARED_DATA/tle); skips with a message when absent.
//! Run: `cargo bench --bench propagate -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use satfiber::frames::TemeState;
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use std::hint::black_box;

const TIMES: usize = 1440;

fn load(file: &str, count: usize) -> Option<Vec<Satellite>> {
    let path = satfiber::testdata::shared_data(&format!("tle/{file}"))?;
    let catalog = Catalog::load(&path, ParseOptions::default()).expect("catalog");
    let satellites: Vec<Satellite> =
        catalog.sets.into_iter().filter_map(|s| Satellite::new(s).ok()).cycle().take(count).collect();
    assert_eq!(satellites.len(), count);
    Some(satellites)
}

/// Minutes since each satellite's epoch for 1440 one-minute steps from 2026-05-30T00:00Z (the files' day).
fn grids(satellites: &[Satellite]) -> Vec<Vec<f64>> {
    let start = satfiber::time::parse_instant("2026-05-30T00:00:00Z").unwrap();
    satellites
        .iter()
        .map(|s| {
            let t0 = s.minutes_since_epoch(&start);
            (0..TIMES).map(|k| t0 + k as f64).collect()
        })
        .collect()
}

/// How a satellite's grid is propagated: satfiber's path, or the sgp4 crate alone (the baseline).
#[derive(Clone, Copy)]
enum Path {
    Satfiber,
    Sgp4Crate,
}

fn grid(path: Path, satellite: &Satellite, minutes: &[f64], out: &mut [TemeState]) -> bool {
    match path {
        Path::Satfiber => satellite.propagate_grid(minutes, out).is_ok(),
        Path::Sgp4Crate => satellite.propagate_grid_sgp4_crate(minutes, out).is_ok(),
    }
}

fn one_thread_with(path: Path, satellites: &[Satellite], grids: &[Vec<f64>], out: &mut [TemeState]) -> usize {
    let mut failed = 0;
    for ((satellite, minutes), chunk) in satellites.iter().zip(grids).zip(out.chunks_mut(TIMES)) {
        failed += usize::from(!grid(path, satellite, minutes, chunk));
    }
    failed
}

fn one_thread(satellites: &[Satellite], grids: &[Vec<f64>], out: &mut [TemeState]) -> usize {
    one_thread_with(Path::Satfiber, satellites, grids, out)
}

fn all_threads(satellites: &[Satellite], grids: &[Vec<f64>], out: &mut [TemeState]) -> usize {
    satellites
        .par_iter()
        .zip(grids.par_iter())
        .zip(out.par_chunks_mut(TIMES))
        .map(|((satellite, minutes), chunk)| usize::from(satellite.propagate_grid(minutes, chunk).is_err()))
        .collect::<Vec<_>>()
        .iter()
        .sum()
}

/// CPU time of the calling thread, seconds (Linux /proc; `None` elsewhere). Wall time is unreliable on a shared
/// machine, so the one-thread figure is also printed per CPU-second, as scripts/python_sgp4_speed.py does.
fn thread_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

fn cpu_rate(label: &str, path: Path, satellites: &[Satellite], grids: &[Vec<f64>], out: &mut [TemeState]) {
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let Some(start) = thread_cpu_s() else { return };
        black_box(one_thread_with(path, satellites, grids, out));
        let Some(end) = thread_cpu_s() else { return };
        best = best.min(end - start);
    }
    let n = (satellites.len() * TIMES) as f64;
    println!("propagate/{label}_1000x1440/1_thread: {:.3e} propagations per CPU-second (best of 5)", n / best);
}

fn bench(c: &mut Criterion) {
    let (Some(leo), Some(geo)) = (load("starlink_2026-05-30.tle", 1000), load("geo_2026-05-30.tle", 1000)) else {
        eprintln!("propagate bench skipped: shared TLE data absent");
        return;
    };
    let mix: Vec<Satellite> = leo[..900].iter().chain(&geo[..100]).cloned().collect();
    let mut group = c.benchmark_group("propagate");
    group.sample_size(10);
    group.throughput(Throughput::Elements((1000 * TIMES) as u64));
    for (label, satellites) in [("leo", &leo), ("geo", &geo), ("mix90_10", &mix)] {
        let grids = grids(satellites);
        let mut out = vec![TemeState::default(); satellites.len() * TIMES];
        // The workload must propagate cleanly (a failure would shorten the work).
        assert_eq!(one_thread(satellites, &grids, &mut out), 0, "{label}");
        let parallel_out = {
            let mut p = vec![TemeState::default(); out.len()];
            all_threads(satellites, &grids, &mut p);
            p
        };
        assert!(parallel_out == out, "{label}: parallel result differs");
        cpu_rate(label, Path::Satfiber, satellites, &grids, &mut out);
        group.bench_function(format!("{label}_1000x1440/1_thread"), |b| {
            b.iter(|| black_box(one_thread(satellites, &grids, &mut out)))
        });
        group.bench_function(format!("{label}_1000x1440/all_threads"), |b| {
            b.iter(|| black_box(all_threads(satellites, &grids, &mut out)))
        });
    }
    // The baseline: the same GEO work through the sgp4 crate's SDP4, which must give the same states to 1e-8 km.
    let grids = grids(&geo);
    let mut out = vec![TemeState::default(); geo.len() * TIMES];
    let mut reference = vec![TemeState::default(); out.len()];
    assert_eq!(one_thread(&geo, &grids, &mut out), 0);
    assert_eq!(one_thread_with(Path::Sgp4Crate, &geo, &grids, &mut reference), 0);
    let max_dr_km =
        out.iter().zip(&reference).map(|(a, b)| (a.position_km - b.position_km).abs().max()).fold(0.0, f64::max);
    assert!(max_dr_km <= 1e-8, "fast GEO differs from the sgp4 crate by {max_dr_km:e} km");
    cpu_rate("geo_sgp4_crate", Path::Sgp4Crate, &geo, &grids, &mut out);
    group.bench_function("geo_sgp4_crate_1000x1440/1_thread", |b| {
        b.iter(|| black_box(one_thread_with(Path::Sgp4Crate, &geo, &grids, &mut out)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
