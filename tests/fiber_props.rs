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
