//! Satellite link budget: ITU-R propagation, antennas, DVB-S2/S2X capacity (issue 5).
