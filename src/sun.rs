//! Sun position, eclipses and sun-outage geometry (issue 3).
