//! The handlers of Hail's Batch REST API (`batch-api.md` §2), as thin adapters: parse and
//! validate with [`super::api`], read and change state with [`super::store`], answer with the
//! documents [`super::model`] makes from the store's rows. Store calls run on the blocking pool,
//! and so does the parsing of job bunches (through [`super::api::spec::fast`], which falls back
//! to the reference validation for anything it does not cover).

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use serde_json::{Map, Value};

use super::App;
use super::api::spec::fast::Bunch;
use super::api::spec::{self, JobContext, UpdateRange};
use super::api::types::{
    BatchListPage, BillingLimit, BillingProjectUser, CommitResponse, CreateBatchResponse,
    CreateFastResponse, CreateUpdateResponse, JobGroupListPage, JobListPage, UpdateFastResponse,
};
use super::api::{ValidationError, messages};
use super::http::{ApiError, User, empty, int_param, json, text};
use super::model::{self, blocking, now_ms};
use super::query::{self, QueryVersion};
use super::store::{
    JobRow, NewBatch, NewJob, NewJobGroup, NewUpdate, Store, StoreError, UpdateIds,
};

type Result<T> = std::result::Result<T, ApiError>;
type AppState = State<Arc<App>>;

pub(crate) fn api_routes() -> Router<Arc<App>> {
    Router::new()
        // The auth service's endpoint (Hail's `hailctl auth user`, `batch init`): here, and
        // where Hail's client looks for the auth service under the deploy config's base path.
        .route("/api/v1alpha/userinfo", get(userinfo))
        .route(
            &format!("{}/auth/api/v1alpha/userinfo", super::tls::BASE_PATH),
            get(userinfo),
        )
        .route("/api/v1alpha/version", get(version))
        .route("/api/v1alpha/cloud", get(|| async { text("gcp") }))
        .route("/api/v1alpha/supported_regions", get(supported_regions))
        .route("/api/v1alpha/default_region", get(default_region))
        .route("/api/v1alpha/batches", get(list_batches))
        .route("/api/v2alpha/batches", get(list_batches))
        .route("/api/v1alpha/batches/create", post(create_batch))
        .route("/api/v1alpha/batches/create-fast", post(create_fast))
        .route("/api/v1alpha/batches/{batch_id}", get(get_batch))
        .route("/api/v1alpha/batches/{batch_id}", delete(delete_batch))
        .route(
            "/api/v1alpha/batches/{batch_id}/cancel",
            patch(cancel_batch),
        )
        .route("/api/v1alpha/batches/{batch_id}/close", patch(close_batch))
        .route(
            "/api/v1alpha/batches/{batch_id}/update-fast",
            post(update_fast),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/updates/create",
            post(create_update),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/updates/{update_id}/job-groups/create",
            post(create_job_groups),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/updates/{update_id}/jobs/create",
            post(create_jobs),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/create",
            post(create_jobs_update_1),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/updates/{update_id}/commit",
            patch(commit_update),
        )
        .route("/api/v1alpha/batches/{batch_id}/jobs", get(list_root_jobs))
        .route("/api/v2alpha/batches/{batch_id}/jobs", get(list_root_jobs))
        .route(
            "/api/v1alpha/batches/{batch_id}/job-groups/{job_group_id}/jobs",
            get(list_group_jobs),
        )
        .route(
            "/api/v2alpha/batches/{batch_id}/job-groups/{job_group_id}/jobs",
            get(list_group_jobs),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}",
            get(get_job),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/log",
            get(get_logs_json),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/log/{container}",
            get(get_log_raw),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/log/{container}/signed_url",
            get(signed_url),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/attempts",
            get(get_attempts),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/job-parents",
            get(get_job_parents),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/resource_usage",
            get(resource_usage),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/jvm_profile",
            get(jvm_profile),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/job-groups/{job_group_id}",
            get(get_job_group),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/job-groups/{job_group_id}/cancel",
            patch(cancel_job_group),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/job-groups",
            get(list_root_job_groups),
        )
        .route(
            "/api/v1alpha/batches/{batch_id}/job-groups/{job_group_id}/job-groups",
            get(list_child_job_groups),
        )
        .route("/api/v1alpha/billing_projects", get(list_billing_projects))
        .route(
            "/api/v1alpha/billing_projects/{billing_project}",
            get(get_billing_project),
        )
        .route(
            "/api/v1alpha/billing_projects/{billing_project}/{action}",
            post(administer_project),
        )
        .route(
            "/api/v1alpha/billing_projects/{billing_project}/users/{user}/{action}",
            post(change_membership),
        )
        .route(
            "/api/v1alpha/billing_limits/{billing_project}/edit",
            post(edit_billing_limit),
        )
}

// ---------------------------------------------------------------------------------------------
// Service information

async fn version() -> Response {
    text(env!("CARGO_PKG_VERSION"))
}

async fn supported_regions(State(app): AppState) -> Response {
    json(&app.config.regions)
}

async fn default_region(State(app): AppState) -> Response {
    text(app.config.default_region())
}

// ---------------------------------------------------------------------------------------------
// Batches

/// Query parameters of listings. Integers are parsed by hand so that a bad value is a 400 (Hail
/// answers 500, which its client retries forever).
#[derive(Debug, serde::Deserialize)]
struct ListParams {
    q: Option<String>,
    last_batch_id: Option<String>,
    last_job_id: Option<String>,
    last_job_group_id: Option<String>,
    recursive: Option<String>,
}

/// A listing's cursor parameter.
fn cursor_param(name: &str, value: Option<&str>) -> Result<Option<i64>> {
    int_param(name, value).map_err(ApiError::bad_request)
}

fn bool_param(name: &str, value: Option<&str>) -> Result<bool> {
    match value {
        None => Ok(false),
        Some("True" | "true" | "1") => Ok(true),
        Some("False" | "false" | "0") => Ok(false),
        Some(other) => Err(ApiError::bad_request(format!(
            "invalid {name}: {other:?} is not one of True, true, 1, False, false, 0"
        ))),
    }
}

/// The query language of a listing follows the API version in its path: v1 for
/// `/api/v1alpha/…`, v2 for `/api/v2alpha/…`.
impl<S: Send + Sync> FromRequestParts<S> for QueryVersion {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> std::result::Result<Self, Infallible> {
        Ok(if parts.uri.path().contains("/api/v2alpha/") {
            QueryVersion::V2
        } else {
            QueryVersion::V1
        })
    }
}

async fn list_batches(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    version: QueryVersion,
    Query(params): Query<ListParams>,
) -> Result<Response> {
    let filter = query::batch_filter(version, params.q.as_deref(), &user)?;
    let last = cursor_param("last_batch_id", params.last_batch_id.as_deref())?;
    let (rows, cursor) = blocking(move || app.store.list_batches(&user, &filter, last)).await?;
    Ok(json(&BatchListPage {
        batches: rows.iter().map(model::batch_status).collect(),
        last_batch_id: cursor,
    }))
}

async fn get_batch(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
) -> Result<Response> {
    let row = blocking(move || app.store.get_batch(&user, batch_id)).await?;
    Ok(json(&model::batch_status(&row)))
}

async fn cancel(app: Arc<App>, user: String, batch_id: i64, job_group_id: i64) -> Result<Response> {
    let scheduler = app.scheduler.clone();
    let completion = blocking(move || {
        app.store
            .cancel_job_group(&user, batch_id, job_group_id, now_ms())
    })
    .await?;
    scheduler.handle_completion(completion);
    Ok(empty())
}

async fn cancel_batch(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
) -> Result<Response> {
    cancel(app, user, batch_id, 0).await
}

async fn close_batch(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
) -> Result<Response> {
    // Batches made by current clients are always closed; the deprecated call only checks access.
    blocking(move || app.store.get_batch(&user, batch_id)).await?;
    Ok(deprecated(
        empty(),
        &format!("/api/v1alpha/batches/{batch_id}/close"),
    ))
}

async fn delete_batch(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
) -> Result<Response> {
    let scheduler = app.scheduler.clone();
    let completion = blocking(move || app.store.delete_batch(&user, batch_id, now_ms())).await?;
    scheduler.handle_completion(completion);
    Ok(empty())
}

fn deprecated(mut response: Response, path: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(&messages::deprecated_header(path)) {
        response.headers_mut().insert("X-Hail-Deprecated", value);
    }
    response
}

// ---------------------------------------------------------------------------------------------
// Submission

fn new_batch(spec: &spec::BatchSpec) -> NewBatch {
    NewBatch {
        token: spec.token.clone(),
        billing_project: spec.billing_project.clone(),
        attributes: spec.attributes.clone().unwrap_or_default(),
        callback: spec.callback.clone(),
        cancel_after_n_failures: spec.cancel_after_n_failures,
    }
}

fn range(ids: &UpdateIds, n_jobs: i64, n_job_groups: i64) -> UpdateRange {
    UpdateRange {
        update_id: ids.update_id,
        start_job_id: ids.start_job_id,
        n_jobs,
        start_job_group_id: ids.start_job_group_id,
        n_job_groups,
    }
}

/// Validated job groups as the store takes them.
fn store_job_groups(
    range: &UpdateRange,
    groups: &[spec::JobGroupSpec],
) -> std::result::Result<Vec<NewJobGroup>, ValidationError> {
    let prepared = spec::prepare_job_groups(range, groups)?;
    Ok(prepared
        .into_iter()
        .map(|g| NewJobGroup {
            job_group_id: g.job_group_id,
            parent_id: g.parent_id.unwrap_or(0),
            attributes: g.attributes,
            callback: g.callback,
            cancel_after_n_failures: g.cancel_after_n_failures,
        })
        .collect())
}

/// Validated jobs as the store takes them. Jobs asking for more cores than the service has are
/// capped to its capacity, so they run alone instead of never.
fn store_jobs(
    app: &App,
    batch_id: i64,
    range: &UpdateRange,
    jobs: &Bunch<'_>,
    ctx: &JobContext,
) -> std::result::Result<Vec<NewJob>, ValidationError> {
    let prepared = jobs.prepare(batch_id, range, ctx)?;
    spec::check_duplicated_parents(batch_id, &prepared)?;
    check_host_files(app, &ctx.user, &prepared)?;
    let capacity_mcpu = app.config.capacity_mcpu.max(1);
    Ok(prepared
        .into_iter()
        .map(|j| NewJob {
            job_id: j.job_id,
            job_group_id: j.job_group_id,
            parent_ids: j.parent_ids,
            always_run: j.always_run,
            n_max_attempts: j.n_max_attempts,
            cores_mcpu: j.resources.cores_mcpu.clamp(1, capacity_mcpu),
            attributes: j.attributes,
            spec: j.spec,
        })
        .collect())
}

/// Refuses jobs whose `input_files`/`output_files` name host paths `user` may not copy
/// ([`crate::server::confinement`]); checked again when the files are copied.
fn check_host_files(
    app: &App,
    user: &str,
    jobs: &[spec::PreparedJob],
) -> std::result::Result<(), ValidationError> {
    let mut confinement = None;
    for job in jobs {
        // Most jobs copy nothing: skip parsing their spec again.
        if !job.spec.contains("\"input_files\"") && !job.spec.contains("\"output_files\"") {
            continue;
        }
        let confinement = confinement.get_or_insert_with(|| app.config.confinement(user));
        let spec: serde_json::Value = serde_json::from_str(&job.spec)
            .map_err(|e| ValidationError(format!("job {}: {e}", job.job_id)))?;
        for (key, side, word) in [
            ("input_files", "from", "input"),
            ("output_files", "to", "output"),
        ] {
            let transfers = spec.get(key).and_then(serde_json::Value::as_array);
            for location in transfers
                .into_iter()
                .flatten()
                .filter_map(|t| t.get(side).and_then(serde_json::Value::as_str))
            {
                confinement
                    .check_location(word, location)
                    .map_err(|m| ValidationError(format!("job {}: {m}", job.job_id)))?;
            }
        }
    }
    Ok(())
}

fn job_context(app: &App, user: &str) -> JobContext {
    JobContext::new(user, app.config.regions.clone())
}

/// The request of a fast path (`create-fast`, `update-fast`), turned into store inputs inside the
/// store's transaction once the update's ids are known.
struct FastTranslation<'a> {
    app: &'a App,
    ctx: JobContext,
    n_jobs: i64,
    n_job_groups: i64,
    groups: &'a [spec::JobGroupSpec],
    jobs: &'a Bunch<'a>,
}

impl<'a> FastTranslation<'a> {
    fn new(
        app: &'a App,
        user: &str,
        update: &NewUpdate,
        groups: &'a [spec::JobGroupSpec],
        jobs: &'a Bunch<'a>,
    ) -> Self {
        FastTranslation {
            app,
            ctx: job_context(app, user),
            n_jobs: update.n_jobs,
            n_job_groups: update.n_job_groups,
            groups,
            jobs,
        }
    }

    fn translate(
        &self,
        batch_id: i64,
        ids: &UpdateIds,
    ) -> std::result::Result<(Vec<NewJobGroup>, Vec<NewJob>), StoreError> {
        let r = range(ids, self.n_jobs, self.n_job_groups);
        let groups = store_job_groups(&r, self.groups)?;
        let jobs = store_jobs(self.app, batch_id, &r, self.jobs, &self.ctx)?;
        Ok((groups, jobs))
    }
}

async fn create_batch(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Result<Response> {
    let spec = spec::parse_create_batch(&body)?;
    let response = blocking(move || {
        let now = now_ms();
        if spec.n_jobs == 0 && spec.n_job_groups == 0 {
            let (id, _) = app.store.create_batch(&user, &new_batch(&spec), now)?;
            return Ok(CreateBatchResponse {
                id,
                update_id: None,
                start_job_group_id: None,
                start_job_id: None,
            });
        }
        // The first update is created with the batch (its token is the batch's).
        let (id, ids) = app.store.create_batch_with_update(
            &user,
            &new_batch(&spec),
            &NewUpdate {
                token: spec.token.clone(),
                n_jobs: spec.n_jobs,
                n_job_groups: spec.n_job_groups,
            },
            now,
        )?;
        Ok::<_, StoreError>(CreateBatchResponse {
            id,
            update_id: Some(ids.update_id),
            start_job_group_id: Some(ids.start_job_group_id),
            start_job_id: Some(ids.start_job_id),
        })
    })
    .await?;
    Ok(json(&response))
}

async fn create_fast(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Result<Response> {
    let scheduler = app.scheduler.clone();
    let committed = blocking(move || {
        // Parsed here rather than on the async runtime thread: it is the CPU-heavy part.
        let request = spec::fast::parse_create_fast(&body)?;
        // Update 1 takes its counts from the batch spec, as in Hail, so that a bunch that does
        // not match them is refused at commit like on the slow path (nothing is created).
        let update = NewUpdate {
            token: request.batch.token.clone(),
            n_jobs: request.batch.n_jobs,
            n_job_groups: request.batch.n_job_groups,
        };
        let sent = request.bunch.len() as i64;
        if update.n_jobs == 0 && update.n_job_groups == 0 && sent > 0 {
            return Err(ApiError::bad_request(messages::wrong_number_of_jobs(
                0, sent,
            )));
        }
        let translation =
            FastTranslation::new(&app, &user, &update, &request.job_groups, &request.bunch);
        let committed = app.store.create_fast(
            &user,
            &new_batch(&request.batch),
            &update,
            now_ms(),
            |batch_id, ids| translation.translate(batch_id, ids),
        )?;
        Ok::<_, ApiError>(committed)
    })
    .await?;
    let response = CreateFastResponse {
        id: committed.batch_id,
        start_job_group_id: committed.start_job_group_id(),
        start_job_id: committed.start_job_id(),
    };
    scheduler.handle_completion(committed.completion);
    Ok(json(&response))
}

async fn update_fast(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let scheduler = app.scheduler.clone();
    let committed = blocking(move || {
        // Parsed here rather than on the async runtime thread: it is the CPU-heavy part.
        let request = spec::fast::parse_update_fast(&body)?;
        let update = NewUpdate {
            token: request.update.token.clone(),
            n_jobs: request.update.n_jobs,
            n_job_groups: request.update.n_job_groups,
        };
        let translation =
            FastTranslation::new(&app, &user, &update, &request.job_groups, &request.bunch);
        let committed =
            app.store
                .update_fast(&user, batch_id, &update, now_ms(), |batch_id, ids| {
                    translation.translate(batch_id, ids)
                })?;
        Ok::<_, ApiError>(committed)
    })
    .await?;
    let response = UpdateFastResponse {
        update_id: committed.update.map(|u| u.update_id).unwrap_or(0),
        start_job_id: committed.start_job_id(),
        start_job_group_id: committed.start_job_group_id(),
    };
    scheduler.handle_completion(committed.completion);
    Ok(json(&response))
}

async fn create_update(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let spec = spec::parse_create_update(&body)?;
    let ids = blocking(move || {
        app.store.create_update(
            &user,
            batch_id,
            &NewUpdate {
                token: spec.token,
                n_jobs: spec.n_jobs,
                n_job_groups: spec.n_job_groups,
            },
            now_ms(),
        )
    })
    .await?;
    Ok(json(&CreateUpdateResponse {
        update_id: ids.update_id,
        start_job_group_id: ids.start_job_group_id,
        start_job_id: ids.start_job_id,
    }))
}

async fn create_job_groups(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, update_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Response> {
    let groups = spec::parse_job_groups(&body)?;
    blocking(move || {
        let update = app.store.get_update(&user, batch_id, update_id)?;
        let r = range(&update.ids, update.n_jobs, update.n_job_groups);
        let groups = store_job_groups(&r, &groups)?;
        app.store
            .insert_job_groups(&user, batch_id, update_id, &groups)
    })
    .await?;
    Ok(empty())
}

async fn insert_jobs(
    app: Arc<App>,
    user: String,
    batch_id: i64,
    update_id: i64,
    body: Bytes,
) -> Result<Response> {
    blocking(move || {
        // Parsed here rather than on the async runtime thread: it is the CPU-heavy part. Parse
        // errors still come before the update's.
        let jobs = spec::fast::parse_jobs(&body)?;
        let update = app.store.get_update(&user, batch_id, update_id)?;
        if update.committed {
            return Err(ApiError::bad_request(messages::update_already_committed(
                update_id,
            )));
        }
        let r = range(&update.ids, update.n_jobs, update.n_job_groups);
        let ctx = job_context(&app, &user);
        let jobs = store_jobs(&app, batch_id, &r, &jobs, &ctx)?;
        app.store.insert_jobs(&user, batch_id, update_id, &jobs)?;
        Ok(())
    })
    .await?;
    Ok(empty())
}

async fn create_jobs(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, update_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Response> {
    insert_jobs(app, user, batch_id, update_id, body).await
}

async fn create_jobs_update_1(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let response = insert_jobs(app, user, batch_id, 1, body).await?;
    Ok(deprecated(
        response,
        &format!("/api/v1alpha/batches/{batch_id}/jobs/create"),
    ))
}

async fn commit_update(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, update_id)): Path<(i64, i64)>,
) -> Result<Response> {
    let scheduler = app.scheduler.clone();
    let committed = blocking(move || {
        app.store
            .commit_update(&user, batch_id, update_id, now_ms())
    })
    .await?;
    let response = CommitResponse {
        start_job_id: committed.start_job_id(),
        start_job_group_id: committed.start_job_group_id(),
    };
    scheduler.handle_completion(committed.completion);
    Ok(json(&response))
}

// ---------------------------------------------------------------------------------------------
// Jobs

async fn list_jobs(
    app: Arc<App>,
    user: String,
    batch_id: i64,
    job_group_id: i64,
    params: ListParams,
    version: QueryVersion,
) -> Result<Response> {
    let filter = query::job_filter(version, params.q.as_deref())?;
    let last = cursor_param("last_job_id", params.last_job_id.as_deref())?;
    let recursive = bool_param("recursive", params.recursive.as_deref())?;
    let (rows, cursor) = blocking(move || {
        app.store
            .list_jobs(&user, batch_id, job_group_id, recursive, &filter, last)
    })
    .await?;
    Ok(json(&JobListPage {
        jobs: rows.iter().map(model::job_list_entry).collect(),
        last_job_id: cursor,
    }))
}

async fn list_root_jobs(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    version: QueryVersion,
    Path(batch_id): Path<i64>,
    Query(params): Query<ListParams>,
) -> Result<Response> {
    list_jobs(app, user, batch_id, 0, params, version).await
}

async fn list_group_jobs(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    version: QueryVersion,
    Path((batch_id, job_group_id)): Path<(i64, i64)>,
    Query(params): Query<ListParams>,
) -> Result<Response> {
    list_jobs(app, user, batch_id, job_group_id, params, version).await
}

async fn get_job(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_id)): Path<(i64, i64)>,
) -> Result<Response> {
    let detail = blocking(move || app.store.get_job(&user, batch_id, job_id)).await?;
    Ok(json(&model::job(&detail)))
}

/// The attempt whose logs to show: the one asked for, else the job's current or latest one.
async fn log_attempt(
    app: &Arc<App>,
    user: &str,
    batch_id: i64,
    job_id: i64,
    requested: Option<String>,
) -> Result<(JobRow, Value, Option<String>)> {
    let app2 = app.clone();
    let user = user.to_string();
    blocking(move || {
        let detail = app2.store.get_job(&user, batch_id, job_id)?;
        let attempts = app2
            .store
            .attempts(&user, batch_id, job_id)?
            .unwrap_or_default();
        let attempt = match requested {
            Some(id) => {
                if !attempts.iter().any(|a| a.attempt_id == id) {
                    return Err(ApiError::not_found());
                }
                Some(id)
            }
            None => model::shown_attempt(&detail.job, &attempts),
        };
        Ok((detail.job, detail.spec, attempt))
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
struct LogParams {
    attempt_id: Option<String>,
}

fn read_log(app: &App, job: &JobRow, attempt: &str, container: &str) -> Vec<u8> {
    let log_dir = app
        .config
        .attempt_log_dir(job.batch_id, job.job_id, attempt);
    model::read_log(
        &model::log_path(&log_dir, container),
        job.state.is_terminal(),
        app.config.max_log_bytes,
    )
}

async fn get_logs_json(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_id)): Path<(i64, i64)>,
) -> Result<Response> {
    let (job, spec, attempt) = log_attempt(&app, &user, batch_id, job_id, None).await?;
    let mut ordered = Map::new();
    for container in model::container_names(&spec) {
        let value = match &attempt {
            None => Value::Null,
            Some(attempt) => {
                let bytes = read_log(&app, &job, attempt, container);
                match String::from_utf8(bytes) {
                    Ok(s) => Value::String(s),
                    Err(_) => {
                        return Err(ApiError::bad_request(messages::log_not_utf8(container)));
                    }
                }
            }
        };
        ordered.insert(container.to_string(), value);
    }
    Ok(deprecated(
        json(&Value::Object(ordered)),
        &format!("/api/v1alpha/batches/{batch_id}/jobs/{job_id}/log"),
    ))
}

async fn get_log_raw(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_id, container)): Path<(i64, i64, String)>,
    Query(params): Query<LogParams>,
) -> Result<Response> {
    let (job, spec, attempt) =
        log_attempt(&app, &user, batch_id, job_id, params.attempt_id).await?;
    if !model::container_names(&spec).contains(&container.as_str()) {
        return Err(ApiError::bad_request(messages::unknown_container(
            &container,
        )));
    }
    let mut response = match &attempt {
        None => Vec::new().into_response(),
        Some(attempt) => {
            let log_dir = app
                .config
                .attempt_log_dir(job.batch_id, job.job_id, attempt);
            let path = model::log_path(&log_dir, &container);
            match tokio::fs::File::open(&path).await {
                Ok(file) => stream_log(file, &path, app.config.max_log_bytes).await,
                Err(_) => read_log(&app, &job, attempt, &container).into_response(),
            }
        }
    };
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    Ok(response)
}

/// A log as a streamed body of its current length (a running job's log keeps growing: what was
/// written when the request came is sent), read in chunks: a large log never sits whole in
/// memory, whatever the number of downloads. A log over the cap (`logs`) is sent as its parts.
async fn stream_log(file: tokio::fs::File, path: &std::path::Path, cap: u64) -> Response {
    use futures::StreamExt as _;
    use tokio::io::AsyncSeekExt as _;
    let length = match file.metadata().await {
        Ok(meta) => meta.len(),
        Err(_) => 0,
    };
    let (body, sent) = match crate::server::logs::parts(length, cap) {
        None => (file_range(file, length).boxed(), length),
        Some(parts) => {
            let notice = Bytes::from(parts.notice.clone().into_bytes());
            let sent = parts.head + notice.len() as u64 + (length - parts.tail_start);
            // A second opening: a duplicate descriptor would share the first one's offset.
            let tail = match tokio::fs::File::open(path).await {
                Ok(mut tail) => match tail.seek(std::io::SeekFrom::Start(parts.tail_start)).await {
                    Ok(_) => Some(tail),
                    Err(_) => None,
                },
                Err(_) => None,
            };
            let head = file_range(file, parts.head);
            let notice = futures::stream::once(async move { Ok(notice) });
            let body = match tail {
                Some(tail) => head
                    .chain(notice)
                    .chain(file_range(tail, length - parts.tail_start))
                    .boxed(),
                // Ends the body early: the client sees a short download, not a hang.
                None => head.chain(notice).boxed(),
            };
            (body, sent)
        }
    };
    let mut response = axum::body::Body::from_stream(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&sent.to_string()) {
        response.headers_mut().insert(header::CONTENT_LENGTH, value);
    }
    response
}

/// `length` bytes of `file` from where it stands, in chunks.
fn file_range(
    file: tokio::fs::File,
    length: u64,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send {
    use tokio::io::AsyncReadExt;
    const CHUNK: usize = 256 * 1024;
    futures::stream::unfold(
        (file.take(length), false),
        |(mut file, failed)| async move {
            if failed {
                return None;
            }
            let mut buffer = Vec::with_capacity(CHUNK);
            match (&mut file)
                .take(CHUNK as u64)
                .read_to_end(&mut buffer)
                .await
            {
                Ok(0) => None,
                Ok(_) => Some((Ok::<_, std::io::Error>(Bytes::from(buffer)), (file, false))),
                // Ends the body early: the client sees a short download, not a hang.
                Err(e) => Some((Err(e), (file, true))),
            }
        },
    )
}

async fn signed_url() -> Result<Response> {
    Err(ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "signed URLs are not available on the local Batch service; use the log endpoint",
    ))
}

async fn get_attempts(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_id)): Path<(i64, i64)>,
) -> Result<Response> {
    let rows = blocking(move || app.store.attempts(&user, batch_id, job_id)).await?;
    let now = now_ms();
    let attempts: Option<Vec<_>> =
        rows.map(|rows| rows.iter().map(|a| model::attempt(a, now)).collect());
    Ok(json(&attempts))
}

/// `GET /api/v1alpha/userinfo`: the auth service's user document (config-and-auth §6.6), with
/// what the local service knows: the name, the role, no cloud identity.
async fn userinfo(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
) -> Result<Response> {
    let developer = app.is_developer(&user);
    let id = app
        .config
        .users
        .entries()
        .iter()
        .position(|e| e.name == user)
        .map_or(0, |i| i + 1);
    Ok(json(&serde_json::json!({
        "id": id,
        "state": "active",
        "username": user,
        "login_id": user,
        "display_name": user,
        "is_developer": i64::from(developer),
        "is_service_account": 0,
        "tokens_secret_name": null,
        "hail_identity": user,
        "hail_identity_uid": null,
        "hail_credentials_secret_name": null,
        "namespace_name": null,
        "trial_bp_name": null,
        "last_activated": null,
        "system_permissions": {},
    })))
}

/// `GET /api/v1alpha/batches/{b}/job-parents` (the local service's extension, for `hailctl
/// batch rerun`): `{"job_parents": [[job_id, parent_id], ...]}`.
async fn get_job_parents(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
) -> Result<Response> {
    let pairs = blocking(move || app.store.job_parents(&user, batch_id)).await?;
    Ok(json(&serde_json::json!({ "job_parents": pairs })))
}

/// `GET .../resource_usage[?attempt_id=]`: per container, the samples its attempt recorded
/// (`{}` while nothing is available), batch-api §5.8.
async fn resource_usage(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_id)): Path<(i64, i64)>,
    Query(params): Query<LogParams>,
) -> Result<Response> {
    let (job, spec, attempt) =
        log_attempt(&app, &user, batch_id, job_id, params.attempt_id).await?;
    let mut frames = Map::new();
    if let Some(attempt) = attempt {
        let log_dir = app
            .config
            .attempt_log_dir(job.batch_id, job.job_id, &attempt);
        for container in model::container_names(&spec) {
            let path = model::resource_usage_path(&log_dir, container);
            if let Some(frame) = std::fs::read(&path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            {
                frames.insert(container.to_string(), frame);
            }
        }
    }
    Ok(json(&frames))
}

async fn jvm_profile() -> Result<Response> {
    Err(ApiError::not_found())
}

// ---------------------------------------------------------------------------------------------
// Job groups

async fn get_job_group(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_group_id)): Path<(i64, i64)>,
) -> Result<Response> {
    let row = blocking(move || app.store.get_job_group(&user, batch_id, job_group_id)).await?;
    Ok(json(&model::job_group_status(&row)))
}

async fn cancel_job_group(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_group_id)): Path<(i64, i64)>,
) -> Result<Response> {
    cancel(app, user, batch_id, job_group_id).await
}

async fn list_groups(
    app: Arc<App>,
    user: String,
    batch_id: i64,
    job_group_id: i64,
    params: ListParams,
) -> Result<Response> {
    let last = cursor_param("last_job_group_id", params.last_job_group_id.as_deref())?;
    let (rows, cursor) = blocking(move || {
        app.store
            .list_child_job_groups(&user, batch_id, job_group_id, last)
    })
    .await?;
    Ok(json(&JobGroupListPage {
        job_groups: rows.iter().map(model::job_group_status).collect(),
        last_job_group_id: cursor,
    }))
}

async fn list_root_job_groups(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(batch_id): Path<i64>,
    Query(params): Query<ListParams>,
) -> Result<Response> {
    list_groups(app, user, batch_id, 0, params).await
}

async fn list_child_job_groups(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path((batch_id, job_group_id)): Path<(i64, i64)>,
    Query(params): Query<ListParams>,
) -> Result<Response> {
    list_groups(app, user, batch_id, job_group_id, params).await
}

// ---------------------------------------------------------------------------------------------
// Billing projects

#[derive(Debug, serde::Deserialize)]
struct BillingListParams {
    status: Option<String>,
}

/// Members see the projects they belong to; billing administrators see all (§10.2).
async fn list_billing_projects(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Query(params): Query<BillingListParams>,
) -> Result<Response> {
    if let Some(s) = params
        .status
        .as_deref()
        .filter(|s| !matches!(*s, "open" | "closed"))
    {
        return Err(ApiError::bad_request(
            messages::invalid_billing_project_status(s),
        ));
    }
    let admin = app.is_developer(&user);
    let rows = blocking(move || {
        if admin {
            app.store.all_billing_projects()
        } else {
            app.store.billing_projects(&user)
        }
    })
    .await?;
    Ok(json(
        &rows
            .iter()
            .filter(|r| {
                params
                    .status
                    .as_deref()
                    .is_none_or(|s| r.status.as_str() == s)
            })
            .map(model::billing_project)
            .collect::<Vec<_>>(),
    ))
}

async fn get_billing_project(
    State(app): AppState,
    Extension(User(user)): Extension<User>,
    Path(name): Path<String>,
) -> Result<Response> {
    let admin = app.is_developer(&user);
    let row = blocking(move || {
        if admin {
            app.store.any_billing_project(&name)
        } else {
            app.store.billing_project(&user, &name)
        }
    })
    .await?;
    Ok(json(&model::billing_project(&row)))
}

/// Billing administration needs the developer role; others get a bare 401, like Hail.
/// Billing refusals keep their message, 404 included (`Billing project <p> does not exist.`),
/// unlike the bare 404 of batches and jobs.
fn billing_error(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound(message) => ApiError::new(StatusCode::NOT_FOUND, message),
        other => other.into(),
    }
}

fn require_developer(app: &App, user: &str) -> Result<()> {
    if app.is_developer(user) {
        Ok(())
    } else {
        Err(ApiError::unauthorized())
    }
}

/// `POST billing_projects/{p}/{create,close,reopen,delete}` (developers only): answers the
/// project name as JSON, as Hail does. Another action is no endpoint: 404.
async fn administer_project(
    State(app): AppState,
    Extension(User(caller)): Extension<User>,
    Path((name, action)): Path<(String, String)>,
) -> Result<Response> {
    let now = now_ms();
    let action = match action.as_str() {
        "create" => |store: &Store, name: &str, now| store.create_billing_project(name, now),
        "close" => |store: &Store, name: &str, _| store.close_billing_project(name),
        "reopen" => |store: &Store, name: &str, _| store.reopen_billing_project(name),
        "delete" => |store: &Store, name: &str, _| store.delete_billing_project(name),
        _ => return Err(ApiError::not_found()),
    };
    require_developer(&app, &caller)?;
    let n = name.clone();
    blocking(move || action(&app.store, &n, now).map_err(billing_error)).await?;
    Ok(json(&name))
}

/// `POST billing_projects/{p}/users/{u}/{add,remove}` (developers only). Hail checks that an
/// added user exists before looking at the project.
async fn change_membership(
    State(app): AppState,
    Extension(User(caller)): Extension<User>,
    Path((name, user, action)): Path<(String, String, String)>,
) -> Result<Response> {
    let add = match action.as_str() {
        "add" => true,
        "remove" => false,
        _ => return Err(ApiError::not_found()),
    };
    require_developer(&app, &caller)?;
    if add && app.config.users.get(&user).is_none() {
        return Err(ApiError::forbidden(messages::user_does_not_exist(&user)));
    }
    let (n, u) = (name.clone(), user.clone());
    blocking(move || {
        if add {
            app.store.add_billing_project_user(&n, &u)
        } else {
            app.store.remove_billing_project_user(&n, &u)
        }
        .map_err(billing_error)
    })
    .await?;
    Ok(json(&BillingProjectUser {
        billing_project: name,
        user,
    }))
}

#[derive(Debug, serde::Deserialize)]
struct LimitBody {
    limit: Option<Value>,
}

/// The `limit` of an edit-limit body: a number ≥ 0, a string holding one, or `null`/`"None"`
/// (no limit). Anything else is 400 `Invalid billing_limit <x>.` (§10.2).
fn parse_limit(value: Option<Value>) -> Result<Option<f64>> {
    let invalid = |shown: String| ApiError::bad_request(messages::invalid_billing_limit(&shown));
    let limit = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim() == "None" => return Ok(None),
        Some(Value::Number(n)) => n.as_f64().ok_or_else(|| invalid(n.to_string()))?,
        Some(Value::String(s)) => s.trim().parse::<f64>().map_err(|_| invalid(s.clone()))?,
        Some(other) => return Err(invalid(other.to_string())),
    };
    if limit < 0.0 || !limit.is_finite() {
        return Err(invalid(limit.to_string()));
    }
    Ok(Some(limit))
}

async fn edit_billing_limit(
    State(app): AppState,
    Extension(User(caller)): Extension<User>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response> {
    require_developer(&app, &caller)?;
    let body: LimitBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(messages::invalid_json_body(&e)))?;
    let limit = parse_limit(body.limit)?;
    let n = name.clone();
    blocking(move || {
        app.store
            .set_billing_limit(&n, limit)
            .map_err(billing_error)
    })
    .await?;
    Ok(json(&BillingLimit {
        billing_project: name,
        limit,
    }))
}
