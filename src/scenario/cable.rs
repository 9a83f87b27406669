//! Cable protection: 1+1 over two diverse routes.
//!
//! A cable option may name `protection_routes`: a second, route-disjoint network (for the Caspian, the
//! Kuryk–Buzovna reserve route of the 2023 plan, ~330 km, beside the Aktau–Siyazan/Sumgait main route:
//! ../shared/data/fiber/trans_caspian_and_submarine_facts.md). Each demand's working path is the shortest
//! path over the option's `routes`; its protection path the shortest over `routes` + `protection_routes`
//! that avoids the working path's submarine routes (terrestrial tails may be shared). In 1+1 the traffic is
//! sent on both and the receiver selects, so with independent route failures (each route 1/(1 + λT)):
//! * availability = Π(shared routes) × [1 − (1 − Π(working-only routes))(1 − Π(protection-only routes))];
//! * every protection-only route carries the demand too (its capacity is a resource of the option);
//! * latency is the working path's; the protection path's is reported beside it.

use super::compare::{shortest_path, DemandResult};
use super::config::{Ctx, Route, RouteKind, ScenarioError, S};
use super::Scenario;

/// Route indices of `protection_routes`, each known, listed once, and not one of the working `routes`.
pub(super) fn protection_indices(
    ctx: &Ctx,
    names: &S<Vec<S<String>>>,
    routes: &[Route],
    working: &[usize],
) -> Result<Vec<usize>, ScenarioError> {
    let mut idx = Vec::new();
    for n in names.get_ref() {
        let name = n.get_ref().trim();
        let i = routes.iter().position(|r| r.name.eq_ignore_ascii_case(name)).ok_or_else(|| {
            let known = routes.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ");
            ctx.err(
                n.span(),
                "option.protection_routes",
                format!("unknown route {name:?}"),
                &format!("one of the [[route]] names: {known}"),
            )
        })?;
        if working.contains(&i) {
            return Err(ctx.err(
                n.span(),
                "option.protection_routes",
                format!("route {name:?} is also a working route (not diverse)"),
                "routes disjoint from `routes`",
            ));
        }
        if idx.contains(&i) {
            return Err(ctx.err(
                n.span(),
                "option.protection_routes",
                format!("route {name:?} listed twice"),
                "each route once",
            ));
        }
        idx.push(i);
    }
    if idx.is_empty() {
        return Err(ctx.err(names.span(), "option.protection_routes", "empty list", "at least one route"));
    }
    Ok(idx)
}

/// Applies 1+1 protection to the served demands: availability, path text, loads on the protection routes.
/// `figures(r)` = (one-way latency ms, availability 0–1) of route r. Returns a note for the basis strings.
pub(super) fn protect(
    scenario: &Scenario,
    working_routes: &[usize],
    protection: &[usize],
    equipment_latency_ms: f64,
    demands: &mut [DemandResult],
    load: &mut [f64],
    figures: &dyn Fn(usize) -> (f64, f64),
) -> String {
    if protection.is_empty() {
        return String::new();
    }
    let mut notes = Vec::new();
    for (d, r) in scenario.demands.iter().zip(demands.iter_mut()) {
        if !r.reachable {
            continue;
        }
        let Some(work) = shortest_path(scenario, working_routes, d.from, d.to.site()) else {
            continue;
        };
        // The protection path avoids the working path's submarine routes; other routes may be shared.
        let allowed: Vec<usize> = working_routes
            .iter()
            .chain(protection)
            .copied()
            .filter(|i| !(work.contains(i) && scenario.routes[*i].kind == RouteKind::Submarine))
            .collect();
        let Some(prot) = shortest_path(scenario, &allowed, d.from, d.to.site()) else {
            notes.push(format!("{}: no diverse path, unprotected", d.name));
            continue;
        };
        let a = |routes: &mut dyn Iterator<Item = &usize>| -> f64 { routes.map(|&i| figures(i).1).product() };
        let shared = a(&mut work.iter().filter(|i| prot.contains(i)));
        let work_only = a(&mut work.iter().filter(|i| !prot.contains(i)));
        let prot_only = a(&mut prot.iter().filter(|i| !work.contains(i)));
        r.availability_percent = 100.0 * shared * (1.0 - (1.0 - work_only) * (1.0 - prot_only));
        for &i in prot.iter().filter(|i| !work.contains(i)) {
            load[i] += d.rate_gbps;
        }
        let latency: f64 = prot.iter().map(|&i| figures(i).0).sum::<f64>() + prot.len() as f64 * equipment_latency_ms;
        let names = prot.iter().map(|&i| scenario.routes[i].name.as_str()).collect::<Vec<_>>().join(" + ");
        r.path = format!("{} (1+1 protection: {names}, {latency:.3} ms)", r.path);
        notes.push(format!(
            "{}: shared {:.5} % × parallel(working {:.5} %, protection {:.5} %)",
            d.name,
            shared * 100.0,
            work_only * 100.0,
            prot_only * 100.0
        ));
    }
    format!(
        "; 1+1 protected: A = Π(shared routes) × [1 − (1 − Π working-only)(1 − Π protection-only)], routes fail independently ({})",
        notes.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use crate::scenario::config::OptionModel;
    use crate::scenario::{compare, Scenario, DEFAULT_SCENARIO_TOML};
    use std::path::Path;

    /// The default scenario's protected demands against the formula written out from the route inputs:
    /// terrestrial 1/(1 + λT) with λ = faults per 1000 km·yr × L / 1000, T = repair days / 365.25; submarine
    /// from the fiber model's report.
    #[test]
    fn protected_availability_is_shared_times_parallel_paths() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
        let s = Scenario::parse(DEFAULT_SCENARIO_TOML, "configs/caspian.toml", &base).unwrap();
        let spec = match &s.options[0].model {
            OptionModel::Cable(c) => c.clone(),
            _ => panic!("first option is the cable"),
        };
        assert_eq!(spec.protection.len(), 3);
        let a = |name: &str| -> f64 {
            let r = s.routes.iter().position(|r| r.name == name).unwrap();
            match spec.submarine.iter().find(|x| x.0 == r) {
                Some((_, report)) => report.availability,
                None => {
                    let route = &s.routes[r];
                    let lt = route.fault_rate_per_1000km_year * route.length_km / 1000.0 * route.repair_days / 365.25;
                    1.0 / (1.0 + lt)
                }
            }
        };
        let work = a("Baku-Sumgait") * a("Sumgait-Aktau");
        let prot = a("Baku-Buzovna") * a("Buzovna-Kuryk") * a("Kuryk-Aktau");
        let parallel = 1.0 - (1.0 - work) * (1.0 - prot);
        let c = compare(&s).unwrap();
        let cable = c.options.iter().find(|o| o.kind == "cable").unwrap();
        for (demand, shared) in
            [("Baku-Aktau", 1.0), ("Baku-Almaty", a("Aktau-Almaty")), ("Baku-Tashkent area", a("Aktau-Tashkent"))]
        {
            let d = cable.demands.iter().find(|d| d.demand == demand).unwrap();
            let expected = 100.0 * shared * parallel;
            assert!(
                (d.availability_percent - expected).abs() < 1e-9,
                "{demand}: {} vs {expected}",
                d.availability_percent
            );
            assert!(d.path.contains("1+1 protection: Baku-Buzovna + Buzovna-Kuryk + Kuryk-Aktau"), "{}", d.path);
        }
        // Unprotected, the same demand is the series product: protection must raise it.
        assert!(100.0 * work < 100.0 * parallel);
    }
}
