//! The link budget over a latitude/longitude grid (`satfiber link-map`).
