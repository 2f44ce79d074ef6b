//! Per-request work done before any page or server function runs:
//! a request id, the caller's address, the session cookie resolved to a user (or ended), a
//! redirect to sign in for staff pages without a session, a same-origin check on writes, and
//! the security headers. The results travel in the request's extensions (see app::ssr::ctx).

use app::ssr::{auth, AppState, RequestMeta, SessionState};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Settings {
    pub trust_proxy: bool,
}

pub async fn request_context(
    State((state, settings)): State<(AppState, Settings)>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let path = req.uri().path().to_string();
    let ip = client_ip(&req, settings.trust_proxy);
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").chars().take(300).collect();

    if is_static(&path) {
        return next.run(req).await;
    }

    if !matches!(*req.method(), Method::GET | Method::HEAD) && !same_origin(&req) {
        tracing::warn!(request_id = %request_id, path = %path, "cross-origin write refused");
        return (StatusCode::FORBIDDEN, "Cross-site requests are not accepted.").into_response();
    }

    let token = req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).and_then(auth::token_from_cookie_header).map(str::to_string);
    // Asking how long the session has left, and a live page refreshing itself, are not activity
    // (see app::api::session::BACKGROUND_PATHS).
    let touch = !app::api::session::BACKGROUND_PATHS.contains(&path.as_str());
    let session = match auth::resolve_session(&state, token.as_deref(), touch).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(request_id = %request_id, error = %e, "session lookup failed");
            return plain_error(&request_id);
        }
    };
    let ended = matches!(session, SessionState::Ended);
    let active = matches!(session, SessionState::Active(_));
    let is_get = *req.method() == Method::GET;

    if is_get && (path == "/staff" || path.starts_with("/staff/")) && !active {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/staff");
        let mut location = format!("/sign-in?next={}", app::components::errors::encode(target));
        if ended {
            location.push_str("&ended=1");
        }
        return with_cleared_cookie(Redirect::to(&location).into_response(), ended, &state);
    }
    if is_get && path == "/sign-in" && active {
        // After a sign-in posted without JavaScript the browser comes back here: carry on.
        let next = req.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("next="))).map(decode).unwrap_or_default();
        return Redirect::to(&auth::safe_next(&next)).into_response();
    }

    req.extensions_mut().insert(RequestMeta { request_id: request_id.clone(), ip, user_agent });
    req.extensions_mut().insert(session);
    let mut res = next.run(req).await;
    if res.headers().contains_key(PANICKED) {
        tracing::error!(request_id = %request_id, path = %path, "request panicked");
        return plain_error(&request_id);
    }

    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert("x-request-id", v);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if path.starts_with("/staff") || path.starts_with("/api/") || path == "/sign-in" {
        // Children's records must not linger in shared browser or proxy caches.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    with_cleared_cookie(res, ended, &state)
}

fn with_cleared_cookie(mut res: Response, ended: bool, state: &AppState) -> Response {
    if ended && !res.headers().contains_key(header::SET_COOKIE) {
        if let Ok(v) = HeaderValue::from_str(&auth::clear_session_cookie(&state.auth)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Marks a response made from a caught panic; `request_context` swaps it for the plain message.
pub const PANICKED: &str = "x-frontdoor-panicked";

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, [(PANICKED, "1")], "").into_response()
}

fn plain_error(request_id: &str) -> Response {
    let body = format!("Sorry, there is a problem with the service. Try again later. Reference: {request_id}");
    (StatusCode::INTERNAL_SERVER_ERROR, [("x-request-id", request_id.to_string())], body).into_response()
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/assets/") || path == "/favicon.ico" || path == "/favicon.svg"
}

/// A write must come from our own pages: when the browser says where it came from (`Origin`),
/// that must be this host. SameSite=Strict already keeps the cookie off cross-site requests;
/// this also stops cross-site posts to the sign-in form.
fn same_origin(req: &Request<Body>) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let Some(host) = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()) else { return false };
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    origin_host == host || origin_host == forwarded_host(req).unwrap_or("")
}

fn forwarded_host(req: &Request<Body>) -> Option<&str> {
    req.headers().get("x-forwarded-host").and_then(|v| v.to_str().ok())
}

fn client_ip(req: &Request<Body>, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return first.to_string();
        }
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

fn decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => Some(hi * 16 + lo),
            _ => None,
        };
        match decoded {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_query_values() {
        assert_eq!(decode("%2Fstaff%2Fpeople%2F1"), "/staff/people/1");
        assert_eq!(decode("/staff"), "/staff");
        assert_eq!(decode("bad%2"), "bad%2");
        assert_eq!(decode("%é%"), "%é%");
    }
}
