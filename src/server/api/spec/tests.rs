use super::*;
use crate::server::model::container_names;
use serde_json::json;

fn docker_job(extra: Value) -> Value {
    let mut job = json!({
        "job_id": 1,
        "process": {"command": ["true"], "image": "ubuntu:24.04", "type": "docker"},
    });
    if let (Value::Object(m), Value::Object(e)) = (&mut job, extra) {
        for (k, v) in e {
            m.insert(k, v);
        }
    }
    job
}

fn jobs_err(jobs: Value) -> String {
    validate_jobs(jobs).expect_err("should fail").0
}

fn job_err(job: Value) -> String {
    jobs_err(json!([job]))
}

fn one_job(job: Value) -> JobSpec {
    validate_jobs(json!([job])).expect("valid").remove(0)
}

/// The job context the spec tests (and the fast path's differential tests) check against.
pub(crate) fn ctx() -> JobContext {
    JobContext::new(
        "alice",
        vec![
            "us-central1".to_owned(),
            "us-west1".to_owned(),
            "us-east1".to_owned(),
        ],
    )
}

fn check_err(job: Value, ctx: &JobContext) -> String {
    one_job(job)
        .check(ctx, 4711, 12)
        .expect_err("should fail")
        .0
}

const CPU_RE_TEXT: &str = "[+]?((?:[0-9]*[.])?[0-9]+)([m])?";
const MEM_RE_TEXT: &str = "[+]?((?:[0-9]*[.])?[0-9]+)([KMGTP][i]?)?B?";

#[test]
fn batch_spec_messages() {
    let ok = json!({"billing_project": "p", "n_jobs": 1, "token": "t"});
    let spec = validate_batch_spec(&ok).expect("valid");
    assert_eq!(spec.n_job_groups, 0);
    assert_eq!(spec.attributes, None);
    let long = "x".repeat(101);
    let cases = [
        (json!([]), "batch is not <class 'dict'>".to_owned()),
        (
            json!({"n_jobs": 1, "token": "t"}),
            "batch missing required key billing_project.".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1}),
            "batch missing required key token.".into(),
        ),
        (
            json!({"billing_project": "p", "token": "t"}),
            "batch missing required key n_jobs.".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "name": "x"}),
            "unknown keys in batch: {'name'}".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "cancel_after_n_failures": 0}),
            "batch.cancel_after_n_failures does not satisfy the condition x > 0".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "cancel_after_n_failures": 1.5}),
            "batch.cancel_after_n_failures does not satisfy the condition x > 0".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "cancel_after_n_failures": "1"}),
            "batch.cancel_after_n_failures is not numeric".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "attributes": {"k": 1}}),
            "batch.attributes[k] is not <class 'str'>".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "attributes": []}),
            "batch.attributes is not <class 'dict'>".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": "1", "token": "t"}),
            "batch.n_jobs is not <class 'int'>".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1.0, "token": "t"}),
            "batch.n_jobs is not <class 'int'>".into(),
        ),
        (
            json!({"billing_project": 5, "n_jobs": 1, "token": "t"}),
            "batch.billing_project is not <class 'str'>".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": "t", "callback": 3}),
            "batch.callback is not <class 'str'>".into(),
        ),
        (
            json!({"billing_project": "p", "n_jobs": 1, "token": long}),
            "length of batch.token must be <= 100".into(),
        ),
    ];
    for (body, want) in cases {
        assert_eq!(
            validate_batch_spec(&body).expect_err("should fail").0,
            want,
            "{body}"
        );
    }
    // Nullable keys, and booleans accepted as ints (Python).
    let spec = validate_batch_spec(
        &json!({"billing_project": "p", "n_jobs": true, "token": "t",
        "attributes": null, "callback": null, "cancel_after_n_failures": null}),
    )
    .expect("valid");
    assert_eq!(spec.n_jobs, 1);
    assert_eq!(
        parse_create_batch(b"{").expect_err("bad json").0,
        "invalid JSON in request body: EOF while parsing an object at line 1 column 1"
    );
}

#[test]
fn update_spec_messages() {
    let cases = [
        (
            json!({"token": "t"}),
            "batch_update missing required key n_jobs.",
        ),
        (
            json!({"n_jobs": 1}),
            "batch_update missing required key token.",
        ),
        (
            json!({"token": "t", "n_jobs": -1}),
            "batch_update.n_jobs does not satisfy the condition x >= 0",
        ),
        (
            json!({"token": "t", "n_jobs": 1.5}),
            "batch_update.n_jobs does not satisfy the condition x >= 0",
        ),
        (
            json!({"token": "t", "n_jobs": "1"}),
            "batch_update.n_jobs is not numeric",
        ),
        (
            json!({"token": "t", "n_jobs": 1, "n_job_groups": -2}),
            "batch_update.n_job_groups does not satisfy the condition x >= 0",
        ),
        (
            json!({"token": "t", "n_jobs": 1, "x": 1}),
            "unknown keys in batch_update: {'x'}",
        ),
        (
            json!({"token": "t", "n_jobs": 0}),
            "batch_update must have n_jobs > 0 or n_job_groups > 0",
        ),
        (json!(1), "batch_update is not <class 'dict'>"),
    ];
    for (body, want) in cases {
        assert_eq!(
            validate_update_spec(&body).expect_err("should fail").0,
            want,
            "{body}"
        );
    }
    let u =
        parse_create_update(br#"{"n_jobs": 2, "n_job_groups": 0, "token": "abc"}"#).expect("ok");
    assert_eq!(
        u,
        UpdateSpec {
            token: "abc".into(),
            n_jobs: 2,
            n_job_groups: 0
        }
    );
}

#[test]
fn job_group_messages() {
    let cases = [
        (json!({}), "job_groups is not a list"),
        (
            json!([{"in_update_parent_id": 0}]),
            "job_groups[0] missing required key job_group_id.",
        ),
        (
            json!([{"job_group_id": 1}]),
            "job group must define in_update_parent_id or absolute_parent_id",
        ),
        (
            json!([{"job_group_id": 1, "absolute_parent_id": 0, "name": "x"}]),
            "unknown keys in job_groups[0]: {'name'}",
        ),
        (
            json!([{"job_group_id": 1, "absolute_parent_id": 0, "attributes": {"name": 1}}]),
            "job_groups[0].attributes[name] is not <class 'str'>",
        ),
        (
            json!([{"job_group_id": 1, "absolute_parent_id": 0, "cancel_after_n_failures": 0}]),
            "job_groups[0].cancel_after_n_failures does not satisfy the condition x > 0",
        ),
        (
            json!([{"job_group_id": 1, "absolute_parent_id": "0"}]),
            "job_groups[0].absolute_parent_id is not <class 'int'>",
        ),
        (
            json!([{"job_group_id": 1, "in_update_parent_id": 0}, {"job_group_id": 3, "in_update_parent_id": 0}]),
            "noncontiguous job group ids found in the spec: 1 -> 3",
        ),
        (
            json!([{"job_group_id": 1, "absolute_parent_id": 0, "callback": "x".repeat(256)}]),
            "length of job_groups[0].callback must be <= 255",
        ),
    ];
    for (body, want) in cases {
        assert_eq!(
            validate_job_groups(&body).expect_err("should fail").0,
            want,
            "{body}"
        );
    }
    let groups = parse_job_groups(
        br#"[{"job_group_id":1,"attributes":{"name":"stage-1"},"in_update_parent_id":0},{"job_group_id":2,"attributes":{"name":"stage-1a"},"cancel_after_n_failures":1,"in_update_parent_id":1},{"job_group_id":3,"absolute_parent_id":null,"in_update_parent_id":1}]"#,
    )
    .expect("valid");
    assert_eq!(groups[0].parent, Some(GroupRef::InUpdate(0)));
    assert_eq!(groups[1].cancel_after_n_failures, Some(1));
    // absolute_parent_id wins even when null.
    assert_eq!(groups[2].parent, None);
    // The consecutive check skips a previous id of 0.
    assert!(validate_job_groups(&json!([{"job_group_id": 0, "absolute_parent_id": 0}, {"job_group_id": 5, "absolute_parent_id": 0}])).is_ok());
}

#[test]
fn job_schema_messages() {
    let cases: Vec<(Value, String)> = vec![
        (json!({}), "jobs is not list".into()),
        (json!([1]), "jobs[0] is not <class 'dict'>".into()),
        (
            json!([docker_job(json!({"cpu": "1"}))]),
            "unknown keys in jobs[0]: {'cpu'}".into(),
        ),
        (
            json!([docker_job(json!({"job_id": 1.5}))]),
            "jobs[0].job_id is not <class 'int'>".into(),
        ),
        (
            json!([{"process": {"command": [], "image": "i", "type": "docker"}}]),
            "jobs[0] missing required key job_id.".into(),
        ),
        (
            json!([docker_job(json!({"always_run": 1}))]),
            "jobs[0].always_run is not <class 'bool'>".into(),
        ),
        (
            json!([docker_job(json!({"attributes": {"name": 5}}))]),
            "jobs[0].attributes[name] is not <class 'str'>".into(),
        ),
        (
            json!([docker_job(json!({"env": {"A": "b"}}))]),
            "jobs[0].env is not <class 'list'>".into(),
        ),
        (
            json!([docker_job(json!({"env": [{"name": "A", "value": 1}]}))]),
            "jobs[0].env[0].value is not <class 'str'>".into(),
        ),
        (
            json!([docker_job(json!({"env": [{"name": "A"}]}))]),
            "jobs[0].env[0] missing required key value.".into(),
        ),
        (
            json!([docker_job(json!({"input_files": [{"from": "gs://a"}]}))]),
            "jobs[0].input_files[0] missing required key to.".into(),
        ),
        (
            json!([docker_job(json!({"network": "host"}))]),
            "jobs[0].network must be one of: {'public', 'private'}".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"command": ["x"], "image": "i", "type": "shell"}})
            )]),
            "jobs[0].process.shell must be one of: {'docker', 'jvm'}".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"command": ["x"], "image": "i"}})
            )]),
            "jobs[0].process missing required key type.".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"image": "i", "type": "docker"}})
            )]),
            "jobs[0].process missing required key command.".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"command": "ls", "image": "i", "type": "docker"}})
            )]),
            "jobs[0].process.command is not <class 'list'>".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"command": [1], "image": "i", "type": "docker"}})
            )]),
            "jobs[0].process.command[0] is not <class 'str'>".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"command": [], "image": "i", "type": "docker", "x": 1}})
            )]),
            "unknown keys in jobs[0].process: {'x'}".into(),
        ),
        (
            json!([docker_job(
                json!({"process": {"command": [], "type": "jvm", "jar_spec": {"type": "sha", "value": "v"}}})
            )]),
            "jobs[0].process.jar_spec.type must be one of: {'git_revision', 'jar_url'}".into(),
        ),
        (
            json!([docker_job(json!({"resources": {"cpu": "one"}}))]),
            format!("jobs[0].resources.cpu must match regex: {CPU_RE_TEXT}"),
        ),
        (
            json!([docker_job(json!({"resources": {"memory": "lots"}}))]),
            format!(
                "jobs[0].resources.memory does not satisfy any conditions: jobs[0].resources.memory must match regex: {MEM_RE_TEXT} or jobs[0].resources.memory must be one of: {{'lowmem', 'standard', 'highmem'}}"
            ),
        ),
        (
            json!([docker_job(json!({"resources": {"storage": "10 GB"}}))]),
            format!("jobs[0].resources.storage must match regex: {MEM_RE_TEXT}"),
        ),
        (
            json!([docker_job(json!({"resources": {"cpu": 1}}))]),
            "jobs[0].resources.cpu is not <class 'str'>".into(),
        ),
        (
            json!([docker_job(json!({"resources": {"gpu": "1"}}))]),
            "unknown keys in jobs[0].resources: {'gpu'}".into(),
        ),
        (
            json!([docker_job(json!({"resources": {"preemptible": "yes"}}))]),
            "jobs[0].resources.preemptible is not <class 'bool'>".into(),
        ),
        (
            json!([docker_job(json!({"timeout": 0}))]),
            "jobs[0].timeout does not satisfy the condition x > 0".into(),
        ),
        (
            json!([docker_job(json!({"timeout": "5"}))]),
            "jobs[0].timeout is not numeric".into(),
        ),
        (
            json!([docker_job(
                json!({"secrets": [{"namespace": "Default", "name": "s", "mount_path": "/s"}]})
            )]),
            format!(
                "jobs[0].secrets[0].namespace must match regex: {}",
                r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*"
            ),
        ),
        (
            json!([docker_job(
                json!({"service_account": {"namespace": "a".repeat(254), "name": "s"}})
            )]),
            "length of jobs[0].service_account.namespace must be <= 253".into(),
        ),
        (
            json!([docker_job(
                json!({"cloudfuse": [{"bucket": "b", "mount_path": "/m"}]})
            )]),
            "jobs[0].cloudfuse[0] missing required key read_only.".into(),
        ),
        (
            json!([docker_job(json!({"regions": "us-central1"}))]),
            "jobs[0].regions is not <class 'list'>".into(),
        ),
        (
            json!([docker_job(json!({"in_update_parent_ids": [1.0]}))]),
            "jobs[0].in_update_parent_ids[0] is not <class 'int'>".into(),
        ),
        (
            json!([docker_job(json!({"port": "80"}))]),
            "jobs[0].port is not <class 'int'>".into(),
        ),
        (
            json!([docker_job(json!({"attributes": {"k".repeat(101): "v"}}))]),
            "length of keys in jobs[0].attributes must be <= 100".into(),
        ),
        (
            json!([docker_job(json!({})), docker_job(json!({"job_id": 3}))]),
            "noncontiguous job ids found in the spec: 1 -> 3".into(),
        ),
        (
            json!([
                docker_job(json!({})),
                docker_job(json!({"job_id": 2, "n_max_attempts": "3"}))
            ]),
            "jobs[1].n_max_attempts is not <class 'int'>".into(),
        ),
    ];
    for (body, want) in cases {
        assert_eq!(jobs_err(body.clone()), want, "{body}");
    }
}

#[test]
fn deprecated_key_messages() {
    let cases = [
        (
            json!({"job_id": 1, "command": ["true"], "image": "i", "pvc_size": "1Gi", "resources": {"storage": "2Gi"}}),
            "jobs[0].resources.storage is already defined, but deprecated key 'pvc_size' is also present.".to_owned(),
        ),
        (
            json!({"job_id": 1, "command": ["true"], "image": "i", "pvc_size": "big"}),
            format!("[pvc_size key is DEPRECATED. Use resources.storage] jobs[0].pvc_size must match regex: {MEM_RE_TEXT}"),
        ),
        (
            json!({"job_id": 1, "command": ["true"]}),
            "jobs[0].process is not defined, but deprecated keys ['image'] are not in jobs[0]".into(),
        ),
        (
            json!({"job_id": 1}),
            "jobs[0].process is not defined, but deprecated keys ['command', 'image'] are not in jobs[0]".into(),
        ),
        (
            json!({"job_id": 1, "command": "true", "image": "i"}),
            "[command, image keys are DEPRECATED. Use process.command, process.image, with process.type = 'docker'.] jobs[0].command is not <class 'list'>".into(),
        ),
        (
            json!({"job_id": 1, "command": ["true"], "image": 3}),
            "[command, image keys are DEPRECATED. Use process.command, process.image, with process.type = 'docker'.] jobs[0].image is not <class 'str'>".into(),
        ),
        (
            docker_job(json!({"image": "i"})),
            "jobs[0].process is already defined, but deprecated keys 'command', 'image' are also present. Please remove deprecated keys.".into(),
        ),
        (
            docker_job(json!({"process": {"command": ["x"], "image": "i", "type": "docker", "mount_docker_socket": true}})),
            "mount_docker_socket is no longer supported but was set to True in request. Please upgrade.".into(),
        ),
    ];
    for (job, want) in cases {
        assert_eq!(job_err(job.clone()), want, "{job}");
    }

    // Accepted normalisations.
    let job = one_job(
        json!({"job_id": 1, "command": ["echo"], "image": "i", "pvc_size": "5Gi",
        "gcsfuse": [{"bucket": "b", "mount_path": "/m", "read_only": true}], "parent_ids": [3],
        "absolute_parent_ids": [9]}),
    );
    assert_eq!(
        job.process,
        Process::Docker {
            image: "i".into(),
            command: vec!["echo".into()]
        }
    );
    assert_eq!(job.resources.storage.as_deref(), Some("5Gi"));
    assert_eq!(job.cloudfuse.len(), 1);
    assert_eq!(job.absolute_parent_ids, vec![3]);
    assert!(job.always_copy_output, "server default is true");
    assert_eq!(job.job_group, GroupRef::Absolute(0));
    assert_eq!(job.n_max_attempts, 20);
    let job = one_job(docker_job(
        json!({"process": {"command": ["x"], "image": "i", "type": "docker", "mount_docker_socket": false}}),
    ));
    assert!(matches!(job.process, Process::Docker { .. }));
    let jvm = one_job(docker_job(
        json!({"process": {"type": "jvm", "command": ["is.hail.Main"], "jar_spec": {"type": "jar_url", "value": "gs://jars/x.jar"}}}),
    ));
    assert!(matches!(jvm.process, Process::Jvm { profile: false, .. }));
}

#[test]
fn server_side_check_messages() {
    let c = ctx();
    let mut ci = ctx();
    ci.user = "ci".into();
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let cases = [
        (docker_job(json!({"resources": {"machine_type": "n1-standard-3"}})), "unknown machine type n1-standard-3 for cloud gcp".to_owned()),
        (docker_job(json!({"resources": {"machine_type": "n1-standard-4", "memory": "1Gi"}})), "cannot specify cpu and memory with machine_type".into()),
        (docker_job(json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "jar_url", "value": "u"}}, "resources": {"cpu": "0.5"}})), "invalid cpu for jvm jobs. must be 1, 2, 4, or 8".into()),
        (docker_job(json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "jar_url", "value": "u"}}, "resources": {"memory": "lowmem"}})), "jvm jobs cannot be on lowmem machines".into()),
        (docker_job(json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "jar_url", "value": "u"}}, "resources": {"machine_type": "n1-standard-4"}})), "jvm jobs may not specify machine_type".into()),
        (docker_job(json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "git_revision", "value": "abc"}}})), "revision must be 40 character hexadecimal encoded SHA-1, got: abc".into()),
        (docker_job(json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "git_revision", "value": sha}}})), format!("Could not find a JAR matching revision {sha}")),
        (docker_job(json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "jar_url", "value": "gs://x/y.jar"}}})), "unacceptable JAR url: gs://x/y.jar".into()),
        (docker_job(json!({"resources": {"cpu": "0.3"}})), "bad resource request for job (4711, 12): cpu must be a power of two with a min of 0.25; found 0.3.".into()),
        (docker_job(json!({"resources": {"cpu": "3"}})), "bad resource request for job (4711, 12): cpu must be a power of two with a min of 0.25; found 3.".into()),
        (docker_job(json!({"resources": {"cpu": "0"}})), "bad resource request for job (4711, 12): cpu must be a power of two with a min of 0.25; found 0.".into()),
        (docker_job(json!({"resources": {"cpu": "32"}})), "resource requests for job (4711, 12) are unsatisfiable: cloud=gcp, cpu=32, memory=standard, storage=0Gi, preemptible=True, machine_type=None".into()),
        (docker_job(json!({"resources": {"memory": "200Gi", "preemptible": false}})), "resource requests for job (4711, 12) are unsatisfiable: cloud=gcp, cpu=1, memory=200Gi, storage=0Gi, preemptible=False, machine_type=None".into()),
        (docker_job(json!({"resources": {"storage": "100Ti"}})), "resource requests for job (4711, 12) are unsatisfiable: cloud=gcp, cpu=1, memory=standard, storage=100Ti, preemptible=True, machine_type=None".into()),
        (docker_job(json!({"resources": {"machine_type": "n1-standard-4", "storage": "100Ti"}})), "resource requests for job (4711, 12) are unsatisfiable: cloud=gcp, cpu=None, memory=None, storage=100Ti, preemptible=True, machine_type=n1-standard-4".into()),
        (docker_job(json!({"regions": ["mars-1", "us-west1", "mars-1"]})), "invalid regions specified: {'mars-1'}. Choose from {'us-central1', 'us-west1', 'us-east1'}".into()),
        (docker_job(json!({"regions": []})), "regions must not be an empty array".into()),
        (docker_job(json!({"secrets": [{"namespace": "default", "name": "s1", "mount_path": "/a"}, {"namespace": "ns", "name": "s2", "mount_path": "/b"}]})), "unauthorized secret [('default', 's1'), ('ns', 's2')] for user alice".into()),
        (docker_job(json!({"cloudfuse": [{"bucket": "b", "mount_path": "/m", "read_only": false}]})), "Only read-only cloudfuse requests are supported. Found {'bucket': 'b', 'mount_path': '/m', 'read_only': False}".into()),
        (docker_job(json!({"gcsfuse": [{"read_only": true, "bucket": "b", "mount_path": "/io"}]})), "Cloudfuse requests with mount_path=/io are not supported. Found {'read_only': True, 'bucket': 'b', 'mount_path': '/io'}".into()),
        (docker_job(json!({"service_account": {"namespace": "default", "name": "sa"}})), "unauthorized service account ('default', 'sa') for user alice".into()),
        (docker_job(json!({"network": "private"})), "unauthorized network private".into()),
        (docker_job(json!({"unconfined": true})), "unauthorized use of unconfined=True".into()),
    ];
    for (job, want) in cases {
        assert_eq!(check_err(job.clone(), &c), want, "{job}");
    }
    // `ci` may use a private network, unconfined and secrets.
    let job = one_job(docker_job(json!({"network": "private", "unconfined": true,
        "secrets": [{"namespace": "default", "name": "s", "mount_path": "/s"}]})));
    assert!(job.check(&ci, 1, 1).is_ok());
    // A configured JAR prefix accepts matching URLs.
    let mut jars = ctx();
    jars.jar_url_prefix = Some("gs://jars/".into());
    let job = one_job(docker_job(
        json!({"process": {"type": "jvm", "command": [], "jar_spec": {"type": "jar_url", "value": "gs://jars/q.jar"}}}),
    ));
    assert!(job.check(&jars, 1, 1).is_ok());
}

#[test]
fn resolves_resources() {
    let c = ctx();
    let job = one_job(docker_job(json!({})));
    let r = job.check(&c, 1, 1).expect("ok");
    assert_eq!(
        r.to_json().to_string(),
        r#"{"req_cpu":"1","req_memory":"standard","req_storage":"0Gi","cores_mcpu":1000,"memory_bytes":4026531840,"storage_gib":0,"preemptible":true}"#
    );
    assert_eq!(r.inst_coll, "standard");
    let job = one_job(docker_job(
        json!({"resources": {"cpu": "250m", "memory": "5Gi", "storage": "1Gi", "preemptible": false}}),
    ));
    let r = job.check(&c, 1, 1).expect("ok");
    assert_eq!(
        (r.cores_mcpu, r.storage_gib, r.inst_coll.as_str()),
        (1000, 10, "highmem-np")
    );
    let job = one_job(docker_job(
        json!({"resources": {"machine_type": "n1-highmem-8"}}),
    ));
    let r = job.check(&c, 1, 1).expect("ok");
    assert_eq!(
        r.to_json().to_string(),
        r#"{"req_storage":"0Gi","cores_mcpu":8000,"memory_bytes":55834574848,"storage_gib":10,"preemptible":true,"machine_type":"n1-highmem-8"}"#
    );
    assert_eq!(r.inst_coll, "job-private");
}

#[test]
fn stored_spec_matches_reference_example() {
    let c = ctx();
    let jobs = parse_jobs(br#"[{"always_run":false,"n_max_attempts":20,"always_copy_output":false,"job_id":1,"absolute_parent_ids":[],"in_update_parent_ids":[],"process":{"command":["bash","-c","echo hello"],"image":"ubuntu:24.04","type":"docker"},"in_update_job_group_id":1,"env":[{"name":"FOO","value":"bar"}],"resources":{"cpu":"1","memory":"standard","storage":"10Gi"},"attributes":{"name":"hello"}}]"#).expect("valid");
    let range = UpdateRange {
        update_id: 1,
        start_job_id: 1,
        n_jobs: 1,
        start_job_group_id: 1,
        n_job_groups: 1,
    };
    let prepared = prepare_jobs(4711, &range, &jobs, &c).expect("ok");
    let p = &prepared[0];
    assert_eq!((p.job_id, p.job_group_id, p.in_update_job_id), (1, 1, 1));
    assert_eq!(p.attributes.get("name").map(String::as_str), Some("hello"));
    let stored: Value = serde_json::from_str(&p.spec).expect("stored spec");
    assert_eq!(container_names(&stored), vec!["main"]);
    let want = r#"{"always_copy_output":false,"job_id":1,"process":{"command":["bash","-c","echo hello"],"image":"ubuntu:24.04","type":"docker"},"env":[{"name":"FOO","value":"bar"},{"name":"GOOGLE_APPLICATION_CREDENTIALS","value":"/gsa-key/key.json"}],"resources":{"req_cpu":"1","req_memory":"standard","req_storage":"10Gi","cores_mcpu":1000,"memory_bytes":4026531840,"storage_gib":10,"preemptible":true},"job_group_id":1,"secrets":[{"namespace":"default","name":"alice-gsa-key","mount_path":"/gsa-key","mount_in_copy":true}],"n_max_attempts":20,"always_run":false,"network":"public","regions":["us-central1","us-east1","us-west1"]}"#;
    assert_eq!(p.spec.to_string(), want);

    // Minimal job: defaults appended, gcsfuse kept, requested regions kept, credentials not
    // duplicated.
    let job = one_job(json!({"job_id": 2, "command": ["true"], "image": "i",
        "cloudfuse": [{"bucket": "b", "mount_path": "/m", "read_only": true}],
        "env": [{"name": "GOOGLE_APPLICATION_CREDENTIALS", "value": "/mine"}],
        "regions": ["us-west1"], "input_files": [{"from": "gs://a", "to": "/a"}]}));
    let r = job.check(&c, 9, 2).expect("ok");
    let spec = job.stored_spec(2, 0, &r, &c);
    assert_eq!(
        spec.to_string(),
        r#"{"job_id":2,"env":[{"name":"GOOGLE_APPLICATION_CREDENTIALS","value":"/mine"}],"regions":["us-west1"],"input_files":[{"from":"gs://a","to":"/a"}],"process":{"command":["true"],"image":"i","type":"docker"},"gcsfuse":[{"bucket":"b","mount_path":"/m","read_only":true}],"always_copy_output":true,"job_group_id":0,"resources":{"req_cpu":"1","req_memory":"standard","req_storage":"0Gi","cores_mcpu":1000,"memory_bytes":4026531840,"storage_gib":0,"preemptible":true},"secrets":[{"namespace":"default","name":"alice-gsa-key","mount_path":"/gsa-key","mount_in_copy":true}],"n_max_attempts":20,"always_run":false,"network":"public"}"#
    );
    assert_eq!(container_names(&spec), vec!["input", "main"]);
}

#[test]
fn translates_ids() {
    assert_eq!(absolute_id(1, 0), 0, "in-update 0 in update 1 is the root");
    assert_eq!(absolute_id(1, 1), 1);
    assert_eq!(absolute_id(4, 1), 4);
    assert_eq!(absolute_id(4, 3), 6);
    assert_eq!(GroupRef::InUpdate(0).absolute(1), 0);
    assert_eq!(GroupRef::InUpdate(2).absolute(3), 4);
    assert_eq!(GroupRef::Absolute(1).absolute(3), 1);
    let range = UpdateRange {
        update_id: 2,
        start_job_id: 4,
        n_jobs: 3,
        start_job_group_id: 2,
        n_job_groups: 2,
    };
    assert_eq!((range.job_id(1), range.job_group_id(2)), (4, 3));

    let c = ctx();
    let jobs = validate_jobs(json!([
        docker_job(json!({"job_id": 1, "absolute_parent_ids": [3], "absolute_job_group_id": 1})),
        docker_job(json!({"job_id": 2, "in_update_parent_ids": [1], "in_update_job_group_id": 2})),
    ]))
    .expect("valid");
    let prepared = prepare_jobs(7, &range, &jobs, &c).expect("ok");
    let ids: Vec<(i64, i64, Vec<i64>)> = prepared
        .iter()
        .map(|p| (p.job_id, p.job_group_id, p.parent_ids.clone()))
        .collect();
    assert_eq!(ids, vec![(4, 1, vec![3]), (5, 3, vec![4])]);
    assert!(check_duplicated_parents(7, &prepared).is_ok());

    let groups = validate_job_groups(&json!([
        {"job_group_id": 1, "absolute_parent_id": 0},
        {"job_group_id": 2, "in_update_parent_id": 1, "attributes": {"name": "g"}},
    ]))
    .expect("valid");
    let pg = prepare_job_groups(&range, &groups).expect("ok");
    assert_eq!((pg[0].job_group_id, pg[0].parent_id), (2, Some(0)));
    assert_eq!((pg[1].job_group_id, pg[1].parent_id), (3, Some(2)));
}

#[test]
fn range_parent_and_duplicate_messages() {
    let c = ctx();
    let range = UpdateRange {
        update_id: 2,
        start_job_id: 4,
        n_jobs: 2,
        start_job_group_id: 2,
        n_job_groups: 1,
    };
    let err = |jobs: Value| {
        let jobs = validate_jobs(jobs).expect("valid");
        prepare_jobs(7, &range, &jobs, &c)
            .expect_err("should fail")
            .0
    };
    assert_eq!(
        err(json!([
            docker_job(json!({"job_id": 2})),
            docker_job(json!({"job_id": 3}))
        ])),
        "job ids [2, 3] are out of range [1, 2] allocated by update 2"
    );
    assert_eq!(
        err(json!([docker_job(
            json!({"job_id": 1, "resources": {"cpu": "3"}})
        )])),
        "bad resource request for job (7, 4): cpu must be a power of two with a min of 0.25; found 3."
    );
    assert_eq!(
        err(json!([docker_job(
            json!({"job_id": 1, "in_update_parent_ids": [1]})
        )])),
        "invalid parent id 4 for job (7, 4): parents must be earlier jobs of the same batch"
    );
    assert_eq!(
        err(json!([docker_job(
            json!({"job_id": 2, "absolute_parent_ids": [4]})
        )])),
        "invalid parent id 4 for job (7, 5): parents must be earlier jobs of the same batch"
    );
    let groups = validate_job_groups(&json!([{"job_group_id": 1, "absolute_parent_id": 0}, {"job_group_id": 2, "absolute_parent_id": 0}])).expect("valid");
    assert_eq!(
        prepare_job_groups(&range, &groups)
            .expect_err("should fail")
            .0,
        "job group ids [1, 2] are out of range [1, 1] allocated by update 2"
    );

    let jobs = validate_jobs(json!([
        docker_job(json!({"job_id": 1, "absolute_parent_ids": [1]})),
        docker_job(
            json!({"job_id": 2, "absolute_parent_ids": [2], "in_update_parent_ids": [1, 1]})
        ),
    ]))
    .expect("valid");
    let prepared = prepare_jobs(7, &range, &jobs, &c).expect("ok");
    let e = check_duplicated_parents(7, &prepared).expect_err("duplicates");
    assert_eq!(
        e.0,
        "bunch contains job with duplicated parents ([(7, 4, 1), (7, 5, 2), (7, 5, 4), (7, 5, 4)])"
    );
    assert!(e.is_body_only());
}

#[test]
fn parses_fast_paths() {
    let body = br#"{"bunch":[{"always_run":false,"n_max_attempts":20,"always_copy_output":false,"job_id":1,"absolute_parent_ids":[],"in_update_parent_ids":[],"process":{"command":["bash","-c","echo hello"],"image":"ubuntu:24.04","type":"docker"},"in_update_job_group_id":1,"env":[{"name":"FOO","value":"bar"}],"resources":{"cpu":"1","memory":"standard","storage":"10Gi"},"attributes":{"name":"hello"}},{"always_run":true,"n_max_attempts":20,"always_copy_output":false,"job_id":2,"absolute_parent_ids":[],"in_update_parent_ids":[1],"process":{"command":["true"],"image":"ubuntu:24.04","type":"docker"},"in_update_job_group_id":0,"attributes":{"name":"cleanup"}}],"job_groups":[{"job_group_id":1,"attributes":{"name":"stage-1"},"in_update_parent_id":0}],"batch":{"billing_project":"my-project","n_jobs":2,"n_job_groups":1,"token":"X9i0p9m3rZ1n3O0wN3Q8d6T5n9wz7yq1vV1k1fR0tXk","attributes":{"name":"my-batch"}}}"#;
    let req = parse_create_fast(body).expect("valid");
    assert_eq!(req.batch.n_jobs, 2);
    assert_eq!(req.bunch.len(), 2);
    assert_eq!(req.bunch[1].job_group, GroupRef::InUpdate(0));
    assert!(req.bunch[1].always_run);
    assert_eq!(req.job_groups[0].parent, Some(GroupRef::InUpdate(0)));
    let range = UpdateRange {
        update_id: 1,
        start_job_id: 1,
        n_jobs: 2,
        start_job_group_id: 1,
        n_job_groups: 1,
    };
    let p = prepare_jobs(4711, &range, &req.bunch, &ctx()).expect("ok");
    assert_eq!((p[1].job_group_id, p[1].parent_ids.clone()), (0, vec![1]));

    let body = br#"{"job_groups":[],"bunch":[{"always_run":false,"n_max_attempts":20,"always_copy_output":false,"job_id":1,"absolute_parent_ids":[3],"in_update_parent_ids":[],"process":{"command":["echo","more"],"image":"ubuntu:24.04","type":"docker"},"absolute_job_group_id":1}],"update":{"n_jobs": 1, "n_job_groups": 0, "token": "q0jv3Hk1kC8b0u7l0g5vD2d9xS4lWmE1pPq0sT6yZ2A"}}"#;
    let req = parse_update_fast(body).expect("valid");
    assert_eq!(req.update.n_jobs, 1);
    assert_eq!(req.bunch[0].absolute_parent_ids, vec![3]);

    let cases: [(&[u8], &str); 6] = [
        (br#"{"bunch": []}"#, "body missing required key batch."),
        (br#"{"batch": {}}"#, "body missing required key bunch."),
        (br#"[]"#, "body is not <class 'dict'>"),
        (br#"{"batch": {"billing_project": "p", "n_jobs": 1, "token": "t"}, "bunch": {}}"#, "jobs is not list"),
        (br#"{"batch": {"billing_project": "p", "n_jobs": 1, "token": "t"}, "bunch": [], "job_groups": {}}"#, "job_groups is not a list"),
        // Batch errors win over bunch errors.
        (br#"{"batch": {"n_jobs": 1, "token": "t"}, "bunch": {}}"#, "batch missing required key billing_project."),
    ];
    for (body, want) in cases {
        assert_eq!(parse_create_fast(body).expect_err("should fail").0, want);
    }
    assert_eq!(
        parse_update_fast(br#"{"bunch": [], "update": {"token": "t"}}"#)
            .expect_err("fail")
            .0,
        "batch_update missing required key n_jobs."
    );
    assert_eq!(
        parse_update_fast(br#"{"bunch": []}"#).expect_err("fail").0,
        "body missing required key update."
    );
    assert_eq!(parse_jobs(b"[]").expect("empty ok").len(), 0);
}
