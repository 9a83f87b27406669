//! DVB-S2 / DVB-S2X MODCOD table (configs/dvbs2_modcods.csv): spectral efficiency and required Es/N0.

use serde::Serialize;

use super::LinkError;

/// The bundled table text: 28 DVB-S2 (EN 302 307-1 Table 13) + 39 DVB-S2X normal-frame (EN 302 307-2 Table 20a).
pub const DEFAULT_MODCODS_CSV: &str = include_str!("../../configs/dvbs2_modcods.csv");

/// One MODCOD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Modcod {
    /// "DVB-S2" or "DVB-S2X".
    pub standard: String,
    /// Name as in the standard, e.g. "16APSK 2/3" ("-L": linear-channel constellations of S2X).
    pub name: String,
    pub modulation: String,
    pub code_rate: String,
    /// Net bits per PL-frame symbol without pilots.
    pub spectral_eff_no_pilots: f64,
    /// Net bits per PL-frame symbol with pilots on.
    pub spectral_eff_pilots: f64,
    /// Ideal Es/N0 for quasi-error-free operation on AWGN, dB (no implementation margin).
    pub esn0_ideal_db: f64,
}

impl Modcod {
    /// Spectral efficiency, bit/symbol, with or without pilots.
    pub fn spectral_eff(&self, pilots: bool) -> f64 {
        if pilots {
            self.spectral_eff_pilots
        } else {
            self.spectral_eff_no_pilots
        }
    }

    /// "DVB-S2X 16APSK-L 2/3" style label.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.standard.trim_start_matches("DVB-"))
    }
}

/// A MODCOD table, sorted by ideal Es/N0 then spectral efficiency.
#[derive(Debug, Clone, PartialEq)]
pub struct ModcodTable {
    pub modcods: Vec<Modcod>,
}

impl ModcodTable {
    /// The bundled DVB-S2 + S2X table.
    pub fn bundled() -> &'static ModcodTable {
        static TABLE: std::sync::OnceLock<ModcodTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            ModcodTable::parse(DEFAULT_MODCODS_CSV, "configs/dvbs2_modcods.csv").expect("bundled MODCOD table parses")
        })
    }

    /// Parses a table with header `standard,modcod,modulation,code_rate,spectral_eff_computed_no_pilots,
    /// spectral_eff_computed_pilots_on,esn0_ideal_db` (lines starting with `#` are comments).
    pub fn parse(text: &str, file: &str) -> Result<ModcodTable, LinkError> {
        let bad = |line: usize, what: String| LinkError::Config { file: file.to_string(), line, message: what };
        let mut modcods = Vec::new();
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            if !header_seen {
                header_seen = true;
                if cols.first() != Some(&"standard") {
                    return Err(bad(i + 1, "expected the header line starting with `standard,modcod`".into()));
                }
                continue;
            }
            if cols.len() != 7 {
                return Err(bad(i + 1, format!("expected 7 comma-separated fields, found {}", cols.len())));
            }
            let num = |k: usize, name: &str| -> Result<f64, LinkError> {
                cols[k]
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(i + 1, format!("field {name} = {:?} is not a number", cols[k])))
            };
            modcods.push(Modcod {
                standard: cols[0].to_string(),
                name: cols[1].to_string(),
                modulation: cols[2].to_string(),
                code_rate: cols[3].to_string(),
                spectral_eff_no_pilots: num(4, "spectral_eff_computed_no_pilots")?,
                spectral_eff_pilots: num(5, "spectral_eff_computed_pilots_on")?,
                esn0_ideal_db: num(6, "esn0_ideal_db")?,
            });
        }
        if modcods.is_empty() {
            return Err(bad(0, "no MODCOD rows".into()));
        }
        modcods.sort_by(|a, b| {
            a.esn0_ideal_db
                .total_cmp(&b.esn0_ideal_db)
                .then(a.spectral_eff_no_pilots.total_cmp(&b.spectral_eff_no_pilots))
        });
        Ok(ModcodTable { modcods })
    }

    /// The MODCOD with the highest spectral efficiency whose required Es/N0 (ideal + `implementation_margin_db`)
    /// is at most `esn0_db`; `None` when even the most robust one does not close.
    pub fn best(&self, esn0_db: f64, implementation_margin_db: f64, pilots: bool) -> Option<&Modcod> {
        let mut best: Option<&Modcod> = None;
        for m in &self.modcods {
            if m.esn0_ideal_db + implementation_margin_db <= esn0_db {
                let better = match best {
                    None => true,
                    Some(b) => m.spectral_eff(pilots) > b.spectral_eff(pilots),
                };
                if better {
                    best = Some(m);
                }
            }
        }
        best
    }

    /// Looks a MODCOD up by name (case-insensitive; "16APSK 2/3" or "DVB-S2X 16APSK-L 2/3").
    pub fn find(&self, name: &str) -> Result<&Modcod, LinkError> {
        let wanted = name.trim().to_ascii_lowercase();
        let matches: Vec<&Modcod> = self
            .modcods
            .iter()
            .filter(|m| {
                m.name.to_ascii_lowercase() == wanted
                    || format!("{} {}", m.standard, m.name).to_ascii_lowercase() == wanted
                    || m.label().to_ascii_lowercase() == wanted
            })
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(LinkError::UnknownModcod(name.to_string())),
            [first, ..] => Ok(first),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_has_67_modcods() {
        let t = ModcodTable::bundled();
        assert_eq!(t.modcods.len(), 67);
        let q = t.find("QPSK 1/4").unwrap();
        assert_eq!(q.esn0_ideal_db, -2.35);
        assert!(t.best(-10.0, 0.0, true).is_none());
        // 16APSK 2/3 (S2) needs 8.97 dB ideal; with Es/N0 = 9.97 and 1 dB margin it (or better) closes.
        let b = t.best(9.97, 1.0, true).unwrap();
        assert!(b.esn0_ideal_db <= 8.97 + 1e-9);
        assert!(ModcodTable::parse("standard,modcod\nx", "f.csv").is_err());
    }
}
