//! Facet counts over a whole hit set, fast enough to run on every keystroke.
//!
//! A hit's facets are ordinals into its segment's facet dictionary, which holds every entity
//! name of the corpus. Turning counted ordinals back into names through the dictionary costs a
//! walk over it on every query (tantivy's `FacetCollector`, or an `ord_to_term` per ordinal, is
//! most of a broad query's time). Segments never change, so each segment's ordinals are mapped
//! once to ids of names interned across segments ([`FacetNames`]); a query then only counts ids.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::SegmentReader;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;

/// What separates the segments of an encoded facet path (tantivy's private `FACET_SEP_BYTE`;
/// a test checks it).
const FACET_SEP: u8 = 0;

/// A fast hash for u32 ids and names (SipHash showed in profiles).
type Fast = foldhash::fast::RandomState;

/// Facet names interned across segments, and each segment's ordinal → id map.
#[derive(Default)]
pub struct FacetNames {
    /// Id → (root such as "person", name).
    names: Vec<(Arc<str>, Arc<str>)>,
    ids: HashMap<Vec<u8>, u32, Fast>,
    segments: HashMap<SegmentId, Arc<Vec<u32>>, Fast>,
}

/// Ordinals that are not a `/root/name` facet.
const NONE: u32 = u32::MAX;

impl FacetNames {
    /// The ordinal → id map of a segment, built on first use by one pass over its dictionary.
    fn segment(&mut self, reader: &SegmentReader, facets: &tantivy::fastfield::FacetReader) -> Arc<Vec<u32>> {
        if let Some(m) = self.segments.get(&reader.segment_id()) {
            return m.clone();
        }
        let mut map = Vec::with_capacity(facets.num_facets());
        if let Ok(mut stream) = facets.facet_dict().stream() {
            while stream.advance() {
                map.push(self.intern(stream.key()));
            }
        }
        let map = Arc::new(map);
        self.segments.insert(reader.segment_id(), map.clone());
        map
    }

    fn intern(&mut self, encoded: &[u8]) -> u32 {
        if let Some(id) = self.ids.get(encoded) {
            return *id;
        }
        let mut parts = encoded.split(|b| *b == FACET_SEP);
        let (Some(root), Some(name)) = (parts.next(), parts.next()) else { return NONE };
        let (Ok(root), Ok(name)) = (std::str::from_utf8(root), std::str::from_utf8(name)) else { return NONE };
        let id = u32::try_from(self.names.len()).unwrap_or(NONE);
        self.names.push((root.into(), name.into()));
        self.ids.insert(encoded.to_vec(), id);
        id
    }

    /// Forgets the maps of segments no longer in the index (merged away or deleted).
    pub fn retain_segments(&mut self, live: &[SegmentId]) {
        self.segments.retain(|id, _| live.contains(id));
    }

    /// The `top` names with the most articles under `root`, most first (ties by name).
    pub fn top(&self, counts: &HashMap<u32, u64, Fast>, root: &str, top: usize) -> Vec<(String, u64)> {
        let mut v: Vec<(&str, u64)> = counts
            .iter()
            .filter_map(|(id, c)| self.names.get(*id as usize).filter(|(r, _)| &**r == root).map(|(_, n)| (&**n, *c)))
            .collect();
        v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        v.into_iter().take(top).map(|(n, c)| (n.to_owned(), c)).collect()
    }
}

/// The collector: facet id → articles among the hits.
pub struct FacetCounts<'a>(pub &'a Mutex<FacetNames>);

/// A segment's part: hits per ordinal (a dense table: counting a hit is an increment).
pub struct FacetSegment {
    reader: tantivy::fastfield::FacetReader,
    map: Arc<Vec<u32>>,
    counts: Vec<u32>,
}

impl Collector for FacetCounts<'_> {
    type Fruit = HashMap<u32, u64, Fast>;
    type Child = FacetSegment;

    fn for_segment(&self, _id: u32, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let facets = reader.facet_reader("facets")?;
        let map = self.0.lock().map_err(|_| tantivy::TantivyError::Poisoned)?.segment(reader, &facets);
        let counts = vec![0; facets.num_facets()];
        Ok(FacetSegment { reader: facets, map, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut fruits = fruits.into_iter();
        let mut all = fruits.next().unwrap_or_default();
        for f in fruits {
            for (id, c) in f {
                *all.entry(id).or_default() += c;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = HashMap<u32, u64, Fast>;

    fn collect(&mut self, doc: u32, _score: tantivy::Score) {
        for ord in self.reader.facet_ords(doc) {
            if let Some(c) = self.counts.get_mut(ord as usize) {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = Self::Fruit::default();
        for (ord, c) in self.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            match self.map.get(ord).copied() {
                Some(id) if id != NONE => *out.entry(id).or_default() += u64::from(*c),
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_paths_are_encoded_with_the_separator_names_are_split_on() {
        let f = tantivy::schema::Facet::from_path(["person", "سيرغي لافروف"]);
        assert_eq!(f.encoded_str(), "person\u{0}سيرغي لافروف");
        let mut names = FacetNames::default();
        let id = names.intern(f.encoded_str().as_bytes());
        assert_eq!(names.intern(f.encoded_str().as_bytes()), id, "interned once");
        assert_eq!(names.intern(b"person"), NONE, "a root alone is not a name");
        let counts: HashMap<u32, u64, Fast> = [(id, 3)].into_iter().collect();
        assert_eq!(names.top(&counts, "person", 5), [("سيرغي لافروف".to_owned(), 3)]);
        assert!(names.top(&counts, "place", 5).is_empty());
    }
}
