//! Arbitrary UTF-8 text into the date finders: `find_dates` (running text), `parse_metadata_date`
//! (metadata fields) and, for yearless dates with a weekday, `resolve_year`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad::corpus::dates::{find_dates, parse_metadata_date, resolve_year, Ymd};

fn valid(d: Ymd) {
    assert_eq!(Ymd::new(d.year, d.month, d.day), Some(d), "invalid date {d:?}");
    assert_eq!(Ymd::from_days_since_epoch(d.days_since_epoch()), d, "round trip of {d:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let reference = Ymd::new(2016, 6, 15).unwrap();
    let mut last_end = 0;
    for m in find_dates(text) {
        assert!(m.start <= m.end && m.end <= text.len(), "{m:?} in {} bytes", text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{m:?}");
        assert!((1..=12).contains(&m.month) && (1..=31).contains(&m.day), "{m:?}");
        assert!(m.end > last_end || m.start == m.end, "mentions go forward: {m:?} after {last_end}");
        last_end = m.end;
        match (m.year, m.weekday) {
            (Some(y), _) => valid(Ymd::new(y, m.month, m.day).unwrap_or_else(|| panic!("{m:?}"))),
            (None, Some(w)) => {
                if let Some(y) = resolve_year(m.month, m.day, w, reference) {
                    let d = Ymd::new(y, m.month, m.day).unwrap_or_else(|| panic!("{m:?} resolved to {y}"));
                    assert_eq!(d.weekday(), w);
                    assert!((y - reference.year).abs() <= 30);
                }
            }
            (None, None) => {}
        }
    }
    if let Some(d) = parse_metadata_date(text) {
        valid(d);
        let iso = d.iso();
        assert_eq!(parse_metadata_date(&iso), Some(d), "{iso}");
    }
});
