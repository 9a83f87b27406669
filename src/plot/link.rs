//! Charts for the link subcommand.
