//! `satfiber fiber` (issue 6).

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct FiberArgs {}

pub fn run(_args: FiberArgs) -> Result<()> {
    anyhow::bail!("fiber: not implemented yet")
}
