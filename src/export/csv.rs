//! CSV export: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the ANSI code page
//! and shows Arabic as mojibake), one row per article, cells neutralised against formulas.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::{COLUMNS, ExportError, FormatWriter, entities_cell, io_err, neutralise, row};
use crate::corpus::Article;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes rows of [`COLUMNS`] to a file.
pub(crate) struct CsvWriter {
    out: ::csv::Writer<BufWriter<File>>,
    path: PathBuf,
    query: String,
}

impl CsvWriter {
    /// Starts a CSV file: BOM and header row.
    pub(crate) fn new(file: File, path: PathBuf, query: &str) -> Result<Self, ExportError> {
        let mut buf = BufWriter::with_capacity(256 * 1024, file);
        buf.write_all(BOM).map_err(io_err(&path, "writing"))?;
        let mut out = ::csv::WriterBuilder::new().from_writer(buf);
        out.write_record(COLUMNS).map_err(|source| ExportError::Csv { path: path.clone(), source })?;
        Ok(Self { out, path, query: query.to_owned() })
    }
}

impl FormatWriter for CsvWriter {
    fn write(&mut self, a: &Article) -> Result<(), ExportError> {
        let entities = entities_cell(&a.entities);
        let cells = row(a, &entities, &self.query).map(neutralise);
        self.out
            .write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(|source| ExportError::Csv { path: self.path.clone(), source })
    }

    fn finish(self: Box<Self>) -> Result<usize, ExportError> {
        let Self { out, path, .. } = *self;
        super::close_csv(out, &path)?;
        Ok(0)
    }
}
