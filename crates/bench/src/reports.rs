//! `jirga bench report`: the time to compute a weekly compliance report over a week holding many
//! incidents (100,000 by default, all in the seven days: load with `--span-days 7`), anonymous and
//! as a mediator. `jirga bench import`: UCDP GED rows imported per second, beside the rate of
//! reading the same file without storing it (the limit the store's writes fall short of).

use super::list::{open_or_load, scalar, Loaded};
use super::{header, ms, table, thousands, BenchArgs, Samples, TempDir};
use anyhow::{Context, Result};
use jirga::clock::Clock;
use jirga::reference::{self, Format};
use jirga::report::{ReportQuery, Span};
use jirga::state::AppState;
use jirga::store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The aim: a week's report with 100,000 incidents in ≤ 1 s.
const TARGET: Duration = Duration::from_secs(1);

pub async fn report(args: &BenchArgs) -> Result<()> {
    let Loaded { store, seq, clock, url, temp, .. } =
        open_or_load(args, "report", args.incidents.unwrap_or(100_000)).await?;
    let state = AppState::new(store.clone(), seq, Arc::new(clock.clone()));
    header("report", &jirga::store::redact(&url));
    let now = clock.now_ms();
    let day = chrono::DateTime::from_timestamp_millis(now).context("the clock")?.date_naive();
    let q = ReportQuery {
        date: Some(day.to_string()),
        cutoff: Some("23:59".into()),
        offset: Some(0),
        lang: None,
        tz: None,
        days: None,
    };
    let total = scalar(&store, "SELECT COUNT(*) FROM incidents").await?;
    let mediator = state
        .seq
        .state
        .read()
        .expect("state lock")
        .deployment
        .as_ref()
        .and_then(|d| d.party_kind("TR").map(|k| model::Viewer::Member { party: "TR".into(), party_kind: k }))
        .context("the deployment has the mediator TR")?;
    let mut rows =
        vec![vec!["viewer".into(), "incidents in the week".into(), "p50".into(), "max".into(), "aim 1 s".into()]];
    for (who, viewer) in [("anonymous", model::Viewer::Anonymous), ("mediator (TR)", mediator)] {
        let mut times = vec![];
        let mut counted = 0;
        for _ in 0..args.requests.clamp(3, 20) {
            let t = Instant::now();
            let r = jirga::report::compile(&state, &viewer, Span::Weekly, &q)
                .await
                .map_err(|p| anyhow::anyhow!("{}", p.detail))?;
            times.push(t.elapsed());
            counted = r.report.incidents;
        }
        let s = Samples::new(times);
        let verdict = if s.max() <= TARGET { "met" } else { "MISSED" };
        rows.push(vec![who.into(), thousands(counted as f64), ms(s.pct(0.5)), ms(s.max()), verdict.into()]);
    }
    println!("{} incidents in the store; the week ends {day} 23:59 UTC", thousands(total as f64));
    table(&rows);
    drop(temp);
    Ok(())
}

pub async fn import(args: &BenchArgs) -> Result<()> {
    let file = super::find_scenario(&args.scenario)?.join("reference/ucdp_ged_pak.csv");
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let dir = TempDir::new("import")?;
    let url = args.database.clone().unwrap_or_else(|| format!("sqlite://{}", dir.path.join("jirga.db").display()));
    let store = Store::connect(&url).await?;
    header("import", &jirga::store::redact(&url));

    // The limit: reading and checking every row, storing nothing.
    let t = Instant::now();
    let mut rows = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    let mut parsed = 0u64;
    for r in rows.records() {
        r?;
        parsed += 1;
    }
    let read = t.elapsed();

    let mut lines =
        vec![vec!["run".into(), "rows".into(), "new".into(), "time".into(), "rows/s".into(), "vs reading only".into()]];
    let read_rate = parsed as f64 / read.as_secs_f64();
    lines.push(vec![
        "read the CSV only".into(),
        thousands(parsed as f64),
        "-".into(),
        ms(read),
        thousands(read_rate),
        "1.00×".into(),
    ]);
    for run in ["first import", "same file again"] {
        let t = Instant::now();
        let report = reference::import(&store, bytes.as_slice(), Format::Ucdp, |_| {}).await?;
        let took = t.elapsed();
        let rate = report.rows as f64 / took.as_secs_f64();
        lines.push(vec![
            run.into(),
            thousands(report.rows as f64),
            thousands(report.imported as f64),
            ms(took),
            thousands(rate),
            format!("{:.2}×", rate / read_rate),
        ]);
    }
    println!("{} ({} bytes)", file.display(), thousands(bytes.len() as f64));
    table(&lines);
    drop(dir);
    Ok(())
}
