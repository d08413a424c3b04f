//! Errors as the API answers them: JSON `{"error": {"code", "message"}}`
//! with a status that says whose fault it is. Bad input is never a 500.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use stenogram_store::StoreError;

/// What went wrong with a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is missing, malformed or out of bounds (400).
    #[error("{0}")]
    BadParameter(String),
    /// No such document, speaker or page (404).
    #[error("{0}")]
    NotFound(String),
    /// Too many heavy queries at once (429, with Retry-After).
    #[error("the server is busy with other heavy queries; retry shortly")]
    Busy,
    /// The query took longer than the limit (503).
    #[error("the query took longer than {0:?}; narrow it (filters, a smaller limit)")]
    Timeout(Duration),
    /// The store failed (500).
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        if e.is_usage() {
            ApiError::BadParameter(e.to_string())
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Busy => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadParameter(_) => "bad_parameter",
            ApiError::NotFound(_) => "not_found",
            ApiError::Busy => "busy",
            ApiError::Timeout(_) => "timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    /// Headers every error answer carries besides its body.
    pub fn decorate(&self, response: &mut Response) {
        if matches!(self, ApiError::Busy) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code(), "message": self.to_string()}});
        let mut response = (self.status(), axum::Json(body)).into_response();
        self.decorate(&mut response);
        response
    }
}
