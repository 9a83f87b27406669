//! Visibility windows: AOS, culmination and LOS as roots and maxima of g(t) = elevation − mask(azimuth).
//!
//! ## Bracketing rule (why no window of 30 s or longer is missed)
//!
//! For each station the search walks forward from the interval start. At time t it computes the Earth-central
//! angle ψ(t) between the station and the satellite. The satellite can only be at or above the lowest mask
//! elevation e_lo (the global mask − 0.5°, covering the ≤ 0.2° between the geodetic and geocentric verticals)
//! when ψ ≤ ψ_max = acos(R_s·cos e_lo / r_max) − e_lo (R_s the station's geocentric radius, r_max the largest
//! satellite radius seen, + 1 %). ψ changes no faster than ω_max = 1.1 × the perigee angular rate + the Earth's
//! rate. So the next time examined is t + max(10 s, (ψ(t) − ψ_max)/ω_max): the skipped stretch provably holds no
//! visible instant, and wherever visibility is possible g is sampled every ≤ 30 s, so every window of 30 s or
//! longer contains a sample. Shorter (grazing) windows are caught too: at every sampled local maximum of g
//! below zero whose parabola through the three samples comes within ~0.6° of the mask, the maximum is searched
//! (golden section) and, when above the mask, both crossings are refined. Sign changes of g between samples are
//! refined (Illinois) to 0.01 s.

use super::events::{golden_max, refine_root, Track, EARTH_RATE_RAD_S, ROOT_TOL_S};
use super::VisibilityError;
use crate::frames::{EarthOrientation, EcefState, GroundStation};
use crate::orbit::Satellite;
use crate::stations::Station;
use crate::time::{add_seconds, seconds_between, Instant};
use nalgebra::Vector3;
use rayon::prelude::*;

/// Largest sampling step near visibility, seconds: windows of this length or longer always contain a sample.
pub const FINE_STEP_S: f64 = 30.0;
/// Culmination time tolerance, seconds (the maximum elevation is then exact to ~3e-5° even 1° from zenith).
const PEAK_TOL_S: f64 = 0.02;
/// A sampled local maximum of g within this of zero (≈ 0.6°) triggers a search for a shorter grazing window.
const GRAZE: f64 = 0.01;

/// Value at the vertex of the parabola through three points (the middle value when they are collinear).
fn parabola_peak(t0: f64, g0: f64, t1: f64, g1: f64, t2: f64, g2: f64) -> f64 {
    let d01 = (g1 - g0) / (t1 - t0);
    let d12 = (g2 - g1) / (t2 - t1);
    let a = (d12 - d01) / (t2 - t0);
    if !(a < 0.0) {
        return g1;
    }
    let b = d01 - a * (t0 + t1);
    let c = g0 - a * t0 * t0 - b * t0;
    c - b * b / (4.0 * a)
}

/// Options of the window search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowOptions {
    /// Global minimum elevation, degrees, in [-5, 90]; station horizon masks raise it where they are higher.
    pub min_elevation_deg: f64,
    /// Earth orientation (UT1 − UTC) for the TEME → Earth-fixed rotation.
    pub eop: EarthOrientation,
}

impl Default for WindowOptions {
    fn default() -> Self {
        WindowOptions { min_elevation_deg: 10.0, eop: EarthOrientation::default() }
    }
}

/// One visibility window of a satellite from a station. Times UTC, angles degrees (azimuth from north,
/// clockwise), geometric elevation (no refraction).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Window {
    pub satellite: String,
    pub norad_id: u64,
    pub station: String,
    /// Acquisition of signal: g rises through 0 (or the interval start when `clipped_start`).
    pub aos: Instant,
    /// Time of maximum elevation within the window.
    pub culmination: Instant,
    /// Loss of signal: g falls through 0 (or the interval end when `clipped_end`).
    pub los: Instant,
    pub max_elevation_deg: f64,
    pub duration_s: f64,
    pub aos_azimuth_deg: f64,
    pub los_azimuth_deg: f64,
    /// The window was already open at the interval start.
    pub clipped_start: bool,
    /// The window was still open at the interval end.
    pub clipped_end: bool,
}

/// Elevation and azimuth (degrees) of an Earth-fixed position from a station.
fn az_el_deg(ground: &GroundStation, position_km: &Vector3<f64>) -> (f64, f64) {
    let look = ground.look_angles(&EcefState { position_km: *position_km, velocity_km_s: Vector3::zeros() });
    (look.azimuth_deg, look.elevation_deg)
}

/// g = elevation − mask(azimuth), degrees; with no horizon mask, the cheaper sin(el) − sin(mask), same sign and
/// roots.
struct Visibility<'s> {
    station: &'s Station,
    min_elevation_deg: f64,
    sin_min: f64,
}

impl Visibility<'_> {
    fn g(&self, position_km: &Vector3<f64>) -> f64 {
        if self.station.record.horizon_mask.is_empty() {
            self.station.ground.sin_elevation(position_km) - self.sin_min
        } else {
            let (az, el) = az_el_deg(&self.station.ground, position_km);
            (el - self.station.mask_elevation_deg(az, self.min_elevation_deg)).to_radians()
        }
    }
}

/// Validates the options and interval.
fn validate(start: &Instant, end: &Instant, options: &WindowOptions) -> Result<(), VisibilityError> {
    let m = options.min_elevation_deg;
    if !(-5.0..=90.0).contains(&m) {
        return Err(VisibilityError::BadMask { value_deg: m });
    }
    if !(options.eop.dut1_s.abs() <= 1.0) {
        return Err(VisibilityError::BadDut1 { value_s: options.eop.dut1_s });
    }
    if end < start {
        return Err(VisibilityError::EndBeforeStart {
            start: crate::time::format_instant(start),
            end: crate::time::format_instant(end),
        });
    }
    Ok(())
}

/// Every window of every satellite from every station between `start` and `end`, sorted by AOS, then NORAD id,
/// then station order. Each satellite is propagated once (lazily, only where some station may see it) and its
/// track shared by all stations; satellites run in parallel.
pub fn find_windows(
    satellites: &[Satellite],
    stations: &[Station],
    start: &Instant,
    end: &Instant,
    options: &WindowOptions,
) -> Result<Vec<Window>, VisibilityError> {
    validate(start, end, options)?;
    let per_satellite: Vec<Result<Vec<(usize, Window)>, VisibilityError>> =
        satellites.par_iter().map(|sat| windows_of_satellite(sat, stations, start, end, options)).collect();
    let mut all = Vec::new();
    for result in per_satellite {
        all.extend(result?);
    }
    all.sort_by(|(sa, a), (sb, b)| a.aos.cmp(&b.aos).then(a.norad_id.cmp(&b.norad_id)).then(sa.cmp(sb)));
    Ok(all.into_iter().map(|(_, w)| w).collect())
}

/// Windows of one satellite from each station (tagged with the station index).
pub fn windows_of_satellite(
    satellite: &Satellite,
    stations: &[Station],
    start: &Instant,
    end: &Instant,
    options: &WindowOptions,
) -> Result<Vec<(usize, Window)>, VisibilityError> {
    validate(start, end, options)?;
    let span_s = seconds_between(start, end);
    let mut track = Track::new(satellite, *start, span_s, options.eop);
    // Radius bound: the largest radius seen on a first sample, refined as samples come in.
    let r0 = track.sample(0)?.position_km.norm();
    let a_km = (398_600.441_8 / (perigee_rate_rad_s_mean(satellite)).powi(2)).cbrt();
    let apogee_km = a_km * (1.0 + satellite.set.elements.eccentricity.clamp(0.0, 0.99));
    let r_max_km = r0.max(apogee_km) * 1.01 + 20.0;
    let omega_max = 1.1 * super::events::perigee_rate_rad_s(satellite) + EARTH_RATE_RAD_S;
    let mut out = Vec::new();
    for (index, station) in stations.iter().enumerate() {
        for w in windows_from_station(&mut track, station, span_s, r_max_km, omega_max, options)? {
            out.push((index, w));
        }
    }
    Ok(out)
}

fn perigee_rate_rad_s_mean(satellite: &Satellite) -> f64 {
    satellite.set.elements.mean_motion * std::f64::consts::TAU / 86_400.0
}

fn windows_from_station(
    track: &mut Track<'_>,
    station: &Station,
    span_s: f64,
    r_max_km: f64,
    omega_max: f64,
    options: &WindowOptions,
) -> Result<Vec<Window>, VisibilityError> {
    let vis = Visibility {
        station,
        min_elevation_deg: options.min_elevation_deg,
        sin_min: options.min_elevation_deg.to_radians().sin(),
    };
    let station_km = station.ground.position_km;
    let station_r_km = station_km.norm();
    let station_dir = station_km / station_r_km;
    let e_lo = (options.min_elevation_deg - 0.5).to_radians();
    let psi_max = ((station_r_km * e_lo.cos() / r_max_km).clamp(-1.0, 1.0)).acos() - e_lo;

    // Inside the fine zone ψ itself is not needed (only that it is there): skip the acos.
    let cos_fine_zone = (psi_max + omega_max * FINE_STEP_S).min(std::f64::consts::PI).cos();
    let g_at = |track: &mut Track<'_>, t: f64| -> Result<(f64, f64), VisibilityError> {
        let p = track.position_km(t)?;
        let cos_psi = (p.dot(&station_dir) / p.norm()).clamp(-1.0, 1.0);
        let psi = if cos_psi >= cos_fine_zone { psi_max } else { cos_psi.acos() };
        Ok((vis.g(&p), psi))
    };
    let g_only = |track: &mut Track<'_>, t: f64| -> Result<f64, VisibilityError> { Ok(vis.g(&track.position_km(t)?)) };

    // Events: (offset, rising).
    let mut events: Vec<(f64, bool)> = Vec::new();
    let (g0, psi0) = g_at(track, 0.0)?;
    let open_at_start = g0 >= 0.0;
    let (mut t, mut g_prev, mut psi) = (0.0, g0, psi0);
    let mut samples_in_view: Vec<(f64, f64)> = Vec::new(); // (t, g) of samples with g ≥ 0, for culminations
    if open_at_start {
        samples_in_view.push((0.0, g0));
    }
    // The previous fine sample before `t` (for spotting local maxima of g below zero: grazing passes).
    let mut before: Option<(f64, f64)> = None;
    while t < span_s {
        let skip = (psi - psi_max) / omega_max;
        let step = if skip <= FINE_STEP_S { FINE_STEP_S } else { skip };
        let t_next = (t + step).min(span_s);
        let (g_next, psi_next) = g_at(track, t_next)?;
        if (g_prev >= 0.0) != (g_next >= 0.0) {
            let root = refine_root(|x| g_only(track, x), t, g_prev, t_next, g_next, ROOT_TOL_S)?;
            events.push((root, g_next >= 0.0));
        } else if g_next < 0.0 {
            // A sampled local maximum of g below zero: a pass shorter than the step may peak between the
            // neighbours. When the parabola through the three samples comes within GRAZE of zero, search the
            // maximum and, if it is above zero, add the short window.
            if let Some((t0, g0)) = before {
                if g_prev >= g0 && g_prev >= g_next && parabola_peak(t0, g0, t, g_prev, t_next, g_next) > -GRAZE {
                    let (tm, gm) = golden_max(|x| g_only(track, x), t0, t_next, PEAK_TOL_S)?;
                    if gm >= 0.0 {
                        let rise = refine_root(|x| g_only(track, x), t0, g0, tm, gm, ROOT_TOL_S)?;
                        let set = refine_root(|x| g_only(track, x), tm, gm, t_next, g_next, ROOT_TOL_S)?;
                        events.push((rise, true));
                        events.push((set, false));
                        samples_in_view.push((tm, gm));
                    }
                }
            }
        }
        if g_next >= 0.0 {
            samples_in_view.push((t_next, g_next));
        }
        before = Some((t, g_prev));
        t = t_next;
        g_prev = g_next;
        psi = psi_next;
    }

    // Pair events into windows.
    let mut intervals: Vec<(f64, f64, bool, bool)> = Vec::new();
    let mut open: Option<(f64, bool)> = if open_at_start { Some((0.0, true)) } else { None };
    for (time, rising) in events {
        if rising {
            open = Some((time, false));
        } else if let Some((s, clipped)) = open.take() {
            intervals.push((s, time, clipped, false));
        }
    }
    if let Some((s, clipped)) = open {
        intervals.push((s, span_s, clipped, true));
    }

    let satellite = track.satellite;
    let start = track.start;
    let ground = &station.ground;
    let mut windows = Vec::with_capacity(intervals.len());
    for (s, e, clipped_start, clipped_end) in intervals {
        // Culmination: golden section around the highest in-view sample (elevation itself, not g).
        let best = samples_in_view
            .iter()
            .filter(|(x, _)| *x >= s && *x <= e)
            .map(|&(x, _)| x)
            .map(|x| -> Result<(f64, f64), VisibilityError> {
                let p = track.position_km(x)?;
                Ok((x, ground.sin_elevation(&p)))
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .fold(None, |best: Option<(f64, f64)>, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            });
        let centre = best.map(|b| b.0).unwrap_or(0.5 * (s + e));
        let lo = (centre - FINE_STEP_S).max(s);
        let hi = (centre + FINE_STEP_S).min(e);
        let (peak, sin_max) = golden_max(
            |x| track.position_km(x).map(|p| ground.sin_elevation(&p)).map_err(VisibilityError::from),
            lo,
            hi,
            PEAK_TOL_S,
        )?;
        let (aos_azimuth_deg, _) = az_el_deg(ground, &track.position_km(s)?);
        let (los_azimuth_deg, _) = az_el_deg(ground, &track.position_km(e)?);
        windows.push(Window {
            satellite: satellite.name().to_string(),
            norad_id: satellite.norad_id(),
            station: station.record.name.clone(),
            aos: add_seconds(&start, s),
            culmination: add_seconds(&start, peak),
            los: add_seconds(&start, e),
            max_elevation_deg: sin_max.clamp(-1.0, 1.0).asin().to_degrees(),
            duration_s: e - s,
            aos_azimuth_deg,
            los_azimuth_deg,
            clipped_start,
            clipped_end,
        });
    }
    Ok(windows)
}

/// Elevation (degrees) of a satellite from a station on a uniform time grid, for plots: (offset s, elevation).
pub fn elevation_series(
    satellite: &Satellite,
    station: &Station,
    start: &Instant,
    end: &Instant,
    step_s: f64,
    eop: &EarthOrientation,
) -> Result<Vec<(f64, f64)>, VisibilityError> {
    if end < start {
        return Err(VisibilityError::EndBeforeStart {
            start: crate::time::format_instant(start),
            end: crate::time::format_instant(end),
        });
    }
    let span_s = seconds_between(start, end);
    let mut track = Track::new(satellite, *start, span_s, *eop);
    let count = (span_s / step_s).ceil() as usize;
    let mut out = Vec::with_capacity(count + 1);
    for i in 0..=count {
        let x = (i as f64 * step_s).min(span_s);
        let p = track.position_km(x)?;
        out.push((x, az_el_deg(&station.ground, &p).1));
    }
    Ok(out)
}
