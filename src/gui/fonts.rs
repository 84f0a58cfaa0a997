//! Fonts: a bundled Arabic font first, egui's defaults for Latin, system fonts as fallbacks.
//!
//! Noto Naskh Arabic (OFL, `fonts/`) ships inside the binary, so Arabic renders the same on every
//! machine. Scripts neither it nor egui's defaults cover (Hebrew, CJK, Cyrillic names in a
//! quote…) come from installed fonts found with `fontdb`.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// Noto Naskh Arabic Regular, bundled.
pub const NASKH: &[u8] = include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf");

/// System font families tried as fallbacks, in order.
const FALLBACKS: &[&str] =
    &["Noto Sans", "DejaVu Sans", "Noto Sans Hebrew", "Noto Sans CJK SC", "Noto Sans Devanagari"];

/// Font definitions with the bundled Arabic font right after egui's Latin font: egui's defaults
/// have no Arabic glyphs, so every Arabic letter comes from Noto Naskh, while Latin letters,
/// digits and ASCII punctuation keep the Latin design (Naskh's comma is the Arabic-looking one).
/// With `system`, installed fonts are appended as fallbacks (skipped in tests for determinism).
pub fn definitions(system: bool) -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert("naskh".into(), Arc::new(FontData::from_static(NASKH)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        list.insert(1.min(list.len()), "naskh".into());
    }
    if system {
        add_system_fallbacks(&mut fonts);
    }
    fonts
}

fn add_system_fallbacks(fonts: &mut FontDefinitions) {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    for name in FALLBACKS {
        let query = fontdb::Query { families: &[fontdb::Family::Name(name)], ..fontdb::Query::default() };
        let Some(id) = db.query(&query) else { continue };
        let data = db.with_face_data(id, |bytes, index| (bytes.to_vec(), index));
        if let Some((bytes, index)) = data {
            let key = format!("system:{name}");
            let mut fd = FontData::from_owned(bytes);
            fd.index = index;
            fonts.font_data.insert(key.clone(), Arc::new(fd));
            for family in [FontFamily::Proportional, FontFamily::Monospace] {
                fonts.families.entry(family).or_default().push(key.clone());
            }
        }
    }
}
