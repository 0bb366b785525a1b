//! Reference events: the real UCDP GED file for Pakistan imported, its figures checked against
//! an independent computation (scripts/reference/ucdp_figures.py, Python's csv module and its own
//! geometry), a second import adding nothing, and malformed rows reported by line.

use crate::common::{scenario_dir, Db, TestServer};
use jirga::reference::{self, Format};
use serde_json::Value;

fn ucdp_file() -> std::path::PathBuf {
    scenario_dir().join("reference/ucdp_ged_pak.csv")
}

/// The figures the independent script computes.
fn python_figures(file: &std::path::Path, km: f64) -> Value {
    let script = scenario_dir().join("../../scripts/reference/ucdp_figures.py");
    let boundary = scenario_dir().join("geo/afg_pak_boundary_ne10m.geojson");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(file)
        .arg(boundary)
        .arg(km.to_string())
        .output()
        .expect("python3 runs (Debian's python3)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn import(server: &TestServer, file: &std::path::Path, format: Format) -> reference::ImportReport {
    let input = std::io::BufReader::new(std::fs::File::open(file).unwrap());
    reference::import(&server.state.store, input, format, |_| {}).await.unwrap()
}

#[tokio::test]
async fn the_ucdp_import_agrees_with_an_independent_count_and_a_second_import_adds_nothing() {
    let expected = python_figures(&ucdp_file(), 25.0);
    for db in [Db::Sqlite, Db::Postgres] {
        let server = TestServer::demo(db).await;
        let before = server.state.store.reference_count(reference::ucdp::SOURCE).await.unwrap();
        let first = import(&server, &ucdp_file(), Format::Ucdp).await;
        assert_eq!(first.rows, 6416);
        assert!(first.rejected.is_empty(), "{:?}", &first.rejected[..first.rejected.len().min(5)]);
        assert_eq!(first.imported + before, expected["events"].as_u64().unwrap());

        let all = server.state.store.reference_events(i64::MIN, i64::MAX, 1e9, 100_000).await.unwrap();
        let ucdp: Vec<_> = all.iter().filter(|e| e.source == reference::ucdp::SOURCE).collect();
        assert_eq!(ucdp.len() as u64, expected["events"].as_u64().unwrap());
        assert_eq!(ucdp.iter().map(|e| e.date_start.as_str()).min().unwrap(), expected["first"].as_str().unwrap());
        assert_eq!(ucdp.iter().map(|e| e.date_start.as_str()).max().unwrap(), expected["last"].as_str().unwrap());
        assert_eq!(ucdp.iter().map(|e| e.fatalities).sum::<i64>(), expected["best"].as_i64().unwrap());
        let near = server.state.store.reference_events(i64::MIN, i64::MAX, 25.0, 100_000).await.unwrap();
        assert_eq!(near.len() as u64, expected["near"].as_u64().unwrap(), "events within 25 km of the line");
        assert!(ucdp.iter().all(|e| e.licence.starts_with("CC BY 4.0")), "each row carries its licence");

        let again = import(&server, &ucdp_file(), Format::Ucdp).await;
        assert_eq!((again.rows, again.imported, again.unchanged), (6416, 0, 6416));
        assert_eq!(server.state.store.reference_count(reference::ucdp::SOURCE).await.unwrap(), 6416);
        server.stop().await;
    }
}

#[tokio::test]
async fn malformed_rows_are_reported_by_line_and_the_rest_imported() {
    let server = TestServer::demo(Db::Sqlite).await;
    let text = std::fs::read_to_string(ucdp_file()).unwrap();
    // The header, the HXL row, then the first 20 events (some span several lines).
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().take(22).map(Result::unwrap).collect();
    let write = |r: &csv::StringRecord, w: &mut csv::Writer<Vec<u8>>| w.write_record(r).unwrap();
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
    let mut lines_of_bad = vec![];
    for (i, r) in records.iter().enumerate() {
        let mut r = r.clone();
        match i {
            5 => r = r.iter().skip(1).collect(), // a shifted row: one column short
            8 => r = r.iter().enumerate().map(|(j, f)| if j == 39 { "2021-13-45" } else { f }).collect(),
            11 => r = r.iter().enumerate().map(|(j, f)| if j == 29 { "200" } else { f }).collect(),
            _ => {}
        }
        if [5, 8, 11].contains(&i) {
            lines_of_bad.push(i);
        }
        write(&r, &mut w);
    }
    let bytes = w.into_inner().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.csv");
    std::fs::write(&file, &bytes).unwrap();
    let report = import(&server, &file, Format::Ucdp).await;
    assert_eq!(report.rows, 20);
    assert_eq!(report.imported, 17, "{:?}", report.rejected);
    let reasons: Vec<(u64, &str)> = report.rejected.iter().map(|e| (e.line, e.reason.as_str())).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    // Line numbers count the file's lines (fields may span several): find each bad row's line.
    let mut line_of = vec![];
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes.as_slice());
    for r in reader.records() {
        line_of.push(r.unwrap().position().unwrap().line());
    }
    assert_eq!(reasons[0].0, line_of[lines_of_bad[0]]);
    assert!(reasons[0].1.contains("has 49 fields where the header has 50"), "{}", reasons[0].1);
    assert_eq!(reasons[1].0, line_of[lines_of_bad[1]]);
    assert!(reasons[1].1.contains("date_start") && reasons[1].1.contains("2021-13-45"), "{}", reasons[1].1);
    assert_eq!(reasons[2].0, line_of[lines_of_bad[2]]);
    assert!(reasons[2].1.contains("latitude 200"), "{}", reasons[2].1);
    // A file that is not UCDP at all is refused as a whole, naming what is missing.
    std::fs::write(&file, "a,b\n1,2\n").unwrap();
    let input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    let e = reference::import(&server.state.store, input, Format::Ucdp, |_| {}).await.unwrap_err();
    assert!(format!("{e:#}").contains("no column \"id\""), "{e:#}");
    server.stop().await;
}

#[tokio::test]
async fn acled_files_in_the_variants_found_in_the_wild_are_read() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let header = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";
    let row = |id: &str, date: &str| {
        format!("{id},{date},2025,1,Political violence,Battles,Armed clash,Military Forces of Pakistan (2018-),,1,Military Forces of Afghanistan (2021-),,1,11,,586,Southern Asia,Pakistan,Khyber Pakhtunkhwa,Khyber,,Torkham,34.1100,71.0900,1,Dawn,National,\"Exchange of fire, two posts\",2,,1700000000")
    };
    // Current layout, BOM, upper-case names, HXL row, both date styles.
    let current = format!(
        "\u{feff}{}\n#event+code,#date,,,,,,,,,,,,,,,,#country+name,,,,,#geo+lat,#geo+lon,,,,,#affected+killed,,\n{}\n{}\n",
        header.to_uppercase(),
        row("PAK1", "2025-10-12"),
        row("PAK2", "16 May 2025")
    );
    // The older layout, without timestamp.
    let older_header = header.trim_end_matches(",timestamp");
    let older_row = row("PAK3", "2025-10-13");
    let older = format!("{older_header}\n{}\n", older_row.rsplit_once(',').unwrap().0);
    for (name, text, ids) in [("current.csv", current, vec!["PAK1", "PAK2"]), ("older.csv", older, vec!["PAK3"])] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let report = import(&server, &file, Format::Acled).await;
        assert!(report.rejected.is_empty(), "{name}: {:?}", report.rejected);
        assert_eq!(report.imported as usize, ids.len(), "{name}");
    }
    let all = server.state.store.reference_events(i64::MIN, i64::MAX, 1e9, 100).await.unwrap();
    let pak2 = all.iter().find(|e| e.source_id == "PAK2").unwrap();
    assert_eq!(pak2.date_start, "2025-05-16");
    assert_eq!(pak2.side, "border", "Torkham is on the line");
    server.stop().await;
}
