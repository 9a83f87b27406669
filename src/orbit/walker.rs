//! Walker-delta constellation generator (issue 4 fills this in).
