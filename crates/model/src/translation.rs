//! Signed translations. Anyone enrolled may translate the words of a statement into another
//! language; the translation is a statement of its own, signed by its translator and pointing at
//! the original, which stays authoritative. A translation can be disputed by anyone but its
//! translator. A translation is never seen by more people than the original: its visibility is
//! the original's or narrower.

use crate::bodies::{check_text, Text, MAX_TEXT_CHARS};
use crate::deployment::{Deployment, PartyKind};
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement, Visibility};
use crate::validate::Lookup;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fields of a body whose words can be translated (each a `Text` in some kind's body).
pub const FIELDS: [&str; 10] =
    ["title", "narrative", "summary", "account", "text", "note", "reasons", "mandate", "reply", "remedial_action"];

/// The languages a translation may be into: BCP 47 primary subtags, as the texts carry them.
fn lang_ok(lang: &str) -> bool {
    (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language translated into.
    pub lang: String,
    /// Field of the original's body → its words in `lang`.
    pub texts: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationDispute {
    pub reason: Text,
}

/// Does every reader of a statement by `mine_party` with `mine` also read the original?
fn within(dep: &Deployment, mine: Visibility, mine_party: &str, theirs: Visibility, their_party: &str) -> bool {
    let mediator = |p: &str| dep.party_kind(p) == Some(PartyKind::Mediator);
    match (theirs, mine) {
        (Visibility::Public, _) => true,
        (Visibility::Joint, v) => v != Visibility::Public,
        // The mediators and the original's party: the translator's party must be one of them.
        (Visibility::Mediators, Visibility::Mediators | Visibility::Party) => {
            mine_party == their_party || mediator(mine_party)
        }
        (Visibility::Party, Visibility::Party) => mine_party == their_party,
        _ => false,
    }
}

/// A translation refers to one statement of another kind, reaches no further than it, and
/// translates known fields into a language other than nothing.
pub fn check(dep: &Deployment, st: &Statement, t: &Translation, lookup: &dyn Lookup) -> Result<(), Rejection> {
    let id = crate::validate::refs_exactly_one(st)?;
    let original = lookup
        .known(&id)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", id.short())))?;
    if matches!(original.kind, Kind::Translation | Kind::TranslationDispute) {
        return Err(Rejection::invalid("header.refs", "translate the original, not a translation".into()));
    }
    let (mine, theirs) = (st.header.visibility, original.visibility);
    if !within(dep, mine, &st.header.party, theirs, &original.party) {
        return Err(Rejection::invalid(
            "header.visibility",
            format!("the original is {}; its translation cannot be {}", theirs.as_str(), mine.as_str()),
        ));
    }
    if !lang_ok(&t.lang) {
        return Err(Rejection::invalid(
            "body.lang",
            format!("{:?} is not a language code such as ur, ps or prs", t.lang),
        ));
    }
    if t.texts.is_empty() {
        return Err(Rejection::invalid("body.texts", "give the words of at least one field".into()));
    }
    for (field, words) in &t.texts {
        if !FIELDS.contains(&field.as_str()) {
            return Err(Rejection::invalid(
                &format!("body.texts.{field}"),
                format!("not a field with words; use one of: {}", FIELDS.join(", ")),
            ));
        }
        check_text(
            &format!("body.texts.{field}"),
            &Text { text: words.clone(), lang: t.lang.clone() },
            MAX_TEXT_CHARS,
        )?;
    }
    Ok(())
}

/// A dispute refers to a translation and comes from anyone but its translator.
pub fn check_dispute(st: &Statement, d: &TranslationDispute, lookup: &dyn Lookup) -> Result<(), Rejection> {
    let id = crate::validate::refs_exactly_one(st)?;
    let translation = lookup
        .known(&id)
        .filter(|k| k.kind == Kind::Translation)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not a translation in the log", id.short())))?;
    if translation.author == st.header.author {
        return Err(Rejection::forbidden(
            "a translator does not dispute their own translation; translate again".into(),
        ));
    }
    check_text("body.reason", &d.reason, MAX_TEXT_CHARS)
}

#[cfg(test)]
mod tests {
    use crate::testkit::*;
    use crate::{Kind, Visibility};
    use serde_json::json;

    #[test]
    fn a_translation_reaches_no_further_than_its_original_and_its_translator_does_not_dispute_it() {
        let mut w = world();
        let r = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
        let original = accept(&mut w, &r).unwrap();
        let body = json!({"lang": "ps", "texts": {"title": "سرلیک", "narrative": "کیسه"}});
        let t = statement(&w, &w.af_liaison, "AF", Kind::Translation, vec![original], body.clone());
        let translation = accept(&mut w, &t).unwrap();
        let mut wide = statement(&w, &w.af_liaison, "AF", Kind::Translation, vec![original], body.clone());
        wide.0.header.visibility = Visibility::Public;
        let wide = (crate::Statement::sign(wide.0.header.clone(), &body, &[&w.af_liaison]).unwrap(), wide.1);
        assert_eq!(run(&w, &wide).unwrap_err().field.as_deref(), Some("header.visibility"));
        let bad = json!({"lang": "ps", "texts": {"location": "x"}});
        let s = statement(&w, &w.af_liaison, "AF", Kind::Translation, vec![original], bad);
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.texts.location"));
        let reason = json!({"reason": {"text": "the word for post is wrong", "lang": "en"}});
        let s = statement(&w, &w.af_liaison, "AF", Kind::TranslationDispute, vec![translation], reason.clone());
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
        let s = statement(&w, &w.pk_reporter, "PK", Kind::TranslationDispute, vec![translation], reason.clone());
        run(&w, &s).unwrap();
        let s = statement(&w, &w.pk_reporter, "PK", Kind::TranslationDispute, vec![original], reason);
        assert_eq!(run(&w, &s).unwrap_err().code, "unknown-ref");
    }
}
