//! ITU-R P-series propagation through the crate `itu-rs` 1.2.1 (a port of ITU-Rpy): gaseous (P.676-13),
//! cloud (P.840-9), rain (P.618-14 with P.837-7, P.838-3, P.839-4), scintillation (P.618-14) and their
//! combination (P.618-14 §2.5), plus free-space loss and rain-induced sky noise.
//!
//! ## Map data
//! The models read ITU-R digital maps. `itu-rs` reads them from the folder named by the environment variable
//! `ITU_RS_DATA_DIR`, once per map file (lazily, then cached for the life of the process). satfiber picks the
//! folder once, before the first look-up ([`data_source`]):
//! 1. [`set_data_dir`] (the CLI flag `--itur-data DIR`), else
//! 2. `$SATFIBER_ITUR_DATA`, else `$ITU_RS_DATA_DIR` (a full ITU-Rpy `itur/data` folder: whole globe), else
//! 3. the crop committed in the repository, `data/itur-crop` (made by `scripts/make_itur_crop.py`), which covers
//!    sites at latitude 28–62°N, longitude 18–102°E. A site outside it is an error
//!    ([`LinkError::OutsideMapCrop`]) that says how to point at full maps.
//!
//! The folder cannot be changed after the first look-up (itu-rs caches the grids).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::LinkError;
use crate::frames::Geodetic;

/// Speed of light, m/s.
pub const SPEED_OF_LIGHT_M_S: f64 = 299_792_458.0;
/// Lowest frequency the propagation models are used for, GHz (P.618 rain: 1–55 GHz).
pub const MIN_FREQUENCY_GHZ: f64 = 1.0;
/// Highest frequency the propagation models are used for, GHz.
pub const MAX_FREQUENCY_GHZ: f64 = 55.0;
/// Smallest time percentage of an average year (P.618 rain: 0.001–5 %).
pub const MIN_PERCENT: f64 = 0.001;
/// Largest time percentage of an average year for the rain model.
pub const MAX_PERCENT: f64 = 5.0;
/// Mean radiating temperature of the absorbing medium used for sky noise, K (P.618-14 §3: T_mr ≈ 275 K).
pub const MEAN_RADIATING_TEMPERATURE_K: f64 = 275.0;

/// Latitude band (deg N) covered by the committed crop, with margin for the interpolation stencils.
pub const CROP_LAT_DEG: (f64, f64) = (28.0, 62.0);
/// Longitude band (deg E) covered by the committed crop.
pub const CROP_LON_DEG: (f64, f64) = (18.0, 102.0);

/// Where the ITU-R maps come from.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSource {
    /// Folder in the ITU-Rpy `itur/data` layout.
    pub dir: PathBuf,
    /// `true` for the committed regional crop, `false` for full (global) maps.
    pub is_crop: bool,
    /// How the folder was chosen (flag, environment variable or built-in crop).
    pub origin: String,
}

static OVERRIDE: Mutex<Option<PathBuf>> = Mutex::new(None);
static SOURCE: OnceLock<Result<DataSource, String>> = OnceLock::new();

/// The committed crop folder (`<crate>/data/itur-crop`).
pub fn bundled_crop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/itur-crop")
}

/// Use full ITU-R maps from `dir` (ITU-Rpy `itur/data` layout). Must be called before the first propagation
/// call; returns an error if a different folder is already in use.
pub fn set_data_dir(dir: &Path) -> Result<(), LinkError> {
    if let Some(current) = SOURCE.get() {
        return match current {
            Ok(src) if src.dir == dir => Ok(()),
            Ok(src) => Err(LinkError::ItuData(format!(
                "ITU-R maps already loaded from {}; cannot switch to {} in the same process",
                src.dir.display(),
                dir.display()
            ))),
            Err(e) => Err(LinkError::ItuData(e.clone())),
        };
    }
    *OVERRIDE.lock().unwrap_or_else(|e| e.into_inner()) = Some(dir.to_path_buf());
    Ok(())
}

fn choose_source() -> Result<DataSource, String> {
    let flag = OVERRIDE.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let (dir, is_crop, origin) = if let Some(dir) = flag {
        (dir, false, "--itur-data".to_string())
    } else if let Some(dir) = std::env::var_os("SATFIBER_ITUR_DATA") {
        (PathBuf::from(dir), false, "$SATFIBER_ITUR_DATA".to_string())
    } else if let Some(dir) = std::env::var_os("ITU_RS_DATA_DIR") {
        (PathBuf::from(dir), false, "$ITU_RS_DATA_DIR".to_string())
    } else {
        (bundled_crop_dir(), true, "built-in crop data/itur-crop".to_string())
    };
    let probe = dir.join("837/v7_r001.npz");
    if !probe.is_file() {
        return Err(format!(
            "ITU-R maps not found: {} (from {origin}) has no 837/v7_r001.npz; expected a folder in the ITU-Rpy \
             itur/data layout (set SATFIBER_ITUR_DATA or pass --itur-data DIR)",
            dir.display()
        ));
    }
    // itu-rs reads ITU_RS_DATA_DIR each time it opens a map file; it is set here once, before any map is read.
    std::env::set_var("ITU_RS_DATA_DIR", &dir);
    Ok(DataSource { dir, is_crop, origin })
}

/// The map folder in use (chosen on first call, then fixed).
pub fn data_source() -> Result<&'static DataSource, LinkError> {
    SOURCE.get_or_init(choose_source).as_ref().map_err(|e| LinkError::ItuData(e.clone()))
}

/// Checks that the maps in use cover `site`.
pub fn check_site(site: &Geodetic) -> Result<(), LinkError> {
    let src = data_source()?;
    let (lat, lon) = (site.latitude_deg, site.longitude_deg);
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(LinkError::InvalidInput(format!("latitude {lat}° is not in [-90, 90]")));
    }
    if !(lon.is_finite() && (-180.0..=360.0).contains(&lon)) {
        return Err(LinkError::InvalidInput(format!("longitude {lon}° is not in [-180, 360]")));
    }
    if src.is_crop {
        let inside =
            (CROP_LAT_DEG.0..=CROP_LAT_DEG.1).contains(&lat) && (CROP_LON_DEG.0..=CROP_LON_DEG.1).contains(&lon);
        if !inside {
            return Err(LinkError::OutsideMapCrop { latitude_deg: lat, longitude_deg: lon });
        }
    }
    Ok(())
}

/// Validates a frequency against the models' range (1–55 GHz).
pub fn check_frequency(frequency_ghz: f64) -> Result<(), LinkError> {
    if !(MIN_FREQUENCY_GHZ..=MAX_FREQUENCY_GHZ).contains(&frequency_ghz) {
        return Err(LinkError::FrequencyOutOfRange { frequency_ghz });
    }
    Ok(())
}

/// Validates a time percentage against the rain model's range (0.001–5 % of an average year).
pub fn check_percent(p_percent: f64) -> Result<(), LinkError> {
    if !(MIN_PERCENT..=MAX_PERCENT).contains(&p_percent) {
        return Err(LinkError::PercentOutOfRange { p_percent });
    }
    Ok(())
}

/// Validates an elevation angle: the satellite must be above the horizon.
pub fn check_elevation(elevation_deg: f64) -> Result<(), LinkError> {
    if !(elevation_deg > 0.0 && elevation_deg <= 90.0) {
        return Err(LinkError::BelowHorizon { what: "the slant path".into(), elevation_deg });
    }
    Ok(())
}

/// Inputs of the slant-path attenuation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlantPath {
    /// Earth-station site (WGS84); altitude is taken from the P.1511 topography map, as ITU-Rpy does.
    pub site: Geodetic,
    /// Carrier frequency, GHz (1–55).
    pub frequency_ghz: f64,
    /// Elevation angle, degrees (> 0).
    pub elevation_deg: f64,
    /// Earth-station antenna diameter, m (for scintillation aperture averaging).
    pub dish_m: f64,
    /// Antenna efficiency (0, 1] used by the scintillation model.
    pub efficiency: f64,
    /// Polarisation tilt angle relative to the horizontal, degrees (0 horizontal, 90 vertical, 45 circular).
    pub tau_deg: f64,
}

/// Attenuation exceeded for `p_percent` of an average year, dB, by mechanism (P.618-14 §2.5).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Attenuation {
    pub p_percent: f64,
    pub gas_db: f64,
    pub cloud_db: f64,
    pub rain_db: f64,
    pub scintillation_db: f64,
    /// A_gas + sqrt((A_rain + A_cloud)² + A_scint²).
    pub total_db: f64,
}

impl SlantPath {
    /// Checks site, frequency, elevation, dish and efficiency.
    pub fn validate(&self) -> Result<(), LinkError> {
        check_frequency(self.frequency_ghz)?;
        check_elevation(self.elevation_deg)?;
        if !(self.dish_m > 0.0 && self.dish_m.is_finite()) {
            return Err(LinkError::InvalidInput(format!("dish diameter {} m must be > 0", self.dish_m)));
        }
        if !(self.efficiency > 0.0 && self.efficiency <= 1.0) {
            return Err(LinkError::InvalidInput(format!("antenna efficiency {} must be in (0, 1]", self.efficiency)));
        }
        if !(0.0..=90.0).contains(&self.tau_deg) {
            return Err(LinkError::InvalidInput(format!("polarisation tilt {}° must be in [0, 90]", self.tau_deg)));
        }
        check_site(&self.site)
    }

    /// Attenuation exceeded for `p_percent` % of an average year (P.618-14 §2.5 total and its parts).
    pub fn attenuation(&self, p_percent: f64) -> Result<Attenuation, LinkError> {
        self.validate()?;
        check_percent(p_percent)?;
        self.attenuation_unchecked(p_percent)
    }

    /// As [`SlantPath::attenuation`] for several percentages (validated once; the gas and cloud terms, taken at
    /// max(p, 5 %), are computed once for all p ≤ 5 %).
    pub fn attenuations(&self, percents: &[f64]) -> Result<Vec<Attenuation>, LinkError> {
        self.validate()?;
        for &p in percents {
            check_percent(p)?;
        }
        let hs = self.altitude_km(None)?;
        let gc = self.gas_cloud(MAX_PERCENT, hs)?;
        percents.iter().map(|&p| self.combine(p, gc, hs)).collect()
    }

    fn attenuation_unchecked(&self, p_percent: f64) -> Result<Attenuation, LinkError> {
        self.attenuation_with_altitude(p_percent, None)
    }

    /// P.618-14 §2.5: A_T(p) = A_G(p) + sqrt((A_R(p) + A_C(p))² + A_S(p)²) with A_G and A_C taken at 5 % for
    /// p < 5 % (P.618-14; ITU-Rpy and itu-rs's combined call use 1 %, the P.618-13 rule). `hs_km` = station
    /// altitude above sea level, km (`None`: P.1511 topography, as ITU-Rpy). No range checks on the site (the
    /// caller validates); elevations of exactly 90° are evaluated at 90 − 1e-9° (itu-rs needs el < 90).
    pub fn attenuation_with_altitude(&self, p_percent: f64, hs_km: Option<f64>) -> Result<Attenuation, LinkError> {
        let hs = self.altitude_km(hs_km)?;
        let gc = self.gas_cloud(p_percent.max(5.0), hs)?;
        self.combine(p_percent, gc, hs)
    }

    /// The station altitude: given, or the P.1511 topography at the site (as itu-rs does internally), looked up
    /// once so the two itu-rs calls per percentage need not repeat it.
    fn altitude_km(&self, hs_km: Option<f64>) -> Result<f64, LinkError> {
        match hs_km {
            Some(h) => Ok(h),
            None => itu_rs::topographic_altitude_km(self.site.latitude_deg, self.site.longitude_deg)
                .map_err(|e| LinkError::Itu(e.message().to_string())),
        }
    }

    fn options(&self, hs_km: f64) -> itu_rs::SlantPathOptions {
        itu_rs::SlantPathOptions {
            hs_km: Some(hs_km),
            eta: self.efficiency,
            tau_deg: self.tau_deg,
            ..Default::default()
        }
    }

    fn call(&self, p: f64, options: itu_rs::SlantPathOptions) -> Result<itu_rs::SlantPathContributions, LinkError> {
        itu_rs::atmospheric_attenuation_slant_path(
            self.site.latitude_deg,
            self.site.longitude_deg,
            self.frequency_ghz,
            self.elevation_deg.min(90.0 - 1e-9),
            p,
            self.dish_m,
            options,
        )
        .map_err(|e| LinkError::Itu(e.message().to_string()))
    }

    /// (gas, cloud) at `p_gc` %.
    fn gas_cloud(&self, p_gc: f64, hs_km: f64) -> Result<(f64, f64), LinkError> {
        let c = self.call(
            p_gc,
            itu_rs::SlantPathOptions { include_rain: false, include_scintillation: false, ..self.options(hs_km) },
        )?;
        Ok((c.gas_db, c.cloud_db))
    }

    fn combine(&self, p_percent: f64, (gas_db, cloud_db): (f64, f64), hs_km: f64) -> Result<Attenuation, LinkError> {
        // Rain and scintillation only: the water-vapour and temperature inputs of the gas model are not used, so
        // placeholders spare itu-rs the P.836 / P.1510 look-ups it would otherwise make.
        let rs = self.call(
            p_percent,
            itu_rs::SlantPathOptions {
                include_gas: false,
                include_clouds: false,
                rho_gm3: Some(7.5),
                v_t_kgm2: Some(10.0),
                t: Some(288.15),
                ..self.options(hs_km)
            },
        )?;
        let total_db = gas_db + ((rs.rain_db + cloud_db).powi(2) + rs.scintillation_db.powi(2)).sqrt();
        Ok(Attenuation {
            p_percent,
            gas_db,
            cloud_db,
            rain_db: rs.rain_db,
            scintillation_db: rs.scintillation_db,
            total_db,
        })
    }
}

/// Free-space path loss 20 log10(4π d / λ), dB, for slant range `range_km` and frequency `frequency_ghz`.
pub fn free_space_loss_db(range_km: f64, frequency_ghz: f64) -> f64 {
    let lambda_m = SPEED_OF_LIGHT_M_S / (frequency_ghz * 1e9);
    20.0 * (4.0 * std::f64::consts::PI * range_km * 1e3 / lambda_m).log10()
}

/// Sky brightness temperature through an absorbing atmosphere, K:
/// T_sky = T_clear·10^(−A/10) + T_mr·(1 − 10^(−A/10)) (P.618-14 §3, T_mr = 275 K).
pub fn sky_noise_temperature_k(clear_sky_k: f64, attenuation_db: f64) -> f64 {
    let t = 10f64.powf(-attenuation_db / 10.0);
    clear_sky_k * t + MEAN_RADIATING_TEMPERATURE_K * (1.0 - t)
}

/// Slant-path gaseous attenuation, dB, from surface values: ITU-R P.676-13 Annex 2 §2.1 (eq. 30 form
/// A = (γo·h0 + γw·hw) / sin θ for 5° ≤ θ ≤ 90°), with the specific attenuations γo, γw from the Annex 1
/// line-by-line sum (Annex 1 §1, eqs 1–9) at the surface and the equivalent heights h0, hw from Annex 2 §2.1
/// (eqs 31–34), both evaluated at the given surface pressure `pressure_hpa` (hPa), water-vapour density
/// `rho_gm3` (g/m³) and temperature `temperature_k` (K).
///
/// This is the method the ITU-R SG3 validation sheet ITURP676-13_A_gas uses (agreement 1e-6 dB). itu-rs 1.2.1
/// offers only the Annex 1 layered path through the unscaled P.835 mean annual reference atmosphere (which
/// ignores the surface temperature and pressure: up to 0.053 dB off the sheet) or this formula with the
/// zenith water-vapour term of §2.2 forced on.
pub fn gaseous_attenuation_slant_surface_db(
    frequency_ghz: f64,
    elevation_deg: f64,
    rho_gm3: f64,
    pressure_hpa: f64,
    temperature_k: f64,
) -> Result<f64, LinkError> {
    let itu = |e: itu_rs::ItuError| LinkError::Itu(e.message().to_string());
    let gamma0 = itu_rs::gamma0_exact_db_per_km(frequency_ghz, pressure_hpa, rho_gm3, temperature_k).map_err(itu)?;
    let gammaw = itu_rs::gammaw_exact_db_per_km(frequency_ghz, pressure_hpa, rho_gm3, temperature_k).map_err(itu)?;
    let (h0_km, hw_km) =
        itu_rs::slant_inclined_path_equivalent_height_km(frequency_ghz, pressure_hpa, rho_gm3, temperature_k)
            .map_err(itu)?;
    Ok((gamma0 * h0_km + gammaw * hw_km) / elevation_deg.to_radians().sin())
}
