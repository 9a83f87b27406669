//! Charts for the compare subcommand.
