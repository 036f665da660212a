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
    out.push_str("<link rel=\"stylesheet\" href=\"/static/style.css\">\n");
    out.push_str("<script src=\"/static/follow.js\" defer></script>\n</head>\n<body>\n");
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
/// a content security policy that allows only our own stylesheet and our own script (the job
/// page's log follower) — no inline script, nothing from elsewhere.
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
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; \
             img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
}

/// The shapes of the state icons: inline SVG drawn with the text colour, so that no font has to
/// carry a glyph (Debian's default fonts lack the clock and circled-slash ones).
mod shapes {
    /// A check mark.
    pub(super) const CHECK: &str = "<path d=\"M3 8.5l3.2 3.2L13 4.8\"/>";
    /// A cross.
    pub(super) const CROSS: &str = "<path d=\"M4 4l8 8M12 4l-8 8\"/>";
    /// A circle with an exclamation mark.
    pub(super) const ALERT: &str =
        "<circle cx=\"8\" cy=\"8\" r=\"6.5\"/><path d=\"M8 4.5v4.5M8 11v.8\"/>";
    /// A circle with a slash.
    pub(super) const SLASHED: &str =
        "<circle cx=\"8\" cy=\"8\" r=\"6.5\"/><path d=\"M3.4 12.6l9.2-9.2\"/>";
    /// A clock.
    pub(super) const CLOCK: &str =
        "<circle cx=\"8\" cy=\"8\" r=\"6.5\"/><path d=\"M8 4.5V8l2.5 1.5\"/>";
    /// Three quarters of a circle (turned by the `spin` animation).
    pub(super) const ARC: &str = "<path d=\"M8 1.5a6.5 6.5 0 1 1-6.5 6.5\"/>";
}

/// An icon: `shape` in a 16×16 SVG stroked with the current colour, with a class and a title
/// (the tooltip, and the accessible name).
fn icon(class: &str, title: &str, shape: &str) -> String {
    format!(
        "<span class=\"icon {class}\" title=\"{title}\"><svg viewBox=\"0 0 16 16\" width=\"1em\" \
         height=\"1em\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\" role=\"img\" aria-label=\"{title}\">\
         {shape}</svg></span>"
    )
}

/// The icon of a batch in lists and titles.
pub(super) fn batch_icon(batch: &BatchRow) -> String {
    let state = batch.reported_state();
    if batch.counts.n_jobs - batch.counts.n_completed > 0 {
        if state == ReportedState::Failure {
            return icon("spin bad", "running, with failures", shapes::ARC);
        }
        return icon("spin", "running", shapes::ARC);
    }
    match state {
        ReportedState::Success => icon("ok", "success", shapes::CHECK),
        ReportedState::Failure => icon("bad", "failure", shapes::CROSS),
        ReportedState::Cancelled => icon("muted", "cancelled", shapes::SLASHED),
        ReportedState::Open | ReportedState::Running => icon("spin", "running", shapes::ARC),
    }
}

/// The icon of a job state (`Running`, `Success`, ...).
pub(super) fn job_icon(state: &str) -> String {
    match state {
        "Running" => icon("spin", "Running", shapes::ARC),
        "Success" => icon("ok", "Success", shapes::CHECK),
        "Failed" => icon("bad", "Failed", shapes::CROSS),
        "Error" => icon("bad", "Error", shapes::ALERT),
        "Cancelled" => icon("muted", "Cancelled", shapes::SLASHED),
        "Pending" => icon("muted", "Pending", shapes::CLOCK),
        "Ready" => icon("muted", "Ready", shapes::CLOCK),
        _ => icon("muted", "Creating", shapes::CLOCK),
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
