//! How the compliance record counts breaches of a clause as they stood at a moment: an incident
//! alleges what its latest version by then says; a finding's verdicts replace those allegations
//! from the moment it became final. One function, so the server and a reader recomputing a report
//! from the log count alike.

use crate::investigation::Verdict;
use std::collections::BTreeMap;

/// (agreement/clause, party)
pub type ClauseParty = (String, String);

/// One incident's claims of breaches and what final findings said of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BreachFacts {
    /// Each version as it was logged, in log order: (logged_ms, the breaches it alleges).
    pub versions: Vec<(i64, Vec<ClauseParty>)>,
    /// The findings on it that became final, in that order.
    pub findings: Vec<FinalFinding>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FinalFinding {
    pub final_ms: i64,
    /// It concluded that the incident could not be attributed to anyone.
    pub not_attributable: bool,
    pub verdicts: Vec<(ClauseParty, Verdict)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BreachCounts {
    pub alleged: i64,
    pub verified: i64,
    pub rejected: i64,
    /// Breaches alleged or judged in an incident a final finding could not attribute.
    pub not_attributable: i64,
}

/// The counts per clause and party at `at_ms` (entries logged at or before it).
pub fn breaches_at(incidents: &[BreachFacts], at_ms: i64) -> BTreeMap<ClauseParty, BreachCounts> {
    let mut out: BTreeMap<ClauseParty, BreachCounts> = BTreeMap::new();
    for i in incidents {
        let Some((_, alleged)) = i.versions.iter().rev().find(|v| v.0 <= at_ms) else { continue };
        let mut state: BTreeMap<&ClauseParty, Option<Verdict>> = alleged.iter().map(|b| (b, None)).collect();
        let mut unattributed = false;
        for f in i.findings.iter().filter(|f| f.final_ms <= at_ms) {
            unattributed |= f.not_attributable;
            for (b, v) in &f.verdicts {
                state.insert(b, Some(*v));
            }
        }
        for (b, verdict) in state {
            let c = out.entry(b.clone()).or_default();
            match verdict {
                None => c.alleged += 1,
                Some(Verdict::Verified) => c.verified += 1,
                Some(Verdict::Rejected) => c.rejected += 1,
            }
            c.not_attributable += i64::from(unattributed);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp(clause: &str, party: &str) -> ClauseParty {
        (clause.into(), party.into())
    }

    #[test]
    fn verdicts_replace_allegations_from_the_moment_the_finding_is_final() {
        let incident = BreachFacts {
            versions: vec![(10, vec![cp("doha/1", "AF")]), (20, vec![cp("doha/1", "AF"), cp("doha/2", "AF")])],
            findings: vec![FinalFinding {
                final_ms: 30,
                not_attributable: false,
                verdicts: vec![(cp("doha/1", "AF"), Verdict::Verified), (cp("doha/3", "PK"), Verdict::Rejected)],
            }],
        };
        let at = |t| breaches_at(std::slice::from_ref(&incident), t);
        assert!(at(9).is_empty(), "not reported yet");
        assert_eq!(at(10).len(), 1, "the first version alleges one clause");
        assert_eq!(at(25)[&cp("doha/2", "AF")].alleged, 1, "the amendment added a clause");
        let settled = at(30);
        assert_eq!(settled[&cp("doha/1", "AF")], BreachCounts { verified: 1, ..Default::default() });
        assert_eq!(settled[&cp("doha/2", "AF")].alleged, 1, "a clause the finding did not judge stays alleged");
        assert_eq!(settled[&cp("doha/3", "PK")].rejected, 1);
    }

    #[test]
    fn a_finding_that_cannot_attribute_counts_each_breach_of_its_incident_once() {
        let incident = BreachFacts {
            versions: vec![(1, vec![cp("doha/1", "PK")])],
            findings: vec![
                FinalFinding { final_ms: 5, not_attributable: true, verdicts: vec![] },
                FinalFinding { final_ms: 6, not_attributable: true, verdicts: vec![] },
            ],
        };
        assert_eq!(breaches_at(std::slice::from_ref(&incident), 4)[&cp("doha/1", "PK")].not_attributable, 0);
        let c = breaches_at(&[incident.clone(), incident], 7)[&cp("doha/1", "PK")];
        assert_eq!((c.alleged, c.not_attributable), (2, 2), "two incidents, each counted once");
    }
}
