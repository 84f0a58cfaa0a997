//! Turning the bytes of a file into text, whatever its encoding.
//!
//! Arabic news scrapes come as UTF-8 with and without a byte-order mark, UTF-16 from Windows
//! tools, and Windows-1256 or ISO-8859-6 from older sites. Reading must never fail on a bad byte:
//! invalid sequences are replaced (and reported), and only files that are not text at all are
//! skipped.

use std::borrow::Cow;

/// Text decoded from a file.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding used (WHATWG name, e.g. `UTF-8`, `windows-1256`).
    pub encoding: &'static str,
    /// Set when the file was read only in part (invalid sequences replaced), to be reported.
    pub note: Option<String>,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file is empty or only whitespace.
    #[error("empty file")]
    Empty,
    /// The file holds binary data, not text.
    #[error("binary file (not text): {0}")]
    Binary(&'static str),
}

/// Decodes a whole file.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8_lossy(rest));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok(with_encoding(encoding_rs::UTF_16LE, &bytes[2..]));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok(with_encoding(encoding_rs::UTF_16BE, &bytes[2..]));
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return Ok(with_encoding(enc, bytes));
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, sample).is_some() {
        return Err(DecodeError::Binary("contains NUL bytes"));
    }
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if controls * 10 > sample.len() {
        return Err(DecodeError::Binary("mostly control characters"));
    }
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded { text: s.to_owned(), encoding: "UTF-8", note: None });
    }
    if mostly_utf8(bytes) {
        return Ok(utf8_lossy(bytes));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    Ok(with_encoding(enc, bytes))
}

fn utf8_lossy(bytes: &[u8]) -> Decoded {
    match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(s) => Decoded { text: s.to_owned(), encoding: "UTF-8", note: None },
        Cow::Owned(s) => {
            let bad = s.matches('\u{FFFD}').count();
            Decoded {
                text: s,
                encoding: "UTF-8",
                note: Some(format!("read in part: {bad} invalid UTF-8 byte sequence(s) replaced with \u{FFFD}")),
            }
        }
    }
}

fn with_encoding(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let note =
        had_errors.then(|| format!("read in part: invalid {} byte sequence(s) replaced with \u{FFFD}", enc.name()));
    Decoded { text: text.into_owned(), encoding: enc.name(), note }
}

/// Detects BOM-less UTF-16: in Arabic or Latin text one byte of nearly every code unit is 0x00
/// (ASCII) or 0x06 (the Arabic block), always at the same parity.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let high = |b: u8| b == 0 || b == 6;
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| high(b)).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|&&b| high(b)).count();
    let zeros = memchr::memchr_iter(0, sample).count();
    // Require NULs or Arabic-block bytes on one side only, and the text to look like UTF-16
    // (a plain ASCII file has no NUL bytes at all).
    if zeros == 0 && even.max(odd) < pairs * 9 / 10 {
        return None;
    }
    if odd * 10 >= pairs * 7 && even * 10 < pairs * 3 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs * 3 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// True when a file that is not valid UTF-8 is still UTF-8 with a few broken sequences (a
/// truncated download, a bad copy), rather than a legacy single-byte encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    // Legacy single-byte Arabic text is invalid UTF-8 almost everywhere; broken UTF-8 rarely.
    valid_multibyte > 0 && invalid * 4 <= valid_multibyte
}

#[cfg(test)]
mod tests {
    use super::*;

    const AR: &str = "قال المتحدث إن الاجتماع سيعقد غداً في العاصمة.\nوأضاف أن 12 وفداً سيحضرون.";

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(AR.as_bytes()).unwrap().text, AR);
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(AR.as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.text, AR);
        assert!(d.note.is_none());
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for be in [false, true] {
            let raw = utf16(AR, be);
            assert_eq!(decode(&raw).unwrap().text, AR, "no BOM, be={be}");
            let mut b = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
            b.extend(raw);
            assert_eq!(decode(&b).unwrap().text, AR, "BOM, be={be}");
        }
    }

    #[test]
    fn windows_1256_is_detected() {
        let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(AR);
        assert!(!bad);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "windows-1256");
        assert_eq!(d.text, AR);
    }

    #[test]
    fn broken_utf8_is_replaced_and_reported() {
        let mut b = AR.as_bytes().to_vec();
        b.insert(10, 0xFF);
        let d = decode(&b).unwrap();
        assert!(d.text.contains('\u{FFFD}'));
        assert!(d.note.unwrap().contains("replaced"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\t ").unwrap_err(), DecodeError::Empty);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(decode(png), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn plain_ascii_is_not_taken_for_utf16() {
        let d = decode(b"Reuters reported on Monday.").unwrap();
        assert_eq!(d.encoding, "UTF-8");
    }
}
