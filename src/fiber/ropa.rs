//! Remote optically pumped amplifier (ROPA): a length of erbium-doped fiber spliced into an unrepeatered span
//! some tens of km before the receiver, pumped from the receiver's shore through the transmission fiber by the
//! counter-propagating pumps of the design (typically ≈ 1480 nm, which also give distributed Raman gain on the way).
//!
//! Model (an energy-conservation bound, not a rate-equation EDF model; its parameters are assumptions):
//!
//! ```text
//! P_pump = Σ counter pumps inside pump_band_thz, at the ROPA (from the Raman solution of the section behind it)
//! G      = min( G_max , 1 + PCE · P_pump / P_in )       flat over the channels
//! ASE_i  = h · f_i · NF · G · Rs_i                       (as a lumped EDFA, at its output)
//! ```
//!
//! with P_in the total power of all channels at the ROPA input and PCE the power conversion efficiency (added
//! signal power per pump power absorbed). The erbium absorbs the remote pump, so the counter pumps run only
//! between the ROPA and the receiver; co pumps run only between the transmitter and the ROPA.

use super::FiberError;
use serde::{Deserialize, Serialize};

/// A ROPA in an unrepeatered design. Defaults are [assumed] figures for a single-stage ROPA (PCE 30 %,
/// NF 5 dB, small-signal gain up to 25 dB; EDF pump absorption band 1450–1500 nm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RopaDesign {
    /// Fiber length between the ROPA and the receiver (km).
    pub distance_from_receiver_km: f64,
    /// Noise figure (dB) of the inverted erbium fiber.
    #[serde(default = "default_nf")]
    pub noise_figure_db: f64,
    /// Largest (small-signal) gain (dB).
    #[serde(default = "default_gain_max")]
    pub gain_max_db: f64,
    /// Signal power added per pump power absorbed (0–1).
    #[serde(default = "default_pce")]
    pub power_conversion_efficiency: f64,
    /// Pump frequencies the erbium absorbs `[min_thz, max_thz]`; counter pumps outside it only give Raman gain.
    #[serde(default = "default_pump_band")]
    pub pump_band_thz: [f64; 2],
    /// Pump power (mW) below which the erbium is not inverted and the design is refused.
    #[serde(default = "default_threshold")]
    pub pump_threshold_mw: f64,
}

fn default_nf() -> f64 {
    5.0
}
fn default_gain_max() -> f64 {
    25.0
}
fn default_pce() -> f64 {
    0.3
}
fn default_pump_band() -> [f64; 2] {
    [199.86, 206.75]
}
fn default_threshold() -> f64 {
    2.0
}

impl RopaDesign {
    /// Range checks against the cable length (km).
    pub fn validate(&self, cable_length_km: f64) -> Result<(), FiberError> {
        let ctx = "design.ropa";
        if !(self.distance_from_receiver_km > 0.0 && self.distance_from_receiver_km < cable_length_km) {
            return Err(FiberError::invalid(
                ctx,
                "distance_from_receiver_km",
                self.distance_from_receiver_km,
                format!("a position inside the span: (0, {cable_length_km:.1}) km from the receiver"),
            ));
        }
        if !(self.noise_figure_db >= 3.0 && self.noise_figure_db < 15.0) {
            return Err(FiberError::invalid(ctx, "noise_figure_db", self.noise_figure_db, "[3, 15) dB"));
        }
        if !(self.gain_max_db > 0.0 && self.gain_max_db <= 40.0) {
            return Err(FiberError::invalid(ctx, "gain_max_db", self.gain_max_db, "(0, 40] dB"));
        }
        if !(self.power_conversion_efficiency > 0.0 && self.power_conversion_efficiency <= 1.0) {
            return Err(FiberError::invalid(
                ctx,
                "power_conversion_efficiency",
                self.power_conversion_efficiency,
                "(0, 1]",
            ));
        }
        let [lo, hi] = self.pump_band_thz;
        if !(lo >= 190.0 && lo < hi && hi <= 230.0) {
            return Err(FiberError::invalid(
                ctx,
                "pump_band_thz",
                format!("[{lo}, {hi}]"),
                "[min_thz, max_thz] with 190 ≤ min < max ≤ 230",
            ));
        }
        if !(self.pump_threshold_mw >= 0.0 && self.pump_threshold_mw < 1000.0) {
            return Err(FiberError::invalid(ctx, "pump_threshold_mw", self.pump_threshold_mw, "[0, 1000) mW"));
        }
        Ok(())
    }

    /// Whether a pump at `frequency_hz` feeds the erbium.
    pub fn absorbs(&self, frequency_hz: f64) -> bool {
        let f = frequency_hz * 1e-12;
        f >= self.pump_band_thz[0] && f <= self.pump_band_thz[1]
    }

    /// Linear gain for `pump_w` absorbed and a total input `input_w` (W).
    pub fn gain(&self, pump_w: f64, input_w: f64) -> f64 {
        let cap = crate::units::from_db(self.gain_max_db);
        (1.0 + self.power_conversion_efficiency * pump_w / input_w).min(cap)
    }

    /// The refusal when the remote pump does not reach the ROPA with enough power.
    pub fn starved(&self, pump_mw: f64) -> FiberError {
        FiberError::invalid(
            "design.ropa",
            "distance_from_receiver_km",
            format!("{} (the remote pump delivers {pump_mw:.3} mW there)", self.distance_from_receiver_km),
            format!(
                "a ROPA the pumps reach with ≥ {} mW (pump_threshold_mw): raise the power_mw of a counter pump in \
                 {:.2}–{:.2} THz or move the ROPA closer to the receiver",
                self.pump_threshold_mw, self.pump_band_thz[0], self.pump_band_thz[1]
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ropa() -> RopaDesign {
        toml::from_str("distance_from_receiver_km = 80").unwrap()
    }

    #[test]
    fn gain_is_bounded_by_pump_power_and_small_signal_gain() {
        let r = ropa();
        // 10 mW of pump into 0.1 mW of signal: 1 + 0.3·100 = 31 (14.9 dB), under the 25 dB cap.
        assert!((r.gain(10e-3, 0.1e-3) - 31.0).abs() < 1e-12);
        // Energy: added signal power never exceeds PCE × pump.
        for (pump, input) in [(1e-3, 1e-6), (50e-3, 1e-5), (0.2, 1e-3)] {
            let added = (r.gain(pump, input) - 1.0) * input;
            assert!(added <= 0.3 * pump * (1.0 + 1e-12));
        }
        assert!((r.gain(1.0, 1e-9) - crate::units::from_db(25.0)).abs() < 1e-9);
    }

    #[test]
    fn validation_names_fields() {
        let r = ropa();
        assert!(r.validate(200.0).is_ok());
        let e = r.validate(60.0).unwrap_err().to_string();
        assert!(e.contains("distance_from_receiver_km") && e.contains("(0, 60.0) km"), "{e}");
        let bad = RopaDesign { power_conversion_efficiency: 1.5, ..r.clone() };
        assert!(bad.validate(200.0).unwrap_err().to_string().contains("power_conversion_efficiency"));
        let bad = RopaDesign { pump_band_thz: [210.0, 200.0], ..r };
        assert!(bad.validate(200.0).unwrap_err().to_string().contains("pump_band_thz"));
        let e = ropa().starved(0.4).to_string();
        assert!(e.contains("0.400 mW") && e.contains("pump_threshold_mw"), "{e}");
    }
}
