//! C2SP tlog-tiles: tile and entry-bundle paths, and the entry-bundle encoding.
//!
//! Paths are parsed strictly: anything that does not re-encode to exactly the same string is
//! rejected, so one tile has one URL and a cache or object store never holds two copies that
//! could disagree.

use crate::hash::Hash;

/// Each tile covers 8 levels of the tree.
pub const TILE_HEIGHT: u8 = 8;
/// A full tile holds 2^8 hashes (or entries).
pub const TILE_WIDTH: u16 = 256;
/// An entry's length prefix in a bundle is a u16.
pub const MAX_ENTRY_SIZE: usize = 65535;
/// The highest tile level the spec allows in a path.
pub const MAX_LEVEL: u8 = 63;

/// What a tile path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TilePath {
    /// `tile/<L>/<N>[.p/<W>]`: `width` hashes of tree level `8 * level`.
    Hashes { level: u8, index: u64, width: u16 },
    /// `tile/entries/<N>[.p/<W>]`: the entries behind level-0 tile `index`.
    Entries { index: u64, width: u16 },
}

impl TilePath {
    /// The path, as [`tile_path`] or [`entries_path`] writes it.
    pub fn to_path(&self) -> String {
        match *self {
            TilePath::Hashes { level, index, width } => tile_path(level, index, width),
            TilePath::Entries { index, width } => entries_path(index, width),
        }
    }

    /// Whether this is a partial tile (fewer than 256 hashes or entries).
    pub fn is_partial(&self) -> bool {
        let (TilePath::Hashes { width, .. } | TilePath::Entries { width, .. }) = *self;
        width < TILE_WIDTH
    }
}

/// Why a tile path, tile or entry bundle was rejected.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TileError {
    #[error("{path:?} is not a canonical tile path ({reason}); expected e.g. tile/0/x001/234, tile/1/005.p/17 or tile/entries/000")]
    BadPath { path: String, reason: &'static str },
    #[error("entry bundle is cut short: entry {entry} at byte {offset} needs {needed} more bytes but only {available} remain")]
    TruncatedBundle { entry: usize, offset: usize, needed: usize, available: usize },
    #[error("entry bundle holds more than {TILE_WIDTH} entries; a bundle covers one level-0 tile")]
    TooManyEntries,
    #[error("tile data is {len} bytes; a tile is 1 to 256 hashes of 32 bytes each")]
    BadTileLength { len: usize },
}

/// The path of tile (`level`, `index`) of `width` hashes: `tile/<L>/<N>` for a full tile,
/// `tile/<L>/<N>.p/<W>` for a partial one.
///
/// # Panics
/// If `level` > 63 or `width` is not in 1..=256: such a tile cannot exist, so asking for its
/// path is a bug in the caller.
pub fn tile_path(level: u8, index: u64, width: u16) -> String {
    assert!(level <= MAX_LEVEL, "tile level {level} is above the maximum of {MAX_LEVEL}");
    format!("tile/{level}/{}", index_and_width(index, width))
}

/// The path of the entry bundle behind level-0 tile `index`: `tile/entries/<N>[.p/<W>]`.
///
/// # Panics
/// If `width` is not in 1..=256.
pub fn entries_path(index: u64, width: u16) -> String {
    format!("tile/entries/{}", index_and_width(index, width))
}

fn index_and_width(index: u64, width: u16) -> String {
    assert!((1..=TILE_WIDTH).contains(&width), "tile width {width} is outside 1..={TILE_WIDTH}");
    // Groups of three digits, all but the last prefixed with 'x', so that no path is both a
    // file and a directory when tiles are stored as files.
    let digits = index.to_string();
    let padded = format!("{}{digits}", "0".repeat((3 - digits.len() % 3) % 3));
    let groups = padded.len() / 3;
    let mut out = String::with_capacity(padded.len() + 2 * groups + 8);
    for i in 0..groups {
        if i + 1 < groups {
            out.push('x');
        }
        out.push_str(&padded[3 * i..3 * i + 3]);
        if i + 1 < groups {
            out.push('/');
        }
    }
    if width < TILE_WIDTH {
        out.push_str(&format!(".p/{width}"));
    }
    out
}

/// Parses a tile or entry-bundle path (relative to the log prefix, without a leading '/').
pub fn parse_tile_path(path: &str) -> Result<TilePath, TileError> {
    let bad = |reason| TileError::BadPath { path: path.to_owned(), reason };
    let rest = path.strip_prefix("tile/").ok_or_else(|| bad("it does not start with tile/"))?;
    let mut segments: Vec<&str> = rest.split('/').collect();
    let kind = segments.remove(0);
    let level = if kind == "entries" {
        None
    } else {
        Some(
            parse_decimal(kind)
                .filter(|&l| l <= u64::from(MAX_LEVEL))
                .ok_or_else(|| bad("the level is not a number from 0 to 63"))? as u8,
        )
    };

    let mut width = TILE_WIDTH;
    if segments.len() >= 2 {
        let n = segments.len();
        if let Some(last_group) = segments[n - 2].strip_suffix(".p") {
            width = parse_decimal(segments[n - 1])
                .filter(|w| (1..u64::from(TILE_WIDTH)).contains(w))
                .ok_or_else(|| bad("the partial width is not a number from 1 to 255"))? as u16;
            segments[n - 2] = last_group;
            segments.pop();
        }
    }
    if segments.is_empty() || segments.len() > 7 {
        return Err(bad("the index has the wrong number of path elements"));
    }
    let mut index: u64 = 0;
    for (i, seg) in segments.iter().enumerate() {
        let digits = if i + 1 < segments.len() { seg.strip_prefix('x') } else { Some(*seg) };
        let group = digits
            .filter(|d| d.len() == 3)
            .and_then(parse_decimal)
            .ok_or_else(|| bad("each index element must be three digits, all but the last prefixed with x"))?;
        index = index
            .checked_mul(1000)
            .and_then(|v| v.checked_add(group))
            .ok_or_else(|| bad("the index does not fit in 64 bits"))?;
    }

    let parsed = match level {
        Some(level) => TilePath::Hashes { level, index, width },
        None => TilePath::Entries { index, width },
    };
    if parsed.to_path() != path {
        return Err(bad("it has leading zeros or an explicit full width"));
    }
    Ok(parsed)
}

/// ASCII decimal digits only (no sign, no spaces); leading zeros are caught by re-encoding.
fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The width of the rightmost (possibly partial) tile at `level` for a tree of `size` leaves:
/// `floor(size / 256^level) mod 256`, 0 when that tile would be empty and must not be served.
pub fn partial_tile_width(level: u8, size: u64) -> u16 {
    let shift = u32::from(level) * u32::from(TILE_HEIGHT);
    let above = size.checked_shr(shift).unwrap_or(0);
    (above % u64::from(TILE_WIDTH)) as u16
}

/// Splits tile data into its hashes, checking that it is 1 to 256 whole hashes.
pub fn split_tile(data: &[u8]) -> Result<Vec<Hash>, TileError> {
    if data.is_empty() || data.len() % 32 != 0 || data.len() > 32 * usize::from(TILE_WIDTH) {
        return Err(TileError::BadTileLength { len: data.len() });
    }
    Ok(data
        .chunks_exact(32)
        .map(|c| {
            let mut h = [0u8; 32];
            h.copy_from_slice(c);
            h
        })
        .collect())
}

/// Encodes entries as an entry bundle: each entry preceded by its length as a big-endian u16.
///
/// # Panics
/// If an entry is longer than [`MAX_ENTRY_SIZE`] or there are more than 256 entries: the log
/// must refuse such entries before they are sequenced, so reaching here with one is a bug.
pub fn encode_entry_bundle(entries: &[&[u8]]) -> Vec<u8> {
    assert!(
        entries.len() <= usize::from(TILE_WIDTH),
        "an entry bundle holds at most {TILE_WIDTH} entries, got {}",
        entries.len()
    );
    let mut out = Vec::with_capacity(entries.iter().map(|e| 2 + e.len()).sum());
    for entry in entries {
        let len = u16::try_from(entry.len()).unwrap_or_else(|_| {
            panic!("log entry of {} bytes exceeds the tile limit of {MAX_ENTRY_SIZE}", entry.len())
        });
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(entry);
    }
    out
}

/// Decodes an entry bundle, rejecting truncated data and more than 256 entries.
pub fn decode_entry_bundle(bytes: &[u8]) -> Result<Vec<Vec<u8>>, TileError> {
    let mut entries = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        if entries.len() == usize::from(TILE_WIDTH) {
            return Err(TileError::TooManyEntries);
        }
        let available = bytes.len() - offset;
        if available < 2 {
            return Err(TileError::TruncatedBundle { entry: entries.len(), offset, needed: 2, available });
        }
        let len = usize::from(u16::from_be_bytes([bytes[offset], bytes[offset + 1]]));
        if available - 2 < len {
            return Err(TileError::TruncatedBundle { entry: entries.len(), offset, needed: 2 + len, available });
        }
        entries.push(bytes[offset + 2..offset + 2 + len].to_vec());
        offset += 2 + len;
    }
    Ok(entries)
}
