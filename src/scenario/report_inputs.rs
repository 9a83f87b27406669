//! The scenario's inputs as written, for the report's audit section: every `key = value` line of the scenario
//! file with its section, its owner (the option, route, site or demand it belongs to) and its comment, flagged
//! `[assumed]` where the file's comment says so. Read from the file text line by line (TOML's comments are not
//! part of its data model), after the scenario has been validated.

/// One input line of the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct InputLine {
    /// `option`, `route`, `site`, `demand`, `scenario` (the table the key belongs to).
    pub table: String,
    /// The owner's `name` (empty before the name is known, or for `[scenario]`).
    pub owner: String,
    /// Key with its sub-table prefix (`design.fiber_pairs`).
    pub key: String,
    /// Value as written.
    pub value: String,
    /// The trailing comment, without `#`.
    pub comment: String,
    /// The comment says `[assumed]`.
    pub assumed: bool,
    /// 1-based line number in the file.
    pub line: usize,
}

/// Splits `text` at the first `#` outside a quoted string.
fn split_comment(text: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"') | (None, '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return (&text[..i], &text[i + 1..]),
            _ => {}
        }
    }
    (text, "")
}

/// Every `key = value` line of a scenario file, in file order. Lines that are not key lines (headers,
/// comments, continuation lines of a multi-line array) are skipped; the owner of keys given before their
/// table's `name` is filled in once the name is seen.
pub fn input_lines(text: &str) -> Vec<InputLine> {
    let mut out: Vec<InputLine> = Vec::new();
    let mut table = String::new();
    let mut prefix = String::new();
    let mut block_start = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            let header = line.trim_start_matches('[');
            let header = header.split(']').next().unwrap_or("").trim();
            let mut parts = header.splitn(2, '.');
            let head = parts.next().unwrap_or("").to_string();
            let rest = parts.next().unwrap_or("").to_string();
            if line.starts_with("[[") || rest.is_empty() {
                table = head;
                prefix.clear();
                block_start = out.len();
            } else {
                // [option.design]: a sub-table of the current array element.
                prefix = format!("{rest}.");
            }
            continue;
        }
        let (code, comment) = split_comment(line);
        let Some((key, value)) = code.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() || key.contains(' ') || key.starts_with('#') {
            continue;
        }
        let value = value.trim().to_string();
        if key == "name" && prefix.is_empty() {
            let name = value.trim_matches('"').to_string();
            for l in &mut out[block_start..] {
                l.owner = name.clone();
            }
        }
        let owner =
            out.get(block_start).filter(|_| out.len() > block_start).map(|l| l.owner.clone()).unwrap_or_default();
        let comment = comment.trim().to_string();
        out.push(InputLine {
            table: table.clone(),
            owner: if key == "name" && prefix.is_empty() { value.trim_matches('"').to_string() } else { owner },
            key: format!("{prefix}{key}"),
            value,
            assumed: comment.contains("[assumed]"),
            comment,
            line: i + 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_lines_keep_owner_sub_table_and_assumed_flags() {
        let text = "[scenario]\nname = \"s\"\n[[option]]\nname = \"Cable # 1\"\nkind = \"cable\"\n\
                    group_index = 1.468 # measured\n[option.design]\nfiber_pairs = 4   # [assumed] pairs\n\
                    [[option]]\nkind = \"geo\"\nname = \"G\"\ndish_m = 4.5 # [assumed]\n";
        let lines = input_lines(text);
        let find = |key: &str, owner: &str| lines.iter().find(|l| l.key == key && l.owner == owner).cloned();
        let pairs = find("design.fiber_pairs", "Cable # 1").expect("design key of the first option");
        assert!(pairs.assumed && pairs.value == "4" && pairs.line == 8 && pairs.table == "option");
        assert!(!find("group_index", "Cable # 1").unwrap().assumed);
        assert_eq!(find("kind", "G").unwrap().value, "\"geo\"", "keys before the name get the owner too");
        assert!(find("dish_m", "G").unwrap().assumed);
        assert_eq!(find("name", "Cable # 1").unwrap().comment, "", "a # inside a string is not a comment");
    }
}
