//! The HTTP API (axum): JSON under /v1, the log at the C2SP paths (/checkpoint, /tile/…), and
//! the OpenAPI description at /openapi.json. The whole site (these and the pages, with the
//! layers every response gets) is put together in crate::http.

pub mod auth;
mod bundle;
pub(crate) mod conditional;
pub mod crossings;
pub mod events;
mod evidence;
mod export;
pub mod headers;
mod hotline;
pub(crate) mod incidents;
mod investigations;
pub mod limits;
pub(crate) mod log;
mod notify;
pub(crate) mod obligations;
pub(crate) mod ops;
mod reports;
pub(crate) mod statements;
pub mod windows;

pub use crate::problem::Problem;
pub use crate::state::AppState;

use axum::routing::{get, post};

use axum::{Json, Router};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jirga",
        description = "Joint ceasefire monitoring: signed statements on a witnessed transparency log."
    ),
    paths(
        ops::readyz,
        statements::submit,
        statements::get_statement,
        statements::proof,
        bundle::bundle,
        incidents::list,
        export::export,
        reports::report,
        incidents::detail,
        crossings::crossings,
        windows::windows,
        events::events,
        events::suggestions,
        investigations::violations,
        investigations::compliance,
        incidents::deployment,
        incidents::members,
        evidence::upload,
        evidence::download,
        evidence::custody,
        investigations::detail,
        investigations::commitments,
        obligations::obligations,
        obligations::actors,
        hotline::feed,
        hotline::events,
        hotline::open,
        hotline::duty,
        hotline::check_ins,
        notify::deliveries,
        notify::channels,
        notify::set_channels,
        log::checkpoint,
        log::tile,
        auth::challenge,
        auth::token,
    ),
    components(schemas(
        ops::Readiness,
        Problem,
        crate::sequencer::Receipt,
        crate::store::IncidentRow,
        crate::store::IncidentPage,
        crate::store::IncidentDetail,
        crossings::Crossings,
        obligations::Obligations,
        crossings::CrossingBoard,
        crossings::ClassLine,
        crossings::SideLine,
        crossings::ChangeLine,
        crossings::ExceptionLine,
        crate::store::ExceptionRow,
        crate::store::PhaseLine,
        crate::store::FigureRow,
        crate::store::NoticeState,
        crate::store::WindowRow,
        windows::WindowView,
        crate::store::EventView,
        crate::store::SuggestionRow,
        crate::store::ViolationRow,
        crate::store::StepRow,
        crate::store::ComplianceRow,
        crate::store::EvidenceRow,
        crate::store::CustodyRow,
        crate::store::InvestigationView,
        crate::store::NoteRow,
        crate::store::FindingRow,
        crate::store::SignatureRow,
        crate::store::CommitmentRow,
        evidence::Uploaded,
        evidence::CustodyView,
        crate::store::HotlineEvent,
        crate::store::OpenMessage,
        crate::store::DutyRow,
        hotline::CheckInView,
        crate::store::Channels,
        crate::store::DeliveryRow,
        crate::store::AttemptRow,
        notify::DeliveryView,
    ))
)]
pub struct ApiDoc;

/// The API's routes (and the log's), without the layers every response gets (crate::http).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/checkpoint", get(log::checkpoint))
        .route("/v1/checkpoint/witnessed", get(log::witnessed))
        .route("/tile/{*path}", get(log::tile))
        .route("/v1/deployment", get(incidents::deployment))
        .route("/v1/members", get(incidents::members))
        .route("/v1/statements", post(statements::submit))
        .route("/v1/statements/{id}", get(statements::get_statement))
        .route("/v1/statements/{id}/proof", get(statements::proof))
        .route("/v1/statements/{id}/bundle", get(bundle::bundle))
        .route("/v1/incidents", get(incidents::list))
        .route("/v1/incidents/export", get(export::export))
        .route("/v1/reports/{span}", get(reports::report))
        .route("/v1/incidents/{id}", get(incidents::detail))
        .route("/v1/crossings", get(crossings::crossings))
        .route("/v1/windows", get(windows::windows))
        .route("/v1/events", get(events::events))
        .route("/v1/events/suggestions", get(events::suggestions))
        .route("/v1/violations", get(investigations::violations))
        .route("/v1/compliance", get(investigations::compliance))
        .route("/v1/evidence/{sha256}", get(evidence::download).head(evidence::head).put(evidence::upload))
        .route("/v1/evidence/{sha256}/custody", get(evidence::custody))
        .route("/v1/investigations/{id}", get(investigations::detail))
        .route("/v1/commitments", get(investigations::commitments))
        .route("/v1/obligations", get(obligations::obligations))
        .route("/v1/actors", get(obligations::actors))
        .route("/v1/hotline/feed", get(hotline::feed))
        .route("/v1/hotline/events", get(hotline::events))
        .route("/v1/hotline/open", get(hotline::open))
        .route("/v1/hotline/duty", get(hotline::duty))
        .route("/v1/hotline/check-ins", get(hotline::check_ins))
        .route("/v1/hotline/deliveries", get(notify::deliveries))
        .route("/v1/me/channels", get(notify::channels).put(notify::set_channels))
        .route("/v1/auth/challenge", post(auth::challenge))
        .route("/v1/auth/token", post(auth::token))
}
