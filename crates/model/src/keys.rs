//! Members' Ed25519 keys. A member's secret key lives only in their key file or browser; the server
//! and the log only ever see public keys.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A member's public key, written as standard base64 of its 32 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    pub fn parse(s: &str) -> Result<PublicKey, KeyError> {
        let bytes = B64.decode(s.trim()).map_err(|_| KeyError::NotBase64)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| KeyError::WrongLength)?;
        VerifyingKey::from_bytes(&arr).map_err(|_| KeyError::NotOnCurve)?;
        Ok(PublicKey(arr))
    }

    /// The key's 32 bytes from base64, without checking that they are a point on the curve:
    /// for a log entry, whose signatures are checked anyway (a key off the curve then fails
    /// there, by [`PublicKey::verifying_key`]), and where that check would decompress each key twice.
    pub fn parse_unchecked(s: &str) -> Result<PublicKey, KeyError> {
        let bytes = B64.decode(s.trim()).map_err(|_| KeyError::NotBase64)?;
        Ok(PublicKey(bytes.try_into().map_err(|_| KeyError::WrongLength)?))
    }

    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        VerifyingKey::from_bytes(&self.0).map_err(|_| KeyError::NotOnCurve)
    }

    /// A short form for people to compare keys by eye (first 8 bytes, hex).
    pub fn fingerprint(&self) -> String {
        hex::encode(&self.0[..8])
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&B64.encode(self.0))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self)
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PublicKey::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A member's secret key. Debug output never shows the key.
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl SecretKey {
    pub fn generate() -> SecretKey {
        SecretKey(SigningKey::generate(&mut rand::rngs::OsRng))
    }

    pub fn from_seed(seed: [u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(&seed))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    pub fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(for {})", self.public())
    }
}

/// What `jirga key new` writes: one member's key, kept on their own device.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    /// Always "jirga-member-key-v1", so a wrong file is refused with a clear message.
    pub format: String,
    pub name: String,
    /// The party the key is (to be) enrolled in.
    pub party: String,
    pub public: PublicKey,
    /// Standard base64 of the 32-byte Ed25519 seed.
    pub secret: String,
}

pub const KEY_FILE_FORMAT: &str = "jirga-member-key-v1";

impl KeyFile {
    pub fn new(name: &str, party: &str, key: &SecretKey) -> KeyFile {
        KeyFile {
            format: KEY_FILE_FORMAT.into(),
            name: name.into(),
            party: party.into(),
            public: key.public(),
            secret: B64.encode(key.seed()),
        }
    }

    pub fn secret_key(&self) -> Result<SecretKey, KeyError> {
        if self.format != KEY_FILE_FORMAT {
            return Err(KeyError::WrongFormat(self.format.clone()));
        }
        let seed = B64.decode(&self.secret).map_err(|_| KeyError::NotBase64)?;
        let seed: [u8; 32] = seed.try_into().map_err(|_| KeyError::WrongLength)?;
        let key = SecretKey::from_seed(seed);
        if key.public() != self.public {
            return Err(KeyError::Mismatch);
        }
        Ok(key)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("the key is not valid base64")]
    NotBase64,
    #[error("an Ed25519 key is 32 bytes; this one is not")]
    WrongLength,
    #[error("the key is not a valid Ed25519 public key")]
    NotOnCurve,
    #[error("this is not a Jirga member key file (format {0:?}, expected \"jirga-member-key-v1\")")]
    WrongFormat(String),
    #[error("the key file's public key does not match its secret key: the file is damaged")]
    Mismatch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trips_and_detects_damage() {
        let key = SecretKey::generate();
        let mut file = KeyFile::new("pk-reporter", "PK", &key);
        let json = serde_json::to_string(&file).unwrap();
        let back: KeyFile = serde_json::from_str(&json).unwrap();
        assert_eq!(back.secret_key().unwrap().public(), key.public());
        file.public = SecretKey::generate().public();
        assert_eq!(file.secret_key().unwrap_err(), KeyError::Mismatch);
    }

    #[test]
    fn public_key_parse_rejects_bad_input() {
        assert_eq!(PublicKey::parse("not base64!"), Err(KeyError::NotBase64));
        assert_eq!(PublicKey::parse("AAAA"), Err(KeyError::WrongLength));
        let k = SecretKey::generate().public();
        assert_eq!(PublicKey::parse(&k.to_string()).unwrap(), k);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let key = SecretKey::generate();
        let shown = format!("{key:?}");
        assert!(!shown.contains(&B64.encode(key.seed())));
    }
}
