//! Coverage engine: grids, figures of merit (issue 4).
