//! The `satfiber` command line: parses arguments, calls the library, prints errors with their chain.
//! Exit codes: 0 ok, 1 failure while running, 2 bad usage or input.

#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Ctrl-C anywhere: outputs in progress removed, "interrupted: nothing written", exit 130.
    if let Err(message) = satfiber::interrupt::install() {
        eprintln!("warning: {message}");
    }
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if cli::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(cli::exit_code(&error))
        }
    }
}
