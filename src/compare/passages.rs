//! Shared passages: runs of words two articles have in common, and who published them first.
//!
//! Copying between outlets (wire copy, press releases, one outlet lifting another's paragraph)
//! shows as long runs of identical words. Words are compared in their normalised form, so a copy
//! that dropped the diacritics or wrote ان for إن still matches; the runs are returned as byte
//! ranges in each article's *original* body, so the app can highlight both sides in one colour.
//!
//! Method: hash every window of [`MIN_WORDS`] consecutive words of one text, look the other
//! text's windows up, verify the words, and extend each match to its maximal run; overlapping
//! runs keep the longest.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::{day_of, for_each_word, iso_of, outlet_of, word_hash};
use crate::corpus::Article;

/// Shortest run of shared words reported (shorter runs are stock phrases, not copying).
pub const MIN_WORDS: usize = 8;

/// Members of a story compared pairwise for who published first (the oldest ones; bounds the
/// quadratic work on very large stories).
pub const MAX_STORY_MEMBERS: usize = 60;

/// A run of words two texts share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SharedPassage {
    /// Byte range in the first text (from the first word's start to the last word's end).
    pub a: Range<usize>,
    /// Byte range in the second text.
    pub b: Range<usize>,
    /// Number of words in the run.
    pub words: usize,
}

/// A text's words, ready for alignment: byte ranges and normalised-word hashes.
#[derive(Clone, Debug, Default)]
pub struct Words {
    ranges: Vec<Range<usize>>,
    ids: Vec<u64>,
}

impl Words {
    /// Tokenises a text (every word, stopwords included: copying copies them too).
    pub fn of(text: &str) -> Words {
        let mut w = Words::default();
        for_each_word(text, |r, norm| {
            w.ranges.push(r);
            w.ids.push(word_hash(norm));
        });
        w
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the text has no words.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

fn window_hash(ids: &[u64]) -> u64 {
    ids.iter().fold(0x51_7CC1_B727_220A_u64, |h, &w| (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29))
}

/// Maximal runs of at least `min_words` words shared by two tokenised texts, without overlaps
/// (longest runs win), in the order of the first text.
pub fn shared_runs(a: &Words, b: &Words, min_words: usize) -> Vec<SharedPassage> {
    let m = min_words.max(1);
    if a.len() < m || b.len() < m {
        return Vec::new();
    }
    let mut windows: HashMap<u64, Vec<u32>> = HashMap::with_capacity(b.len());
    for j in 0..=b.len() - m {
        windows.entry(window_hash(&b.ids[j..j + m])).or_default().push(j as u32);
    }
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..=a.len() - m {
        let Some(js) = windows.get(&window_hash(&a.ids[i..i + m])) else { continue };
        for &j in js {
            let j = j as usize;
            if a.ids[i..i + m] != b.ids[j..j + m] {
                continue;
            }
            if i > 0 && j > 0 && a.ids[i - 1] == b.ids[j - 1] {
                continue; // inside a run found from an earlier start
            }
            let mut len = m;
            while i + len < a.len() && j + len < b.len() && a.ids[i + len] == b.ids[j + len] {
                len += 1;
            }
            runs.push((i, j, len));
        }
    }
    runs.sort_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let mut taken: Vec<(usize, usize, usize)> = Vec::new();
    for r in runs {
        let overlaps =
            taken.iter().any(|t| (r.0 < t.0 + t.2 && t.0 < r.0 + r.2) || (r.1 < t.1 + t.2 && t.1 < r.1 + r.2));
        if !overlaps {
            taken.push(r);
        }
    }
    taken.sort_unstable();
    taken
        .into_iter()
        .map(|(i, j, len)| SharedPassage {
            a: a.ranges[i].start..a.ranges[i + len - 1].end,
            b: b.ranges[j].start..b.ranges[j + len - 1].end,
            words: len,
        })
        .collect()
}

/// Runs of at least `min_words` normalised words two texts share, as byte ranges in each text.
pub fn shared_passages(a: &str, b: &str, min_words: usize) -> Vec<SharedPassage> {
    shared_runs(&Words::of(a), &Words::of(b), min_words)
}

/// An article that repeated text first published elsewhere.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repeat {
    /// Its outlet.
    pub outlet: String,
    /// Its date.
    pub date: Option<String>,
    /// Its id.
    pub id: String,
    /// Words it shares with the first publication.
    pub words: usize,
}

/// Who published a story first and who repeated it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FirstPublished {
    /// Outlet of the first publication.
    pub outlet: String,
    /// Its date.
    pub date: Option<String>,
    /// Its id.
    pub id: String,
    /// True when the first publication shares text (≥ the minimum run) with later articles of
    /// other outlets; false when it is only the oldest member of the story.
    pub shared_text: bool,
    /// Other outlets' articles sharing text with it, oldest first, one per outlet.
    pub repeated_by: Vec<Repeat>,
}

impl FirstPublished {
    /// "first published by X on DATE, repeated by Y, Z": the sentence the CLI prints.
    pub fn summary(&self) -> String {
        let mut s = format!("first published by {} on {}", self.outlet, self.date.as_deref().unwrap_or("?"));
        if !self.repeated_by.is_empty() {
            let names: Vec<String> = self
                .repeated_by
                .iter()
                .map(|r| format!("{} ({})", r.outlet, r.date.as_deref().unwrap_or("?")))
                .collect();
            s.push_str(", repeated by ");
            s.push_str(&names.join(", "));
        } else if !self.shared_text {
            s.push_str(" (no shared passages)");
        }
        s
    }
}

/// Who published first among the members of a story: the oldest dated article that shares a
/// passage of at least `min_words` words with an article of another outlet, with the other
/// outlets' articles that share text with it. When no text is shared across outlets, the oldest
/// dated member (`shared_text: false`). `None` when no member is dated.
pub fn first_published(members: &[&Article], min_words: usize) -> Option<FirstPublished> {
    let mut order: Vec<(i64, &str, usize)> = members
        .iter()
        .enumerate()
        .filter_map(|(k, a)| day_of(a.date.as_deref()).map(|d| (d, a.id.as_str(), k)))
        .collect();
    if order.is_empty() {
        return None;
    }
    order.sort_unstable();
    let oldest = order[0].2;
    let mut pick: Vec<usize> = order.iter().map(|o| o.2).take(MAX_STORY_MEMBERS).collect();
    // Undated members can still be repeaters.
    pick.extend((0..members.len()).filter(|k| day_of(members[*k].date.as_deref()).is_none()));
    pick.truncate(MAX_STORY_MEMBERS);
    let words: Vec<Words> = pick.iter().map(|&k| Words::of(&members[k].body)).collect();
    let shared =
        |x: usize, y: usize| -> usize { shared_runs(&words[x], &words[y], min_words).iter().map(|p| p.words).sum() };
    // Dated members come first in `pick`, oldest first.
    let dated = order.len().min(pick.len());
    for (x, &px) in pick.iter().enumerate().take(dated) {
        let origin = members[px];
        let mut repeats: Vec<Repeat> = Vec::new();
        for (y, &py) in pick.iter().enumerate() {
            let other = members[py];
            if y == x || outlet_of(other) == outlet_of(origin) {
                continue;
            }
            let dy = day_of(other.date.as_deref());
            if y < x && dy.is_some() && dy < day_of(origin.date.as_deref()) {
                continue; // an older article: it cannot have repeated this one
            }
            if repeats.iter().any(|r| r.outlet == outlet_of(other)) {
                continue;
            }
            let n = shared(x, y);
            if n > 0 {
                repeats.push(Repeat {
                    outlet: outlet_of(other).to_owned(),
                    date: dy.map(iso_of),
                    id: other.id.clone(),
                    words: n,
                });
            }
        }
        if !repeats.is_empty() {
            repeats.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
            return Some(FirstPublished {
                outlet: outlet_of(origin).to_owned(),
                date: origin.date.clone(),
                id: origin.id.clone(),
                shared_text: true,
                repeated_by: repeats,
            });
        }
    }
    let a = members[oldest];
    Some(FirstPublished {
        outlet: outlet_of(a).to_owned(),
        date: a.date.clone(),
        id: a.id.clone(),
        shared_text: false,
        repeated_by: Vec::new(),
    })
}

/// A passage of one article that another outlet's article shares, for highlighting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Byte range in the article's body.
    pub range: Range<usize>,
    /// Which shared text it is: the same text in several articles has the same number, so it can
    /// be coloured alike in every column.
    pub group: usize,
}

/// For each member of a story, the passages (≥ `min_words` words) it shares with members of
/// other outlets, in body order: what the side-by-side view colours. Passages copied into
/// several articles get one group number. Only the first [`MAX_STORY_MEMBERS`] members are
/// compared (the rest get no marks), which bounds the pairwise work.
pub fn marks(members: &[&Article], min_words: usize) -> Vec<Vec<Mark>> {
    let n = members.len().min(MAX_STORY_MEMBERS);
    let words: Vec<Words> = members[..n].iter().map(|a| Words::of(&a.body)).collect();
    let mut out: Vec<Vec<Mark>> = vec![Vec::new(); members.len()];
    let mut groups = 0;
    let overlapping = |marks: &[Mark], r: &Range<usize>| {
        marks.iter().find(|m| m.range.start < r.end && r.start < m.range.end).map(|m| m.group)
    };
    for x in 0..n {
        for y in x + 1..n {
            if outlet_of(members[x]) == outlet_of(members[y]) {
                continue;
            }
            for p in shared_runs(&words[x], &words[y], min_words) {
                let (gx, gy) = (overlapping(&out[x], &p.a), overlapping(&out[y], &p.b));
                let group = gx.or(gy).unwrap_or_else(|| {
                    groups += 1;
                    groups - 1
                });
                if gx.is_none() {
                    out[x].push(Mark { range: p.a, group });
                }
                if gy.is_none() {
                    out[y].push(Mark { range: p.b, group });
                }
            }
        }
    }
    for m in &mut out {
        m.sort_by_key(|m| m.range.start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_point_at_the_original_text_despite_variants() {
        let a = "مقدمة قصيرة هنا.\nأعلنَ وزيرُ الزراعة أنّ سدّ الوادي الكبير سيُفتتح في آذار المقبل بحضور الأهالي. ثم انتهى.";
        let b = "بداية مختلفة تماما عن الخبر: اعلن وزير الزراعه ان سد الوادي الكبير سيفتتح في اذار المقبل بحضور الاهالي، وفق البيان.";
        let p = shared_passages(a, b, MIN_WORDS);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(&a[p[0].a.clone()], "أعلنَ وزيرُ الزراعة أنّ سدّ الوادي الكبير سيُفتتح في آذار المقبل بحضور الأهالي");
        assert_eq!(&b[p[0].b.clone()], "اعلن وزير الزراعه ان سد الوادي الكبير سيفتتح في اذار المقبل بحضور الاهالي");
        assert_eq!(p[0].words, 13);
    }

    #[test]
    fn short_runs_are_not_passages() {
        let a = "قال الوزير في مؤتمر صحفي اليوم إن الوضع مستقر";
        let b = "قال الوزير في مؤتمر صحفي أمس إن الأمور تتحسن";
        assert!(shared_passages(a, b, MIN_WORDS).is_empty());
        assert_eq!(shared_passages(a, b, 5).len(), 1);
    }

    #[test]
    fn several_runs_in_order_without_overlap() {
        let p1 = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة";
        let p2 = "أحمر أخضر أزرق أصفر أسود أبيض بني رمادي وردي";
        let a = format!("{p1}\nفاصل مختلف\n{p2}");
        let b = format!("{p2} كلام\n{p1}");
        let p = shared_passages(&a, &b, MIN_WORDS);
        assert_eq!(p.len(), 2);
        assert!(p[0].a.start < p[1].a.start);
        assert_eq!(&a[p[0].a.clone()], p1);
        assert_eq!(&b[p[0].b.clone()], p1);
        assert_eq!(&b[p[1].b.clone()], p2);
    }

    #[test]
    fn marks_colour_one_copied_text_alike_in_every_outlet() {
        let wire = "أعلن وزير الزراعة أن سد الوادي الكبير سيفتتح في آذار المقبل بحضور الأهالي";
        let art = |outlet: &str, body: String| Article { outlet: Some(outlet.into()), body, ..Article::default() };
        let a = art("أ", format!("مقدمة أولى.\n{wire}"));
        let b = art("ب", format!("{wire}\nخاتمة ثانية مختلفة."));
        let c = art("ج", format!("نص ثالث لا علاقة له، ثم {wire}."));
        let same = art("أ", format!("{wire} مكرر"));
        let m = marks(&[&a, &b, &c, &same], MIN_WORDS);
        assert_eq!(m.len(), 4);
        for (k, article) in [&a, &b, &c].iter().enumerate() {
            assert_eq!(m[k].len(), 1, "{k}: {:?}", m[k]);
            assert_eq!(&article.body[m[k][0].range.clone()], wire);
        }
        assert!(m[..3].iter().all(|v| v[0].group == m[0][0].group), "{m:?}");
        // Its own outlet's copy is still marked (it shares the text with the other outlets).
        assert_eq!(m[3].len(), 1);
        let lone = art("د", "نص لا يشاركه أحد في أي كلمة من كلماته الطويلة هذه".into());
        assert!(marks(&[&lone, &a], MIN_WORDS).iter().all(Vec::is_empty));
    }
}
