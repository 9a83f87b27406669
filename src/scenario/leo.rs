//! LEO option physics: capacity per demand site from the forward-link budgets of `link::leo` at every time
//! step's geometry, terminal counts as an output, and rain availability from the link model.
//!
//! * Geometry per step and site: every satellite above the option's elevation mask (slant range, elevation).
//! * Capacity of a site: `link::leo::site_capacity` at the option's design exceedance p (ACM at A(p)); the
//!   option's resource is the 5th percentile over the analysis interval (what the site has 95 % of the time).
//! * Terminals: the scenario's `terminals_per_site` × the 5th-percentile terminal rate, or (without it) the
//!   count needed for the site's load at that rate.
//! * Availability of a demand: fraction of steps reachable (both ends covered: the visibility model in
//!   `compare`; a network model's reachable fraction can replace that one number) × (1 − p_A/100)(1 − p_B/100), p_X the
//!   rain outage of site X from the link model (the most robust MODCOD stops closing at the lowest elevation
//!   served; sites rain independently).

use crate::frames::GroundStation;
use crate::link::leo::{site_capacity, ConstellationPayload, LinkGeometry, SiteCapacity};
use nalgebra::Vector3;

/// Satellites above the mask (sin elevation ≥ `sin_min`) from each point: elevation and slant range.
pub fn visible_geometry(points: &[GroundStation], positions: &[Vector3<f64>], sin_min: f64) -> Vec<Vec<LinkGeometry>> {
    points
        .iter()
        .map(|p| {
            let up = p.enu_rotation.row(2).transpose();
            positions
                .iter()
                .filter_map(|pos| {
                    let rel = pos - p.position_km;
                    let range_km = rel.norm();
                    let sin_el = rel.dot(&up) / range_km;
                    (sin_el >= sin_min).then(|| LinkGeometry { elevation_deg: sin_el.asin().to_degrees(), range_km })
                })
                .collect()
        })
        .collect()
}

/// Link-budget capacity of the sites used by the served demands.
pub struct SitesCapacity {
    /// (site index, capacity over time).
    pub sites: Vec<(usize, SiteCapacity)>,
    /// Resources for the bottleneck: (name, capacity Gb/s, load Gb/s).
    pub resources: Vec<(String, f64, f64)>,
    /// Terminals over all sites (given or needed).
    pub terminals: f64,
    /// Basis text of the capacity figure.
    pub basis: String,
}

impl SitesCapacity {
    /// Rain outage of a site, percent of the year (0 when the site is not used).
    pub fn rain_outage_percent(&self, site: usize) -> f64 {
        self.sites.iter().find(|s| s.0 == site).map_or(0.0, |s| s.1.rain_outage_percent)
    }
}

/// Evaluates the payload at each used site. `point_of(site)` is the site's index in `geometry[k]`; `load[s]`
/// the served demand at site s, Gb/s.
#[allow(clippy::too_many_arguments)]
pub fn sites_capacity(
    scenario: &super::Scenario,
    payload: &ConstellationPayload,
    p_percent: f64,
    terminals_per_site: Option<u32>,
    geometry: &[Vec<Vec<LinkGeometry>>],
    sites_used: &[usize],
    point_of: &dyn Fn(usize) -> usize,
    load: &[f64],
) -> Result<SitesCapacity, crate::link::LinkError> {
    let mut sites = Vec::new();
    let mut resources = Vec::new();
    let mut terminals = 0.0;
    let mut notes = Vec::new();
    for &s in sites_used {
        let site = &scenario.sites[s];
        let pi = point_of(s);
        let steps: Vec<Vec<LinkGeometry>> = geometry.iter().map(|g| g[pi].clone()).collect();
        let cap = site_capacity(payload, &site.name, &site.ground.location, &steps, p_percent)?;
        resources.push((format!("LEO capacity at {} (p5 over time)", site.name), cap.p5_gbps, load[s]));
        let terminal_note = match terminals_per_site {
            Some(n) => {
                terminals += f64::from(n);
                resources.push((
                    format!("{n} terminals at {}", site.name),
                    f64::from(n) * cap.terminal_rate_p5_gbps,
                    load[s],
                ));
                format!("{n} terminals given")
            }
            None => match cap.terminals_for(load[s]) {
                Some(n) => {
                    terminals += f64::from(n);
                    format!("{n} terminals needed for {:.3} Gb/s", load[s])
                }
                None => "no terminal rate (never covered)".to_string(),
            },
        };
        notes.push(format!(
            "{}: mean {:.3} Gb/s, p5 {:.3} Gb/s, {:.2} satellites serving on average, terminal rate p5 {:.3} Gb/s, {terminal_note}; limited by beams/satellite cap/feeder at {}/{}/{} steps; rain outage {} at el {:.1}°",
            site.name,
            cap.mean_gbps,
            cap.p5_gbps,
            cap.mean_serving,
            cap.terminal_rate_p5_gbps,
            cap.limited_by[0],
            cap.limited_by[1],
            cap.limited_by[2],
            super::geo::bound_text(cap.rain_outage_percent, cap.rain_outage_bound),
            cap.worst_elevation_deg
        ));
        sites.push((s, cap));
    }
    let u = &payload.user;
    let f = &payload.feeder;
    let basis = format!(
        "link::leo forward-link budgets per step at p = {p_percent} % (ITU-R P.618 at the site, ACM DVB-S2X) for {}: user {} GHz, {} MHz channels{}, EIRP density {} dBW/MHz{}, {} beams per site{} of {}{}, terminal G/T {} dB/K{}, terminal max {} Gb/s{}; feeder {} GHz, {} × {} MHz{}, gateway EIRP {} dBW{} (gateway in the site's beam [assumed]); satellite cap {}{}; ≤ {} satellites per site{}; {}",
        payload.name,
        u.downlink_ghz,
        u.channel_mhz,
        payload.tag("channel_mhz"),
        u.eirp_density_dbw_per_mhz,
        payload.tag("eirp_density_dbw_per_mhz"),
        u.beams_per_site,
        payload.tag("beams_per_site"),
        u.beams,
        payload.tag("beams"),
        u.terminal_g_over_t_dbk,
        payload.tag("terminal_g_over_t_dbk"),
        u.terminal_max_rate_gbps,
        payload.tag("terminal_max_rate_gbps"),
        f.uplink_ghz,
        f.channels,
        f.channel_mhz,
        payload.tag("channels"),
        f.gateway_eirp_dbw,
        payload.tag("gateway_eirp_dbw"),
        payload.satellite_capacity_gbps.map_or("none".to_string(), |c| format!("{c} Gb/s")),
        payload.tag("satellite_capacity_gbps"),
        payload.max_satellites_per_site,
        payload.tag("max_satellites_per_site"),
        notes.join("; ")
    );
    Ok(SitesCapacity { sites, resources, terminals, basis })
}
