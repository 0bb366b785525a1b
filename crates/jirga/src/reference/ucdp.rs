//! UCDP Georeferenced Event Dataset (GED) CSV: the 50-column layout, as UCDP and the
//! Humanitarian Data Exchange publish it (with its HXL row). Licence: CC BY 4.0.

use super::csv_rows::Record;
use super::{coordinates, count, ReferenceEvent};
use chrono::NaiveDate;

pub const SOURCE: &str = "UCDP GED";
pub const LICENCE: &str = "CC BY 4.0 (Uppsala Conflict Data Program; Sundberg & Melander 2013)";

pub const REQUIRED: &[&str] = &[
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "latitude",
    "longitude",
    "country",
    "date_start",
    "date_end",
    "best",
    "low",
    "high",
];

/// `1990-10-04 00:00:00.000` or `1990-10-04`.
fn date(name: &str, v: &str) -> Result<NaiveDate, String> {
    let day = v.trim().get(..10).unwrap_or(v.trim());
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("{name} {v:?} is not a date"))
}

pub fn event(r: &Record) -> Result<ReferenceEvent, String> {
    let id = r.get("id").trim();
    if id.is_empty() {
        return Err("id is empty".into());
    }
    let (lat, lon) = coordinates(r.get("latitude"), r.get("longitude"))?;
    let (start, end) = (date("date_start", r.get("date_start"))?, date("date_end", r.get("date_end"))?);
    if end < start {
        return Err(format!("date_end {end} is before date_start {start}"));
    }
    let event_type = match r.get("type_of_violence").trim() {
        "1" => "State-based conflict",
        "2" => "Non-state conflict",
        "3" => "One-sided violence",
        other => return Err(format!("type_of_violence {other:?} is not 1, 2 or 3")),
    };
    Ok(ReferenceEvent {
        source: SOURCE,
        licence: LICENCE,
        source_id: id.to_string(),
        date_start: start,
        date_end: end,
        lat,
        lon,
        geo_precision: r.get("where_prec").trim().parse().ok(),
        country: r.get("country").trim().to_string(),
        admin1: r.get("adm_1").trim().to_string(),
        location: r.get("where_coordinates").trim().to_string(),
        event_type: event_type.to_string(),
        sub_event_type: r.get("conflict_name").trim().to_string(),
        actor1: r.get("side_a").trim().to_string(),
        actor2: r.get("side_b").trim().to_string(),
        fatalities: count("best", r.get("best"))?,
        fatalities_low: Some(count("low", r.get("low"))?),
        fatalities_high: Some(count("high", r.get("high"))?),
        notes: r.get("where_description").trim().to_string(),
    })
}
