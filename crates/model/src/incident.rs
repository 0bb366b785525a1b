//! The incident's lifecycle, derived from its statements and the clock, never set by hand.

use crate::bodies::Position;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed, within its response deadline, no answer yet.
    Reported,
    /// Every answer so far acknowledges it.
    Answered,
    /// At least one answer denies, contests or counter-claims it.
    Disputed,
    /// No answer, and the response deadline has passed.
    Unanswered,
    /// A joint team is investigating it.
    UnderInvestigation,
    /// The team's finding is final (signed as the deployment's rule requires).
    FindingFinal,
    /// The mediators closed the investigation.
    Closed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Reported,
        Status::Answered,
        Status::Disputed,
        Status::Unanswered,
        Status::UnderInvestigation,
        Status::FindingFinal,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Answered => "answered",
            Status::Disputed => "disputed",
            Status::Unanswered => "unanswered",
            Status::UnderInvestigation => "under_investigation",
            Status::FindingFinal => "finding_final",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The deadline for the other side's answer: deadline hours after the log accepted the report.
pub fn response_deadline(logged_at_ms: i64, deadline_hours: u32) -> i64 {
    logged_at_ms + i64::from(deadline_hours) * 3_600_000
}

/// The part of the status that does not depend on the clock, as the projection stores it.
pub fn answered_state(positions: &[Position]) -> Status {
    if positions.is_empty() {
        Status::Reported
    } else if positions.iter().all(|p| *p == Position::Acknowledge) {
        Status::Answered
    } else {
        Status::Disputed
    }
}

/// The stage of the verification, once there is one, outranks the answers: an incident under
/// investigation stays so whatever else is said about it. `stage` is one of the last three.
pub fn with_stage(answered: Status, stage: Option<Status>) -> Status {
    stage.unwrap_or(answered)
}

/// The status at `now`: a stored state plus the deadline.
pub fn status_at(stored: Status, deadline_ms: i64, now_ms: i64) -> Status {
    if stored == Status::Reported && now_ms > deadline_ms {
        Status::Unanswered
    } else {
        stored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle() {
        let deadline = response_deadline(1_000, 24);
        assert_eq!(deadline, 1_000 + 86_400_000);
        assert_eq!(status_at(answered_state(&[]), deadline, deadline), Status::Reported);
        assert_eq!(status_at(answered_state(&[]), deadline, deadline + 1), Status::Unanswered);
        assert_eq!(answered_state(&[Position::Acknowledge]), Status::Answered);
        assert_eq!(answered_state(&[Position::Acknowledge, Position::Contest]), Status::Disputed);
        assert_eq!(status_at(Status::Disputed, deadline, deadline + 1), Status::Disputed);
        let investigated = with_stage(answered_state(&[]), Some(Status::UnderInvestigation));
        assert_eq!(status_at(investigated, deadline, deadline + 1), Status::UnderInvestigation);
        assert_eq!(with_stage(Status::Disputed, None), Status::Disputed);
    }
}
