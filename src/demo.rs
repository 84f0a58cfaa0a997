//! The built-in demo corpus: fictional Arabic news from fictional outlets, shipped inside the
//! binary and unpacked to the cache folder, so `marsad` with no folder shows something real.

use std::path::PathBuf;

use include_dir::{Dir, include_dir};

static DEMO: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/assets/demo");

/// Unpacks the demo corpus under `cache` (once per version of its content) and returns its folder.
pub fn unpack(cache: &std::path::Path) -> std::io::Result<PathBuf> {
    let mut files = Vec::new();
    collect(&DEMO, &mut files);
    let mut hash = 0u64;
    for f in &files {
        hash = xxhash_rust::xxh3::xxh3_64_with_seed(
            f.contents(),
            hash ^ xxhash_rust::xxh3::xxh3_64(f.path().to_string_lossy().as_bytes()),
        );
    }
    let base = cache.join("demo");
    let dir = base.join(format!("{hash:016x}"));
    if dir.is_dir() {
        return Ok(dir);
    }
    // Unpack beside and rename, so an interrupted unpack never looks complete.
    let tmp = base.join(format!("{hash:016x}.partial"));
    let _ = std::fs::remove_dir_all(&tmp);
    for f in &files {
        let p = tmp.join(f.path());
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, f.contents())?;
    }
    std::fs::rename(&tmp, &dir)?;
    Ok(dir)
}

/// The demo articles' texts (the synthetic corpora of the scale benchmark learn from them).
pub fn texts() -> Vec<&'static str> {
    let mut files = Vec::new();
    collect(&DEMO, &mut files);
    files
        .iter()
        .filter(|f| f.path().extension().is_some_and(|e| e == "txt"))
        .filter_map(|f| f.contents_utf8())
        .collect()
}

fn collect<'a>(d: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(d.files().filter(|f| f.path().extension().is_some_and(|e| e == "txt" || e == "toml")));
    for sub in d.dirs() {
        collect(sub, out);
    }
}
