//! `jirga crossing …`: a side's gate per class of traffic, exceptions with a quota in phases,
//! what passed under them, and figures reported by others with their source.

use super::client::{load_key, statement_ids, Client};
use super::{print_json, KeyArgs, ServerArgs};
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum CrossingCommand {
    /// Set the status of your party's side of a crossing (duty officers).
    Set {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        crossing: String,
        /// open, restricted or closed.
        #[arg(long)]
        status: String,
        /// trade, transit, pedestrians, returnees or humanitarian; default: all traffic.
        #[arg(long)]
        class: Option<String>,
        /// One way only: traffic into this party's side (e.g. returnees going home).
        #[arg(long)]
        only_into: Option<String>,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
        /// Since when (RFC 3339); default now.
        #[arg(long)]
        since: Option<String>,
        /// The hotline message that told the other side (its statement id); repeat for more.
        #[arg(long)]
        notice: Vec<String>,
    },
    /// Grant an exception: a quota of one class of traffic through a crossing, in phases.
    Except {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        crossing: String,
        #[arg(long, default_value = "humanitarian")]
        class: String,
        #[arg(long)]
        only_into: Option<String>,
        /// containers, trucks, vehicles or people.
        #[arg(long, default_value = "containers")]
        unit: String,
        /// A phase as QUOTA@FROM[/UNTIL] (RFC 3339 times), e.g. 50@2025-12-01T04:00:00Z; repeat.
        #[arg(long = "phase", required = true)]
        phases: Vec<String>,
        #[arg(long)]
        purpose: String,
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long)]
        notice: Vec<String>,
    },
    /// Count what passed under an exception, in one of its phases.
    Count {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The exception's statement id.
        #[arg(long)]
        exception: String,
        /// The phase, from 1.
        #[arg(long, default_value_t = 1)]
        phase: u32,
        #[arg(long)]
        count: u32,
        /// When they passed (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Record a figure someone else reported (trucks stranded, days closed), with its source.
    Figure {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The crossing; default: the border as a whole.
        #[arg(long)]
        crossing: Option<String>,
        /// trucks_stranded, containers_stranded, people_stranded or days_closed.
        #[arg(long)]
        measure: String,
        #[arg(long)]
        value: u64,
        /// The moment the figure describes (RFC 3339); default now.
        #[arg(long)]
        as_of: Option<String>,
        /// Who gave the figure.
        #[arg(long)]
        source: String,
        #[arg(long)]
        url: Option<String>,
    },
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// QUOTA@FROM[/UNTIL]
fn phase(s: &str) -> Result<Value> {
    let Some((quota, times)) = s.split_once('@') else { bail!("phase {s:?}: write QUOTA@FROM or QUOTA@FROM/UNTIL") };
    let quota: u32 = quota.trim().parse().with_context(|| format!("phase {s:?}: the quota is a whole number"))?;
    let (from, until) = match times.split_once('/') {
        Some((f, u)) => (f, Some(u)),
        None => (times, None),
    };
    let mut p = json!({"quota": quota, "from": from.trim()});
    if let Some(u) = until {
        p["until"] = json!(u.trim());
    }
    Ok(p)
}

pub async fn run(command: CrossingCommand) -> Result<()> {
    let (server, key, kind, refs, body) = match command {
        CrossingCommand::Set { server, key, crossing, status, class, only_into, reason, lang, since, notice } => {
            let mut body = json!({"crossing": crossing, "status": status, "since": since.unwrap_or_else(now)});
            if let Some(r) = reason {
                body["reason"] = json!({"text": r, "lang": lang});
            }
            if let Some(c) = class {
                body["class"] = json!(c);
            }
            if let Some(p) = only_into {
                body["only_into"] = json!(p);
            }
            (server, key, Kind::CrossingStatus, statement_ids(&notice, "--notice")?, body)
        }
        CrossingCommand::Except { server, key, crossing, class, only_into, unit, phases, purpose, lang, notice } => {
            let phases: Vec<Value> = phases.iter().map(|p| phase(p)).collect::<Result<_>>()?;
            let mut body = json!({
                "crossing": crossing, "class": class, "unit": unit, "phases": phases,
                "purpose": {"text": purpose, "lang": lang},
            });
            if let Some(p) = only_into {
                body["only_into"] = json!(p);
            }
            (server, key, Kind::CrossingException, statement_ids(&notice, "--notice")?, body)
        }
        CrossingCommand::Count { server, key, exception, phase, count, at } => {
            let body = json!({"phase": phase, "count": count, "at": at.unwrap_or_else(now)});
            (server, key, Kind::CrossingPassage, statement_ids(&[exception], "--exception")?, body)
        }
        CrossingCommand::Figure { server, key, crossing, measure, value, as_of, source, url } => {
            let mut body = json!({
                "measure": measure, "value": value, "as_of": as_of.unwrap_or_else(now),
                "source": {"name": source},
            });
            if let Some(c) = crossing {
                body["crossing"] = json!(c);
            }
            if let Some(u) = url {
                body["source"]["url"] = json!(u);
            }
            (server, key, Kind::CrossingFigure, vec![], body)
        }
    };
    let receipt =
        Client::new(&server.server).submit(&load_key(&key.key)?, kind, refs, Visibility::Public, &body).await?;
    print_json(&receipt);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_phase_is_a_quota_from_a_time_to_another() {
        let p = super::phase("50@2025-12-01T04:00:00Z/2025-12-02T04:00:00Z").unwrap();
        assert_eq!(p["quota"], 50);
        assert_eq!(p["until"], "2025-12-02T04:00:00Z");
        assert!(super::phase("50@2025-12-01T04:00:00Z").unwrap().get("until").is_none());
        assert!(super::phase("fifty@2025-12-01").is_err() && super::phase("50").is_err());
    }
}
