//! Marsad (مرصد): the core of a desktop explorer for corpora of Arabic news articles.
//!
//! The library holds everything that is not drawing pixels: reading messy folders into clean
//! [`corpus::Article`] records, Arabic text analysis, the search index, entities, outlet
//! comparison and export. The command line (`marsad inspect`, `marsad index`, …), the tests and
//! the benchmarks call it directly; the GUI only calls into it. See `ARCHITECTURE.md`.

pub mod arabic;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod demo;
pub mod entities;
pub mod export;
#[cfg(feature = "gui")]
pub mod gui;
pub mod index;
pub mod os;

/// Marsad's per-user configuration folder (user additions to the outlet gazetteer and the
/// boilerplate rules live here), e.g. `~/.config/marsad`. `MARSAD_CONFIG_DIR` overrides it
/// (tests, portable installs).
pub fn config_dir() -> Option<std::path::PathBuf> {
    if let Some(d) = std::env::var_os("MARSAD_CONFIG_DIR") {
        return Some(d.into());
    }
    directories::ProjectDirs::from("", "", "marsad").map(|p| p.config_dir().to_path_buf())
}

/// Marsad's per-user cache folder (indexes, the unpacked demo corpus), e.g. `~/.cache/marsad`.
/// `MARSAD_CACHE_DIR` overrides it.
pub fn cache_dir() -> Option<std::path::PathBuf> {
    if let Some(d) = std::env::var_os("MARSAD_CACHE_DIR") {
        return Some(d.into());
    }
    directories::ProjectDirs::from("", "", "marsad").map(|p| p.cache_dir().to_path_buf())
}

/// An error with its causes, "outer: inner: innermost", for messages shown to people (the GUI;
/// the CLI prints anyhow's chain the same way).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.ends_with(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

/// A memory figure of this process from `/proc/self/status` ("VmRSS:", "VmHWM:", "RssAnon:"), in
/// MB; 0 where there is no such file (not Linux).
pub fn proc_status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
