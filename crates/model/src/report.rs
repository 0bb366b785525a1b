//! Compliance reports, like a ceasefire monitoring mission's: what happened in a period ending
//! at a fixed cut-off time, against the period before. Pure: the caller gathers the facts (what
//! the reader may read) and this adds them up, so a report can be recomputed from the log.

use crate::crossing::{self, Change, CrossingState, TrafficClass};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const DAY_MS: i64 = 86_400_000;

/// [start, end) in ms since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Period {
    /// The `days` days ending at the cut-off on `date` (local time at `offset_minutes` east of
    /// UTC): a daily report runs from yesterday's cut-off to today's.
    pub fn ending(date: NaiveDate, cutoff: NaiveTime, offset_minutes: i32, days: u32) -> Period {
        let end = date.and_time(cutoff).and_utc() - Duration::minutes(i64::from(offset_minutes));
        let end_ms = end.timestamp_millis();
        Period { start_ms: end_ms - i64::from(days) * DAY_MS, end_ms }
    }

    pub fn previous(&self) -> Period {
        Period { start_ms: 2 * self.start_ms - self.end_ms, end_ms: self.start_ms }
    }

    pub fn contains(&self, ms: i64) -> bool {
        (self.start_ms..self.end_ms).contains(&ms)
    }

    pub fn days(&self) -> i64 {
        (self.end_ms - self.start_ms) / DAY_MS
    }
}

pub struct IncidentFacts {
    /// The event it is a claim of (its own id when not linked): counted once.
    pub event: String,
    /// A repeat of its party's earlier report: not counted.
    pub duplicate: bool,
    pub occurred_ms: i64,
    pub sector: String,
    pub category: String,
    pub party: String,
    pub accused: Option<String>,
    /// The actor of the register alleged to have acted.
    pub actor: Option<String>,
    pub responses: i64,
    pub status: String,
}

pub struct FindingFacts {
    pub logged_ms: i64,
    pub conclusion: String,
    pub attribution: Option<String>,
}

/// An exception at a crossing, with what passed under it before the period's end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExceptionFacts {
    pub statement: String,
    pub crossing: String,
    pub party: String,
    pub class: String,
    pub unit: String,
    pub quota: u32,
    pub passed: u32,
    pub from_ms: i64,
    /// None: its last phase has no end.
    pub until_ms: Option<i64>,
}

/// A figure reported with its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureFacts {
    pub crossing: Option<String>,
    pub measure: String,
    pub value: i64,
    pub as_of_ms: i64,
    pub source: String,
    pub url: Option<String>,
}

/// A window of silence, and how many incidents were reported inside it while in force.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WindowFacts {
    pub statement: String,
    pub sector: String,
    pub purpose: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub in_force: bool,
    pub violations: i64,
}

/// What the report adds up about the crossings.
#[derive(Default)]
pub struct CrossingFacts {
    /// Every status change up to the period's end.
    pub changes: Vec<Change>,
    pub exceptions: Vec<ExceptionFacts>,
    pub figures: Vec<FigureFacts>,
}

pub struct HotlineFacts {
    pub logged_ms: i64,
    pub message_type: String,
    pub party: String,
    pub acked_ms: Option<i64>,
}

/// A count in this period beside the one before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compare {
    pub key: String,
    pub current: i64,
    pub previous: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassDays {
    pub class: String,
    /// Days (fractional) this traffic could not pass within the period, as far as the logged
    /// changes of both sides tell.
    pub days_closed: f64,
    /// At the end of the period; "unknown" where no side has said.
    pub status: String,
    pub only_into: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossingDays {
    pub crossing: String,
    pub changes: i64,
    /// Days (fractional) the crossing was closed to every class of traffic.
    pub days_closed: f64,
    /// At the end of the period: closed or open when every class is, else restricted.
    pub status: String,
    pub classes: Vec<ClassDays>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HotlineSummary {
    pub messages: i64,
    pub by_type: BTreeMap<String, i64>,
    pub acknowledged: i64,
    pub median_ack_s: Option<i64>,
    pub max_ack_s: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub period: Period,
    pub previous: Period,
    /// Events of the period, each counted once however many claims it has.
    pub incidents: i64,
    pub incidents_previous: i64,
    /// Claims of the period: the events' reports, duplicates left out.
    pub claims: i64,
    /// Reports of the period their party marked as repeats.
    pub duplicates: i64,
    pub by_sector: Vec<Compare>,
    pub by_category: Vec<Compare>,
    pub by_reporter: Vec<Compare>,
    pub by_accused: Vec<Compare>,
    /// Claims naming an actor of the register, by that actor.
    pub by_actor: Vec<Compare>,
    /// Reports of the period with at least one response.
    pub answered: i64,
    /// Reports of the period past their response deadline without one.
    pub overdue: i64,
    /// (conclusion, count) of the findings made in the period.
    pub findings: Vec<Compare>,
    /// Verified findings by the party they attribute the incident to.
    pub verified_by_party: Vec<Compare>,
    pub crossings: Vec<CrossingDays>,
    /// Exceptions with a phase in the period.
    pub exceptions: Vec<ExceptionFacts>,
    /// The latest figure per crossing and measure reported for a moment in the period.
    pub figures: Vec<FigureFacts>,
    /// Windows of silence overlapping the period.
    pub windows: Vec<WindowFacts>,
    pub hotline: HotlineSummary,
    /// Incidents per day of the period (its first day first).
    pub per_day: Vec<i64>,
}

fn compare<'a>(
    current: impl Iterator<Item = Option<&'a str>>,
    previous: impl Iterator<Item = Option<&'a str>>,
    none: &str,
) -> Vec<Compare> {
    let mut m: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for k in current {
        m.entry(k.unwrap_or(none).to_string()).or_default().0 += 1;
    }
    for k in previous {
        m.entry(k.unwrap_or(none).to_string()).or_default().1 += 1;
    }
    let mut out: Vec<Compare> =
        m.into_iter().map(|(key, (current, previous))| Compare { key, current, previous }).collect();
    out.sort_by(|a, b| b.current.cmp(&a.current).then(b.previous.cmp(&a.previous)).then(a.key.cmp(&b.key)));
    out
}

/// Adds up the facts: incidents (each counted in the period or the one before by when it
/// occurred; others are ignored), findings, every crossing change up to the period's end, and
/// hotline messages.
pub fn compile<'a>(
    period: Period,
    incidents: &'a [IncidentFacts],
    findings: &[FindingFacts],
    crossing: &CrossingFacts,
    windows: &[WindowFacts],
    hotline: &[HotlineFacts],
) -> Report {
    let prev_period = period.previous();
    let duplicates = incidents.iter().filter(|i| i.duplicate && period.contains(i.occurred_ms)).count() as i64;
    let claims: Vec<&IncidentFacts> =
        incidents.iter().filter(|i| !i.duplicate && period.contains(i.occurred_ms)).collect();
    let claims_before: Vec<&IncidentFacts> =
        incidents.iter().filter(|i| !i.duplicate && prev_period.contains(i.occurred_ms)).collect();
    // An event counts once: by its earliest claim.
    let once = |list: &[&'a IncidentFacts]| -> Vec<&'a IncidentFacts> {
        let mut sorted = list.to_vec();
        sorted.sort_by_key(|i| i.occurred_ms);
        let mut seen = BTreeSet::new();
        sorted.into_iter().filter(|i| seen.insert(i.event.as_str())).collect()
    };
    let cur = once(&claims);
    let prev = once(&claims_before);
    let by = |f: fn(&IncidentFacts) -> Option<&str>, none: &str| {
        compare(cur.iter().map(|i| f(i)), prev.iter().map(|i| f(i)), none)
    };
    let mut per_day = vec![0; period.days().max(1) as usize];
    for i in &cur {
        let d = ((i.occurred_ms - period.start_ms) / DAY_MS) as usize;
        if let Some(n) = per_day.get_mut(d) {
            *n += 1;
        }
    }
    let found: Vec<&FindingFacts> = findings.iter().filter(|f| period.contains(f.logged_ms)).collect();
    let found_before: Vec<&FindingFacts> = findings.iter().filter(|f| prev_period.contains(f.logged_ms)).collect();

    let (crossings, exceptions, figures) = crossing_sections(period, crossing);

    let messages: Vec<&HotlineFacts> = hotline.iter().filter(|h| period.contains(h.logged_ms)).collect();
    let mut ack_s: Vec<i64> = messages.iter().filter_map(|h| h.acked_ms.map(|a| (a - h.logged_ms) / 1000)).collect();
    ack_s.sort_unstable();
    let mut by_type = BTreeMap::new();
    for h in &messages {
        *by_type.entry(h.message_type.clone()).or_default() += 1;
    }
    let hotline = HotlineSummary {
        messages: messages.len() as i64,
        by_type,
        acknowledged: ack_s.len() as i64,
        median_ack_s: ack_s.get(ack_s.len() / 2).copied(),
        max_ack_s: ack_s.last().copied(),
    };

    Report {
        period,
        previous: prev_period,
        incidents: cur.len() as i64,
        incidents_previous: prev.len() as i64,
        claims: claims.len() as i64,
        duplicates,
        by_sector: by(|i| Some(&i.sector), ""),
        by_category: by(|i| Some(&i.category), ""),
        // Each side's claims are its own: counted per claim.
        by_reporter: compare(
            claims.iter().map(|i| Some(i.party.as_str())),
            claims_before.iter().map(|i| Some(i.party.as_str())),
            "",
        ),
        by_accused: compare(
            claims.iter().map(|i| i.accused.as_deref()),
            claims_before.iter().map(|i| i.accused.as_deref()),
            "-",
        ),
        by_actor: compare(
            claims.iter().filter_map(|i| i.actor.as_deref()).map(Some),
            claims_before.iter().filter_map(|i| i.actor.as_deref()).map(Some),
            "",
        ),
        answered: cur.iter().filter(|i| i.responses > 0).count() as i64,
        overdue: cur.iter().filter(|i| i.status == "unanswered").count() as i64,
        findings: compare(
            found.iter().map(|f| Some(f.conclusion.as_str())),
            found_before.iter().map(|f| Some(f.conclusion.as_str())),
            "",
        ),
        verified_by_party: compare(
            found.iter().filter(|f| f.conclusion == "verified").map(|f| f.attribution.as_deref()),
            found_before.iter().filter(|f| f.conclusion == "verified").map(|f| f.attribution.as_deref()),
            "-",
        ),
        crossings,
        exceptions,
        figures,
        windows: windows.iter().filter(|w| w.start_ms < period.end_ms && w.end_ms > period.start_ms).cloned().collect(),
        hotline,
        per_day,
    }
}

fn crossing_sections(
    period: Period,
    facts: &CrossingFacts,
) -> (Vec<CrossingDays>, Vec<ExceptionFacts>, Vec<FigureFacts>) {
    let changes = &facts.changes;
    let ids: BTreeSet<&str> = changes.iter().map(|c| c.crossing.as_str()).collect();
    let last_ms = period.end_ms - 1;
    let crossings = ids
        .into_iter()
        .map(|id| {
            let classes: Vec<ClassDays> = TrafficClass::ALL
                .into_iter()
                .map(|class| {
                    let state = crossing::class_state(changes, id, class, last_ms);
                    ClassDays {
                        class: class.as_str().to_string(),
                        days_closed: crossing::days_closed(changes, id, class, period.start_ms, period.end_ms),
                        status: state.status.map_or("unknown", CrossingState::as_str).to_string(),
                        only_into: state.only_into,
                    }
                })
                .collect();
            let status = crossing::overall(changes, id, last_ms).map_or("unknown", CrossingState::as_str);
            let fully_closed = |t: i64| {
                TrafficClass::ALL
                    .into_iter()
                    .all(|c| crossing::class_state(changes, id, c, t).status == Some(CrossingState::Closed))
            };
            CrossingDays {
                crossing: id.to_string(),
                changes: changes.iter().filter(|c| c.crossing == id && period.contains(c.since_ms)).count() as i64,
                days_closed: crossing::days_where(changes, id, period.start_ms, period.end_ms, fully_closed),
                status: status.to_string(),
                classes,
            }
        })
        .collect();
    let exceptions = facts
        .exceptions
        .iter()
        .filter(|x| x.from_ms < period.end_ms && x.until_ms.is_none_or(|u| u > period.start_ms))
        .cloned()
        .collect();
    let mut latest: BTreeMap<(Option<&str>, &str), &FigureFacts> = BTreeMap::new();
    for f in facts.figures.iter().filter(|f| period.contains(f.as_of_ms)) {
        let key = (f.crossing.as_deref(), f.measure.as_str());
        if latest.get(&key).is_none_or(|l| l.as_of_ms < f.as_of_ms) {
            latest.insert(key, f);
        }
    }
    let figures = latest.into_values().cloned().collect();
    (crossings, exceptions, figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> i64 {
        NaiveDate::from_ymd_opt(2025, 11, day).unwrap().and_hms_opt(hour, 0, 0).unwrap().and_utc().timestamp_millis()
    }

    fn incident(ms: i64, sector: &str, party: &str, responses: i64, status: &str) -> IncidentFacts {
        IncidentFacts {
            event: format!("{ms}-{sector}-{party}"),
            duplicate: false,
            occurred_ms: ms,
            sector: sector.into(),
            category: "cross_border_fire".into(),
            party: party.into(),
            accused: None,
            actor: None,
            responses,
            status: status.into(),
        }
    }

    #[test]
    fn a_day_runs_from_yesterdays_cut_off_to_todays() {
        // 19:30 at UTC+5 is 14:30 UTC.
        let p = Period::ending(
            NaiveDate::from_ymd_opt(2025, 11, 24).unwrap(),
            NaiveTime::from_hms_opt(19, 30, 0).unwrap(),
            300,
            1,
        );
        assert_eq!(p.end_ms, at(24, 14) + 30 * 60_000);
        assert_eq!(p.days(), 1);
        assert_eq!(p.previous().end_ms, p.start_ms);
        assert!(p.contains(at(24, 14)) && !p.contains(at(24, 15)) && !p.contains(at(23, 14)));
    }

    #[test]
    fn counts_compare_with_the_period_before_and_closures_add_up() {
        let period = Period { start_ms: at(20, 0), end_ms: at(27, 0) };
        let current = vec![
            incident(at(21, 5), "torkham", "PK", 1, "disputed"),
            incident(at(21, 6), "torkham", "AF", 0, "unanswered"),
            incident(at(26, 23), "chaman", "PK", 0, "reported"),
            incident(at(27, 0), "chaman", "PK", 0, "reported"), // the cut-off belongs to the next period
        ];
        let previous = vec![incident(at(15, 0), "chaman", "AF", 0, "answered")];
        let change = |crossing: &str, class, status, since_ms, idx| Change {
            crossing: crossing.into(),
            party: "PK".into(),
            class,
            status,
            only_into: None,
            since_ms,
            idx,
        };
        let changes = vec![
            change("torkham", None, CrossingState::Closed, at(12, 0), 1),
            change("torkham", None, CrossingState::Open, at(22, 12), 2),
            change("chaman", None, CrossingState::Closed, at(25, 0), 3),
            // Returnees go home one way from the 26th: closed to them for one day less.
            change("chaman", Some(TrafficClass::Returnees), CrossingState::Open, at(26, 0), 4),
        ];
        let figure = |measure: &str, value, as_of_ms| FigureFacts {
            crossing: Some("torkham".into()),
            measure: measure.into(),
            value,
            as_of_ms,
            source: "Chamber of commerce".into(),
            url: None,
        };
        let crossing = CrossingFacts {
            changes,
            exceptions: vec![],
            figures: vec![
                figure("trucks_stranded", 4000, at(21, 0)),
                figure("trucks_stranded", 5000, at(24, 0)),
                figure("trucks_stranded", 9000, at(28, 0)),
            ],
        };
        let hotline = vec![
            HotlineFacts {
                logged_ms: at(21, 0),
                message_type: "cease_fire_request".into(),
                party: "PK".into(),
                acked_ms: Some(at(21, 0) + 120_000),
            },
            HotlineFacts {
                logged_ms: at(22, 0),
                message_type: "notice_of_fire".into(),
                party: "AF".into(),
                acked_ms: None,
            },
        ];
        let findings =
            vec![FindingFacts { logged_ms: at(23, 0), conclusion: "verified".into(), attribution: Some("AF".into()) }];
        let mut incidents: Vec<IncidentFacts> = current.into_iter().chain(previous).collect();
        // Afghanistan's claim of the same exchange, linked into Pakistan's event, and a repeat.
        let mut other_side = incident(at(21, 6), "torkham", "AF", 0, "reported");
        other_side.event = incidents[0].event.clone();
        let mut repeat = incident(at(21, 7), "torkham", "PK", 0, "reported");
        repeat.duplicate = true;
        incidents.extend([other_side, repeat]);
        let r = compile(period, &incidents, &findings, &crossing, &[], &hotline);
        assert_eq!((r.incidents, r.incidents_previous), (3, 1), "the linked claim counts with its event");
        assert_eq!((r.claims, r.duplicates), (4, 1));
        assert_eq!(r.by_reporter[0], Compare { key: "AF".into(), current: 2, previous: 1 }, "claims per reporter");
        assert_eq!(r.by_reporter[1], Compare { key: "PK".into(), current: 2, previous: 0 });
        assert_eq!(r.by_sector[0], Compare { key: "torkham".into(), current: 2, previous: 0 });
        assert_eq!(r.by_sector[1], Compare { key: "chaman".into(), current: 1, previous: 1 });
        assert_eq!((r.answered, r.overdue), (1, 1));
        assert_eq!(r.per_day, vec![0, 2, 0, 0, 0, 0, 1]);
        let torkham = r.crossings.iter().find(|c| c.crossing == "torkham").unwrap();
        assert!((torkham.days_closed - 2.5).abs() < 1e-9 && torkham.changes == 1 && torkham.status == "open");
        let chaman = r.crossings.iter().find(|c| c.crossing == "chaman").unwrap();
        assert!((chaman.days_closed - 1.0).abs() < 1e-9, "closed to all traffic for a day");
        assert_eq!(chaman.status, "restricted");
        let class = |name: &str| chaman.classes.iter().find(|c| c.class == name).unwrap();
        assert!((class("trade").days_closed - 2.0).abs() < 1e-9 && class("trade").status == "closed");
        assert!((class("returnees").days_closed - 1.0).abs() < 1e-9 && class("returnees").status == "open");
        assert_eq!(r.figures, vec![figure("trucks_stranded", 5000, at(24, 0))], "the latest within the period");
        assert_eq!((r.hotline.messages, r.hotline.acknowledged, r.hotline.median_ack_s), (2, 1, Some(120)));
        assert_eq!(r.verified_by_party, vec![Compare { key: "AF".into(), current: 1, previous: 0 }]);
    }
}
