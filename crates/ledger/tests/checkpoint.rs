//! Checkpoint vectors: Go's golang.org/x/mod/sumdb/tlog note_test.go (TestFormatTree,
//! TestParseTree) and the examples in C2SP tlog-checkpoint and tlog-cosignature.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ledger::checkpoint::{Checkpoint, CheckpointError};
use ledger::note::{self, NoteError, NoteSignature, Signer};
use ledger::{leaf_hash, Tree};

const GO_TREE: &str = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";

#[test]
fn go_format_tree_golden() {
    let c = Checkpoint {
        origin: "go.sum database tree".into(),
        size: 123456789012,
        root: leaf_hash(b"hello world"),
        extensions: vec![],
    };
    assert_eq!(c.to_text(), GO_TREE);
    assert_eq!(Checkpoint::parse(GO_TREE).unwrap(), c);
}

/// Go's "not-" + tree case does not carry over: a C2SP origin is any non-empty line, so
/// "not-go.sum database tree" is a valid (different) origin.
#[test]
fn go_bad_trees_are_rejected() {
    for bad in [
        "go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
    ] {
        assert!(Checkpoint::parse(bad).is_err(), "accepted {bad:?}");
    }
}

/// Where Go's ParseTree ignores what follows the root, C2SP reads it as extension lines.
#[test]
fn extension_lines_are_kept_and_must_be_well_formed() {
    let c = Checkpoint::parse(&format!("{GO_TREE}JOE\nJOE\n")).unwrap();
    assert_eq!(c.extensions, vec!["JOE".to_string(), "JOE".to_string()]);
    assert_eq!(c.to_text(), format!("{GO_TREE}JOE\nJOE\n"));
    assert!(Checkpoint::parse(&format!("{GO_TREE}JOE")).is_err(), "no final newline");
    assert!(Checkpoint::parse(&format!("{GO_TREE}\n")).is_err(), "empty extension line");
}

/// The example body of c2sp.org/tlog-checkpoint.
#[test]
fn c2sp_example_parses() {
    let text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let c = Checkpoint::parse(text).unwrap();
    assert_eq!(c.origin, "example.com/behind-the-sofa");
    assert_eq!(c.size, 20852163);
    assert_eq!(B64.encode(c.root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assert_eq!(c.to_text(), text);
}

/// The cosigned example of c2sp.org/tlog-cosignature: without the keys (the spec does not
/// publish them) we can still check the structure, including that the witness line carries
/// the timestamp of the spec's example signed message ("time 1679315147").
#[test]
fn c2sp_cosigned_example_structure() {
    let signed = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\
— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n\
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    match note::open(signed, &[]) {
        Err(NoteError::Unverified { signers }) => {
            assert!(signers.starts_with("example.com/behind-the-sofa+"), "{signers}");
            assert!(signers.contains("witness.example.com/w1+8d66cf3f"), "{signers}");
        }
        other => panic!("expected an unverified note, got {other:?}"),
    }
    let log_line = signed.lines().nth(4).unwrap();
    let witness_line = signed.lines().nth(5).unwrap();
    assert_eq!(NoteSignature::parse_line(log_line).unwrap().sig.len(), 64);
    let w = NoteSignature::parse_line(witness_line).unwrap();
    assert_eq!(w.sig.len(), 8 + 64);
    assert_eq!(u64::from_be_bytes(w.sig[..8].try_into().unwrap()), 1679315147);
}

fn log_signer() -> Signer {
    Signer::from_seed("jirga.example/log", [42u8; 32]).unwrap()
}

#[test]
fn sign_and_open_round_trip() {
    let mut tree = Tree::new();
    for i in 0u32..10 {
        tree.push(leaf_hash(&i.to_be_bytes()));
    }
    let c = Checkpoint { origin: "jirga.example/log".into(), size: tree.size(), root: tree.root(), extensions: vec![] };
    let signer = log_signer();
    let signed = c.sign(&signer);
    assert!(signed.starts_with(&c.to_text()));
    let (opened, note) = Checkpoint::open(&signed, &signer.verifier()).unwrap();
    assert_eq!(opened, c);
    assert_eq!(note.verified.len(), 1);

    // A witness line added later comes back unverified, and does not disturb the log's.
    let witness = Signer::from_seed("witness.example/w1", [9u8; 32]).unwrap();
    let witness_only = note::sign(&c.to_text(), &[&witness]).unwrap();
    let line = witness_only.lines().last().unwrap().to_owned();
    let cosigned = note::add_signature_lines(&signed, &[line]).unwrap();
    let (_, note) = Checkpoint::open(&cosigned, &signer.verifier()).unwrap();
    assert_eq!(note.unverified.len(), 1);
    assert_eq!(note.unverified[0].name, "witness.example/w1");
}

#[test]
fn open_checks_key_and_origin() {
    let signer = log_signer();
    let c = Checkpoint { origin: "jirga.example/log".into(), size: 0, root: ledger::EMPTY_ROOT, extensions: vec![] };
    let signed = c.sign(&signer);

    // Signed by another key of the same name: no known signature.
    let impostor = Signer::from_seed("jirga.example/log", [43u8; 32]).unwrap();
    assert!(matches!(
        Checkpoint::open(&signed, &impostor.verifier()),
        Err(CheckpointError::Note(NoteError::Unverified { .. }))
    ));

    // A key named differently from the origin is refused even though its signature is valid.
    let other = Signer::from_seed("other.example/log", [42u8; 32]).unwrap();
    let mislabelled = c.sign(&other);
    assert_eq!(
        Checkpoint::open(&mislabelled, &other.verifier()),
        Err(CheckpointError::WrongOrigin { expected: "other.example/log".into(), found: "jirga.example/log".into() })
    );

    // A signed note whose text is not a checkpoint.
    let not_a_checkpoint = note::sign("hello\n", &[&signer]).unwrap();
    assert!(matches!(Checkpoint::open(&not_a_checkpoint, &signer.verifier()), Err(CheckpointError::Malformed(_))));

    // Tampering with the size after signing breaks the signature.
    let tampered = signed.replacen("\n0\n", "\n1\n", 1);
    assert!(matches!(
        Checkpoint::open(&tampered, &signer.verifier()),
        Err(CheckpointError::Note(NoteError::InvalidSignature { .. }))
    ));
}

#[test]
fn sizes_and_roots_have_one_spelling() {
    let root = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";
    assert_eq!(Checkpoint::parse(&format!("o\n0\n{root}\n")).unwrap().size, 0);
    assert_eq!(Checkpoint::parse(&format!("o\n18446744073709551615\n{root}\n")).unwrap().size, u64::MAX);
    for size in ["", "00", "012", "+5", "-1", " 5", "5 ", "18446744073709551616", "1e3"] {
        assert!(Checkpoint::parse(&format!("o\n{size}\n{root}\n")).is_err(), "size {size:?}");
    }
    // 31 bytes, 33 bytes, missing padding, non-zero trailing bits.
    for root in [
        "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBQ==",
        "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0A",
        "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0",
        "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb1=",
    ] {
        assert!(Checkpoint::parse(&format!("o\n1\n{root}\n")).is_err(), "root {root:?}");
    }
    assert!(Checkpoint::parse(&format!("\n1\n{root}\n")).is_err(), "empty origin");
    assert!(Checkpoint::parse("o\n1\n").is_err(), "two lines");
}

#[test]
fn malformed_checkpoints_are_not_signed() {
    let bad = Checkpoint { origin: "a\nb".into(), size: 1, root: [0; 32], extensions: vec![] };
    assert!(matches!(bad.try_sign(&log_signer()), Err(CheckpointError::Malformed(_))));
    let bad = Checkpoint { origin: "o".into(), size: 1, root: [0; 32], extensions: vec![String::new()] };
    assert!(bad.try_sign(&log_signer()).is_err());
}
