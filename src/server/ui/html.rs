//! The small HTML toolkit of the web UI: escaping, URL encoding, the page frame and the state
//! icons. Every user-derived string goes through [`esc`] (text and attribute values) or
//! [`url_encode`] (query values) before it reaches a page.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::server::api::types::ReportedState;
use crate::server::store::BatchRow;

/// HTML-escapes text for element content and quoted attribute values.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value (everything but RFC 3986 unreserved characters).
pub(super) fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What the frame of a page needs besides its body.
#[derive(Debug, Default)]
pub(super) struct Frame<'a> {
    pub title: &'a str,
    /// The signed-in user (shown in the header, with a sign-out button).
    pub user: Option<&'a str>,
    /// The session's CSRF secret, for the sign-out form.
    pub csrf: Option<&'a str>,
    /// A one-time message (`Batch 5 cancelled.`).
    pub flash: Option<String>,
    /// An error banner (an invalid query).
    pub error: Option<String>,
    /// Reload the page after this many seconds (running batches, unfinished jobs).
    pub refresh_seconds: Option<u32>,
}

/// A whole page.
pub(super) fn page(frame: Frame<'_>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    if let Some(seconds) = frame.refresh_seconds {
        out.push_str(&format!(
            "<meta http-equiv=\"refresh\" content=\"{seconds}\">\n"
        ));
    }
    out.push_str(&format!(
        "<title>{} | Hail Batch (local)</title>\n",
        esc(frame.title)
    ));
    out.push_str("<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n");
    out.push_str("<header><a class=\"brand\" href=\"/batches\">Hail Batch</a>");
    out.push_str("<span class=\"local\">local</span>");
    if let Some(user) = frame.user {
        out.push_str(&format!("<span class=\"who\">{}</span>", esc(user)));
        if let Some(csrf) = frame.csrf {
            out.push_str(&format!(
                "<form method=\"post\" action=\"/logout\" class=\"inline\">{}\
                 <button type=\"submit\" class=\"link\">Sign out</button></form>",
                csrf_field(csrf)
            ));
        }
    }
    out.push_str("</header>\n<main>\n");
    if let Some(flash) = &frame.flash {
        out.push_str(&format!(
            "<div class=\"flash\" role=\"status\">{}</div>\n",
            esc(flash)
        ));
    }
    if let Some(error) = &frame.error {
        out.push_str(&format!(
            "<div class=\"error\" role=\"alert\">{}</div>\n",
            esc(error)
        ));
    }
    out.push_str(body);
    out.push_str("\n</main>\n</body>\n</html>\n");
    out
}

/// The hidden CSRF field every form carries.
pub(super) fn csrf_field(csrf: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"_csrf\" value=\"{}\">",
        esc(csrf)
    )
}

/// An HTML response with the UI's security headers: no caching (pages show live state and
/// carry the CSRF secret), no sniffing, no framing, no referrer (a login URL holds a code), and
/// a content security policy that allows only our own stylesheet — no script at all.
pub(super) fn respond(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    security_headers(headers);
    response
}

/// Headers every UI response carries.
pub(super) fn security_headers(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
}

/// The icon of a batch in lists and titles.
pub(super) fn batch_icon(batch: &BatchRow) -> &'static str {
    let state = batch.reported_state();
    if batch.counts.n_jobs - batch.counts.n_completed > 0 {
        if state == ReportedState::Failure {
            return "<span class=\"icon spin bad\" title=\"running, with failures\">&#x27F3;</span>";
        }
        return "<span class=\"icon spin\" title=\"running\">&#x27F3;</span>";
    }
    match state {
        ReportedState::Success => "<span class=\"icon ok\" title=\"success\">&#x2714;</span>",
        ReportedState::Failure => "<span class=\"icon bad\" title=\"failure\">&#x2716;</span>",
        ReportedState::Cancelled => {
            "<span class=\"icon muted\" title=\"cancelled\">&#x2298;</span>"
        }
        ReportedState::Open | ReportedState::Running => {
            "<span class=\"icon spin\" title=\"running\">&#x27F3;</span>"
        }
    }
}

/// The icon of a job state (`Running`, `Success`, ...).
pub(super) fn job_icon(state: &str) -> &'static str {
    match state {
        "Running" => "<span class=\"icon spin\" title=\"Running\">&#x27F3;</span>",
        "Success" => "<span class=\"icon ok\" title=\"Success\">&#x2714;</span>",
        "Failed" => "<span class=\"icon bad\" title=\"Failed\">&#x2716;</span>",
        "Error" => "<span class=\"icon bad\" title=\"Error\">!</span>",
        "Cancelled" => "<span class=\"icon muted\" title=\"Cancelled\">&#x2298;</span>",
        "Pending" => "<span class=\"icon muted\" title=\"Pending\">&#x23F2;</span>",
        "Ready" => "<span class=\"icon muted\" title=\"Ready\">&#x23F2;</span>",
        _ => "<span class=\"icon muted\" title=\"Creating\">&#x23F2;</span>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            url_encode("state = bad\n/x&y"),
            "state%20%3D%20bad%0A%2Fx%26y"
        );
        assert_eq!(url_encode("é"), "%C3%A9");
    }
}
