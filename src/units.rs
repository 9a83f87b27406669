//! dB helpers. Quantities are f64 with the unit in the name (`loss_db`, `power_dbw`, `gain_linear`); these
//! conversions are the one place dB and linear meet.

/// Linear power ratio → dB.
pub fn to_db(linear: f64) -> f64 {
    10.0 * linear.log10()
}

/// dB → linear power ratio.
pub fn from_db(db: f64) -> f64 {
    10f64.powf(db / 10.0)
}

/// Boltzmann's constant in dBW/K/Hz (−228.6).
pub const BOLTZMANN_DBW_PER_K_HZ: f64 = -228.599_167_8;

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        assert!((super::from_db(super::to_db(123.4)) - 123.4).abs() < 1e-9);
        assert!((super::to_db(2.0) - 3.0103).abs() < 1e-4);
    }
}
