//! Equipment catalog: fiber types, amplifiers and transceivers (with their modes), defined once in
//! configs/equipment/*.toml and named by designs (GNPy's `eqpt_config.json` idea).

use super::FiberError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Bundled equipment files (embedded in the binary): fiber types, amplifiers, transceivers.
pub const DEFAULT_FIBERS_TOML: &str = include_str!("../../configs/equipment/fibers.toml");
pub const DEFAULT_AMPLIFIERS_TOML: &str = include_str!("../../configs/equipment/amplifiers.toml");
pub const DEFAULT_TRANSCEIVERS_TOML: &str = include_str!("../../configs/equipment/transceivers.toml");

/// Nonlinear refractive index of silica (m²/W), as in GNPy.
pub const DEFAULT_N2_M2_PER_W: f64 = 2.6e-20;
/// Group index of silica fiber near 1550 nm (GNPy's n1), 4.897 µs/km.
pub const DEFAULT_GROUP_INDEX: f64 = 1.468;
/// Reference wavelength for dispersion, effective area and γ (m): 1550 nm, GNPy's default.
pub const DEFAULT_REFERENCE_WAVELENGTH_NM: f64 = 1550.0;
/// Core radius of the step-index model used to scale the effective area with frequency (m), as in GNPy.
pub const DEFAULT_CORE_RADIUS_UM: f64 = 4.2;

/// A fiber type. Parameters are at the reference wavelength.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FiberType {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Attenuation (dB/km) at the reference wavelength; flat over the band unless `loss_table` is given.
    pub loss_db_per_km: f64,
    /// Frequency-dependent attenuation `[[frequency_thz, loss_db_per_km], ...]` (increasing frequencies, linear
    /// interpolation, channels must lie inside); used by the SRS / generalised GN model and, when given, by every
    /// model. Empty: flat `loss_db_per_km`.
    #[serde(default)]
    pub loss_table: Vec<[f64; 2]>,
    /// Chromatic dispersion D (ps/(nm·km)) at the reference wavelength.
    pub dispersion_ps_per_nm_km: f64,
    /// Dispersion slope S (ps/(nm²·km)); when absent β2 is constant over the band (GNPy's convention).
    #[serde(default)]
    pub dispersion_slope_ps_per_nm2_km: Option<f64>,
    /// Effective area at the reference wavelength (µm²).
    pub effective_area_um2: f64,
    /// Nonlinear index n2 (m²/W).
    #[serde(default = "default_n2")]
    pub n2_m2_per_w: f64,
    /// Group index for latency.
    #[serde(default = "default_group_index")]
    pub group_index: f64,
    #[serde(default)]
    pub source: String,
}

fn nan() -> f64 {
    f64::NAN
}

fn db2lin(x: f64) -> f64 {
    10f64.powf(x / 10.0)
}

fn lin2db(x: f64) -> f64 {
    10.0 * x.log10()
}

impl Amplifier {
    /// Noise figure (dB) at a gain (dB): the fixed value, or the variable-gain model.
    pub fn nf_db_at(&self, gain_db: f64) -> f64 {
        match (self.two_stage, self.gain_min_db) {
            (Some((nf1, nf2, delta_p)), Some(gain_min)) => {
                let pad = (gain_min - gain_db).max(0.0);
                let gain = gain_db + pad;
                let dg = (self.gain_max_db - gain).max(0.0);
                let g1a = gain - delta_p - dg;
                lin2db(db2lin(nf1) + db2lin(nf2) / db2lin(g1a)) + pad
            }
            _ => self.noise_figure_db,
        }
    }

    /// Fits GNPy's two-stage variable-gain NF model (gnpy.core.science_utils.estimate_nf_model): first-stage and
    /// second-stage coil NFs nf1, nf2 and the inter-stage power difference ΔP such that
    /// NF(gain_max) = nf_min and NF(gain_min) = nf_max, with NF = nf1 + nf2 / g1a (linear) and
    /// g1a = gain − ΔP − (gain_max − gain).
    fn fit_two_stage(&mut self, ctx: &str) -> Result<(), FiberError> {
        let (Some(gain_min), Some(nf_min), Some(nf_max)) = (self.gain_min_db, self.nf_min_db, self.nf_max_db) else {
            if self.gain_min_db.is_some() || self.nf_min_db.is_some() || self.nf_max_db.is_some() {
                return Err(FiberError::invalid(
                    ctx,
                    "gain_min_db / nf_min_db / nf_max_db",
                    "only some given",
                    "all three for a variable-gain amplifier, or none (fixed noise_figure_db)",
                ));
            }
            return Ok(());
        };
        let gain_max = self.gain_max_db;
        if !(gain_min >= 0.0 && gain_min < gain_max) {
            return Err(FiberError::invalid(ctx, "gain_min_db", gain_min, format!("[0, gain_max_db = {gain_max})")));
        }
        if !(nf_min > 0.0 && nf_min < nf_max && nf_max < 20.0) {
            return Err(FiberError::invalid(ctx, "nf_max_db", nf_max, format!("(nf_min_db = {nf_min}, 20) dB")));
        }
        let mut delta_p = 5.0;
        let mut g1a_min = gain_min - (gain_max - gain_min) - delta_p;
        let mut g1a_max = gain_max - delta_p;
        let mut nf2 = lin2db((db2lin(nf_min) - db2lin(nf_max)) / (1.0 / db2lin(g1a_max) - 1.0 / db2lin(g1a_min)));
        let nf1 = lin2db(db2lin(nf_min) - db2lin(nf2) / db2lin(g1a_max));
        let bad = |why: String| FiberError::invalid(ctx, "nf_min_db / nf_max_db", format!("{nf_min} / {nf_max}"), why);
        if !(nf1 >= 4.0) {
            return Err(bad(format!("values the two-stage model can fit (first coil NF {nf1:.2} dB < 4 dB)")));
        }
        if !(nf2 > nf1 + 0.3 && nf2 < nf1 + 2.0) {
            nf2 = nf2.clamp(nf1 + 0.3, nf1 + 2.0);
            g1a_max = lin2db(db2lin(nf2) / (db2lin(nf_min) - db2lin(nf1)));
            delta_p = gain_max - g1a_max;
            g1a_min = gain_min - (gain_max - gain_min) - delta_p;
            if !(delta_p > 1.0 && delta_p < 11.0) {
                return Err(bad(format!("values the two-stage model can fit (inter-stage ΔP {delta_p:.2} dB)")));
            }
        }
        let check_min = lin2db(db2lin(nf1) + db2lin(nf2) / db2lin(g1a_max));
        let check_max = lin2db(db2lin(nf1) + db2lin(nf2) / db2lin(g1a_min));
        if (check_min - nf_min).abs() > 0.01 || (check_max - nf_max).abs() > 0.01 {
            return Err(bad(format!("values the two-stage model can fit (it gives {check_min:.2} / {check_max:.2})")));
        }
        self.two_stage = Some((nf1, nf2, delta_p));
        if self.noise_figure_db.is_nan() {
            self.noise_figure_db = nf_min;
        }
        Ok(())
    }
}

fn default_n2() -> f64 {
    DEFAULT_N2_M2_PER_W
}
fn default_group_index() -> f64 {
    DEFAULT_GROUP_INDEX
}

/// An optical amplifier: a fixed noise figure, or GNPy's two-stage variable-gain NF model when `nf_min_db`,
/// `nf_max_db` and `gain_min_db` are given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Amplifier {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Noise figure (dB), flat over the band; for a variable-gain amplifier the NF at `gain_max_db` (filled in
    /// from the model when absent).
    #[serde(default = "nan")]
    pub noise_figure_db: f64,
    /// Variable gain: smallest gain without input padding (dB); below it the input is padded and the NF grows by
    /// the pad.
    #[serde(default)]
    pub gain_min_db: Option<f64>,
    /// Variable gain: NF at `gain_max_db` (dB).
    #[serde(default)]
    pub nf_min_db: Option<f64>,
    /// Variable gain: NF at `gain_min_db` (dB).
    #[serde(default)]
    pub nf_max_db: Option<f64>,
    /// The fitted two-stage model (nf1_db, nf2_db, delta_p_db), computed on load.
    #[serde(skip)]
    pub two_stage: Option<(f64, f64, f64)>,
    /// Largest gain (dB) one amplifier provides: the largest span loss it can bridge.
    pub gain_max_db: f64,
    /// Largest total output power (dBm); launch power per channel is capped at this minus 10·log10(channels).
    pub output_power_max_dbm: f64,
    /// `[min_thz, max_thz]`: the frequencies the amplifier amplifies (needed to use it as a band amplifier in a
    /// design's `band_amplifiers`); absent: the whole spectrum of the design.
    #[serde(default)]
    pub band_thz: Option<[f64; 2]>,
    #[serde(default)]
    pub source: String,
}

/// One operating mode of a transceiver.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TransceiverMode {
    pub name: String,
    /// Symbol rate (GBd).
    pub baud_rate_gbd: f64,
    /// Net line rate (Gb/s).
    pub bit_rate_gbps: f64,
    /// Required OSNR (dB in 0.1 nm = 12.5 GHz) at the FEC threshold, back-to-back.
    pub required_osnr_db_01nm: f64,
    /// Smallest channel spacing (GHz) the mode fits in.
    pub min_spacing_ghz: f64,
    #[serde(default)]
    pub roll_off: Option<f64>,
}

impl TransceiverMode {
    /// Required SNR (dB) in the signal bandwidth (the symbol rate): OSNR_0.1nm − 10·log10(Rs / 12.5 GHz).
    pub fn required_snr_db(&self) -> f64 {
        self.required_osnr_db_01nm - 10.0 * (self.baud_rate_gbd / 12.5).log10()
    }
}

/// A transceiver family: transmitter OSNR and its modes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Transceiver {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Transmitter OSNR (dB in 0.1 nm).
    pub tx_osnr_db_01nm: f64,
    #[serde(default)]
    pub source: String,
    pub mode: Vec<TransceiverMode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EquipmentFile {
    #[serde(default)]
    fiber: Vec<FiberType>,
    #[serde(default)]
    amplifier: Vec<Amplifier>,
    #[serde(default)]
    transceiver: Vec<Transceiver>,
}

/// The equipment catalog.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Equipment {
    pub fibers: Vec<FiberType>,
    pub amplifiers: Vec<Amplifier>,
    pub transceivers: Vec<Transceiver>,
}

/// Physical ranges of catalog values (beyond them the GN model's closed forms lose meaning or overflow).
mod ranges {
    use crate::validate::Range;
    /// Silica fiber attenuation: the record is ≈ 0.14 dB/km; 5 dB/km is far beyond any telecom fiber.
    pub const LOSS_DB_PER_KM: Range = Range::new(0.05, 5.0, "dB/km");
    pub const DISPERSION_PS_PER_NM_KM: Range = Range::new(-40.0, 40.0, "ps/(nm·km)");
    pub const DISPERSION_SLOPE_PS_PER_NM2_KM: Range = Range::new(-1.0, 1.0, "ps/(nm²·km)");
    pub const EFFECTIVE_AREA_UM2: Range = Range::new(10.0, 500.0, "µm²");
    pub const N2_M2_PER_W: Range = Range::new(1e-21, 1e-19, "m²/W");
    pub const GAIN_MAX_DB: Range = Range::new(1.0, 60.0, "dB");
    pub const OUTPUT_POWER_MAX_DBM: Range = Range::new(-10.0, 40.0, "dBm");
    /// Amplifier bands: O band to beyond the S band (1200–2000 nm).
    pub const BAND_THZ: Range = Range::new(150.0, 250.0, "THz");
    pub const TX_OSNR_DB_01NM: Range = Range::new(10.0, 80.0, "dB");
    pub const BAUD_RATE_GBD: Range = Range::new(0.1, 500.0, "GBd");
    pub const BIT_RATE_GBPS: Range = Range::new(0.1, 5000.0, "Gb/s");
    pub const MIN_SPACING_GHZ: Range = Range::new(0.1, 1000.0, "GHz");
    pub const REQUIRED_OSNR_DB_01NM: Range = Range::new(-10.0, 60.0, "dB");
    pub const ROLL_OFF: Range = Range::new(0.0, 1.0, "");
}

/// `value` inside `range`, else the catalog error naming the field and the range.
fn ranged(ctx: &str, field: &str, value: f64, range: crate::validate::Range) -> Result<(), FiberError> {
    range.check(value).map(|_| ()).map_err(|_| {
        FiberError::invalid(ctx, field, crate::validate::fmt_value(value), format!("a finite number in {range}"))
    })
}

/// The first name used twice in one kind of table of an equipment file, as an error naming both lines.
fn duplicate_in_file(text: &str, file: &str) -> Result<(), FiberError> {
    for table in ["fiber", "amplifier", "transceiver"] {
        if let Some(d) = crate::validate::find_duplicate_names(text, table, "name", |n| n.trim().to_string()) {
            return Err(FiberError::invalid(
                format!("{file}:{}", d.second_line),
                format!("{table}.name"),
                format!("{:?} (also at {file}:{})", d.name, d.first_line),
                format!("unique [[{table}]] names within one file (a later file may replace a bundled entry)"),
            ));
        }
    }
    Ok(())
}

impl Equipment {
    /// The bundled catalog (configs/equipment/{fibers,amplifiers,transceivers}.toml).
    pub fn bundled() -> Equipment {
        let mut equipment = Equipment::default();
        for (text, file) in [
            (DEFAULT_FIBERS_TOML, "configs/equipment/fibers.toml"),
            (DEFAULT_AMPLIFIERS_TOML, "configs/equipment/amplifiers.toml"),
            (DEFAULT_TRANSCEIVERS_TOML, "configs/equipment/transceivers.toml"),
        ] {
            equipment.add_str(text, file).expect("bundled equipment files are valid (checked by tests)");
        }
        equipment
    }

    /// Adds the `[[fiber]]`, `[[amplifier]]` and `[[transceiver]]` tables of a TOML file; a name already in the
    /// catalog is replaced (so a user file can override a bundled entry).
    pub fn add_file(&mut self, path: &Path) -> Result<(), FiberError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| FiberError::Io { file: file.clone(), source })?;
        self.add_str(&text, &file)
    }

    /// Adds equipment from TOML text; `file` names it in messages.
    pub fn add_str(&mut self, text: &str, file: &str) -> Result<(), FiberError> {
        let parsed: EquipmentFile =
            toml::from_str(text).map_err(|e| FiberError::Parse { file: file.to_string(), message: e.to_string() })?;
        duplicate_in_file(text, file)?;
        for fiber in parsed.fiber {
            let ctx = format!("{file}: fiber {:?}", fiber.name);
            ranged(&ctx, "loss_db_per_km", fiber.loss_db_per_km, ranges::LOSS_DB_PER_KM)?;
            ranged(&ctx, "effective_area_um2", fiber.effective_area_um2, ranges::EFFECTIVE_AREA_UM2)?;
            ranged(&ctx, "n2_m2_per_w", fiber.n2_m2_per_w, ranges::N2_M2_PER_W)?;
            ranged(&ctx, "dispersion_ps_per_nm_km", fiber.dispersion_ps_per_nm_km, ranges::DISPERSION_PS_PER_NM_KM)?;
            if let Some(slope) = fiber.dispersion_slope_ps_per_nm2_km {
                ranged(&ctx, "dispersion_slope_ps_per_nm2_km", slope, ranges::DISPERSION_SLOPE_PS_PER_NM2_KM)?;
            }
            for (k, [f_thz, loss]) in fiber.loss_table.iter().enumerate() {
                if !(150.0..=250.0).contains(f_thz) {
                    return Err(FiberError::invalid(
                        &ctx,
                        format!("loss_table[{k}] frequency_thz"),
                        f_thz,
                        "[150, 250] THz",
                    ));
                }
                if !(*loss > 0.0 && *loss < 10.0) {
                    return Err(FiberError::invalid(
                        &ctx,
                        format!("loss_table[{k}] loss_db_per_km"),
                        loss,
                        "(0, 10) dB/km",
                    ));
                }
                if k > 0 && *f_thz <= fiber.loss_table[k - 1][0] {
                    return Err(FiberError::invalid(
                        &ctx,
                        format!("loss_table[{k}] frequency_thz"),
                        f_thz,
                        "frequencies increasing row by row",
                    ));
                }
            }
            if fiber.loss_table.len() == 1 {
                return Err(FiberError::invalid(
                    &ctx,
                    "loss_table",
                    "one row",
                    "at least two [frequency_thz, loss_db_per_km] rows",
                ));
            }
            if !(fiber.group_index >= 1.0 && fiber.group_index < 2.0) {
                return Err(FiberError::invalid(&ctx, "group_index", fiber.group_index, "a value in [1, 2)"));
            }
            if !(fiber.dispersion_ps_per_nm_km.abs() > 0.05 && fiber.dispersion_ps_per_nm_km.is_finite()) {
                return Err(FiberError::invalid(
                    &ctx,
                    "dispersion_ps_per_nm_km",
                    fiber.dispersion_ps_per_nm_km,
                    "|D| > 0.05 ps/(nm·km) (the closed-form GN model needs non-zero dispersion)",
                ));
            }
            self.fibers.retain(|f| f.name != fiber.name);
            self.fibers.push(fiber);
        }
        for mut amplifier in parsed.amplifier {
            let ctx = format!("{file}: amplifier {:?}", amplifier.name);
            ranged(&ctx, "gain_max_db", amplifier.gain_max_db, ranges::GAIN_MAX_DB)?;
            amplifier.fit_two_stage(&ctx)?;
            if !(amplifier.noise_figure_db >= 0.0 && amplifier.noise_figure_db < 20.0) {
                return Err(FiberError::invalid(&ctx, "noise_figure_db", amplifier.noise_figure_db, "[0, 20) dB"));
            }
            ranged(&ctx, "output_power_max_dbm", amplifier.output_power_max_dbm, ranges::OUTPUT_POWER_MAX_DBM)?;
            if let Some([lo, hi]) = amplifier.band_thz {
                ranged(&ctx, "band_thz[0]", lo, ranges::BAND_THZ)?;
                ranged(&ctx, "band_thz[1]", hi, ranges::BAND_THZ)?;
                if !(lo < hi) {
                    return Err(FiberError::invalid(&ctx, "band_thz", format!("[{lo}, {hi}]"), "min_thz < max_thz"));
                }
            }
            self.amplifiers.retain(|a| a.name != amplifier.name);
            self.amplifiers.push(amplifier);
        }
        for transceiver in parsed.transceiver {
            let ctx = format!("{file}: transceiver {:?}", transceiver.name);
            ranged(&ctx, "tx_osnr_db_01nm", transceiver.tx_osnr_db_01nm, ranges::TX_OSNR_DB_01NM)?;
            if transceiver.mode.is_empty() {
                return Err(FiberError::invalid(&ctx, "mode", "[]", "at least one [[transceiver.mode]]"));
            }
            for mode in &transceiver.mode {
                let ctx = format!("{ctx} mode {:?}", mode.name);
                ranged(&ctx, "baud_rate_gbd", mode.baud_rate_gbd, ranges::BAUD_RATE_GBD)?;
                ranged(&ctx, "bit_rate_gbps", mode.bit_rate_gbps, ranges::BIT_RATE_GBPS)?;
                ranged(&ctx, "min_spacing_ghz", mode.min_spacing_ghz, ranges::MIN_SPACING_GHZ)?;
                ranged(&ctx, "required_osnr_db_01nm", mode.required_osnr_db_01nm, ranges::REQUIRED_OSNR_DB_01NM)?;
                if let Some(r) = mode.roll_off {
                    ranged(&ctx, "roll_off", r, ranges::ROLL_OFF)?;
                }
            }
            self.transceivers.retain(|t| t.name != transceiver.name);
            self.transceivers.push(transceiver);
        }
        Ok(())
    }

    /// A fiber type by exact name.
    pub fn fiber(&self, name: &str) -> Result<&FiberType, FiberError> {
        self.fibers.iter().find(|f| f.name == name).ok_or_else(|| FiberError::UnknownFiber {
            name: name.to_string(),
            known: self.fibers.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    /// An amplifier by exact name.
    pub fn amplifier(&self, name: &str) -> Result<&Amplifier, FiberError> {
        self.amplifiers.iter().find(|a| a.name == name).ok_or_else(|| FiberError::UnknownAmplifier {
            name: name.to_string(),
            known: self.amplifiers.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    /// A transceiver by exact name.
    pub fn transceiver(&self, name: &str) -> Result<&Transceiver, FiberError> {
        self.transceivers.iter().find(|t| t.name == name).ok_or_else(|| FiberError::UnknownTransceiver {
            name: name.to_string(),
            known: self.transceivers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalog_loads_and_names_resolve() {
        let eq = Equipment::bundled();
        assert!(eq.fiber("G.652.D").is_ok());
        assert!(eq.fiber("G.654.E-ULL").is_ok());
        assert!(eq.transceiver("400ZR").is_ok());
        let err = eq.fiber("G.999").unwrap_err().to_string();
        assert!(err.contains("G.999") && err.contains("G.652.D"), "{err}");
    }

    #[test]
    fn required_snr_converts_bandwidth() {
        let mode = TransceiverMode {
            name: "m".into(),
            baud_rate_gbd: 12.5,
            bit_rate_gbps: 100.0,
            required_osnr_db_01nm: 15.0,
            min_spacing_ghz: 50.0,
            roll_off: None,
        };
        assert!((mode.required_snr_db() - 15.0).abs() < 1e-12);
        let mode = TransceiverMode { baud_rate_gbd: 125.0, ..mode };
        assert!((mode.required_snr_db() - 5.0).abs() < 1e-12);
    }

    #[test]
    fn rejects_bad_entries() {
        let mut eq = Equipment::default();
        let err = eq
            .add_str(
                "[[fiber]]\nname='x'\nloss_db_per_km=-0.2\ndispersion_ps_per_nm_km=17\neffective_area_um2=80\n",
                "e.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("loss_db_per_km") && err.contains("e.toml"), "{err}");
        let err = eq.add_str("[[transceiver]]\nname='t'\ntx_osnr_db_01nm=40\nmode=[]\n", "e.toml").unwrap_err();
        assert!(err.to_string().contains("mode"));
    }

    #[test]
    fn out_of_range_and_duplicate_entries_are_refused() {
        let fiber = |loss: &str| {
            format!("[[fiber]]\nname='x'\nloss_db_per_km={loss}\ndispersion_ps_per_nm_km=17\neffective_area_um2=80\n")
        };
        for loss in ["1e-300", "1e308", "nan", "inf"] {
            let err = Equipment::default().add_str(&fiber(loss), "e.toml").unwrap_err().to_string();
            assert!(err.contains("loss_db_per_km") && err.contains("[0.05, 5] dB/km"), "{loss}: {err}");
            assert!(err.len() < 200, "{err}");
        }
        assert!(Equipment::default().add_str(&fiber("0.17"), "e.toml").is_ok());
        let twice = format!("{}\n{}", fiber("0.17"), fiber("0.18"));
        let err = Equipment::default().add_str(&twice, "e.toml").unwrap_err().to_string();
        assert!(err.contains("e.toml:8") && err.contains("also at e.toml:2"), "{err}");
    }
}

#[cfg(test)]
mod nf_tests {
    use super::*;

    /// GNPy 3.0.1's Edfa.nf for its example variable-gain amplifiers (tests/data/gnpy_nf_variable_gain.csv,
    /// scripts/gnpy_nf_reference.py), over gains from 5 dB below gain_min to gain_max.
    #[test]
    fn variable_gain_nf_matches_gnpy() {
        const TOL_NF_DB: f64 = 1e-6;
        let text = include_str!("../../tests/data/gnpy_nf_variable_gain.csv");
        let mut worst = 0.0f64;
        let mut count = 0;
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("type_variety")) {
            let f: Vec<&str> = line.split(',').collect();
            let num = |i: usize| f[i].parse::<f64>().unwrap();
            let mut eq = Equipment::default();
            eq.add_str(
                &format!(
                    "[[amplifier]]\nname = '{}'\ngain_min_db = {}\ngain_max_db = {}\nnf_min_db = {}\nnf_max_db = {}\n\
                     output_power_max_dbm = 23\n",
                    f[0],
                    num(1),
                    num(2),
                    num(3),
                    num(4)
                ),
                "nf.toml",
            )
            .unwrap();
            let nf = eq.amplifier(f[0]).unwrap().nf_db_at(num(5));
            if (nf - num(6)).abs() > TOL_NF_DB {
                println!("{line}: ours {nf}");
            }
            worst = worst.max((nf - num(6)).abs());
            count += 1;
        }
        assert!(count > 50, "{count}");
        assert!(worst < TOL_NF_DB, "worst |ΔNF| {worst:e} dB");
    }

    #[test]
    fn variable_gain_rejects_partial_or_unfittable() {
        let mut eq = Equipment::default();
        let err = eq
            .add_str("[[amplifier]]\nname='a'\ngain_max_db=20\nnf_min_db=5\noutput_power_max_dbm=20\n", "a.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("nf_min_db") && err.contains("a.toml"), "{err}");
        let err = eq
            .add_str(
                "[[amplifier]]\nname='a'\ngain_min_db=15\ngain_max_db=26\nnf_min_db=3\nnf_max_db=4\noutput_power_max_dbm=20\n",
                "a.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("nf_min_db / nf_max_db"), "{err}");
        let err = eq
            .add_str("[[amplifier]]\nname='a'\ngain_max_db=20\noutput_power_max_dbm=20\n", "a.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("noise_figure_db"), "{err}");
    }

    #[test]
    fn band_thz_is_range_checked() {
        let amp = |band: &str| {
            format!("[[amplifier]]\nname='a'\nnoise_figure_db=5\ngain_max_db=20\noutput_power_max_dbm=20\nband_thz={band}\n")
        };
        assert!(Equipment::default().add_str(&amp("[191.3, 196.1]"), "a.toml").is_ok());
        let err = Equipment::default().add_str(&amp("[140.0, 196.1]"), "a.toml").unwrap_err().to_string();
        assert!(err.contains("band_thz[0]") && err.contains("[150, 250] THz"), "{err}");
        let err = Equipment::default().add_str(&amp("[196.1, 191.3]"), "a.toml").unwrap_err().to_string();
        assert!(err.contains("band_thz") && err.contains("min_thz < max_thz"), "{err}");
        let bundled = Equipment::bundled();
        assert_eq!(bundled.amplifier("repeater-C-NF4.5").unwrap().band_thz, Some([191.3, 196.1]));
        assert_eq!(bundled.amplifier("repeater-L-NF5").unwrap().band_thz, Some([186.1, 190.9]));
    }
}
