//! The tests' one HTTP/1.1 client: blocking, one request per connection (`Connection: close`),
//! over a plain `TcpStream`, so a test sees exactly what the service sent (status, every header,
//! the body after de-chunking) and can also send bytes no ordinary client would
//! ([`Client::send_raw`]). [`read_message`] reads a request or a response; the callback receiver
//! in `tests/it/callbacks.rs` uses it on the server side.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How long a request may wait for its answer.
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for one address, with headers sent on every request (credentials, a cookie).
#[derive(Clone, Debug)]
pub(crate) struct Client {
    addr: SocketAddr,
    headers: Vec<(String, String)>,
}

/// One HTTP message as read off the wire.
#[derive(Debug)]
pub(crate) struct Message {
    /// `HTTP/1.1 200 OK` or `POST /path HTTP/1.1`.
    pub start_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// One HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Client {
    /// A client that sends no credentials.
    pub(crate) fn new(addr: SocketAddr) -> Self {
        Client {
            addr,
            headers: Vec::new(),
        }
    }

    /// Adds a header to every request.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sends `Authorization: Bearer TOKEN`.
    pub(crate) fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    /// Sends `Cookie: COOKIE` (`name=value`).
    pub(crate) fn cookie(self, cookie: &str) -> Self {
        self.header("Cookie", cookie)
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        self.send("GET", path, None, b"")
    }

    pub(crate) fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.request("POST", path, Some(body.to_string().as_bytes()))
    }

    /// A form post (`application/x-www-form-urlencoded`), even with an empty body.
    pub(crate) fn post_form(&self, path: &str, form: &str) -> Response {
        let form_type = Some("application/x-www-form-urlencoded");
        self.send("POST", path, form_type, form.as_bytes())
    }

    /// Any method; a non-empty body is sent as JSON.
    pub(crate) fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> Response {
        let body = body.unwrap_or_default();
        let content_type = (!body.is_empty()).then_some("application/json");
        self.send(method, path, content_type, body)
    }

    /// Polls a JSON endpoint until `done` holds, with a deadline.
    pub(crate) fn wait_for(
        &self,
        path: &str,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            let value = self.get(path).json();
            if done(&value) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting on {path}: {value}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&self, method: &str, path: &str, content_type: Option<&str>, body: &[u8]) -> Response {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        self.send_raw(&bytes)
    }

    /// Writes `bytes` as they are (a whole request, well-formed or not) and reads the answer.
    pub(crate) fn send_raw(&self, bytes: &[u8]) -> Response {
        let mut stream = TcpStream::connect(self.addr)
            .unwrap_or_else(|e| panic!("connect to {}: {e}", self.addr));
        stream
            .set_read_timeout(Some(READ_TIMEOUT))
            .expect("set a read timeout");
        stream.write_all(bytes).expect("write the request");
        let message = read_message(&mut BufReader::new(stream))
            .expect("read the response")
            .expect("a response before the connection closed");
        let status = message
            .start_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not a status line: {:?}", message.start_line));
        Response {
            status,
            headers: message.headers,
            body: message.body,
        }
    }
}

impl Response {
    /// The first value of header `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The `Content-Type` header, or "".
    pub(crate) fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts status 200 and parses the body as JSON.
    #[track_caller]
    pub(crate) fn json(&self) -> serde_json::Value {
        assert_eq!(
            self.status,
            200,
            "expected 200, got {} {}",
            self.status,
            self.text()
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl Message {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Reads one message: the head, then a body of `Content-Length` bytes, a chunked body, or (a
/// response without either) everything up to the end of the stream. `Ok(None)` if the stream
/// ends before a head.
pub(crate) fn read_message(reader: &mut impl BufRead) -> std::io::Result<Option<Message>> {
    let mut start_line = String::new();
    if reader.read_line(&mut start_line)? == 0 {
        return Ok(None);
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not a header line: {line:?}"));
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut message = Message {
        start_line: start_line.trim_end().to_string(),
        headers,
        body: Vec::new(),
    };
    let chunked = message
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        message.body = read_chunks(reader)?;
    } else if let Some(length) = message.header("content-length") {
        let length: usize = length.parse().expect("a numeric Content-Length");
        message.body.resize(length, 0);
        reader.read_exact(&mut message.body)?;
    } else if message.start_line.starts_with("HTTP/") {
        reader.read_to_end(&mut message.body)?;
    }
    Ok(Some(message))
}

/// A chunked body, without the chunk framing (and ignoring trailers).
fn read_chunks(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .unwrap_or_else(|_| panic!("not a chunk size: {line:?}"));
        if size == 0 {
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf)?;
        assert_eq!(&crlf, b"\r\n", "a chunk ends with CRLF");
    }
}
