//! Sun position, satellite eclipses (conical umbra/penumbra) and GEO sun outages (issue 3).
//!
//! * Sun: the Astronomical Almanac's low-precision formula (section C, "Low precision formulas for the Sun":
//!   ~0.01° in 1950–2050), geocentric, mean equator and equinox of date. That frame differs from TEME by the
//!   equation of the equinoxes (≤ 1.2″), far below the formula's accuracy, so the vector is used as TEME.
//! * Eclipse: conical shadow of a spherical Earth (equatorial radius) lit by a spherical Sun, from the apparent
//!   radii seen by the satellite and the Sun–Earth-centre separation.
//! * Sun outage: the Sun passes behind a satellite seen from a station when their topocentric separation is
//!   at most half the antenna's 3 dB beamwidth plus the Sun's apparent radius.

use crate::frames::teme::teme_to_ecef_with_gmst;
use crate::frames::{EarthOrientation, EcefState, GroundStation, TemeState};
use crate::orbit::{PropagationError, Propagator, Satellite};
use crate::time::{add_seconds, julian_date_split, seconds_between, Instant, SECONDS_PER_DAY};
use nalgebra::{Matrix3, Vector3};

/// Astronomical unit, km (IAU 2012).
pub const AU_KM: f64 = 149_597_870.7;
/// Solar radius, km (IAU 2015 nominal).
pub const SUN_RADIUS_KM: f64 = 695_700.0;
/// Earth equatorial radius, km (WGS-84), used for the shadow cone.
pub const EARTH_RADIUS_KM: f64 = 6_378.137;
/// TT − UTC, seconds, for 2017 onwards (32.184 s + 37 leap seconds); applied to the Sun's mean elements.
pub const TT_MINUS_UTC_S: f64 = 69.184;
/// Speed of light, m/s.
const SPEED_OF_LIGHT_M_S: f64 = 299_792_458.0;

/// Errors from the Sun, eclipse and outage computations.
#[derive(Debug, thiserror::Error)]
pub enum SunError {
    #[error(transparent)]
    Propagation(#[from] PropagationError),
    #[error("time range: end {end} is before start {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("{what} must be {expected}, got {}", crate::validate::fmt_value(*.value))]
    BadParameter { what: &'static str, expected: &'static str, value: f64 },
}

/// Geocentric Sun position, km, mean equator and equinox of date (used as TEME), at UTC instant `t`.
pub fn sun_position_eci_km(t: &Instant) -> Vector3<f64> {
    let (whole, fraction) = julian_date_split(t);
    let n = (whole - 2_451_545.0) + fraction + TT_MINUS_UTC_S / 86_400.0;
    let mean_longitude_deg = (280.460 + 0.985_647_4 * n).rem_euclid(360.0);
    let g = (357.528 + 0.985_600_3 * n).rem_euclid(360.0).to_radians();
    let lambda = (mean_longitude_deg + 1.915 * g.sin() + 0.020 * (2.0 * g).sin()).to_radians();
    let epsilon = (23.439 - 0.000_000_4 * n).to_radians();
    let distance_km = (1.000_14 - 0.016_71 * g.cos() - 0.000_14 * (2.0 * g).cos()) * AU_KM;
    let (sl, cl) = lambda.sin_cos();
    let (se, ce) = epsilon.sin_cos();
    Vector3::new(cl, ce * sl, se * sl) * distance_km
}

/// Sun position in the Earth-fixed frame, km (GMST 1982 rotation, as the satellites use).
pub fn sun_position_ecef_km(t: &Instant, eop: &EarthOrientation) -> Vector3<f64> {
    let (theta, _) = crate::frames::teme::gmst_at(t, eop);
    let (s, c) = theta.sin_cos();
    Matrix3::new(c, s, 0.0, -s, c, 0.0, 0.0, 0.0, 1.0) * sun_position_eci_km(t)
}

/// Sun right ascension and declination of date, degrees (RA in [0, 360)).
pub fn sun_ra_dec_deg(t: &Instant) -> (f64, f64) {
    let r = sun_position_eci_km(t);
    let ra = r.y.atan2(r.x).to_degrees().rem_euclid(360.0);
    let dec = (r.z / r.norm()).asin().to_degrees();
    (ra, dec)
}

/// Shadow geometry at one instant (angles in radians, seen from the satellite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShadowGeometry {
    /// Apparent radius of the Sun.
    pub sun_radius_rad: f64,
    /// Apparent radius of the Earth.
    pub earth_radius_rad: f64,
    /// Angle between the Sun's and the Earth centre's directions.
    pub separation_rad: f64,
}

/// Illumination state of a satellite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Illumination {
    Sunlit,
    Penumbra,
    Umbra,
}

impl ShadowGeometry {
    /// Geometry from the satellite's and the Sun's positions in the same inertial frame, km.
    pub fn new(satellite_km: &Vector3<f64>, sun_km: &Vector3<f64>) -> Self {
        let to_sun = sun_km - satellite_km;
        let to_earth = -satellite_km;
        let sun_radius_rad = (SUN_RADIUS_KM / to_sun.norm()).min(1.0).asin();
        let earth_radius_rad = (EARTH_RADIUS_KM / to_earth.norm()).min(1.0).asin();
        let cos_sep = to_sun.dot(&to_earth) / (to_sun.norm() * to_earth.norm());
        ShadowGeometry { sun_radius_rad, earth_radius_rad, separation_rad: cos_sep.clamp(-1.0, 1.0).acos() }
    }

    /// Penumbra margin: negative inside the penumbral cone (any part of the Sun hidden).
    pub fn penumbra_margin_rad(&self) -> f64 {
        self.separation_rad - (self.earth_radius_rad + self.sun_radius_rad)
    }

    /// Umbra margin: negative inside the umbral cone (all of the Sun hidden).
    pub fn umbra_margin_rad(&self) -> f64 {
        self.separation_rad - (self.earth_radius_rad - self.sun_radius_rad)
    }

    /// Which shadow the satellite is in.
    pub fn illumination(&self) -> Illumination {
        if self.umbra_margin_rad() < 0.0 {
            Illumination::Umbra
        } else if self.penumbra_margin_rad() < 0.0 {
            Illumination::Penumbra
        } else {
            Illumination::Sunlit
        }
    }
}

/// Shadow geometry of a TEME position at `t`.
pub fn shadow_at(position_teme_km: &Vector3<f64>, t: &Instant) -> ShadowGeometry {
    ShadowGeometry::new(position_teme_km, &sun_position_eci_km(t))
}

/// One eclipse: penumbra entry and exit, umbra entry and exit (absent for a penumbral-only eclipse), UTC.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Eclipse {
    pub satellite: String,
    pub norad_id: u64,
    pub penumbra_start: Instant,
    pub umbra_start: Option<Instant>,
    pub umbra_end: Option<Instant>,
    pub penumbra_end: Instant,
    /// Penumbra entry to exit, seconds.
    pub penumbra_duration_s: f64,
    /// Umbra entry to exit, seconds (0 when there is no umbra).
    pub umbra_duration_s: f64,
    /// The eclipse began before the interval start / ended after its end.
    pub clipped_start: bool,
    pub clipped_end: bool,
}

/// Eclipse-season summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EclipseSeason {
    /// UTC date (YYYY-MM-DD) of the first and last eclipse in the interval.
    pub first_day: String,
    pub last_day: String,
    pub eclipses: usize,
    /// The longest eclipse (penumbra duration), seconds, and when it started.
    pub longest_penumbra_s: f64,
    pub longest_umbra_s: f64,
    pub longest_start: Instant,
}

use crate::visibility::events::{refine_root as refine_root_tol, ROOT_TOL_S};

fn refine_root<E>(f: impl FnMut(f64) -> Result<f64, E>, a: f64, fa: f64, b: f64, fb: f64) -> Result<f64, E> {
    refine_root_tol(f, a, fa, b, fb, ROOT_TOL_S)
}

/// Time step (s) for scanning a satellite's shadow function: 1/200 of the fastest (perigee) angular period,
/// capped to [10 s, 300 s]. The shortest LEO eclipse entry (penumbra crossing) lasts ~8 s, but the scan looks for
/// sign changes of the penumbra margin whose zero crossings are a full eclipse (≥ ~minutes) apart; grazing
/// eclipses shorter than the step may be missed.
fn eclipse_step_s(satellite: &Satellite) -> f64 {
    (crate::visibility::perigee_period_s(satellite) / 200.0).clamp(10.0, 300.0)
}

/// Eclipses of one satellite between `start` and `end` (UTC).
///
/// One forward scan in bounded memory (only the eclipse in progress is held besides the result), with the
/// propagator carried forward so the cost is linear in the interval also for resonant GEO orbits.
pub fn find_eclipses(satellite: &Satellite, start: &Instant, end: &Instant) -> Result<Vec<Eclipse>, SunError> {
    if end < start {
        return Err(SunError::EndBeforeStart {
            start: crate::time::format_instant(start),
            end: crate::time::format_instant(end),
        });
    }
    let span_s = seconds_between(start, end);
    let step_s = eclipse_step_s(satellite);
    let geometry_at = |propagator: &mut Propagator<'_>, offset_s: f64| -> Result<ShadowGeometry, SunError> {
        let t = add_seconds(start, offset_s);
        let state = propagator.at(&t)?;
        Ok(shadow_at(&state.position_km, &t))
    };
    let margin = |g: &ShadowGeometry, umbra: bool| if umbra { g.umbra_margin_rad() } else { g.penumbra_margin_rad() };
    let count = (span_s / step_s).ceil().max(1.0) as usize;
    let offset_of = |i: usize| if i < count { i as f64 * step_s } else { span_s };
    let mut scan = satellite.propagator();
    let first = geometry_at(&mut scan, 0.0)?;
    let mut scan_state = EclipseScan {
        satellite,
        start,
        penumbra: (first.penumbra_margin_rad() < 0.0).then_some((0.0, true)),
        umbra: (first.umbra_margin_rad() < 0.0).then_some(0.0),
        umbra_span: None,
        eclipses: Vec::new(),
    };
    let (mut prev_offset, mut prev) = (0.0, first);
    for i in 1..=count {
        let offset = offset_of(i);
        // The propagator as it was before this step reaches the whole step: refinements start from it.
        let before = scan.clone();
        let current = geometry_at(&mut scan, offset)?;
        let mut events: Vec<(f64, bool, bool)> = Vec::new(); // (time, umbra, entering)
        for umbra in [false, true] {
            let (fa, fb) = (margin(&prev, umbra), margin(&current, umbra));
            if (fa < 0.0) != (fb < 0.0) {
                let mut side = before.clone();
                let root =
                    refine_root(|x| geometry_at(&mut side, x).map(|g| margin(&g, umbra)), prev_offset, fa, offset, fb)?;
                events.push((root, umbra, fb < 0.0));
            }
        }
        // Same instant: enter the penumbra before the umbra, leave the umbra before the penumbra.
        events.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1 == a.2).cmp(&(b.1 == b.2))));
        for (time, umbra, entering) in events {
            scan_state.event(time, umbra, entering);
        }
        prev_offset = offset;
        prev = current;
    }
    if let Some(s) = scan_state.umbra.take() {
        scan_state.add_umbra(s, span_s);
    }
    if let Some((s, clipped)) = scan_state.penumbra.take() {
        scan_state.finish(s, span_s, clipped, true);
    }
    Ok(scan_state.eclipses)
}

/// The state of the eclipse scan: the penumbra and umbra open now, and the umbra span (first entry, last exit)
/// inside the open penumbra.
struct EclipseScan<'a> {
    satellite: &'a Satellite,
    start: &'a Instant,
    penumbra: Option<(f64, bool)>,
    umbra: Option<f64>,
    umbra_span: Option<(f64, f64)>,
    eclipses: Vec<Eclipse>,
}

impl EclipseScan<'_> {
    fn event(&mut self, time: f64, umbra: bool, entering: bool) {
        match (umbra, entering) {
            (false, true) => {
                self.penumbra = Some((time, false));
                self.umbra_span = None;
            }
            (false, false) => {
                if let Some((s, clipped)) = self.penumbra.take() {
                    self.finish(s, time, clipped, false);
                }
            }
            (true, true) => self.umbra = Some(time),
            (true, false) => {
                if let Some(s) = self.umbra.take() {
                    self.add_umbra(s, time);
                }
            }
        }
    }

    /// An umbra interval counts for the penumbra it lies in (within 1 s).
    fn add_umbra(&mut self, s: f64, e: f64) {
        if let Some((ps, _)) = self.penumbra {
            if s >= ps - 1.0 {
                self.umbra_span = Some(match self.umbra_span {
                    Some((first, _)) => (first, e),
                    None => (s, e),
                });
            }
        }
    }

    fn finish(&mut self, s: f64, e: f64, clipped_start: bool, clipped_end: bool) {
        let umbra = self.umbra_span.take().filter(|(_, ue)| *ue <= e + 1.0);
        self.eclipses.push(Eclipse {
            satellite: self.satellite.name().to_string(),
            norad_id: self.satellite.norad_id(),
            penumbra_start: add_seconds(self.start, s),
            umbra_start: umbra.map(|u| add_seconds(self.start, u.0)),
            umbra_end: umbra.map(|u| add_seconds(self.start, u.1)),
            penumbra_end: add_seconds(self.start, e),
            penumbra_duration_s: e - s,
            umbra_duration_s: umbra.map(|u| u.1 - u.0).unwrap_or(0.0),
            clipped_start,
            clipped_end,
        });
    }
}

/// Season summary of a list of eclipses (`None` when empty).
pub fn eclipse_season(eclipses: &[Eclipse]) -> Option<EclipseSeason> {
    let first = eclipses.first()?;
    let last = eclipses.last()?;
    let longest =
        eclipses.iter().fold(first, |best, e| if e.penumbra_duration_s > best.penumbra_duration_s { e } else { best });
    Some(EclipseSeason {
        first_day: first.penumbra_start.format("%Y-%m-%d").to_string(),
        last_day: last.penumbra_start.format("%Y-%m-%d").to_string(),
        eclipses: eclipses.len(),
        longest_penumbra_s: longest.penumbra_duration_s,
        longest_umbra_s: eclipses.iter().map(|e| e.umbra_duration_s).fold(0.0, f64::max),
        longest_start: longest.penumbra_start,
    })
}

/// The antenna's beam for the outage criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Beam {
    /// Half-power (3 dB) beamwidth given directly, degrees.
    Beamwidth { beamwidth_deg: f64 },
    /// Beamwidth ≈ `coefficient`·λ/D degrees (coefficient ≈ 70 for a typical parabolic dish).
    Dish { frequency_ghz: f64, diameter_m: f64, coefficient: f64 },
}

/// Typical 3 dB beamwidth coefficient of a parabolic dish, degrees·(D/λ).
pub const DEFAULT_BEAMWIDTH_COEFFICIENT: f64 = 70.0;

impl Beam {
    /// Full 3 dB beamwidth, degrees, after validating the inputs.
    pub fn beamwidth_deg(&self) -> Result<f64, SunError> {
        match *self {
            Beam::Beamwidth { beamwidth_deg } => {
                if !(beamwidth_deg > 0.0 && beamwidth_deg <= 90.0) {
                    return Err(SunError::BadParameter {
                        what: "beamwidth",
                        expected: "in (0, 90] degrees",
                        value: beamwidth_deg,
                    });
                }
                Ok(beamwidth_deg)
            }
            Beam::Dish { frequency_ghz, diameter_m, coefficient } => {
                if !(0.1..=1000.0).contains(&frequency_ghz) {
                    return Err(SunError::BadParameter {
                        what: "frequency",
                        expected: "between 0.1 and 1000 GHz",
                        value: frequency_ghz,
                    });
                }
                if !(0.05..=100.0).contains(&diameter_m) {
                    return Err(SunError::BadParameter {
                        what: "dish diameter",
                        expected: "between 0.05 and 100 m",
                        value: diameter_m,
                    });
                }
                if !(coefficient > 0.0 && coefficient <= 200.0) {
                    return Err(SunError::BadParameter {
                        what: "beamwidth coefficient",
                        expected: "in (0, 200] degrees",
                        value: coefficient,
                    });
                }
                let wavelength_m = SPEED_OF_LIGHT_M_S / (frequency_ghz * 1e9);
                let beamwidth = coefficient * wavelength_m / diameter_m;
                if beamwidth > 90.0 {
                    return Err(SunError::BadParameter {
                        what: "beamwidth from frequency and dish (70·λ/D)",
                        expected: "at most 90 degrees; use a larger dish or higher frequency",
                        value: beamwidth,
                    });
                }
                Ok(beamwidth)
            }
        }
    }
}

/// One sun outage (UTC) of a satellite seen from a station.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SunOutage {
    pub satellite: String,
    pub norad_id: u64,
    pub station: String,
    pub start: Instant,
    pub peak: Instant,
    pub end: Instant,
    pub duration_s: f64,
    /// Minimum topocentric Sun–satellite separation, degrees.
    pub min_separation_deg: f64,
    /// The outage threshold used: half beamwidth + Sun's apparent radius, degrees.
    pub threshold_deg: f64,
    pub clipped_start: bool,
    pub clipped_end: bool,
}

/// Topocentric Sun–satellite separation (degrees) and the Sun's apparent radius (degrees) at a station.
pub fn sun_satellite_separation_deg(
    station: &GroundStation,
    satellite_ecef: &EcefState,
    sun_ecef_km: &Vector3<f64>,
) -> (f64, f64) {
    let to_sat = satellite_ecef.position_km - station.position_km;
    let to_sun = sun_ecef_km - station.position_km;
    let cos_sep = to_sat.dot(&to_sun) / (to_sat.norm() * to_sun.norm());
    let sun_radius_deg = (SUN_RADIUS_KM / to_sun.norm()).asin().to_degrees();
    (cos_sep.clamp(-1.0, 1.0).acos().to_degrees(), sun_radius_deg)
}

/// Scan step for outages near the threshold, seconds: the Sun moves ≤ 0.0042°/s across a GEO satellite's fixed
/// sky position, so 20 s steps (0.08°) sample every outage of a beam ≥ 0.2° many times; sign changes of
/// separation − threshold bracket the edges. Farther from the threshold the step grows to margin / the rate
/// bound ([`separation_rate_bound_deg_s`]), up to a day: far from the Sun the scan takes steps of minutes to
/// hours instead of 20 s.
const OUTAGE_STEP_S: f64 = 20.0;

/// Upper bound of the rate of the topocentric Sun–satellite separation, degrees per second, for a
/// near-geosynchronous satellite (mean motion within 10 % of one sidereal revolution a day, eccentricity
/// ≤ 0.05); `None` for any other orbit. The Sun crosses the sky at ≤ 360°/day (0.00417°/s); the satellite's
/// Earth-fixed velocity is ≤ r·ω⊕·(sin i + (1 − cos i) + 2.5·e + |n/n_GEO − 1|) (cross-track from
/// inclination, radial and along-track from eccentricity, drift), seen from ≥ r − R⊕ away (r/(r − R⊕) ≤ 1.25
/// at GEO). The separation changes no faster than the sum; 10 % and 1e-4°/s are added as margin.
fn separation_rate_bound_deg_s(satellite: &Satellite) -> Option<f64> {
    let e = &satellite.set.elements;
    let ratio = e.mean_motion / 1.002_737_909;
    if !(0.9..=1.1).contains(&ratio) || !(e.eccentricity <= 0.05) {
        return None;
    }
    let earth_deg_s = 360.0 / 86_164.090_5;
    let i = e.inclination.to_radians();
    let sky_deg_s = earth_deg_s * (i.sin().abs() + (1.0 - i.cos()) + 2.5 * e.eccentricity + (ratio - 1.0).abs()) * 1.25;
    Some(1.1 * (360.0 / 86_400.0 + sky_deg_s) + 1e-4)
}

/// Sun outages of `satellite` seen from `station` between `start` and `end`, with the given beam. The criterion
/// is separation ≤ beamwidth/2 + the Sun's apparent radius; outages with the satellite below the horizon are
/// dropped.
pub fn find_sun_outages(
    satellite: &Satellite,
    station: &GroundStation,
    start: &Instant,
    end: &Instant,
    beam: &Beam,
    eop: &EarthOrientation,
) -> Result<Vec<SunOutage>, SunError> {
    if end < start {
        return Err(SunError::EndBeforeStart {
            start: crate::time::format_instant(start),
            end: crate::time::format_instant(end),
        });
    }
    let half_beam_deg = beam.beamwidth_deg()? / 2.0;
    let span_s = seconds_between(start, end);
    // (margin = separation − threshold, separation, sin elevation) at an offset, from a propagator carried
    // forward (linear cost for resonant GEO orbits: no re-integration from epoch per sample).
    let margin = |propagator: &mut Propagator<'_>, offset_s: f64| -> Result<(f64, f64, f64), SunError> {
        let t = add_seconds(start, offset_s);
        let teme: TemeState = propagator.at(&t)?;
        let (theta, rate) = crate::frames::teme::gmst_at(&t, eop);
        let ecef = teme_to_ecef_with_gmst(&teme, theta, rate);
        let sun = sun_position_ecef_km(&t, eop);
        let (sep, radius) = sun_satellite_separation_deg(station, &ecef, &sun);
        let elevation = station.sin_elevation(&ecef.position_km);
        Ok((sep - (half_beam_deg + radius), sep, elevation))
    };
    // Where the margin is large the scan steps over what provably holds no outage (near-GEO orbits only).
    let rate_bound_deg_s = separation_rate_bound_deg_s(satellite);
    let next_offset = |offset: f64, margin_deg: f64| -> f64 {
        let skip = rate_bound_deg_s.map(|rate| margin_deg / rate).unwrap_or(0.0);
        (offset + skip.clamp(OUTAGE_STEP_S, SECONDS_PER_DAY)).min(span_s)
    };
    let mut scan = satellite.propagator();
    let mut result = Vec::new();
    let mut finish = |from: &Propagator<'_>, s: f64, e: f64, clipped_start: bool, clipped_end: bool| {
        // Peak: golden-section search for the minimum separation.
        let mut side = from.clone();
        let (mut a, mut b) = (s, e);
        let phi = 0.5 * (5f64.sqrt() - 1.0);
        let mut c = b - phi * (b - a);
        let mut d = a + phi * (b - a);
        let mut fc = margin(&mut side, c)?.1;
        let mut fd = margin(&mut side, d)?.1;
        while b - a > ROOT_TOL_S {
            if fc < fd {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = margin(&mut side, c)?.1;
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = margin(&mut side, d)?.1;
            }
        }
        let peak = 0.5 * (a + b);
        let (m, sep, sin_el) = margin(&mut side, peak)?;
        if sin_el >= 0.0 {
            result.push(SunOutage {
                satellite: satellite.name().to_string(),
                norad_id: satellite.norad_id(),
                station: station.name.clone(),
                start: add_seconds(start, s),
                peak: add_seconds(start, peak),
                end: add_seconds(start, e),
                duration_s: e - s,
                min_separation_deg: sep,
                threshold_deg: sep - m,
                clipped_start,
                clipped_end,
            });
        }
        Ok::<(), SunError>(())
    };
    // The outage open now: (start offset, clipped at the interval start, a propagator that reaches its start).
    let initial = scan.clone();
    let mut prev = margin(&mut scan, 0.0)?.0;
    let mut open: Option<(f64, bool, Propagator<'_>)> = if prev <= 0.0 { Some((0.0, true, initial)) } else { None };
    let mut prev_offset = 0.0;
    while prev_offset < span_s {
        let offset = next_offset(prev_offset, prev);
        let before = scan.clone();
        let value = margin(&mut scan, offset)?.0;
        if (prev <= 0.0) != (value <= 0.0) {
            let mut side = before.clone();
            let root = refine_root(|x| margin(&mut side, x).map(|m| m.0), prev_offset, prev, offset, value)?;
            if value <= 0.0 {
                open = Some((root, false, before));
            } else if let Some((s, clipped, from)) = open.take() {
                finish(&from, s, root, clipped, false)?;
            }
        }
        prev = value;
        prev_offset = offset;
    }
    if let Some((s, clipped, from)) = open.take() {
        finish(&from, s, span_s, clipped, true)?;
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn sun_at_equinox_and_solstice() {
        // March equinox 2026: 2026-03-20 14:46 UTC (USNO): declination crosses zero, RA ≈ 0.
        let (ra, dec) = sun_ra_dec_deg(&parse_instant("2026-03-20T14:46:00Z").unwrap());
        assert!(dec.abs() < 0.01, "dec {dec}");
        assert!(!(0.03..=359.97).contains(&ra), "ra {ra}");
        // June solstice 2026-06-21 08:24 UTC: declination = obliquity 23.436°.
        let (_, dec) = sun_ra_dec_deg(&parse_instant("2026-06-21T08:24:00Z").unwrap());
        assert!((dec - 23.436).abs() < 0.01, "dec {dec}");
    }

    #[test]
    fn shadow_states() {
        let t = parse_instant("2026-03-20T12:00:00Z").unwrap();
        let sun = sun_position_eci_km(&t);
        let behind = -sun.normalize() * 7000.0;
        assert_eq!(ShadowGeometry::new(&behind, &sun).illumination(), Illumination::Umbra);
        let front = sun.normalize() * 7000.0;
        assert_eq!(ShadowGeometry::new(&front, &sun).illumination(), Illumination::Sunlit);
    }

    #[test]
    fn beam_validation() {
        let b = Beam::Dish { frequency_ghz: 12.0, diameter_m: 2.4, coefficient: 70.0 }.beamwidth_deg().unwrap();
        assert!((b - 0.7287).abs() < 1e-3, "{b}");
        assert!(Beam::Dish { frequency_ghz: -1.0, diameter_m: 2.4, coefficient: 70.0 }.beamwidth_deg().is_err());
        assert!(Beam::Dish { frequency_ghz: 12.0, diameter_m: 1e6, coefficient: 70.0 }.beamwidth_deg().is_err());
        assert!(Beam::Beamwidth { beamwidth_deg: f64::NAN }.beamwidth_deg().is_err());
    }
}
