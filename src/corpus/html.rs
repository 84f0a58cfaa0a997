//! Extracting an article from a saved HTML page.
//!
//! Saved news pages carry the article among menus, scripts, styles and footers. This is a small,
//! forgiving scanner (real pages are rarely valid HTML): it drops scripts, styles and page chrome
//! (`nav`, `aside`, `form`, `footer`), keeps block elements as paragraphs, prefers the `<article>`
//! element when the page has one, and takes metadata from `og:title`, `<title>`,
//! `article:published_time`, `<time datetime>` and `og:site_name`.

use super::formats::RawDoc;

/// Elements whose content is never article text.
const SKIP: &[&str] =
    &["script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "form", "footer", "select", "button"];
/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "main",
    "blockquote",
    "ul",
    "ol",
    "table",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "pre",
    "hr",
];

#[derive(Default)]
struct Scan {
    all: String,
    article: String,
    article_depth: usize,
    title: String,
    in_title: bool,
    h1: String,
    in_h1: bool,
    h1_done: bool,
    og_title: Option<String>,
    site: Option<String>,
    date: Option<String>,
}

impl Scan {
    fn text(&mut self, t: &str) {
        if self.in_title {
            self.title.push_str(t);
            return;
        }
        if self.in_h1 {
            self.h1.push_str(t);
        }
        push_collapsed(&mut self.all, t);
        if self.article_depth > 0 {
            push_collapsed(&mut self.article, t);
        }
    }

    fn newline(&mut self) {
        for buf in [&mut self.all, &mut self.article] {
            while buf.ends_with(' ') {
                buf.pop();
            }
            if !buf.is_empty() && !buf.ends_with('\n') {
                buf.push('\n');
            }
        }
    }
}

/// Extracts one raw document from an HTML page.
pub fn extract(html: &str) -> RawDoc {
    let mut s = Scan::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| i + p) else {
            s.text(&decode_entities(&html[i..]));
            break;
        };
        if lt > i {
            s.text(&decode_entities(&html[i..lt]));
        }
        i = tag(html, lt, &mut s);
    }
    let article_words = super::super::arabic::word_count(&s.article);
    let all_words = super::super::arabic::word_count(&s.all);
    let text =
        if article_words >= 30 || (article_words > 0 && article_words * 2 >= all_words) { s.article } else { s.all };
    let title = s
        .og_title
        .or_else(|| (!s.title.trim().is_empty()).then(|| strip_site_suffix(s.title.trim(), s.site.as_deref())))
        .or_else(|| (!s.h1.trim().is_empty()).then(|| s.h1.trim().to_owned()))
        .map(|t| collapse(&decode_entities(&t)));
    RawDoc { row: None, title, text: text.trim().to_owned(), outlet: s.site, date: s.date }
}

/// Handles the markup starting at `lt` (a `<`) and returns the index after it.
fn tag(html: &str, lt: usize, s: &mut Scan) -> usize {
    let rest = &html[lt..];
    if rest.starts_with("<!--") {
        return rest.find("-->").map_or(html.len(), |p| lt + p + 3);
    }
    let Some(gt) = find_tag_end(rest) else {
        // A lone '<' in text ("a < b"): keep it as text.
        s.text("<");
        return lt + 1;
    };
    let inner = &rest[1..gt];
    let end = lt + gt + 1;
    if inner.starts_with('!') || inner.starts_with('?') {
        return end;
    }
    let closing = inner.starts_with('/');
    let body = inner.trim_start_matches('/');
    let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
    if name_len == 0 {
        s.text(&html[lt..end]);
        return end;
    }
    let name = body[..name_len].to_ascii_lowercase();
    let attrs = &body[name_len..];
    if !closing && SKIP.contains(&name.as_str()) && !attrs.trim_end().ends_with('/') {
        // Jump past the matching close tag (nested elements of the same name are rare here).
        let close = format!("</{name}");
        return find_ci(&html[end..], &close)
            .map(|p| end + p)
            .and_then(|p| html[p..].find('>').map(|q| p + q + 1))
            .unwrap_or(html.len());
    }
    match (name.as_str(), closing) {
        ("title", false) => s.in_title = true,
        ("title", true) => s.in_title = false,
        ("h1", false) if !s.h1_done => s.in_h1 = true,
        ("h1", true) if s.in_h1 => {
            s.in_h1 = false;
            s.h1_done = true;
        }
        ("article", false) => s.article_depth += 1,
        ("article", true) => s.article_depth = s.article_depth.saturating_sub(1),
        ("meta", false) => meta(attrs, s),
        ("time", false) if s.date.is_none() => s.date = attr(attrs, "datetime"),
        _ => {}
    }
    if BLOCK.contains(&name.as_str()) {
        s.newline();
    }
    end
}

fn meta(attrs: &str, s: &mut Scan) {
    let key = attr(attrs, "property").or_else(|| attr(attrs, "name")).or_else(|| attr(attrs, "itemprop"));
    let (Some(key), Some(content)) = (key, attr(attrs, "content")) else {
        return;
    };
    let content = collapse(&decode_entities(&content));
    if content.is_empty() {
        return;
    }
    match key.to_ascii_lowercase().as_str() {
        "og:title" | "twitter:title" if s.og_title.is_none() => s.og_title = Some(content),
        "og:site_name" | "application-name" if s.site.is_none() => s.site = Some(content),
        "article:published_time"
        | "datepublished"
        | "pubdate"
        | "publishdate"
        | "date"
        | "dc.date"
        | "dc.date.issued"
        | "sailthru.date"
        | "parsely-pub-date"
            if s.date.is_none() =>
        {
            s.date = Some(content);
        }
        _ => {}
    }
}

/// Finds the `>` that ends a tag, skipping `>` inside quoted attribute values.
fn find_tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') if i == 1 => return None,
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in a tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name).map(|p| from + p) {
        from = p + name.len();
        let before_ok = p == 0 || lower.as_bytes()[p - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let vstart = attrs.len() - after.len() + 1;
        let v = attrs[vstart..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_owned(),
            _ => v.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_owned(),
        });
    }
    None
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes().windows(n).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail = tail.trim();
            let is_site = site.is_some_and(|s| s.trim() == tail) || super::outlets::lookup(tail).is_some();
            if is_site && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

fn push_collapsed(buf: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_whitespace() {
            if !buf.is_empty() && !buf.ends_with(' ') && !buf.ends_with('\n') {
                buf.push(' ');
            }
        } else {
            buf.push(c);
        }
    }
}

fn collapse(t: &str) -> String {
    let mut s = String::new();
    push_collapsed(&mut s, t);
    s.trim().to_owned()
}

/// Decodes HTML character references (named ones common in news pages, and numeric ones).
pub fn decode_entities(t: &str) -> String {
    if !t.contains('&') {
        return t.to_owned();
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..].find(|c: char| c == ';' || c == '&' || c.is_whitespace()).map(|e| e + 1);
        let decoded = match end {
            Some(e) if rest.as_bytes().get(e) == Some(&b';') && e <= 12 => entity(&rest[1..e]).map(|c| (c, e + 1)),
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "rlm" => '\u{200F}',
        "lrm" => '\u{200E}',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>عنوان الصفحة - موقع تجريبي</title>
<meta property="og:title" content="عنوان &quot;المقال&quot;">
<meta property="og:site_name" content="موقع تجريبي">
<meta property="article:published_time" content="2016-12-05T09:30:00+02:00">
<style>p { color: red; }</style><script>var x = "<p>ليس نصاً</p>";</script>
</head><body><nav><a href="/">الرئيسية</a> | <a>سياسة</a></nav>
<article><h1>عنوان المقال</h1><p>الفقرة الأولى من المقال، وفيها &amp; رمز و&#1575;لف.</p>
<p>الفقرة   الثانية<br>سطر بعد فاصل.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"#;

    #[test]
    fn page_metadata_and_paragraphs() {
        let d = extract(PAGE);
        assert_eq!(d.title.as_deref(), Some("عنوان \"المقال\""));
        assert_eq!(d.outlet.as_deref(), Some("موقع تجريبي"));
        assert_eq!(d.date.as_deref(), Some("2016-12-05T09:30:00+02:00"));
        let lines: Vec<_> = d.text.lines().collect();
        assert_eq!(
            lines,
            ["عنوان المقال", "الفقرة الأولى من المقال، وفيها & رمز والف.", "الفقرة الثانية", "سطر بعد فاصل."]
        );
        assert!(!d.text.contains("ليس نصاً"));
        assert!(!d.text.contains("الرئيسية"));
        assert!(!d.text.contains("color"));
    }

    #[test]
    fn title_tag_without_og_loses_site_suffix() {
        let d = extract("<title>خبر عاجل | موقع س</title><meta name=\"og:site_name\" content=\"موقع س\"><p>نص</p>");
        assert_eq!(d.title.as_deref(), Some("خبر عاجل"));
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for s in
            ["<", "<p", "a < b > c", "<!-- never closed", "<script>x", "&#xFFFFFFFF; &bogus; &", "<p attr='x>y'>نص</p>"]
        {
            let _ = extract(s);
        }
        assert_eq!(extract("a < b").text, "a < b");
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("&laquo;نص&raquo; &#x627; &unknown; & x"), "«نص» ا &unknown; & x");
    }
}
