//! Subcommands: one struct per subcommand, shared flag groups in [`common`].

pub mod common;
mod compare;
mod coverage;
mod fiber;
mod link;
mod network;
mod propagate;
mod tle;
mod windows;

use clap::{Parser, Subcommand};

/// satfiber: satellite and submarine-fiber capacity planner for the Turkic states region.
#[derive(Debug, Parser)]
#[command(name = "satfiber", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Element-set catalogs: validate and summarise.
    #[command(subcommand)]
    Tle(tle::TleCommand),
    /// Ephemeris of selected satellites in TEME, Earth-fixed, geodetic or look-angle form.
    Propagate(propagate::PropagateArgs),
    /// Visibility windows (AOS, culmination, LOS) of satellites from stations.
    Windows(windows::WindowsArgs),
    /// Satellite eclipse windows and the eclipse-season summary.
    Eclipse(windows::EclipseArgs),
    /// GEO sun-outage windows at a ground station.
    SunOutage(windows::SunOutageArgs),
    /// Coverage figures of merit over a regional grid.
    Coverage(coverage::CoverageCli),
    /// Generate constellations as TLE files.
    #[command(subcommand)]
    Constellation(coverage::ConstellationCommand),
    /// Satellite link budget, capacity and availability.
    Link(link::LinkArgs),
    /// Link budget over a regional grid: margin or throughput map.
    LinkMap(link::LinkMapArgs),
    /// Submarine fiber design: spans, OSNR/NLI/GSNR, capacity, latency, availability, cost.
    Fiber(fiber::FiberArgs),
    /// Compare satellite and cable options for a scenario (the main job).
    Compare(compare::CompareArgs),
    /// LEO network RTT between ground endpoints over ISLs (+Grid) or bent pipe, per step and per pair.
    Network(network::NetworkArgs),
}

/// An error in the user's input (flags, files, configs): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct InputError(#[from] pub anyhow::Error);

/// Wraps any error as an input error (exit code 2).
pub fn input_error<E: Into<anyhow::Error>>(error: E) -> anyhow::Error {
    anyhow::Error::new(InputError(error.into()))
}

/// Exit code for an error: 2 when any error in the chain is an input error, 1 otherwise.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.chain().any(|e| e.downcast_ref::<InputError>().is_some()) {
        2
    } else {
        1
    }
}

/// True when the error is a write to a closed pipe (`satfiber ... | head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().map(|io| io.kind() == std::io::ErrorKind::BrokenPipe).unwrap_or(false)
    })
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Tle(command) => tle::run(command),
        Command::Propagate(args) => propagate::run(args),
        Command::Windows(args) => windows::run_windows(args),
        Command::Eclipse(args) => windows::run_eclipse(args),
        Command::SunOutage(args) => windows::run_sun_outage(args),
        Command::Coverage(cli) => coverage::run_cli(cli),
        Command::Constellation(command) => coverage::run_constellation(command),
        Command::Link(args) => link::run(args),
        Command::LinkMap(args) => link::run_map(args),
        Command::Fiber(args) => fiber::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Network(args) => network::run(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
