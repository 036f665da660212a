//! The service's router: Hail's paths, the web UI's, and bearer-token authentication in front
//! of them. The handlers live in [`super::routes`] (the API) and [`super::ui`] (the pages).

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::App;
use super::http::{ApiError, User, empty};

/// Hail accepts request bodies up to 8 MiB.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

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

/// The whole router.
pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthcheck", get(|| async { empty() }))
        .merge(super::routes::api_routes())
        .merge(super::ui::api_routes())
        .merge(super::ui::routes())
        .fallback(super::ui::fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .with_state(app)
}
