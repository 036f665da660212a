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

/// Failed authentications answered at once: a budget of [`FREE_FAILURES`], refilled by one a
/// second. Beyond it, each failure is answered after [`FAILURE_DELAY`], one at a time, so
/// guessing tokens runs at a few per second at most. Requests with a valid token are never
/// slowed.
const FREE_FAILURES: f64 = 10.0;
const FAILURE_DELAY: std::time::Duration = std::time::Duration::from_millis(200);

/// The throttle of failed authentications (see [`FREE_FAILURES`]).
#[derive(Debug, Default)]
pub(crate) struct AuthThrottle {
    /// The failures still free, and when that was computed (`None`: never failed).
    budget: std::sync::Mutex<Option<(f64, std::time::Instant)>>,
    /// Held while a throttled failure waits: throttled failures are answered one at a time.
    gate: tokio::sync::Mutex<()>,
}

impl AuthThrottle {
    /// Counts a failure and waits as long as the throttle says.
    async fn failed(&self) {
        let now = std::time::Instant::now();
        let free = {
            let mut budget = self.budget.lock().unwrap_or_else(|e| e.into_inner());
            let left = match *budget {
                Some((left, then)) => {
                    (left + now.duration_since(then).as_secs_f64()).min(FREE_FAILURES)
                }
                None => FREE_FAILURES,
            };
            let free = left >= 1.0;
            *budget = Some((if free { left - 1.0 } else { left }, now));
            free
        };
        if !free {
            let _turn = self.gate.lock().await;
            tokio::time::sleep(FAILURE_DELAY).await;
        }
    }
}

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
        None => {
            app.auth_throttle.failed().await;
            return ApiError::unauthorized().into_response();
        }
    }
    next.run(request).await
}

/// `GET /healthcheck`: 200, naming the process that answers (the CLI checks it is the one
/// its state file names).
async fn healthcheck() -> Response {
    let mut response = empty();
    response.headers_mut().insert(
        super::daemon::PID_HEADER,
        axum::http::HeaderValue::from(std::process::id()),
    );
    response
}

/// The whole router.
pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthcheck", get(healthcheck))
        .merge(super::routes::api_routes())
        .merge(super::ui::api_routes())
        .merge(super::ui::routes())
        .fallback(super::ui::fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .with_state(app)
}
