//! The link budget: line items, per-percentage results, MODCOD choice (ACM), availability at a fixed MODCOD.
//!
//! Chain (see ../shared/data/link/link_budget.md): carrier EIRP − FSPL − A(p) − pointing − other losses + G/T(p)
//! − k → C/N0 (dB·Hz) → Es/N0 = C/N0 − 10 log10(R_s) for the downlink; composite for a transparent transponder
//! (Es/N0)⁻¹ = (Es/N0)_down⁻¹ + (C/N)_up⁻¹ + (C/I)⁻¹ + (C/IM)⁻¹ (linear). The downlink G/T falls in rain because
//! the absorbing atmosphere radiates: T_sky = T_clear 10^(−A/10) + 275 K (1 − 10^(−A/10)).
//! A(p) is exceeded for p % of an average year, so a MODCOD that closes at A(p) is available 100 − p % of the year.

use serde::Serialize;

use super::antenna::{g_over_t_dbk, half_power_beamwidth_deg, parabolic_gain_dbi, pointing_loss_db};
use super::itu::{self, check_percent, free_space_loss_db, sky_noise_temperature_k, Attenuation, SlantPath};
use super::modcod::{Modcod, ModcodTable};
use super::satellites::{nominal_geometry, Band, Geometry, SatelliteConfig};
use super::LinkError;
use crate::frames::Geodetic;
use crate::units::{from_db, to_db, BOLTZMANN_DBW_PER_K_HZ};

/// The exceedance percentages reported by default: 0.01, 0.1, 0.5, 1 % (availability 99.99 … 99 %).
pub const DEFAULT_PERCENTAGES: [f64; 4] = [0.01, 0.1, 0.5, 1.0];

/// Percentages of the availability–throughput (ACM) curve, 0.001–5 %.
pub const ACM_CURVE_PERCENTAGES: [f64; 16] =
    [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0];

/// Receive terminal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Terminal {
    /// Reflector diameter, m.
    pub dish_m: f64,
    /// Aperture efficiency (0, 1].
    pub efficiency: f64,
    /// LNB / LNA noise temperature, K.
    pub lnb_noise_k: f64,
    /// Antenna noise temperature in clear sky, K.
    pub clear_sky_antenna_k: f64,
    /// Pointing error, degrees (loss 12 (Δθ/θ3dB)²), unless `pointing_loss_db` is given.
    pub pointing_error_deg: f64,
    /// Fixed pointing loss, dB, overriding `pointing_error_deg`.
    pub pointing_loss_db: Option<f64>,
    /// Other fixed losses (polarisation mismatch, radome, feed), dB.
    pub other_losses_db: f64,
    /// Polarisation tilt relative to horizontal, degrees (P.838: 0 horizontal, 90 vertical, 45 circular).
    pub tau_deg: f64,
}

impl Default for Terminal {
    /// 1.2 m, η 0.65, LNB 75 K, clear-sky antenna 35 K, pointing error 0.1°, 0.2 dB other losses, τ 45°.
    fn default() -> Self {
        Terminal {
            dish_m: 1.2,
            efficiency: 0.65,
            lnb_noise_k: 75.0,
            clear_sky_antenna_k: 35.0,
            pointing_error_deg: 0.1,
            pointing_loss_db: None,
            other_losses_db: 0.2,
            tau_deg: 45.0,
        }
    }
}

/// Carrier and modem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Carrier {
    /// Symbol rate, Msym/s; `None` = one carrier filling the transponder, R_s = BW / (1 + α).
    pub symbol_rate_msps: Option<f64>,
    /// Roll-off α (0.05–0.35).
    pub rolloff: f64,
    /// Pilots on (spectral efficiency with pilot blocks).
    pub pilots: bool,
    /// Added to the ideal Es/N0 of each MODCOD, dB.
    pub implementation_margin_db: f64,
    /// Output back-off of the transponder, dB (subtracted from the saturated EIRP).
    pub output_backoff_db: f64,
}

impl Default for Carrier {
    /// Fill the transponder, α 0.05, pilots on, 1 dB implementation margin, 1 dB output back-off.
    fn default() -> Self {
        Carrier {
            symbol_rate_msps: None,
            rolloff: 0.05,
            pilots: true,
            implementation_margin_db: 1.0,
            output_backoff_db: 1.0,
        }
    }
}

/// Uplink contribution to the composite (transparent transponder).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Uplink {
    /// No uplink term (downlink only).
    None,
    /// A fixed uplink C/N in the symbol-rate bandwidth, dB (uplink power control holds it through fades).
    CarrierToNoise { cn_db: f64 },
    /// A gateway uplinking the carrier: C/N_up(p) = EIRP_gw − FSPL_up − A_up(p) + (G/T)_sat − k − 10 log R_s, with
    /// the gateway fade at the same p (fully correlated: conservative).
    Gateway { name: String, site: Geodetic, eirp_dbw: f64, dish_m: f64 },
}

/// Everything the budget needs. Build with [`LinkRequest::new`] and adjust fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRequest {
    pub satellite: SatelliteConfig,
    pub band: Band,
    /// Receive site name (for the report).
    pub site_name: String,
    /// Receive site (WGS84).
    pub site: Geodetic,
    pub terminal: Terminal,
    pub carrier: Carrier,
    pub uplink: Uplink,
    /// Aggregate carrier-to-interference ratio (ASI, XPI, ACI), dB.
    pub c_over_i_db: Option<f64>,
    /// Carrier-to-intermodulation ratio, dB.
    pub c_over_im_db: Option<f64>,
    /// Downlink frequency, GHz; `None` = the payload's band centre.
    pub frequency_ghz: Option<f64>,
    /// Carrier EIRP toward the site, dBW; `None` = the payload's transponder EIRP − OBO − power share.
    pub eirp_dbw: Option<f64>,
    /// Geometry; `None` = ideal GEO at the nominal slot.
    pub geometry: Option<Geometry>,
    /// Exceedance percentages to report, % of an average year (0.001–5).
    pub percentages: Vec<f64>,
    /// MODCOD for [`LinkReport::fixed_modcod`]; `None` = the ACM choice at the first percentage.
    pub fixed_modcod: Option<String>,
    /// MODCOD table; `None` = the bundled DVB-S2 + S2X table.
    #[serde(skip)]
    pub modcods: Option<ModcodTable>,
}

impl LinkRequest {
    /// A request with default terminal/carrier, uplink C/N 20 dB, no C/I, nominal-slot geometry, p = 0.01/0.1/0.5/1 %.
    pub fn new(satellite: &SatelliteConfig, band: Band, site_name: &str, site: Geodetic) -> Result<Self, LinkError> {
        satellite.payload(band)?;
        Ok(LinkRequest {
            satellite: satellite.clone(),
            band,
            site_name: site_name.to_string(),
            site,
            terminal: Terminal::default(),
            carrier: Carrier::default(),
            uplink: Uplink::CarrierToNoise { cn_db: 20.0 },
            c_over_i_db: None,
            c_over_im_db: None,
            frequency_ghz: None,
            eirp_dbw: None,
            geometry: None,
            percentages: DEFAULT_PERCENTAGES.to_vec(),
            fixed_modcod: None,
            modcods: None,
        })
    }
}

/// One audited line of the budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetLine {
    pub item: String,
    pub value: f64,
    pub unit: String,
    pub note: String,
}

/// Results for one exceedance percentage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PercentResult {
    pub p_percent: f64,
    /// 100 − p.
    pub availability_percent: f64,
    pub attenuation: Attenuation,
    /// Downlink system noise temperature in these conditions, K.
    pub system_noise_k: f64,
    pub g_over_t_dbk: f64,
    pub cn0_down_dbhz: f64,
    pub esn0_down_db: f64,
    /// Uplink C/N in R_s, dB (`None` without uplink term).
    pub cn_up_db: Option<f64>,
    /// Composite Es/N0 (downlink, uplink, C/I, C/IM), dB.
    pub esn0_total_db: f64,
    /// Best MODCOD that closes (`None`: link down).
    pub modcod: Option<String>,
    pub spectral_eff_bit_per_sym: f64,
    /// Es/N0 total − (ideal + implementation margin) of the chosen MODCOD, dB (vs the most robust one if none).
    pub margin_db: f64,
    pub throughput_carrier_mbps: f64,
    pub throughput_transponder_mbps: f64,
}

/// How an availability figure is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AvailabilityBound {
    /// Solved within the models' range.
    Exact,
    /// Closes even at p = 0.001 %: availability ≥ 99.999 %.
    AtLeast,
    /// Does not close even at p = 5 %: availability < 95 %.
    Below,
}

/// Annual availability of a fixed MODCOD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Availability {
    pub modcod: String,
    /// Ideal + implementation margin, dB.
    pub required_esn0_db: f64,
    /// Exceedance p at which the margin is zero, % of an average year.
    pub outage_percent: f64,
    pub availability_percent: f64,
    pub bound: AvailabilityBound,
    pub throughput_carrier_mbps: f64,
}

/// The evaluated link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReport {
    pub satellite: String,
    pub band: Band,
    pub site_name: String,
    pub site: Geodetic,
    pub geometry: Geometry,
    pub frequency_ghz: f64,
    pub symbol_rate_msps: f64,
    pub carriers_per_transponder: u32,
    pub transponders: u32,
    /// `true` when the satellite's EIRP/G/T are planning assumptions.
    pub assumed_payload: bool,
    /// Clear-sky budget, every line item in order.
    pub lines: Vec<BudgetLine>,
    /// Composite Es/N0 with no atmospheric loss, dB.
    pub esn0_clear_db: f64,
    pub results: Vec<PercentResult>,
    /// Availability–throughput curve (ACM) over 0.001–5 %.
    pub acm_curve: Vec<PercentResult>,
    /// Average carrier throughput over the year with ACM, Mbit/s (lower bound: see [`acm_average_mbps`]).
    pub acm_average_carrier_mbps: f64,
    pub acm_average_transponder_mbps: f64,
    pub fixed_modcod: Option<Availability>,
}

impl LinkReport {
    /// The result for percentage `p` (exact match), if it was requested.
    pub fn at_percent(&self, p: f64) -> Option<&PercentResult> {
        self.results.iter().find(|r| r.p_percent == p)
    }

    /// Slant range, km (for latency).
    pub fn slant_range_km(&self) -> f64 {
        self.geometry.slant_range_km
    }

    /// Elevation, degrees.
    pub fn elevation_deg(&self) -> f64 {
        self.geometry.elevation_deg
    }
}

/// A validated link, ready to be evaluated at any percentage (cheap per call: one ITU-R slant-path evaluation,
/// two with a gateway uplink).
#[derive(Debug, Clone)]
pub struct LinkModel {
    pub geometry: Geometry,
    pub frequency_ghz: f64,
    pub symbol_rate_msps: f64,
    pub carriers_per_transponder: u32,
    pub transponders: u32,
    pub carrier_eirp_dbw: f64,
    pub fspl_db: f64,
    pub pointing_loss_db: f64,
    pub rx_gain_dbi: f64,
    pub lnb_noise_k: f64,
    pub clear_sky_antenna_k: f64,
    pub other_losses_db: f64,
    pub implementation_margin_db: f64,
    pub pilots: bool,
    /// Composite Es/N0 with no atmospheric loss, dB.
    pub esn0_clear_db: f64,
    path: SlantPath,
    uplink: UplinkModel,
    c_over_i_db: Option<f64>,
    c_over_im_db: Option<f64>,
    lines: Vec<BudgetLine>,
    modcods: std::borrow::Cow<'static, ModcodTable>,
}

#[derive(Debug, Clone)]
enum UplinkModel {
    None,
    Fixed(f64),
    /// Clear-sky C/N (dB) and the gateway path for A_up(p).
    Gateway {
        cn_clear_db: f64,
        path: SlantPath,
    },
}

fn line(item: &str, value: f64, unit: &str, note: impl Into<String>) -> BudgetLine {
    BudgetLine { item: item.to_string(), value, unit: unit.to_string(), note: note.into() }
}

fn positive(name: &str, v: f64) -> Result<f64, LinkError> {
    if v > 0.0 && v.is_finite() {
        Ok(v)
    } else {
        Err(LinkError::InvalidInput(format!("{name} = {v} must be a finite number > 0")))
    }
}

impl LinkModel {
    /// Validates the request and computes the clear-sky line items.
    pub fn new(req: &LinkRequest) -> Result<LinkModel, LinkError> {
        Self::build(req, true)
    }

    /// As [`LinkModel::new`] without the audit lines (for grids: same numbers, no text).
    pub fn new_lean(req: &LinkRequest) -> Result<LinkModel, LinkError> {
        Self::build(req, false)
    }

    fn build(req: &LinkRequest, keep_lines: bool) -> Result<LinkModel, LinkError> {
        let payload = req.satellite.payload(req.band)?;
        let t = &req.terminal;
        let c = &req.carrier;
        positive("dish diameter (m)", t.dish_m)?;
        if !(t.efficiency > 0.0 && t.efficiency <= 1.0) {
            return Err(LinkError::InvalidInput(format!("antenna efficiency {} must be in (0, 1]", t.efficiency)));
        }
        if !(t.lnb_noise_k >= 0.0 && t.clear_sky_antenna_k >= 0.0) {
            return Err(LinkError::InvalidInput("noise temperatures must be ≥ 0 K".into()));
        }
        if !(0.0..=1.0).contains(&c.rolloff) {
            return Err(LinkError::InvalidInput(format!("roll-off {} must be in [0, 1]", c.rolloff)));
        }
        if !(t.pointing_error_deg >= 0.0 && t.other_losses_db >= 0.0 && c.output_backoff_db >= 0.0) {
            return Err(LinkError::InvalidInput("pointing error, losses and back-off must be ≥ 0".into()));
        }
        let frequency_ghz = req.frequency_ghz.unwrap_or(payload.downlink_ghz);
        itu::check_frequency(frequency_ghz)?;
        for &p in &req.percentages {
            check_percent(p)?;
        }
        let geometry = match &req.geometry {
            Some(g) => g.clone(),
            None => nominal_geometry(&req.site, req.satellite.slot_lon_deg),
        };
        if !(geometry.elevation_deg > 0.0) {
            return Err(LinkError::BelowHorizon {
                what: format!("{} seen from {}", req.satellite.name, req.site_name),
                elevation_deg: geometry.elevation_deg,
            });
        }
        let occupied_max_msps = payload.transponder_bw_mhz / (1.0 + c.rolloff);
        let symbol_rate_msps = match c.symbol_rate_msps {
            Some(rs) => positive("symbol rate (Msym/s)", rs)?,
            None => occupied_max_msps,
        };
        let occupied_mhz = symbol_rate_msps * (1.0 + c.rolloff);
        let carriers = (payload.transponder_bw_mhz / occupied_mhz + 1e-9).floor();
        if carriers < 1.0 && req.eirp_dbw.is_none() {
            return Err(LinkError::InvalidInput(format!(
                "symbol rate {symbol_rate_msps} Msym/s with roll-off {} occupies {occupied_mhz:.2} MHz, more than the \
                 {} MHz transponder",
                c.rolloff, payload.transponder_bw_mhz
            )));
        }
        let carriers_per_transponder = carriers.max(1.0) as u32;
        let share_db = -to_db(carriers_per_transponder as f64);

        let mut lines = Vec::new();
        macro_rules! add {
            ($($arg:tt)*) => {
                if keep_lines {
                    lines.push(line($($arg)*));
                }
            };
        }
        let src = match &geometry.source {
            super::GeometrySource::NominalSlot { slot_lon_deg } => {
                format!("ideal GEO at nominal slot {slot_lon_deg:.1}°E (WGS84 site)")
            }
            super::GeometrySource::Given { description } => description.clone(),
        };
        add!("Elevation", geometry.elevation_deg, "deg", src.clone());
        add!("Azimuth", geometry.azimuth_deg, "deg", "from true north");
        add!("Slant range", geometry.slant_range_km, "km", src);
        add!("One-way delay site-satellite", geometry.one_way_delay_ms(), "ms", "range / c");
        add!("Downlink frequency", frequency_ghz, "GHz", format!("{} band", req.band));
        let carrier_eirp_dbw = match req.eirp_dbw {
            Some(e) => {
                add!("Carrier EIRP", e, "dBW", "given");
                e
            }
            None => {
                let note = if payload.assumed { "ASSUMED (no published figure)" } else { "published" };
                add!("Transponder saturated EIRP", payload.eirp_dbw, "dBW", note);
                add!("Output back-off", -c.output_backoff_db, "dB", "");
                add!(
                    "Carrier power share",
                    share_db,
                    "dB",
                    format!("{carriers_per_transponder} carrier(s) per transponder"),
                );
                let e = payload.eirp_dbw - c.output_backoff_db + share_db;
                add!("Carrier EIRP", e, "dBW", "");
                e
            }
        };
        let fspl_db = free_space_loss_db(geometry.slant_range_km, frequency_ghz);
        add!("Free-space loss", -fspl_db, "dB", "20 log10(4 pi d / lambda)");
        let hpbw = half_power_beamwidth_deg(t.dish_m, frequency_ghz);
        let pointing = match t.pointing_loss_db {
            Some(l) => {
                if !(l >= 0.0) {
                    return Err(LinkError::InvalidInput(format!("pointing loss {l} dB must be ≥ 0")));
                }
                add!("Pointing loss", -l, "dB", "given");
                l
            }
            None => {
                let l = pointing_loss_db(t.pointing_error_deg, hpbw);
                add!(
                    "Pointing loss",
                    -l,
                    "dB",
                    format!("12 (err/theta3dB)^2, err {:.2} deg, theta3dB {:.2} deg", t.pointing_error_deg, hpbw),
                );
                l
            }
        };
        add!("Other losses", -t.other_losses_db, "dB", "polarisation, radome, feed");
        let rx_gain_dbi = parabolic_gain_dbi(t.dish_m, frequency_ghz, t.efficiency);
        add!(
            "Receive antenna gain",
            rx_gain_dbi,
            "dBi",
            format!("parabolic {:.2} m, efficiency {:.2}", t.dish_m, t.efficiency),
        );
        let t_clear = t.clear_sky_antenna_k + t.lnb_noise_k;
        add!("Antenna noise (clear sky)", t.clear_sky_antenna_k, "K", "");
        add!("LNB noise temperature", t.lnb_noise_k, "K", "");
        add!("System noise (clear sky)", t_clear, "K", "");
        let gt_clear = g_over_t_dbk(rx_gain_dbi, t_clear);
        add!("G/T (clear sky)", gt_clear, "dB/K", "");
        add!("Boltzmann constant", BOLTZMANN_DBW_PER_K_HZ, "dBW/(K Hz)", "");
        let cn0_clear = carrier_eirp_dbw - fspl_db - pointing - t.other_losses_db + gt_clear - BOLTZMANN_DBW_PER_K_HZ;
        add!("C/N0 downlink (no atmosphere)", cn0_clear, "dBHz", "");
        add!("Symbol rate", symbol_rate_msps, "Msym/s", format!("roll-off {:.2}", c.rolloff));
        add!("Occupied bandwidth", occupied_mhz, "MHz", format!("transponder {} MHz", payload.transponder_bw_mhz),);
        let rs_db = to_db(symbol_rate_msps * 1e6);
        add!("Symbol-rate bandwidth", -rs_db, "dBHz", "10 log10(Rs)");
        add!("Es/N0 downlink (no atmosphere)", cn0_clear - rs_db, "dB", "");

        let uplink = match &req.uplink {
            Uplink::None => UplinkModel::None,
            Uplink::CarrierToNoise { cn_db } => {
                add!("C/N uplink", *cn_db, "dB", "given (uplink power control)");
                UplinkModel::Fixed(*cn_db)
            }
            Uplink::Gateway { name, site, eirp_dbw, dish_m } => {
                let g = nominal_geometry(site, req.satellite.slot_lon_deg);
                if !(g.elevation_deg > 0.0) {
                    return Err(LinkError::BelowHorizon {
                        what: format!("{} seen from gateway {name}", req.satellite.name),
                        elevation_deg: g.elevation_deg,
                    });
                }
                let f_up = payload.uplink_ghz;
                itu::check_frequency(f_up)?;
                let fspl_up = free_space_loss_db(g.slant_range_km, f_up);
                let cn = eirp_dbw - fspl_up + payload.g_over_t_dbk - BOLTZMANN_DBW_PER_K_HZ - rs_db;
                add!("Gateway uplink EIRP", *eirp_dbw, "dBW", name.clone());
                add!("Uplink free-space loss", -fspl_up, "dB", format!("{f_up} GHz, {:.0} km", g.slant_range_km),);
                add!(
                    "Satellite G/T",
                    payload.g_over_t_dbk,
                    "dB/K",
                    if payload.assumed { "ASSUMED" } else { "published" },
                );
                add!("C/N uplink (no atmosphere)", cn, "dB", "");
                let path = SlantPath {
                    site: *site,
                    frequency_ghz: f_up,
                    elevation_deg: g.elevation_deg,
                    dish_m: positive("gateway dish (m)", *dish_m)?,
                    efficiency: 0.65,
                    tau_deg: t.tau_deg,
                };
                path.validate()?;
                UplinkModel::Gateway { cn_clear_db: cn, path }
            }
        };
        if let Some(ci) = req.c_over_i_db {
            add!("C/I (aggregate)", ci, "dB", "given");
        }
        if let Some(cim) = req.c_over_im_db {
            add!("C/IM", cim, "dB", "given");
        }
        add!("Implementation margin", c.implementation_margin_db, "dB", "added to ideal MODCOD Es/N0");

        let path = SlantPath {
            site: req.site,
            frequency_ghz,
            elevation_deg: geometry.elevation_deg,
            dish_m: t.dish_m,
            efficiency: t.efficiency,
            tau_deg: t.tau_deg,
        };
        path.validate()?;
        let modcods = match &req.modcods {
            Some(t) => std::borrow::Cow::Owned(t.clone()),
            None => std::borrow::Cow::Borrowed(ModcodTable::bundled()),
        };
        let mut model = LinkModel {
            geometry,
            frequency_ghz,
            symbol_rate_msps,
            carriers_per_transponder,
            transponders: payload.transponders,
            carrier_eirp_dbw,
            fspl_db,
            pointing_loss_db: pointing,
            rx_gain_dbi,
            lnb_noise_k: t.lnb_noise_k,
            clear_sky_antenna_k: t.clear_sky_antenna_k,
            other_losses_db: t.other_losses_db,
            implementation_margin_db: c.implementation_margin_db,
            pilots: c.pilots,
            esn0_clear_db: f64::NAN,
            path,
            uplink,
            c_over_i_db: req.c_over_i_db,
            c_over_im_db: req.c_over_im_db,
            lines,
            modcods,
        };
        let clear = model.esn0_total_db(0.0, model.uplink_cn_clear());
        model.esn0_clear_db = clear;
        if keep_lines {
            model.lines.push(line("Es/N0 composite (no atmosphere)", clear, "dB", ""));
        }
        Ok(model)
    }

    /// The clear-sky line items.
    pub fn lines(&self) -> &[BudgetLine] {
        &self.lines
    }

    fn uplink_cn_clear(&self) -> Option<f64> {
        match &self.uplink {
            UplinkModel::None => None,
            UplinkModel::Fixed(cn) => Some(*cn),
            UplinkModel::Gateway { cn_clear_db, .. } => Some(*cn_clear_db),
        }
    }

    /// Downlink C/N0 for a total atmospheric attenuation `a_db`, with the sky-noise increase; (T_sys, G/T, C/N0).
    pub fn downlink_cn0(&self, a_db: f64) -> (f64, f64, f64) {
        let t_sys = sky_noise_temperature_k(self.clear_sky_antenna_k, a_db) + self.lnb_noise_k;
        let gt = g_over_t_dbk(self.rx_gain_dbi, t_sys);
        let cn0 = self.carrier_eirp_dbw - self.fspl_db - a_db - self.pointing_loss_db - self.other_losses_db + gt
            - BOLTZMANN_DBW_PER_K_HZ;
        (t_sys, gt, cn0)
    }

    fn esn0_total_db(&self, a_db: f64, cn_up_db: Option<f64>) -> f64 {
        let esn0_down = self.downlink_cn0(a_db).2 - to_db(self.symbol_rate_msps * 1e6);
        let mut inv = 1.0 / from_db(esn0_down);
        for term in [cn_up_db, self.c_over_i_db, self.c_over_im_db].into_iter().flatten() {
            inv += 1.0 / from_db(term);
        }
        -to_db(inv)
    }

    /// Everything at exceedance `p_percent` (0.001–5 %).
    pub fn at_percent(&self, p_percent: f64) -> Result<PercentResult, LinkError> {
        check_percent(p_percent)?;
        let att = self.path.attenuation(p_percent)?;
        self.result_for(att)
    }

    /// [`LinkModel::at_percent`] for several percentages (the gas and cloud terms are computed once).
    pub fn at_percents(&self, percents: &[f64]) -> Result<Vec<PercentResult>, LinkError> {
        self.path.attenuations(percents)?.into_iter().map(|a| self.result_for(a)).collect()
    }

    fn result_for(&self, att: Attenuation) -> Result<PercentResult, LinkError> {
        let p_percent = att.p_percent;
        let cn_up_db = match &self.uplink {
            UplinkModel::None => None,
            UplinkModel::Fixed(cn) => Some(*cn),
            UplinkModel::Gateway { cn_clear_db, path } => Some(cn_clear_db - path.attenuation(p_percent)?.total_db),
        };
        let (t_sys, gt, cn0) = self.downlink_cn0(att.total_db);
        let esn0_down = cn0 - to_db(self.symbol_rate_msps * 1e6);
        let esn0_total = self.esn0_total_db(att.total_db, cn_up_db);
        let best = self.modcods.best(esn0_total, self.implementation_margin_db, self.pilots);
        let (modcod, eff, margin) = match best {
            Some(m) => (
                Some(m.label()),
                m.spectral_eff(self.pilots),
                esn0_total - m.esn0_ideal_db - self.implementation_margin_db,
            ),
            None => {
                let robust_db = self.modcods.modcods.first().map_or(f64::NAN, |m| m.esn0_ideal_db);
                (None, 0.0, esn0_total - robust_db - self.implementation_margin_db)
            }
        };
        let carrier_mbps = self.symbol_rate_msps * eff;
        Ok(PercentResult {
            p_percent,
            availability_percent: 100.0 - p_percent,
            attenuation: att,
            system_noise_k: t_sys,
            g_over_t_dbk: gt,
            cn0_down_dbhz: cn0,
            esn0_down_db: esn0_down,
            cn_up_db,
            esn0_total_db: esn0_total,
            modcod,
            spectral_eff_bit_per_sym: eff,
            margin_db: margin,
            throughput_carrier_mbps: carrier_mbps,
            throughput_transponder_mbps: carrier_mbps * self.carriers_per_transponder as f64,
        })
    }

    /// Annual availability of `modcod`: the p at which its margin is zero (bisection in log p over 0.001–5 %).
    pub fn availability_at_modcod(&self, modcod: &Modcod) -> Result<Availability, LinkError> {
        let required = modcod.esn0_ideal_db + self.implementation_margin_db;
        let margin = |p: f64| -> Result<f64, LinkError> { Ok(self.at_percent(p)?.esn0_total_db - required) };
        let (lo, hi) = (itu::MIN_PERCENT, itu::MAX_PERCENT);
        let (outage, bound) = if margin(lo)? >= 0.0 {
            (lo, AvailabilityBound::AtLeast)
        } else if margin(hi)? < 0.0 {
            (hi, AvailabilityBound::Below)
        } else {
            let (mut a, mut b) = (lo.ln(), hi.ln());
            for _ in 0..40 {
                let mid = 0.5 * (a + b);
                if margin(mid.exp())? >= 0.0 {
                    b = mid;
                } else {
                    a = mid;
                }
                if b - a < 1e-6 {
                    break;
                }
            }
            (b.exp(), AvailabilityBound::Exact)
        };
        Ok(Availability {
            modcod: modcod.label(),
            required_esn0_db: required,
            outage_percent: outage,
            availability_percent: 100.0 - outage,
            bound,
            throughput_carrier_mbps: self.symbol_rate_msps * modcod.spectral_eff(self.pilots),
        })
    }
}

/// Average throughput over the year from an ACM curve sorted by increasing p: during the fraction of time when
/// the attenuation lies between A(p_{i+1}) and A(p_i) the link carries at least T(p_i); beyond the largest p at
/// least T(p_n); below the smallest p nothing is counted. A lower bound, Mbit/s.
pub fn acm_average_mbps(curve: &[(f64, f64)]) -> f64 {
    let mut avg = 0.0;
    for w in curve.windows(2) {
        avg += w[0].1 * (w[1].0 - w[0].0) / 100.0;
    }
    if let Some(&(p, t)) = curve.last() {
        avg += t * (1.0 - p / 100.0);
    }
    avg
}

/// Annual availability of the MODCOD named `modcod` (e.g. "QPSK 3/4", "16APSK 2/3") on the link `req`.
pub fn availability_at_modcod(req: &LinkRequest, modcod: &str) -> Result<Availability, LinkError> {
    let model = LinkModel::new(req)?;
    let m = model.modcods.find(modcod)?.clone();
    model.availability_at_modcod(&m)
}

/// Evaluates the whole budget: line items, the requested percentages, the ACM curve and average, and the
/// availability of the fixed MODCOD.
pub fn evaluate(req: &LinkRequest) -> Result<LinkReport, LinkError> {
    let model = LinkModel::new(req)?;
    let results = model.at_percents(&req.percentages)?;
    let acm_curve = model.at_percents(&ACM_CURVE_PERCENTAGES)?;
    let pts: Vec<(f64, f64)> = acm_curve.iter().map(|r| (r.p_percent, r.throughput_carrier_mbps)).collect();
    let acm_average_carrier_mbps = acm_average_mbps(&pts);
    let fixed = match &req.fixed_modcod {
        Some(name) => Some(model.modcods.find(name)?.clone()),
        None => results
            .first()
            .and_then(|r| r.modcod.as_ref())
            .and_then(|label| model.modcods.modcods.iter().find(|m| &m.label() == label).cloned()),
    };
    let fixed_modcod = match fixed {
        Some(m) => Some(model.availability_at_modcod(&m)?),
        None => None,
    };
    let payload = req.satellite.payload(req.band)?;
    let esn0_clear_db = model.esn0_clear_db;
    Ok(LinkReport {
        satellite: req.satellite.name.clone(),
        band: req.band,
        site_name: req.site_name.clone(),
        site: req.site,
        geometry: model.geometry.clone(),
        frequency_ghz: model.frequency_ghz,
        symbol_rate_msps: model.symbol_rate_msps,
        carriers_per_transponder: model.carriers_per_transponder,
        transponders: model.transponders,
        assumed_payload: payload.assumed,
        lines: model.lines.clone(),
        esn0_clear_db,
        results,
        acm_curve,
        acm_average_carrier_mbps,
        acm_average_transponder_mbps: acm_average_carrier_mbps * model.carriers_per_transponder as f64,
        fixed_modcod,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acm_average_weights_time_fractions() {
        // 0 below 0.01 %, 10 between 0.01 and 1 %, 20 beyond 1 %.
        let avg = acm_average_mbps(&[(0.01, 10.0), (1.0, 20.0)]);
        assert!((avg - (10.0 * 0.0099 + 20.0 * 0.99)).abs() < 1e-12);
    }
}
