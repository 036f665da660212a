//! Batch and job-group callbacks (`batch-semantics.md` §9), received by a loopback HTTP
//! listener inside the test: exact bodies, nested groups, deleted batches, no retry, and a
//! receiver that never answers.

use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::util::Sandbox;
use crate::util::http::read_message;
use crate::util::service::{Service, job_spec as job};

/// What the listener saw.
#[derive(Debug)]
enum Event {
    /// A POST to `path` with a JSON body.
    Post { path: String, body: Value },
    /// The service closed a connection we never answered, after `after`.
    Closed { path: String, after: Duration },
}

/// A tiny HTTP server: `/fail…` answers 500, `/hang…` never answers, anything else 200.
struct Hook {
    port: u16,
    events: Receiver<Event>,
}

impl Hook {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let (tx, events) = channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let tx = tx.clone();
                std::thread::spawn(move || serve(stream, tx));
            }
        });
        Hook { port, events }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next event, with a deadline.
    fn next(&self) -> Event {
        self.events
            .recv_timeout(Duration::from_secs(60))
            .expect("no callback within 60 s")
    }

    /// Events until one satisfies `stop` (returned last).
    fn until(&self, stop: impl Fn(&Event) -> bool) -> Vec<Event> {
        let mut seen = Vec::new();
        loop {
            let event = self.next();
            let done = stop(&event);
            seen.push(event);
            if done {
                return seen;
            }
        }
    }
}

fn serve(mut stream: TcpStream, tx: Sender<Event>) {
    let start = Instant::now();
    let Ok(Some(request)) = read_message(&mut BufReader::new(&stream)) else {
        return;
    };
    let path = request
        .start_line
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let _ = tx.send(Event::Post {
        path: path.clone(),
        body,
    });
    if path.starts_with("/hang") {
        // Never answer; report when the service gives up and closes the connection.
        let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
        let _ = stream.read(&mut [0; 1]);
        let _ = tx.send(Event::Closed {
            path,
            after: start.elapsed(),
        });
        return;
    }
    let status = if path.starts_with("/fail") {
        "500 Internal Server Error"
    } else {
        "200 OK"
    };
    let _ = stream.write_all(
        format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes(),
    );
}

fn post_path(event: &Event) -> Option<&str> {
    match event {
        Event::Post { path, .. } => Some(path),
        Event::Closed { .. } => None,
    }
}

fn posts_to<'a>(events: &'a [Event], path: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Post { path: p, body } if p == path => Some(body),
            _ => None,
        })
        .collect()
}

/// Drops the keys that vary from run to run (times and cost).
fn without_times(mut body: Value) -> Value {
    if let Some(map) = body.as_object_mut() {
        for key in [
            "time_created",
            "time_completed",
            "duration",
            "duration_ms",
            "cost",
            "cost_breakdown",
            "msec_mcpu",
        ] {
            map.remove(key);
        }
    }
    body
}

fn service(sb: &Sandbox) -> Service {
    sb.start_service(&["--runtime", "host", "--user", "tester"])
}

/// A batch with `callback` whose jobs end when they do; the marker batch's callback arrives
/// after its `sleep 1`, which bounds how long we watch for an unwanted (retried) POST.
fn marker(service: &Service, rx: &Hook, name: &str) -> i64 {
    service.create_fast(
        name,
        json!({"callback": rx.url(&format!("/marker-{name}"))}),
        vec![job(1, "sleep 1", &[])],
    )
}

#[test]
fn batch_callback_body_is_the_batch_status() {
    let sb = Sandbox::new();
    let service = service(&sb);
    let rx = Hook::start();
    let id = service.create_fast(
        "cb-token",
        json!({"callback": rx.url("/batch"), "attributes": {"name": "cb"}}),
        vec![job(1, "true", &[]), job(2, "true", &[1])],
    );
    let Event::Post { path, body } = rx.next() else {
        panic!("expected a POST")
    };
    assert_eq!(path, "/batch");
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "user",
            "billing_project",
            "token",
            "state",
            "complete",
            "closed",
            "n_jobs",
            "n_completed",
            "n_succeeded",
            "n_failed",
            "n_cancelled",
            "time_created",
            "time_closed",
            "time_completed",
            "duration_ms",
            "duration",
            "msec_mcpu",
            "cost",
            "cost_breakdown",
            "attributes"
        ]
    );
    assert!(body["time_completed"].is_string(), "{body}");
    assert_eq!(
        without_times(body),
        json!({
            "id": id, "user": "tester", "billing_project": "test", "token": "cb-token",
            "state": "success", "complete": true, "closed": true,
            "n_jobs": 2, "n_completed": 2, "n_succeeded": 2, "n_failed": 0, "n_cancelled": 0,
            "time_closed": null, "attributes": {"name": "cb"},
        })
    );
    // The callback fires when the batch is complete: GET agrees.
    assert_eq!(service.wait_complete(id)["state"], "success");
}

#[test]
fn job_group_callbacks_nested_group_first_then_cancelled_outer_group() {
    let sb = Sandbox::new();
    let service = service(&sb);
    let rx = Hook::start();
    let mut quick = job(1, "true", &[]);
    quick["in_update_job_group_id"] = json!(2);
    let mut slow = job(2, "sleep 60", &[]);
    slow["in_update_job_group_id"] = json!(1);
    let response = service.post_json(
        "/api/v1alpha/batches/create-fast",
        &json!({
            "batch": {"billing_project": "test", "token": "groups", "n_jobs": 2, "n_job_groups": 2,
                      "callback": rx.url("/batch")},
            "bunch": [quick, slow],
            "job_groups": [
                {"job_group_id": 1, "in_update_parent_id": 0, "callback": rx.url("/outer"),
                 "attributes": {"name": "outer"}},
                {"job_group_id": 2, "in_update_parent_id": 1, "callback": rx.url("/inner")},
            ],
        }),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let id = response.json()["id"].as_i64().expect("id");

    let Event::Post { path, body } = rx.next() else {
        panic!("expected a POST")
    };
    assert_eq!(path, "/inner");
    assert_eq!(
        without_times(body),
        json!({"batch_id": id, "job_group_id": 2, "state": "success", "complete": true,
               "n_jobs": 1, "n_completed": 1, "n_succeeded": 1, "n_failed": 0, "n_cancelled": 0})
    );

    let cancel = service.request(
        "PATCH",
        &format!("/api/v1alpha/batches/{id}/job-groups/1/cancel"),
        None,
    );
    assert_eq!(cancel.status, 200, "{}", cancel.text());
    // The outer group and the batch each get their own POST, in either order.
    let seen = std::cell::Cell::new(0);
    let events = rx.until(|_| {
        seen.set(seen.get() + 1);
        seen.get() == 2
    });
    let outer = posts_to(&events, "/outer");
    assert_eq!(outer.len(), 1, "{events:?}");
    assert_eq!(
        without_times(outer[0].clone()),
        json!({"batch_id": id, "job_group_id": 1, "state": "cancelled", "complete": true,
               "n_jobs": 2, "n_completed": 2, "n_succeeded": 1, "n_failed": 0, "n_cancelled": 1,
               "attributes": {"name": "outer"}})
    );
    let batch = posts_to(&events, "/batch");
    assert_eq!(batch.len(), 1, "{events:?}");
    // In the batch callback, any cancelled group makes the state `cancelled` (§9).
    assert_eq!(batch[0]["state"], "cancelled");
    assert_eq!(batch[0]["n_cancelled"], 1);
}

#[test]
fn deleted_batches_fire_no_callback_and_failures_are_not_retried() {
    let sb = Sandbox::new();
    let service = service(&sb);
    let rx = Hook::start();

    let doomed = service.create_fast(
        "doomed",
        json!({"callback": rx.url("/deleted")}),
        vec![job(1, "sleep 60", &[])],
    );
    let failing = service.create_fast(
        "failing",
        json!({"callback": rx.url("/fail")}),
        vec![job(1, "true", &[])],
    );
    // Wait until the job of the doomed batch runs, then delete the batch.
    service.wait_for(&format!("/api/v1alpha/batches/{doomed}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    let deleted = service.request("DELETE", &format!("/api/v1alpha/batches/{doomed}"), None);
    assert_eq!(deleted.status, 200, "{}", deleted.text());

    let events = rx.until(|e| post_path(e) == Some("/fail"));
    assert!(posts_to(&events, "/deleted").is_empty(), "{events:?}");
    service.wait_complete(failing);
    // A later batch's callback arrives (after at least a second); by then neither a retry of
    // the 500 nor a callback of the deleted batch has come.
    marker(&service, &rx, "after");
    let events = rx.until(|e| post_path(e) == Some("/marker-after"));
    assert!(posts_to(&events, "/fail").is_empty(), "retried: {events:?}");
    assert!(posts_to(&events, "/deleted").is_empty(), "{events:?}");
}

#[test]
fn a_receiver_that_never_answers_blocks_nothing() {
    let sb = Sandbox::new();
    let service = service(&sb);
    let rx = Hook::start();
    let started = Instant::now();
    let stuck = service.create_fast(
        "stuck",
        json!({"callback": rx.url("/hang")}),
        vec![job(1, "true", &[])],
    );
    let events = rx.until(|e| post_path(e) == Some("/hang"));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(service.wait_complete(stuck)["state"], "success");
    // Other batches still complete and their callbacks still arrive while the first hangs.
    let other = service.create_fast(
        "other",
        json!({"callback": rx.url("/ok")}),
        vec![job(1, "true", &[])],
    );
    let events = rx.until(|e| post_path(e) == Some("/ok"));
    assert!(
        events.iter().all(|e| !matches!(e, Event::Closed { .. })),
        "the hung callback was abandoned before the next one arrived: {events:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(service.wait_complete(other)["state"], "success");
    // The service gives up on the silent receiver after its 5 s timeout, not retrying.
    let events = rx.until(|e| matches!(e, Event::Closed { .. }));
    let Some(Event::Closed { path, after }) = events.last() else {
        unreachable!()
    };
    assert_eq!(path, "/hang");
    assert!(
        *after >= Duration::from_secs(4) && *after < Duration::from_secs(15),
        "closed after {after:?}"
    );
    assert!(posts_to(&events, "/hang").is_empty(), "retried: {events:?}");
}
