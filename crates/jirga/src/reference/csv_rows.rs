//! CSV as the field's data sets write it: a byte-order mark or not, column names in any case,
//! sometimes a row of HXL hashtags under the header, quoted fields across lines. Rows come with
//! the line they start on; a row with the wrong number of fields is reported, not guessed at.

use super::RowError;
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

pub struct Rows<R: Read> {
    reader: csv::Reader<R>,
    columns: Arc<HashMap<String, usize>>,
    width: usize,
    first: bool,
}

pub struct Record {
    pub line: u64,
    fields: csv::StringRecord,
    columns: Arc<HashMap<String, usize>>,
}

impl Record {
    /// The field of that column ("" when the file has no such column).
    pub fn get(&self, column: &str) -> &str {
        self.columns.get(column).and_then(|i| self.fields.get(*i)).unwrap_or("")
    }

    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }
}

impl<R: Read> Rows<R> {
    pub fn new(input: R) -> Result<Rows<R>> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(input);
        let header = reader.headers().context("reading the header row")?.clone();
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim_start_matches('\u{feff}').trim().to_ascii_lowercase(), i))
            .collect();
        if columns.len() < 2 {
            bail!("the first row is not a CSV header (found {} column)", columns.len());
        }
        Ok(Rows { reader, width: header.len(), columns: Arc::new(columns), first: true })
    }

    /// Fails naming the first column the file lacks.
    pub fn require(&self, names: &[&str]) -> Result<()> {
        for name in names {
            if !self.columns.contains_key(*name) {
                bail!("the file has no column {name:?}: is it the right format?");
            }
        }
        Ok(())
    }

    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next data row: Ok(None) at the end, Ok(Some(Err)) for a row that cannot be read, Err
    /// when the file itself cannot be read on.
    pub fn next_record(&mut self) -> Result<Option<Result<Record, RowError>>> {
        loop {
            let mut fields = csv::StringRecord::new();
            let read = self.reader.read_record(&mut fields);
            let line = self.reader.position().line();
            match read {
                Ok(false) => return Ok(None),
                Err(e) if e.is_io_error() => return Err(e).context("reading the file"),
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(line);
                    return Ok(Some(Err(RowError { line, reason: format!("not readable as CSV: {e}") })));
                }
                Ok(true) => {}
            }
            let line = fields.position().map(|p| p.line()).unwrap_or(line);
            let first = std::mem::replace(&mut self.first, false);
            // HXL: a row of hashtags right under the header describes the columns.
            if first && fields.iter().all(|f| f.is_empty() || f.starts_with('#')) {
                continue;
            }
            if fields.len() != self.width {
                return Ok(Some(Err(RowError {
                    line,
                    reason: format!(
                        "has {} fields where the header has {} (a shifted or missing column?)",
                        fields.len(),
                        self.width
                    ),
                })));
            }
            return Ok(Some(Ok(Record { line, fields, columns: self.columns.clone() })));
        }
    }
}
