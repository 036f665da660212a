//! The web UI in a real browser: Debian's `chromium`, headless, driven over the DevTools
//! protocol against the real service. Signs in with a one-time link, checks what the three
//! pages show, and cancels a running batch with the page's Cancel button.
//!
//! Without chromium the test is skipped with a note, except under CI (`CI` set), where it
//! fails. With `HAILCTL_UI_SCREENSHOTS=DIR` it also saves a PNG of each page in DIR
//! (`scripts/screenshots.sh` regenerates `docs/ui/` this way).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use crate::util::Sandbox;
use crate::util::service::{Service, job_spec};

/// A headless chromium with its DevTools connection and one page.
struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

impl Browser {
    fn launch(binary: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--disable-component-update",
                "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1280,860",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes its DevTools port and browser path here once it listens.
        let port_file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(60);
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file)
                && let Some((port, path)) = text.trim().split_once('\n')
            {
                break (port.trim().to_string(), path.trim().to_string());
            }
            assert!(Instant::now() < deadline, "chromium did not open DevTools");
            std::thread::sleep(Duration::from_millis(50));
        };
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect DevTools");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let (socket, _) = tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream)
            .expect("DevTools websocket");
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        browser
    }

    /// Sends one DevTools command (to the page once attached) and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to DevTools");
        loop {
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
    }

    /// Evaluates a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        result["result"]["value"].clone()
    }

    /// Polls the page until `expression` is true, with a deadline; returns the page text.
    fn wait_until(&mut self, expression: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = self.eval(&format!(
                "document.readyState === 'complete' && !!({expression})"
            ));
            if ready == json!(true) {
                return self
                    .eval("document.body.innerText")
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
            }
            if Instant::now() > deadline {
                let text = self.eval("document.body ? document.body.innerText : ''");
                panic!("timed out waiting for {expression}; the page shows {text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a PNG of the page when `HAILCTL_UI_SCREENSHOTS` names a directory.
    fn screenshot(&mut self, name: &str) {
        let Some(dir) = std::env::var_os("HAILCTL_UI_SCREENSHOTS") else {
            return;
        };
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = STANDARD
            .decode(shot["data"].as_str().expect("data"))
            .expect("base64 PNG");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).expect("write png");
    }
}

fn login_url(svc: &Service, next: &str) -> String {
    format!("{}{}", svc.base_url(), svc.login_link(next))
}

#[test]
fn the_pages_work_in_chromium_and_cancel_cancels() {
    let Some(chromium) = find_chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed: `apt-get install chromium` (.ci/run does this)");
        }
        eprintln!("SKIPPED: chromium is not installed (apt-get install chromium)");
        return;
    };
    let sandbox = Sandbox::new();
    // One core: the running batch has a Running, a Ready and a Pending job at once.
    let svc = sandbox.start_service(&["--runtime", "host", "--cores", "1"]);
    let mut done_jobs = vec![job_spec(1, "echo browser-log-text; echo step two", &[])];
    done_jobs.push(job_spec(2, "echo second job", &[1]));
    done_jobs.push(job_spec(3, "echo oops >&2; exit 2", &[]));
    let done = svc.create_fast(
        "done",
        json!({"attributes": {"name": "nightly-report"}}),
        done_jobs,
    );
    svc.wait_complete(done);
    let (gate, gate2) = (sandbox.root().join("gate"), sandbox.root().join("gate2"));
    let wait_for =
        |file: &std::path::Path| format!("while [ ! -e {} ]; do sleep 0.05; done", file.display());
    let follow_script = format!(
        "for i in $(seq 1 200); do echo log line $i; done\n{}\necho after-the-gate\n{}",
        wait_for(&gate),
        wait_for(&gate2)
    );
    let running = svc.create_fast(
        "running",
        json!({"attributes": {"name": "long-running"}}),
        vec![
            job_spec(1, &follow_script, &[]),
            job_spec(2, "echo child", &[1]),
            job_spec(3, "sleep 300", &[]),
        ],
    );
    svc.wait_for(&format!("/api/v1alpha/batches/{running}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    let mut browser = Browser::launch(&chromium);
    // Sign in with the one-time link: it lands on the batch list.
    browser.navigate(&login_url(&svc, "/batches"));
    let text = browser.wait_until(&format!(
        "location.pathname === '/batches' && document.querySelector('a[href=\"/batches/{running}\"]')"
    ));
    assert!(
        text.contains("nightly-report") && text.contains("long-running"),
        "{text}"
    );
    assert!(text.contains("2 succeeded, 1 failed"), "{text}");
    browser.screenshot("batches");

    browser.navigate(&format!("{}/batches/{done}", svc.base_url()));
    let text = browser.wait_until("document.querySelector('#jobs')");
    let states = browser.eval(
        "Array.from(document.querySelectorAll('#jobs tbody tr')).map(r => r.dataset.state).join(',')",
    );
    assert_eq!(states, json!("Success,Success,Failed"), "{text}");
    assert!(
        text.contains(&format!("Batch {done}")) && text.contains("failure"),
        "{text}"
    );
    browser.screenshot("batch");

    browser.navigate(&format!("{}/batches/{done}/jobs/1", svc.base_url()));
    let text = browser.wait_until("document.querySelector('#log-main pre')");
    assert!(text.contains("browser-log-text\nstep two"), "{text}");
    browser.screenshot("job");

    // Icons are drawn without fonts: the Pending and Ready jobs' icons have a size.
    browser.navigate(&format!("{}/batches/{running}", svc.base_url()));
    browser.wait_until("document.querySelector('#jobs tr[data-state=Ready]')");
    for state in ["Pending", "Ready", "Running"] {
        let width = browser.eval(&format!(
            "document.querySelector('#jobs tr[data-state={state}] .icon svg').getBoundingClientRect().width"
        ));
        assert!(width.as_f64().unwrap_or(0.0) > 5.0, "{state}: {width}");
    }
    let running_count = browser.eval("document.getElementById('n-running').textContent");
    assert_eq!(running_count, json!("1"));
    browser.screenshot("running-batch");

    // A running job's log box shows the end of the log and follows it without a reload.
    browser.navigate(&format!("{}/batches/{running}/jobs/1", svc.base_url()));
    browser.wait_until("document.querySelector('#log-main pre') && document.querySelector('#log-main pre').textContent.includes('log line 200')");
    let at_end = "(() => { const box = document.querySelector('#log-main .logbox'); \
        const pre = box.querySelector('pre'); \
        return box.scrollHeight > box.clientHeight + 50 && \
          pre.getBoundingClientRect().bottom <= box.getBoundingClientRect().bottom + 1; })()";
    assert_eq!(
        browser.eval(at_end),
        json!(true),
        "the box shows the end of the log"
    );
    let command = browser.eval("document.getElementById('command').innerText");
    assert!(
        command.as_str().unwrap_or("").lines().count() >= 4,
        "the script's lines: {command}"
    );
    browser.eval("window.samePage = 'yes'");
    std::fs::write(&gate, "").expect("open the gate");
    browser.wait_until(
        "document.querySelector('#log-main pre').textContent.includes('after-the-gate') && window.samePage === 'yes'",
    );
    assert_eq!(browser.eval(at_end), json!(true), "still at the end");
    browser.screenshot("running-job");
    std::fs::write(&gate2, "").expect("open the second gate");
    // The state changed: the page reloads once and shows it.
    browser.wait_until(
        "window.samePage === undefined && document.getElementById('job-state').textContent === 'Success'",
    );

    // Cancel a running batch with its button, then see the API report it cancelled.
    browser.navigate(&format!("{}/batches/{running}", svc.base_url()));
    browser.wait_until("document.getElementById('cancel')");
    browser.eval("document.getElementById('cancel').click()");
    let batch = svc.wait_for(&format!("/api/v1alpha/batches/{running}"), |b| {
        b["state"] == "cancelled" && b["complete"] == true
    });
    // Job 1 succeeded; `sleep 300` was cancelled, and so was the child if it still waited.
    let n = |k: &str| batch[k].as_i64().unwrap_or(0);
    assert!(n("n_cancelled") >= 1, "{batch}");
    assert_eq!(n("n_succeeded") + n("n_cancelled"), 3, "{batch}");
    let text = browser.wait_until("document.querySelector('.flash')");
    assert!(
        text.contains(&format!("Batch {running} cancelled.")),
        "{text}"
    );
}
