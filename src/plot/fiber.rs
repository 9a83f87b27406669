//! Charts for the fiber subcommand.
