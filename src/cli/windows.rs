//! `satfiber windows`, `eclipse`, `sun-outage` (issue 3).

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct WindowsArgs {}

#[derive(Debug, Args)]
pub struct EclipseArgs {}

#[derive(Debug, Args)]
pub struct SunOutageArgs {}

pub fn run_windows(_args: WindowsArgs) -> Result<()> {
    anyhow::bail!("windows: not implemented yet")
}

pub fn run_eclipse(_args: EclipseArgs) -> Result<()> {
    anyhow::bail!("eclipse: not implemented yet")
}

pub fn run_sun_outage(_args: SunOutageArgs) -> Result<()> {
    anyhow::bail!("sun-outage: not implemented yet")
}
