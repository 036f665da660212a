//! Store tests: DAG semantics, counters, cancellation, attempts, submission idempotency and
//! errors, visibility, recovery, and index use with 100,000 jobs. Jobs are "run" by a tiny
//! harness that calls `next_ready_jobs` / `start_attempt` / `complete_job` like the scheduler.

use std::collections::HashMap;

use serde_json::json;

use super::*;

const T0: i64 = 1_700_000_000_000;
const ALICE: &str = "alice";
const BOB: &str = "bob";
const PROJECT: &str = "proj";

/// The ids of update 1 of a new batch: its jobs and job groups are numbered from 1.
const FIRST_UPDATE: UpdateIds = UpdateIds {
    update_id: 1,
    start_job_id: 1,
    start_job_group_id: 1,
};

fn store() -> Store {
    Store::open_in_memory().expect("open in-memory store")
}

fn job(id: i64, group: i64, parents: &[i64]) -> NewJob {
    NewJob {
        job_id: id,
        job_group_id: group,
        parent_ids: parents.to_vec(),
        always_run: false,
        n_max_attempts: 20,
        cores_mcpu: 1000,
        attributes: [("name".to_owned(), format!("job-{id}"))]
            .into_iter()
            .collect(),
        spec: json!({"process": {"type": "docker", "command": ["true"]}}).to_string(),
    }
}

fn always(mut j: NewJob) -> NewJob {
    j.always_run = true;
    j
}

fn group(id: i64, parent: i64) -> NewJobGroup {
    NewJobGroup {
        job_group_id: id,
        parent_id: parent,
        ..NewJobGroup::default()
    }
}

fn new_batch(token: &str) -> NewBatch {
    NewBatch {
        token: token.to_owned(),
        billing_project: PROJECT.to_owned(),
        ..NewBatch::default()
    }
}

fn upd(token: &str, n_jobs: usize, n_groups: usize) -> NewUpdate {
    NewUpdate {
        token: token.to_owned(),
        n_jobs: n_jobs as i64,
        n_job_groups: n_groups as i64,
    }
}

/// Creates a batch with one fast-path bunch (ids given absolute, as update 1 starts at 1).
fn submit(s: &Store, token: &str, groups: Vec<NewJobGroup>, jobs: Vec<NewJob>) -> i64 {
    submit_with(s, new_batch(token), groups, jobs)
}

fn submit_with(s: &Store, b: NewBatch, groups: Vec<NewJobGroup>, jobs: Vec<NewJob>) -> i64 {
    let u = upd(&b.token, jobs.len(), groups.len());
    s.create_fast(ALICE, &b, &u, T0, |_, _| Ok((groups, jobs)))
        .expect("create_fast")
        .batch_id
}

/// Adds an update with absolute ids computed from `start_job_id` by the closure.
fn update(
    s: &Store,
    batch_id: i64,
    token: &str,
    n: usize,
    make: impl FnOnce(&UpdateIds) -> Vec<NewJob>,
) -> Committed {
    s.update_fast(ALICE, batch_id, &upd(token, n, 0), T0, |_, ids| {
        Ok((Vec::new(), make(ids)))
    })
    .expect("update_fast")
}

/// The scheduler stand-in.
struct Harness<'a> {
    s: &'a Store,
    now: i64,
    n_attempts: u64,
    /// Order in which jobs were started.
    started: Vec<(i64, i64)>,
    /// Batches whose completion was reported (callbacks).
    completed_batches: Vec<i64>,
    completed_groups: Vec<(i64, i64)>,
}

impl<'a> Harness<'a> {
    fn new(s: &'a Store) -> Self {
        Harness {
            s,
            now: T0,
            n_attempts: 0,
            started: Vec::new(),
            completed_batches: Vec::new(),
            completed_groups: Vec::new(),
        }
    }

    fn note(&mut self, c: Completion) {
        self.completed_batches
            .extend(c.batches_completed.iter().map(|b| b.batch.id));
        self.completed_groups.extend(
            c.job_groups_completed
                .iter()
                .map(|g| (g.batch_id, g.job_group_id)),
        );
        for u in c.to_unschedule {
            let c = self
                .s
                .unschedule_job(u.batch_id, u.job_id, &u.attempt_id, self.now)
                .expect("unschedule");
            self.note(c);
        }
    }

    /// Starts every schedulable job; returns their (batch, job, attempt).
    fn start_all(&mut self) -> Vec<(i64, i64, String)> {
        let mut out = Vec::new();
        for r in self
            .s
            .next_ready_jobs(1_000_000, 1000)
            .expect("next_ready_jobs")
        {
            self.n_attempts += 1;
            self.now += 1;
            let a = format!("a{:05}", self.n_attempts);
            if self
                .s
                .start_attempt(r.batch_id, r.job_id, &a, "local-1", self.now)
                .expect("start")
            {
                self.started.push((r.batch_id, r.job_id));
                out.push((r.batch_id, r.job_id, a));
            }
        }
        out
    }

    fn finish(&mut self, b: i64, j: i64, a: &str, state: JobState) -> Completion {
        self.now += 1;
        let result = JobResult {
            state,
            exit_code: Some(if state == JobState::Success { 0 } else { 1 }),
            status_json: Some(json!({"start_time": self.now - 1, "end_time": self.now})),
            start_ms: None,
            end_ms: None,
            reason: None,
        };
        let c = self
            .s
            .complete_job(b, j, a, &result, self.now)
            .expect("complete_job");
        self.note(c.clone());
        c
    }

    /// Runs everything to quiescence; `outcome` decides each job's terminal state.
    fn run(&mut self, outcome: impl Fn(i64, i64) -> JobState) {
        loop {
            let started = self.start_all();
            if started.is_empty() {
                break;
            }
            for (b, j, a) in started {
                self.finish(b, j, &a, outcome(b, j));
            }
        }
    }
}

fn ok(_: i64, _: i64) -> JobState {
    JobState::Success
}

fn state_of(s: &Store, b: i64, j: i64) -> JobState {
    s.get_job(ALICE, b, j).expect("get_job").job.state
}

fn states(s: &Store, b: i64) -> HashMap<i64, JobState> {
    let (jobs, _) = s
        .list_jobs(ALICE, b, 0, true, &SqlFilter::all(), None)
        .expect("list_jobs");
    jobs.into_iter().map(|j| (j.job_id, j.state)).collect()
}

fn counters(b: &BatchRow) -> (i64, i64, i64, i64, i64) {
    (
        b.counts.n_jobs,
        b.counts.n_completed,
        b.counts.n_succeeded,
        b.counts.n_failed,
        b.counts.n_cancelled,
    )
}

fn gcounters(g: &JobGroupRow) -> (i64, i64, i64, i64, i64) {
    (
        g.counts.n_jobs,
        g.counts.n_completed,
        g.counts.n_succeeded,
        g.counts.n_failed,
        g.counts.n_cancelled,
    )
}

// ---------------------------------------------------------------------------------------------
// DAG semantics
// ---------------------------------------------------------------------------------------------

#[test]
fn success_chain_runs_in_order_and_completes() {
    let s = store();
    let b = submit(
        &s,
        "t",
        vec![],
        vec![job(1, 0, &[]), job(2, 0, &[1]), job(3, 0, &[2])],
    );
    let batch = s.get_batch(ALICE, b).expect("get");
    assert_eq!(batch.reported_state().as_str(), "running");
    assert!(!batch.complete());
    assert_eq!(state_of(&s, b, 2), JobState::Pending);
    let mut h = Harness::new(&s);
    h.run(ok);
    assert_eq!(h.started, vec![(b, 1), (b, 2), (b, 3)]);
    let batch = s.get_batch(ALICE, b).expect("get");
    assert_eq!(counters(&batch), (3, 3, 3, 0, 0));
    assert!(batch.complete());
    assert_eq!(batch.reported_state().as_str(), "success");
    assert!(batch.time_completed.is_some());
    assert_eq!(
        h.completed_batches,
        vec![b],
        "callback reported exactly once"
    );
    let j = s.get_job(ALICE, b, 3).expect("job");
    assert_eq!(j.job.exit_code, Some(0));
    assert_eq!(j.job.duration_ms, Some(1));
    assert!(j.job.end_time.is_some());
    assert_eq!(j.attributes.get("name").map(String::as_str), Some("job-3"));
    let attempts = s.attempts(ALICE, b, 3).expect("attempts").expect("some");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].reason.as_deref(), Some("completed"));
}

#[test]
fn failed_parent_cancels_child_only_after_all_parents_finish() {
    let s = store();
    // 3 depends on 1 (fails) and 2 (still running when 1 fails).
    let b = submit(
        &s,
        "t",
        vec![],
        vec![job(1, 0, &[]), job(2, 0, &[]), job(3, 0, &[1, 2])],
    );
    let mut h = Harness::new(&s);
    let started = h.start_all();
    assert_eq!(started.len(), 2);
    h.finish(b, 1, &started[0].2, JobState::Failed);
    // No early cancellation: 3 waits for 2 (§4.2).
    assert_eq!(state_of(&s, b, 3), JobState::Pending);
    assert_eq!(
        s.get_batch(ALICE, b)
            .expect("get")
            .reported_state()
            .as_str(),
        "failure"
    );
    h.finish(b, 2, &started[1].2, JobState::Success);
    assert_eq!(state_of(&s, b, 3), JobState::Cancelled);
    let j3 = s.get_job(ALICE, b, 3).expect("job");
    assert!(j3.status.is_none(), "never ran: no status");
    assert!(s.attempts(ALICE, b, 3).expect("attempts").is_none());
    let batch = s.get_batch(ALICE, b).expect("get");
    assert_eq!(counters(&batch), (3, 3, 1, 1, 1));
    assert!(batch.complete());
    assert_eq!(batch.reported_state().as_str(), "failure");
    // Cancellation cascades down the DAG.
    let s2 = store();
    let b2 = submit(
        &s2,
        "t2",
        vec![],
        vec![job(1, 0, &[]), job(2, 0, &[1]), job(3, 0, &[2])],
    );
    Harness::new(&s2).run(|_, _| JobState::Error);
    let st = states(&s2, b2);
    assert_eq!(st[&1], JobState::Error);
    assert_eq!(st[&2], JobState::Cancelled);
    assert_eq!(st[&3], JobState::Cancelled);
}

#[test]
fn always_run_child_runs_after_failure() {
    let s = store();
    let b = submit(
        &s,
        "t",
        vec![],
        vec![job(1, 0, &[]), always(job(2, 0, &[1])), job(3, 0, &[2])],
    );
    let mut h = Harness::new(&s);
    h.run(|_, j| {
        if j == 1 {
            JobState::Failed
        } else {
            JobState::Success
        }
    });
    let st = states(&s, b);
    assert_eq!(st[&1], JobState::Failed);
    assert_eq!(st[&2], JobState::Success, "always_run runs regardless");
    // A non-always_run child of a successful always_run job whose own parent chain failed:
    // 3's only parent (2) succeeded, so it runs.
    assert_eq!(st[&3], JobState::Success);
}

#[test]
fn always_run_child_runs_after_batch_cancel() {
    let s = store();
    let b = submit(
        &s,
        "t",
        vec![],
        vec![
            job(1, 0, &[]),
            always(job(2, 0, &[1])),
            job(3, 0, &[1]),
            job(4, 0, &[]),
        ],
    );
    let mut h = Harness::new(&s);
    // Start only job 1 and 4 (both Ready), then cancel the batch while they run.
    let started = h.start_all();
    assert_eq!(started.len(), 2);
    let c = s
        .cancel_job_group(BOB, b, 0, T0)
        .expect_err("bob is not a member");
    assert_eq!(c.status(), 404);
    let c = s.cancel_job_group(ALICE, b, 0, T0 + 5).expect("cancel");
    let mut to_kill: Vec<i64> = c.to_unschedule.iter().map(|u| u.job_id).collect();
    to_kill.sort();
    assert_eq!(to_kill, vec![1, 4]);
    assert_eq!(s.jobs_to_unschedule().expect("to unschedule").len(), 2);
    // Job 4 finishes on its own before being killed (a race the reference tolerates)...
    h.finish(b, 4, &started[1].2, JobState::Success);
    // ...and job 1 is killed.
    let c = s
        .unschedule_job(b, 1, &started[0].2, T0 + 6)
        .expect("unschedule");
    assert!(c.accepted);
    assert!(s.jobs_to_unschedule().expect("to unschedule").is_empty());
    let att = s.attempts(ALICE, b, 1).expect("attempts").expect("one");
    assert_eq!(att[0].reason.as_deref(), Some("cancelled"));
    // A late completion report of the killed attempt is ignored.
    let late = h.finish(b, 1, &started[0].2, JobState::Success);
    assert!(!late.accepted);
    h.run(ok);
    let st = states(&s, b);
    assert_eq!(st[&1], JobState::Cancelled);
    assert_eq!(
        st[&2],
        JobState::Success,
        "always_run survives batch cancel"
    );
    assert_eq!(st[&3], JobState::Cancelled);
    assert_eq!(st[&4], JobState::Success);
    let batch = s.get_batch(ALICE, b).expect("get");
    assert!(batch.cancelled);
    assert_eq!(batch.reported_state().as_str(), "cancelled");
    assert!(batch.complete());
    // Cancelled batches refuse updates.
    let e = s
        .create_update(ALICE, b, &upd("u2", 1, 0), T0)
        .expect_err("cancelled");
    assert_eq!(
        e.to_string(),
        "Cannot submit new jobs or job groups to a cancelled batch"
    );
    assert_eq!(e.status(), 400);
    // Cancel is idempotent.
    assert!(!s.cancel_job_group(ALICE, b, 0, T0).expect("again").accepted);
}

#[test]
fn job_group_cancel_affects_only_its_subtree() {
    let s = store();
    // root ─ g1 ─ g2 ; root ─ g3
    let b = submit(
        &s,
        "t",
        vec![group(1, 0), group(2, 1), group(3, 0)],
        vec![
            job(1, 1, &[]),
            job(2, 2, &[]),
            job(3, 3, &[]),
            job(4, 0, &[]),
            job(5, 3, &[2]),
        ],
    );
    let c = s.cancel_job_group(ALICE, b, 1, T0).expect("cancel g1");
    assert!(c.accepted);
    assert!(c.to_unschedule.is_empty());
    let mut h = Harness::new(&s);
    h.run(ok);
    let st = states(&s, b);
    assert_eq!(st[&1], JobState::Cancelled);
    assert_eq!(
        st[&2],
        JobState::Cancelled,
        "descendant group inherits cancellation"
    );
    assert_eq!(st[&3], JobState::Success, "sibling unaffected");
    assert_eq!(st[&4], JobState::Success, "root unaffected");
    assert_eq!(
        st[&5],
        JobState::Cancelled,
        "dependency on a cancelled job cancels"
    );
    let g1 = s.get_job_group(ALICE, b, 1).expect("g1");
    let g2 = s.get_job_group(ALICE, b, 2).expect("g2");
    let g3 = s.get_job_group(ALICE, b, 3).expect("g3");
    assert!(g1.cancelled && g1.effectively_cancelled);
    assert!(!g2.cancelled && g2.effectively_cancelled);
    assert_eq!(g2.reported_state().as_str(), "cancelled");
    assert!(!g3.effectively_cancelled);
    assert_eq!(
        g3.reported_state().as_str(),
        "cancelled",
        "its job 5 was cancelled"
    );
    let batch = s.get_batch(ALICE, b).expect("batch");
    assert!(!batch.cancelled, "the batch itself is not marked");
    assert_eq!(batch.reported_state().as_str(), "cancelled");
    // New jobs into the cancelled subtree are refused; elsewhere fine; child groups too.
    let e = s
        .update_fast(ALICE, b, &upd("u2", 1, 0), T0, |_, ids| {
            Ok((vec![], vec![job(ids.job_id(1), 2, &[])]))
        })
        .expect_err("cancelled group");
    assert_eq!(
        e.to_string(),
        format!("bunch contains job where the job group has already been cancelled (({b}, 6))")
    );
    let e = s
        .update_fast(ALICE, b, &upd("u3", 0, 1), T0, |_, ids| {
            Ok((vec![group(ids.job_group_id(1), 1)], vec![]))
        })
        .expect_err("cancelled parent group");
    assert_eq!(
        e.to_string(),
        format!(
            "error while inserting job group 1 into batch {b}: job group parent has already been cancelled"
        )
    );
    update(&s, b, "u4", 1, |ids| vec![job(ids.job_id(1), 3, &[])]);
    // Cancelling a missing or uncommitted group: 403.
    let e = s.cancel_job_group(ALICE, b, 99, T0).expect_err("missing");
    assert_eq!(e.status(), 403);
    assert_eq!(
        e.to_string(),
        format!("Job Group ({b}, 99) does not exist.")
    );
}

#[test]
fn cancel_after_n_failures_cancels_the_group_only() {
    let s = store();
    let mut g1 = group(1, 0);
    g1.cancel_after_n_failures = Some(1);
    let b = submit(
        &s,
        "t",
        vec![g1],
        vec![
            job(1, 1, &[]),
            job(2, 1, &[1]),
            job(3, 1, &[]),
            job(4, 0, &[]),
        ],
    );
    let mut h = Harness::new(&s);
    let started = h.start_all();
    assert_eq!(
        started.iter().map(|s| s.1).collect::<Vec<_>>(),
        vec![1, 3, 4]
    );
    let c = h.finish(b, 1, &started[0].2, JobState::Failed);
    // Job 3 was running in the group: it is unscheduled (the harness kills it).
    assert!(c.to_unschedule.iter().any(|u| u.job_id == 3));
    h.finish(b, 4, &started[2].2, JobState::Success);
    h.run(ok);
    let st = states(&s, b);
    assert_eq!(st[&2], JobState::Cancelled);
    assert_eq!(st[&3], JobState::Cancelled);
    assert_eq!(st[&4], JobState::Success, "higher-up jobs untouched");
    let g = s.get_job_group(ALICE, b, 1).expect("group");
    assert!(g.cancelled);
    assert_eq!(g.reported_state().as_str(), "failure");
    assert!(!s.get_batch(ALICE, b).expect("batch").cancelled);
    // Batch-level threshold via the sweep (idempotent, nothing left to do here).
    assert!(!s.apply_cancel_after_n_failures(T0).expect("sweep").accepted);
    // Batch level: the root carries the threshold.
    let mut nb = new_batch("t2");
    nb.cancel_after_n_failures = Some(2);
    let b2 = submit_with(&s, nb, vec![], (1..=5).map(|i| job(i, 0, &[])).collect());
    let mut h = Harness::new(&s);
    let started = h.start_all();
    h.finish(b2, 1, &started[0].2, JobState::Failed);
    assert!(!s.get_batch(ALICE, b2).expect("b2").cancelled);
    h.finish(b2, 2, &started[1].2, JobState::Error);
    let batch = s.get_batch(ALICE, b2).expect("b2");
    assert!(batch.cancelled);
    assert_eq!(batch.reported_state().as_str(), "failure");
    assert!(batch.complete(), "the other running jobs were killed");
    assert_eq!(counters(&batch), (5, 5, 0, 2, 3));
}

#[test]
fn n_max_attempts_exhaustion_errors_the_job() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("batch.db");
    let b;
    {
        let s = Store::open(&path).expect("open");
        let mut j = job(1, 0, &[]);
        j.n_max_attempts = 2;
        b = submit(&s, "t", vec![], vec![j]);
        let mut h = Harness::new(&s);
        assert_eq!(h.start_all().len(), 1);
        // Infrastructure loss: retried.
        let c = s
            .requeue_job(b, 1, "a00001", "preempted", T0 + 10)
            .expect("requeue");
        assert!(c.accepted);
        assert_eq!(state_of(&s, b, 1), JobState::Ready);
        let r = s.next_ready_jobs(10_000, 10).expect("ready");
        assert_eq!(r[0].attempt_number, 2);
        assert_eq!(h.start_all().len(), 1);
    }
    // The service dies with attempt 2 running; on restart attempts are exhausted.
    let s = Store::open(&path).expect("reopen");
    let rec = s.recover_after_restart(T0 + 100).expect("recover");
    assert_eq!(rec.jobs.len(), 1);
    assert_eq!(rec.jobs[0].new_state, JobState::Error);
    assert_eq!(rec.completion.batches_completed.len(), 1);
    let j = s.get_job(ALICE, b, 1).expect("job");
    assert_eq!(j.job.state, JobState::Error);
    let status = j.status.expect("status");
    assert_eq!(status["error"], json!("job has too many prior attempts"));
    assert_eq!(status["worker"], json!(null));
    assert_eq!(
        status["container_statuses"],
        json!({"input": null, "main": null, "output": null})
    );
    let att = s.attempts(ALICE, b, 1).expect("attempts").expect("some");
    let reasons: Vec<_> = att
        .iter()
        .map(|a| a.reason.clone().unwrap_or_default())
        .collect();
    assert_eq!(reasons, vec!["preempted", "terminated", "error"]);
    assert_eq!(att[2].attempt_id.len(), 6);
    assert!(att[2].instance_name.is_none() && att[2].start_time.is_none());
    let batch = s.get_batch(ALICE, b).expect("batch");
    assert_eq!(batch.reported_state().as_str(), "failure");
    assert!(batch.complete());
}

#[test]
fn recover_after_restart_requeues_running_jobs_on_a_file_db() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub").join("batch.db");
    let b;
    {
        let s = Store::open(&path).expect("open");
        b = submit(&s, "t", vec![], vec![job(1, 0, &[]), job(2, 0, &[1])]);
        let mut h = Harness::new(&s);
        assert_eq!(h.start_all().len(), 1);
        assert_eq!(state_of(&s, b, 1), JobState::Running);
    }
    let s = Store::open(&path).expect("reopen");
    let rec = s.recover_after_restart(T0 + 100).expect("recover");
    assert_eq!(rec.jobs.len(), 1);
    assert_eq!(rec.jobs[0].new_state, JobState::Ready);
    assert_eq!(rec.jobs[0].attempt_id.as_deref(), Some("a00001"));
    let att = s.attempts(ALICE, b, 1).expect("attempts").expect("one");
    assert_eq!(att[0].reason.as_deref(), Some("terminated"));
    assert_eq!(att[0].end_time, Some(T0 + 100));
    let mut h = Harness::new(&s);
    h.n_attempts = 100;
    h.run(ok);
    assert!(s.get_batch(ALICE, b).expect("batch").complete());
    assert_eq!(s.attempts(ALICE, b, 1).expect("a").expect("two").len(), 2);
    // Nothing more to recover.
    assert!(
        s.recover_after_restart(T0 + 200)
            .expect("again")
            .jobs
            .is_empty()
    );
}

#[test]
fn counters_and_complete_over_nested_groups() {
    let s = store();
    let mut inner = group(2, 1);
    inner.callback = Some("http://cb/inner".to_owned());
    let b = submit(
        &s,
        "t",
        vec![group(1, 0), inner, group(3, 0)],
        vec![
            job(1, 0, &[]),
            job(2, 1, &[]),
            job(3, 2, &[]),
            job(4, 2, &[3]),
            job(5, 3, &[]),
        ],
    );
    let root = s.get_job_group(ALICE, b, 0).expect("root");
    assert_eq!(gcounters(&root), (5, 0, 0, 0, 0));
    assert_eq!(
        gcounters(&s.get_job_group(ALICE, b, 1).expect("g1")),
        (3, 0, 0, 0, 0)
    );
    assert_eq!(
        gcounters(&s.get_job_group(ALICE, b, 2).expect("g2")),
        (2, 0, 0, 0, 0)
    );
    let mut h = Harness::new(&s);
    let first = h.start_all();
    assert_eq!(first.len(), 4); // 1, 2, 3, 5
    for (bb, j, a) in &first {
        let st = if *j == 3 {
            JobState::Failed
        } else {
            JobState::Success
        };
        h.finish(*bb, *j, a, st);
    }
    // g2 completes when 4 (cancelled because 3 failed) completes; then g1.
    assert_eq!(state_of(&s, b, 4), JobState::Cancelled);
    let g1 = s.get_job_group(ALICE, b, 1).expect("g1");
    let g2 = s.get_job_group(ALICE, b, 2).expect("g2");
    let g3 = s.get_job_group(ALICE, b, 3).expect("g3");
    assert_eq!(gcounters(&g2), (2, 2, 0, 1, 1));
    assert_eq!(gcounters(&g1), (3, 3, 1, 1, 1));
    assert_eq!(gcounters(&g3), (1, 1, 1, 0, 0));
    assert!(g1.complete() && g2.complete() && g3.complete());
    assert_eq!(g2.reported_state().as_str(), "failure");
    assert_eq!(g3.reported_state().as_str(), "success");
    assert!(g2.duration_ms().is_some());
    let batch = s.get_batch(ALICE, b).expect("batch");
    assert_eq!(counters(&batch), (5, 5, 3, 1, 1));
    assert!(batch.complete());
    // Completed groups were reported innermost first, each once.
    let pos = |g| {
        h.completed_groups
            .iter()
            .position(|x| *x == (b, g))
            .expect("reported")
    };
    assert!(pos(2) < pos(1));
    assert_eq!(h.completed_groups.len(), 3);
    // Child listing.
    let (children, next) = s
        .list_child_job_groups(ALICE, b, 0, None)
        .expect("children");
    assert_eq!(
        children.iter().map(|g| g.job_group_id).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert!(next.is_none());
    let (children, _) = s
        .list_child_job_groups(ALICE, b, 1, None)
        .expect("children of 1");
    assert_eq!(
        children.iter().map(|g| g.job_group_id).collect::<Vec<_>>(),
        vec![2]
    );
    // Recursive vs non-recursive job listings.
    let ids = |g, rec| {
        s.list_jobs(ALICE, b, g, rec, &SqlFilter::all(), None)
            .expect("list")
            .0
            .iter()
            .map(|j| j.job_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(0, false), vec![1]);
    assert_eq!(ids(0, true), vec![1, 2, 3, 4, 5]);
    assert_eq!(ids(1, true), vec![2, 3, 4]);
    assert_eq!(ids(1, false), vec![2]);
}

#[test]
fn later_update_depending_on_failed_job_is_cancelled() {
    let s = store();
    let b = submit(&s, "t", vec![], vec![job(1, 0, &[]), job(2, 0, &[])]);
    Harness::new(&s).run(|_, j| {
        if j == 1 {
            JobState::Failed
        } else {
            JobState::Success
        }
    });
    let batch = s.get_batch(ALICE, b).expect("batch");
    assert!(batch.complete());
    // Update 2: 3 depends on failed 1, 4 on successful 2, 5 (always_run) on failed 1,
    // 6 on 3 within the update.
    let c = update(&s, b, "u2", 4, |ids| {
        assert_eq!(ids.start_job_id, 3);
        vec![
            job(3, 0, &[1]),
            job(4, 0, &[2]),
            always(job(5, 0, &[1])),
            job(6, 0, &[3]),
        ]
    });
    assert_eq!(c.update.map(|u| u.update_id), Some(2));
    assert_eq!(
        state_of(&s, b, 3),
        JobState::Cancelled,
        "cancelled at commit"
    );
    assert_eq!(
        state_of(&s, b, 6),
        JobState::Cancelled,
        "cascade inside the update"
    );
    assert_eq!(state_of(&s, b, 4), JobState::Ready);
    assert_eq!(state_of(&s, b, 5), JobState::Ready);
    let batch = s.get_batch(ALICE, b).expect("batch");
    assert!(!batch.complete());
    assert!(batch.time_completed.is_none());
    Harness::new(&s).run(ok);
    let st = states(&s, b);
    assert_eq!(st[&4], JobState::Success);
    assert_eq!(st[&5], JobState::Success);
    let batch = s.get_batch(ALICE, b).expect("batch");
    assert_eq!(counters(&batch), (6, 6, 3, 1, 2));
    assert_eq!(
        batch.reported_state().as_str(),
        "failure",
        "failure is forever"
    );
    // An update whose jobs are all cancelled at commit completes the batch at once.
    let c = update(&s, b, "u3", 1, |ids| vec![job(ids.job_id(1), 0, &[1])]);
    assert_eq!(c.completion.batches_completed.len(), 1);
    // An update with only a job group keeps the batch complete.
    let c = s
        .update_fast(ALICE, b, &upd("u4", 0, 1), T0, |_, ids| {
            Ok((vec![group(ids.job_group_id(1), 0)], vec![]))
        })
        .expect("groups only");
    assert!(c.completion.batches_completed.is_empty());
    assert!(s.get_batch(ALICE, b).expect("batch").complete());
    assert!(s.get_job_group(ALICE, b, 1).expect("group").complete());
}

// ---------------------------------------------------------------------------------------------
// Submission protocol
// ---------------------------------------------------------------------------------------------

#[test]
fn submission_is_idempotent() {
    let s = store();
    let (b, created) = s
        .create_batch(ALICE, &new_batch("tok"), T0)
        .expect("create");
    assert!(created);
    assert_eq!(
        s.create_batch(ALICE, &new_batch("tok"), T0).expect("again"),
        (b, false)
    );
    let batch = s.get_batch(ALICE, b).expect("empty batch");
    assert!(batch.complete());
    assert_eq!(batch.reported_state().as_str(), "success");
    assert_eq!(batch.time_completed, Some(batch.time_created));
    // Slow path: update 1 with the batch token, 1 group + 3 jobs in two bunches.
    let ids = s
        .create_update(ALICE, b, &upd("tok", 3, 1), T0)
        .expect("update");
    assert_eq!(ids, FIRST_UPDATE);
    assert_eq!(
        s.create_update(ALICE, b, &upd("tok", 3, 1), T0)
            .expect("again"),
        ids
    );
    assert_eq!(s.get_update(ALICE, b, 1).expect("get update").ids, ids);
    s.insert_job_groups(ALICE, b, 1, &[group(1, 0)])
        .expect("groups");
    s.insert_job_groups(ALICE, b, 1, &[group(1, 0)])
        .expect("groups retry");
    let bunch2 = [job(3, 1, &[1, 2])];
    s.insert_jobs(ALICE, b, 1, &bunch2).expect("bunch 2 first");
    s.insert_jobs(ALICE, b, 1, &[job(1, 0, &[]), job(2, 1, &[1])])
        .expect("bunch 1");
    s.insert_jobs(ALICE, b, 1, &bunch2).expect("bunch 2 retry");
    // Invisible until committed.
    assert_eq!(
        s.get_job(ALICE, b, 1).expect_err("uncommitted").status(),
        404
    );
    assert_eq!(
        s.get_job_group(ALICE, b, 1)
            .expect_err("uncommitted")
            .status(),
        404
    );
    assert_eq!(s.get_batch(ALICE, b).expect("batch").counts.n_jobs, 0);
    let c = s.commit_update(ALICE, b, 1, T0).expect("commit");
    assert_eq!((c.start_job_id(), c.start_job_group_id()), (1, 1));
    let c2 = s.commit_update(ALICE, b, 1, T0).expect("commit again");
    assert_eq!(c2.update, c.update);
    assert!(!c2.completion.accepted);
    assert_eq!(s.get_batch(ALICE, b).expect("batch").counts.n_jobs, 3);
    let e = s.insert_jobs(ALICE, b, 1, &bunch2).expect_err("committed");
    assert_eq!(e.to_string(), "update 1 is already committed");
    // Fast paths return the original ids on a repeat, without translating again.
    let nb = new_batch("fast");
    let u = upd("fast", 2, 0);
    let first = s
        .create_fast(ALICE, &nb, &u, T0, |_, _| {
            Ok((vec![], vec![job(1, 0, &[]), job(2, 0, &[1])]))
        })
        .expect("create_fast");
    let again = s
        .create_fast(ALICE, &nb, &u, T0, |_, _| {
            panic!("must not translate a committed update")
        })
        .expect("create_fast again");
    assert_eq!(first.batch_id, again.batch_id);
    assert_eq!(first.update, again.update);
    let fb = first.batch_id;
    let u2 = upd("fast-u2", 1, 0);
    let a = s
        .update_fast(ALICE, fb, &u2, T0, |_, ids| {
            Ok((vec![], vec![job(ids.job_id(1), 0, &[])]))
        })
        .expect("uf");
    let a2 = s
        .update_fast(ALICE, fb, &u2, T0, |_, _| panic!("no"))
        .expect("uf again");
    assert_eq!(a.update, a2.update);
    assert_eq!(a.start_job_id(), 3);
    assert_eq!(s.get_batch(ALICE, fb).expect("batch").counts.n_jobs, 3);
    // An abandoned update leaves a permanent gap in the ids.
    let gap = s
        .create_update(ALICE, fb, &upd("abandoned", 10, 2), T0)
        .expect("reserve");
    assert_eq!(
        (gap.update_id, gap.start_job_id, gap.start_job_group_id),
        (3, 4, 1)
    );
    let next = s
        .create_update(ALICE, fb, &upd("next", 1, 1), T0)
        .expect("next");
    assert_eq!(
        (next.update_id, next.start_job_id, next.start_job_group_id),
        (4, 14, 3)
    );
    // A failed fast path leaves nothing behind (one transaction).
    let bad = s.create_fast(ALICE, &new_batch("bad"), &upd("bad", 1, 0), T0, |_, _| {
        Ok((vec![], vec![job(5, 0, &[])]))
    });
    assert_eq!(bad.expect_err("out of range").status(), 400);
    let (list, _) = s
        .list_batches(ALICE, &SqlFilter::all(), None)
        .expect("list");
    assert!(list.iter().all(|b| b.token != "bad"));
}

#[test]
fn submission_errors_use_hails_messages() {
    let s = store();
    let (b, _) = s.create_batch(ALICE, &new_batch("t"), T0).expect("create");
    s.create_update(ALICE, b, &upd("t", 2, 2), T0)
        .expect("update");
    let msg = |r: Result<()>| r.expect_err("must fail").to_string();
    assert_eq!(
        msg(s.insert_jobs(ALICE, b, 1, &[job(2, 0, &[]), job(3, 0, &[])])),
        "job ids [2, 3] are out of range [1, 2] allocated by update 1"
    );
    assert_eq!(
        msg(s.insert_job_groups(ALICE, b, 1, &[group(2, 0), group(3, 0)])),
        "job group ids [2, 3] are out of range [1, 2] allocated by update 1"
    );
    assert_eq!(
        msg(s.insert_job_groups(ALICE, b, 1, &[group(1, 7)])),
        format!(
            "error while inserting job group 1 into batch {b}: job group parent 7 does not exist"
        )
    );
    assert_eq!(
        msg(s.insert_jobs(ALICE, b, 1, &[job(1, 0, &[]), job(2, 0, &[1, 1])])),
        format!("bunch contains job with duplicated parents ([({b}, 2, 1)])")
    );
    assert!(msg(s.insert_jobs(ALICE, b, 1, &[job(1, 0, &[2])])).contains("parent"));
    assert!(msg(s.insert_jobs(ALICE, b, 1, &[job(1, 0, &[1])])).contains("parent"));
    // Hostile ids never panic (saturating arithmetic) and are 400s.
    let huge = UpdateIds {
        update_id: 1,
        start_job_id: 1,
        start_job_group_id: 1,
    };
    assert!(huge.job_id(i64::MAX) > 0 && huge.job_group_id(i64::MIN) < 0);
    for id in [i64::MIN, i64::MAX] {
        assert_eq!(
            s.insert_jobs(ALICE, b, 1, &[job(id, 0, &[])])
                .expect_err("id")
                .status(),
            400
        );
        let e = s
            .insert_job_groups(ALICE, b, 1, &[group(id, 0)])
            .expect_err("group id");
        assert_eq!(e.status(), 400);
    }
    let e = s
        .create_update(ALICE, b, &upd("huge", 0, 0), T0)
        .map(|_| ());
    assert!(e.is_ok(), "an empty update is allowed");
    let mut big = upd("huge2", 0, 0);
    big.n_jobs = i64::MAX;
    assert_eq!(
        s.create_update(ALICE, b, &big, T0)
            .expect_err("too many")
            .status(),
        400
    );
    s.insert_job_groups(ALICE, b, 1, &[group(1, 0)])
        .expect("g1");
    assert_eq!(
        msg(s.insert_job_groups(ALICE, b, 1, &[group(1, 0), group(2, 1)])),
        "1 of 2 job groups in this request already exist in update 1"
    );
    assert_eq!(
        s.commit_update(ALICE, b, 1, T0)
            .expect_err("groups")
            .to_string(),
        "wrong number of job groups: expected 2, actual 1"
    );
    s.insert_job_groups(ALICE, b, 1, &[group(2, 1)])
        .expect("g2");
    assert_eq!(
        s.commit_update(ALICE, b, 1, T0)
            .expect_err("jobs")
            .to_string(),
        "wrong number of jobs: expected 2, actual 0"
    );
    s.insert_jobs(ALICE, b, 1, &[job(1, 2, &[]), job(2, 1, &[1])])
        .expect("jobs");
    s.commit_update(ALICE, b, 1, T0).expect("commit");
    // Nesting: root → 1 → 2 is the maximum.
    let e = s
        .update_fast(ALICE, b, &upd("deep", 0, 1), T0, |_, ids| {
            Ok((vec![group(ids.job_group_id(1), 2)], vec![]))
        })
        .expect_err("too deep");
    assert_eq!(
        e.to_string(),
        format!(
            "error while inserting job group 1 into batch {b}: job group exceeded the maximum level of nesting"
        )
    );
    // Parents in an uncommitted other update are refused.
    let u = s
        .create_update(ALICE, b, &upd("u-a", 1, 0), T0)
        .expect("u-a");
    s.insert_jobs(ALICE, b, u.update_id, &[job(u.job_id(1), 0, &[])])
        .expect("insert");
    let v = s
        .create_update(ALICE, b, &upd("u-b", 1, 0), T0)
        .expect("u-b");
    assert!(
        msg(s.insert_jobs(
            ALICE,
            b,
            v.update_id,
            &[job(v.job_id(1), 0, &[u.job_id(1)])]
        ))
        .contains("parent")
    );
    // Only the creator may extend the batch (404 for others).
    s.add_billing_project_user(PROJECT, BOB).expect("add bob");
    assert_eq!(
        s.create_update(BOB, b, &upd("x", 1, 0), T0)
            .expect_err("bob")
            .status(),
        404
    );
    assert_eq!(
        s.commit_update(BOB, b, 1, T0).expect_err("bob").status(),
        404
    );
    // Cancelled batches refuse commits too.
    s.cancel_job_group(BOB, b, 0, T0)
        .expect("members may cancel");
    assert_eq!(
        s.commit_update(ALICE, b, u.update_id, T0)
            .expect_err("cancelled")
            .to_string(),
        "Cannot commit an update to a cancelled batch"
    );
    // A retried update creation is answered before the cancellation check.
    assert_eq!(
        s.create_update(ALICE, b, &upd("u-a", 1, 0), T0)
            .expect("retry"),
        u
    );
}

// ---------------------------------------------------------------------------------------------
// Visibility, billing, listings
// ---------------------------------------------------------------------------------------------

#[test]
fn visibility_follows_billing_project_membership() {
    let s = store();
    let b = submit(&s, "t", vec![], vec![job(1, 0, &[])]);
    assert_eq!(s.get_batch(BOB, b).expect_err("bob").status(), 404);
    assert_eq!(s.get_job(BOB, b, 1).expect_err("bob").status(), 404);
    assert_eq!(
        s.list_jobs(BOB, b, 0, true, &SqlFilter::all(), None)
            .expect_err("bob")
            .status(),
        404
    );
    assert_eq!(s.attempts(BOB, b, 1).expect_err("bob").status(), 404);
    assert_eq!(s.delete_batch(BOB, b, T0).expect_err("bob").status(), 404);
    assert!(
        s.list_batches(BOB, &SqlFilter::all(), None)
            .expect("list")
            .0
            .is_empty()
    );
    // Bob's own project does not reveal Alice's batch; joining hers does.
    let mut nb = new_batch("bob");
    nb.billing_project = "bobs".to_owned();
    let (bb, _) = s.create_batch(BOB, &nb, T0).expect("bob batch");
    assert_eq!(s.get_batch(ALICE, bb).expect_err("alice").status(), 404);
    s.add_billing_project_user(PROJECT, BOB).expect("add");
    assert_eq!(s.get_batch(BOB, b).expect("visible").user, ALICE);
    let (list, _) = s.list_batches(BOB, &SqlFilter::all(), None).expect("list");
    assert_eq!(list.iter().map(|b| b.id).collect::<Vec<_>>(), vec![bb, b]);
    // The default query (`user = <me>`) is a filter the query compiler produces.
    let mine = SqlFilter {
        sql: "b.user = ?".to_owned(),
        params: vec![BOB.to_owned().into()],
    };
    assert_eq!(s.list_batches(BOB, &mine, None).expect("mine").0.len(), 1);
    // Deleting hides the batch for everyone; a second delete is 404; cancel is 403.
    let c = s.delete_batch(BOB, b, T0).expect("delete");
    assert!(
        c.batches_completed.is_empty(),
        "no callback for deleted batches"
    );
    assert_eq!(s.get_batch(ALICE, b).expect_err("deleted").status(), 404);
    assert_eq!(
        s.delete_batch(ALICE, b, T0).expect_err("again").status(),
        404
    );
    let e = s
        .cancel_job_group(ALICE, b, 0, T0)
        .expect_err("cancel deleted");
    assert_eq!(e.to_string(), format!("Job Group ({b}, 0) does not exist."));
    assert_eq!(e.status(), 403);
    let e = s
        .list_child_job_groups(ALICE, b, 0, None)
        .expect_err("children of deleted");
    assert_eq!(e.status(), 403);
    assert_eq!(
        s.create_update(ALICE, b, &upd("x", 1, 0), T0)
            .expect_err("deleted")
            .status(),
        404
    );
    // Its jobs were cancelled and are never scheduled.
    assert!(s.next_ready_jobs(1_000_000, 10).expect("ready").is_empty());
}

#[test]
fn billing_projects_fixed_closed_and_limits() {
    let s = store();
    s.set_billing_projects_fixed(true);
    let e = s
        .create_batch(ALICE, &new_batch("t"), T0)
        .expect_err("unknown");
    assert_eq!(e.status(), 403);
    assert_eq!(e.to_string(), "Unknown Hail Batch billing project proj.");
    s.create_billing_project(PROJECT, T0).expect("create");
    s.create_billing_project("PROJ", T0)
        .expect("exists in another case: no-op");
    assert_eq!(
        s.create_batch(ALICE, &new_batch("t"), T0)
            .expect_err("not member")
            .status(),
        403
    );
    s.add_billing_project_user(PROJECT, ALICE).expect("add");
    let (b, _) = s.create_batch(ALICE, &new_batch("t"), T0).expect("member");
    let mut other_case = new_batch("t2");
    other_case.billing_project = "Proj".to_owned();
    assert_eq!(
        s.create_batch(ALICE, &other_case, T0)
            .expect_err("case")
            .status(),
        403
    );
    // Close: refused while a batch runs.
    s.create_update(ALICE, b, &upd("t", 1, 0), T0)
        .expect("update");
    s.insert_jobs(ALICE, b, 1, &[job(1, 0, &[])]).expect("jobs");
    s.close_billing_project(PROJECT)
        .expect("uncommitted update does not block closing");
    s.reopen_billing_project(PROJECT).expect("reopen");
    s.commit_update(ALICE, b, 1, T0).expect("commit");
    assert_eq!(
        s.close_billing_project(PROJECT)
            .expect_err("running")
            .to_string(),
        "Billing project proj has running batches."
    );
    Harness::new(&s).run(ok);
    s.close_billing_project(PROJECT).expect("close");
    s.close_billing_project(PROJECT).expect("close again");
    let e = s
        .create_batch(ALICE, &new_batch("t3"), T0)
        .expect_err("closed");
    assert_eq!(e.to_string(), "Billing project proj is closed or deleted.");
    assert_eq!(
        s.billing_project(ALICE, PROJECT).expect("get").status,
        BillingProjectStatus::Closed
    );
    s.reopen_billing_project(PROJECT).expect("reopen");
    s.set_billing_limit(PROJECT, Some(0.0)).expect("limit");
    let e = s
        .create_batch(ALICE, &new_batch("t4"), T0)
        .expect_err("budget");
    assert_eq!(
        e.to_string(),
        "billing project proj has exceeded the budget; accrued=$0.0000 limit=$0.0000"
    );
    s.set_billing_limit(PROJECT, None).expect("clear");
    s.create_batch(ALICE, &new_batch("t4"), T0)
        .expect("ok again");
    let p = s.billing_project(ALICE, PROJECT).expect("get");
    assert_eq!(p.users, vec![ALICE.to_owned()]);
    assert_eq!(
        s.billing_project(BOB, PROJECT).expect_err("bob").status(),
        403
    );
    assert_eq!(s.billing_projects(ALICE).expect("list").len(), 1);
    assert!(s.billing_projects(BOB).expect("list").is_empty());
    assert_eq!(
        s.close_billing_project("nope")
            .expect_err("missing")
            .status(),
        404
    );
    // Auto mode: first use creates the project and adds the user.
    s.set_billing_projects_fixed(false);
    let mut nb = new_batch("auto");
    nb.billing_project = "fresh".to_owned();
    s.create_batch(BOB, &nb, T0).expect("auto-created");
    assert_eq!(
        s.billing_project(BOB, "fresh").expect("bob's").users,
        vec![BOB.to_owned()]
    );
    s.ensure_billing_project("fresh", ALICE, T0)
        .expect("ensure");
    assert_eq!(
        s.billing_project(ALICE, "fresh")
            .expect("alice's")
            .users
            .len(),
        2
    );
}

#[test]
fn listings_page_with_hail_cursor_semantics() {
    let s = store();
    let mut ids = Vec::new();
    for i in 0..120 {
        let (b, _) = s
            .create_batch(ALICE, &new_batch(&format!("t{i}")), T0)
            .expect("create");
        ids.push(b);
    }
    ids.reverse();
    let (p1, c1) = s.list_batches(ALICE, &SqlFilter::all(), None).expect("p1");
    assert_eq!(p1.len(), 50);
    assert_eq!(c1, Some(ids[49]));
    let (p2, c2) = s.list_batches(ALICE, &SqlFilter::all(), c1).expect("p2");
    assert_eq!(p2[0].id, ids[50]);
    let (p3, c3) = s.list_batches(ALICE, &SqlFilter::all(), c2).expect("p3");
    assert_eq!(p3.len(), 20);
    assert_eq!(c3, None, "no cursor on the last page");
    // Exactly 100 jobs: pages of 50, 50 and an empty one.
    let b = submit(
        &s,
        "jobs",
        vec![],
        (1..=100)
            .map(|i| {
                let mut j = job(i, 0, &[]);
                if i % 7 == 0 {
                    j.attributes.insert("tag".to_owned(), format!("t{}", i % 3));
                }
                j
            })
            .collect(),
    );
    let all = SqlFilter::all();
    let (j1, c1) = s.list_jobs(ALICE, b, 0, false, &all, None).expect("j1");
    assert_eq!((j1.len(), c1), (50, Some(50)));
    let (j2, c2) = s.list_jobs(ALICE, b, 0, false, &all, c1).expect("j2");
    assert_eq!((j2.len(), c2), (50, Some(100)));
    let (j3, c3) = s.list_jobs(ALICE, b, 0, false, &all, c2).expect("j3");
    assert_eq!((j3.len(), c3), (0, None));
    // Filters of the query compiler's contract: the name is `j.name`, other attributes are
    // rows of job_attributes (and the name is not one of them).
    let f = SqlFilter {
        sql: "j.name = ?".to_owned(),
        params: vec!["job-7".to_owned().into()],
    };
    let (found, _) = s.list_jobs(ALICE, b, 0, true, &f, None).expect("by name");
    assert_eq!(found.iter().map(|j| j.job_id).collect::<Vec<_>>(), vec![7]);
    assert_eq!(found[0].name.as_deref(), Some("job-7"));
    assert_eq!(found[0].user, ALICE);
    let attr = |key: &str, value: &str| SqlFilter {
        sql: "EXISTS (SELECT 1 FROM job_attributes AS ja WHERE ja.batch_id = j.batch_id \
              AND ja.job_id = j.job_id AND ja.key = ? AND ja.value = ?)"
            .to_owned(),
        params: vec![key.to_owned().into(), value.to_owned().into()],
    };
    let (found, _) = s
        .list_jobs(ALICE, b, 0, true, &attr("tag", "t1"), None)
        .expect("by tag");
    assert_eq!(
        found.iter().map(|j| j.job_id).collect::<Vec<_>>(),
        vec![7, 28, 49, 70, 91]
    );
    let (found, _) = s
        .list_jobs(ALICE, b, 0, true, &attr("name", "job-7"), None)
        .expect("name row");
    assert!(found.is_empty(), "the name is not a job_attributes row");
    // GET job: every attribute, in submission order.
    let detail = s.get_job(ALICE, b, 14).expect("job 14");
    assert_eq!(
        serde_json::to_string(&detail.attributes).expect("attributes"),
        r#"{"name":"job-14","tag":"t2"}"#
    );
}

#[test]
fn scheduling_is_fair_across_batches_and_respects_cpu() {
    let s = store();
    let big = submit(
        &s,
        "big",
        vec![],
        (1..=20).map(|i| job(i, 0, &[])).collect(),
    );
    let small = submit(&s, "small", vec![], vec![job(1, 0, &[]), job(2, 0, &[])]);
    let picked = s.next_ready_jobs(4000, 100).expect("ready");
    assert_eq!(picked.len(), 4, "4 cores of 1 core each");
    let from_small = picked.iter().filter(|r| r.batch_id == small).count();
    assert_eq!(from_small, 2, "the small batch is not starved: {picked:?}");
    assert!(picked.iter().any(|r| r.batch_id == big));
    assert!(s.next_ready_jobs(999, 100).expect("none fit").is_empty());
    assert_eq!(s.next_ready_jobs(1_000_000, 3).expect("limit").len(), 3);
    // Running jobs count against their batch.
    let mut h = Harness::new(&s);
    for r in s.next_ready_jobs(3000, 3).expect("ready") {
        h.n_attempts += 1;
        assert!(
            s.start_attempt(r.batch_id, r.job_id, &format!("x{}", h.n_attempts), "w", T0)
                .expect("start")
        );
        // Starting twice is refused.
        assert!(
            !s.start_attempt(r.batch_id, r.job_id, "other", "w", T0)
                .expect("start again")
        );
    }
    let next = s.next_ready_jobs(1000, 1).expect("next");
    assert_eq!(next.len(), 1);
}

#[test]
fn completion_reports_follow_first_terminal_state_wins() {
    let s = store();
    let b = submit(&s, "t", vec![], vec![job(1, 0, &[])]);
    let mut h = Harness::new(&s);
    let st = h.start_all();
    assert!(!h.finish(b, 1, "wrong-attempt", JobState::Failed).accepted);
    assert!(h.finish(b, 1, &st[0].2, JobState::Success).accepted);
    assert!(!h.finish(b, 1, &st[0].2, JobState::Failed).accepted);
    assert_eq!(state_of(&s, b, 1), JobState::Success);
    let bad = JobResult {
        state: JobState::Running,
        exit_code: None,
        status_json: None,
        start_ms: None,
        end_ms: None,
        reason: None,
    };
    assert_eq!(
        s.complete_job(b, 1, &st[0].2, &bad, T0)
            .expect_err("non-terminal")
            .status(),
        400
    );
    assert_eq!(
        s.complete_job(
            b,
            99,
            "a",
            &JobResult {
                state: JobState::Success,
                ..bad
            },
            T0
        )
        .expect_err("missing")
        .status(),
        404
    );
}

// ---------------------------------------------------------------------------------------------
// Performance: index-backed reads with 100,000 jobs
// ---------------------------------------------------------------------------------------------

/// The query plan of `sql` (one line per step).
fn plan(s: &Store, sql: &str, params: &[rusqlite::types::Value]) -> String {
    let conn = lock(&s.writer);
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain");
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            r.get::<_, String>(3)
        })
        .expect("plan")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("rows");
    rows.join("\n")
}

#[test]
fn hundred_thousand_jobs_stay_index_backed() {
    let s = store();
    const N: i64 = 100_000;
    let (b, _) = s
        .create_batch(ALICE, &new_batch("big"), T0)
        .expect("create");
    let ids = s
        .create_update(ALICE, b, &upd("big", N as usize, 1), T0)
        .expect("update");
    s.insert_job_groups(ALICE, b, ids.update_id, &[group(1, 0)])
        .expect("group");
    for chunk in 0..N / 1000 {
        let jobs: Vec<NewJob> = (chunk * 1000 + 1..=chunk * 1000 + 1000)
            .map(|i| {
                // A few dependencies so job_parents is populated too.
                let parents = if i > 1000 && i % 10 == 0 {
                    vec![i - 1000]
                } else {
                    vec![]
                };
                job(i, if i % 2 == 0 { 1 } else { 0 }, &parents)
            })
            .collect();
        s.insert_jobs(ALICE, b, ids.update_id, &jobs)
            .expect("bunch");
    }
    s.commit_update(ALICE, b, ids.update_id, T0)
        .expect("commit");
    let batch = s.get_batch(ALICE, b).expect("get_batch");
    assert_eq!(batch.counts.n_jobs, N);
    // Rows at the edges of the multi-row inserts (64 jobs each, the rest one by one).
    for id in [1, 64, 65, 128, 129, 960, 961, 999, 1000, 1001, N] {
        let j = s.get_job(ALICE, b, id).expect("job");
        assert_eq!(j.job.job_id, id);
        assert_eq!(j.job.name, Some(format!("job-{id}")));
        assert_eq!(j.job.job_group_id, if id % 2 == 0 { 1 } else { 0 });
        let parents = if id > 1000 && id % 10 == 0 { 1 } else { 0 };
        assert_eq!(j.job.n_pending_parents, parents, "job {id}");
        assert_eq!(j.attributes.get("name"), Some(&format!("job-{id}")));
    }
    assert_eq!(
        s.get_job_group(ALICE, b, 1).expect("g1").counts.n_jobs,
        N / 2
    );
    let (page, cursor) = s
        .list_jobs(ALICE, b, 0, true, &SqlFilter::all(), Some(99_900))
        .expect("list");
    assert_eq!(page.len(), 50);
    assert_eq!(cursor, Some(99_950));
    let (page, _) = s
        .list_jobs(ALICE, b, 1, false, &SqlFilter::all(), Some(50_000))
        .expect("list g1");
    assert_eq!(page[0].job_id, 50_002);
    let picked = s.next_ready_jobs(8000, 8).expect("ready");
    assert_eq!(picked.len(), 8);
    // Plans: no full scan of jobs for the batch lookup and job listings.
    let p = plan(
        &s,
        "SELECT g.n_jobs FROM batches AS b JOIN job_groups AS g ON g.batch_id = b.id \
         AND g.job_group_id = 0 WHERE b.id = ? AND b.deleted = 0 AND EXISTS (SELECT 1 FROM \
         billing_project_users AS bpu WHERE bpu.billing_project = b.billing_project AND bpu.user = ?)",
        &[b.into(), ALICE.to_owned().into()],
    );
    assert!(!p.contains("SCAN"), "get_batch plan: {p}");
    for (g, rec) in [(0, true), (1, false), (1, true)] {
        let groups = match (rec, g) {
            (true, 0) => "",
            (true, _) => {
                "AND j.job_group_id IN (SELECT job_group_id FROM job_group_ancestors WHERE batch_id = 1 AND ancestor_id = 1)"
            }
            (false, _) => "AND j.job_group_id = 1",
        };
        let p = plan(
            &s,
            &format!(
                "SELECT j.job_id FROM jobs AS j LEFT JOIN attempts AS cur_a ON cur_a.batch_id = j.batch_id \
                 AND cur_a.job_id = j.job_id AND cur_a.attempt_id = j.attempt_id \
                 WHERE j.batch_id = ? {groups} AND j.committed = 1 AND j.job_id > ? AND (1) \
                 ORDER BY j.job_id LIMIT 50"
            ),
            &[b.into(), 0.into()],
        );
        assert!(
            !p.lines().any(|l| l.starts_with("SCAN j")),
            "list_jobs plan ({g}, {rec}): {p}"
        );
    }
    // Specs (GET job, starting jobs) are one rowid lookup per job.
    for sql in [
        format!(
            "SELECT s.spec, s.attributes FROM jobs AS j JOIN job_specs AS s ON s.id = {SPEC_KEY_OF_J} \
             WHERE j.batch_id = ?1 AND j.job_id = ?2 AND j.committed = 1"
        ),
        format!(
            "SELECT j.job_id, s.spec FROM jobs AS j JOIN batches AS b ON b.id = j.batch_id \
             JOIN job_specs AS s ON s.id = {SPEC_KEY_OF_J} WHERE j.state = 'Ready' \
             AND j.batch_id = ?1 AND j.committed = 1 AND j.cores_mcpu <= ?2 ORDER BY j.job_id"
        ),
    ] {
        let p = plan(&s, &sql, &[b.into(), 7.into()]);
        assert!(
            p.contains("SEARCH s USING INTEGER PRIMARY KEY") && !p.contains("SCAN"),
            "spec lookup plan: {p}"
        );
    }
}

#[test]
fn store_is_send_sync_and_durable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Store>();
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Store::open(dir.path().join("b.db")).expect("open");
    let conn = lock(&s.writer);
    let pragma = |name: &str| -> String {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| format!("{v:?}"))
        .expect("pragma")
    };
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma("synchronous"), "Integer(2)", "FULL");
    assert_eq!(pragma("foreign_keys"), "Integer(1)");
}

#[test]
fn concurrent_reads_and_writes_on_a_file_db() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Store::open(dir.path().join("b.db")).expect("open");
    std::thread::scope(|scope| {
        for t in 0..4 {
            let s = &s;
            scope.spawn(move || {
                for i in 0..10 {
                    let token = format!("t{t}-{i}");
                    let b = submit(s, &token, vec![], vec![job(1, 0, &[]), job(2, 0, &[1])]);
                    assert_eq!(
                        s.get_batch(ALICE, b).expect("read own write").counts.n_jobs,
                        2
                    );
                    s.list_batches(ALICE, &SqlFilter::all(), None)
                        .expect("list");
                }
            });
        }
    });
    Harness::new(&s).run(ok);
    let (page, _) = s
        .list_batches(ALICE, &SqlFilter::all(), None)
        .expect("list");
    assert_eq!(page.len(), 40);
    assert!(
        page.iter()
            .all(|b| b.complete() && b.counts.n_succeeded == 2)
    );
}

#[test]
fn start_ready_jobs_starts_what_fits_and_keeps_commits_durable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Store::open(dir.path().join("b.db")).expect("open");
    let b = submit(&s, "t", vec![], (1..=5).map(|i| job(i, 0, &[])).collect());
    assert!(
        s.start_ready_jobs(999, 10, "w", T0)
            .expect("none fit")
            .is_empty()
    );
    let started = s.start_ready_jobs(2500, 10, "w", T0).expect("start");
    let ids: Vec<i64> = started.iter().map(|(r, _)| r.job_id).collect();
    assert_eq!(ids, [1, 2], "two 1-core jobs fit in 2.5 cores, in id order");
    for (r, attempt) in &started {
        assert_eq!(state_of(&s, b, r.job_id), JobState::Running);
        assert_eq!(r.attempt_number, 1);
        assert_eq!(attempt.len(), 6);
        let attempts = s.attempts(ALICE, b, r.job_id).expect("attempts");
        assert_eq!(attempts.map(|a| a.len()), Some(1));
    }
    assert_eq!(
        s.start_ready_jobs(1_000_000, 2, "w", T0)
            .expect("limit")
            .len(),
        2
    );
    assert_eq!(state_of(&s, b, 5), JobState::Ready);
    // The unsynced start leaves the connection fsyncing again for everything else.
    let sync: i64 = lock(&s.writer)
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(sync, 2, "FULL");
    // Started jobs complete through the usual path.
    let (r, a) = &started[0];
    let mut h = Harness::new(&s);
    assert!(h.finish(b, r.job_id, a, JobState::Success).accepted);
}

/// A database written at schema version 2 (specs in `jobs.spec`, every attribute a row of
/// `job_attributes`) reads exactly the same after migration 3, and takes new batches.
#[test]
fn version_2_databases_migrate_without_visible_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v2.db");
    let spec = |cmd: &str| json!({"process": {"type": "docker", "command": [cmd]}}).to_string();
    {
        let mut conn = rusqlite::Connection::open(&path).expect("open v2");
        migrations::migrate_to(&mut conn, 2).expect("schema v2");
        // Rows as the version-2 store wrote them: batch 1 with three committed jobs (1
        // succeeded, 2 and 3 Ready) and an uncommitted update 2 holding job 4.
        conn.execute_batch(&format!(
            "INSERT INTO billing_projects (name, time_created) VALUES ('{PROJECT}', 0);
             INSERT INTO billing_project_users VALUES ('{PROJECT}', '{ALICE}');
             INSERT INTO batches (id, user, billing_project, token, state, time_created,
                 n_updates) VALUES (1, '{ALICE}', '{PROJECT}', 'tok', 'running', {T0}, 2);
             INSERT INTO job_groups (batch_id, job_group_id, update_id, committed, state,
                 n_jobs, n_completed, n_succeeded, time_created)
                 VALUES (1, 0, 0, 1, 'running', 3, 1, 1, {T0});
             INSERT INTO job_group_ancestors VALUES (1, 0, 0);
             INSERT INTO updates (batch_id, update_id, token, n_jobs, n_job_groups,
                 start_job_id, start_job_group_id, committed, time_created, time_committed)
                 VALUES (1, 1, 'tok', 3, 0, 1, 1, 1, {T0}, {T0}),
                        (1, 2, 'u2', 1, 0, 4, 1, 0, {T0}, NULL);
             INSERT INTO jobs (batch_id, job_id, job_group_id, update_id, committed, state,
                 name, spec, cores_mcpu, time_ready, exit_code) VALUES
                 (1, 1, 0, 1, 1, 'Success', 'first', '{s1}', 1000, {T0}, 0),
                 (1, 2, 0, 1, 1, 'Ready', 'second', '{s2}', 1000, {T0}, NULL),
                 (1, 3, 0, 1, 1, 'Ready', NULL, '{s3}', 1000, {T0}, NULL),
                 (1, 4, 0, 2, 0, 'Pending', NULL, '{s4}', 1000, NULL, NULL);
             INSERT INTO job_attributes (batch_id, job_id, key, value) VALUES
                 (1, 1, 'zeta', '1'), (1, 1, 'name', 'first'), (1, 1, 'alpha', '2'),
                 (1, 2, 'name', 'second'), (1, 4, 'NAME', 'upper');",
            s1 = spec("one"),
            s2 = spec("two"),
            s3 = spec("three"),
            s4 = spec("four"),
        ))
        .expect("v2 rows");
    }
    let s = Store::open(&path).expect("open and migrate");
    {
        let conn = lock(&s.writer);
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, 3);
        let spec_column: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_table_info('jobs') WHERE name = 'spec')",
                [],
                |r| r.get(0),
            )
            .expect("columns");
        assert!(!spec_column, "jobs.spec is dropped");
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT job_id, key FROM job_attributes ORDER BY job_id, key")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("attributes")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let rows: Vec<(i64, &str)> = rows.iter().map(|(j, k)| (*j, k.as_str())).collect();
        assert_eq!(rows, [(1, "alpha"), (1, "zeta"), (4, "NAME")]);
    }
    // GET job: spec and attributes (in submission order) as before.
    let one = s.get_job(ALICE, 1, 1).expect("job 1");
    assert_eq!(one.spec.to_string(), spec("one"));
    assert_eq!(
        serde_json::to_string(&one.attributes).expect("attributes"),
        r#"{"zeta":"1","name":"first","alpha":"2"}"#
    );
    assert_eq!(one.job.name.as_deref(), Some("first"));
    assert_eq!(one.job.state, JobState::Success);
    let three = s.get_job(ALICE, 1, 3).expect("job 3");
    assert!(three.attributes.is_empty());
    assert_eq!(three.spec.to_string(), spec("three"));
    assert!(matches!(
        s.get_job(ALICE, 1, 4),
        Err(StoreError::NotFound(_))
    ));
    // Listings and queries.
    let query = |q: &str| -> Vec<i64> {
        let f = crate::server::query::job_filter(crate::server::query::QueryVersion::V2, Some(q))
            .expect("query");
        let f = SqlFilter {
            sql: f.sql,
            params: f.params,
        };
        let (rows, _) = s.list_jobs(ALICE, 1, 0, true, &f, None).expect("list");
        rows.iter().map(|j| j.job_id).collect()
    };
    assert_eq!(query(""), [1, 2, 3]);
    assert_eq!(query("name = first"), [1]);
    assert_eq!(query("NAME =~ s"), [1, 2]);
    assert_eq!(query("alpha = 2"), [1]);
    assert_eq!(query("\"second\""), [2]);
    assert_eq!(query("\"name\""), [1, 2]);
    assert_eq!(query("zet"), [1]);
    // The scheduler runs Ready jobs with their specs.
    let ready = s.next_ready_jobs(10_000, 10).expect("ready");
    let ready: Vec<(i64, String)> = ready
        .iter()
        .map(|r| (r.job_id, r.spec.to_string()))
        .collect();
    assert_eq!(ready, [(2, spec("two")), (3, spec("three"))]);
    // Committing the old uncommitted update still works, and so do new batches.
    s.commit_update(ALICE, 1, 2, T0 + 1)
        .expect("commit update 2");
    let four = s.get_job(ALICE, 1, 4).expect("job 4");
    assert_eq!(four.spec.to_string(), spec("four"));
    assert_eq!(
        serde_json::to_string(&four.attributes).expect("attributes"),
        r#"{"NAME":"upper"}"#,
        "attributes of uncommitted jobs migrate too"
    );
    assert_eq!(query("name = upper"), [4]);
    let b = submit(&s, "new", vec![], vec![job(1, 0, &[]), job(2, 0, &[1])]);
    assert_eq!(
        s.get_job(ALICE, b, 2).expect("new job").spec.to_string(),
        spec("true")
    );
}

#[test]
fn job_ids_stay_within_32_bits() {
    let s = store();
    let (b, _) = s
        .create_batch(ALICE, &new_batch("ids"), T0)
        .expect("create");
    let max = i64::from(i32::MAX);
    let all = NewUpdate {
        token: "all".to_owned(),
        n_jobs: max - 1,
        n_job_groups: 0,
    };
    let ids = s.create_update(ALICE, b, &all, T0).expect("ids 1..=max-1");
    assert_eq!(ids.start_job_id, 1);
    let last = s
        .create_update(ALICE, b, &upd("last", 1, 0), T0)
        .expect("id max");
    assert_eq!(last.start_job_id, max);
    let err = s
        .create_update(ALICE, b, &upd("over", 1, 0), T0)
        .expect_err("id max + 1");
    assert_eq!(err.status(), 400);
    assert_eq!(
        err.to_string(),
        format!("too many jobs in batch {b}: job ids must not exceed {max}")
    );
    // Updates without jobs are still possible, and the job with the largest id works.
    s.create_update(ALICE, b, &upd("groups", 0, 1), T0)
        .expect("no jobs");
    s.insert_jobs(ALICE, b, last.update_id, &[job(max, 0, &[])])
        .expect("insert job max");
    s.commit_update(ALICE, b, last.update_id, T0)
        .expect("commit");
    let j = s.get_job(ALICE, b, max).expect("job max");
    assert_eq!(j.job.name.as_deref(), Some(format!("job-{max}").as_str()));
    assert_eq!(
        j.spec,
        json!({"process": {"type": "docker", "command": ["true"]}})
    );
}

#[test]
fn jobs_of_a_group_cancelled_before_the_commit_are_cancelled_by_it() {
    let s = store();
    // Update 1: group 1 with a job, so the group is committed and can be cancelled.
    let b = submit(&s, "t", vec![group(1, 0)], vec![job(1, 1, &[])]);
    // Update 2 posts jobs into group 1 and the root, then group 1 is cancelled.
    let u = s
        .create_update(ALICE, b, &upd("u2", 3, 0), T0)
        .expect("update 2");
    s.insert_jobs(
        ALICE,
        b,
        u.update_id,
        &[job(2, 1, &[]), always(job(3, 1, &[])), job(4, 0, &[])],
    )
    .expect("bunch");
    assert!(
        s.cancel_job_group(ALICE, b, 1, T0)
            .expect("cancel g1")
            .accepted
    );
    s.commit_update(ALICE, b, u.update_id, T0).expect("commit");
    assert_eq!(state_of(&s, b, 2), JobState::Cancelled);
    assert_eq!(state_of(&s, b, 3), JobState::Ready, "always_run");
    assert_eq!(state_of(&s, b, 4), JobState::Ready, "not in the group");
    // Update 1 of a new batch: its groups cannot be cancelled before the commit (only the
    // whole batch can, which the commit refuses), so nothing is cancelled at commit.
    let (b2, _) = s
        .create_batch(ALICE, &new_batch("t2"), T0)
        .expect("batch 2");
    let u = s
        .create_update(ALICE, b2, &upd("t2", 2, 1), T0)
        .expect("update 1");
    s.insert_job_groups(ALICE, b2, u.update_id, &[group(1, 0)])
        .expect("group");
    s.insert_jobs(ALICE, b2, u.update_id, &[job(1, 1, &[]), job(2, 0, &[1])])
        .expect("bunch");
    assert!(matches!(
        s.cancel_job_group(ALICE, b2, 1, T0),
        Err(StoreError::Forbidden(_))
    ));
    s.commit_update(ALICE, b2, u.update_id, T0).expect("commit");
    assert_eq!(state_of(&s, b2, 1), JobState::Ready);
    assert_eq!(state_of(&s, b2, 2), JobState::Pending);
}

#[test]
fn batch_with_update_is_one_idempotent_step_and_all_or_nothing() {
    let s = store();
    let (b, ids) = s
        .create_batch_with_update(ALICE, &new_batch("tok"), &upd("tok", 3, 0), T0)
        .expect("create");
    assert_eq!(ids, FIRST_UPDATE);
    // A retry (same tokens) returns the same batch and update.
    assert_eq!(
        s.create_batch_with_update(ALICE, &new_batch("tok"), &upd("tok", 3, 0), T0)
            .expect("retry"),
        (b, ids)
    );
    // A refused update leaves no batch behind: the next batch gets the next id.
    let mut bad = upd("bad", 0, 0);
    bad.n_jobs = -1;
    assert!(matches!(
        s.create_batch_with_update(ALICE, &new_batch("bad"), &bad, T0),
        Err(StoreError::BadRequest(_))
    ));
    let (next, _) = s.create_batch(ALICE, &new_batch("next"), T0).expect("next");
    assert_eq!(next, b + 1);
}
