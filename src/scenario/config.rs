//! Scenario files (TOML): sites, routes, demands and options, parsed with unknown keys rejected and every
//! value validated after parsing with a message naming the key and its `file:line:column`.
//!
//! Units are in the key names (`rate_gbps`, `length_km`, `repair_days`, `capex_usd_per_km`). The default
//! scenario is `configs/caspian.toml` ([`DEFAULT_SCENARIO_TOML`], bundled as documentation only).

use crate::frames::geodetic::central_angle_rad;
use crate::frames::{Geodetic, GroundStation};
use crate::orbit::{Catalog, ElementSet, ParseOptions};
use crate::stations::StationCatalog;
use crate::time::{parse_instant, Instant};
use crate::validate::{fmt_value, Range};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use thiserror::Error;
use toml::Spanned;

/// The default scenario, for documentation and tests (`satfiber compare` always takes a path).
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../configs/caspian.toml");

/// Mean Earth radius used for great-circle route lengths, km (IUGG mean radius R1).
pub const EARTH_MEAN_RADIUS_KM: f64 = 6371.0088;

/// Errors reading or validating a scenario: each names the file, line, column and key.
#[derive(Debug, Error)]
pub enum ScenarioError {
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
    #[error("{file}: {message}")]
    Catalog { file: String, message: String },
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map(|i| before[i + 1..].chars().count()).unwrap_or(before.chars().count()) + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------------------------------
// Raw (as written) structures.

pub(super) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    scenario: RawHeader,
    #[serde(default)]
    site: Vec<RawSite>,
    #[serde(default)]
    route: Vec<RawRoute>,
    #[serde(default)]
    demand: Vec<RawDemand>,
    #[serde(default)]
    option: Vec<RawOption>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: S<String>,
    epoch: S<String>,
    amortisation_years: S<f64>,
    tle: Option<S<String>>,
    stations: Option<S<String>>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: S<String>,
    latitude_deg: Option<S<f64>>,
    longitude_deg: Option<S<f64>>,
    altitude_m: Option<S<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    name: S<String>,
    kind: S<String>,
    sites: S<Vec<S<String>>>,
    fiber_route: Option<S<String>>,
    length_km: Option<S<f64>>,
    route_factor: Option<S<f64>>,
    capacity_gbps: Option<S<f64>>,
    fault_rate_per_1000km_year: Option<S<f64>>,
    repair_days: Option<S<f64>>,
    capex_usd_per_km: Option<S<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    site: S<String>,
    radius_km: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDemand {
    name: S<String>,
    from: S<String>,
    to: Option<S<String>>,
    area: Option<S<RawArea>>,
    rate_gbps: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWalker {
    planes: S<i64>,
    satellites_per_plane: S<i64>,
    phasing: S<i64>,
    inclination_deg: S<f64>,
    altitude_km: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    name: S<String>,
    kind: S<String>,
    // common costs
    fixed_capex_usd: Option<S<f64>>,
    fixed_opex_usd_per_year: Option<S<f64>>,
    // cable
    routes: Option<S<Vec<S<String>>>>,
    design: Option<S<toml::Value>>,
    group_index: Option<S<f64>>,
    equipment_latency_ms: Option<S<f64>>,
    opex_fraction_per_year: Option<S<f64>>,
    protection_routes: Option<S<Vec<S<String>>>>,
    // satellites (geo, leo)
    satellite: Option<S<String>>,
    transponders: Option<S<i64>>,
    band: Option<S<String>>,
    dish_m: Option<S<f64>>,
    rain_exceedance_percent: Option<S<f64>>,
    min_elevation_deg: Option<S<f64>>,
    processing_latency_ms: Option<S<f64>>,
    terminal_capex_usd: Option<S<f64>>,
    terminal_opex_usd_per_year: Option<S<f64>>,
    lease_usd_per_mhz_month: Option<S<f64>>,
    uplink_hpa_w: Option<S<f64>>,
    // leo
    tle: Option<S<String>>,
    select: Option<S<String>>,
    walker: Option<S<RawWalker>>,
    terminals_per_site: Option<S<i64>>,
    terminal_rate_gbps: Option<S<f64>>,
    service_usd_per_terminal_month: Option<S<f64>>,
    analysis_hours: Option<S<f64>>,
    step_s: Option<S<f64>>,
    payload: Option<S<String>>,
    constellations: Option<S<String>>,
    // hybrid
    primary: Option<S<String>>,
    backup: Option<S<String>>,
}

// ---------------------------------------------------------------------------------------------------------------
// Validated structures.

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Scenario file as named on the command line.
    pub file: String,
    pub name: String,
    pub description: String,
    /// Instant at which GEO geometry is evaluated and LEO coverage analysis starts (UTC).
    pub epoch: Instant,
    /// Capex is spread evenly over this many years to form the annual cost.
    pub amortisation_years: f64,
    /// Catalog used for named satellites (file name as given, or `tle/ots.tle` when bundled).
    pub tle_file: String,
    pub sites: Vec<Site>,
    pub routes: Vec<Route>,
    pub demands: Vec<Demand>,
    pub options: Vec<OptionSpec>,
}

/// A site: a named point on the ground (WGS-84).
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub ground: GroundStation,
}

/// Route medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    Submarine,
    Terrestrial,
}

impl RouteKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            RouteKind::Submarine => "submarine",
            RouteKind::Terrestrial => "terrestrial",
        }
    }
}

/// A fibre route between two sites.
#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub kind: RouteKind,
    /// Site indices (into [`Scenario::sites`]).
    pub ends: [usize; 2],
    pub length_km: f64,
    /// How the length was obtained (given, or great circle × route factor).
    pub length_basis: String,
    /// Submarine routes: the fiber model's route (from `fiber_route` in configs/fiber/routes.toml, or a
    /// route of `length_km`); capacity, latency, availability and cost then come from `fiber::evaluate` with
    /// the cable option's design.
    pub fiber: Option<crate::fiber::Route>,
    /// Terrestrial routes: leased/lit capacity, Gb/s.
    pub capacity_gbps: Option<f64>,
    /// Terrestrial routes: cuts per 1000 km per year (0 for submarine routes, whose design carries it).
    pub fault_rate_per_1000km_year: f64,
    /// Terrestrial routes: restoration time, days.
    pub repair_days: f64,
    /// Terrestrial routes: build cost, USD per km.
    pub capex_usd_per_km: f64,
}

/// Where a demand is delivered.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Site(usize),
    /// Served to an area: a hub site and the radius around it that must be covered (satellite options check
    /// coverage at the hub and at four points on the radius; fibre options deliver to the hub).
    Area {
        site: usize,
        radius_km: f64,
    },
}

impl Target {
    /// The site the traffic terminates at (the hub for areas).
    pub fn site(&self) -> usize {
        match self {
            Target::Site(s) => *s,
            Target::Area { site, .. } => *site,
        }
    }
}

/// A capacity demand, Gb/s in each direction.
#[derive(Debug, Clone)]
pub struct Demand {
    pub name: String,
    pub from: usize,
    pub to: Target,
    pub rate_gbps: f64,
}

/// Costs shared by every option kind.
#[derive(Debug, Clone, Default)]
pub struct FixedCosts {
    pub capex_usd: f64,
    pub opex_usd_per_year: f64,
}

/// A cable option: a set of routes with a submarine design.
#[derive(Debug, Clone)]
pub struct CableSpec {
    /// Route indices.
    pub routes: Vec<usize>,
    /// The submarine design (fiber model), applied to every submarine route of the option.
    pub design: crate::fiber::SystemDesign,
    /// `fiber::evaluate` of each submarine route with the design: (route index, report).
    pub submarine: Vec<(usize, crate::fiber::FiberReport)>,
    /// Group index of the terrestrial fibre (GNPy default 1.468).
    pub group_index: f64,
    /// Transponder/switching latency per route hop, ms.
    pub equipment_latency_ms: f64,
    /// O&M cost of the terrestrial routes as a fraction of their capex per year.
    pub opex_fraction_per_year: f64,
    /// Routes of the diverse protection network (1+1): each demand's protection path runs over these, disjoint
    /// from its working path (`scenario::cable`). Empty = unprotected.
    pub protection: Vec<usize>,
}

/// A GEO satellite option.
#[derive(Debug, Clone)]
pub struct GeoSpec {
    /// Element set for the geometry (SGP4 at the scenario epoch), the fleet entry's `tle_name`.
    pub satellite: ElementSet,
    /// Fleet entry (configs/satellites.toml): payloads, EIRP, G/T, transponders.
    pub link_satellite: crate::link::SatelliteConfig,
    pub band: crate::link::Band,
    /// Leased transponders of the band's payload (at most the payload's count).
    pub transponders: u32,
    /// Site terminal reflector diameter, m (other terminal figures: `link::Terminal::default()`).
    pub dish_m: f64,
    /// Percent of an average year the rain attenuation exceeds the design margin, per site.
    pub rain_exceedance_percent: f64,
    pub min_elevation_deg: f64,
    pub processing_latency_ms: f64,
    pub terminal_capex_usd: f64,
    pub terminal_opex_usd_per_year: f64,
    pub lease_usd_per_mhz_month: f64,
    /// Site HPA power per uplinked carrier, W (`scenario::geo`).
    pub uplink_hpa_w: f64,
}

/// A Walker-delta constellation i:T/P/F.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WalkerSpec {
    pub planes: u32,
    pub satellites_per_plane: u32,
    pub phasing: u32,
    pub inclination_deg: f64,
    pub altitude_km: f64,
}

/// Where a LEO constellation comes from.
#[derive(Debug, Clone)]
pub enum Constellation {
    /// Element sets from a TLE/OMM file (path as written) after selection.
    Catalog {
        file: String,
        sets: Vec<ElementSet>,
    },
    Walker(WalkerSpec),
}

/// A LEO constellation option.
#[derive(Debug, Clone)]
pub struct LeoSpec {
    pub constellation: Constellation,
    pub min_elevation_deg: f64,
    pub rain_exceedance_percent: f64,
    /// Terminals per site; `None` with a `payload`: the terminal count is an output.
    pub terminals_per_site: Option<u32>,
    /// Typed-in rate per terminal (without a `payload`), Gb/s.
    pub terminal_rate_gbps: f64,
    /// Forward-link payload (configs/constellations.toml): capacity and rain availability from link budgets.
    pub payload: Option<crate::link::leo::ConstellationPayload>,
    pub processing_latency_ms: f64,
    pub terminal_capex_usd: f64,
    pub service_usd_per_terminal_month: f64,
    pub analysis_hours: f64,
    pub step_s: f64,
}

/// Option model.
#[derive(Debug, Clone)]
pub enum OptionModel {
    Cable(Box<CableSpec>),
    Geo(Box<GeoSpec>),
    Leo(Box<LeoSpec>),
    /// Cable primary (option index) with satellite backup (option index).
    Hybrid {
        primary: usize,
        backup: usize,
    },
}

impl OptionModel {
    pub fn kind(&self) -> &'static str {
        match self {
            OptionModel::Cable(_) => "cable",
            OptionModel::Geo(_) => "geo",
            OptionModel::Leo(_) => "leo",
            OptionModel::Hybrid { .. } => "hybrid",
        }
    }
}

/// One option to compare.
#[derive(Debug, Clone)]
pub struct OptionSpec {
    pub name: String,
    pub model: OptionModel,
    pub fixed: FixedCosts,
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing and validation.

/// Which of two mutually exclusive keys a table gave ([`Ctx::exactly_one`]).
enum OneOf<A, B> {
    First(A),
    Second(B),
}

pub(super) struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    pub(super) fn err(
        &self,
        span: std::ops::Range<usize>,
        key: &str,
        problem: impl Into<String>,
        expected: &str,
    ) -> ScenarioError {
        let (line, column) = line_column(self.text, span.start);
        ScenarioError::Invalid {
            file: self.file.to_string(),
            line,
            column,
            key: key.to_string(),
            problem: problem.into(),
            expected: expected.to_string(),
        }
    }

    /// Exactly one of two mutually exclusive keys (full names such as `route.fiber_route`). Both: an error at the
    /// first. Neither: the error `missing` = (span, key, problem, expected).
    fn exactly_one<'v, A, B>(
        &self,
        (first, first_key): (&'v Option<S<A>>, &str),
        (second, second_key): (&'v Option<S<B>>, &str),
        missing: (std::ops::Range<usize>, &str, &str, &str),
    ) -> Result<OneOf<&'v S<A>, &'v S<B>>, ScenarioError> {
        let short = |key: &str| key.rsplit('.').next().unwrap_or(key).to_string();
        match (first, second) {
            (Some(a), None) => Ok(OneOf::First(a)),
            (None, Some(b)) => Ok(OneOf::Second(b)),
            (Some(a), Some(_)) => Err(self.err(
                a.span(),
                first_key,
                format!("given together with {}", short(second_key)),
                &format!("one of `{}` or `{}`", short(first_key), short(second_key)),
            )),
            (None, None) => {
                let (span, key, problem, expected) = missing;
                Err(self.err(span, key, problem, expected))
            }
        }
    }

    /// An optional value in [lo, hi], `default` when absent.
    fn range_or(
        &self,
        value: &Option<S<f64>>,
        key: &str,
        lo: f64,
        hi: f64,
        expected: &str,
        default: f64,
    ) -> Result<f64, ScenarioError> {
        match value {
            Some(v) => self.range(v, key, lo, hi, expected),
            None => Ok(default),
        }
    }

    fn range(&self, value: &S<f64>, key: &str, lo: f64, hi: f64, expected: &str) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        if !(v >= lo && v <= hi) {
            return Err(self.err(value.span(), key, format!("{} is out of range", fmt_value(v)), expected));
        }
        Ok(v)
    }

    /// A finite value in `range` (the shared [`crate::validate::Range`], whose text names the unit).
    fn within(&self, value: &S<f64>, key: &str, range: Range) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        range.check(v).map_err(|_| {
            let problem = if v.is_finite() { "out of range" } else { "not finite" };
            self.err(
                value.span(),
                key,
                format!("{} is {problem}", fmt_value(v)),
                &format!("a finite number in {range}"),
            )
        })
    }

    /// A positive value up to `range.hi` (`range.lo` is ignored: the value must only be > 0).
    fn positive_within(&self, value: &S<f64>, key: &str, range: Range) -> Result<f64, ScenarioError> {
        let v = self.positive(value, key)?;
        self.within(value, key, range)?;
        Ok(v)
    }

    fn positive(&self, value: &S<f64>, key: &str) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        if !(v > 0.0) || !v.is_finite() {
            return Err(self.err(
                value.span(),
                key,
                format!("{} is not positive", fmt_value(v)),
                "a finite number > 0",
            ));
        }
        Ok(v)
    }

    /// Prefer [`Ctx::within`] (it bounds the value too); kept for option kinds that use it.
    #[allow(dead_code)]
    fn non_negative(&self, value: &S<f64>, key: &str) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        if !(v >= 0.0) || !v.is_finite() {
            return Err(self.err(value.span(), key, format!("{} is negative", fmt_value(v)), "a finite number >= 0"));
        }
        Ok(v)
    }

    fn count(&self, value: &S<i64>, key: &str, hi: i64) -> Result<u32, ScenarioError> {
        let v = *value.get_ref();
        if !(1..=hi).contains(&v) {
            return Err(self.err(value.span(), key, format!("{v} is out of range"), &format!("an integer 1 to {hi}")));
        }
        Ok(v as u32)
    }
}

/// Physical and money ranges of scenario values (upper bounds far above any real project, so that sums and
/// annualised costs stay finite).
mod ranges {
    use crate::validate::Range;
    /// Any one-off cost: a trillion US dollars is beyond any telecom project.
    pub const CAPEX_USD: Range = Range::new(0.0, 1e12, "USD");
    pub const OPEX_USD_PER_YEAR: Range = Range::new(0.0, 1e12, "USD/year");
    pub const CAPEX_USD_PER_KM: Range = Range::new(0.0, 1e9, "USD/km");
    pub const USD_PER_MONTH: Range = Range::new(0.0, 1e9, "USD/month");
    pub const LATENCY_MS: Range = Range::new(0.0, 10_000.0, "ms");
    /// Route lengths: up to once around the Earth.
    pub const LENGTH_KM: Range = Range::new(0.0, 40_075.0, "km");
    /// Rates: up to 10 Pb/s.
    pub const RATE_GBPS: Range = Range::new(0.0, 1e7, "Gb/s");
    pub const FAULTS_PER_1000KM_YEAR: Range = Range::new(0.0, 1000.0, "cuts per 1000 km per year");
}

/// Each name once per table (case-insensitive); a duplicate names both places (`file:line` each).
fn unique_name<'n>(
    ctx: &Ctx,
    seen: &mut Vec<(&'n str, usize)>,
    name: &'n S<String>,
    key: &str,
) -> Result<(), ScenarioError> {
    let n = name.get_ref().trim();
    if n.is_empty() {
        return Err(ctx.err(name.span(), key, "empty name", "a non-empty name"));
    }
    if let Some((_, first)) = seen.iter().find(|(s, _)| s.eq_ignore_ascii_case(n)) {
        let (line, _) = line_column(ctx.text, *first);
        return Err(ctx.err(
            name.span(),
            key,
            format!("duplicate name {n:?} (first at {}:{line})", ctx.file),
            "names unique within their table",
        ));
    }
    seen.push((n, name.span().start));
    Ok(())
}

fn find_site(ctx: &Ctx, sites: &[Site], name: &S<String>, key: &str) -> Result<usize, ScenarioError> {
    sites.iter().position(|s| s.name.eq_ignore_ascii_case(name.get_ref().trim())).ok_or_else(|| {
        let known = sites.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ");
        ctx.err(
            name.span(),
            key,
            format!("unknown site {:?}", name.get_ref()),
            &format!("one of the [[site]] names: {known}"),
        )
    })
}

impl Scenario {
    /// Reads and validates a scenario file. Relative `tle` and `stations` paths are resolved against the
    /// scenario file's folder.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let text = crate::input::read_to_string_capped(path, crate::input::MAX_CONFIG_BYTES)
            .map_err(|source| ScenarioError::Io { file: file.clone(), source })?;
        Self::parse(&text, &file, path.parent().unwrap_or(Path::new(".")))
    }

    /// Parses and validates scenario text; `base` is the folder relative paths are resolved against.
    pub fn parse(text: &str, file: &str, base: &Path) -> Result<Scenario, ScenarioError> {
        let ctx = Ctx { file, text };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_column(text, s.start)).unwrap_or((1, 1));
            ScenarioError::Parse {
                file: file.to_string(),
                line,
                column,
                message: e.message().trim().replace('\n', " "),
            }
        })?;
        let h = &raw.scenario;
        let name = h.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(ctx.err(h.name.span(), "scenario.name", "empty name", "a non-empty name"));
        }
        let epoch = parse_instant(h.epoch.get_ref()).map_err(|e| {
            ctx.err(h.epoch.span(), "scenario.epoch", e.to_string(), "a UTC instant such as 2026-09-07T00:00:00Z")
        })?;
        let amortisation_years =
            ctx.range(&h.amortisation_years, "scenario.amortisation_years", 1.0, 100.0, "1 to 100 years")?;

        let resolve = |p: &str| -> PathBuf {
            let p = Path::new(p);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let stations = match &h.stations {
            Some(s) => StationCatalog::load(&resolve(s.get_ref()))
                .map_err(|e| ctx.err(s.span(), "scenario.stations", e.to_string(), "a readable station catalog"))?,
            None => StationCatalog::bundled(),
        };
        let (catalog, tle_file) = match &h.tle {
            Some(t) => (
                Catalog::load(&resolve(t.get_ref()), ParseOptions::default())
                    .map_err(|e| ctx.err(t.span(), "scenario.tle", e.to_string(), "a readable TLE/OMM catalog"))?,
                t.get_ref().clone(),
            ),
            None => (
                Catalog::parse_str(crate::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default())
                    .map_err(|e| ScenarioError::Catalog { file: "tle/ots.tle".into(), message: e.to_string() })?,
                "tle/ots.tle".to_string(),
            ),
        };

        let fiber_routes = crate::fiber::RouteCatalog::bundled();

        // Sites.
        let mut sites = Vec::new();
        let mut seen = Vec::new();
        for s in &raw.site {
            unique_name(&ctx, &mut seen, &s.name, "site.name")?;
            let name = s.name.get_ref().trim().to_string();
            let location = match (&s.latitude_deg, &s.longitude_deg) {
                (Some(lat), Some(lon)) => {
                    let alt = match &s.altitude_m {
                        Some(a) => ctx.range(a, "site.altitude_m", -500.0, 9000.0, "-500 to 9000 m")?,
                        None => 0.0,
                    };
                    Geodetic {
                        latitude_deg: ctx.range(lat, "site.latitude_deg", -90.0, 90.0, "-90 to 90 degrees")?,
                        longitude_deg: ctx.range(lon, "site.longitude_deg", -180.0, 180.0, "-180 to 180 degrees")?,
                        altitude_km: alt / 1000.0,
                    }
                }
                (None, None) => {
                    if let Some(a) = &s.altitude_m {
                        return Err(ctx.err(
                            a.span(),
                            "site.altitude_m",
                            "given without coordinates",
                            "latitude_deg and longitude_deg with it, or none of the three",
                        ));
                    }
                    let station = stations.resolve(&name).map_err(|e| {
                        ctx.err(
                            s.name.span(),
                            "site.name",
                            e.to_string(),
                            "a station of the catalog, or latitude_deg and longitude_deg",
                        )
                    })?;
                    station.ground.location
                }
                (Some(v), None) | (None, Some(v)) => {
                    return Err(ctx.err(v.span(), "site", "only one of latitude_deg/longitude_deg", "both or neither"))
                }
            };
            sites.push(Site { ground: GroundStation::new(name.clone(), location), name });
        }
        if sites.is_empty() {
            return Err(ctx.err(h.name.span(), "site", "no [[site]] entries", "at least one site"));
        }

        // Routes.
        let mut routes = Vec::new();
        let mut seen = Vec::new();
        for r in &raw.route {
            unique_name(&ctx, &mut seen, &r.name, "route.name")?;
            let kind = match r.kind.get_ref().as_str() {
                "submarine" => RouteKind::Submarine,
                "terrestrial" => RouteKind::Terrestrial,
                other => {
                    return Err(ctx.err(
                        r.kind.span(),
                        "route.kind",
                        format!("unknown kind {other:?}"),
                        "\"submarine\" or \"terrestrial\"",
                    ))
                }
            };
            let ends_raw = r.sites.get_ref();
            if ends_raw.len() != 2 {
                return Err(ctx.err(
                    r.sites.span(),
                    "route.sites",
                    format!("{} sites", ends_raw.len()),
                    "exactly two site names",
                ));
            }
            let a = find_site(&ctx, &sites, &ends_raw[0], "route.sites")?;
            let b = find_site(&ctx, &sites, &ends_raw[1], "route.sites")?;
            if a == b {
                return Err(ctx.err(
                    r.sites.span(),
                    "route.sites",
                    "both ends are the same site",
                    "two different sites",
                ));
            }
            let route_name = r.name.get_ref().trim().to_string();
            let terrestrial_only: [(&str, Option<std::ops::Range<usize>>); 5] = [
                ("route.route_factor", r.route_factor.as_ref().map(|v| v.span())),
                ("route.capacity_gbps", r.capacity_gbps.as_ref().map(|v| v.span())),
                ("route.fault_rate_per_1000km_year", r.fault_rate_per_1000km_year.as_ref().map(|v| v.span())),
                ("route.repair_days", r.repair_days.as_ref().map(|v| v.span())),
                ("route.capex_usd_per_km", r.capex_usd_per_km.as_ref().map(|v| v.span())),
            ];
            let route = match kind {
                RouteKind::Submarine => {
                    if let Some((key, Some(span))) = terrestrial_only.iter().find(|(_, sp)| sp.is_some()).cloned() {
                        return Err(ctx.err(
                            span,
                            key,
                            "given on a submarine route (contradictory)",
                            "submarine capacity, faults, repair and cost from the cable option's `design` (fiber model)",
                        ));
                    }
                    let fiber = match ctx.exactly_one(
                        (&r.fiber_route, "route.fiber_route"),
                        (&r.length_km, "route.length_km"),
                        (
                            r.name.span(),
                            "route.fiber_route",
                            "missing on a submarine route",
                            "fiber_route = NAME (configs/fiber/routes.toml) or length_km",
                        ),
                    )? {
                        OneOf::First(f) => fiber_routes
                            .route(f.get_ref().trim())
                            .map_err(|e| {
                                ctx.err(
                                    f.span(),
                                    "route.fiber_route",
                                    e.to_string(),
                                    "a route of configs/fiber/routes.toml",
                                )
                            })?
                            .clone(),
                        OneOf::Second(l) => {
                            let km = ctx.positive_within(l, "route.length_km", ranges::LENGTH_KM)?;
                            crate::fiber::Route::from_length(&route_name, km).map_err(|e| {
                                ctx.err(l.span(), "route.length_km", e.to_string(), "a valid cable length")
                            })?
                        }
                    };
                    let length_km = fiber.cable_length_km;
                    let length_basis = match &r.fiber_route {
                        Some(f) => format!(
                            "fiber route {:?}: geodesic {:.1} km × slack (fiber::RouteCatalog)",
                            f.get_ref(),
                            fiber.geodesic_length_km
                        ),
                        None => "length given in scenario".to_string(),
                    };
                    Route {
                        name: route_name,
                        kind,
                        ends: [a, b],
                        length_km,
                        length_basis,
                        fiber: Some(fiber),
                        capacity_gbps: None,
                        fault_rate_per_1000km_year: 0.0,
                        repair_days: 0.0,
                        capex_usd_per_km: 0.0,
                    }
                }
                RouteKind::Terrestrial => {
                    if let Some(f) = &r.fiber_route {
                        return Err(ctx.err(
                            f.span(),
                            "route.fiber_route",
                            "given on a terrestrial route",
                            "fiber_route only on submarine routes",
                        ));
                    }
                    let (length_km, length_basis) = match (&r.length_km, &r.route_factor) {
                        (Some(l), None) => (
                            ctx.positive_within(l, "route.length_km", ranges::LENGTH_KM)?,
                            "length given in scenario".to_string(),
                        ),
                        (None, factor) => {
                            let f = match factor {
                                Some(f) => ctx.range(
                                    f,
                                    "route.route_factor",
                                    1.0,
                                    3.0,
                                    "1 to 3 (route length / great circle)",
                                )?,
                                None => 1.0,
                            };
                            let gc = central_angle_rad(&sites[a].ground.location, &sites[b].ground.location)
                                * EARTH_MEAN_RADIUS_KM;
                            (gc * f, format!("great circle {gc:.1} km × route factor {f}"))
                        }
                        (Some(_), Some(f)) => {
                            return Err(ctx.err(
                                f.span(),
                                "route.route_factor",
                                "given together with length_km",
                                "one of length_km or route_factor",
                            ))
                        }
                    };
                    let need = |v: &Option<S<f64>>, key: &str, what: &str| {
                        v.as_ref()
                            .ok_or_else(|| ctx.err(r.name.span(), key, "missing on a terrestrial route", what))
                            .cloned()
                    };
                    Route {
                        name: route_name,
                        kind,
                        ends: [a, b],
                        length_km,
                        length_basis,
                        fiber: None,
                        capacity_gbps: Some(ctx.positive_within(
                            &need(&r.capacity_gbps, "route.capacity_gbps", "the lit/leased capacity in Gb/s")?,
                            "route.capacity_gbps",
                            ranges::RATE_GBPS,
                        )?),
                        fault_rate_per_1000km_year: ctx.within(
                            &need(
                                &r.fault_rate_per_1000km_year,
                                "route.fault_rate_per_1000km_year",
                                "cuts per 1000 km per year",
                            )?,
                            "route.fault_rate_per_1000km_year",
                            ranges::FAULTS_PER_1000KM_YEAR,
                        )?,
                        repair_days: ctx.range(
                            &need(&r.repair_days, "route.repair_days", "restoration time in days")?,
                            "route.repair_days",
                            0.0,
                            365.0,
                            "0 to 365 days",
                        )?,
                        capex_usd_per_km: ctx.within(
                            &need(
                                &r.capex_usd_per_km,
                                "route.capex_usd_per_km",
                                "build cost in USD per km (0 for an existing route)",
                            )?,
                            "route.capex_usd_per_km",
                            ranges::CAPEX_USD_PER_KM,
                        )?,
                    }
                }
            };
            routes.push(route);
        }

        // Demands.
        let mut demands = Vec::new();
        let mut seen = Vec::new();
        for d in &raw.demand {
            unique_name(&ctx, &mut seen, &d.name, "demand.name")?;
            let from = find_site(&ctx, &sites, &d.from, "demand.from")?;
            let to = match ctx.exactly_one(
                (&d.to, "demand.to"),
                (&d.area, "demand.area"),
                (d.name.span(), "demand.to", "missing", "`to` (a site) or `area = { site, radius_km }`"),
            )? {
                OneOf::First(t) => Target::Site(find_site(&ctx, &sites, t, "demand.to")?),
                OneOf::Second(area) => {
                    let a = area.get_ref();
                    Target::Area {
                        site: find_site(&ctx, &sites, &a.site, "demand.area.site")?,
                        radius_km: ctx.range(&a.radius_km, "demand.area.radius_km", 0.0, 2000.0, "0 to 2000 km")?,
                    }
                }
            };
            if to.site() == from {
                return Err(ctx.err(
                    d.from.span(),
                    "demand.from",
                    "same site as the destination",
                    "two different sites",
                ));
            }
            let v = *d.rate_gbps.get_ref();
            if !(v > 0.0) || !v.is_finite() {
                let problem = if v < 0.0 {
                    format!("negative demand {}", fmt_value(v))
                } else {
                    format!("{} is not a positive rate", fmt_value(v))
                };
                return Err(ctx.err(d.rate_gbps.span(), "demand.rate_gbps", problem, "a finite rate > 0 Gb/s"));
            }
            ctx.within(&d.rate_gbps, "demand.rate_gbps", ranges::RATE_GBPS)?;
            demands.push(Demand { name: d.name.get_ref().trim().to_string(), from, to, rate_gbps: v });
        }
        if demands.is_empty() {
            return Err(ctx.err(h.name.span(), "demand", "no [[demand]] entries", "at least one demand"));
        }

        // Options (two passes: hybrids refer to other options by name).
        let mut seen = Vec::new();
        for o in &raw.option {
            unique_name(&ctx, &mut seen, &o.name, "option.name")?;
        }
        if raw.option.is_empty() {
            return Err(ctx.err(h.name.span(), "option", "no [[option]] entries", "at least one option"));
        }
        let mut options = Vec::new();
        for o in &raw.option {
            options.push(parse_option(&ctx, o, &raw.option, &sites, &routes, &catalog, &resolve)?);
        }
        // Walker options generate TLEs stamped with the scenario epoch: it must fit the TLE's two-digit year.
        for (o, raw_o) in options.iter().zip(&raw.option) {
            if let OptionModel::Leo(l) = &o.model {
                if let (Constellation::Walker(_), Some(w)) = (&l.constellation, &raw_o.walker) {
                    let (y_lo, y_hi) = crate::orbit::walker::TLE_EPOCH_YEARS;
                    let year = chrono::Datelike::year(&epoch);
                    if !(y_lo..=y_hi).contains(&year) {
                        let (line, _) = line_column(text, h.epoch.span().start);
                        return Err(ctx.err(
                            w.span(),
                            "option.walker",
                            format!(
                                "the generated TLEs take scenario.epoch (year {year}, {file}:{line}), outside the \
                                 TLE epoch field's years"
                            ),
                            &format!("a scenario.epoch in {y_lo} to {y_hi} for a walker option"),
                        ));
                    }
                }
            }
        }
        // Every demand must have a path over each cable option's routes.
        for (o, raw_o) in options.iter().zip(&raw.option) {
            if let OptionModel::Cable(c) = &o.model {
                let component = connected_components(sites.len(), c.routes.iter().map(|&r| routes[r].ends));
                for (d, raw_d) in demands.iter().zip(&raw.demand) {
                    if component[d.from] != component[d.to.site()] {
                        let span = raw_o.routes.as_ref().map(|r| r.span()).unwrap_or(raw_o.name.span());
                        return Err(ctx.err(
                            span,
                            "option.routes",
                            format!(
                                "demand {:?} ({}, line {}) has no path from {} to {} over these routes",
                                d.name,
                                "[[demand]]",
                                line_column(text, raw_d.name.span().start).0,
                                sites[d.from].name,
                                sites[d.to.site()].name
                            ),
                            "routes connecting every demand's sites",
                        ));
                    }
                }
            }
        }

        Ok(Scenario {
            file: file.to_string(),
            name,
            description: h.description.clone().unwrap_or_default().trim().to_string(),
            epoch,
            amortisation_years,
            tle_file,
            sites,
            routes,
            demands,
            options,
        })
    }

    /// Index of a site by name (case-insensitive).
    pub fn site_index(&self, name: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.name.eq_ignore_ascii_case(name))
    }
}

/// Component label of every site given undirected edges (union-find, labels are root indices).
fn connected_components(n: usize, edges: impl Iterator<Item = [usize; 2]>) -> Vec<usize> {
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for [a, b] in edges {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra] = rb;
    }
    (0..n).map(|i| root(&mut parent, i)).collect()
}

/// Keys allowed for each option kind (besides name, kind and the fixed costs).
const CABLE_KEYS: &[&str] =
    &["routes", "design", "group_index", "equipment_latency_ms", "opex_fraction_per_year", "protection_routes"];
const GEO_KEYS: &[&str] = &[
    "satellite",
    "transponders",
    "band",
    "dish_m",
    "rain_exceedance_percent",
    "min_elevation_deg",
    "processing_latency_ms",
    "terminal_capex_usd",
    "terminal_opex_usd_per_year",
    "lease_usd_per_mhz_month",
    "uplink_hpa_w",
];
const LEO_KEYS: &[&str] = &[
    "tle",
    "select",
    "walker",
    "min_elevation_deg",
    "rain_exceedance_percent",
    "terminals_per_site",
    "terminal_rate_gbps",
    "processing_latency_ms",
    "terminal_capex_usd",
    "service_usd_per_terminal_month",
    "analysis_hours",
    "step_s",
    "payload",
    "constellations",
];
const HYBRID_KEYS: &[&str] = &["primary", "backup"];

fn present_keys(o: &RawOption) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    macro_rules! key {
        ($($f:ident),*) => {$(if let Some(v) = &o.$f { out.push((stringify!($f), v.span())); })*};
    }
    key!(
        routes,
        design,
        group_index,
        equipment_latency_ms,
        opex_fraction_per_year,
        satellite,
        transponders,
        band,
        dish_m,
        rain_exceedance_percent,
        min_elevation_deg,
        processing_latency_ms,
        terminal_capex_usd,
        terminal_opex_usd_per_year,
        lease_usd_per_mhz_month,
        tle,
        select,
        walker,
        terminals_per_site,
        terminal_rate_gbps,
        service_usd_per_terminal_month,
        analysis_hours,
        step_s,
        primary,
        backup,
        protection_routes,
        uplink_hpa_w,
        payload,
        constellations
    );
    out
}

fn required<'r, T>(ctx: &Ctx, o: &RawOption, value: &'r Option<S<T>>, key: &str) -> Result<&'r S<T>, ScenarioError> {
    value.as_ref().ok_or_else(|| {
        ctx.err(
            o.name.span(),
            &format!("option.{key}"),
            format!("missing for kind {:?}", o.kind.get_ref()),
            "the key in this [[option]] table",
        )
    })
}

/// The required `rain_exceedance_percent` of a satellite option, within ITU-R P.618's 0.001–5 %.
fn rain_exceedance_percent(ctx: &Ctx, o: &RawOption) -> Result<f64, ScenarioError> {
    ctx.range(
        required(ctx, o, &o.rain_exceedance_percent, "rain_exceedance_percent")?,
        "option.rain_exceedance_percent",
        0.001,
        5.0,
        "0.001 to 5 % (ITU-R P.618 validity)",
    )
}

fn parse_option(
    ctx: &Ctx,
    o: &RawOption,
    all: &[RawOption],
    sites: &[Site],
    routes: &[Route],
    catalog: &Catalog,
    resolve: &dyn Fn(&str) -> PathBuf,
) -> Result<OptionSpec, ScenarioError> {
    let kind = o.kind.get_ref().as_str();
    let allowed = match kind {
        "cable" => CABLE_KEYS,
        "geo" => GEO_KEYS,
        "leo" => LEO_KEYS,
        "hybrid" => HYBRID_KEYS,
        other => {
            return Err(ctx.err(
                o.kind.span(),
                "option.kind",
                format!("unknown kind {other:?}"),
                "\"cable\", \"geo\", \"leo\" or \"hybrid\"",
            ))
        }
    };
    for (key, span) in present_keys(o) {
        if !allowed.contains(&key) {
            return Err(ctx.err(
                span,
                &format!("option.{key}"),
                format!("does not apply to kind {kind:?} (contradictory option)"),
                &format!("only these keys for {kind}: {}", allowed.join(", ")),
            ));
        }
    }
    let fixed = FixedCosts {
        capex_usd: o
            .fixed_capex_usd
            .as_ref()
            .map(|v| ctx.within(v, "option.fixed_capex_usd", ranges::CAPEX_USD))
            .transpose()?
            .unwrap_or(0.0),
        opex_usd_per_year: o
            .fixed_opex_usd_per_year
            .as_ref()
            .map(|v| ctx.within(v, "option.fixed_opex_usd_per_year", ranges::OPEX_USD_PER_YEAR))
            .transpose()?
            .unwrap_or(0.0),
    };
    // Optional non-negative values, each with its range (the key's unit decides it).
    let opt_f = |v: &Option<S<f64>>, key: &str, default: f64| -> Result<f64, ScenarioError> {
        let range = match key {
            "option.equipment_latency_ms" | "option.processing_latency_ms" => ranges::LATENCY_MS,
            "option.terminal_opex_usd_per_year" => ranges::OPEX_USD_PER_YEAR,
            "option.lease_usd_per_mhz_month" | "option.service_usd_per_terminal_month" => ranges::USD_PER_MONTH,
            _ => ranges::CAPEX_USD,
        };
        v.as_ref().map(|v| ctx.within(v, key, range)).transpose().map(|x| x.unwrap_or(default))
    };
    let model = match kind {
        "cable" => {
            let names = required(ctx, o, &o.routes, "routes")?;
            let mut idx = Vec::new();
            for n in names.get_ref() {
                let i =
                    routes.iter().position(|r| r.name.eq_ignore_ascii_case(n.get_ref().trim())).ok_or_else(|| {
                        let known = routes.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ");
                        ctx.err(
                            n.span(),
                            "option.routes",
                            format!("unknown route {:?}", n.get_ref()),
                            &format!("one of the [[route]] names: {known}"),
                        )
                    })?;
                if idx.contains(&i) {
                    return Err(ctx.err(
                        n.span(),
                        "option.routes",
                        format!("route {:?} listed twice", n.get_ref()),
                        "each route once",
                    ));
                }
                idx.push(i);
            }
            if idx.is_empty() {
                return Err(ctx.err(names.span(), "option.routes", "empty list", "at least one route"));
            }
            if !idx.iter().any(|&i| routes[i].kind == RouteKind::Submarine) {
                return Err(ctx.err(
                    names.span(),
                    "option.routes",
                    "no submarine route",
                    "at least one submarine route in a cable option",
                ));
            }
            let protection = match &o.protection_routes {
                Some(p) => super::cable::protection_indices(ctx, p, routes, &idx)?,
                None => Vec::new(),
            };
            let design_value = required(ctx, o, &o.design, "design")?;
            let design: crate::fiber::SystemDesign =
                design_value.get_ref().clone().try_into().map_err(|e: toml::de::Error| {
                    ctx.err(
                        design_value.span(),
                        "option.design",
                        e.message().trim().replace('\n', " "),
                        "fiber::SystemDesign fields (as in `satfiber fiber --config`)",
                    )
                })?;
            let equipment = crate::fiber::Equipment::bundled();
            let mut submarine = Vec::new();
            for &i in idx.iter().chain(&protection) {
                if let Some(fr) = &routes[i].fiber {
                    let report = crate::fiber::evaluate(fr, &design, &equipment).map_err(|e| {
                        ctx.err(
                            design_value.span(),
                            "option.design",
                            format!("route {}: {e}", routes[i].name),
                            "a design the fiber model can evaluate",
                        )
                    })?;
                    submarine.push((i, report));
                }
            }
            OptionModel::Cable(Box::new(CableSpec {
                routes: idx,
                design,
                submarine,
                group_index: match &o.group_index {
                    Some(g) => ctx.range(g, "option.group_index", 1.3, 1.6, "1.3 to 1.6")?,
                    None => 1.468,
                },
                equipment_latency_ms: opt_f(&o.equipment_latency_ms, "option.equipment_latency_ms", 0.0)?,
                opex_fraction_per_year: match &o.opex_fraction_per_year {
                    Some(f) => ctx.range(f, "option.opex_fraction_per_year", 0.0, 1.0, "0 to 1")?,
                    None => 0.0,
                },
                protection,
            }))
        }
        "geo" => {
            let sat_name = required(ctx, o, &o.satellite, "satellite")?;
            let fleet = crate::link::SatelliteCatalog::bundled();
            let link_satellite = fleet
                .resolve(sat_name.get_ref().trim())
                .map_err(|e| {
                    ctx.err(
                        sat_name.span(),
                        "option.satellite",
                        e.to_string(),
                        "a satellite of configs/satellites.toml",
                    )
                })?
                .clone();
            let band_value = required(ctx, o, &o.band, "band")?;
            let band: crate::link::Band = band_value.get_ref().parse().map_err(|e: crate::link::LinkError| {
                ctx.err(band_value.span(), "option.band", e.to_string(), "c, ku or ka")
            })?;
            let payload = link_satellite.payload(band).map_err(|e| {
                ctx.err(band_value.span(), "option.band", e.to_string(), "a band this satellite carries")
            })?;
            let transponders_value = required(ctx, o, &o.transponders, "transponders")?;
            let transponders = ctx.count(transponders_value, "option.transponders", i64::from(payload.transponders))?;
            let set = catalog.sets.iter().find(|s| s.name.eq_ignore_ascii_case(&link_satellite.tle_name)).ok_or_else(
                || {
                    ctx.err(
                        sat_name.span(),
                        "option.satellite",
                        format!("no element set named {:?} in the TLE catalog", link_satellite.tle_name),
                        "a catalog (scenario.tle) holding the satellite's tle_name",
                    )
                },
            )?;
            OptionModel::Geo(Box::new(GeoSpec {
                satellite: set.clone(),
                link_satellite,
                band,
                transponders,
                dish_m: ctx.range_or(&o.dish_m, "option.dish_m", 0.3, 20.0, "0.3 to 20 m", 1.2)?,
                rain_exceedance_percent: rain_exceedance_percent(ctx, o)?,
                min_elevation_deg: ctx.range_or(
                    &o.min_elevation_deg,
                    "option.min_elevation_deg",
                    0.0,
                    90.0,
                    "0 to 90 degrees",
                    5.0,
                )?,
                processing_latency_ms: opt_f(&o.processing_latency_ms, "option.processing_latency_ms", 0.0)?,
                terminal_capex_usd: opt_f(&o.terminal_capex_usd, "option.terminal_capex_usd", 0.0)?,
                terminal_opex_usd_per_year: opt_f(
                    &o.terminal_opex_usd_per_year,
                    "option.terminal_opex_usd_per_year",
                    0.0,
                )?,
                lease_usd_per_mhz_month: opt_f(&o.lease_usd_per_mhz_month, "option.lease_usd_per_mhz_month", 0.0)?,
                uplink_hpa_w: ctx.range_or(
                    &o.uplink_hpa_w,
                    "option.uplink_hpa_w",
                    0.1,
                    3000.0,
                    "0.1 to 3000 W per carrier",
                    super::geo::DEFAULT_UPLINK_HPA_W,
                )?,
            }))
        }
        "leo" => {
            let constellation = match ctx.exactly_one(
                (&o.tle, "option.tle"),
                (&o.walker, "option.walker"),
                (
                    o.name.span(),
                    "option.walker",
                    "no constellation",
                    "tle = FILE (with optional select) or walker = { ... }",
                ),
            )? {
                OneOf::First(t) => {
                    let cat = Catalog::load(&resolve(t.get_ref()), ParseOptions::default())
                        .map_err(|e| ctx.err(t.span(), "option.tle", e.to_string(), "a readable TLE/OMM catalog"))?;
                    let sets: Vec<ElementSet> = match &o.select {
                        Some(sel) => {
                            let idx = crate::orbit::select::select_indices(&cat.sets, sel.get_ref());
                            if idx.is_empty() {
                                return Err(ctx.err(
                                    sel.span(),
                                    "option.select",
                                    format!("{:?} matches no satellite", sel.get_ref()),
                                    "a NORAD id, name or pattern with * and ?",
                                ));
                            }
                            idx.into_iter().map(|i| cat.sets[i].clone()).collect()
                        }
                        None => cat.sets,
                    };
                    Constellation::Catalog { file: t.get_ref().clone(), sets }
                }
                OneOf::Second(w) => {
                    if let Some(sel) = &o.select {
                        return Err(ctx.err(sel.span(), "option.select", "given with walker", "select only with tle"));
                    }
                    let r = w.get_ref();
                    let planes = ctx.count(&r.planes, "option.walker.planes", 1000)?;
                    let per = ctx.count(&r.satellites_per_plane, "option.walker.satellites_per_plane", 1000)?;
                    let f = *r.phasing.get_ref();
                    if !(0..i64::from(planes)).contains(&f) {
                        return Err(ctx.err(
                            r.phasing.span(),
                            "option.walker.phasing",
                            format!("{f} is out of range"),
                            &format!("an integer 0 to planes - 1 = {}", planes - 1),
                        ));
                    }
                    let spec = WalkerSpec {
                        planes,
                        satellites_per_plane: per,
                        phasing: f as u32,
                        inclination_deg: ctx.range(
                            &r.inclination_deg,
                            "option.walker.inclination_deg",
                            0.0,
                            180.0,
                            "0 to 180 degrees",
                        )?,
                        altitude_km: ctx.range(
                            &r.altitude_km,
                            "option.walker.altitude_km",
                            300.0,
                            2000.0,
                            "300 to 2000 km (LEO)",
                        )?,
                    };
                    crate::scenario::compare::walker_delta(&spec).validate().map_err(|e| {
                        ctx.err(w.span(), "option.walker", e.to_string(), "a valid Walker-delta pattern")
                    })?;
                    Constellation::Walker(spec)
                }
            };
            let payload = match &o.payload {
                Some(name) => {
                    let catalog = match &o.constellations {
                        Some(f) => crate::link::leo::LeoCatalog::load(&resolve(f.get_ref())).map_err(|e| {
                            ctx.err(f.span(), "option.constellations", e.to_string(), "a valid constellation catalog")
                        })?,
                        None => crate::link::leo::LeoCatalog::bundled(),
                    };
                    Some(catalog.resolve(name.get_ref()).cloned().map_err(|e| {
                        ctx.err(name.span(), "option.payload", e.to_string(), "a payload of the constellation catalog")
                    })?)
                }
                None => {
                    if let Some(f) = &o.constellations {
                        return Err(ctx.err(
                            f.span(),
                            "option.constellations",
                            "given without payload",
                            "payload = NAME with it",
                        ));
                    }
                    None
                }
            };
            if let (Some(_), Some(r)) = (&payload, &o.terminal_rate_gbps) {
                return Err(ctx.err(
                    r.span(),
                    "option.terminal_rate_gbps",
                    "given with payload (contradictory: the link budget sets the terminal rate)",
                    "terminal_rate_gbps only without payload",
                ));
            }
            OptionModel::Leo(Box::new(LeoSpec {
                constellation,
                min_elevation_deg: ctx.range_or(
                    &o.min_elevation_deg,
                    "option.min_elevation_deg",
                    0.0,
                    90.0,
                    "0 to 90 degrees",
                    25.0,
                )?,
                rain_exceedance_percent: rain_exceedance_percent(ctx, o)?,
                terminals_per_site: match (&payload, &o.terminals_per_site) {
                    (_, Some(t)) => Some(ctx.count(t, "option.terminals_per_site", 10000)?),
                    (Some(_), None) => None,
                    (None, None) => Some(ctx.count(
                        required(ctx, o, &o.terminals_per_site, "terminals_per_site")?,
                        "option.terminals_per_site",
                        10000,
                    )?),
                },
                terminal_rate_gbps: match &payload {
                    Some(_) => 0.0,
                    None => ctx.positive_within(
                        required(ctx, o, &o.terminal_rate_gbps, "terminal_rate_gbps")?,
                        "option.terminal_rate_gbps",
                        ranges::RATE_GBPS,
                    )?,
                },
                payload,
                processing_latency_ms: opt_f(&o.processing_latency_ms, "option.processing_latency_ms", 0.0)?,
                terminal_capex_usd: opt_f(&o.terminal_capex_usd, "option.terminal_capex_usd", 0.0)?,
                service_usd_per_terminal_month: opt_f(
                    &o.service_usd_per_terminal_month,
                    "option.service_usd_per_terminal_month",
                    0.0,
                )?,
                analysis_hours: ctx.range_or(
                    &o.analysis_hours,
                    "option.analysis_hours",
                    0.1,
                    240.0,
                    "0.1 to 240 hours",
                    24.0,
                )?,
                step_s: ctx.range_or(&o.step_s, "option.step_s", 1.0, 600.0, "1 to 600 s", 60.0)?,
            }))
        }
        _ => {
            let find = |v: &S<String>, key: &str| -> Result<usize, ScenarioError> {
                let i = all
                    .iter()
                    .position(|x| x.name.get_ref().trim().eq_ignore_ascii_case(v.get_ref().trim()))
                    .ok_or_else(|| {
                        ctx.err(
                            v.span(),
                            key,
                            format!("unknown option {:?}", v.get_ref()),
                            "the name of another [[option]]",
                        )
                    })?;
                Ok(i)
            };
            let p = required(ctx, o, &o.primary, "primary")?;
            let b = required(ctx, o, &o.backup, "backup")?;
            let (pi, bi) = (find(p, "option.primary")?, find(b, "option.backup")?);
            if all[pi].kind.get_ref() != "cable" {
                return Err(ctx.err(
                    p.span(),
                    "option.primary",
                    format!("{:?} is of kind {:?}", p.get_ref(), all[pi].kind.get_ref()),
                    "a cable option (hybrid = cable primary, satellite backup)",
                ));
            }
            let bk = all[bi].kind.get_ref();
            if bk != "geo" && bk != "leo" {
                return Err(ctx.err(
                    b.span(),
                    "option.backup",
                    format!("{:?} is of kind {bk:?}", b.get_ref()),
                    "a geo or leo option",
                ));
            }
            OptionModel::Hybrid { primary: pi, backup: bi }
        }
    };
    let _ = sites;
    Ok(OptionSpec { name: o.name.get_ref().trim().to_string(), model, fixed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let text = "a\nbc\nd";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 2));
        assert_eq!(line_column(text, 5), (3, 1));
        assert_eq!(line_column(text, 99), (3, 2));
    }

    #[test]
    fn default_scenario_parses_with_its_sites_routes_and_options() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
        let s = Scenario::parse(DEFAULT_SCENARIO_TOML, "configs/caspian.toml", &base).unwrap();
        assert_eq!(s.sites.len(), 7); // + Buzovna, Kuryk (reserve crossing)
        assert_eq!(s.routes.len(), 7);
        assert_eq!(s.demands.len(), 3);
        let kinds: Vec<&str> = s.options.iter().map(|o| o.model.kind()).collect();
        assert_eq!(kinds, ["cable", "geo", "geo", "leo", "hybrid"]);
        assert!(s.routes.iter().any(|r| r.kind == RouteKind::Submarine && r.fiber.is_some()));
    }

    #[test]
    fn unknown_top_level_key_names_its_line() {
        let text = DEFAULT_SCENARIO_TOML.replacen("[scenario]\n", "[scenario]\ncolour = 1\n", 1);
        let line = text.lines().position(|l| l.starts_with("colour")).unwrap() + 1;
        let e = Scenario::parse(&text, "x.toml", Path::new("configs")).unwrap_err().to_string();
        assert!(e.starts_with(&format!("x.toml:{line}:")) && e.contains("colour"), "{e}");
    }

    /// Parses the default scenario with `from` replaced by `to` (once) and returns the error text.
    fn error_with(from: &str, to: &str) -> String {
        assert!(DEFAULT_SCENARIO_TOML.contains(from), "{from:?} not in the default scenario");
        let text = DEFAULT_SCENARIO_TOML.replacen(from, to, 1);
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
        Scenario::parse(&text, "x.toml", &base).unwrap_err().to_string()
    }

    #[test]
    fn mutually_exclusive_keys_both_or_neither_are_errors() {
        let both = error_with("fiber_route = ", "length_km = 380.0\nfiber_route = ");
        assert!(both.contains("route.fiber_route") && both.contains("given together with length_km"), "{both}");
        let neither = error_with("fiber_route = ", "# fiber_route = ");
        assert!(neither.contains("route.fiber_route") && neither.contains("missing on a submarine route"), "{neither}");

        let both = error_with("to = \"Aktau\"", "to = \"Aktau\"\narea = { site = \"Aktau\", radius_km = 10.0 }");
        assert!(both.contains("demand.to") && both.contains("one of `to` or `area`"), "{both}");
        let neither = error_with("to = \"Aktau\"", "");
        assert!(neither.contains("demand.to") && neither.contains("missing"), "{neither}");

        let both = error_with("walker = {", "tle = \"x.tle\"\nwalker = {");
        assert!(both.contains("option.tle") && both.contains("given together with walker"), "{both}");
        let neither = error_with("walker = {", "# walker = {");
        assert!(neither.contains("option.walker") && neither.contains("no constellation"), "{neither}");
    }
}
