//! Finding dates in Arabic news text.
//!
//! Arab outlets name months in three traditions — Levantine/Iraqi (كانون الثاني … كانون الأول),
//! Egyptian/Gulf (يناير … ديسمبر) and Maghrebi (جانفي، فيفري … ; Moroccan يوليوز، غشت، شتنبر،
//! نونبر، دجنبر) — often two at once ("5 كانون الأول (ديسمبر - دجنبر)، 2016", "كانون الأول/
//! ديسمبر"), write digits in Western, Arabic-Indic or Eastern Arabic-Indic form, and use numeric
//! day-first dates. A weekday before the day ("الجمعة 2 كانون الأول") and a "today" marker
//! ("اليوم، الجمعة …") tell a dateline from a date the story merely mentions. Hijri dates are
//! recognised only to be left alone. Words are compared in [`crate::arabic::match_key`] form, so
//! hamza, ya, ta marbuta, diacritics and tatweel variants need no entries.

use crate::arabic::{Fold, fold_char, is_word_char};

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// Year (1900–2100).
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month.
    pub day: u8,
}

/// Days in a month.
fn month_days(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Ymd {
    /// A valid date in 1900–2100, or `None` (31 February, month 13, year 20000…).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Ymd> {
        ((1900..=2100).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= month_days(year, month))
            .then_some(Ymd { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Day of the week.
    pub fn weekday(&self) -> Weekday {
        // 1970-01-01 was a Thursday.
        const ORDER: [Weekday; 7] =
            [Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun, Weekday::Mon, Weekday::Tue, Weekday::Wed];
        ORDER[self.days_since_epoch().rem_euclid(7) as usize]
    }

    /// Days since 1970-01-01 (negative before), for distances and compact storage.
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `d` days after 1970-01-01 (clamped to the supported years).
    pub fn from_days_since_epoch(d: i64) -> Ymd {
        let z = d + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Ymd::new(year, month, day).unwrap_or(if year < 1900 {
            Ymd { year: 1900, month: 1, day: 1 }
        } else {
            Ymd { year: 2100, month: 12, day: 31 }
        })
    }
}

/// Days of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// How a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// With a month name.
    NamedMonth,
    /// Day-first numeric (`3/11/2016`).
    Numeric,
    /// Year-first numeric (`2016-11-03`).
    Iso,
}

/// One date mention in running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range of the whole mention (weekday through year).
    pub start: usize,
    /// End of the mention.
    pub end: usize,
    /// Year, when the text gives one.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month.
    pub day: u8,
    /// The weekday named right before the day.
    pub weekday: Option<Weekday>,
    /// Preceded by "today" (اليوم): the text presents it as its own date.
    pub today: bool,
    /// How it was written.
    pub kind: MentionKind,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Num(u32, usize),
    Punct(char),
}

#[derive(Clone, Debug)]
struct Token {
    start: usize,
    end: usize,
    tok: Tok,
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
        } else if digit(c).is_some() {
            let (mut v, mut n) = (0u32, 0usize);
            while let Some(d) = chars.get(k).and_then(|&(_, c)| digit(c)) {
                v = v.saturating_mul(10).saturating_add(d);
                n += 1;
                k += 1;
            }
            out.push(Token { start: i, end: end_of(k), tok: Tok::Num(v, n) });
        } else if is_word_char(c) {
            let mut w = String::new();
            while let Some(&(_, c)) = chars.get(k).filter(|&&(_, c)| is_word_char(c) && digit(c).is_none()) {
                if let Fold::Keep(x) | Fold::Map(x) = fold_char(c) {
                    w.push(x);
                }
                k += 1;
            }
            out.push(Token { start: i, end: end_of(k), tok: Tok::Word(w) });
        } else {
            k += 1;
            out.push(Token { start: i, end: end_of(k), tok: Tok::Punct(c) });
        }
    }
    out
}

/// Month names (normalised) → month. Two-word Levantine names are handled by [`month_at`].
fn month_word(w: &str) -> Option<u8> {
    Some(match w {
        "يناير" | "جانفي" | "january" | "jan" => 1,
        "شباط" | "فبراير" | "فيفري" | "february" | "feb" => 2,
        "اذار" | "مارس" | "march" | "mar" => 3,
        "نيسان" | "ابريل" | "افريل" | "april" | "apr" => 4,
        "ايار" | "مايو" | "ماي" | "may" => 5,
        "حزيران" | "يونيو" | "يونيه" | "جوان" | "june" | "jun" => 6,
        "تموز" | "يوليو" | "يوليه" | "جويليه" | "يوليوز" | "july" | "jul" => 7,
        "اب" | "اغسطس" | "اوت" | "غشت" | "august" | "aug" => 8,
        "ايلول" | "سبتمبر" | "شتنبر" | "september" | "sep" | "sept" => 9,
        "اكتوبر" | "october" | "oct" => 10,
        "نوفمبر" | "نونبر" | "november" | "nov" => 11,
        "ديسمبر" | "دجنبر" | "december" | "dec" => 12,
        _ => return None,
    })
}

/// The month named at token `i` and the index after it ("كانون الثاني", "تشرين الأول",
/// "تشرين 1", "شهر ديسمبر").
fn month_at(t: &[Token], mut i: usize) -> Option<(u8, usize)> {
    if let Some(Tok::Word(w)) = t.get(i).map(|x| &x.tok) {
        if w == "شهر" {
            i += 1;
        }
    }
    let Tok::Word(w) = &t.get(i)?.tok else { return None };
    if w == "كانون" || w == "تشرين" {
        let (first, second) = if w == "كانون" { (12, 1) } else { (10, 11) };
        return match t.get(i + 1).map(|x| &x.tok) {
            Some(Tok::Word(n)) if matches!(n.as_str(), "الاول" | "اول") => Some((first, i + 2)),
            Some(Tok::Word(n)) if matches!(n.as_str(), "الثاني" | "ثاني") => Some((second, i + 2)),
            Some(Tok::Num(1, _)) => Some((first, i + 2)),
            Some(Tok::Num(2, _)) => Some((second, i + 2)),
            _ => None,
        };
    }
    month_word(w).map(|m| (m, i + 1))
}

fn weekday_word(w: &str) -> Option<(Weekday, bool)> {
    // (weekday, needs "يوم" before it when written without the article)
    Some(match w {
        "الاحد" => (Weekday::Sun, false),
        "الاثنين" | "الاتنين" => (Weekday::Mon, false),
        "الثلاثاء" => (Weekday::Tue, false),
        "الاربعاء" => (Weekday::Wed, false),
        "الخميس" => (Weekday::Thu, false),
        "الجمعه" => (Weekday::Fri, false),
        "السبت" => (Weekday::Sat, false),
        "احد" => (Weekday::Sun, true),
        "اثنين" => (Weekday::Mon, true),
        "ثلاثاء" => (Weekday::Tue, true),
        "اربعاء" => (Weekday::Wed, true),
        "خميس" => (Weekday::Thu, true),
        "جمعه" => (Weekday::Fri, true),
        "سبت" => (Weekday::Sat, true),
        "monday" | "mon" => (Weekday::Mon, false),
        "tuesday" | "tue" => (Weekday::Tue, false),
        "wednesday" | "wed" => (Weekday::Wed, false),
        "thursday" | "thu" => (Weekday::Thu, false),
        "friday" | "fri" => (Weekday::Fri, false),
        "saturday" | "sat" => (Weekday::Sat, false),
        "sunday" | "sun" => (Weekday::Sun, false),
        _ => return None,
    })
}

fn is_hijri_marker(t: Option<&Token>) -> bool {
    matches!(t.map(|x| &x.tok), Some(Tok::Word(w)) if matches!(w.as_str(), "ه" | "هـ" | "هجري" | "هجريه" | "للهجره" | "ah"))
}

/// Skips an alternate month name after a month: "(ديسمبر - دجنبر)", "/ ديسمبر", "/كانون الأول".
fn skip_alternates(t: &[Token], mut j: usize) -> usize {
    loop {
        match t.get(j).map(|x| &x.tok) {
            Some(Tok::Punct('(' | '[')) => {
                let mut k = j + 1;
                let mut ok = false;
                while k < t.len() && k < j + 8 {
                    match &t[k].tok {
                        Tok::Punct(')' | ']') => {
                            ok = true;
                            break;
                        }
                        Tok::Punct(_) => k += 1,
                        Tok::Word(_) => match month_at(t, k) {
                            Some((_, next)) => k = next,
                            None => break,
                        },
                        Tok::Num(..) => break,
                    }
                }
                if !ok {
                    return j;
                }
                j = k + 1;
            }
            Some(Tok::Punct('/' | '-' | '–')) => match month_at(t, j + 1) {
                Some((_, next)) => j = next,
                None => return j,
            },
            _ => return j,
        }
    }
}

/// Looks back from token `i` (the first token of a date) for a weekday and a "today" marker.
fn context_before(t: &[Token], i: usize) -> (Option<Weekday>, bool, usize) {
    let mut weekday = None;
    let mut today = false;
    let mut start = t[i].start;
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 5 {
        k -= 1;
        steps += 1;
        match &t[k].tok {
            Tok::Punct(_) => {}
            Tok::Word(w) if w == "يوم" || w == "في" || w == "الموافق" => {}
            Tok::Word(w) if w == "اليوم" || w == "today" || w == "هذا" => {
                today |= w != "هذا";
                if weekday.is_some() || w != "هذا" {
                    break;
                }
            }
            Tok::Word(w) if weekday.is_none() => match weekday_word(w) {
                Some((d, needs_yawm)) => {
                    let has_yawm = k > 0 && matches!(&t[k - 1].tok, Tok::Word(p) if p == "يوم");
                    if needs_yawm && !has_yawm {
                        break;
                    }
                    weekday = Some(d);
                    start = t[k].start;
                }
                None => break,
            },
            _ => break,
        }
    }
    (weekday, today, start)
}

fn year_after(t: &[Token], mut j: usize) -> (Option<i32>, usize, bool) {
    while let Some(x) = t.get(j) {
        match &x.tok {
            Tok::Punct(',' | '،' | '-' | '–' | '/' | '.') => j += 1,
            Tok::Word(w) if w == "من" || w == "عام" || w == "سنه" || w == "العام" => j += 1,
            _ => break,
        }
    }
    match t.get(j).map(|x| &x.tok) {
        Some(&Tok::Num(y, 4)) if (1900..=2100).contains(&y) => {
            if is_hijri_marker(t.get(j + 1)) {
                (None, j, true)
            } else {
                (Some(y as i32), j + 1, false)
            }
        }
        Some(&Tok::Num(y, 4)) if is_hijri_marker(t.get(j + 1)) || (1300..1600).contains(&y) => (None, j, true),
        _ => (None, j, false),
    }
}

fn adjacent(t: &[Token], a: usize, b: usize) -> bool {
    t[a].end == t[b].start
}

/// Every date mention in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let t = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if let Some((m, next)) = try_at(&t, i) {
            out.push(m);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn try_at(t: &[Token], i: usize) -> Option<(DateMention, usize)> {
    match &t[i].tok {
        &Tok::Num(a, na) if na <= 2 => {
            // Numeric d/m/y: contiguous "3/11/2016", "03-11-2016", "3.11.2016".
            if let (Some(s1), Some(Tok::Num(b, nb)), Some(s2), Some(&Tok::Num(c, nc))) =
                (t.get(i + 1), t.get(i + 2).map(|x| &x.tok), t.get(i + 3), t.get(i + 4).map(|x| &x.tok))
            {
                let seps = matches!((&s1.tok, &s2.tok), (Tok::Punct(x), Tok::Punct(y)) if x == y && matches!(x, '/' | '-' | '.'));
                if seps
                    && *nb <= 2
                    && nc == 4
                    && (i + 1..=i + 4).all(|k| adjacent(t, k - 1, k))
                    && !is_hijri_marker(t.get(i + 5))
                {
                    let (d, m) = if *b > 12 && a <= 12 { (*b, a) } else { (a, *b) };
                    if let Some(ymd) = Ymd::new(c as i32, m as u8, d as u8) {
                        let (weekday, today, start) = context_before(t, i);
                        let m = DateMention {
                            start,
                            end: t[i + 4].end,
                            year: Some(ymd.year),
                            month: ymd.month,
                            day: ymd.day,
                            weekday,
                            today,
                            kind: MentionKind::Numeric,
                        };
                        return Some((m, i + 5));
                    }
                }
            }
            // Day + month name (+ alternates) (+ year).
            if !(1..=31).contains(&a) {
                return None;
            }
            let mut j = i + 1;
            while let Some(x) = t.get(j) {
                match &x.tok {
                    Tok::Punct('-' | ',' | '،') => j += 1,
                    Tok::Word(w) if w == "من" => j += 1,
                    _ => break,
                }
            }
            let (month, after) = month_at(t, j)?;
            let after = skip_alternates(t, after);
            let (year, end_idx, hijri) = year_after(t, after);
            if hijri {
                return None;
            }
            let check_year = year.unwrap_or(2000);
            Ymd::new(check_year, month, a as u8)?;
            let (weekday, today, start) = context_before(t, i);
            let end = if year.is_some() { t[end_idx - 1].end } else { t[after - 1].end };
            let next = if year.is_some() { end_idx } else { after };
            Some((
                DateMention { start, end, year, month, day: a as u8, weekday, today, kind: MentionKind::NamedMonth },
                next,
            ))
        }
        &Tok::Num(y, 4) if (1900..=2100).contains(&y) => {
            // Year-first: 2016-11-03, 2016/11/03 (ISO, also with a time after).
            let (Some(s1), Some(&Tok::Num(m, nm)), Some(s2), Some(&Tok::Num(d, nd))) =
                (t.get(i + 1), t.get(i + 2).map(|x| &x.tok), t.get(i + 3), t.get(i + 4).map(|x| &x.tok))
            else {
                return None;
            };
            let seps =
                matches!((&s1.tok, &s2.tok), (Tok::Punct(x), Tok::Punct(z)) if x == z && matches!(x, '-' | '/' | '.'));
            if !seps || nm > 2 || nd > 2 || !(i + 1..=i + 4).all(|k| adjacent(t, k - 1, k)) {
                return None;
            }
            let ymd = Ymd::new(y as i32, m as u8, d as u8)?;
            let (weekday, today, start) = context_before(t, i);
            Some((
                DateMention {
                    start,
                    end: t[i + 4].end,
                    year: Some(ymd.year),
                    month: ymd.month,
                    day: ymd.day,
                    weekday,
                    today,
                    kind: MentionKind::Iso,
                },
                i + 5,
            ))
        }
        Tok::Word(_) => {
            // Month first: "December 5, 2016", "ديسمبر 5، 2016" (only with a year).
            let (month, after) = month_at(t, i)?;
            let &Tok::Num(d, nd) = &t.get(after)?.tok else { return None };
            if nd > 2 {
                return None;
            }
            let (year, end_idx, _) = year_after(t, after + 1);
            let year = year?;
            let ymd = Ymd::new(year, month, d as u8)?;
            let (weekday, today, start) = context_before(t, i);
            Some((
                DateMention {
                    start,
                    end: t[end_idx - 1].end,
                    year: Some(year),
                    month: ymd.month,
                    day: ymd.day,
                    weekday,
                    today,
                    kind: MentionKind::NamedMonth,
                },
                end_idx,
            ))
        }
        _ => None,
    }
}

/// A date from a metadata field (JSON, CSV, HTML meta): ISO dates and datetimes, day-first
/// numeric dates, RFC 2822, "December 5, 2016", Arabic forms, Unix epoch seconds. The calendar
/// date as written (no time-zone conversion).
pub fn parse_metadata_date(s: &str) -> Option<Ymd> {
    let s = s.trim();
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { secs / 1000 } else { secs };
        return Some(Ymd::from_days_since_epoch(secs.div_euclid(86_400)));
    }
    find_dates(s).into_iter().find_map(|m| Ymd::new(m.year?, m.month, m.day))
}

/// The year (within ±30 of `reference`) whose calendar has `weekday` on `day`/`month`, nearest
/// to `reference`; ties go to the earlier year.
pub fn resolve_year(month: u8, day: u8, weekday: Weekday, reference: Ymd) -> Option<i32> {
    let r = reference.days_since_epoch();
    (reference.year - 30..=reference.year + 30)
        .filter_map(|y| Ymd::new(y, month, day))
        .filter(|d| d.weekday() == weekday)
        .min_by_key(|d| ((d.days_since_epoch() - r).abs(), d.year))
        .map(|d| d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> DateMention {
        let v = find_dates(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v.into_iter().next().unwrap()
    }

    fn ymd(text: &str) -> (Option<i32>, u8, u8) {
        let m = one(text);
        (m.year, m.month, m.day)
    }

    #[test]
    fn calendar_arithmetic() {
        for (y, m, d, days) in [(1970, 1, 1, 0), (2016, 12, 2, 17137), (2000, 2, 29, 11016), (1969, 12, 31, -1)] {
            let date = Ymd { year: y, month: m, day: d };
            assert_eq!(date.days_since_epoch(), days);
            if y >= 1970 {
                assert_eq!(Ymd::from_days_since_epoch(days), date);
            }
        }
        assert_eq!(Ymd::new(2016, 12, 2).unwrap().weekday(), Weekday::Fri);
        assert_eq!(Ymd::new(2016, 12, 5).unwrap().weekday(), Weekday::Mon);
        assert!(Ymd::new(2015, 2, 29).is_none());
        assert!(Ymd::new(2016, 2, 29).is_some());
    }

    #[test]
    fn every_month_in_every_tradition() {
        let names = [
            ["كانون الثاني", "يناير", "جانفي"],
            ["شباط", "فبراير", "فيفري"],
            ["آذار", "مارس", "مارس"],
            ["نيسان", "أبريل", "أفريل"],
            ["أيار", "مايو", "ماي"],
            ["حزيران", "يونيو", "جوان"],
            ["تموز", "يوليو", "جويلية"],
            ["آب", "أغسطس", "أوت"],
            ["أيلول", "سبتمبر", "شتنبر"],
            ["تشرين الأول", "أكتوبر", "أكتوبر"],
            ["تشرين الثاني", "نوفمبر", "نونبر"],
            ["كانون الأول", "ديسمبر", "دجنبر"],
        ];
        for (i, row) in names.iter().enumerate() {
            for n in row {
                assert_eq!(ymd(&format!("وصل الوفد في 7 {n} 2015 إلى المدينة")), (Some(2015), i as u8 + 1, 7), "{n}");
            }
        }
        assert_eq!(ymd("يوليوز 14، 2025").1, 7);
        assert_eq!(ymd("14 غشت 2025").1, 8);
        assert_eq!(ymd("3 إبريل 2024").1, 4);
    }

    #[test]
    fn variants_alternates_and_digits() {
        assert_eq!(ymd("5 كانون الأول (ديسمبر - دجنبر)، 2016"), (Some(2016), 12, 5));
        assert_eq!(ymd("5 كانون الأول/ ديسمبر 2016"), (Some(2016), 12, 5));
        assert_eq!(ymd("5 ديسمبر/كانون الأول 2016"), (Some(2016), 12, 5));
        assert_eq!(ymd("٥ كانـــونَ الأوّل ٢٠١٦"), (Some(2016), 12, 5));
        assert_eq!(ymd("۵ دیسمبر ۲۰۱۶").0, Some(2016));
        assert_eq!(ymd("5 من ديسمبر 2016"), (Some(2016), 12, 5));
        assert_eq!(ymd("December 5, 2016"), (Some(2016), 12, 5));
        assert_eq!(ymd("Mon, 05 Dec 2016 10:00:00 +0000"), (Some(2016), 12, 5));
        assert_eq!(ymd("في 9 أيلول الماضي"), (None, 9, 9));
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(ymd("بتاريخ 3/11/2016)"), (Some(2016), 11, 3));
        assert_eq!(ymd("٠٣/١١/٢٠١٦"), (Some(2016), 11, 3));
        assert_eq!(ymd("11/25/2016"), (Some(2016), 11, 25), "month first when the day cannot be a month");
        assert_eq!(ymd("2016-11-03T10:20:00+03:00"), (Some(2016), 11, 3));
        assert_eq!(ymd("٢٠٢٥/١٠/٠٧"), (Some(2025), 10, 7));
        assert_eq!(one("2016-11-03").kind, MentionKind::Iso);
    }

    #[test]
    fn weekday_and_today() {
        let m = one("قال الوزير اليوم، الجمعة 2 كانون الأول، إن");
        assert_eq!((m.weekday, m.today, m.year), (Some(Weekday::Fri), true, None));
        let m = one("اليوم “الاثنين” 5 كانون الأول/ ديسمبر، أن");
        assert_eq!((m.weekday, m.today), (Some(Weekday::Mon), true));
        let m = one("وكان ذلك يوم الخميس 4 آذار 2021");
        assert_eq!((m.weekday, m.today, m.year), (Some(Weekday::Thu), false, Some(2021)));
        let text = "قال اليوم، الجمعة 2 كانون الأول، إن";
        let m = one(text);
        assert!(
            text[m.start..m.end].starts_with("الجمعة") && text[m.start..m.end].ends_with("الأول"),
            "{}",
            &text[m.start..m.end]
        );
    }

    #[test]
    fn not_dates() {
        for t in [
            "لمدة 10 ساعات يوم الجمعة",
            "أيام 20 و 21 و 22 الشهر الماضي",
            "3 minutes",
            "الساعة 10:30 صباحاً",
            "فاز الفريق 2-1",
            "الإصدار 1.2.3",
            "اتصل على 0933/123/456",
            "5 ربيع الأول 1438 هـ",
            "في عام 2016",
            "32 ديسمبر 2016",
        ] {
            assert!(find_dates(t).is_empty(), "{t}: {:?}", find_dates(t));
        }
    }

    #[test]
    fn metadata_dates() {
        for s in [
            "2016-12-05",
            "2016-12-05T09:30:00+02:00",
            "05/12/2016",
            "Mon, 05 Dec 2016 10:00:00 +0000",
            "December 5, 2016",
            "5 ديسمبر 2016",
            "1480932000",
        ] {
            assert_eq!(parse_metadata_date(s), Ymd::new(2016, 12, 5), "{s}");
        }
        assert_eq!(parse_metadata_date("garbage"), None);
    }

    #[test]
    fn years_from_weekdays() {
        let r = Ymd::new(2016, 11, 20).unwrap();
        assert_eq!(resolve_year(12, 2, Weekday::Fri, r), Some(2016));
        assert_eq!(resolve_year(12, 2, Weekday::Fri, Ymd::new(2026, 11, 24).unwrap()), Some(2022));
        assert_eq!(resolve_year(2, 29, Weekday::Mon, Ymd::new(2016, 1, 1).unwrap()), Some(2016));
        assert_eq!(resolve_year(12, 5, Weekday::Fri, Ymd::new(2025, 11, 20).unwrap()), Some(2025));
    }
}
