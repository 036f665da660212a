use super::*;
use serde_json::json;

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializable")
}

fn batch_record() -> BatchRecord {
    BatchRecord {
        id: 4711,
        user: "alice".into(),
        billing_project: "my-project".into(),
        token: "tok".into(),
        internal_state: InternalState::Complete,
        cancelled: false,
        counts: JobCounts {
            n_jobs: 3,
            n_completed: 3,
            n_succeeded: 3,
            n_failed: 0,
            n_cancelled: 0,
        },
        time_created_ms: 1_714_566_896_789,
        time_completed_ms: Some(1_714_566_962_001),
        msec_mcpu: 0,
        cost: 0.000412,
        cost_breakdown: Some(vec![CostBreakdownEntry {
            resource: "service-fee/1".into(),
            cost: 0.000092,
        }]),
        attributes: attrs(&[("name", "my-batch")]),
    }
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
        (Open, false, c(0, 0, 0, 0), BatchState::Open),
        (Running, false, c(3, 1, 1, 0), BatchState::Failure),
        (Complete, true, c(3, 3, 1, 2), BatchState::Failure),
        (Running, true, c(3, 0, 0, 0), BatchState::Cancelled),
        (Complete, false, c(3, 3, 0, 1), BatchState::Cancelled),
        (Complete, true, c(0, 0, 0, 0), BatchState::Cancelled),
        (Complete, false, c(0, 0, 0, 0), BatchState::Success),
        (Running, false, c(3, 1, 0, 0), BatchState::Running),
    ];
    for (internal, cancelled, counts, want) in cases {
        assert_eq!(
            batch_state(internal, cancelled, &counts),
            want,
            "{internal:?} {cancelled} {counts:?}"
        );
    }
    assert_eq!(
        job_group_state(true, false, &c(2, 2, 0, 0)),
        BatchState::Success
    );
    assert_eq!(
        job_group_state(false, true, &c(2, 0, 0, 0)),
        BatchState::Cancelled
    );
    assert_eq!(
        job_group_state(false, false, &c(2, 1, 0, 0)),
        BatchState::Running
    );
}

#[test]
fn batch_status_key_order() {
    let status = BatchStatus::from_record(&batch_record());
    assert_eq!(
        to_json(&status),
        r#"{"id":4711,"user":"alice","billing_project":"my-project","token":"tok","state":"success","complete":true,"closed":true,"n_jobs":3,"n_completed":3,"n_succeeded":3,"n_failed":0,"n_cancelled":0,"time_created":"2024-05-01T12:34:56.789Z","time_closed":null,"time_completed":"2024-05-01T12:36:02.001Z","duration_ms":65212,"duration":"1 minute 5s","msec_mcpu":0,"cost":0.000412,"cost_breakdown":[{"resource":"service-fee/1","cost":0.000092}],"attributes":{"name":"my-batch"}}"#
    );
    // Running, nothing billed, no attributes: integer 0 cost, null breakdown, no attributes key.
    let mut r = batch_record();
    r.internal_state = InternalState::Running;
    r.time_completed_ms = None;
    r.cost = 0.0;
    r.cost_breakdown = None;
    r.attributes = Attributes::new();
    let status = BatchStatus::from_record(&r);
    let text = to_json(&status);
    assert!(text.ends_with(r#""time_completed":null,"duration_ms":null,"duration":null,"msec_mcpu":0,"cost":0,"cost_breakdown":null}"#), "{text}");
    let back: BatchStatus = serde_json::from_str(&text).expect("round trip");
    assert_eq!(back, status);
    // The client tolerates `attributes: null`.
    let with_null = text.replace(
        "\"cost_breakdown\":null}",
        "\"cost_breakdown\":null,\"attributes\":null}",
    );
    assert_eq!(
        serde_json::from_str::<BatchStatus>(&with_null)
            .expect("ok")
            .attributes,
        None
    );
}

#[test]
fn job_group_status_key_order() {
    let r = JobGroupRecord {
        batch_id: 4711,
        job_group_id: 1,
        complete: false,
        cancelled: false,
        counts: JobCounts {
            n_jobs: 2,
            n_completed: 1,
            n_succeeded: 1,
            n_failed: 0,
            n_cancelled: 0,
        },
        time_created_ms: 1_714_566_897_001,
        time_completed_ms: None,
        cost: 0.00005,
        cost_breakdown: Some(vec![CostBreakdownEntry {
            resource: "compute/n1-preemptible/us-central1/1".into(),
            cost: 0.00005,
        }]),
        attributes: attrs(&[("name", "stage-1")]),
    };
    let g = JobGroupStatus::from_record(&r);
    assert_eq!(
        to_json(&g),
        r#"{"batch_id":4711,"job_group_id":1,"state":"running","complete":false,"n_jobs":2,"n_completed":1,"n_succeeded":1,"n_failed":0,"n_cancelled":0,"time_created":"2024-05-01T12:34:57.001Z","time_completed":null,"duration":null,"cost":0.00005,"cost_breakdown":[{"resource":"compute/n1-preemptible/us-central1/1","cost":0.00005}],"attributes":{"name":"stage-1"}}"#
    );
    let mut done = r.clone();
    done.complete = true;
    done.time_completed_ms = Some(1_714_566_961_500);
    assert_eq!(JobGroupStatus::from_record(&done).duration, Some(64_499));
    let page = JobGroupListPage::from_fetched(vec![g.clone()]);
    assert_eq!(
        to_json(&page),
        format!("{{\"job_groups\":[{}]}}", to_json(&g))
    );
    let many = JobGroupListPage::from_fetched(
        (1..=51)
            .map(|i| JobGroupStatus {
                job_group_id: i,
                ..g.clone()
            })
            .collect(),
    );
    assert_eq!(
        (many.job_groups.len(), many.last_job_group_id),
        (50, Some(50))
    );
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
    ];
    for (status, want) in cases {
        assert_eq!(exit_code(status.as_ref()), want, "{status:?}");
    }
    let codes = container_exit_codes(&with(json!({"main": {"error": "x"}})));
    assert_eq!(to_json(&codes), r#"{"main":null}"#);
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
fn status_document_key_order() {
    let mut timing = Timing::new();
    timing.insert(
        "pulling".into(),
        TimingEntry {
            start_time: 1,
            finish_time: Some(3),
            duration: Some(2),
        },
    );
    timing.insert(
        "running".into(),
        TimingEntry {
            start_time: 3,
            finish_time: None,
            duration: None,
        },
    );
    let mut containers = OrderedMap::new();
    containers.insert(
        "main".into(),
        Some(ContainerStatus {
            name: "batch-1-job-1-main".into(),
            state: "running".into(),
            timing,
            error: None,
            short_error: None,
            container_status: Some(ProcessStatus {
                started_at: Some(3),
                finished_at: None,
                state: "running".into(),
                exit_code: None,
                out_of_memory: false,
            }),
        }),
    );
    let doc = JobStatusDoc {
        version: STATUS_VERSION,
        worker: Some("local".into()),
        batch_id: 1,
        job_id: 1,
        attempt_id: "abcdef".into(),
        job_group_id: 0,
        user: "alice".into(),
        state: "running".into(),
        format_version: FORMAT_VERSION,
        resources: vec![ResourceQuantity {
            name: "service-fee/1".into(),
            quantity: 1000,
        }],
        region: "us-central1".into(),
        error: None,
        start_time: Some(1),
        end_time: None,
        container_statuses: containers,
        timing: Timing::new(),
        jvm: None,
    };
    let text = to_json(&doc);
    assert_eq!(
        text,
        r#"{"version":5,"worker":"local","batch_id":1,"job_id":1,"attempt_id":"abcdef","job_group_id":0,"user":"alice","state":"running","format_version":7,"resources":[{"name":"service-fee/1","quantity":1000}],"region":"us-central1","start_time":1,"end_time":null,"container_statuses":{"main":{"name":"batch-1-job-1-main","state":"running","timing":{"pulling":{"start_time":1,"finish_time":3,"duration":2},"running":{"start_time":3}},"container_status":{"started_at":3,"finished_at":null,"state":"running","out_of_memory":false}}},"timing":{}}"#
    );
    assert_eq!(
        serde_json::from_str::<JobStatusDoc>(&text).expect("round trip"),
        doc
    );
    // The scheduler's document also reads as a status document.
    let sched = scheduler_error_status(1, 2, 0, "Qw12Er", "alice", "e");
    let parsed: JobStatusDoc = serde_json::from_value(sched).expect("tolerant");
    assert_eq!(parsed.container_statuses.get("main"), Some(&None));
}

fn job_record() -> JobRecord {
    JobRecord {
        batch_id: 4711,
        job_id: 1,
        user: "alice".into(),
        billing_project: "my-project".into(),
        state: JobState::Success,
        always_run: false,
        attributes: attrs(&[("name", "hello")]),
        end_time_ms: Some(1_714_566_920_120),
        status: Some(finished_status()),
        cost: 0.0,
        msec_mcpu: 0,
        cost_breakdown: None,
    }
}

#[test]
fn job_documents_key_order() {
    let entry = JobListEntry::from_record(&job_record());
    let entry_json = r#"{"batch_id":4711,"job_id":1,"name":"hello","user":"alice","billing_project":"my-project","state":"Success","exit_code":0,"end_time":"2024-05-01T12:35:20.120Z","duration":15321,"cost":0,"msec_mcpu":0,"cost_breakdown":null,"always_run":false,"display_state":null}"#;
    assert_eq!(to_json(&entry), entry_json);

    let mut pending = job_record();
    pending.state = JobState::Pending;
    pending.status = None;
    pending.end_time_ms = None;
    pending.attributes = Attributes::new();
    let job = Job::from_record(
        &pending,
        Some(json!({"job_id": 1})),
        Some("standard".into()),
    );
    assert_eq!(
        to_json(&job),
        r#"{"batch_id":4711,"job_id":1,"name":null,"user":"alice","billing_project":"my-project","state":"Pending","exit_code":null,"end_time":null,"duration":null,"cost":0,"msec_mcpu":0,"cost_breakdown":null,"always_run":false,"display_state":null,"status":null,"spec":{"job_id":1},"inst_coll":"standard"}"#
    );
    let job = Job::from_record(&job_record(), None, None);
    let text = to_json(&job);
    assert!(
        text.starts_with(&entry_json[..entry_json.len() - 1]),
        "{text}"
    );
    assert!(
        text.ends_with(r#""spec":null,"inst_coll":null,"attributes":{"name":"hello"}}"#),
        "{text}"
    );
    assert_eq!(serde_json::from_str::<Job>(&text).expect("round trip"), job);

    let page = JobListPage::from_fetched(vec![entry.clone()]);
    assert_eq!(to_json(&page), format!("{{\"jobs\":[{entry_json}]}}"));
    let full = JobListPage::from_fetched(
        (1..=50)
            .map(|i| JobListEntry {
                job_id: i,
                ..entry.clone()
            })
            .collect(),
    );
    assert_eq!(full.last_job_id, Some(50));
}

#[test]
fn attempts_presence_rules() {
    let r = AttemptRecord {
        batch_id: 4711,
        job_id: 1,
        attempt_id: "Zq81Lm".into(),
        instance_name: Some("batch-worker-default-standard-a1b2c".into()),
        start_time_ms: Some(1_714_566_900_100),
        end_time_ms: Some(1_714_566_903_000),
        rollup_time: Some(1_714_566_903_000),
        reason: Some("terminated".into()),
    };
    assert_eq!(
        to_json(&Attempt::from_record(&r, 0)),
        r#"{"batch_id":4711,"job_id":1,"attempt_id":"Zq81Lm","instance_name":"batch-worker-default-standard-a1b2c","start_time":"2024-05-01T12:35:00.100Z","rollup_time":1714566903000,"end_time":"2024-05-01T12:35:03.000Z","reason":"terminated","start_time_ms":1714566900100,"end_time_ms":1714566903000,"duration":"2s 900ms","duration_ms":2900}"#
    );
    let running = AttemptRecord {
        end_time_ms: None,
        reason: None,
        rollup_time: None,
        ..r.clone()
    };
    assert_eq!(
        to_json(&Attempt::from_record(&running, 1_714_566_901_100)),
        r#"{"batch_id":4711,"job_id":1,"attempt_id":"Zq81Lm","instance_name":"batch-worker-default-standard-a1b2c","start_time":"2024-05-01T12:35:00.100Z","rollup_time":null,"reason":null,"start_time_ms":1714566900100,"duration":"1s","duration_ms":1000}"#
    );
    let unstarted = AttemptRecord {
        start_time_ms: None,
        end_time_ms: None,
        instance_name: None,
        reason: None,
        rollup_time: None,
        ..r
    };
    let a = Attempt::from_record(&unstarted, 5);
    assert_eq!(
        to_json(&a),
        r#"{"batch_id":4711,"job_id":1,"attempt_id":"Zq81Lm","instance_name":null,"rollup_time":null,"reason":null}"#
    );
    // Clock skew never gives a negative duration.
    let skew = AttemptRecord {
        start_time_ms: Some(10),
        ..unstarted
    };
    assert_eq!(Attempt::from_record(&skew, 5).duration_ms, Some(0));
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
                limit: json!("None"),
            }),
            r#"{"billing_project":"p","limit":"None"}"#,
        ),
        (
            to_json(&BillingSpend {
                billing_project: "p".into(),
                user: "u".into(),
                total_spent: 1.5,
            }),
            r#"{"billing_project":"p","user":"u","total_spent":1.5}"#,
        ),
        (
            to_json(&BillingBreakdownEntry {
                billing_project: "p".into(),
                user: "u".into(),
                resource: "r".into(),
                cost: 0.5,
            }),
            r#"{"billing_project":"p","user":"u","resource":"r","cost":0.5}"#,
        ),
        (
            to_json(&SignedUrlResponse {
                signed_url: "https://x".into(),
                expires_at: "t".into(),
            }),
            r#"{"signed_url":"https://x","expires_at":"t"}"#,
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    let logs: JobLogs = [
        ("main".to_owned(), Some("hello\n".to_owned())),
        ("output".to_owned(), None),
    ]
    .into_iter()
    .collect();
    assert_eq!(to_json(&logs), r#"{"main":"hello\n","output":null}"#);
}

#[test]
fn batch_pages() {
    let status = BatchStatus::from_record(&batch_record());
    let one = BatchListPage::from_fetched(vec![status.clone()]);
    assert!(to_json(&one).ends_with("}]}"), "no cursor on the last page");
    let fetched: Vec<BatchStatus> = (0..51)
        .map(|i| BatchStatus {
            id: 100 - i,
            ..status.clone()
        })
        .collect();
    let page = BatchListPage::from_fetched(fetched);
    assert_eq!((page.batches.len(), page.last_batch_id), (50, Some(51)));
    assert!(to_json(&page).ends_with(r#"],"last_batch_id":51}"#));
    let back: BatchListPage = serde_json::from_str(&to_json(&one)).expect("round trip");
    assert_eq!(back.last_batch_id, None);
}
