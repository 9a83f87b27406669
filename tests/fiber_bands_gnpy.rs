//! Per-band amplifiers against GNPy 3.0.1 (tests/data/gnpy_bands_<case>.csv, written by
//! scripts/gnpy_bands_reference.py from scripts/gnpy/bands_*.json): a C+L link of 2 × 70 km SSMF with SRS and the
//! generalised GN model (`ggn_spectrally_separated`), each span followed by GNPy's `Multiband_amplifier` with a
//! C-band (NF 4.5 dB) and an L-band (NF 5 dB, tilt_target −1.5 dB) Edfa in power mode, per computed channel.

use satfiber::fiber::{evaluate, BandAmplifierSpec, ChannelPlan, Equipment, GainMode, NliModel, Route, SystemDesign};

/// Largest allowed GSNR difference per channel (dB).
const TOL_GSNR_DB: f64 = 0.1;
/// Largest allowed received signal power difference per channel (dB).
const TOL_POWER_DB: f64 = 0.05;

/// The equipment the GNPy runs were given, in our catalog form (shared with the other GNPy comparisons).
const EQUIPMENT: &str = include_str!("data/gnpy_equipment.toml");

const CASES: [(&str, f64, &str); 1] =
    [("CL-2x70km-power-tiltL", -1.5, include_str!("data/gnpy_bands_CL-2x70km-power-tiltL.csv"))];

#[test]
fn band_amplifiers_in_power_mode_match_gnpy() {
    let mut equipment = Equipment::default();
    equipment.add_str(EQUIPMENT, "tests/fiber_bands_gnpy.rs").unwrap();
    let (mut worst_gsnr, mut worst_power) = (0.0f64, 0.0f64);
    let mut rows_checked = 0;
    for (case, tilt_l_db, text) in CASES {
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert!(!rows.is_empty(), "{case}: no rows");
        let spans: usize = rows[0][col("spans")].parse().unwrap();
        let span_km: f64 = rows[0][col("span_km")].parse().unwrap();
        let design = SystemDesign {
            fiber: "SSMF-slope".into(),
            amplifier: "c_nf45".into(),
            transceiver: "ref64".into(),
            repeaters: Some(spans - 1),
            span_margin_db: 0.0,
            launch_power_dbm: Some(rows[0][col("launch_dbm")].parse().unwrap()),
            nli_model: NliModel::GgnIsrs,
            gain_mode: GainMode::Power,
            band_amplifiers: vec![
                BandAmplifierSpec { amplifier: "c_nf45".into(), tilt_db: 0.0 },
                BandAmplifierSpec { amplifier: "l_nf5".into(), tilt_db: tilt_l_db },
            ],
            channel_plan: ChannelPlan {
                band: "C+L".into(),
                baud_rate_gbd: Some(64.0),
                spacing_ghz: Some(75.0),
                roll_off: Some(0.15),
                ..Default::default()
            },
            ..SystemDesign::default()
        };
        let route = Route::from_length("gnpy", span_km * spans as f64).unwrap();
        let report = evaluate(&route, &design, &equipment).unwrap();
        assert_eq!(report.amplifier, "l_nf5 + c_nf45");
        for row in rows {
            let ch: usize = row[col("channel")].parse().unwrap();
            let ours = &report.channels[ch - 1];
            let f: f64 = row[col("frequency_thz")].parse().unwrap();
            assert!((ours.frequency_thz - f).abs() < 5e-5, "{case} ch {ch}: frequency {} vs {f}", ours.frequency_thz);
            let gsnr: f64 = row[col("gsnr_db")].parse().unwrap();
            let power: f64 = row[col("power_dbm")].parse().unwrap();
            let (dg, dp) = (ours.gsnr_db - gsnr, ours.signal_power_dbm - power);
            println!(
                "{case} ch {ch} {f} THz: P ours {:.4} GNPy {power:.4} (Δ {dp:+.4}); GSNR ours {:.3} GNPy {gsnr:.3} (Δ {dg:+.3}); \
                 ASE {:.3}/{}; NLI {:.3}/{}",
                ours.signal_power_dbm,
                ours.gsnr_db,
                ours.osnr_ase_db,
                row[col("osnr_ase_db")],
                ours.snr_nli_db,
                row[col("snr_nli_db")]
            );
            worst_gsnr = worst_gsnr.max(dg.abs());
            worst_power = worst_power.max(dp.abs());
            rows_checked += 1;
        }
    }
    println!("worst |ΔGSNR| {worst_gsnr:.3} dB, worst |Δpower| {worst_power:.4} dB over {rows_checked} channels");
    assert!(worst_gsnr < TOL_GSNR_DB, "GSNR differs by {worst_gsnr:.3} dB");
    assert!(worst_power < TOL_POWER_DB, "received power differs by {worst_power:.4} dB");
}
