//! `satfiber compare` (issue 7).

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct CompareArgs {}

pub fn run(_args: CompareArgs) -> Result<()> {
    anyhow::bail!("compare: not implemented yet")
}
