//! The projection of evidence and joint verification: registrations and custody, investigations
//! with their notes, findings with their signatures, breaches of clauses, escalations. It also
//! moves the incident through its stages (under investigation, finding final, closed).

use super::projection::text;
use super::sql::{insert_rows, Val};
use super::{NewEntry, Projector};
use anyhow::{Context, Result};
use model::incident::Status;
use model::investigation::{self, Stance};
use model::{deadlines, Body};
use sqlx::{Any, Row, Transaction};

type Tx<'a, 'b> = &'a mut Transaction<'b, Any>;

fn row(values: Vec<Val>) -> Vec<Vec<Val>> {
    vec![values]
}

fn entry_id(e: &NewEntry) -> Val {
    Val::Text(e.id.hex())
}

fn first_ref(e: &NewEntry) -> Result<String> {
    Ok(e.refs.first().context("a statement of this kind refers to one other")?.hex())
}

impl Projector {
    pub(super) async fn project_verification(&self, tx: Tx<'_, '_>, e: &NewEntry) -> Result<()> {
        let at = || vec![Val::I64(e.idx as i64), Val::I64(e.logged_at)];
        match &e.parsed {
            Body::EvidenceRegister(r) => {
                let mut values = vec![
                    entry_id(e),
                    text(&r.sha256),
                    Val::I64(r.size as i64),
                    text(&r.media_type),
                    Val::OptText(r.name.clone()),
                    text(&e.party),
                    text(&e.author.to_string()),
                    text(e.visibility.as_str()),
                ];
                values.extend(at());
                let columns = [
                    "statement",
                    "sha256",
                    "size",
                    "media_type",
                    "name",
                    "party",
                    "author",
                    "visibility",
                    "idx",
                    "logged_at",
                ];
                insert_rows(tx, "evidence", &columns, row(values), "").await?;
                let links = e.ref_incidents.iter().map(|i| vec![entry_id(e), Val::Text(i.hex())]).collect();
                insert_rows(tx, "statement_links", &["statement", "incident"], links, "ON CONFLICT DO NOTHING").await?;
            }
            Body::Custody(c) => {
                let registration = first_ref(e)?;
                let sha256: String = sqlx::query("SELECT sha256 FROM evidence WHERE statement = $1")
                    .bind(&registration)
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get(0)?;
                let mut values = vec![
                    entry_id(e),
                    text(&registration),
                    text(&sha256),
                    text(c.action.as_str()),
                    text(&c.member.to_string()),
                    text(&c.party),
                    Val::OptText(c.to.clone()),
                    Val::OptText(c.range.clone()),
                ];
                values.extend(at());
                let columns = [
                    "statement",
                    "registration",
                    "sha256",
                    "action",
                    "member",
                    "party",
                    "recipient",
                    "byte_range",
                    "idx",
                    "logged_at",
                ];
                insert_rows(tx, "custody", &columns, row(values), "").await?;
            }
            Body::InvestigationOpen(o) => {
                let incident = e.incident.context("an investigation belongs to an incident")?.hex();
                let team: Vec<String> = o.team.iter().map(|k| k.to_string()).collect();
                let mut values = vec![
                    entry_id(e),
                    text(&incident),
                    text(&o.title.text),
                    text(&e.author.to_string()),
                    text(&team.join(",")),
                    Val::I64(o.due.timestamp_millis()),
                    text("open"),
                ];
                values.extend(at());
                let columns = ["id", "incident", "title", "opened_by", "team", "due", "state", "idx", "logged_at"];
                insert_rows(tx, "investigations", &columns, row(values), "").await?;
                set_stage(tx, &incident, Status::UnderInvestigation).await?;
            }
            Body::InvestigationNote(n) => {
                let mut values = vec![
                    entry_id(e),
                    text(&first_ref(e)?),
                    text(&e.author.to_string()),
                    text(&e.party),
                    Val::OptText(n.obstruction.map(|o| o.as_str().to_string())),
                    text(e.visibility.as_str()),
                ];
                values.extend(at());
                let columns =
                    ["statement", "investigation", "author", "party", "obstruction", "visibility", "idx", "logged_at"];
                insert_rows(tx, "investigation_notes", &columns, row(values), "").await?;
            }
            Body::InvestigationClose(_) => {
                sqlx::query("UPDATE investigations SET state = 'closed', closed_at = $1 WHERE id = $2")
                    .bind(e.idx as i64)
                    .bind(first_ref(e)?)
                    .execute(&mut **tx)
                    .await?;
                let incident = e.incident.context("an investigation belongs to an incident")?.hex();
                set_stage(tx, &incident, Status::Closed).await?;
            }
            Body::Finding(f) => {
                let incident = e.incident.context("a finding belongs to an incident")?.hex();
                let mut values = vec![
                    entry_id(e),
                    text(&first_ref(e)?),
                    text(&incident),
                    text(f.conclusion.as_str()),
                    Val::OptText(f.attribution.clone()),
                    text(&e.author.to_string()),
                    text(e.visibility.as_str()),
                ];
                values.extend(at());
                values.push(Val::I64(deadlines::signatures_due(e.logged_at, &self.genesis.rules)));
                let columns = [
                    "statement",
                    "investigation",
                    "incident",
                    "conclusion",
                    "attribution",
                    "author",
                    "visibility",
                    "idx",
                    "logged_at",
                    "signatures_due",
                ];
                insert_rows(tx, "findings", &columns, row(values), "").await?;
                let breaches = f
                    .breaches
                    .iter()
                    .map(|b| vec![entry_id(e), text(&b.clause), text(&b.party), text(b.verdict.as_str())])
                    .collect();
                let columns = ["finding", "clause", "party", "verdict"];
                insert_rows(tx, "finding_breaches", &columns, breaches, "ON CONFLICT DO NOTHING").await?;
                // Its drafter concurs by drafting; the rule may need nobody else.
                self.settle_finding(tx, &e.id.hex(), e.idx).await?;
            }
            Body::FindingSign(s) => {
                let finding = first_ref(e)?;
                let mut values = vec![
                    entry_id(e),
                    text(&finding),
                    text(&e.author.to_string()),
                    text(&e.party),
                    text(s.position.as_str()),
                ];
                values.extend(at());
                let columns = ["statement", "finding", "member", "party", "stance", "idx", "logged_at"];
                insert_rows(tx, "finding_signatures", &columns, row(values), "").await?;
                self.settle_finding(tx, &finding, e.idx).await?;
            }
            Body::Escalation(x) => {
                let mut values = vec![
                    entry_id(e),
                    text(&first_ref(e)?),
                    text(x.overdue.as_str()),
                    Val::I64(x.due.timestamp_millis()),
                    Val::OptText(x.step.map(|s| s.as_str().to_string())),
                ];
                values.extend(at());
                let columns = ["statement", "subject", "overdue", "due", "step", "idx", "logged_at"];
                insert_rows(tx, "escalations", &columns, row(values), "").await?;
            }
            Body::HotlineMessage(_) | Body::HotlineAck(_) | Body::DutyRoster(_) => self.project_hotline(tx, e).await?,
            // The register lives in the deployment's state (the pages read it there).
            Body::ActorRegister(_) => {}
            _ => unreachable!("the other kinds are projected in projection.rs"),
        }
        Ok(())
    }

    /// Makes a finding final when its concurrences meet the deployment's rule: the investigation
    /// and the incident move on, and the finding's verdicts on breaches replace the allegations.
    async fn settle_finding(&self, tx: Tx<'_, '_>, finding: &str, idx: u64) -> Result<()> {
        let head = sqlx::query("SELECT investigation, incident, final_at, author FROM findings WHERE statement = $1")
            .bind(finding)
            .fetch_one(&mut **tx)
            .await?;
        if head.try_get::<Option<i64>, _>(2)?.is_some() {
            return Ok(());
        }
        let (investigation, incident): (String, String) = (head.try_get(0)?, head.try_get(1)?);
        let drafter: String = head.try_get(3)?;
        let drafter_party: String = sqlx::query("SELECT party FROM members WHERE key = $1")
            .bind(&drafter)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
        let rows = sqlx::query("SELECT party FROM finding_signatures WHERE finding = $1 AND stance = $2")
            .bind(finding)
            .bind(Stance::Concur.as_str())
            .fetch_all(&mut **tx)
            .await?;
        let mut parties: Vec<String> = rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
        parties.push(drafter_party);
        if !investigation::is_final(&self.genesis, &parties.iter().map(String::as_str).collect::<Vec<_>>()) {
            return Ok(());
        }
        sqlx::query("UPDATE findings SET final_at = $1 WHERE statement = $2")
            .bind(idx as i64)
            .bind(finding)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE investigations SET state = 'finding_final' WHERE id = $1 AND state = 'open'")
            .bind(&investigation)
            .execute(&mut **tx)
            .await?;
        let closed: Option<String> = sqlx::query("SELECT stage FROM incidents WHERE id = $1")
            .bind(&incident)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
        if closed.as_deref() != Some(Status::Closed.as_str()) {
            set_stage(tx, &incident, Status::FindingFinal).await?;
        }
        sqlx::query(
            "INSERT INTO breaches (incident, clause, party, state, source) \
             SELECT $1, clause, party, verdict, finding FROM finding_breaches WHERE finding = $2 \
             ON CONFLICT (incident, clause, party) DO UPDATE SET state = excluded.state, source = excluded.source",
        )
        .bind(&incident)
        .bind(finding)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

async fn set_stage(tx: Tx<'_, '_>, incident: &str, stage: Status) -> Result<()> {
    sqlx::query("UPDATE incidents SET stage = $1, state = $1 WHERE id = $2")
        .bind(stage.as_str())
        .bind(incident)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
