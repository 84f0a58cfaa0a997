//! JSON Lines export: one object per article with the export columns, the full text, and the
//! entities as `{person, place, organization}`; nothing is neutralised (scripts want the text
//! exactly as Marsad has it).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{ExportError, FormatWriter, io_err};
use crate::corpus::Article;
use crate::entities::Entities;

/// One JSONL line; field order is the column order.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    path: &'a str,
    outlet: Option<&'a str>,
    date: Option<&'a str>,
    title: &'a str,
    body: &'a str,
    entities: &'a Entities,
    query: &'a str,
}

/// Writes one line per article.
pub(crate) struct JsonlWriter {
    out: BufWriter<File>,
    path: PathBuf,
    query: String,
}

impl JsonlWriter {
    /// Starts a JSONL file.
    pub(crate) fn new(file: File, path: PathBuf, query: &str) -> Self {
        Self { out: BufWriter::with_capacity(256 * 1024, file), path, query: query.to_owned() }
    }
}

impl FormatWriter for JsonlWriter {
    fn write(&mut self, a: &Article) -> Result<(), ExportError> {
        let line = Line {
            id: &a.id,
            path: &a.path,
            outlet: a.outlet.as_deref(),
            date: a.date.as_deref(),
            title: &a.title,
            body: &a.body,
            entities: &a.entities,
            query: &self.query,
        };
        serde_json::to_writer(&mut self.out, &line)
            .map_err(|source| ExportError::Json { path: self.path.clone(), source })?;
        self.out.write_all(b"\n").map_err(io_err(&self.path, "writing"))
    }

    fn finish(self: Box<Self>) -> Result<usize, ExportError> {
        let Self { out, path, .. } = *self;
        super::close_file(out, &path)?;
        Ok(0)
    }
}
