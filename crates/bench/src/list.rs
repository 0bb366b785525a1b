//! `jirga bench list`: the incident list with filters over a million incidents, as an anonymous
//! reader and as a member of a party, one query at a time (latency, not throughput).

use super::{deploy, header, ms, sign_parallel, submit_all, table, thousands, BenchArgs, Samples, TempDir};
use anyhow::{bail, Context, Result};
use jirga::clock::{Clock, ManualClock, SystemClock};
use jirga::sequencer::Sequencer;
use jirga::server::Config;
use jirga::store::parse_cursor;
use jirga::store::{IncidentFilter, Store};
use model::incident::Status;
use model::{PartyKind, Statement, Viewer};
use rand::rngs::StdRng;
use rand::Rng;
use sqlx::Row;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Target: p99 ≤ 20 ms per query.
const TARGET_P99: Duration = Duration::from_millis(20);
const DAY_MS: i64 = 86_400_000;
/// Reports signed and submitted per step of the load; each step is a slice of the year.
const CHUNK: usize = 10_000;
/// The share of reports the other side answers (in the next step of the load).
const ANSWERED: f64 = 0.10;
/// Rows per page, the API's default.
const LIMIT: u32 = 50;
/// Stop timing one query kind for one viewer after this long (once it has 20 samples).
const BUDGET: Duration = Duration::from_secs(20);

/// A sector: its id, bounding box and outline.
type SectorShape = (String, [f64; 4], Vec<(f64, f64)>);

/// What the queries draw their parameters from.
struct Ctx {
    sectors: Vec<SectorShape>,
    parties: Vec<String>,
    /// The year the incidents occurred in.
    from: i64,
    to: i64,
}

impl Ctx {
    fn sector(&self, rng: &mut StdRng) -> String {
        self.sectors[rng.gen_range(0..self.sectors.len())].0.clone()
    }
    fn category(&self, rng: &mut StdRng) -> String {
        model::category::CATEGORIES[rng.gen_range(0..model::category::CATEGORIES.len())].id.to_string()
    }
    fn party(&self, rng: &mut StdRng) -> String {
        self.parties[rng.gen_range(0..self.parties.len())].clone()
    }
    /// A window of `days` inside the year.
    fn window(&self, rng: &mut StdRng, days: i64) -> (Option<i64>, Option<i64>) {
        let start = rng.gen_range(self.from..(self.to - days * DAY_MS).max(self.from + 1));
        (Some(start), Some(start + days * DAY_MS))
    }
    /// A box of about 0.5° (some 50 km) around a point where incidents happen.
    fn bbox(&self, rng: &mut StdRng) -> [f64; 4] {
        let (_, _, points) = &self.sectors[rng.gen_range(0..self.sectors.len())];
        let (lon, lat) = points[rng.gen_range(0..points.len())];
        [lon - 0.25, lat - 0.25, lon + 0.25, lat + 0.25]
    }
}

fn filter() -> IncidentFilter {
    IncidentFilter { limit: LIMIT, ..IncidentFilter::default() }
}

type MakeFilter = Box<dyn Fn(&mut StdRng, &Ctx) -> IncidentFilter>;

/// The query kinds: a name, how to draw a filter, and whether to time the second page.
fn kinds() -> Vec<(&'static str, MakeFilter, bool)> {
    fn status(s: Status) -> MakeFilter {
        Box::new(move |_, _| IncidentFilter { status: Some(s), ..filter() })
    }
    vec![
        ("no filter", Box::new(|_, _| filter()), false),
        ("sector", Box::new(|r, c| IncidentFilter { sector: Some(c.sector(r)), ..filter() }), false),
        ("category", Box::new(|r, c| IncidentFilter { category: Some(c.category(r)), ..filter() }), false),
        ("status=reported", status(Status::Reported), false),
        ("status=unanswered", status(Status::Unanswered), false),
        ("status=answered", status(Status::Answered), false),
        ("status=disputed", status(Status::Disputed), false),
        ("party (reporting)", Box::new(|r, c| IncidentFilter { party: Some(c.party(r)), ..filter() }), false),
        ("accused", Box::new(|r, c| IncidentFilter { accused: Some(c.party(r)), ..filter() }), false),
        (
            "time range (30 days)",
            Box::new(|r, c| {
                let (from, to) = c.window(r, 30);
                IncidentFilter { from, to, ..filter() }
            }),
            false,
        ),
        ("bbox (0.5°)", Box::new(|r, c| IncidentFilter { bbox: Some(c.bbox(r)), ..filter() }), false),
        (
            "sector+category",
            Box::new(|r, c| IncidentFilter { sector: Some(c.sector(r)), category: Some(c.category(r)), ..filter() }),
            false,
        ),
        (
            "sector+unanswered+30 days",
            Box::new(|r, c| {
                let (from, to) = c.window(r, 30);
                IncidentFilter { sector: Some(c.sector(r)), status: Some(Status::Unanswered), from, to, ..filter() }
            }),
            false,
        ),
        (
            "category+accused+90 days",
            Box::new(|r, c| {
                let (from, to) = c.window(r, 90);
                IncidentFilter { category: Some(c.category(r)), accused: Some(c.party(r)), from, to, ..filter() }
            }),
            false,
        ),
        (
            "party+category+bbox",
            Box::new(|r, c| IncidentFilter {
                party: Some(c.party(r)),
                category: Some(c.category(r)),
                bbox: Some(c.bbox(r)),
                ..filter()
            }),
            false,
        ),
        ("page 2: no filter", Box::new(|_, _| filter()), true),
        ("page 2: sector", Box::new(|r, c| IncidentFilter { sector: Some(c.sector(r)), ..filter() }), true),
        ("page 2: status=disputed", status(Status::Disputed), true),
    ]
}

/// Runs one query (the second page when `second`); returns its time and its rows.
async fn one(
    store: &Store,
    mut f: IncidentFilter,
    second: bool,
    viewer: &Viewer,
    now: i64,
) -> Result<(Duration, usize)> {
    if second {
        let first = store.list_incidents(&f, viewer, now).await?;
        match first.next_cursor.as_deref().and_then(parse_cursor) {
            Some(after) => f.after = Some(after),
            None => return Ok((Duration::ZERO, usize::MAX)),
        }
    }
    let t = Instant::now();
    let page = store.list_incidents(&f, viewer, now).await?;
    Ok((t.elapsed(), page.incidents.len()))
}

pub(super) async fn scalar(store: &Store, sql: &str) -> Result<i64> {
    Ok(sqlx::query(sql).fetch_one(&store.pool_for_tests()).await?.try_get::<Option<i64>, _>(0)?.unwrap_or(0))
}

/// Loads `n` incident reports occurring over the year before `end`, in time order, through the
/// sequencer (signature check, checks, projection, durable commits), and has the other side
/// answer a tenth of them.
async fn load(
    fx: &super::Fixture,
    clock: &ManualClock,
    n: usize,
    start: i64,
    end: i64,
    in_flight: usize,
) -> Result<()> {
    let steps = n.div_ceil(CHUNK).max(1);
    let span = end - start;
    let mut previous: Vec<Statement> = Vec::new();
    let mut answered = 0usize;
    let t0 = Instant::now();
    let mut submitted = 0usize;
    for k in 0..steps {
        let slice_start = start + span * k as i64 / steps as i64;
        let slice_end = start + span * (k as i64 + 1) / steps as i64;
        let count = CHUNK.min(n - k * CHUNK);
        let mut rng = fx.gen.rng(1_000 + k as u64);
        let mut specs = Vec::with_capacity(count + count / 8);
        for i in 0..count {
            let occurred = rng.gen_range(slice_start..slice_end);
            specs.push(fx.gen.report(&mut rng, (k * CHUNK + i) as u64, occurred, slice_end));
        }
        for report in &previous {
            if rng.gen_bool(ANSWERED) {
                if let Some(spec) = fx.gen.response(&mut rng, report, slice_end) {
                    specs.push(spec);
                    answered += 1;
                }
            }
        }
        let statements = tokio::task::block_in_place(|| sign_parallel(specs, &fx.gen.keys))?;
        clock.set(slice_end + 60_000);
        previous = statements[..count].to_vec();
        submitted += statements.len();
        submit_all(&fx.seq, statements, in_flight, true).await.with_context(|| format!("loading step {k}"))?;
        if (k + 1) % 10 == 0 || k + 1 == steps {
            let secs = t0.elapsed().as_secs_f64();
            eprintln!(
                "loaded {} of {} incidents ({} answers) in {:.0} s, {} statements/s including signing",
                thousands(((k + 1) * CHUNK).min(n) as f64),
                thousands(n as f64),
                thousands(answered as f64),
                secs,
                thousands(submitted as f64 / secs)
            );
        }
    }
    Ok(())
}

/// A store holding at least `incidents` incidents, with a sequencer over it and a clock set just
/// after the last entry (so statuses are the same on every run over the same data).
pub(super) struct Loaded {
    pub store: Store,
    pub seq: Sequencer,
    pub clock: ManualClock,
    pub gen: super::ReportGen,
    pub url: String,
    /// The temporary data folder, deleted on drop; None when the caller named one with --data.
    pub temp: Option<TempDir>,
}

/// Loads `incidents` through the sequencer into --data (or a temporary folder), or reuses a
/// --data folder that an earlier run (of this or another benchmark) loaded.
pub(super) async fn open_or_load(args: &BenchArgs, which: &str, incidents: usize) -> Result<Loaded> {
    let mut temp = None;
    let data = match &args.data {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            d.clone()
        }
        None => {
            let t = TempDir::new(which)?;
            let p = t.path.clone();
            temp = Some(t);
            p
        }
    };
    let config = Config { data: data.clone(), database: args.database.clone(), evidence: None };
    let url = config.database_url();
    let store = Store::connect(&url).await?;
    let have = scalar(&store, "SELECT COUNT(*) FROM incidents").await? as usize;

    let (store, seq, clock, gen) = if have == 0 && store.log_size().await? == 0 {
        drop(store);
        let end = SystemClock.now_ms();
        let start = end - args.span_days.max(1) * DAY_MS;
        let clock = ManualClock::new(start - 3_600_000);
        let fx =
            deploy(&data, args.database.clone(), &args.scenario, Arc::new(clock.clone()), start - 3_600_000, args.seed)
                .await?;
        let t = Instant::now();
        load(&fx, &clock, incidents, start, end, args.in_flight.unwrap_or(512)).await?;
        eprintln!("loaded in {:.0} s", t.elapsed().as_secs_f64());
        (fx.store.clone(), fx.seq, clock, fx.gen)
    } else if have >= incidents {
        eprintln!("reusing {} incidents in {}", thousands(have as f64), data.display());
        let scenario = jirga::scenario::Scenario::load(&super::find_scenario(&args.scenario)?)?;
        let clock = ManualClock::new(scalar(&store, "SELECT MAX(logged_at) FROM entries").await?);
        let signer = jirga::server::log_signer(&config, None)?;
        let seq = Sequencer::start(store.clone(), signer, Arc::new(clock.clone())).await?;
        // The deployment as the log states it, for the sectors and parties of the queries.
        let dep = seq.state.read().expect("state lock").deployment.clone().context("the log has no genesis")?;
        let gen = super::ReportGen::new(&scenario, &dep, args.seed)?;
        (store, seq, clock, gen)
    } else {
        bail!(
            "{} holds {} incidents, fewer than --incidents {}: delete it (or point --data elsewhere) to load afresh",
            data.display(),
            have,
            incidents
        );
    };
    clock.set(scalar(&store, "SELECT MAX(logged_at) FROM entries").await? + 60_000);
    Ok(Loaded { store, seq, clock, gen, url, temp })
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let Loaded { store, clock, gen, url, temp, .. } =
        open_or_load(args, "list", args.incidents.unwrap_or(1_000_000)).await?;
    header("list", &jirga::store::redact(&url));
    let now = clock.now_ms();
    let total = scalar(&store, "SELECT COUNT(*) FROM incidents").await?;
    let first = scalar(&store, "SELECT MIN(occurred_start) FROM incidents").await?;
    let last = scalar(&store, "SELECT MAX(occurred_start) FROM incidents").await?;
    let public = scalar(&store, "SELECT COUNT(*) FROM incidents WHERE visibility = 'public'").await?;
    let answered = scalar(&store, "SELECT COUNT(*) FROM incidents WHERE state <> 'reported'").await?;
    let overdue =
        scalar(&store, &format!("SELECT COUNT(*) FROM incidents WHERE state = 'reported' AND deadline < {now}"))
            .await?;
    println!(
        "data: {} incidents occurring {} to {}; {} public; {} answered or disputed; {} unanswered past the deadline",
        thousands(total as f64),
        super::rfc3339(first),
        super::rfc3339(last),
        thousands(public as f64),
        thousands(answered as f64),
        thousands(overdue as f64),
    );
    println!(
        "{} timed queries per kind and viewer (fewer if one kind takes over {} s), one at a time, {LIMIT} rows a page",
        args.queries,
        BUDGET.as_secs()
    );
    println!();

    let ctx = Ctx {
        sectors: gen.sectors.iter().map(|s| (s.id.clone(), s.bbox, s.points.clone())).collect(),
        parties: {
            let mut p: Vec<String> = gen.reporters.iter().map(|r| r.party.clone()).collect();
            p.sort();
            p.dedup();
            p
        },
        from: first,
        to: last,
    };
    let member_party = ctx.parties.first().cloned().unwrap_or_else(|| "PK".into());
    let viewers = [
        ("anonymous", Viewer::Anonymous),
        ("member", Viewer::Member { party: member_party.clone(), party_kind: PartyKind::Party }),
    ];

    let kinds = kinds();
    // Warm the cache once over every kind.
    for (_, make, second) in &kinds {
        let mut rng = gen.rng(7);
        for (_, v) in &viewers {
            for _ in 0..3 {
                one(&store, make(&mut rng, &ctx), *second, v, now).await?;
            }
        }
    }

    let mut rows = vec![vec![
        "query".to_string(),
        "viewer".into(),
        "n".into(),
        "rows".into(),
        "p50 ms".into(),
        "p99 ms".into(),
        "max ms".into(),
        "p99/20ms".into(),
        "".into(),
    ]];
    let mut all = Vec::new();
    let mut misses = Vec::new();
    for (ki, (name, make, second)) in kinds.iter().enumerate() {
        for (vi, (vname, viewer)) in viewers.iter().enumerate() {
            let mut rng = gen.rng(100 + (ki * 10 + vi) as u64);
            let mut samples = Vec::new();
            let mut got = 0usize;
            let began = Instant::now();
            // A second page may not exist for any draw (a small load has no disputed incidents).
            let mut draws = 0;
            while samples.len() < args.queries
                && draws < args.queries * 10
                && !(samples.len() >= 20 && began.elapsed() > BUDGET)
            {
                draws += 1;
                let (d, n) = one(&store, make(&mut rng, &ctx), *second, viewer, now).await?;
                if n == usize::MAX {
                    continue; // no second page for this draw
                }
                samples.push(d);
                got += n;
            }
            all.extend(samples.iter().copied());
            let s = Samples::new(samples);
            if s.len() == 0 {
                rows.push(vec![
                    name.to_string(),
                    vname.to_string(),
                    "0".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "no second page in this data".into(),
                ]);
                continue;
            }
            let p99 = s.pct(99.0);
            let miss = p99 > TARGET_P99;
            if miss {
                misses.push(format!("{name} ({vname})"));
            }
            rows.push(vec![
                name.to_string(),
                vname.to_string(),
                s.len().to_string(),
                format!("{:.0}", got as f64 / s.len().max(1) as f64),
                ms(s.pct(50.0)),
                ms(p99),
                ms(s.max()),
                format!("{:.2}", p99.as_secs_f64() / TARGET_P99.as_secs_f64()),
                if miss { "MISSED".into() } else { String::new() },
            ]);
        }
    }
    let all = Samples::new(all);
    rows.push(vec![
        "all queries".into(),
        "both".into(),
        all.len().to_string(),
        String::new(),
        ms(all.pct(50.0)),
        ms(all.pct(99.0)),
        ms(all.max()),
        format!("{:.2}", all.pct(99.0).as_secs_f64() / TARGET_P99.as_secs_f64()),
        if all.pct(99.0) > TARGET_P99 { "MISSED".into() } else { String::new() },
    ]);
    table(&rows);
    println!();
    println!(
        "overall: p50 {} ms, p99 {} ms against the 20 ms target: {}",
        ms(all.pct(50.0)),
        ms(all.pct(99.0)),
        if all.pct(99.0) <= TARGET_P99 { "met" } else { "MISSED" }
    );
    if misses.is_empty() {
        println!("every query kind meets p99 ≤ 20 ms");
    } else {
        println!("query kinds over 20 ms at p99: {}", misses.join(", "));
    }
    if temp.is_some() {
        println!("(loaded into a temporary folder, now deleted; pass --data DIR to keep the load for later runs)");
    }
    Ok(())
}
