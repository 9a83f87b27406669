//! Charts for the coverage subcommand.
