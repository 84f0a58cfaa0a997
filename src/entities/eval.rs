//! Measuring the recogniser against a gold standard: entity-level precision, recall and F1 per
//! type on a CoNLL-style BIO file (one `token TAG` per line, a blank line between sentences, as
//! in ANERcorp / CLEANANERCorp).
//!
//! Sentences are rebuilt by joining their tokens with spaces and recognised like any text; a
//! mention counts as the tokens it overlaps, so a gold entity on a token with a clitic
//! ("بالأردن" LOC) is matched by the mention of "الأردن" inside it. A prediction is right when
//! its type and its first and last tokens equal a gold entity's. MISC is not a facet type and is
//! not scored.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Kind, Recognizer};

/// One sentence of the gold file.
#[derive(Debug, Default, Clone)]
pub struct Sentence {
    /// Its tokens.
    pub tokens: Vec<String>,
    /// Gold entities: (type, first token, last token).
    pub gold: Vec<(Kind, usize, usize)>,
}

/// Reads a BIO file. Lines that are not `token TAG` are reported with their line number.
pub fn parse_bio(text: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut open: Option<(Kind, usize)> = None;
    let close = |cur: &mut Sentence, open: &mut Option<(Kind, usize)>| {
        if let Some((k, s)) = open.take() {
            let last = cur.tokens.len() - 1;
            cur.gold.push((k, s, last));
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut cur, &mut open);
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let (tok, tag) = line
            .rsplit_once([' ', '\t'])
            .ok_or_else(|| format!("line {}: expected 'token TAG', found '{line}'", n + 1))?;
        let (bio, ty) = tag.split_once('-').unwrap_or((tag, ""));
        let kind = match ty {
            "PERS" | "PER" => Some(Kind::Person),
            "LOC" => Some(Kind::Place),
            "ORG" => Some(Kind::Organization),
            _ => None,
        };
        let continues = bio == "I" && open.is_some_and(|(k, _)| Some(k) == kind);
        if !continues {
            // A new token is pushed below, so the open entity ends at the previous one.
            close(&mut cur, &mut open);
        }
        cur.tokens.push(tok.trim().to_owned());
        if !continues {
            if let (Some(k), "B" | "I") = (kind, bio) {
                open = Some((k, cur.tokens.len() - 1));
            }
        }
    }
    close(&mut cur, &mut open);
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Precision, recall and F1 of one type (or all).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Score {
    /// Right predictions.
    pub tp: usize,
    /// Predictions.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
    /// tp / predicted.
    pub precision: f64,
    /// tp / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn finish(&mut self) {
        self.precision = if self.predicted > 0 { self.tp as f64 / self.predicted as f64 } else { 0.0 };
        self.recall = if self.gold > 0 { self.tp as f64 / self.gold as f64 } else { 0.0 };
        let s = self.precision + self.recall;
        self.f1 = if s > 0.0 { 2.0 * self.precision * self.recall / s } else { 0.0 };
    }
}

/// The result of an evaluation.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    /// Sentences read.
    pub sentences: usize,
    /// Tokens read.
    pub tokens: usize,
    /// Scores per type (`person`, `place`, `organization`).
    pub per_type: BTreeMap<String, Score>,
    /// Micro-averaged over the three types.
    pub overall: Score,
    /// Recognition time in seconds and text throughput in MB/s.
    pub seconds: f64,
    /// Text throughput.
    pub mb_per_s: f64,
    /// The most frequent missed gold entities ("type: text" → count), for tuning.
    pub missed: Vec<(String, usize)>,
    /// The most frequent wrong predictions, for tuning.
    pub wrong: Vec<(String, usize)>,
}

/// Runs the recogniser over the sentences and scores it. `top_errors` frequent errors are listed.
///
/// `context` sentences in a row are read as one text, one paragraph each, the way the app reads
/// an article (ANERcorp keeps its articles' sentences in order but does not mark where an
/// article ends): with 1, every sentence is read alone and nothing one sentence says can help
/// with the next (a family name alone after the full name, in the sentence before).
pub fn evaluate(rec: &Recognizer, sentences: &[Sentence], top_errors: usize, context: usize) -> Report {
    let mut per: BTreeMap<Kind, Score> = Kind::ALL.iter().map(|k| (*k, Score::default())).collect();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong: BTreeMap<String, usize> = BTreeMap::new();
    let mut bytes = 0usize;
    let mut tokens = 0usize;
    let started = std::time::Instant::now();
    for run in sentences.chunks(context.max(1)) {
        // The run's text, and where each token starts in it: (offset, sentence in run, token).
        let mut text = String::new();
        let mut starts: Vec<(usize, usize, usize)> = Vec::new();
        for (si, s) in run.iter().enumerate() {
            if si > 0 {
                text.push('\n');
            }
            for (ti, t) in s.tokens.iter().enumerate() {
                if ti > 0 {
                    text.push(' ');
                }
                starts.push((text.len(), si, ti));
                text.push_str(t);
            }
            tokens += s.tokens.len();
        }
        bytes += text.len();
        let tok_of = |pos: usize| starts[starts.partition_point(|&(st, ..)| st <= pos).saturating_sub(1)];
        let mut preds: Vec<Vec<(Kind, usize, usize)>> = vec![Vec::new(); run.len()];
        for m in rec.find(&text) {
            let (_, sa, a) = tok_of(m.range.start);
            let (_, sb, b) = tok_of(m.range.end.saturating_sub(1).max(m.range.start));
            if sa == sb {
                preds[sa].push((m.kind, a, b));
            }
        }
        for (s, mut pred) in run.iter().zip(preds) {
            pred.dedup();
            let span = |a: usize, b: usize| s.tokens[a..=b].join(" ");
            for g in &s.gold {
                per.entry(g.0).or_default().gold += 1;
                if pred.contains(g) {
                    per.entry(g.0).or_default().tp += 1;
                } else {
                    *missed.entry(format!("{}: {}", g.0.name(), span(g.1, g.2))).or_default() += 1;
                }
            }
            for p in &pred {
                per.entry(p.0).or_default().predicted += 1;
                if !s.gold.contains(p) {
                    *wrong.entry(format!("{}: {}", p.0.name(), span(p.1, p.2))).or_default() += 1;
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut overall = Score::default();
    let mut per_type = BTreeMap::new();
    for (k, mut s) in per {
        overall.tp += s.tp;
        overall.predicted += s.predicted;
        overall.gold += s.gold;
        s.finish();
        per_type.insert(k.name().to_owned(), s);
    }
    overall.finish();
    let top = |m: BTreeMap<String, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(top_errors);
        v
    };
    Report {
        sentences: sentences.len(),
        tokens,
        per_type,
        overall,
        seconds,
        mb_per_s: if seconds > 0.0 { bytes as f64 / 1e6 / seconds } else { 0.0 },
        missed: top(missed),
        wrong: top(wrong),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_spans_are_read() {
        let s = parse_bio("زار B-PERS\nلافروف I-PERS\nدمشق B-LOC\nو O\nحلب B-LOC\n\nx O\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].gold, [(Kind::Person, 0, 1), (Kind::Place, 2, 2), (Kind::Place, 4, 4)]);
        assert!(parse_bio("nospace\n").is_err());
    }

    #[test]
    fn sentences_read_together_help_each_other() {
        let gold = "قال O\nالرئيس O\nمحمد B-PERS\nالزيتوني I-PERS\nإن O\nالوضع O\nصعب O\n\n\
                    ولم O\nيحضر O\nالزيتوني B-PERS\nالاجتماع O\nأمس O\n";
        let s = parse_bio(gold).unwrap();
        let cur = crate::entities::current();
        let alone = evaluate(&cur.recognizer, &s, 0, 1);
        let together = evaluate(&cur.recognizer, &s, 0, 2);
        assert_eq!(alone.sentences, 2);
        assert_eq!(alone.overall.gold, 2);
        assert_eq!(alone.overall.tp, 1, "{alone:?}");
        assert_eq!(together.overall.tp, 2, "the family name after the full name: {together:?}");
        assert_eq!(together.tokens, alone.tokens);
    }
}
