//! C2SP tlog-cosignature (Ed25519, type 0x04).
//!
//! Vectors: the example cosignature line and signed message of c2sp.org/tlog-cosignature
//! (timestamp 1679315147), and from github.com/transparency-dev/formats
//! note/note_cosigv1_test.go: the native type-0x04 vkey `remora.n621.de+da77ade7+…`, the
//! type-0x01 vkey `TEST+7997405c+…` that converts to a cosignature verifier, and the
//! cosignature whose timestamp is 1727964367. Neither source publishes a private key with a
//! cosignature made by it, so signing itself is checked by round trip and tampering.

use ledger::checkpoint::Checkpoint;
use ledger::cosignature::{self, CosignatureError, CosignatureVerifier, Cosigner};
use ledger::note::{self, NoteError, NoteSignature, Signer};
use ledger::{leaf_hash, Tree};

#[test]
fn spec_signed_message_layout() {
    let text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let want = "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    assert_eq!(cosignature::signed_message(text, 1679315147), want.as_bytes());
    assert!(cosignature::signed_message(text, 0).starts_with(b"cosignature/v1\ntime 0\n"));
}

#[test]
fn spec_example_timestamp() {
    let line = "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";
    let sig = NoteSignature::parse_line(line).unwrap();
    assert_eq!(cosignature::timestamp(&sig), Ok(1679315147));
}

#[test]
fn transparency_dev_vectors() {
    let native =
        CosignatureVerifier::parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2").unwrap();
    assert_eq!(native.key_hash(), 0xda77ade7);
    assert_eq!(native.to_vkey(), "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
    // A type-0x01 key is accepted and re-identified as type 0x04.
    let converted = CosignatureVerifier::parse("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6").unwrap();
    assert_ne!(converted.key_hash(), 0x7997405c);
    assert!(converted.to_vkey().starts_with(&format!("TEST+{:08x}+B", converted.key_hash())));
    assert_eq!(CosignatureVerifier::parse(&converted.to_vkey()).unwrap(), converted);
    // Bad keys from the same test table.
    for bad in [
        "bananas.sigstore.dev+12344556",
        "rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!",
        "rekor.sigstore.dev+12345678+AwEB",
    ] {
        assert!(CosignatureVerifier::parse(bad).is_err(), "{bad}");
    }
    assert!(matches!(
        CosignatureVerifier::parse("remora.n621.de+00000000+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"),
        Err(CosignatureError::Key(NoteError::KeyHashMismatch { expected: 0xda77ade7, got: 0 }))
    ));

    let works = note::NoteSignature::parse_line(
        "— w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==",
    )
    .unwrap();
    assert_eq!(cosignature::timestamp(&works), Ok(1727964367));
    let plain = note::NoteSignature::parse_line(
        "— w eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=",
    )
    .unwrap();
    assert_eq!(cosignature::timestamp(&plain), Err(CosignatureError::WrongLength { len: 64 }));
}

fn checkpoint_note() -> (Signer, String) {
    let mut tree = Tree::new();
    for i in 0u32..5 {
        tree.push(leaf_hash(&i.to_be_bytes()));
    }
    let log = Signer::from_seed("jirga.example/log", [1u8; 32]).unwrap();
    let c = Checkpoint { origin: log.name().into(), size: 5, root: tree.root(), extensions: vec![] };
    let signed = c.sign(&log);
    (log, signed)
}

#[test]
fn cosign_add_and_verify_quorum() {
    let (log, signed) = checkpoint_note();
    let text = Checkpoint::open(&signed, &log.verifier()).unwrap().1.text;
    let w1 = Cosigner::from_seed("w1.example", [11u8; 32]).unwrap();
    let w2 = Cosigner::from_seed("w2.example", [12u8; 32]).unwrap();
    let w3 = Cosigner::from_seed("w3.example", [13u8; 32]).unwrap();
    let lines =
        vec![w1.cosign(&text, 1_700_000_000).unwrap().to_line(), w2.cosign(&text, 1_700_000_001).unwrap().to_line()];
    let cosigned = note::add_signature_lines(&signed, &lines).unwrap();

    let (_, opened) = Checkpoint::open(&cosigned, &log.verifier()).unwrap();
    let witnesses = [w1.verifier(), w2.verifier(), w3.verifier()];
    assert_eq!(
        cosignature::verify_quorum(&opened, &witnesses, 2).unwrap(),
        vec![("w1.example".to_string(), 1_700_000_000), ("w2.example".to_string(), 1_700_000_001)]
    );
    assert_eq!(
        cosignature::verify_quorum(&opened, &witnesses, 3),
        Err(CosignatureError::NotEnoughWitnesses { have: 2, need: 3, missing: "w3.example".into() })
    );
    // Listing a witness twice does not make it count twice.
    assert!(cosignature::verify_quorum(&opened, &[w1.verifier(), w1.verifier()], 2).is_err());
    assert_eq!(w3.verifier().verify_in(&opened), Ok(None));

    // A plain note signature by the witness's key is not a cosignature: different key ID.
    let plain = Signer::from_seed("w3.example", [13u8; 32]).unwrap();
    let plain_line = note::sign(&text, &[&plain]).unwrap().lines().last().unwrap().to_owned();
    let with_plain = note::add_signature_lines(&cosigned, &[plain_line]).unwrap();
    let (_, opened) = Checkpoint::open(&with_plain, &log.verifier()).unwrap();
    assert_eq!(w3.verifier().verify_in(&opened), Ok(None));
}

#[test]
fn forged_and_replayed_cosignatures_fail() {
    let (log, signed) = checkpoint_note();
    let text = Checkpoint::open(&signed, &log.verifier()).unwrap().1.text;
    let w = Cosigner::from_seed("w.example", [21u8; 32]).unwrap();
    let v = w.verifier();
    let sig = w.cosign(&text, 1_700_000_000).unwrap();
    assert_eq!(v.verify(&text, &sig), Ok(1_700_000_000));

    // Changing the timestamp, the text, or a signature bit breaks it.
    let mut later = sig.clone();
    later.sig[7] ^= 1;
    assert!(matches!(v.verify(&text, &later), Err(CosignatureError::InvalidSignature { .. })));
    let other_text = text.replacen("\n5\n", "\n6\n", 1);
    assert!(matches!(v.verify(&other_text, &sig), Err(CosignatureError::InvalidSignature { .. })));
    let mut flipped = sig.clone();
    flipped.sig[40] ^= 0x10;
    assert!(v.verify(&text, &flipped).is_err());
    // Another witness's key does not verify it.
    let other = Cosigner::from_seed("w.example", [22u8; 32]).unwrap().verifier();
    assert!(matches!(other.verify(&text, &sig), Err(CosignatureError::OtherKey { .. })));

    // In a note, a known witness's bad line rejects the quorum check outright.
    let cosigned = note::add_signature_lines(&signed, &[flipped.to_line()]).unwrap();
    let (_, opened) = Checkpoint::open(&cosigned, &log.verifier()).unwrap();
    assert!(matches!(cosignature::verify_quorum(&opened, &[v], 0), Err(CosignatureError::InvalidSignature { .. })));
}

#[test]
fn cosigner_keys_round_trip() {
    let w = Cosigner::generate("witness.example/w1").unwrap();
    let again = Cosigner::parse(&w.to_skey()).unwrap();
    assert_eq!(again.verifier(), w.verifier());
    assert_eq!(CosignatureVerifier::parse(&w.verifier().to_vkey()).unwrap(), w.verifier());
    // The skey is the ordinary note format, so the same key opens as a note signer too, with
    // the type-0x01 key ID, while the cosigner uses the type-0x04 one.
    let as_note = Signer::parse(&w.to_skey()).unwrap();
    assert_ne!(as_note.key_hash(), w.key_hash());
    assert!(w.cosign("no newline", 1).is_err());
    assert_eq!(w.cosign("x\n", u64::MAX), Err(CosignatureError::TimestampTooLarge(u64::MAX)));
}
