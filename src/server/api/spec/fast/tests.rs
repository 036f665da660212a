//! Differential tests: the fast path against the reference path of [`crate::server::api::spec`].
//!
//! For every input: if the fast parser accepts, the reference parser must accept too; if the fast
//! preparation accepts, its [`PreparedJob`]s (stored spec text included) must equal the
//! reference's; and the public entry points ([`parse_jobs`], [`Bunch::prepare`], the wrappers)
//! must always give the reference's result, error messages included.

use super::*;
use crate::server::api::spec as reference;
use crate::server::api::spec::tests::ctx;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Accepted,
    DeclinedParse,
    DeclinedPrepare,
}

/// Contexts that change what the stored spec or the checks depend on.
fn contexts() -> Vec<JobContext> {
    let mut azure = ctx();
    azure.cloud = "azure".to_owned();
    let mut odd = JobContext::new("o\"dd\\ü\n", vec!["r\u{1}".to_owned(), "b/a".to_owned()]);
    odd.namespace = "name\tspace".to_owned();
    let mut small = ctx();
    small.worker_cores = 4;
    vec![
        ctx(),
        JobContext::new("ci", vec!["us-central1".to_owned()]),
        azure,
        odd,
        small,
    ]
}

fn range(start_job_id: i64, n_jobs: i64) -> UpdateRange {
    UpdateRange {
        update_id: 2,
        start_job_id,
        n_jobs,
        start_job_group_id: 3,
        n_job_groups: 2,
    }
}

fn reference_result(
    body: &[u8],
    range: &UpdateRange,
    ctx: &JobContext,
) -> Result<Vec<PreparedJob>, ValidationError> {
    reference::parse_jobs(body).and_then(|jobs| reference::prepare_jobs(4711, range, &jobs, ctx))
}

/// Compares both paths on a `jobs/create` body.
fn compare(body: &[u8], range: &UpdateRange, ctx: &JobContext) -> Outcome {
    let text = String::from_utf8_lossy(body);
    let want = reference_result(body, range, ctx);
    let outcome = match FastBunch::parse_jobs(body) {
        None => Outcome::DeclinedParse,
        Some(fast) => {
            let jobs = reference::parse_jobs(body).unwrap_or_else(|e| {
                panic!("fast path accepted what the reference rejects ({e}): {text}")
            });
            assert_eq!(fast.len(), jobs.len(), "{text}");
            match fast.prepare(4711, range, ctx) {
                None => Outcome::DeclinedPrepare,
                Some(prepared) => {
                    assert_eq!(Ok(prepared), want, "{text}");
                    Outcome::Accepted
                }
            }
        }
    };
    let got = parse_jobs(body).and_then(|b| b.prepare(4711, range, ctx));
    assert_eq!(got, want, "{text}");
    outcome
}

fn compare_all_contexts(body: &str) -> Outcome {
    let outcome = compare(body.as_bytes(), &range(1, 10), &ctx());
    for c in contexts() {
        for r in [range(1, 10), range(5, 3), range(1, 1)] {
            compare(body.as_bytes(), &r, &c);
        }
    }
    outcome
}

const CLI_JOB: &str = r#"{"always_run":false,"n_max_attempts":20,"always_copy_output":false,"job_id":1,"absolute_parent_ids":[],"in_update_parent_ids":[],"process":{"command":["true"],"image":"ubuntu:24.04","type":"docker"},"in_update_job_group_id":0,"env":[],"resources":{},"attributes":{"name":"j1"},"regions":["us-central1"]}"#;

/// Jobs the fast path must accept (with the reference's results).
const ACCEPTED: &[&str] = &[
    CLI_JOB,
    // Hail's Python client: spaces, no env / resources, mount_docker_socket false.
    r#"{"always_run": false, "n_max_attempts": 20, "always_copy_output": false, "job_id": 1, "absolute_parent_ids": [], "in_update_parent_ids": [], "process": {"command": ["/bin/bash", "-c", "echo hi"], "image": "ubuntu:22.04", "type": "docker", "mount_docker_socket": false}, "in_update_job_group_id": 0, "attributes": {"name": "j"}}"#,
    r#"{"process":{"type":"docker","image":"i","command":[]},"job_id":1}"#,
    r#"{"job_id":1,"process":{"mount_docker_socket":false,"image":"i","type":"docker","command":["a"]}}"#,
    " \n\t{ \"job_id\" :\t1 ,\r\n \"process\" : { \"command\" : [ \"x\" , \"y\" ] , \"image\" : \"i\" , \"type\" : \"docker\" } } \n",
    // Escapes and unicode.
    r#"{"job_id":1,"process":{"command":["echo \"hi\"\n\tdone\\","\u00e9\ud83d\ude00\/\u0000\u001f\u007f\b\f\r","é😀 /\u2028"],"image":"i\u0041","type":"docker"},"attributes":{"n\"ame":"v\nal","ü":"\u0001"}}"#,
    r#"{"job_\u0069d":1,"\u0070rocess":{"comm\u0061nd":["x"],"image":"i","typ\u0065":"dock\u0065r"}}"#,
    // Numbers.
    r#"{"job_id":1,"n_max_attempts":0,"port":-1,"timeout":1,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"n_max_attempts":-5,"port":65535,"timeout":1.5,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"n_max_attempts":9223372036854775807,"port":0,"timeout":1e3,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"n_max_attempts":-9223372036854775808,"timeout":1E-3,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":18446744073709551615,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":18446744073709551616,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":2.50,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":0.1e1,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":1.7976931348623157e308,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":5e-324,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":123456789012345680000,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    // Resources.
    r#"{"job_id":1,"resources":{"cpu":"0.25","memory":"lowmem","storage":"10Gi","preemptible":false},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"preemptible":true,"storage":"0","memory":"highmem","cpu":"250m"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"cpu":"+1","memory":"1Gi"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"cpu":".5","memory":"1.5GiB","storage":"1T"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"cpu":"2","memory":"7.5G","storage":"+20GB"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"memory":"512Mi"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"machine_type":"n1-standard-8","storage":"5Gi"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"machine_type":"a2-highgpu-1g","preemptible":false},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"storage":"65536Gi"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    // Every optional key.
    r#"{"user_code":"print(1)\n","regions":["us-west1","us-central1","us-west1"],"requester_pays_project":"p","network":"public","unconfined":false,"secrets":[],"mount_tokens":true,"timeout":30,"port":8080,"cloudfuse":[{"bucket":"b","mount_path":"/m","read_only":true},{"read_only":true,"mount_path":"/n","bucket":"c"}],"output_files":[{"from":"/o","to":"gs://b/o"}],"input_files":[{"to":"/i","from":"gs://b/i"},{"from":"gs://b/j","to":"/j"}],"env":[{"value":"1","name":"A"},{"name":"GOOGLE_APPLICATION_CREDENTIALS","value":"/mine"}],"attributes":{"name":"n","k":"v"},"always_copy_output":true,"always_run":true,"n_max_attempts":3,"absolute_parent_ids":[],"in_update_parent_ids":[],"absolute_job_group_id":2,"in_update_job_group_id":1,"process":{"command":["x"],"image":"i","type":"docker"},"resources":{"cpu":"1"},"job_id":1}"#,
    r#"{"job_id":1,"mount_tokens":false,"env":[{"name":"AZURE_APPLICATION_CREDENTIALS","value":"x"}],"cloudfuse":[],"input_files":[],"output_files":[],"attributes":{},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"in_update_job_group_id":2,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"absolute_job_group_id":0,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
];

/// Jobs the fast path must decline (the reference accepts some of them, rejects most).
const DECLINED: &[&str] = &[
    // Nulls.
    r#"{"job_id":1,"regions":null,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"attributes":null,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":null,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":null,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":null,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"image":"i","type":"docker","mount_docker_socket":null}}"#,
    // Duplicate keys (the reference keeps the first position and the last value).
    r#"{"job_id":1,"job_id":1,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"attributes":{"a":"1","a":"2"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"image":"i","type":"docker","image":"j"}}"#,
    r#"{"job_id":1,"env":[{"name":"a","value":"b","name":"c"}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"cpu":"1","cpu":"2"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    // Deprecated keys.
    r#"{"job_id":1,"pvc_size":"10Gi","process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"command":["x"],"image":"i"}"#,
    r#"{"job_id":1,"parent_ids":[],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"gcsfuse":[],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"image":"i","type":"docker","mount_docker_socket":true}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"image":"i","type":"docker","mount_docker_socket":0}}"#,
    // JVM, secrets, service accounts, network, unconfined.
    r#"{"job_id":1,"process":{"type":"jvm","jar_spec":{"type":"jar_url","value":"u"},"command":[]}}"#,
    r#"{"job_id":1,"secrets":[{"namespace":"n","name":"s","mount_path":"/s"}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"service_account":{"namespace":"n","name":"s"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"network":"private","process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"unconfined":true,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    // Wrong types.
    r#"{"job_id":true,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1.0,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":"1","process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":9223372036854775808,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"always_run":1,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"port":true,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":true,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":"1","process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":0,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":-0.0,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"timeout":-1,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"attributes":{"a":1},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"process":{"command":"x","image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"type":"docker"}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"image":"i"}}"#,
    r#"{"job_id":1,"process":{"command":["x"],"image":"i","type":"shell"}}"#,
    r#"{"job_id":1}"#,
    r#"{"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"cpu":"1","process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"env":[{"name":"a"}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"env":[{"name":"a","value":"b","x":"c"}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"cloudfuse":[{"bucket":"b","mount_path":"/m"}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    // §3.8 failures.
    r#"{"job_id":1,"resources":{"cpu":"3"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"cpu":"abc"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"memory":"lots"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"storage":"standard"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"storage":"100Ti"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"machine_type":"bogus"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"machine_type":"n1-standard-8","cpu":"1"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"cpu":"32"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"resources":{"gpu":"1"},"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"regions":[],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"regions":["mars"],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"cloudfuse":[{"bucket":"b","mount_path":"/m","read_only":false}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"cloudfuse":[{"bucket":"b","mount_path":"/io","read_only":true}],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    // Ids.
    r#"{"job_id":0,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":11,"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"in_update_parent_ids":[1],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
    r#"{"job_id":1,"absolute_parent_ids":[0],"process":{"command":["x"],"image":"i","type":"docker"}}"#,
];

fn as_bunch(job: &str) -> String {
    format!("[{job}]")
}

#[test]
fn table_of_accepted_jobs() {
    for job in ACCEPTED {
        let body = as_bunch(job);
        assert_eq!(compare_all_contexts(&body), Outcome::Accepted, "{job}");
    }
}

#[test]
fn table_of_declined_jobs() {
    for job in DECLINED {
        let body = as_bunch(job);
        assert_ne!(compare_all_contexts(&body), Outcome::Accepted, "{job}");
    }
    let bodies: &[&str] = &[
        "",
        "{}",
        "null",
        "[1]",
        "[[]]",
        "[{}]",
        "[",
        "[] x",
        &format!("[{CLI_JOB},]"),
        &format!("[{CLI_JOB}"),
        &format!("[{CLI_JOB},{CLI_JOB}]"),
        &format!("[{}]", "[".repeat(200)),
    ];
    for body in bodies {
        assert_ne!(compare_all_contexts(body), Outcome::Accepted, "{body}");
    }
}

#[test]
fn bunches_of_several_jobs() {
    let job = |id: i64, extra: &str| {
        format!(
            r#"{{"job_id":{id}{extra},"process":{{"command":["x"],"image":"i","type":"docker"}}}}"#
        )
    };
    let cases = [
        (
            vec![
                job(1, ""),
                job(2, r#","in_update_parent_ids":[1]"#),
                job(
                    3,
                    r#","in_update_parent_ids":[1,2],"absolute_parent_ids":[]"#,
                ),
            ],
            Outcome::Accepted,
        ),
        // Duplicated parents are for the bunch-level check, after preparation.
        (
            vec![job(1, ""), job(2, r#","in_update_parent_ids":[1,1]"#)],
            Outcome::Accepted,
        ),
        // Contiguity is only checked after a non-zero id; id 0 is out of range.
        (vec![job(0, ""), job(5, "")], Outcome::DeclinedPrepare),
    ];
    for (jobs, want) in cases {
        let body = format!("[{}]", jobs.join(","));
        assert_eq!(
            compare(body.as_bytes(), &range(1, 10), &ctx()),
            want,
            "{body}"
        );
    }
    let body = format!("[{},{}]", job(1, ""), job(3, ""));
    assert_eq!(
        compare(body.as_bytes(), &range(1, 10), &ctx()),
        Outcome::DeclinedParse
    );
    let body = format!(
        "[{},{}]",
        job(1, r#","absolute_parent_ids":[4]"#),
        job(2, "")
    );
    assert_eq!(
        compare(body.as_bytes(), &range(5, 10), &ctx()),
        Outcome::Accepted
    );
    assert_eq!(
        compare(body.as_bytes(), &range(4, 10), &ctx()),
        Outcome::DeclinedPrepare
    );
    assert_eq!(compare(b"[]", &range(1, 10), &ctx()), Outcome::Accepted);
}

#[test]
fn strings_are_escaped_like_serde_json() {
    let mut samples: Vec<String> = (0u32..0x80)
        .filter_map(char::from_u32)
        .map(|c| format!("a{c}b"))
        .collect();
    samples.extend(
        [
            "",
            "é",
            "😀",
            "\u{2028}\u{2029}",
            "\u{7f}\u{80}\u{ff}",
            "\"\\/",
            "x\u{0}y\u{1f}z",
        ]
        .map(str::to_owned),
    );
    for s in samples {
        let mut out = String::new();
        write_str(&mut out, &s);
        assert_eq!(out, serde_json::to_string(&s).expect("serialises"), "{s:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Generated specs

/// A small deterministic generator (xorshift64*), so failures reproduce. In a `clean` bunch it
/// only makes valid choices; otherwise it also mutates (wrong types, nulls, duplicates, ...).
struct Rng {
    state: u64,
    clean: bool,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng {
            state: seed,
            clean: false,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A mutation, with probability `percent` % outside clean bunches.
    fn bad(&mut self, percent: u64) -> bool {
        !self.clean && self.chance(percent)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// One of `good`, or with probability `percent` % (outside clean bunches) one of `bad`.
    fn pick_or_bad<'a>(&mut self, good: &[&'a str], percent: u64, bad: &[&'a str]) -> &'a str {
        if self.bad(percent) {
            self.pick(bad)
        } else {
            self.pick(good)
        }
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Whitespace between tokens: mostly none.
fn ws(rng: &mut Rng) -> &'static str {
    if rng.chance(85) {
        ""
    } else {
        rng.pick(&[" ", "\n", "\t ", "\r\n  "])
    }
}

/// A JSON string literal (source text) built from pieces with escapes and unicode.
fn string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "hello",
        "ubuntu:24.04",
        "/io/x",
        "gs://b/k",
        " ",
        "-c",
        r#"\""#,
        r"\\",
        r"\n",
        r"\t",
        r"\/",
        r"\u00e9",
        "é",
        "😀",
        r"\ud83d\ude00",
        r"\u0001",
        r"\u001f",
        r"\u007f",
        r"\u2028",
        "'",
        "{}",
        r"\b",
        r"\f",
        r"\r",
        r"\u0041",
    ];
    let n = rng.below(4);
    let mut s = String::from("\"");
    for _ in 0..n {
        s.push_str(rng.pick(PIECES));
    }
    s.push('"');
    s
}

fn object(rng: &mut Rng, mut members: Vec<(String, String)>, shuffle: bool) -> String {
    if shuffle {
        rng.shuffle(&mut members);
    }
    if !members.is_empty() && rng.bad(2) {
        // A duplicate key.
        let i = rng.below(members.len());
        let dup = members[i].clone();
        members.push(dup);
    }
    let body: Vec<String> = members
        .into_iter()
        .map(|(k, v)| format!("{}\"{k}\"{}:{}{v}{}", ws(rng), ws(rng), ws(rng), ws(rng)))
        .collect();
    format!("{{{}}}", body.join(","))
}

fn list(rng: &mut Rng, items: Vec<String>) -> String {
    let body: Vec<String> = items
        .into_iter()
        .map(|v| format!("{}{v}{}", ws(rng), ws(rng)))
        .collect();
    format!("[{}]", body.join(","))
}

const BAD_INTS: &[&str] = &[
    "true",
    "1.0",
    "\"1\"",
    "null",
    "9223372036854775808",
    "-0",
    "1e2",
];

fn int(rng: &mut Rng, usual: &[&str]) -> String {
    rng.pick_or_bad(usual, 5, BAD_INTS).to_owned()
}

/// Up to 2 parent ids, usually valid ones below `below` (none valid when `below` is 1).
fn parent_ids(rng: &mut Rng, below: i64) -> Vec<String> {
    let n = if below > 1 || rng.bad(20) {
        rng.below(3)
    } else {
        0
    };
    (0..n)
        .map(|_| {
            if below > 1 && !rng.bad(10) {
                (1 + rng.below((below - 1) as usize) as i64).to_string()
            } else {
                int(rng, &["0", "1", "100"])
            }
        })
        .collect()
}

fn boolean(rng: &mut Rng) -> String {
    rng.pick_or_bad(&["true", "false"], 3, &["0", "1", "null", "\"true\""])
        .to_owned()
}

fn strings(rng: &mut Rng, max: usize) -> String {
    let n = rng.below(max + 1);
    let items = (0..n).map(|_| string(rng)).collect();
    list(rng, items)
}

fn pairs(rng: &mut Rng, keys: [&str; 2], max: usize) -> String {
    let n = rng.below(max + 1);
    let items = (0..n)
        .map(|_| {
            let mut members = vec![
                (keys[0].to_owned(), string(rng)),
                (keys[1].to_owned(), string(rng)),
            ];
            if rng.bad(3) {
                members.pop();
            }
            object(rng, members, true)
        })
        .collect();
    list(rng, items)
}

fn resources(rng: &mut Rng) -> String {
    let mut members = Vec::new();
    let machine = rng.chance(10);
    if machine {
        let mt = rng.pick_or_bad(
            &[
                "n1-standard-8",
                "n1-highmem-2",
                "n2-standard-4",
                "g2-standard-12",
            ],
            20,
            &["bogus", "n1-standard-3"],
        );
        members.push(("machine_type".to_owned(), format!("\"{mt}\"")));
    }
    if (!machine || rng.bad(30)) && rng.chance(40) {
        let cpu = rng.pick_or_bad(
            &["1", "0.25", "250m", "+2", ".5", "4", "1000m", "16"],
            10,
            &["3", "abc", "0.1", "-1"],
        );
        members.push(("cpu".to_owned(), format!("\"{cpu}\"")));
    }
    if (!machine || rng.bad(30)) && rng.chance(40) {
        let memory = rng.pick_or_bad(
            &[
                "standard", "lowmem", "highmem", "1Gi", "512Mi", "3.75Gi", "7.5G", "100", "1.5GiB",
            ],
            10,
            &["lots", "200Gi", "1Gb"],
        );
        members.push(("memory".to_owned(), format!("\"{memory}\"")));
    }
    if rng.chance(30) {
        let storage = rng.pick_or_bad(
            &["0Gi", "10Gi", "1", "5Gi", "1T", "+20GB", "0"],
            10,
            &["standard", "100Ti"],
        );
        members.push(("storage".to_owned(), format!("\"{storage}\"")));
    }
    if rng.chance(30) {
        members.push(("preemptible".to_owned(), boolean(rng)));
    }
    if rng.bad(2) {
        members.push(("gpu".to_owned(), "\"1\"".to_owned()));
    }
    object(rng, members, true)
}

fn process(rng: &mut Rng) -> String {
    if rng.bad(2) {
        return r#"{"type":"jvm","jar_spec":{"type":"jar_url","value":"u"},"command":[]}"#
            .to_owned();
    }
    let mut members = vec![
        ("command".to_owned(), strings(rng, 3)),
        ("image".to_owned(), string(rng)),
        ("type".to_owned(), "\"docker\"".to_owned()),
    ];
    if rng.chance(20) {
        let socket = rng.pick_or_bad(&["false"], 30, &["true", "0", "null"]);
        members.push(("mount_docker_socket".to_owned(), socket.to_owned()));
    }
    if rng.bad(2) {
        members.remove(rng.below(members.len()));
    }
    let shuffle = rng.chance(30);
    object(rng, members, shuffle)
}

/// One job with in-update id `id`, in an update whose jobs start at `start`.
fn job(rng: &mut Rng, id: i64, start: i64) -> String {
    let mut m: Vec<(String, String)> = Vec::new();
    let add = |m: &mut Vec<(String, String)>, k: &str, v: String| m.push((k.to_owned(), v));
    let job_id = if rng.bad(3) {
        int(rng, &["0", "1", "7"])
    } else {
        id.to_string()
    };
    add(&mut m, "job_id", job_id);
    add(&mut m, "process", process(rng));
    if rng.chance(70) {
        add(&mut m, "always_run", boolean(rng));
    }
    if rng.chance(70) {
        add(
            &mut m,
            "n_max_attempts",
            int(rng, &["20", "1", "0", "-3", "9223372036854775807"]),
        );
    }
    if rng.chance(70) {
        add(&mut m, "always_copy_output", boolean(rng));
    }
    if rng.chance(70) {
        let items = parent_ids(rng, start);
        add(&mut m, "absolute_parent_ids", list(rng, items));
    }
    if rng.chance(70) {
        let items = parent_ids(rng, id);
        add(&mut m, "in_update_parent_ids", list(rng, items));
    }
    if rng.chance(50) {
        add(&mut m, "in_update_job_group_id", int(rng, &["0", "1", "2"]));
    }
    if rng.chance(20) {
        add(&mut m, "absolute_job_group_id", int(rng, &["0", "1", "2"]));
    }
    if rng.chance(50) {
        let env = if rng.chance(10) {
            r#"[{"name":"GOOGLE_APPLICATION_CREDENTIALS","value":"/x"}]"#.to_owned()
        } else {
            pairs(rng, ["name", "value"], 2)
        };
        add(&mut m, "env", env);
    }
    if rng.chance(50) {
        add(&mut m, "resources", resources(rng));
    }
    if rng.chance(70) {
        let n = rng.below(3);
        let items: Vec<(String, String)> = (0..n)
            .map(|i| {
                let k = if i == 0 {
                    "name".to_owned()
                } else {
                    format!("k{i}")
                };
                let v = if rng.bad(3) {
                    "1".to_owned()
                } else {
                    string(rng)
                };
                (k, v)
            })
            .collect();
        add(&mut m, "attributes", object(rng, items, false));
    }
    if rng.chance(30) {
        let regions = if rng.bad(10) {
            rng.pick(&["[]", "null", r#"["mars"]"#]).to_owned()
        } else {
            let n = 1 + rng.below(2);
            let items = (0..n)
                .map(|_| format!("\"{}\"", rng.pick(&["us-central1", "us-west1", "us-east1"])))
                .collect();
            list(rng, items)
        };
        add(&mut m, "regions", regions);
    }
    if rng.chance(15) {
        add(&mut m, "input_files", pairs(rng, ["from", "to"], 2));
    }
    if rng.chance(15) {
        add(&mut m, "output_files", pairs(rng, ["from", "to"], 2));
    }
    if rng.chance(15) {
        let t = rng.pick_or_bad(
            &[
                "1",
                "30",
                "0.5",
                "1e2",
                "2.50",
                "18446744073709551616",
                "1E-2",
            ],
            20,
            &["0", "-1", "true", "null"],
        );
        add(&mut m, "timeout", t.to_owned());
    }
    if rng.chance(10) {
        add(&mut m, "port", int(rng, &["8080", "0", "-1"]));
    }
    if rng.chance(10) {
        let n = rng.below(3);
        let items = (0..n)
            .map(|_| {
                let read_only = if rng.bad(10) {
                    boolean(rng)
                } else {
                    "true".to_owned()
                };
                let path = if rng.bad(5) {
                    "\"/io\"".to_owned()
                } else {
                    string(rng)
                };
                let members = vec![
                    ("bucket".to_owned(), string(rng)),
                    ("mount_path".to_owned(), path),
                    ("read_only".to_owned(), read_only),
                ];
                object(rng, members, true)
            })
            .collect();
        add(&mut m, "cloudfuse", list(rng, items));
    }
    for (key, percent) in [
        ("requester_pays_project", 5),
        ("user_code", 5),
        ("mount_tokens", 10),
        ("network", 10),
        ("unconfined", 5),
        ("secrets", 5),
    ] {
        if rng.chance(percent) {
            let v = match key {
                "mount_tokens" => boolean(rng),
                "unconfined" => rng.pick_or_bad(&["false"], 50, &["true", "0"]).to_owned(),
                "network" => rng
                    .pick_or_bad(&["\"public\""], 50, &["\"private\"", "\"x\""])
                    .to_owned(),
                "secrets" => rng
                    .pick_or_bad(
                        &["[]"],
                        50,
                        &[r#"[{"namespace":"n","name":"s","mount_path":"/s"}]"#],
                    )
                    .to_owned(),
                _ => string(rng),
            };
            add(&mut m, key, v);
        }
    }
    if rng.bad(3) {
        let (k, v) = [
            ("pvc_size", "\"1Gi\""),
            ("parent_ids", "[]"),
            ("gcsfuse", "[]"),
            ("cpu", "\"1\""),
            ("service_account", r#"{"namespace":"n","name":"s"}"#),
        ][rng.below(5)];
        add(&mut m, k, v.to_owned());
    }
    if rng.bad(2) {
        let i = rng.below(m.len());
        m[i].1 = "null".to_owned();
    }
    let shuffle = rng.chance(60);
    object(rng, m, shuffle)
}

/// A bunch of 1–4 jobs for an update starting at `start`; half of the bunches are clean.
fn bunch(rng: &mut Rng, start: i64) -> (String, usize) {
    rng.clean = rng.chance(50);
    let n = 1 + rng.below(4);
    let items = (1..=n as i64).map(|id| job(rng, id, start)).collect();
    (format!("{}{}{}", ws(rng), list(rng, items), ws(rng)), n)
}

#[test]
fn generated_bunches() {
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let contexts = contexts();
    let mut counts = [0usize; 3];
    for i in 0..4000 {
        let start = if rng.chance(70) { 1 } else { 4 };
        let (body, n) = bunch(&mut rng, start);
        let c = &contexts[i % contexts.len()];
        let n_jobs = if rng.bad(10) { n as i64 - 1 } else { n as i64 };
        let outcome = compare(body.as_bytes(), &range(start, n_jobs), c);
        counts[outcome as usize] += 1;
    }
    eprintln!("generated bunches (accepted, declined at parse, declined at prepare): {counts:?}");
    // The generator must exercise both sides.
    let [accepted, declined_parse, declined_prepare] = counts;
    assert!(accepted > 1000, "{counts:?}");
    assert!(declined_parse > 400, "{counts:?}");
    assert!(declined_prepare > 100, "{counts:?}");
}

/// Create-fast / update-fast bodies around generated bunches.
#[test]
fn generated_fast_path_bodies() {
    let mut rng = Rng::new(0x0123_4567_89ab_cdef);
    let c = ctx();
    let mut accepted = 0;
    for _ in 0..1500 {
        let (bunch_text, n) = bunch(&mut rng, 1);
        let create = rng.chance(50);
        let head_key = if create { "batch" } else { "update" };
        let head = if create {
            rng.pick_or_bad(
                &[
                    r#"{"billing_project":"p","n_jobs":4,"token":"t"}"#,
                    r#"{"billing_project":"p","n_jobs":4,"token":"t","attributes":{"name":"b"}}"#,
                ],
                20,
                &[r#"{"n_jobs":4,"token":"t"}"#, "[]"],
            )
        } else {
            rng.pick_or_bad(
                &[
                    r#"{"n_jobs":4,"token":"t"}"#,
                    r#"{"n_jobs":4,"n_job_groups":1,"token":"t"}"#,
                ],
                20,
                &[r#"{"token":"t"}"#],
            )
        };
        let mut members = vec![
            (head_key.to_owned(), head.to_owned()),
            ("bunch".to_owned(), bunch_text),
        ];
        if rng.chance(50) {
            let groups = rng.pick_or_bad(
                &["[]", r#"[{"job_group_id":1,"in_update_parent_id":0}]"#],
                20,
                &["{}", "null"],
            );
            members.push(("job_groups".to_owned(), groups.to_owned()));
        }
        if rng.chance(10) {
            members.push(("extra".to_owned(), r#"{"ignored":[1,2,{}]}"#.to_owned()));
        }
        if rng.bad(5) {
            members.remove(rng.below(members.len()));
        }
        let body = object(&mut rng, members, true);
        let r = range(1, n as i64);
        let (want, got) = if create {
            let want = reference::parse_create_fast(body.as_bytes())
                .map(|w| (format!("{:?} {:?}", w.batch, w.job_groups), w.bunch));
            let got = parse_create_fast(body.as_bytes())
                .map(|g| (format!("{:?} {:?}", g.batch, g.job_groups), g.bunch));
            (want, got)
        } else {
            let want = reference::parse_update_fast(body.as_bytes())
                .map(|w| (format!("{:?} {:?}", w.update, w.job_groups), w.bunch));
            let got = parse_update_fast(body.as_bytes())
                .map(|g| (format!("{:?} {:?}", g.update, g.job_groups), g.bunch));
            (want, got)
        };
        match (want, got) {
            (Err(w), Err(g)) => assert_eq!(w, g, "{body}"),
            (Ok((w_head, w_bunch)), Ok((g_head, g_bunch))) => {
                assert_eq!(w_head, g_head, "{body}");
                assert_eq!(g_bunch.len(), w_bunch.len(), "{body}");
                let w_prepared = reference::prepare_jobs(4711, &r, &w_bunch, &c);
                assert_eq!(g_bunch.prepare(4711, &r, &c), w_prepared, "{body}");
                if let Bunch::Fast(f) = &g_bunch
                    && f.prepare(4711, &r, &c).is_some()
                {
                    accepted += 1;
                }
            }
            (w, g) => panic!("{body}: reference {w:?}, fast {g:?}"),
        }
    }
    eprintln!("fast-path bodies accepted by the fast path: {accepted} of 1500");
    assert!(accepted > 300, "{accepted}");
}

/// Wrapper bodies: the fast path takes them or leaves them to the reference; the result
/// (including the error message) is the reference's.
#[test]
fn fast_path_wrappers() {
    let batch = r#"{"billing_project":"p","n_jobs":1,"token":"t"}"#;
    let bunch = format!("[{CLI_JOB}]");
    let bodies = [
        (format!(r#"{{"bunch":{bunch},"batch":{batch}}}"#), true),
        (
            format!(r#"{{"batch":{batch},"job_groups":[],"bunch":{bunch}}}"#),
            true,
        ),
        (
            format!(r#" {{ "b\u0075nch" : {bunch} , "batch" : {batch} , "other" : [[{{}}]] }} "#),
            true,
        ),
        (
            format!(r#"{{"bunch":{bunch},"batch":{batch},"bunch":{bunch}}}"#),
            false,
        ),
        (
            format!(r#"{{"bunch":{bunch},"batch":{batch},"x":1,"x":2}}"#),
            false,
        ),
        (format!(r#"{{"bunch":{bunch}}}"#), false),
        (format!(r#"{{"batch":{batch}}}"#), false),
        (
            format!(r#"{{"bunch":{bunch},"batch":{{"n_jobs":1}}}}"#),
            false,
        ),
        (
            format!(r#"{{"bunch":{bunch},"batch":{batch},"job_groups":null}}"#),
            false,
        ),
        (format!(r#"{{"bunch":{bunch},"batch":{batch}}} x"#), false),
        (format!(r#"[{{"bunch":{bunch},"batch":{batch}}}]"#), false),
        (
            format!(
                r#"{{"bunch":{bunch},"batch":{batch},"deep":{}1{}}}"#,
                "[".repeat(130),
                "]".repeat(130)
            ),
            false,
        ),
    ];
    let c = ctx();
    let r = range(1, 1);
    for (body, fast_ok) in bodies {
        let want = reference::parse_create_fast(body.as_bytes()).map(|w| {
            (
                w.batch,
                w.job_groups,
                reference::prepare_jobs(1, &r, &w.bunch, &c),
            )
        });
        let got = parse_create_fast(body.as_bytes());
        let was_fast = matches!(&got, Ok(g) if matches!(g.bunch, Bunch::Fast(_)));
        let got = got.map(|g| (g.batch, g.job_groups, g.bunch.prepare(1, &r, &c)));
        assert_eq!(got, want, "{body}");
        assert_eq!(was_fast, fast_ok, "{body}");
    }
    // update-fast, same wrapper code with `update`.
    let body = format!(r#"{{"update":{{"n_jobs":1,"token":"t"}},"bunch":{bunch}}}"#);
    let got = parse_update_fast(body.as_bytes()).expect("valid");
    assert!(matches!(got.bunch, Bunch::Fast(_)));
    assert_eq!(
        got.bunch.prepare(1, &r, &c),
        reference::prepare_jobs(
            1,
            &r,
            &reference::parse_update_fast(body.as_bytes())
                .expect("valid")
                .bunch,
            &c
        )
    );
    assert_eq!(
        parse_update_fast(format!(r#"{{"bunch":{bunch}}}"#).as_bytes())
            .expect_err("missing")
            .0,
        "body missing required key update."
    );
}
