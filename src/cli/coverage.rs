//! `satfiber coverage` and `satfiber constellation` (issue 4).

use anyhow::Result;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct CoverageArgs {}

#[derive(Debug, Subcommand)]
pub enum ConstellationCommand {
    /// Walker-delta constellation as TLEs.
    Walker(WalkerArgs),
}

#[derive(Debug, Args)]
pub struct WalkerArgs {}

pub fn run(_args: CoverageArgs) -> Result<()> {
    anyhow::bail!("coverage: not implemented yet")
}

pub fn run_constellation(_command: ConstellationCommand) -> Result<()> {
    anyhow::bail!("constellation: not implemented yet")
}
