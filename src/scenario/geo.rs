//! GEO option physics: each direction of a demand is a transparent-transponder link, uplink from the sending
//! site plus downlink to the receiving site, and its annual availability comes from the rain statistics.
//!
//! Per direction A → B (dB; `link` module conventions):
//! * uplink: EIRP_A = 10 log10(P_HPA, W) − L_feed + G(D, f_up, η 0.65); C/N_up = EIRP_A − FSPL(d_A, f_up) −
//!   A_up,A(p) + (G/T)_sat − k − 10 log10(R_s); the transponder holds its downlink EIRP through uplink fades
//!   (ALC / fixed drive) [assumed];
//! * downlink: `link::LinkModel` to B (transponder EIRP − OBO − carrier share − FSPL − A_B(p) − pointing − other
//!   + G/T(A) − k), with the rain sky-noise increase at B;
//! * composite: (Es/N0)⁻¹ = (C/N_up)⁻¹ + (Es/N0_down)⁻¹ (linear);
//! * the leased carriers run one MODCOD: the ACM choice at the design exceedance p with both ends faded at
//!   A(p) (fully correlated: conservative), the least efficient over the directions served;
//! * availability of that MODCOD: for site X, p*_X = the exceedance at which the margin reaches 0 when X is in
//!   rain (its uplink fade on directions it sends, its downlink fade on directions it receives; the other end
//!   at A(5 %), the least-faded state the P.618 range gives), the larger over those directions (the same rain
//!   cell drives both: the attenuations rank together); the two sites rain independently, so a demand is
//!   unavailable U ≈ p*_A + p*_B (the overlap p*_A·p*_B is below the model's resolution).
//!   P.618 is inverted by bisection in log p over 0.001–5 % ([`crate::link::leo::invert_percent`]).

use crate::frames::Geodetic;
use crate::link::itu::{free_space_loss_db, SlantPath};
use crate::link::leo::invert_percent;
use crate::link::{
    antenna, AvailabilityBound, Band, Geometry, GeometrySource, LinkError, LinkModel, LinkRequest, Modcod, ModcodTable,
    SatelliteConfig, Uplink,
};
use crate::units::{from_db, to_db, BOLTZMANN_DBW_PER_K_HZ};

/// Transmit feed/waveguide loss between HPA and antenna flange, dB [assumed].
pub const FEED_LOSS_DB: f64 = 1.0;
/// Exceedance used for the end that is not in rain, % (the least-faded state in the P.618 range).
pub const CLEAR_END_PERCENT: f64 = 5.0;

/// One end of a GEO hop: a site and the satellite's look angles from it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoEnd {
    pub name: String,
    pub location: Geodetic,
    pub elevation_deg: f64,
    pub azimuth_deg: f64,
    pub range_km: f64,
}

/// Site terminal figures used on both links.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoTerminal {
    pub dish_m: f64,
    /// HPA power per carrier, W.
    pub uplink_hpa_w: f64,
}

/// One direction A → B through the transponder.
#[derive(Debug, Clone)]
pub struct Direction {
    pub from: String,
    pub to: String,
    pub uplink_ghz: f64,
    pub uplink_eirp_dbw: f64,
    pub uplink_fspl_db: f64,
    pub satellite_g_over_t_dbk: f64,
    /// Uplink C/N without atmosphere, dB.
    pub cn_up_clear_db: f64,
    pub symbol_rate_msps: f64,
    pub carriers_per_transponder: u32,
    pub implementation_margin_db: f64,
    pub pilots: bool,
    up_path: SlantPath,
    down_path: SlantPath,
    down: LinkModel,
}

impl Direction {
    /// Builds the direction `from` → `to` for `satellite`'s `band` payload.
    pub fn new(
        satellite: &SatelliteConfig,
        band: Band,
        terminal: GeoTerminal,
        from: &GeoEnd,
        to: &GeoEnd,
    ) -> Result<Direction, LinkError> {
        let payload = satellite.payload(band)?;
        if !(terminal.uplink_hpa_w > 0.0 && terminal.uplink_hpa_w.is_finite()) {
            return Err(LinkError::InvalidInput(format!("uplink HPA power {} W must be > 0", terminal.uplink_hpa_w)));
        }
        for end in [from, to] {
            if !(end.elevation_deg > 0.0) {
                return Err(LinkError::BelowHorizon {
                    what: format!("{} seen from {}", satellite.name, end.name),
                    elevation_deg: end.elevation_deg,
                });
            }
        }
        let mut req = LinkRequest::new(satellite, band, &to.name, to.location)?;
        req.terminal.dish_m = terminal.dish_m;
        req.uplink = Uplink::None;
        req.percentages = vec![CLEAR_END_PERCENT];
        req.geometry = Some(Geometry {
            elevation_deg: to.elevation_deg,
            azimuth_deg: to.azimuth_deg,
            slant_range_km: to.range_km,
            source: GeometrySource::Given { description: format!("look angles from {}", to.name) },
        });
        let down = LinkModel::new_lean(&req)?;
        let f_up = payload.uplink_ghz;
        crate::link::itu::check_frequency(f_up)?;
        let gain = antenna::parabolic_gain_dbi(terminal.dish_m, f_up, req.terminal.efficiency);
        let uplink_eirp_dbw = to_db(terminal.uplink_hpa_w) - FEED_LOSS_DB + gain;
        let uplink_fspl_db = free_space_loss_db(from.range_km, f_up);
        let rs_db = to_db(down.symbol_rate_msps * 1e6);
        let cn_up_clear_db = uplink_eirp_dbw - uplink_fspl_db + payload.g_over_t_dbk - BOLTZMANN_DBW_PER_K_HZ - rs_db;
        let up_path = SlantPath {
            site: from.location,
            frequency_ghz: f_up,
            elevation_deg: from.elevation_deg,
            dish_m: terminal.dish_m,
            efficiency: req.terminal.efficiency,
            tau_deg: req.terminal.tau_deg,
        };
        up_path.validate()?;
        let down_path = SlantPath {
            site: to.location,
            frequency_ghz: down.frequency_ghz,
            elevation_deg: to.elevation_deg,
            dish_m: terminal.dish_m,
            efficiency: req.terminal.efficiency,
            tau_deg: req.terminal.tau_deg,
        };
        down_path.validate()?;
        Ok(Direction {
            from: from.name.clone(),
            to: to.name.clone(),
            uplink_ghz: f_up,
            uplink_eirp_dbw,
            uplink_fspl_db,
            satellite_g_over_t_dbk: payload.g_over_t_dbk,
            cn_up_clear_db,
            symbol_rate_msps: down.symbol_rate_msps,
            carriers_per_transponder: down.carriers_per_transponder,
            implementation_margin_db: down.implementation_margin_db,
            pilots: down.pilots,
            up_path,
            down_path,
            down,
        })
    }

    /// Downlink Es/N0 at B for a total attenuation `a_down_db` (sky noise included), dB.
    pub fn esn0_down_db(&self, a_down_db: f64) -> f64 {
        self.down.downlink_cn0(a_down_db).2 - to_db(self.symbol_rate_msps * 1e6)
    }

    /// Composite Es/N0 for uplink attenuation `a_up_db` at A and downlink attenuation `a_down_db` at B, dB.
    pub fn esn0_db(&self, a_up_db: f64, a_down_db: f64) -> f64 {
        let up = self.cn_up_clear_db - a_up_db;
        -to_db(1.0 / from_db(up) + 1.0 / from_db(self.esn0_down_db(a_down_db)))
    }

    /// ITU-R attenuation exceeded `p` % of the year on the uplink at A, dB.
    pub fn attenuation_up_db(&self, p: f64) -> Result<f64, LinkError> {
        Ok(self.up_path.attenuation(p)?.total_db)
    }

    /// ITU-R attenuation exceeded `p` % of the year on the downlink at B, dB.
    pub fn attenuation_down_db(&self, p: f64) -> Result<f64, LinkError> {
        Ok(self.down_path.attenuation(p)?.total_db)
    }

    /// Composite Es/N0 with both ends faded at their A(p) (design case), dB.
    pub fn esn0_at_percent(&self, p: f64) -> Result<f64, LinkError> {
        Ok(self.esn0_db(self.attenuation_up_db(p)?, self.attenuation_down_db(p)?))
    }

    /// The ACM MODCOD at the design exceedance `p` (both ends faded), or `None`.
    pub fn acm_modcod(&self, p: f64) -> Result<Option<Modcod>, LinkError> {
        let esn0 = self.esn0_at_percent(p)?;
        Ok(ModcodTable::bundled().best(esn0, self.implementation_margin_db, self.pilots).cloned())
    }

    /// Throughput of one transponder at `modcod`, Mbit/s.
    pub fn transponder_mbps(&self, modcod: &Modcod) -> f64 {
        self.symbol_rate_msps * modcod.spectral_eff(self.pilots) * f64::from(self.carriers_per_transponder)
    }

    /// Outage (% of the year) of `modcod` when the sending site A is in rain (B at A(5 %)).
    pub fn uplink_outage_percent(&self, modcod: &Modcod) -> Result<(f64, AvailabilityBound), LinkError> {
        let required = modcod.esn0_ideal_db + self.implementation_margin_db;
        let a_down = self.attenuation_down_db(CLEAR_END_PERCENT)?;
        invert_percent(&|p| Ok(self.esn0_db(self.attenuation_up_db(p)?, a_down) - required))
    }

    /// Outage (% of the year) of `modcod` when the receiving site B is in rain (A at A(5 %)).
    pub fn downlink_outage_percent(&self, modcod: &Modcod) -> Result<(f64, AvailabilityBound), LinkError> {
        let required = modcod.esn0_ideal_db + self.implementation_margin_db;
        let a_up = self.attenuation_up_db(CLEAR_END_PERCENT)?;
        invert_percent(&|p| Ok(self.esn0_db(a_up, self.attenuation_down_db(p)?) - required))
    }
}

/// Outage of one site for `modcod` over the directions it takes part in: (p*, bound, note).
pub fn site_outage_percent(
    site: &str,
    directions: &[&Direction],
    modcod: &Modcod,
) -> Result<(f64, AvailabilityBound, String), LinkError> {
    let mut worst = (0.0f64, AvailabilityBound::AtLeast, String::new());
    for d in directions {
        let cases = [(d.from == site, "uplink", d as &Direction), (d.to == site, "downlink", d as &Direction)];
        for (applies, what, d) in cases {
            if !applies {
                continue;
            }
            let (p, bound) =
                if what == "uplink" { d.uplink_outage_percent(modcod)? } else { d.downlink_outage_percent(modcod)? };
            if p > worst.0 || worst.2.is_empty() {
                worst = (p, bound, format!("{site} {what} {}→{} {}", d.from, d.to, bound_text(p, bound)));
            }
        }
    }
    Ok(worst)
}

/// `0.0123 %`, `≤ 0.001 %` or `≥ 5 %`.
pub fn bound_text(p: f64, bound: AvailabilityBound) -> String {
    match bound {
        AvailabilityBound::Exact => format!("{p:.4} %"),
        AvailabilityBound::AtLeast => format!("≤ {p} %"),
        AvailabilityBound::Below => format!("≥ {p} %"),
    }
}

/// Site HPA power per carrier when the option gives none, W [assumed] (a 50 W Ku/Ka BUC per carrier).
pub const DEFAULT_UPLINK_HPA_W: f64 = 50.0;
