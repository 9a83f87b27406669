//! SGP4/SDP4 propagation with the sgp4 crate, set up as the reference implementation is.
//!
//! Constants are built with WGS-72 and the IAU sidereal-time expression (`sgp4::Constants::new`), which is
//! what Vallado's reference SGP4 (and python-sgp4, Skyfield, CelesTrak) use: this agrees with the Vallado
//! verification set to ~4e-6 km. (`Constants::from_elements` uses WGS-84 and is off by up to 3 km.)
//! The crate does not report decay, so a radius below one WGS-72 Earth radius (Vallado's error 6) is
//! reported here. Deep-space resonant satellites (GEO, 12 h Molniya) keep their integrator state across
//! increasing times in [`Propagator`].
//!
//! Near-Earth satellites (period < 225 min) propagate through our own faster SGP4 (`src/orbit/sgp4_fast.rs`),
//! deep-space ones (period ≥ 225 min) through our own faster SDP4 (`src/orbit/sdp4_fast.rs`); both agree with the
//! crate to ~1e-12 relative and report the same errors. The crate stays the reference (and the fallback for
//! elements neither fast path takes).

use super::sdp4_fast::{self, DeepSpace};
use super::sgp4_fast::{FastResult, NearEarth};
use super::tle::{ElementSet, WGS72_RADIUS_KM};
use crate::frames::TemeState;
use crate::time::{add_seconds, format_instant, seconds_between, Instant};
use nalgebra::Vector3;
use thiserror::Error;

/// A propagation failure, naming satellite and time.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum PropagationError {
    /// The elements cannot start SGP4 (Vallado error 1 at epoch, or a non-positive Brouwer mean motion).
    #[error("{name} (NORAD {norad_id}): elements cannot be propagated: {reason}")]
    BadElements { name: String, norad_id: u64, reason: String },
    /// The propagated mean elements left their valid range (Vallado errors 1, 3, 4).
    #[error("{name} (NORAD {norad_id}) at {time} ({minutes:.3} min from epoch): SGP4 error {vallado_code}: {reason}")]
    Diverged { name: String, norad_id: u64, time: String, minutes: f64, vallado_code: u8, reason: String },
    /// The satellite is inside the Earth (Vallado error 6): it has decayed.
    #[error("{name} (NORAD {norad_id}) at {time} ({minutes:.3} min from epoch): decayed, orbit radius {radius_km:.1} km is below the Earth radius {WGS72_RADIUS_KM} km")]
    Decayed { name: String, norad_id: u64, time: String, minutes: f64, radius_km: f64 },
}

impl PropagationError {
    /// Vallado's SGP4 error code: 1 eccentricity, 3 perturbed eccentricity, 4 semi-latus rectum, 6 decay.
    pub fn vallado_code(&self) -> u8 {
        match self {
            PropagationError::BadElements { .. } => 1,
            PropagationError::Diverged { vallado_code, .. } => *vallado_code,
            PropagationError::Decayed { .. } => 6,
        }
    }
}

/// A satellite ready to propagate: its element set and SGP4 constants.
#[derive(Debug, Clone)]
pub struct Satellite {
    pub set: ElementSet,
    constants: sgp4::Constants,
    /// Our near-Earth SGP4 for the same elements (`None` for deep space).
    near_earth: Option<NearEarth>,
    /// Our deep-space SDP4 for the same elements (`None` near Earth).
    deep_space: Option<DeepSpace>,
}

impl Satellite {
    /// Initialises SGP4 (WGS-72, IAU sidereal time) from an element set.
    pub fn new(set: ElementSet) -> Result<Self, PropagationError> {
        let bad =
            |reason: String| PropagationError::BadElements { name: set.name.clone(), norad_id: set.norad_id, reason };
        let e = &set.elements;
        let deg = std::f64::consts::PI / 180.0;
        let orbit = sgp4::Orbit::from_kozai_elements(
            &sgp4::WGS72,
            e.inclination * deg,
            e.right_ascension * deg,
            e.eccentricity,
            e.argument_of_perigee * deg,
            e.mean_anomaly * deg,
            e.mean_motion * (std::f64::consts::PI / 720.0),
        )
        .map_err(|err| bad(err.to_string()))?;
        let constants =
            sgp4::Constants::new(sgp4::WGS72, sgp4::iau_epoch_to_sidereal_time, e.epoch(), e.drag_term, orbit)
                .map_err(|err| bad(format!("eccentricity {} outside [0, 1)", err.0)))?;
        let near_earth = NearEarth::new(&set.elements);
        let deep_space = if near_earth.is_none() { DeepSpace::new(&set.elements, e.epoch()) } else { None };
        Ok(Satellite { set, constants, near_earth, deep_space })
    }

    /// Display name.
    pub fn name(&self) -> &str {
        &self.set.name
    }

    /// NORAD catalog number.
    pub fn norad_id(&self) -> u64 {
        self.set.norad_id
    }

    /// Minutes from the element epoch to `t` (UTC).
    pub fn minutes_since_epoch(&self, t: &Instant) -> f64 {
        seconds_between(&self.set.epoch, t) / 60.0
    }

    /// The UTC instant `minutes` after the element epoch.
    pub fn instant_at_minutes(&self, minutes: f64) -> Instant {
        add_seconds(&self.set.epoch, minutes * 60.0)
    }

    /// TEME state at `minutes` since epoch (stateless: re-integrates resonance terms from epoch).
    pub fn propagate_minutes(&self, minutes: f64) -> Result<TemeState, PropagationError> {
        if let Some(near_earth) = &self.near_earth {
            return self.check_fast(near_earth.propagate(minutes), minutes);
        }
        if let Some(deep_space) = &self.deep_space {
            let mut state = deep_space.initial_state();
            return self.check_fast(deep_space.propagate(state.as_mut(), minutes), minutes);
        }
        let prediction = self.constants.propagate(sgp4::MinutesSinceEpoch(minutes));
        self.check(prediction, minutes)
    }

    /// TEME state at a UTC instant.
    pub fn propagate(&self, t: &Instant) -> Result<TemeState, PropagationError> {
        self.propagate_minutes(self.minutes_since_epoch(t))
    }

    /// TEME states at each of `minutes` (since epoch) written into `out`, which must have the same length.
    ///
    /// The batch form for grids: one [`Propagator`] runs through the times, so increasing times reuse the
    /// deep-space resonance state; results are identical to [`Satellite::propagate_minutes`]. Stops at the first
    /// failure (decay, divergence) and returns it; the states before it are written.
    ///
    /// # Panics
    /// When `out.len() != minutes.len()` (a programming error, not an input error).
    pub fn propagate_grid(&self, minutes: &[f64], out: &mut [TemeState]) -> Result<(), PropagationError> {
        assert_eq!(minutes.len(), out.len(), "propagate_grid: one output slot per time");
        if let Some(near_earth) = &self.near_earth {
            return near_earth.propagate_grid(minutes, out, |result, t| self.check_fast(result, t));
        }
        if let Some(deep_space) = &self.deep_space {
            let mut state = deep_space.initial_state();
            return deep_space.propagate_grid(state.as_mut(), minutes, out, |result, t| self.check_fast(result, t));
        }
        let mut propagator = self.propagator();
        for (slot, &t) in out.iter_mut().zip(minutes) {
            *slot = propagator.at_minutes(t)?;
        }
        Ok(())
    }

    /// TEME states at each of `minutes` since epoch, as a vector (see [`Satellite::propagate_grid`]).
    pub fn propagate_many(&self, minutes: &[f64]) -> Result<Vec<TemeState>, PropagationError> {
        let mut out = vec![TemeState::default(); minutes.len()];
        self.propagate_grid(minutes, &mut out)?;
        Ok(out)
    }

    /// A propagator that keeps the deep-space resonance state for increasing times.
    pub fn propagator(&self) -> Propagator<'_> {
        Propagator {
            satellite: self,
            state: self.constants.initial_state(),
            previous: None,
            deep_state: self.deep_space.as_ref().and_then(DeepSpace::initial_state),
        }
    }

    /// The sgp4 crate's own propagation (stateless), bypassing the fast near-Earth path: the reference the
    /// fast path is tested against.
    #[doc(hidden)]
    pub fn propagate_minutes_sgp4_crate(&self, minutes: f64) -> Result<TemeState, PropagationError> {
        self.check(self.constants.propagate(sgp4::MinutesSinceEpoch(minutes)), minutes)
    }

    /// [`Satellite::propagate_grid`] through the sgp4 crate alone (its resonance state carried, as before the fast
    /// deep-space path): the baseline `benches/propagate.rs` compares against.
    #[doc(hidden)]
    pub fn propagate_grid_sgp4_crate(&self, minutes: &[f64], out: &mut [TemeState]) -> Result<(), PropagationError> {
        assert_eq!(minutes.len(), out.len(), "propagate_grid_sgp4_crate: one output slot per time");
        let mut state = self.constants.initial_state();
        let mut last_minutes = 0.0f64;
        for (slot, &t) in out.iter_mut().zip(minutes) {
            if (t >= 0.0) != (last_minutes >= 0.0) || t.abs() < last_minutes.abs() {
                state = self.constants.initial_state();
            }
            last_minutes = t;
            let prediction = self.constants.propagate_from_state(sgp4::MinutesSinceEpoch(t), state.as_mut(), false);
            *slot = self.check(prediction, t)?;
        }
        Ok(())
    }

    /// Whether this satellite propagates through the fast near-Earth path.
    #[doc(hidden)]
    pub fn uses_fast_near_earth(&self) -> bool {
        self.near_earth.is_some()
    }

    /// Whether this satellite propagates through the fast deep-space path.
    #[doc(hidden)]
    pub fn uses_fast_deep_space(&self) -> bool {
        self.deep_space.is_some()
    }

    /// The fast deep-space constants (tests compare its careful path with the crate bit for bit).
    #[cfg(test)]
    pub(crate) fn deep_space(&self) -> Option<&DeepSpace> {
        self.deep_space.as_ref()
    }

    #[inline]
    fn check_fast(&self, result: FastResult, minutes: f64) -> Result<TemeState, PropagationError> {
        match result {
            Ok((position, velocity)) => {
                let position_km = Vector3::from(position);
                let radius_km = position_km.norm();
                if radius_km >= WGS72_RADIUS_KM {
                    return Ok(TemeState { position_km, velocity_km_s: Vector3::from(velocity) });
                }
                self.check(Ok(sgp4::Prediction { position, velocity }), minutes)
            }
            Err(err) => self.check(Err(err), minutes),
        }
    }

    fn check(
        &self,
        prediction: Result<sgp4::Prediction, sgp4::Error>,
        minutes: f64,
    ) -> Result<TemeState, PropagationError> {
        let time = || format_instant(&self.instant_at_minutes(minutes));
        match prediction {
            Ok(p) => {
                let position_km = Vector3::from(p.position);
                let radius_km = position_km.norm();
                if !(radius_km >= WGS72_RADIUS_KM) {
                    return Err(PropagationError::Decayed {
                        name: self.set.name.clone(),
                        norad_id: self.set.norad_id,
                        time: time(),
                        minutes,
                        radius_km,
                    });
                }
                Ok(TemeState { position_km, velocity_km_s: Vector3::from(p.velocity) })
            }
            Err(err) => {
                let vallado_code = match err {
                    sgp4::Error::OutOfRangeEccentricity { .. } => 1,
                    sgp4::Error::OutOfRangePerturbedEccentricity { .. } => 3,
                    sgp4::Error::NegativeSemiLatusRectum { .. } => 4,
                };
                Err(PropagationError::Diverged {
                    name: self.set.name.clone(),
                    norad_id: self.set.norad_id,
                    time: time(),
                    minutes,
                    vallado_code,
                    reason: err.to_string(),
                })
            }
        }
    }
}

/// Stateful propagation for a sequence of times. On the fast deep-space path (`src/orbit/sdp4_fast.rs`) the
/// resonance integrator keeps its states on both sides of epoch, so any time, earlier or later, starts from its
/// own state. On the sgp4 crate's path the integrator state is carried forward (linear rather than quadratic in
/// the interval: a stateless call re-integrates from epoch); the integrator advances in fixed 720-minute steps
/// from epoch, so any time at or beyond the state's step is reached exactly as from epoch; a time before it
/// falls back to the state kept before the last advance, and only when that is also too far out restarts from
/// epoch. Results are identical to [`Satellite::propagate_minutes`].
#[derive(Clone)]
pub struct Propagator<'a> {
    satellite: &'a Satellite,
    state: Option<sgp4::ResonanceState>,
    /// The state before the last advance (serves refinements just behind the scan).
    previous: Option<sgp4::ResonanceState>,
    /// The fast deep-space path's integrator states.
    deep_state: Option<sdp4_fast::ResonanceState>,
}

/// Whether the resonance integrator in `state` can reach `minutes` (the sgp4 crate's own condition).
fn reaches(state: &sgp4::ResonanceState, minutes: f64) -> bool {
    let t = state.t();
    !((t != 0.0 && t.is_sign_positive() != minutes.is_sign_positive()) || minutes.abs() < t.abs())
}

impl Propagator<'_> {
    /// True when `minutes` is reached from the carried state without going back to epoch (always true for
    /// satellites without a resonance integrator).
    pub fn continues_to(&self, minutes: f64) -> bool {
        self.satellite.deep_space.is_some() || self.state.as_ref().map(|s| reaches(s, minutes)).unwrap_or(true)
    }

    /// TEME state at `minutes` since epoch.
    pub fn at_minutes(&mut self, minutes: f64) -> Result<TemeState, PropagationError> {
        if let Some(deep_space) = &self.satellite.deep_space {
            return self.satellite.check_fast(deep_space.propagate(self.deep_state.as_mut(), minutes), minutes);
        }
        let Some(state) = self.state.as_mut() else {
            return self.satellite.propagate_minutes(minutes);
        };
        if !reaches(state, minutes) {
            *state = match self.previous {
                Some(previous) if reaches(&previous, minutes) => previous,
                _ => self.satellite.constants.initial_state().unwrap_or(*state),
            };
            if !reaches(state, minutes) {
                // Unreachable by construction (a fresh state reaches every time); stay exact regardless.
                return self.satellite.propagate_minutes(minutes);
            }
        }
        let before = *state;
        let prediction =
            self.satellite.constants.propagate_from_state(sgp4::MinutesSinceEpoch(minutes), Some(state), false);
        if state.t() != before.t() {
            self.previous = Some(before);
        }
        self.satellite.check(prediction, minutes)
    }

    /// TEME state at a UTC instant.
    pub fn at(&mut self, t: &Instant) -> Result<TemeState, PropagationError> {
        let minutes = self.satellite.minutes_since_epoch(t);
        self.at_minutes(minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orbit::{Catalog, ParseOptions};

    #[test]
    fn grid_equals_single_calls_for_leo_and_geo() {
        let catalog = Catalog::parse_str(crate::DEFAULT_CATALOG_TLE, "ots", ParseOptions::default()).unwrap();
        let minutes: Vec<f64> = (0..200).map(|k| -300.0 + 7.5 * f64::from(k)).collect();
        for set in &catalog.sets {
            let satellite = Satellite::new(set.clone()).unwrap();
            let states = satellite.propagate_many(&minutes).unwrap();
            for (t, state) in minutes.iter().zip(&states) {
                assert_eq!(*state, satellite.propagate_minutes(*t).unwrap(), "{} at {t}", set.name);
            }
        }
    }

    /// Back-and-forth times (a scan with root refinement behind it, and jumps back to epoch and across it)
    /// give exactly the stateless results.
    #[test]
    fn propagator_out_of_order_equals_single_calls() {
        let catalog = Catalog::parse_str(crate::DEFAULT_CATALOG_TLE, "ots", ParseOptions::default()).unwrap();
        let mut minutes = Vec::new();
        for k in 0..60 {
            let t = 20_000.0 + 400.0 * f64::from(k);
            minutes.extend([t, t - 350.0, t - 10.0, t + 1.0]);
        }
        minutes.extend([5.0, -3000.0, -2000.0, -3500.0, 40_000.0, 39_000.0, 0.0]);
        for set in catalog.sets.iter().filter(|s| s.elements.mean_motion < 6.4) {
            let satellite = Satellite::new(set.clone()).unwrap();
            let mut propagator = satellite.propagator();
            for &t in &minutes {
                assert_eq!(
                    propagator.at_minutes(t).unwrap(),
                    satellite.propagate_minutes(t).unwrap(),
                    "{} {t}",
                    set.name
                );
            }
        }
    }
}
