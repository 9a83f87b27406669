//! GSNR per channel against GNPy 3.0.1 (tests/data/gnpy_gsnr.csv, written by scripts/gnpy_reference.py from
//! the equipment and topology JSON in scripts/gnpy/). Fixed-NF amplifiers with gain = span loss, GN model
//! (analytic), 64 × 64 GBd on a 75 GHz grid in the C band, launch −2…+4 dBm, 1×80, 4×95, 5×76 and 10×100 km.

use satfiber::fiber::{evaluate, ChannelPlan, Equipment, Route, SystemDesign};
use std::collections::BTreeMap;

/// Largest allowed difference per channel in GSNR, ASE OSNR and NLI SNR (dB).
const TOL_GSNR_DB: f64 = 0.05;
/// Frequencies must be the same grid (THz, as written with 4 decimals).
const TOL_FREQUENCY_THZ: f64 = 5e-5;

/// The equipment the GNPy runs were given, in our catalog form (shared with the other GNPy comparisons).
const EQUIPMENT: &str = include_str!("data/gnpy_equipment.toml");

struct Row {
    channel: usize,
    frequency_thz: f64,
    osnr_ase_db: f64,
    snr_nli_db: f64,
    gsnr_db: f64,
}

#[test]
fn gsnr_matches_gnpy() {
    let text = include_str!("data/gnpy_gsnr.csv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (c_spans, c_km, c_fiber, c_launch) = (col("spans"), col("span_km"), col("fiber"), col("launch_dbm"));
    let (c_ch, c_f, c_ase, c_nli, c_gsnr) =
        (col("channel"), col("frequency_thz"), col("osnr_ase_db"), col("snr_nli_db"), col("gsnr_db"));
    // (spans, span km × 1000, fiber, launch dBm × 10) → rows
    let mut cases: BTreeMap<(usize, i64, String, i64), Vec<Row>> = BTreeMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| f[i].parse::<f64>().unwrap();
        let key = (
            f[c_spans].parse().unwrap(),
            (num(c_km) * 1000.0).round() as i64,
            f[c_fiber].to_string(),
            (num(c_launch) * 10.0).round() as i64,
        );
        cases.entry(key).or_default().push(Row {
            channel: f[c_ch].parse().unwrap(),
            frequency_thz: num(c_f),
            osnr_ase_db: num(c_ase),
            snr_nli_db: num(c_nli),
            gsnr_db: num(c_gsnr),
        });
    }
    assert_eq!(cases.len(), 5 * 7, "five links × seven launch powers expected");

    let mut equipment = Equipment::default();
    equipment.add_str(EQUIPMENT, "tests/fiber_gnpy.rs").unwrap();
    let mut worst = 0.0f64;
    for ((spans, span_m, fiber, launch_x10), rows) in &cases {
        let span_km = *span_m as f64 / 1000.0;
        let route = Route::from_length("gnpy", span_km * *spans as f64).unwrap();
        let design = SystemDesign {
            fiber: fiber.clone(),
            amplifier: "fixed_nf5".into(),
            transceiver: "ref64".into(),
            repeaters: Some(spans - 1),
            span_margin_db: 0.0,
            launch_power_dbm: Some(*launch_x10 as f64 / 10.0),
            channel_plan: ChannelPlan {
                baud_rate_gbd: Some(64.0),
                spacing_ghz: Some(75.0),
                roll_off: Some(0.15),
                ..Default::default()
            },
            ..SystemDesign::default()
        };
        let report = evaluate(&route, &design, &equipment).unwrap();
        assert_eq!(report.channels.len(), rows.len());
        for row in rows {
            let ours = &report.channels[row.channel - 1];
            let what =
                format!("{spans}x{span_km} km {fiber} at {} dBm, channel {}", *launch_x10 as f64 / 10.0, row.channel);
            assert!((ours.frequency_thz - row.frequency_thz).abs() < TOL_FREQUENCY_THZ, "{what}: frequency");
            for (name, a, b) in [
                ("OSNR_ASE", ours.osnr_ase_db, row.osnr_ase_db),
                ("SNR_NLI", ours.snr_nli_db, row.snr_nli_db),
                ("GSNR", ours.gsnr_db, row.gsnr_db),
            ] {
                assert!((a - b).abs() < TOL_GSNR_DB, "{what}: {name} ours {a:.4} dB, GNPy {b:.4} dB");
                worst = worst.max((a - b).abs());
            }
        }
    }
    println!("largest |difference| to GNPy over all channels, cases and quantities: {worst:.2e} dB");
}
