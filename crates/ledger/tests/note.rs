//! Signed-note vectors from Go's golang.org/x/mod/sumdb/note/note_test.go (TestNewVerifier,
//! TestNewSigner, TestSign, TestVerifierList, TestOpen), plus the C2SP signed-note rules.

use ledger::note::{self, NoteError, NoteSignature, Signer, Verifier};

const PETER_SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG: &str =
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str =
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter() -> Verifier {
    Verifier::parse(PETER_VKEY).unwrap()
}

fn enoch() -> Verifier {
    Verifier::parse(ENOCH_VKEY).unwrap()
}

fn sig_of(line: &str) -> NoteSignature {
    NoteSignature::parse_line(line.trim_end_matches('\n')).unwrap()
}

#[test]
fn go_verifier_key_parses_and_round_trips() {
    let v = peter();
    assert_eq!(v.name(), "PeterNeumann");
    assert_eq!(v.key_hash(), 0xc74f20a3);
    assert_eq!(v.to_vkey(), PETER_VKEY);
    assert_eq!(enoch().key_hash(), 0xaf0cfe78);
}

/// TestNewVerifier: every proper substring and every single-byte increment must be rejected.
#[test]
fn mangled_verifier_keys_are_rejected() {
    let b = PETER_VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i == 0 && j == b.len() {
                continue;
            }
            let k = std::str::from_utf8(&b[i..j]).unwrap();
            assert!(Verifier::parse(k).is_err(), "accepted substring {k:?}");
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let k = String::from_utf8(m).unwrap();
        assert!(Verifier::parse(&k).is_err(), "accepted mangled {k:?}");
    }
    // Wrong-length key and unknown algorithm, each with a key hash adjusted to match.
    assert!(matches!(
        Verifier::parse("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="),
        Err(NoteError::MalformedKey(_))
    ));
    assert_eq!(
        Verifier::parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        Err(NoteError::UnknownAlgorithm(0x65))
    );
}

/// TestNewSigner, and the signer and verifier agreeing with each other.
#[test]
fn go_signer_key_parses_and_matches_its_verifier() {
    let s = Signer::parse(PETER_SKEY).unwrap();
    assert_eq!(s.name(), "PeterNeumann");
    assert_eq!(s.key_hash(), 0xc74f20a3);
    assert_eq!(s.to_skey(), PETER_SKEY);
    assert_eq!(s.verifier(), peter());

    let b = PETER_SKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i == 0 && j == b.len() {
                continue;
            }
            let k = std::str::from_utf8(&b[i..j]).unwrap();
            assert!(Signer::parse(k).is_err(), "accepted substring {k:?}");
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let k = String::from_utf8(m).unwrap();
        assert!(Signer::parse(&k).is_err(), "accepted mangled {k:?}");
    }
}

/// TestSign: Ed25519 is deterministic, so signing Go's text gives Go's exact note.
#[test]
fn signing_reproduces_go_note() {
    let s = Signer::parse(PETER_SKEY).unwrap();
    let want = format!("{TEXT}\n{PETER_SIG}");
    assert_eq!(note::sign(TEXT, &[&s]).unwrap(), want);
    assert!(matches!(note::sign("abc", &[&s]), Err(NoteError::Malformed(_))));
    assert!(matches!(note::sign("a\u{1}b\n", &[&s]), Err(NoteError::Malformed(_))));
}

#[test]
fn generated_keys_round_trip_and_sign() {
    let s = Signer::generate("EnochRoot").unwrap();
    let s2 = Signer::parse(&s.to_skey()).unwrap();
    let v = Verifier::parse(&s.verifier().to_vkey()).unwrap();
    assert_eq!(s2.verifier(), v);
    let mut msg = b"hi".to_vec();
    let mut sig = s.sign_raw(&msg);
    assert!(v.verify_raw(&msg, &sig));
    sig[0] ^= 1;
    assert!(!v.verify_raw(&msg, &sig));
    sig[0] ^= 1;
    msg[0] ^= 1;
    assert!(!v.verify_raw(&msg, &sig));
    assert!(!v.verify_raw(b"hi", &sig[..63]));
    // Two generated keys differ.
    assert_ne!(Signer::generate("EnochRoot").unwrap().verifier(), v);
}

#[test]
fn key_names_follow_the_spec() {
    let seed = [7u8; 32];
    for bad in ["", "a+b", "a b", "a\tb", "a\u{a0}b", "a\u{2028}b", "a\u{1}b"] {
        assert_eq!(Signer::from_seed(bad, seed).err(), Some(NoteError::InvalidName(bad.to_owned())), "{bad:?}");
    }
    for good in ["jirga.example/log", "oid/1.3.6.1.4.1", "Ünïcødé"] {
        let s = Signer::from_seed(good, seed).unwrap();
        assert_eq!(Verifier::parse(&s.verifier().to_vkey()).unwrap().name(), good);
    }
}

/// TestOpen.
#[test]
fn open_sorts_verified_and_unverified_signatures() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");

    let n = note::open(&msg, &[peter()]).unwrap();
    assert_eq!(n.text, TEXT);
    assert_eq!(n.verified, vec![sig_of(PETER_SIG)]);
    assert_eq!(n.unverified, vec![sig_of(ENOCH_SIG)]);
    assert_eq!(n.verified[0].key_hash, 0xc74f20a3);
    assert_eq!(n.verified[0].sig.len(), 64);

    let n = note::open(&msg, &[peter(), enoch()]).unwrap();
    assert_eq!(n.verified, vec![sig_of(PETER_SIG), sig_of(ENOCH_SIG)]);
    assert!(n.unverified.is_empty());

    match note::open(&msg, &[]) {
        Err(NoteError::Unverified { signers }) => {
            assert_eq!(signers, "PeterNeumann+c74f20a3, EnochRoot+af0cfe78")
        }
        other => panic!("expected Unverified, got {other:?}"),
    }
}

#[test]
fn open_rejects_ambiguous_verifiers_only_when_used() {
    let only_enoch = format!("{TEXT}\n{ENOCH_SIG}");
    assert_eq!(
        note::open(&only_enoch, &[enoch(), peter(), enoch()]),
        Err(NoteError::AmbiguousKey { name: "EnochRoot".into(), key_hash: 0xaf0cfe78 })
    );
    let only_peter = format!("{TEXT}\n{PETER_SIG}");
    note::open(&only_peter, &[enoch(), peter(), enoch()]).unwrap();
}

#[test]
fn open_limits_signature_count() {
    let many = format!("{TEXT}\n{}", PETER_SIG.repeat(101));
    assert!(matches!(note::open(&many, &[peter()]), Err(NoteError::Malformed(_))));
    assert!(matches!(note::open(&many, &[]), Err(NoteError::Malformed(_))));
    // 100 copies are fine (and collapse to one).
    let hundred = format!("{TEXT}\n{}", PETER_SIG.repeat(100));
    assert_eq!(note::open(&hundred, &[peter()]).unwrap().verified.len(), 1);
}

#[test]
fn open_rejects_a_bad_signature_by_a_known_key() {
    let corrupt = format!("{TEXT}\n{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    assert_eq!(
        note::open(&corrupt, &[peter()]),
        Err(NoteError::InvalidSignature { name: "PeterNeumann".into(), key_hash: 0xc74f20a3 })
    );
    // The same text changed by one character after signing.
    let altered = format!("{}\n{PETER_SIG}", TEXT.replace("answer", "Answer"));
    assert!(matches!(note::open(&altered, &[peter()]), Err(NoteError::InvalidSignature { .. })));
}

#[test]
fn open_drops_repeated_signatures() {
    let enoch_abcd = format!("{}ABCD{}", &ENOCH_SIG[..60], &ENOCH_SIG[60..]);
    let msg = format!("{TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}{ENOCH_SIG}{enoch_abcd}");
    let n = note::open(&msg, &[peter()]).unwrap();
    assert_eq!(n.verified, vec![sig_of(PETER_SIG)]);
    assert_eq!(n.unverified, vec![sig_of(ENOCH_SIG), sig_of(&enoch_abcd)]);
}

#[test]
fn open_rejects_malformed_notes() {
    let bad = [
        TEXT.to_owned(),
        format!("{TEXT}\n"),
        format!("{TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
        format!("\u{1}{TEXT}\n{PETER_SIG}"),
        format!("{TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"),
        format!("{TEXT}\n{PETER_SIG}Unexpected line.\n"),
        format!("{TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"),
        format!("{TEXT}\n— PeterNeumann \n"),
        format!("{TEXT}\n— PeterNeumann x08go/Z=\n"),
    ];
    for msg in bad {
        assert!(matches!(note::open(&msg, &[peter()]), Err(NoteError::Malformed(_))), "accepted {msg:?}");
    }
}

#[test]
fn text_with_blank_lines_splits_at_the_last_one() {
    let s = Signer::from_seed("a.example/k", [3u8; 32]).unwrap();
    let text = "para one\n\npara two\n";
    let signed = note::sign(text, &[&s]).unwrap();
    let n = note::open(&signed, &[s.verifier()]).unwrap();
    assert_eq!(n.text, text);
}

#[test]
fn adding_signature_lines() {
    let s = Signer::parse(PETER_SKEY).unwrap();
    let signed = note::sign(TEXT, &[&s]).unwrap();
    let enoch_line = ENOCH_SIG.trim_end().to_owned();
    let with = note::add_signature_lines(&signed, &[enoch_line.clone(), format!("{enoch_line}\n")]).unwrap();
    assert_eq!(with, format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}"));
    let n = note::open(&with, &[peter(), enoch()]).unwrap();
    assert_eq!(n.verified.len(), 2);
    // A line already there is not repeated.
    assert_eq!(note::add_signature_lines(&with, &[enoch_line]).unwrap(), with);
    // Garbage is refused, and so is a message that is not a signed note.
    assert!(note::add_signature_lines(&signed, &["not a signature".into()]).is_err());
    assert!(
        note::add_signature_lines(&signed, &[format!("{}\n{}", ENOCH_SIG.trim_end(), ENOCH_SIG.trim_end())]).is_err()
    );
    assert!(note::add_signature_lines(TEXT, &[ENOCH_SIG.into()]).is_err());
}

/// The to_line / parse_line pair is what witnesses use to hand back cosignatures.
#[test]
fn signature_line_round_trip() {
    let sig = sig_of(PETER_SIG);
    assert_eq!(format!("{}\n", sig.to_line()), PETER_SIG);
}
