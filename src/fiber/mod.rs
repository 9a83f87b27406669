//! Submarine fiber: route, spans, amplifiers, GN-model NLI, transceivers, capacity, cost (issue 6).
