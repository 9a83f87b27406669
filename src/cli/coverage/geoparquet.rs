//! `--format parquet`: the cell table as Apache Parquet with GeoParquet 1.0.0 metadata, written a row group at
//! a time (bounded memory) with the `parquet` crate's low-level column writers (no Arrow, no compression
//! codecs: the smallest build).
//!
//! Columns: the CSV's figures of merit at full f64 precision (CSV and JSON round them for print), integer
//! counts as INT64, and `geometry`, each cell's polygon (its four corners, counter-clockwise from the
//! south-west) as little-endian WKB. The file's key-value metadata `geo` names `geometry` the primary column,
//! encoding WKB, type Polygon, with the bounding box; no `crs` member, which GeoParquet defines as OGC:CRS84
//! (longitude, latitude on WGS 84), the grid's coordinates.

use super::output::CELL_COLUMNS;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use satfiber::coverage::{CellMetrics, CoverageResult, Grid};
use serde_json::json;
use std::io::Write;
use std::sync::Arc;

/// Cells per row group (the memory bound of the writer: about 200 bytes per cell).
const ROW_GROUP_CELLS: usize = 1 << 16;

/// A column's values from a cell.
enum Column {
    Double(fn(&CellMetrics) -> f64),
    Int(fn(&CellMetrics) -> i64),
}

/// The columns of [`CELL_COLUMNS`], in order.
const COLUMNS: [Column; 13] = [
    Column::Double(|c| c.latitude_deg),
    Column::Double(|c| c.longitude_deg),
    Column::Double(|c| c.percent_covered),
    Column::Int(|c| i64::from(c.min_in_view)),
    Column::Double(|c| c.mean_in_view),
    Column::Int(|c| i64::from(c.max_in_view)),
    Column::Int(|c| i64::from(c.gap_count)),
    Column::Double(|c| c.max_gap_s),
    Column::Double(|c| c.mean_gap_s),
    Column::Double(|c| c.time_average_gap_s),
    Column::Double(|c| c.mean_response_time_s),
    Column::Int(|c| i64::from(c.visible_steps)),
    Column::Int(|c| c.visible_pairs as i64),
];

/// The cell's polygon as WKB (byte order 1 = little-endian, type 3 = Polygon, one ring of five points).
fn polygon_wkb(grid: &Grid, c: &CellMetrics) -> Vec<u8> {
    let half = grid.step_deg / 2.0;
    let (w, e, s, n) = (c.longitude_deg - half, c.longitude_deg + half, c.latitude_deg - half, c.latitude_deg + half);
    let mut out = Vec::with_capacity(1 + 4 + 4 + 4 + 5 * 16);
    out.push(1);
    out.extend_from_slice(&3u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&5u32.to_le_bytes());
    for (x, y) in [(w, s), (e, s), (e, n), (w, n), (w, s)] {
        out.extend_from_slice(&x.to_le_bytes());
        out.extend_from_slice(&y.to_le_bytes());
    }
    out
}

/// The GeoParquet 1.0.0 `geo` metadata for the cells of `result`.
fn geo_metadata(grid: &Grid, result: &CoverageResult) -> String {
    let half = grid.step_deg / 2.0;
    let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for c in &result.cells {
        bbox[0] = bbox[0].min(c.longitude_deg - half);
        bbox[1] = bbox[1].min(c.latitude_deg - half);
        bbox[2] = bbox[2].max(c.longitude_deg + half);
        bbox[3] = bbox[3].max(c.latitude_deg + half);
    }
    let mut geometry = json!({"encoding": "WKB", "geometry_types": ["Polygon"]});
    if bbox.iter().all(|v| v.is_finite()) {
        geometry["bbox"] = json!(bbox);
    }
    json!({"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": geometry}}).to_string()
}

/// Writes the cells of `result` as GeoParquet.
pub fn write_parquet<W: Write + Send>(out: W, grid: &Grid, result: &CoverageResult) -> Result<(), ParquetError> {
    let mut message = String::from("message coverage_cells {\n");
    for (name, column) in CELL_COLUMNS.iter().zip(&COLUMNS) {
        let kind = match column {
            Column::Double(_) => "DOUBLE",
            Column::Int(_) => "INT64",
        };
        message.push_str(&format!("  REQUIRED {kind} {name};\n"));
    }
    message.push_str("  REQUIRED BINARY geometry;\n}\n");
    let schema = Arc::new(parse_message_type(&message)?);
    let properties = WriterProperties::builder()
        .set_created_by(format!("satfiber {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![KeyValue::new("geo".to_string(), geo_metadata(grid, result))]))
        .build();
    let mut writer = SerializedFileWriter::new(out, schema, Arc::new(properties))?;
    for cells in result.cells.chunks(ROW_GROUP_CELLS) {
        let mut group = writer.next_row_group()?;
        let mut index = 0;
        while let Some(mut column) = group.next_column()? {
            match COLUMNS.get(index) {
                Some(Column::Double(value)) => {
                    let values: Vec<f64> = cells.iter().map(value).collect();
                    column.typed::<DoubleType>().write_batch(&values, None, None)?;
                }
                Some(Column::Int(value)) => {
                    let values: Vec<i64> = cells.iter().map(value).collect();
                    column.typed::<Int64Type>().write_batch(&values, None, None)?;
                }
                None => {
                    let values: Vec<ByteArray> = cells.iter().map(|c| ByteArray::from(polygon_wkb(grid, c))).collect();
                    column.typed::<ByteArrayType>().write_batch(&values, None, None)?;
                }
            }
            column.close()?;
            index += 1;
        }
        group.close()?;
    }
    writer.close()?;
    Ok(())
}
