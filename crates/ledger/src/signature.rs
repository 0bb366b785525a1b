//! The one rule for an Ed25519 signature in Jirga: what the sequencer accepts, the auditor, the
//! mirror, the witnesses and the sign-in check accept, and nothing else.
//!
//! The rule is ed25519-dalek's `verify_strict`: RFC 8032's cofactorless equation [s]B = R + [k]A,
//! with s < L, R recomputed and compared by its encoding (so a non-canonical R fails), and A and R
//! both refused when of small order. Every signature an honest signer makes passes it. What it
//! refuses, and other rules differ on, are the crafted cases of "Taming the Many EdDSAs"
//! (Chalkias, Garillot, Nikolaenko, 2020) and of ZIP-215: a small-order key or R (which the
//! cofactored equation of ZIP-215 accepts for any message), a mixed-order R, s ≥ L, a
//! non-canonical key. Batch verification (`ed25519_dalek::verify_batch`) accepts some signatures
//! this rule refuses, so it is not used to decide; see the tests for the vectors.

use ed25519_dalek::{Signature, VerifyingKey};

/// Whether `sig` is a valid signature of `message` by `key`, by the rule above.
pub fn valid(key: &VerifyingKey, message: &[u8], sig: &Signature) -> bool {
    key.verify_strict(message, sig).is_ok()
}

/// The same for raw bytes: a key that does not decode, or a signature of the wrong length, is
/// not valid.
pub fn valid_bytes(key: &[u8], message: &[u8], sig: &[u8]) -> bool {
    let (Ok(key), Ok(sig)) = (<[u8; 32]>::try_from(key), Signature::from_slice(sig)) else {
        return false;
    };
    VerifyingKey::from_bytes(&key).is_ok_and(|k| valid(&k, message, &sig))
}

/// Published edge cases, for the tests of every crate that checks signatures: the same inputs
/// must be decided the same way by the sequencer, the audit, the mirror and the witnesses.
pub mod vectors {
    /// The twelve cases of ed25519-speccheck (novifinancial/ed25519-speccheck, cases.txt), the
    /// vectors of "Taming the Many EdDSAs": message, public key, signature.
    pub const SPECCHECK: [(&str, &str, &str); 12] = [
        ("8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000"),
        ("9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04"),
        ("aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab", "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e"),
        ("9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79", "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d", "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009"),
        ("e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c", "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d", "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09"),
        ("e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c", "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d", "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405"),
        ("85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40", "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623", "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514"),
        ("85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40", "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623", "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22"),
        ("9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41", "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f"),
        ("9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41", "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908"),
        ("e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04"),
        ("39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04"),
    ];

    /// What the rule decides for each case: the row "Dalek strict" of ed25519-speccheck's
    /// results.md (only case 3, a mixed-order key with a valid signature, passes).
    pub const SPECCHECK_DECIDED: [bool; 12] =
        [false, false, false, true, false, false, false, false, false, false, false, false];

    /// The encodings of the eight small-order points, and the six non-canonical encodings of
    /// small-order points (y = 0 or 1 written as p + y, and sign bits on a zero x).
    pub const SMALL_ORDER: [&str; 14] = [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0100000000000000000000000000000000000000000000000000000000000080",
    ];

    /// ZIP-215's small-order cases (as ed25519-zebra's tests make them): every pair of a key A
    /// and an R among [`SMALL_ORDER`], with s = 0, over the message "Zcash": 196 (key, signature)
    /// pairs. ZIP-215's cofactored rule accepts all of them; this rule refuses all of them.
    pub fn zip215_small_order() -> Vec<([u8; 32], [u8; 64])> {
        let decode = |h: &str| -> [u8; 32] {
            let mut out = [0u8; 32];
            for (i, b) in out.iter_mut().enumerate() {
                *b = u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex");
            }
            out
        };
        let encodings: Vec<[u8; 32]> = SMALL_ORDER.iter().map(|h| decode(h)).collect();
        let mut cases = vec![];
        for a in &encodings {
            for r in &encodings {
                let mut sig = [0u8; 64];
                sig[..32].copy_from_slice(r);
                cases.push((*a, sig));
            }
        }
        cases
    }
}

#[cfg(test)]
mod tests {
    use super::vectors::*;
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use curve25519_dalek::traits::IsIdentity;

    #[test]
    fn the_small_order_encodings_are_all_there_are() {
        // The eight points, and every non-canonical encoding of one (y ≥ p, or a sign on x = 0).
        let mut expected: Vec<String> = EIGHT_TORSION.iter().map(|p| hex::encode(p.compress().to_bytes())).collect();
        for y in 0u8..19 {
            for sign in [0u8, 0x80] {
                let mut e = [0xffu8; 32];
                e[0] = 0xed + y;
                e[31] = 0x7f | sign;
                if CompressedEdwardsY(e).decompress().is_some_and(|p| p.is_small_order()) {
                    expected.push(hex::encode(e));
                }
            }
        }
        for e in EIGHT_TORSION.iter().map(|p| p.compress().to_bytes()) {
            let mut signed = e;
            signed[31] |= 0x80;
            let point = CompressedEdwardsY(signed).decompress();
            if point.is_some_and(|p| p.compress().to_bytes() != signed && p.is_small_order()) {
                expected.push(hex::encode(signed));
            }
        }
        expected.sort();
        expected.dedup();
        let mut listed: Vec<String> = SMALL_ORDER.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(listed, expected);
    }

    #[test]
    fn the_rule_decides_the_speccheck_vectors_as_published() {
        for (i, (msg, key, sig)) in SPECCHECK.iter().enumerate() {
            let decided =
                valid_bytes(&hex::decode(key).unwrap(), &hex::decode(msg).unwrap(), &hex::decode(sig).unwrap());
            assert_eq!(decided, SPECCHECK_DECIDED[i], "case {i}");
        }
    }

    #[test]
    fn the_rule_refuses_every_zip215_small_order_case() {
        let cases = zip215_small_order();
        for (a, sig) in &cases {
            assert!(!valid_bytes(a, b"Zcash", sig), "A {} R {}", hex::encode(a), hex::encode(&sig[..32]));
        }
        // A cofactored check, as ZIP-215 makes it, would accept them: the cases are not trivially invalid.
        let (a, sig) = cases[cases.len() / 2];
        let point = CompressedEdwardsY(a).decompress().unwrap();
        let r = CompressedEdwardsY(sig[..32].try_into().unwrap()).decompress().unwrap();
        assert!(point.mul_by_cofactor().is_identity() && r.mul_by_cofactor().is_identity());
    }

    #[test]
    fn a_batch_accepts_what_the_rule_refuses() {
        // Why nothing decides by batch: ed25519-dalek's verify_batch accepts speccheck's case 11
        // (a non-canonical key) and some of ZIP-215's small-order cases, all of which the rule
        // refuses (and the old single `verify` accepted cases 0 to 2, signatures by small-order keys).
        let (msg, key, sig) = SPECCHECK[11];
        let msg = hex::decode(msg).unwrap();
        let key = VerifyingKey::from_bytes(&hex::decode(key).unwrap().try_into().unwrap()).unwrap();
        let sig = Signature::from_slice(&hex::decode(sig).unwrap()).unwrap();
        assert!(!valid(&key, &msg, &sig));
        assert!(ed25519_dalek::verify_batch(&[&msg[..]], &[sig], &[key]).is_ok());
        let by_batch = zip215_small_order()
            .into_iter()
            .filter(|(a, sig)| {
                VerifyingKey::from_bytes(a).is_ok_and(|k| {
                    ed25519_dalek::verify_batch(&[&b"Zcash"[..]], &[Signature::from_bytes(sig)], &[k]).is_ok()
                })
            })
            .count();
        assert!(by_batch > 0, "no small-order case passed a batch");
    }
}
