//! One byte form for everything that is signed or hashed: RFC 8785 (JSON Canonicalization Scheme),
//! so that a verifier in another language (with any JCS library) computes the same bytes.

use serde::Serialize;

/// The RFC 8785 bytes of a JSON value.
pub fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    serde_json_canonicalizer::to_vec(value).map_err(|e| CanonicalError(e.to_string()))
}

#[derive(Debug, thiserror::Error)]
#[error("cannot put JSON in canonical form: {0}")]
pub struct CanonicalError(String);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_and_drops_whitespace() {
        let v = json!({"b": 1, "a": [true, null, "x"], "c": {"z": 1, "y": 2}});
        assert_eq!(to_vec(&v).unwrap(), br#"{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}"#);
    }

    #[test]
    fn numbers_follow_ecmascript() {
        // Vectors from RFC 8785 section 3.2.2.3 (number serialization).
        let v = json!([1.0, 0.000001, 1e21, 333333333.3333333, -0.0, 1e-7]);
        assert_eq!(to_vec(&v).unwrap(), b"[1,0.000001,1e+21,333333333.3333333,0,1e-7]");
    }

    #[test]
    fn strings_escape_only_what_rfc8785_requires() {
        let v = json!({"t": "€ \u{1}\n\"\\/ پاکستان"});
        assert_eq!(to_vec(&v).unwrap(), "{\"t\":\"€ \\u0001\\n\\\"\\\\/ پاکستان\"}".as_bytes());
    }
}
