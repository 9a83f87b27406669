//! SGP4/SDP4 against Vallado's verification set (AIAA 2006-6753): all 33 cases of `SGP4-VER.TLE` compared with
//! `tcppver.out` (Vallado's C++ testcpp output, WGS-72, opsmode 'i'), both from `../shared/data/vallado`
//! (byte-identical to the copies in the python-sgp4 2.27 wheel; see that folder's README).
//!
//! The run loop is python-sgp4's `generate_satellite_output`: t = 0, then start, start + step, ... ≤ stop
//! (skipping a duplicate t = 0), then stop itself when the stepping did not land on it; a case ends at its
//! first error. The seven expected errors must come out with Vallado's codes [1, 1, 6, 6, 4, 3, 6] at the
//! times the reference stops.

use satfiber::orbit::{Catalog, ParseOptions, PropagationError, Satellite};
use satfiber::testdata::shared_data;

/// Tolerance on each position component, km (the reference prints 8 decimals).
const TOL_POSITION_KM: f64 = 1e-5;
/// Tolerance on each velocity component, km/s (the reference prints 9 decimals).
const TOL_VELOCITY_KM_S: f64 = 1e-8;

/// One case of SGP4-VER.TLE.
struct Case {
    line1: String,
    line2: String,
    start_min: f64,
    stop_min: f64,
    step_min: f64,
}

fn read_cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut line1: Option<&str> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with("1 ") {
            line1 = Some(line);
            continue;
        }
        assert!(line.starts_with("2 "), "unexpected line {line:?}");
        let extra: Vec<f64> = line[69..].split_whitespace().map(|f| f.parse().unwrap()).collect();
        assert_eq!(extra.len(), 3, "start/stop/step after column 69 in {line:?}");
        cases.push(Case {
            line1: line1.take().expect("line 1 before line 2").to_string(),
            line2: line.to_string(),
            start_min: extra[0],
            stop_min: extra[1],
            step_min: extra[2],
        });
    }
    cases
}

/// tcppver.out: per case the satellite number and rows of [t_min, x, y, z, vx, vy, vz].
fn read_reference(text: &str) -> Vec<(u64, Vec<[f64; 7]>)> {
    let mut cases: Vec<(u64, Vec<[f64; 7]>)> = Vec::new();
    for line in text.lines() {
        if let Some(sat) = line.strip_suffix(" xx") {
            cases.push((sat.trim().parse().unwrap(), Vec::new()));
            continue;
        }
        let fields: Vec<f64> = line.split_whitespace().take(7).map(|f| f.parse().unwrap()).collect();
        assert_eq!(fields.len(), 7, "short line {line:?}");
        cases.last_mut().expect("header first").1.push(fields.try_into().unwrap());
    }
    cases
}

/// Runs one case the way python-sgp4's verification does; returns the rows and the error that ended it.
fn run_case(satellite: &Satellite, case: &Case) -> (Vec<[f64; 7]>, Option<PropagationError>) {
    let mut rows = Vec::new();
    let mut propagator = satellite.propagator();
    let mut step = |t: f64, rows: &mut Vec<[f64; 7]>| -> Result<(), PropagationError> {
        let stateful = propagator.at_minutes(t);
        // The stateless path (re-integrating from epoch) must give the identical answer.
        let stateless = satellite.propagate_minutes(t);
        assert_eq!(stateful, stateless, "NORAD {} at {t} min: stateful and stateless differ", satellite.norad_id());
        let s = stateful?;
        let (p, v) = (s.position_km, s.velocity_km_s);
        rows.push([t, p.x, p.y, p.z, v.x, v.y, v.z]);
        Ok(())
    };
    // t = 0 always comes first; the stepping then restarts from `start` (which may be negative).
    if let Err(e) = step(0.0, &mut rows) {
        return (rows, Some(e));
    }
    let mut t = case.start_min;
    while t <= case.stop_min {
        if t == case.start_min && t == 0.0 {
            t += case.step_min;
            continue;
        }
        if let Err(e) = step(t, &mut rows) {
            return (rows, Some(e));
        }
        t += case.step_min;
    }
    if t - case.stop_min < case.step_min - 1e-6 {
        if let Err(e) = step(case.stop_min, &mut rows) {
            return (rows, Some(e));
        }
    }
    (rows, None)
}

#[test]
fn vallado_verification_set() {
    let (Some(tle_path), Some(out_path)) = (shared_data("vallado/SGP4-VER.TLE"), shared_data("vallado/tcppver.out"))
    else {
        return;
    };
    let cases = read_cases(&std::fs::read_to_string(&tle_path).unwrap());
    let reference = read_reference(&std::fs::read_to_string(&out_path).unwrap());
    assert_eq!(cases.len(), 33);
    assert_eq!(reference.len(), 33);

    let no_checksum = ParseOptions { verify_checksum: false, strict: true };
    let mut errors: Vec<(u64, u8, f64)> = Vec::new();
    let (mut max_dr_km, mut max_dv_km_s, mut compared) = (0.0f64, 0.0f64, 0usize);
    let mut previous_last_row: Option<[f64; 7]> = None;
    for (case, (reference_sat, reference_rows)) in cases.iter().zip(&reference) {
        let text = format!("{}\n{}\n", case.line1, case.line2);
        // 33333–33335 carry deliberately wrong checksums: with the check on they must be rejected at column 69.
        // The set holds impossible orbits on purpose (SGP4's error codes): parse without the physical checks.
        let checked =
            Catalog::parse_str_unvalidated(&text, "SGP4-VER.TLE", ParseOptions { verify_checksum: true, strict: true });
        if (33_333..=33_335).contains(reference_sat) {
            let message = checked.expect_err("bad checksum must be rejected").to_string();
            assert!(message.contains(":69: checksum"), "{message}");
        } else {
            checked.unwrap_or_else(|e| panic!("case {reference_sat} must parse with checksums: {e}"));
        }
        let catalog = Catalog::parse_str_unvalidated(&text, "SGP4-VER.TLE", no_checksum).unwrap();
        let set = catalog.sets[0].clone();
        assert_eq!(set.norad_id, *reference_sat, "case order");
        let (rows, error) = match Satellite::new(set) {
            Ok(satellite) => run_case(&satellite, case),
            Err(e) => (Vec::new(), Some(e)),
        };
        if let Some(e) = &error {
            let minutes = match e {
                PropagationError::Diverged { minutes, .. } | PropagationError::Decayed { minutes, .. } => *minutes,
                PropagationError::BadElements { .. } => 0.0,
            };
            errors.push((*reference_sat, e.vallado_code(), minutes));
            // The message names the satellite.
            assert!(e.to_string().contains(&format!("NORAD {reference_sat}")), "{e}");
        }
        if rows.is_empty() {
            // Error at t = 0: testcpp repeats the previous case's last state as this case's only line.
            assert_eq!(reference_rows.len(), 1, "case {reference_sat}");
            let previous = previous_last_row.expect("a previous case");
            assert_eq!(reference_rows[0][1..], previous[1..], "case {reference_sat}: repeated state");
        } else {
            assert_eq!(rows.len(), reference_rows.len(), "case {reference_sat}: number of rows");
            for (ours, theirs) in rows.iter().zip(reference_rows) {
                assert!((ours[0] - theirs[0]).abs() < 1e-6, "case {reference_sat}: time {} vs {}", ours[0], theirs[0]);
                for k in 1..4 {
                    let d = (ours[k] - theirs[k]).abs();
                    max_dr_km = max_dr_km.max(d);
                    assert!(d <= TOL_POSITION_KM, "case {reference_sat} t={} position[{k}]: Δ={d:e} km", ours[0]);
                }
                for k in 4..7 {
                    let d = (ours[k] - theirs[k]).abs();
                    max_dv_km_s = max_dv_km_s.max(d);
                    assert!(d <= TOL_VELOCITY_KM_S, "case {reference_sat} t={} velocity[{k}]: Δ={d:e} km/s", ours[0]);
                }
                compared += 1;
            }
        }
        previous_last_row = reference_rows.last().copied();
    }
    println!(
        "Vallado: {compared} rows compared, max |Δ position component| = {max_dr_km:.3e} km, \
         max |Δ velocity component| = {max_dv_km_s:.3e} km/s; errors: {errors:?}"
    );
    assert!(compared > 600, "{compared} rows");
    let codes: Vec<u8> = errors.iter().map(|e| e.1).collect();
    assert_eq!(codes, vec![1, 1, 6, 6, 4, 3, 6], "error codes in file order: {errors:?}");
    let expected: [(u64, f64); 7] = [
        (22312, 494.2028672),
        (28350, 1560.0),
        (28872, 55.0),
        (29141, 440.0),
        (33333, 25.0),
        (33334, 0.0),
        (20413, 1_844_345.0),
    ];
    for ((sat, _, minutes), (expected_sat, expected_minutes)) in errors.iter().zip(expected) {
        assert_eq!(*sat, expected_sat);
        assert!(
            (minutes - expected_minutes).abs() < 1e-6,
            "{sat}: failed at {minutes} min, expected {expected_minutes}"
        );
    }
}

#[test]
fn decay_error_names_satellite_and_time() {
    let Some(tle_path) = shared_data("vallado/SGP4-VER.TLE") else {
        return;
    };
    let cases = read_cases(&std::fs::read_to_string(&tle_path).unwrap());
    let case = cases.iter().find(|c| c.line1.starts_with("1 28872")).unwrap();
    let text = format!("MINOTAUR R/B\n{}\n{}\n", case.line1, case.line2);
    // Perigee 49 km below the surface at epoch: the physical check would refuse it; SGP4's decay error is tested.
    assert!(Catalog::parse_str(&text, "t.tle", ParseOptions::default()).is_err());
    let catalog = Catalog::parse_str_unvalidated(&text, "t.tle", ParseOptions::default()).unwrap();
    let satellite = Satellite::new(catalog.sets[0].clone()).unwrap();
    let error = satellite.propagate_minutes(55.0).unwrap_err();
    assert_eq!(error.vallado_code(), 6);
    // Epoch 2005 day 333.02012661 = 2005-11-29T00:28:58.939Z; + 55 min.
    let message = error.to_string();
    assert!(
        message.starts_with("MINOTAUR R/B (NORAD 28872) at 2005-11-29T01:23:58.939Z (55.000 min from epoch): decayed"),
        "{message}"
    );
    let PropagationError::Decayed { radius_km, .. } = error else { panic!("{error:?}") };
    assert!(radius_km < 6378.135 && radius_km > 6300.0, "{radius_km}");
    assert!(message.ends_with(&format!("orbit radius {radius_km:.1} km is below the Earth radius 6378.135 km")));
}
