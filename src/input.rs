//! Reading input files with a size cap, so a huge or endless file (`/dev/zero` given as a catalog) fails fast
//! with a clear error instead of exhausting memory.

use std::io::Read;
use std::path::Path;

/// Largest element-set catalog read (TLE or OMM), bytes: 256 MiB (about 1.7 million three-line TLEs).
pub const MAX_CATALOG_BYTES: u64 = 256 << 20;
/// Largest configuration file read (scenario, stations, regions, satellites TOML), bytes: 16 MiB.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// The file's bytes, or an `InvalidData` error when it holds more than `max_bytes` (read stops there).
pub fn read_capped(path: &Path, max_bytes: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "is a folder, not a file"));
        }
    }
    let mut bytes = Vec::new();
    file.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than the {} MiB limit for this kind of file", max_bytes >> 20),
        ));
    }
    Ok(bytes)
}

/// The file's text (UTF-8), capped as [`read_capped`].
pub fn read_to_string_capped(path: &Path, max_bytes: u64) -> std::io::Result<String> {
    String::from_utf8(read_capped(path, max_bytes)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not UTF-8 text: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_the_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        std::fs::write(&path, vec![b'a'; 2048]).unwrap();
        assert_eq!(read_capped(&path, 2048).unwrap().len(), 2048);
        let err = read_capped(&path, 1024).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(read_to_string_capped(dir.path(), 1024).is_err());
    }
}
