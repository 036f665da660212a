//! The service's HTTP vocabulary, shared by the API's handlers and the web UI: the answers
//! (JSON, text, empty), the authenticated [`User`] of a request, and the one place where
//! errors (the store's, validation's, the query compiler's) become status codes and bodies.
//!
//! Hail's error convention is kept exactly: the body is `text/plain` holding `<code>: <message>`
//! (a few errors send the bare message), JSON responses are `application/json`, and client
//! mistakes are never answered with a status Hail's client retries forever (5xx, 408, 429).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::api::{ValidationError, messages};
use super::query::QueryError;
use super::store::StoreError;

/// An error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: Option<String>,
    /// Send the message as the whole body (Hail does this for a few errors).
    pub bare: bool,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: Some(message.into()),
            bare: false,
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// A bare 404: Hail reports missing and inaccessible objects alike, without a message.
    pub(crate) fn not_found() -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: None,
            bare: false,
        }
    }

    pub(crate) fn unauthorized() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: None,
            bare: false,
        }
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The message sent as the whole body.
    pub(crate) fn bare(mut self) -> Self {
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
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Response {
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
pub(crate) fn text(value: impl Into<String>) -> Response {
    let mut response = Response::new(Body::from(value.into()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// An empty 200.
pub(crate) fn empty() -> Response {
    StatusCode::OK.into_response()
}

/// An integer query parameter (a listing's cursor): `None` when absent; a value that is not an
/// integer is refused with a message naming the parameter (Hail answers 500, which its client
/// retries forever).
pub(crate) fn int_param(name: &str, value: Option<&str>) -> Result<Option<i64>, String> {
    value
        .map(|v| {
            v.trim()
                .parse::<i64>()
                .map_err(|_| format!("invalid {name}: {v:?} is not an integer"))
        })
        .transpose()
}

/// The authenticated user of a request.
#[derive(Clone, Debug)]
pub(crate) struct User(pub String);

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        let error = ApiError::bad_request(e.message());
        if e.is_body_only() {
            error.bare()
        } else {
            error
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match e {
            // Hail answers missing and inaccessible objects alike, with a bare 404.
            StoreError::NotFound(_) => ApiError::not_found(),
            StoreError::BadRequest(message) if messages::is_body_only(&message) => {
                ApiError::bad_request(message).bare()
            }
            other => ApiError::new(status, other.to_string()),
        }
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        ApiError::bad_request(e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(error: ApiError) -> (StatusCode, String) {
        let response = error.into_response();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[tokio::test]
    async fn errors_become_hails_bodies_in_one_place() {
        let missing = ApiError::from(StoreError::NotFound("no such batch".into()));
        assert_eq!(
            body_of(missing).await,
            (StatusCode::NOT_FOUND, "404: Not Found".into())
        );
        let closed = ApiError::from(StoreError::Forbidden(messages::billing_project_closed("p")));
        assert_eq!(
            body_of(closed).await,
            (
                StatusCode::FORBIDDEN,
                "403: Billing project p is closed or deleted.".into()
            )
        );
        // The two bunch errors are the whole body, whether validation or the store found them.
        let bunch = messages::job_group_cancelled_bunch(7, 3);
        for error in [
            ApiError::from(StoreError::BadRequest(bunch.clone())),
            ApiError::from(ValidationError(bunch.clone())),
        ] {
            assert_eq!(
                body_of(error).await,
                (StatusCode::BAD_REQUEST, bunch.clone())
            );
        }
        let other = ApiError::from(StoreError::BadRequest(messages::update_already_committed(
            2,
        )));
        assert_eq!(
            body_of(other).await,
            (
                StatusCode::BAD_REQUEST,
                "400: update 2 is already committed".into()
            )
        );
        assert_eq!(
            int_param("last_batch_id", Some("x")),
            Err("invalid last_batch_id: \"x\" is not an integer".into())
        );
        assert_eq!(int_param("last_batch_id", Some(" 7 ")), Ok(Some(7)));
        assert_eq!(int_param("last_batch_id", None), Ok(None));
    }
}
