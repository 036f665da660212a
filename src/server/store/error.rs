//! The store's error type and its single mapping to HTTP status codes.

use rusqlite::ErrorCode;

/// Everything a store operation can fail with. The HTTP layer renders `status()` and the
/// `Display` text (Hail's exact message where the reference gives one) as `"<status>: <msg>"`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    /// 404: the object does not exist, is not visible to the user, or belongs to a deleted
    /// batch. Hail answers these with a bare `Not Found`.
    #[error("{0}")]
    NotFound(String),
    /// 403: billing-project refusals and `Job Group (<b>, <g>) does not exist.`.
    #[error("{0}")]
    Forbidden(String),
    /// 400: a deterministic client mistake (never retried by Hail's client).
    #[error("{0}")]
    BadRequest(String),
    /// 500 (503 when the database stayed locked beyond the busy timeout).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// 500: a JSON column that does not parse (the store writes only valid JSON).
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    /// 500: the database file or its directory cannot be created.
    #[error("cannot open the database: {0}")]
    Io(#[from] std::io::Error),
    /// 500: the database was written by a newer build with migrations this one lacks.
    #[error("database schema version {found} is newer than the supported version {supported}")]
    SchemaTooNew {
        /// `user_version` found in the file.
        found: i64,
        /// Number of migrations this build knows.
        supported: i64,
    },
    /// 500: an invariant of the stored data does not hold (e.g. an unknown state string).
    #[error("internal error: {0}")]
    Internal(String),
}

impl StoreError {
    /// The HTTP status code for this error; the one place where the mapping lives.
    pub(crate) fn status(&self) -> u16 {
        match self {
            StoreError::NotFound(_) => 404,
            StoreError::Forbidden(_) => 403,
            StoreError::BadRequest(_) => 400,
            StoreError::Sqlite(e) => match e.sqlite_error_code() {
                // Transient: Hail's client retries 503 with backoff.
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => 503,
                _ => 500,
            },
            StoreError::Json(_)
            | StoreError::Io(_)
            | StoreError::SchemaTooNew { .. }
            | StoreError::Internal(_) => 500,
        }
    }

    /// The bare 404 Hail answers for invisible or missing objects.
    pub(crate) fn not_found() -> StoreError {
        StoreError::NotFound("Not Found".to_owned())
    }

    pub(crate) fn bad(msg: impl Into<String>) -> StoreError {
        StoreError::BadRequest(msg.into())
    }

    /// 403 `Job Group (<b>, <g>) does not exist.`
    pub(crate) fn no_job_group(batch_id: i64, job_group_id: i64) -> StoreError {
        StoreError::Forbidden(crate::server::api::messages::job_group_does_not_exist(
            batch_id,
            job_group_id,
        ))
    }
}

/// A request the API's validation refused inside a store transaction (the fast paths validate
/// a bunch once its ids are known): a 400 with the validator's message.
impl From<crate::server::api::ValidationError> for StoreError {
    fn from(e: crate::server::api::ValidationError) -> Self {
        StoreError::BadRequest(e.0)
    }
}
