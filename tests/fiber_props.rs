//! Property tests of the fiber model: geodesic symmetry and triangle inequality, GSNR falling with more spans.

use proptest::prelude::*;
use satfiber::fiber::{evaluate, geodesic_length_m, Equipment, Route, SystemDesign};

/// Geodesic agreement between directions (m).
const TOL_SYMMETRY_M: f64 = 1e-4;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn geodesic_is_symmetric_and_a_metric(
        lat1 in 30.0f64..50.0, lon1 in 40.0f64..60.0,
        lat2 in 30.0f64..50.0, lon2 in 40.0f64..60.0,
        lat3 in 30.0f64..50.0, lon3 in 40.0f64..60.0,
    ) {
        let ab = geodesic_length_m(lat1, lon1, lat2, lon2).unwrap();
        let ba = geodesic_length_m(lat2, lon2, lat1, lon1).unwrap();
        prop_assert!((ab - ba).abs() < TOL_SYMMETRY_M, "{ab} {ba}");
        let bc = geodesic_length_m(lat2, lon2, lat3, lon3).unwrap();
        let ac = geodesic_length_m(lat1, lon1, lat3, lon3).unwrap();
        prop_assert!(ac <= ab + bc + TOL_SYMMETRY_M);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn more_spans_lower_gsnr(spans in 1usize..12, span_km in 40.0f64..110.0, launch_dbm in -3.0f64..3.0) {
        let equipment = Equipment::bundled();
        let design = SystemDesign {
            fiber: "G.652.D".into(),
            amplifier: "EDFA-NF5".into(),
            launch_power_dbm: Some(launch_dbm),
            ..SystemDesign::default()
        };
        let run = |n: usize| {
            let route = Route::from_length("p", span_km * n as f64).unwrap();
            evaluate(&route, &SystemDesign { repeaters: Some(n - 1), ..design.clone() }, &equipment).unwrap()
        };
        let (short, long) = (run(spans), run(spans + 1));
        prop_assert!(long.min_gsnr_db < short.min_gsnr_db);
        prop_assert!(long.capacity_per_pair_gbps <= short.capacity_per_pair_gbps);
        prop_assert!(long.one_way_latency_ms > short.one_way_latency_ms);
    }
}

/// A designs file with one unrepeatered design of `km` km, a counter pump and optionally a ROPA, as text.
fn pumped_design(km: f64, wavelength_nm: f64, power_mw: f64, ropa_km: Option<f64>) -> String {
    let ropa = ropa_km.map(|d| format!("ropa = {{ distance_from_receiver_km = {d:?} }}\n")).unwrap_or_default();
    format!(
        "length_km = {km:?}\n[[design]]\nname = 'p'\nfiber = 'PSCF-150'\namplifier = 'preamp-NF5.5'\n\
         architecture = 'unrepeatered'\nlaunch_power_dbm = 0.0\nchannel_plan = {{ bands_thz = [[193.0, 194.2]], band = 'custom' }}\n\
         raman_pumps = [{{ wavelength_nm = {wavelength_nm:?}, power_mw = {power_mw:?}, direction = 'counter' }}]\n{ropa}"
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any pump wavelength, power and ROPA position (finite, huge, negative) gives a clear error or a finite
    /// result, never a panic or a NaN.
    #[test]
    fn pumped_designs_never_panic_or_print_nan(
        km in prop_oneof![Just(-5.0f64), 10.0f64..250.0, Just(1e308)],
        wavelength_nm in prop_oneof![1200.0f64..1600.0, Just(f64::MAX), Just(-1450.0)],
        power_mw in prop_oneof![-10.0f64..3000.0, Just(1e300)],
        ropa_km in prop::option::of(prop_oneof![-1.0f64..260.0, Just(1e12)]),
    ) {
        let text = pumped_design(km, wavelength_nm, power_mw, ropa_km);
        let Ok(file) = satfiber::fiber::parse_designs(&text, "p.toml") else { return Ok(()) };
        let Some(length) = file.length_km else { return Ok(()) };
        let Ok(route) = Route::from_length("p", length) else { return Ok(()) };
        if let Ok(report) = evaluate(&route, &file.designs[0].1, &Equipment::bundled()) {
            prop_assert!(report.min_gsnr_db.is_finite(), "{text}");
            prop_assert!(report.channels.iter().all(|c| c.signal_power_dbm.is_finite()), "{text}");
        }
    }

    /// More counter-pump power never lowers any channel's ASE-limited OSNR (the Raman gain before the preamplifier
    /// grows faster than the spontaneous Raman noise it brings).
    #[test]
    fn more_pump_more_signal(power_mw in 50.0f64..600.0, extra_mw in 10.0f64..300.0) {
        let run = |mw: f64| {
            let file = satfiber::fiber::parse_designs(&pumped_design(120.0, 1455.0, mw, None), "p.toml").unwrap();
            let route = Route::from_length("p", 120.0).unwrap();
            evaluate(&route, &file.designs[0].1, &Equipment::bundled()).unwrap()
        };
        let (low, high) = (run(power_mw), run(power_mw + extra_mw));
        for (a, b) in low.channels.iter().zip(&high.channels) {
            prop_assert!(b.osnr_ase_db > a.osnr_ase_db, "{} vs {}", a.osnr_ase_db, b.osnr_ase_db);
        }
    }
}

/// A cable longer than any on Earth is refused before any work is sized from it (a 1e308 km unrepeatered span
/// once sized its Raman integration from the length).
#[test]
fn absurd_cable_lengths_are_refused() {
    for km in [1e308, 5e4 + 1.0, f64::INFINITY, f64::NAN, 0.0, -1.0] {
        let err = Route::from_length("x", km).unwrap_err().to_string();
        assert!(err.contains("length_km") && err.contains("50000"), "{km}: {err}");
    }
    assert!(Route::from_length("x", 50_000.0).is_ok());
}
