//! `satfiber link` and `satfiber link-map` (issue 5).

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct LinkArgs {}

#[derive(Debug, Args)]
pub struct LinkMapArgs {}

pub fn run(_args: LinkArgs) -> Result<()> {
    anyhow::bail!("link: not implemented yet")
}

pub fn run_map(_args: LinkMapArgs) -> Result<()> {
    anyhow::bail!("link-map: not implemented yet")
}
