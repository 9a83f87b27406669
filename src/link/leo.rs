//! LEO capacity from link budgets: the forward link gateway → satellite → user terminal of a constellation,
//! evaluated at each time step's slant range and elevation.
//!
//! Per serving satellite and step (all dB unless stated):
//! * user downlink: C/N0 = EIRP density + 10 log10(B_ch, MHz) − FSPL(d, f) − A(p, el) − L_other + G/T(A) − k,
//!   with G/T(A) = G/T_clear − 10 log10(T_sys(A) / T_sys,clear) and T_sys(A) = T_sys,clear + (T_mr − T_ant,clear)
//!   (1 − 10^(−A/10)), T_mr = 275 K (P.618 §3); Es/N0 = C/N0 − 10 log10(R_s), R_s = B_ch / (1 + α);
//! * feeder uplink from a gateway in the site's beam (co-located: same elevation and range) [assumed]:
//!   C/N = EIRP_gw − FSPL(d, f_up) − A_up(p, el) + (G/T)_sat − k − 10 log10(R_s,f) (the satellite's receive
//!   noise is not raised by the gateway's rain);
//! * ACM: the DVB-S2/S2X MODCOD with the highest efficiency closing at A(p) (A(p) from `link::itu`: ITU-R
//!   P.618-14 at the site, exceeded p % of an average year, evaluated at the elevation rounded to 0.1° in
//!   [`site_capacity`]: A ∝ ~1/sin el moves by ≤ cot(el) × 0.05° ≈ 0.5 % of A at 10°, 0.2 % at 25°);
//!   throughput = R_s × efficiency (pilots on);
//! * per satellite toward the site: min(beams_per_site × user channel rate, stated satellite cap, feeder
//!   channels × feeder channel rate); per site: the sum over the best `max_satellites_per_site` visible
//!   satellites (highest elevation first);
//! * a terminal receives one channel: min(terminal maximum rate, user channel rate of the best satellite);
//! * rain outage of a site: the exceedance p at which the most robust MODCOD stops closing on the user or the
//!   feeder link (whichever first; the same rain cell) at the lowest elevation served (P.618 inverted by
//!   bisection in log p over 0.001–5 %).
//!
//! Payloads come from `configs/constellations.toml` ([`LeoCatalog`]); figures not sourced are listed in each
//! payload's `assumed`.

use serde::Deserialize;
use toml::Spanned;

use super::itu::{self, free_space_loss_db, Attenuation, SlantPath, MEAN_RADIATING_TEMPERATURE_K};
use super::modcod::ModcodTable;
use super::LinkError;
use crate::frames::Geodetic;
use crate::units::{from_db, to_db, BOLTZMANN_DBW_PER_K_HZ};

/// The bundled catalog text (configs/constellations.toml).
pub const CONSTELLATIONS_TOML: &str = include_str!("../../configs/constellations.toml");

/// WGS-84 equatorial radius used for the slant range at a given elevation and altitude, km.
pub const EARTH_RADIUS_KM: f64 = 6378.137;

/// Errors reading a constellation payload catalog: file, line, column, key.
#[derive(Debug, thiserror::Error)]
pub enum ConstellationError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Parse { file: String, line: usize, column: usize, message: String },
    #[error("{file}:{line}:{column}: `{key}`: {problem}; expected {expected}")]
    Invalid { file: String, line: usize, column: usize, key: String, problem: String, expected: String },
    #[error("unknown constellation payload {name:?}; known: {}", known.join(", "))]
    Unknown { name: String, known: Vec<String> },
}

/// User (service) downlink of one satellite.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UserLink {
    pub downlink_ghz: f64,
    /// Bandwidth of one user-beam carrier, MHz.
    pub channel_mhz: f64,
    /// Satellite EIRP density toward the user (beam peak), dBW/MHz.
    pub eirp_density_dbw_per_mhz: f64,
    /// User beams per satellite.
    pub beams: u32,
    /// Beams one satellite can point at one site.
    pub beams_per_site: u32,
    pub rolloff: f64,
    pub implementation_margin_db: f64,
    pub other_losses_db: f64,
    /// Terminal figure of merit in clear sky, dB/K.
    pub terminal_g_over_t_dbk: f64,
    /// Terminal system noise temperature in clear sky, K.
    pub terminal_system_noise_k: f64,
    /// Terminal antenna noise temperature in clear sky, K (part of the system noise).
    pub terminal_antenna_noise_k: f64,
    /// Equivalent aperture for the P.618 scintillation term, m.
    pub terminal_aperture_m: f64,
    pub terminal_efficiency: f64,
    /// Largest rate one terminal carries, Gb/s.
    pub terminal_max_rate_gbps: f64,
    /// Polarisation tilt, degrees (45 = circular).
    pub tau_deg: f64,
}

/// Feeder uplink (gateway → satellite) of one satellite.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeederLink {
    pub uplink_ghz: f64,
    pub channel_mhz: f64,
    /// Feeder channels per satellite.
    pub channels: u32,
    /// Gateway EIRP per channel, dBW.
    pub gateway_eirp_dbw: f64,
    pub gateway_dish_m: f64,
    /// Satellite feeder receive G/T, dB/K.
    pub satellite_g_over_t_dbk: f64,
    pub rolloff: f64,
    pub implementation_margin_db: f64,
}

/// One constellation's forward-link payload.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConstellationPayload {
    pub name: String,
    pub aliases: Vec<String>,
    pub source: String,
    /// Names of the fields that are planning assumptions.
    pub assumed: Vec<String>,
    pub note: String,
    /// Stated per-satellite forward capacity cap, Gb/s.
    pub satellite_capacity_gbps: Option<f64>,
    pub max_satellites_per_site: u32,
    pub user: UserLink,
    pub feeder: FeederLink,
}

/// Slant range and elevation of one satellite seen from one site at one time step.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LinkGeometry {
    pub elevation_deg: f64,
    pub range_km: f64,
}

/// One link evaluated at one geometry and attenuation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LinkPoint {
    pub fspl_db: f64,
    /// Total atmospheric attenuation used, dB.
    pub attenuation_db: f64,
    /// Receive G/T including the rain sky-noise increase (user link) or the satellite G/T (feeder), dB/K.
    pub g_over_t_dbk: f64,
    pub cn0_dbhz: f64,
    pub symbol_rate_msps: f64,
    pub esn0_db: f64,
    pub modcod: Option<String>,
    pub spectral_eff_bit_per_sym: f64,
    /// Throughput of one channel, Mbit/s.
    pub channel_mbps: f64,
}

/// A site's capacity over the analysis interval.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteCapacity {
    pub site: String,
    /// Capacity available to the site at each step, Gb/s (0 where no satellite is visible).
    pub capacity_gbps: Vec<f64>,
    pub mean_gbps: f64,
    /// 5th percentile over the steps (nearest rank), Gb/s.
    pub p5_gbps: f64,
    /// Rate of one terminal, 5th percentile over the covered steps, Gb/s.
    pub terminal_rate_p5_gbps: f64,
    /// Mean number of satellites serving the site (visible, capped by `max_satellites_per_site`).
    pub mean_serving: f64,
    /// Lowest elevation of the best serving satellite over the steps, degrees (NaN when never covered).
    pub worst_elevation_deg: f64,
    /// Rain outage at the worst geometry: percent of an average year the most robust MODCOD does not close.
    pub rain_outage_percent: f64,
    /// How `rain_outage_percent` is bounded by the P.618 range.
    pub rain_outage_bound: super::AvailabilityBound,
    /// Bottleneck counts over the covered steps: (user beams, satellite cap, feeder).
    pub limited_by: [usize; 3],
}

impl SiteCapacity {
    /// Terminals needed to carry `demand_gbps` at the 5th-percentile terminal rate (`None` if no rate).
    pub fn terminals_for(&self, demand_gbps: f64) -> Option<u32> {
        if self.terminal_rate_p5_gbps > 0.0 {
            Some((demand_gbps / self.terminal_rate_p5_gbps - 1e-9).ceil().max(1.0) as u32)
        } else {
            None
        }
    }
}

/// Slant range to a satellite at `altitude_km` seen at `elevation_deg` (spherical Earth of [`EARTH_RADIUS_KM`]).
pub fn slant_range_km(altitude_km: f64, elevation_deg: f64) -> f64 {
    let r = EARTH_RADIUS_KM;
    let e = elevation_deg.to_radians();
    ((r + altitude_km).powi(2) - (r * e.cos()).powi(2)).sqrt() - r * e.sin()
}

/// 5th percentile (nearest rank, ascending) of `values`; 0 for an empty slice.
pub fn percentile_5(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((0.05 * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

impl ConstellationPayload {
    /// User-downlink arithmetic at a given geometry and total attenuation `a_db` (no propagation model).
    pub fn user_point(&self, g: LinkGeometry, a_db: f64, modcods: &ModcodTable) -> LinkPoint {
        let u = &self.user;
        let fspl_db = free_space_loss_db(g.range_km, u.downlink_ghz);
        let t_clear = u.terminal_system_noise_k;
        let t_rain = t_clear + (MEAN_RADIATING_TEMPERATURE_K - u.terminal_antenna_noise_k) * (1.0 - from_db(-a_db));
        let gt = u.terminal_g_over_t_dbk - to_db(t_rain / t_clear);
        let eirp = u.eirp_density_dbw_per_mhz + to_db(u.channel_mhz);
        let cn0 = eirp - fspl_db - a_db - u.other_losses_db + gt - BOLTZMANN_DBW_PER_K_HZ;
        let rs = u.channel_mhz / (1.0 + u.rolloff);
        point(fspl_db, a_db, gt, cn0, rs, u.implementation_margin_db, modcods)
    }

    /// Feeder-uplink arithmetic at a given geometry and total attenuation `a_db` at the gateway.
    pub fn feeder_point(&self, g: LinkGeometry, a_db: f64, modcods: &ModcodTable) -> LinkPoint {
        let f = &self.feeder;
        let fspl_db = free_space_loss_db(g.range_km, f.uplink_ghz);
        let gt = f.satellite_g_over_t_dbk;
        let cn0 = f.gateway_eirp_dbw - fspl_db - a_db + gt - BOLTZMANN_DBW_PER_K_HZ;
        let rs = f.channel_mhz / (1.0 + f.rolloff);
        point(fspl_db, a_db, gt, cn0, rs, f.implementation_margin_db, modcods)
    }

    fn user_path(&self, site: &Geodetic, elevation_deg: f64) -> SlantPath {
        SlantPath {
            site: *site,
            frequency_ghz: self.user.downlink_ghz,
            elevation_deg,
            dish_m: self.user.terminal_aperture_m,
            efficiency: self.user.terminal_efficiency,
            tau_deg: self.user.tau_deg,
        }
    }

    fn feeder_path(&self, site: &Geodetic, elevation_deg: f64) -> SlantPath {
        SlantPath {
            site: *site,
            frequency_ghz: self.feeder.uplink_ghz,
            elevation_deg,
            dish_m: self.feeder.gateway_dish_m,
            efficiency: 0.65,
            tau_deg: self.user.tau_deg,
        }
    }

    /// User downlink at `site` with the ITU-R attenuation exceeded `p_percent` of the year.
    pub fn user_budget(&self, site: &Geodetic, g: LinkGeometry, p_percent: f64) -> Result<LinkPoint, LinkError> {
        let a = self.user_path(site, g.elevation_deg).attenuation(p_percent)?;
        Ok(self.user_point(g, a.total_db, ModcodTable::bundled()))
    }

    /// Feeder uplink from a gateway at `site` with the attenuation exceeded `p_percent` of the year.
    pub fn feeder_budget(&self, site: &Geodetic, g: LinkGeometry, p_percent: f64) -> Result<LinkPoint, LinkError> {
        let a = self.feeder_path(site, g.elevation_deg).attenuation(p_percent)?;
        Ok(self.feeder_point(g, a.total_db, ModcodTable::bundled()))
    }

    /// The attenuations (user, feeder) exceeded `p_percent` of the year at `site` and `elevation_deg`.
    pub fn attenuations(
        &self,
        site: &Geodetic,
        elevation_deg: f64,
        p_percent: f64,
    ) -> Result<(Attenuation, Attenuation), LinkError> {
        Ok((
            self.user_path(site, elevation_deg).attenuation(p_percent)?,
            self.feeder_path(site, elevation_deg).attenuation(p_percent)?,
        ))
    }

    /// Capacity one satellite offers the site (Mbit/s) and the limiting term (0 beams, 1 satellite cap, 2 feeder).
    fn satellite_offer_mbps(&self, user: &LinkPoint, feeder: &LinkPoint) -> (f64, usize) {
        let beams = f64::from(self.user.beams_per_site) * user.channel_mbps;
        let cap = self.satellite_capacity_gbps.map(|c| c * 1000.0).unwrap_or(f64::INFINITY);
        let feed = f64::from(self.feeder.channels) * feeder.channel_mbps;
        let mut best = (beams, 0);
        for (v, i) in [(cap, 1), (feed, 2)] {
            if v < best.0 {
                best = (v, i);
            }
        }
        best
    }

    /// Rain outage at `site` for the worst geometry `g`: the p (percent of the year) at which the most robust
    /// MODCOD stops closing on the user or the feeder link, with its bound.
    pub fn rain_outage_percent(
        &self,
        site: &Geodetic,
        g: LinkGeometry,
    ) -> Result<(f64, super::AvailabilityBound), LinkError> {
        let table = ModcodTable::bundled();
        let robust = table.modcods.first().map_or(f64::NAN, |m| m.esn0_ideal_db);
        let margin = |p: f64| -> Result<f64, LinkError> {
            let (au, af) = self.attenuations(site, g.elevation_deg, p)?;
            let u = self.user_point(g, au.total_db, table);
            let f = self.feeder_point(g, af.total_db, table);
            Ok((u.esn0_db - self.user.implementation_margin_db).min(f.esn0_db - self.feeder.implementation_margin_db)
                - robust)
        };
        invert_percent(&margin)
    }
}

/// The p in [0.001, 5] % where `margin(p)` (increasing in p) crosses 0, by bisection in log p.
pub fn invert_percent(
    margin: &dyn Fn(f64) -> Result<f64, LinkError>,
) -> Result<(f64, super::AvailabilityBound), LinkError> {
    use super::AvailabilityBound as B;
    let (lo, hi) = (itu::MIN_PERCENT, itu::MAX_PERCENT);
    if margin(lo)? >= 0.0 {
        return Ok((lo, B::AtLeast));
    }
    if margin(hi)? < 0.0 {
        return Ok((hi, B::Below));
    }
    let (mut a, mut b) = (lo.ln(), hi.ln());
    while b - a > 1e-7 {
        let mid = 0.5 * (a + b);
        if margin(mid.exp())? >= 0.0 {
            b = mid;
        } else {
            a = mid;
        }
    }
    Ok((b.exp(), B::Exact))
}

fn point(fspl_db: f64, a_db: f64, gt: f64, cn0: f64, rs_msps: f64, impl_db: f64, modcods: &ModcodTable) -> LinkPoint {
    let esn0 = cn0 - to_db(rs_msps * 1e6);
    let best = modcods.best(esn0, impl_db, true);
    let eff = best.map_or(0.0, |m| m.spectral_eff(true));
    LinkPoint {
        fspl_db,
        attenuation_db: a_db,
        g_over_t_dbk: gt,
        cn0_dbhz: cn0,
        symbol_rate_msps: rs_msps,
        esn0_db: esn0,
        modcod: best.map(|m| m.label()),
        spectral_eff_bit_per_sym: eff,
        channel_mbps: rs_msps * eff,
    }
}

/// Capacity available to one site over time. `steps[k]` lists the satellites above the mask at step k.
/// Attenuation is the one exceeded `p_percent` of the year at each step's elevation (ACM at A(p)).
pub fn site_capacity(
    payload: &ConstellationPayload,
    site_name: &str,
    site: &Geodetic,
    steps: &[Vec<LinkGeometry>],
    p_percent: f64,
) -> Result<SiteCapacity, LinkError> {
    itu::check_percent(p_percent)?;
    let table = ModcodTable::bundled();
    let mut capacity = Vec::with_capacity(steps.len());
    let mut terminal = Vec::new();
    let mut serving_sum = 0usize;
    let mut worst: Option<LinkGeometry> = None;
    let mut limited_by = [0usize; 3];
    // Attenuation depends on elevation only (site, p fixed): cache at 0.1° resolution.
    let mut cache: std::collections::HashMap<i64, (f64, f64)> = std::collections::HashMap::new();
    for visible in steps {
        let mut sats: Vec<LinkGeometry> = visible.clone();
        sats.sort_by(|a, b| b.elevation_deg.total_cmp(&a.elevation_deg));
        sats.truncate(payload.max_satellites_per_site as usize);
        serving_sum += sats.len();
        let mut total_mbps = 0.0;
        let mut best_channel = 0.0f64;
        for (i, g) in sats.iter().enumerate() {
            let key = (g.elevation_deg * 10.0).round() as i64;
            let (au, af) = match cache.get(&key) {
                Some(v) => *v,
                None => {
                    let (au, af) = payload.attenuations(site, key as f64 / 10.0, p_percent)?;
                    cache.insert(key, (au.total_db, af.total_db));
                    (au.total_db, af.total_db)
                }
            };
            let u = payload.user_point(*g, au, table);
            let f = payload.feeder_point(*g, af, table);
            let (offer, by) = payload.satellite_offer_mbps(&u, &f);
            if offer > 0.0 {
                limited_by[by] += 1;
            }
            total_mbps += offer;
            best_channel = best_channel.max(u.channel_mbps);
            if i == 0 && worst.map(|w| g.elevation_deg < w.elevation_deg).unwrap_or(true) {
                worst = Some(*g);
            }
        }
        capacity.push(total_mbps / 1000.0);
        if !sats.is_empty() {
            terminal.push((best_channel / 1000.0).min(payload.user.terminal_max_rate_gbps));
        }
    }
    let n = capacity.len().max(1) as f64;
    let (rain_outage_percent, rain_outage_bound) = match worst {
        Some(g) => payload.rain_outage_percent(site, g)?,
        None => (100.0, super::AvailabilityBound::Below),
    };
    Ok(SiteCapacity {
        site: site_name.to_string(),
        mean_gbps: capacity.iter().sum::<f64>() / n,
        p5_gbps: percentile_5(&capacity),
        capacity_gbps: capacity,
        terminal_rate_p5_gbps: percentile_5(&terminal),
        mean_serving: serving_sum as f64 / n,
        worst_elevation_deg: worst.map_or(f64::NAN, |g| g.elevation_deg),
        rain_outage_percent,
        rain_outage_bound,
        limited_by,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Catalog.

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    payload: Vec<RawPayload>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayload {
    name: S<String>,
    #[serde(default)]
    aliases: Vec<String>,
    source: String,
    #[serde(default)]
    assumed: Vec<S<String>>,
    #[serde(default)]
    note: String,
    satellite_capacity_gbps: Option<S<f64>>,
    max_satellites_per_site: S<i64>,
    user: RawUser,
    feeder: RawFeeder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    downlink_ghz: S<f64>,
    channel_mhz: S<f64>,
    eirp_density_dbw_per_mhz: S<f64>,
    beams: S<i64>,
    beams_per_site: S<i64>,
    rolloff: S<f64>,
    implementation_margin_db: S<f64>,
    other_losses_db: S<f64>,
    terminal_g_over_t_dbk: S<f64>,
    terminal_system_noise_k: S<f64>,
    terminal_antenna_noise_k: S<f64>,
    terminal_aperture_m: S<f64>,
    terminal_efficiency: S<f64>,
    terminal_max_rate_gbps: S<f64>,
    tau_deg: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeder {
    uplink_ghz: S<f64>,
    channel_mhz: S<f64>,
    channels: S<i64>,
    gateway_eirp_dbw: S<f64>,
    gateway_dish_m: S<f64>,
    satellite_g_over_t_dbk: S<f64>,
    rolloff: S<f64>,
    implementation_margin_db: S<f64>,
}

/// Field names a payload's `assumed` list may name.
const FIELDS: &[&str] = &[
    "satellite_capacity_gbps",
    "max_satellites_per_site",
    "downlink_ghz",
    "channel_mhz",
    "eirp_density_dbw_per_mhz",
    "beams",
    "beams_per_site",
    "rolloff",
    "implementation_margin_db",
    "other_losses_db",
    "terminal_g_over_t_dbk",
    "terminal_system_noise_k",
    "terminal_antenna_noise_k",
    "terminal_aperture_m",
    "terminal_efficiency",
    "terminal_max_rate_gbps",
    "tau_deg",
    "uplink_ghz",
    "channels",
    "gateway_eirp_dbw",
    "gateway_dish_m",
    "satellite_g_over_t_dbk",
];

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: std::ops::Range<usize>, key: &str, problem: String, expected: &str) -> ConstellationError {
        let (line, column) = crate::scenario::config::line_column(self.text, span.start);
        ConstellationError::Invalid {
            file: self.file.to_string(),
            line,
            column,
            key: key.to_string(),
            problem,
            expected: expected.to_string(),
        }
    }

    fn range(&self, v: &S<f64>, key: &str, lo: f64, hi: f64, expected: &str) -> Result<f64, ConstellationError> {
        let x = *v.get_ref();
        if !(x >= lo && x <= hi) {
            return Err(self.err(v.span(), key, format!("{x} is out of range"), expected));
        }
        Ok(x)
    }

    fn count(&self, v: &S<i64>, key: &str, hi: i64) -> Result<u32, ConstellationError> {
        let x = *v.get_ref();
        if !(1..=hi).contains(&x) {
            return Err(self.err(v.span(), key, format!("{x} is out of range"), &format!("an integer 1 to {hi}")));
        }
        Ok(x as u32)
    }
}

/// A catalog of constellation payloads.
#[derive(Debug, Clone, PartialEq)]
pub struct LeoCatalog {
    pub file: String,
    pub payloads: Vec<ConstellationPayload>,
}

impl LeoCatalog {
    /// configs/constellations.toml, compiled in.
    pub fn bundled() -> LeoCatalog {
        Self::parse(CONSTELLATIONS_TOML, "configs/constellations.toml").expect("bundled constellations.toml is valid")
    }

    pub fn load(path: &std::path::Path) -> Result<LeoCatalog, ConstellationError> {
        let file = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| ConstellationError::Io { file: file.clone(), source })?;
        Self::parse(&text, &file)
    }

    /// Parses and range-checks a catalog; errors name file:line:column and the key.
    pub fn parse(text: &str, file: &str) -> Result<LeoCatalog, ConstellationError> {
        let ctx = Ctx { file, text };
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let (line, column) =
                e.span().map(|s| crate::scenario::config::line_column(text, s.start)).unwrap_or((1, 1));
            ConstellationError::Parse {
                file: file.to_string(),
                line,
                column,
                message: e.message().trim().replace('\n', " "),
            }
        })?;
        let mut payloads: Vec<ConstellationPayload> = Vec::new();
        for p in &raw.payload {
            let name = p.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(ctx.err(p.name.span(), "payload.name", "empty name".into(), "a non-empty name"));
            }
            if payloads.iter().any(|q| q.name.eq_ignore_ascii_case(&name)) {
                return Err(ctx.err(p.name.span(), "payload.name", format!("duplicate name {name:?}"), "unique names"));
            }
            for a in &p.assumed {
                if !FIELDS.contains(&a.get_ref().as_str()) {
                    return Err(ctx.err(
                        a.span(),
                        "payload.assumed",
                        format!("unknown field {:?}", a.get_ref()),
                        &format!("field names: {}", FIELDS.join(", ")),
                    ));
                }
            }
            let u = &p.user;
            let f = &p.feeder;
            let r = |v: &S<f64>, key: &str, lo: f64, hi: f64, exp: &str| ctx.range(v, key, lo, hi, exp);
            let ghz = "1 to 55 GHz (propagation model validity)";
            let user = UserLink {
                downlink_ghz: r(&u.downlink_ghz, "payload.user.downlink_ghz", 1.0, 55.0, ghz)?,
                channel_mhz: r(&u.channel_mhz, "payload.user.channel_mhz", 0.1, 5000.0, "0.1 to 5000 MHz")?,
                eirp_density_dbw_per_mhz: r(
                    &u.eirp_density_dbw_per_mhz,
                    "payload.user.eirp_density_dbw_per_mhz",
                    -40.0,
                    40.0,
                    "-40 to 40 dBW/MHz",
                )?,
                beams: ctx.count(&u.beams, "payload.user.beams", 10000)?,
                beams_per_site: ctx.count(&u.beams_per_site, "payload.user.beams_per_site", 10000)?,
                rolloff: r(&u.rolloff, "payload.user.rolloff", 0.0, 1.0, "0 to 1")?,
                implementation_margin_db: r(
                    &u.implementation_margin_db,
                    "payload.user.implementation_margin_db",
                    0.0,
                    10.0,
                    "0 to 10 dB",
                )?,
                other_losses_db: r(&u.other_losses_db, "payload.user.other_losses_db", 0.0, 20.0, "0 to 20 dB")?,
                terminal_g_over_t_dbk: r(
                    &u.terminal_g_over_t_dbk,
                    "payload.user.terminal_g_over_t_dbk",
                    -30.0,
                    40.0,
                    "-30 to 40 dB/K",
                )?,
                terminal_system_noise_k: r(
                    &u.terminal_system_noise_k,
                    "payload.user.terminal_system_noise_k",
                    10.0,
                    5000.0,
                    "10 to 5000 K",
                )?,
                terminal_antenna_noise_k: r(
                    &u.terminal_antenna_noise_k,
                    "payload.user.terminal_antenna_noise_k",
                    0.0,
                    MEAN_RADIATING_TEMPERATURE_K,
                    "0 to 275 K (the mean radiating temperature)",
                )?,
                terminal_aperture_m: r(
                    &u.terminal_aperture_m,
                    "payload.user.terminal_aperture_m",
                    0.1,
                    20.0,
                    "0.1 to 20 m",
                )?,
                terminal_efficiency: r(
                    &u.terminal_efficiency,
                    "payload.user.terminal_efficiency",
                    0.01,
                    1.0,
                    "0.01 to 1",
                )?,
                terminal_max_rate_gbps: r(
                    &u.terminal_max_rate_gbps,
                    "payload.user.terminal_max_rate_gbps",
                    1e-6,
                    1000.0,
                    "a rate > 0 and at most 1000 Gb/s",
                )?,
                tau_deg: r(&u.tau_deg, "payload.user.tau_deg", 0.0, 90.0, "0 to 90 degrees")?,
            };
            if user.beams_per_site > user.beams {
                return Err(ctx.err(
                    u.beams_per_site.span(),
                    "payload.user.beams_per_site",
                    format!("{} is more than the satellite's {} beams", user.beams_per_site, user.beams),
                    "at most `beams`",
                ));
            }
            if user.terminal_antenna_noise_k > user.terminal_system_noise_k {
                return Err(ctx.err(
                    u.terminal_antenna_noise_k.span(),
                    "payload.user.terminal_antenna_noise_k",
                    "larger than the system noise".into(),
                    "at most terminal_system_noise_k",
                ));
            }
            let feeder = FeederLink {
                uplink_ghz: r(&f.uplink_ghz, "payload.feeder.uplink_ghz", 1.0, 55.0, ghz)?,
                channel_mhz: r(&f.channel_mhz, "payload.feeder.channel_mhz", 0.1, 5000.0, "0.1 to 5000 MHz")?,
                channels: ctx.count(&f.channels, "payload.feeder.channels", 10000)?,
                gateway_eirp_dbw: r(
                    &f.gateway_eirp_dbw,
                    "payload.feeder.gateway_eirp_dbw",
                    0.0,
                    100.0,
                    "0 to 100 dBW",
                )?,
                gateway_dish_m: r(&f.gateway_dish_m, "payload.feeder.gateway_dish_m", 0.1, 30.0, "0.1 to 30 m")?,
                satellite_g_over_t_dbk: r(
                    &f.satellite_g_over_t_dbk,
                    "payload.feeder.satellite_g_over_t_dbk",
                    -30.0,
                    40.0,
                    "-30 to 40 dB/K",
                )?,
                rolloff: r(&f.rolloff, "payload.feeder.rolloff", 0.0, 1.0, "0 to 1")?,
                implementation_margin_db: r(
                    &f.implementation_margin_db,
                    "payload.feeder.implementation_margin_db",
                    0.0,
                    10.0,
                    "0 to 10 dB",
                )?,
            };
            payloads.push(ConstellationPayload {
                name,
                aliases: p.aliases.clone(),
                source: p.source.trim().to_string(),
                assumed: p.assumed.iter().map(|a| a.get_ref().clone()).collect(),
                note: p.note.trim().to_string(),
                satellite_capacity_gbps: p
                    .satellite_capacity_gbps
                    .as_ref()
                    .map(|v| r(v, "payload.satellite_capacity_gbps", 1e-3, 10000.0, "0.001 to 10000 Gb/s"))
                    .transpose()?,
                max_satellites_per_site: ctx.count(
                    &p.max_satellites_per_site,
                    "payload.max_satellites_per_site",
                    100,
                )?,
                user,
                feeder,
            });
        }
        Ok(LeoCatalog { file: file.to_string(), payloads })
    }

    /// A payload by name or alias (case-insensitive).
    pub fn resolve(&self, name: &str) -> Result<&ConstellationPayload, ConstellationError> {
        let n = name.trim();
        self.payloads
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(n) || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(n)))
            .ok_or_else(|| ConstellationError::Unknown {
                name: n.to_string(),
                known: self.payloads.iter().map(|p| p.name.clone()).collect(),
            })
    }
}

impl ConstellationPayload {
    /// `field [assumed]` when the field is listed as an assumption, else `field`.
    pub fn tag(&self, field: &str) -> &'static str {
        if self.assumed.iter().any(|a| a == field) {
            " [assumed]"
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalog_parses() {
        let c = LeoCatalog::bundled();
        assert!(c.resolve("oneweb").is_ok());
        assert!(c.resolve("Starlink Ku").is_ok());
        assert!(c.resolve("iridium").is_err());
    }

    #[test]
    fn slant_range_is_altitude_at_zenith_and_grows_to_the_horizon() {
        assert!((slant_range_km(550.0, 90.0) - 550.0).abs() < 1e-9);
        // Horizon: sqrt((R+h)^2 - R^2).
        let h = slant_range_km(550.0, 0.0);
        assert!((h - ((EARTH_RADIUS_KM + 550.0f64).powi(2) - EARTH_RADIUS_KM.powi(2)).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn percentile_5_is_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile_5(&v), 5.0);
        assert_eq!(percentile_5(&[3.0]), 3.0);
        assert_eq!(percentile_5(&[]), 0.0);
    }

    /// Per step: the best `max_satellites_per_site` satellites by elevation, each offering
    /// min(beams_per_site × user channel rate, satellite cap, feeder channels × feeder rate), summed.
    #[test]
    fn site_capacity_sums_the_best_satellites_with_their_limits() {
        let p = LeoCatalog::bundled().resolve("OneWeb Ku").unwrap().clone();
        assert_eq!(p.max_satellites_per_site, 2);
        let site = Geodetic { latitude_deg: 40.4093, longitude_deg: 49.8671, altitude_km: 0.0 };
        let g = |el: f64| LinkGeometry { elevation_deg: el, range_km: slant_range_km(1200.0, el) };
        let table = ModcodTable::bundled();
        let offer_gbps = |el: f64| {
            let (au, af) = p.attenuations(&site, el, 0.1).unwrap();
            let u = p.user_point(g(el), au.total_db, table);
            let f = p.feeder_point(g(el), af.total_db, table);
            (f64::from(p.user.beams_per_site) * u.channel_mbps).min(7200.0).min(8.0 * f.channel_mbps) / 1000.0
        };
        let steps = vec![vec![g(30.0), g(70.0), g(50.0)], vec![], vec![g(45.0)]];
        let c = site_capacity(&p, "Baku", &site, &steps, 0.1).unwrap();
        let expected = [offer_gbps(70.0) + offer_gbps(50.0), 0.0, offer_gbps(45.0)];
        for (ours, hand) in c.capacity_gbps.iter().zip(expected) {
            assert!((ours - hand).abs() < 1e-12, "{ours} vs {hand}");
        }
        assert!(expected[0] > 0.0 && expected[2] > 0.0);
        assert!((c.mean_gbps - expected.iter().sum::<f64>() / 3.0).abs() < 1e-12);
        assert_eq!(c.p5_gbps, 0.0);
        assert_eq!(c.worst_elevation_deg, 45.0);
        assert!((c.mean_serving - 1.0).abs() < 1e-12);
        // One terminal: min(0.4 Gb/s, best channel) at the covered steps.
        assert!(c.terminal_rate_p5_gbps > 0.0 && c.terminal_rate_p5_gbps <= p.user.terminal_max_rate_gbps);
        assert_eq!(c.terminals_for(1.0), Some((1.0 / c.terminal_rate_p5_gbps - 1e-9).ceil() as u32));
    }

    fn bad(from: &str, to: &str) -> String {
        assert!(CONSTELLATIONS_TOML.contains(from), "{from}");
        LeoCatalog::parse(&CONSTELLATIONS_TOML.replacen(from, to, 1), "c.toml").unwrap_err().to_string()
    }

    #[test]
    fn bad_values_name_file_line_column_and_key() {
        let e = bad("beams_per_site = 1", "beams_per_site = 0");
        assert!(e.starts_with("c.toml:") && e.contains("payload.user.beams_per_site"), "{e}");
        let e = bad("downlink_ghz = 11.7", "downlink_ghz = 70.0");
        assert!(e.contains("payload.user.downlink_ghz") && e.contains("1 to 55 GHz"), "{e}");
        let e = bad("channels = 8", "channels = -1");
        assert!(e.contains("payload.feeder.channels"), "{e}");
        let e = bad("beams_per_site = 1", "beams_per_site = 17");
        assert!(e.contains("more than the satellite's 16 beams"), "{e}");
        let e = bad("\"eirp_density_dbw_per_mhz\", \"beams\"", "\"eirp\", \"beams\"");
        assert!(e.contains("payload.assumed") && e.contains("unknown field"), "{e}");
        let e = bad("rolloff = 0.1", "rolloff = 0.1\ncolour = 1");
        assert!(e.contains("colour"), "{e}");
        let line = e.split(':').nth(1).unwrap().parse::<usize>().unwrap();
        assert!(line > 1, "{e}");
    }
}
