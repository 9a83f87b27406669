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
//!
//! ## Memory and time
//!
//! The stations scan the satellite's track together, one chunk of [`Track::CHUNK`] grid samples at a time, and
//! keep only the window open now; the track caches a bounded ring of samples. Memory is therefore bounded
//! whatever the interval, and the cost is linear in it (the deep-space integrator state is carried forward).

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
    let (windows, failures) = find_windows_reporting(satellites, stations, start, end, options)?;
    match failures.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(windows),
    }
}

/// [`find_windows`] that keeps going past satellites whose propagation fails (decay, divergence): their
/// windows are left out and their errors returned beside the others' windows, in satellite order. Invalid
/// options are still an error.
pub fn find_windows_reporting(
    satellites: &[Satellite],
    stations: &[Station],
    start: &Instant,
    end: &Instant,
    options: &WindowOptions,
) -> Result<(Vec<Window>, Vec<VisibilityError>), VisibilityError> {
    validate(start, end, options)?;
    let per_satellite: Vec<Result<Vec<(usize, Window)>, VisibilityError>> =
        satellites.par_iter().map(|sat| windows_of_satellite(sat, stations, start, end, options)).collect();
    let mut all = Vec::new();
    let mut failures = Vec::new();
    for result in per_satellite {
        match result {
            Ok(windows) => all.extend(windows),
            Err(e) => failures.push(e),
        }
    }
    all.sort_by(|(sa, a), (sb, b)| a.aos.cmp(&b.aos).then(a.norad_id.cmp(&b.norad_id)).then(sa.cmp(sb)));
    Ok((all.into_iter().map(|(_, w)| w).collect(), failures))
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
    let mut scans = Vec::with_capacity(stations.len());
    for station in stations {
        scans.push(StationScan::new(&mut track, station, r_max_km, omega_max, options)?);
    }
    // Every station through one chunk of the track before the next chunk: the track's bounded cache then
    // serves all stations (memory bounded, each grid sample propagated about once).
    let mut out = Vec::new();
    let chunk_s = track.chunk_s();
    let mut chunk_end = 0.0;
    while chunk_end < span_s {
        chunk_end = (chunk_end + chunk_s).min(span_s);
        for (index, scan) in scans.iter_mut().enumerate() {
            scan.advance(&mut track, chunk_end, span_s)?;
            out.extend(scan.finished.drain(..).map(|w| (index, w)));
        }
    }
    for (index, scan) in scans.iter_mut().enumerate() {
        scan.close(&mut track, span_s)?;
        out.extend(scan.finished.drain(..).map(|w| (index, w)));
    }
    Ok(out)
}

fn perigee_rate_rad_s_mean(satellite: &Satellite) -> f64 {
    satellite.set.elements.mean_motion * std::f64::consts::TAU / 86_400.0
}

/// A window open now: start offset (s), clipped at the interval start, best in-view sample (offset s, sine of
/// the elevation) so far.
type OpenWindow = (f64, bool, Option<(f64, f64)>);

/// The forward scan of one station: the sampling state, the window open now, and the windows completed
/// since last drained. Memory is bounded: only the open window's best sample is kept.
struct StationScan<'s> {
    vis: Visibility<'s>,
    station_dir: Vector3<f64>,
    psi_max: f64,
    omega_max: f64,
    cos_fine_zone: f64,
    t: f64,
    g_prev: f64,
    psi: f64,
    /// The previous fine sample before `t` (for spotting local maxima of g below zero: grazing passes).
    before: Option<(f64, f64)>,
    /// The window open now: (start offset, clipped at the interval start, best in-view sample (t, sin el)).
    open: Option<OpenWindow>,
    finished: Vec<Window>,
}

impl<'s> StationScan<'s> {
    fn new(
        track: &mut Track<'_>,
        station: &'s Station,
        r_max_km: f64,
        omega_max: f64,
        options: &WindowOptions,
    ) -> Result<Self, VisibilityError> {
        let vis = Visibility {
            station,
            min_elevation_deg: options.min_elevation_deg,
            sin_min: options.min_elevation_deg.to_radians().sin(),
        };
        let station_km = station.ground.position_km;
        let station_r_km = station_km.norm();
        let e_lo = (options.min_elevation_deg - 0.5).to_radians();
        let psi_max = ((station_r_km * e_lo.cos() / r_max_km).clamp(-1.0, 1.0)).acos() - e_lo;
        // Inside the fine zone ψ itself is not needed (only that it is there): skip the acos.
        let cos_fine_zone = (psi_max + omega_max * FINE_STEP_S).min(std::f64::consts::PI).cos();
        let mut scan = StationScan {
            vis,
            station_dir: station_km / station_r_km,
            psi_max,
            omega_max,
            cos_fine_zone,
            t: 0.0,
            g_prev: 0.0,
            psi: 0.0,
            before: None,
            open: None,
            finished: Vec::new(),
        };
        let (g0, psi0, _) = scan.g_at(track, 0.0)?;
        scan.g_prev = g0;
        scan.psi = psi0;
        if g0 >= 0.0 {
            let best = Some((0.0, scan.sin_elevation(track, 0.0)?));
            scan.open = Some((0.0, true, best));
        }
        Ok(scan)
    }

    /// g, ψ (or ψmax inside the fine zone) and the position, km, at offset `t`.
    fn g_at(&self, track: &mut Track<'_>, t: f64) -> Result<(f64, f64, Vector3<f64>), VisibilityError> {
        let p = track.position_km(t)?;
        let cos_psi = (p.dot(&self.station_dir) / p.norm()).clamp(-1.0, 1.0);
        let psi = if cos_psi >= self.cos_fine_zone { self.psi_max } else { cos_psi.acos() };
        Ok((self.vis.g(&p), psi, p))
    }

    fn sin_elevation(&self, track: &mut Track<'_>, t: f64) -> Result<f64, VisibilityError> {
        Ok(self.vis.station.ground.sin_elevation(&track.position_km(t)?))
    }

    /// Notes an in-view sample (offset `t`, position `p`) as a culmination candidate of the open window.
    fn note_in_view(&mut self, t: f64, p: &Vector3<f64>) -> Result<(), VisibilityError> {
        let sin_el = self.vis.station.ground.sin_elevation(p);
        if let Some((_, _, best)) = &mut self.open {
            match best {
                Some(b) if b.1 >= sin_el => {}
                _ => *best = Some((t, sin_el)),
            }
        }
        Ok(())
    }

    /// Scans forward until `until` (offset s, ≤ `span_s`).
    fn advance(&mut self, track: &mut Track<'_>, until: f64, span_s: f64) -> Result<(), VisibilityError> {
        while self.t < until {
            let skip = (self.psi - self.psi_max) / self.omega_max;
            let step = if skip <= FINE_STEP_S { FINE_STEP_S } else { skip };
            let (t, g_prev) = (self.t, self.g_prev);
            let t_next = (t + step).min(span_s);
            let (g_next, psi_next, p_next) = self.g_at(track, t_next)?;
            if (g_prev >= 0.0) != (g_next >= 0.0) {
                let vis = &self.vis;
                let g = |x| Ok::<f64, VisibilityError>(vis.g(&track.position_km(x)?));
                let root = refine_root(g, t, g_prev, t_next, g_next, ROOT_TOL_S)?;
                if g_next >= 0.0 {
                    self.open = Some((root, false, None));
                } else {
                    self.close_window(track, root, false)?;
                }
            } else if g_next < 0.0 {
                // A sampled local maximum of g below zero: a pass shorter than the step may peak between the
                // neighbours. When the parabola through the three samples comes within GRAZE of zero, search the
                // maximum and, if it is above zero, add the short window.
                if let Some((t0, g0)) = self.before {
                    if g_prev >= g0 && g_prev >= g_next && parabola_peak(t0, g0, t, g_prev, t_next, g_next) > -GRAZE {
                        let vis = &self.vis;
                        let (tm, gm) = golden_max(
                            |x| Ok::<f64, VisibilityError>(vis.g(&track.position_km(x)?)),
                            t0,
                            t_next,
                            PEAK_TOL_S,
                        )?;
                        if gm >= 0.0 {
                            let g = |x| Ok::<f64, VisibilityError>(vis.g(&track.position_km(x)?));
                            let rise = refine_root(g, t0, g0, tm, gm, ROOT_TOL_S)?;
                            let g = |x| Ok::<f64, VisibilityError>(vis.g(&track.position_km(x)?));
                            let set = refine_root(g, tm, gm, t_next, g_next, ROOT_TOL_S)?;
                            let best = Some((tm, self.sin_elevation(track, tm)?));
                            self.open = Some((rise, false, best));
                            self.close_window(track, set, false)?;
                        }
                    }
                }
            }
            if g_next >= 0.0 {
                self.note_in_view(t_next, &p_next)?;
            }
            self.before = Some((t, g_prev));
            self.t = t_next;
            self.g_prev = g_next;
            self.psi = psi_next;
        }
        Ok(())
    }

    /// Closes a window still open at the interval end.
    fn close(&mut self, track: &mut Track<'_>, span_s: f64) -> Result<(), VisibilityError> {
        if self.open.is_some() {
            self.close_window(track, span_s, true)?;
        }
        Ok(())
    }

    /// Completes the open window at `e`: culmination by golden section around the best in-view sample
    /// (elevation itself, not g), azimuths at both ends.
    fn close_window(&mut self, track: &mut Track<'_>, e: f64, clipped_end: bool) -> Result<(), VisibilityError> {
        let Some((s, clipped_start, best)) = self.open.take() else {
            return Ok(());
        };
        let ground = &self.vis.station.ground;
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
        let satellite = track.satellite;
        let start = track.start;
        self.finished.push(Window {
            satellite: satellite.name().to_string(),
            norad_id: satellite.norad_id(),
            station: self.vis.station.record.name.clone(),
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
        Ok(())
    }
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
