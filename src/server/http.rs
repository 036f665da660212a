//! The HTTP side of the local service: the router (Hail's paths), authentication, and the one
//! place where errors become status codes and bodies.
//!
//! Hail's error convention is kept exactly: the body is `text/plain` holding `<code>: <message>`
//! (a few errors send the bare message), JSON responses are `application/json`, and client
//! mistakes are never answered with a status Hail's client retries forever (5xx, 408, 429).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::App;

/// Hail accepts request bodies up to 8 MiB.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: Option<String>,
    /// Send the message as the whole body (Hail does this for a few errors).
    pub bare: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: Some(message.into()),
            bare: false,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// A bare 404: Hail reports missing and inaccessible objects alike, without a message.
    pub fn not_found() -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: None,
            bare: false,
        }
    }

    pub fn unauthorized() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: None,
            bare: false,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The message sent as the whole body.
    pub fn bare(mut self) -> Self {
        self.bare = true;
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let reason = self.status.canonical_reason().unwrap_or("Error");
        let body = match (&self.message, self.bare) {
            (Some(message), true) => message.clone(),
            (Some(message), false) => format!("{}: {message}", self.status.as_u16()),
            (None, _) => format!("{}: {reason}", self.status.as_u16()),
        };
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

/// A JSON answer with exactly `Content-Type: application/json`.
pub fn json<T: serde::Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => ApiError::internal(format!("cannot serialize the response: {e}")).into_response(),
    }
}

/// A plain-text answer (`version`, `cloud`, `default_region`).
pub fn text(value: impl Into<String>) -> Response {
    let mut response = Response::new(Body::from(value.into()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// An empty 200.
pub fn empty() -> Response {
    StatusCode::OK.into_response()
}

/// The authenticated user of a request.
#[derive(Clone, Debug)]
pub struct User(pub String);

/// Checks `Authorization: Bearer <token>` on every API path except the public ones.
async fn authenticate(State(app): State<Arc<App>>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if super::ui::is_ui_path(path) {
        // The web UI signs browsers in with a session cookie (see `ui`), not a bearer token.
        return next.run(request).await;
    }
    let public = matches!(
        path,
        "/healthcheck" | "/api/v1alpha/version" | "/api/v1alpha/cloud"
    );
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match presented.and_then(|token| app.user_for_token(token)) {
        Some(user) => {
            request.extensions_mut().insert(User(user));
        }
        None if public => {}
        None => return ApiError::unauthorized().into_response(),
    }
    next.run(request).await
}

impl App {
    /// The user a token belongs to, if it is valid (compared with every known token, in
    /// constant time: see [`super::users::Users::lookup`]).
    pub fn user_for_token(&self, token: &str) -> Option<String> {
        self.config.users.lookup(token).map(|u| u.name.clone())
    }

    /// Whether `user` may administer billing projects (else 401, like Hail).
    pub fn is_developer(&self, user: &str) -> bool {
        self.config.users.is_developer(user)
    }
}

/// The whole router.
pub fn router(app: Arc<App>) -> Router {
    let api = super::routes::api_routes();
    Router::new()
        .route("/healthcheck", get(|| async { empty() }))
        .merge(api)
        .merge(super::ui::api_routes())
        .merge(super::ui::routes())
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .with_state(app)
}
