//! The SRS / generalised-GN model against GNPy 3.0.1 with `raman_params.flag = true` and
//! `nli_params.method = "ggn_spectrally_separated"` (tests/data/gnpy_srs_gsnr_<case>.csv, written by
//! scripts/gnpy_srs_reference.py from scripts/gnpy/srs_*.json): C+L 128 × 64 GBd on 75 GHz, and a C-band
//! high-power link, fixed-NF flat-gain amplifiers (the SRS tilt accumulates), per computed channel.

use satfiber::fiber::{evaluate, ChannelPlan, Equipment, NliModel, Route, SystemDesign};

/// Largest allowed GSNR difference per channel (dB).
const TOL_GSNR_DB: f64 = 0.1;
/// Largest allowed received signal power difference per channel (dB).
const TOL_POWER_DB: f64 = 0.05;

/// The equipment the GNPy runs were given, in our catalog form (shared with the other GNPy comparisons).
const EQUIPMENT: &str = include_str!("data/gnpy_equipment.toml");

const CASES: [(&str, &str); 3] = [
    ("CL-2x80km-SSMF-slope", include_str!("data/gnpy_srs_gsnr_CL-2x80km-SSMF-slope.csv")),
    ("CL-2x60km-SSMF-lossf", include_str!("data/gnpy_srs_gsnr_CL-2x60km-SSMF-lossf.csv")),
    ("C-2x100km-SSMF-slope-hp", include_str!("data/gnpy_srs_gsnr_C-2x100km-SSMF-slope-hp.csv")),
];

#[test]
fn srs_ggn_matches_gnpy() {
    let mut equipment = Equipment::default();
    equipment.add_str(EQUIPMENT, "tests/fiber_srs_gnpy.rs").unwrap();
    let (mut worst_gsnr, mut worst_power) = (0.0f64, 0.0f64);
    let mut rows_checked = 0;
    for (case, text) in CASES {
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let rows: Vec<Vec<String>> = lines.map(|l| l.split(',').map(str::to_string).collect()).collect();
        assert!(!rows.is_empty(), "{case}: no rows");
        let launches: std::collections::BTreeSet<String> = rows.iter().map(|r| r[col("launch_dbm")].clone()).collect();
        for launch in launches {
            let rows: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("launch_dbm")] == launch).collect();
            let spans: usize = rows[0][col("spans")].parse().unwrap();
            let span_km: f64 = rows[0][col("span_km")].parse().unwrap();
            let fiber = if rows[0][col("loss_db_per_km")] == "table" { "SSMF-lossf" } else { "SSMF-slope" };
            let design = SystemDesign {
                fiber: fiber.into(),
                amplifier: "fixed_nf5".into(),
                transceiver: "ref64".into(),
                repeaters: Some(spans - 1),
                span_margin_db: 0.0,
                launch_power_dbm: Some(launch.parse().unwrap()),
                nli_model: NliModel::GgnIsrs,
                channel_plan: ChannelPlan {
                    band: if case.starts_with("CL") { "C+L".into() } else { "C".into() },
                    baud_rate_gbd: Some(64.0),
                    spacing_ghz: Some(75.0),
                    roll_off: Some(0.15),
                    ..Default::default()
                },
                ..SystemDesign::default()
            };
            let route = Route::from_length("gnpy", span_km * spans as f64).unwrap();
            let report = evaluate(&route, &design, &equipment).unwrap();
            for row in rows {
                let ch: usize = row[col("channel")].parse().unwrap();
                let ours = &report.channels[ch - 1];
                let f: f64 = row[col("frequency_thz")].parse().unwrap();
                assert!(
                    (ours.frequency_thz - f).abs() < 5e-5,
                    "{case} ch {ch}: frequency {} vs {f}",
                    ours.frequency_thz
                );
                let gsnr: f64 = row[col("gsnr_db")].parse().unwrap();
                let power: f64 = row[col("power_dbm")].parse().unwrap();
                let dg = ours.gsnr_db - gsnr;
                let dp = ours.signal_power_dbm - power;
                println!(
                    "{case} {launch} dBm ch {ch}: GSNR ours {:.3} GNPy {gsnr:.3} (Δ {dg:+.3}); ASE {:.3}/{}; NLI {:.3}/{}; P Δ {dp:+.4}",
                    ours.gsnr_db, ours.osnr_ase_db, row[col("osnr_ase_db")], ours.snr_nli_db, row[col("snr_nli_db")]
                );
                worst_gsnr = worst_gsnr.max(dg.abs());
                worst_power = worst_power.max(dp.abs());
                rows_checked += 1;
            }
        }
    }
    println!("worst |ΔGSNR| {worst_gsnr:.3} dB, worst |Δpower| {worst_power:.4} dB over {rows_checked} channels");
    assert!(worst_gsnr < TOL_GSNR_DB, "GSNR differs by {worst_gsnr:.3} dB");
    assert!(worst_power < TOL_POWER_DB, "received power differs by {worst_power:.4} dB");
}
