//! Arbitrary UTF-8 into the query parser; a parsed query is also analysed (the words it
//! highlights, with and without stemming), compiled into tantivy queries over the real schema, and
//! its words are highlighted in the query text itself (hits, snippet, KWIC).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use marsad::index::highlight;
use marsad::index::query::{parse, Compiler, QueryTerms};
use marsad::index::schema::Fields;

static FIELDS: LazyLock<Fields> = LazyLock::new(|| Fields::build().1);

fuzz_target!(
    init: {
        std::env::set_var("MARSAD_CONFIG_DIR", "/nonexistent/marsad-fuzz-config");
    },
    |data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let Ok(node) = parse(text) else { return };
        let _ = format!("{node:?}");
        for stemming in [false, true] {
            let terms = QueryTerms::of(&node, stemming);
            let _ = Compiler { fields: &FIELDS, stemming }.compile(&node);
            let hits = highlight::hits(text, &terms, stemming);
            for h in &hits {
                assert!(text.get(h.clone()).is_some(), "hit {h:?}");
            }
            let s = highlight::snippet(text, &hits, 40);
            for h in &s.highlights {
                assert!(s.text.get(h.clone()).is_some(), "snippet highlight {h:?} in {:?}", s.text);
            }
            assert_eq!(highlight::kwic(text, &hits, 10).len(), hits.len());
        }
    }
);
