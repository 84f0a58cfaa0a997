//! XLSX export: one right-to-left worksheet (Arabic reads from the right, and column A sits on
//! the right), a bold, frozen header row, column widths fitted to the content type and wrapped
//! body text. The sheet is written in `rust_xlsxwriter`'s constant-memory mode (rows stream to
//! a temporary file), so a large export does not hold every body in memory.
//!
//! Excel cells hold at most 32,767 characters: longer text is cut and ends with a note saying so
//! (the CSV and JSONL exports keep the whole text).

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use rust_xlsxwriter::{Format as CellFormat, FormatAlign, Workbook, XlsxError};

use super::{COLUMNS, ExportError, FormatWriter, entities_cell, neutralise, row};
use crate::corpus::Article;

/// Excel's limit on the length of a cell's text (counted here in UTF-16 units, as Excel does,
/// which is never more than `rust_xlsxwriter`'s count of characters).
pub const MAX_CELL: usize = 32_767;

/// The note that ends a cut cell.
pub const TRUNCATION_NOTE: &str =
    " […] [cut by Marsad: Excel cells hold at most 32,767 characters; the CSV and JSONL exports have the full text]";

/// Rows a sheet holds below its header.
pub const MAX_ROWS: usize = 1_048_575;

/// Column widths (in Excel's character units), in [`COLUMNS`] order.
const WIDTHS: [f64; 8] = [28.0, 28.0, 18.0, 12.0, 50.0, 100.0, 40.0, 20.0];

/// Data row height in points: three lines of body text, so rows stay scannable (the whole text
/// shows in the cell editor).
const ROW_HEIGHT: f64 = 48.0;

/// `s` cut so it fits in a cell, with [`TRUNCATION_NOTE`]; `None` when it fits already.
pub fn fit_cell(s: &str) -> Option<String> {
    if s.len() <= MAX_CELL || s.encode_utf16().count() <= MAX_CELL {
        return None;
    }
    let budget = MAX_CELL - TRUNCATION_NOTE.encode_utf16().count();
    let mut units = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    Some(format!("{}{TRUNCATION_NOTE}", &s[..end]))
}

/// Writes articles as rows of one worksheet; the workbook is assembled into the file at the end.
pub(crate) struct XlsxWriter {
    workbook: Workbook,
    file: File,
    path: PathBuf,
    query: String,
    text: CellFormat,
    body: CellFormat,
    row: u32,
    truncated: usize,
}

impl XlsxWriter {
    /// Starts a workbook: sheet direction, column widths, the header row.
    pub(crate) fn new(file: File, path: PathBuf, query: &str) -> Result<Self, ExportError> {
        let xerr = |source| ExportError::Xlsx { path: path.clone(), source };
        let mut workbook = Workbook::new();
        if let Some(dir) = path.parent() {
            // Constant-memory rows go to an unnamed temporary file beside the target.
            workbook.set_tempdir(dir).map_err(xerr)?;
        }
        let header = CellFormat::new().set_bold().set_align(FormatAlign::Top);
        let text = CellFormat::new().set_align(FormatAlign::Top);
        let body = CellFormat::new().set_text_wrap().set_align(FormatAlign::Top);
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_name("marsad").map_err(xerr)?;
        sheet.set_right_to_left(true);
        for (col, w) in WIDTHS.iter().enumerate() {
            sheet.set_column_width(col as u16, *w).map_err(xerr)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xerr)?;
        for (col, name) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *name, &header).map_err(xerr)?;
        }
        Ok(Self { workbook, file, path, query: query.to_owned(), text, body, row: 0, truncated: 0 })
    }

    fn xerr(&self, source: XlsxError) -> ExportError {
        ExportError::Xlsx { path: self.path.clone(), source }
    }
}

impl FormatWriter for XlsxWriter {
    fn write(&mut self, a: &Article) -> Result<(), ExportError> {
        if self.row as usize >= MAX_ROWS {
            return Err(ExportError::Target {
                path: self.path.clone(),
                reason: format!("an Excel sheet holds at most {MAX_ROWS} articles; export to CSV or JSONL instead"),
            });
        }
        self.row += 1;
        let r = self.row;
        let entities = entities_cell(&a.entities);
        let cells = row(a, &entities, &self.query);
        let mut truncated = 0;
        let sheet = match self.workbook.worksheet_from_index(0) {
            Ok(s) => s,
            Err(e) => return Err(ExportError::Xlsx { path: self.path.clone(), source: e }),
        };
        let mut result = sheet.set_row_height(r, ROW_HEIGHT).map(drop);
        for (col, cell) in cells.iter().enumerate() {
            if result.is_err() {
                break;
            }
            let safe = neutralise(cell);
            let value = match fit_cell(&safe) {
                Some(cut) => {
                    truncated += 1;
                    cut
                }
                None => safe.into_owned(),
            };
            let format = match col {
                4 | 5 => &self.body,
                _ => &self.text,
            };
            result = sheet.write_string_with_format(r, col as u16, value, format).map(drop);
        }
        self.truncated += truncated;
        result.map_err(|e| self.xerr(e))
    }

    fn finish(self: Box<Self>) -> Result<usize, ExportError> {
        let Self { mut workbook, file, path, truncated, .. } = *self;
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        workbook.save_to_writer(&mut out).map_err(|source| ExportError::Xlsx { path: path.clone(), source })?;
        let file = out.into_inner().map_err(|e| ExportError::Io {
            path: path.clone(),
            what: "writing",
            source: e.into_error(),
        })?;
        file.sync_all().map_err(super::io_err(&path, "writing"))?;
        Ok(truncated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_with_a_note() {
        assert_eq!(fit_cell("قصير"), None);
        let long = "كلمة ".repeat(10_000);
        let cut = fit_cell(&long).unwrap();
        assert!(cut.encode_utf16().count() <= MAX_CELL);
        assert!(cut.chars().count() <= MAX_CELL);
        assert!(cut.ends_with(TRUNCATION_NOTE));
        // Astral characters count two UTF-16 units: still within Excel's limit.
        let emoji = "😀".repeat(20_000);
        assert!(fit_cell(&emoji).unwrap().encode_utf16().count() <= MAX_CELL);
        // Exactly at the limit: kept whole.
        assert_eq!(fit_cell(&"a".repeat(MAX_CELL)), None);
    }
}
