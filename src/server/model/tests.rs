//! The documents made from rows, in Hail's key order and presence rules (`batch-api.md` §5),
//! and the log locations.

use serde::Serialize;
use serde_json::{Value, json};

use super::*;
use crate::server::api::types::{
    Attributes, BatchListPage, BillingProjectStatus, CostBreakdownEntry, InternalState, JobCounts,
    JobListPage, JobState, ReportedState,
};

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializable")
}

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn batch_row() -> BatchRow {
    BatchRow {
        id: 4711,
        user: "alice".into(),
        billing_project: "my-project".into(),
        token: "tok".into(),
        state: InternalState::Complete,
        cancelled: false,
        attributes: attrs(&[("name", "my-batch")]),
        callback: None,
        cancel_after_n_failures: None,
        counts: JobCounts {
            n_jobs: 3,
            n_completed: 3,
            n_succeeded: 3,
            n_failed: 0,
            n_cancelled: 0,
        },
        time_created: 1_714_566_896_789,
        time_completed: Some(1_714_566_962_001),
        n_updates: 1,
    }
}

#[test]
fn batch_status_key_order() {
    let status = batch_status(&batch_row());
    assert_eq!(
        to_json(&status),
        r#"{"id":4711,"user":"alice","billing_project":"my-project","token":"tok","state":"success","complete":true,"closed":true,"n_jobs":3,"n_completed":3,"n_succeeded":3,"n_failed":0,"n_cancelled":0,"time_created":"2024-05-01T12:34:56.789Z","time_closed":null,"time_completed":"2024-05-01T12:36:02.001Z","duration_ms":65212,"duration":"1 minute 5s","msec_mcpu":0,"cost":0,"cost_breakdown":null,"attributes":{"name":"my-batch"}}"#
    );
    // A cost is a float once something is billed (the real service's documents).
    let billed = BatchStatus {
        cost: 0.000412,
        cost_breakdown: Some(vec![CostBreakdownEntry {
            resource: "service-fee/1".into(),
            cost: 0.000092,
        }]),
        ..status
    };
    assert!(to_json(&billed).contains(
        r#""cost":0.000412,"cost_breakdown":[{"resource":"service-fee/1","cost":0.000092}]"#
    ));
    // Running, no attributes: no completion, no duration, no attributes key.
    let mut row = batch_row();
    row.state = InternalState::Running;
    row.time_completed = None;
    row.attributes = Attributes::new();
    let text = to_json(&batch_status(&row));
    assert!(
        text.contains(r#""state":"running","complete":false,"closed":true"#),
        "{text}"
    );
    assert!(text.ends_with(r#""time_completed":null,"duration_ms":null,"duration":null,"msec_mcpu":0,"cost":0,"cost_breakdown":null}"#), "{text}");
}

#[test]
fn batch_callbacks_count_any_cancelled_group() {
    let mut row = batch_row();
    row.cancelled = false;
    let done = CompletedBatch {
        batch: row.clone(),
        any_group_cancelled: true,
    };
    assert_eq!(batch_status(&row).state, ReportedState::Success);
    let body = batch_callback(&done);
    assert_eq!(body.state, ReportedState::Cancelled);
    assert_eq!(
        BatchStatus {
            state: ReportedState::Success,
            ..body
        },
        batch_status(&row),
        "only the state differs"
    );
}

fn group_row() -> JobGroupRow {
    JobGroupRow {
        batch_id: 4711,
        job_group_id: 1,
        parent_id: Some(0),
        update_id: 1,
        state: InternalState::Running,
        cancelled: false,
        effectively_cancelled: false,
        attributes: attrs(&[("name", "stage-1")]),
        callback: None,
        cancel_after_n_failures: None,
        counts: JobCounts {
            n_jobs: 2,
            n_completed: 1,
            n_succeeded: 1,
            n_failed: 0,
            n_cancelled: 0,
        },
        time_created: 1_714_566_897_001,
        time_completed: None,
    }
}

#[test]
fn job_group_status_key_order() {
    let g = job_group_status(&group_row());
    assert_eq!(
        to_json(&g),
        r#"{"batch_id":4711,"job_group_id":1,"state":"running","complete":false,"n_jobs":2,"n_completed":1,"n_succeeded":1,"n_failed":0,"n_cancelled":0,"time_created":"2024-05-01T12:34:57.001Z","time_completed":null,"duration":null,"cost":0,"cost_breakdown":null,"attributes":{"name":"stage-1"}}"#
    );
    let mut done = group_row();
    done.state = InternalState::Complete;
    done.time_completed = Some(1_714_566_961_500);
    assert_eq!(job_group_status(&done).duration, Some(64_499));
    assert_eq!(job_group_status(&done).state, ReportedState::Success);
    // An ancestor's cancellation counts for a group's state.
    done.effectively_cancelled = true;
    assert_eq!(job_group_status(&done).state, ReportedState::Cancelled);
}

/// A finished attempt's status: exit code 0, 15.321 s.
fn finished_status() -> Value {
    json!({
        "start_time": 1_714_566_904_799_i64, "end_time": 1_714_566_920_120_i64,
        "container_statuses": {"main": {"container_status": {"exit_code": 0}}},
    })
}

fn job_row() -> JobRow {
    JobRow {
        batch_id: 4711,
        job_id: 1,
        job_group_id: 0,
        update_id: 1,
        name: Some("hello".into()),
        user: "alice".into(),
        billing_project: "my-project".into(),
        state: JobState::Success,
        exit_code: Some(0),
        always_run: false,
        n_max_attempts: 20,
        cores_mcpu: 1000,
        cancelled: false,
        n_pending_parents: 0,
        attempt_id: Some("aB3dE9".into()),
        start_time: Some(1_714_566_904_799),
        end_time: Some(1_714_566_920_120),
        duration_ms: Some(15_321),
        inst_coll: "standard".into(),
        time_ready: None,
    }
}

const ENTRY_JSON: &str = r#"{"batch_id":4711,"job_id":1,"name":"hello","user":"alice","billing_project":"my-project","state":"Success","exit_code":0,"end_time":"2024-05-01T12:35:20.120Z","duration":15321,"cost":0,"msec_mcpu":0,"cost_breakdown":null,"always_run":false,"display_state":null}"#;

#[test]
fn job_documents_key_order() {
    assert_eq!(to_json(&job_list_entry(&job_row())), ENTRY_JSON);

    // GET job of a job that never ran: no status, so the stored columns stand.
    let pending = JobRow {
        state: JobState::Pending,
        name: None,
        exit_code: None,
        attempt_id: None,
        start_time: None,
        end_time: None,
        duration_ms: None,
        ..job_row()
    };
    let detail = JobDetail {
        job: pending,
        spec: json!({"job_id": 1}),
        status: None,
        attributes: Attributes::new(),
    };
    assert_eq!(
        to_json(&job(&detail)),
        r#"{"batch_id":4711,"job_id":1,"name":null,"user":"alice","billing_project":"my-project","state":"Pending","exit_code":null,"end_time":null,"duration":null,"cost":0,"msec_mcpu":0,"cost_breakdown":null,"always_run":false,"display_state":null,"status":null,"spec":{"job_id":1},"inst_coll":"standard"}"#
    );

    // GET job of a finished job: exit code and duration from its status document.
    let detail = JobDetail {
        job: JobRow {
            exit_code: None,
            duration_ms: None,
            ..job_row()
        },
        spec: json!({"job_id": 1}),
        status: Some(finished_status()),
        attributes: attrs(&[("name", "hello")]),
    };
    let text = to_json(&job(&detail));
    assert!(
        text.starts_with(&ENTRY_JSON[..ENTRY_JSON.len() - 1]),
        "{text}"
    );
    assert!(
        text.ends_with(
            r#""spec":{"job_id":1},"inst_coll":"standard","attributes":{"name":"hello"}}"#
        ),
        "{text}"
    );
}

#[test]
fn pages_carry_their_cursor_only_when_given() {
    let entry = job_list_entry(&job_row());
    let page = JobListPage {
        jobs: vec![entry],
        last_job_id: None,
    };
    assert_eq!(to_json(&page), format!("{{\"jobs\":[{ENTRY_JSON}]}}"));
    let page = BatchListPage {
        batches: vec![batch_status(&batch_row())],
        last_batch_id: Some(51),
    };
    assert!(to_json(&page).ends_with(r#"],"last_batch_id":51}"#));
}

#[test]
fn attempts_presence_rules() {
    let row = AttemptRow {
        batch_id: 4711,
        job_id: 1,
        attempt_id: "Zq81Lm".into(),
        instance_name: Some("batch-worker-default-standard-a1b2c".into()),
        start_time: Some(1_714_566_900_100),
        end_time: Some(1_714_566_903_000),
        reason: Some("terminated".into()),
    };
    assert_eq!(
        to_json(&attempt(&row, 0)),
        r#"{"batch_id":4711,"job_id":1,"attempt_id":"Zq81Lm","instance_name":"batch-worker-default-standard-a1b2c","start_time":"2024-05-01T12:35:00.100Z","rollup_time":1714566903000,"end_time":"2024-05-01T12:35:03.000Z","reason":"terminated","start_time_ms":1714566900100,"end_time_ms":1714566903000,"duration":"2s 900ms","duration_ms":2900}"#
    );
    let running = AttemptRow {
        end_time: None,
        reason: None,
        ..row.clone()
    };
    assert_eq!(
        to_json(&attempt(&running, 1_714_566_901_100)),
        r#"{"batch_id":4711,"job_id":1,"attempt_id":"Zq81Lm","instance_name":"batch-worker-default-standard-a1b2c","start_time":"2024-05-01T12:35:00.100Z","rollup_time":null,"reason":null,"start_time_ms":1714566900100,"duration":"1s","duration_ms":1000}"#
    );
    let unstarted = AttemptRow {
        start_time: None,
        end_time: None,
        instance_name: None,
        reason: None,
        ..row
    };
    assert_eq!(
        to_json(&attempt(&unstarted, 5)),
        r#"{"batch_id":4711,"job_id":1,"attempt_id":"Zq81Lm","instance_name":null,"rollup_time":null,"reason":null}"#
    );
    // Clock skew never gives a negative duration.
    let skew = AttemptRow {
        start_time: Some(10),
        ..unstarted
    };
    assert_eq!(attempt(&skew, 5).duration_ms, Some(0));
}

#[test]
fn billing_projects() {
    let row = BillingProjectRow {
        name: "my-project".into(),
        status: BillingProjectStatus::Closed,
        users: vec!["alice".into(), "bob".into()],
        limit: Some(100.0),
        accrued_cost: 0.0,
    };
    assert_eq!(
        to_json(&billing_project(&row)),
        r#"{"billing_project":"my-project","status":"closed","users":["alice","bob"],"limit":100.0,"accrued_cost":0}"#
    );
}

#[test]
fn container_names_follow_the_file_lists() {
    assert_eq!(container_names(&json!({})), ["main"]);
    assert_eq!(
        container_names(&json!({"input_files": [], "output_files": null})),
        ["main"]
    );
    assert_eq!(
        container_names(
            &json!({"input_files": [{"from": "a", "to": "b"}], "output_files": [{"from": "a", "to": "b"}]})
        ),
        ["input", "main", "output"]
    );
}

#[test]
fn log_locations() {
    let dir = attempt_log_dir(Path::new("/data/logs"), 7, 3, "aB3dE9");
    assert_eq!(dir, Path::new("/data/logs/7/3/aB3dE9"));
    assert_eq!(
        log_path(&dir, "main"),
        Path::new("/data/logs/7/3/aB3dE9/main.log")
    );
    let job = job_row();
    let attempts = [AttemptRow {
        batch_id: 4711,
        job_id: 1,
        attempt_id: "older1".into(),
        instance_name: None,
        start_time: None,
        end_time: None,
        reason: None,
    }];
    assert_eq!(shown_attempt(&job, &attempts).as_deref(), Some("aB3dE9"));
    let never_current = JobRow {
        attempt_id: None,
        ..job
    };
    assert_eq!(
        shown_attempt(&never_current, &attempts).as_deref(),
        Some("older1")
    );
    assert_eq!(shown_attempt(&never_current, &[]), None);
    let missing = Path::new("/nonexistent/hailctl/main.log");
    assert_eq!(read_log(missing, true, 1024), MISSING_LOG_TEXT.as_bytes());
    assert!(read_log(missing, false, 1024).is_empty());
}
