//! stenogram-server: the HTTP API (`/api/v1/…`, JSON, streamed CSV and
//! NDJSON downloads, an OpenAPI document) and the web UI (server-rendered
//! HTML) over one store, read-only. The rows it answers with are the
//! library's own types, produced by the same functions the CLI calls.
//!
//! One process serves both; a pool of read-only stores answers on the
//! blocking thread pool, each request within a time limit (503 beyond it),
//! heavy queries bounded in number (429 with `Retry-After`), and a store
//! that another process ingests into is picked up at the next request.

pub mod api;
pub mod charts;
pub mod download;
pub mod error;
pub mod openapi;
pub mod pages;
pub mod params;
pub mod state;

use std::net::SocketAddr;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub use error::ApiError;
pub use state::{AppState, ServerConfig, SharedState};

/// The whole application: API routes from [`openapi::operations`], the
/// OpenAPI document, and the pages.
pub fn router(state: SharedState) -> Router {
    let mut api = Router::new();
    for op in openapi::operations() {
        api = api.route(op.path, op.handler);
    }
    let document = openapi::document();
    api = api
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = document.clone();
                async move { axum::Json(document) }
            }),
        )
        .route("/api/v1", get(api::not_found))
        .route("/api/v1/{*rest}", get(api::not_found))
        .route("/api/{*rest}", get(api::not_found));
    api.merge(pages::routes())
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            common_headers,
        ))
        .with_state(state)
}

/// Headers on every answer: no sniffing; API answers may be read
/// cross-origin; the corpus version even on answers that did not query
/// (errors), from the last one computed.
async fn common_headers(
    axum::extract::State(state): axum::extract::State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if !response.headers().contains_key("x-stenogram-version") {
        if let Some(version) = state.last_version() {
            if let Ok(value) = HeaderValue::from_str(&version.tag()) {
                response.headers_mut().insert("x-stenogram-version", value);
            }
        }
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if api {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("etag, x-stenogram-version, x-stenogram-query"),
        );
    }
    response
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] stenogram_store::StoreError),
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: String, message: String },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves `config.data` on `bind` until SIGTERM or Ctrl-C, calling
/// `started` with the address it listens on (port 0 picks a free one).
pub fn serve(
    config: ServerConfig,
    bind: &str,
    started: impl FnOnce(SocketAddr, &SharedState),
) -> Result<(), ServeError> {
    let state = AppState::open(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(state.config.light_queries + state.config.heavy_queries + 8)
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| ServeError::Bind {
                addr: bind.to_owned(),
                message: e.to_string(),
            })?;
        let addr = listener.local_addr()?;
        started(addr, &state);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown())
            .await?;
        Ok(())
    })
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
