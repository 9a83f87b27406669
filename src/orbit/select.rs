//! Selecting satellites from a catalog by NORAD id, exact name or name pattern.

use super::tle::ElementSet;
use thiserror::Error;

/// A selection matched nothing.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("no satellite in {catalog} matches {selector:?}; expected a NORAD id, an exact name or a pattern with * and ? (names here include: {examples})")]
pub struct NoMatch {
    pub selector: String,
    pub catalog: String,
    pub examples: String,
}

/// Case-insensitive glob match with `*` (any run) and `?` (one character).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_uppercase().chars().collect();
    let t: Vec<char> = text.to_uppercase().chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Indices of the element sets matching one selector: a NORAD id (digits or Alpha-5), an exact name
/// (case-insensitive), or a pattern with `*`/`?`.
pub fn select_indices(sets: &[ElementSet], selector: &str) -> Vec<usize> {
    let selector = selector.trim();
    if let Ok(id) = selector.parse::<u64>() {
        return sets.iter().enumerate().filter(|(_, s)| s.norad_id == id).map(|(i, _)| i).collect();
    }
    if selector.contains(['*', '?']) {
        return sets.iter().enumerate().filter(|(_, s)| glob_match(selector, &s.name)).map(|(i, _)| i).collect();
    }
    let exact: Vec<usize> =
        sets.iter().enumerate().filter(|(_, s)| s.name.eq_ignore_ascii_case(selector)).map(|(i, _)| i).collect();
    if !exact.is_empty() {
        return exact;
    }
    if let Some(id) = super::tle::parse_alpha5(selector) {
        return sets.iter().enumerate().filter(|(_, s)| s.norad_id == id).map(|(i, _)| i).collect();
    }
    Vec::new()
}

/// Element sets matching any of the selectors, in catalog order without duplicates; every selector must match.
/// No selectors selects everything.
pub fn select<'a>(sets: &'a [ElementSet], selectors: &[String], catalog: &str) -> Result<Vec<&'a ElementSet>, NoMatch> {
    if selectors.is_empty() {
        return Ok(sets.iter().collect());
    }
    let mut chosen = vec![false; sets.len()];
    for selector in selectors {
        let hits = select_indices(sets, selector);
        if hits.is_empty() {
            let examples = sets.iter().take(5).map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ");
            return Err(NoMatch { selector: selector.clone(), catalog: catalog.to_string(), examples });
        }
        for i in hits {
            chosen[i] = true;
        }
    }
    Ok(sets.iter().zip(chosen).filter(|(_, c)| *c).map(|(s, _)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("TURKSAT*", "TURKSAT 5B"));
        assert!(glob_match("*sat ?b", "TURKSAT 5B"));
        assert!(!glob_match("KAZSAT*", "TURKSAT 5B"));
    }
}
