//! Witnesses on real HTTP: the log gathers cosignatures from the policy's witnesses, a witness
//! that is down delays witnessing but never the log, and a witness refuses histories that do not
//! extend what it cosigned.

use crate::common::{actor, report_body, scenario, TestServer};
use jirga::clock::ManualClock;
use jirga::server::{self, Config};
use jirga::witness::Witness;
use ledger::checkpoint::Checkpoint;
use ledger::cosignature::CosignatureVerifier;
use ledger::note::{self, Signer};
use ledger::witness::AddCheckpoint;
use ledger::{leaf_hash, Tree};
use model::statement::{Kind, Visibility};
use std::sync::Arc;
use std::time::Duration;

async fn wait_for<F: Fn() -> bool>(what: &str, f: F) {
    for _ in 0..200 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkpoints_are_cosigned_by_the_policy_witnesses_and_a_downed_witness_catches_up() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let config = Config { data: dir.path().join("log"), database: None, evidence: None };
    let mut scenario = scenario();
    let log = server::log_signer(&config, Some(&scenario.deployment.origin)).unwrap().verifier();
    let (policy, urls) = jirga::witness::start_demo_witnesses(&dir.path().join("witnesses"), &log).await.unwrap();
    scenario.deployment.witness_policy = policy.clone();
    server::seed_demo(&config, &scenario).await.unwrap();

    // One witness is unreachable at first: its URL points at a closed port.
    let mut partial = urls.clone();
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let pk_witness = "jirga.example/witness/pk".to_string();
    partial.insert(pk_witness.clone(), dead_url);
    let clock = ManualClock::new(chrono::Utc::now().timestamp_millis());
    let state = server::open_with_witnesses(&config, Arc::new(clock.clone()), &partial).await.unwrap();
    let size = state.seq.state.read().unwrap().published_size();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(state.seq.state.read().unwrap().witnessed_size, 0, "two of three is not the quorum");
    assert_eq!(state.store.cosignatures(size).await.unwrap().len(), 2);

    // The log keeps appending while a witness is down.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let serving = state.clone();
    tokio::spawn(async move { server::serve(listener, serving, std::future::pending()).await.unwrap() });
    let probe = TestServer::http();
    let deployment = state.seq.state.read().unwrap().deployment.as_ref().unwrap().id.hex();
    let reporter = actor("pk-reporter-khyber");
    let header = model::Header {
        v: 1,
        kind: Kind::IncidentReport,
        deployment,
        author: reporter.key.public(),
        party: "PK".into(),
        time: jirga::clock::Clock::now_ms(&clock),
        refs: vec![],
        visibility: Visibility::Joint,
        body_sha256: String::new(),
        body_len: 0,
    };
    let st = model::Statement::sign(header, &report_body("while a witness is down"), &[&reporter.key]).unwrap();
    let resp = probe.post(format!("{url}/v1/statements")).json(&st.submission()).send().await.unwrap();
    assert_eq!(resp.status(), 201);
    let grown = size + 1;
    assert_eq!(state.seq.state.read().unwrap().published_size(), grown);

    // The witness comes back (a new server process knowing its real URL): it catches up.
    let restarted = {
        state.seq.resign().await;
        drop(state);
        server::open_with_witnesses(&config, Arc::new(clock.clone()), &urls).await.unwrap()
    };
    wait_for("the quorum", || restarted.seq.state.read().unwrap().witnessed_size == grown).await;
    let note = jirga::witnessing::with_cosignatures(
        &restarted.store,
        grown,
        &restarted.store.checkpoint_of_size(grown).await.unwrap().unwrap(),
    )
    .await
    .unwrap();
    // Every policy witness's cosignature verifies, with a verifier that is not the log's code path.
    let (cp, opened) = Checkpoint::open(&note, &log).unwrap();
    assert_eq!(cp.size, grown);
    let witnesses: Vec<CosignatureVerifier> =
        policy.witnesses.iter().map(|w| CosignatureVerifier::parse(&w.key).unwrap()).collect();
    for w in &witnesses {
        assert!(w.verify_in(&opened).unwrap().is_some(), "{} cosigned", w.name());
    }
    ledger::cosignature::verify_quorum(&opened, &witnesses, 3).unwrap();
}

#[tokio::test]
async fn a_witness_refuses_a_fork_a_rollback_and_a_bad_proof_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let log = Signer::generate("example.org/split-view").unwrap();
    let witness = Arc::new(Witness::open(dir.path(), "example.org/witness", vec![log.verifier()]).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/add-checkpoint", listener.local_addr().unwrap());
    jirga::witness::serve(witness.clone(), listener);
    let http = TestServer::http();
    let tree = |flip: Option<u8>| {
        let mut t = Tree::new();
        for i in 0..20u8 {
            t.push(leaf_hash(&[if Some(i) == flip { 200 } else { i }]));
        }
        t
    };
    let honest = tree(None);
    let signed = |t: &Tree, size: u64| {
        Checkpoint { origin: log.name().into(), size, root: t.root_at(size).unwrap(), extensions: vec![] }.sign(&log)
    };
    let post = |body: String| {
        let http = http.clone();
        let url = url.clone();
        async move {
            let r = http.post(url).body(body).send().await.unwrap();
            let status = r.status().as_u16();
            let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
            (status, ct, r.text().await.unwrap())
        }
    };
    let (status, _, lines) =
        post(AddCheckpoint { old_size: 0, proof: vec![], checkpoint: signed(&honest, 10) }.to_body()).await;
    assert_eq!(status, 200);
    let sig = note::NoteSignature::parse_line(lines.trim()).unwrap();
    let text = Checkpoint::parse(&note::open(&signed(&honest, 10), &[log.verifier()]).unwrap().text).unwrap().to_text();
    CosignatureVerifier::parse(&witness.vkey()).unwrap().verify(&text, &sig).unwrap();

    // The same size with a different tree (a split view): 409.
    let forked = tree(Some(3));
    let (status, _, _) =
        post(AddCheckpoint { old_size: 10, proof: vec![], checkpoint: signed(&forked, 10) }.to_body()).await;
    assert_eq!(status, 409);
    // A larger tree that rewrites the past: the proof fails, 422.
    let proof = forked.consistency_proof(10, 20).unwrap();
    let (status, _, _) = post(AddCheckpoint { old_size: 10, proof, checkpoint: signed(&forked, 20) }.to_body()).await;
    assert_eq!(status, 422);
    // A stale old size: 409 with the size the witness holds.
    let (status, ct, body) =
        post(AddCheckpoint { old_size: 0, proof: vec![], checkpoint: signed(&honest, 20) }.to_body()).await;
    assert_eq!((status, ct.as_str(), body.as_str()), (409, "text/x.tlog.size", "10\n"));
    // A shrunk tree: 400.
    let (status, _, _) =
        post(AddCheckpoint { old_size: 10, proof: vec![], checkpoint: signed(&honest, 5) }.to_body()).await;
    assert_eq!(status, 400);
    // Unknown log 404, a checkpoint not signed by the log's key 403.
    let other = Signer::generate("example.org/other").unwrap();
    let cp = Checkpoint { origin: other.name().into(), size: 1, root: honest.root_at(1).unwrap(), extensions: vec![] }
        .sign(&other);
    assert_eq!(post(AddCheckpoint { old_size: 0, proof: vec![], checkpoint: cp }.to_body()).await.0, 404);
    let impostor = Signer::generate("example.org/split-view").unwrap();
    let cp =
        Checkpoint { origin: log.name().into(), size: 20, root: honest.root(), extensions: vec![] }.sign(&impostor);
    assert_eq!(
        post(
            AddCheckpoint { old_size: 10, proof: honest.consistency_proof(10, 20).unwrap(), checkpoint: cp }.to_body()
        )
        .await
        .0,
        403
    );
    // The honest extension is cosigned, and the state survives a restart of the witness.
    let (status, _, _) = post(
        AddCheckpoint {
            old_size: 10,
            proof: honest.consistency_proof(10, 20).unwrap(),
            checkpoint: signed(&honest, 20),
        }
        .to_body(),
    )
    .await;
    assert_eq!(status, 200);
    let reopened = Witness::open(dir.path(), "example.org/witness", vec![log.verifier()]).unwrap();
    assert_eq!(reopened.vkey(), witness.vkey());
    let again = AddCheckpoint { old_size: 10, proof: vec![], checkpoint: signed(&honest, 20) }.to_body();
    assert_eq!(reopened.add_checkpoint(&again, 1).await, Err(ledger::witness::Refusal::SizeConflict(20)));
}
