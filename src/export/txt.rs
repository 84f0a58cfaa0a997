//! Plain-text export: a folder with one `.txt` file per article, named
//! `date_outlet_title.txt` (made safe and unique by [`super::names`]), and a `manifest.csv`
//! mapping each file name back to the article's id, source path, outlet, date and title.
//!
//! Each file holds the title, then `outlet:`, `date:`, `source:` and `id:` lines, a blank line
//! and the body (one paragraph per line), UTF-8 without a BOM — what qualitative coding tools
//! and `grep` expect.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::csv::BOM;
use super::names::{Namer, article_stem};
use super::{ExportError, FormatWriter, io_err, neutralise};
use crate::corpus::Article;

/// The manifest's file name inside an export folder (also how an earlier export is recognised).
pub const MANIFEST: &str = "manifest.csv";

/// The manifest's columns.
pub const MANIFEST_COLUMNS: [&str; 6] = ["file", "id", "path", "outlet", "date", "title"];

/// Writes article files into a (staging) folder, and the manifest beside them.
pub(crate) struct TxtWriter {
    dir: PathBuf,
    shown: PathBuf,
    namer: Namer,
    manifest: ::csv::Writer<BufWriter<File>>,
}

impl TxtWriter {
    /// Starts an export in `dir` (the staging folder); errors name `shown` (the target).
    pub(crate) fn new(dir: PathBuf, shown: PathBuf) -> Result<Self, ExportError> {
        let path = dir.join(MANIFEST);
        let file = File::create(&path).map_err(io_err(&shown, "creating the manifest in"))?;
        let mut buf = BufWriter::new(file);
        buf.write_all(BOM).map_err(io_err(&shown, "writing the manifest in"))?;
        let mut manifest = ::csv::WriterBuilder::new().from_writer(buf);
        manifest
            .write_record(MANIFEST_COLUMNS)
            .map_err(|source| ExportError::Csv { path: shown.join(MANIFEST), source })?;
        let mut namer = Namer::new();
        namer.reserve(MANIFEST);
        Ok(Self { dir, shown, namer, manifest })
    }
}

/// The text of an article's file.
pub fn article_text(a: &Article) -> String {
    let mut s = String::with_capacity(a.body.len() + a.title.len() + 200);
    s.push_str(&a.title);
    s.push_str("\n\noutlet: ");
    s.push_str(a.outlet.as_deref().unwrap_or("unknown"));
    s.push_str("\ndate: ");
    s.push_str(a.date.as_deref().unwrap_or("undated"));
    s.push_str("\nsource: ");
    s.push_str(&a.path);
    s.push_str("\nid: ");
    s.push_str(&a.id);
    s.push_str("\n\n");
    s.push_str(&a.body);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

impl FormatWriter for TxtWriter {
    fn write(&mut self, a: &Article) -> Result<(), ExportError> {
        let name = self.namer.claim(&article_stem(a.date.as_deref(), a.outlet.as_deref(), &a.title), "txt");
        let shown = self.shown.join(&name);
        std::fs::write(self.dir.join(&name), article_text(a)).map_err(io_err(&shown, "writing"))?;
        let cells = [
            name.as_str(),
            &a.id,
            &a.path,
            a.outlet.as_deref().unwrap_or(""),
            a.date.as_deref().unwrap_or(""),
            &a.title,
        ]
        .map(neutralise);
        self.manifest
            .write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(|source| ExportError::Csv { path: self.shown.join(MANIFEST), source })
    }

    fn finish(self: Box<Self>) -> Result<usize, ExportError> {
        super::close_csv(self.manifest, &self.shown.join(MANIFEST))?;
        Ok(0)
    }
}
