//! Charts for the windows subcommand.
