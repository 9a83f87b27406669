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

fn default_n2() -> f64 {
    DEFAULT_N2_M2_PER_W
}
fn default_group_index() -> f64 {
    DEFAULT_GROUP_INDEX
}

/// An optical amplifier with a fixed noise figure.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Amplifier {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Noise figure (dB), flat over the band and independent of gain.
    pub noise_figure_db: f64,
    /// Largest gain (dB) one amplifier provides: the largest span loss it can bridge.
    pub gain_max_db: f64,
    /// Largest total output power (dBm); launch power per channel is capped at this minus 10·log10(channels).
    pub output_power_max_dbm: f64,
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

fn positive(ctx: &str, field: &str, value: f64, expected: &str) -> Result<(), FiberError> {
    if value > 0.0 && value.is_finite() {
        Ok(())
    } else {
        Err(FiberError::invalid(ctx, field, value, expected))
    }
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
        for fiber in parsed.fiber {
            let ctx = format!("{file}: fiber {:?}", fiber.name);
            positive(&ctx, "loss_db_per_km", fiber.loss_db_per_km, "a positive attenuation in dB/km")?;
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
            positive(&ctx, "effective_area_um2", fiber.effective_area_um2, "a positive area in µm²")?;
            positive(&ctx, "n2_m2_per_w", fiber.n2_m2_per_w, "a positive nonlinear index in m²/W")?;
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
        for amplifier in parsed.amplifier {
            let ctx = format!("{file}: amplifier {:?}", amplifier.name);
            if !(amplifier.noise_figure_db >= 0.0 && amplifier.noise_figure_db < 20.0) {
                return Err(FiberError::invalid(&ctx, "noise_figure_db", amplifier.noise_figure_db, "[0, 20) dB"));
            }
            positive(&ctx, "gain_max_db", amplifier.gain_max_db, "a positive gain in dB")?;
            if !amplifier.output_power_max_dbm.is_finite() {
                return Err(FiberError::invalid(&ctx, "output_power_max_dbm", amplifier.output_power_max_dbm, "dBm"));
            }
            self.amplifiers.retain(|a| a.name != amplifier.name);
            self.amplifiers.push(amplifier);
        }
        for transceiver in parsed.transceiver {
            let ctx = format!("{file}: transceiver {:?}", transceiver.name);
            positive(&ctx, "tx_osnr_db_01nm", transceiver.tx_osnr_db_01nm, "a positive OSNR in dB")?;
            if transceiver.mode.is_empty() {
                return Err(FiberError::invalid(&ctx, "mode", "[]", "at least one [[transceiver.mode]]"));
            }
            for mode in &transceiver.mode {
                let ctx = format!("{ctx} mode {:?}", mode.name);
                positive(&ctx, "baud_rate_gbd", mode.baud_rate_gbd, "a positive symbol rate in GBd")?;
                positive(&ctx, "bit_rate_gbps", mode.bit_rate_gbps, "a positive rate in Gb/s")?;
                positive(&ctx, "min_spacing_ghz", mode.min_spacing_ghz, "a positive spacing in GHz")?;
                if !mode.required_osnr_db_01nm.is_finite() {
                    return Err(FiberError::invalid(&ctx, "required_osnr_db_01nm", mode.required_osnr_db_01nm, "dB"));
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
}
