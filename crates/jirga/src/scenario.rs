//! A scenario folder: the deployment (genesis content), demo members and demo statements. The
//! demo's keys are derived from the members' handles, so a demo is reproducible; they are demo
//! keys and say so.

use anyhow::{bail, Context, Result};
use model::deployment::{Admin, Genesis};
use model::statement::{Header, Kind, StatementId, Visibility};
use model::{PublicKey, Role, SecretKey, Statement};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoMember {
    pub handle: String,
    pub party: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Signs the genesis (a mediator's admin).
    #[serde(default)]
    pub genesis_signer: bool,
    /// Named as an admin in the genesis.
    #[serde(default)]
    pub genesis_admin: bool,
    #[serde(default)]
    pub enrolled_by: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoStatement {
    pub at: chrono::DateTime<chrono::Utc>,
    pub by: String,
    pub kind: Kind,
    #[serde(default)]
    pub label: Option<String>,
    pub visibility: Visibility,
    #[serde(default)]
    pub refs: Vec<String>,
    pub body: Value,
}

pub struct Scenario {
    pub deployment: Genesis,
    pub members: Vec<DemoMember>,
    pub demo: Vec<DemoStatement>,
    /// The demo's evidence files (the folder `evidence`), by file name.
    pub files: BTreeMap<String, Vec<u8>>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).with_context(|| format!("in {}", path.display()))
}

/// The demo key of a handle. Anyone can derive it: for demonstrations only.
pub fn demo_key(handle: &str) -> SecretKey {
    SecretKey::from_seed(Sha256::digest(format!("jirga-demo-key/v1/{handle}")).into())
}

impl Scenario {
    pub fn load(dir: &Path) -> Result<Scenario> {
        let deployment: Genesis = read_json(&dir.join("deployment.json"))?;
        let members: Vec<DemoMember> =
            if dir.join("members.json").exists() { read_json(&dir.join("members.json"))? } else { vec![] };
        let demo: Vec<DemoStatement> =
            if dir.join("demo.json").exists() { read_json(&dir.join("demo.json"))? } else { vec![] };
        let mut files = BTreeMap::new();
        if dir.join("evidence").is_dir() {
            for f in std::fs::read_dir(dir.join("evidence"))? {
                let path = f?.path();
                let name = path.file_name().and_then(|n| n.to_str()).context("a file name")?.to_string();
                files.insert(name, std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?);
            }
        }
        Ok(Scenario { deployment, members, demo, files })
    }

    pub fn member(&self, handle: &str) -> Result<&DemoMember> {
        self.members.iter().find(|m| m.handle == handle).with_context(|| format!("no demo member {handle:?}"))
    }

    /// The genesis with the demo admins' keys and the log key, signed by the demo mediators.
    pub fn demo_genesis(&self, log_vkey: &str, at_ms: i64) -> Result<Statement> {
        self.demo_genesis_with_server(log_vkey, None, at_ms)
    }

    /// The genesis naming the server's own key too (custody of downloads, escalations).
    pub fn demo_genesis_with_server(&self, log_vkey: &str, server: Option<PublicKey>, at_ms: i64) -> Result<Statement> {
        let mut genesis = self.deployment.clone();
        genesis.log_key = log_vkey.to_string();
        genesis.server_key = server;
        for party in &mut genesis.parties {
            party.admins = self
                .members
                .iter()
                .filter(|m| m.party == party.id && (m.genesis_admin || m.genesis_signer))
                .map(|m| Admin { key: demo_key(&m.handle).public(), name: m.name.clone() })
                .collect();
        }
        let signers: Vec<SecretKey> =
            self.members.iter().filter(|m| m.genesis_signer).map(|m| demo_key(&m.handle)).collect();
        if signers.is_empty() {
            bail!("the scenario names no genesis signer");
        }
        let first = self.members.iter().find(|m| m.genesis_signer).expect("checked");
        let header = Header {
            v: 1,
            kind: Kind::Genesis,
            deployment: String::new(),
            author: signers[0].public(),
            party: first.party.clone(),
            time: at_ms,
            refs: vec![],
            visibility: Visibility::Public,
            body_sha256: String::new(),
            body_len: 0,
        };
        let refs: Vec<&SecretKey> = signers.iter().collect();
        Statement::sign(header, &serde_json::to_value(&genesis)?, &refs).map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// The enrolments that give every demo member their key and roles, in order.
    pub fn demo_enrolments(&self, deployment: &StatementId, at_ms: i64) -> Result<Vec<Statement>> {
        let mut out = Vec::new();
        for m in &self.members {
            let by = match &m.enrolled_by {
                Some(admin) => self.member(admin)?,
                // A genesis admin with more roles than admin enrols itself with all of them.
                None if m.roles.iter().any(|r| *r != Role::Admin) => m,
                None => continue,
            };
            let body = serde_json::json!({"key": demo_key(&m.handle).public(), "name": m.name, "roles": m.roles});
            out.push(sign_as(
                &by.handle,
                &by.party,
                deployment,
                Kind::MemberEnrol,
                vec![],
                Visibility::Public,
                &body,
                at_ms,
            )?);
        }
        Ok(out)
    }

    /// The demo statements, signed, with labels resolved to statement ids.
    pub fn demo_statements(&self, deployment: &StatementId) -> Result<Vec<(i64, Statement)>> {
        let mut labels: HashMap<String, StatementId> = HashMap::new();
        let mut out = Vec::new();
        for (i, d) in self.demo.iter().enumerate() {
            let member = self.member(&d.by).with_context(|| format!("demo statement {i}"))?;
            let refs = d
                .refs
                .iter()
                .map(|l| labels.get(l).copied().with_context(|| format!("demo statement {i}: unknown label {l:?}")))
                .collect::<Result<Vec<_>>>()?;
            let at = d.at.timestamp_millis();
            let body = self.resolve(&d.body, &labels).with_context(|| format!("demo statement {i}"))?;
            let st = sign_as(&d.by, &member.party, deployment, d.kind, refs, d.visibility, &body, at)?;
            if let Some(label) = &d.label {
                labels.insert(label.clone(), st.id);
            }
            out.push((at, st));
        }
        Ok(out)
    }
}

impl Scenario {
    /// A demo body as signed: "@key:HANDLE" becomes that member's public key, "@ref:LABEL" the
    /// id of an earlier demo statement, and an evidence registration's "file" the file's name,
    /// SHA-256 and size.
    fn resolve(&self, body: &Value, labels: &HashMap<String, StatementId>) -> Result<Value> {
        let mut body = match body {
            Value::String(s) if s.starts_with("@key:") => {
                let handle = &s["@key:".len()..];
                self.member(handle)?;
                return Ok(Value::String(demo_key(handle).public().to_string()));
            }
            Value::String(s) if s.starts_with("@ref:") => {
                let id = labels.get(&s["@ref:".len()..]).with_context(|| format!("unknown label in {s:?}"))?;
                return Ok(Value::String(id.hex()));
            }
            Value::Array(items) => {
                return Ok(Value::Array(items.iter().map(|v| self.resolve(v, labels)).collect::<Result<_>>()?))
            }
            Value::Object(map) => Value::Object(
                map.iter().map(|(k, v)| Ok((k.clone(), self.resolve(v, labels)?))).collect::<Result<_>>()?,
            ),
            other => return Ok(other.clone()),
        };
        if let Some(Value::String(name)) = body.as_object_mut().and_then(|m| m.remove("file")) {
            let bytes = self.files.get(&name).with_context(|| format!("no evidence file {name:?} in the scenario"))?;
            body["name"] = Value::String(name);
            body["sha256"] = Value::String(hex::encode(Sha256::digest(bytes)));
            body["size"] = Value::from(bytes.len());
        }
        Ok(body)
    }
}

#[allow(clippy::too_many_arguments)]
fn sign_as(
    handle: &str,
    party: &str,
    deployment: &StatementId,
    kind: Kind,
    refs: Vec<StatementId>,
    visibility: Visibility,
    body: &Value,
    at_ms: i64,
) -> Result<Statement> {
    let key = demo_key(handle);
    let header = Header {
        v: 1,
        kind,
        deployment: deployment.hex(),
        author: key.public(),
        party: party.to_string(),
        time: at_ms,
        refs,
        visibility,
        body_sha256: String::new(),
        body_len: 0,
    };
    Statement::sign(header, body, &[&key]).map_err(|e| anyhow::anyhow!("{e}"))
}
