//! Timeline: articles per day (or week, or month) per outlet, to see who covered a story when
//! and who stopped.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{day_of, iso_of, outlet_of};
use crate::corpus::Article;

/// The time unit of a timeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// Calendar days.
    #[default]
    Day,
    /// ISO weeks, keyed by their Monday.
    Week,
    /// Calendar months, keyed by their first day.
    Month,
}

impl Bucket {
    /// The first day of the bucket holding `day` (days since 1970-01-01).
    pub fn start(self, day: i64) -> i64 {
        match self {
            Bucket::Day => day,
            // 1970-01-01 was a Thursday: Monday is 3 days before.
            Bucket::Week => day - (day + 3).rem_euclid(7),
            Bucket::Month => {
                let iso = iso_of(day);
                day_of(Some(&format!("{}-01", &iso[..7]))).unwrap_or(day)
            }
        }
    }
}

/// One cell of a timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    /// Outlet.
    pub outlet: String,
    /// First day of the bucket, `YYYY-MM-DD`.
    pub date: String,
    /// Articles.
    pub count: u64,
}

/// Articles per bucket per outlet (only non-empty cells), by date then outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TimelineTable {
    /// The bucket size.
    pub bucket: Bucket,
    /// The non-empty cells.
    pub rows: Vec<TimelineRow>,
    /// Undated articles per outlet (not on the timeline, but not forgotten).
    pub undated: Vec<(String, u64)>,
}

impl TimelineTable {
    /// Writes the table as CSV: `date,outlet,count` (undated articles with an empty date).
    pub fn to_csv<W: std::io::Write>(&self, w: W) -> csv::Result<()> {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["date", "outlet", "count"])?;
        for r in &self.rows {
            c.write_record([&r.date, &r.outlet, &r.count.to_string()])?;
        }
        for (o, n) in &self.undated {
            c.write_record(["", o.as_str(), &n.to_string()])?;
        }
        c.flush()?;
        Ok(())
    }
}

/// Counts a selection's articles per bucket and outlet.
pub fn timeline(articles: &[Article], bucket: Bucket) -> TimelineTable {
    let mut cells: BTreeMap<(i64, &str), u64> = BTreeMap::new();
    let mut undated: BTreeMap<&str, u64> = BTreeMap::new();
    for a in articles {
        match day_of(a.date.as_deref()) {
            Some(d) => *cells.entry((bucket.start(d), outlet_of(a))).or_default() += 1,
            None => *undated.entry(outlet_of(a)).or_default() += 1,
        }
    }
    TimelineTable {
        bucket,
        rows: cells
            .into_iter()
            .map(|((d, o), count)| TimelineRow { outlet: o.to_owned(), date: iso_of(d), count })
            .collect(),
        undated: undated.into_iter().map(|(o, n)| (o.to_owned(), n)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(outlet: &str, date: Option<&str>) -> Article {
        Article { outlet: Some(outlet.into()), date: date.map(Into::into), ..Article::default() }
    }

    #[test]
    fn days_weeks_and_months() {
        let v = vec![
            art("a", Some("2026-03-12")),
            art("a", Some("2026-03-12")),
            art("b", Some("2026-03-15")),
            art("b", Some("2026-03-16")),
            art("b", None),
        ];
        let d = timeline(&v, Bucket::Day);
        assert_eq!(d.rows.len(), 3);
        assert_eq!(d.rows[0], TimelineRow { outlet: "a".into(), date: "2026-03-12".into(), count: 2 });
        assert_eq!(d.undated, [("b".to_owned(), 1)]);
        // 2026-03-12 is a Thursday; its week starts on Monday 2026-03-09; the 16th is a Monday.
        let w = timeline(&v, Bucket::Week);
        let dates: Vec<(&str, &str, u64)> =
            w.rows.iter().map(|r| (r.date.as_str(), r.outlet.as_str(), r.count)).collect();
        assert_eq!(dates, [("2026-03-09", "a", 2), ("2026-03-09", "b", 1), ("2026-03-16", "b", 1)]);
        let m = timeline(&v, Bucket::Month);
        assert_eq!(m.rows.iter().map(|r| r.count).sum::<u64>(), 4);
        assert!(m.rows.iter().all(|r| r.date == "2026-03-01"));
        let mut csv = Vec::new();
        d.to_csv(&mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().ends_with(",b,1\n"));
    }
}
