//! Why a statement was refused, in words a person can act on. The server turns it into an
//! `application/problem+json` answer; the `code` is stable for programs, the message is for people.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Stable, machine-readable: "malformed", "bad-signature", "not-enrolled", "forbidden",
    /// "invalid", "too-large", "unknown-ref", "conflict".
    pub code: &'static str,
    /// The body or header field at fault, as a JSON path ("location.lat"), when there is one.
    pub field: Option<String>,
    pub message: String,
}

impl Rejection {
    pub fn new(code: &'static str, field: Option<&str>, message: String) -> Rejection {
        Rejection { code, field: field.map(str::to_string), message }
    }
    pub fn malformed(message: String) -> Rejection {
        Rejection::new("malformed", None, message)
    }
    pub fn bad_signature(message: String) -> Rejection {
        Rejection::new("bad-signature", Some("signatures"), message)
    }
    pub fn forbidden(message: String) -> Rejection {
        Rejection::new("forbidden", None, message)
    }
    pub fn not_enrolled(message: String) -> Rejection {
        Rejection::new("not-enrolled", Some("header.author"), message)
    }
    pub fn invalid(field: &str, message: String) -> Rejection {
        Rejection::new("invalid", Some(field), message)
    }
    pub fn bad_body(field: &str, message: String) -> Rejection {
        Rejection::new("invalid", Some(field), message)
    }
    pub fn too_large(field: &str, message: String) -> Rejection {
        Rejection::new("too-large", Some(field), message)
    }
    pub fn unknown_ref(message: String) -> Rejection {
        Rejection::new("unknown-ref", Some("header.refs"), message)
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({}): {}", self.code, field, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for Rejection {}
