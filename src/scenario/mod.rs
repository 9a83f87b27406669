//! Scenario comparison, satellite versus cable (issue 7).
