//! CelesTrak Orbit Mean-Elements Messages (OMM) in JSON, CSV and XML (CCSDS 502.0-B).
//!
//! Each record is turned into a map of OMM keywords and handed to the sgp4 crate's serde model, so the three
//! formats share one field mapping. Problems name the file, the line where the record starts and the keyword.

use super::tle::{Catalog, CatalogError, ElementSet, RecordError, RecordSource};
use chrono::{TimeZone, Utc};
use serde_json::{Map, Value};

/// True when the first non-blank line is a CSV header carrying OMM keywords.
pub fn looks_like_csv(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.contains(',') && l.contains("MEAN_MOTION") && l.contains("EPOCH"))
        .unwrap_or(false)
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Byte offsets of the top-level objects in a JSON array (or of the single object).
fn record_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let top_is_array = text.trim_start().starts_with('[');
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                let object_depth = if top_is_array { 1 } else { 0 };
                if b == b'{' && depth == object_depth {
                    offsets.push(i);
                }
                depth += 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    offsets
}

/// Parses OMM JSON: one object or an array of objects.
pub fn parse_json(text: &str, file: &str) -> Result<Catalog, CatalogError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        CatalogError::Records(vec![RecordError {
            file: file.to_string(),
            line: e.line(),
            column: Some(e.column()),
            field: "JSON".into(),
            problem: e.to_string(),
            expected: "an OMM JSON object or an array of them".into(),
        }])
    })?;
    let offsets = record_offsets(text);
    let records: Vec<Value> = match value {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => {
            return Err(CatalogError::Records(vec![RecordError {
                file: file.to_string(),
                line: 1,
                column: Some(1),
                field: "JSON".into(),
                problem: "top-level value is neither an object nor an array".into(),
                expected: "an OMM JSON object or an array of them".into(),
            }]))
        }
    };
    let mut catalog = Catalog::default();
    for (index, record) in records.into_iter().enumerate() {
        let line = offsets.get(index).map(|&o| line_of_offset(text, o)).unwrap_or(1);
        match record {
            Value::Object(map) => push_record(&mut catalog, map, file, line),
            _ => catalog.skipped.push(RecordError {
                file: file.to_string(),
                line,
                column: None,
                field: format!("record {}", index + 1),
                problem: "not a JSON object".into(),
                expected: "an OMM object with OBJECT_NAME, EPOCH, MEAN_MOTION, ...".into(),
            }),
        }
    }
    Ok(catalog)
}

/// Parses CelesTrak OMM CSV (header of OMM keywords, one record per row).
pub fn parse_csv(text: &str, file: &str) -> Result<Catalog, CatalogError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            CatalogError::Records(vec![RecordError {
                file: file.to_string(),
                line: 1,
                column: None,
                field: "CSV header".into(),
                problem: e.to_string(),
                expected: "a header of OMM keywords".into(),
            }])
        })?
        .clone();
    let mut catalog = Catalog::default();
    for row in reader.records() {
        match row {
            Ok(row) => {
                let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
                let map: Map<String, Value> = headers
                    .iter()
                    .zip(row.iter())
                    .filter(|(_, v)| !v.trim().is_empty())
                    .map(|(k, v)| (k.trim().to_string(), Value::String(v.trim().to_string())))
                    .collect();
                push_record(&mut catalog, map, file, line);
            }
            Err(e) => catalog.skipped.push(RecordError {
                file: file.to_string(),
                line: e.position().map(|p| p.line() as usize).unwrap_or(0),
                column: None,
                field: "CSV row".into(),
                problem: e.to_string(),
                expected: format!("{} comma-separated fields", headers.len()),
            }),
        }
    }
    Ok(catalog)
}

/// Parses CCSDS OMM XML (`<omm>` or `<ndm>` documents with one `<segment>` per satellite).
pub fn parse_xml(text: &str, file: &str) -> Result<Catalog, CatalogError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut catalog = Catalog::default();
    let mut current: Option<(usize, Map<String, Value>)> = None;
    let mut open_tag: Option<String> = None;
    loop {
        let position = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                let tag = String::from_utf8_lossy(start.local_name().as_ref()).to_string();
                if tag == "segment" {
                    current = Some((line_of_offset(text, position), Map::new()));
                }
                open_tag = Some(tag);
            }
            Ok(Event::Text(content)) => {
                if let (Some(tag), Some((_, map))) = (&open_tag, current.as_mut()) {
                    let value = content.unescape().map(|c| c.to_string()).unwrap_or_default();
                    map.insert(tag.clone(), Value::String(value.trim().to_string()));
                }
            }
            Ok(Event::End(end)) => {
                if end.local_name().as_ref() == b"segment" {
                    if let Some((line, map)) = current.take() {
                        push_record(&mut catalog, map, file, line);
                    }
                }
                open_tag = None;
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                catalog.skipped.push(RecordError {
                    file: file.to_string(),
                    line: line_of_offset(text, reader.error_position() as usize),
                    column: None,
                    field: "XML".into(),
                    problem: e.to_string(),
                    expected: "well-formed CCSDS OMM XML".into(),
                });
                break;
            }
        }
    }
    Ok(catalog)
}

const REQUIRED_KEYS: [&str; 8] = [
    "EPOCH",
    "MEAN_MOTION",
    "ECCENTRICITY",
    "INCLINATION",
    "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER",
    "MEAN_ANOMALY",
    "NORAD_CAT_ID",
];

/// A record the sgp4 model accepts, used to find which keyword of a rejected record is at fault.
const GOOD_RECORD: &str = r#"{
    "OBJECT_NAME": "X", "OBJECT_ID": "1998-067A", "EPOCH": "2020-07-12T01:19:07.402656",
    "MEAN_MOTION": 15.49560532, "ECCENTRICITY": 0.0001771, "INCLINATION": 51.6435,
    "RA_OF_ASC_NODE": 225.4004, "ARG_OF_PERICENTER": 44.9625, "MEAN_ANOMALY": 5.1087,
    "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999,
    "REV_AT_EPOCH": 23587, "BSTAR": 0.0049645, "MEAN_MOTION_DOT": 0.00289036, "MEAN_MOTION_DDOT": 0
}"#;

/// The first keyword of `map` whose value alone makes a known-good record fail to convert.
fn offending_keyword(map: &Map<String, Value>) -> Option<String> {
    let Ok(Value::Object(good)) = serde_json::from_str::<Value>(GOOD_RECORD) else { return None };
    map.iter().find_map(|(key, value)| {
        let mut probe = good.clone();
        probe.insert(key.clone(), value.clone());
        serde_json::from_value::<sgp4::Elements>(Value::Object(probe)).is_err().then(|| key.clone())
    })
}

/// Fills defaults for optional keywords, converts one record and validates its ranges.
fn push_record(catalog: &mut Catalog, mut map: Map<String, Value>, file: &str, line: usize) {
    let err = |field: &str, problem: String, expected: &str| RecordError {
        file: file.to_string(),
        line,
        column: None,
        field: field.to_string(),
        problem,
        expected: expected.to_string(),
    };
    for key in REQUIRED_KEYS {
        if !map.contains_key(key) {
            catalog.skipped.push(err(key, "missing".into(), "every OMM mean-element keyword"));
            return;
        }
    }
    for (key, default) in [
        ("EPHEMERIS_TYPE", "0"),
        ("CLASSIFICATION_TYPE", "U"),
        ("ELEMENT_SET_NO", "0"),
        ("REV_AT_EPOCH", "0"),
        ("BSTAR", "0"),
        ("MEAN_MOTION_DOT", "0"),
        ("MEAN_MOTION_DDOT", "0"),
    ] {
        map.entry(key).or_insert_with(|| Value::String(default.into()));
    }
    // Numbers given as JSON strings or floats are both accepted by the sgp4 model; catalog numbers may be Alpha-5.
    if let Some(Value::String(id)) = map.get("NORAD_CAT_ID").cloned() {
        match super::tle::parse_alpha5(&id).or_else(|| id.trim().parse().ok()) {
            Some(n) => {
                map.insert("NORAD_CAT_ID".into(), Value::from(n));
            }
            None => {
                catalog.skipped.push(err("NORAD_CAT_ID", format!("{id:?}"), "a catalog number"));
                return;
            }
        }
    }
    if let Some(Value::String(epoch)) = map.get("EPOCH").cloned() {
        // The sgp4 model wants no zone suffix.
        let trimmed = epoch.trim().trim_end_matches('Z').to_string();
        map.insert("EPOCH".into(), Value::String(trimmed));
    }
    let elements: sgp4::Elements = match serde_json::from_value(Value::Object(map.clone())) {
        Ok(e) => e,
        Err(e) => {
            let field = offending_keyword(&map).unwrap_or_else(|| "record".to_string());
            let problem = match map.get(&field) {
                Some(value) => format!("{value}: {e}"),
                None => e.to_string(),
            };
            catalog.skipped.push(err(&field, problem, "OMM keywords with numeric values and an ISO-8601 EPOCH"));
            return;
        }
    };
    if let Err((key, problem, expected)) = super::tle::check_physical(&elements) {
        catalog.skipped.push(err(key, problem, &expected));
        return;
    }
    let name = elements.object_name.clone().unwrap_or_else(|| format!("NORAD {}", elements.norad_id));
    catalog.sets.push(ElementSet {
        name,
        norad_id: elements.norad_id,
        international_designator: elements.international_designator.clone().unwrap_or_default(),
        epoch: Utc.from_utc_datetime(&elements.datetime),
        elements,
        source: RecordSource { file: file.to_string(), line },
    });
}

#[cfg(test)]
mod tests {
    use super::super::tle::{Catalog, ParseOptions};

    const ISS_JSON: &str = r#"[{
        "OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH": "2020-07-12T01:19:07.402656",
        "MEAN_MOTION": 15.49560532, "ECCENTRICITY": 0.0001771, "INCLINATION": 51.6435,
        "RA_OF_ASC_NODE": 225.4004, "ARG_OF_PERICENTER": 44.9625, "MEAN_ANOMALY": 5.1087,
        "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999,
        "REV_AT_EPOCH": 23587, "BSTAR": 0.0049645, "MEAN_MOTION_DOT": 0.00289036, "MEAN_MOTION_DDOT": 0
    }]"#;

    #[test]
    fn json_csv_and_xml_agree() {
        let json = Catalog::parse_str(ISS_JSON, "iss.json", ParseOptions::default()).unwrap();
        assert_eq!(json.sets[0].norad_id, 25544);
        let csv = "OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT\nISS (ZARYA),1998-067A,2020-07-12T01:19:07.402656,15.49560532,.0001771,51.6435,225.4004,44.9625,5.1087,0,U,25544,999,23587,.0049645,.00289036,0\n";
        let csv = Catalog::parse_str(csv, "iss.csv", ParseOptions::default()).unwrap();
        assert_eq!(csv.sets[0].elements, json.sets[0].elements);
        let xml = r#"<?xml version="1.0"?><ndm><omm><body><segment><metadata><OBJECT_NAME>ISS (ZARYA)</OBJECT_NAME><OBJECT_ID>1998-067A</OBJECT_ID></metadata><data><meanElements><EPOCH>2020-07-12T01:19:07.402656</EPOCH><MEAN_MOTION>15.49560532</MEAN_MOTION><ECCENTRICITY>.0001771</ECCENTRICITY><INCLINATION>51.6435</INCLINATION><RA_OF_ASC_NODE>225.4004</RA_OF_ASC_NODE><ARG_OF_PERICENTER>44.9625</ARG_OF_PERICENTER><MEAN_ANOMALY>5.1087</MEAN_ANOMALY></meanElements><tleParameters><EPHEMERIS_TYPE>0</EPHEMERIS_TYPE><CLASSIFICATION_TYPE>U</CLASSIFICATION_TYPE><NORAD_CAT_ID>25544</NORAD_CAT_ID><ELEMENT_SET_NO>999</ELEMENT_SET_NO><REV_AT_EPOCH>23587</REV_AT_EPOCH><BSTAR>.0049645</BSTAR><MEAN_MOTION_DOT>.00289036</MEAN_MOTION_DOT><MEAN_MOTION_DDOT>0</MEAN_MOTION_DDOT></tleParameters></data></segment></body></omm></ndm>"#;
        let xml = Catalog::parse_str(xml, "iss.xml", ParseOptions::default()).unwrap();
        assert_eq!(xml.sets[0].elements, json.sets[0].elements);
    }

    #[test]
    fn impossible_values_are_skipped_naming_the_keyword() {
        for (from, to, keyword) in [
            ("\"MEAN_ANOMALY\": 5.1087", "\"MEAN_ANOMALY\": \"NaN\"", "MEAN_ANOMALY"),
            ("\"RA_OF_ASC_NODE\": 225.4004", "\"RA_OF_ASC_NODE\": \"inf\"", "RA_OF_ASC_NODE"),
            ("\"MEAN_MOTION\": 15.49560532", "\"MEAN_MOTION\": 1e-300", "MEAN_MOTION"),
            ("\"MEAN_MOTION\": 15.49560532", "\"MEAN_MOTION\": 99.99999999", "MEAN_MOTION"),
            ("\"ECCENTRICITY\": 0.0001771", "\"ECCENTRICITY\": 0.9999999", "ECCENTRICITY"),
            ("2020-07-12T01:19:07.402656", "+99999-07-12T01:19:07.402656", "EPOCH"),
            ("2020-07-12T01:19:07.402656", "not a time", "EPOCH"),
            ("\"INCLINATION\": 51.6435", "\"INCLINATION\": \"abc\"", "INCLINATION"),
        ] {
            let text = ISS_JSON.replace(from, to);
            assert_ne!(text, ISS_JSON, "{to}");
            let catalog = Catalog::parse_str(&text, "bad.json", ParseOptions::default());
            let message = match catalog {
                Ok(c) => panic!("{to}: accepted {:?}", c.sets[0].elements),
                Err(e) => e.to_string(),
            };
            assert!(message.contains(&format!("bad.json:1: {keyword}:")), "{to}: {message}");
        }
    }

    #[test]
    fn json_bad_record_is_skipped_with_its_line() {
        let text = ISS_JSON.replace("[{", "[{\"OBJECT_NAME\": \"BAD\", \"EPOCH\": \"x\"},\n{");
        let catalog = Catalog::parse_str(&text, "two.json", ParseOptions::default()).unwrap();
        assert_eq!(catalog.sets.len(), 1);
        assert_eq!(catalog.skipped.len(), 1);
        assert_eq!(catalog.skipped[0].line, 1);
        assert!(Catalog::parse_str(&text, "two.json", ParseOptions { strict: true, verify_checksum: true }).is_err());
    }
}
