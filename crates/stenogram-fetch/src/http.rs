//! One polite GET: pacing between requests, the `User-Agent`, conditional
//! headers, retries with exponential backoff, and the checks on the answer
//! (status, complete body).

use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::StatusCode;

use crate::time::rfc3339;
use crate::{FetchConfig, Progress, Validators};

/// A `Retry-After` longer than this is taken as this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(600);

/// A successful (200) response.
#[derive(Debug)]
pub(crate) struct Page {
    pub fetched_at: String,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// How a GET ended, after any retries.
#[derive(Debug)]
pub(crate) enum Outcome {
    Ok(Page),
    /// 304 to a conditional request.
    NotModified,
    /// 403 or 429: the whole run must stop. The reason says where.
    Stop(String),
    /// Another status, or 5xx and network errors past the retries.
    Failed {
        status: Option<u16>,
        error: String,
    },
}

/// One attempt's result, before the retry decision.
enum Attempt {
    Done(Outcome),
    /// 5xx or a network error: worth another try, after `retry_after` if
    /// the server said so.
    Retry {
        status: Option<u16>,
        error: String,
        retry_after: Option<Duration>,
    },
}

pub(crate) struct Client {
    agent: ureq::Agent,
    user_agent: String,
    /// Least time between the starts of two requests.
    pub delay: Duration,
    backoff: Duration,
    max_retries: u32,
    max_body: u64,
    timeout: Duration,
    last_start: Option<Instant>,
    /// Requests sent, retries included.
    pub requests: usize,
}

impl Client {
    pub(crate) fn new(config: &FetchConfig) -> Client {
        let user_agent = config.user_agent_header();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            // Never a proxy from the environment: only the base URL's host.
            .proxy(None)
            .timeout_global(Some(config.timeout))
            .user_agent(user_agent.as_str())
            .build()
            .into();
        Client {
            agent,
            user_agent,
            delay: config.delay,
            backoff: config.backoff,
            max_retries: config.max_retries,
            max_body: config.max_body,
            timeout: config.timeout,
            last_start: None,
            requests: 0,
        }
    }

    /// GETs `url` (built from the base URL by the caller), conditionally if
    /// `validators` are given, retrying 5xx and network errors.
    pub(crate) fn get(
        &mut self,
        url: &str,
        validators: Option<&Validators>,
        log: &mut dyn FnMut(&Progress),
    ) -> Outcome {
        let mut attempt = 1;
        loop {
            match self.attempt(url, attempt, validators, log) {
                Attempt::Done(outcome) => return outcome,
                Attempt::Retry { status, error, .. } if attempt > self.max_retries => {
                    let error = if attempt == 1 {
                        error
                    } else {
                        format!("{error}, after {attempt} attempts")
                    };
                    return Outcome::Failed { status, error };
                }
                Attempt::Retry {
                    error, retry_after, ..
                } => {
                    let factor = 1u32.checked_shl(attempt - 1).unwrap_or(u32::MAX);
                    let mut wait = self.backoff.saturating_mul(factor);
                    if let Some(ra) = retry_after {
                        wait = wait.max(ra.min(MAX_RETRY_AFTER));
                    }
                    log(&Progress::Retry {
                        url: url.to_string(),
                        attempt,
                        wait,
                        error,
                    });
                    sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// Waits until `delay` has passed since the start of the last request.
    fn pace(&self) {
        if let Some(last) = self.last_start {
            let due = last + self.delay;
            let now = Instant::now();
            if due > now {
                sleep(due - now);
            }
        }
    }

    fn attempt(
        &mut self,
        url: &str,
        attempt: u32,
        validators: Option<&Validators>,
        log: &mut dyn FnMut(&Progress),
    ) -> Attempt {
        self.pace();
        log(&Progress::Request {
            url: url.to_string(),
            attempt,
        });
        self.last_start = Some(Instant::now());
        self.requests += 1;
        let mut request = self.agent.get(url).header("User-Agent", &self.user_agent);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header("If-Modified-Since", lm);
            }
        }
        let mut response = match request.call() {
            Ok(r) => r,
            Err(e) => return network_error(e, self.timeout),
        };
        let status = response.status();
        let code = status.as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        let content_type = header("content-type");
        let content_length = header("content-length").and_then(|v| v.parse::<u64>().ok());
        let retry_after = header("retry-after");
        let location = header("location");
        if code == 403 || code == 429 {
            let mut reason = format!("HTTP {} at {url}: stopped; retry later", describe(status));
            if let Some(ra) = retry_after {
                reason.push_str(&format!(" (Retry-After: {ra})"));
            }
            log(&Progress::Response {
                url: url.to_string(),
                status: code,
                bytes: 0,
            });
            return Attempt::Done(Outcome::Stop(reason));
        }
        // Read the whole body: a response is only done when its body is.
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_body)
            .read_to_vec();
        let fetched_at = rfc3339(SystemTime::now());
        let body = match body {
            Ok(b) => b,
            Err(ureq::Error::BodyExceedsLimit(limit)) => {
                return Attempt::Done(Outcome::Failed {
                    status: Some(code),
                    error: format!("body larger than {limit} bytes"),
                })
            }
            Err(e) => {
                return Attempt::Retry {
                    status: Some(code),
                    error: format!("incomplete body (connection closed early?): {e}"),
                    retry_after: None,
                }
            }
        };
        log(&Progress::Response {
            url: url.to_string(),
            status: code,
            bytes: body.len(),
        });
        // ureq drops Content-Length when it decompresses; when the header is
        // still there it is the body's exact length.
        if let Some(expected) = content_length {
            if body.len() as u64 != expected && code != 304 {
                return Attempt::Retry {
                    status: Some(code),
                    error: format!(
                        "truncated body: {} of {expected} bytes (connection closed early)",
                        body.len()
                    ),
                    retry_after: None,
                };
            }
        }
        Attempt::Done(match code {
            200 => Outcome::Ok(Page {
                fetched_at,
                status: code,
                etag,
                last_modified,
                content_type,
                body,
            }),
            304 => Outcome::NotModified,
            500..=599 => {
                return Attempt::Retry {
                    status: Some(code),
                    error: format!("HTTP {}", describe(status)),
                    retry_after: retry_after
                        .and_then(|s| s.parse::<u64>().ok())
                        .map(Duration::from_secs),
                }
            }
            300..=399 => Outcome::Failed {
                status: Some(code),
                error: format!(
                    "HTTP {} to {} (redirects are not followed)",
                    describe(status),
                    location.as_deref().unwrap_or("nowhere")
                ),
            },
            _ => Outcome::Failed {
                status: Some(code),
                error: format!("HTTP {}", describe(status)),
            },
        })
    }
}

fn describe(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(r) => format!("{} {r}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

fn network_error(e: ureq::Error, timeout: Duration) -> Attempt {
    let error = match &e {
        ureq::Error::Timeout(_) => format!("timed out after {:.1} s", timeout.as_secs_f64()),
        ureq::Error::Io(io) => format!("network error: {io}"),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Protocol(p) => format!("HTTP protocol error: {p}"),
        // A bad URL or header will not get better by trying again.
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            return Attempt::Done(Outcome::Failed {
                status: None,
                error: e.to_string(),
            })
        }
        other => format!("network error: {other}"),
    };
    Attempt::Retry {
        status: None,
        error,
        retry_after: None,
    }
}
