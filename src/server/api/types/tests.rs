use super::*;
use serde_json::json;

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializable")
}

#[test]
fn job_states() {
    let terminal: Vec<&str> = JobState::ALL
        .iter()
        .filter(|s| s.is_terminal())
        .map(|s| s.as_str())
        .collect();
    assert_eq!(terminal, ["Success", "Failed", "Error", "Cancelled"]);
    for s in JobState::ALL {
        assert_eq!(to_json(&s), format!("\"{s}\""));
        assert_eq!(s.as_str().parse::<JobState>(), Ok(s));
    }
    assert!("pending".parse::<JobState>().is_err());
}

#[test]
fn derives_reported_states() {
    let c = |n_jobs, n_completed, n_failed, n_cancelled| JobCounts {
        n_jobs,
        n_completed,
        n_succeeded: n_completed - n_failed - n_cancelled,
        n_failed,
        n_cancelled,
    };
    use InternalState::*;
    let cases = [
        (Open, false, c(0, 0, 0, 0), ReportedState::Open),
        (Running, false, c(3, 1, 1, 0), ReportedState::Failure),
        (Complete, true, c(3, 3, 1, 2), ReportedState::Failure),
        (Running, true, c(3, 0, 0, 0), ReportedState::Cancelled),
        (Complete, false, c(3, 3, 0, 1), ReportedState::Cancelled),
        (Complete, true, c(0, 0, 0, 0), ReportedState::Cancelled),
        (Complete, false, c(0, 0, 0, 0), ReportedState::Success),
        (Running, false, c(3, 1, 0, 0), ReportedState::Running),
    ];
    for (internal, cancelled, counts, want) in cases {
        assert_eq!(
            reported_state(internal, cancelled, &counts),
            want,
            "{internal:?} {cancelled} {counts:?}"
        );
    }
    for (state, text) in [
        (ReportedState::Open, "\"open\""),
        (ReportedState::Failure, "\"failure\""),
        (ReportedState::Success, "\"success\""),
    ] {
        assert_eq!(to_json(&state), text);
        assert_eq!(format!("\"{state}\""), text);
    }
    for state in [Open, Running, Complete] {
        assert_eq!(state.as_str().parse::<InternalState>(), Ok(state));
    }
    assert!("success".parse::<InternalState>().is_err());
}

fn finished_status() -> Value {
    json!({
        "version": 5, "worker": "w", "batch_id": 4711, "job_id": 1, "attempt_id": "aB3dE9",
        "job_group_id": 1, "user": "alice", "state": "succeeded", "format_version": 7,
        "resources": [], "region": "us-central1",
        "start_time": 1_714_566_904_799_i64, "end_time": 1_714_566_920_120_i64,
        "container_statuses": {"main": {"name": "batch-4711-job-1-main", "state": "succeeded", "timing": {},
            "container_status": {"started_at": 1, "finished_at": 2, "state": "finished", "exit_code": 0, "out_of_memory": false}}},
        "timing": {}
    })
}

#[test]
fn exit_code_derivation() {
    let with = |codes: Value| json!({"container_statuses": codes});
    let code = |c: i64| json!({"container_status": {"exit_code": c}});
    let cases = [
        (None, None),
        (
            Some(json!({"error": "boom", "container_statuses": {"main": code(0)}})),
            None,
        ),
        (Some(with(json!({"main": code(0)}))), Some(0)),
        (
            Some(with(
                json!({"input": code(0), "main": code(7), "output": code(3)}),
            )),
            Some(7),
        ),
        (
            Some(with(json!({"output": code(2), "main": code(0)}))),
            Some(2),
        ),
        (
            Some(with(
                json!({"input": code(0), "main": {"error": "x", "container_status": {"exit_code": 1}}}),
            )),
            None,
        ),
        (
            Some(with(
                json!({"main": {"state": "pending"}, "output": code(1)}),
            )),
            None,
        ),
        (
            Some(with(
                json!({"main": {"name": "main", "state": "succeeded", "timing": {}}}),
            )),
            None,
        ),
        (
            Some(with(json!({"input": null, "main": null, "output": null}))),
            None,
        ),
        (
            Some(scheduler_error_status(
                1,
                2,
                0,
                "Qw12Er",
                "alice",
                "job has too many prior attempts",
            )),
            None,
        ),
        (Some(finished_status()), Some(0)),
        // No container statuses at all: Hail's `if not container_statuses: return None`.
        (Some(with(json!({}))), None),
        (Some(json!({"state": "error"})), None),
        (Some(with(json!({"main": null}))), None),
    ];
    for (status, want) in cases {
        assert_eq!(exit_code(status.as_ref()), want, "{status:?}");
    }
    assert_eq!(job_duration_ms(Some(&finished_status())), Some(15_321));
    assert_eq!(
        job_duration_ms(Some(&json!({"start_time": 1, "end_time": null}))),
        None
    );
}

#[test]
fn scheduler_error_document() {
    let doc = scheduler_error_status(
        4711,
        7,
        0,
        "Qw12Er",
        "alice",
        "job has too many prior attempts",
    );
    assert_eq!(
        doc.to_string(),
        r#"{"version":5,"worker":null,"batch_id":4711,"job_id":7,"job_group_id":0,"attempt_id":"Qw12Er","user":"alice","state":"error","error":"job has too many prior attempts","container_statuses":{"input":null,"main":null,"output":null}}"#
    );
}

#[test]
fn billing_and_responses_key_order() {
    let bp = BillingProject {
        billing_project: "my-project".into(),
        status: BillingProjectStatus::Open,
        users: vec!["alice".into(), "bob".into()],
        limit: Some(100.0),
        accrued_cost: 12.3456,
    };
    assert_eq!(
        to_json(&bp),
        r#"{"billing_project":"my-project","status":"open","users":["alice","bob"],"limit":100.0,"accrued_cost":12.3456}"#
    );
    let closed = BillingProject {
        status: BillingProjectStatus::Closed,
        limit: None,
        accrued_cost: 0.0,
        users: vec!["alice".into()],
        billing_project: "old".into(),
    };
    assert_eq!(
        to_json(&closed),
        r#"{"billing_project":"old","status":"closed","users":["alice"],"limit":null,"accrued_cost":0}"#
    );
    let cases = [
        (
            to_json(&CreateBatchResponse {
                id: 4711,
                update_id: Some(1),
                start_job_group_id: Some(1),
                start_job_id: Some(1),
            }),
            r#"{"id":4711,"update_id":1,"start_job_group_id":1,"start_job_id":1}"#,
        ),
        (
            to_json(&CreateBatchResponse {
                id: 4712,
                update_id: None,
                start_job_group_id: None,
                start_job_id: None,
            }),
            r#"{"id":4712,"update_id":null,"start_job_group_id":null,"start_job_id":null}"#,
        ),
        (
            to_json(&CreateFastResponse {
                id: 4711,
                start_job_group_id: 1,
                start_job_id: 1,
            }),
            r#"{"id":4711,"start_job_group_id":1,"start_job_id":1}"#,
        ),
        (
            to_json(&UpdateFastResponse {
                update_id: 2,
                start_job_id: 4,
                start_job_group_id: 2,
            }),
            r#"{"update_id":2,"start_job_id":4,"start_job_group_id":2}"#,
        ),
        (
            to_json(&CreateUpdateResponse {
                update_id: 2,
                start_job_group_id: 2,
                start_job_id: 4,
            }),
            r#"{"update_id":2,"start_job_group_id":2,"start_job_id":4}"#,
        ),
        (
            to_json(&CommitResponse {
                start_job_id: 1,
                start_job_group_id: 1,
            }),
            r#"{"start_job_id":1,"start_job_group_id":1}"#,
        ),
        (
            to_json(&BillingProjectUser {
                billing_project: "p".into(),
                user: "u".into(),
            }),
            r#"{"billing_project":"p","user":"u"}"#,
        ),
        (
            to_json(&BillingLimit {
                billing_project: "p".into(),
                limit: None,
            }),
            r#"{"billing_project":"p","limit":null}"#,
        ),
        (
            to_json(&BillingLimit {
                billing_project: "p".into(),
                limit: Some(10.0),
            }),
            r#"{"billing_project":"p","limit":10.0}"#,
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}
