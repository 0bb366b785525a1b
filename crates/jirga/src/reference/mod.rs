//! Reference events: what others recorded (UCDP GED, ACLED), imported as context for the map and
//! the reports. They are kept apart from the parties' signed claims, each labelled with its
//! source and licence. An import streams the file, reports each row it cannot read with its
//! line and reason, imports the rest, and adds nothing on a second run of the same file.

pub mod acled;
mod csv_rows;
pub mod ucdp;

use crate::store::{Store, Val};
use anyhow::Result;
use chrono::NaiveDate;
use model::geo::{LonLat, Side};
use serde::Serialize;
use std::io::Read;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceEvent {
    pub source: &'static str,
    pub licence: &'static str,
    pub source_id: String,
    pub date_start: NaiveDate,
    pub date_end: NaiveDate,
    pub lat: f64,
    pub lon: f64,
    /// The source's own precision code (UCDP where_prec 1-7, ACLED geo_precision 1-3).
    pub geo_precision: Option<i64>,
    pub country: String,
    pub admin1: String,
    pub location: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub actor2: String,
    pub fatalities: i64,
    pub fatalities_low: Option<i64>,
    pub fatalities_high: Option<i64>,
    pub notes: String,
}

/// A row that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowError {
    /// The line of the file the row starts on (1 is the header).
    pub line: u64,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ucdp,
    Acled,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    /// Data rows read (the header and an HXL hashtag row are not rows).
    pub rows: u64,
    /// New events stored.
    pub imported: u64,
    /// Rows whose event was already stored (a re-import).
    pub unchanged: u64,
    pub rejected: Vec<RowError>,
}

/// How far along an import is, for a progress bar.
pub struct Progress {
    pub bytes: u64,
    pub rows: u64,
}

const BATCH: usize = 2000;

/// Reads every row of `input` in `format`, stores the events that are new, and says what
/// happened to the rest. Errors only when the file as a whole cannot be read (no such columns,
/// not CSV) or the store fails; a bad row is reported, not fatal.
pub async fn import(
    store: &Store,
    input: impl Read,
    format: Format,
    mut progress: impl FnMut(Progress),
) -> Result<ImportReport> {
    let mut rows = csv_rows::Rows::new(input)?;
    let parse: fn(&csv_rows::Record) -> Result<ReferenceEvent, String> = match format {
        Format::Ucdp => ucdp::event,
        Format::Acled => acled::event,
    };
    let columns = match format {
        Format::Ucdp => ucdp::REQUIRED,
        Format::Acled => acled::REQUIRED,
    };
    rows.require(columns)?;
    let source = match format {
        Format::Ucdp => ucdp::SOURCE,
        Format::Acled => acled::SOURCE,
    };
    let before = store.reference_count(source).await?;
    let mut report = ImportReport::default();
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(record) = rows.next_record()? {
        report.rows += 1;
        match record {
            Err(e) => report.rejected.push(e),
            Ok(record) => match parse(&record) {
                Ok(event) => batch.push(event),
                Err(reason) => report.rejected.push(RowError { line: record.line, reason }),
            },
        }
        if batch.len() == BATCH {
            store.insert_reference_events(&std::mem::take(&mut batch)).await?;
            progress(Progress { bytes: rows.bytes_read(), rows: report.rows });
        }
    }
    store.insert_reference_events(&batch).await?;
    progress(Progress { bytes: rows.bytes_read(), rows: report.rows });
    report.imported = store.reference_count(source).await? - before;
    report.unchanged = report.rows - report.rejected.len() as u64 - report.imported;
    Ok(report)
}

/// The columns stored for an event, in order, with where it lies with respect to the line.
pub(crate) fn row(e: &ReferenceEvent) -> Vec<Val> {
    let at = LonLat(e.lon, e.lat);
    let boundary = crate::geography::boundary();
    let side = match boundary.side(at) {
        Side::OnBorder => "border".to_string(),
        Side::Within(p) => p.to_string(),
        Side::Beyond => "beyond".to_string(),
    };
    vec![
        Val::Text(e.source.into()),
        Val::Text(e.source_id.clone()),
        Val::Text(e.licence.into()),
        Val::Text(e.date_start.to_string()),
        Val::Text(e.date_end.to_string()),
        Val::I64(e.date_start.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp_millis()),
        Val::F64(e.lat),
        Val::F64(e.lon),
        Val::OptI64(e.geo_precision),
        Val::Text(e.country.clone()),
        Val::Text(e.admin1.clone()),
        Val::Text(e.location.clone()),
        Val::Text(e.event_type.clone()),
        Val::Text(e.sub_event_type.clone()),
        Val::Text(e.actor1.clone()),
        Val::Text(e.actor2.clone()),
        Val::I64(e.fatalities),
        Val::OptI64(e.fatalities_low),
        Val::OptI64(e.fatalities_high),
        Val::Text(e.notes.clone()),
        Val::F64(boundary.distance_m(at)),
        Val::Text(side),
    ]
}

pub(crate) const COLUMNS: &[&str] = &[
    "source",
    "source_id",
    "licence",
    "date_start",
    "date_end",
    "day_ms",
    "lat",
    "lon",
    "geo_precision",
    "country",
    "admin1",
    "location",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "notes",
    "line_m",
    "side",
];

/// Checks a coordinate pair, naming the field at fault.
fn coordinates(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let lat: f64 = lat.trim().parse().map_err(|_| format!("latitude {lat:?} is not a number"))?;
    let lon: f64 = lon.trim().parse().map_err(|_| format!("longitude {lon:?} is not a number"))?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is outside -90..90"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside -180..180"));
    }
    Ok((lat, lon))
}

fn count(name: &str, v: &str) -> Result<i64, String> {
    v.trim().parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| format!("{name} {v:?} is not a whole number"))
}
