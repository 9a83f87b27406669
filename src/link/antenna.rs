//! Antennas and receive noise: parabolic gain, beamwidth, pointing loss, system noise temperature, G/T.

use super::itu::SPEED_OF_LIGHT_M_S;
use crate::units::to_db;

/// Reference temperature for noise figure, K.
pub const T0_K: f64 = 290.0;

/// Gain of a parabolic reflector, dBi: 10 log10(η (π D f / c)²). `diameter_m` in m, `frequency_ghz` in GHz.
pub fn parabolic_gain_dbi(diameter_m: f64, frequency_ghz: f64, efficiency: f64) -> f64 {
    let x = std::f64::consts::PI * diameter_m * frequency_ghz * 1e9 / SPEED_OF_LIGHT_M_S;
    to_db(efficiency * x * x)
}

/// Half-power beamwidth of a parabolic reflector, degrees (≈ 70 λ / D).
pub fn half_power_beamwidth_deg(diameter_m: f64, frequency_ghz: f64) -> f64 {
    70.0 * SPEED_OF_LIGHT_M_S / (frequency_ghz * 1e9) / diameter_m
}

/// Pointing loss for an error `error_deg` off boresight, dB: 12 (Δθ / θ_3dB)².
pub fn pointing_loss_db(error_deg: f64, beamwidth_deg: f64) -> f64 {
    12.0 * (error_deg / beamwidth_deg).powi(2)
}

/// Noise temperature of an amplifier from its noise figure, K: T = 290 (10^(NF/10) − 1).
pub fn noise_temperature_from_nf_k(noise_figure_db: f64) -> f64 {
    T0_K * (10f64.powf(noise_figure_db / 10.0) - 1.0)
}

/// Figure of merit G/T, dB/K, from the antenna gain (dBi) and the system noise temperature (K).
pub fn g_over_t_dbk(gain_dbi: f64, system_noise_k: f64) -> f64 {
    gain_dbi - to_db(system_noise_k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// link_budget.md §2: 1.2 m, η 0.65 → 41.7 dBi at 12 GHz, 46.1 dBi at 20 GHz (printed to 0.1 dB).
    #[test]
    fn parabolic_gain_matches_notes() {
        assert!((parabolic_gain_dbi(1.2, 12.0, 0.65) - 41.7).abs() < 0.05);
        assert!((parabolic_gain_dbi(1.2, 20.0, 0.65) - 46.1).abs() < 0.05);
    }

    #[test]
    fn pointing_loss_at_half_beamwidth_is_3_db() {
        let bw = half_power_beamwidth_deg(1.2, 12.0);
        assert!((pointing_loss_db(bw / 2.0, bw) - 3.0).abs() < 1e-12);
        assert!((noise_temperature_from_nf_k(3.0103) - 290.0).abs() < 0.01);
    }
}
